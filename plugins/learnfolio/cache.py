"""A parse cache that lives across ``mkdocs serve`` rebuilds.

Notes are parsed once per (path, mtime, size); an unchanged file is never read
again. The site plugin keeps one cache from ``on_startup`` on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from learnfolio.model import Note, parse_file
from learnfolio.model.limits import DEFAULT_MAX_SIZE, check_size
from learnfolio.model.notebook import at_source_lines
from learnfolio.slugs import heading_slug
from learnfolio.sources import SourceFile
from learnfolio.typeset.macros import NO_MACROS, Macros


class NoteCache:
    """Parse notes, reusing earlier results for files that did not change."""

    def __init__(
        self, slug: Callable[[str], str] = heading_slug, max_size: int = DEFAULT_MAX_SIZE
    ) -> None:
        self.slug = slug
        self.max_size = max_size
        """Bytes: a larger file raises :class:`~learnfolio.model.FileTooLarge`."""
        self.macros = NO_MACROS
        """The site's TeX macros: titles' formulas read as text with them."""
        self._notes: dict[str, tuple[int, int, Note]] = {}
        self.parsed = 0
        """How many files were actually parsed (not served from the cache)."""

    def read(self, found: SourceFile, content: Path | None = None) -> Note:
        """The parsed note (or notebook) for ``found``.

        ``content`` reads another file in its place: a notebook's executed copy,
        whose outputs then show where the notebook is embedded.
        """
        path = content or found.abs_path
        stat = path.stat()
        key = str(path)
        cached = self._notes.get(key)
        if cached is not None and cached[0] == stat.st_mtime_ns and cached[1] == stat.st_size:
            return cached[2]
        check_size(stat.st_size, self.max_size)
        note = parse_file(found.path, path.read_bytes(), slug=self.slug, macros=self.macros)
        if content is not None and found.kind == "notebook":
            # The copy is laid out by learnfolio: messages point into the source.
            note = at_source_lines(note, found.abs_path.read_bytes())
        self._notes[key] = (stat.st_mtime_ns, stat.st_size, note)
        self.parsed += 1
        return note

    def use_macros(self, macros: Macros) -> None:
        """Switch the TeX macros; titles change, so forget everything when they differ."""
        if macros != self.macros:
            self.macros = macros
            self._notes.clear()

    def use_slug(self, slug: Callable[[str], str]) -> None:
        """Switch the heading slug function; anchors change, so forget everything."""
        if slug is not self.slug:
            self.slug = slug
            self._notes.clear()
