"""Python-Markdown writes stashed HTML back faster, into the same page.

A note page's links, tags and backlinks are HTML fragments that learnfolio's
Markdown extension stashes (``site/markdown.py``); Python-Markdown's raw-HTML
postprocessor then writes each back where its placeholder is. What it
relies on: the postprocessor registered as ``raw_html`` (its own class or
md_in_html's, which keeps its ``run``), its ``stash_to_string`` and
``isblocklevel``, the stash's ``html_counter`` and ``rawHtmlBlocks``, and
``markdown.util.HTML_PLACEHOLDER``, in the Python-Markdown releases listed.
"""

from __future__ import annotations

import re

import markdown
from markdown import Markdown, util
from markdown.postprocessors import RawHtmlPostprocessor

TESTED_MARKDOWN = ("3.11",)
"""Python-Markdown releases whose raw-HTML postprocessor :func:`restore_faster` matches."""
_PLACEHOLDER = re.compile(util.HTML_PLACEHOLDER % r"([0-9]+)")


def restore_faster(md: Markdown) -> None:
    """Have ``md`` write back its stashed HTML the same way, faster.

    Python-Markdown's postprocessor looks for its placeholders with a pattern
    that starts with either ``<p>`` or the placeholder's first character, and
    so is tried at every ``<`` of the page: on a note page, whose links are
    stashed fragments, that is a good part of the page's conversion. Here the
    placeholders are found from their own first character, and ``<p>`` before
    one is checked for, which finds the same matches. Only for the
    postprocessor's own ``run`` (which md_in_html's keeps) in the releases in
    :data:`TESTED_MARKDOWN`; tests compare the two.
    """
    post = md.postprocessors["raw_html"] if "raw_html" in md.postprocessors else None  # noqa: SIM401 - a Registry has no get()
    if post is None or getattr(post, "_learnfolio", False):
        return
    version = getattr(markdown, "__version__", "")
    if type(post).run is not RawHtmlPostprocessor.run or not any(
        version == v or version.startswith(v + ".") for v in TESTED_MARKDOWN
    ):
        return
    post.run = lambda text: _restore(post, text) if md.htmlStash.html_counter else text
    post._learnfolio = True


def _restore(post: RawHtmlPostprocessor, text: str) -> str:
    """``text`` with every stashed piece of HTML back (and the pieces within those)."""
    stash = post.md.htmlStash
    out: list[str] = []
    pos = 0
    for match in _PLACEHOLDER.finditer(text):
        start, end = match.span()
        wrapped = start - 3 >= pos and text.startswith("<p>", start - 3)
        wrapped = wrapped and text.startswith("</p>", end)
        if wrapped:
            start, end = start - 3, end + 4
        out.append(text[pos:start])
        pos = end
        key = int(match.group(1))
        if key >= stash.html_counter:
            out.append(text[start:end])  # not one of this page's: left as it is
            continue
        html = post.stash_to_string(stash.rawHtmlBlocks[key])
        if wrapped and not post.isblocklevel(html):
            html = f"<p>{html}</p>"
        out.append(_restore(post, html))
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)
