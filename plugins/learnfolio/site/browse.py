"""The graph page, the explorer and link previews: their files, scripts and data.

The graph and the explorer are computed from the vault in ``on_files`` (they
need no rendered page); previews are cut from each page's HTML as it is
rendered (:meth:`Browse.cut_preview`) and gathered once every page is. All
of it is written into the site as JSON the scripts fetch: one file for the
graph, one for the explorer, and previews in shards. Pages carry none of it,
so an edit that changes a link rewrites these files but no other page, and
every page stays the size of its own note.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from learnfolio.browse.explorer import build_tree, explorer_json
from learnfolio.browse.graph import build_graph, graph_json, seed_layout
from learnfolio.browse.previews import (
    linked_anchors,
    page_preview,
    preview_size,
    shard_previews,
)
from learnfolio.cards import SiteCard
from learnfolio.model import Note
from learnfolio.render.links import tag_page_path
from learnfolio.settings import Settings
from learnfolio.site.files import generated_file
from learnfolio.site.math import math_as_text, typeset
from learnfolio.site.review import cards_data
from learnfolio.typeset.macros import NO_MACROS, Macros
from learnfolio.vault import Entry, Vault
from learnfolio.vault.translations import language_name, note_language

ASSETS = Path(__file__).parent / "assets"
SCRIPTS = ("learnfolio.js", "graph.js", "explorer.js", "previews.js", "languages.js", "review.js")
"""The project's own scripts, in load order (``learnfolio.js`` holds what they share)."""
CONFIG_JS = "assets/learnfolio/config.js"
BUNDLE_JS = "assets/learnfolio/bundle.js"
"""The scripts of :data:`SCRIPTS` in one file: one request for a reader, one tag per page."""
DATA = "learnfolio"
"""Site folder of the JSON data files."""
_URL_SET = {"url", "dest_uri", "name"}
"""``File`` attributes that, once set or computed, a page's URL is read from."""

GRAPH_PAGE = """---
title: Graph
hide:
  - toc
search:
  exclude: true
---

# Graph

<div class="lf-graph lf-graph-full" data-lf-graph="full">
<noscript>The graph needs JavaScript; each source's index page lists its notes.</noscript>
</div>
"""


def add_scripts(config: MkDocsConfig) -> None:
    """List the scripts in ``extra_javascript``, the generated config first."""
    listed = {str(script) for script in config.extra_javascript}
    for url in (CONFIG_JS, BUNDLE_JS):
        if url not in listed:
            config.extra_javascript.append(url)


def script_bundle() -> str:
    """:data:`SCRIPTS` one after the other, as the browser would run them from their own tags.

    Each is a function that runs at once; one that throws must not keep the
    next from running, as it would not with a tag of its own.
    """
    parts = []
    for name in SCRIPTS:
        code = (ASSETS / name).read_text(encoding="utf-8")
        parts.append(
            f"/* learnfolio: {name} */\ntry {{\n{code}\n}} catch (error) {{\n"
            f'  console.error("learnfolio: {name}:", error);\n}}\n'
        )
    return "\n".join(parts)


