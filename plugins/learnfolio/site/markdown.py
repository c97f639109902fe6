"""The Markdown extensions learnfolio's output relies on, switched on for the user.

Links are sized and classed with ``attr_list``, embeds and backlinks are
``md_in_html`` blocks, callouts become ``admonition``/``pymdownx.details``
blocks, and heading anchors must keep every script, so ``toc`` gets
learnfolio's slug function unless the site set its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from learnfolio.slugs import heading_slug

REQUIRED = ("toc", "attr_list", "md_in_html", "admonition", "pymdownx.details")


def configure_markdown(config: MkDocsConfig) -> Callable[[str], str]:
    """Add missing extensions; return the slug function ``toc`` will use."""
    for name in REQUIRED:
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
    toc: dict[str, Any] = config.mdx_configs.setdefault("toc", {})
    slugify: Callable[..., Any] = toc.setdefault("slugify", heading_slug)
    separator: str = toc.get("separator", "-")
    if slugify is heading_slug and separator == "-":
        return heading_slug
    return lambda text: str(slugify(text, separator))
