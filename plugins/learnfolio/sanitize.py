"""Clean the HTML of notes from a source marked ``trusted: false``.

Markdown allows raw HTML, and a learner's own notes may use it. Notes imported
from somebody else should not run script on the learner's site, so their
pages' HTML goes through nh3 (the Python binding of the Rust sanitiser
ammonia, maintained and fast) before it reaches a page. What is allowed is
what learnfolio's and Python-Markdown's own output needs: links, headings with
their anchors, callouts (admonitions and ``<details>``), tables with their
alignment, code highlighting, footnotes, embeds, maths as MathML and the
timeline's SVG shapes; classes,
ids, ``data-*`` and ``aria-*`` attributes (but the browser runner's settings);
``http(s)``, ``mailto`` and relative URLs (see :mod:`learnfolio.safe_urls`).
Scripts, styles, event handlers, frames, forms and other schemes are dropped.
Code from such a source is not run in readers' browsers either: its pages get
no runner (``site/notebooks.py``).
"""

from __future__ import annotations

import re

import nh3

from learnfolio.browse.markup import VOID
from learnfolio.model.scanner import HIDDEN, mask
from learnfolio.safe_urls import ALLOWED_SCHEMES

_MATHML = {
    "math", "semantics", "annotation", "mrow", "mi", "mo", "mn", "ms", "mtext", "mspace",
    "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover",
    "mtable", "mtr", "mtd", "mstyle", "menclose", "mpadded", "mphantom", "merror",
    "mmultiscripts", "mprescripts", "none",
}  # fmt: skip
_MATHML_ATTRIBUTES = {
    "display", "xmlns", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace",
    "accent", "accentunder", "columnalign", "rowalign", "columnspacing", "rowspacing",
    "columnlines", "rowlines", "frame", "width", "height", "depth", "linethickness",
    "encoding", "notation", "movablelimits", "symmetric", "largeop", "minsize", "maxsize",
    "form", "scriptlevel", "displaystyle", "voffset", "rowspan", "columnspan",
}  # fmt: skip

# The shapes of learnfolio's own drawings (the timeline's heatmap): no links,
# no scripts, no styles, no references to other documents.
_SVG = {"svg", "g", "rect", "circle", "line", "text", "tspan", "title"}
_SVG_ATTRIBUTES = {
    "viewBox", "viewbox", "xmlns", "width", "height", "x", "y", "rx", "ry", "cx", "cy", "r",
    "x1", "y1", "x2", "y2", "dx", "dy", "transform", "text-anchor",
}  # fmt: skip

TAGS = frozenset(nh3.ALLOWED_TAGS | {"section", "details", "summary"} | _MATHML | _SVG)
"""Elements a cleaned page keeps (others are dropped, their text kept)."""

_EVERYWHERE = {"class", "id", "title", "lang", "dir", "role", "tabindex"}
ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": _EVERYWHERE,
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "loading", "title"},
    "details": {"open"},
    "ol": {"start", "type"},
    "td": {*nh3.ALLOWED_ATTRIBUTES["td"], "style"},
    "th": {*nh3.ALLOWED_ATTRIBUTES["th"], "style"},
    "time": {"datetime"},
    **{tag: set(_MATHML_ATTRIBUTES) for tag in _MATHML},
    **{tag: set(_SVG_ATTRIBUTES) for tag in _SVG},
}
"""Attributes kept per element (``*``: on every element), besides ``data-*`` and ``aria-*``."""

RUNNER_ATTRIBUTES = frozenset({"data-pyodide", "data-packages"})
"""The browser runner's settings (where Python loads from): a cleaned page cannot
set them, so a note cannot point the runner at a script of its own."""


def _without_runner_settings(tag: str, name: str, value: str) -> str | None:
    return None if name in RUNNER_ATTRIBUTES else value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    attributes=ATTRIBUTES,
    attribute_filter=_without_runner_settings,
    generic_attribute_prefixes={"data-", "aria-"},
    url_schemes=set(ALLOWED_SCHEMES),
    # Python-Markdown's tables align columns with a style: keep only that.
    filter_style_properties={"text-align"},
    link_rel=None,
    strip_comments=True,
)


def clean_html(html: str) -> str:
    """``html`` (a page's content) with everything that could run script removed."""
    return _CLEANER.clean(html)


_RAW_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*>")
"""A tag written in Markdown (``<https://…>`` and ``<a@b.c>`` are autolinks: no match)."""


def clean_markdown_html(markdown: str) -> str:
    """``markdown`` (a note of an untrusted source, as ``learnfolio export`` writes it)
    with each raw HTML tag the cleaner would not keep as it is shown as text instead.

    The export is built by other engines, which never clean a note: a tag that
    could run script (``<img onerror>``, ``<script>``) must not reach them as
    HTML. Tags in code and maths are text already, and are left alone.
    """
    visible = mask(markdown, html=False)
    out: list[str] = []
    pos = 0
    for tag in _RAW_TAG.finditer(markdown):
        if visible[tag.start()] == HIDDEN or _kept_as_is(tag):
            continue
        out.append(markdown[pos : tag.start()])
        out.append(tag[0].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
        pos = tag.end()
    out.append(markdown[pos:])
    return "".join(out)


_MARKDOWN_ATTRIBUTE = re.compile(
    r"""\smarkdown(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?(?=[\s/>])"""
)
"""md_in_html's ``markdown="1"``: no HTML attribute, read by Markdown."""


def _kept_as_is(tag: re.Match[str]) -> bool:
    name = tag[2].lower()
    if tag[1]:  # an end tag: nothing in it but its name
        return name in TAGS
    written = _MARKDOWN_ATTRIBUTE.sub("", tag[0])
    probe = written if name in VOID else f"{written}</{name}>"
    return _CLEANER.clean(probe) == probe
