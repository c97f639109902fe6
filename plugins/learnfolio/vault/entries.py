"""Vault entries: a source file, where it lands in the site, and its parsed note."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass

from learnfolio.model import Note
from learnfolio.slugs import path_slug
from learnfolio.sources import SourceFile


@dataclass(frozen=True, slots=True)
class Entry:
    """A published file of the vault: a note page or an attachment."""

    file: SourceFile
    """Where it came from."""
    dest: str
    """Its path in the site, as MkDocs' ``src_uri``: ``"garden/pca.md"``."""
    note: Note | None
    """The parsed note; ``None`` for attachments."""
    post: bool = False
    """True for blog posts (in the blog's posts folder, or ``post: true``)."""
    created: dt.date | None = None
    """When the note was written: frontmatter ``date``, else git, else the file."""
    updated: dt.date | None = None
    """When it last changed: frontmatter ``updated``, else git, else the file."""

    @property
    def is_note(self) -> bool:
        """True for Markdown notes, False for attachments."""
        return self.note is not None

    @property
    def title(self) -> str:
        """The title shown for links to this entry."""
        if self.note is not None:
            return self.note.display_title
        return posixpath.basename(self.file.path)

    @property
    def folder(self) -> str:
        """The source-relative folder of the file."""
        return posixpath.dirname(self.file.path)

    def url_from(self, page: Entry | str) -> str:
        """A relative path from ``page``'s site path to this entry (for Markdown links)."""
        return relative_url(self.dest, page.dest if isinstance(page, Entry) else page)


def relative_url(dest: str, page: str) -> str:
    """The relative path from the page at site path ``page`` to site path ``dest``.

    Links are written this way (``../garden/pca.md``) so MkDocs maps them to
    URLs and the site works under any sub-path.
    """
    start = posixpath.dirname(page)
    if not dest or ".." in dest or ".." in start or dest[0] == "/" or start[:1] == "/":
        return posixpath.relpath(dest, start or ".")
    # What relpath gives, without its two calls to abspath (and getcwd) per link.
    target = [part for part in dest.split("/") if part and part != "."]
    here = [part for part in start.split("/") if part and part != "."]
    common = 0
    for a, b in zip(target, here, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + target[common:]) or "."


def is_post(found: SourceFile, note: Note | None, posts_dir: str | None) -> bool:
    """Whether a file is a blog post: under the blog's posts folder, a source's
    ``posts`` folder, or marked ``post: true``."""
    if note is None or posts_dir is None:
        return False
    if found.source.is_docs:
        return found.path.startswith(posts_dir.rstrip("/") + "/")
    folder = found.source.posts
    if folder and found.path.startswith(folder + "/"):
        return True
    flag = note.meta.get("post")
    return flag is True or (isinstance(flag, str) and flag.strip().lower() in ("true", "yes"))


def post_dest(found: SourceFile, posts_dir: str) -> str:
    """Where a post from a note source lands: in the blog's posts folder, by its name."""
    stem = found.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return f"{posts_dir.rstrip('/')}/{path_slug(stem)}.md"


def dest_for(found: SourceFile) -> str:
    """The site path of a source file: its source's mount plus its slugified path.

    Files in ``docs_dir`` keep their path, since MkDocs owns those. Elsewhere
    every folder and file name is slugified (lower case, spaces to hyphens,
    any script kept) so URLs are clean and stable.
    """
    if found.source.is_docs:
        return found.path
    *folders, name = found.path.split("/")
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    ext = ext.lower()
    if ext == "markdown":
        ext = "md"
    slugged = [path_slug(folder) for folder in folders]
    slugged.append(path_slug(stem) + (f".{ext}" if ext else ""))
    return "/".join([p for p in found.source.mount.split("/") if p] + slugged)
