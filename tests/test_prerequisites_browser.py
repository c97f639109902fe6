"""Learning paths and prerequisite arrows in a real browser, on the example site.

The order a path page shows is checked against the graph's own data
(``learnfolio/graph.json``), so the test knows nothing of how the order is made:
for every arrow "A is required by B" between two listed notes, A comes first,
and everything a listed note requires is listed too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.browser import browser_page, require_chromium, serve_dir

ROOT = Path(__file__).resolve().parents[1]

require_chromium()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The example built into a temporary folder and served on 127.0.0.1."""
    site_dir = tmp_path_factory.mktemp("paths-site")
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    with serve_dir(site_dir) as url:
        yield url, site_dir


@pytest.fixture(scope="module")
def page(site: tuple[str, Path]) -> Iterator[Any]:
    with browser_page((1280, 800)) as opened:
        yield opened
        assert opened.errors == []


def _graph(site_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site_dir / "learnfolio/graph.json").read_text("utf-8"))
    return data


def _listed(page: Any, base: str) -> list[str]:
    """The notes the path on the open page lists, in order, as site-relative URLs."""
    hrefs: list[str] = page.eval_on_selector_all(
        ".lf-path > ol > li > a:first-child", "links => links.map(a => a.href)"
    )
    return [href.removeprefix(base) for href in hrefs]


def _assert_respects_prerequisites(listed: list[str], graph: dict[str, Any]) -> None:
    urls = [node["u"] for node in graph["nodes"]]
    position = {url: n for n, url in enumerate(listed)}
    assert len(position) == len(listed), "a note is listed twice"
    arrows = [(urls[a], urls[b]) for a, b in graph["requires"]]
    checked = 0
    for before, after in arrows:
        if after in position:
            assert before in position, f"{after} requires {before}, which the path leaves out"
            assert position[before] < position[after], f"{before} must come before {after}"
            checked += 1
    assert checked >= len(listed) - 1


def test_a_path_page_lists_every_prerequisite_before_what_builds_on_it(
    page: Any, site: tuple[str, Path]
) -> None:
    url, site_dir = site
    graph = _graph(site_dir)
    page.goto(url + "garden/pca/")
    link = page.locator(".lf-prereqs a.lf-path-link")
    assert "in order" in link.inner_text()
    link.click()
    page.wait_for_url(url + "paths/garden/pca/")
    listed = _listed(page, url)
    assert listed[-1] == "garden/pca/" and len(listed) >= 8
    _assert_respects_prerequisites(listed, graph)
    statuses = page.locator(".lf-path .lf-status").all_inner_texts()
    assert {"known", "reviewing", "learning"} <= set(statuses)


def test_the_syllabus_ends_with_its_path_in_course_order(page: Any, site: tuple[str, Path]) -> None:
    url, site_dir = site
    page.goto(url + "courses/math-for-ml/math-for-ml-syllabus/")
    assert page.locator("#learning-path").is_visible()
    listed = _listed(page, url)
    _assert_respects_prerequisites(listed, _graph(site_dir))
    assert len(listed) == 14 and listed[0].endswith("/vectors-and-matrices/")
    assert listed[-1].endswith("/learning-rate/")


def test_prerequisite_arrows_toggle_on_the_graph_page(page: Any, site: tuple[str, Path]) -> None:
    url, site_dir = site
    graph = _graph(site_dir)
    page.goto(url + "graph/")
    page.wait_for_selector(".lf-graph-stage[data-lf-drawn]")
    view = "learnfolio.graphs[0]"
    page.evaluate(f"{view}.stop(); {view}.draw()")
    assert page.evaluate(f"{view}.arrowsDrawn") == 0
    box = page.locator(".lf-graph-arrows input")
    box.check()
    page.evaluate(f"{view}.draw()")
    assert page.evaluate(f"{view}.arrowsDrawn") == len(graph["requires"]) > 10
    box.uncheck()
    page.evaluate(f"{view}.draw()")
    assert page.evaluate(f"{view}.arrowsDrawn") == 0
    # Statuses are a layer of rings with their own legend entries.
    rings = page.locator(".lf-graph-legend .lf-graph-ring")
    assert rings.count() == 3
    legend = page.locator(".lf-graph-legend li").all_inner_texts()
    assert [t.strip() for t in legend][-3:] == [
        "status: learning",
        "status: reviewing",
        "status: known",
    ]
