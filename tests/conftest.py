"""Shared fixtures for the unit tests of learnfolio's core (no MkDocs build).

A test writes a small vault inline, as ``{relative path: text}``, and gets back
the indexed :class:`~learnfolio.vault.Vault` with helpers to look up a note by
its file name, resolve one of its links, or render its page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from learnfolio.model import LinkRef, Note, parse_file
from learnfolio.render import PageRender, render_page
from learnfolio.settings import Settings, load_settings
from learnfolio.sources import LeftOut, SourceFile, discover_all
from learnfolio.vault import Entry, Problem, Resolution, Vault, build_vault
from tests.sitebuild import write_tree

Files = Mapping[str, str | bytes]
"""``{path relative to the test folder: content}``; text is written as UTF-8, as is."""


def _default_sources(files: Files) -> list[dict[str, Any]]:
    """One plain source per top-level folder other than ``docs``, mounted at its name."""
    tops = sorted({rel.split("/", 1)[0] for rel in files if "/" in rel} - {"docs"})
    return [{"path": top, "name": top.title(), "mount": top} for top in tops]


@dataclass
class BuiltVault:
    """A vault built from files written in a temporary folder."""

    root: Path
    """The test folder: it holds ``docs/`` and the sources (stands for ``mkdocs.yml``'s)."""
    settings: Settings
    """The checked options the vault was built with."""
    vault: Vault
    """The index under test."""

    def entry(self, name: str) -> Entry:
        """The published entry whose path (from the test folder) is or ends with ``name``."""
        found = [e for e in self.vault.entries if _path_matches(self.rel(e), name)]
        assert len(found) == 1, (
            f"{len(found)} entries match {name!r}; have {[self.rel(e) for e in self.vault.entries]}"
        )
        return found[0]

    def has(self, name: str) -> bool:
        """True when a published entry's path is or ends with ``name``."""
        return any(_path_matches(self.rel(e), name) for e in self.vault.entries)

    def note(self, name: str) -> Note:
        """The parsed note of the entry ``name``."""
        note = self.entry(name).note
        assert note is not None, f"{name} is an attachment, not a note"
        return note

    def rel(self, entry: Entry) -> str:
        """The entry's file path relative to the test folder."""
        return entry.file.abs_path.relative_to(self.root).as_posix()

    def link(self, origin: str, raw: str) -> LinkRef:
        """The link written exactly as ``raw`` in the note ``origin``."""
        links = [link for link in self.note(origin).links if link.raw == raw]
        assert links, (
            f"{raw!r} is not a link of {origin}: {[k.raw for k in self.note(origin).links]}"
        )
        return links[0]

    def resolve(self, origin: str, raw: str) -> Resolution:
        """Resolve the link ``raw`` as written in the note ``origin``."""
        return self.vault.resolve(self.entry(origin), self.link(origin, raw))

    def target(self, origin: str, raw: str) -> str | None:
        """Where ``raw`` in ``origin`` leads, as a path from the test folder (None if nowhere)."""
        resolution = self.resolve(origin, raw)
        return None if resolution.target is None else self.rel(resolution.target)

    def page(self, name: str) -> PageRender:
        """Render the page of the note ``name``."""
        return render_page(self.vault, self.entry(name), self.settings)

    def markdown(self, name: str) -> str:
        """The Markdown of the page of the note ``name``, as MkDocs would receive it."""
        return self.page(name).markdown

    def problems(self, code: str | None = None) -> list[Problem]:
        """Problems the vault found while building, optionally only those with ``code``."""
        return [p for p in self.vault.problems if code is None or p.code == code]


def _path_matches(rel: str, name: str) -> bool:
    return rel == name or rel.endswith("/" + name)


def build_test_vault(
    root: Path,
    files: Files,
    sources: Sequence[str | Mapping[str, Any]] | None = None,
    *,
    include_drafts: bool = False,
    options: Mapping[str, Any] | None = None,
) -> BuiltVault:
    """Write ``files`` under ``root``, load settings as ``mkdocs.yml`` would, build the vault.

    ``sources`` are the ``sources`` option of the plugin (paths relative to
    ``root``); by default each top-level folder except ``docs`` is one source
    mounted at its own name. ``docs/`` is always MkDocs' ``docs_dir``.
    """
    write_tree(root, files)
    (root / "docs").mkdir(exist_ok=True)
    raw_sources = list(sources) if sources is not None else _default_sources(files)
    settings = load_settings(
        # Provenance lines are tested on their own; elsewhere they would only
        # add noise to the exact Markdown the render tests compare.
        {"sources": raw_sources, "provenance": False, **(options or {})},
        config_dir=root,
        docs_dir=root / "docs",
    )

    def read_note(found: SourceFile) -> Note:
        return parse_file(found.path, found.abs_path.read_bytes())

    left_out: list[LeftOut] = []
    vault = build_vault(
        discover_all(settings.sources, left_out=left_out),
        read_note,
        display_root=root,
        include_drafts=include_drafts,
        left_out=left_out,
    )
    return BuiltVault(root=root, settings=settings, vault=vault)


MakeVault = Callable[..., BuiltVault]
"""``make_vault(tmp_path, files, sources=None, *, include_drafts=False, options=None)``."""


@pytest.fixture
def make_vault() -> MakeVault:
    """Build a vault from inline files: ``make_vault(tmp_path, {"notes/A.md": "..."})``."""
    return build_test_vault


@pytest.fixture(name="write_tree")
def write_tree_fixture() -> Callable[[Path, Files], None]:
    """Write ``{relative path: content}`` under a folder, byte for byte."""
    return write_tree
