/* learnfolio: Run buttons for Python code on the page, with Pyodide in a Web Worker.

   A page has something to run when the plugin marked it with a
   <div class="lf-run-config" data-pyodide="..."> element: notebook code cells
   (data-lf-cell) and fenced blocks written as ```python {.run}. Nothing loads
   until the reader's first click; Pyodide then starts in a worker, so the page
   stays responsive, and every cell runs in one shared namespace, one at a time,
   in the order the reader asks. */
(function () {
  "use strict";

  const workerURL = new URL("run-worker.js", document.currentScript.src).href;

  // -- The Python session: one worker, one namespace ------------------------

  function Session(indexURL, packageBaseUrl, onStatus) {
    this.indexURL = indexURL;
    this.packageBaseUrl = packageBaseUrl;
    this.onStatus = onStatus;
    this.worker = null;
    this.ready = null;
    this.sinks = new Map();
    this.nextId = 1;
    this.queue = Promise.resolve();
  }

  Session.prototype.start = function () {
    if (this.worker) return this.ready;
    const started = performance.now();
    this.onStatus("loading", "Loading Python (Pyodide)…");
    this.worker = new Worker(workerURL, { type: "module" });
    this.ready = new Promise((resolve, reject) => {
      this.worker.onmessage = (event) => {
        const message = event.data;
        if (message.type === "ready") {
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          this.onStatus("ready", "Python ready (Pyodide " + message.version + ", " + seconds + " s)");
          resolve();
        } else if (message.type === "load-error") {
          this.onStatus("failed", loadFailure(this.indexURL, message.message));
          reject(new Error(message.message));
        } else {
          const sink = this.sinks.get(message.id);
          if (sink) sink(message);
        }
      };
      this.worker.onerror = (event) => {
        this.onStatus("failed", "Python stopped: " + (event.message || "worker error"));
        reject(new Error(event.message));
      };
    });
    this.worker.postMessage({
      type: "init", indexURL: this.indexURL, packageBaseUrl: this.packageBaseUrl,
    });
    return this.ready;
  };

  // What went wrong, and what to do: Pyodide from another host fails offline,
  // and the site's owner can serve it from the site itself.
  function loadFailure(indexURL, detail) {
    const text = "Python could not load: " + detail + ".";
    if (new URL(indexURL).origin === location.origin) return text;
    return text + " Pyodide comes from " + new URL(indexURL).host + ", which needs the" +
      " network. To run code offline, the site's owner can self-host it: set" +
      " notebooks: pyodide: local under learnfolio in mkdocs.yml and run make pyodide" +
      " (see learnfolio's README, \"Self-hosting Pyodide\").";
  }

  // Run `code`; `sink` receives the worker's messages for it. Runs queue up.
  Session.prototype.run = function (code, label, sink) {
    const job = this.queue.then(() => this.start()).then(() => new Promise((resolve) => {
      const id = this.nextId++;
      this.sinks.set(id, (message) => {
        sink(message);
        if (message.type === "done") {
          this.sinks.delete(id);
          resolve(true);
        }
      });
      this.current = { id: id, resolve: resolve };
      this.worker.postMessage({ type: "run", id: id, code: code, label: label });
    }));
    this.queue = job.catch(() => false);
    return job;
  };

  // Throw the namespace away (and stop whatever runs); the next Run starts afresh.
  Session.prototype.restart = function () {
    if (this.worker) this.worker.terminate();
    this.sinks.forEach((sink) => sink({ type: "done", restarted: true }));
    this.sinks.clear();
    if (this.current) this.current.resolve(false);
    this.worker = null;
    this.ready = null;
    this.queue = Promise.resolve();
    this.onStatus("idle", "Python restarted: variables are cleared. Run a cell to start again.");
  };

  // -- Cells on the page ----------------------------------------------------

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function findCells() {
    const found = [];
    document.querySelectorAll("[data-lf-cell], div.run, pre.run").forEach((node) => {
      if (node.closest(".lf-output")) return;
      if (node.hasAttribute("data-lf-cell")) {
        const pre = node.querySelector(".jp-InputArea pre");
        if (!pre) return;
        found.push({ node: node, code: pre.textContent, anchor: node.querySelector(".jp-Cell-inputWrapper") || pre });
      } else {
        const code = node.querySelector("code") || node;
        found.push({ node: node, code: code.textContent, anchor: node });
      }
    });
    return found;
  }

  function Output(cell) {
    this.cell = cell;
    this.area = element("div", "lf-output");
    this.area.setAttribute("aria-live", "polite");
  }

  Output.prototype.clear = function () {
    this.area.textContent = "";
    this.stream = null;
    // The outputs saved at build time give way to the live ones.
    const saved = this.cell.node.querySelector(".jp-Cell-outputWrapper");
    if (saved) saved.hidden = true;
  };

  Output.prototype.write = function (name, text) {
    if (!this.stream || this.stream.dataset.name !== name) {
      this.stream = element("pre", "lf-stream lf-" + name);
      this.stream.dataset.name = name;
      this.area.appendChild(this.stream);
    }
    this.stream.textContent += text;
  };

  Output.prototype.show = function (bundle) {
    this.stream = null;
    let shown;
    if (bundle["image/png"]) {
      shown = element("img", "lf-figure");
      shown.src = "data:image/png;base64," + bundle["image/png"];
      shown.alt = "Figure";
    } else if (bundle["text/html"] || bundle["image/svg+xml"]) {
      shown = element("div", "lf-rich");
      shown.innerHTML = bundle["text/html"] || bundle["image/svg+xml"];
    } else {
      shown = element("pre", "lf-result", bundle["text/plain"] || "");
    }
    this.area.appendChild(shown);
  };

  Output.prototype.fail = function (traceback) {
    this.stream = null;
    this.area.appendChild(element("pre", "lf-traceback", traceback));
  };

  function attach(cell, session, state) {
    const bar = element("div", "lf-run-bar");
    const button = element("button", "lf-run-button md-button", "▶ Run");
    button.type = "button";
    button.title = "Run this cell in your browser (Python via Pyodide)";
    const status = element("span", "lf-run-state");
    bar.append(button, status);
    cell.anchor.after(bar);
    cell.output = new Output(cell);
    bar.after(cell.output.area);
    cell.run = function () {
      status.textContent = state.loaded ? "Waiting…" : "Loading Python…";
      cell.node.classList.add("lf-running");
      return session.run(cell.code, "cell-" + cell.index, (message) => {
        if (message.type === "progress") status.textContent = message.text;
        if (message.type === "stream") {
          if (!cell.started) startCell();
          cell.output.write(message.name, message.text);
        }
        if (message.type === "display") {
          if (!cell.started) startCell();
          cell.output.show(message);
        }
        if (message.type === "error") {
          if (!cell.started) startCell();
          cell.failed = true;
          cell.output.fail(message.traceback);
        }
        if (message.type === "done") {
          if (!cell.started) startCell();
          cell.node.classList.remove("lf-running");
          status.textContent = message.restarted ? "Stopped" : cell.failed ? "Error" : "Done";
        }
      }).catch(() => {
        cell.node.classList.remove("lf-running");
        status.textContent = "Python could not load";
      });
    };
    function startCell() {
      cell.started = true;
      cell.failed = false;
      status.textContent = "Running…";
    }
    button.addEventListener("click", () => {
      cell.started = false;
      cell.output.clear();
      cell.run();
    });
  }

  function toolbar(first, session, cells, statusBox) {
    const bar = element("div", "lf-run-toolbar");
    const runAll = element("button", "lf-run-all md-button", "▶▶ Run all");
    const restart = element("button", "lf-restart md-button", "↺ Restart");
    runAll.type = restart.type = "button";
    bar.append(runAll, restart, statusBox);
    /* A notebook page has one toolbar under its title: the launch buttons and
     * these. A page of notes with runnable blocks gets its own, before the first. */
    const notebookBar = document.querySelector(".lf-notebook-bar");
    if (notebookBar) {
      notebookBar.append(bar);
    } else {
      first.node.before(bar);
    }
    runAll.addEventListener("click", () => {
      cells.forEach((cell) => {
        cell.started = false;
        cell.output.clear();
        cell.run();
      });
    });
    restart.addEventListener("click", () => session.restart());
  }

  function setUp() {
    // Only learnfolio writes data-pyodide: a cleaned (untrusted) page cannot.
    const config = document.querySelector(".lf-run-config[data-pyodide]");
    if (!config) return;
    const cells = findCells();
    if (!cells.length) return;
    const indexURL = new URL(config.dataset.pyodide, location.href).href;
    const packageBaseUrl = config.dataset.packages || null;
    const statusBox = element("span", "lf-run-status", "Python runs in your browser: press Run to start.");
    statusBox.setAttribute("role", "status");
    const state = { loaded: false };
    const session = new Session(indexURL, packageBaseUrl, (kind, text) => {
      state.loaded = kind === "ready";
      statusBox.dataset.state = kind;
      statusBox.textContent = text;
    });
    cells.forEach((cell, index) => {
      cell.index = index + 1;
      attach(cell, session, state);
    });
    toolbar(cells[0], session, cells, statusBox);
    window.learnfolioRunner = session;  // for the curious, and for tests
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
