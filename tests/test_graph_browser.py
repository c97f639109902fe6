"""Reading the graph in a real browser: labels that fit, framing, search, depth, phones.

Labels are drawn on a canvas, so the page cannot be asked where text is;
graph.js keeps the boxes it drew (``view.labels``, CSS pixels of the canvas)
and these tests check them as a reader would see them: apart, and inside.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from learnfolio.browse.graph import Graph, GraphNode, neighbours
from tests.browser import browser_page, open_page, require_chromium, serve_dir

ROOT = Path(__file__).resolve().parents[1]

require_chromium()

LAST = "learnfolio.graphs[learnfolio.graphs.length - 1]"
"""The graph view mounted last on the page (the local graph on a note page)."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The example built into a temporary folder and served on 127.0.0.1."""
    site_dir = tmp_path_factory.mktemp("graph-site")
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


def _labels(page: Any, view: str) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """The label boxes ``view`` drew last, and its canvas size (CSS pixels)."""
    drawn = page.evaluate(
        f"(() => {{ const g = {view}; g.stop(); g.draw();"
        " return {labels: g.labels, width: g.width, height: g.height,"
        " box: g.canvas.getBoundingClientRect().toJSON()}; })()"
    )
    assert drawn["box"]["width"] == pytest.approx(drawn["width"], abs=1)
    return drawn["labels"], {"width": drawn["width"], "height": drawn["height"]}


def _assert_readable(labels: list[dict[str, Any]], size: dict[str, float]) -> None:
    """No two label boxes overlap, and every one lies inside the canvas."""
    for label in labels:
        assert label["x"] >= 0 and label["y"] >= 0, label
        assert label["x"] + label["w"] <= size["width"], (label, size)
        assert label["y"] + label["h"] <= size["height"], (label, size)
        assert label["w"] > 10 and label["text"].strip()
    for k, a in enumerate(labels):
        for b in labels[k + 1 :]:
            apart = (
                a["x"] + a["w"] <= b["x"]
                or b["x"] + b["w"] <= a["x"]
                or a["y"] + a["h"] <= b["y"]
                or b["y"] + b["h"] <= a["y"]
            )
            assert apart, f"labels overlap: {a} and {b}"


def _hover(page: Any, view: str, node: int) -> None:
    """Move the mouse over ``node`` of ``view`` (its canvas must be in the viewport)."""
    at = page.evaluate(f"{view}.toScreen({node})")
    box = page.evaluate(f"{view}.canvas.getBoundingClientRect().toJSON()")
    page.mouse.move(box["x"] + at["x"], box["y"] + at["y"])
    page.wait_for_function(f"{view}.hover === {node}")


def _visible_span(page: Any, view: str) -> dict[str, float]:
    """How the visible nodes sit on the canvas: their screen bounds and the canvas size."""
    result: dict[str, float] = page.evaluate(
        f"""(() => {{
          const g = {view}; let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
          for (let i = 0; i < g.layout.n; i++) {{
            if (g.hidden && g.hidden[i]) continue;
            const p = g.toScreen(i);
            x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x);
            y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y);
          }}
          return {{x0, y0, x1, y1, width: g.width, height: g.height}};
        }})()"""
    )
    return result


def _assert_fits(span: dict[str, float]) -> None:
    """Every visible node is on the canvas, and they fill most of it in one direction."""
    assert span["x0"] >= 0 and span["x1"] <= span["width"], span
    assert span["y0"] >= 0 and span["y1"] <= span["height"], span
    filled = max(
        (span["x1"] - span["x0"]) / span["width"], (span["y1"] - span["y0"]) / span["height"]
    )
    assert filled > 0.6, span


def test_full_graph_labels_are_apart_inside_the_canvas_and_the_hovered_neighbourhood_is_named(
    page: Any, site: tuple[str, Path]
) -> None:
    url, site_dir = site
    graph = _graph(site_dir)
    page.goto(url + "graph/")
    page.wait_for_selector(".lf-graph-stage[data-lf-drawn]")
    page.wait_for_timeout(300)
    labels, size = _labels(page, "learnfolio.graphs[0]")
    _assert_readable(labels, size)
    # The best-linked notes are named first: a few labels at least, not every one.
    assert 5 <= len(labels) < len(graph["nodes"])
    page.locator(".lf-graph-stage canvas").scroll_into_view_if_needed()
    pca = [node["u"] for node in graph["nodes"]].index("garden/pca/")
    _hover(page, "learnfolio.graphs[0]", pca)
    labels, size = _labels(page, "learnfolio.graphs[0]")
    _assert_readable(labels, size)
    around = {b for a, b in graph["edges"] if a == pca} | {a for a, b in graph["edges"] if b == pca}
    assert {label["i"] for label in labels} == {pca} | around


