"""The example as a reader meets it in a real browser: on a phone and a desktop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.browser import browser_page, require_chromium, serve_dir

ROOT = Path(__file__).resolve().parents[1]
PHONE = (390, 844)

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
def phone(site: str) -> Iterator[Any]:
    with browser_page(PHONE) as opened:
        yield opened
        assert opened.errors == []


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
