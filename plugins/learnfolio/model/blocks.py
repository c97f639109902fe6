"""Patterns for the start of a Markdown line: headings, lists, quotes, callouts.

The parser, link contexts and link previews all ask "is this line a heading,
a list item, a quote?"; they share these patterns so they always agree.
"""

from __future__ import annotations

import re

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