@pytest.mark.parametrize("key", ["garden/pca/", "courses/math-for-ml/02-calculus/chain-rule/"])
def test_local_graph_labels_are_apart_and_never_cut_at_the_sidebar_edge(
    page: Any, site: tuple[str, Path], key: str
) -> None:
    url, _ = site
    page.goto(url + key)
    page.wait_for_selector(".lf-local-graph[data-lf-nodes]")
    assert page.evaluate(f"{LAST}.container.closest('.md-sidebar--secondary') !== null")
    labels, size = _labels(page, LAST)
    _assert_readable(labels, size)
    shown = {label["i"] for label in labels}
    assert 0 in shown  # the page's own note is always named
    assert len(shown) >= 3


def test_full_graph_fits_its_nodes_on_load_and_after_a_filter(
    page: Any, site: tuple[str, Path]
) -> None:
    url, _ = site
    page.goto(url + "graph/")
    page.wait_for_selector(".lf-graph-stage[data-lf-drawn]")
    page.wait_for_timeout(500)
    page.evaluate("learnfolio.graphs[0].stop()")
    _assert_fits(_visible_span(page, "learnfolio.graphs[0]"))
    # Leave only the probability course: its nodes fill the view again.
    for box in page.locator(".lf-graph-sources input").all():
        if "Probability" not in box.evaluate("b => b.parentElement.textContent"):
            box.uncheck()
    page.wait_for_timeout(300)
    page.evaluate("learnfolio.graphs[0].stop()")
    hidden = page.evaluate("Array.from(learnfolio.graphs[0].hidden).filter(Boolean).length")
    assert hidden > 20
    _assert_fits(_visible_span(page, "learnfolio.graphs[0]"))
    labels, size = _labels(page, "learnfolio.graphs[0]")
    _assert_readable(labels, size)
    assert labels, "a filtered graph names its notes"


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("PCA", "PCA"),  # exact before "PCA explained through eigenvectors"
        ("chain", "Chain rule"),  # a prefix before "Why the chain rule is..."
        ("gradient d", "Gradient descent"),  # the shortest of the prefix matches
        ("descent", "Gradient descent"),  # a word's start before the middle of one
    ],
)
def test_graph_search_prefers_an_exact_then_a_prefix_title_match(
    page: Any, site: tuple[str, Path], typed: str, found: str
) -> None:
    url, _ = site
    page.goto(url + "graph/")
    page.wait_for_selector(".lf-graph-stage[data-lf-drawn]")
    page.fill(".lf-graph-search", typed)
    page.press(".lf-graph-search", "Enter")
    focused = page.evaluate(
        "(() => { const g = learnfolio.graphs[0]; return g.data.nodes[g.focus].t; })()"
    )
    assert focused == found
    assert page.locator(".lf-graph-status").inner_text() == ""


def test_graph_search_says_when_nothing_matches(page: Any, site: tuple[str, Path]) -> None:
    url, _ = site
    page.goto(url + "graph/")
    page.wait_for_selector(".lf-graph-stage[data-lf-drawn]")
    page.fill(".lf-graph-search", "quaternions")
    page.press(".lf-graph-search", "Enter")
    status = page.locator(".lf-graph-status")
    assert status.inner_text() == "No note matches “quaternions”."
    assert status.get_attribute("role") == "status"
    assert page.locator(".lf-graph-search").get_attribute("aria-invalid") == "true"
    assert page.evaluate("learnfolio.graphs[0].focus") == -1
    page.fill(".lf-graph-search", "Jacobian")
    page.press(".lf-graph-search", "Enter")
    assert status.inner_text() == ""


