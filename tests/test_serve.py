"""`mkdocs serve` for real: an edit in a source folder rebuilds the site."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml

from tests.sitebuild import write_tree


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def _wait_for(url: str, predicate: object, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            last = _get(url)
            if callable(predicate) and predicate(last):
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {url}; last page:\n{last[-2000:]}")


def test_editing_a_note_in_a_source_rebuilds_pages_and_backlinks(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "docs/index.md": "# Home\n",
            "notes/Gradient.md": "The gradient.\n",
            "notes/Descent.md": "Steps downhill.\n",
        },
    )
    config = {
        "site_name": "Serve test",
        "theme": {"name": "material"},
        "plugins": [{"learnfolio": {"sources": [{"path": "notes", "mount": "notes"}]}}],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/notes/gradient/"
        page = _wait_for(url, lambda html: "The gradient." in html)
        assert "lf-backlinks" not in page
        assert "livereload" in page  # the browser reloads after a rebuild
        time.sleep(1.2)  # let the watcher settle so the edit gets a new mtime
        (tmp_path / "notes/Descent.md").write_text(
            "Steps against the [[Gradient]].\n", encoding="utf-8"
        )
        page = _wait_for(url, lambda html: "lf-backlinks" in html)
        assert "Steps against the Gradient." in page
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
