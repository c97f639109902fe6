"""Parse one note file into a :class:`Note`: metadata, headings, blocks, links, tags.

Parsing is pure: the same bytes give the same ``Note``, so the vault caches
notes by (path, mtime, size) and re-parses only files that changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from learnfolio.model.blocks import (
    CALLOUT_MARK,
    LIST_ITEM,
    QUOTE,
    SETEXT_RULE,
    block_start,
    paragraph_start,
)
from learnfolio.model.frontmatter import split_frontmatter
from learnfolio.model.limits import too_deep
from learnfolio.model.maths import Dollar, find_maths
from learnfolio.model.properties import PropertyLink, key_lines, property_links
from learnfolio.model.scanner import mask
from learnfolio.model.syntax import (
    BLOCK_ID,
    LinkRef,
    TagRef,
    find_links,
    find_tags,
    link_text,
    outermost,
)
from learnfolio.safe_urls import refused_url, unsafe_url_message
from learnfolio.slugs import heading_slug, match_key
from learnfolio.typeset.macros import NO_MACROS, Macros
from learnfolio.typeset.text import formula_text

Visibility = Literal["public", "private", "draft"]

_HEADING_LINE = re.compile(r"^ *[#=-]", re.MULTILINE)
_ATX = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_ATTRS = re.compile(r"\s*\{:?\s*(?P<attrs>[^}]*)\}\s*$")
_EXPLICIT_ID = re.compile(r"#(?P<id>[\w-]+)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~|==|`)(?=\S)(.+?)(?<=\S)\1")
_HTML_TAG = re.compile(r"<[^>]+>")
# Any character that starts syntax plain_text() removes: links, HTML, code,
# math, emphasis. A snippet without one (most headings) is plain already.
_MARKUP = re.compile(r"[\[<`$\\*_~=]")
_EMPHASIS_MARK = re.compile(r"[*_~=`]")
_SENTENCE_GAP = re.compile(r"[.!?。！？]\s+|[。！？]")
"""A sentence's end: its stop and the space after it (a Chinese stop needs none).
A match ends where the next sentence starts."""
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|[。！？]")


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of a note and the section it opens."""

    level: int
    """1 to 6."""
    text: str
    """The heading as a reader sees it, without Markdown syntax."""
    anchor: str
    """The id of the heading in the HTML page."""
    line: int
    """1-based line in the file."""
    start: int
    """Offset of the heading line in the body."""
    end: int
    """Offset where its section ends: the next heading of the same or a higher level."""
    written: str = ""
    """The heading as written, Markdown included: ``[[Continuity (topology)|Continuity]]``."""

    @property
    def key(self) -> str:
        """The text for matching ``[[Note#Heading]]``, ignoring case and punctuation."""
        return match_key(self.text)

    def matches(self, key: str) -> bool:
        """Whether ``[[Note#...]]`` with this :func:`match_key` names the heading.

        Both the text a reader sees and the form Obsidian writes for a heading
        that holds links match: Obsidian drops the brackets and turns ``|``
        into a space (``Continuity (topology) Continuity and Convergence``),
        which :func:`match_key` reduces to the written text's key.
        """
        return key == self.key or (bool(self.written) and key == match_key(self.written))


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or list item marked with ``^block-id``."""

    id: str
    """The id without ``^``."""
    line: int
    """1-based line in the file of the marker."""
    start: int
    """Offset of the block's first character in the body."""
    end: int
    """Offset just past the block, marker included."""


