"""Bounds on what one note may cost, so that no single file can stall a build.

Two inputs are pathological: a file of many megabytes (a log pasted into a
vault, a notebook full of images) and a list nested hundreds of levels deep,
on which Python-Markdown's list parser takes time that grows with the cube of
the depth (200 levels: 2 s; 400: 10 s, then a ``RecursionError``; 5,000 never
finishes). Each is left out of the site with an error that names the file,
like any other file learnfolio cannot read.
"""

from __future__ import annotations

import re

DEFAULT_MAX_SIZE = 10_000_000
"""Bytes: the default of the ``max_note_size`` option."""

MAX_INDENT = 256
"""Columns of indentation (a tab counts 4) outside code: about 64 nested list levels
written with 4 spaces, 128 with 2; Python-Markdown renders that in well under a second."""

# A line's leading run of spaces, tabs and quote markers, long enough to matter:
# 256 columns need at least 64 characters (a tab counts 4).
_LEAD = re.compile(rf"^[ \t>]{{{MAX_INDENT // 4},}}", re.MULTILINE)


class FileTooLarge(ValueError):
    """A note or notebook file larger than ``max_note_size``; the message says what to do."""


def check_size(size: int, limit: int) -> None:
    """Raise :class:`FileTooLarge` when a file of ``size`` bytes is over ``limit``."""
    if size > limit:
        raise FileTooLarge(
            f"is {size:,} bytes, more than max_note_size ({limit:,}); it is left out of "
            "the site. Split it, or raise 'max_note_size' in mkdocs.yml."
        )


def too_deep(masked: str) -> tuple[int, str] | None:
    """``(line, message)`` when a line of ``masked`` is indented past :data:`MAX_INDENT`.

    ``masked`` is the note's text with code hidden (``scanner.mask``), so deeply
    indented code inside a fence never counts.
    """
    for match in _LEAD.finditer(masked):
        columns = len(match.group(0).replace(">", "").expandtabs(4))
        if columns < MAX_INDENT:
            continue
        line = masked.count("\n", 0, match.start()) + 1
        return (
            line,
            f"a list nested deeper than {MAX_INDENT} columns of indentation "
            f"(about {MAX_INDENT // 4} levels) is more than Markdown can render in "
            "reasonable time; the note is left out of the site. Flatten it.",
        )
    return None
