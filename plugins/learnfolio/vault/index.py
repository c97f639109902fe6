"""Build the vault and resolve links the way Obsidian does.

A target matches a note's file name, its path from the source root (or any
trailing part of it), its title or an alias, ignoring case and surrounding
spaces. Names beat titles, titles beat aliases. Among several matches of the
same kind the nearest to the linking note wins (same folder, then same
source, then the shortest path) and the ambiguity is reported.
"""

from __future__ import annotations

import os
import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from learnfolio.model import LinkRef, Note
from learnfolio.problems import Level, Problem, display_path
from learnfolio.slugs import name_key
from learnfolio.sources import SourceFile, attachment_folder
from learnfolio.vault.entries import Entry

if TYPE_CHECKING:
    from learnfolio.settings import SourceSpec
    from learnfolio.vault.changes import VaultChanges
    from learnfolio.vault.links import Outgoing
    from learnfolio.vault.prerequisites import Prerequisites
    from learnfolio.vault.translations import Version

_NAME, _TITLE, _ALIAS = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where a link goes, or why it goes nowhere."""

    target: Entry | None
    """The note or attachment linked; ``None`` when unresolved."""
    anchor: str | None = None
    """The id in the target page (a heading's anchor or ``^block``)."""
    problem: Problem | None = None
    """Set when the link is unresolved, ambiguous, private or names a missing heading."""

    @property
    def ok(self) -> bool:
        """True when the link leads somewhere."""
        return self.target is not None


@dataclass(frozen=True, slots=True)
class Backlink:
    """A page that links to a note, with the text around each of its links."""

    source: Entry
    """The linking page."""
    contexts: tuple[str, ...]
    """The sentences or list items around the links, as raw Markdown, in order."""
    more: int = 0
    """Further links from the same page whose contexts are not shown (past the first 20)."""


@dataclass(frozen=True, slots=True)
class EntryKeys:
    """How the vault finds one entry, computed once per entry object and reused."""

    abs_path: str
    """The file's normalised absolute path, for relative links."""
    files: tuple[str, ...]
    """Keys under which ``[[file.ext]]`` finds it (attachments and notebooks)."""
    names: tuple[tuple[str, int], ...]
    """``(key, tier)`` under which ``[[Name]]`` finds a note: path, title, aliases."""
    shape: tuple[object, ...]
    """Everything about the entry that a link to or from it resolves by (see ``structure``)."""


@dataclass
class Vault:
    """Every published note and attachment, indexed for lookup."""

    entries: list[Entry]
    """Published entries, in source order."""
    display_root: Path
    """Folder file names in messages are relative to (the folder of ``mkdocs.yml``)."""
    by_dest: dict[str, Entry] = field(default_factory=dict)
    """Entries by site path."""
    problems: list[Problem] = field(default_factory=list)
    """What building the vault found wrong, before any rendering."""
    _folded: dict[str, Entry] = field(default_factory=dict)
    _names: dict[str, list[tuple[int, Entry]]] = field(default_factory=dict)
    _files: dict[str, list[Entry]] = field(default_factory=dict)
    _by_abs: dict[str, Entry] = field(default_factory=dict)
    _hidden: dict[str, list[Path]] = field(default_factory=dict)
    _hidden_abs: set[str] = field(default_factory=set)
    _backlinks: dict[str, list[Backlink]] = field(default_factory=dict)
    _tags: dict[str, list[Entry]] = field(default_factory=dict)
    _tag_names: dict[str, str] = field(default_factory=dict)
    hidden_tags: frozenset[str] = frozenset()
    """Housekeeping tags, case-folded: no tag page, chip, topic or graph node lists them."""
    structure: tuple[object, ...] = ()
    """What resolving any link depends on: every entry's site path, file, names,
    headings and blocks, the private notes' names, attachment folders. While it
    is unchanged, a note's links resolve as they did (see ``vault/links.py``)."""
    _keys: dict[str, tuple[Entry, EntryKeys]] = field(default_factory=dict)
    _outgoing: dict[str, Outgoing] = field(default_factory=dict)
    _attachments: dict[SourceSpec, str | None] = field(default_factory=dict)
    _options: tuple[object, ...] = ()
    _resolved: dict[tuple[str, LinkRef], Resolution] = field(default_factory=dict)
    """Each link's resolution in this vault: pages resolve the links indexing resolved."""
    _prerequisites: Prerequisites | None = None
    translations: dict[str, tuple[Version, ...]] = field(default_factory=dict)
    """Each translated page's group of versions, by site path (see ``vault/translations.py``)."""

    # -- lookup ---------------------------------------------------------------

    @property
    def notes(self) -> list[Entry]:
        """Entries that are notes (not attachments)."""
        return [e for e in self.entries if e.note is not None]

    def display(self, found: SourceFile | Entry) -> str:
        """A file's path as messages show it: relative to the folder of ``mkdocs.yml``."""
        path = found.file.abs_path if isinstance(found, Entry) else found.abs_path
        return display_path(path, self.display_root)

    def backlinks_of(self, entry: Entry) -> list[Backlink]:
        """Pages linking to ``entry``, by title; no self-links, no duplicates."""
        return self._backlinks.get(entry.dest, [])

    @property
    def prerequisites(self) -> Prerequisites:
        """The prerequisite graph (``requires:``) and learning statuses of the notes."""
        if self._prerequisites is None:
            from learnfolio.vault.prerequisites import find_prerequisites

            self._prerequisites = find_prerequisites(self)
        return self._prerequisites

    @property
    def hidden_names(self) -> tuple[str, ...]:
        """Names of private and draft notes: links to them are reported, not followed."""
        return tuple(sorted(self._hidden))

    @property
    def tags(self) -> dict[str, list[Entry]]:
        """Every tag and the notes that carry it, tags sorted, notes by title."""
        return self._tags

    # -- resolution -----------------------------------------------------------

    def resolve(self, origin: Entry, link: LinkRef) -> Resolution:
        """Resolve ``link`` written in ``origin`` to an entry and anchor."""
        key = (origin.dest, link)
        known = self._resolved.get(key)
        if known is None:
            known = self._resolved[key] = self._resolve(origin, link)
        return known

    def _resolve(self, origin: Entry, link: LinkRef) -> Resolution:
        assert origin.note is not None
        target_text = link.target
        if not target_text:
            target: Entry | None = origin
            problem = None
        else:
            target, problem = self._find(origin, link)
        if target is None:
            return Resolution(None, None, problem)
        if not link.fragment or target.note is None:
            return Resolution(target, None, problem)
        note = target.note
        if link.block_id is not None:
            block = note.block(link.block_id)
            anchor = f"^{block.id}" if block else None
            code, wanted = "missing-block", f"block '^{link.block_id}'"
        else:
            heading = note.heading_chain(link.fragment)
            anchor = heading.anchor if heading else None
            code, wanted = "missing-heading", f"heading '{'#'.join(link.fragment)}'"
        if anchor is None and problem is None:
            problem = self._problem(
                origin,
                link,
                "warning",
                code,
                f"{wanted} not found in '{target.title}' ({self.display(target)}); "
                "linking to the note instead.",
            )
        return Resolution(target, anchor, problem)

    def _find(self, origin: Entry, link: LinkRef) -> tuple[Entry | None, Problem | None]:
        text = link.target.strip()
        relative = link.kind in ("markdown", "image") or text.startswith(("./", "../"))
        if relative:
            found = self._by_path(origin, text)
            if found is not None or "/" in text or text in (".", ".."):
                return found, None if found else self._missing(origin, link)
        is_file = _has_file_extension(text)
        if is_file and name_key(text) in self._files:
            return self._nearest(origin, self._files[name_key(text)], link, True)
        key = name_key(text[:-3] if text.lower().endswith(".md") else text)
        matches = self._names.get(key, [])
        if not matches:
            return None, self._missing(origin, link)
        best = min(tier for tier, _ in matches)
        return self._nearest(origin, [e for tier, e in matches if tier == best], link, False)

    def _by_path(self, origin: Entry, text: str) -> Entry | None:
        # A relative path is followed on disk, but never read: a path that
        # leaves every source is simply not found.
        base = origin.file.abs_path.parent
        candidate = os.path.normpath(os.path.join(base, text))
        for suffix in ("", ".md"):
            entry = self._by_abs.get(candidate + suffix)
            if entry is not None:
                return entry
        return None

    def _nearest(
        self, origin: Entry, candidates: list[Entry], link: LinkRef, is_file: bool
    ) -> tuple[Entry, Problem | None]:
        if len(candidates) == 1:
            return candidates[0], None
        # Entries are told apart by identity: hashing one would hash its note.
        unique = list({id(entry): entry for entry in candidates}.values())
        attachments = self._attachment_folder(origin.file.source) if is_file else None

        def distance(entry: Entry) -> tuple[bool, bool, bool, int, str]:
            in_attachments = bool(
                attachments
                and entry.file.source == origin.file.source
                and (entry.file.path + "/").startswith(attachments.strip("./") + "/")
            )
            return (
                entry.folder != origin.folder or entry.file.source != origin.file.source,
                not in_attachments,
                entry.file.source != origin.file.source,
                entry.file.path.count("/"),
                entry.file.path,
            )

        unique.sort(key=distance)
        if len(unique) == 1:
            return unique[0], None
        others = ", ".join(self.display(e) for e in unique[1:])
        return unique[0], self._problem(
            origin,
            link,
            "warning",
            "ambiguous-link",
            f"link '{link.raw}' matches {len(unique)} notes; using the nearest, "
            f"{self.display(unique[0])} (also: {others}). Write a longer path to choose.",
        )

    def _missing(self, origin: Entry, link: LinkRef) -> Problem:
        text = link.target.strip()
        key = name_key(text[:-3] if text.lower().endswith(".md") else text)
        if key in self._hidden or self._is_hidden_path(origin, text):
            return self._problem(
                origin,
                link,
                "error",
                "private-link",
                f"link '{link.raw}' points to a private or unpublished note; it is shown as "
                "plain text. Remove the link or publish the note.",
            )
        return self._problem(
            origin,
            link,
            "error",
            "unresolved-link",
            f"link '{link.raw}' does not match any published note or file.",
        )

    def _is_hidden_path(self, origin: Entry, text: str) -> bool:
        base = origin.file.abs_path.parent
        candidate = os.path.normpath(os.path.join(base, text))
        return candidate in self._hidden_abs or candidate + ".md" in self._hidden_abs

    def problem(self, origin: Entry, line: int, level: Level, code: str, message: str) -> Problem:
        """A problem about ``line`` of ``origin``'s text (a note's body line numbers).

        In a notebook a line of the note's text means nothing to the author: the
        problem points at the cell's line in the ``.ipynb`` file, and the message
        starts with the cell's number (``cell 3: ...``).
        """
        note = origin.note
        cell = note.cell_at(line) if note is not None else None
        if cell is not None:
            number, line = cell
            message = f"cell {number}: {message}"
        return Problem(self.display(origin), line, level, code, message)

    def _problem(
        self, origin: Entry, link: LinkRef, level: Level, code: str, message: str
    ) -> Problem:
        # The line is counted only here: most links have no problem.
        assert origin.note is not None
        line = link.line or (origin.note.line_at(link.start) if link.start >= 0 else 0)
        return self.problem(origin, line, level, code, message)

    def _attachment_folder(self, source: SourceSpec) -> str | None:
        # Read once per build and source: it comes from .obsidian/app.json.
        if source not in self._attachments:
            self._attachments[source] = attachment_folder(source)
        return self._attachments[source]

    def changes_since(self, old: Vault) -> VaultChanges:
        """What changed from ``old`` (the previous build's vault) to this one.

        ``structure_changed`` says every page must be rebuilt (a note added,
        removed or renamed, a title, alias, heading or block changed);
        ``backlinks_changed`` names the site paths whose backlinks differ;
        ``links_changed`` says some link now leads elsewhere (the graph changed).
        """
        from learnfolio.vault.changes import changes_between

        return changes_between(old, self)

    # -- building -------------------------------------------------------------

    def _add(self, entry: Entry, keys: EntryKeys) -> None:
        self.entries.append(entry)
        self.by_dest[entry.dest] = entry
        self._folded[entry.dest.casefold()] = entry
        self._by_abs[keys.abs_path] = entry
        self._keys[entry.dest] = (entry, keys)
        for key in keys.files:
            self._files.setdefault(key, []).append(entry)
        for key, tier in keys.names:
            self._names.setdefault(key, []).append((tier, entry))

    def _hide(self, found: SourceFile, note: Note) -> None:
        self._hide_file(found)
        self._hidden.setdefault(name_key(note.title), []).append(found.abs_path)
        for alias in note.aliases:
            self._hidden.setdefault(name_key(alias), []).append(found.abs_path)

    def _hide_file(self, found: SourceFile) -> None:
        """Keep a file out by its path alone (one that could not be read)."""
        self._hide_path(found.source, found.abs_path)

    def _hide_path(self, source: SourceSpec, abs_path: Path) -> None:
        """Keep the file at ``abs_path`` of ``source`` out by its path alone."""
        self._hidden_abs.add(os.path.normpath(abs_path))
        path = abs_path.relative_to(source.root).as_posix()
        for key in _suffixes(path.rsplit(".", 1)[0]):
            self._hidden.setdefault(key, []).append(abs_path)

    def tag_name(self, tag: str) -> str:
        """The vault's spelling of ``tag``: tags ignore case, the first spelling wins."""
        return self._tag_names.get(tag.casefold(), tag)

    def is_hidden_tag(self, tag: str) -> bool:
        """Whether ``tag`` is a housekeeping tag (``hidden_tags``, or under one)."""
        key = tag.casefold()
        return any(key == hidden or key.startswith(hidden + "/") for hidden in self.hidden_tags)

    def _index_tags(self) -> None:
        tags: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.notes:
            assert entry.note is not None
            for tag in entry.note.tags:
                if self.hidden_tags and self.is_hidden_tag(tag):
                    continue
                name = self._tag_names.setdefault(tag.casefold(), tag)
                tags[name].append(entry)
        self._tags = {
            tag: sorted(found, key=lambda e: (e.title.casefold(), e.dest))
            for tag, found in sorted(tags.items(), key=lambda kv: kv[0].casefold())
        }


def entry_keys(entry: Entry) -> EntryKeys:
    """The keys ``entry`` is found by, and its shape (see :attr:`Vault.structure`)."""
    path = entry.file.path
    files: list[str] = []
    names: list[tuple[str, int]] = []
    note = entry.note
    if note is None or entry.file.kind == "notebook":
        # "[[Gradient descent.ipynb]]" names the file, as for attachments.
        files = _suffixes(path)
    if note is not None:
        names = [(key, _NAME) for key in _suffixes(path.rsplit(".", 1)[0])]
        names.append((name_key(note.title), _TITLE))
        names += [(name_key(alias), _ALIAS) for alias in note.aliases]
    abs_path = os.path.normpath(entry.file.abs_path)
    shape: tuple[object, ...] = (entry.dest, abs_path, entry.file.source, path, entry.file.kind)
    if note is not None:
        headings = tuple((h.level, h.text, h.anchor) for h in note.headings)
        blocks = tuple(b.id for b in note.blocks)
        shape += (note.title, note.display_title, note.aliases, headings, blocks)
    return EntryKeys(abs_path, tuple(files), tuple(names), shape)


def _suffixes(path: str) -> list[str]:
    """``"a/b/c"`` -> keys for ``"a/b/c"``, ``"b/c"`` and ``"c"``."""
    parts = path.split("/")
    return [name_key("/".join(parts[i:])) for i in range(len(parts))]


def _has_file_extension(text: str) -> bool:
    name = posixpath.basename(text)
    stem, dot, ext = name.rpartition(".")
    return bool(dot and stem and ext and ext.lower() not in ("md", "markdown") and ext.isalnum())
