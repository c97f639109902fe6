"""The example knowledge base: it builds strictly, leaks nothing, and is left untouched."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

from learnfolio.cli import main as cli_main
from tests.sitebuild import assert_same_site, comparable_site, site_text
from tests.sitewalk import data_urls, exists, page_links

ROOT = Path(__file__).resolve().parents[1]
PRIVATE_PHRASE = b"velvet-quokka-7719"
DRAFT_PHRASES = (b"amber-heron-3304", b"copper-finch-5521")


def _checksums() -> dict[str, str]:
    return {
        p.relative_to(ROOT).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in ("notes", "docs")
        for p in sorted((ROOT / folder).rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Build the example strictly into a temporary folder; return it and the checksums before."""
    site_dir = tmp_path_factory.mktemp("example-site")
    before = _checksums()
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)  # raises Abort on any warning, since strict is on
    return site_dir, before


def test_example_builds_strictly_and_sources_are_unchanged(
    example_site: tuple[Path, dict[str, str]],
) -> None:
    site_dir, before = example_site
    assert (site_dir / "index.html").exists()
    assert _checksums() == before


def test_example_private_and_draft_notes_leak_nowhere(
    example_site: tuple[Path, dict[str, str]],
) -> None:
    site_dir, _ = example_site
    assert PRIVATE_PHRASE in (ROOT / "notes/vault/Exam anxiety journal.md").read_bytes()
    for rel, data in site_text(site_dir).items():
        assert PRIVATE_PHRASE not in data, f"private note leaked into {rel}"
        for phrase in DRAFT_PHRASES:
            assert phrase not in data, f"draft leaked into {rel}"


def test_every_url_in_browsing_data_and_pages_is_a_page_of_the_site(
    example_site: tuple[Path, dict[str, str]],
) -> None:
    site_dir, _ = example_site
    urls = list(data_urls(site_dir))
    kinds = {url.split("/")[0] for _, url in urls}
    assert {"garden", "notebooks", "blog"} <= kinds  # notes, notebooks and posts alike
    assert [(data, url) for data, url in urls if not exists(site_dir, url)] == []
    site_url = load_config(str(ROOT / "mkdocs.yml")).site_url or ""
    links = list(page_links(site_dir, site_url))
    assert len(links) > 1000
    assert [(page, url) for page, url in links if not exists(site_dir, url)] == []


def test_example_has_enough_linked_notes_some_in_chinese(
    example_site: tuple[Path, dict[str, str]],
) -> None:
    site_dir, _ = example_site
    generated = ("/tags/", "/paths/")  # tag and learning path pages are not notes
    pages = [
        p for p in site_dir.rglob("index.html") if not any(g in p.as_posix() for g in generated)
    ]
    note_pages = [
        p
        for p in pages
        if any(part in p.as_posix() for part in ("/courses/", "/garden/", "/notebooks/"))
        and p.parent.name not in ("courses", "math-for-ml", "probability", "garden", "notebooks")
    ]
    assert len(note_pages) >= 25
    chinese = [p for p in note_pages if any("\u4e00" <= ch <= "\u9fff" for ch in p.parent.name)]
    assert len(chinese) >= 3
    with_backlinks = 0
    for page in note_pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if soup.select_one("section.lf-backlinks") is not None:
            with_backlinks += 1
        assert soup.select_one(".lf-unresolved") is None, f"unresolved link in {page}"
    assert with_backlinks >= len(note_pages) - 1


def test_check_command_passes_on_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["check", "-f", str(ROOT / "mkdocs.yml")]) == 0
    assert "0 errors" in capsys.readouterr().err


def test_example_logs_no_warnings(
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
    example_site: tuple[Path, dict[str, str]],  # built first: its notebooks' outputs are cached
) -> None:
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        build(config)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    learnfolio_info = [r.getMessage() for r in caplog.records if "learnfolio" in r.name]
    assert learnfolio_info == [], learnfolio_info  # no ambiguous links, no missing headings


