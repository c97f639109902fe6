"""The graph, local graph, explorer and previews in a real browser, on the example site."""

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
    site_dir = tmp_path_factory.mktemp("browser-site")
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    with serve_dir(site_dir) as url:
        yield url, site_dir


@pytest.fixture(scope="module")
def page(site: tuple[str, Path]) -> Iterator[Any]:
    with browser_page() as opened:
        yield opened
        assert opened.errors == []


def _graph(site_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site_dir / "learnfolio/graph.json").read_text("utf-8"))
    return data


def test_graph_page_draws_every_note_and_a_click_opens_it(
    page: Any, site: tuple[str, Path]
) -> None:
    url, site_dir = site
    nodes = _graph(site_dir)["nodes"]
    page.goto(url + "graph/")
    stage = page.wait_for_selector(".lf-graph-stage[data-lf-drawn]")
    assert int(stage.get_attribute("data-lf-drawn")) == len(nodes) >= 30
    # One colour per source, then a ring per learning status.
    assert page.locator(".lf-graph-legend .lf-graph-dot:not(.lf-graph-ring)").count() == 5
    assert page.locator(".lf-graph-legend .lf-graph-ring").count() == 3
    page.evaluate("learnfolio.graphs[0].stop()")
    target = "garden/pca/"
    where = page.evaluate(f"learnfolio.graphs[0].screenPosition({json.dumps(target)})")
    box = page.locator(".lf-graph-stage canvas").bounding_box()
    page.mouse.click(box["x"] + where["x"], box["y"] + where["y"])
    page.wait_for_url(url + target)
    assert page.title().startswith("PCA")


def test_graph_search_focuses_a_node(page: Any, site: tuple[str, Path]) -> None:
    url, _ = site
    page.goto(url + "graph/")
    page.wait_for_selector(".lf-graph-stage[data-lf-drawn]")
    page.fill(".lf-graph-search", "Gradient descent")
    page.press(".lf-graph-search", "Enter")
    focused = page.evaluate(
        "(() => { const g = learnfolio.graphs[0]; return g.data.nodes[g.focus].t; })()"
    )
    assert focused == "Gradient descent"


def test_local_graph_shows_the_note_and_its_neighbours(page: Any, site: tuple[str, Path]) -> None:
    url, site_dir = site
    graph = _graph(site_dir)
    key = "courses/math-for-ml/01-linear-algebra/dot-product/"
    index = [node["u"] for node in graph["nodes"]].index(key)
    neighbours = {b for a, b in graph["edges"] if a == index} | {
        a for a, b in graph["edges"] if b == index
    }
    page.goto(url + key)
    box = page.wait_for_selector(".lf-local-graph[data-lf-nodes]")
    assert int(box.get_attribute("data-lf-nodes")) == len(neighbours) + 1
    shown = page.evaluate(
        "learnfolio.graphs[learnfolio.graphs.length - 1].data.nodes.map(n => n.u)"
    )
    assert set(shown) == {key} | {graph["nodes"][i]["u"] for i in neighbours}
    link = page.locator(".lf-local-graph-open")
    assert link.get_attribute("href").endswith("graph/#focus=" + key.replace("/", "%2F"))


def test_explorer_opens_the_branch_of_the_current_note(page: Any, site: tuple[str, Path]) -> None:
    url, _ = site
    page.goto(url + "courses/math-for-ml/01-linear-algebra/dot-product/")
    current = page.wait_for_selector(".lf-explorer [aria-current=page]")
    assert current.inner_text() == "Dot product"
    opened = page.evaluate(
        "[...document.querySelectorAll('.lf-explorer details[open] > summary')]"
        ".map(s => s.textContent.trim())"
    )
    assert opened == ["Math for ML (course notes)", "01 Linear algebra"]
    calculus = page.locator(".lf-explorer summary", has_text="02 Calculus")
    assert calculus.evaluate("s => s.parentElement.open") is False
    calculus.click()
    page.locator(".lf-explorer a", has_text="Chain rule").first.wait_for(state="visible")


def test_explorer_lists_a_folders_own_page_as_overview_not_inside_its_summary(
    page: Any, site: tuple[str, Path]
) -> None:
    # A link inside <summary> is a control inside a control: keyboards and
    # screen readers cannot reach it reliably.
    url, _ = site
    page.goto(url + "courses/math-for-ml/")
    current = page.wait_for_selector(".lf-explorer [aria-current=page]")
    assert current.inner_text() == "Overview"
    assert current.evaluate("a => a.closest('details').firstElementChild.textContent.trim()") == (
        "Math for ML (course notes)"
    )
    assert current.get_attribute("href") == url + "courses/math-for-ml/"
    assert page.locator(".lf-explorer summary a, .lf-explorer summary button").count() == 0


def test_hovering_a_link_shows_the_preview_of_its_section(
    page: Any, site: tuple[str, Path]
) -> None:
    url, _ = site
    page.goto(url + "garden/learning-log/")
    link = page.locator("article a", has_text="Convexity > Why it matters").first
    link.hover()
    preview = page.wait_for_selector(".lf-preview:not([hidden])")
    assert preview.get_attribute("data-lf-url") == "courses/math-for-ml/03-optimisation/convexity/"
    assert preview.get_attribute("data-lf-section") == "why-it-matters"
    assert page.locator(".lf-preview-title").inner_text() == "Convexity › Why it matters"
    assert link.get_attribute("aria-describedby") == "lf-preview"


def test_focusing_a_link_with_the_keyboard_shows_its_preview(
    page: Any, site: tuple[str, Path]
) -> None:
    url, _ = site
    page.goto(url + "garden/pca/")
    link = page.locator("article a[href*='eigenvalues']").first
    link.focus()
    preview = page.wait_for_selector(".lf-preview:not([hidden])")
    assert "eigenvalues" in preview.get_attribute("data-lf-url")
    page.keyboard.press("Escape")
    assert page.locator(".lf-preview").is_hidden()


@pytest.mark.parametrize(
    ("key", "in_explorer"),
    [
        ("notebooks/tiny-autodiff/", True),
        ("blog/2026/10/03/what-gradient-descent-does-when-it-does-not-converge/", True),
        ("blog/2026/04/18/why-the-chain-rule-is-all-of-backpropagation/", False),  # docs/
    ],
)
def test_notebooks_and_posts_get_local_graph_and_explorer_highlight(
    page: Any, site: tuple[str, Path], key: str, in_explorer: bool
) -> None:
    url, _ = site
    page.goto(url + key)
    page.wait_for_selector(".lf-local-graph[data-lf-nodes]")
    assert page.evaluate("learnfolio.graphs[learnfolio.graphs.length - 1].data.nodes[0].u") == key
    if in_explorer:
        # A post's primary sidebar shows its metadata: the explorer is there, folded away.
        current = page.wait_for_selector(".lf-explorer [aria-current=page]", state="attached")
        assert current.get_attribute("href") == url + key


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("garden/backpropagation/", "notebooks/tiny-autodiff/"),
        ("garden/pca/", "blog/2026/06/07/pca-explained-through-eigenvectors/"),
    ],
)
def test_links_to_notebooks_and_posts_show_previews(
    page: Any, site: tuple[str, Path], start: str, target: str
) -> None:
    url, _ = site
    page.goto(url + start)
    page.locator(f"article a[href$='{target.split('/')[-2]}/']").first.focus()
    preview = page.wait_for_selector(".lf-preview:not([hidden])")
    assert preview.get_attribute("data-lf-url") == target
    page.keyboard.press("Escape")
