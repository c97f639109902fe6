/* learnfolio: the Web Worker (a module worker) that runs Python with Pyodide,
   off the page's thread.

   Messages in:  {type: "init", indexURL, packageBaseUrl}  then  {type: "run", id, code}
   Messages out: {type: "ready"} or {type: "load-error", message};
                 per run: "progress", "stream", "display", "error", then "done".

   Every cell runs in one shared namespace. The Python side below compiles a
   cell, runs it (top-level await allowed), shows the last expression's rich
   repr, sends matplotlib figures as PNG images, and streams stdout/stderr as
   they are written. */
const RUNNER = String.raw`
import ast, base64, inspect, io, json, linecache, os, re, sys, traceback
from lf_bridge import send

os.environ.setdefault("MPLBACKEND", "agg")

class _Stream(io.TextIOBase):
    """sys.stdout/sys.stderr that send every write to the page at once."""

    def __init__(self, name):
        self.name = name

    def writable(self):
        return True

    def write(self, text):
        if text:
            send("stream", json.dumps({"name": self.name, "text": text}))
        return len(text)

_namespace = {"__name__": "__main__", "__builtins__": __builtins__}
_MAGIC = re.compile(r"^(\s*)[%!].*$", re.MULTILINE)

def _rich(value):
    """The richest form of value the page can show, as a mime bundle."""
    bundle = {"text/plain": repr(value)}
    if isinstance(value, type):
        return bundle
    for method, mime in (("_repr_html_", "text/html"), ("_repr_svg_", "image/svg+xml"),
                         ("_repr_png_", "image/png")):
        func = getattr(value, method, None)
        if not callable(func):
            continue
        try:
            shown = func()
        except Exception:
            continue
        if shown is None:
            continue
        if isinstance(shown, tuple):
            shown = shown[0]
        if isinstance(shown, bytes):
            shown = base64.b64encode(shown).decode("ascii")
        bundle[mime] = shown
        break
    return bundle

def display(*values):
    """Show each value below the cell, as Jupyter's display() does."""
    for value in values:
        send("display", json.dumps(_rich(value)))

_namespace["display"] = display

def _figures():
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return
    for number in pyplot.get_fignums():
        buffer = io.BytesIO()
        pyplot.figure(number).savefig(buffer, format="png", bbox_inches="tight")
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        send("display", json.dumps({"image/png": data}))
    pyplot.close("all")

async def _lf_run_cell(source, label):
    # IPython magics (%matplotlib inline, !pip) mean nothing here: skip them.
    source = _MAGIC.sub(lambda m: m.group(1) + "pass", source)
    name = "<" + label + ">"
    linecache.cache[name] = (len(source), None, source.splitlines(True), name)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Stream("stdout"), _Stream("stderr")
    try:
        tree = ast.parse(source, name, "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
        outcome = eval(compile(tree, name, "exec", flags=flags), _namespace)
        if inspect.iscoroutine(outcome):
            await outcome
        if last is not None:
            value = eval(compile(last, name, "eval", flags=flags), _namespace)
            if inspect.iscoroutine(value):
                value = await value
            if value is not None:
                _namespace["_"] = value
                display(value)
    except BaseException as error:
        tb = error.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != name:
            tb = tb.tb_next
        text = "".join(traceback.format_exception(type(error), error, tb))
        send("error", json.dumps({"traceback": text}))
    finally:
        sys.stdout, sys.stderr = saved
        try:
            _figures()
        except Exception as error:
            send("stream", json.dumps({"name": "stderr", "text": "Could not draw the figure: %s\n" % error}))
`;

let pyodide = null;
let current = 0;

function post(type, payload) {
  self.postMessage(Object.assign({ type: type, id: current }, payload || {}));
}

async function init(indexURL, packageBaseUrl) {
  try {
    // Pyodide ships as an ES module (this is a module worker; classic ones are
    // refused by current Pyodide releases).
    const module = await import(indexURL + "pyodide.mjs");
    // A self-hosted core without wheels takes packages (numpy...) from its CDN.
    const options = { indexURL: indexURL };
    if (packageBaseUrl) options.packageBaseUrl = packageBaseUrl;
    pyodide = await module.loadPyodide(options);
    // Output written below Python's sys.stdout (C extensions) still shows.
    pyodide.setStdout({ batched: (text) => post("stream", { name: "stdout", text: text + "\n" }) });
    pyodide.setStderr({ batched: (text) => post("stream", { name: "stderr", text: text + "\n" }) });
    pyodide.registerJsModule("lf_bridge", {
      send: (kind, json) => post(kind, JSON.parse(json)),
    });
    await pyodide.runPythonAsync(RUNNER);
    self.postMessage({ type: "ready", version: pyodide.version });
  } catch (error) {
    self.postMessage({ type: "load-error", message: String(error && error.message || error) });
  }
}

async function run(id, code, label) {
  current = id;
  try {
    // Packages a cell imports (numpy, matplotlib...) come from Pyodide's folder.
    await pyodide.loadPackagesFromImports(code, {
      messageCallback: (text) => post("progress", { text: text }),
      errorCallback: (text) => post("stream", { name: "stderr", text: text + "\n" }),
    });
  } catch (error) {
    post("stream", { name: "stderr", text: "Could not load a package: " + error.message + "\n" });
  }
  try {
    pyodide.globals.set("_lf_source", code);
    pyodide.globals.set("_lf_label", label);
    await pyodide.runPythonAsync("await _lf_run_cell(_lf_source, _lf_label)");
  } catch (error) {
    post("error", { traceback: String(error && error.message || error) });
  }
  post("done");
}

let queue = Promise.resolve();

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init") {
    queue = queue.then(() => init(message.indexURL, message.packageBaseUrl));
  } else if (message.type === "run") {
    queue = queue.then(() => run(message.id, message.code, message.label || "cell"));
  }
};
