"""Render one page: the note's own text, its embeds, and its backlinks.

Embeds are rendered recursively in the context of the embedding page: their
links are resolved from the embedded note (so "nearest" means nearest to the
note that wrote the link) but written relative to the page that shows them.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from learnfolio.model import LinkRef
from learnfolio.model.blocks import block_start, stands_alone
from learnfolio.model.scanner import mask
from learnfolio.model.syntax import BLOCK_ID, find_links, find_tags, link_text
from learnfolio.render.backlinks import backlinks_section
from learnfolio.render.callouts import convert_callouts
from learnfolio.render.fragments import FRAGMENT
from learnfolio.render.links import (
    HtmlOutput,
    LinkWriter,
    PlainOutput,
    image,
    is_image,
    markdown_text,
    tag_page_path,
)
from learnfolio.render.portfolio import Portfolio, expand_directives
from learnfolio.render.prerequisites import (
    PATH_ANCHOR,
    has_path_page,
    path_link_label,
    path_page_path,
    path_section,
    prerequisites_block,
)
from learnfolio.render.properties import insert_properties, properties_block
from learnfolio.render.provenance import provenance_line
from learnfolio.render.translations import translations_line
from learnfolio.vault import Entry, Problem, Vault
from learnfolio.vault.prerequisites import is_requires
from learnfolio.vault.translations import KEYS as TRANSLATION_KEYS

if TYPE_CHECKING:
    from learnfolio.settings import Settings

__all__ = ["PageRender", "render_page"]

_HEADING = re.compile(r"^(?P<prefix>[ \t>]*#{1,6}[ \t]+.*?)(?P<attrs>[ \t]*\{[^}]*\})?[ \t]*$")


@dataclass
class PageRender:
    """The Markdown of a page and what rendering it found wrong."""

    markdown: str
    """The rewritten Markdown, ready for MkDocs."""
    problems: list[Problem] = field(default_factory=list)
    """Embed cycles and embeds nested too deep (link problems come from the vault)."""
    embedded: set[str] = field(default_factory=set)
    """Site paths of the notes embedded, at any depth (the page changes with them)."""


@dataclass
class _State:
    page: Entry
    settings: Settings
    vault: Vault
    result: PageRender
    links: LinkWriter
    embeds: int = 0


def render_page(
    vault: Vault,
    entry: Entry,
    settings: Settings,
    today: dt.date | None = None,
    html_output: HtmlOutput | None = None,
    listing: bool = False,
    plain: PlainOutput | None = None,
) -> PageRender:
    """Render ``entry``'s note as the Markdown of its own page.

    ``today`` ends the portfolio's timeline (the build date by default). With
    ``html_output`` links, tags, provenance and backlinks are written as HTML
    fragments (see :mod:`learnfolio.render.fragments`); without it, as Markdown.
    ``listing`` marks a page that another part of the site continues (the home
    page, the blog's index followed by its posts): it gets no Backlinks section.
    With ``plain`` (``learnfolio export``) the Markdown needs no extension to
    mean what it says: embeds are quotes, callouts stay as written, links
    carry no classes.
    """
    assert entry.note is not None
    result = PageRender("")
    links = LinkWriter(entry.dest, html_output, plain)
    state = _State(entry, settings, vault, result, links)
    root = ((entry.dest, ()),)
    body = _render_text(state, entry.note.body, entry, 0, stack=root)
    # "requires" shows as "Builds on" in the lines below, and the translation
    # keys as "Also in", not as properties.
    shown = tuple(
        p
        for p in entry.note.properties
        if not is_requires(p.key) and p.key.casefold() not in TRANSLATION_KEYS
    )
    top = ""
    if shown:
        top = properties_block(
            shown,
            lambda link: _link(state, link, "", entry, 0, root),
            state.links.inline_html,
            attributes=plain is None,
        )
    for line in (
        translations_line(vault, entry, settings.language or "en", links),
        _prerequisites(state, entry),
    ):
        if line:
            top = f"{top}\n{line}" if top else line
    body = insert_properties(body, top)
    if "learnfolio:" in body:
        portfolio = Portfolio(
            vault,
            settings,
            entry,
            today or dt.date.today(),
            lambda post, text, offset: _excerpt(state, root, post, text, offset),
        )
        body = expand_directives(body, portfolio)
    if vault.prerequisites.is_path(entry):
        section = path_section(vault, entry, _note_link(state), state.links.inline_html)
        if section:
            body = body.rstrip("\n") + "\n\n" + section
    if settings.provenance:
        line = provenance_line(entry, fragments=html_output is not None, plain=plain is not None)
        if line:
            body = body.rstrip("\n") + "\n\n" + line
    if settings.backlinks and not listing and entry.note.meta.get("backlinks") is not False:
        section = backlinks_section(vault, entry, html_output, plain)
        if section:
            body = body.rstrip("\n") + "\n\n" + section
    result.markdown = body
    return result


def _note_link(state: _State) -> Callable[[Entry], str]:
    return lambda target: state.links.link(target.title, target.dest)


def _prerequisites(state: _State, entry: Entry) -> str:
    """The "Builds on" and "Leads to" lines of ``entry``'s page."""
    vault = state.vault
    path_link = None
    found = vault.prerequisites
    if has_path_page(found, entry) and state.links.plain is None:
        dest = path_page_path(entry.dest, state.settings.paths_folder)
        path_link = state.links.link(path_link_label(vault, entry), dest, css="lf-path-link")
    elif found.is_path(entry) and found.path_of(entry):
        # A syllabus: its path is its own last section.
        label = path_link_label(vault, entry)
        path_link = state.links.link(label, entry.dest, PATH_ANCHOR, css="lf-path-link")
    return prerequisites_block(
        vault,
        entry,
        _note_link(state),
        state.links.inline_html,
        path_link=path_link,
        plain=state.links.plain is not None,
    )


def _excerpt(
    state: _State,
    root: tuple[tuple[str, tuple[str, ...]], ...],
    post: Entry,
    text: str,
    offset: int,
) -> str:
    """A post's excerpt on a portfolio page: the page shows the post, as an embed."""
    state.result.embedded.add(post.dest)
    return _render_text(state, text, post, offset, stack=(*root, (post.dest, ("excerpt",))))


def _render_text(
    state: _State,
    text: str,
    origin: Entry,
    base: int,
    stack: tuple[tuple[str, tuple[str, ...]], ...],
) -> str:
    """Rewrite ``text`` (from ``origin``'s body at offset ``base``) for the page."""
    # An export keeps callouts as written: GitHub and Obsidian show them as such.
    converted = text if state.links.plain else convert_callouts(text)
    note = origin.note
    if converted is text and note is not None and text is note.body:
        # A whole note without callouts: its links and tags were found when it
        # was parsed, at these very offsets.
        links, tags = note.links, note.inline_tags
        # Its block ids too: a marker found in the text is one where it ends
        # (no two markers end a line at the same place), without masking again.
        ends = {block.end for block in note.blocks}
        markers = (m for m in BLOCK_ID.finditer(text) if m.end() in ends) if ends else iter(())
    else:
        text = converted
        masked = mask(text)
        links, tags = tuple(find_links(text, masked)), tuple(find_tags(text, masked))
        markers = BLOCK_ID.finditer(masked)
    embedded = len(stack) > 1
    edits: list[tuple[int, int, str]] = []
    for link in links:
        edits.append((link.start, link.end, _link(state, link, text, origin, base, stack)))
    for tag in tags:
        if state.vault.is_hidden_tag(tag.tag):
            # A housekeeping tag has no page: it stays text (escaped: "#todo"
            # at the start of a line is no heading).
            edits.append((tag.start, tag.end, "\\#" + markdown_text(tag.tag)))
            continue
        dest = tag_page_path(tag.tag, state.settings.tags_folder)
        edits.append((tag.start, tag.end, state.links.link(f"#{tag.tag}", dest, css="lf-tag")))
    for marker in markers:
        edits += _block_anchor(text, marker, embedded)
    edits.sort()
    out: list[str] = []
    pos = 0
    for start, end, replacement in edits:
        if start < pos:
            continue
        out.append(text[pos:start])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    rendered = "".join(out)
    if embedded:
        rendered = (
            _flatten_headings(rendered) if state.links.plain else _pin_heading_ids(state, rendered)
        )
    return rendered


def _block_anchor(text: str, marker: re.Match[str], embedded: bool) -> list[tuple[int, int, str]]:
    """Edits that turn a ``^id`` marker into the anchor links to it reach.

    The anchor is raw HTML, not a fragment: MkDocs then sees its id and does
    not log links to it as broken. An id alone on its line names the block
    above it (a list, a table, a quote, code): its anchor goes before that
    block, where a reader following the link should land.
    """
    if embedded:  # the embedding page has its own anchors; ids must stay unique
        return [(marker.start(), marker.end(), "")]
    span = f'<span class="lf-block" id="^{marker["id"]}"></span>'
    if not stands_alone(text, marker.start()):
        return [(marker.start(), marker.end(), " " + span)]
    start = block_start(text, marker.start())
    span = span.replace('"lf-block"', '"lf-block lf-block-next"')
    return [(start, start, span + "\n\n"), (marker.start(), marker.end(), "")]


def _link(
    state: _State,
    link: LinkRef,
    text: str,
    origin: Entry,
    base: int,
    stack: tuple[tuple[str, tuple[str, ...]], ...],
) -> str:
    resolution = state.vault.resolve(origin, link)
    target = resolution.target
    shown = link_text(link)
    if target is None:
        if resolution.problem is not None and resolution.problem.code == "private-link":
            return _hidden_link(state, link, shown)
        # The target stays out of the marker: it may name a note of an excluded
        # folder. The build log names it.
        if link.kind == "image":
            return state.links.unresolved(link.label or link.target, "Unresolved link")
        return state.links.unresolved(shown, "Unresolved link")
    if target.note is None:
        if link.is_embed and is_image(target.dest):
            alt = link.label or target.title.rsplit(".", 1)[0]
            url = state.links.url(target.dest)
            return image(alt, url, link.width, link.height, plain=state.links.plain is not None)
        return state.links.link(shown, target.dest)
    if link.kind == "embed":
        return _embed(state, link, text, target, origin, base, stack, resolution.anchor)
    if link.kind == "markdown":
        label = link.label or ""
        if "[" in label:
            # An image as the link's text (``[![x](x.png)](x.md)``): its own link
            # is rewritten too, from its offset just past the "[".
            label = _render_text(state, label, origin, base + link.start + 1, stack)
        return state.links.labelled(label, target.dest, resolution.anchor)
    return state.links.link(shown, target.dest, resolution.anchor)


def _hidden_link(state: _State, link: LinkRef, shown: str) -> str:
    """A link to a hidden note or file: the author's words alone, as plain text.

    Nothing says a hidden note exists: no marker, no title, no class. An embed
    or an image shows nothing, and a Markdown link its own text only (an empty
    one nothing): only what the author wrote in this published note is shown.
    """
    if link.is_embed or link.kind == "image":
        return ""
    if link.kind == "markdown":
        shown = link.label or ""
    return state.links.text(shown)


def _embed(
    state: _State,
    link: LinkRef,
    text: str,
    target: Entry,
    origin: Entry,
    base: int,
    stack: tuple[tuple[str, tuple[str, ...]], ...],
    anchor: str | None,
) -> str:
    assert target.note is not None and origin.note is not None
    line = origin.note.line_at(base) + text.count("\n", 0, link.start)
    key = (target.dest, tuple(f.casefold() for f in link.fragment))
    title = link_text(link) if link.fragment or link.label else target.title
    header = state.links.link(title, target.dest, anchor)
    inline = state.links.link(title, target.dest, anchor, css="lf-embed-link")
    if key in stack:
        chain = " → ".join([state.vault.by_dest[d].title for d, _ in stack] + [target.title])
        state.result.problems.append(
            state.vault.problem(
                origin,
                line,
                "error",
                "embed-cycle",
                f"embed '{link.raw}' forms a cycle ({chain}); it is shown as a marker.",
            )
        )
        return _marker(state, text, link, f"Embed cycle: {chain}", "", f"Embed cycle: {chain}")
    if len(stack) > state.settings.embed_depth:
        state.result.problems.append(
            state.vault.problem(
                origin,
                line,
                "warning",
                "embed-depth",
                f"embed '{link.raw}' is nested more than {state.settings.embed_depth} deep; "
                "it is shown as a link. Raise embed_depth to allow it.",
            )
        )
        return _marker(state, text, link, "Embed too deep: ", header, f"Embed too deep: {title}")
    span = target.note.section_span(link.fragment)
    if span is None:
        span = (0, len(target.note.body))
    state.result.embedded.add(target.dest)
    inner = _render_text(
        state, target.note.body[span[0] : span[1]], target, span[0], (*stack, key)
    ).strip("\n")
    if state.links.plain:
        return _as_quote(text, link, header, inner, header)
    return _as_block(text, link, "lf-embed", header, inner, inline)


def _marker(state: _State, text: str, link: LinkRef, message: str, header: str, plain: str) -> str:
    error = f'<span class="lf-embed-error">{html.escape(plain, quote=False)}</span>'
    if state.links.plain:
        return _as_quote(text, link, f"{message}{header}", "", error)
    return _as_block(text, link, "lf-embed lf-embed-error", f"{message}{header}", "", error)


_LIST_MARKER = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d+[.)])[ \t]+$")


