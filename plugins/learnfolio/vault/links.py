"""Resolve every note's links into backlinks, reusing the previous build's work.

Under ``mkdocs serve`` an edit changes one note, yet every link of the vault
used to be resolved again and every backlink context cut out again. A note's
links resolve the same way as long as the note is the same object (the parse
cache keeps it while its file is unchanged) and the vault's
:attr:`~learnfolio.vault.index.Vault.structure` is unchanged; its contexts
depend on the note alone. So each note's result is kept as an
:class:`Outgoing` record, and after an edit only the changed notes are
resolved again and only the backlinks of the pages they link to are rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from learnfolio.model import LinkRef, Note
from learnfolio.model.note import context_of
from learnfolio.problems import Problem
from learnfolio.vault.entries import Entry
from learnfolio.vault.index import Backlink, Vault
from learnfolio.vault.prerequisites import is_requires, prerequisite_problem

MAX_CONTEXTS = 20
"""Links of one note to one page whose contexts its Backlinks section shows."""


@dataclass(frozen=True, slots=True)
class Outgoing:
    """What one note's links resolved to in one build."""

    note: Note
    """The note resolved; the record holds only while the vault has this very object."""
    links: tuple[tuple[int, str, str | None], ...]
    """``(link index, target site path, context)`` of each link to another note, in order;
    the context is ``None`` past the first :data:`MAX_CONTEXTS` links to one target."""
    problems: tuple[Problem, ...]
    """What resolving the links reported, in order."""


def resolve_outgoing(vault: Vault, entry: Entry, earlier: Outgoing | None = None) -> Outgoing:
    """Resolve ``entry``'s links in ``vault``; ``earlier`` (same note) lends its contexts."""
    note = entry.note
    assert note is not None
    known = {index: context for index, _, context in earlier.links} if earlier else {}
    links: list[tuple[int, str, str | None]] = []
    problems: list[Problem] = []
    per_target: dict[str, int] = {}
    # Links in the text, then links in properties (numbered after them).
    written: list[tuple[LinkRef, str | None, str]] = [(link, None, "") for link in note.links]
    written += [(found.link, found.context, found.key) for found in note.properties]
    for index, (link, property_context, key) in enumerate(written):
        resolution = vault.resolve(entry, link)
        if resolution.problem is not None:
            problem = resolution.problem
            problems.append(prerequisite_problem(problem, link) if is_requires(key) else problem)
        target = resolution.target
        if target is None or target is entry or target.note is None:
            continue
        # A note linking thousands of times to one page shows the first few
        # mentions there; cutting out every context would cost more than the page.
        seen = per_target[target.dest] = per_target.get(target.dest, 0) + 1
        context = known.get(index) or property_context
        if context is None and seen <= MAX_CONTEXTS:
            context = context_of(note.body, link.start, link.end)
        links.append((index, target.dest, context if seen <= MAX_CONTEXTS else None))
    return Outgoing(note, tuple(links), tuple(problems))


def index_links(vault: Vault, previous: Vault | None) -> None:
    """Resolve every note's links, record problems, and build the backlinks.

    With ``previous`` (the last build's vault), a note whose object is
    unchanged keeps its record when the structure is unchanged, and lends its
    contexts when not; backlinks are then rebuilt only for the pages that a
    changed note linked to before or links to now.
    """
    same_structure = previous is not None and previous.structure == vault.structure
    earlier = previous._outgoing if previous is not None else {}
    for entry in vault.notes:
        old = earlier.get(entry.dest)
        if old is not None and old.note is not entry.note:
            old = None
        if old is None or not same_structure:
            old = resolve_outgoing(vault, entry, old)
        vault._outgoing[entry.dest] = old
        vault.problems.extend(old.problems)
    if previous is None or not same_structure:
        _all_backlinks(vault)
        return
    # Same structure, so the same site paths: a page whose entry object was
    # replaced (its note or its dates changed) is a changed linking page.
    changed = [e.dest for e in vault.entries if previous.by_dest.get(e.dest) is not e]
    targets: set[str] = set()
    for dest in changed:
        for record in (earlier.get(dest), vault._outgoing.get(dest)):
            if record is not None:
                targets.update(target for _, target, _ in record.links)
    vault._backlinks = dict(previous._backlinks)
    stale = set(changed)
    for target in targets:
        kept = [b for b in previous._backlinks.get(target, []) if b.source.dest not in stale]
        found: dict[str, _Mentions] = {}
        for dest in changed:
            record = vault._outgoing.get(dest)
            for _, to, context in record.links if record is not None else ():
                if to == target:
                    found.setdefault(dest, _Mentions()).add(context)
        links = kept + [m.backlink(vault.by_dest[src]) for src, m in found.items()]
        _store(vault, target, links)


def _all_backlinks(vault: Vault) -> None:
    incoming: dict[str, dict[str, _Mentions]] = {}
    for entry in vault.notes:
        for _, target, context in vault._outgoing[entry.dest].links:
            incoming.setdefault(target, {}).setdefault(entry.dest, _Mentions()).add(context)
    vault._backlinks = {}
    for target, sources in incoming.items():
        links = [mentions.backlink(vault.by_dest[src]) for src, mentions in sources.items()]
        _store(vault, target, links)


@dataclass
class _Mentions:
    """The links of one page to another, gathered into a :class:`Backlink`."""

    contexts: dict[str, None] = field(default_factory=dict)
    """Distinct contexts in order (a dict: the same sentence linking twice is shown once)."""
    more: int = 0
    """Links past the first :data:`MAX_CONTEXTS`, whose contexts were not cut out."""

    def add(self, context: str | None) -> None:
        if context is None:
            self.more += 1
        else:
            self.contexts.setdefault(context)

    def backlink(self, source: Entry) -> Backlink:
        return Backlink(source, tuple(self.contexts), self.more)


def _store(vault: Vault, target: str, links: list[Backlink]) -> None:
    links.sort(key=lambda b: (b.source.title.casefold(), b.source.dest))
    if links:
        vault._backlinks[target] = links
    else:
        vault._backlinks.pop(target, None)
