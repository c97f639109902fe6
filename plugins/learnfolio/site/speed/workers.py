"""Render note pages on every core: MkDocs renders one page at a time, on one.

Turning a page's Markdown into HTML is most of a build, and MkDocs does it in
one process. Once the vault is built and the navigation is known (``on_nav``),
learnfolio forks helper processes that each take a share of the note pages
(every n-th) and do what the MkDocs process would do for them: learnfolio's
Markdown (:func:`~learnfolio.render.render_page`) and MkDocs' own
``Page.render``. They send back the Markdown, the HTML, the table of contents
and what MkDocs logged. The MkDocs process meanwhile renders its own share,
and takes each helper's result in its turn.

The work is speculative and checked: a helper only sees learnfolio's
Markdown, so its HTML is used only when the page's Markdown, after every
plugin's ``on_page_markdown``, is exactly the Markdown the helper converted.
Otherwise the page is rendered again in the MkDocs process, as without
helpers. Every other event still runs in the MkDocs process, in order, for
every page. A helper that fails or dies only means its pages are rendered
in the MkDocs process.

Helpers need ``os.fork`` (Linux, macOS) and a process with no other threads,
so ``mkdocs serve``'s rebuilds (which run beside its web server) and Windows
render in one process; ``workers: 1`` turns helpers off.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, Pipe
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from learnfolio.site.speed.pages import SharedMarkdown
from learnfolio.site.speed.search import MaterialSearch

log = get_plugin_logger(__name__)

MAX_AUTO = 4
"""``workers: auto`` uses one process per core, up to this many."""


@dataclass
class Rendered:
    """What a helper made of one page."""

    src_uri: str
    markdown: str
    """learnfolio's Markdown of the page, which the helper converted."""
    problems: list[Any]
    """What rendering the Markdown reported (``learnfolio.vault.Problem``)."""
    embedded: set[str] = field(default_factory=set)
    """Site paths of the notes the page embeds."""
    content: str = ""
    toc: Any = None
    title: str | None = None
    anchors: set[str] = field(default_factory=set)
    links_to_anchors: dict[str, dict[str, str]] | None = None
    """Links to anchors of other pages, by the other page's ``src_uri``."""
    logs: list[tuple[str, int, str]] = field(default_factory=list)
    """``(logger, level, message)`` of what MkDocs logged while rendering."""
    search: bytes | None = None
    """Material's search entries for ``content``, pickled (kept compact until the page
    is indexed, long after it is rendered); ``None`` without Material's search."""


RenderMarkdown = Callable[[Page], tuple[str, list[Any], set[str]]]
"""Makes learnfolio's Markdown of a page (with its problems and embedded notes), as
``on_page_markdown`` does."""


def process_count(setting: int) -> int:
    """How many processes render pages for a ``workers`` setting (0 is ``auto``).

    ``auto`` counts the cores this process may run on (``taskset``, a
    container's CPU set), not the machine's, less those other work keeps busy
    (the 1-minute load average, this build aside): helpers cost CPU time, and
    save time only on a core that has nothing else to do (``bench/RESULTS.md``).
    """
    if setting:
        return setting
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    busy = max(0, round(os.getloadavg()[0]) - 1) if hasattr(os, "getloadavg") else 0
    return max(1, min((cores or 1) - busy, MAX_AUTO))


def can_fork() -> bool:
    """Whether helpers can start here: ``fork`` exists and no other thread runs."""
    return hasattr(os, "fork") and threading.active_count() == 1


