"""Prerequisites: what each note builds on, what builds on it, and in which order to learn.

A note says what it builds on with ``requires: ["[[Dot product]]"]`` in its
frontmatter. Those are property links (``model/properties.py``), resolved by
the vault like any link, so a prerequisite is always a published note: a
private or missing one is reported and left out, never shown. From them this
module makes a directed graph over the vault's notes:

- each note's *builds on* (its own ``requires``) and *leads to* (the notes
  that require it);
- a learning path for a note: everything it requires, transitively, in an
  order where each note comes after what it builds on (Kahn's algorithm; ties
  go to the earlier source, then folder, then title; a ``path: true`` note's
  own ``requires`` order comes first, since a syllabus lists topics in the
  order it teaches them);
- cycles, each reported once, as an error naming every note in it and the
  line of each ``requires`` that makes it;
- each note's learning ``status`` (``learning``, ``reviewing``, ``known``); any
  other value is a warning on its line.

Everything here is a function of the vault: it is computed once per build,
in O(notes + prerequisites), and each path on first use.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from learnfolio.model import LinkRef
from learnfolio.model.note import flag
from learnfolio.problems import Problem

if TYPE_CHECKING:
    from learnfolio.vault.entries import Entry
    from learnfolio.vault.index import Vault

REQUIRES = "requires"
"""The frontmatter key that lists a note's prerequisites."""
STATUSES = ("learning", "reviewing", "known")
"""The values of ``status:``, from least to best known."""


def is_requires(key: str) -> bool:
    """Whether a frontmatter key lists prerequisites (``requires``, in any case)."""
    return key.strip().casefold() == REQUIRES


def prerequisite_problem(problem: Problem, link: LinkRef) -> Problem:
    """A link problem of a ``requires`` value, said as what it means for the path."""
    if problem.code == "private-link":
        return replace(
            problem,
            code="private-prerequisite",
            message=f"prerequisite '{link.raw}' is a private or unpublished note; it is left "
            "out of 'Builds on', learning paths and the graph. Publish it or remove it from "
            "requires.",
        )
    if problem.code == "unresolved-link":
        return replace(
            problem,
            code="missing-prerequisite",
            message=f"prerequisite '{link.raw}' does not match any published note; it is left "
            "out of 'Builds on' and learning paths. Fix the name or write the note.",
        )
    return problem


@dataclass(frozen=True, slots=True)
class Requirement:
    """One prerequisite of a note, as its ``requires`` wrote it."""

    target: Entry
    """The note required."""
    line: int
    """The file line of the ``requires`` value that names it."""


