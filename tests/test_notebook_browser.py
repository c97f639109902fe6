"""Run buttons in a real browser: Chromium, a served site, Pyodide self-hosted, no network.

Each test opens a page afresh, so Pyodide loads in a new worker every time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.notebooks import PLUGINS, code, md, notebook
from tests.pyodide_browser import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    is_loopback,
    prepare_pyodide,
    require_chromium,
    serve,
)
from tests.sitebuild import build_site

playwright_api = pytest.importorskip("playwright.sync_api")

require_chromium()

NOTEBOOK = notebook(
    md("# Browser demo\n\nPure Python only: it runs offline."),
    code("message = 'hello from Pyodide'\nprint(message)"),
    code("print(message.upper())\nlen(message)"),
    code("def explode():\n    return 1 / 0\n\nexplode()"),
    code(
        "class Table:\n"
        "    def _repr_html_(self):\n"
        "        return '<table class=\"demo\"><tr><td>rich</td></tr></table>'\n\n"
        "Table()"
    ),
    code("import sys\nprint('careful', file=sys.stderr)"),
)
NOTE = "# A note\n\nTry it:\n\n```python {.run}\ntotal = sum(range(10))\nprint(total)\n```\n"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The test site, served locally, with Pyodide's npm package copied in by learnfolio."""
    root = tmp_path_factory.mktemp("browser-site")
    options = {"cache_dir": str(root / "cache"), "notebooks": {"pyodide": str(prepare_pyodide())}}
    site = build_site(
        root,
        {"notes/Demo.ipynb": NOTEBOOK, "notes/Runnable.md": NOTE},
        plugins=PLUGINS,
        options=options,
        extra={"theme": {"name": "material", "font": False}},
    )
    with serve(site.site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Chromium with a fresh profile; every request off this machine is blocked."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    blocked: list[str] = []
    with playwright_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=CHROMIUM_FLAGS,
            headless=True,
        )

        def route(request_route: Any) -> None:
            if is_loopback(request_route.request.url):
                request_route.continue_()
            else:
                blocked.append(request_route.request.url)
                request_route.abort()

        context.route("**/*", route)
        context.blocked = blocked
        yield context
        context.close()


@pytest.fixture
def page(browser_context: Any, site_url: str) -> Iterator[Any]:
    """The notebook page, freshly loaded (Pyodide not started yet)."""
    opened = browser_context.new_page()
    opened.goto(site_url + "notes/demo/")
    yield opened
    opened.close()


def run(page: Any, cell: int, ends: str = "Done") -> Any:
    """Click Run on the ``cell``-th code cell (1-based), wait for it; return its output area."""
    target = page.locator(f"[data-lf-cell='{cell}']")
    target.locator(".lf-run-button").click()
    expect(target.locator(".lf-run-state")).to_have_text(ends, timeout=60_000)
    return target.locator(".lf-output")


def expect(locator: Any) -> Any:
    return playwright_api.expect(locator)


def test_run_on_a_pure_python_cell_shows_its_output(page: Any) -> None:
    output = run(page, 1)
    expect(output.locator(".lf-stdout")).to_have_text("hello from Pyodide\n")
    # The build-time outputs give way to the live ones.
    expect(page.locator("[data-lf-cell='1'] .jp-Cell-outputWrapper")).to_be_hidden()


def test_second_cell_sees_the_first_cells_variables(page: Any) -> None:
    run(page, 1)
    output = run(page, 2)
    expect(output.locator(".lf-stdout")).to_have_text("HELLO FROM PYODIDE\n")
    expect(output.locator(".lf-result")).to_have_text("18")  # the last expression's repr


def test_exception_shows_its_traceback(page: Any) -> None:
    output = run(page, 3, ends="Error")
    traceback = output.locator(".lf-traceback")
    expect(traceback).to_contain_text("Traceback (most recent call last)")
    expect(traceback).to_contain_text("in explode")
    expect(traceback).to_contain_text("return 1 / 0")  # the cell's own line is shown
    expect(traceback).to_contain_text("ZeroDivisionError: division by zero")


