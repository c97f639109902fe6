/* learnfolio: the Review page, flashcards scheduled with FSRS in the browser.
 *
 * The build writes the cards (learnfolio/cards.json, HTML with formulas
 * already typeset) and ships ts-fsrs (assets/learnfolio/vendor/ts-fsrs.js),
 * loaded here only on the Review page. Each card's FSRS state is kept in
 * localStorage under this site's address and nowhere else; "Save progress"
 * writes it to a file and "Restore progress" reads one back.
 *
 * Keys: Space or Enter shows the answer; 1 Again, 2 Hard, 3 Good, 4 Easy.
 */
(function () {
  "use strict";

  var lf = window.learnfolio;
  if (!lf) {
    return;
  }
  var RATINGS = [
    { key: "1", name: "Again" },
    { key: "2", name: "Hard" },
    { key: "3", name: "Good" },
    { key: "4", name: "Easy" },
  ];
  var STORE = "learnfolio.review:" + lf.root.pathname;

  function loadScheduler() {
    if (window.FSRS) {
      return Promise.resolve(window.FSRS);
    }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = new URL("assets/learnfolio/vendor/ts-fsrs.js", lf.root).href;
      script.onload = function () {
        if (window.FSRS) {
          resolve(window.FSRS);
        } else {
          reject(new Error("ts-fsrs did not load"));
        }
      };
      script.onerror = function () {
        reject(new Error("the scheduler script is missing from this site"));
      };
      document.head.appendChild(script);
    });
  }

  function readProgress() {
    try {
      var saved = JSON.parse(localStorage.getItem(STORE) || "null");
      if (saved && saved.version === 1 && saved.cards) {
        return saved;
      }
    } catch (error) {
      /* unreadable progress starts afresh; the file is untouched */
    }
    return { version: 1, cards: {} };
  }

  function writeProgress(progress) {
    try {
      localStorage.setItem(STORE, JSON.stringify(progress));
      return true;
    } catch (error) {
      return false;
    }
  }

  /* "in 10 min", "in 3 days": how long until `due`. */
  function until(due, now) {
    var minutes = Math.max(1, Math.round((due - now) / 60000));
    if (minutes < 60) {
      return minutes + " min";
    }
    var hours = Math.round(minutes / 60);
    if (hours < 24) {
      return hours + (hours === 1 ? " hour" : " hours");
    }
    var days = Math.round(hours / 24);
    if (days < 31) {
      return days + (days === 1 ? " day" : " days");
    }
    var months = Math.round(days / 30);
    if (months < 12) {
      return months + (months === 1 ? " month" : " months");
    }
    var years = Math.round((days / 365) * 10) / 10;
    return years + (years === 1 ? " year" : " years");
  }

  function Review(root, data, FSRS) {
    this.root = root;
    this.data = data;
    this.FSRS = FSRS;
    this.scheduler = FSRS.fsrs();
    this.progress = readProgress();
    var params = new URLSearchParams(location.search);
    this.deck = params.get("path")
      ? "path:" + params.get("path")
      : params.get("tag")
        ? "tag:" + params.get("tag")
        : "";
    this.current = null;
    this.build();
    this.next();
  }

  Review.prototype.build = function () {
    var self = this;
    this.root.textContent = "";
    var bar = lf.element("div", "lf-review-bar");
    var label = lf.element("label", null, "Cards from ");
    var select = (this.select = document.createElement("select"));
    select.id = "lf-review-deck";
    label.htmlFor = select.id;
    select.appendChild(new Option("all notes", ""));
    var group;
    if (this.data.paths && Object.keys(this.data.paths).length) {
      group = document.createElement("optgroup");
      group.label = "Learning paths";
      Object.keys(this.data.paths).forEach(function (name) {
        group.appendChild(new Option(name, "path:" + name));
      });
      select.appendChild(group);
    }
    group = document.createElement("optgroup");
    group.label = "Tags";
    this.data.tags.forEach(function (tag) {
      group.appendChild(new Option("#" + tag, "tag:" + tag));
    });
    select.appendChild(group);
    select.value = this.deck;
    if (select.value !== this.deck) {
      this.deck = "";
      select.value = "";
    }
    select.addEventListener("change", function () {
      self.deck = select.value;
      var url = new URL(location.href);
      url.search = "";
      if (self.deck) {
        var kind = self.deck.slice(0, self.deck.indexOf(":"));
        url.searchParams.set(kind, self.deck.slice(kind.length + 1));
      }
      history.replaceState(null, "", url.href);
      self.next();
    });
    label.appendChild(select);
    bar.appendChild(label);
    this.counts = lf.element("span", "lf-review-counts");
    this.counts.setAttribute("aria-live", "polite");
    bar.appendChild(this.counts);
    this.root.appendChild(bar);

    this.card = lf.element("section", "lf-review-card");
    this.card.setAttribute("aria-label", "Flashcard");
    this.root.appendChild(this.card);

    var tools = lf.element("div", "lf-review-tools");
    var save = lf.element("button", "md-button", "Save progress");
    save.type = "button";
    save.addEventListener("click", function () {
      self.save();
    });
    var restore = lf.element("button", "md-button", "Restore progress");
    restore.type = "button";
    var file = document.createElement("input");
    file.type = "file";
    file.accept = "application/json,.json";
    file.hidden = true;
    file.addEventListener("change", function () {
      if (file.files && file.files[0]) {
        self.restore(file.files[0]);
      }
      file.value = "";
    });
    restore.addEventListener("click", function () {
      file.click();
    });
    this.status = lf.element("span", "lf-review-status");
    this.status.setAttribute("role", "status");
    tools.appendChild(save);
    tools.appendChild(restore);
    tools.appendChild(file);
    tools.appendChild(this.status);
    this.root.appendChild(tools);

    document.addEventListener("keydown", function (event) {
      if (!document.body.contains(self.root) || event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      var target = event.target;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
        return;
      }
      if (!self.current) {
        return;
      }
      if (!self.shown && (event.key === " " || event.key === "Enter")) {
        event.preventDefault();
        self.show();
        return;
      }
      for (var i = 0; i < RATINGS.length; i++) {
        if (self.shown && event.key === RATINGS[i].key) {
          event.preventDefault();
          self.rate(i + 1);
          return;
        }
      }
    });
  };

  Review.prototype.inDeck = function (card) {
    if (!this.deck) {
      return true;
    }
    if (this.deck.indexOf("tag:") === 0) {
      var tag = this.deck.slice(4).toLowerCase();
      return card.tags.some(function (t) {
        t = t.toLowerCase();
        return t === tag || t.indexOf(tag + "/") === 0;
      });
    }
    var notes = this.data.paths[this.deck.slice(5)] || [];
    return notes.indexOf(card.note) >= 0;
  };

  Review.prototype.stateOf = function (card) {
    return this.progress.cards[card.id] || null;
  };

  /* Show the card due first: reviews by due date, then new cards in note order. */
  Review.prototype.next = function () {
    var now = new Date();
    var due = [];
    var fresh = [];
    var later = null;
    var waiting = 0;
    var self = this;
    this.data.cards.forEach(function (card) {
      if (!self.inDeck(card)) {
        return;
      }
      var state = self.stateOf(card);
      if (!state) {
        fresh.push(card);
      } else if (new Date(state.due) <= now) {
        due.push(card);
      } else {
        waiting += 1;
        if (!later || new Date(state.due) < later) {
          later = new Date(state.due);
        }
      }
    });
    due.sort(function (a, b) {
      return new Date(self.stateOf(a).due) - new Date(self.stateOf(b).due);
    });
    this.counts.textContent =
      due.length + " due · " + fresh.length + " new · " + waiting + " later";
    this.current = due[0] || fresh[0] || null;
    this.shown = false;
    this.card.textContent = "";
    if (!this.current) {
      var done = lf.element(
        "p",
        "lf-review-done",
        later
          ? "Nothing due. The next card comes back in " + until(later, now) + "."
          : "No cards here."
      );
      this.card.appendChild(done);
      return;
    }
    var card = this.current;
    this.card.setAttribute("data-card", card.id);
    var question = lf.element("div", "lf-review-question md-typeset");
    question.innerHTML = card.q;
    this.card.appendChild(question);
    var from = lf.element("p", "lf-review-from");
    from.appendChild(document.createTextNode("From "));
    var link = lf.element("a", null, card.title);
    link.href = lf.pageUrl(card.note);
    from.appendChild(link);
    this.card.appendChild(from);
    var reveal = lf.element("button", "md-button md-button--primary lf-review-show", "Show answer");
    reveal.type = "button";
    reveal.setAttribute("aria-keyshortcuts", "Space");
    reveal.addEventListener("click", function () {
      self.show();
    });
    this.card.appendChild(reveal);
    reveal.focus({ preventScroll: true });
  };

  Review.prototype.show = function () {
    var self = this;
    var card = this.current;
    this.shown = true;
    var old = this.card.querySelector(".lf-review-show");
    if (old) {
      old.remove();
    }
    var answer = lf.element("div", "lf-review-answer md-typeset");
    answer.innerHTML = card.a;
    this.card.appendChild(answer);
    var now = new Date();
    var preview = this.scheduler.repeat(this.stateOf(card) || this.FSRS.createEmptyCard(now), now);
    var buttons = lf.element("div", "lf-review-ratings");
    buttons.setAttribute("role", "group");
    buttons.setAttribute("aria-label", "How well did you remember?");
    RATINGS.forEach(function (rating, index) {
      var outcome = preview[index + 1].card;
      var button = lf.element("button", "md-button lf-review-rate");
      button.type = "button";
      button.setAttribute("data-rating", rating.name.toLowerCase());
      button.setAttribute("aria-keyshortcuts", rating.key);
      button.appendChild(lf.element("span", "lf-review-rate-name", rating.name));
      button.appendChild(
        lf.element("span", "lf-review-rate-when", until(new Date(outcome.due), now))
      );
      button.addEventListener("click", function () {
        self.rate(index + 1);
      });
      buttons.appendChild(button);
    });
    this.card.appendChild(buttons);
    buttons.querySelector('[data-rating="good"]').focus({ preventScroll: true });
  };

  Review.prototype.rate = function (rating) {
    var now = new Date();
    var card = this.current;
    var result = this.scheduler.next(this.stateOf(card) || this.FSRS.createEmptyCard(now), now, rating);
    this.progress.cards[card.id] = JSON.parse(JSON.stringify(result.card));
    if (!writeProgress(this.progress)) {
      this.status.textContent = "This browser does not keep progress: save it to a file.";
    }
    this.next();
  };

  Review.prototype.save = function () {
    var blob = new Blob([JSON.stringify(this.progress, null, 1)], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "review-progress.json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
    }, 1000);
    this.status.textContent = "Saved " + Object.keys(this.progress.cards).length + " cards' progress.";
  };

  Review.prototype.restore = function (file) {
    var self = this;
    file.text().then(function (text) {
      var loaded;
      try {
        loaded = JSON.parse(text);
      } catch (error) {
        loaded = null;
      }
      if (!loaded || loaded.version !== 1 || typeof loaded.cards !== "object") {
        self.status.textContent = "That file is not saved review progress; nothing changed.";
        return;
      }
      self.progress = loaded;
      writeProgress(loaded);
      self.status.textContent = "Restored " + Object.keys(loaded.cards).length + " cards' progress.";
      self.next();
    });
  };

  function start() {
    var root = document.querySelector("[data-lf-review]");
    if (!root || root.getAttribute("data-lf-ready")) {
      return;
    }
    root.setAttribute("data-lf-ready", "loading");
    Promise.all([lf.fetchJSON("cards.json"), loadScheduler()]).then(
      function (loaded) {
        lf.review = new Review(root, loaded[0], loaded[1]);
        root.setAttribute("data-lf-ready", "yes");
      },
      function (error) {
        root.textContent = "";
        root.appendChild(
          lf.element("p", "lf-review-error", "Cards cannot be reviewed here: " + error.message + ".")
        );
        root.setAttribute("data-lf-ready", "failed");
      }
    );
  }

  lf.onPage(start);
})();
