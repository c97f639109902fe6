"""The properties line at the top of a page: frontmatter values that hold links.

Obsidian shows a note's properties above its text; learnfolio shows the ones
that link somewhere (``up``, ``related``...), each as its key and its values,
links working, so a reader can follow them as the author does. Other
properties (dates, status...) are the author's bookkeeping and stay hidden.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from learnfolio.model.properties import PropertyLink
from learnfolio.model.syntax import LinkRef

_FIRST_H1 = re.compile(r"\A(?:[ \t]*\n)*# [^\n]*\n")

RenderLink = Callable[[LinkRef], str]
"""Writes one link for the page (a Markdown link, a fragment, or an unresolved marker)."""


def properties_block(
    properties: tuple[PropertyLink, ...],
    link: RenderLink,
    inline_html: Callable[[str], str],
    *,
    attributes: bool = True,
) -> str:
    """A paragraph listing each linking property and its values; ``""`` if there is none.

    ``inline_html`` writes markup that holds no Markdown (a fragment when the
    site asks for them), so the block is the same HTML either way. Without
    ``attributes`` (an export) the paragraph carries no attribute list.
    """
    if not properties:
        return ""
    values: dict[str, dict[str, list[PropertyLink]]] = {}
    for found in properties:
        values.setdefault(found.key, {}).setdefault(found.value, []).append(found)
    parts: list[str] = []
    for key, by_value in values.items():
        shown = [_value(text, links, link, inline_html) for text, links in by_value.items()]
        head = f'<span class="lf-property"><span class="lf-property-key">{html.escape(key)}</span> '
        parts.append(inline_html(head) + ", ".join(shown) + inline_html("</span>"))
    if not attributes:
        return " ".join(parts) + "\n"
    return " ".join(parts) + '\n{: .lf-properties data-search-exclude="true" }\n'


def _value(
    text: str, links: list[PropertyLink], link: RenderLink, inline_html: Callable[[str], str]
) -> str:
    out: list[str] = []
    pos = 0
    for found in links:
        if found.link.start > pos:
            out.append(inline_html(html.escape(text[pos : found.link.start], quote=False)))
        out.append(link(found.link))
        pos = found.link.end
    if pos < len(text):
        out.append(inline_html(html.escape(text[pos:], quote=False)))
    return "".join(out)


def insert_properties(body: str, block: str) -> str:
    """Put ``block`` at the top of ``body``, after its title heading if it opens with one."""
    if not block:
        return body
    title = _FIRST_H1.match(body)
    at = title.end() if title else 0
    before = body[:at] + "\n" if at else ""
    return before + block + "\n" + body[at:].lstrip("\n")
