/* learnfolio: narrow search to one language.
 *
 * On a site whose pages are in more than one language the build writes
 * languages.json: the site's language, each language's name, and the pages
 * written in another one. A menu above Material's search results then keeps
 * the results of one language ("All languages" shows everything); the choice
 * is remembered for the visit.
 */
(function () {
  "use strict";

  var lf = window.learnfolio;
  if (!lf || !lf.config || !lf.config.languages) {
    return;
  }
  var KEY = "learnfolio.searchLanguage";
  var data = null;
  var chosen = "";
  try {
    chosen = sessionStorage.getItem(KEY) || "";
  } catch (error) {
    /* storage may be off: the menu still works for this page */
  }

  function languageOf(href) {
    var key = lf.pageKey(href.split("#")[0]);
    if (key === null) {
      return data.site;
    }
    return data.pages[key] || data.site;
  }

  function filter(result) {
    var items = result.querySelectorAll(".md-search-result__item");
    var shown = 0;
    for (var i = 0; i < items.length; i++) {
      var link = items[i].querySelector("a.md-search-result__link");
      var keep = !chosen || !link || languageOf(link.href) === chosen;
      items[i].hidden = !keep;
      if (keep) {
        shown += 1;
      }
    }
    var note = result.querySelector(".lf-search-lang-count");
    if (note) {
      note.textContent =
        chosen && items.length ? shown + " of these in " + data.names[chosen] : "";
    }
  }

  function menu(result) {
    var box = lf.element("div", "lf-search-lang");
    var label = lf.element("label", null, "Search in ");
    var select = document.createElement("select");
    select.id = "lf-search-lang";
    label.htmlFor = select.id;
    select.appendChild(new Option("All languages", ""));
    Object.keys(data.names).forEach(function (code) {
      var option = new Option(data.names[code], code);
      option.lang = code;
      select.appendChild(option);
    });
    if (!data.names[chosen]) {
      chosen = "";
    }
    select.value = chosen;
    select.addEventListener("change", function () {
      chosen = select.value;
      try {
        sessionStorage.setItem(KEY, chosen);
      } catch (error) {
        /* remembered for this page only */
      }
      filter(result);
    });
    box.appendChild(label);
    box.appendChild(select);
    box.appendChild(lf.element("span", "lf-search-lang-count"));
    return box;
  }

  function attach() {
    var result = document.querySelector(".md-search-result");
    if (!result || result.querySelector(".lf-search-lang")) {
      return;
    }
    result.insertBefore(menu(result), result.firstChild);
    var list = result.querySelector(".md-search-result__list");
    if (list) {
      /* Material replaces the results on every keystroke and adds more as the
       * reader scrolls: filter each time the list changes. */
      new MutationObserver(function () {
        filter(result);
      }).observe(list, { childList: true });
    }
    filter(result);
  }

  lf.fetchJSON("languages.json").then(function (loaded) {
    data = loaded;
    lf.onPage(attach);
  });
})();
