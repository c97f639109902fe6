"""The Review page: the site's flashcards, scheduled in the reader's browser with FSRS.

The build writes every card of the published notes (``learnfolio/cards.json``:
question and answer as HTML with formulas already typeset, the note's URL,
title and tags, and which notes each learning path holds) and a page whose
script shows the cards that are due. Scheduling is ts-fsrs's, a maintained FSRS
implementation (see :mod:`learnfolio.site.vendor`); progress stays in the
reader's browser (``localStorage``), never sent anywhere, and can be saved to
and restored from a file.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from learnfolio.cards import SiteCard
from learnfolio.site.math import mathml
from learnfolio.typeset.macros import NO_MACROS, Macros
from learnfolio.vault import Vault

PAGE = "review/index.md"
"""Site path of the Review page."""
FSRS_JS = "assets/learnfolio/vendor/ts-fsrs.js"
FSRS_LICENSE = "assets/learnfolio/vendor/ts-fsrs.LICENSE.txt"

_FORMULA = re.compile(r"\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\]", re.S)


def review_markdown(count: int) -> str:
    """The Review page's Markdown: a short explanation and the place the script fills."""
    return (
        "---\ntitle: Review\nbacklinks: false\nsearch:\n  exclude: true\n---\n\n"
        "# Review\n\n"
        f"The flashcards written in these notes ({count:,} in all), scheduled by "
        "[FSRS](https://github.com/open-spaced-repetition/ts-fsrs): answer, then say how "
        "well you remembered, and each card comes back when you are about to forget it. "
        "Your progress stays in this browser; save it to a file to move it elsewhere.\n\n"
        '<div class="lf-review" data-lf-review markdown="0">\n'
        '<p class="lf-review-needs-script">Reviewing cards needs JavaScript.</p>\n'
        "</div>\n"
    )


def cards_data(
    vault: Vault,
    cards: list[SiteCard],
    url_of: Callable[[str], str],
    macros: Macros = NO_MACROS,
) -> dict[str, object]:
    """What the Review page's script reads: the cards, their tags, and each path's notes."""
    records = [
        {
            "id": item.card.id,
            "kind": item.card.kind,
            "q": typeset_card(item.question, macros),
            "a": typeset_card(item.answer, macros),
            "note": url_of(item.entry.dest),
            "title": item.entry.title,
            "tags": list(item.tags),
        }
        for item in cards
    ]
    tags = sorted({tag for item in cards for tag in item.tags}, key=str.casefold)
    paths: dict[str, list[str]] = {}
    with_cards = {item.entry.dest for item in cards}
    prerequisites = vault.prerequisites
    for dest in sorted(prerequisites.paths):
        goal = vault.by_dest.get(dest)
        if goal is None:
            continue
        notes = [e.dest for e in (*prerequisites.path_of(goal), goal)]
        if with_cards.intersection(notes):
            paths[goal.title] = [url_of(n) for n in notes]
    return {"cards": records, "tags": tags, "paths": paths}


def typeset_card(html: str, macros: Macros = NO_MACROS) -> str:
    """A card's HTML with its ``\\(...\\)`` and ``\\[...\\]`` formulas as MathML."""

    def convert(match: re.Match[str]) -> str:
        display = match["display"] is not None
        tex = match["display"] if display else match["inline"]
        tex = tex.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        converted = mathml(tex, display=display, report=lambda message: None, macros=macros)
        if converted is None:
            return f'<code class="lf-math-error">{match[0]}</code>'
        return converted

    return _FORMULA.sub(convert, html)
