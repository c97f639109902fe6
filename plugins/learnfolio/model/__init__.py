"""Parse one note file into a plain :class:`~learnfolio.model.note.Note` record."""

from __future__ import annotations

from collections.abc import Callable

from learnfolio.model.limits import FileTooLarge
from learnfolio.model.note import Block, Heading, Note, parse_note
from learnfolio.model.notebook import parse_notebook
from learnfolio.model.syntax import LinkRef, TagRef, find_links, find_tags
from learnfolio.slugs import heading_slug
from learnfolio.typeset.macros import NO_MACROS, Macros

__all__ = [
    "Block",
    "FileTooLarge",
    "Heading",
    "LinkRef",
    "Note",
    "TagRef",
    "find_links",
    "find_tags",
    "parse_file",
    "parse_note",
    "parse_notebook",
]


def parse_file(
    path: str,
    data: bytes,
    *,
    slug: Callable[[str], str] = heading_slug,
    macros: Macros = NO_MACROS,
) -> Note:
    """Parse a note (Markdown) or a notebook (``.ipynb``) by its file name."""
    if path.lower().endswith(".ipynb"):
        return parse_notebook(path, data, slug=slug, macros=macros)
    return parse_note(path, data, slug=slug, macros=macros)