@dataclass
class Prerequisites:
    """The prerequisite graph of a vault, and the learning statuses of its notes."""

    order: dict[str, tuple[int, tuple[str, ...], str, str]]
    """Each note's tie-break key by site path: source, folder, title, site path."""
    requires: dict[str, tuple[Requirement, ...]] = field(default_factory=dict)
    """What each note builds on, by site path, in the order written."""
    required_by: dict[str, list[Entry]] = field(default_factory=dict)
    """The notes that require each note, by site path, in tie-break order."""
    statuses: dict[str, str] = field(default_factory=dict)
    """Each note's valid ``status``, by site path."""
    paths: set[str] = field(default_factory=set)
    """Site paths of the notes marked ``path: true`` (a syllabus)."""
    problems: list[Problem] = field(default_factory=list)
    """Cycles, prerequisites that are files, unknown statuses."""
    _paths: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    _builds_on: dict[str, tuple[Entry, ...]] = field(default_factory=dict)

    def builds_on(self, entry: Entry) -> tuple[Entry, ...]:
        """The notes ``entry`` requires, in the order written."""
        known = self._builds_on.get(entry.dest)
        if known is None:
            known = tuple(r.target for r in self.requires.get(entry.dest, ()))
            self._builds_on[entry.dest] = known
        return known

    def leads_to(self, entry: Entry) -> list[Entry]:
        """The notes that require ``entry``, other than paths (see :meth:`in_paths`)."""
        return [e for e in self.required_by.get(entry.dest, []) if e.dest not in self.paths]

    def in_paths(self, entry: Entry) -> list[Entry]:
        """The ``path: true`` notes that require ``entry`` directly."""
        return [e for e in self.required_by.get(entry.dest, []) if e.dest in self.paths]

    def status_of(self, entry: Entry) -> str | None:
        """``learning``, ``reviewing``, ``known``, or ``None`` when the note has none."""
        return self.statuses.get(entry.dest)

    def is_path(self, entry: Entry) -> bool:
        """Whether ``entry`` is marked ``path: true``."""
        return entry.dest in self.paths

    def path_of(self, entry: Entry) -> tuple[Entry, ...]:
        """Everything ``entry`` requires, transitively, each after what it builds on.

        ``entry`` itself is not in it. A note in a cycle still appears once:
        when every remaining note waits on another, the first by tie-break
        order goes next (the cycle is reported as an error anyway).
        """
        known = self._paths.get(entry.dest)
        if known is None:
            known = self._paths[entry.dest] = self._order_path(entry)
        return known

    def _order_path(self, goal: Entry) -> tuple[Entry, ...]:
        # Everything reachable from the goal through requires.
        members: dict[str, Entry] = {}
        stack = list(reversed(self.builds_on(goal)))
        while stack:
            entry = stack.pop()
            if entry.dest in members or entry.dest == goal.dest:
                continue
            members[entry.dest] = entry
            stack.extend(reversed(self.builds_on(entry)))
        if not members:
            return ()
        # A syllabus teaches in the order it lists: a note takes the rank of
        # the first listed topic that needs it.
        rank: dict[str, int] = {}
        if self.is_path(goal):
            for number, top in enumerate(self.builds_on(goal)):
                stack = [top]
                while stack:
                    entry = stack.pop()
                    if entry.dest in rank or entry.dest == goal.dest:
                        continue
                    rank[entry.dest] = number
                    stack.extend(self.builds_on(entry))
        waiting = {
            dest: {r.dest for r in self.builds_on(entry) if r.dest in members and r.dest != dest}
            for dest, entry in members.items()
        }
        needed_by: dict[str, list[str]] = {}
        for dest, needs in waiting.items():
            for need in needs:
                needed_by.setdefault(need, []).append(dest)

        def key(dest: str) -> tuple[int, tuple[int, tuple[str, ...], str, str]]:
            return (rank.get(dest, 0), self.order[dest])

        ready = [key(dest) for dest, needs in waiting.items() if not needs]
        heapq.heapify(ready)
        placed: list[Entry] = []
        done: set[str] = set()
        while len(placed) < len(members):
            if not ready:  # a cycle: let its first note go next
                rest = min(key(d) for d in members if d not in done)
                ready.append(rest)
            dest = heapq.heappop(ready)[1][3]
            if dest in done:
                continue
            done.add(dest)
            placed.append(members[dest])
            for later in needed_by.get(dest, ()):
                needs = waiting[later]
                needs.discard(dest)
                if not needs and later not in done:
                    heapq.heappush(ready, key(later))
        return tuple(placed)

    @property
    def key(self) -> tuple[object, ...]:
        """Everything pages show of this graph, as plain values (to compare builds)."""
        return (
            tuple(
                (dest, tuple((r.target.dest, r.line) for r in found))
                for dest, found in self.requires.items()
            ),
            tuple(sorted(self.statuses.items())),
            tuple(sorted(self.paths)),
        )


def find_prerequisites(vault: Vault) -> Prerequisites:
    """The prerequisite graph of ``vault``'s published notes, and what is wrong with it."""
    sources: dict[object, int] = {}
    order: dict[str, tuple[int, tuple[str, ...], str, str]] = {}
    for entry in vault.notes:
        source = sources.setdefault(entry.file.source, len(sources))
        folder = tuple(part.casefold() for part in entry.folder.split("/") if part)
        order[entry.dest] = (source, folder, entry.title.casefold(), entry.dest)
    found = Prerequisites(order)
    for entry in vault.notes:
        note = entry.note
        assert note is not None
        _read_status(vault, entry, found)
        if flag(note.meta.get("path")) is True:
            found.paths.add(entry.dest)
        requirements: dict[str, Requirement] = {}
        for prop in note.properties:
            if not is_requires(prop.key):
                continue
            target = vault.resolve(entry, prop.link).target
            if target is None:
                continue  # reported by the vault as a private or missing prerequisite
            if target.note is None:
                found.problems.append(
                    vault.problem(
                        entry,
                        prop.link.line,
                        "warning",
                        "prerequisite-not-a-note",
                        f"prerequisite '{prop.link.raw}' is a file, not a note; it is left "
                        "out of 'Builds on' and learning paths.",
                    )
                )
                continue
            requirements.setdefault(target.dest, Requirement(target, prop.link.line))
        if requirements:
            found.requires[entry.dest] = tuple(requirements.values())
            for requirement in requirements.values():
                found.required_by.setdefault(requirement.target.dest, []).append(entry)
    for dests in found.required_by.values():
        dests.sort(key=lambda e: order[e.dest])
    found.problems += _cycles(vault, found)
    return found


