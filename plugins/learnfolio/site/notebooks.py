"""Notebook pages in MkDocs: execution before the vault, files, page HTML, downloads.

mkdocs-jupyter turns each notebook ``File`` into a page; learnfolio decides
what that file is (the executed copy from its cache, never the source), then
rewrites the page's HTML in ``on_page_content`` (links, tags, heading ids,
math), sets the title and table of contents from the notebook's note, and adds
launch buttons, backlinks and the in-browser runner's settings.
"""

from __future__ import annotations

import html
import json
import logging
import os
import posixpath
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from learnfolio.model import Heading, Note
from learnfolio.model.note import decode, readable
from learnfolio.model.notebook import cell_lines, load_notebook
from learnfolio.model.notebook_repair import outputs_as_text
from learnfolio.notebooks.execute import CellFailure, NotebookRunner, write_if_changed
from learnfolio.notebooks.launch import LaunchLink, launch_links
from learnfolio.notebooks.options import PYODIDE_VERSION
from learnfolio.problems import Level, Problem, display_path
from learnfolio.render.backlinks import backlinks_html
from learnfolio.render.fragments import theme_text
from learnfolio.settings import Settings
from learnfolio.site.files import asset_file, entry_file
from learnfolio.site.markdown import math_enabled
from learnfolio.site.math import mathml
from learnfolio.site.messages import log_problem
from learnfolio.site.speed.pages import guard_render
from learnfolio.sources import SourceFile
from learnfolio.typeset.macros import NO_MACROS, Macros
from learnfolio.vault import Entry, Vault, dest_for

log = get_plugin_logger(__name__)

ASSETS = Path(__file__).parent / "assets"
RUN_JS = "assets/learnfolio/run.js"
WORKER_JS = "assets/learnfolio/run-worker.js"
_RUNNABLE_FENCE = re.compile(r'<(?:div|pre)[^>]*\bclass="(?:[^"]*\s)?run[\s"]')


