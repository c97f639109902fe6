/* learnfolio: what the graph, explorer and preview scripts share.
 *
 * The site root is found from this script's own URL (it lives at
 * <root>/assets/learnfolio/learnfolio.js), so the scripts work at any mount
 * path, with or without directory URLs, and need no server.
 * Pages are identified by their URL relative to that root, decoded
 * ("garden/特征值/"), which is how the build writes them into the data files.
 */
(function () {
  "use strict";

  var lf = (window.learnfolio = window.learnfolio || {});
  lf.config = lf.config || {};
  var script = document.currentScript;
  lf.root = new URL("../../", script && script.src ? script.src : location.href);

  var requests = {};

  /* The JSON data file at `rel` under the data folder; fetched once per page. */
  lf.fetchJSON = function (rel) {
    if (!requests[rel]) {
      var url = new URL((lf.config.data || "learnfolio/") + rel, lf.root).href;
      requests[rel] = fetch(url).then(function (response) {
        if (!response.ok) {
          throw new Error("learnfolio: cannot load " + url + " (" + response.status + ")");
        }
        return response.json();
      });
    }
    return requests[rel];
  };

  /* The site-relative key of a URL ("garden/pca/"), or null outside the site. */
  lf.pageKey = function (href) {
    var url = new URL(href, location.href);
    if (url.origin !== lf.root.origin || url.pathname.indexOf(lf.root.pathname) !== 0) {
      return null;
    }
    var key = url.pathname.slice(lf.root.pathname.length);
    try {
      key = decodeURIComponent(key);
    } catch (error) {
      /* keep the raw path: a malformed escape cannot name a page anyway */
    }
    if (/(^|\/)index\.html$/.test(key)) {
      key = key.slice(0, -"index.html".length);
    }
    return key;
  };

  /* The absolute URL of a page key. */
  lf.pageUrl = function (key) {
    return new URL(encodeURI(key), lf.root).href;
  };

  /* Run `fn` on every page: once on load, and after each of Material's
   * instant navigations when that feature is on. */
  lf.onPage = function (fn) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(function () {
        fn();
      });
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  };

  /* Create an element with a class and optional text. */
  lf.element = function (tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  };

  /* Where to put page furniture: Material's sidebars when present, else the
   * end of the main content. */
  lf.sidebar = function (which) {
    var selector =
      which === "primary"
        ? ".md-sidebar--primary .md-sidebar__scrollwrap"
        : ".md-sidebar--secondary .md-sidebar__scrollwrap";
    return document.querySelector(selector);
  };

  /* A formula set inline cannot wrap: one wider than its line becomes a box
   * that scrolls sideways (class lf-scroll), so the page itself never does on
   * a phone. Whatever scrolls inside the page (formulas, notebook code and
   * output) can be reached and scrolled with the keyboard (tabindex). */
  var BLOCKS = "p, li, dd, dt, td, th, blockquote, figcaption, summary, h1, h2, h3, h4, h5, h6, div";

  function fitWide() {
    var inline = document.querySelectorAll(".md-typeset span.lf-math");
    for (var i = 0; i < inline.length; i++) {
      var formula = inline[i];
      var line = formula.parentElement && formula.parentElement.closest(BLOCKS);
      formula.classList.remove("lf-scroll");
      if (line && formula.getBoundingClientRect().width > line.clientWidth) {
        formula.classList.add("lf-scroll");
      }
    }
    var boxes = document.querySelectorAll(
      ".md-typeset .lf-math, .jupyter-wrapper .highlight-ipynb, .jupyter-wrapper pre, .lf-output"
    );
    for (var j = 0; j < boxes.length; j++) {
      var box = boxes[j];
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    }
  }

  var fitting = false;
  window.addEventListener("resize", function () {
    if (fitting) return;
    fitting = true;
    requestAnimationFrame(function () {
      fitting = false;
      fitWide();
    });
  });
  lf.onPage(fitWide);
})();
