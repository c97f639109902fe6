"""Incremental rebuilds under `mkdocs serve` give exactly what a clean build gives.

Each test starts a serve session (one plugin object across rebuilds, as
`mkdocs serve` keeps it), makes an edit, rebuilds incrementally, and compares
every file of the site with a clean build of the same files, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from learnfolio.site.speed.incremental import IncrementalBuild
from learnfolio.site.speed.search import MaterialSearch
from tests.sitebuild import DEFAULT_EXTENSIONS, assert_same_site, comparable_site, write_tree

SERVE_URL = "http://127.0.0.1:8000/"

NOTES = {
    "docs/index.md": "# Home\n\nStart at [[Vectors]].\n",
    "notes/Vectors.md": (
        "---\ntags: [algebra]\n---\n# Vectors\n\n"
        "A vector has a length. It also has a direction.\n\n"
        "## Adding\n\nAdd them tip to tail. ^tip\n"
    ),
    "notes/Dot product.md": (
        "# Dot product\n\nThe dot product of two [[Vectors]] is a number.\n\n"
        "Unrelated prose sits here.\n\n![[Vectors#Adding]]\n"
    ),
    "notes/Matrices.md": "# Matrices\n\nA grid of numbers. See [[Dot product]].\n\n$$a_{ij}$$\n",
    "notes/Lonely.md": "# Lonely\n\nNobody links here yet.\n",
    "notes/Secret.md": "---\nprivate: true\n---\n# Secret\n\nhidden-phrase-4417\n",
}


class ServeSession:
    """One `mkdocs serve`: an incremental site, and clean builds to compare it with."""

    def __init__(self, root: Path) -> None:
        self.root = root
        write_tree(root, NOTES)
        config = {
            "site_name": "Incremental",
            "theme": {"name": "material"},
            "markdown_extensions": DEFAULT_EXTENSIONS,
            "plugins": [
                "search",
                "tags",
                {"learnfolio": {"sources": [{"path": "notes", "name": "Notes", "mount": "n"}]}},
            ],
        }
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        first = self._config(root / "served")
        first.plugins.on_startup(command="serve", dirty=False)
        self.plugin: Any = first.plugins["learnfolio"]

        def full_build() -> None:
            build(self._config(self.root / "served"), serve_url=SERVE_URL)

        build(first, serve_url=SERVE_URL)
        # As `mkdocs serve` does: plugins may replace the builder in on_serve.
        server = first.plugins.on_serve(_Server(full_build), config=first, builder=full_build)
        self.builder: Callable[[], None] = server.builder
        self.clean_count = 0

    def _config(self, site_dir: Path) -> Any:
        config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(site_dir))
        config.site_url = SERVE_URL
        return config

    def rebuild(self) -> dict[str, bytes]:
        """What `serve` does after a change: call its builder (learnfolio's, quick or full)."""
        self.builder()
        return comparable_site(self.root / "served")

    @property
    def quick(self) -> bool:
        """Whether the last rebuild was a quick one (only the affected pages)."""
        return bool(self.plugin.quick_pages >= 0)

    def clean(self) -> dict[str, bytes]:
        """A build of the same files with nothing remembered from earlier builds."""
        self.clean_count += 1
        # The plugin object is shared (MkDocs keeps one per process): set the
        # served site's state aside, and give the clean build none of it.
        kept = {name: getattr(self.plugin, name) for name in _SERVE_STATE}
        self.plugin.incremental = IncrementalBuild()
        self.plugin.search = MaterialSearch(keep_pages=True)
        try:
            build(self._config(self.root / f"clean{self.clean_count}"), serve_url=SERVE_URL)
        finally:
            for name, value in kept.items():
                setattr(self.plugin, name, value)
        return comparable_site(self.root / f"clean{self.clean_count}")

    def edit(self, rel: str, change: Callable[[str], str]) -> None:
        path = self.root / rel
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    @property
    def built(self) -> int:
        return int(self.plugin.incremental.built)


_SERVE_STATE = ("incremental", "search", "quick", "quick_pages", "vault", "_inputs")


class _Server:
    """What plugins see of `mkdocs serve`'s LiveReloadServer: watch() and the builder."""

    def __init__(self, builder: Callable[[], None]) -> None:
        self.builder = builder
        self.watched: list[str] = []

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        self.watched.append(path)


@pytest.fixture
def session(tmp_path: Path) -> ServeSession:
    return ServeSession(tmp_path)


def test_prose_edit_rebuilds_only_that_note_and_equals_clean_build(session: ServeSession) -> None:
    session.edit("notes/Lonely.md", lambda t: t.replace("yet.", "yet, sadly."))
    served = session.rebuild()
    assert session.built == 1
    assert session.quick and session.plugin.quick_pages == 2  # the note and the home page
    assert b"yet, sadly." in served["n/lonely/index.html"]
    assert_same_site(served, session.clean())


def test_adding_a_link_updates_the_target_backlinks(session: ServeSession) -> None:
    session.edit("notes/Lonely.md", lambda t: t + "\nNow it links to [[Matrices]].\n")
    served = session.rebuild()
    assert session.built == 2  # the note, and Matrices for its new backlink
    assert session.quick
    assert b"Now it links to" in served["n/matrices/index.html"]
    assert_same_site(served, session.clean())


def test_removing_a_link_drops_the_backlink(session: ServeSession) -> None:
    session.edit("notes/Matrices.md", lambda t: t.replace("See [[Dot product]].", "No link."))
    served = session.rebuild()
    assert b"A grid of numbers" not in served["n/dot-product/index.html"]
    assert_same_site(served, session.clean())


def test_editing_an_embedded_section_rebuilds_the_embedding_page(session: ServeSession) -> None:
    session.edit("notes/Vectors.md", lambda t: t.replace("tip to tail", "head to tail"))
    served = session.rebuild()
    assert b"head to tail" in served["n/dot-product/index.html"]
    assert_same_site(served, session.clean())


def test_editing_the_sentence_around_a_link_updates_the_backlink_context(
    session: ServeSession,
) -> None:
    session.edit("notes/Dot product.md", lambda t: t.replace("is a number", "is a scalar"))
    served = session.rebuild()
    assert b"is a scalar" in served["n/vectors/index.html"]
    assert_same_site(served, session.clean())


def test_renaming_a_title_falls_back_to_a_full_build(session: ServeSession) -> None:
    session.edit("notes/Vectors.md", lambda t: t.replace("# Vectors", "# Arrows"))
    served = session.rebuild()
    assert session.built == 4  # every note page of the source
    assert not session.quick
    assert_same_site(served, session.clean())


def test_adding_and_deleting_notes_equals_clean_builds(session: ServeSession) -> None:
    write_tree(session.root, {"notes/New.md": "# New\n\nPoints at [[Lonely]].\n"})
    served = session.rebuild()
    assert not session.quick
    assert "n/new/index.html" in served
    assert_same_site(served, session.clean())
    (session.root / "notes/New.md").unlink()
    served = session.rebuild()
    assert "n/new/index.html" not in served
    assert b"Points at" not in served["n/lonely/index.html"]
    assert_same_site(served, session.clean())


def test_making_a_note_private_removes_it_everywhere(session: ServeSession) -> None:
    session.edit("notes/Matrices.md", lambda t: "---\nprivate: true\n---\n" + t)
    served = session.rebuild()
    assert "n/matrices/index.html" not in served
    assert all(b"A grid of numbers" not in data for data in served.values())
    assert_same_site(served, session.clean())


def test_a_chain_of_edits_stays_equal_to_clean_builds(session: ServeSession) -> None:
    edits: list[Callable[[], None]] = [
        lambda: session.edit("notes/Lonely.md", lambda t: t + "\n[[Vectors#Adding|adding]]\n"),
        lambda: session.edit("notes/Vectors.md", lambda t: t.replace("length.", "size.")),
        lambda: session.edit(
            "notes/Lonely.md", lambda t: t.replace("[[Vectors#Adding|adding]]", "")
        ),
        lambda: session.edit("notes/Matrices.md", lambda t: t.replace("$$a_{ij}$$", "$$b_{ij}$$")),
    ]
    for edit in edits:
        edit()
        assert_same_site(session.rebuild(), session.clean())


def test_editing_a_page_of_docs_dir_falls_back_to_a_full_build(session: ServeSession) -> None:
    session.edit("docs/index.md", lambda t: t + "\nAnd [[Lonely]] too.\n")
    served = session.rebuild()
    assert not session.quick
    assert b"And " in served["index.html"]
    assert_same_site(served, session.clean())


def test_hidden_files_in_a_source_do_not_force_a_full_build(session: ServeSession) -> None:
    # Obsidian rewrites .obsidian/workspace.json all the time; it is never published.
    write_tree(session.root, {"notes/.obsidian/workspace.json": "{}"})
    session.edit("notes/Lonely.md", lambda t: t.replace("yet.", "yet!"))
    served = session.rebuild()
    assert session.quick
    assert_same_site(served, session.clean())


def test_a_new_attachment_falls_back_to_a_full_build(session: ServeSession) -> None:
    write_tree(session.root, {"notes/figure.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    served = session.rebuild()
    assert not session.quick
    assert "n/figure.svg" in served
    assert_same_site(served, session.clean())


def test_tagging_a_note_with_an_existing_tag_updates_the_tag_page(session: ServeSession) -> None:
    session.edit("notes/Lonely.md", lambda t: "---\ntags: [algebra]\n---\n" + t)
    served = session.rebuild()
    assert not session.quick  # tag pages list notes: a full build writes them
    assert b"Lonely" in served["tags/algebra/index.html"]
    assert_same_site(served, session.clean())


def test_adding_a_prerequisite_or_a_status_updates_every_page_that_shows_it(
    session: ServeSession,
) -> None:
    # Vectors now shows "Leads to Matrices", and Matrices gets a learning path page.
    session.edit("notes/Matrices.md", lambda t: '---\nrequires: ["[[Vectors]]"]\n---\n' + t)
    served = session.rebuild()
    assert not session.quick  # path pages are written by a full build
    assert b"Leads to" in served["n/vectors/index.html"]
    assert b"Vectors" in served["paths/n/matrices/index.html"]
    assert_same_site(served, session.clean())
    # A status shows on the pages that list the note, not only on its own.
    session.edit(
        "notes/Vectors.md", lambda t: t.replace("tags: [algebra]", "tags: [algebra]\nstatus: known")
    )
    served = session.rebuild()
    assert b"lf-status-known" in served["n/matrices/index.html"]
    assert b"lf-status-known" in served["paths/n/matrices/index.html"]
    assert_same_site(served, session.clean())
