"""The one slug function of learnfolio, for URLs, heading anchors and tags.

Python-Markdown's default ``toc`` slugify drops every non-ASCII character, so a
Chinese or Arabic heading gets no usable anchor. learnfolio keeps letters and
digits of every script, lower-cased, and turns runs of spaces into hyphens. The
site layer installs :func:`heading_slug` as the ``toc`` slugify so that anchors
computed by the resolver match the ids in the HTML.
"""

from __future__ import annotations

import re
import unicodedata

_DROP = re.compile(r"[^\w\s-]", re.UNICODE)
_SPACES = re.compile(r"[\s_]+", re.UNICODE)
_HYPHENS = re.compile(r"-{2,}")


def slugify(text: str) -> str:
    """Return ``text`` as a slug: lower case, spaces to hyphens, any script kept.

    >>> slugify("Eigenvalues and Eigenvectors!")
    'eigenvalues-and-eigenvectors'
    >>> slugify("贝叶斯 定理")
    '贝叶斯-定理'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _DROP.sub("", text)
    text = _SPACES.sub("-", text.strip())
    return _HYPHENS.sub("-", text).strip("-")


def heading_slug(value: str, separator: str = "-") -> str:
    """Slugify a heading's text; the signature Python-Markdown's ``toc`` expects."""
    slug = slugify(value)
    return slug if separator == "-" else slug.replace("-", separator)


def path_slug(segment: str) -> str:
    """Slugify one path segment (a folder or a file stem) for a URL.

    Falls back to the lower-cased segment with spaces as hyphens when nothing
    word-like is left (a file named ``+++``), so no path segment is empty.
    """
    slug = slugify(segment)
    if slug:
        return slug
    fallback = _SPACES.sub("-", segment.strip().casefold())
    return fallback or "untitled"


_MATCH_DROP = re.compile(r"[^\w]+", re.UNICODE)


def match_key(text: str) -> str:
    """Key for matching headings ignoring case, spaces and punctuation."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _MATCH_DROP.sub("", text).replace("_", "")


def name_key(text: str) -> str:
    """Key for matching note names: case-insensitive, surrounding spaces ignored."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


_HTML_TAG = re.compile(r"</?[^>]*>")
_NOT_IN_ID = re.compile(r"[^\w\- ]", re.UNICODE)


def portable_slug(value: str, separator: str = "-") -> str:
    """A heading's id as GitHub makes it, and pymdownx's ``slugify(case="lower")``.

    ``learnfolio export`` links to headings with these ids, and the
    ``mkdocs.yml`` it writes gives ``toc`` that slugify, so the same links hold
    on GitHub, MkDocs, ProperDocs and Zensical: lower case, every script kept,
    punctuation dropped, each space a hyphen.

    >>> portable_slug("When the curvature changes: x^4")
    'when-the-curvature-changes-x4'
    """
    text = _HTML_TAG.sub("", unicodedata.normalize("NFC", value)).strip().lower()
    return _NOT_IN_ID.sub("", text).replace(" ", separator)
