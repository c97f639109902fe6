"""The example as a reader meets it in a real browser: on a phone and a desktop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.browser import browser_page, is_loopback, open_page, require_chromium, serve_dir

ROOT = Path(__file__).resolve().parents[1]
PHONE = (390, 844)
DESKTOP = (1280, 800)
KINDS = {
    "home": "",
    "note": "courses/math-for-ml/02-calculus/chain-rule/",
    "post": "blog/2026/04/18/why-the-chain-rule-is-all-of-backpropagation/",
    "blog index": "blog/",
    "tag page": "tags/calculus/",
    "graph": "graph/",
    "notebook": "notebooks/gradient-descent-from-scratch/",
}
"""One page of each kind the example has, by URL."""

require_chromium()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example built into a temporary folder and served on 127.0.0.1; yields its URL."""
    site_dir = tmp_path_factory.mktemp("reader-site")
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    with serve_dir(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def desktop(site: str) -> Iterator[Any]:
    """A 1280x800 page of a Chromium that reaches only 127.0.0.1."""
    with browser_page(DESKTOP) as opened:
        yield opened
        assert opened.errors == []


@pytest.fixture(scope="module")
def phone(desktop: Any) -> Iterator[Any]:
    """A 390x844 touch screen page of the same Chromium."""
    opened = open_page(desktop.context.browser, PHONE, touch=True)
    yield opened
    assert opened.errors == []


def test_no_page_loads_anything_from_another_host(desktop: Any, site: str) -> None:
    # The example sets repo_url: Material's header link would ask GitHub's API
    # for stars and forks (learnfolio's repo_stats is off), and fonts are local.
    asked: list[str] = []
    desktop.on("request", lambda request: asked.append(request.url))
    for path in KINDS.values():
        desktop.goto(site + path)
        desktop.wait_for_load_state("networkidle")
        assert desktop.locator("a.md-source").count() > 0  # the repository link stays
    assert len(asked) > len(KINDS)
    assert [url for url in asked if not is_loopback(url)] == []


def test_blog_index_on_a_phone_keeps_the_local_graph_out_of_the_posts(
    phone: Any, site: str
) -> None:
    phone.goto(site + "blog/")
    box = phone.wait_for_selector(".lf-local-graph[data-lf-nodes]")
    assert box.evaluate("node => node.closest('article.md-post')") is None
    posts_end = phone.evaluate(
        "Math.max(...[...document.querySelectorAll('article.md-post')]"
        ".map(post => post.getBoundingClientRect().bottom))"
    )
    assert box.bounding_box()["y"] >= posts_end
