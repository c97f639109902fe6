"""Rebuilding the vault from the previous one (as under ``mkdocs serve``) gives a clean build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from learnfolio.browse.graph import graph_json
from learnfolio.cache import NoteCache
from learnfolio.settings import load_settings
from learnfolio.site.browse import Browse
from learnfolio.sources import discover_all
from learnfolio.sources import history as history_module
from learnfolio.sources.history import FileHistory
from learnfolio.vault import Vault, build_vault
from learnfolio.vault.index import Vault as VaultClass
from tests.conftest import write_tree


class Site:
    """A folder of notes rebuilt like ``serve`` does: one parse cache, the previous vault."""

    def __init__(self, root: Path, files: dict[str, str]) -> None:
        self.root = root
        self.cache = NoteCache()
        self.edits = 0
        write_tree(root, files)
        (root / "docs").mkdir(exist_ok=True)
        self.settings = load_settings(
            {"sources": [{"path": "notes", "name": "Notes", "mount": "notes"}]},
            config_dir=root,
            docs_dir=root / "docs",
        )
        self.vault = self.build(None)

    def build(self, previous: Vault | None, cache: NoteCache | None = None) -> Vault:
        return build_vault(
            discover_all(self.settings.sources),
            (cache or self.cache).read,
            display_root=self.root,
            history=FileHistory().dates,
            previous=previous,
        )

    def write(self, name: str, text: str) -> None:
        path = self.root / "notes" / name
        path.write_text(text, encoding="utf-8")
        # A distinct mtime for every edit, however fast the test runs.
        self.edits += 1
        stamp = 1_700_000_000_000_000_000 + self.edits * 1_000_000_000
        os.utime(path, ns=(stamp, stamp))

    def delete(self, name: str) -> None:
        (self.root / "notes" / name).unlink()

    def rebuild(self) -> Vault:
        """Rebuild from the previous vault; check it is what a clean build gives."""
        self.vault = self.build(self.vault)
        assert summary(self.vault) == summary(self.build(None, NoteCache()))
        return self.vault


def summary(vault: Vault) -> object:
    """Everything a page can show of the vault, as plain values."""
    return (
        [(e.dest, e.title, e.post, e.created, e.updated) for e in vault.entries],
        {
            e.dest: [(b.source.dest, b.source.title, b.contexts) for b in vault.backlinks_of(e)]
            for e in vault.notes
        },
        vault.problems,
        {tag: [e.dest for e in found] for tag, found in vault.tags.items()},
        vault.hidden_names,
    )


def backlinks(vault: Vault, dest: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(b.source.dest, b.contexts) for b in vault.backlinks_of(vault.by_dest[dest])]


NOTES = {
    "notes/A.md": "See [[B]] here. Also [[C#Intro]].\n",
    "notes/B.md": "---\ntitle: Bee\ntags: [x]\n---\nBack to [[A]].\n",
    "notes/C.md": "# C\n\n## Intro\n\nText.\n",
    "notes/D.md": "Nothing links here. [[Missing]]\n",
}


def test_prose_edit_resolves_only_the_edited_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = Site(tmp_path, NOTES)
    before = site.vault
    resolved: list[str] = []
    original = VaultClass.resolve

    def counting(self: Vault, origin, link):  # type: ignore[no-untyped-def]
        resolved.append(origin.dest)
        return original(self, origin, link)

    monkeypatch.setattr(VaultClass, "resolve", counting)
    site.write("A.md", "See [[B]] here, now with more words. Also [[C#Intro]].\n")
    vault = site.build(before)
    monkeypatch.undo()
    assert set(resolved) == {"notes/a.md"}
    assert vault.by_dest["notes/c.md"] is before.by_dest["notes/c.md"]
    assert backlinks(vault, "notes/b.md") == [
        ("notes/a.md", ("See [[B]] here, now with more words.",))
    ]
    changes = vault.changes_since(before)
    assert changes.structure_changed is False
    assert changes.backlinks_changed == {"notes/b.md"}
    assert changes.links_changed is False


def test_new_link_is_reported_as_a_link_change(tmp_path: Path) -> None:
    site = Site(tmp_path, NOTES)
    before = site.vault
    site.write("D.md", "Now [[C]] is linked. [[Missing]]\n")
    vault = site.rebuild()
    assert backlinks(vault, "notes/c.md")[-1] == ("notes/d.md", ("Now [[C]] is linked.",))
    changes = vault.changes_since(before)
    assert changes == type(changes)(False, frozenset({"notes/c.md"}), True)


def test_unchanged_rebuild_reports_no_change(tmp_path: Path) -> None:
    site = Site(tmp_path, NOTES)
    before = site.vault
    vault = site.rebuild()
    assert vault.entries == before.entries
    changes = vault.changes_since(before)
    assert (changes.structure_changed, changes.backlinks_changed, changes.links_changed) == (
        False,
        frozenset(),
        False,
    )


def test_title_change_resolves_every_link_again(tmp_path: Path) -> None:
    site = Site(tmp_path, {**NOTES, "notes/E.md": "By title: [[Bee]].\n"})
    assert [p.code for p in site.vault.problems if p.file == "notes/E.md"] == []
    before = site.vault
    site.write("B.md", "---\ntitle: Wasp\ntags: [x]\n---\nBack to [[A]].\n")
    vault = site.rebuild()
    # E did not change, yet its link to "Bee" no longer resolves.
    assert [p.code for p in vault.problems if p.file == "notes/E.md"] == ["unresolved-link"]
    changes = vault.changes_since(before)
    assert changes.structure_changed is True
    assert "notes/b.md" in changes.backlinks_changed


def test_heading_change_is_seen_by_links_to_it(tmp_path: Path) -> None:
    site = Site(tmp_path, NOTES)
    site.write("C.md", "# C\n\n## Introduction\n\nText.\n")
    vault = site.rebuild()
    assert [p.code for p in vault.problems if p.file == "notes/A.md"] == ["missing-heading"]


def test_added_and_deleted_notes_change_what_links_find(tmp_path: Path) -> None:
    site = Site(tmp_path, NOTES)
    site.write("Missing.md", "Here now.\n")
    vault = site.rebuild()
    assert backlinks(vault, "notes/missing.md") == [("notes/d.md", ("[[Missing]]",))]
    site.delete("Missing.md")
    vault = site.rebuild()
    assert [p.code for p in vault.problems if p.file == "notes/D.md"] == ["unresolved-link"]
    site.delete("C.md")
    site.rebuild()


def test_private_note_change_is_a_structure_change(tmp_path: Path) -> None:
    site = Site(tmp_path, NOTES)
    before = site.vault
    site.write("C.md", "---\npublish: false\n---\n# C\n\n## Intro\n")
    vault = site.rebuild()
    assert [p.code for p in vault.problems if p.file == "notes/A.md"] == ["private-link"]
    assert vault.changes_since(before).structure_changed is True


def test_tag_edit_updates_the_tag_index(tmp_path: Path) -> None:
    site = Site(tmp_path, NOTES)
    site.write("B.md", "---\ntitle: Bee\ntags: [x, y]\n---\nBack to [[A]].\n")
    vault = site.rebuild()
    assert [e.dest for e in vault.tags["y"]] == ["notes/b.md"]
    site.write("A.md", "#x See [[B]] here. Also [[C#Intro]].\n")
    vault = site.rebuild()
    assert [e.dest for e in vault.tags["x"]] == ["notes/a.md", "notes/b.md"]


def test_graph_data_is_reused_only_while_links_are_the_same(tmp_path: Path) -> None:
    site = Site(tmp_path, NOTES)
    browse = Browse()

    def graph() -> dict[str, object]:
        return browse._graph_data(site.vault, lambda dest: dest, lambda tag: tag, False)

    first = graph()
    site.write("A.md", "See [[B]] here, reworded. Also [[C#Intro]].\n")
    site.rebuild()
    assert graph() is first
    site.write("D.md", "Now [[C]] is linked.\n")
    site.rebuild()
    second = graph()
    assert second is not first
    assert second == graph_json(_graph_of(site.vault))


def _graph_of(vault: Vault):  # type: ignore[no-untyped-def]
    from learnfolio.browse.graph import build_graph

    return build_graph(vault, lambda dest: dest)


def test_history_asks_git_once_for_a_vault_outside_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Path] = []

    def toplevel(folder: Path) -> Path | None:
        asked.append(folder)
        return None

    monkeypatch.setattr(history_module, "_git_toplevel", toplevel)
    monkeypatch.delenv("GIT_DIR", raising=False)
    files = {f"notes/f{i}/g{j}/N{i}{j}.md": "x\n" for i in range(3) for j in range(3)}
    write_tree(tmp_path, files)
    history = FileHistory()
    for name in files:
        created, updated = history.dates(tmp_path / name)
        assert created == updated
    assert len(asked) == (0 if (tmp_path / ".git").exists() else 1)
