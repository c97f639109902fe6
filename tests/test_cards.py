"""Flashcards in the Spaced Repetition plugin's syntax, and their Anki and CSV export."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from learnfolio.cards import card_html, vault_cards
from learnfolio.cli import main
from learnfolio.model.cards import find_cards, has_cards
from tests.conftest import MakeVault
from tests.sitebuild import write_tree

CARDS = """# Eigenvectors

- What does an eigenvector keep?::Its direction.
Eigenvalue of $A$ for $v$:::$\\lambda$ with $Av = \\lambda v$

Why is $A^\\top A$ never negative definite?
?
Because $x^\\top A^\\top A x = \\|Ax\\|^2 \\ge 0$
for every $x$.

Trace and determinant
??
Sum and product of the eigenvalues.

The ==trace== is the sum and the ==determinant== the product of the eigenvalues.

Status:: draft <!--SR:!2026-01-01,3,250-->

```python
mapping = {"a::b": 1}  # not a card
```

Inline code `a::b` and maths $x::y$ are not cards either.
"""


def test_every_kind_of_card_is_found_where_it_is_written() -> None:
    found = [(c.kind, c.question, c.answer, c.line) for c in find_cards(CARDS, "n.md")]
    assert found == [
        ("basic", "What does an eigenvector keep?", "Its direction.", 3),
        ("reversed", "Eigenvalue of $A$ for $v$", "$\\lambda$ with $Av = \\lambda v$", 4),
        ("reversed", "$\\lambda$ with $Av = \\lambda v$", "Eigenvalue of $A$ for $v$", 4),
        (
            "basic",
            "Why is $A^\\top A$ never negative definite?",
            "Because $x^\\top A^\\top A x = \\|Ax\\|^2 \\ge 0$\nfor every $x$.",
            6,
        ),
        ("reversed", "Trace and determinant", "Sum and product of the eigenvalues.", 11),
        ("reversed", "Sum and product of the eigenvalues.", "Trace and determinant", 11),
        (
            "cloze",
            'The <span class="lf-cloze">[…]</span> is the sum and the determinant the '
            "product of the eigenvalues.",
            'The <mark class="lf-cloze">trace</mark> is the sum and the determinant the '
            "product of the eigenvalues.",
            15,
        ),
        (
            "cloze",
            'The trace is the sum and the <span class="lf-cloze">[…]</span> the product '
            "of the eigenvalues.",
            'The trace is the sum and the <mark class="lf-cloze">determinant</mark> the '
            "product of the eigenvalues.",
            15,
        ),
        ("basic", "Status", "draft", 17),  # the plugin's own scheduling comment left out
    ]


def test_card_ids_are_stable_and_distinct() -> None:
    first = [c.id for c in find_cards(CARDS, "n.md")]
    assert first == [c.id for c in find_cards(CARDS, "n.md")]
    assert len(set(first)) == len(first)
    # Another note with the same text makes other cards (progress is per card).
    assert not set(first) & {c.id for c in find_cards(CARDS, "other.md")}
    # Editing one card leaves the others' ids (and a reader's progress) alone.
    edited = CARDS.replace("Its direction.", "Its direction (up to sign).")
    assert len(set(first) - {c.id for c in find_cards(edited, "n.md")}) == 1


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (("flashcards",), True),
        (("Flashcards/linear-algebra",), True),
        (("#flashcards",), True),
        (("flashcardsx",), False),
        (("maths",), False),
        ((), False),
    ],
)
def test_only_notes_with_a_card_tag_hold_cards(tags: tuple[str, ...], expected: bool) -> None:
    assert has_cards(tags, ("flashcards",)) is expected


def test_card_text_becomes_html_with_formulas_kept_for_typesetting() -> None:
    assert card_html("The *trace* of $A_{ij}$ see [[Trace|the trace]]") == (
        "The <em>trace</em> of \\(A_{ij}\\) see the trace"
    )
    assert card_html("Line one\n\n$$a < b$$") == "<p>Line one</p>\n<p>\\[a &lt; b\\]</p>"


VAULT = {
    "notes/Eigen.md": "---\ntags: [flashcards/linear-algebra, maths]\n---\n" + CARDS,
    "notes/Untagged.md": "# Untagged\n\nKey:: value, a Dataview field, not a card.\n",
    "notes/Secret.md": "---\nprivate: true\ntags: [flashcards]\n---\nSECRET-Q::SECRET-A\n",
    "notes/Draft.md": "---\ndraft: true\ntags: [flashcards]\n---\nDRAFT-Q::DRAFT-A\n",
}


def test_only_published_tagged_notes_give_cards(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, VAULT)
    cards = vault_cards(v.vault)
    assert len(cards) == 9
    assert {c.entry.dest for c in cards} == {"notes/eigen.md"}
    assert cards[0].tags == ("flashcards/linear-algebra", "maths")
    assert not any("SECRET" in c.question + c.answer or "DRAFT" in c.question for c in cards)


def _site(root: Path, site_url: str | None = "https://example.org/kb/") -> Path:
    write_tree(root, {"docs/index.md": "# Home\n", **VAULT})
    config = (
        "site_name: My maths\n"
        + (f"site_url: {site_url}\n" if site_url else "")
        + "theme: {name: material}\nplugins:\n  - learnfolio:\n      sources:\n"
        "        - {path: notes, name: Notes, mount: notes}\n"
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root / "mkdocs.yml"


def test_export_cards_writes_an_anki_package_anki_can_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _site(tmp_path / "kb")
    apkg, table = tmp_path / "out.apkg", tmp_path / "out.csv"
    code = main(["export-cards", "-f", str(config), "--apkg", str(apkg), "--csv", str(table)])
    assert code == 0
    assert "wrote 9 cards from 1 notes" in capsys.readouterr().out
    # An .apkg is a zip holding Anki's SQLite collection and a media map.
    with zipfile.ZipFile(apkg) as package:
        assert {"collection.anki2", "media"} <= set(package.namelist())
        (tmp_path / "collection.anki2").write_bytes(package.read("collection.anki2"))
        assert json.loads(package.read("media")) == {}
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        notes = db.execute("select flds, tags from notes order by id").fetchall()
        decks = json.loads(db.execute("select decks from col").fetchone()[0])
        card_count = db.execute("select count(*) from cards").fetchone()[0]
    finally:
        db.close()
    assert card_count == len(notes) == 9
    assert "My maths" in {deck["name"] for deck in decks.values()}
    fronts = [flds.split("\x1f") for flds, _ in notes]
    first = next(f for f in fronts if f[0] == "What does an eigenvector keep?")
    assert first[1] == "Its direction."
    assert first[2] == '<a href="https://example.org/kb/notes/eigen/">Eigenvectors</a>'
    assert all("flashcards::linear-algebra" in tags for _, tags in notes)
    assert any("\\(\\lambda\\)" in f[0] for f in fronts)

    rows = list(csv.DictReader(io.StringIO(table.read_text("utf-8"))))
    assert len(rows) == 9 and rows[0]["question"] == "What does an eigenvector keep?"
    assert rows[0]["url"] == "https://example.org/kb/notes/eigen/"
    assert {row["kind"] for row in rows} == {"basic", "reversed", "cloze"}


def test_export_cards_never_writes_into_a_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _site(tmp_path / "kb", site_url=None)
    inside = tmp_path / "kb" / "notes" / "deck.apkg"
    assert main(["export-cards", "-f", str(config), "--apkg", str(inside)]) == 1
    assert "never writes into your notes" in capsys.readouterr().err
    assert not inside.exists()


def test_export_cards_says_where_cards_come_from_when_there_are_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tree(tmp_path, {"docs/index.md": "# Home\n", "notes/A.md": "# A\n\nQ::A\n"})
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: S\nplugins:\n  - learnfolio:\n      sources: [{path: notes}]\n", "utf-8"
    )
    out = tmp_path / "x.apkg"
    assert main(["export-cards", "-f", str(tmp_path / "mkdocs.yml"), "--apkg", str(out)]) == 1
    assert "notes tagged #flashcards" in capsys.readouterr().err
    assert not out.exists()
