"""The index of every published note: lookup, link resolution, backlinks, tags.

Private notes never enter the vault; their names are kept apart only so that
a public link to one can be reported as such.
"""

from __future__ import annotations

from learnfolio.problems import Problem
from learnfolio.vault.build import build_vault
from learnfolio.vault.changes import VaultChanges
from learnfolio.vault.entries import Entry, dest_for, relative_url
from learnfolio.vault.index import Backlink, Resolution, Vault

__all__ = [
    "Backlink",
    "Entry",
    "Problem",
    "Resolution",
    "Vault",
    "VaultChanges",
    "build_vault",
    "dest_for",
    "relative_url",
]
