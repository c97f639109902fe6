"""Turn vault entries and generated pages into MkDocs ``File`` objects.

Every file is backed by a real file on disk (the note itself, or a generated
page in the cache folder): Material's blog plugin and mkdocs-jupyter read
``abs_src_path``, so in-memory content would break them.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from learnfolio.vault import Entry


def entry_file(entry: Entry, config: MkDocsConfig, copies: Path | None = None) -> File:
    """A ``File`` at the entry's site path, read from the note in its source.

    ``copies`` is a folder holding a copy of the file at its site path (a
    notebook's executed copy): mkdocs-jupyter wraps notebook files in a way
    that only sees ``src_dir`` joined with the site path, so that is where the
    file must be.
    """
    made = File(
        entry.dest,
        src_dir=str(copies or entry.file.source.root),
        dest_dir=config.site_dir,
        use_directory_urls=config.use_directory_urls,
        # Notes stay out of the automatic nav: Material writes the whole nav
        # into every page, which costs O(N^2) on a big vault.
        inclusion=InclusionLevel.NOT_IN_NAV,
    )
    made.abs_src_path = str(copies / entry.dest if copies else entry.file.abs_path)
    # "Edit this page" joins edit_uri and this path; a path relative to
    # docs_dir ("../notes/x.md") leads to the note in the repository.
    made.edit_uri = os.path.relpath(entry.file.abs_path, config.docs_dir).replace(os.sep, "/")
    return made


def generated_file(
    dest: str, content: str, folder: Path, config: MkDocsConfig, *, in_nav: bool
) -> File:
    """Write ``content`` under ``folder`` (only if it changed) and return its ``File``."""
    path = folder / dest
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != content:
        path.write_text(content, encoding="utf-8")
    made = File(
        dest,
        src_dir=str(folder),
        dest_dir=config.site_dir,
        use_directory_urls=config.use_directory_urls,
        inclusion=InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV,
    )
    made.edit_uri = None
    return made


def asset_file(dest: str, source: Path, config: MkDocsConfig) -> File:
    """A ``File`` copying one of learnfolio's own assets into the site."""
    made = File(
        dest,
        src_dir=str(source.parent),
        dest_dir=config.site_dir,
        use_directory_urls=config.use_directory_urls,
    )
    made.abs_src_path = str(source)
    return made
