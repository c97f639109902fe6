"""``learnfolio new``: start a note or a post from the command line.

A note goes into a source (``--source`` names it by name, mount or folder);
a post goes into the blog's posts folder, or into a source with ``post: true``.
An existing file is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from learnfolio.config_file import SiteConfig
from learnfolio.model.frontmatter import yaml_string
from learnfolio.settings import SourceSpec
from learnfolio.slugs import path_slug

_UNSAFE = re.compile(r'[\\/:*?"<>|#^\[\]]')


class NewFileError(ValueError):
    """The file cannot be written; the message says why and what to do."""


@dataclass(frozen=True)
class NewFile:
    """A file to write: where, and what."""

    path: Path
    """Where it goes."""
    text: str
    """Its contents: frontmatter and a heading."""


def find_source(site: SiteConfig, wanted: str | None) -> SourceSpec:
    """The source called ``wanted`` (by name, mount or folder), or the first one."""
    sources = [s for s in site.settings.sources if not s.is_docs]
    if not sources:
        raise NewFileError(f"{site.path}: no sources are configured under plugins.learnfolio.")
    if wanted is None:
        return sources[0]
    key = wanted.strip().casefold()
    for spec in sources:
        if key in (spec.name.casefold(), spec.mount.casefold(), spec.root.name.casefold()):
            return spec
    known = ", ".join(f"'{s.mount or s.root.name}'" for s in sources)
    raise NewFileError(f"no source called '{wanted}'; the sources are {known}.")


def file_name(title: str) -> str:
    """A file name for a note titled ``title``: the title itself, minus unsafe characters."""
    name = " ".join(_UNSAFE.sub(" ", title).split())
    if not name:
        raise NewFileError(f"the title {title!r} leaves no usable file name.")
    return name + ".md"


def plan_note(site: SiteConfig, title: str, source: str | None, today: dt.date) -> NewFile:
    """A new note in a source, named after its title."""
    spec = find_source(site, source)
    text = (
        f"---\ntitle: {yaml_string(title)}\ndate: {today.isoformat()}\n"
        f"tags: []\naliases: []\n---\n\n# {title}\n\n"
    )
    return NewFile(spec.root / file_name(title), text)


def plan_post(site: SiteConfig, title: str, source: str | None, today: dt.date) -> NewFile:
    """A new draft post: in the blog's posts folder, or in a source when one is named."""
    front = (
        f"---\ndate: {today.isoformat()}\ndraft: true   # remove this line to publish\n"
        f'categories: []\ntags: []\ndescription: ""\n'
    )
    body = f"---\n\n# {title}\n\nThe first paragraph is the excerpt.\n\n<!-- more -->\n\n"
    if source is not None:
        spec = find_source(site, source)
        folder = spec.root / spec.posts if spec.posts else spec.root
        flag = "" if spec.posts else "post: true\n"
        return NewFile(folder / file_name(title), f"---\n{flag}{front[4:]}{body}")
    if site.posts_dir is None:
        raise NewFileError(
            f"{site.path}: Material's blog plugin is not listed under 'plugins'; "
            "add '- blog' there, or use --source to write the post into a source."
        )
    docs = next(s for s in site.settings.sources if s.is_docs).root
    return NewFile(docs / site.posts_dir / f"{path_slug(title)}.md", front + body)


def write_new(new: NewFile) -> None:
    """Write ``new``, refusing to replace anything."""
    new.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with new.path.open("x", encoding="utf-8") as handle:
            handle.write(new.text)
    except FileExistsError:
        raise NewFileError(f"{new.path} already exists; choose another title.") from None
