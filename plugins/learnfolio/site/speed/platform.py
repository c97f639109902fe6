"""What the speed machinery takes from MkDocs and Material beyond their documented API.

Everything in ``site/speed/`` that reaches past MkDocs' plugin events does so
through the names below, and only while :func:`fast_paths` says the installed
versions are ones it was tested with:

- MkDocs: ``Page.read_source`` and ``Page.render`` replaced on a page object;
  the ``markdown`` name of ``mkdocs.structure.pages``, through which
  ``Page.render`` makes its converter (``markdown.Markdown``) and which
  :class:`~learnfolio.site.speed.pages.SharedMarkdown` stands in for while a
  page renders;
  what ``Page.render`` sets (``content``, ``toc``, ``_title_from_render``,
  ``present_anchor_ids``, ``links_to_anchors``); ``page.title`` reading an
  empty ``markdown`` as read; the private ``_populate_page`` and ``_build_page``
  of ``mkdocs.commands.build``; ``LiveReloadServer.builder``; its private
  ``_rebuild_cond`` and ``_want_rebuild``, to ask for a rebuild after a
  source folder appeared or disappeared (:func:`request_rebuild`).
- Material: its search plugin's ``search_index`` (``entries``, ``config``,
  ``add_entry_from_context``, ``create_entry_for_section``,
  ``_segment_chinese``), the ``Parser`` class of its search module, whose
  handlers learnfolio calls from a faster reading of the HTML
  (:func:`~learnfolio.site.speed.search.material_sections`), the format of
  ``search/search_index.json`` and its ``enabled`` option, switched off while
  learnfolio writes that file.

On any other version the fast paths switch off, with one line in the log, and
the site is built by MkDocs' and Material's own code: slower, the same pages.

Python-Markdown's raw-HTML postprocessor is written around in ``rawhtml.py``,
on the Python-Markdown releases that module names (it checks them itself, as
it runs inside any converter, with or without the other fast paths).

A benchmark switch, read here and nowhere else, turns off the two mechanisms
that have no option, to measure what they save (``bench/mechanisms.py``):
``LEARNFOLIO_BENCH_OFF=quick`` (``serve`` builds the whole site after every
change, reusing unchanged pages), ``LEARNFOLIO_BENCH_OFF=search`` (Material
indexes every page and writes its index itself), or both, comma-separated.
The site is the same either way.
ProperDocs 1.6 maps ``import mkdocs`` onto itself and reports its own 1.6
version, so it counts as MkDocs 1.6.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)

TESTED_MKDOCS = ("1.6",)
"""MkDocs releases (major.minor) whose internals the fast paths were tested with."""
TESTED_MATERIAL = ("9.7", "9.8")
"""Material for MkDocs releases (major.minor) whose search index learnfolio was tested with."""
BENCH_OFF = "LEARNFOLIO_BENCH_OFF"
"""The benchmark switch: an environment variable naming mechanisms to leave out."""


def _private(module: str, name: str) -> Callable[..., Any] | None:
    """A private function of MkDocs, or ``None`` when this version has no such name."""
    try:
        found = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None
    return found if callable(found) else None


populate_page = _private("mkdocs.commands.build", "_populate_page")
"""MkDocs' own reading and rendering of one page (``None`` if this MkDocs lacks it)."""
build_page = _private("mkdocs.commands.build", "_build_page")
"""MkDocs' own templating and writing of one page (``None`` if this MkDocs lacks it)."""


def mkdocs_version() -> str:
    """The installed MkDocs' version (ProperDocs' under ProperDocs)."""
    import mkdocs

    return str(getattr(mkdocs, "__version__", "unknown"))


def material_version() -> str | None:
    """The installed Material for MkDocs' version, or ``None`` when it is not installed."""
    try:
        import material
    except ImportError:
        return None
    return str(getattr(material, "__version__", "unknown"))


def _tested(version: str | None, releases: tuple[str, ...]) -> bool:
    return version is not None and any(
        version == release or version.startswith(release + ".") for release in releases
    )


@dataclass(frozen=True)
class FastPaths:
    """Which internals the fast paths may use in this build."""

    mkdocs: bool
    """MkDocs' internals: swapped page methods, helper processes, reuse, quick rebuilds."""
    material: bool
    """Material's search index: entries made elsewhere, the index written by learnfolio."""
    quick: bool = False
    """Quick ``serve`` rebuilds of the pages an edit affects (needs ``mkdocs`` too)."""
    reason: str = ""
    """Why some are off, for the log (empty when all are on)."""


def fast_paths() -> FastPaths:
    """What the installed MkDocs and Material (and the benchmark switch) let the fast paths use."""
    mkdocs, material = mkdocs_version(), material_version()
    off = {name.strip() for name in os.environ.get(BENCH_OFF, "").split(",")}
    pages = _tested(mkdocs, TESTED_MKDOCS) and None not in (populate_page, build_page)
    search = _tested(material, TESTED_MATERIAL)
    unknown = []
    if not pages:
        unknown.append(f"MkDocs {mkdocs} (tested: {', '.join(TESTED_MKDOCS)})")
    if not search and material is not None:
        unknown.append(f"Material {material} (tested: {', '.join(TESTED_MATERIAL)})")
    reason = ""
    if unknown:
        reason = (
            f"fast paths off for {' and '.join(unknown)}; "
            "the site builds with their own code, more slowly"
        )
    return FastPaths(pages, search and "search" not in off, pages and "quick" not in off, reason)


def check_fast_paths() -> FastPaths:
    """The fast paths of this build, with one INFO line when some are off (``--strict`` passes)."""
    paths = fast_paths()
    if paths.reason:
        log.info(paths.reason)
    return paths


def request_rebuild(server: Any) -> bool:
    """Ask MkDocs' ``LiveReloadServer`` for a rebuild, as a changed file does.

    MkDocs' own watcher ignores folder events, so a source folder that
    disappears or comes back would go unnoticed. Returns ``False`` when this
    server has no such machinery (another MkDocs version): nothing happens.
    """
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_want_rebuild"):
        return False
    with condition:
        server._want_rebuild = True
        condition.notify_all()
    return True
