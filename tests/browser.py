"""Serve a built site on 127.0.0.1 and drive Debian's Chromium with Playwright, offline.

Chromium starts with the flags DESIGN.md lists and a fresh profile, and every
request that does not go to the loopback address is aborted, so a test fails
if the site needs the network.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    # Pyodide loads an ES module and a WebAssembly file: their types must be right.
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


def require_chromium() -> None:
    """Skip a browser test module without Chromium, except in CI, where it is an error."""
    import pytest

    if os.access(CHROMIUM, os.X_OK):
        return
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: apt-get install -y chromium")
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)


def is_loopback(url: str) -> bool:
    """True for URLs of this machine (and the data:, blob: and about: URLs a page makes)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname in ("127.0.0.1", "localhost", "::1")


@contextmanager
def serve_dir(root: Path) -> Iterator[str]:
    """Serve ``root`` on a free port of 127.0.0.1; yield the base URL."""
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _only_loopback(route: Any) -> None:
    if is_loopback(route.request.url):
        route.continue_()
    else:
        route.abort()


def open_page(browser: Any, viewport: tuple[int, int], *, touch: bool = False) -> Any:
    """A page in a new context of ``browser`` that can reach only 127.0.0.1.

    ``touch`` makes it a phone's: a touch screen (``page.touchscreen``), no hover.
    Errors the page raises collect in ``page.errors``.
    """
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]},
        has_touch=touch,
        is_mobile=touch,
    )
    context.route("**/*", _only_loopback)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    return page


@contextmanager
def browser_page(viewport: tuple[int, int] = (1400, 900), *, touch: bool = False) -> Iterator[Any]:
    """A Playwright page in a fresh headless Chromium that can reach only 127.0.0.1."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield open_page(browser, viewport, touch=touch)
        finally:
            browser.close()
