"""The Markdown extensions learnfolio's output relies on, switched on for the user.

Links are sized and classed with ``attr_list``, embeds and backlinks are
``md_in_html`` blocks, callouts become ``admonition``/``pymdownx.details``
blocks, and heading anchors must keep every script, so ``toc`` gets
learnfolio's slug function unless the site set its own. learnfolio's own
extension, :class:`Fragments`, passes the HTML fragments of
:mod:`learnfolio.render.fragments` through Markdown untouched. When
pymdownx.arithmatex is on, maths is read by Obsidian's rules
(:class:`learnfolio.site.math.Maths`) and arithmatex keeps only ``\\(...\\)``
and ``\\[...\\]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import markdown
from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.postprocessors import RawHtmlPostprocessor
from markdown.preprocessors import Preprocessor
from mkdocs.config.defaults import MkDocsConfig

from learnfolio.render.fragments import FRAGMENT, OPEN
from learnfolio.site.math import Maths
from learnfolio.slugs import heading_slug

REQUIRED = ("toc", "attr_list", "md_in_html", "admonition", "pymdownx.details")


def configure_markdown(config: MkDocsConfig) -> Callable[[str], str]:
    """Add missing extensions; return the slug function ``toc`` will use."""
    for name in REQUIRED:
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
    if not any(isinstance(ext, Fragments) for ext in config.markdown_extensions):
        config.markdown_extensions.append(Fragments())
    if math_enabled(config) and not any(isinstance(e, Maths) for e in config.markdown_extensions):
        # Dollars follow Obsidian's rules, which arithmatex's do not.
        config.markdown_extensions.append(Maths())
        arithmatex: dict[str, Any] = config.mdx_configs.setdefault("pymdownx.arithmatex", {})
        arithmatex["inline_syntax"] = ["round"]
        arithmatex["block_syntax"] = ["square", "begin"]
    toc: dict[str, Any] = config.mdx_configs.setdefault("toc", {})
    slugify: Callable[..., Any] = toc.setdefault("slugify", heading_slug)
    separator: str = toc.get("separator", "-")
    if slugify is heading_slug and separator == "-":
        return heading_slug
    return lambda text: str(slugify(text, separator))


def math_enabled(config: MkDocsConfig) -> bool:
    """Whether ``$…$`` is math on this site (pymdownx.arithmatex is on)."""
    return "pymdownx.arithmatex" in config.markdown_extensions


class Fragments(Extension):  # type: ignore[misc]
    """Put learnfolio's HTML fragments in Python-Markdown's raw-HTML stash.

    This runs right after Python-Markdown normalises whitespace and before any
    other step reads the text, so no pattern ever sees a fragment's HTML: a
    fragment becomes one placeholder, and Markdown writes the HTML back
    verbatim at the end (unwrapped from ``<p>`` when it is a block, like the
    backlinks list).
    """

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the preprocessor (priority 29: after ``normalize_whitespace``, 30)."""
        md.preprocessors.register(_StashFragments(md), "learnfolio_fragments", 29)


class _StashFragments(Preprocessor):  # type: ignore[misc]
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if OPEN not in text:
            return lines
        restore_faster(self.md)
        stash = self.md.htmlStash
        return FRAGMENT.sub(lambda match: stash.store(match.group(1)), text).split("\n")


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
