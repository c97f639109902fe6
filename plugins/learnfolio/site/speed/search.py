"""Material's search: Chinese words, and the one owner of its index in learnfolio.

Chinese has no spaces between words, so a plain index holds whole sentences
as single "words". Material's search segments Chinese text with ``jieba`` when
it is installed (learnfolio depends on it), joining the words with a
zero-width space; the index's word separator must then include U+200B, which
learnfolio adds to the search plugin's ``separator`` unless the site already
did. Material shows each entry's title as indexed, so a Chinese title would
carry those spaces into the results (and into anything copied from them):
titles are written without them, and the segmented title goes into a field
of its own (:data:`TITLE_WORDS`, boosted as titles are), which search matches
but never shows. Private notes never reach the index: they never become pages.

Everything else learnfolio does with Material's index (entries made in a
helper process or kept from the last ``serve`` build, the index file written a
page at a time) is :class:`MaterialSearch`'s, and only for the Material
versions ``platform.py`` knows.
"""

from __future__ import annotations

import html
import importlib.util
import json
import os
import pickle
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.pages import Page

from learnfolio.render.fragments import sub_at

ZERO_WIDTH_SPACE = "\\u200b"
TITLE_WORDS = "title_words"
"""The search field that holds an entry's title as jieba segmented it."""
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
    fields = plugin.config.fields
    if isinstance(fields, dict) and TITLE_WORDS not in fields:
        title = fields.get("title")
        boost = title.get("boost", 1e3) if isinstance(title, dict) else 1e3
        fields[TITLE_WORDS] = {"boost": boost}
    quiet_jieba()
    # When search's on_config ran first, its index already copied the options.
    index: Any = getattr(plugin, "search_index", None)
    if index is not None and isinstance(getattr(index, "config", None), dict):
        index.config["separator"] = separator
        if isinstance(fields, dict):
            index.config["fields"] = fields
    return True


def titles_without_word_breaks(config: MkDocsConfig) -> None:
    """Take jieba's zero-width spaces out of the titles of Material's search entries.

    The segmented title moves to :data:`TITLE_WORDS`, where search still
    finds its words. Entries are changed in place, once (a title without
    those spaces is left alone), before the index is written.
    """
    plugin = search_plugin(config)
    if plugin is None or not is_materials(plugin):
        return
    entries = getattr(getattr(plugin, "search_index", None), "entries", None)
    if not isinstance(entries, list):
        return
    for entry in entries:
        title = entry.get("title") if isinstance(entry, dict) else None
        if isinstance(title, str) and "\u200b" in title:
            entry["title"] = title.replace("\u200b", "")
            entry[TITLE_WORDS] = title


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
NAME = "learnfolio/search"
"""The name :class:`MaterialSearch` is registered under among the site's plugins."""


def search_plugin(config: MkDocsConfig) -> Any:
    """The site's search plugin (Material's, or MkDocs' own), or ``None``."""
    return config.plugins.get("material/search") or config.plugins.get("search")


def search_enabled(config: MkDocsConfig) -> bool:
    """Whether the site has a search plugin that indexes pages in this build."""
    plugin = search_plugin(config)
    return plugin is not None and bool(getattr(plugin.config, "enabled", True))


def is_materials(plugin: Any) -> bool:
    """Whether ``plugin`` is Material's search plugin (not MkDocs' own)."""
    return type(plugin).__module__.startswith("material.") and hasattr(plugin.config, "jieba_dict")


def material_index(config: MkDocsConfig) -> Any:
    """Material's search index of this build, or ``None`` (no search, or MkDocs' own).

    learnfolio reads and writes its entries (reused pages, helper processes,
    the index file), so it must be the index it knows: a Material version
    ``platform.py`` knows (:class:`MaterialSearch` is registered only then), a
    list of entries, the options Material writes, and ``add_entry_from_context``.
    """
    if NAME not in config.plugins:
        return None
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
    """``content`` as Material's search leaves it: ``data-search-*`` attributes removed.

    Material removes them with this pattern, which, starting with an optional
    space, is tried at every character of the page; here only where
    ``data-search-`` is (:func:`~learnfolio.render.fragments.sub_at`).
    """
    return sub_at(_SEARCH_ATTRIBUTES, content, "data-search-", (1, 0), lambda match: "")


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