@dataclass(frozen=True)
class Note:
    """A parsed note: everything the vault and the renderer need to know."""

    path: str
    """Path from the source root, ``/``-separated: ``"02 Calculus/Chain rule.md"``."""
    title: str
    """Frontmatter ``title``, else the file name without extension."""
    display_title: str
    """The page title: frontmatter ``title``, else the first level-1 heading, else the name."""
    aliases: tuple[str, ...]
    """Other names the note answers to (frontmatter ``aliases``)."""
    tags: tuple[str, ...]
    """Frontmatter and inline tags, without ``#``, in first-seen order."""
    date: str | None
    """Frontmatter ``date`` as text, if any."""
    visibility: Visibility
    """``public``, ``private`` (``publish: false``/``private: true``, a privacy value not
    understood, frontmatter that cannot be read) or ``draft``."""
    body: str
    """The text after the frontmatter, with ``\\n`` line endings."""
    body_line: int
    """1-based line number of the body's first line in the file."""
    headings: tuple[Heading, ...]
    """Headings in order of appearance."""
    blocks: tuple[Block, ...]
    """Blocks marked with ``^id``."""
    links: tuple[LinkRef, ...]
    """Links and embeds in the body, in order; offsets are into ``body``."""
    inline_tags: tuple[TagRef, ...]
    """Inline ``#tags`` in the body; offsets are into ``body``."""
    problems: tuple[tuple[int, str], ...]
    """``(line, message)`` for what could not be read cleanly: errors."""
    warnings: tuple[tuple[int, str], ...] = ()
    """``(line, message)`` for what was read with a doubt (a privacy value not understood),
    or changed to be shown (a notebook's old widget metadata, an unreadable output)."""
    meta: dict[str, Any] = field(default_factory=dict, compare=False)
    """The raw frontmatter."""
    properties: tuple[PropertyLink, ...] = ()
    """Wikilinks in frontmatter values (``up: "[[MOC]]"``), in order."""
    property_lines: dict[str, int] = field(default_factory=dict, compare=False)
    """The file line of each top-level frontmatter key (``{"status": 4}``), for messages."""
    cells: tuple[tuple[int, int, int], ...] = ()
    """For a notebook: ``(first line in the note's text, 1-based cell number, line of the
    cell in the .ipynb file)`` of each cell shown."""

    def is_hidden(self, include_drafts: bool) -> bool:
        """True when the note stays out of the site: private, or a draft not shown."""
        return self.visibility == "private" or (self.visibility == "draft" and not include_drafts)

    def cell_at(self, line: int) -> tuple[int, int] | None:
        """For a notebook, ``(cell number, its line in the file)`` holding ``line`` of the
        note's text."""
        found = None
        for first, number, file_line in self.cells:
            if first > line:
                break
            found = number, file_line
        return found

    def line_at(self, offset: int) -> int:
        """The file line of a body offset."""
        return self.body_line + self.body.count("\n", 0, offset)

    def heading_chain(self, names: tuple[str, ...]) -> Heading | None:
        """Find ``#A#B``: the heading ``B`` inside the section of heading ``A``."""
        lo, hi, level = 0, len(self.body), 0
        found: Heading | None = None
        for name in names:
            key = match_key(name)
            found = next(
                (
                    h
                    for h in self.headings
                    if lo <= h.start < hi and h.level > level and h.matches(key)
                ),
                None,
            )
            if found is None:
                return None
            lo, hi, level = found.start, found.end, found.level
        return found

    def section_span(self, fragment: tuple[str, ...]) -> tuple[int, int] | None:
        """Body offsets of what ``#Heading``/``#^block`` names; the whole body if empty.

        A heading's section runs to the next heading of the same or a higher
        level and includes the heading line itself.
        """
        if not fragment:
            return 0, len(self.body)
        if len(fragment) == 1 and fragment[0].startswith("^"):
            block = self.block(fragment[0][1:])
            return (block.start, block.end) if block else None
        heading = self.heading_chain(fragment)
        return (heading.start, heading.end) if heading else None

    def block(self, block_id: str) -> Block | None:
        """The block with ``^block_id``, ignoring case."""
        wanted = block_id.casefold()
        return next((b for b in self.blocks if b.id.casefold() == wanted), None)


