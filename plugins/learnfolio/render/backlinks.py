"""The Backlinks section at the end of a page, built from the vault's data.

One list of the pages that link here, written three ways: Markdown links to
``.md`` paths (``check``, ``export``, and blog posts, which Material renders
again), HTML fragments under a Markdown heading (note pages in the site), and
whole HTML (notebook pages, which MkDocs does not render from Markdown).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from learnfolio.model.scanner import HIDDEN, mask
from learnfolio.model.syntax import BLOCK_ID, find_links, find_tags, link_text
from learnfolio.render.fragments import anchor_tag, escape_text, fragment
from learnfolio.render.links import HtmlOutput, PlainOutput, markdown_text
from learnfolio.vault import Entry, Vault

_TAG_START = re.compile(r"</?[A-Za-z][^<>]*>")
_BLOCK_START = re.compile(r"^(#|>|[-+*](?=\s)|\d+(?=[.)]\s))")
_RUNS = re.compile(f"{HIDDEN}+|[^{HIDDEN}]+")
_SECTION = '<section class="lf-backlinks" data-search-exclude="true">'
_HEADING = "## Backlinks {: #lf-backlinks }"

Href = Callable[[str], "str | None"]
"""The URL of a page (by its site path) from the page being rendered; ``None`` if unknown."""


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
    if not vault.backlinks_of(entry):
        return ""
    if html_output is not None:
        href: Href = lambda dest: html_output.href(dest, entry.dest)  # noqa: E731
        listing = _list_html(vault, entry, href, html_output.math)
        if listing is not None:
            return f"{fragment(_SECTION)}\n\n{_HEADING}\n\n{fragment(listing + '</section>')}\n"
        # A page without a URL: the Markdown links below let MkDocs say which.
    if plain is None:
        lines = [_SECTION.replace(">", ' markdown="1">', 1), "", _HEADING, ""]
    else:
        lines = ["## Backlinks", ""]
    for backlink in vault.backlinks_of(entry):
        source = backlink.source
        url = plain.url(source.dest, entry.dest) if plain else source.url_from(entry)
        lines.append(f"- [{markdown_text(source.title)}](<{url}>)")
        for context in backlink.contexts:
            lines.append(f"    - {context_markdown(context)}")
        if backlink.more:
            lines.append(f"    - {more_links(backlink.more)}")
    if plain is None:
        lines += ["", "</section>"]
    return "\n".join(lines) + "\n"


def backlinks_html(vault: Vault, entry: Entry, href: Href, math: bool = True) -> str:
    """The Backlinks section as whole HTML, heading included, for a page MkDocs does not
    render from Markdown; pages ``href`` has no URL for are left out."""
    listing = _list_html(vault, entry, href, math, skip_unknown=True)
    if listing is None:
        return ""
    return f'{_SECTION}<h2 id="lf-backlinks">Backlinks</h2>\n{listing}</section>'


def _list_html(
    vault: Vault, entry: Entry, href: Href, math: bool, *, skip_unknown: bool = False
) -> str | None:
    """The ``<ul>`` of backlinks; ``None`` when a page has no URL (or, with
    ``skip_unknown``, when none has)."""
    items: list[str] = []
    for backlink in vault.backlinks_of(entry):
        url = href(backlink.source.dest)
        if url is None:
            if skip_unknown:
                continue
            return None
        contexts = "".join(f"<li>{context_html(c, math)}</li>\n" for c in backlink.contexts)
        if backlink.more:
            contexts += f"<li>{more_links(backlink.more)}</li>\n"
        items.append(f"<li>{anchor_tag(backlink.source.title, url)}<ul>\n{contexts}</ul>\n</li>\n")
    return f"<ul>\n{''.join(items)}</ul>\n" if items else None


def more_links(count: int) -> str:
    """What stands for the links of a page past those whose contexts are shown."""
    return f"…and {count:,} more link{'s' if count > 1 else ''} from this page"


def context_markdown(raw: str) -> str:
    """Show a context snippet safely: links become their text, math and code stay."""
    masked = mask(raw)
    visible = mask(raw, html=False)
    edits = [
        (link.start, link.end, markdown_text(link_text(link))) for link in find_links(raw, masked)
    ]
    edits += [(tag.start, tag.end, "\\#" + tag.tag) for tag in find_tags(raw, masked)]
    edits += [(m.start(), m.end(), "") for m in BLOCK_ID.finditer(masked)]
    out: list[str] = []
    pos = 0
    for start, end, replacement in sorted(edits):
        if start < pos:
            continue
        out.append(_without_html(raw[pos:start], visible[pos:start]))
        out.append(replacement)
        pos = end
    out.append(_without_html(raw[pos:], visible[pos:]))
    text = "".join(out).strip()
    # The context sits in a list item: a leading "#", ">", "-" or "1." would
    # turn it into a heading, a quote or a nested list.
    return _BLOCK_START.sub(r"\\\1", text) or "…"


def _without_html(text: str, masked: str) -> str:
    # Raw HTML in a context could open a block it never closes, and its markup
    # means nothing out of place: tags are dropped, their text kept. Code and
    # math spans are left alone (they are masked) so they still render.
    if "<" not in text and ">" not in text and "&" not in text:
        return text
    out: list[str] = []
    pos = 0
    for tag in _TAG_START.finditer(text):
        if masked[tag.start()] != HIDDEN:
            out.append(_escape_visible(text[pos : tag.start()], masked[pos : tag.start()]))
            pos = tag.end()
    out.append(_escape_visible(text[pos:], masked[pos:]))
    return "".join(out)


def _escape_visible(text: str, masked: str) -> str:
    """``text`` escaped as HTML text, except its masked runs (code and math)."""
    return "".join(
        text[run.start() : run.end()]
        if run[0][0] == HIDDEN
        else html.escape(text[run.start() : run.end()], quote=False)
        for run in _RUNS.finditer(masked)
    )


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
    # NUL marks what is kept aside below; in text it reads as U+FFFD, as in CommonMark.
    text = context_markdown(raw).replace("\x00", "\ufffd")
    # Code and math first: nothing inside them is emphasis or an escape.
    kept: list[str] = []

    def keep(markup: str) -> str:
        kept.append(markup)
        return f"\x00{len(kept) - 1}\x00"

    # Each pattern is tried only on text that holds its mark: most start with a
    # look-behind, which is tried at every character.
    if "`" in text:
        text = _CODE.sub(lambda m: keep(f"<code>{escape_text(m[2].strip())}</code>"), text)
    if math and "$" in text:
        text = _MATH.sub(
            lambda m: keep(f'<span class="arithmatex">\\({escape_text(m[1])}\\)</span>'), text
        )
    text = _ESCAPED.sub(lambda m: keep(escape_text(m[1])), text)
    text = escape_text(text)
    if "*" in text or "_" in text:
        for _ in range(2):
            text = _STRONG.sub(r"<strong>\2</strong>", text)
            text = _EM.sub(lambda m: f"<em>{m[1] or m[2]}</em>", text)
    if not kept:
        return text
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m[1])], text)
