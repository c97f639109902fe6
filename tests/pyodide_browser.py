"""Drive Debian's Chromium against a site served on 127.0.0.1, with a self-hosted Pyodide.

Shared by the browser tests and the benchmark. Every request that does not go
to the loopback address is blocked, so a page that works here works offline.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from learnfolio.notebooks.options import PYODIDE_VERSION
from tests.browser import CHROMIUM, FLAGS, is_loopback, require_chromium, serve_dir

CHROMIUM_FLAGS = FLAGS
"""The flags DESIGN.md lists, as the notebook tests and benchmark name them."""
serve = serve_dir
__all__ = [
    "CHROMIUM",
    "CHROMIUM_FLAGS",
    "is_loopback",
    "prepare_pyodide",
    "require_chromium",
    "self_host_pyodide",
    "serve",
]

ROOT = Path(__file__).resolve().parents[1]
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
