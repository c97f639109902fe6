"""The ``learnfolio`` command: start a knowledge base, check its links, add notes, export.

``learnfolio init`` writes a new site that ``mkdocs serve`` shows at once;
``learnfolio check`` prints every problem as ``file:line: level: message`` and
exits with 1 when there are errors, so it can gate CI; ``learnfolio export``
writes the vault as plain Markdown any engine builds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import posixpath
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urljoin

from learnfolio import __version__
from learnfolio.cache import NoteCache
from learnfolio.check import check_vault
from learnfolio.config_file import SiteConfig, read_site_config
from learnfolio.export import (
    Export,
    ExportError,
    ExportSite,
    export_post,
    export_vault,
    find_post,
    write_export,
)
from learnfolio.new import NewFileError, plan_note, plan_post, write_new
from learnfolio.problems import Problem
from learnfolio.scaffold import InitError, InitOptions, InitPlan, plan_site, write_site
from learnfolio.settings import SettingsError
from learnfolio.site.blog import listing_pages
from learnfolio.slugs import portable_slug
from learnfolio.sources import LeftOut, discover_all
from learnfolio.typeset.macros import Macros, load_macros
from learnfolio.vault import Entry, build_vault


def _config_file_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        type=Path,
        metavar="FILE",
        help="the MkDocs config file (default: mkdocs.yml)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="learnfolio",
        description="Gather notes from many sources into one linked MkDocs site.",
    )
    parser.add_argument("--version", action="version", version=f"learnfolio {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    init = commands.add_parser(
        "init",
        help="create a new knowledge base that 'mkdocs serve' shows at once",
        description="Write mkdocs.yml, home, about and blog pages, sample notes (or your "
        "own folders with --source), the GitHub Pages workflow, .gitignore and pinned "
        "requirements. Never overwrites a file.",
    )
    init.add_argument(
        "folder", nargs="?", default=".", type=Path, help="where to create it (default: here)"
    )
    init.add_argument("--name", help="the site's name (default: from the folder's name)")
    init.add_argument("--author", help="your name, for the home page, posts and feeds")
    init.add_argument(
        "--repo",
        metavar="URL",
        help="the GitHub repository that will publish it, e.g. https://github.com/you/notes",
    )
    init.add_argument(
        "--source",
        action="append",
        default=[],
        type=Path,
        metavar="PATH",
        help="an existing folder or Obsidian vault to publish instead of the sample notes "
        "(repeat for several)",
    )
    check = commands.add_parser(
        "check",
        help="report unresolved, ambiguous and private links, embed cycles and orphans",
        description="Check every note's links; exit 1 when there are errors.",
    )
    _config_file_option(check)
    check.add_argument(
        "--drafts", action="store_true", help="include draft notes, as 'mkdocs serve' does"
    )
    check.add_argument(
        "-q", "--quiet", action="store_true", help="print errors only, not warnings or orphans"
    )
    new = commands.add_parser(
        "new",
        help="start a note or a post from a template",
        description="Write a new note or post with the right frontmatter; never overwrites.",
    )
    new.add_argument("kind", choices=("note", "post"), help="what to start")
    new.add_argument("title", help="its title, e.g. 'Eigenvectors'")
    new.add_argument(
        "--source", metavar="NAME", help="the source to write into (name, mount or folder)"
    )
    _config_file_option(new)
    export = commands.add_parser(
        "export",
        help="write the published notes as plain Markdown that any engine builds",
        description="Write every published note, post and page as plain Markdown (links, "
        "embeds, backlinks and tag pages written out; attachments and notebooks copied) "
        "with a minimal mkdocs.yml, into an empty folder or a previous export. Private "
        "and draft notes are left out.",
    )
    export.add_argument("folder", type=Path, help="where to write it (empty, or a previous export)")
    _config_file_option(export)
    export.add_argument(
        "--post",
        metavar="SLUG",
        help="write only this post (its file name, e.g. first-post), every link absolute, "
        "to publish it elsewhere",
    )
    export.add_argument(
        "--site-url",
        metavar="URL",
        help="where the site is published, for --post's links (default: site_url)",
    )
    cards = commands.add_parser(
        "export-cards",
        help="write the flashcards of the published notes as an Anki deck and CSV",
        description="Write every flashcard of the published notes (notes tagged #flashcards, "
        "in the Spaced Repetition plugin's syntax) as an Anki package (.apkg) and a CSV "
        "file. Private and draft notes' cards are never written.",
    )
    _config_file_option(cards)
    cards.add_argument(
        "--apkg",
        type=Path,
        default=Path("flashcards.apkg"),
        metavar="PATH",
        help="the Anki package to write (default: flashcards.apkg)",
    )
    cards.add_argument(
        "--csv",
        type=Path,
        default=Path("flashcards.csv"),
        metavar="PATH",
        help="the CSV file to write (default: flashcards.csv)",
    )
    return parser


def run_export_cards(config_file: Path, apkg: Path, csv_path: Path) -> int:
    """Write the vault's flashcards to ``apkg`` and ``csv_path``; return the exit code."""
    from learnfolio.cards import cards_csv, vault_cards, write_apkg

    try:
        site = read_site_config(config_file)
        settings = site.settings
        for path in (apkg, csv_path):
            resolved = path.resolve()
            for spec in settings.sources:
                if resolved.is_relative_to(spec.root):
                    raise ExportError(
                        f"{path} is inside the source {spec.root}: learnfolio never writes "
                        "into your notes; choose another path."
                    )
        found = discover_all(settings.sources, skip=[site.site_dir, settings.cache_dir])
        vault = build_vault(
            found,
            NoteCache().read,
            display_root=site.path.resolve().parent,
            include_drafts=False,
            posts_dir=site.posts_dir,
            hidden_tags=settings.hidden_tags,
        )
    except (SettingsError, ExportError) as exc:
        print(f"learnfolio: {exc}", file=sys.stderr)
        return 1
    base = site.mkdocs.site_url
    urls: dict[str, str] = {}
    if base:
        # The pages' own addresses (posts have dated URLs): a build's first stages.
        from learnfolio.site.urls import site_files

        base = base.rstrip("/") + "/"
        with tempfile.TemporaryDirectory(prefix="learnfolio-cards-") as scratch:
            built = site_files(site.path, Path(scratch), base)
        vault, urls = built.vault, built.urls
    cards = vault_cards(vault)
    if not cards:
        print(
            "learnfolio: no flashcards found: cards live in notes tagged #flashcards "
            "(Question::Answer, Question:::Answer, a '?' line, ==cloze==).",
            file=sys.stderr,
        )
        return 1

    def url_of(entry: Entry) -> str:
        return urljoin(base, urls[entry.dest]) if base and entry.dest in urls else ""

    write_apkg(cards, apkg, site.mkdocs.site_name, url_of)
    csv_path.write_text(cards_csv(cards, url_of), encoding="utf-8")
    notes = len({item.entry.dest for item in cards})
    print(f"learnfolio: wrote {len(cards)} cards from {notes} notes to {apkg} and {csv_path}.")
    return 0


