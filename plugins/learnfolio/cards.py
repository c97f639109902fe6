"""The flashcards of a vault, as the site's Review page and Anki see them.

Cards come from published notes only (a private or draft note never enters the
vault), and only from notes tagged with a card tag (see
:mod:`learnfolio.model.cards`). Each card's text is turned into HTML here, once:
Markdown with its formulas kept as ``\\(...\\)`` and ``\\[...\\]``, which the site
typesets at build time and Anki with its own MathJax; links show their text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

import markdown

from learnfolio.model.cards import Card, find_cards, has_cards
from learnfolio.model.maths import Formula, find_maths
from learnfolio.model.syntax import find_links, link_text
from learnfolio.sanitize import clean_html
from learnfolio.vault import Entry, Vault

CARD_TAGS = ("flashcards",)
"""Tags whose notes hold cards, as in Obsidian's Spaced Repetition plugin."""
# Private-use characters: Markdown leaves them alone (it uses \x02 and \x03 itself).
_PLACEHOLDER = "\ue000{}\ue001"
_RESTORE = re.compile("\ue000(\\d+)\ue001")


@dataclass(frozen=True, slots=True)
class SiteCard:
    """A card with the note it comes from, its text as HTML."""

    card: Card
    entry: Entry
    question: str
    """HTML; formulas as ``\\(...\\)``/``\\[...\\]``."""
    answer: str
    tags: tuple[str, ...]
    """The note's tags (the card tags included): decks to review one at a time."""


def vault_cards(vault: Vault, card_tags: tuple[str, ...] = CARD_TAGS) -> list[SiteCard]:
    """Every card of the vault's published notes, in source order."""
    found: list[SiteCard] = []
    for entry in vault.notes:
        note = entry.note
        assert note is not None
        if not has_cards(note.tags, card_tags):
            continue
        tags = tuple(vault.tag_name(tag) for tag in note.tags)
        # Cards of a source marked trusted: false are cleaned as its pages are.
        clean = clean_html if not entry.file.source.trusted else _as_is
        for card in find_cards(note.body, entry.dest):
            question, answer = clean(card_html(card.question)), clean(card_html(card.answer))
            found.append(SiteCard(card, entry, question, answer, tags))
    return found


def _as_is(html: str) -> str:
    return html


def card_html(text: str) -> str:
    """A card's Markdown as HTML: formulas untouched by Markdown, links as their text."""
    text = _links_as_text(text)
    kept: list[str] = []

    def keep(formula: Formula) -> str:
        opening, closing = ("\\[", "\\]") if formula.display else ("\\(", "\\)")
        kept.append(opening + formula.tex.strip() + closing)
        return _PLACEHOLDER.format(len(kept) - 1)

    pieces: list[str] = []
    pos = 0
    for found in find_maths(text):
        if isinstance(found, Formula):
            pieces += [text[pos : found.start], keep(found)]
            pos = found.end
    pieces.append(text[pos:])
    html = markdown.markdown("".join(pieces), extensions=["tables", "sane_lists"])
    html = _RESTORE.sub(lambda m: escape(kept[int(m[1])], quote=False), html)
    # A one-paragraph card needs no paragraph around it.
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


def _links_as_text(text: str) -> str:
    out: list[str] = []
    pos = 0
    for link in find_links(text):
        if link.kind in ("wikilink", "markdown"):
            out += [text[pos : link.start], link_text(link)]
            pos = link.end
    out.append(text[pos:])
    return "".join(out)


# -- Anki and CSV -------------------------------------------------------------

_MODEL_ID = 1_607_392_319
"""Anki tells note types apart by id: learnfolio's own, fixed so that imports update."""


def write_apkg(
    cards: list[SiteCard], path: Path, deck_name: str, url_of: Callable[[Entry], str]
) -> None:
    """Write ``cards`` as an Anki package: one deck, one Anki note per card.

    Each note has Front, Back and Source (the note's title, linked by
    ``url_of`` when the site has an address) fields; its id follows the card's,
    so importing a newer export updates the cards instead of doubling them.
    """
    import genanki  # type: ignore[import-untyped]

    model = genanki.Model(
        _MODEL_ID,
        "learnfolio card",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
        templates=[
            {
                "name": "Card",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}<p class="source">{{Source}}</p>',
            }
        ],
        css=".card { font-family: sans-serif; font-size: 20px; text-align: left; }\n"
        ".source { font-size: 14px; color: #666; }\n"
        ".lf-cloze { font-weight: bold; color: #1565c0; }\n",
    )
    deck = genanki.Deck(_deck_id(deck_name), deck_name)
    for item in cards:
        url = url_of(item.entry)
        title = escape(item.entry.title, quote=False)
        source = f'<a href="{escape(url)}">{title}</a>' if url else title
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[item.question, item.answer, source],
                guid=genanki.guid_for(item.card.id),
                tags=[_anki_tag(tag) for tag in item.tags],
            )
        )
    genanki.Package(deck).write_to_file(str(path))


def cards_csv(cards: list[SiteCard], url_of: Callable[[Entry], str]) -> str:
    """``cards`` as CSV: question, answer (HTML), kind, note, URL, tags, id."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["question", "answer", "kind", "note", "url", "tags", "id"])
    for item in cards:
        writer.writerow(
            [
                item.question,
                item.answer,
                item.card.kind,
                item.entry.title,
                url_of(item.entry),
                " ".join(_anki_tag(tag) for tag in item.tags),
                item.card.id,
            ]
        )
    return out.getvalue()


def _anki_tag(tag: str) -> str:
    """Anki tags have no spaces; its hierarchy separator is ``::``."""
    return "::".join(part.replace(" ", "_") for part in tag.split("/") if part)


def _deck_id(name: str) -> int:
    """A deck id from its name: the same deck on every export."""
    return int(hashlib.sha256(name.encode()).hexdigest()[:12], 16)
