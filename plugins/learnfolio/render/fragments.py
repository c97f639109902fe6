"""HTML that a page's Markdown carries through Markdown untouched.

Links, tags and the backlinks list are most of what learnfolio adds to a
page, and as Markdown they cost Python-Markdown more than the note's own
prose: every link splits a paragraph into pieces that each go through every
inline pattern again. Their HTML is already known, so the site layer asks for
them as *fragments*: HTML between two private-use characters, which the site's
Markdown extension (``learnfolio.site.markdown``) puts in Python-Markdown's
raw-HTML stash before any other step reads the text. The fragment then costs
one placeholder, and the page's HTML is the same as if Markdown had made it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

OPEN = "\ue000"
CLOSE = "\ue001"
FRAGMENT = re.compile(f"{OPEN}([^{OPEN}{CLOSE}]*){CLOSE}")
"""A fragment in Markdown text; group 1 is its HTML."""

FURNITURE = re.compile(
    r'(<(section|p) class="lf-(?:backlinks|provenance)"[^>]*>).*?(</\2>)', re.DOTALL
)
"""The backlinks section and the provenance line in a page's HTML (group 1 opens,
group 3 closes): neither search nor a link preview shows them."""

_FURNITURE_MARK = 'class="lf-'


def without_furniture(content: str, keep_tags: bool = False) -> str:
    """``content`` with the backlinks section and the provenance line left out
    (``keep_tags``: their opening and closing tags stay, empty)."""
    if "lf-backlinks" not in content and "lf-provenance" not in content:
        return content
    replace: Callable[[re.Match[str]], str] = (
        (lambda m: m[1] + m[3]) if keep_tags else (lambda m: "")
    )
    return sub_at(FURNITURE, content, _FURNITURE_MARK, (len("<section "), len("<p ")), replace)


def sub_at(
    pattern: re.Pattern[str],
    content: str,
    mark: str,
    before: tuple[int, ...],
    replace: Callable[[re.Match[str]], str],
) -> str:
    """``pattern.sub(replace, content)`` for a pattern each match of which holds
    ``mark`` at one of the offsets ``before`` from its start.

    A pattern that starts with ``<`` is tried at every ``<`` of a page; found
    from its mark (a plain search, far faster), it is tried only where a match
    can start. The result is the same.
    """
    hit = content.find(mark)
    out: list[str] = []
    pos = 0
    while hit >= 0:
        match = None
        for back in before:
            start = hit - back
            if start >= pos:
                match = pattern.match(content, start)
                if match is not None:
                    break
        if match is None:
            hit = content.find(mark, hit + 1)
            continue
        out.append(content[pos : match.start()])
        out.append(replace(match))
        pos = match.end()
        hit = content.find(mark, pos)
    if not out:
        return content
    out.append(content[pos:])
    return "".join(out)


_AMP = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.IGNORECASE)
_PLAIN = re.compile(r"(?:[^\W_]|[ .,?#-])*\Z")


def fragment(markup: str) -> str:
    """``markup`` as a fragment (the two marker characters inside it are escaped)."""
    return OPEN + markup.replace(OPEN, "&#xe000;").replace(CLOSE, "&#xe001;") + CLOSE


def is_plain(text: str) -> bool:
    """True when ``text`` means the same as Markdown and as HTML text.

    Letters, digits, spaces and a little punctuation: nothing any common
    Markdown extension rewrites (emphasis, entities, smart quotes and dashes,
    symbols, emoji, links). Text that is not plain stays Markdown.
    """
    return bool(_PLAIN.match(text)) and ".." not in text and "--" not in text


def escape_text(value: str) -> str:
    """Escape text as Python-Markdown's serializer does: entities already written stay."""
    return _AMP.sub("&amp;", value).replace("<", "&lt;").replace(">", "&gt;")


def attribute(value: str) -> str:
    """Escape an attribute value as Python-Markdown's serializer does."""
    return escape_text(value).replace('"', "&quot;")


def anchor_tag(text: str, href: str, css: str | None = None) -> str:
    """``<a class="…" href="…">text</a>``, as Python-Markdown and attr_list write a link.

    ``text`` is text, never markup: it is escaped whole, entities included,
    as :func:`learnfolio.render.links.markdown_text` has Markdown show it.
    """
    classes = f'class="{css}" ' if css else ""
    return f'<a {classes}href="{attribute(href)}">{html.escape(text, quote=False)}</a>'


# Markdown syntax a title may meet again: Material's blog writes a post's title
# as a "# heading" in its excerpts, where "{: ...}" would set attributes.
THEME_TEXT_KEYS = ("description", "subtitle")
"""Frontmatter keys of text Material prints unescaped besides the title and tags."""
_THEME_SPECIAL = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]$"})


def theme_text(value: str) -> str:
    """``value`` (a title, a tag, a description) as the text MkDocs and Material print.

    Their templates print page titles, tags and descriptions unescaped, into
    text and attributes alike, and Material's search shows them as HTML; so
    learnfolio hands them over escaped: every template then shows the
    characters as typed. Inline Markdown syntax becomes entities too, for
    Material's blog, which puts a post's title in Markdown.
    """
    return html.escape(value, quote=True).translate(_THEME_SPECIAL)