def test_example_home_page_is_a_portfolio_built_from_the_vault(
    example_site: tuple[Path, dict[str, str]],
) -> None:
    site_dir, _ = example_site
    home = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    posts = [a.get_text() for a in home.select("article.lf-post a.lf-post-title")]
    assert len(posts) == 3 and "What gradient descent does when it does not converge" in posts
    cells = home.select("svg.lf-heatmap rect[data-date]")
    assert len(cells) >= 365
    assert sum(int(c["data-count"]) for c in cells) >= 25
    assert len(home.select("a.lf-topic")) >= 10


def test_example_blog_has_five_published_posts_two_in_chinese(
    example_site: tuple[Path, dict[str, str]],
) -> None:
    site_dir, _ = example_site
    import xml.etree.ElementTree as ET

    rss = ET.parse(site_dir / "feed_rss_created.xml").getroot()
    titles = [item.findtext("title") or "" for item in rss.iter("item")]
    assert len(titles) == 5
    assert sum(any("\u4e00" <= ch <= "\u9fff" for ch in title) for title in titles) == 2
    atom = ET.parse(site_dir / "feed_atom.xml").getroot()
    assert len(atom.findall("{http://www.w3.org/2005/Atom}entry")) == 5


def test_example_post_and_its_chinese_translation_point_at_each_other(
    example_site: tuple[Path, dict[str, str]],
) -> None:
    site_dir, _ = example_site
    english = "blog/2026/04/18/why-the-chain-rule-is-all-of-backpropagation/index.html"
    chinese = "blog/2026/04/25/chain-rule-is-backprop-zh/index.html"
    for page, lang, other, name in [
        (english, "en", chinese, "中文"),
        (chinese, "zh", english, "English"),
    ]:
        soup = BeautifulSoup((site_dir / page).read_text("utf-8"), "html.parser")
        assert soup.html["lang"] == lang
        also = soup.select_one("article .lf-translations")
        assert also is not None and also.get_text(" ", strip=True) == f"Also in: {name}"
        href = also.a["href"]
        assert (site_dir / page).parent.joinpath(href, "index.html").resolve() == (
            site_dir / other
        ).resolve()
    sitemap = (site_dir / "sitemap.xml").read_text("utf-8")
    assert sitemap.count('hreflang="zh" href="') == 2  # in the <url> of each version
    assert sitemap.count("blog/2026/04/25/chain-rule-is-backprop-zh/") == 3


def test_properdocs_builds_the_example_page_for_page_as_mkdocs(
    tmp_path: Path, example_site: tuple[Path, dict[str, str]]
) -> None:
    # ProperDocs, the fork of MkDocs 1.x, runs learnfolio and the other plugins
    # unchanged (its command maps `import mkdocs` onto itself): every page must
    # come out as MkDocs writes it, but for the generator tag.
    site_dir, _ = example_site
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "-q"]
    done = subprocess.run(
        [*command, "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    generator = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert 'content="mkdocs-ProperDocs 1.6.7' in generator  # not MkDocs itself
    mkdocs = comparable_site(site_dir)
    assert len([rel for rel in mkdocs if rel.endswith(".html")]) >= 80
    assert_same_site(tmp_path / "site", mkdocs)


def test_example_has_flashcards_to_review(example_site: tuple[Path, dict[str, str]]) -> None:
    site_dir, _ = example_site
    data = json.loads((site_dir / "learnfolio" / "cards.json").read_text("utf-8"))
    assert len(data["cards"]) >= 30
    assert len({card["note"] for card in data["cards"]}) >= 8
    assert {card["kind"] for card in data["cards"]} == {"basic", "reversed", "cloze"}
    assert any("贝叶斯" in card["title"] for card in data["cards"])
    assert "Math for ML syllabus" in data["paths"]
    assert (site_dir / "review" / "index.html").exists()
    assert (site_dir / "assets/learnfolio/vendor/ts-fsrs.js").exists()