def _as_block(text: str, link: LinkRef, classes: str, title: str, body: str, inline: str) -> str:
    """Fit an embed, written as an admonition block, into the line it stands on.

    Admonitions nest anywhere (callouts, quotes, list items), unlike raw HTML
    blocks. An embed that shares its line with other text becomes ``inline``
    (a link, or the error marker).
    """
    line_start = text.rfind("\n", 0, link.start) + 1
    prefix = text[line_start : link.start]
    line_end = text.find("\n", link.end)
    rest = text[link.end : line_end if line_end >= 0 else len(text)]
    title = _quote_title(title)
    item = _LIST_MARKER.match(prefix)
    if rest.strip() or (prefix.strip(" \t>") and item is None):
        return inline
    body_lines = body.split("\n") if body else []
    if item is not None:
        # In a list item the title stays the item's text, the content nests below.
        inner = item["indent"] + "    "
        lines = [title, "", f'{inner}!!! {classes} ""']
        lines += [f"{inner}    {line}" if line.strip() else "" for line in body_lines]
        return "\n".join(lines) + "\n"
    # The prefix (indentation or quote markers) is already written before the
    # embed: a line of it alone is the blank line the block needs before it.
    blank = prefix.rstrip()
    lines = [f'{prefix}!!! {classes} "{title}"']
    lines += [f"{prefix}    {line}" if line.strip() else blank for line in body_lines]
    lines.append(blank)
    return "\n" + "\n".join(lines)


