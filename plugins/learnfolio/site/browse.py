"""The graph page, the explorer and link previews: their files, scripts and data.

Data is computed from the vault in ``on_files`` (it needs no rendered page)
and written into the site after the build, as JSON the scripts fetch: one
file for the graph, one for the explorer, and previews in shards. Pages carry
none of it, so an edit that changes a link rewrites these files but no other
page, and every page stays the size of its own note.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from learnfolio.explorer import build_tree, explorer_json
from learnfolio.graph import build_graph, graph_json
from learnfolio.model import Note
from learnfolio.previews import note_preview, shard_previews
from learnfolio.render.links import tag_page_path
from learnfolio.settings import Settings
from learnfolio.site.files import asset_file, generated_file
from learnfolio.vault import Vault

ASSETS = Path(__file__).parent / "assets"
SCRIPTS = ("learnfolio.js", "graph.js", "explorer.js", "previews.js")
"""The project's own scripts, in load order (``learnfolio.js`` holds what they share)."""
CONFIG_JS = "assets/learnfolio/config.js"
DATA = "learnfolio"
"""Site folder of the JSON data files."""

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
    for url in [CONFIG_JS, *(f"assets/learnfolio/{name}" for name in SCRIPTS)]:
        if url not in listed:
            config.extra_javascript.append(url)


class Browse:
    """Builds and writes the graph, explorer and preview data of one site."""

    def __init__(self) -> None:
        self._previews: dict[int, tuple[Note, str, dict[str, object]]] = {}
        self._pending: dict[str, object] = {}
        self._config: dict[str, object] = {}

    def add_files(
        self, vault: Vault, files: Files, config: MkDocsConfig, settings: Settings
    ) -> None:
        """Add the graph page and the scripts to ``files``; compute the data to write."""
        generated = settings.cache_dir / "generated"
        if settings.graph and files.get_file_from_path(settings.graph_page) is None:
            files.append(
                generated_file(settings.graph_page, GRAPH_PAGE, generated, config, in_nav=True)
            )
        for name in SCRIPTS:
            files.append(asset_file(f"assets/learnfolio/{name}", ASSETS / name, config))

        def url_of(dest: str) -> str:
            found = files.get_file_from_path(dest)
            url = unquote(found.url if found is not None else dest)
            return "" if url in ("./", ".") else url

        def tag_url(tag: str) -> str:
            return url_of(tag_page_path(tag, settings.tags_folder))

        def index_of(mount: str) -> str | None:
            dest = f"{mount}/index.md" if mount else "index.md"
            return url_of(dest) if files.get_file_from_path(dest) is not None else None

        pending: dict[str, object] = {}
        graph_url: str | None = None
        if settings.graph or settings.local_graph:
            graph = build_graph(vault, url_of, with_tags=settings.graph_tags, tag_url=tag_url)
            pending["graph.json"] = graph_json(graph)
            graph_url = url_of(settings.graph_page) if settings.graph else None
        if settings.explorer:
            pending["explorer.json"] = explorer_json(build_tree(vault, url_of, index_of))
        shards = 0
        if settings.previews:
            for n, shard in enumerate(shard_previews(self._preview_records(vault, url_of))):
                pending[f"previews/{n}.json"] = shard
                shards += 1
        self._pending = pending
        self._config = {
            "data": f"{DATA}/",
            "graph": graph_url,
            "localGraph": settings.local_graph if (settings.graph or settings.local_graph) else 0,
            "hasGraph": "graph.json" in pending,
            "explorer": settings.explorer,
            "previewShards": shards,
        }

    def _preview_records(
        self, vault: Vault, url_of: Callable[[str], str]
    ) -> list[tuple[str, dict[str, object]]]:
        # A note's preview depends only on its own text and title: reuse it
        # while the parse cache returns the same Note object.
        records: list[tuple[str, dict[str, object]]] = []
        kept: dict[int, tuple[Note, str, dict[str, object]]] = {}
        for entry in vault.notes:
            note = entry.note
            assert note is not None
            cached = self._previews.get(id(note))
            if cached is None or cached[0] is not note or cached[1] != entry.title:
                cached = (note, entry.title, note_preview(note, entry.title))
            kept[id(note)] = cached
            records.append((url_of(entry.dest), cached[2]))
        self._previews = kept
        return records

    def write(self, config: MkDocsConfig) -> None:
        """Write the data files and the scripts' config into the built site."""
        site = Path(config.site_dir)
        for rel, data in self._pending.items():
            _write(site / DATA / rel, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        text = "window.learnfolio = window.learnfolio || {};\nwindow.learnfolio.config = "
        _write(site / CONFIG_JS, text + json.dumps(self._config, ensure_ascii=False) + ";\n")


def _write(path: Path, text: str) -> None:
    os.makedirs(path.parent, exist_ok=True)
    path.write_text(text, encoding="utf-8")
