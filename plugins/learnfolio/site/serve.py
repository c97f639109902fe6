"""``mkdocs serve`` tells the truth: a rebuild that fails shows its error, not stale pages.

MkDocs keeps serving the last site when a rebuild fails, and its watcher stops
for good when a watched folder disappears (a source moved away, a drive
unplugged): the browser keeps showing pages that a clean build could not make.
learnfolio wraps serve's builder so that a failed build replaces every page of
the served site with the messages a clean build would print (the browser
reloads onto them), and watches the folder around each source, so that a
source that goes away triggers that rebuild, and one that comes back is
watched again and rebuilt.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mkdocs.plugins import get_plugin_logger
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from learnfolio.site.speed.platform import request_rebuild

log = get_plugin_logger(__name__)

ERROR_TITLE = "The site could not be built"


class _Collect(logging.Handler):
    """Keep what a build logs at warning level and above: a failed build's reasons."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def tell_the_truth(
    server: Any, site_dir: Path, roots: Iterable[Path], failed: Callable[[], None]
) -> None:
    """Make ``server`` show a failed build's errors, and follow source folders that come and go.

    ``failed`` is called after a build failed (the plugin forgets what it kept
    of the last good build, so the next build is a full one).
    """
    build = server.builder

    def truthful() -> None:
        collect = _Collect()
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(collect)
        try:
            build()
        except (Exception, SystemExit) as exc:  # MkDocs' Abort is a SystemExit
            failed()
            messages = [*collect.messages, str(exc) or type(exc).__name__]
            show_error(site_dir, messages)
            log.error(
                f"{ERROR_TITLE}: {messages[-1]} The served pages show why until it builds again."
            )
        finally:
            mkdocs_log.removeHandler(collect)

    server.builder = truthful
    for root in roots:
        _watch_parent(server, root)


def show_error(site_dir: Path, messages: list[str]) -> None:
    """Replace the served site by a page of ``messages``, at every address a page had."""
    page = _error_page(messages)
    pages = (
        [path for path in site_dir.rglob("*.html") if path.is_file()] if site_dir.exists() else []
    )
    for child in list(site_dir.iterdir()) if site_dir.exists() else []:
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for path in [*pages, site_dir / "index.html", site_dir / "404.html"]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")


def _error_page(messages: list[str]) -> str:
    lines = "\n".join(html.escape(message) for message in messages)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{ERROR_TITLE}</title></head>\n<body>\n<h1>{ERROR_TITLE}</h1>\n"
        f"<pre>{lines}</pre>\n"
        "<p>This is what <code>mkdocs build</code> says now. Fix it and this page "
        "reloads when the site builds again.</p>\n</body></html>\n"
    )


class _SourceFolder(FileSystemEventHandler):
    """Rebuild when a source folder appears or disappears; watch it again when it is back."""

    def __init__(self, server: Any, root: Path) -> None:
        self.server = server
        self.root = os.path.normpath(root)

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = {os.path.normpath(str(p)) for p in (event.src_path, event.dest_path) if p}
        if self.root not in paths:
            return
        if os.path.isdir(self.root):
            # MkDocs' watcher of a folder stops when the folder goes away.
            self.server.unwatch(self.root)
            self.server.watch(self.root)
        request_rebuild(self.server)


def _watch_parent(server: Any, root: Path) -> None:
    observer = getattr(server, "observer", None)
    if observer is None or not root.parent.is_dir():
        return
    observer.schedule(_SourceFolder(server, root), str(root.parent), recursive=False)
