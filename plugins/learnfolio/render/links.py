"""Write links, images, tags and unresolved markers as Markdown for a page."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from learnfolio.render.fragments import anchor_tag, fragment, is_plain
from learnfolio.slugs import path_slug
from learnfolio.vault import relative_url

IMAGE_EXTENSIONS = frozenset(
    {"png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp", "ico", "tif", "tiff"}
)
# Inline Markdown syntax: backslash escapes Python-Markdown (and CommonMark) know.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]])")
_LINE_BREAKS = re.compile(r"[\r\n]+")


def markdown_text(text: str) -> str:
    """``text`` (a title, a name, a tag: never Markdown) as Markdown that shows exactly it.

    HTML is escaped (``<img>`` and ``&amp;`` show as typed), inline syntax is
    backslash-escaped (emphasis, code, links, ``{: attr_list }``), ``$`` is an
    entity so no maths starts, and a line break is a space.
    """
    escaped = _LINE_BREAKS.sub(" ", text).replace("&", "&amp;").replace("<", "&lt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped).replace("$", "&#36;")


def markdown_link(text: str, url: str, anchor: str | None = None, css: str | None = None) -> str:
    """``[text](<url#anchor>)``, with an optional class through attr_list."""
    target = url + (f"#{anchor}" if anchor else "")
    link = f"[{markdown_text(text)}](<{target}>)"
    return link + (f"{{: .{css} }}" if css else "")


Href = Callable[[str, str], "str | None"]
"""``href(dest, page)``: the URL of site path ``dest`` as written on the page at
``page``, exactly as MkDocs would write it; ``None`` when the site has no such file."""


@dataclass(frozen=True)
class HtmlOutput:
    """What the site layer knows that lets a page carry HTML fragments instead of Markdown.

    Without it (``learnfolio check``, the tests of this package) pages are pure
    Markdown and MkDocs resolves every ``.md`` link itself.
    """

    href: Href
    """Final URLs of site paths."""
    math: bool = True
    """Whether ``$…$`` is math on this site (pymdownx.arithmatex is on)."""


@dataclass(frozen=True)
class PlainOutput:
    """What ``learnfolio export`` asks for: Markdown that reads the same in any engine.

    No HTML fragments, no classes, no attribute lists: plain Markdown links to
    the URLs the export gives (relative ``.md`` paths, or the site's own URLs
    for a cross-posted post). Heading anchors are the vault's own: an export
    builds its vault with the heading slug its engines use.
    """

    url: Callable[[str, str], str]
    """``url(dest, page)``: how the page at site path ``page`` links to site path ``dest``."""


class LinkWriter:
    """Writes the links of one page: HTML fragments when it can, else Markdown links."""

    def __init__(
        self, page: str, output: HtmlOutput | None, plain: PlainOutput | None = None
    ) -> None:
        self.page = page
        """The site path of the page the links are written on."""
        self.output = output
        self.plain = plain
        """Set for an export: plain Markdown links only (``output`` is then ``None``)."""

    def link(self, text: str, dest: str, anchor: str | None = None, css: str | None = None) -> str:
        """A link showing ``text`` (plain text, never Markdown) to site path ``dest``."""
        if self.plain is not None:
            return markdown_link(text, self.url(dest), anchor)
        url = self._href(dest) if is_plain(text) else None
        if url is None:
            return markdown_link(text, relative_url(dest, self.page), anchor, css)
        return fragment(anchor_tag(text, url + (f"#{anchor}" if anchor else ""), css))

    def labelled(self, label: str, dest: str, anchor: str | None = None) -> str:
        """A link whose text is the author's own Markdown ``label``: ``[label](<url>)``."""
        url = self._href(dest) if is_plain(label) and self.plain is None else None
        if url is None:
            return f"[{label}](<{self.url(dest)}{f'#{anchor}' if anchor else ''}>)"
        return fragment(anchor_tag(label, url + (f"#{anchor}" if anchor else "")))

    def url(self, dest: str) -> str:
        """The URL of site path ``dest`` in a Markdown link on this page."""
        if self.plain is not None:
            return self.plain.url(dest, self.page)
        return relative_url(dest, self.page)

    def unresolved(self, text: str, reason: str) -> str:
        """``text`` marked as a link that leads nowhere (see :func:`unresolved`)."""
        marked = unresolved(text, reason)
        return self.inline_html(marked) if is_plain(text) else marked

    def text(self, text: str) -> str:
        """``text`` as plain text on the page, in no element of its own."""
        escaped = html.escape(text, quote=False)
        return self.inline_html(escaped) if is_plain(text) else escaped

    def inline_html(self, markup: str) -> str:
        """Inline HTML with no Markdown in it: a fragment when fragments are on."""
        return markup if self.output is None else fragment(markup)

    def _href(self, dest: str) -> str | None:
        return None if self.output is None else self.output.href(dest, self.page)


def image(alt: str, url: str, width: int | None, height: int | None, *, plain: bool = False) -> str:
    """``![alt](url)``, sized through attr_list when a size is given.

    With ``plain``, a sized image is an ``<img>`` element: every engine keeps it.
    """
    if plain and (width or height):
        size = "".join(f' {k}="{v}"' for k, v in (("width", width), ("height", height)) if v)
        return f'<img src="{html.escape(url)}" alt="{html.escape(alt)}"{size}>'
    out = f"![{markdown_text(alt)}](<{url}>)"
    attrs = []
    if width:
        attrs.append(f'width="{width}"')
    if height:
        attrs.append(f'height="{height}"')
    return out + (f"{{: {' '.join(attrs)} }}" if attrs else "")


def unresolved(text: str, reason: str) -> str:
    """Plain text marked as an unresolved link: never a broken ``<a>``."""
    return (
        f'<span class="lf-unresolved" title="{html.escape(reason, quote=True)}">'
        f"{html.escape(text, quote=False)}</span>"
    )


def is_image(path: str) -> bool:
    """True when ``path`` names an image file."""
    return path.rsplit(".", 1)[-1].lower() in IMAGE_EXTENSIONS


def tag_page_path(tag: str, folder: str) -> str:
    """The site path of the page for ``tag``: ``tags/math/calculus.md``."""
    parts = [path_slug(part) for part in tag.split("/") if part]
    return "/".join([folder, *parts]) + ".md"
