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
