"""Find the parts of Markdown that are code, math or comments.

Nothing inside code spans, fenced code or math is a link or a tag. Rather than
parse Markdown fully, :func:`mask` returns a copy of the text of the same length
in which every protected character is replaced by a NUL (newlines are kept), so
that plain regular expressions run over the mask find only real syntax, at the
same offsets as in the original text.
"""

from __future__ import annotations

import re

HIDDEN = "\0"

# A fence may sit inside a blockquote/callout ("> ```") or a list (indented).
_FENCE = re.compile(r"^(?P<prefix>(?:[ \t]*>)*[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")

# Inline constructs, tried left to right; the earliest match wins, as in a reader.
# Each alternative starts with a literal character (look-behinds come after
# it), so the regex engine skips straight to the next candidate character.
_INLINE = re.compile(
    r"""
      <!--.*?-->                                   # HTML comment
    | <(?<!\]\(<)/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>  # HTML tag (attributes hold no links)
    | <(?<!\]\(<)[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*>       # autolink <https://...#frag>
    | `(?P<ticks>`*)(?!`).+?(?<!`)`(?P=ticks)(?!`)  # code span
    | \$\$.+?\$\$                                  # display math
    | \\\[.+?\\\]                                  # display math \[ \]
    | \\\(.+?\\\)                                  # inline math \( \)
    | \$(?<![\\$]\$)(?<![^\W\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]\$)  # inline
      (?![\s$])(?:\\.|[^\\$\n])+?(?<![\s\\])\$(?![\d$])                            # $math$
    | \\begin\{(?P<env>[a-zA-Z*]+)\}.*?\\end\{(?P=env)\}                # LaTeX env
    """,
    re.VERBOSE | re.DOTALL,
)


def fenced_ranges(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of fenced code blocks, fences included.

    An unclosed fence runs to the end of the text, as in CommonMark.
    """
    ranges: list[tuple[int, int]] = []
    if not _may_have_fences(text):
        return ranges
    offset = 0
    open_at: int | None = None
    open_fence = ""
    for line in text.splitlines(keepends=True):
        if "```" not in line and "~~~" not in line:
            offset += len(line)  # no fence on this line: the common case
            continue
        stripped = line.rstrip("\n")
        match = _FENCE.match(stripped)
        if open_at is None:
            if match and not (match["fence"][0] == "`" and "`" in match["info"]):
                open_at, open_fence = offset, match["fence"]
        elif (
            match
            and match["fence"][0] == open_fence[0]
            and len(match["fence"]) >= len(open_fence)
            and not match["info"].strip()
        ):
            ranges.append((open_at, offset + len(stripped)))
            open_at = None
        offset += len(line)
    if open_at is not None:
        ranges.append((open_at, len(text)))
    return ranges


def mask(text: str, *, html: bool = True) -> str:
    """Return ``text`` with code, math, comments and HTML tags replaced by NULs.

    With ``html=False`` HTML tags are left visible (to escape them for display).

    >>> mask("a `[[b]]` c").replace(HIDDEN, "_")
    'a _______ c'
    """
    has_fences = _may_have_fences(text)
    if not has_fences and not _INLINE_START.search(text):
        return text
    partly = _hide_spans(text, fenced_ranges(text)) if has_fences else text
    spans: list[tuple[int, int]] = []
    for match in _INLINE.finditer(partly):
        found = match.group(0)
        if not html and found.startswith("<") and not found.startswith("<!--"):
            continue
        if HIDDEN in found:
            # The construct overlaps a fence; the fence already won.
            continue
        spans.append(match.span())
    return _hide_spans(partly, spans)


_NOT_NEWLINE = re.compile(r"[^\n]")
_INLINE_START = re.compile(r"[`$<\\]")


def _may_have_fences(text: str) -> bool:
    """A cheap test: could ``text`` hold a fence at all?"""
    return "```" in text or "~~~" in text


def _hide_spans(text: str, spans: list[tuple[int, int]]) -> str:
    # Rebuild the string from slices: far faster than editing a list of chars.
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(_NOT_NEWLINE.sub(HIDDEN, text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def line_of(text: str, offset: int) -> int:
    """Return the 1-based line number of ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1
