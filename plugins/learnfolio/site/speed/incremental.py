"""Incremental rebuilds under ``mkdocs serve``: re-render only the pages an edit affects.

MkDocs rebuilds the whole site after every change, and ``--dirty`` skips
pages by file time alone, which leaves backlinks stale. learnfolio decides
for itself. A note's page is a function of the vault's *structure* (which
notes exist, their paths, titles, aliases, headings, blocks, tags; the site's
configuration) and of a few inputs of its own: its note, the notes it embeds,
and its backlinks. After an edit:

- if the structure changed (a title, a heading, a note added, deleted or made
  private, ``mkdocs.yml``), every page is built again, as in a clean build;
- otherwise a page whose own inputs are unchanged reuses the previous build's
  work: its Markdown, its HTML, its rendered template and its search entries,
  while every plugin event still runs for it, so other plugins see every page.

Reuse happens at three points MkDocs 1.6 leaves open: ``page.read_source`` and
``page.render`` are replaced on the page object in ``on_pre_page``, and the
template is swapped for one that prints the previous output (captured before
any ``on_post_page`` handler, so they all run again as usual). Material's
search plugin parses every page's HTML on every build; a reused page's entries
from last time are handed to :class:`~learnfolio.site.speed.search.MaterialSearch`
instead.

Only pages of notes from configured sources are reused; pages of ``docs_dir``,
generated pages and notebooks are always built, since other plugins own them.
This object is a small MkDocs plugin of its own, added by learnfolio in
``on_config``, so ``site/plugin.py`` stays a list of events.
"""

from __future__ import annotations

import copy
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from types import MethodType
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from learnfolio.model import Note
from learnfolio.settings import Settings
from learnfolio.site.speed.search import MaterialSearch
from learnfolio.vault import Entry, Problem, Vault

log = get_plugin_logger(__name__)

TEMPLATE = "learnfolio-reused-page.html"
"""A template that prints a page's previous output, registered in ``on_env``."""
NAME = "learnfolio/incremental"


@dataclass
class PageWork:
    """What building one page produced, kept to be reused after an edit elsewhere."""

    note: Note
    """The note the page was built from; the parse cache keeps it while the file is unchanged."""
    backlinks: tuple[object, ...]
    """The page's backlinks (linking page, title, contexts) when it was built."""
    embedded: tuple[tuple[str, Note], ...] = ()
    """The notes embedded in the page, at any depth."""
    problems: tuple[Problem, ...] = ()
    """What rendering the page reported, reported again when it is reused."""
    source: tuple[str, Any] | None = None
    """``page.markdown`` and ``page.meta`` after reading the source."""
    markdown: str | None = None
    """learnfolio's rewritten Markdown."""
    html: dict[str, Any] | None = None
    """What ``page.render`` set: content, toc, title, anchors."""
    output: str | None = None
    """The rendered template, before any ``on_post_page`` handler."""
    search: list[Any] | None = None
    """Material's search entries for the page."""

    @property
    def complete(self) -> bool:
        """True when every stage was captured (a failed build leaves gaps)."""
        return None not in (self.source, self.markdown, self.html, self.output)


def backlinks_key(vault: Vault, entry: Entry) -> tuple[object, ...]:
    """The backlinks of ``entry`` as plain values, to compare across builds."""
    return tuple(
        (b.source.dest, b.source.title, b.contexts, b.more) for b in vault.backlinks_of(entry)
    )


def structure_key(vault: Vault, settings: Settings, config: MkDocsConfig) -> tuple[object, ...]:
    """Everything every page depends on; when it changes, every page is built again."""
    entries: list[tuple[object, ...]] = []
    for entry in vault.entries:
        note = entry.note
        if note is None:
            entries.append((entry.dest, str(entry.file.abs_path)))
            continue
        headings = tuple((h.level, h.text, h.anchor) for h in note.headings)
        blocks = tuple(b.id for b in note.blocks)
        where = (entry.dest, str(entry.file.abs_path))
        names = (note.title, note.display_title, note.aliases)
        # Tags list notes on tag pages, which only a full build writes again.
        entries.append((*where, *names, headings, blocks, note.tags, note.visibility))
    macros = settings.math_macros
    return (
        _config_digest(config),
        # Every formula of every page reads the user's macros.
        macros.read_bytes() if macros is not None and macros.is_file() else b"",
        repr(settings),
        tuple(entries),
        tuple(vault.tags),
        vault.hidden_names,
        # Prerequisites and statuses show on other notes' pages and on path pages.
        vault.prerequisites.key,
    )


def _config_digest(config: MkDocsConfig) -> str:
    digest = hashlib.blake2b(digest_size=16)
    path = config.config_file_path
    if path and os.path.exists(path):
        digest.update(Path(path).read_bytes())
    custom = config.theme.custom_dir
    if custom and os.path.isdir(custom):
        for folder, _, names in sorted(os.walk(custom)):
            for name in sorted(names):
                stat = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()


