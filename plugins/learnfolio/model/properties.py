"""Links in properties: frontmatter values that hold ``[[wikilinks]]``.

Obsidian treats ``up: "[[MOC]]"`` and ``related: ["[[Matrix]]", "[[Vector]]"]``
as links, under any key: a text property or a list of them. They resolve by
the same rules as links in the text, count as backlinks and show on the page.
Only wikilinks are links there (as in Obsidian); ``tags`` never hold links.
An unquoted ``up: [[MOC]]`` is YAML for a nested list, not text, and Obsidian
does not read it as a link either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from learnfolio.model.syntax import LinkRef, find_links

_NOT_LINKS = frozenset({"tags", "tag"})
_TOP_KEY = re.compile(r"^(?P<key>[^\s#:-][^:\n]*?)\s*:(?:\s|$)")


@dataclass(frozen=True, slots=True)
class PropertyLink:
    """A wikilink in the value of a frontmatter property."""

    key: str
    """The property's name: ``"related"``."""
    value: str
    """The text value that holds the link (one item of a list, or the whole string)."""
    link: LinkRef
    """The link; its offsets are into ``value`` and its ``line`` is the file line."""

    @property
    def context(self) -> str:
        """What backlinks show around the link: ``related: [[Matrix]]``."""
        return f"{self.key}: {self.value}"


def property_links(meta: dict[str, Any], frontmatter: str) -> tuple[PropertyLink, ...]:
    """Every wikilink in ``meta``'s text values, located in ``frontmatter`` (its text).

    ``frontmatter`` is the file's text up to the body, so that line numbers are
    the file's: each link gets the line where its text is written, else the
    line of its key.
    """
    found: list[PropertyLink] = []
    lines = frontmatter.split("\n")
    keys = key_lines(lines)
    for key, value in meta.items():
        if key.casefold() in _NOT_LINKS or "[[" not in str(value):
            continue
        items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        start = keys.get(key, 0)
        for item in items:
            if not isinstance(item, str) or "[[" not in item:
                continue
            for link in find_links(item):
                if link.kind not in ("wikilink", "embed"):
                    continue
                line = _line_of(lines, link.raw, start)
                found.append(PropertyLink(key, item, replace(link, kind="wikilink", line=line)))
    return tuple(found)


def key_lines(lines: list[str]) -> dict[str, int]:
    """The 1-based line of each top-level key of the frontmatter (``lines``: the file's first)."""
    keys: dict[str, int] = {}
    for number, text in enumerate(lines, start=1):
        match = _TOP_KEY.match(text)
        if match:
            keys.setdefault(match["key"].strip("'\""), number)
    return keys


def _line_of(lines: list[str], raw: str, key_line: int) -> int:
    """The first line from the key's on that holds ``raw``; the key's line if none does."""
    if key_line:
        for number in range(key_line, len(lines) + 1):
            if raw in lines[number - 1]:
                return number
    return key_line
