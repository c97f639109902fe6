"""Walk a source folder and classify its files as notes, notebooks or assets."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pathspec

if TYPE_CHECKING:
    from learnfolio.settings import SourceSpec


FileKind = Literal["note", "notebook", "asset"]

# Never published from any source: tool folders and operating-system litter.
_SKIP_NAMES = {"node_modules", "__pycache__", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file found in a source."""

    source: SourceSpec
    """The source it belongs to."""
    path: str
    """Path from the source root, ``/``-separated."""
    abs_path: Path
    """Where it is on disk."""
    kind: FileKind
    """``note`` (Markdown), ``notebook`` (``.ipynb``) or ``asset`` (anything else)."""


def kind_of(name: str) -> FileKind:
    """Classify a file by its name."""
    lower = name.lower()
    if lower.endswith((".md", ".markdown")):
        return "note"
    if lower.endswith(".ipynb"):
        return "notebook"
    return "asset"


def discover(spec: SourceSpec, skip: Iterable[Path] = ()) -> Iterator[SourceFile]:
    """Yield the files of one source, sorted by path, excluded files left out.

    Hidden files and folders (``.obsidian/``, ``.trash/``, ``.git/``) are never
    published. ``skip`` lists folders to leave out wholesale, such as the site
    output folder when a source contains it.
    """
    excluded = pathspec.GitIgnoreSpec.from_lines(spec.exclude) if spec.exclude else None
    skipped = {p.resolve() for p in skip}
    for dirpath, dirnames, filenames in os.walk(spec.root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".")
            and d not in _SKIP_NAMES
            and (here / d).resolve() not in skipped
        )
        for name in sorted(filenames):
            if name.startswith(".") or name in _SKIP_NAMES:
                continue
            abs_path = here / name
            rel = abs_path.relative_to(spec.root).as_posix()
            if excluded is not None and excluded.match_file(rel):
                continue
            yield SourceFile(spec, rel, abs_path, kind_of(name))


def discover_all(sources: Iterable[SourceSpec], skip: Iterable[Path] = ()) -> list[SourceFile]:
    """The files of every source, source by source."""
    skip = list(skip)
    return [found for spec in sources for found in discover(spec, skip)]
