"""Page methods replaced on one page object, one converter for every page, text let go early.

MkDocs 1.6 reads a page with ``Page.read_source`` and converts it with
``Page.render``; both are looked up on the page object, so replacing them on
one page changes how that page alone is read or rendered, and every plugin
event still runs for it. ``Page.render`` makes its converter with
``markdown.Markdown`` through the ``markdown`` name of ``mkdocs.structure.pages``,
which :class:`SharedMarkdown` stands in for while a page renders. learnfolio
does all this only while :func:`~learnfolio.site.speed.platform.fast_paths`
allows (except :func:`guard_render`).
"""

from __future__ import annotations

from collections.abc import Callable
from types import MethodType
from typing import Any

import markdown
import mkdocs.structure.pages as mkdocs_pages
from markdown import Markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from learnfolio.site.markdown import Fragments
from learnfolio.site.math import Maths


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


REUSABLE = frozenset(
    [
        *(
            f"markdown.extensions.{name}"
            for name in [
                "abbr",
                "admonition",
                "attr_list",
                "def_list",
                "extra",
                "fenced_code",
                "footnotes",
                "legacy_attrs",
                "legacy_em",
                "md_in_html",
                "meta",
                "nl2br",
                "sane_lists",
                "smarty",
                "tables",
                "toc",
                "wikilinks",
            ]
        ),
        *(
            f"pymdownx.{name}"
            for name in [
                "arithmatex",
                "betterem",
                "caret",
                "critic",
                "details",
                "emoji",
                "highlight",
                "inlinehilite",
                "keys",
                "magiclink",
                "mark",
                "saneheaders",
                "smartsymbols",
                "superfences",
                "tabbed",
                "tasklist",
                "tilde",
            ]
        ),
    ]
)
"""Extensions whose state ``Markdown.reset()`` clears: one converter may serve every page.

Each is checked by ``tests/test_shared_markdown.py``, which converts pages one
after another with one converter and with a new one each, and compares.
"""


def _reusable(extension: object, own: tuple[type, ...]) -> bool:
    if isinstance(extension, str):
        name = extension if "." in extension else f"markdown.extensions.{extension}"
        return name in REUSABLE
    return isinstance(extension, own)


class SharedMarkdown:
    """One Python-Markdown converter for every page of a build, reset between pages.

    MkDocs' ``Page.render`` makes a new converter for each page: every
    extension is loaded and configured again (pymdownx.highlight deep-copies
    its options three times), which costs about as much as converting a short
    note. While :meth:`render` runs, ``Page.render`` gets this build's converter
    instead, reset, and registers its own per-page steps on it as on a new one
    (a step registered under a name replaces the last page's). Only when every
    extension is one :data:`REUSABLE` names, or one of ``own`` (learnfolio's):
    with any other, each page gets a new converter, as in MkDocs.
    """

    def __init__(self, own: tuple[type, ...] = (Fragments, Maths)) -> None:
        self._own = own
        self._made: tuple[object, object, Markdown] | None = None

    def Markdown(self, *, extensions: list[Any], extension_configs: dict[str, Any]) -> Markdown:
        """What ``markdown.Markdown(...)`` gives ``Page.render`` while :meth:`render` runs."""
        made = self._made
        if made is not None and made[0] is extensions and made[1] is extension_configs:
            return made[2].reset()
        converter = markdown.Markdown(extensions=extensions, extension_configs=extension_configs)
        if all(_reusable(extension, self._own) for extension in extensions):
            self._made = (extensions, extension_configs, converter)
        return converter

    def __getattr__(self, name: str) -> Any:
        return getattr(markdown, name)

    def render(self, page: Page) -> None:
        """Let ``page``'s ``render`` (MkDocs' own, or a wrapper of it) use the shared converter."""
        render = page.render

        def render_shared(this: Page, config: MkDocsConfig, files: Files) -> None:
            setattr(mkdocs_pages, "markdown", self)  # noqa: B010 (a private name of MkDocs)
            try:
                render(config, files)
            finally:
                setattr(mkdocs_pages, "markdown", markdown)  # noqa: B010

        page.render = MethodType(render_shared, page)  # type: ignore[method-assign]
