"""The example as a reader meets it in a real browser: on a phone and a desktop.

Accessibility is checked with axe-core, which ``make axe`` (a step of ``make
unit``) fetches from npm into ``.cache/axe-core``: no serious or critical
violation on any kind of page, light or dark, except those a plain Material
site of the same theme has in Material's own header and footer (found by
building one and running axe on it too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.browser import browser_page, is_loopback, open_page, require_chromium, serve_dir
from tests.sitebuild import write_tree

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

AXE_VERSION = re.search(
    r"^AXE_VERSION := (\S+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE
)
AXE = ROOT / ".cache/axe-core" / (AXE_VERSION.group(1) if AXE_VERSION else "?") / "axe.min.js"
# Serious and critical violations; for each, the element (axe's selector) and
# whether it lies in the page's content rather than Material's header or footer.
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .flatMap(v => v.nodes.map(n => ({
      rule: v.id,
      target: n.target.join(" "),
      content: !!document.querySelector(n.target[0])?.closest(".md-content"),
      why: (n.failureSummary || "").split("\\n").slice(0, 2).join(" "),
    })));
}"""

require_chromium()


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built into a temporary folder."""
    built = tmp_path_factory.mktemp("reader-site")
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(built))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    return built


@pytest.fixture(scope="module")
def site(site_dir: Path) -> Iterator[str]:
    """The example served on 127.0.0.1; yields its URL."""
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


def _axe(page: Any, url: str, scheme: str) -> list[dict[str, Any]]:
    page.emulate_media(color_scheme=scheme)
    page.goto(url)
    # Material remembers the palette of the first visit: forget it, so the
    # page follows the emulated preference.
    page.evaluate("localStorage.clear()")
    page.reload()
    page.wait_for_load_state("networkidle")
    shown = page.evaluate("document.body.dataset.mdColorScheme")
    assert shown == ("slate" if scheme == "dark" else "default"), url
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(RUN_AXE)
    return found


@pytest.fixture(scope="module")
def materials_own(desktop: Any, tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str]]:
    """What axe finds in plain Material's header and footer, with the example's theme."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make axe` (make unit and make test do)")
    root = tmp_path_factory.mktemp("plain-material")
    example = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    theme = re.search(r"^theme:\n(?:[ #].*\n|\n)+", example, re.MULTILINE)
    assert theme is not None
    write_tree(
        root,
        {
            "mkdocs.yml": "site_name: Plain\nrepo_url: https://github.com/a/b\n" + theme.group(0),
            "docs/index.md": "# Plain\n\nA paragraph of text.\n",
        },
    )
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    build(config)
    own: set[tuple[str, str]] = set()
    with serve_dir(root / "site") as url:
        for scheme in ("light", "dark"):
            own |= {(v["rule"], v["target"]) for v in _axe(desktop, url, scheme)}
    assert all(not target.startswith(".md-content") for _, target in own)
    return own


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_beyond_plain_material(
    desktop: Any, site: str, materials_own: set[tuple[str, str]], scheme: str
) -> None:
    found = {
        kind: [
            f"{v['rule']} at {v['target']}: {v['why']}"
            for v in _axe(desktop, site + path, scheme)
            if v["content"] or (v["rule"], v["target"]) not in materials_own
        ]
        for kind, path in KINDS.items()
    }
    assert found == {kind: [] for kind in KINDS}


def test_no_page_scrolls_sideways_on_a_phone(phone: Any, site: str, site_dir: Path) -> None:
    # Long inline formulas scroll in their own box; display maths, tables and
    # code blocks already do.
    pages = sorted(
        path.parent.relative_to(site_dir).as_posix() + "/" for path in site_dir.rglob("index.html")
    )
    assert len(pages) > 50
    wide = {}
    for page in pages:
        phone.goto(site + ("" if page == "./" else page), wait_until="load")
        width = phone.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if width[0] > width[1]:
            wide[page] = width
    assert wide == {}


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
