"""A vault of hard cases written the way Obsidian users write, built once and read as HTML.

Property links, links whose text is code, emphasis or an image, headings that
hold links, and block ids in every position Obsidian allows: each is checked
on the page a reader gets, and ``learnfolio check`` must agree with the build.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from learnfolio.cli import main
from tests.sitebuild import BuiltSite, build_site

VAULT = {
    "notes/Eigenvectors.md": """\
---
up: "[[Linear algebra]]"
related: ["[[Matrix]]", "[[Vector|vectors]]", "[[Gone]]"]
status: seedling
---
# Eigenvectors

A vector that a [[Matrix]] only stretches.
""",
    "notes/Linear algebra.md": "# Linear algebra\n\nThe map of content.\n",
    "notes/Matrix.md": "# Matrix\n\nRows and columns.\n",
    "notes/Vector.md": "# Vector\n\nAn arrow.\n",
    "notes/Private.md": "---\nprivate: true\n---\n# Private\n\nSecret words.\n",
    "notes/Up private.md": '---\nup: "[[Private]]"\n---\n# Up private\n\nText.\n',
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(tmp_path_factory.mktemp("obsidian-cases"), VAULT)


def test_linking_properties_show_under_the_title_with_working_links(site: BuiltSite) -> None:
    article = site.article("notes/eigenvectors")
    block = article.select_one("p.lf-properties")
    assert block is not None and block.find_previous_sibling("h1") is not None
    keys = [k.get_text() for k in block.select(".lf-property-key")]
    assert keys == ["up", "related"]
    links = {a.get_text(): a["href"] for a in block.select("a")}
    assert links == {
        "Linear algebra": "../linear-algebra/",
        "Matrix": "../matrix/",
        "vectors": "../vector/",
    }
    gone = block.select_one(".lf-unresolved")
    assert gone is not None and gone.get_text() == "Gone"
    assert "seedling" not in block.get_text()


def test_property_links_are_backlinks_and_graph_edges(site: BuiltSite) -> None:
    section = site.article("notes/linear-algebra").select_one("section.lf-backlinks")
    assert section is not None
    assert "Eigenvectors" in section.get_text() and "up: Linear algebra" in section.get_text()
    graph = json.loads((site.site_dir / "learnfolio" / "graph.json").read_text(encoding="utf-8"))
    urls = [node["u"] for node in graph["nodes"]]
    edges = {(urls[a], urls[b]) for a, b in graph["edges"]}
    assert ("notes/eigenvectors/", "notes/linear-algebra/") in edges  # only a property links them
    assert ("notes/eigenvectors/", "notes/vector/") in edges


def test_property_link_to_a_private_note_is_plain_text(site: BuiltSite) -> None:
    # The author's own words stay; nothing marks or names the hidden note.
    article = site.article("notes/up-private")
    line = article.select_one("p.lf-properties")
    assert line is not None and "Private" in line.get_text()
    assert line.select("a, .lf-unresolved, [title]") == []
    assert "Secret words" not in str(site.page("notes/up-private"))


def test_check_prints_what_the_build_logged(
    site: BuiltSite, capsys: pytest.CaptureFixture[str]
) -> None:
    logged = {
        m.removeprefix("learnfolio: ")
        for m in site.messages(logging.DEBUG)
        if m.startswith("learnfolio: notes/")
    }
    main(["check", "-f", str(Path(site.root) / "mkdocs.yml")])
    printed = set(capsys.readouterr().out.splitlines())
    assert printed == logged
    assert (
        "notes/Eigenvectors.md:3: error: link '[[Gone]]' does not match any published "
        "note or file." in printed
    )
    assert any(p.startswith("notes/Up private.md:2: error: link '[[Private]]'") for p in printed)
