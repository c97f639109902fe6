"""Flashcards written inside notes, in the syntax of Obsidian's Spaced Repetition plugin.

A learner who reviews in Obsidian already writes cards in their notes; the same
notes make the same cards here, unchanged:

- ``Question::Answer`` on one line is a card; ``Question:::Answer`` is two, one
  each way round.
- Lines of a question, a line holding only ``?``, then lines of the answer (up
  to a blank line) is a card over several lines; ``??`` makes it two.
- ``==text==`` in a paragraph hides ``text``: one card per hidden part, the
  others shown.

As in that plugin, only notes tagged ``#flashcards`` (or a tag under it, such as
``#flashcards/linear-algebra``; the tags are an option) hold cards: elsewhere
``key:: value`` is a Dataview field and ``==text==`` a highlight. Code, maths
and comments never hold card syntax, and the plugin's own scheduling comments
(``<!--SR:...-->``) are left out of what a card shows.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Literal

from learnfolio.model.scanner import mask

CardKind = Literal["basic", "reversed", "cloze"]

_SR_COMMENT = re.compile(r"[ \t]*<!--SR:.*?-->")
_CLOZE = re.compile(r"==(?=\S)(.+?)(?<=\S)==")
_MARKER = re.compile(r"^[ \t]*(?:>[ \t]?)*(?:[-*+][ \t]+|\d+[.)][ \t]+)?")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]")


@dataclass(frozen=True, slots=True)
class Card:
    """One flashcard: what the reader is asked and what answers it."""

    id: str
    """Stable while the note's site path and the card's text stay the same."""
    kind: CardKind
    question: str
    """Markdown, as written (for a cloze card: the text with the part to recall hidden)."""
    answer: str
    """Markdown, as written (for a cloze card: the whole text, the recalled part marked)."""
    line: int
    """The card's first line in the note's body (1-based)."""


def has_cards(tags: tuple[str, ...], card_tags: tuple[str, ...]) -> bool:
    """Whether a note with ``tags`` holds cards: one of them is or is under a card tag."""
    wanted = [t.casefold().strip("#/") for t in card_tags]
    for tag in tags:
        folded = tag.casefold().strip("#/")
        if any(folded == w or folded.startswith(w + "/") for w in wanted):
            return True
    return False


def find_cards(body: str, page: str) -> tuple[Card, ...]:
    """Every card written in ``body``; ``page`` (the note's site path) seeds their ids."""
    masked = mask(body).split("\n")
    lines = body.split("\n")
    cards: list[Card] = []
    used: set[int] = set()
    n = 0
    while n < len(lines):
        seen = masked[n]
        if seen.strip() in ("?", "??"):
            start = n - 1
            while start >= 0 and masked[start].strip() and not _HEADING.match(masked[start]):
                start -= 1
            end = n + 1
            while end < len(lines) and masked[end].strip():
                end += 1
            question = _clean(lines[start + 1 : n])
            answer = _clean(lines[n + 1 : end])
            if question and answer:
                both = seen.strip() == "??"
                cards += _pair(page, question, answer, start + 2, both)
                used.update(range(start + 1, end))
            n = end
            continue
        n += 1
    for n, seen in enumerate(masked):
        if n in used or "::" not in seen:
            continue
        at = seen.find(":::")
        both = at >= 0
        if not both:
            at = seen.find("::")
        width = 3 if both else 2
        line = lines[n]
        question = _clean([line[:at]])
        answer = _clean([line[at + width :]])
        if question and answer and not answer.startswith(":"):
            cards += _pair(page, question, answer, n + 1, both)
            used.add(n)
    cards += _clozes(page, lines, masked, used)
    cards.sort(key=lambda c: c.line)
    return tuple(cards)


def _pair(page: str, question: str, answer: str, line: int, both: bool) -> list[Card]:
    kind: CardKind = "reversed" if both else "basic"
    found = [Card(_id(page, kind, question, answer), kind, question, answer, line)]
    if both:
        found.append(Card(_id(page, "reversed", answer, question), kind, answer, question, line))
    return found


def _clozes(page: str, lines: list[str], masked: list[str], used: set[int]) -> list[Card]:
    """One card per ``==hidden==`` part of each paragraph that holds any."""
    cards: list[Card] = []
    n = 0
    while n < len(lines):
        if not masked[n].strip() or n in used or _HEADING.match(masked[n]):
            n += 1
            continue
        end = n
        while end < len(lines) and masked[end].strip() and end not in used:
            end += 1
        seen = "\n".join(masked[n:end])
        text = "\n".join(lines[n:end])
        parts = [m.span() for m in _CLOZE.finditer(seen)]
        for which, (start, stop) in enumerate(parts):
            question, answer = _cloze_sides(text, parts, which)
            question, answer = _clean(question.split("\n")), _clean(answer.split("\n"))
            hidden = text[start + 2 : stop - 2]
            key = f"{which}:{hidden}\n{text}"
            cards.append(Card(_id(page, "cloze", key, ""), "cloze", question, answer, n + 1))
        n = end
    return cards


def _cloze_sides(text: str, parts: list[tuple[int, int]], which: int) -> tuple[str, str]:
    question, answer, pos = [], [], 0
    for index, (start, stop) in enumerate(parts):
        question.append(text[pos:start])
        answer.append(text[pos:start])
        inner = text[start + 2 : stop - 2]
        if index == which:
            question.append('<span class="lf-cloze">[…]</span>')
            answer.append(f'<mark class="lf-cloze">{inner}</mark>')
        else:
            question.append(inner)
            answer.append(inner)
        pos = stop
    question.append(text[pos:])
    answer.append(text[pos:])
    return "".join(question), "".join(answer)


def _clean(lines: list[str]) -> str:
    """The lines without list or quote markers and the plugin's scheduling comments."""
    kept = [_MARKER.sub("", _SR_COMMENT.sub("", line), count=1).rstrip() for line in lines]
    return "\n".join(kept).strip()


def _id(page: str, kind: str, question: str, answer: str) -> str:
    digest = hashlib.sha256(f"{page}\n{kind}\n{question}\n{answer}".encode()).hexdigest()
    return digest[:16]
