"""Find the formulas of a note by Obsidian's rules.

Obsidian, not CommonMark, decides what a note's maths is, and its rules are
looser than pymdownx.arithmatex's: ``$$...$$`` is display maths wherever it is
typed (glued to a paragraph, in a list item, a callout or a quote, or on one
line in the middle of a sentence); ``$...$`` is inline maths when the opening
``$`` is not followed by a space and the closing one is not preceded by a space
nor followed by a digit, so ``it costs $5 and $10`` stays text; ``\\$`` is a
dollar sign. An opening ``$`` right after a Latin letter or digit (``US$5``) is
text, but right after Chinese, Japanese or Korean text (``收敛于$x$``) it opens
maths, as those languages put no space before it. Nothing in code spans,
fenced code or HTML comments is maths.

:func:`find_maths` returns each formula with its offsets in the text, so the
site can replace it and messages can name its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from learnfolio.model.scanner import fenced_ranges

# Tried left to right at each position; the earliest match wins, as in a reader.
# Every alternative starts with a literal character (look-behinds come after
# it), so the regex engine skips straight to the next `, <, \ or $ (twice as
# fast on the benchmark's notes as a look-ahead for them).
_TOKEN = re.compile(
    r"""
      `(?P<code>`*)(?!`).*?(?<!`)`(?P=code)(?!`)         # code span (closing run of equal length)
    | <!--.*?-->                                        # HTML comment
    | \\(?P<escaped>\$)                                 # \$: a dollar sign
    | \\[\\`]                                           # an escaped backslash or backtick
    | \$\$(?P<display>.*?)\$\$                          # display maths, across lines
    | \$(?<!\$\$)(?<![^\W\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]\$)  # inline,
      (?![\s$])(?P<inline>(?:\\.|[^\\$\n])+?)(?<![\s\\])\$(?![\d$])  # not after a letter (CJK may)
    """,
    re.VERBOSE | re.DOTALL,
)
# What a container puts before a line: quote and callout markers, indentation.
_QUOTE_PREFIX = re.compile(r"^(?:[ \t]*>)+[ \t]?")
_INDENT = re.compile(r"^[ \t]+")


@dataclass(frozen=True, slots=True)
class Formula:
    """A formula in a note's text."""

    start: int
    """Offset of the opening ``$``."""
    end: int
    """Offset just past the closing ``$``."""
    tex: str
    """The TeX between the dollars, container markers (``>``, indentation) removed."""
    display: bool
    """True for ``$$...$$``."""
    alone: bool
    """True when the formula is a paragraph of its own (its own lines, blank lines around)."""


@dataclass(frozen=True, slots=True)
class Dollar:
    """An escaped dollar ``\\$``, shown as ``$``."""

    start: int
    """Offset of the backslash."""
    end: int
    """Offset just past the dollar."""


def find_maths(text: str) -> list[Formula | Dollar]:
    """The formulas and escaped dollars of ``text``, in order."""
    if "$" not in text:
        return []
    found: list[Formula | Dollar] = []
    fences = fenced_ranges(text)
    pos = 0
    for start, end in [*fences, (len(text), len(text))]:
        found.extend(_find_between(text, pos, start))
        pos = end
    return found


def _find_between(text: str, lo: int, hi: int) -> list[Formula | Dollar]:
    found: list[Formula | Dollar] = []
    if "$" not in text[lo:hi]:
        return found
    for match in _TOKEN.finditer(text, lo, hi):
        if match["escaped"]:
            found.append(Dollar(match.start(), match.end()))
        elif match["display"] is not None:
            tex = _strip_containers(text, match.start(), match["display"])
            found.append(Formula(match.start(), match.end(), tex, True, _alone(text, match)))
        elif match["inline"] is not None:
            found.append(Formula(match.start(), match.end(), match["inline"], False, False))
    return found


def _strip_containers(text: str, start: int, tex: str) -> str:
    """Remove what a quote, callout or list puts at the start of the formula's lines."""
    if "\n" not in tex:
        return tex.strip()
    line_start = text.rfind("\n", 0, start) + 1
    quoted = bool(_QUOTE_PREFIX.match(text[line_start:start]))
    first, *rest = tex.split("\n")
    strip = _QUOTE_PREFIX if quoted else _INDENT
    return "\n".join([first, *(strip.sub("", line) for line in rest)]).strip()


def _alone(text: str, match: re.Match[str]) -> bool:
    """Whether the formula has its lines to itself, a blank line (or none) around them."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    before = text[line_start : match.start()]
    line_end = text.find("\n", match.end())
    line_end = len(text) if line_end < 0 else line_end
    after = text[match.end() : line_end]
    if not _blank(before) or after.strip():
        return False
    previous = text[text.rfind("\n", 0, max(line_start - 1, 0)) + 1 : max(line_start - 1, 0)]
    following_end = text.find("\n", line_end + 1)
    following = text[line_end + 1 : len(text) if following_end < 0 else following_end]
    return (line_start == 0 or _blank(previous)) and (line_end >= len(text) or _blank(following))


def _blank(line: str) -> bool:
    """A line with nothing but quote markers and spaces."""
    return not line.replace(">", "").strip()
