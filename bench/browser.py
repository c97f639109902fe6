"""Time the graph page's first render in headless Chromium (Debian's, offline)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser import browser_page, serve_dir


def graph_first_render(site_dir: Path) -> float:
    """Seconds from navigation start to the first frame of the graph page's canvas."""
    with serve_dir(site_dir) as url, browser_page() as page:
        page.goto(url + "graph/")
        page.wait_for_function(
            "window.learnfolio && window.learnfolio.graphFirstDraw", timeout=120_000
        )
        # performance.now() counts from navigation start: fetching the page,
        # scripts and graph.json, parsing, building the view, drawing.
        mark = page.evaluate("performance.getEntriesByName('lf-graph-first-draw')[0].startTime")
        return float(mark) / 1000


if __name__ == "__main__":
    print(f"{graph_first_render(Path(sys.argv[1])):.2f} s")
