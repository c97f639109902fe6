"""What changed between two builds' vaults: what a serve rebuild must redo.

A page of a note depends on the vault's structure (every title, heading,
alias... see :attr:`~learnfolio.vault.index.Vault.structure`), on its own note,
and on its backlinks. :meth:`Vault.changes_since` compares two vaults on the
last two, cheaply: backlink lists that the new vault took over unchanged from
the old one are the same objects and are skipped without a look.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from learnfolio.vault.index import Backlink, Vault


@dataclass(frozen=True)
class VaultChanges:
    """The difference between the previous build's vault and this one's."""

    structure_changed: bool
    """True when what links resolve by changed: a note added, removed, moved or
    made private, a title, alias, heading or block changed. Every page may differ."""
    backlinks_changed: frozenset[str]
    """Site paths (``Entry.dest``) whose backlinks differ: another page, title or context."""
    links_changed: bool
    """True when some page now links to a different set of pages (the graph's edges)."""


def changes_between(old: Vault, new: Vault) -> VaultChanges:
    """Compare ``old`` and ``new``; see :meth:`Vault.changes_since`."""
    changed: set[str] = set()
    links_changed = False
    for dest in old._backlinks.keys() | new._backlinks.keys():
        before = old._backlinks.get(dest, [])
        after = new._backlinks.get(dest, [])
        if before is after:
            continue
        if _shown(before) != _shown(after):
            changed.add(dest)
        if {b.source.dest for b in before} != {b.source.dest for b in after}:
            links_changed = True
    return VaultChanges(old.structure != new.structure, frozenset(changed), links_changed)


def _shown(backlinks: list[Backlink]) -> list[tuple[str, str, tuple[str, ...], int]]:
    # What a page shows of its backlinks: the linking page, its title, the contexts.
    return [(b.source.dest, b.source.title, b.contexts, b.more) for b in backlinks]
