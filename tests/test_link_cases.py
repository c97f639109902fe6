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
    "notes/SOP.md": "# SOP\n\nSteps.\n",
    "notes/b.md": "# B\n\n## Part\n\nText.\n",
    "notes/plot.png": b"\x89PNG\r\n\x1a\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(tmp_path_factory.mktemp("link-cases"), VAULT)


def _links(site: BuiltSite, url: str) -> dict[str, str]:
    article = site.article(url)
    return {a.get_text(): str(a["href"]) for a in article.select("p a")}


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
    logged = {
        m.removeprefix("learnfolio: ")
        for m in site.messages(logging.DEBUG)
        if m.startswith("learnfolio: notes/")
    }
    main(["check", "-f", str(Path(site.root) / "mkdocs.yml")])
    printed = set(capsys.readouterr().out.splitlines())
    assert printed == logged
    assert any("Nope.md" in line for line in printed)


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
