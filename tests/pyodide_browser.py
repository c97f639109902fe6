"""Drive Debian's Chromium against a site served on 127.0.0.1, with a self-hosted Pyodide.

Shared by the browser tests and the benchmark. Every request that does not go
to the loopback address is blocked, so a page that works here works offline.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from learnfolio.notebooks.options import PYODIDE_VERSION

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PYODIDE_DIR = ROOT / ".cache" / "pyodide" / PYODIDE_VERSION
"""Where ``make pyodide`` unpacks the npm ``pyodide`` package."""


def prepare_pyodide() -> Path:
    """The unpacked npm ``pyodide`` package, fetched with npm if not there yet."""
    if (PYODIDE_DIR / "pyodide.js").exists():
        return PYODIDE_DIR
    if shutil.which("npm") is None:
        raise FileNotFoundError("npm is needed to fetch Pyodide; or run 'make pyodide' first.")
    PYODIDE_DIR.mkdir(parents=True, exist_ok=True)
    package = f"pyodide-{PYODIDE_VERSION}.tgz"
    subprocess.run(
        ["npm", "pack", "--silent", f"pyodide@{PYODIDE_VERSION}"],
        cwd=PYODIDE_DIR,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(["tar", "-xzf", package, "--strip-components=1"], cwd=PYODIDE_DIR, check=True)
    (PYODIDE_DIR / package).unlink()
    return PYODIDE_DIR


def self_host_pyodide(site_dir: Path, folder: str = "assets/pyodide") -> None:
    """Copy Pyodide's files into the built site, as a site owner would (see the README)."""
    shutil.copytree(prepare_pyodide(), site_dir / folder, dirs_exist_ok=True)


class _Handler(http.server.SimpleHTTPRequestHandler):
    # Pyodide loads an ES module and a WebAssembly file: their types must be right.
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve ``site_dir`` on 127.0.0.1 (a free port); yield the base URL."""
    handler = functools.partial(_Handler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def is_loopback(url: str) -> bool:
    """True for URLs of this machine (and the data: and blob: URLs a page makes)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname in ("127.0.0.1", "localhost", "::1")


def chromium_available() -> bool:
    """True when Debian's Chromium is installed."""
    return os.access(CHROMIUM, os.X_OK)
