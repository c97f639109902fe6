"""The Backlinks section at the end of a page, built from the vault's data."""

from __future__ import annotations

import html
import re

from learnfolio.model.scanner import mask
from learnfolio.model.syntax import BLOCK_ID, find_links, find_tags, link_text
from learnfolio.render.fragments import anchor_tag, escape_text, fragment
from learnfolio.render.links import HtmlOutput, PlainOutput, escape_link_text
from learnfolio.vault import Entry, Vault

_TAG_START = re.compile(r"</?[A-Za-z][^<>]*>")
_BLOCK_START = re.compile(r"^(#|>|[-+*](?=\s)|\d+(?=[.)]\s))")


def backlinks_section(
    vault: Vault,
    entry: Entry,
    html_output: HtmlOutput | None = None,
    plain: PlainOutput | None = None,
) -> str:
    """Markdown listing each page that links here, with the text around its links.

    With ``html_output`` the list is one HTML fragment and only the heading is
    Markdown (so it gets its permalink and its place in the table of contents).
    With ``plain`` (an export) it is a heading and a list, nothing else.
    """
    backlinks = vault.backlinks_of(entry)
    if not backlinks:
        return ""
    if html_output is not None:
        return _backlinks_html(vault, entry, html_output)
    if plain is None:
        lines = [
            '<section class="lf-backlinks" markdown="1" data-search-exclude="true">',
            "",
            "## Backlinks {: #lf-backlinks }",
            "",
        ]
    else:
        lines = ["## Backlinks", ""]
    for backlink in backlinks:
        source = backlink.source
        url = plain.url(source.dest, entry.dest) if plain else source.url_from(entry)
        lines.append(f"- [{escape_link_text(source.title)}](<{url}>)")
        for context in backlink.contexts:
            lines.append(f"    - {context_markdown(context)}")
        if backlink.more:
            lines.append(f"    - {more_links(backlink.more)}")
    if plain is None:
        lines += ["", "</section>"]
    return "\n".join(lines) + "\n"


def more_links(count: int) -> str:
    """What stands for the links of a page past those whose contexts are shown."""
    return f"…and {count:,} more link{'s' if count > 1 else ''} from this page"


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
    if "<" not in text and ">" not in text and "&" not in text:
        return text
    tags = [m.span() for m in _TAG_START.finditer(text) if masked[m.start()] != "\0"]
    out: list[str] = []
    for i, (ch, m) in enumerate(zip(text, masked, strict=True)):
        if any(start <= i < end for start, end in tags):
            continue
        out.append(html.escape(ch, quote=False) if m != "\0" and ch in "<>&" else ch)
    return "".join(out)


def _backlinks_html(vault: Vault, entry: Entry, output: HtmlOutput) -> str:
    items: list[str] = []
    for backlink in vault.backlinks_of(entry):
        url = output.href(backlink.source.dest, entry.dest)
        if url is None:
            return backlinks_section(vault, entry)  # MkDocs will say what is missing
        contexts = "".join(f"<li>{context_html(c, output.math)}</li>\n" for c in backlink.contexts)
        if backlink.more:
            contexts += f"<li>{more_links(backlink.more)}</li>\n"
        items.append(f"<li>{anchor_tag(backlink.source.title, url)}<ul>\n{contexts}</ul>\n</li>\n")
    opening = fragment('<section class="lf-backlinks" data-search-exclude="true">')
    listing = fragment(f"<ul>\n{''.join(items)}</ul>\n</section>")
    return f"{opening}\n\n## Backlinks {{: #lf-backlinks }}\n\n{listing}\n"


_CODE = re.compile(r"(?<![\\`])(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_MATH = re.compile(r"(?<![\\$\w])\$(?![\s$])((?:\\.|[^\\$])+?)(?<![\s\\])\$(?![\d$])")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\*)|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?!\w)")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$<>|~^=:])")


def context_html(raw: str, math: bool = True) -> str:
    """A context snippet as inline HTML: links become their text; code, math and
    emphasis render as they do in the page; any other Markdown shows as written.

    Snippets are short and already reduced to text, so this small renderer
    stands in for Python-Markdown, which would cost more than the page itself.
    """
    text = context_markdown(raw)
    # Code and math first: nothing inside them is emphasis or an escape.
    kept: list[str] = []

    def keep(markup: str) -> str:
        kept.append(markup)
        return f"\x00{len(kept) - 1}\x00"

    text = _CODE.sub(lambda m: keep(f"<code>{escape_text(m[2].strip())}</code>"), text)
    if math:
        text = _MATH.sub(
            lambda m: keep(f'<span class="arithmatex">\\({escape_text(m[1])}\\)</span>'), text
        )
    text = _ESCAPED.sub(lambda m: keep(escape_text(m[1])), text)
    text = escape_text(text)
    for _ in range(2):
        text = _STRONG.sub(r"<strong>\2</strong>", text)
        text = _EM.sub(lambda m: f"<em>{m[1] or m[2]}</em>", text)
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m[1])], text)