def _read_status(vault: Vault, entry: Entry, found: Prerequisites) -> None:
    """Record ``entry``'s status, or warn on its line when it is not a known one."""
    note = entry.note
    assert note is not None
    keys = [k for k in note.meta if k.casefold() == "status"]
    if not keys:
        return
    value = note.meta[keys[0]]
    if isinstance(value, str) and value.strip().casefold() in STATUSES:
        found.statuses[entry.dest] = value.strip().casefold()
        return
    if value is None or (isinstance(value, str) and not value.strip()):
        return  # an empty property, as Obsidian leaves one: nothing to show
    found.problems.append(
        vault.problem(
            entry,
            note.property_lines.get(keys[0], 0),
            "warning",
            "unknown-status",
            f"status {str(value)!r} is not one of {', '.join(STATUSES)}; it is not shown. "
            "Use one of those to show progress on learning paths and the graph.",
        )
    )


def _cycles(vault: Vault, found: Prerequisites) -> list[Problem]:
    """One error per cycle of prerequisites (a strongly connected group), naming its notes.

    Tarjan's algorithm, without recursion: a chain of thousands of notes must
    not reach Python's recursion limit.
    """
    graph = {dest: [r.target.dest for r in reqs] for dest, reqs in found.requires.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            nexts = graph.get(node, [])
            if child < len(nexts):
                work.append((node, child + 1))
                after = nexts[child]
                if after not in index:
                    work.append((after, 0))
                elif after in on_stack:
                    low[node] = min(low[node], index[after])
                continue
            if low[node] == index[node]:
                group: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in graph.get(node, []):
                    groups.append(group)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return [_cycle_problem(vault, found, group) for group in groups]


def _cycle_problem(vault: Vault, found: Prerequisites, group: list[str]) -> Problem:
    """The error for one cycle: the shortest way round from its first note, every step named."""
    members = set(group)
    start = min(group, key=lambda dest: found.order[dest])
    # Breadth-first from the start until a note that requires the start again.
    parent: dict[str, str] = {}
    frontier, seen, closing = [start], {start}, ""
    while frontier and not closing:
        following: list[str] = []
        for dest in frontier:
            afters = [r.target.dest for r in found.requires.get(dest, ())]
            if start in afters:
                closing = dest
                break
            for after in afters:
                if after in members and after not in seen:
                    seen.add(after)
                    parent[after] = dest
                    following.append(after)
        frontier = following
    chain = [closing]
    while chain[-1] != start:
        chain.append(parent[chain[-1]])
    chain.reverse()  # start, ..., closing: each requires the next, closing requires start
    steps = list(zip(chain, [*chain[1:], start], strict=True))
    where = []
    for a, b in steps:
        line = next(r.line for r in found.requires[a] if r.target.dest == b)
        where.append(f"{vault.display(vault.by_dest[a])}:{max(line, 1)}")
    names = " → ".join(vault.by_dest[dest].title for dest in [*(a for a, _ in steps), start])
    # The message stands on the requires that closes the cycle, back to its first note.
    closer = vault.by_dest[closing]
    line = next(r.line for r in found.requires[closing] if r.target.dest == start)
    return vault.problem(
        closer,
        line,
        "error",
        "prerequisite-cycle",
        f"prerequisites form a cycle: {names} (requires at {', '.join(where)}); a note cannot "
        "build on itself. Remove one of these requires.",
    )
