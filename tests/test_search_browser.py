"""Material's search in a real browser: Chinese titles found by their words, shown as written."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import browser_page, require_chromium, serve_dir
from tests.sitebuild import build_site

require_chromium()

VAULT = {
    "notes/贝叶斯.md": (
        "# 我如何理解贝叶斯定理\n\n先验和似然结合起来。\n\n"
        "## 从公式到一句话\n\n后验正比于似然乘先验。\n"
    ),
    "notes/Other.md": "# Other\n\nNothing about it.\n",
}


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    built = build_site(tmp_path_factory.mktemp("search-browser"), VAULT)
    with serve_dir(built.site_dir) as url, browser_page((1280, 800)) as opened:
        yield opened, url
        assert opened.errors == []


def test_a_chinese_title_is_found_by_a_word_and_shown_without_word_breaks(
    page: tuple[Any, str],
) -> None:
    browser, url = page
    browser.goto(url)
    browser.locator(".md-search__input").click()
    browser.keyboard.type("贝叶斯")
    # Material reads the query on key events; Chinese text is typed without them.
    browser.keyboard.press("End")
    first = browser.wait_for_selector(".md-search-result__item h1")
    titles = browser.eval_on_selector_all(
        ".md-search-result__item h1, .md-search-result__item h2",
        "nodes => nodes.map(n => n.textContent)",
    )
    assert first.text_content().strip() == "我如何理解贝叶斯定理"
    assert titles and all("\u200b" not in title for title in titles)
