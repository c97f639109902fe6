"""Rewrite a note's Markdown for its page: links, embeds, tags, callouts, backlinks.

Text in, text out, no MkDocs: links become ordinary Markdown links to ``.md``
paths relative to the page, so MkDocs (or any other engine) turns them into
URLs and validates them. The site layer, which knows every page's final URL,
asks for HTML fragments instead (:mod:`learnfolio.render.fragments`): the
same HTML, for a fraction of Markdown's work.
"""

from __future__ import annotations

from learnfolio.render.links import tag_page_path
from learnfolio.render.page import PageRender, render_page

__all__ = ["PageRender", "render_page", "tag_page_path"]