_TOKEN = re.compile(
    r"<(?:/(?P<end>[a-zA-Z][-.a-zA-Z0-9:_]*)\s*"
    r"|(?P<tag>[a-zA-Z][-.a-zA-Z0-9:_]*)"
    r"(?P<attrs>(?:\s+[^\s\"'>/=`<]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'))?)*)\s*(?P<closed>/)?"
    r"|!--(?P<comment>.*?)--)>",
    re.DOTALL,
)
"""A tag (start or end) or comment as Python-Markdown and MkDocs write them."""
_ATTRIBUTE = re.compile(r"""([^\s"'>/=`<]+)(\s*=\s*(?:"([^"]*)"|'([^']*)'))?""")
_RAW_TEXT = frozenset(
    {"script", "style", "textarea", "title", "noscript", "xmp", "iframe", "noembed"}
    | {"noframes", "plaintext"}
)
"""Elements whose content ``html.parser`` reads as text (some only in newer Pythons)."""


def material_sections(content: str, parser_class: Any) -> list[Any] | None:
    """The sections Material's search ``Parser`` makes of ``content``, or ``None``.

    Material's parser reads HTML with Python's ``html.parser``, which calls
    its ``handle_starttag``, ``handle_endtag`` and ``handle_data`` for each
    tag and run of text (about a tenth of a plain build, profiled). HTML
    as Markdown writes it (quoted attributes, no raw-text elements, no
    ``<`` in text) is read here with one regular expression, calling the same
    methods of the same parser with what ``html.parser`` would give them: tag
    and attribute names in lowercase, values and text unescaped, ``<br/>`` as
    a start and an end tag. Anything else (``None``) is left to Material, so
    the entries are Material's either way.
    """
    parser = parser_class()
    start_tag, end_tag, data = parser.handle_starttag, parser.handle_endtag, parser.handle_data
    unescape = html.unescape
    pos = 0
    for match in _TOKEN.finditer(content):
        start = match.start()
        if start > pos:
            text = content[pos:start]
            if "<" in text:
                return None  # a tag this reading does not know
            data(unescape(text) if "&" in text else text)
        pos = match.end()
        tag = match["tag"]
        if tag is not None:
            tag = tag.lower()
            if tag in _RAW_TEXT:
                return None
            raw = match["attrs"]
            attrs: list[tuple[str, str | None]] = []
            if raw:
                for name, given, double, single in _ATTRIBUTE.findall(raw):
                    value = (double or single) if given else None  # None: no value at all
                    attrs.append((name.lower(), unescape(value) if value else value))
            start_tag(tag, attrs)
            if match["closed"]:
                end_tag(tag)
        elif match["end"] is not None:
            end_tag(match["end"].lower())
        else:
            comment = match["comment"]
            if "--" in comment or comment.startswith((">", "->")):
                return None  # Python versions disagree where such a comment ends
    if pos < len(content):
        text = content[pos:]
        if "<" in text:
            return None
        data(unescape(text) if "&" in text else text)
    return list(parser.data)


_MAYBE_HAN = re.compile("[\u2e80-\U0010ffff]")
"""Every character of the Han script is at U+2E80 or above."""


BLANKED = "learnfolio_search_html"
"""The attribute a page read by :func:`read_faster` keeps its HTML in while it is empty."""


