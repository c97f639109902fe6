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

from collections.abc import Callable
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from mkdocs.config.defaults import MkDocsConfig

from learnfolio.render.fragments import FRAGMENT, OPEN
from learnfolio.site.math import Maths
from learnfolio.site.speed.rawhtml import restore_faster
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
        # Here, not in extendMarkdown: md_in_html may register its postprocessor
        # after this extension does. A converter is set up once (a flag after that).
        restore_faster(self.md)
        stash = self.md.htmlStash
        return FRAGMENT.sub(lambda match: stash.store(match.group(1)), text).split("\n")