class Browse:
    """Builds and writes the graph, explorer and preview data of one site.

    Under ``mkdocs serve`` the object lives across rebuilds and keeps what it
    computed: each page's preview, and the graph and explorer data with the
    inputs they were computed from, reused while those inputs are equal.
    """

    def __init__(self) -> None:
        self._previews: dict[str, _Preview] = {}
        """Each page's preview, by its ``src_uri``, as its last rendering cut it."""
        self.keep_html = False
        """Keep each page's HTML with its preview, to know it unchanged after a rebuild."""
        self._languages: dict[int, tuple[Note, str | None]] = {}
        self.languages: dict[str, str] = {}
        self.cards: list[SiteCard] = []
        """The site's flashcards, for the Review page (set by the plugin each build)."""
        self.macros: Macros = NO_MACROS
        """Pages in another language than the site's: their language, by site path."""
        self._shards: tuple[list[tuple[str, object]], list[dict[str, object]]] | None = None
        self._graph: tuple[tuple[object, ...], Vault, dict[str, object]] | None = None
        self._layout: tuple[tuple[str, ...], list[tuple[float, float]]] | None = None
        self._explorer: tuple[tuple[object, ...], dict[str, object]] | None = None
        self._urls: dict[tuple[str, bool], str] = {}
        self._pending: dict[str, object] = {}
        self._linked: dict[str, frozenset[str]] = {}
        """The anchors links name, by target site path: their sections get previews."""
        self._config: dict[str, object] = {}
        self._written: dict[str, object] = {}
        self._same_structure = False

    def add_files(self, files: Files, config: MkDocsConfig, settings: Settings) -> None:
        """Add the graph page and the scripts to ``files``.

        The data is computed later (:meth:`compute`), once every plugin has
        given its pages their final URLs: posts and notebooks move.
        """
        generated = settings.cache_dir / "generated"
        if settings.graph and files.get_file_from_path(settings.graph_page) is None:
            files.append(
                generated_file(settings.graph_page, GRAPH_PAGE, generated, config, in_nav=True)
            )
        files.append(generated_file(BUNDLE_JS, script_bundle(), generated, config, in_nav=False))

    def compute(
        self, vault: Vault, files: Files, settings: Settings, *, same_structure: bool = False
    ) -> None:
        """Compute the data of ``vault`` to write, with URLs from ``files``.

        ``same_structure`` says the vault's notes, titles, folders and tags are
        those of the last call (a quick rebuild): the explorer is kept as it is,
        and the graph unless a link changed.
        """
        self._same_structure = same_structure
        urls: dict[str, str] = {}

        def url_of(dest: str) -> str:
            url = urls.get(dest)
            if url is None:
                url = urls[dest] = self._url(files, dest)
            return url

        def tag_url(tag: str) -> str:
            return url_of(tag_page_path(tag, settings.tags_folder))

        def index_of(mount: str) -> str | None:
            dest = f"{mount}/index.md" if mount else "index.md"
            return url_of(dest) if files.get_file_from_path(dest) is not None else None

        pending: dict[str, object] = {}
        graph_url: str | None = None
        if settings.graph or settings.local_graph:
            pending["graph.json"] = self._graph_data(vault, url_of, tag_url, settings.graph_tags)
            graph_url = url_of(settings.graph_page) if settings.graph else None
        if settings.explorer:
            pending["explorer.json"] = self._explorer_data(vault, url_of, index_of)
        # Previews are cut as pages render (cut_preview), with a section of their
        # own for each anchor a link names; they are gathered in compute_previews.
        self._linked = linked_anchors(vault) if settings.previews else {}
        pending.update((k, v) for k, v in self._pending.items() if k.startswith("previews/"))
        if self.cards:
            pending["cards.json"] = cards_data(vault, self.cards, url_of, self.macros)
        languages = self._languages_data(vault, url_of, settings.language or "en")
        if languages is not None:
            pending["languages.json"] = languages
        self._pending = pending
        self._config = {
            "data": f"{DATA}/",
            "graph": graph_url,
            "localGraph": settings.local_graph if (settings.graph or settings.local_graph) else 0,
            "hasGraph": "graph.json" in pending,
            "explorer": settings.explorer,
            "previewShards": self._config.get("previewShards", 0),
            "languages": languages is not None,
            "review": bool(self.cards),
        }

    def cut_preview(self, src_uri: str, url: str, title: str, html: str) -> None:
        """Cut the preview of the page ``src_uri`` at ``url`` from its rendered ``html``.

        ``html`` holds its formulas as TeX: only those a preview shows are
        typeset (with :attr:`macros`). The same HTML, URL and title give the
        same preview: a rebuild that renders the page the same way reuses it.
        """
        sections = self._linked.get(src_uri, frozenset())
        last = self._previews.get(src_uri)
        macros = self.macros
        if last is not None and (
            last.html,
            last.url,
            last.title,
            last.sections,
            last.macros,
        ) == (html, url, title, sections, macros):
            return
        record = page_preview(
            html,
            url,
            title,
            sections=sections,
            maths=lambda cut: typeset(cut, None, macros),
            maths_text=lambda text: math_as_text(text, macros),
        )
        kept = html if self.keep_html else None
        self._previews[src_uri] = _Preview(
            kept, url, title, sections, macros, record, preview_size(record)
        )

    def compute_previews(self, vault: Vault, files: Files, settings: Settings) -> None:
        """Gather the previews of the vault's pages into shards to write, once every page rendered.

        A page that did not render (it failed) has no preview.
        """
        for rel in [rel for rel in self._pending if rel.startswith("previews/")]:
            del self._pending[rel]
        shards: list[dict[str, object]] = []
        if settings.previews:
            shards = self._preview_shards(vault, files)
        for n, shard in enumerate(shards):
            self._pending[f"previews/{n}.json"] = shard
        self._config["previewShards"] = len(shards)

    def _url(self, files: Files, dest: str) -> str:
        """The URL of the site file at ``dest`` (``dest`` itself if there is none)."""
        found = files.src_uris.get(dest) or files.get_file_from_path(dest)
        if found is None:
            url = unquote(dest)
        elif type(found) is File and not _URL_SET.intersection(vars(found)):
            # A plain File's URL is a function of its path and of
            # use_directory_urls, until someone sets it: compute it once per
            # serve session, not once per rebuild for every page.
            key = (found.src_uri, found.use_directory_urls)
            if key not in self._urls:
                self._urls[key] = unquote(found.url)
            url = self._urls[key]
        else:
            url = unquote(found.url)
        return "" if url in ("./", ".") else url

    def _graph_data(
        self,
        vault: Vault,
        url_of: Callable[[str], str],
        tag_url: Callable[[str], str],
        with_tags: bool,
    ) -> dict[str, object]:
        # The graph is a function of each note's node (URL, title, source,
        # tags, folder), of the links between notes and of the tags' URLs:
        # reuse the last one while these are equal.
        last = self._graph
        unchanged = self._same_structure and last is not None
        if (
            unchanged
            and last is not None
            and not vault.changes_since(last[1]).links_changed
            and vault.prerequisites.key == last[1].prerequisites.key
        ):
            self._graph = (last[0], vault, last[2])
            return last[2]
        nodes = tuple(
            (e.dest, url_of(e.dest), e.title, *_source_key(e), e.folder, _tags_of(e))
            for e in vault.notes
        )
        tags = tuple((tag, tag_url(tag) if with_tags else "") for tag in vault.tags)
        # Arrows and status rings: requires and statuses are not links.
        key = (with_tags, nodes, tags, vault.prerequisites.key)
        last = self._graph
        if last is not None and last[0] == key and not vault.changes_since(last[1]).links_changed:
            self._graph = (key, vault, last[2])
            return last[2]
        graph = build_graph(vault, url_of, with_tags=with_tags, tag_url=tag_url)
        groups = tuple(node.group for node in graph.nodes)
        if self._layout is None or self._layout[0] != groups:
            self._layout = (groups, seed_layout(graph))
        data = graph_json(graph, self._layout[1])
        self._graph = (key, vault, data)
        return data

    def _explorer_data(
        self,
        vault: Vault,
        url_of: Callable[[str], str],
        index_of: Callable[[str], str | None],
    ) -> dict[str, object]:
        # The tree is a function of each note's source, folder, title and URL.
        if self._same_structure and self._explorer is not None:
            return self._explorer[1]
        mounts = {e.file.source.mount for e in vault.notes}
        notes = tuple(
            (*_source_key(e), e.folder, e.dest, e.title, url_of(e.dest)) for e in vault.notes
        )
        key = (
            notes,
            tuple(sorted((mount, index_of(mount) or "") for mount in mounts)),
        )
        if self._explorer is None or self._explorer[0] != key:
            self._explorer = (key, explorer_json(build_tree(vault, url_of, index_of)))
        return self._explorer[1]

    def _preview_shards(self, vault: Vault, files: Files) -> list[dict[str, object]]:
        # Shards are keyed by the page's URL as the scripts see it (decoded).
        # They are reused while every URL and record is the same: kept
        # records are the same objects, so comparing them costs nothing.
        records: list[tuple[str, dict[str, object], int]] = []
        for entry in vault.notes:
            preview = self._previews.get(entry.dest)
            linked = self._linked.get(entry.dest, frozenset())
            if preview is not None and preview.html is not None and preview.sections != linked:
                # Under serve, a page not rendered again whose sections other
                # pages now link to: cut again from its HTML, as a full build would.
                self.cut_preview(entry.dest, preview.url, preview.title, preview.html)
                preview = self._previews[entry.dest]
            if preview is not None:
                records.append((self._url(files, entry.dest), preview.record, preview.size))
        key: list[tuple[str, object]] = [(url, record) for url, record, _ in records]
        if self._shards is None or self._shards[0] != key:
            pairs = [(url, record) for url, record, _ in records]
            shards = shard_previews(pairs, [size for _, _, size in records])
            if self._shards is not None and len(self._shards[1]) == len(shards):
                # Keep each unchanged shard the same object: it need not be written again.
                old = self._shards[1]
                shards = [old[n] if old[n] == shard else shard for n, shard in enumerate(shards)]
            self._shards = (key, shards)
        return self._shards[1]

    def _languages_data(
        self, vault: Vault, url_of: Callable[[str], str], site_language: str
    ) -> dict[str, object] | None:
        """Which pages are in another language than the site's, for search to filter by.

        ``None`` when every page is in the site's language: search then offers no choice.
        """
        kept: dict[int, tuple[Note, str | None]] = {}
        pages: dict[str, str] = {}
        languages: dict[str, str] = {}
        for entry in vault.notes:
            note = entry.note
            assert note is not None
            cached = self._languages.get(id(note))
            if cached is None or cached[0] is not note:
                cached = (note, note_language(note))
            kept[id(note)] = cached
            lang = cached[1]
            if lang is not None and lang.lower() != site_language.lower():
                pages[url_of(entry.dest)] = languages[entry.dest] = lang
        self._languages = kept
        self.languages = languages
        if not pages:
            return None
        codes = [site_language, *sorted(set(pages.values()) - {site_language})]
        return {
            "site": site_language,
            "names": {code: language_name(code) for code in codes},
            "pages": pages,
        }

    def write_data_early(self, config: MkDocsConfig) -> None:
        """Write the graph and explorer data now and let go of them (a one-off
        build: the site folder is already cleaned, and nothing changes them
        before the end; previews follow once pages are rendered)."""
        self.write(config)
        self._pending = {}
        self._written = {}

    def forget_sources(self) -> None:
        """Drop what only a later rebuild would reuse (notes, the vault); keep the data to write."""
        self._shards, self._graph, self._languages = None, None, {}
        self._layout, self._explorer = None, None

    def write(self, config: MkDocsConfig, *, changed_only: bool = False) -> None:
        """Write the data files and the scripts' config into the built site.

        ``changed_only`` skips files whose data is the very object written last
        time (a quick rebuild, where the site folder keeps earlier files).
        """
        site = Path(config.site_dir)
        written: dict[str, object] = {}
        for rel, data in self._pending.items():
            written[rel] = data
            if changed_only and self._written.get(rel) is data:
                continue
            _write(site / DATA / rel, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        self._written = written
        text = "window.learnfolio = window.learnfolio || {};\nwindow.learnfolio.config = "
        _write(site / CONFIG_JS, text + json.dumps(self._config, ensure_ascii=False) + ";\n")


@dataclass(frozen=True)
class _Preview:
    """A page's preview, and what it was cut from."""

    html: str | None
    """The page's HTML (under ``serve`` only, to know it unchanged)."""
    url: str
    """The page's URL, which relative URLs in the HTML start from."""
    title: str
    """The page's title, as the preview shows it."""
    sections: frozenset[str]
    """The anchors that have a preview of their own (those links name)."""
    macros: Macros
    """The TeX macros its formulas were typeset with."""
    record: dict[str, object]
    """The preview (:func:`~learnfolio.browse.previews.page_preview`)."""
    size: int
    """The record's length in JSON."""


def _source_key(entry: Entry) -> tuple[str, str, str, bool]:
    """What the graph and explorer show of an entry's source."""
    spec = entry.file.source
    return spec.option, spec.name, spec.mount, spec.is_docs


def _tags_of(entry: Entry) -> tuple[str, ...]:
    return entry.note.tags if entry.note is not None else ()


def _write(path: Path, text: str) -> None:
    os.makedirs(path.parent, exist_ok=True)
    path.write_text(text, encoding="utf-8")
