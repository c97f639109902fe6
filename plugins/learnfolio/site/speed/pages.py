"""Page methods replaced on one page object, and page text let go early.

MkDocs 1.6 reads a page with ``Page.read_source`` and converts it with
``Page.render``; both are looked up on the page object, so replacing them on
one page changes how that page alone is read or rendered, and every plugin
event still runs for it. learnfolio does so only while
:func:`~learnfolio.site.speed.platform.fast_paths` allows.
"""

from __future__ import annotations

from collections.abc import Callable
from types import MethodType
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page


def give_source(page: Page, markdown: str, meta: Callable[[], dict[str, Any]]) -> None:
    """Make ``page`` read as ``markdown`` with ``meta()``, without reading its file again.

    MkDocs would read the file and parse its YAML frontmatter a second time.
    Another plugin that supplies the page's source (``on_page_read_source``)
    still wins: the page is then read as MkDocs reads it.
    """
    read_file = page.read_source

    def read_given(this: Page, config: MkDocsConfig) -> None:
        if config.plugins.on_page_read_source(page=this, config=config) is not None:
            read_file(config)
            return
        this.markdown, this.meta = markdown, meta()

    page.read_source = MethodType(read_given, page)  # type: ignore[method-assign]


def render_with(page: Page, take: Callable[[Page, Files], bool]) -> None:
    """Let ``take(page, files)`` give ``page`` its HTML; MkDocs renders it when it returns False."""

    def render(this: Page, config: MkDocsConfig, files: Files) -> None:
        if not take(this, files):
            Page.render(this, config, files)

    page.render = MethodType(render, page)  # type: ignore[method-assign]


def guard_render(page: Page, failed: Callable[[Page, MkDocsConfig, Exception], str]) -> None:
    """Hand an error while rendering ``page`` to ``failed``, whose text becomes its content.

    Unlike the other swaps this one stays on with the fast paths off: it only
    wraps ``Page.render``, the public method every MkDocs 1.x build calls, and
    does nothing on a page that has none. Notes (left out: ``""``) and
    notebooks (shown as text) both use it.
    """
    render = getattr(page, "render", None)
    if not callable(render):
        return

    def render_or_fail(this: Page, config: MkDocsConfig, files: Files) -> None:
        try:
            render(config, files)
        except Exception as exc:
            this.content = failed(this, config, exc)

    page.render = MethodType(render_or_fail, page)  # type: ignore[method-assign]


def let_go_of_text(page: Page, *, html: bool) -> None:
    """Drop ``page``'s Markdown (and its HTML with ``html``) once nothing reads it again.

    Empty, not ``None``: MkDocs' ``page.title`` reads ``None`` as "not read yet".
    """
    page.markdown = ""
    if html:
        page.content = ""
