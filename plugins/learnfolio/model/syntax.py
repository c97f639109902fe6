"""Recognise wikilinks, embeds, Markdown links, inline tags and block ids.

One parser serves every layer: the vault indexes what :func:`find_links` finds,
and the renderer rewrites exactly those spans, so what is counted as a link and
what is shown as a link can never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Literal
from urllib.parse import unquote

from learnfolio.model.blocks import HEADING_LINE, SETEXT_RULE
from learnfolio.model.scanner import HIDDEN, mask

LinkKind = Literal["wikilink", "embed", "markdown", "image"]

# Every pattern here starts with a literal character (a look-behind, if any,
# comes after it): the regex engine then jumps between candidate characters
# instead of trying the pattern at every offset, which is several times faster
# on long notes. ``!`` before a link is told apart by the match's first character.
_WIKILINK = re.compile(r"(?:!\[\[|\[\[)(?P<inner>[^\[\]\n\0]+?)\]\]")
# [text](url "title") and ![alt](url); the url may be wrapped in <...>. The text
# may hold code or math (masked to NULs: ``[`SOP.md`](SOP.md)``) and one level
# of brackets, so an image can be the text of a link: ``[![x](x.png)](x.md)``;
# the URL may hold balanced parentheses, as in CommonMark: ``(A.md#f(x))``.
_MDLINK = re.compile(
    r"(?:!\[|\[)(?P<text>(?:[^\[\]\n]++|\[[^\[\]\n]*+\])*+)\]"
    r"\(\s*(?:<(?P<angled>[^>\n\0]+)>|(?P<url>(?:[^\s()\0]++|\([^\s()\0]*+\))++))"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_SIZE = re.compile(r"^\s*(?P<width>\d+)(?:\s*x\s*(?P<height>\d+))?\s*$")
# Obsidian tags: letters, digits, _, -, / ; at least one non-digit; after a
# space or at the start of a line (the look-behind: no non-space before "#").
_TAG = re.compile(r"#(?<!\S#)(?P<tag>[\w/-]*[^\W\d][\w/-]*)", re.MULTILINE)
BLOCK_ID = re.compile(
    r"\^(?:(?<!\S\^)|(?<=\]\]\^))(?P<id>[A-Za-z0-9][A-Za-z0-9-]*)[ \t]*$", re.MULTILINE
)
"""A ``^block-id`` ending a line: after a space, at the start of a line, or right
after an embed (``![[plot.png]]^fig-1``, which Obsidian accepts too)."""


@dataclass(frozen=True, slots=True)
class LinkRef:
    """One link or embed as written in a note."""

    kind: LinkKind
    """``wikilink``, ``embed`` (``![[...]]``), ``markdown`` or ``image`` (``![..](..)``)."""
    target: str
    """The note or file named, without fragment: ``"Dot product"``, ``"../a.md"``, ``""``."""
    fragment: tuple[str, ...]
    """Heading chain (``("Heading", "Sub")``) or a block id (``("^id",)``); empty if none."""
    label: str | None
    """The text to show: the alias after ``|`` or the Markdown link text."""
    width: int | None
    """Image width from ``![[img.png|300]]``."""
    height: int | None
    """Image height from ``![[img.png|300x200]]``."""
    start: int
    """Offset of the first character of the link in the scanned text."""
    end: int
    """Offset just past the link."""
    raw: str
    """The link exactly as written."""
    line: int = 0
    """For a link outside the body (in a property), its line in the file; else 0."""

    @property
    def is_embed(self) -> bool:
        """True for ``![[...]]`` and ``![](...)``."""
        return self.kind in ("embed", "image")

    @property
    def block_id(self) -> str | None:
        """The block id named by ``#^id``, if any."""
        if len(self.fragment) == 1 and self.fragment[0].startswith("^"):
            return self.fragment[0][1:]
        return None


@dataclass(frozen=True, slots=True)
class TagRef:
    """One inline ``#tag`` as written in a note."""

    tag: str
    """The tag without ``#``, trailing slashes removed: ``"math/calculus"``."""
    start: int
    """Offset of the ``#``."""
    end: int
    """Offset just past the tag."""


def split_fragment(text: str) -> tuple[str, tuple[str, ...]]:
    """Split ``"Note#Heading#Sub"`` into ``("Note", ("Heading", "Sub"))``."""
    target, _, rest = text.partition("#")
    fragment = tuple(part.strip() for part in rest.split("#") if part.strip()) if rest else ()
    return target.strip(), fragment


def _wikilink(match: re.Match[str]) -> LinkRef:
    inner = match["inner"]
    # In a table the pipe is escaped: [[Note\|shown]].
    target_text, sep, label = inner.replace("\\|", "|").partition("|")
    target, fragment = split_fragment(target_text)
    width = height = None
    shown: str | None = label.strip() if sep else None
    embed = match.group(0).startswith("!")
    if embed and shown is not None:
        size = _SIZE.match(shown)
        if size:
            width = int(size["width"])
            height = int(size["height"]) if size["height"] else None
            shown = None
    return LinkRef(
        kind="embed" if embed else "wikilink",
        target=target,
        fragment=fragment,
        label=shown,
        width=width,
        height=height,
        start=match.start(),
        end=match.end(),
        raw=match.group(0),
    )


