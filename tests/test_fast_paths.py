"""On MkDocs or Material versions learnfolio does not know, the fast paths switch off.

The site is then built by MkDocs' and Material's own code, with one line in
the log saying so, and it is the same site.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import mkdocs
import pytest

from learnfolio.site.speed import platform
from learnfolio.site.speed.incremental import NAME as INCREMENTAL
from learnfolio.site.speed.search import NAME as SEARCH
from tests.sitebuild import BuiltSite, assert_same_site, build_site

NOTES = {
    f"notes/Topic {n}.md": (
        f"---\ntags: [t{n % 3}]\n---\n# Topic {n}\n\n"
        f"See [[Topic {(n + 1) % 8}]] and [[Topic {(n + 5) % 8}#Part]].\n\n"
        f"## Part\n\nMath $x_{n}^2$ and `code {n}`. ^b{n}\n"
    )
    for n in range(8)
}
NOTES["notes/中文.md"] = "# 中文笔记\n\n特征值和特征向量。见 [[Topic 1]]。\n"


def _build(root: Path, **kwargs: Any) -> BuiltSite:
    return build_site(root, NOTES, options={"workers": 2}, **kwargs)


def _off_lines(site: BuiltSite) -> list[str]:
    return [m for m in site.messages(logging.INFO) if "fast paths off" in m]


def _untested(monkeypatch: pytest.MonkeyPatch, which: str) -> None:
    if which == "mkdocs":
        monkeypatch.setattr(mkdocs, "__version__", "1.7.0")
    else:
        import material

        monkeypatch.setattr(material, "__version__", "10.0.0")


def test_tested_versions_use_every_fast_path() -> None:
    paths = platform.fast_paths()
    assert (paths.mkdocs, paths.material, paths.reason) == (True, True, "")


@pytest.mark.parametrize(
    ("mkdocs_version", "material_version", "pages", "search", "named"),
    [
        ("1.6.1", "9.8.1", True, True, []),
        ("1.6.7", "9.7.0", True, True, []),  # ProperDocs 1.6 reports its own version
        ("1.7.0", "9.8.1", False, True, ["MkDocs 1.7.0"]),
        ("2.0.0", "10.0.0", False, False, ["MkDocs 2.0.0", "Material 10.0.0"]),
        ("1.6.1", "9.10.2", True, False, ["Material 9.10.2"]),
        ("1.6.1", None, True, False, []),  # no Material: nothing to say
    ],
)
def test_fast_paths_follow_the_installed_versions(
    monkeypatch: pytest.MonkeyPatch,
    mkdocs_version: str,
    material_version: str | None,
    pages: bool,
    search: bool,
    named: list[str],
) -> None:
    monkeypatch.setattr(platform, "mkdocs_version", lambda: mkdocs_version)
    monkeypatch.setattr(platform, "material_version", lambda: material_version)
    paths = platform.fast_paths()
    assert (paths.mkdocs, paths.material) == (pages, search)
    for name in named:
        assert name in paths.reason
    assert bool(paths.reason) == bool(named)


def test_a_missing_private_function_turns_the_page_fast_paths_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(platform, "build_page", None)
    assert not platform.fast_paths().mkdocs


@pytest.mark.skipif(not hasattr(os, "fork"), reason="helpers need os.fork (POSIX)")
@pytest.mark.parametrize("which", ["mkdocs", "material"])
def test_an_unknown_version_builds_the_same_site_without_fast_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    fast = _build(tmp_path / "fast", strict=True)
    assert fast.plugin.workers.adopted > 0 and SEARCH in fast.config.plugins
    assert _off_lines(fast) == []

    _untested(monkeypatch, which)
    if which == "mkdocs":
        # Nothing may swap a page's methods or drop its text early.
        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError("a fast path ran on an unknown MkDocs")

        for name in ("give_source", "render_with", "let_go_of_text"):
            monkeypatch.setattr(f"learnfolio.site.plugin.{name}", refuse)
    slow = _build(tmp_path / "slow", strict=True)  # --strict: the line is not a warning

    assert_same_site(slow.site_dir, fast.site_dir)
    assert len(_off_lines(slow)) == 1
    assert slow.config.plugins["material/search"].config.enabled
    if which == "mkdocs":
        assert slow.plugin.workers.adopted == 0
        assert _off_lines(slow)[0].startswith("learnfolio: fast paths off for MkDocs 1.7.0")
    else:
        assert slow.plugin.workers.adopted > 0  # helpers, without search entries
        assert SEARCH not in slow.config.plugins  # Material indexed and wrote its own index
        assert "Material 10.0.0" in _off_lines(slow)[0]


def test_serve_on_an_unknown_mkdocs_rebuilds_whole_sites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _untested(monkeypatch, "mkdocs")
    site = _build(tmp_path, serve=True)
    assert INCREMENTAL not in site.config.plugins

    _assert_no_quick_rebuilds(site, monkeypatch)


def _assert_no_quick_rebuilds(site: BuiltSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """Serve's builder (wrapped to show a failed build's errors) always builds the whole site."""
    built: list[str] = []

    class Server:
        builder = staticmethod(lambda: built.append("whole site"))

        def watch(self, path: str) -> None:
            pass

    def refuse() -> bool:
        raise AssertionError("a quick rebuild was tried")

    # The plugin object outlives this test (MkDocs keeps one per process).
    monkeypatch.setattr(site.plugin, "quick_rebuild", refuse)
    server = Server()
    site.plugin.on_serve(server, config=site.config, builder=server.builder)
    server.builder()
    assert built == ["whole site"]


def test_the_benchmark_switch_leaves_out_quick_rebuilds_and_the_search_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, fast_serve = _build(tmp_path / "fast", strict=True), _build(tmp_path / "s", serve=True)
    monkeypatch.setenv(platform.BENCH_OFF, "search,quick")
    paths = platform.fast_paths()
    assert (paths.mkdocs, paths.material, paths.quick, paths.reason) == (True, False, False, "")
    assert_same_site(_build(tmp_path / "slow", strict=True).site_dir, fast.site_dir)
    slow = _build(tmp_path / "slow-serve", serve=True)
    assert SEARCH not in slow.config.plugins  # Material indexed and wrote its own index
    assert INCREMENTAL in slow.config.plugins  # reuse has its own option
    assert_same_site(slow.site_dir, fast_serve.site_dir)

    _assert_no_quick_rebuilds(slow, monkeypatch)