def _as_quote(text: str, link: LinkRef, title: str, body: str, inline: str) -> str:
    """Fit an embed, written as a quote (the one block every engine has), into its line.

    The same rules as :func:`_as_block`: a quote when the embed stands alone on
    its line (or is a list item's text), else ``inline``.
    """
    line_start = text.rfind("\n", 0, link.start) + 1
    prefix = text[line_start : link.start]
    line_end = text.find("\n", link.end)
    rest = text[link.end : line_end if line_end >= 0 else len(text)]
    item = _LIST_MARKER.match(prefix)
    if rest.strip() or (prefix.strip(" \t>") and item is None):
        return inline
    quoted = [f"> **{title}**"]
    if body:
        quoted.append(">")
        quoted += [f"> {line}" if line.strip() else ">" for line in body.split("\n")]
    if item is not None:
        # In a list item the title stays the item's text, the quote nests below.
        inner = item["indent"] + "    "
        return "\n".join([title, "", *(f"{inner}{line}" for line in quoted[2:])]) + "\n"
    blank = prefix.rstrip()
    return "\n" + "\n".join([f"{prefix}{line}" for line in quoted] + [blank])


_ATX_LINE = re.compile(r"^(?P<lead>[ \t>]*)#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")


def _flatten_headings(text: str) -> str:
    """Write embedded headings as bold lines: they keep their look, and never
    take or shift the ids of the embedding page's own headings."""
    masked = mask(text)
    lines = text.split("\n")
    masked_lines = masked.split("\n")
    for i, line in enumerate(lines):
        match = _ATX_LINE.match(line)
        if match is None or masked_lines[i].lstrip(" \t>")[:1] != "#":
            continue  # not a heading, or one inside code
        lines[i] = f"{match['lead']}**{match['text'].strip()}**"
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if following.strip(" \t>"):
            # A heading ends its line; bold text would run into the next one.
            lines[i] += "\n" + match["lead"].rstrip()
    return "\n".join(lines)


def _quote_title(title: str) -> str:
    """Escape double quotes for an admonition title, leaving fragments' HTML alone."""
    out: list[str] = []
    pos = 0
    for match in FRAGMENT.finditer(title):
        out.append(title[pos : match.start()].replace('"', "&quot;"))
        out.append(match.group(0))
        pos = match.end()
    out.append(title[pos:].replace('"', "&quot;"))
    return "".join(out)


def _pin_heading_ids(state: _State, text: str) -> str:
    """Give embedded headings their own ids, so they never shift the page's anchors."""
    masked = mask(text)
    lines = text.split("\n")
    masked_lines = masked.split("\n")
    for i, line in enumerate(lines):
        match = _HEADING.match(line)
        if match is None or "\0" in masked_lines[i] or match["attrs"]:
            continue
        state.embeds += 1
        lines[i] = f"{match['prefix']} {{: #embed-{state.embeds} }}"
    return "\n".join(lines)
