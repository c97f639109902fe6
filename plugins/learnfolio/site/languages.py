"""A page's language: ``<html lang>``, and its translations in ``sitemap.xml``.

Material writes the theme's language on every page. A page written in
another language says so, for screen readers (which pick their voice by it),
for fonts (Han characters differ between Chinese and Japanese) and for search
engines. A page with translations lists every version, itself included, as
``<xhtml:link rel="alternate" hreflang>`` in its ``<url>`` of ``sitemap.xml``
(the form search engines read there, and Material's own language switch).
"""

from __future__ import annotations

import gzip
import html
import re
from pathlib import Path

_HTML_LANG = re.compile(r'(<html\b[^>]*?\blang=")[^"]*(")', re.I)


def localise(output: str, lang: str | None) -> str:
    """``output`` with ``lang`` on its ``<html>`` (unchanged for ``None``)."""
    if lang is None:
        return output
    return _HTML_LANG.sub(lambda m: m[1] + html.escape(lang) + m[2], output, count=1)


_XHTML = "http://www.w3.org/1999/xhtml"
_LOC = re.compile(r"(<url>\s*<loc>)([^<]*)(</loc>)")


def add_sitemap_alternates(site_dir: Path, alternates: dict[str, list[tuple[str, str]]]) -> None:
    """Add each page's ``(code, URL)`` versions to ``sitemap.xml`` (and its ``.gz``), by URL."""
    sitemap = site_dir / "sitemap.xml"
    if not alternates or not sitemap.is_file():
        return
    text = sitemap.read_text(encoding="utf-8")

    def with_versions(match: re.Match[str]) -> str:
        loc = html.unescape(match[2].strip())
        versions = alternates.get(loc)
        if not versions:
            return match[0]
        links = "".join(
            f'\n         <xhtml:link rel="alternate" hreflang="{html.escape(code)}" '
            f'href="{html.escape(url)}"/>'
            for code, url in versions
        )
        return match[0] + links

    changed = _LOC.sub(with_versions, text)
    if changed == text:
        return
    changed = changed.replace(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="{_XHTML}">',
        1,
    )
    sitemap.write_text(changed, encoding="utf-8")
    packed = site_dir / "sitemap.xml.gz"
    if packed.exists():
        packed.write_bytes(gzip.compress(changed.encode("utf-8"), mtime=0))
