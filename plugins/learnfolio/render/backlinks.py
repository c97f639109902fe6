"""The Backlinks section at the end of a page, built from the vault's data."""

from __future__ import annotations

import html
import re

from learnfolio.model.scanner import mask
from learnfolio.model.syntax import BLOCK_ID, find_links, find_tags, link_text
from learnfolio.render.links import escape_link_text
from learnfolio.vault import Entry, Vault

_TAG_START = re.compile(r"</?[A-Za-z][^<>]*>")
_BLOCK_START = re.compile(r"^(#|>|[-+*](?=\s)|\d+(?=[.)]\s))")


def backlinks_section(vault: Vault, entry: Entry) -> str:
    """Markdown listing each page that links here, with the text around its links."""
    backlinks = vault.backlinks_of(entry)
    if not backlinks:
        return ""
    lines = [
        '<section class="lf-backlinks" markdown="1" data-search-exclude="true">',
        "",
        "## Backlinks {: #lf-backlinks }",
        "",
    ]
    for backlink in backlinks:
        url = backlink.source.url_from(entry)
        lines.append(f"- [{escape_link_text(backlink.source.title)}](<{url}>)")
        for context in backlink.contexts:
            lines.append(f"    - {context_markdown(context)}")
    lines += ["", "</section>"]
    return "\n".join(lines) + "\n"


def context_markdown(raw: str) -> str:
    """Show a context snippet safely: links become their text, math and code stay."""
    masked = mask(raw)
    visible = mask(raw, html=False)
    edits = [(link.start, link.end, _escape(link_text(link))) for link in find_links(raw, masked)]
    edits += [(tag.start, tag.end, "\\#" + tag.tag) for tag in find_tags(raw, masked)]
    edits += [(m.start(), m.end(), "") for m in BLOCK_ID.finditer(masked)]
    out: list[str] = []
    pos = 0
    for start, end, replacement in sorted(edits):
        if start < pos:
            continue
        out.append(_escape_html(raw[pos:start], visible[pos:start]))
        out.append(replacement)
        pos = end
    out.append(_escape_html(raw[pos:], visible[pos:]))
    text = "".join(out).strip()
    # The context sits in a list item: a leading "#", ">", "-" or "1." would
    # turn it into a heading, a quote or a nested list.
    return _BLOCK_START.sub(r"\\\1", text) or "…"


def _escape(text: str) -> str:
    return html.escape(escape_link_text(text), quote=False)


def _escape_html(text: str, masked: str) -> str:
    # Raw HTML in a context could open a block it never closes, and its markup
    # means nothing out of place: tags are dropped, their text kept. Code and
    # math spans are left alone (they are masked) so they still render.
    tags = [m.span() for m in _TAG_START.finditer(text) if masked[m.start()] != "\0"]
    out: list[str] = []
    for i, (ch, m) in enumerate(zip(text, masked, strict=True)):
        if any(start <= i < end for start, end in tags):
            continue
        out.append(html.escape(ch, quote=False) if m != "\0" and ch in "<>&" else ch)
    return "".join(out)