class _AltTextWarning(logging.Filter):
    """Drop nbconvert's warning about output images without alt text.

    Plots never have alt text in Jupyter's format; learnfolio gives every output
    image one (see ``rewrite_notebook_html``), so the warning would only make
    ``--strict`` builds of notebooks with plots impossible.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Alternative text is missing")


_ALT_FILTER = _AltTextWarning()


class NotebookSite:
    """The notebook side of the plugin; lives as long as the plugin (across rebuilds)."""

    def __init__(self) -> None:
        self.runner: NotebookRunner | None = None
        """The build-time executor; ``None`` until a build has execution on."""
        self.copies: dict[Path, Path] = {}
        """Source notebook -> its executed copy, for this build."""
        self.failures: dict[Path, tuple[CellFailure, ...]] = {}
        """Source notebook -> the cells that failed at build time."""
        self.downloads: dict[Path, Path | str] = {}
        """``.ipynb`` files to copy into the site after the build: site file -> source."""
        self.pages_dir: Path | None = None
        """Where notebook pages are read from: copies at their site paths."""
        self.macros: Macros = NO_MACROS
        """The site's TeX macros (``math_macros``), set by the plugin."""

    # -- on_config ------------------------------------------------------------

    def configure(self, settings: Settings, config: MkDocsConfig) -> None:
        """Add the runner's script and make the executor for these options."""
        options = settings.notebooks
        logging.getLogger("traitlets").addFilter(_ALT_FILTER)  # once: filters are a set
        if options.run_in_browser and RUN_JS not in config.extra_javascript:
            config.extra_javascript.append(RUN_JS)
        if options.run_in_browser and options.pyodide.missing is not None:
            log.info(
                "notebooks.pyodide is 'local' but %s holds no Pyodide yet, so the Run buttons "
                "load it from %s; 'make pyodide' (or npm pack pyodide@%s, unpacked there) "
                "fetches a copy to self-host.",
                options.pyodide.missing,
                options.pyodide.url,
                PYODIDE_VERSION,
            )
        # A fresh runner per build: its counters describe this build alone.
        self.runner = None
        if options.execute:
            self.runner = NotebookRunner(
                settings.cache_dir,
                kernel=options.kernel,
                timeout=options.timeout,
                progress=log.info,
            )

    # -- on_files -------------------------------------------------------------

    def execute(
        self,
        found: list[SourceFile],
        read: Callable[[SourceFile], Note],
        settings: Settings,
        config_dir: Path,
        include_drafts: bool,
    ) -> dict[Path, Path]:
        """Run (or take from the cache) every published notebook; return the copies.

        Runs before the vault is built, so embeds show fresh outputs too. A
        failing cell is a warning naming the cell, so ``--strict`` fails.
        """
        self.copies, self.failures = {}, {}
        self.pages_dir = settings.cache_dir / "notebooks" / "pages"
        for source_file in found:
            if source_file.kind != "notebook":
                continue
            try:
                note = read(source_file)
            except Exception:
                continue  # left out; building the vault reads it again and says why
            if note.is_hidden(include_drafts):
                continue
            dest = dest_for(source_file)
            copy = self.pages_dir / dest
            # Named as in every other message: relative to mkdocs.yml's folder.
            label = display_path(source_file.abs_path, config_dir)
            for line, message in note.warnings:
                log_problem(Problem(label, line, "warning", "notebook-repaired", message))
            text = decode(source_file.abs_path.read_bytes())[0]
            # The page reads the notebook as repaired (what nbconvert cannot
            # convert dropped), the source is never written.
            notebook, fixes, problem = load_notebook(text)
            run = settings.notebooks.execute and note.meta.get("execute") is not False
            if not run or self.runner is None or note.problems or problem is not None:
                # Unexecuted, the page still reads a copy at its site path (see
                # site.files.entry_file), never the source itself.
                write_if_changed(copy, _notebook_json(notebook) if fixes else text)
                self.copies[source_file.abs_path] = copy
                continue
            execution = self.runner.run(notebook, source_file.abs_path.parent, dest, label)
            self.copies[source_file.abs_path] = execution.path
            self.failures[source_file.abs_path] = execution.failures
            opens = cell_lines(text)
            for failure in execution.failures:
                line = opens[failure.cell - 1] if failure.cell <= len(opens) else 0
                message = f"cell {failure.cell}: {failure.name}: {failure.message}"
                log_problem(Problem(label, line, "error", "cell-failed", message))
            if execution.lost_outputs:
                first = execution.lost_outputs[0]
                cells = ", ".join(str(n) for n in execution.lost_outputs)
                message = (
                    f"cell(s) {cells} show fewer outputs than the notebook has saved, because "
                    "cells failed when the site was built; the page shows this build's "
                    "outputs. Fix the failure, or set learnfolio's execute: false in the "
                    "notebook's metadata to show the saved ones."
                )
                line = opens[first - 1] if first <= len(opens) else 0
                log_problem(Problem(label, line, "warning", "outputs-lost", message))
        return self.copies

    def page_source(self, entry: Entry) -> Path | None:
        """The folder a notebook entry's ``File`` reads from (``None`` for notes)."""
        return self.pages_dir if entry.file.abs_path in self.copies else None

    def keep_out_of_nav(self, files: Files, vault: Vault | None) -> Files:
        """Keep notebook pages out of the automatic nav, as notes are.

        mkdocs-jupyter replaces each notebook's ``File`` with a wrapper that
        loses its inclusion level, so this runs after mkdocs-jupyter's ``on_files``.
        """
        if vault is None:
            return files
        for file in files:
            entry = vault.by_dest.get(file.src_uri)
            if entry is not None and entry.file.kind == "notebook":
                file.inclusion = InclusionLevel.NOT_IN_NAV
        return files

    def add_files(
        self, files: Files, config: MkDocsConfig, settings: Settings, vault: Vault
    ) -> None:
        """Add the in-browser runner's scripts; warn when notebooks would not become pages."""
        notebooks = [e for e in vault.notes if e.file.kind == "notebook"]
        if notebooks and "mkdocs-jupyter" not in config.plugins:
            problem = Problem(
                vault.display(notebooks[0]),
                0,
                "error",
                "notebook-plugin",
                f"this and {len(notebooks) - 1} other notebook(s) need the mkdocs-jupyter "
                "plugin to become pages: add '- mkdocs-jupyter' to 'plugins' in mkdocs.yml.",
            )
            log_problem(problem)
        # A notebook in docs_dir is MkDocs' own file, read from the source: swap
        # it for one reading the (executed) copy, as for other sources.
        for entry in notebooks:
            if entry.file.source.is_docs and self.pages_dir is not None:
                existing = files.get_file_from_path(entry.dest)
                if existing is not None:
                    files.remove(existing)
                files.append(entry_file(entry, config, self.pages_dir))
        if settings.notebooks.run_in_browser:
            for dest in (RUN_JS, WORKER_JS):
                files.append(asset_file(dest, ASSETS / posixpath.basename(dest), config))

    # -- on_pre_page (after mkdocs-jupyter's) -----------------------------------

    def guard_conversion(self, page: Page, vault: Vault | None, config: MkDocsConfig) -> None:
        """Keep a notebook nbconvert cannot convert from stopping the build.

        mkdocs-jupyter converts in the page's ``render``; an error there would
        end the whole build with a traceback naming no file. The notebook is
        reported by name and shown with its outputs as text, or, when even that
        fails, as a page that says so (its download button still works).
        """
        entry = vault.by_dest.get(page.file.src_uri) if vault is not None else None
        if entry is None or entry.file.kind != "notebook":
            return
        label = vault.display(entry) if vault is not None else entry.file.path

        def fall_back(this: Page, config: MkDocsConfig, exc: Exception) -> str:
            # Any converter error: one notebook never stops the build.
            reason = f"{type(exc).__name__}: {exc}"
            source = Path(this.file.abs_src_path or entry.file.abs_path)
            try:
                if self.pages_dir is None:
                    raise ValueError("no cache folder for the copy")
                plain = self.pages_dir.parent / "as-text" / entry.dest
                content = _convert_as_text(source, plain, config)
                level: Level = "warning"
                shown = "its outputs are shown as text"
            except Exception:
                content = (
                    '<div class="admonition failure lf-notebook-failed">'
                    '<p class="admonition-title">This notebook could not be shown</p>'
                    "<p>Download it to open it in Jupyter.</p></div>"
                )
                level, shown = "error", "the page only offers to download it"
            message = (
                f"could not be converted to a page by nbconvert ({reason}); {shown}. If it "
                "opens in Jupyter, please report this with the notebook."
            )
            log_problem(Problem(label, 0, level, "notebook-conversion", message))
            return content

        guard_render(page, fall_back)

    # -- on_page_content ------------------------------------------------------

    def page_content(
        self,
        content: str,
        page: Page,
        config: MkDocsConfig,
        files: Files,
        vault: Vault,
        settings: Settings,
        *,
        trusted: bool = True,
    ) -> str:
        """Finish any page: a notebook page gets its links, title and buttons.

        A page showing a note of a ``trusted: false`` source gets no runner: its
        code is shown, with its saved outputs, but readers cannot run it on the
        site (its output would be HTML written into the page).
        """
        entry = vault.by_dest.get(page.file.src_uri)
        if entry is not None and entry.file.kind == "notebook" and entry.note is not None:
            content = self._notebook_page(content, page, config, files, vault, entry, settings)
        return content + (self._runner_config(content, page, settings) if trusted else "")

    def _notebook_page(
        self,
        content: str,
        page: Page,
        config: MkDocsConfig,
        files: Files,
        vault: Vault,
        entry: Entry,
        settings: Settings,
    ) -> str:
        assert entry.note is not None
        # Imported here, as in _launch: it brings in BeautifulSoup, a tenth of a
        # second that a build with no notebook need not spend.
        from learnfolio.notebooks.html import after_title, launch_bar_html, rewrite_notebook_html

        def url_of(dest: str) -> str | None:
            target = files.get_file_from_path(dest)
            return None if target is None else get_relative_url(target.url, page.url)

        def report(message: str) -> None:
            log_problem(Problem(vault.display(entry), 0, "warning", "math", message))

        def typeset_tex(tex: str, display: bool) -> str | None:
            converted = mathml(tex, display=display, report=report, macros=self.macros)
            tag = "div" if display else "span"
            return None if converted is None else f'<{tag} class="lf-math">{converted}</{tag}>'

        body = rewrite_notebook_html(
            content,
            vault,
            entry,
            url_of=url_of,
            tags_folder=settings.tags_folder,
            typeset=typeset_tex,
        )
        page.title = theme_text(entry.title)  # MkDocs and Material print it unescaped
        tokens = _toc_tokens(list(entry.note.headings), self.macros)
        page.toc = get_toc(tokens)  # type: ignore[arg-type]
        bar = launch_bar_html(
            self._launch(entry, vault, page, config, settings), Path(entry.file.path).name
        )
        failed = "".join(
            '<div class="admonition failure lf-cell-failure"><p class="admonition-title">'
            f"Cell {f.cell} failed when the site was built</p><p>{html.escape(f.name)}: "
            f"{html.escape(f.message)}</p></div>"
            for f in self.failures.get(entry.file.abs_path, ())
        )
        backlinks = ""
        if settings.backlinks:
            backlinks = backlinks_html(vault, entry, url_of, math_enabled(config))
        return failed + after_title(body, bar) + backlinks

    def _launch(
        self, entry: Entry, vault: Vault, page: Page, config: MkDocsConfig, settings: Settings
    ) -> list[LaunchLink]:
        from learnfolio.notebooks.html import without_hidden_links

        options = settings.notebooks
        site_file = posixpath.join(
            posixpath.dirname(page.file.dest_uri), posixpath.basename(entry.dest)
        )
        source = self.copies.get(entry.file.abs_path, entry.file.abs_path)
        # Links to hidden notes are taken out of the download as out of the page.
        public = without_hidden_links(source.read_text(encoding="utf-8-sig"), vault, entry)
        self.downloads[Path(config.site_dir) / site_file] = source if public is None else public
        config_dir = Path(config.config_file_path or ".").resolve().parent
        try:
            repo_path: str | None = entry.file.abs_path.resolve().relative_to(config_dir).as_posix()
        except ValueError:
            repo_path = None
        return launch_links(
            wanted=options.launch,
            download=get_relative_url(site_file, page.url),
            repo_url=config.repo_url,
            branch=options.branch,
            repo_path=repo_path,
        )

    def _runner_config(self, content: str, page: Page, settings: Settings) -> str:
        # Only pages with something to run carry the runner's settings; the
        # script does nothing on the others.
        options = settings.notebooks
        if not options.run_in_browser:
            return ""
        if "data-lf-cell=" not in content and not _RUNNABLE_FENCE.search(content):
            return ""
        pyodide = options.pyodide
        where = pyodide.url
        if not pyodide.is_url:
            where = get_relative_url(where, page.url).rstrip("/") + "/"
        packages = f' data-packages="{html.escape(pyodide.packages)}"' if pyodide.packages else ""
        return (
            f'\n<div class="lf-run-config" data-pyodide="{html.escape(where)}"{packages} hidden>'
            "</div>\n"
        )

    # -- on_post_build --------------------------------------------------------

    def copy_pyodide(self, settings: Settings, site_dir: Path) -> None:
        """Copy a local Pyodide into the site as static files, never as pages.

        The files are copied after the build rather than added as MkDocs
        files, so nothing of the package (its README, its demo consoles)
        becomes a page, a search entry, a sitemap entry or a node of the graph.
        """
        pyodide = settings.notebooks.pyodide
        if pyodide.folder is None or not settings.notebooks.run_in_browser:
            return
        target = site_dir / pyodide.url
        for source in sorted(pyodide.folder.iterdir()):
            if not source.is_file() or not _is_runtime_file(source.name):
                continue
            copied = target / source.name
            if copied.exists() and _same_file(source.stat(), copied.stat()):
                continue  # already copied by an earlier build into this folder
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copied)

    def copy_downloads(self) -> None:
        """Put each notebook's ``.ipynb`` beside its page, for the download button."""
        for target, source in self.downloads.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(source, str):
                target.write_text(source, encoding="utf-8")
            else:
                shutil.copyfile(source, target)
        self.downloads = {}


