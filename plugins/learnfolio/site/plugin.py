"""The learnfolio MkDocs plugin: wires MkDocs events to the core, nothing more.

Backlinks must be known before any page renders, so the whole vault is built
from the raw sources in ``on_files``; each page is then rewritten in
``on_page_markdown``. The plugin object lives across ``mkdocs serve`` rebuilds
(it defines ``on_startup``), which is where the parse cache lives.
"""

from __future__ import annotations

import copy
import datetime as dt
import gc
import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from learnfolio.cache import NoteCache
from learnfolio.cards import SiteCard, vault_cards
from learnfolio.check import maths_problems, orphans
from learnfolio.model import Note
from learnfolio.model.frontmatter import split_frontmatter
from learnfolio.problems import Problem, display_path, problem_at
from learnfolio.render import render_page
from learnfolio.render.fragments import theme_text
from learnfolio.render.indexes import source_index_pages
from learnfolio.render.links import HtmlOutput, tag_page_path
from learnfolio.render.prerequisites import path_pages
from learnfolio.render.tags import tag_pages
from learnfolio.sanitize import clean_html
from learnfolio.settings import LearnfolioConfig, Settings, SettingsError, settings_from_config
from learnfolio.site.blog import (
    check_posts,
    clean_untrusted_excerpts,
    escape_post_titles,
    feed_item,
    listing_pages,
    posts_dir,
)
from learnfolio.site.browse import Browse, add_scripts
from learnfolio.site.feeds import FeedItem, write_atom
from learnfolio.site.files import asset_file, entry_file, generated_file
from learnfolio.site.languages import add_sitemap_alternates, localise
from learnfolio.site.markdown import configure_markdown, math_enabled
from learnfolio.site.math import math_as_text, search_view, typeset
from learnfolio.site.messages import log_problem
from learnfolio.site.notebooks import NotebookSite
from learnfolio.site.review import FSRS_JS, FSRS_LICENSE, review_markdown
from learnfolio.site.review import PAGE as REVIEW_PAGE
from learnfolio.site.serve import tell_the_truth
from learnfolio.site.speed.incremental import NAME as INCREMENTAL
from learnfolio.site.speed.incremental import IncrementalBuild
from learnfolio.site.speed.pages import (
    SharedMarkdown,
    give_source,
    guard_render,
    let_go_of_text,
    render_with,
)
from learnfolio.site.speed.platform import FastPaths, check_fast_paths
from learnfolio.site.speed.quick import BuildState, Snapshot, rebuild_pages, wrap_builder
from learnfolio.site.speed.search import NAME as SEARCH
from learnfolio.site.speed.search import (
    MaterialSearch,
    enable_chinese_segmentation,
    is_materials,
    material_index,
    search_enabled,
    search_plugin,
    titles_without_word_breaks,
    without_search_attributes,
)
from learnfolio.site.speed.workers import PageWorkers, adopt, can_fork, process_count
from learnfolio.site.text import TagChip, theme_fields
from learnfolio.site.vendor import TS_FSRS, VendorError, vendored
from learnfolio.sources import LeftOut, SourceFile, discover_all
from learnfolio.sources.history import FileHistory
from learnfolio.typeset.macros import NO_MACROS, Macros, load_macros
from learnfolio.vault import Entry, Vault, build_vault

if TYPE_CHECKING:  # serve's server, imported by MkDocs only when serving
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger(__name__)

ASSETS = Path(__file__).parent / "assets"
CSS = "assets/learnfolio/learnfolio.css"
THEME = Path(__file__).parent / "theme"
"""Templates that replace Material's own (``partials/source.html``)."""


@dataclass
class VaultInputs:
    """What the vault of the last build was made from, to make it again after an edit."""

    found: list[SourceFile]
    left_out: list[LeftOut]
    copies: dict[Path, Path]
    config_dir: Path
    include_drafts: bool
    posts_dir: str | None
    history: FileHistory


