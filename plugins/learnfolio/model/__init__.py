"""Parse one note file into a plain :class:`~learnfolio.model.note.Note` record."""

from __future__ import annotations

from learnfolio.model.note import Block, Heading, Note, parse_note
from learnfolio.model.syntax import LinkRef, TagRef, find_links, find_tags

__all__ = ["Block", "Heading", "LinkRef", "Note", "TagRef", "find_links", "find_tags", "parse_note"]