def test_legend_is_a_row_of_colour_chips_not_a_bulleted_list(
    page: Any, site: tuple[str, Path]
) -> None:
    url, _ = site
    page.goto(url + "graph/")
    page.wait_for_selector(".lf-graph-stage[data-lf-drawn]")
    items = page.locator(".lf-graph-legend li")
    assert items.count() == 5 + 3  # the sources, then the learning statuses
    styles = items.evaluate_all(
        "items => items.map(li => { const s = getComputedStyle(li);"
        " return [s.listStyleType, s.display, li.getBoundingClientRect().top]; })"
    )
    assert {style[0] for style in styles} == {"none"}
    assert "list-item" not in {style[1] for style in styles}
    assert len({round(style[2]) for style in styles}) <= 2  # a row (wrapping once at most)


def test_local_graph_depth_toggle_shows_notes_further_away_and_is_remembered(
    page: Any, site: tuple[str, Path]
) -> None:
    url, site_dir = site
    data = _graph(site_dir)
    graph = Graph(
        tuple(GraphNode(n["u"], n["t"], n["s"], (), "") for n in data["nodes"]),
        tuple((a, b) for a, b in data["edges"]),
        (),
        (),
    )
    key = "courses/math-for-ml/01-linear-algebra/dot-product/"
    index = [node["u"] for node in data["nodes"]].index(key)
    try:
        page.goto(url + key)
        box = page.wait_for_selector(".lf-local-graph[data-lf-nodes]")
        assert box.get_attribute("data-lf-depth") == "1"
        assert page.locator(".lf-local-graph-depth button[aria-pressed=true]").inner_text() == "1"
        page.click(".lf-local-graph-depth button[value='2']")
        page.wait_for_selector(".lf-local-graph[data-lf-depth='2']")
        shown = page.evaluate(f"{LAST}.data.nodes.map(n => n.u)")
        assert set(shown) == {data["nodes"][i]["u"] for i in neighbours(graph, index, 2)}
        assert len(shown) > len(neighbours(graph, index, 1))
        assert page.locator(".lf-local-graph canvas").count() == 1
        labels, size = _labels(page, LAST)
        _assert_readable(labels, size)
        # The choice holds on the next page.
        page.goto(url + "garden/pca/")
        page.wait_for_selector(".lf-local-graph[data-lf-depth='2']")
    finally:
        page.evaluate("localStorage.removeItem('learnfolio.localGraphDepth')")


def test_graph_controls_work_on_a_phone(page: Any, site: tuple[str, Path]) -> None:
    url, site_dir = site
    graph = _graph(site_dir)
    phone = open_page(page.context.browser, (390, 844), touch=True)
    try:
        phone.goto(url + "graph/")
        phone.wait_for_selector(".lf-graph-stage[data-lf-drawn]")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        # The filters fold away, so the graph starts on the first screen.
        assert phone.locator(".lf-graph-tag").is_hidden()
        assert phone.locator(".lf-graph-stage").bounding_box()["y"] < 844 / 2
        phone.tap(".lf-graph-options-toggle")
        # Every control is on screen and big enough for a thumb.
        for selector in (
            ".lf-graph-search",
            ".lf-graph-colour",
            ".lf-graph-tag",
            ".lf-graph-sources label",
            ".lf-graph-zoom-in",
        ):
            box = phone.locator(selector).first.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, selector
            assert box["height"] >= 32, selector
        phone.locator(".lf-graph-stage").scroll_into_view_if_needed()
        phone.evaluate("learnfolio.graphs[0].stop()")
        before = phone.evaluate("learnfolio.graphs[0].scale")
        phone.tap(".lf-graph-zoom-in")
        assert phone.evaluate("learnfolio.graphs[0].scale") > before
        phone.tap(".lf-graph-zoom-fit")
        _assert_fits(_visible_span(phone, "learnfolio.graphs[0]"))
        # A tap on a node names it with its neighbours; a second tap opens it.
        pca = [node["u"] for node in graph["nodes"]].index("garden/pca/")
        at = phone.evaluate(f"learnfolio.graphs[0].toScreen({pca})")
        canvas = phone.locator(".lf-graph-stage canvas").bounding_box()
        phone.touchscreen.tap(canvas["x"] + at["x"], canvas["y"] + at["y"])
        assert phone.evaluate("learnfolio.graphs[0].focus") == pca
        labels, size = _labels(phone, "learnfolio.graphs[0]")
        _assert_readable(labels, size)
        assert pca in {label["i"] for label in labels}
        phone.touchscreen.tap(canvas["x"] + at["x"], canvas["y"] + at["y"])
        phone.wait_for_url(url + "garden/pca/")
        assert phone.errors == []
    finally:
        phone.context.close()
