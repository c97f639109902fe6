"""A page's language in its HTML: ``<html lang>`` and ``hreflang`` alternates.

Material writes the theme's language on every page. A page written in
another language says so, for screen readers (which pick their voice by it),
for fonts (Han characters differ between Chinese and Japanese) and for search
engines; a page with translations lists every version, itself included, as
``<link rel="alternate" hreflang>`` in its head.
"""

from __future__ import annotations

import html
import re

_HTML_LANG = re.compile(r'(<html\b[^>]*?\blang=")[^"]*(")', re.I)


def localise(output: str, lang: str | None, alternates: list[tuple[str, str]]) -> str:
    """``output`` with ``lang`` on its ``<html>`` (if given) and the ``(code, URL)`` alternates."""
    if lang is not None:
        output = _HTML_LANG.sub(lambda m: m[1] + html.escape(lang) + m[2], output, count=1)
    if alternates:
        links = "".join(
            f'<link rel="alternate" hreflang="{html.escape(code)}" href="{html.escape(url)}">'
            for code, url in alternates
        )
        at = output.find("</head>")
        if at >= 0:
            output = output[:at] + links + output[at:]
    return output
