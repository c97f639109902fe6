"""What a build or ``learnfolio check`` reports: one record, one format.

Every problem, whoever finds it (the vault, rendering, notebooks, maths, the
build), is a :class:`Problem` and is shown as ``path:line: level: message``,
the path relative to the folder of ``mkdocs.yml``: the same text in
``learnfolio check`` and in the build log, and a form editors and CI problem
matchers jump from.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Literal

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One finding about a file, printed as ``path:line: level: message``."""

    file: str
    """The file relative to the folder of ``mkdocs.yml`` (see :func:`display_path`)."""
    line: int
    """1-based line in the file; 0 when the whole file is meant (printed as line 1)."""
    level: Level
    """``error`` fails ``check`` and ``--strict`` builds; ``warning`` and ``info`` do not."""
    code: str
    """A stable name for the kind of problem: ``unresolved-link``, ``embed-cycle``..."""
    message: str
    """What is wrong and, where it helps, what to do."""

    def __str__(self) -> str:
        # Always with a line: editors and CI matchers expect one, and line 1
        # is where a problem about the whole file is best looked at.
        return f"{self.file}:{max(self.line, 1)}: {self.level}: {self.message}"


def display_path(path: PurePath | str, root: Path) -> str:
    """``path`` as messages show it: relative to ``root`` (the folder of ``mkdocs.yml``).

    Files outside that folder get a relative path too (``../vault/A.md``), so
    messages never depend on where the project is checked out; only a file on
    another drive (Windows) keeps its absolute path.
    """
    try:
        relative = os.path.relpath(path, root)
    except ValueError:
        return PurePath(path).as_posix()
    return PurePath(relative).as_posix()


def problem_at(
    path: PurePath | str,
    root: Path,
    line: int,
    level: Level,
    code: str,
    message: str,
) -> Problem:
    """A :class:`Problem` about the file at ``path`` (absolute, or relative to ``root``)."""
    return Problem(display_path(Path(root, path), root), line, level, code, message)
