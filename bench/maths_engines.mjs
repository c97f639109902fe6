// Typeset formulas with temml, KaTeX or MathJax in Node, for bench/maths_engines.py.
// Reads {"engine": ..., "formulas": [{"tex": ..., "display": bool}]} on stdin and
// prints {"load_ms", "run_ms", "results": [{"ok": bool, "error": str, "mathml": str}]}:
// CPU time (user + system) of loading the engine and of typesetting every formula.
// The engines come from NODE_PATH (npm install temml katex mathjax-full into a cache
// folder); nothing here is committed from them.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const require = createRequire(path.join(process.env.NODE_PATH || ".", "x.js"));
const job = JSON.parse(readFileSync(0, "utf8"));

function loadTemml() {
  const temml = require("temml");
  return (tex, display) =>
    temml.renderToString(tex, { displayMode: display, throwOnError: true, trust: false });
}

function loadKatex() {
  const katex = require("katex");
  return (tex, display) =>
    katex.renderToString(tex, { displayMode: display, output: "mathml", throwOnError: true });
}

function loadMathjax() {
  const { mathjax } = require("mathjax-full/js/mathjax.js");
  const { TeX } = require("mathjax-full/js/input/tex.js");
  const { liteAdaptor } = require("mathjax-full/js/adaptors/liteAdaptor.js");
  const { RegisterHTMLHandler } = require("mathjax-full/js/handlers/html.js");
  const { AllPackages } = require("mathjax-full/js/input/tex/AllPackages.js");
  const { SerializedMmlVisitor } = require("mathjax-full/js/core/MmlTree/SerializedMmlVisitor.js");
  RegisterHTMLHandler(liteAdaptor());
  // bussproofs needs a layout engine; noundefined would hide unknown commands.
  const packages = AllPackages.filter((name) => !["bussproofs", "noundefined"].includes(name));
  const tex = new TeX({ packages, formatError: (jax, err) => { throw err; } });
  const doc = mathjax.document("", { InputJax: tex });
  const visitor = new SerializedMmlVisitor();
  return (source, display) => visitor.visitTree(doc.convert(source, { display }));
}

const loaders = { temml: loadTemml, katex: loadKatex, mathjax: loadMathjax };
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const start = cpuMs();
const render = loaders[job.engine]();
const loaded = cpuMs();
const results = job.formulas.map(({ tex, display }) => {
  try {
    return { ok: true, error: "", mathml: render(tex, display) };
  } catch (err) {
    return { ok: false, error: String(err.message || err).split("\n")[0], mathml: "" };
  }
});
const done = cpuMs();
process.stdout.write(
  JSON.stringify({ load_ms: loaded - start, run_ms: done - loaded, results }),
);
