"""Benchmark the notebook features (not a test): prints figures, asserts nothing.

1. Build time of the example knowledge base with build-time execution on: with a
   cold execution cache (every notebook runs), with a warm one (nothing runs), and
   with execution off.
2. Time from the first click on Run to the first output in a browser, with
   Pyodide self-hosted from its npm package (Debian's Chromium, no network):
   cold (fresh profile, nothing cached), after a reload (files in the HTTP
   cache, Pyodide starts again), and once Pyodide is running.

Usage: ``.venv/bin/python bench/notebooks.py [--runs N]`` from the repository root
(needs ``make pyodide`` or npm, and /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import logging
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from tests.notebooks import PLUGINS, code, md, notebook  # noqa: E402
from tests.pyodide_browser import CHROMIUM, CHROMIUM_FLAGS, is_loopback, self_host_pyodide, serve  # noqa: E402
from tests.sitebuild import build_site  # noqa: E402


def summary(label: str, seconds: list[float]) -> None:
    """Print one line: median, fastest and slowest of ``seconds``."""
    print(
        f"  {label:<44} median {statistics.median(seconds):6.3f} s   "
        f"min {min(seconds):6.3f} s   max {max(seconds):6.3f} s   (n={len(seconds)})"
    )


def build_example(site_dir: Path, cache_dir: Path, execute: bool) -> tuple[float, int]:
    """Build the example into ``site_dir``; return the seconds and the cells executed."""
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir))
    learnfolio = config.plugins["learnfolio"]
    learnfolio.config["cache_dir"] = str(cache_dir)
    learnfolio.config["notebooks"] = {**learnfolio.config["notebooks"], "execute": execute}
    config.plugins["mkdocs-jupyter"].config["cache"] = False  # measure learnfolio's cache only
    config.plugins.on_startup(command="build", dirty=False)
    started = time.perf_counter()
    build(config)
    elapsed = time.perf_counter() - started
    runner = learnfolio.notebooks.runner
    return elapsed, 0 if runner is None else runner.executed_cells


def bench_builds(runs: int, work: Path) -> None:
    print("Build of the example site (3 notebooks, 14 code cells, 40 notes):")
    cold, warm, off = [], [], []
    cells_cold = cells_warm = 0
    for n in range(runs):
        cache = work / f"cache-{n}"
        seconds, cells_cold = build_example(work / "site", cache, execute=True)
        cold.append(seconds)
        seconds, cells_warm = build_example(work / "site", cache, execute=True)
        warm.append(seconds)
        off.append(build_example(work / "site", work / f"off-{n}", execute=False)[0])
    summary(f"execution on, cold cache ({cells_cold} cells run)", cold)
    summary(f"execution on, warm cache ({cells_warm} cells run)", warm)
    summary("execution off", off)


def bench_browser(runs: int, work: Path) -> None:
    from playwright.sync_api import sync_playwright

    site = build_site(
        work / "browser-site",
        {"notes/Demo.ipynb": notebook(md("# Demo"), code("print('first output')"))},
        plugins=PLUGINS,
        options={
            "cache_dir": str(work / "browser-cache"),
            "notebooks": {"pyodide": "assets/pyodide/"},
        },
    )
    self_host_pyodide(site.site_dir)
    cold, reloaded, running, incognito = [], [], [], []
    with serve(site.site_dir) as url, sync_playwright() as playwright:
        for n in range(runs * 2):
            # Half the runs with a fresh profile on disk (as the tests), half in
            # an incognito context (no disk cache at all).
            browser = None
            if n < runs:
                context = playwright.chromium.launch_persistent_context(
                    str(work / f"profile-{n}"), executable_path=CHROMIUM, args=CHROMIUM_FLAGS
                )
            else:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                context = browser.new_context()
            context.route(
                "**/*", lambda r: r.continue_() if is_loopback(r.request.url) else r.abort()
            )
            page = context.new_page()

            def click_to_output(page: object = page) -> float:
                page.goto(url + "notes/demo/")  # type: ignore[attr-defined]
                # A reader reads before clicking: let the page settle (Material's
                # search worker indexes the site just after load).
                page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
                page.wait_for_timeout(1000)  # type: ignore[attr-defined]
                return first_output(page)

            if browser is not None:
                incognito.append(click_to_output())
                browser.close()
                continue
            cold.append(click_to_output())
            reloaded.append(click_to_output())
            running.append(first_output(page))
            context.close()
    print("First click on Run to first output, Pyodide self-hosted (npm package, core only):")
    summary("cold: fresh profile, nothing cached", cold)
    summary("cold: incognito context", incognito)
    summary("after a reload: files in the HTTP cache", reloaded)
    summary("Pyodide already running", running)


_CLICK_TO_OUTPUT = """(cell) => new Promise((resolve) => {
    // Timed in the page: from the click to the moment the output is in the DOM.
    const output = cell.querySelector(".lf-output");
    let started = 0;
    const observer = new MutationObserver(() => {
        if (started && output.querySelector(".lf-stdout")) {
            observer.disconnect();
            resolve((performance.now() - started) / 1000);
        }
    });
    observer.observe(output, { childList: true, subtree: true });
    started = performance.now();
    cell.querySelector(".lf-run-button").click();  // clears the old output at once
})"""


def first_output(page: object) -> float:
    """Click Run on the first cell; the seconds until its output shows."""
    cell = page.locator("[data-lf-cell='1']")  # type: ignore[attr-defined]
    return float(cell.evaluate(_CLICK_TO_OUTPUT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="repetitions of each measure")
    parser.add_argument("--only", choices=["build", "browser"], help="run one benchmark")
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    work = Path(tempfile.mkdtemp(prefix="learnfolio-bench-"))
    steps: list[Callable[[int, Path], None]] = []
    if args.only in (None, "build"):
        steps.append(bench_builds)
    if args.only in (None, "browser"):
        steps.append(bench_browser)
    try:
        for step in steps:
            step(args.runs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
