"""Links in properties: frontmatter values holding ``[[wikilinks]]`` are links."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnfolio.check import check_vault
from learnfolio.model import parse_note
from tests.conftest import MakeVault

FRONT = """\
---
title: Eigenvectors
up: "[[Linear algebra]]"
related:
  - "[[Matrix]]"
  - "[[Vector|vectors]]"
status: draft notes
see: "Compare [[Matrix#Rank]] with [[Nowhere]]."
tags: ["[[Not a link]]"]
nested: [[Unquoted]]
---
# Eigenvectors

Text.
"""


def test_property_links_are_found_with_key_value_and_file_line() -> None:
    note = parse_note("Eigen.md", FRONT)
    found = [
        (p.key, p.link.target, p.link.fragment, p.link.label, p.link.line) for p in note.properties
    ]
    assert found == [
        ("up", "Linear algebra", (), None, 3),
        ("related", "Matrix", (), None, 5),
        ("related", "Vector", (), "vectors", 6),
        ("see", "Matrix", ("Rank",), None, 8),
        ("see", "Nowhere", (), None, 8),
    ]
    assert note.properties[0].context == "up: [[Linear algebra]]"
    assert note.links == ()  # the body has none


@pytest.mark.parametrize(
    ("front", "targets"),
    [
        ('up: "[[MOC]]"', ["MOC"]),
        ("up: '[[MOC]]'", ["MOC"]),
        ('related: ["[[A]]", "[[B]]"]', ["A", "B"]),
        ('up: "![[MOC]]"', ["MOC"]),  # an embed in a property is a link
        ("up: [[MOC]]", []),  # YAML reads a nested list: not text, not a link (as in Obsidian)
        ('tags: ["[[MOC]]"]', []),
        ('source: "[MOC](MOC.md)"', []),  # only wikilinks are links in properties
        ("count: 3", []),
        ('parent: {inner: "[[MOC]]"}', []),
    ],
)
def test_which_property_values_are_links(front: str, targets: list[str]) -> None:
    note = parse_note("A.md", f"---\n{front}\n---\nText.\n")
    assert [p.link.target for p in note.properties] == targets


PROPERTY_VAULT = {
    "notes/Eigen.md": FRONT,
    "notes/Linear algebra.md": "# Linear algebra\n",
    "notes/Matrix.md": "# Matrix\n\n## Rank\n",
    "notes/Vector.md": "# Vector\n",
    "notes/Secret.md": "---\nprivate: true\n---\nHidden.\n",
    "notes/To secret.md": '---\nup: "[[Secret]]"\n---\nText.\n',
}


def test_property_links_resolve_and_count_as_backlinks_with_context(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(tmp_path, PROPERTY_VAULT)
    (up,) = v.vault.backlinks_of(v.entry("Linear algebra.md"))
    assert up.source is v.entry("Eigen.md") and up.contexts == ("up: [[Linear algebra]]",)
    (matrix,) = v.vault.backlinks_of(v.entry("Matrix.md"))
    assert matrix.contexts == (
        "related: [[Matrix]]",
        "see: Compare [[Matrix#Rank]] with [[Nowhere]].",
    )
    assert [b.source for b in v.vault.backlinks_of(v.entry("Vector.md"))] == [v.entry("Eigen.md")]


def test_broken_and_private_property_links_are_reported_on_their_line(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(tmp_path, PROPERTY_VAULT)
    shown = sorted(str(p) for p in check_vault(v.vault, v.settings) if p.level == "error")
    assert shown == [
        "notes/Eigen.md:8: error: link '[[Nowhere]]' does not match any published note or file.",
        "notes/To secret.md:2: error: link '[[Secret]]' points to a private or unpublished "
        "note; it is shown as plain text. Remove the link or publish the note.",
    ]


def test_page_shows_linking_properties_under_its_title(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(tmp_path, PROPERTY_VAULT)
    markdown = v.markdown("Eigen.md")
    title, block = markdown.split("\n\n")[:2]
    assert title == "# Eigenvectors"
    assert '<span class="lf-property-key">up</span> [Linear algebra](<linear-algebra.md>)' in block
    assert "[vectors](<vector.md>)" in block
    assert "[Matrix > Rank](<matrix.md#rank>)" in block
    assert 'class="lf-unresolved"' in block and "status" not in block
    assert block.endswith('{: .lf-properties data-search-exclude="true" }')
    secret = v.markdown("To secret.md")
    assert secret.startswith('<span class="lf-property">') and "secret.md" not in secret