class IncrementalBuild(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Keeps each note page's work between ``serve`` rebuilds and reuses what still holds."""

    def __init__(self) -> None:
        self._work: dict[str, PageWork] = {}
        self._structure: tuple[object, ...] | None = None
        self._nav: tuple[object, ...] | None = None
        self.reused: set[str] = set()
        """Pages (by ``src_uri``) that reuse the previous build's work in this build."""
        self.built = 0
        """Pages built from scratch in the last build (notes of configured sources only)."""
        self._last_key: tuple[Vault, tuple[object, ...]] | None = None
        self.search: MaterialSearch | None = None
        """The owner of Material's search index, when the site has it."""

    # -- planning (called by learnfolio's on_files) ----------------------------

    def same_structure(self, vault: Vault, settings: Settings, config: MkDocsConfig) -> bool:
        """True when ``vault`` has the structure the last build planned with."""
        key = self._structure_of(vault, settings, config)
        return self._structure is not None and key == self._structure

    def _structure_of(
        self, vault: Vault, settings: Settings, config: MkDocsConfig
    ) -> tuple[object, ...]:
        # Computed once per vault: the quick path asks before it plans.
        if self._last_key is None or self._last_key[0] is not vault:
            self._last_key = (vault, structure_key(vault, settings, config))
        return self._last_key[1]

    @property
    def rebuilt(self) -> set[str]:
        """Note pages (by ``src_uri``) that the last plan builds from scratch."""
        return set(self._work) - self.reused

    def plan(self, vault: Vault, settings: Settings, config: MkDocsConfig) -> None:
        """Decide which pages can be reused, now that the vault of this build is known."""
        structure = self._structure_of(vault, settings, config)
        if structure != self._structure:
            self._work.clear()
            self._structure = structure
        work: dict[str, PageWork] = {}
        reused: set[str] = set()
        for entry in vault.notes:
            if entry.file.source.is_docs or entry.note is None:
                continue
            backlinks = backlinks_key(vault, entry)
            old = self._work.get(entry.dest)
            if (
                old is not None
                and old.complete
                and old.note is entry.note
                and old.backlinks == backlinks
                and all(_same_note(vault, dest, note) for dest, note in old.embedded)
            ):
                work[entry.dest] = old
                reused.add(entry.dest)
            else:
                work[entry.dest] = PageWork(entry.note, backlinks)
        self._work = work
        self.reused = reused
        self.built = len(work) - len(reused)

    def keep_markdown(
        self, page: Page, vault: Vault, markdown: str, problems: list[Problem], embedded: set[str]
    ) -> None:
        """Remember learnfolio's Markdown of a page it just rendered."""
        work = self._work.get(page.file.src_uri)
        if work is None or page.file.src_uri in self.reused:
            return
        work.markdown = markdown
        work.problems = tuple(problems)
        work.embedded = tuple(
            (dest, vault.by_dest[dest].note)  # type: ignore[misc]
            for dest in sorted(embedded)
            if dest in vault.by_dest and vault.by_dest[dest].note is not None
        )

    def reused_work(self, page: Page) -> PageWork | None:
        """The previous work of ``page`` if it is reused in this build."""
        if page.file.src_uri in self.reused:
            return self._work[page.file.src_uri]
        return None

    # -- MkDocs events ------------------------------------------------------------

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """Give a reused page its previous source and HTML instead of reading and rendering."""
        work = self._work.get(page.file.src_uri)
        if work is None:
            return page
        if page.file.src_uri not in self.reused:
            original = page.read_source

            def read_and_keep(this: Page, config: MkDocsConfig) -> None:
                original(config)
                assert this.markdown is not None
                work.source = (this.markdown, copy.deepcopy(this.meta))

            page.read_source = MethodType(read_and_keep, page)  # type: ignore[method-assign]
            return page

        def read_again(this: Page, config: MkDocsConfig) -> None:
            assert work.source is not None
            this.markdown, this.meta = work.source[0], copy.deepcopy(work.source[1])
            this.meta["template"] = TEMPLATE
            this.learnfolio_output = work.output  # type: ignore[attr-defined]

        def render_again(this: Page, config: MkDocsConfig, files: Files) -> None:
            assert work.html is not None
            for name, value in work.html.items():
                setattr(this, name, value)

        page.read_source = MethodType(read_again, page)  # type: ignore[method-assign]
        page.render = MethodType(render_again, page)  # type: ignore[method-assign]
        if self.search is not None and work.search is not None:
            self.search.know(page, work.search)
        return page

    @event_priority(100)
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Keep what ``page.render`` produced, before any plugin changes it."""
        work = self._work.get(page.file.src_uri)
        if work is not None and page.file.src_uri not in self.reused:
            work.html = {
                "content": html,
                "toc": page.toc,
                "_title_from_render": page._title_from_render,
                "present_anchor_ids": page.present_anchor_ids,
                "links_to_anchors": page.links_to_anchors,
            }
        return html

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        """Add the template that prints a reused page's previous output."""
        loader = jinja2.DictLoader({TEMPLATE: "{{ page.learnfolio_output }}"})
        if env.loader is not None:
            env.loader = jinja2.ChoiceLoader([loader, env.loader])
        return env

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Pages share the nav: if its shape changed, no page's output can be reused."""
        shape = tuple(_nav_shape(nav.items))
        if self._nav is not None and shape != self._nav:
            self.reused = set()
            self.built = len(self._work)
        self._nav = shape
        return nav

    @event_priority(100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Keep the rendered template (and search entries) of a page built from scratch."""
        work = self._work.get(page.file.src_uri)
        if work is not None and page.file.src_uri not in self.reused:
            work.output = output
            if self.search is not None:
                work.search = self.search.entries_of(page)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Say how much was reused, for anyone timing ``serve``."""
        log.debug(f"built {self.built} note pages, reused {len(self.reused)}")


def _same_note(vault: Vault, dest: str, note: Note) -> bool:
    entry = vault.by_dest.get(dest)
    return entry is not None and entry.note is note


def _nav_shape(items: list[Any]) -> list[object]:
    shape: list[object] = []
    for item in items:
        children = getattr(item, "children", None)
        shape.append((type(item).__name__, item.title, getattr(item, "url", None)))
        if children:
            shape.append(tuple(_nav_shape(children)))
    return shape