def run_init(options: InitOptions) -> int:
    """Create a knowledge base; return the exit code."""
    try:
        plan = plan_site(options)
        write_site(plan)
    except InitError as exc:
        print(f"learnfolio: {exc}", file=sys.stderr)
        return 1
    print(_init_summary(plan, options.folder))
    return 0


def _init_summary(plan: InitPlan, asked: Path) -> str:
    lines = [f"Created a knowledge base in {plan.folder} ({len(plan.files)} files)."]
    for source in plan.sources:
        if source.outside:
            lines.append(
                f"Note: {source.path} lies outside the site's folder; the GitHub Pages "
                "workflow only sees what is in the repository."
            )
    go = "" if asked == Path(".") else f"  cd {asked}\n"
    lines.append(
        f"Preview it:\n{go}  mkdocs serve\n"
        "Before publishing, set site_url, repo_url and author in mkdocs.yml "
        "(and docs/blog/.authors.yml)."
    )
    return "\n".join(lines)


def run_new(config_file: Path, kind: str, title: str, source: str | None) -> int:
    """Write a new note or post; return the exit code."""
    try:
        site = read_site_config(config_file)
        today = dt.date.today()
        if kind == "note":
            planned = plan_note(site, title, source, today)
        else:
            planned = plan_post(site, title, source, today)
        write_new(planned)
    except (SettingsError, NewFileError) as exc:
        print(f"learnfolio: {exc}", file=sys.stderr)
        return 1
    print(planned.path)
    return 0


