"""Link previews as data: each note's title, first paragraphs, and each section's.

A reader hovering (or focusing) a link sees the target's opening paragraphs,
or the section or block the link names. The text comes from the note's
Markdown at build time, reduced to what a reader sees (links to their text,
no code blocks or tables), so the preview works offline and never runs a
page's scripts. Previews are split into shards by a hash of the page URL, so
a hover loads one small file, not the whole vault; the browser computes the
same hash (:func:`shard_of`) to find it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence

from learnfolio.model import Note
from learnfolio.model.blocks import CALLOUT_MARK, HEADING_LINE, QUOTE, SETEXT_RULE
from learnfolio.model.note import plain_text
from learnfolio.model.scanner import fenced_ranges
from learnfolio.model.syntax import BLOCK_ID

INTRO_CHARS = 600
"""How much text the preview of a whole note shows."""
SECTION_CHARS = 400
"""How much text the preview of a section or block shows."""
SHARD_BYTES = 200_000
"""Aim for preview files about this size."""

_RULE = re.compile(r"^ {0,3}(?:[-*_][ \t]*){3,}$")
_LIST = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)")
_EMBED_ONLY = re.compile(r"^[ \t]*!\[\[[^\]]*\]\][ \t]*$")
_TAG_ONLY = re.compile(r"^(?:[ \t]*#[\w/-]+)+[ \t]*$")
_DISPLAY_MATH = re.compile(r"\$\$.*?\$\$", re.DOTALL)
_BLANK_LINE = re.compile(r"\n[ \t>]*\n")


def paragraphs(markdown: str, limit: int) -> list[str]:
    """The first paragraphs of ``markdown`` as plain text, about ``limit`` characters.

    Headings, code blocks, display math, tables, raw HTML, embeds and lines of
    only tags are skipped; list items become lines starting with a bullet.
    """
    for start, end in reversed(fenced_ranges(markdown)):
        markdown = markdown[:start] + "\n" + markdown[end:]
    if "$$" in markdown:
        markdown = _DISPLAY_MATH.sub("\n", markdown)
    out: list[str] = []
    used = 0
    for block in _BLANK_LINE.split(markdown):
        text = _block_text(block)
        if not text:
            continue
        if used + len(text) > limit:
            room = max(limit - used, 80)
            out.append(
                text[:room].rsplit(" ", 1)[0].rstrip(",;:") + "…" if len(text) > room else text
            )
            break
        out.append(text)
        used += len(text)
        if len(out) >= 4:
            break
    return out


def _block_text(block: str) -> str:
    lines: list[str] = []
    raw_lines = block.split("\n")
    for i, line in enumerate(raw_lines):
        following = raw_lines[i + 1] if i + 1 < len(raw_lines) else ""
        line = QUOTE.sub("", line)
        line = CALLOUT_MARK.sub("", line.strip()) if line.strip().startswith("[!") else line
        if (
            not line.strip()
            or HEADING_LINE.match(line)
            or SETEXT_RULE.match(line)
            or (SETEXT_RULE.match(following) and not _LIST.match(line))
            or _RULE.match(line)
            or _ADMONITION.match(line)
            or _EMBED_ONLY.match(line)
            or _TAG_ONLY.match(line)
            or line.lstrip().startswith(("|", "<"))
        ):
            continue
        item = _LIST.match(line)
        line = line[item.end() :] if item else line
        text = plain_text(BLOCK_ID.sub("", line) if "^" in line else line)
        if not text:
            continue
        lines.append(("• " if item else "") + text)
    if any(line.startswith("• ") for line in lines):
        return "\n".join(lines)
    return " ".join(lines)


def note_preview(note: Note, title: str) -> dict[str, object]:
    """``{"t": title, "p": [paragraphs], "s": {anchor: {"t": heading, "p": [...]}}}``.

    Sections are keyed by their heading's anchor, blocks by ``^id``, as the
    links' URL fragments name them.
    """
    body = note.body
    first = note.headings[0] if note.headings else None
    intro_start = 0
    if first is not None and first.level == 1 and body[: first.start].strip() == "":
        # The page's own title heading is already the preview's title.
        intro_start = body.find("\n", first.start) + 1 or len(body)
    sections: dict[str, object] = {}
    for heading in note.headings:
        line_end = body.find("\n", heading.start)
        text = body[line_end + 1 if line_end >= 0 else heading.end : heading.end]
        sections[heading.anchor] = {"t": heading.text, "p": paragraphs(text, SECTION_CHARS)}
    for block in note.blocks:
        sections[f"^{block.id}"] = {
            "t": "",
            "p": paragraphs(body[block.start : block.end], SECTION_CHARS),
        }
    record: dict[str, object] = {"t": title, "p": paragraphs(body[intro_start:], INTRO_CHARS)}
    if sections:
        record["s"] = sections
    return record


def shard_of(url: str, shards: int) -> int:
    """Which shard holds ``url``'s preview: FNV-1a (32 bits) of its UTF-8 bytes, mod ``shards``.

    ``previews.js`` computes the same hash; change both together.
    """
    value = 0x811C9DC5
    for byte in url.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % shards


def preview_size(record: dict[str, object]) -> int:
    """The length of ``record`` in JSON, which sharding balances."""
    return len(json.dumps(record, ensure_ascii=False))


def shard_previews(
    records: Iterable[tuple[str, dict[str, object]]], sizes: Sequence[int] | None = None
) -> list[dict[str, object]]:
    """Split ``(url, record)`` pairs into shards of about :data:`SHARD_BYTES` each.

    ``sizes`` are the records' :func:`preview_size`, if the caller kept them.
    """
    items = list(records)
    if sizes is None:
        sizes = [preview_size(record) for _, record in items]
    size = sum(sizes) + sum(len(url) for url, _ in items)
    count = max(1, -(-size // SHARD_BYTES))
    shards: list[dict[str, object]] = [{} for _ in range(count)]
    for url, record in items:
        shards[shard_of(url, count)][url] = record
    return shards


PreviewSource = Callable[[Note, str], dict[str, object]]
"""The signature of :func:`note_preview`, for callers that cache it."""