class PageWorkers:
    """Helper processes rendering a share of the pages each, and their results."""

    def __init__(self) -> None:
        self._owner: dict[str, int] = {}
        """Which helper renders each page (by ``src_uri``)."""
        self._links: list[Connection | None] = []
        self._pids: list[int] = []
        self._done: dict[str, Rendered] = {}
        self.adopted = 0
        """Pages whose helper-made HTML was used, in this build."""
        self.waited = 0.0
        """Seconds the MkDocs process spent waiting for helpers, in this build."""

    def start(
        self,
        pages: list[File],
        processes: int,
        markdown_of: RenderMarkdown,
        config: MkDocsConfig,
        files: Files,
        search_html: Callable[[str], str] = str,
    ) -> None:
        """Fork ``processes - 1`` helpers, each with an equal share of ``pages``.

        ``search_html`` is the page's HTML as search should read it (formulas as text).

        A helper also indexes its pages for search, which the MkDocs process
        would do later; in exchange the MkDocs process runs every other event
        of every page. Equal shares keep both about equally busy.
        """
        self.stop()
        if processes < 2 or len(pages) < 2 * processes:
            return
        for k in range(processes - 1):
            share = pages[k + 1 :: processes]
            reader, writer = Pipe(duplex=False)
            pid = os.fork()
            if pid == 0:  # the helper
                reader.close()
                _serve(share, markdown_of, config, files, writer, search_html)  # never returns
            writer.close()
            self._links.append(reader)
            self._pids.append(pid)
            for file in share:
                self._owner[file.src_uri] = k
        log.debug(f"{processes - 1} helper process(es) render {len(self._owner)} pages")

    def owns(self, page: Page) -> bool:
        """Whether a helper renders ``page``."""
        return page.file.src_uri in self._owner

    def result(self, page: Page) -> Rendered | None:
        """The helper's work on ``page``, waiting for it; ``None`` if there is none."""
        uri = page.file.src_uri
        helper = self._owner.get(uri)
        if helper is None:
            return None
        while uri not in self._done:
            link = self._links[helper]
            if link is None:
                return None
            try:
                start = time.perf_counter()
                rendered = link.recv()
                self.waited += time.perf_counter() - start
            except (EOFError, OSError, pickle.UnpicklingError):
                log.debug("a helper process stopped early; its pages render here")
                self._close(helper)
                return None
            if rendered is None:  # the helper could not go on
                self._close(helper)
                return None
            self._done[rendered.src_uri] = rendered
        return self._done[uri]

    def forget(self, page: Page) -> None:
        """Drop ``page``'s result once it is used."""
        self._done.pop(page.file.src_uri, None)
        self._owner.pop(page.file.src_uri, None)

    def stop(self) -> None:
        """End every helper (they end by themselves once their share is sent)."""
        if self._pids:
            log.debug(f"waited {self.waited:.2f} s for helper processes")
        for k in range(len(self._links)):
            self._close(k)
        for pid in self._pids:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self._owner, self._links, self._pids, self._done = {}, [], [], {}

    def reset(self) -> None:
        """A build starts: stop any helpers and count afresh."""
        self.stop()
        self.adopted = 0
        self.waited = 0.0

    def _close(self, helper: int) -> None:
        link = self._links[helper]
        if link is not None:
            link.close()
            self._links[helper] = None
            if helper < len(self._pids):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(self._pids[helper], signal.SIGKILL)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.records.append((record.name, record.levelno, record.getMessage()))


def _serve(
    pages: list[File],
    markdown_of: RenderMarkdown,
    config: MkDocsConfig,
    files: Files,
    link: Connection,
    search_html: Callable[[str], str] = str,
) -> None:
    """The helper's life: render each page, send the result, exit without cleanup."""
    status = 0
    try:
        # What MkDocs logs here goes back with the page, to be logged (and
        # counted by --strict) in the MkDocs process if the page is used.
        capture = _Capture()
        logger = logging.getLogger("mkdocs")
        logger.handlers = [capture]
        logger.propagate = False
        converter = SharedMarkdown()
        for file in pages:
            # Pages outside the nav get their Page object just before MkDocs
            # reads them; the helper makes its own.
            page = file.page if file.page is not None else Page(None, file, config)
            capture.records = []
            markdown, problems, embedded = markdown_of(page)
            page.markdown = markdown
            converter.render(page)
            page.render(config, files)
            anchors = page.links_to_anchors
            content = page.content
            page.content = search_html(content or "")
            search = MaterialSearch.entries_for(page, config)
            page.content = content
            link.send(
                Rendered(
                    page.file.src_uri,
                    markdown,
                    problems,
                    embedded,
                    page.content or "",
                    page.toc,
                    page._title_from_render,
                    set(page.present_anchor_ids or ()),
                    {f.src_uri: dict(a) for f, a in anchors.items()} if anchors else None,
                    capture.records,
                    search,
                )
            )
            page.markdown = page.content = None
    except Exception:  # the MkDocs process renders what is left
        status = 1
        with contextlib.suppress(Exception):
            link.send(None)
    finally:
        link.close()
        os._exit(status)


def adopt(page: Page, rendered: Rendered, files: Files) -> None:
    """Give ``page`` what a helper rendered, as ``Page.render`` would have set it.

    MkDocs sets ``links_to_anchors`` only when it validates anchors (its log
    level is above DEBUG), and so does the helper.
    """
    page.content = rendered.content
    page.toc = rendered.toc
    page._title_from_render = rendered.title
    page.present_anchor_ids = rendered.anchors
    if rendered.links_to_anchors is not None:
        page.links_to_anchors = {}
        for uri, anchors in rendered.links_to_anchors.items():
            target = files.get_file_from_path(uri)
            if target is not None:
                page.links_to_anchors[target] = anchors
    for name, level, message in rendered.logs:
        logging.getLogger(name).log(level, message)