def run_check(config_file: Path, *, drafts: bool = False, quiet: bool = False) -> int:
    """Print the problems of the vault configured in ``config_file``; return the exit code."""
    try:
        site = read_site_config(config_file)
    except SettingsError as exc:
        print(f"learnfolio: {exc}", file=sys.stderr)
        return 2
    settings = site.settings
    left_out: list[LeftOut] = []
    skip = [site.site_dir, settings.cache_dir]
    found = discover_all(settings.sources, skip=skip, left_out=left_out)
    include_drafts = drafts or bool(settings.drafts)
    vault = build_vault(
        found,
        NoteCache(max_size=settings.max_note_size).read,
        left_out=left_out,
        display_root=config_file.resolve().parent,
        include_drafts=include_drafts,
        posts_dir=site.posts_dir,
        hidden_tags=settings.hidden_tags,
    )
    maths: Macros | None = None
    problems: list[Problem] = []
    if "pymdownx.arithmatex" in site.mkdocs.markdown_extensions:
        maths, problems = load_macros(settings.math_macros, config_file.resolve().parent)
    problems += check_vault(vault, settings, maths)
    counts = {"error": 0, "warning": 0, "info": 0}
    for problem in problems:
        counts[problem.level] += 1
        if not quiet or problem.level == "error":
            print(problem)
    notes = len(vault.notes)
    print(
        f"learnfolio: {notes} notes checked: {counts['error']} errors, "
        f"{counts['warning']} warnings, {counts['info']} orphans",
        file=sys.stderr,
    )
    return 1 if counts["error"] else 0


def run_export(config_file: Path, folder: Path, post: str | None, site_url: str | None) -> int:
    """Write the vault (or one post) as plain Markdown into ``folder``; return the exit code."""
    try:
        if site_url is not None and post is None:
            raise ExportError("--site-url goes with --post: a whole export links within itself.")
        site = read_site_config(config_file)
        sources = [spec.root for spec in site.settings.sources]
        export = _export_site(site) if post is None else _export_post(site, post, site_url)
        write_export(export, folder, sources)
    except (SettingsError, ExportError) as exc:
        print(f"learnfolio: {exc}", file=sys.stderr)
        return 1
    if post is not None:
        print(folder / next(iter(export.texts)))
        return 0
    if export.problems:
        print(
            f"learnfolio: {len(export.problems)} links or embeds lead nowhere and are written "
            "as plain text; 'learnfolio check' lists them.",
            file=sys.stderr,
        )
    print(
        f"learnfolio: exported {len(export.pages)} pages and {len(export.copies)} files "
        f"to {folder}. Build it with: cd {folder} && mkdocs build",
        file=sys.stderr,
    )
    return 0


def _export_site(site: SiteConfig) -> Export:
    settings = site.settings
    found = discover_all(settings.sources, skip=[site.site_dir, settings.cache_dir])
    vault = build_vault(
        found,
        NoteCache(portable_slug).read,  # heading ids as the engines of the export make them
        display_root=site.path.resolve().parent,
        include_drafts=settings.drafts is True,
        posts_dir=site.posts_dir,
        hidden_tags=settings.hidden_tags,
    )
    config = site.mkdocs
    blog = posixpath.dirname(site.posts_dir) if site.posts_dir else None
    about = ExportSite(
        config.site_name,
        config.site_url,
        config.site_description,
        listing=listing_pages(config),
        blog_index=posixpath.join(blog, "index.md") if blog is not None else None,
    )
    return export_vault(vault, settings, about, dt.date.today())


def _export_post(site: SiteConfig, slug: str, site_url: str | None) -> Export:
    # Imported here: only --post runs a build's first stages (MkDocs' own URLs).
    from mkdocs.exceptions import MkDocsException

    from learnfolio.site.urls import site_files

    base = site_url or site.mkdocs.site_url
    if not base:
        raise ExportError("--post needs the site's address: pass --site-url or set site_url.")
    base = base.rstrip("/") + "/"
    with tempfile.TemporaryDirectory(prefix="learnfolio-export-") as scratch:
        try:
            built = site_files(site.path, Path(scratch), base)
        except MkDocsException as exc:
            raise ExportError(f"{site.path}: {exc}") from None
    post = find_post(built.vault, slug)

    def url_of(dest: str) -> str:
        return urljoin(base, built.urls.get(dest, dest))

    return export_post(built.vault, built.settings, post, url_of, dt.date.today())


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``learnfolio`` command."""
    args = _parser().parse_args(argv)
    if args.command == "init":
        options = InitOptions(
            folder=args.folder,
            name=args.name,
            author=args.author,
            repo=args.repo,
            sources=tuple(args.source),
            today=dt.date.today(),
        )
        return run_init(options)
    if args.command == "check":
        return run_check(args.config_file, drafts=args.drafts, quiet=args.quiet)
    if args.command == "new":
        return run_new(args.config_file, args.kind, args.title, args.source)
    if args.command == "export":
        return run_export(args.config_file, args.folder, args.post, args.site_url)
    if args.command == "export-cards":
        return run_export_cards(args.config_file, args.apkg, args.csv)
    _parser().print_help()
    return 2