def read_faster(index: Any, *, blank: bool = False) -> None:
    """Make Material's search ``index`` read pages faster, into the same entries.

    Two of its methods are replaced on this one object: ``add_entry_from_context``
    reads HTML with :func:`material_sections` when it can (Material's own
    method reads the rest), and ``_segment_chinese`` gives text with no Han
    character back at once, as Material's would after looking for Han words
    with a regular expression it compiles on every call. Both are written to
    give Material's entries, and the tests compare them with Material's.
    With ``blank``, a page read here is left empty for the rest of Material's
    handler, which goes on to take the ``data-search-*`` attributes out with a
    regular expression tried at every character of the page: its HTML waits
    in the page's :data:`BLANKED` attribute, and :class:`MaterialSearch`
    (at -1, or learnfolio's search view before it, at -0.5) gives the page
    back without those attributes.
    """
    if getattr(index, "_learnfolio_reads", False):
        return
    module = sys.modules.get(type(index).__module__)
    parser = getattr(module, "Parser", None)
    own_add = getattr(index, "add_entry_from_context", None)
    create = getattr(index, "create_entry_for_section", None)
    own_segment: Any = getattr(index, "_segment_chinese", None)
    if parser is None or not callable(own_add) or not callable(create):
        return

    def add_entry_from_context(page: Page) -> None:
        content = page.content
        if content and not (page.meta.get("search") or {}).get("exclude"):
            sections = material_sections(content, parser)
            if sections is not None:
                for section in sections:
                    if not section.is_excluded():
                        create(section, page.toc, page.url, page)
                if blank:
                    setattr(page, BLANKED, content)
                    page.content = ""
                return
        own_add(page)

    def segment_chinese(text: str) -> str:
        if _MAYBE_HAN.search(text) is None:
            return text.strip("\u200b")
        return str(own_segment(text))

    index.add_entry_from_context = add_entry_from_context
    if callable(own_segment):
        index._segment_chinese = segment_chinese
    index._learnfolio_reads = True


@dataclass
class _Known:
    entries: list[Any] | bytes
    """The page's entries, or pickled (compact while they wait)."""
    content: str | None
    """The HTML they were made from; ``None``: whatever HTML the page has."""