def _convert_as_text(source: Path, plain: Path, config: MkDocsConfig) -> str:
    """The notebook at ``source`` as mkdocs-jupyter's HTML, every output shown as text.

    The text-only copy is written to ``plain`` (in the cache).
    """
    from mkdocs_jupyter.convert import nb2html  # type: ignore[import-untyped]

    notebook, _, problem = load_notebook(decode(source.read_bytes())[0])
    if problem is not None:
        raise ValueError(problem[1])
    write_if_changed(plain, _notebook_json(outputs_as_text(notebook)))
    options = config.plugins["mkdocs-jupyter"].config
    return str(
        nb2html(
            str(plain),
            execute=False,
            theme=options["theme"],
            show_input=options["show_input"],
            no_input=options["no_input"],
            no_prompt=options["no_prompt"],
            remove_tag_config=options["remove_tag_config"],
            highlight_extra_classes=options["highlight_extra_classes"],
            include_requirejs=options["include_requirejs"],
            custom_mathjax_url=options["custom_mathjax_url"],
        )
    )


def _notebook_json(notebook: dict[str, object]) -> str:
    """A notebook as learnfolio writes its copies (Jupyter's indent, text as is)."""
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    """Same size and modification time: ``copy2`` keeps the time, so a copy matches."""
    return (a.st_size, a.st_mtime_ns) == (b.st_size, b.st_mtime_ns)


def _is_runtime_file(name: str) -> bool:
    """What Pyodide loads: its scripts, WebAssembly, standard library, lock file, wheels.

    Not its README, type declarations, source maps, package.json or demo pages.
    """
    if name == "package.json" or name.endswith((".d.ts", ".map")):
        return False
    return name.endswith((".js", ".mjs", ".wasm", ".zip", ".json", ".whl", ".tar"))


def _toc_tokens(headings: list[Heading], macros: Macros) -> list[dict[str, object]]:
    """Nest headings into the tokens MkDocs builds a table of contents from (formulas as text)."""
    root: list[dict[str, object]] = []
    stack: list[tuple[int, list[dict[str, object]]]] = [(0, root)]
    for heading in headings:
        token: dict[str, object] = {
            "level": heading.level,
            "id": heading.anchor,
            "name": readable(heading.written, macros) if "$" in heading.written else heading.text,
            "children": [],
        }
        while stack[-1][0] >= heading.level:
            stack.pop()
        stack[-1][1].append(token)
        stack.append((heading.level, token["children"]))  # type: ignore[arg-type]
    return root
