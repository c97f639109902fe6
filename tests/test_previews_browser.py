"""Link previews in a real browser: a note, a notebook and a post, as their pages show them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import browser_page, require_chromium, serve_dir
from tests.notebooks import JUPYTER
from tests.sitebuild import build_site
from tests.test_previews import VAULT

require_chromium()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("previews-browser")
    built = build_site(
        root,
        VAULT,
        plugins=["search", {"blog": {"blog_dir": "blog"}}, "tags", JUPYTER],
        options={"cache_dir": str(root / "cache")},
    )
    with serve_dir(built.site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def page(site: str) -> Iterator[Any]:
    with browser_page((1280, 800)) as opened:
        yield opened
        assert opened.errors == []


def _hover(page: Any, url: str, selector: str) -> Any:
    """Open ``url``, hover the first link matching ``selector``; the shown preview."""
    page.goto(url)
    page.mouse.move(0, 0)
    page.locator(selector).first.hover()
    return page.wait_for_selector(".lf-preview:not([hidden])")


def test_preview_of_a_note_shows_maths_images_and_callouts(page: Any, site: str) -> None:
    preview = _hover(page, site, "article a[href*='notes/alpha/']")
    assert preview.get_attribute("data-lf-url") == "notes/alpha/"
    assert preview.query_selector(".lf-preview-body math msup") is not None
    image = preview.wait_for_selector("img")
    image.evaluate("img => img.decode()")
    assert image.evaluate("img => img.naturalWidth") > 0
    assert image.get_attribute("src") == site + "notes/pic.svg"
    callout = preview.query_selector(".admonition.tip")
    assert callout is not None and callout.is_visible()
    assert "Callouts show as callouts." in callout.inner_text()
    # Material styles it as on the page: a coloured border, not plain text.
    border = callout.evaluate("node => getComputedStyle(node).borderLeftWidth")
    assert border not in ("", "0px")
    links = preview.query_selector_all("a[href]")
    assert links and all(a.get_attribute("href").startswith(site) for a in links)


def test_preview_of_a_section_names_it_and_shows_its_display_maths(page: Any, site: str) -> None:
    preview = _hover(page, site + "notes/more/beta/", "article a[href$='alpha/#origin']")
    assert preview.get_attribute("data-lf-section") == "origin"
    assert page.locator(".lf-preview-title").inner_text() == "Alpha › Origin"
    assert preview.query_selector("math[display=block]") is not None


@pytest.mark.parametrize(
    ("link", "target"),
    [("gamma-nb/", "notes/gamma-nb/"), ("eigen-post/", "blog/2026/06/07/eigen-post/")],
)
def test_previews_of_notebooks_and_posts_typeset_their_maths(
    page: Any, site: str, link: str, target: str
) -> None:
    preview = _hover(page, site + "notes/more/beta/", f"article a[href$='{link}']")
    assert preview.get_attribute("data-lf-url") == target
    assert preview.query_selector(".lf-preview-body math") is not None


def test_a_preview_adds_no_ids_to_the_page(page: Any, site: str) -> None:
    page.goto(site)
    before = page.evaluate("document.querySelectorAll('[id]').length")
    _hover(page, site, "article a[href*='notes/alpha/']")
    after = page.evaluate("document.querySelectorAll('[id]').length")
    assert after == before + 1  # the preview box itself, #lf-preview
