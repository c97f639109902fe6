"""Write links, images, tags and unresolved markers as Markdown for a page."""

from __future__ import annotations

import html
import re

from learnfolio.slugs import path_slug

IMAGE_EXTENSIONS = frozenset(
    {"png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp", "ico", "tif", "tiff"}
)
_LINK_TEXT_SPECIAL = re.compile(r"([\\\[\]])")


def escape_link_text(text: str) -> str:
    """Escape what would end a Markdown link's text early."""
    return _LINK_TEXT_SPECIAL.sub(r"\\\1", text)


def markdown_link(text: str, url: str, anchor: str | None = None, css: str | None = None) -> str:
    """``[text](<url#anchor>)``, with an optional class through attr_list."""
    target = url + (f"#{anchor}" if anchor else "")
    link = f"[{escape_link_text(text)}](<{target}>)"
    return link + (f"{{: .{css} }}" if css else "")


def image(alt: str, url: str, width: int | None, height: int | None) -> str:
    """``![alt](url)``, sized through attr_list when a size is given."""
    out = f"![{escape_link_text(alt)}](<{url}>)"
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
