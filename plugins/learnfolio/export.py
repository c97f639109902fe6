"""``learnfolio export``: the published vault as plain Markdown that any engine renders.

A way out. MkDocs 1.x is frozen, MkDocs 2.0 drops plugins and Material for
MkDocs reaches its end of life; the notes must outlive all of them. The export
is the site's text with everything learnfolio adds written down: wikilinks,
embeds and block references as standard relative links with their anchors,
embeds inlined as quotes, a Backlinks section on each page, a page per tag and
per source, attachments copied and notebooks copied as ``.ipynb`` beside their
notes, maths left as ``$``/``$$``. A minimal ``mkdocs.yml`` builds it with plain
MkDocs, ProperDocs or Zensical, no learnfolio needed.

Only what the vault publishes is read: private, draft and excluded notes never
enter the vault, so the export cannot write, name or count them.

Heading anchors: each engine makes its own ids from heading text. The export
builds its vault with :func:`~learnfolio.slugs.portable_slug` (GitHub's rule,
which the written ``mkdocs.yml`` gives MkDocs and Zensical too), so links carry
the ids those engines write.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from learnfolio.render import render_page
from learnfolio.render.indexes import source_index_pages
from learnfolio.render.links import PlainOutput, markdown_text
from learnfolio.render.provenance import human_date, original_url
from learnfolio.render.tags import tag_pages
from learnfolio.sanitize import clean_markdown_html
from learnfolio.slugs import path_slug
from learnfolio.vault import Entry, Problem, Vault, relative_url

if TYPE_CHECKING:
    from learnfolio.settings import Settings

MANIFEST = ".learnfolio-export"
"""The file in an export's folder that lists what it wrote; its presence marks a previous export."""

_MANIFEST_HEADER = (
    "# Written by `learnfolio export`: the files it wrote here, one a line.\n"
    "# The next export into this folder replaces exactly these files.\n"
)

# Frontmatter keys an engine may use, kept from the note; the rest (publish,
# template, hide...) is the old site's business.
_KEPT_KEYS = ("date", "updated", "description", "categories")


class ExportError(Exception):
    """The export cannot be written where asked; the message says why and what to do."""


@dataclass(frozen=True)
class Export:
    """Everything an export writes, by path in its folder."""

    texts: dict[str, str]
    """Generated files (pages, ``mkdocs.yml``) by path."""
    copies: dict[str, Path]
    """Files copied as they are (attachments, notebooks) by path."""
    problems: tuple[Problem, ...] = ()
    """What ``learnfolio check`` would report as errors: links written as plain text."""

    @property
    def pages(self) -> list[str]:
        """The Markdown pages, by path."""
        return sorted(p for p in self.texts if p.endswith(".md"))


@dataclass(frozen=True)
class ExportSite:
    """What the written ``mkdocs.yml`` says about the site."""

    name: str
    """``site_name``."""
    url: str | None = None
    """``site_url``, when the site has one."""
    description: str | None = None
    """``site_description``."""
    listing: frozenset[str] = frozenset()
    """Pages the site continues after their text (the home page, the blog's index):
    no Backlinks section there, as in the site."""
    blog_index: str | None = None
    """The blog's index page, when the site has a blog: the export lists the posts on it."""


def export_vault(vault: Vault, settings: Settings, site: ExportSite, today: dt.date) -> Export:
    """The whole published vault as plain Markdown under ``docs/``, with a ``mkdocs.yml``.

    ``vault`` must be built with :func:`~learnfolio.slugs.portable_slug` as its
    heading slug, so that link anchors match the ids engines give headings.
    """
    plain = PlainOutput(url=relative_url)
    texts: dict[str, str] = {}
    copies: dict[str, Path] = {}
    problems = set(vault.problems)
    for entry in vault.entries:
        if entry.note is None or entry.file.kind == "notebook":
            copies[f"docs/{entry.dest}"] = entry.file.abs_path
            continue
        listing = entry.file.source.is_docs and entry.dest in site.listing
        rendered = render_page(vault, entry, settings, today, listing=listing, plain=plain)
        problems.update(rendered.problems)
        page = rendered.markdown
        if entry.file.source.is_docs and entry.dest == site.blog_index:
            # Material's blog lists the posts after this page's text; here, a list does.
            page = page.rstrip("\n") + "\n\n" + post_list(vault, entry.dest)
        if not entry.file.source.trusted:
            page = clean_markdown_html(page)
        texts[f"docs/{entry.dest}"] = frontmatter(entry) + page
    generated = tag_pages(vault, settings.tags_folder)
    generated |= source_index_pages(vault)
    for dest, text in generated.items():
        texts.setdefault(f"docs/{dest}", text)  # a page of the vault wins, as in the site
    texts["mkdocs.yml"] = mkdocs_yml(site)
    errors = sorted(
        (p for p in problems if p.level == "error"), key=lambda p: (p.file, p.line, p.message)
    )
    return Export(texts, copies, tuple(errors))


