"""Patterns for the start of a Markdown line: headings, lists, quotes, callouts.

The parser, link contexts and link previews all ask "is this line a heading,
a list item, a quote?"; they share these patterns so they always agree.
"""

from __future__ import annotations

import re

from learnfolio.model.scanner import fenced_ranges

HEADING_LINE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
"""An ATX heading line: ``## Title``."""
SETEXT_RULE = re.compile(r"^ {0,3}(?P<rule>=+|-+)[ \t]*$")
"""The ``===`` or ``---`` line under a setext heading."""
LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")
"""The marker of a list item: ``- ``, ``* ``, ``1. ``."""
QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+")
"""The ``>`` markers of a quote or callout line."""
CALLOUT_MARK = re.compile(r"^\[![\w-]+\][+-]?[ \t]*")
"""``[!tip]`` (with ``-``/``+``) opening a callout, once its ``>`` is removed."""


def paragraph_start(body: str, offset: int) -> int:
    """Start of the paragraph or list item that contains ``offset``."""
    line_start = body.rfind("\n", 0, offset) + 1
    if LIST_ITEM.match(body[line_start : offset + 1]):
        return line_start
    while line_start > 0:
        prev_start = body.rfind("\n", 0, line_start - 1) + 1
        prev = body[prev_start : line_start - 1]
        if not prev.strip() or HEADING_LINE.match(prev) or LIST_ITEM.match(prev):
            break
        line_start = prev_start
    return line_start


def stands_alone(body: str, marker: int) -> bool:
    """True when the ``^id`` at ``marker`` is alone on its line after a blank line.

    Obsidian reads such an id as naming the whole block above it: a list, a
    table, a quote, a code block (its help: "put the identifier on its own
    line, with a blank line before and after").
    """
    line_start = body.rfind("\n", 0, marker) + 1
    if line_start == 0 or body[line_start:marker].strip():
        return False
    prev_start = body.rfind("\n", 0, line_start - 1) + 1
    return not body[prev_start : line_start - 1].strip()


def block_start(body: str, marker: int) -> int:
    """Start of the block that the ``^id`` at offset ``marker`` names.

    An id that ends a line names its paragraph or list item (a heading is a
    line of its own). An id alone on its line names the block above it: the
    whole block after a blank line, a fenced code block from its opening fence,
    else (no blank line) the paragraph or list item it continues.
    """
    line_start = body.rfind("\n", 0, marker) + 1
    if line_start == 0 or body[line_start:marker].strip():
        return paragraph_start(body, marker)
    above = body[:line_start].rstrip()
    if not above:
        return line_start
    last_line = above.rfind("\n") + 1
    for start, end in fenced_ranges(body):
        if start <= last_line < end:
            return start
    if not stands_alone(body, marker):
        return paragraph_start(body, last_line)
    start = last_line
    while start > 0:
        prev_start = body.rfind("\n", 0, start - 1) + 1
        prev = body[prev_start : start - 1]
        if not prev.strip() or HEADING_LINE.match(prev):
            break
        start = prev_start
    return start
