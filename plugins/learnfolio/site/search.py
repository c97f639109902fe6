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
from collections.abc import Iterable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

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
    plugin: Any = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None or not hasattr(plugin.config, "jieba_dict"):
        return False  # MkDocs' own search plugin does not segment Chinese
    separator = with_zero_width_space(plugin.config.separator)
    plugin.config.separator = separator
    # When search's on_config ran first, its index already copied the options.
    index: Any = getattr(plugin, "search_index", None)
    if index is not None and isinstance(getattr(index, "config", None), dict):
        index.config["separator"] = separator
    return True


SEARCH_CONFIG_KEYS = ("lang", "separator", "pipeline", "fields")
"""The search options Material writes into its index, in its order."""


def material_index(config: MkDocsConfig) -> Any:
    """Material's search index of this build if learnfolio can write it, else ``None``."""
    plugin: Any = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(plugin, "search_index", None)
    if not isinstance(getattr(index, "entries", None), list):
        return None
    settings = getattr(index, "config", None)
    if not isinstance(settings, dict) or any(k not in settings for k in SEARCH_CONFIG_KEYS):
        return None
    return index


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