class LearnfolioPlugin(BasePlugin[LearnfolioConfig]):  # type: ignore[no-untyped-call]
    """Gather notes from many sources into one linked site."""

    def __init__(self) -> None:
        self.is_serve = False
        self.cache = NoteCache()
        self.settings: Settings | None = None
        self.macros: Macros = NO_MACROS
        self._with_tex: dict[str, tuple[str, str]] = {}
        """A page's HTML, and what Material's search reads instead (``search_view``)."""
        self._macro_problems: list[Problem] = []
        self.vault: Vault | None = None
        self.reported: set[Problem] = set()
        self.untrusted: set[str] = set()
        """Pages (``src_uri``) showing notes of a ``trusted: false`` source: cleaned."""
        self.untrusted_posts: set[str] = set()
        """Site paths of the posts of ``trusted: false`` sources."""
        self.feed: list[FeedItem] = []
        self.today = dt.date.today()
        self.browse = Browse()
        self.incremental = IncrementalBuild()
        self.notebooks = NotebookSite()
        self.workers = PageWorkers()
        self.search = MaterialSearch(keep_pages=False)
        self.fast = FastPaths(mkdocs=False, material=False)
        """What the fast paths may use in this build (``speed/platform.py``)."""
        self.converter = SharedMarkdown()
        """This build's one Markdown converter for every page (with the fast paths)."""
        self._note_pages: set[str] = set()
        # Pages whose formulas on_page_markdown checked on their source lines.
        self._maths_checked: set[str] = set()
        """Site paths of the notes' own pages this build (not posts, not notebooks)."""
        self._urls: tuple[Files, dict[str, str]] | None = None
        self._listings: tuple[set[str], dict[str, str] | None] = (set(), None)
        """The generated list pages (source indexes, tags), and their Markdown with
        HTML lists once made (``_listing_markdown``)."""
        self._chips: dict[str, list[TagChip]] = {}
        """Each note page's tag chips, by ``src_uri``, for Material's template."""
        self._cards: list[SiteCard] = []
        self._languages: dict[str, tuple[str | None, list[tuple[str, str]]]] = {}
        self._inputs: VaultInputs | None = None
        self._config_dir = Path(".").resolve()
        """The folder of ``mkdocs.yml``: paths in messages are relative to it."""
        self.quick: BuildState | None = None
        """The last full ``serve`` build, for quick rebuilds after it (``quick.py``)."""
        self.quick_pages = -1
        """Pages the last rebuild built: -1 after a full build."""
        self._failed: set[str] = set()
        """``src_uri`` of the pages that failed to render this build: not written."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is ``mkdocs serve`` (drafts show only there); start afresh."""
        self.is_serve = command == "serve"
        self.browse.keep_html = self.is_serve
        self.today = dt.date.today()
        self.incremental = IncrementalBuild()
        self.search = MaterialSearch(keep_pages=self.is_serve)
        self.quick = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check the options and set up the Markdown extensions learnfolio needs."""
        self._config_dir = Path(config.config_file_path or ".").resolve().parent
        try:
            self.settings = settings_from_config(self.config, Path(config.docs_dir))
        except SettingsError as exc:
            raise PluginError(str(exc)) from None
        if not self.settings.language:
            theme = str(config.theme.get("language") or "en")
            self.settings = replace(self.settings, language=theme)
        self.cache.use_slug(configure_markdown(config))
        self.cache.max_size = self.settings.max_note_size
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        add_scripts(config)
        enable_chinese_segmentation(config)
        # The speed machinery joins the build only on versions it was tested with.
        self.fast = check_fast_paths()
        search = search_plugin(config)
        material = self.fast.material and search is not None and is_materials(search)
        if material:
            config.plugins[SEARCH] = self.search
        self.incremental.search = self.search if material else None
        if self.is_serve and self.settings.incremental and self.fast.mkdocs:
            config.plugins[INCREMENTAL] = self.incremental
        self.notebooks.configure(self.settings, config)
        # The user's TeX macros: read once a build, reported with the build's problems.
        self.macros, self._macro_problems = load_macros(self.settings.math_macros, self._config_dir)
        self.notebooks.macros = self.macros
        self.cache.use_macros(self.macros)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Under ``serve``, note every watched file before a full build reads any."""
        gc.unfreeze()  # the last full build's objects may now become garbage
        self.workers.reset()
        self.converter = SharedMarkdown()
        self.quick = None
        self.quick_pages = -1
        if INCREMENTAL in config.plugins:
            settings = self._settings()
            snapshot = Snapshot.take(self._watched(config), skip=[settings.cache_dir])
            self.quick = BuildState(config, snapshot)

    # Run before Material's blog (-50) and mkdocs-jupyter, which read these files.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Build the vault from every source and add its pages and attachments."""
        settings = self._settings()
        config_dir = Path(config.config_file_path or ".").resolve().parent
        left_out: list[LeftOut] = []
        found = discover_all(
            settings.sources, skip=[Path(config.site_dir), settings.cache_dir], left_out=left_out
        )
        include_drafts = settings.drafts if settings.drafts is not None else self.is_serve
        # Notebooks run (or come from the execution cache) before the vault is
        # built, so the vault reads their executed copies: embeds show outputs.
        copies = self.notebooks.execute(
            found, self.cache.read, settings, config_dir, include_drafts
        )
        self._inputs = VaultInputs(
            found, left_out, copies, config_dir, include_drafts, posts_dir(config), FileHistory()
        )
        vault = self._build_vault(self._inputs)
        self.vault = vault
        self._note_pages = _note_pages(vault)
        self.reported = set()
        self._report(self._macro_problems)
        self._failed = set()
        self.feed = []
        collisions = [p for p in vault.problems if p.code == "url-collision"]
        if collisions:
            raise PluginError("\n".join(str(p) for p in collisions))
        check_posts(vault)

        # Pages in docs_dir are MkDocs' own; only hidden ones need removing.
        published = {e.file.abs_path for e in vault.entries}
        for found_file in found:
            hidden = found_file.abs_path not in published
            if found_file.source.is_docs and found_file.kind == "note" and hidden:
                existing = files.get_file_from_path(found_file.path)
                if existing is not None:
                    files.remove(existing)
        # MkDocs follows every symbolic link in docs_dir; learnfolio only those
        # that stay inside the sources (discovery warned about the others).
        for outside in _outside_docs(files, config, settings):
            files.remove(outside)
        for entry in vault.entries:
            if entry.file.source.is_docs:
                continue
            clash = files.get_file_from_path(entry.dest)
            if clash is not None:
                other = display_path(clash.abs_src_path or clash.src_uri, config_dir)
                problem = Problem(
                    vault.display(entry),
                    0,
                    "error",
                    "url-collision",
                    f"lands on the same page '{entry.dest}' as {other}; "
                    "rename one of them or change the source's mount.",
                )
                raise PluginError(str(problem))
            files.append(entry_file(entry, config, self.notebooks.page_source(entry)))

        generated = settings.cache_dir / "generated"
        indexes = source_index_pages(vault)
        tagged = tag_pages(vault, settings.tags_folder)
        # Their lists are made again as HTML once URLs are final (_listing_markdown).
        self._listings = ({*indexes, *tagged} - {f"{settings.tags_folder}/index.md"}, None)
        pages = tagged | indexes
        pages |= path_pages(vault, settings.paths_folder)
        in_nav = {*indexes, f"{settings.tags_folder}/index.md", REVIEW_PAGE}
        self._cards = vault_cards(vault)
        if self._cards:
            pages[REVIEW_PAGE] = review_markdown(len(self._cards))
            self._add_scheduler(files, config)
        for dest, content in pages.items():
            if files.get_file_from_path(dest) is None:
                made = generated_file(dest, content, generated, config, in_nav=dest in in_nav)
                files.append(made)
        files.append(asset_file(CSS, ASSETS / "learnfolio.css", config))
        self.browse.add_files(files, config, settings)
        if INCREMENTAL in config.plugins:
            self.incremental.plan(vault, settings, config)
        self.notebooks.add_files(files, config, settings, vault)
        self._report(vault.problems + orphans(vault))
        return files

    def _add_scheduler(self, files: Files, config: MkDocsConfig) -> None:
        """Ship ts-fsrs with the site for the Review page; a warning if it cannot be had."""
        try:
            script = vendored(TS_FSRS)
        except VendorError as exc:
            config_file = config.config_file_path or "mkdocs.yml"
            where = display_path(config_file, self._config_dir)
            message = f"the Review page cannot schedule cards: {exc}."
            self._report([Problem(where, 0, "warning", "flashcards", message)])
            return
        for dest, source in ((FSRS_JS, script), (FSRS_LICENSE, script.parent / "LICENSE")):
            if files.get_file_from_path(dest) is None:
                files.append(asset_file(dest, source, config))

    def _build_vault(self, inputs: VaultInputs) -> Vault:
        copies = inputs.copies
        return build_vault(
            inputs.found,
            lambda f: self.cache.read(f, copies.get(f.abs_path)),
            display_root=inputs.config_dir,
            include_drafts=inputs.include_drafts,
            posts_dir=inputs.posts_dir,
            history=inputs.history.dates,
            # Unchanged notes keep their entries, resolved links and contexts.
            previous=self.vault,
            left_out=inputs.left_out,
            hidden_tags=self._settings().hidden_tags,
        )

    # mkdocs-jupyter (priority 0) wraps notebook files; fix what the wrapper loses.
    # Material's blog (-50) has given posts their final URLs by now, and
    # mkdocs-jupyter notebooks theirs: the browsing data reads them here.
    @event_priority(-100)
    def _on_files_after_jupyter(self, files: Files, *, config: MkDocsConfig) -> Files:
        files = self.notebooks.keep_out_of_nav(files, self.vault)
        if self.vault is not None:
            escape_post_titles(config, self.vault)
            self.browse.cards, self.browse.macros = self._cards, self.macros
            # Views render excerpts after a one-off build has let go of the vault.
            self.untrusted_posts = {
                e.dest for e in self.vault.notes if e.post and not e.file.source.trusted
            }
            self.browse.compute(self.vault, files, self._settings())
            if not self.is_serve:
                # A one-off build: write the browsing data now, and keep none of it.
                self.browse.write_data_early(config)
                self.browse.forget_sources()
                # The vault lives until every page is rendered (on_env lets it
                # go): set it aside, so Python's collector does not walk it
                # again and again while pages render.
                gc.freeze()
        return files

    on_files = CombinedEvent(on_files, _on_files_after_jupyter)  # type: ignore[assignment]

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """Give MkDocs the note as learnfolio read it: decoded, its metadata already parsed.

        MkDocs would read the file again and parse its YAML frontmatter a second
        time. Without the fast paths MkDocs does read it, and the note's text
        and metadata replace what it read in ``on_page_markdown`` (priority 100).
        """
        self._failed.discard(page.file.src_uri)  # a rebuild tries again
        entry = self._entry(page)
        if type(page) is not Page:
            return page  # a plugin's own kind of page (a blog post) reads itself
        note = entry.note if entry is not None else None
        if self.fast.mkdocs:
            if note is not None:
                shown = note
                give_source(page, shown.body, lambda: self._page_meta(shown))
                if self.workers.owns(page):
                    render_with(page, self._take_from_helper)
            self.converter.render(page)  # every plain page: notes, docs, generated
        if note is not None:
            # One note Markdown cannot convert must not stop the build, on any
            # MkDocs version: the guard wraps whatever renders the page.
            guard_render(page, self._leave_out)
        return page

    # mkdocs-jupyter (priority 0) has replaced notebook pages' render by now.
    @event_priority(-10)
    def _guard_notebook(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        self.notebooks.guard_conversion(page, self.vault, config)
        return page

    on_pre_page = CombinedEvent(on_pre_page, _guard_notebook)  # type: ignore[assignment]

    def _leave_out(self, page: Page, config: MkDocsConfig, exc: Exception) -> str:
        """Report a page that failed to render; it is not written (see ``on_post_page``)."""
        self._failed.add(page.file.src_uri)
        source = page.file.abs_src_path or page.file.src_uri
        message = (
            f"could not be rendered: {type(exc).__name__}: {exc}; the page is left out of "
            "the site. If the note looks right, please report this with the note."
        )
        self._report([problem_at(source, self._config_dir, 0, "error", "render-failed", message)])
        return ""

    def _page_meta(self, note: Note) -> dict[str, Any]:
        """A note page's metadata: the note's, with its title and tags as the vault has them.

        Text MkDocs and Material print unescaped (title, tags, description,
        subtitle) is handed over escaped (:func:`theme_text`): it shows as typed.
        """
        meta: dict[str, Any] = copy.deepcopy(note.meta)
        meta.update(theme_fields(note))
        if note.tags and self.vault is not None:
            shown = [tag for tag in note.tags if not self.vault.is_hidden_tag(tag)]
            meta["tags"] = [theme_text(self.vault.tag_name(tag)) for tag in shown]
        return meta

    def _take_from_helper(self, page: Page, files: Files) -> bool:
        # A helper's HTML holds only if the page's Markdown is what it converted.
        rendered = self.workers.result(page)
        self.workers.forget(page)
        if rendered is None or page.markdown != rendered.markdown:
            return False
        adopt(page, rendered, files)
        self.workers.adopted += 1
        if rendered.search is not None:
            self.search.know(page, rendered.search, rendered.content)
        return True

    # Before every other plugin's on_page_markdown, when MkDocs read the note itself.
    @event_priority(100)
    def _note_as_read(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        entry = self._entry(page)
        if self.fast.mkdocs or entry is None or entry.note is None or type(page) is not Page:
            return markdown
        page.meta = self._page_meta(entry.note)
        return entry.note.body

    def _on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Rewrite wikilinks, embeds, tags and callouts; append backlinks."""
        entry = self._entry(page)
        if entry is None or self.vault is None:
            self._tag_notebook(page)
            self._note_trust(page, ())
            if page.file.src_uri in self._listings[0] and self.vault is not None:
                return self._listing_markdown(files, config).get(page.file.src_uri, markdown)
            return markdown
        self._maths_checked.add(page.file.src_uri)
        if entry.note is not None and _title_has_maths(entry.note):
            # MkDocs would take the title from the heading's TeX; the vault's reads as text.
            page.meta["title"] = theme_text(entry.note.display_title)
        reused = self.incremental.reused_work(page)
        if reused is not None and reused.markdown is not None:
            self._report(list(reused.problems))
            self._note_trust(page, [dest for dest, _ in reused.embedded])
            return reused.markdown
        helped = self.workers.result(page)
        if helped is not None:
            markdown, problems, embedded = helped.markdown, helped.problems, helped.embedded
        else:
            try:
                markdown, problems, embedded = self._markdown_of(entry, files, config)
            except Exception as exc:  # one note must not stop the build
                self._leave_out(page, config, exc)
                return ""
        if math_enabled(config):
            problems = [*problems, *maths_problems(self.vault, entry, self.macros)]
        self._report(problems)
        self.incremental.keep_markdown(page, self.vault, markdown, problems, embedded)
        self._note_trust(page, embedded)
        return markdown

    on_page_markdown = CombinedEvent(_note_as_read, _on_page_markdown)

    def _note_trust(self, page: Page, embedded: Iterable[str]) -> None:
        """Remember whether ``page`` shows a note of a ``trusted: false`` source: its own,
        an embedded one, or a post's excerpt."""
        by_dest = self.vault.by_dest if self.vault is not None else {}
        shown = [by_dest.get(page.file.src_uri), *(by_dest.get(dest) for dest in embedded)]
        if any(entry is not None and not entry.file.source.trusted for entry in shown):
            self.untrusted.add(page.file.src_uri)
        else:
            self.untrusted.discard(page.file.src_uri)

    def _tag_notebook(self, page: Page) -> None:
        """Give a notebook page its tags, as a note page has them from its frontmatter.

        mkdocs-jupyter reads the ``.ipynb`` as the page's Markdown, which has no
        frontmatter: without this, Material's tags plugin (priority -50, after
        this) would leave notebooks out of tag pages and draw no tag chips.
        """
        entry = self.vault.by_dest.get(page.file.src_uri) if self.vault is not None else None
        if entry is not None and entry.note is not None and entry.file.kind == "notebook":
            page.meta.update(self._page_meta(entry.note))

    def _markdown_of(
        self, entry: Entry, files: Files, config: MkDocsConfig
    ) -> tuple[str, list[Problem], set[str]]:
        assert self.vault is not None
        rendered = render_page(
            self.vault,
            entry,
            self._settings(),
            today=self.today,
            # Material's blog renders a post's excerpt again on other pages, and
            # needs links it can rewrite for them: posts stay plain Markdown.
            html_output=None if entry.post else self._html_output(files, config),
            listing=entry.file.source.is_docs and entry.dest in listing_pages(config),
        )
        return rendered.markdown, rendered.problems, rendered.embedded

    def _on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Clean pages of untrusted notes; finish notebook pages; remember posts for the
        Atom feed (math typeset)."""
        if page.file.src_uri in self.untrusted:
            html = clean_html(html)
        # The table of contents is text: formulas in headings read as Unicode there.
        for item in _toc_items(page.toc):
            item.title = math_as_text(item.title, self.macros)
        entry = self._entry(page)
        if entry is not None and entry.post and config.site_url:
            content = typeset(html, lambda message: None, self.macros)
            self.feed.append(feed_item(entry, page, content, config, self._settings().atom_feed))
        if self.vault is None:
            return html
        trusted = page.file.src_uri not in self.untrusted
        return self.notebooks.page_content(
            html, page, config, files, self.vault, self._settings(), trusted=trusted
        )

    # After every other plugin's on_page_content: the page's HTML is final but
    # for maths, which on_post_page typesets (each formula once: it is cached).
    @event_priority(-90)
    def _cut_preview(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        entry = self.vault.by_dest.get(page.file.src_uri) if self.vault is not None else None
        if entry is not None and entry.note is not None and self._settings().previews:
            self.browse.cut_preview(entry.dest, page.url, entry.title, html)
        return html

    # After every other plugin's on_page_content: in a one-off build, nothing
    # reads a note page's Markdown again, and it waits a long time for its
    # template (all pages are rendered first).
    @event_priority(-100)
    def _drop_markdown(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.is_serve and self.fast.mkdocs and self._renders(page):
            let_go_of_text(page, html=False)
        return html

    # mkdocs-rss-plugin (priority -75) reads a page's title and description
    # and escapes them itself: it gets them as written, then the templates get
    # them escaped again (see ``_page_meta``).
    @event_priority(-70)
    def _plain_text_for_feeds(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        entry = self.vault.by_dest.get(page.file.src_uri) if self.vault is not None else None
        if entry is not None and entry.note is not None and "rss" in config.plugins:
            page.meta.update(theme_fields(entry.note, escaped=False))
        return html

    @event_priority(-80)
    def _theme_text_again(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        entry = self.vault.by_dest.get(page.file.src_uri) if self.vault is not None else None
        if entry is not None and entry.note is not None and "rss" in config.plugins:
            page.meta.update(theme_fields(entry.note))
        return html

    # After Material's blog (-100) rendered the excerpts a view page lists.
    @event_priority(-110)
    def _clean_excerpts(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Clean the excerpts of untrusted posts that Material's blog lists on ``page``."""
        if self.untrusted_posts:
            clean_untrusted_excerpts(context.get("posts"), self.untrusted_posts)
        return context

    on_page_content = CombinedEvent(
        _on_page_content, _plain_text_for_feeds, _theme_text_again, _cut_preview, _drop_markdown
    )

    # Right around Material's search (priority 0, between learnfolio's own search
    # events at 1 and -1): search reads :func:`search_view` (formulas as Unicode
    # text, the backlinks and provenance it would skip left empty), the page
    # keeps its TeX for on_post_page to typeset.
    @event_priority(0.5)
    def _formulas_as_text(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if page.content:
            view = search_view(page.content, self.macros)
            if view != page.content:
                self._with_tex[page.file.src_uri] = (page.content, view)
                page.content = view
        return context

    @event_priority(-0.5)
    def _formulas_as_tex(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        kept = self._with_tex.pop(page.file.src_uri, None)
        if kept is not None:
            with_tex, view = kept
            # Material's search takes its data-search-* attributes out as it indexes.
            indexed = page.content != view
            page.content = without_search_attributes(with_tex) if indexed else with_tex
        return context

    # Before Material's tags plugin (0), which leaves a page's chips be once
    # they are there: they link to learnfolio's tag pages, with that plugin or
    # without it, and it need not work out where each tag is listed.
    @event_priority(0.7)
    def _tag_chips(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        chips = self._chips.get(page.file.src_uri)
        if chips and "tags" not in context:
            context["tags"] = chips
        return context

    def _chips_of(self, vault: Vault, files: Files) -> dict[str, list[TagChip]]:
        """Each note page's tag chips, by ``src_uri`` (made before a one-off build lets
        go of the vault: templates render after that)."""
        urls = self._site_urls(files)
        folder = self._settings().tags_folder
        made: dict[str, TagChip | None] = {}  # a tag's chip is the same on every page

        def chip(tag: str) -> TagChip | None:
            if tag not in made:
                name, url = vault.tag_name(tag), urls.get(tag_page_path(tag, folder), "")
                made[tag] = None if vault.is_hidden_tag(tag) else TagChip(theme_text(name), url)
            return made[tag]

        chips: dict[str, list[TagChip]] = {}
        for entry in vault.entries:
            note = entry.note
            if note is None or not note.tags:
                continue
            chips[entry.dest] = [c for c in map(chip, note.tags) if c is not None]
        return chips

    on_page_context = CombinedEvent(
        _tag_chips, _formulas_as_text, _formulas_as_tex, _clean_excerpts
    )

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Typeset math as MathML, so formulas need no script and no CDN.

        This runs on the finished page, after Material's search has indexed the
        content: search then reads the short LaTeX, not the MathML markup, which
        halves its work on a math-heavy vault.
        """
        if page.file.src_uri in self._failed:
            return ""  # MkDocs writes no file for an empty page
        # A note's formulas were checked on their lines in on_page_markdown.
        source, root = page.file.abs_src_path or page.file.src_uri, self._config_dir
        output = typeset(
            output,
            None
            if page.file.src_uri in self._maths_checked
            else lambda message: self._report(
                [problem_at(source, root, 0, "warning", "math", message)]
            ),
            self.macros,
        )
        output = self._localise(output, page, config)
        if self.fast.mkdocs and self._renders(page):
            # The page is written; nothing reads a note page's text after this.
            # MkDocs would hold every page's Markdown and HTML to the end of the
            # build, which is most of a big vault's memory.
            let_go_of_text(page, html=True)
        return output

    def _page_languages(self, files: Files) -> dict[str, tuple[str | None, list[tuple[str, str]]]]:
        """Each page's language (``None``: the site's) and its translations' ``(code, URL)``.

        Only pages in another language or with translations are listed. Worked
        out before the vault is let go of, for ``on_post_page``.
        """
        vault = self.vault
        if vault is None:
            return {}
        site_language = self._settings().language or "en"
        found: dict[str, tuple[str | None, list[tuple[str, str]]]] = {}
        for dest, lang in self.browse.languages.items():
            found[dest] = (lang, [])
        for dest, group in vault.translations.items():
            versions = []
            for version in group:
                file = files.get_file_from_path(version.dest)
                if file is not None:
                    versions.append((version.lang or site_language, file.url))
            found[dest] = (found.get(dest, (None, []))[0], versions)
        return found

    def _localise(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Say which language the page is in (its translations go in ``sitemap.xml``)."""
        known = self._languages.get(page.file.src_uri)
        if known is None:
            return output
        return localise(output, known[0])

    def _sitemap_alternates(self, config: MkDocsConfig) -> None:
        """List each translated page's versions in ``sitemap.xml``, as search engines read them.

        Not in the pages' heads: Material fetches the ``sitemap.xml`` beside every
        ``<link rel="alternate">`` it finds there, which would load from the
        published host on every visit. Without ``site_url`` the sitemap has no
        addresses, and nothing is added.
        """
        if not config.site_url:
            return
        base = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
        by_page: dict[str, list[tuple[str, str]]] = {}
        for _, versions in self._languages.values():
            absolute = [(code, urljoin(base, url)) for code, url in versions]
            for _, url in absolute:
                by_page[url] = absolute
        add_sitemap_alternates(Path(config.site_dir), by_page)

    @event_priority(-100)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Keep the navigation for quick rebuilds; start the helpers that render pages."""
        if self.quick is not None:
            self.quick.nav = nav
        processes = process_count(self._settings().workers)
        if processes > 1 and self.vault is not None and self.fast.mkdocs and can_fork():
            inclusion = InclusionLevel.is_in_serve if self.is_serve else InclusionLevel.is_included
            mine = [
                file
                for file in files.documentation_pages(inclusion=inclusion)
                if self._helped(file)
            ]

            def markdown_of(page: Page) -> tuple[str, list[Problem], set[str]]:
                # In a helper: the page as the MkDocs process will have read it.
                entry = self._entry(page)
                assert entry is not None and entry.note is not None
                page.meta = self._page_meta(entry.note)
                return self._markdown_of(entry, files, config)

            if material_index(config) is not None and "jieba" in sys.modules:
                # Load jieba's dictionary once, before the helpers share it.
                sys.modules["jieba"].initialize()
            self.workers.start(
                mine,
                processes,
                markdown_of,
                config,
                files,
                lambda html: search_view(html, self.macros),
            )
        return nav

    def _helped(self, file: File) -> bool:
        """Whether helpers may render this page: a note's own page, rendered by MkDocs."""
        return file.src_uri in self._note_pages and (file.page is None or type(file.page) is Page)

    def _renders(self, page: Page) -> bool:
        """Whether ``page`` is a note's own page that learnfolio renders (not a post)."""
        return page.file.src_uri in self._note_pages and type(page) is Page

    @event_priority(-100)
    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        """Keep the templates and files for quick rebuilds; the repository link asks no API."""
        custom = config.theme.custom_dir
        if (
            config.repo_url
            and not self._settings().repo_stats
            and env.loader is not None
            and not (custom and (Path(custom) / "partials" / "source.html").exists())
        ):
            # Material's own partial marks the link for its script, which fetches
            # the repository's facts from GitHub's API; a custom_dir's partial wins.
            own = jinja2.FileSystemLoader(str(THEME))
            env.loader = jinja2.ChoiceLoader([own, env.loader])
        if self.quick is not None:
            self.quick.env, self.quick.files = env, files
        self.workers.stop()  # every page is rendered by now
        self._languages = self._page_languages(files)
        if self.vault is not None:
            self.browse.compute_previews(self.vault, files, self._settings())
            self._chips = self._chips_of(self.vault, files)
        if not self.is_serve:
            self._release_sources()
        return env

    def _release_sources(self) -> None:
        """In a one-off build, let go of the notes once every page is rendered.

        What is left to do (templates, search, writing) needs no note text, and a
        big vault's notes are a good part of the build's memory.
        """
        self.vault = None
        self._inputs = None
        self.cache = NoteCache(self.cache.slug, self.cache.max_size)
        self.browse.forget_sources()
        gc.unfreeze()  # set aside once the vault was built (_on_files_after_jupyter)
        gc.collect()  # the vault's objects refer to each other: free them now, for reuse

    def on_build_error(self, *, error: Exception) -> None:
        """Stop the helpers if the build fails halfway."""
        self.workers.stop()

    # Before learnfolio's (10) or Material's (0) search writes the index.
    @event_priority(20)
    def _tidy_search_titles(self, *, config: MkDocsConfig) -> None:
        titles_without_word_breaks(config)

    def _on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write feeds, downloads and browsing data; ``strict`` fails on errors."""
        self.browse.write(config)
        self._sitemap_alternates(config)
        self.notebooks.copy_downloads()
        settings = self._settings()
        self.notebooks.copy_pyodide(settings, Path(config.site_dir))
        failed = sum(len(f) for f in self.notebooks.failures.values())
        if failed and settings.strict:
            raise PluginError(
                f"learnfolio: {failed} notebook cell(s) failed at build time and 'strict' is on; "
                "the build log names each cell."
            )
        if settings.atom_feed != "off" and config.site_url and self.feed:
            write_atom(
                Path(config.site_dir) / "feed_atom.xml",
                self.feed,
                title=config.site_name,
                site_url=config.site_url,
                author=config.site_author,
            )
        errors = [p for p in self.reported if p.level == "error"]
        if errors and settings.strict:
            raise PluginError(
                f"learnfolio found {len(errors)} link error(s) and 'strict' is on; "
                "run 'learnfolio check' for the list."
            )

    # After every other plugin: only a build that got this far is built upon.
    @event_priority(-100)
    def _on_post_build_last(self, *, config: MkDocsConfig) -> None:
        if self.quick is not None and self.quick.config is config:
            self.quick.complete = True
            # What this build made lives until the next full build: collect the
            # garbage now and set the rest aside, so Python's collector does
            # not walk it all again during the quick rebuilds in between.
            gc.collect()
            gc.freeze()

    on_post_build = CombinedEvent(_tidy_search_titles, _on_post_build, _on_post_build_last)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        """Watch every source folder, and rebuild only what an edit affects when that is safe.

        A rebuild that fails shows its messages in place of the pages, and a
        source folder that goes away or comes back is noticed (``serve.py``).
        """
        for spec in self._settings().sources:
            if not spec.is_docs:
                server.watch(str(spec.root))
        if self._settings().math_macros is not None:
            server.watch(str(self._settings().math_macros))
        if self._settings().incremental and self.fast.quick:
            wrap_builder(server, builder, self.quick_rebuild)
        if getattr(server, "builder", None) is not None:
            roots = [spec.root for spec in self._settings().sources if not spec.is_docs]
            tell_the_truth(server, Path(config.site_dir), roots, self._build_failed)
        return server

    def _build_failed(self) -> None:
        """Under ``serve``, after a failed build: the next one starts afresh (no quick rebuild)."""
        self.quick = None

    def quick_rebuild(self) -> bool:
        """Build only the pages changed notes affect; ``False`` when a full build is needed.

        See ``quick.py`` for when that is safe.
        """
        state, inputs, old = self.quick, self._inputs, self.vault
        if state is None or not state.complete or inputs is None or old is None:
            return False
        start = time.monotonic()
        config, settings = state.config, self._settings()
        if search_enabled(config) and material_index(config) is None:
            return False  # only Material's index, known, can be put back together
        now = Snapshot.take(self._watched(config), skip=[settings.cache_dir])
        changed, came_or_went = now.changed_since(state.snapshot)
        if came_or_went:
            return False
        known = {str(found.abs_path): found for found in inputs.found}
        if any(
            path not in known or known[path].kind != "note" or known[path].source.is_docs
            for path in changed
        ):
            return False
        # Git may know of new commits since: read again what changed, as a full build would.
        inputs.history.refresh()
        vault = self._build_vault(inputs)
        for entries in (old.entries, vault.entries):
            if any(e.post for e in entries if str(e.file.abs_path) in changed):
                return False  # Material's blog lists posts on pages of its own
        if not self.incremental.same_structure(vault, settings, config):
            return False
        self.vault = vault
        self._note_pages = _note_pages(vault)
        self.incremental.plan(vault, settings, config)
        rebuilt = self.incremental.rebuilt
        assert state.files is not None
        pages = [
            file.page
            for file in state.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
            if file.page is not None
            and (
                file.src_uri in rebuilt
                # The site's own pages may list or count notes (the home page does).
                or (type(file.page) is Page and self._is_docs_note(file.src_uri))
            )
        ]
        self.reported = set()
        self._report(vault.problems + orphans(vault))
        rebuild_pages(state, pages)
        titles_without_word_breaks(config)
        self.search.rewrite(config)
        self.browse.compute(vault, state.files, settings, same_structure=True)
        self.browse.compute_previews(vault, state.files, settings)
        self.browse.write(config, changed_only=True)
        state.snapshot = now
        self.quick_pages = len(pages)
        log.info(
            f"Rebuilt {len(pages)} page(s) the change affects in "
            f"{time.monotonic() - start:.2f} seconds"
        )
        return True

    def _watched(self, config: MkDocsConfig) -> list[Path]:
        paths = [spec.root for spec in self._settings().sources if not spec.is_docs]
        paths.append(Path(config.docs_dir))
        if config.config_file_path:
            paths.append(Path(config.config_file_path))
        if config.theme.custom_dir:
            paths.append(Path(config.theme.custom_dir))
        paths += [Path(p) for p in config.watch]
        return paths

    def _is_docs_note(self, src_uri: str) -> bool:
        entry = self.vault.by_dest.get(src_uri) if self.vault is not None else None
        return entry is not None and entry.file.source.is_docs and entry.note is not None

    # -------------------------------------------------------------------------

    def _settings(self) -> Settings:
        if self.settings is None:
            raise PluginError("learnfolio: on_config did not run")
        return self.settings

    def _entry(self, page: Page) -> Entry | None:
        if self.vault is None:
            return None
        entry = self.vault.by_dest.get(page.file.src_uri)
        if entry is None or entry.note is None or entry.file.kind == "notebook":
            return None  # mkdocs-jupyter renders notebooks; see on_page_content
        return entry

    def _listing_markdown(self, files: Files, config: MkDocsConfig) -> dict[str, str]:
        """The generated source index and tag pages, their lists as HTML (made once a build)."""
        dests, made = self._listings
        if made is None:
            assert self.vault is not None
            output = self._html_output(files, config)
            tags_folder = self._settings().tags_folder
            pages = source_index_pages(self.vault, output) | tag_pages(
                self.vault, tags_folder, output
            )
            # MkDocs has read the page's metadata from its file: the body alone.
            made = {dest: split_frontmatter(text).body for dest, text in pages.items()}
            self._listings = (dests, made)
        return made

    def _site_urls(self, files: Files) -> dict[str, str]:
        """Each file's URL by its ``src_uri`` (files are final once pages render)."""
        if self._urls is None or self._urls[0] is not files:
            self._urls = (files, {f.src_uri: f.url for f in files})
        return self._urls[1]

    def _html_output(self, files: Files, config: MkDocsConfig) -> HtmlOutput:
        urls = self._site_urls(files)

        def href(dest: str, page: str) -> str | None:
            target, here = urls.get(dest), urls.get(page)
            if target is None or here is None:
                return None
            return get_relative_url(target, here)

        return HtmlOutput(href, math=math_enabled(config))

    def _report(self, problems: list[Problem]) -> None:
        # Each problem once per build, however many pages render it.
        for problem in problems:
            if problem in self.reported:
                continue
            self.reported.add(problem)
            log_problem(problem)


def _outside_docs(files: Files, config: MkDocsConfig, settings: Settings) -> list[File]:
    """Files MkDocs found in ``docs_dir`` through a symbolic link out of every source."""
    docs = Path(os.path.abspath(config.docs_dir))
    roots = [Path(os.path.realpath(spec.root)) for spec in settings.sources]
    outside = []
    for file in files:
        path = file.abs_src_path
        if not path or file.generated_by or not Path(path).is_relative_to(docs):
            continue
        real = Path(os.path.realpath(path))
        if real != Path(path) and not any(r == real or r in real.parents for r in roots):
            outside.append(file)
    return outside


def _title_has_maths(note: Note) -> bool:
    if note.meta.get("title"):
        return False  # a title property is plain text, shown as typed
    first = next((h for h in note.headings if h.level == 1), None)
    return first is not None and "$" in first.written


def _toc_items(items: Iterable[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        yield from _toc_items(item.children)


def _note_pages(vault: Vault) -> set[str]:
    return {e.dest for e in vault.notes if e.file.kind == "note" and not e.post}
