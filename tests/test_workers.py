"""Helper processes render note pages: the site is the same as with one process."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import pytest

from learnfolio.site.plugin import LearnfolioPlugin
from learnfolio.site.speed.workers import process_count
from tests.sitebuild import BuiltSite, assert_same_site, build_site

NOTES = {
    f"notes/Topic {n}.md": (
        f"---\ntags: [t{n % 3}]\n---\n# Topic {n}\n\n"
        f"See [[Topic {(n + 1) % 12}]] and [[Topic {(n + 5) % 12}#Part]]; also [[Nowhere {n}]].\n\n"
        f"## Part\n\nMath $x_{n}^2$ and `code {n}`. ^b{n}\n\n"
        + (f"![[Topic {(n + 2) % 12}#Part]]\n" if n % 4 == 0 else "")
    )
    for n in range(12)
}


def _build(root: Path, workers: int | str, **kwargs: Any) -> BuiltSite:
    return build_site(root, NOTES, options={"workers": workers}, **kwargs)


def _messages(site: BuiltSite) -> list[str]:
    root = str(site.root)
    return sorted(
        m.replace(root, "ROOT") for m in site.messages(logging.INFO) if "built in" not in m
    )


@pytest.mark.skipif(not hasattr(os, "fork"), reason="helpers need os.fork (POSIX)")
def test_helpers_render_pages_and_the_site_is_the_same(tmp_path: Path) -> None:
    alone = _build(tmp_path / "one", 1)
    assert alone.plugin.workers.adopted == 0
    alone_messages = _messages(alone)
    helped = _build(tmp_path / "two", 2)
    assert helped.plugin.workers.adopted == 6  # every second one of the 12 notes
    assert_same_site(helped.site_dir, alone.site_dir)
    assert _messages(helped) == alone_messages


@pytest.mark.skipif(not hasattr(os, "fork"), reason="helpers need os.fork (POSIX)")
def test_a_page_another_plugin_changes_is_rendered_here(tmp_path: Path) -> None:
    # A hook runs after learnfolio's on_page_markdown: the helper never saw its change.
    hook = "def on_page_markdown(markdown, page, **kwargs):\n    return markdown + '\\n\\nHOOKED'\n"
    (tmp_path / "two").mkdir()
    (tmp_path / "two" / "hooks.py").write_text(hook, encoding="utf-8")
    helped = _build(tmp_path / "two", 2, extra={"hooks": ["hooks.py"]})
    assert helped.plugin.workers.adopted == 0
    assert b"HOOKED" in (helped.site_dir / "notes/topic-1/index.html").read_bytes()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="helpers need os.fork (POSIX)")
def test_a_failing_helper_leaves_its_pages_to_the_mkdocs_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = _build(tmp_path / "one", 1)
    parent = os.getpid()
    original = LearnfolioPlugin._markdown_of

    def failing_in_helper(self: LearnfolioPlugin, entry: Any, files: Any, config: Any) -> Any:
        if os.getpid() != parent and entry.title == "Topic 4":
            raise RuntimeError("a helper fails")
        return original(self, entry, files, config)

    monkeypatch.setattr(LearnfolioPlugin, "_markdown_of", failing_in_helper)
    helped = _build(tmp_path / "two", 2)
    assert 0 < helped.plugin.workers.adopted < 6  # pages before Topic 4 came from the helper
    assert_same_site(helped.site_dir, alone.site_dir)


def test_workers_option_is_checked(tmp_path: Path) -> None:
    from tests.sitebuild import BuildFailed

    with pytest.raises(BuildFailed, match="option 'workers': expected 'auto' or a whole number"):
        _build(tmp_path, 0)


def test_pages_keep_their_titles_after_their_text_is_let_go(tmp_path: Path) -> None:
    # learnfolio drops each note page's Markdown and HTML once nothing needs them;
    # MkDocs' page.title must still read the note's title everywhere after that.
    site = _build(tmp_path, 2)
    page = (site.site_dir / "notes/topic-3/index.html").read_text(encoding="utf-8")
    assert "<title>Topic 3 - Test site</title>" in page
    listing = (site.site_dir / "tags/t0/index.html").read_text(encoding="utf-8")
    assert "Topic 3" in listing and "Topic 9" in listing


def test_the_search_index_written_a_page_at_a_time_is_materials_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = {**NOTES, "notes/中文.md": "# 中文笔记\n\n特征值和特征向量。见 [[Topic 1]]。\n"}
    site = build_site(tmp_path / "streamed", notes)
    streamed = (site.site_dir / "search/search_index.json").read_bytes()
    search = site.config.plugins["material/search"]
    assert search.config.enabled  # switched back on after the build
    # On a Material version learnfolio does not know, Material's search writes its own.
    import material as material_package

    monkeypatch.setattr(material_package, "__version__", "10.0.0")
    material = build_site(tmp_path / "material", notes)
    assert "learnfolio/search" not in material.config.plugins
    assert (material.site_dir / "search/search_index.json").read_bytes() == streamed
    assert "特征值".encode() not in streamed  # ASCII JSON, as Material writes it


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="no CPU affinity here")
def test_auto_counts_the_cores_the_build_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.9, 0.5, 0.2))  # this build alone
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})  # taskset -c 0
    assert process_count(0) == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 2, 3})
    assert process_count(0) == 3
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)))
    assert process_count(0) == 4  # at most MAX_AUTO
    assert process_count(2) == 2  # a number is taken as it is


@pytest.mark.skipif(not hasattr(os, "getloadavg"), reason="no load average here")
def test_auto_leaves_out_the_cores_other_work_keeps_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    monkeypatch.setattr(os, "getloadavg", lambda: (2.2, 1.0, 1.0))  # one other busy process
    assert process_count(0) == 3
    monkeypatch.setattr(os, "getloadavg", lambda: (11.7, 9.0, 5.0))  # a shared, busy machine
    assert process_count(0) == 1
    assert process_count(3) == 3  # a number is taken as it is