def decode(data: bytes) -> tuple[str, tuple[tuple[int, str], ...]]:
    """Decode file bytes as UTF-8 (BOM allowed), normalising line endings.

    Bytes that are not UTF-8 are replaced and reported with their line, so a
    stray Latin-1 file still builds.
    """
    problems: tuple[tuple[int, str], ...] = ()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems = (
            (
                line,
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "invalid bytes were replaced. Save the file as UTF-8 to fix this.",
            ),
        )
        text = data.decode("utf-8-sig", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n"), problems


_YES = frozenset({"true", "yes", "y", "on", "1"})
_NO = frozenset({"false", "no", "n", "off", "0"})
PRIVACY_KEYS = ("publish", "private", "draft")
"""The frontmatter keys that say whether a note is published, matched ignoring case."""


def flag(value: Any) -> bool | None:
    """``True``/``False`` for a yes-or-no value as people write it, ``None`` when it is not one.

    YAML's ``true``, ``yes``, ``on`` and their capitals, ``1`` and ``0``, and the
    same words quoted (``"false"``) all count; anything else (``maybe``, an empty
    value, a list) is not understood.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in _YES:
            return True
        if word in _NO:
            return False
    return None


def privacy(meta: dict[str, Any]) -> tuple[Visibility, tuple[str, ...]]:
    """The one place that decides whether a note is published, and what it did not understand.

    ``publish``, ``private`` and ``draft`` are read in any letter case
    (``Private:``, ``PUBLISH:``). A value that is not a yes or a no hides the
    note, and is named in the second item (``"private: maybe"``) for a warning:
    any doubt means not published.
    """
    hidden = draft = False
    unclear: list[str] = []
    for key, value in meta.items():
        name = key.strip().casefold()
        if name not in PRIVACY_KEYS:
            continue
        said = flag(value)
        if said is None:
            shown = "" if value is None else value if isinstance(value, str) else repr(value)
            unclear.append(f"{key}: {shown}".rstrip())
            hidden = True
        elif name == "publish":
            hidden = hidden or not said
        elif name == "private":
            hidden = hidden or said
        else:
            draft = draft or said
    visibility: Visibility = "private" if hidden else "draft" if draft else "public"
    return visibility, tuple(unclear)


def visibility_of(meta: dict[str, Any]) -> Visibility:
    """Whether the note with this frontmatter is ``public``, ``private`` or a ``draft``."""
    return privacy(meta)[0]


def _string_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple | set):
        return [str(v) for v in value if v is not None and str(v).strip()]
    return [str(value)]


def _tag_list(value: Any) -> list[str]:
    tags: list[str] = []
    for item in _string_list(value):
        for part in re.split(r"[,\s]+", item):
            part = part.strip().lstrip("#").rstrip("/")
            if part:
                tags.append(part)
    return tags


def plain_text(markdown: str) -> str:
    """Reduce inline Markdown to the text a reader sees (links to their text)."""
    if not _MARKUP.search(markdown):
        return " ".join(markdown.split())
    masked = mask(markdown)
    out: list[str] = []
    pos = 0
    for link in outermost(find_links(markdown, masked)):
        out.append(markdown[pos : link.start])
        if link.kind == "image":
            out.append("")
        elif link.kind == "markdown":  # the author's own Markdown: ``[`code`](x.md)``
            out.append(plain_text(link_text(link)))
        else:
            out.append(link_text(link))
        pos = link.end
    out.append(markdown[pos:])
    text = "".join(out)
    if "<" in text:
        text = _HTML_TAG.sub("", text)
    if _EMPHASIS_MARK.search(text):
        for _ in range(3):
            text = _EMPHASIS.sub(r"\2", text)
    text = text.replace("$", "")
    return " ".join(text.split())


def readable(markdown: str, macros: Macros = NO_MACROS) -> str:
    """Inline Markdown (a title) as text, its ``$…$`` formulas as Unicode text (``η``, ``x²``)."""
    # Each formula stands in as a private-use character while the Markdown around
    # it (emphasis, links) is reduced to text.
    texts: list[str] = []
    out: list[str] = []
    pos = 0
    for found in find_maths(markdown):
        out.append(markdown[pos : found.start])
        texts.append("$" if isinstance(found, Dollar) else formula_text(found.tex, macros))
        out.append(chr(0xE000 + len(texts) - 1))
        pos = found.end
    out.append(markdown[pos:])
    text = plain_text("".join(out))

    def formula(match: re.Match[str]) -> str:
        index = ord(match[0]) - 0xE000
        return texts[index] if index < len(texts) else match[0]

    return re.sub("[\ue000-\uf8ff]", formula, text)


def _headings(body: str, masked: str, body_line: int, slug: Callable[[str], str]) -> list[Heading]:
    raw: list[tuple[int, str, int, int, str | None]] = []  # level, text, line idx, offset, id
    # Lines are split at "\n" only, as Python-Markdown splits them; only lines
    # that may be an ATX heading or a setext rule are looked at.
    line_no, counted = 0, 0
    for candidate in _HEADING_LINE.finditer(masked):
        start = candidate.start()
        line_no += masked.count("\n", counted, start)
        counted = start
        end = masked.find("\n", start)
        end = len(masked) if end < 0 else end
        stripped = masked[start:end]
        match = _ATX.match(stripped)
        text: str | None = None
        level = 0
        at, offset = line_no, start
        if match:
            level = len(match["hashes"])
            text = _ATX.match(body[start:end])["text"] or ""  # type: ignore[index]
        elif start:
            setext = SETEXT_RULE.match(stripped)
            above = masked.rfind("\n", 0, start - 1) + 1
            prev = masked[above:start].strip()
            if (
                setext
                and prev
                and not prev.startswith("\0")
                and not _ATX.match(prev)
                and not LIST_ITEM.match(prev)
                and not prev.startswith(">")
                and (
                    line_no < 2
                    or not masked[masked.rfind("\n", 0, above - 1) + 1 : above].strip()
                    or setext["rule"][0] == "="
                )
            ):
                level = 1 if setext["rule"][0] == "=" else 2
                text, at, offset = body[above:start].strip(), line_no - 1, above
        if text is None:
            continue
        explicit: str | None = None
        attrs = _ATTRS.search(text)
        if attrs:
            id_match = _EXPLICIT_ID.search(attrs["attrs"])
            explicit = id_match["id"] if id_match else None
            text = text[: attrs.start()]
        if "^" in text:  # "## Heading ^id": the id names the heading, it is no text
            text = BLOCK_ID.sub("", text).rstrip()
        raw.append((level, text.strip(), at, offset, explicit))
    # Like Python-Markdown's toc, explicit ids are taken first, then generated
    # ones avoid them and each other: x, x_1, x_2...
    used: set[str] = {r[4] for r in raw if r[4]}
    headings: list[Heading] = []
    for n, (level, written, at, offset, explicit) in enumerate(raw):
        text = plain_text(written)
        anchor = explicit or _unique(slug(text), used)
        used.add(anchor)
        end = next((r[3] for r in raw[n + 1 :] if r[0] <= level), len(body))
        kept = written if written != text else ""  # most headings are plain text
        headings.append(Heading(level, text, anchor, body_line + at, offset, end, kept))
    return headings


def _unique(anchor: str, used: set[str]) -> str:
    # Python-Markdown's toc gives duplicate headings the ids x, x_1, x_2, ...
    candidate, n = anchor, 0
    while candidate in used or not candidate:
        n += 1
        candidate = f"{anchor}_{n}"
    return candidate


def _blocks(body: str, masked: str, body_line: int) -> list[Block]:
    blocks: list[Block] = []
    for match in BLOCK_ID.finditer(masked):
        start = block_start(body, match.start())
        blocks.append(
            Block(match["id"], body_line + body.count("\n", 0, match.start()), start, match.end())
        )
    return blocks


def parse_note(
    path: str,
    data: bytes | str,
    *,
    slug: Callable[[str], str] = heading_slug,
    macros: Macros = NO_MACROS,
) -> Note:
    """Parse the note at source-relative ``path`` from its bytes (or text).

    ``macros`` are the site's TeX macros: a title's formulas read as text with them.
    """
    problems: list[tuple[int, str]] = []
    warnings: list[tuple[int, str]] = []
    if isinstance(data, bytes):
        text, decode_problems = decode(data)
        problems.extend(decode_problems)
    else:
        text = data.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    front = split_frontmatter(text)
    if front.error:
        # Whether the note is private cannot be read: it is not published.
        line_no = int(front.error.split(":")[0].split()[1])
        problems.append(
            (line_no, front.error.split(": ", 1)[1] + "; the note is left out of the site.")
        )
    meta = front.meta
    visibility, unclear = privacy(meta)
    if unclear:
        keys = key_lines(text[: len(text) - len(front.body)].split("\n"))
        for said in unclear:
            key = said.split(":", 1)[0]
            warnings.append(
                (
                    keys.get(key, 1),
                    f"'{said}' is neither yes nor no (write true or false); to be safe the "
                    "note is left out of the site.",
                )
            )
    body = front.body
    problems.extend(_refused_urls(meta, text[: len(text) - len(body)]))
    masked = mask(body)
    # Python-Markdown would take hours over a list nested thousands of levels deep.
    deep = too_deep(masked)
    if deep is not None:
        problems.append((front.body_line + deep[0] - 1, deep[1]))
    stem = path.rsplit("/", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    title = str(meta.get("title") or stem).strip() or stem
    headings = _headings(body, masked, front.body_line, slug)
    # A heading's text drops its formulas' dollars: read them from what was written.
    first_h1 = next(
        (h.written if "$" in h.written else h.text for h in headings if h.level == 1), None
    )
    # A ``title`` property is plain text, as Obsidian shows it; a heading's maths reads as text.
    if meta.get("title"):
        display = str(meta["title"]).strip()
    else:
        display = readable(first_h1, macros) if first_h1 and "$" in first_h1 else first_h1 or stem
    inline_tags = find_tags(body, masked)
    # Tags ignore case, as in Obsidian: the first spelling seen is kept.
    tags: dict[str, str] = {}
    for tag in _tag_list(meta.get("tags")) + [t.tag for t in inline_tags]:
        tags.setdefault(tag.casefold(), tag)
    aliases = _string_list(meta.get("aliases")) + _string_list(meta.get("alias"))
    return Note(
        path=path,
        title=title,
        display_title=display,
        aliases=tuple(a.strip() for a in aliases if a.strip()),
        tags=tuple(tags.values()),
        date=str(meta["date"]) if meta.get("date") is not None else None,
        visibility="private" if deep is not None or front.error else visibility,
        body=body,
        body_line=front.body_line,
        headings=tuple(headings),
        blocks=tuple(_blocks(body, masked, front.body_line)),
        links=tuple(find_links(body, masked)),
        inline_tags=tuple(inline_tags),
        problems=tuple(problems),
        warnings=tuple(warnings),
        meta=meta,
        properties=property_links(meta, text[: len(text) - len(body)]) if meta else (),
        property_lines=key_lines(text[: len(text) - len(body)].split("\n")) if meta else {},
    )


_URL_KEYS = ("original", "source")
"""Frontmatter keys whose URL a page shows as a link (the provenance line)."""


def _refused_urls(meta: dict[str, Any], frontmatter: str) -> list[tuple[int, str]]:
    """``(line, message)`` for each link URL in ``meta`` that learnfolio refuses."""
    found = []
    for key in _URL_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and refused_url(value):
            written = re.compile(rf"^{re.escape(key)}\s*:", re.MULTILINE)
            match = written.search(frontmatter)
            line = frontmatter.count("\n", 0, match.start()) + 1 if match else 1
            found.append((line, f"{key}: {unsafe_url_message(value)}; it is not shown."))
    return found


def context_of(body: str, start: int, end: int) -> str:
    """The sentence or list item around a link at ``start:end``, as raw Markdown.

    List items and table rows are taken whole; in a paragraph, the sentence
    that holds the link. Quote markers, list markers and block ids are dropped.
    """
    line_start = body.rfind("\n", 0, start) + 1
    line_end = body.find("\n", end)
    line_end = len(body) if line_end < 0 else line_end
    line = body[line_start:line_end]
    bare = QUOTE.sub("", line)
    heading = _ATX.match(bare)
    if heading is not None:
        return _tidy(heading["text"] or "")
    if bare != line:
        # In a quote or callout the line is the context; "[!tip]" is not text.
        bare = CALLOUT_MARK.sub("", bare)
        return _tidy(LIST_ITEM.sub("", bare))
    if bare.lstrip().startswith("|") or _in_table(body, start, bare):
        return _tidy(table_row_text(bare))
    if LIST_ITEM.match(bare):
        snippet = LIST_ITEM.sub("", bare)
        return _tidy(snippet)
    para_start = paragraph_start(body, start)
    para_end = body.find("\n\n", end)
    para_end = len(body) if para_end < 0 else para_end
    paragraph = body[para_start:para_end]
    rel_start = start - para_start
    rel_end = end - para_start
    sentence_start = 0
    for match in _SENTENCE_GAP.finditer(paragraph, 0, rel_start):
        sentence_start = match.end()
    stop = _SENTENCE_END.search(paragraph[rel_end:])
    sentence_end = rel_end + stop.end() if stop else len(paragraph)
    return _tidy(paragraph[sentence_start:sentence_end])


_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
_DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


def table_row_text(row: str) -> str:
    """A table row as a reader reads it: its cells' text joined by " · ".

    Pipes escaped inside cells (``[[Note\\|shown]]``) are plain pipes again.
    """
    cells = [cell.strip().replace("\\|", "|") for cell in _CELL_SEPARATOR.split(row)]
    return " · ".join(cell for cell in cells if cell)


def _in_table(body: str, start: int, line: str) -> bool:
    """Whether ``line`` (holding ``start``) is a row of a table written without outer pipes."""
    if not _CELL_SEPARATOR.search(line):
        return False
    block_start = paragraph_start(body, start)
    block_end = body.find("\n\n", start)
    block = body[block_start : len(body) if block_end < 0 else block_end]
    return any(_DELIMITER_ROW.match(row) and "|" in row for row in block.split("\n"))


def _tidy(snippet: str) -> str:
    lines = [QUOTE.sub("", line) for line in snippet.splitlines()]
    text = " ".join(" ".join(lines).split())
    text = BLOCK_ID.sub("", text).strip()
    if len(text) > 280:
        text = text[:277].rstrip() + "…"
    return text
