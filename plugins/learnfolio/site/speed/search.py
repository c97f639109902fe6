"""Search in English and Chinese with Material's own search plugin.

Chinese has no spaces between words, so a plain index holds whole sentences
as single "words". Material's search segments Chinese text with ``jieba`` when
it is installed (learnfolio depends on it), joining the words with a
zero-width space; the index's word separator must then include U+200B, which
learnfolio adds to the search plugin's ``separator`` unless the site already
did. Private notes never reach the index: they never become pages.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from collections.abc import Iterable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

ZERO_WIDTH_SPACE = "\\u200b"
DEFAULT_SEPARATOR = "[\\s\\u200b\\-]+"


def with_zero_width_space(separator: str | None) -> str:
    """``separator`` (a JavaScript regular expression) that also splits at U+200B."""
    if not separator:
        return DEFAULT_SEPARATOR
    if ZERO_WIDTH_SPACE in separator or "\u200b" in separator:
        return separator
    if separator.startswith("[") and not separator.startswith("[^"):
        return "[" + ZERO_WIDTH_SPACE + separator[1:]
    return f"(?:{separator})|{ZERO_WIDTH_SPACE}"


def enable_chinese_segmentation(config: MkDocsConfig) -> bool:
    """Make Material's search split at jieba's word boundaries; False if it cannot."""
    if importlib.util.find_spec("jieba") is None:
        return False
    plugin = search_plugin(config)
    if plugin is None or not hasattr(plugin.config, "jieba_dict"):
        return False  # MkDocs' own search plugin does not segment Chinese
    separator = with_zero_width_space(plugin.config.separator)
    plugin.config.separator = separator
    quiet_jieba()
    # When search's on_config ran first, its index already copied the options.
    index: Any = getattr(plugin, "search_index", None)
    if index is not None and isinstance(getattr(index, "config", None), dict):
        index.config["separator"] = separator
    return True


def quiet_jieba() -> None:
    """Keep jieba's progress lines ("Loading model cost ...") out of the build log.

    jieba logs them to its own stderr handler at DEBUG level; its warnings and
    errors still show.
    """
    import logging

    import jieba  # type: ignore[import-untyped]

    jieba.setLogLevel(logging.WARNING)


SEARCH_CONFIG_KEYS = ("lang", "separator", "pipeline", "fields")
"""The search options Material writes into its index, in its order."""


def search_plugin(config: MkDocsConfig) -> Any:
    """The site's search plugin (Material's, or MkDocs' own), or ``None``."""
    return config.plugins.get("material/search") or config.plugins.get("search")


def material_index(config: MkDocsConfig) -> Any:
    """Material's search index of this build, or ``None`` (no search, or MkDocs' own).

    learnfolio reads and writes its entries (reused pages, helper processes,
    the index file), so it must be the index it knows: a list of entries, the
    options Material writes, and ``add_entry_from_context``.
    """
    index = getattr(search_plugin(config), "search_index", None)
    if not isinstance(getattr(index, "entries", None), list):
        return None
    if not callable(getattr(index, "add_entry_from_context", None)):
        return None
    settings = getattr(index, "config", None)
    if not isinstance(settings, dict) or any(k not in settings for k in SEARCH_CONFIG_KEYS):
        return None
    return index


_SEARCH_ATTRIBUTES = re.compile(r'\s?data-search-\w+="[^"]+"')


def without_search_attributes(content: str) -> str:
    """``content`` as Material's search leaves it: ``data-search-*`` attributes removed."""
    return _SEARCH_ATTRIBUTES.sub("", content)


class KnownEntries:
    """Pages whose search entries are already known: Material's search skips their HTML.

    Just before Material's search indexes such a page (``on_page_context``,
    priority 0), :meth:`stand_in` hands it an empty page, which costs nothing
    to parse; just after, :meth:`put_back` replaces whatever that produced with
    the known entries and gives the page back its HTML, as search leaves it.
    """

    def __init__(self) -> None:
        self._waiting: dict[str, tuple[int, list[Any], str]] = {}

    def stand_in(self, page: Page, index: Any, entries: list[Any]) -> None:
        """Before search: remember ``entries`` for ``page`` and empty its HTML."""
        assert page.content is not None
        self._waiting[page.file.src_uri] = (len(index.entries), entries, page.content)
        page.content = ""

    def put_back(self, page: Page, index: Any) -> bool:
        """After search: the known entries in place of the empty page's; False if none."""
        waiting = self._waiting.pop(page.file.src_uri, None)
        if waiting is None:
            return False
        mark, entries, content = waiting
        del index.entries[mark:]
        index.entries.extend(entries)
        page.content = without_search_attributes(content)
        return True


def entry_json(entries: Iterable[Any]) -> str:
    """Search entries as Material serialises them, comma-separated."""
    return ",".join(json.dumps(entry, separators=(",", ":"), default=str) for entry in entries)


def write_index(index: Any, site_dir: str, parts: Iterable[str]) -> None:
    """Write ``search/search_index.json`` as Material's search does, a part at a time.

    Material builds the whole file as one string and then as bytes: two copies
    of an index that holds all of a big site's text, at the very end of the
    build when memory is highest. Written a part at a time (``parts`` are
    comma-separated entries, see :func:`entry_json`), the bytes are the same.
    """
    settings = {key: index.config[key] for key in SEARCH_CONFIG_KEYS}
    path = os.path.join(site_dir, "search", "search_index.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write('{"config":' + json.dumps(settings, separators=(",", ":"), default=str))
        out.write(',"docs":[')
        first = True
        for part in parts:
            if part:
                out.write(part if first else "," + part)
                first = False
        out.write("]}")
