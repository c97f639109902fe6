"""`mkdocs serve` for real: an edit in a source folder rebuilds the site."""

from __future__ import annotations

import html
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


def test_a_source_folder_that_goes_away_shows_the_build_error_until_it_is_back(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "docs/index.md": "# Home\n",
            "notes/Gradient.md": "The gradient.\n",
            "notes/Descent.md": "Steps against the [[Gradient]].\n",
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
        _wait_for(url, lambda html: "The gradient." in html)
        time.sleep(1.2)
        (tmp_path / "notes").rename(tmp_path / "away")
        # What a clean build says now, word for word.
        clean = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "out")],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert clean.returncode != 0
        said = next(line for line in clean.stderr.splitlines() if "does not exist" in line)
        said = said.split(" - ", 1)[-1].strip()  # without the log level's prefix
        page = _wait_for(url, lambda html: "could not be built" in html)
        assert html.escape(said) in page and "The gradient." not in page
        assert "livereload" in page  # the browser reloads when the folder is back
        home = _get(f"http://127.0.0.1:{port}/")
        assert "could not be built" in home
        time.sleep(1.2)
        (tmp_path / "away").rename(tmp_path / "notes")
        page = _wait_for(url, lambda html: "The gradient." in html)
        assert "could not be built" not in page and "lf-backlinks" in page
        # Watched again: an edit in the folder that came back rebuilds.
        time.sleep(1.2)
        (tmp_path / "notes/Gradient.md").write_text("The new gradient.\n", encoding="utf-8")
        _wait_for(url, lambda html: "The new gradient." in html)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