def _mdlink(match: re.Match[str], text: str) -> LinkRef | None:
    # ``match`` ran over the mask: the URL holds no masked character, but the
    # link text may, so it is sliced from the text by the same span.
    url = match["angled"] or match["url"] or ""
    if _SCHEME.match(url) or url.startswith("/"):
        return None
    path, _, frag = url.partition("#")
    if not path:
        # A same-page anchor: MkDocs checks and keeps those as they are.
        return None
    fragment = (unquote(frag),) if frag else ()
    return LinkRef(
        kind="image" if match.group(0).startswith("!") else "markdown",
        target=unquote(path),
        fragment=fragment,
        label=text[slice(*match.span("text"))],
        width=None,
        height=None,
        start=match.start(),
        end=match.end(),
        raw=text[match.start() : match.end()],
    )


def find_links(text: str, masked: str | None = None) -> list[LinkRef]:
    """Return every wikilink, embed and relative Markdown link in ``text``, in order.

    Links in code, math and HTML comments are ignored. External URLs
    (``https:``, ``mailto:``) and site-absolute paths are not note links.
    """
    masked = mask(text) if masked is None else masked
    if "[" not in masked:
        return []  # the common case for a line of prose: no scan at all
    found: list[LinkRef] = []
    taken: list[tuple[int, int]] = []
    for match in _WIKILINK.finditer(masked):
        if not match["inner"].strip():
            continue
        found.append(_wikilink(_rematch(_WIKILINK, text, match)))
        taken.append(match.span())
    for match in _MDLINK.finditer(masked):
        if any(s <= match.start() < e for s, e in taken):
            continue
        link = _mdlink(match, text)
        if link is not None:
            found.append(link)
        # An image (or a wikilink) as the link's text is a link of its own: a
        # renderer that rewrites the outer link rewrites its text too.
        inner_start, inner_end = match.span("text")
        if "[" in masked[inner_start:inner_end]:
            found += [
                _shifted(inner, inner_start)
                for inner in find_links(text[inner_start:inner_end], masked[inner_start:inner_end])
                if not any(s <= inner.start + inner_start < e for s, e in taken)
            ]
    found.sort(key=lambda link: link.start)
    return found


def _shifted(link: LinkRef, by: int) -> LinkRef:
    return replace(link, start=link.start + by, end=link.end + by)


def outermost(links: Iterable[LinkRef]) -> list[LinkRef]:
    """``links`` without those inside another link's text (``[![x](x.png)](x.md)``)."""
    kept: list[LinkRef] = []
    for link in links:
        if kept and link.start < kept[-1].end:
            continue
        kept.append(link)
    return kept


def _rematch(pattern: re.Pattern[str], text: str, match: re.Match[str]) -> re.Match[str]:
    # The mask never changes unprotected characters, so the same span of the
    # original text matches too; re-matching gives groups with real text.
    again = pattern.match(text, match.start(), match.end())
    assert again is not None
    return again


def find_tags(text: str, masked: str | None = None) -> list[TagRef]:
    """Return the inline ``#tags`` of ``text``: not in code, math, headings or URLs."""
    masked = mask(text) if masked is None else masked
    candidates = list(_TAG.finditer(masked)) if "#" in masked else []
    if not candidates:
        return []
    # Only then look for what a "#" may sit in: a link (its URL) or a heading.
    spans = [(m.start(), m.end()) for m in _WIKILINK.finditer(masked)]
    spans += [(m.start(), m.end()) for m in _MDLINK.finditer(masked)]
    spans += _heading_spans(masked)
    tags: list[TagRef] = []
    for match in candidates:
        start = match.start()
        if any(s <= start < e for s, e in spans):
            continue
        tag = match["tag"].rstrip("/")
        if not tag or HIDDEN in tag:
            continue
        tags.append(TagRef(tag=tag, start=start, end=start + 1 + len(tag)))
    return tags


def _heading_spans(masked: str) -> list[tuple[int, int]]:
    """Spans of ATX heading lines and of setext heading text (a line over ===/---)."""
    spans: list[tuple[int, int]] = []
    offset = 0
    lines = masked.splitlines(keepends=True)
    for i, line in enumerate(lines):
        underlined = i + 1 < len(lines) and SETEXT_RULE.match(lines[i + 1]) is not None
        if HEADING_LINE.match(line) or (underlined and line.strip() and _is_paragraph(line)):
            spans.append((offset, offset + len(line)))
        offset += len(line)
    return spans


def _is_paragraph(line: str) -> bool:
    stripped = line.lstrip()
    return not stripped.startswith((">", "-", "*", "+", "|")) and not stripped[:1].isdigit()


def iter_block_ids(masked: str) -> Iterator[re.Match[str]]:
    """Yield the ``^block-id`` markers that end a line outside code."""
    yield from BLOCK_ID.finditer(masked)


def link_text(link: LinkRef) -> str:
    """The text a reader sees for ``link``, as Obsidian shows it."""
    if link.label:
        return link.label
    target = link.target
    for extension in (".md", ".ipynb"):  # notes and notebooks go by their names
        if target.lower().endswith(extension):
            target = target[: -len(extension)]
    if link.kind == "markdown":
        return link.label or target
    parts = [target] if target else []
    parts += [part.lstrip("^") for part in link.fragment]
    return " > ".join(parts) if parts else link.raw
