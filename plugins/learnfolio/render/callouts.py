"""Turn Obsidian callouts into Python-Markdown admonitions.

``> [!tip] Title`` becomes ``!!! tip "Title"``; a trailing ``-`` (folded) or
``+`` (open) makes a collapsible ``???``/``???+`` block (pymdownx.details). The
line count never changes, so line numbers in messages stay right. Material
styles every Obsidian callout type, aliases included (``hint``, ``caution``...).
"""

from __future__ import annotations

import re

from learnfolio.model.scanner import fenced_ranges

_START = re.compile(
    r"^(?P<indent>[ \t]*)>[ \t]?\[!(?P<type>[A-Za-z][\w-]*)\](?P<fold>[+-]?)[ \t]*(?P<title>.*)$"
)
_QUOTED = re.compile(r"^(?P<indent>[ \t]*)>[ \t]?(?P<rest>.*)$")


def convert_callouts(text: str) -> str:
    """Return ``text`` with every callout (nested ones too) as an admonition."""
    if "[!" not in text:
        return text
    lines = text.split("\n")
    in_code = _lines_in_code(text)
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = _START.match(lines[i]) if i not in in_code else None
        if match is None:
            out.append(lines[i])
            i += 1
            continue
        indent = match["indent"]
        body: list[str] = []
        j = i + 1
        while j < len(lines):
            quoted = _QUOTED.match(lines[j])
            if quoted is None or quoted["indent"] != indent:
                break
            body.append(quoted["rest"])
            j += 1
        out.append(indent + _opening(match["type"], match["fold"], match["title"]))
        inner = convert_callouts("\n".join(body)).split("\n") if body else []
        out.extend(f"{indent}    {line}" if line.strip() else "" for line in inner)
        i = j
    return "\n".join(out)


def _opening(kind: str, fold: str, title: str) -> str:
    marker = {"-": "???", "+": "???+"}.get(fold, "!!!")
    title = title.strip().replace('"', "&quot;")
    return f'{marker} {kind.lower()} "{title}"' if title else f"{marker} {kind.lower()}"


def _lines_in_code(text: str) -> set[int]:
    lines: set[int] = set()
    for start, end in fenced_ranges(text):
        first = text.count("\n", 0, start)
        last = text.count("\n", 0, end)
        # A fence quoted inside a callout belongs to the callout: only fences
        # that start outside a quote hide callout markers.
        line_end = text.find("\n", start)
        if text[start : line_end if line_end >= 0 else None].lstrip().startswith(">"):
            continue
        lines.update(range(first, last + 1))
    return lines