class MaterialSearch(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """The one owner of Material's search index in learnfolio.

    Material's search parses every page's HTML in ``on_page_context`` and
    writes the whole index in ``on_post_build``. learnfolio often knows a
    page's entries already (a helper process made them, or the page is reused
    from the last ``serve`` build): :meth:`know` says so, and just before
    Material indexes that page (priority 1; Material runs at 0) the page
    stands in as empty, which costs nothing to parse; just after (-1) the
    known entries replace what that produced. learnfolio then writes the
    index file itself, a page at a time (priority 10, with Material's search
    switched off until every other ``on_post_build`` ran): the bytes are
    Material's, without the two whole-index copies Material would hold.

    Under ``serve`` (``keep_pages``) each page's entries are kept, so that a
    quick rebuild puts the index back together in page order
    (:meth:`rewrite`), serialising only the pages it built again. This object
    is registered as a small plugin of its own by learnfolio's ``on_config``,
    only when Material's search is there in a version learnfolio knows.
    """

    def __init__(self, *, keep_pages: bool) -> None:
        self.keep_pages = keep_pages
        self._known: dict[str, _Known] = {}
        self._waiting: dict[str, tuple[int, list[Any], str]] = {}
        self._mark: dict[str, int] = {}
        self._pages: dict[str, list[Any]] = {}
        """Each page's entries (by ``src_uri``), in the order pages were indexed (serve only)."""
        self._json: dict[str, tuple[list[Any], str]] = {}
        """Each page's entries serialised, while they are the same list."""
        self._paused: Any = None

    def know(self, page: Page, entries: list[Any] | bytes, content: str | None = None) -> None:
        """``page``'s entries are ``entries`` (pickled or not) if its HTML is ``content``."""
        self._known[page.file.src_uri] = _Known(entries, content)

    def entries_of(self, page: Page) -> list[Any] | None:
        """The entries ``page`` got in this build (serve only), or ``None``."""
        return self._pages.get(page.file.src_uri)

    @staticmethod
    def entries_for(page: Page, config: MkDocsConfig) -> bytes | None:
        """What Material's search would make of ``page``'s HTML, pickled; for a helper."""
        index = material_index(config)
        if index is None:
            return None
        mine = type(index)(**index.config)
        read_faster(mine)
        mine.add_entry_from_context(page)
        return pickle.dumps(mine.entries, protocol=pickle.HIGHEST_PROTOCOL)

    # -- MkDocs events ------------------------------------------------------------

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """A full build starts: every page is indexed afresh, in its order."""
        self._known, self._waiting, self._mark, self._pages = {}, {}, {}, {}
        index = material_index(config)
        if index is not None:
            read_faster(index, blank=True)

    @event_priority(1)
    def _before_material(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        index = material_index(config)
        if index is None:
            return context
        uri = page.file.src_uri
        self._mark[uri] = len(index.entries)
        known = self._known.pop(uri, None)
        # The known entries hold only for the HTML they were made from.
        html = page.content
        if known is not None and html is not None and known.content in (None, html):
            entries = known.entries
            if isinstance(entries, bytes):
                entries = pickle.loads(entries)
            self._waiting[uri] = (len(index.entries), entries, html)
            page.content = ""
        return context

    @event_priority(-1)
    def _after_material(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        index = material_index(config)
        uri = page.file.src_uri
        blanked = page.__dict__.pop(BLANKED, None)
        if blanked is not None and not page.content:
            page.content = without_search_attributes(blanked)
        mark = self._mark.pop(uri, None)
        if index is None or mark is None:
            return context
        waiting = self._waiting.pop(uri, None)
        if waiting is not None:
            _, entries, content = waiting
            del index.entries[mark:]
            index.entries.extend(entries)
            page.content = without_search_attributes(content)
        if self.keep_pages:
            self._pages[uri] = list(index.entries[mark:])
        return context

    on_page_context = CombinedEvent(_before_material, _after_material)

    @event_priority(10)
    def _write(self, *, config: MkDocsConfig) -> None:
        # Before Material's search (0) would write the same file.
        search = search_plugin(config)
        index = material_index(config)
        if index is None or not getattr(search.config, "enabled", False):
            return
        if getattr(search, "search_index_prev", None) is not None:
            return  # Material merges a previous index (its --dirty support)
        if self.keep_pages:
            self._write_pages(index, config)
        else:
            write_index(index, config.site_dir, (entry_json([e]) for e in index.entries))
        search.config.enabled = False
        self._paused = search

    @event_priority(-100)
    def _resume(self, *, config: MkDocsConfig) -> None:
        self.resume()

    on_post_build = CombinedEvent(_write, _resume)

    def on_build_error(self, *, error: Exception) -> None:
        """Switch Material's search back on if the build fails halfway."""
        self.resume()

    def resume(self) -> None:
        """Switch Material's search back on, if learnfolio switched it off."""
        if self._paused is not None:
            self._paused.config.enabled = True
            self._paused = None

    def rewrite(self, config: MkDocsConfig) -> bool:
        """After a quick rebuild indexed some pages again: the index in page order, written.

        ``False`` when there is no index to write (nothing to do, or not Material's).
        """
        index = material_index(config)
        if index is None or not self.keep_pages:
            return False
        index.entries[:] = [e for entries in self._pages.values() for e in entries]
        self._write_pages(index, config)
        return True

    def _write_pages(self, index: Any, config: MkDocsConfig) -> None:
        # Each page's entries are serialised once and kept while they are the same list.
        cached: dict[str, tuple[list[Any], str]] = {}
        for uri, entries in self._pages.items():
            known = self._json.get(uri)
            if known is None or known[0] is not entries:
                known = (entries, entry_json(entries))
            cached[uri] = known
        self._json = cached
        write_index(index, config.site_dir, (text for _, text in cached.values()))