def export_post(
    vault: Vault,
    settings: Settings,
    post: Entry,
    url_of: Callable[[str], str],
    today: dt.date,
) -> Export:
    """One post as plain Markdown whose every link leads back to the site, for cross-posting.

    ``url_of(dest)`` is the absolute URL of site path ``dest`` in the built site.
    The post says where it was first published, and its frontmatter carries
    ``canonical_url`` (what dev.to, Hashnode and others read).
    """
    plain = PlainOutput(url=lambda dest, _page: url_of(dest))
    # Backlinks and provenance are about the site; on another platform the
    # post ends with where it came from instead.
    alone = dataclasses.replace(settings, backlinks=False, provenance=False)
    body = render_page(vault, post, alone, today, plain=plain).markdown.rstrip("\n")
    canonical = url_of(post.dest)
    extra = {"canonical_url": canonical}
    body += f"\n\n*First published at <{canonical}>.*\n"
    name = f"{post_slug(post)}.md"
    return Export({name: frontmatter(post, extra) + body}, {})


def post_list(vault: Vault, page: str) -> str:
    """Markdown listing every post, newest first, with its date, for the page at ``page``."""
    posts = sorted(
        (e for e in vault.notes if e.post),
        key=lambda e: (e.created or dt.date.min, e.dest),
        reverse=True,
    )
    lines = []
    for post in posts:
        day = f" · {human_date(post.created)}" if post.created else ""
        lines.append(f"- [{markdown_text(post.title)}](<{relative_url(post.dest, page)}>){day}")
    return "\n".join(lines) + "\n" if lines else ""


def post_slug(post: Entry) -> str:
    """The name ``--post`` knows a post by: its file name, slugified (``first-post``)."""
    return posixpath.splitext(posixpath.basename(post.dest))[0]


def find_post(vault: Vault, slug: str) -> Entry:
    """The post called ``slug`` (its file name or its title, slugified)."""
    posts = [e for e in vault.notes if e.post]
    for entry in posts:
        if slug in (post_slug(entry), path_slug(entry.title)):
            return entry
    known = ", ".join(sorted(post_slug(e) for e in posts)) or "none"
    raise ExportError(f"no published post is called '{slug}'. Posts: {known}.")


def frontmatter(entry: Entry, extra: dict[str, Any] | None = None) -> str:
    """YAML frontmatter with what an engine reads: title, tags, aliases, dates, original."""
    assert entry.note is not None
    note = entry.note
    meta: dict[str, Any] = {"title": entry.title}
    for key in _KEPT_KEYS:
        if note.meta.get(key) is not None:
            meta[key] = note.meta[key]
    if note.aliases:
        meta["aliases"] = list(note.aliases)
    if note.tags:
        meta["tags"] = list(note.tags)
    original = original_url(entry)
    if original:
        meta["original"] = original
    meta.update(extra or {})
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n\n"


def mkdocs_yml(site: ExportSite) -> str:
    """A minimal ``mkdocs.yml`` for the export: no theme, no plugin, the usual extensions."""
    head: dict[str, Any] = {"site_name": site.name}
    if site.url:
        head["site_url"] = site.url
    if site.description:
        head["site_description"] = site.description
    return (
        "# Written by `learnfolio export`: plain Markdown, no plugin needed. Build it with\n"
        "# `mkdocs build`, `properdocs build` or `zensical build`.\n"
        + yaml.safe_dump(head, allow_unicode=True, sort_keys=False, width=1000)
        + "docs_dir: docs\n"
        "markdown_extensions:\n"
        "  - toc:\n"
        "      permalink: true\n"
        "      # Heading ids as GitHub makes them: the export's links use these.\n"
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n"
        "  - tables\n"
        "  - footnotes\n"
        "  - attr_list\n"
        "  - md_in_html\n"
        "  - admonition\n"
        "  - pymdownx.details\n"
        "  - pymdownx.superfences\n"
        "  # $...$ and $$...$$ stay as written; add MathJax or KaTeX to typeset them.\n"
        "  - pymdownx.arithmatex:\n"
        "      generic: true\n"
    )


def write_export(export: Export, folder: Path, sources: Iterable[Path]) -> None:
    """Write ``export`` into ``folder``, replacing a previous export there.

    Raises :class:`ExportError` when ``folder`` overlaps a source (an export
    inside a source would come back as notes), or holds anything but a
    previous export.
    """
    target = folder.resolve()
    for source in sources:
        root = source.resolve()
        if target == root or root in target.parents or target in root.parents:
            raise ExportError(
                f"{folder}: overlaps the source folder {source}; export into a folder of "
                "its own, outside every source."
            )
    if target.exists() and not target.is_dir():
        raise ExportError(f"{folder}: not a folder.")
    previous = _previous_files(target, folder)
    for rel in previous:
        _remove(target, rel)
    for rel, text in export.texts.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rel, source_file in export.copies.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source_file, path)
    written = sorted({*export.texts, *export.copies})
    (target / MANIFEST).write_text(_MANIFEST_HEADER + "\n".join(written) + "\n", encoding="utf-8")


def _previous_files(target: Path, shown: Path) -> list[str]:
    """What a previous export wrote into ``target``; ``[]`` for an empty or new folder."""
    if not target.exists() or not any(target.iterdir()):
        return []
    manifest = target / MANIFEST
    if not manifest.is_file():
        raise ExportError(
            f"{shown}: the folder is not empty and holds no previous export; "
            "choose an empty or new folder."
        )
    lines = manifest.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def _remove(target: Path, rel: str) -> None:
    # Only plain relative paths inside the folder: a hand-edited manifest
    # must not make the export delete anything else.
    parts = rel.split("/")
    if rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
        return
    path = target.joinpath(*parts)
    if path.is_symlink() or not path.is_file() or target not in path.resolve().parents:
        return
    path.unlink()
    parent = path.parent
    while parent != target and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