def test_rich_html_repr_and_stderr(page: Any) -> None:
    expect(run(page, 4).locator(".lf-rich table.demo td")).to_have_text("rich")
    expect(run(page, 5).locator(".lf-stderr")).to_have_text("careful\n")


def test_restart_clears_the_namespace(page: Any) -> None:
    run(page, 1)
    page.locator(".lf-restart").click()
    expect(page.locator(".lf-run-status")).to_contain_text("restarted")
    target = page.locator("[data-lf-cell='2']")
    target.locator(".lf-run-button").click()
    expect(target.locator(".lf-run-state")).to_have_text("Error", timeout=60_000)
    expect(target.locator(".lf-traceback")).to_contain_text(
        "NameError: name 'message' is not defined"
    )


def test_run_all_runs_cells_in_page_order(page: Any) -> None:
    page.locator(".lf-run-all").click()
    last = page.locator("[data-lf-cell='5']")
    expect(last.locator(".lf-run-state")).to_have_text("Done", timeout=60_000)
    expect(page.locator("[data-lf-cell='2'] .lf-stdout")).to_have_text("HELLO FROM PYODIDE\n")


def test_page_stays_responsive_while_pyodide_loads(page: Any) -> None:
    page.locator("[data-lf-cell='1'] .lf-run-button").click()
    status = page.locator(".lf-run-status")
    expect(status).to_have_attribute("data-state", "loading")
    # While the worker loads Pyodide, the page's own thread answers at once.
    delays = page.evaluate(
        """async () => {
            const delays = [];
            for (let i = 0; i < 10; i++) {
                const start = performance.now();
                await new Promise((resolve) => setTimeout(resolve, 10));
                delays.push(performance.now() - start);
                window.scrollBy(0, 40);
            }
            return delays;
        }"""
    )
    assert status.get_attribute("data-state") == "loading", "Pyodide loaded too fast to tell"
    assert max(delays) < 250, delays
    page.locator(".lf-run-all").focus()  # the page still takes input
    expect(status).to_have_attribute("data-state", "ready", timeout=60_000)
    expect(page.locator("[data-lf-cell='1'] .lf-stdout")).to_have_text("hello from Pyodide\n")


def test_runnable_fence_in_a_note_gets_a_run_button(browser_context: Any, site_url: str) -> None:
    opened = browser_context.new_page()
    try:
        opened.goto(site_url + "notes/runnable/")
        opened.locator(".lf-run-button").click()
        expect(opened.locator(".lf-output .lf-stdout")).to_have_text("45\n", timeout=60_000)
    finally:
        opened.close()


def test_nothing_was_fetched_from_the_network(browser_context: Any, page: Any) -> None:
    run(page, 1)
    assert [url for url in browser_context.blocked if "pyodide" in url] == []


def test_offline_reader_is_told_how_to_self_host(browser_context: Any, site_url: str) -> None:
    # The same page as if it loaded Pyodide from its CDN, which is unreachable here.
    def from_cdn(request_route: Any) -> None:
        body = request_route.fetch().text()
        cdn = "https://cdn.jsdelivr.net/pyodide/v0.0.0/full/"
        body = body.replace('data-pyodide="../../learnfolio/pyodide/"', f'data-pyodide="{cdn}"')
        request_route.fulfill(body=body, content_type="text/html")

    opened = browser_context.new_page()
    try:
        opened.route(site_url + "notes/demo/", from_cdn)
        opened.goto(site_url + "notes/demo/")
        opened.locator("[data-lf-cell='1'] .lf-run-button").click()
        status = opened.locator(".lf-run-status")
        expect(status).to_have_attribute("data-state", "failed", timeout=30_000)
        expect(status).to_contain_text("cdn.jsdelivr.net, which needs the network")
        expect(status).to_contain_text("pyodide: local")
    finally:
        opened.close()
