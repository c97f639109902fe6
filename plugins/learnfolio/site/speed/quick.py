"""Quick ``serve`` rebuilds: after an edit to notes, build only the pages it changes.

MkDocs answers every change with a whole build: every page goes through
every plugin event, the template and the disk again, which takes seconds on a
vault of thousands of notes even when learnfolio reuses each page's work
(``incremental.py``). When an edit only changes the text of notes, learnfolio
knows which pages that affects: the notes themselves, the pages whose
backlinks changed, the pages that embed them, and the site's own pages in
``docs_dir`` (the home page counts notes and draws their dates). Everything
else on disk is already what a clean build would write.

So learnfolio wraps ``serve``'s builder. Before each full build it takes a
:class:`Snapshot` of every watched file; on the next change it compares. If
only notes of configured sources changed (not posts, notebooks, attachments,
``docs_dir``, ``mkdocs.yml`` or the theme, and no file came or went), the
plugin rebuilds the vault, checks that its structure (names, titles,
headings, tags) is unchanged, and runs MkDocs' own page pipeline for the
affected pages alone, with the configuration, files, navigation and
templates of the last full build. The search index is put back together in
page order and the browsing data is written again. Anything else, or any
error, falls back to the full build, which is always right.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from learnfolio.site.speed import platform

log = get_plugin_logger(__name__)

Stat = tuple[int, int]
"""A file's modification time (ns) and size."""


@dataclass
class Snapshot:
    """Every file under the watched paths, with its :data:`Stat`."""

    files: dict[str, Stat] = field(default_factory=dict)

    @classmethod
    def take(cls, paths: Iterable[Path], skip: Iterable[Path] = ()) -> Snapshot:
        """Walk ``paths`` (files or folders); hidden files and ``skip`` folders are left out."""
        skipped = {os.path.abspath(p) for p in skip}
        found: dict[str, Stat] = {}
        for path in paths:
            path_text = os.path.abspath(path)
            if os.path.isfile(path_text):
                found[path_text] = _stat(path_text)
                continue
            for folder, dirnames, filenames in os.walk(path_text):
                dirnames[:] = [
                    d
                    for d in dirnames
                    if not d.startswith(".") and os.path.join(folder, d) not in skipped
                ]
                for name in filenames:
                    if not name.startswith("."):
                        full = os.path.join(folder, name)
                        found[full] = _stat(full)
        return cls(found)

    def changed_since(self, before: Snapshot) -> tuple[set[str], bool]:
        """``(paths whose content changed, whether any file came or went)``."""
        if self.files.keys() != before.files.keys():
            return set(), True
        return {path for path, stat in self.files.items() if before.files[path] != stat}, False


def _stat(path: str) -> Stat:
    try:
        stat = os.stat(path)
    except OSError:
        return (-1, -1)
    return (stat.st_mtime_ns, stat.st_size)


@dataclass
class BuildState:
    """What the last full build used, kept to build single pages after it."""

    config: MkDocsConfig
    snapshot: Snapshot
    files: Files | None = None
    nav: Navigation | None = None
    env: jinja2.Environment | None = None
    complete: bool = False
    """Set when the build finished; a failed build is never built upon."""


def rebuild_pages(state: BuildState, pages: list[Page]) -> None:
    """Run MkDocs' page pipeline for ``pages`` alone, as the last full build did.

    Every plugin sees each page's events (``pre_page`` to ``post_page``) in the
    order a full build sends them: all pages are read and rendered, then all
    are written.
    """
    config, files, nav, env = state.config, state.files, state.nav, state.env
    assert files is not None and nav is not None and env is not None
    populate, build = platform.populate_page, platform.build_page
    assert populate is not None and build is not None  # checked by fast_paths()
    for page in pages:
        # A full build makes new Page objects; these are the last build's, so
        # drop what any plugin attached to this one page object last time.
        for name in ("read_source", "render"):
            page.__dict__.pop(name, None)
        populate(page, config, files)
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    for page in pages:
        excluded = page.file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
        build(page, config, doc_files, nav, env, excluded=excluded)


def wrap_builder(server: Any, builder: Callable[[], None], quick: Callable[[], bool]) -> None:
    """Make ``serve`` try ``quick()`` after a change, and its full build when that says no.

    ``server.builder`` is what MkDocs' ``LiveReloadServer`` calls after a change;
    another plugin may have wrapped it already, and its wrapper is kept.
    """
    full = getattr(server, "builder", builder)
    if full is None:
        return

    def quick_or_full() -> None:
        try:
            if quick():
                return
        except Exception as exc:  # any surprise: the full build is always right
            log.warning(f"quick rebuild failed ({exc!r}); building the whole site")
        full()

    server.builder = quick_or_full
