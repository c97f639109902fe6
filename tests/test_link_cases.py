"""Links Obsidian users write that are not plain ``[text](url)``, built once and read as HTML.

Markdown links whose text is code, emphasis or an image; headings that hold
links or formatting, linked the way Obsidian writes the link; block ids in
every position Obsidian accepts. Each is checked on the page a reader gets, in
the build log, and in what ``learnfolio check`` prints.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from learnfolio.cli import main
from learnfolio.model.note import plain_text
from learnfolio.model.syntax import find_links, outermost
from tests.sitebuild import BuiltSite, build_site

VAULT: dict[str, str | bytes] = {
    "notes/Links.md": """\
# Links

See [`SOP.md`](SOP.md) for the steps.
Also [**bold b**](b.md) and [_part_](b.md#Part).
Picture link [![a plot](plot.png)](b.md).
Broken code link [`Nope.md`](Nope.md).
""",
    "notes/Headings.md": """\
# Headings

Obsidian's form [[Topo#Continuity (topology) Continuity and Convergence]], the shown
form [[Topo#Continuity and Convergence]], formatting [[Topo#Bold heading with code]],
a Markdown link [x](Topo.md#Continuity%20(topology)%20Continuity%20and%20Convergence).
""",
    "notes/Topo.md": """\
# Topo

## [[Continuity (topology)|Continuity]] and [[Convergence]]

Text.

## **Bold** heading with `code`

More.
""",
    "notes/Continuity (topology).md": "# Continuity (topology)\n",
    "notes/Convergence.md": "# Convergence\n",
    "notes/Blocks.md": """\
# Blocks

![[plot.png]]^fig-1

- one
- two

^list-1

| a | b |
|---|---|
| 1 | 2 |

^table-1

> quoted text

^quote-1

```python
print(1)
x = 2 ^in-code
```

^code-1

## A heading ^head-1

A paragraph. ^para-1
""",
    "notes/Refs.md": """\
# Refs

Links: [[Blocks#^fig-1]], [[Blocks#^list-1]], [[Blocks#^table-1]], [[Blocks#^quote-1]],
[[Blocks#^code-1]], [[Blocks#^head-1]], [[Blocks#^para-1]], [[Blocks#A heading]].

![[Blocks#^list-1]]

![[Blocks#^code-1]]

![[Blocks#^fig-1]]
""",
    "notes/SOP.md": "# SOP\n\nSteps.\n",
    "notes/b.md": "# B\n\n## Part\n\nText.\n",
    "notes/plot.png": b"\x89PNG\r\n\x1a\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    # At INFO, as `mkdocs build` runs: MkDocs checks anchors only above DEBUG.
    return build_site(tmp_path_factory.mktemp("link-cases"), VAULT, log_level=logging.INFO)


def _problems(site: BuiltSite, name: str) -> list[str]:
    """What the build reported as wrong in note ``name``: warnings and errors."""
    return [
        m
        for m in site.messages(logging.INFO)
        if f"notes/{name}:" in m and (": warning: " in m or ": error: " in m)
    ]


def test_link_whose_text_is_code_or_emphasis_goes_to_the_page(site: BuiltSite) -> None:
    article = site.article("notes/links")
    code = article.select_one("a > code")
    assert code is not None and code.get_text() == "SOP.md"
    assert code.parent is not None and code.parent["href"] == "../sop/"
    strong = article.select_one("a > strong")
    assert strong is not None and strong.parent is not None
    assert (strong.get_text(), strong.parent["href"]) == ("bold b", "../b/")
    em = article.select_one("a > em")
    assert em is not None and em.parent is not None and em.parent["href"] == "../b/#part"


def test_link_whose_text_is_an_image_rewrites_both(site: BuiltSite) -> None:
    img = site.article("notes/links").select_one("a > img")
    assert img is not None and img.parent is not None
    assert img["src"] == "../plot.png" and img["alt"] == "a plot"
    assert img.parent["href"] == "../b/"
    assert (site.site_dir / "notes" / "plot.png").is_file()
    assert "![" not in site.article("notes/links").get_text()


def test_broken_link_with_code_text_is_marked_and_reported(site: BuiltSite) -> None:
    article = site.article("notes/links")
    marker = article.select_one(".lf-unresolved")
    assert marker is not None and marker.get_text() == "Nope.md"
    assert not any("Nope" in str(a.get("href")) for a in article.select("a"))
    expected = (
        "learnfolio: notes/Links.md:6: error: link '[`Nope.md`](Nope.md)' "
        "does not match any published note or file."
    )
    assert expected in site.messages()


def test_build_log_is_quiet_about_links_that_work(site: BuiltSite) -> None:
    noise = [m for m in site.messages(logging.INFO) if "contains a link" in m]
    assert noise == []


def test_check_prints_what_the_build_logged(
    site: BuiltSite, capsys: pytest.CaptureFixture[str]
) -> None:
    # Orphans are logged below INFO; warnings and errors must be the same.
    logged = {
        m.removeprefix("learnfolio: ")
        for m in site.messages(logging.INFO)
        if m.startswith("learnfolio: notes/")
    }
    main(["check", "-f", str(Path(site.root) / "mkdocs.yml")])
    printed = {line for line in capsys.readouterr().out.splitlines() if ": info: " not in line}
    assert printed - {line for line in printed if line.startswith("learnfolio: ")} == logged
    assert logged == {
        "notes/Links.md:6: error: link '[`Nope.md`](Nope.md)' does not match any published "
        "note or file."
    }


def test_link_text_may_hold_code_emphasis_or_an_image() -> None:
    found = find_links("See [`a]`](A.md), [**b**](b.md) and [![x](x.png)](x.md).")
    assert [(link.kind, link.target, link.label) for link in found] == [
        ("markdown", "A.md", "`a]`"),
        ("markdown", "b.md", "**b**"),
        ("markdown", "x.md", "![x](x.png)"),
        ("image", "x.png", "x"),
    ]
    assert [link.target for link in outermost(found)] == ["A.md", "b.md", "x.md"]


def test_heading_with_a_code_link_reads_as_its_text() -> None:
    assert plain_text("Read [`SOP.md`](SOP.md) and [![x](x.png)](x.md) now") == (
        "Read SOP.md and now"
    )


def test_unclosed_bracket_in_a_long_line_is_not_a_link() -> None:
    assert find_links("[" + "a" * 100_000 + "](x") == []


def test_heading_with_links_shows_them_and_reads_as_text(site: BuiltSite) -> None:
    heading = site.article("notes/topo").select_one("h2")
    assert heading is not None and heading["id"] == "continuity-and-convergence"
    assert heading.get_text() == "Continuity and Convergence"
    assert [a["href"] for a in heading.select("a")] == [
        "../continuity-topology/",
        "../convergence/",
    ]
    toc = site.page("notes/topo").select_one(
        '.md-nav--secondary a[href="#continuity-and-convergence"]'
    )
    assert toc is not None and toc.get_text().strip() == "Continuity and Convergence"


def test_heading_links_in_obsidians_form_reach_the_heading(site: BuiltSite) -> None:
    hrefs = [str(a["href"]) for a in site.article("notes/headings").select("p a")]
    assert hrefs == [
        "../topo/#continuity-and-convergence",
        "../topo/#continuity-and-convergence",
        "../topo/#bold-heading-with-code",
        "../topo/#continuity-and-convergence",
    ]
    assert _problems(site, "Headings.md") == []


def test_block_ids_in_every_position_get_anchors(site: BuiltSite) -> None:
    article = site.article("notes/blocks")
    ids = {str(span["id"]): span for span in article.select("span.lf-block")}
    assert set(ids) == {
        f"^{n}" for n in ("fig-1", "list-1", "table-1", "quote-1", "code-1", "head-1", "para-1")
    }
    listing = article.select_one("pre")
    assert listing is not None and "x = 2 ^in-code" in listing.get_text()  # code is code
    prose = article.get_text().replace(listing.get_text(), "")
    assert "^" not in prose  # no marker left as text
    # After an embed on the same line, on a heading, at the end of a paragraph:
    # the anchor is in the element.
    assert ids["^fig-1"].find_previous_sibling("img") is not None
    assert ids["^head-1"].parent is not None and ids["^head-1"].parent.name == "h2"
    assert ids["^head-1"].parent["id"] == "a-heading"
    # Alone on a line after a block: the anchor is just before that block.
    for block_id, name in (("list-1", "ul"), ("table-1", "table"), ("quote-1", "blockquote")):
        holder = ids[f"^{block_id}"].parent
        assert holder is not None and holder.name == "p" and holder.get_text() == ""
        following = holder.find_next_sibling()
        assert following is not None and following.name == name, block_id
    code = ids["^code-1"].parent.find_next_sibling()  # type: ignore[union-attr]
    assert code is not None and code.select_one("code") is not None
    assert "print" in code.get_text()


def test_links_and_embeds_of_blocks_resolve(site: BuiltSite) -> None:
    article = site.article("notes/refs")
    hrefs = [str(a["href"]) for a in article.select("p > a")][:8]
    assert hrefs == [
        "../blocks/#^fig-1",
        "../blocks/#^list-1",
        "../blocks/#^table-1",
        "../blocks/#^quote-1",
        "../blocks/#^code-1",
        "../blocks/#^head-1",
        "../blocks/#^para-1",
        "../blocks/#a-heading",
    ]
    embeds = article.select("div.lf-embed")
    assert [e.select_one("ul, .highlight, img") is not None for e in embeds] == [True] * 3
    assert [li.get_text() for li in embeds[0].select("li")] == ["one", "two"]
    assert "print" in embeds[1].get_text()
    assert embeds[2].select_one("img")["src"] == "../plot.png"  # type: ignore[index]
    assert not article.select("span.lf-block")  # an embed brings no duplicate ids
    assert _problems(site, "Refs.md") == _problems(site, "Blocks.md") == []
