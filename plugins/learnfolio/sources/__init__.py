"""Find the files of each configured source.

A source is a folder of notes: a plain folder, an Obsidian vault (its
``.obsidian/`` settings honoured and skipped), or MkDocs' own ``docs_dir``. This
layer only lists files; it never reads notes and never writes into a source.
"""

from __future__ import annotations

from learnfolio.sources.files import LeftOut, SourceFile, discover, discover_all
from learnfolio.sources.obsidian import attachment_folder, is_obsidian_vault

__all__ = [
    "LeftOut",
    "SourceFile",
    "attachment_folder",
    "discover",
    "discover_all",
    "is_obsidian_vault",
]
