/* learnfolio: the explorer, a collapsible tree of every note by source and folder.
 *
 * The tree comes from one shared file (learnfolio/explorer.json) that the
 * browser caches, instead of being written into every page. Folders are
 * <details> elements (keyboard-accessible without any script of ours) and
 * their contents are built only when first opened, so a page of a 5,000-note
 * vault builds a few dozen elements, not thousands: the branch of the current
 * note is opened and its link marked with aria-current. A folder that is also
 * a page (a source's index) lists that page first, as "Overview": a link
 * inside <summary> would be a control inside a control, which screen readers
 * and keyboards cannot reach reliably.
 */
(function () {
  "use strict";

  var lf = window.learnfolio;

  /* The chain of tree nodes from a root down to the note at `key`. */
  function pathTo(nodes, key) {
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (node.u === key) return [node];
      if (node.c) {
        var below = pathTo(node.c, key);
        if (below) return [node].concat(below);
      }
    }
    return null;
  }

  function noteLink(node, key) {
    var link = lf.element("a", "lf-explorer-link", node.n);
    link.href = lf.pageUrl(node.u);
    if (node.u === key) {
      link.setAttribute("aria-current", "page");
      link.classList.add("lf-explorer-current");
    }
    return link;
  }

  function folder(node, key, open) {
    var details = lf.element("details", "lf-explorer-folder");
    var summary = lf.element("summary", "lf-explorer-summary");
    summary.appendChild(lf.element("span", "lf-explorer-name", node.n));
    details.appendChild(summary);
    var filled = false;
    function fill() {
      if (filled) return;
      filled = true;
      var list = lf.element("ul", "lf-explorer-list");
      if (node.u !== undefined) {
        var overview = lf.element("li", "lf-explorer-item lf-explorer-overview");
        overview.appendChild(noteLink({ n: "Overview", u: node.u }, key));
        list.appendChild(overview);
      }
      node.c.forEach(function (child) {
        var item = lf.element("li", "lf-explorer-item");
        item.appendChild(child.c ? folder(child, key, open) : noteLink(child, key));
        list.appendChild(item);
      });
      details.appendChild(list);
    }
    details.addEventListener("toggle", function () {
      if (details.open) fill();
    });
    if (open.indexOf(node) >= 0) {
      fill();
      details.open = true;
    }
    return details;
  }

  function mount(data) {
    if (document.querySelector(".lf-explorer")) return;
    var key = lf.pageKey(location.href);
    var open = pathTo(data.tree, key) || [];
    var nav = lf.element("nav", "lf-explorer");
    nav.setAttribute("aria-label", "All notes");
    nav.appendChild(lf.element("div", "lf-explorer-title", "Notes"));
    var list = lf.element("ul", "lf-explorer-list lf-explorer-root");
    data.tree.forEach(function (root) {
      var item = lf.element("li", "lf-explorer-item");
      item.appendChild(folder(root, key, open));
      list.appendChild(item);
    });
    nav.appendChild(list);
    var sidebar = lf.sidebar("primary");
    if (sidebar) {
      sidebar.appendChild(nav);
    } else {
      (document.querySelector("main") || document.body).appendChild(nav);
    }
    var current = nav.querySelector("[aria-current=page]");
    if (current && sidebar && current.scrollIntoView) {
      /* Bring the current note into view inside the sidebar, not the page. */
      var box = sidebar.getBoundingClientRect(), at = current.getBoundingClientRect();
      if (at.bottom > box.bottom || at.top < box.top) {
        sidebar.scrollTop += at.top - box.top - box.height / 3;
      }
    }
  }

  lf.onPage(function () {
    if (!lf.config.explorer) return;
    lf.fetchJSON("explorer.json").then(mount).catch(function (error) {
      console.warn(error);
    });
  });
})();
