"""Nothing from outside a source is published: symbolic links are followed only inside.

A link to a file or folder out of every source (``/etc/passwd`` is the
classic) is left out with a warning naming it; ``follow_symlinks: true`` on a
source opts in. A dangling link is a warning, not a traceback. A loop of links
ends, and no file is published twice.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from learnfolio.sources import LeftOut, discover_all
from tests.conftest import MakeVault
from tests.sitebuild import BuildFailed, BuiltSite, build_site, write_tree

OUTSIDE = "OUTSIDE-CANARY-d41d8cd9"
"""Text that lives only outside every source."""
FILES = {
    "notes/Real.md": "# Real\n\nSee [[Elsewhere]], [[passwd]] and [[Twin]].\n",
    "notes/Private/Diary.md": "# Diary\n\nEXCLUDED-CANARY\n",
    "notes/.obsidian/app.json": "{}",
    "outside/passwd.txt": f"root:x:0:0:{OUTSIDE}\n",
    "outside/Elsewhere.md": f"# Elsewhere\n\n{OUTSIDE} in a note.\n",
    "outside/folder/Deep.md": f"# Deep\n\n{OUTSIDE} in a folder.\n",
}
NOTES = {"path": "notes", "name": "Notes", "mount": "notes", "exclude": ["Private/"]}


def _links(root: Path) -> None:
    notes = root / "notes"
    os.symlink(root / "outside" / "passwd.txt", notes / "passwd.txt")
    os.symlink("../outside/Elsewhere.md", notes / "Elsewhere.md")
    os.symlink(root / "outside" / "folder", notes / "folder")
    os.symlink(root / "nowhere" / "Gone.md", notes / "Gone.md")
    os.symlink(notes, notes / "loop")  # the source inside itself
    os.symlink("Real.md", notes / "Twin.md")  # inside the source: a page of its own
    os.symlink("Private/Diary.md", notes / "Peek.md")  # into an excluded folder
    os.symlink(".obsidian/app.json", notes / "app.json")  # into a hidden folder
    os.symlink(root / "outside", root / "outside" / "folder" / "back")  # a loop outside


def _site_text(site: BuiltSite) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in site.site_dir.rglob("*")
        if path.is_file()
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("symlinks")
    write_tree(root, FILES)
    _links(root)
    return build_site(root, {}, sources=[NOTES])


def test_nothing_from_outside_the_sources_is_published(site: BuiltSite) -> None:
    text = _site_text(site)
    assert OUTSIDE not in text
    assert "EXCLUDED-CANARY" not in text
    assert not (site.site_dir / "notes" / "passwd.txt").exists()
    assert not (site.site_dir / "notes" / "elsewhere").exists()
    assert not (site.site_dir / "notes" / "folder").exists()
    assert not (site.site_dir / "notes" / "loop").exists()


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("passwd.txt", "is a symbolic link to '{root}/outside/passwd.txt', outside every source"),
        ("Elsewhere.md", "is a symbolic link to '../outside/Elsewhere.md', outside every source"),
        ("folder", "is a symbolic link to '{root}/outside/folder', outside every source"),
        ("Gone.md", "is a symbolic link to '{root}/nowhere/Gone.md', which does not exist"),
        ("Peek.md", "which its source leaves out (hidden or excluded)"),
        ("app.json", "which its source leaves out (hidden or excluded)"),
    ],
)
def test_each_link_not_followed_is_a_warning_naming_it(
    site: BuiltSite, name: str, says: str
) -> None:
    found = [m for m in site.messages(logging.INFO) if f"notes/{name}:1: warning: " in m]
    assert found, site.messages(logging.INFO)
    assert says.format(root=site.root) in found[0]
    assert "left out of the site" in found[0]
    assert "Traceback" not in "\n".join(site.messages(logging.INFO))


def test_the_outside_warning_says_how_to_opt_in(site: BuiltSite) -> None:
    (message,) = [m for m in site.messages(logging.INFO) if "notes/passwd.txt:" in m]
    assert "follow_symlinks: true" in message


def test_a_link_inside_the_source_is_followed_once(site: BuiltSite) -> None:
    assert "See" in site.article("notes/twin").get_text()  # Twin.md -> Real.md
    pages = sorted(p.parent.name for p in (site.site_dir / "notes").rglob("*/index.html"))
    assert pages == ["real", "twin"]
    # A link to a folder of the source is silent: its notes are published from there.
    assert not any("loop" in m for m in site.messages(logging.INFO))


def test_links_to_what_is_left_out_are_not_links(site: BuiltSite) -> None:
    article = site.article("notes/real")
    assert not article.select('a[href*="elsewhere"]')
    assert not article.select('a[href*="passwd"]')
    assert article.select('a[href*="twin"]')


def test_a_strict_build_leaves_the_link_out_too(tmp_path: Path) -> None:
    # A warning, not an error: nothing is published by mistake, so strict passes.
    write_tree(tmp_path, {"notes/A.md": "# A\n", "outside/B.md": f"# B\n\n{OUTSIDE}\n"})
    os.symlink(tmp_path / "outside" / "B.md", tmp_path / "notes" / "B.md")
    site = build_site(tmp_path, {}, strict=True)
    assert any("notes/B.md:1: warning: " in m for m in site.messages(logging.INFO))
    assert OUTSIDE not in _site_text(site)


def test_follow_symlinks_opts_in_and_loops_end(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    _links(tmp_path)
    site = build_site(tmp_path, {}, sources=[{**NOTES, "follow_symlinks": True}])
    assert OUTSIDE in (site.site_dir / "notes" / "passwd.txt").read_text(encoding="utf-8")
    assert OUTSIDE in site.article("notes/elsewhere").get_text()
    assert OUTSIDE in site.article("notes/folder/deep").get_text()
    assert site.article("notes/real").select('a[href*="elsewhere"]')
    # The loop back to outside/ is walked once; the source's own folder never twice.
    assert not (site.site_dir / "notes" / "folder" / "back").exists()
    assert not (site.site_dir / "notes" / "loop").exists()
    messages = "\n".join(site.messages(logging.INFO))
    assert "outside every source" not in messages
    assert "notes/Gone.md:1: warning: " in messages  # dangling stays a warning
    assert "notes/Peek.md:1: warning: " in messages  # exclude still holds
    assert "notes/folder/back:1: warning: " in messages
    assert "a folder that holds the link itself" in messages


def test_follow_symlinks_must_be_true_or_false(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as failed:
        build_site(tmp_path, {"notes/A.md": "# A\n"}, sources=[{**NOTES, "follow_symlinks": "yes"}])
    assert "follow_symlinks: expected true or false, got 'yes'" in "\n".join(failed.value.messages)


def test_a_link_in_docs_dir_out_of_every_source_is_not_copied(tmp_path: Path) -> None:
    write_tree(tmp_path, {"notes/A.md": "# A\n", "outside/passwd.txt": OUTSIDE})
    (tmp_path / "docs").mkdir()
    os.symlink(tmp_path / "outside" / "passwd.txt", tmp_path / "docs" / "passwd.txt")
    os.symlink(tmp_path / "outside", tmp_path / "docs" / "shared")
    site = build_site(tmp_path, {})
    assert OUTSIDE not in _site_text(site)
    assert any("docs/passwd.txt:1: warning: " in m for m in site.messages(logging.INFO))
    assert any("docs/shared:1: warning: " in m for m in site.messages(logging.INFO))


def test_discovery_names_each_link_once(make_vault: MakeVault, tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    _links(tmp_path)
    v = make_vault(tmp_path, {}, [NOTES])
    left_out: list[LeftOut] = []
    found = discover_all(v.settings.sources, left_out=left_out)
    names = sorted(link.abs_path.name for link in left_out if link.code != "excluded")
    assert names == ["Elsewhere.md", "Gone.md", "Peek.md", "app.json", "folder", "passwd.txt"]
    # Excluded files are named too (links to them are to a hidden note), silently.
    assert [(x.abs_path.name, x.message) for x in left_out if x.code == "excluded"] == [
        ("Diary.md", "")
    ]
    assert sorted(f.path for f in found if f.source.name == "Notes") == ["Real.md", "Twin.md"]
    codes = {p.file: p.code for p in v.vault.problems}
    assert codes["notes/Gone.md"] == "dangling-symlink"
    assert codes["notes/passwd.txt"] == "symlink-outside"


def test_check_names_the_links_and_publishes_nothing(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    _links(tmp_path)
    build_site(tmp_path, {}, sources=[NOTES])
    done = subprocess.run(
        [sys.executable, "-m", "learnfolio", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "notes/passwd.txt:1: warning: is a symbolic link to" in done.stdout
    assert "notes/Gone.md:1: warning: " in done.stdout
    assert OUTSIDE not in done.stdout + done.stderr
