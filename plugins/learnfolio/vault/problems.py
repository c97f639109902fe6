"""What a build or ``learnfolio check`` reports about the notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One finding about a note, printed as ``file:line: level: message``."""

    file: str
    """The file, as the user knows it (relative to ``mkdocs.yml`` where possible)."""
    line: int
    """1-based line, 0 when the whole file is meant."""
    level: Level
    """``error`` fails ``check`` and ``--strict`` builds; ``warning`` and ``info`` do not."""
    code: str
    """A stable name for the kind of problem: ``unresolved-link``, ``embed-cycle``..."""
    message: str
    """What is wrong and, where it helps, what to do."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.level}: {self.message}"
