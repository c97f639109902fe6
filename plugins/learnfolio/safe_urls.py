"""Which URLs from frontmatter and options learnfolio may put in a page.

A URL a note or ``mkdocs.yml`` gives (``original:``, the author's links and
avatar) becomes an ``href`` or ``src``. Only ``http``, ``https``, ``mailto``
and relative URLs are accepted: ``javascript:``, ``data:``, ``vbscript:`` and
every other scheme could run script or hide content. The scheme is read as a
browser reads it: entities decoded, tabs, newlines and control characters
dropped, any letter case (``&#106;ava\\tScript:`` is ``javascript:``).
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

ALLOWED_SCHEMES = ("http", "https", "mailto")
"""Schemes a URL from frontmatter or options may have; a URL without one is relative."""

_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
# Kept as written: URL syntax and percent escapes. Anything else (quotes, angle
# brackets, spaces, backticks, non-ASCII) is percent-encoded, so the URL cannot
# end a Markdown link or an HTML attribute early.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in ``url``, lower case; ``None`` for a relative URL."""
    seen = _IGNORED.sub("", html.unescape(url))
    match = _SCHEME.match(seen)
    return match[1].lower() if match else None


def is_safe_url(url: str) -> bool:
    """True for an ``http(s)``, ``mailto`` or relative URL."""
    scheme = url_scheme(url)
    return scheme is None or scheme in ALLOWED_SCHEMES


def unsafe_url_message(url: str) -> str:
    """Why ``url`` is refused, for a message that names where it was written."""
    shown = url if len(url) <= 60 else url[:57] + "..."
    return (
        f"URL {shown!r} has the scheme '{url_scheme(url)}:', and only http(s), mailto "
        "and relative URLs can be links"
    )


def clean_url(url: str) -> str:
    """A safe ``url`` as it can go into Markdown or an attribute: trimmed, and every
    character that could end a link or an attribute percent-encoded."""
    return quote(url.strip(), safe=_URL_SAFE)


_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data"})


def refused_url(value: str) -> bool:
    """True when a frontmatter value meant as a link is a URL learnfolio refuses.

    ``source: "Book: chapter 3"`` is text, not a URL with the scheme ``book:``:
    a value with spaces counts as a URL only when its scheme can run script.
    """
    scheme = url_scheme(value)
    if scheme is None or scheme in ALLOWED_SCHEMES:
        return False
    return scheme in _SCRIPT_SCHEMES or not any(c.isspace() for c in value.strip())
