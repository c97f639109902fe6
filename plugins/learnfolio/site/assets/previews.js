/* learnfolio: a preview of the target when a reader hovers or focuses an internal link.
 *
 * Previews come from data written at build time (learnfolio/previews/N.json),
 * split into shards by a hash of the page URL, so a hover fetches one small
 * file and nothing runs from the target page. The hash is FNV-1a over the
 * URL's UTF-8 bytes, as in learnfolio/browse/previews.py: change both together.
 * A preview is the site's own HTML, cut from the target page at build time
 * (escaped by Markdown, without scripts, handlers or ids); its relative URLs
 * start at the site root and are resolved here, on whatever page shows it.
 * The preview is a tooltip: shown on hover after a short delay and at once on
 * keyboard focus, hidden on leaving, blurring or Escape, and announced through
 * aria-describedby.
 */
(function () {
  "use strict";

  var lf = window.learnfolio;
  var DELAY = 300;
  var popup = null, owner = null, timer = 0;
  var encoder = new TextEncoder();

  function shardOf(key, shards) {
    var bytes = encoder.encode(key), hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash % shards;
  }

  function target(link) {
    if (!link || !link.getAttribute) return null;
    var href = link.getAttribute("href");
    if (!href || link.closest(".lf-preview, .md-nav, .lf-explorer, .md-header, .md-footer")) {
      return null;
    }
    if (link.classList.contains("headerlink") || link.target === "_blank") return null;
    var key = lf.pageKey(link.href);
    if (key === null) return null;
    var hash = new URL(link.href).hash.slice(1);
    try {
      hash = decodeURIComponent(hash);
    } catch (error) {
      /* keep it raw */
    }
    return { key: key, section: hash };
  }

  function ensurePopup() {
    if (!popup) {
      popup = lf.element("div", "lf-preview");
      popup.id = "lf-preview";
      popup.setAttribute("role", "tooltip");
      popup.hidden = true;
      document.body.appendChild(popup);
    }
    return popup;
  }

  /* The preview's HTML as nodes, its URLs resolved from the site root. */
  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var content = template.content;
    content.querySelectorAll("script").forEach(function (node) {
      node.remove();
    });
    content.querySelectorAll("[href], [src]").forEach(function (node) {
      ["href", "src"].forEach(function (name) {
        var value = node.getAttribute(name);
        if (value !== null) node.setAttribute(name, new URL(value, lf.root).href);
      });
    });
    return content;
  }

  function render(record, where) {
    var box = ensurePopup();
    box.textContent = "";
    box.classList.remove("lf-preview-cut");
    var section = where.section && record.s ? record.s[where.section] : null;
    var title = record.t;
    if (section && section.t) title += " › " + section.t;
    box.appendChild(lf.element("div", "lf-preview-title", title));
    var html = section ? section.h : record.h;
    if (html) {
      var body = lf.element("div", "lf-preview-body md-typeset");
      body.appendChild(fragment(html));
      box.appendChild(body);
    } else {
      box.appendChild(lf.element("p", "lf-preview-empty", "No text to preview."));
    }
    box.setAttribute("data-lf-url", where.key);
    box.setAttribute("data-lf-section", section ? where.section : "");
    return box;
  }

  function place(box, link) {
    box.hidden = false;
    var at = link.getBoundingClientRect();
    var width = Math.min(440, window.innerWidth - 16);
    box.style.width = width + "px";
    var left = Math.min(Math.max(8, at.left), window.innerWidth - width - 8);
    var height = box.offsetHeight;
    var top = at.bottom + 6;
    if (top + height > window.innerHeight - 8 && at.top - height - 6 > 8) {
      top = at.top - height - 6;
    }
    box.style.left = left + "px";
    box.style.top = top + "px";
    /* Fade the end out when the preview is longer than the box shows. */
    box.classList.toggle("lf-preview-cut", box.scrollHeight > box.clientHeight + 1);
  }

  function show(link) {
    var where = target(link);
    var shards = lf.config.previewShards || 0;
    if (!where || !shards) return;
    owner = link;
    lf.fetchJSON("previews/" + shardOf(where.key, shards) + ".json").then(function (data) {
      var record = data[where.key];
      if (owner !== link || !record) return;
      var box = render(record, where);
      place(box, link);
      link.setAttribute("aria-describedby", "lf-preview");
      /* An image changes the preview's height once it loads: place it again. */
      box.querySelectorAll("img").forEach(function (image) {
        image.addEventListener("load", function () {
          if (owner === link && !box.hidden) place(box, link);
        });
      });
    }).catch(function (error) {
      console.warn(error);
    });
  }

  function hide() {
    clearTimeout(timer);
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
    if (popup) popup.hidden = true;
  }

  function linkOf(event) {
    var node = event.target;
    return node && node.closest ? node.closest("a[href]") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var link = linkOf(event);
    if (!link || link === owner || !target(link)) return;
    hide();
    timer = setTimeout(function () {
      show(link);
    }, DELAY);
  });
  document.addEventListener("mouseout", function (event) {
    var link = linkOf(event);
    if (link && (!event.relatedTarget || !link.contains(event.relatedTarget))) hide();
  });
  document.addEventListener("focusin", function (event) {
    var link = linkOf(event);
    if (link && target(link)) {
      hide();
      show(link);
    }
  });
  document.addEventListener("focusout", hide);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
  /* A shown preview would float away from its link; a pending one is kept,
   * since bringing a link into view scrolls too. */
  window.addEventListener("scroll", function () {
    if (popup && !popup.hidden) hide();
  }, { passive: true });

  lf.previewShard = shardOf;
})();
