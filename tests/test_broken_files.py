"""A broken file never stops the others: each is named in a message and left out.

One site holds every kind of broken file at once, beside notes that are fine;
it is built once without ``--strict`` (the rest of the site is there) and once
with it (the build fails, naming the files).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

import markdown
import mkdocs
import pytest

from learnfolio.model import limits
from learnfolio.vault.links import MAX_CONTEXTS
from tests.conftest import MakeVault
from tests.notebooks import PLUGINS, md, notebook
from tests.sitebuild import BuildFailed, BuiltSite, build_site, write_tree

# 5,000 levels, one tab each (12.5 MB); the site gets 1,000 (0.5 MB) to stay fast.
DEEP_LIST = "# Deep\n\n" + "".join("\t" * i + "- item\n" for i in range(5000))
BROKEN: dict[str, str | bytes] = {
    "notes/Good.md": "# Good\n\nSee [[Other]], [[Deep]] and [[Huge]].\n",
    "notes/Other.md": "# Other\n\nBack to [[Good]].\n",
    "notes/Deep.md": DEEP_LIST[: DEEP_LIST.index("\t" * 1000)],
    "notes/Huge.md": "# Huge\n\n" + "Lorem ipsum. " * 50_000,
    "notes/No cells.ipynb": json.dumps({"metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
    "notes/Truncated.ipynb": notebook(md("# Truncated\n\nhello"))[:-40],
    "notes/Old format.ipynb": json.dumps(
        {"worksheets": [{"cells": []}], "metadata": {}, "nbformat": 3, "nbformat_minor": 0}
    ),
    "notes/Fine notebook.ipynb": notebook(md("# Fine notebook\n\nLinks to [[Good]].")),
    "notes/Crash when read.md": "# Crash when read\n\nREAD-BOMB\n",
    "notes/Crash in render.md": "# Crash in render\n\nRENDER-BOMB\n",
    "notes/Crash in markdown.md": "# Crash in markdown\n\nMARKDOWN-BOMB\n",
}
OPTIONS = {"max_note_size": 600_000, "workers": 1}


@pytest.fixture(scope="module")
def bombs() -> Any:
    """Make reading, rendering and converting one note each raise, as a bug would."""
    from _pytest.monkeypatch import MonkeyPatch

    import learnfolio.cache
    import learnfolio.site.plugin

    patch = MonkeyPatch()
    parse_file = learnfolio.cache.parse_file
    render_page = learnfolio.site.plugin.render_page
    convert = markdown.Markdown.convert

    def parse_or_explode(path: str, data: bytes, **kwargs: Any) -> Any:
        if b"READ-BOMB" in data:
            raise RuntimeError("boom while reading")
        return parse_file(path, data, **kwargs)

    def render_or_explode(vault: Any, entry: Any, *args: Any, **kwargs: Any) -> Any:
        if entry.note is not None and "RENDER-BOMB" in entry.note.body:
            raise KeyError("boom while rendering")
        return render_page(vault, entry, *args, **kwargs)

    def convert_or_explode(self: markdown.Markdown, source: str) -> str:
        if "MARKDOWN-BOMB" in source:
            raise RecursionError("boom in Python-Markdown")
        return convert(self, source)

    patch.setattr(learnfolio.cache, "parse_file", parse_or_explode)
    patch.setattr(learnfolio.site.plugin, "render_page", render_or_explode)
    patch.setattr(markdown.Markdown, "convert", convert_or_explode)
    yield
    patch.undo()


def _write(root: Path) -> None:
    write_tree(root, BROKEN)
    os.symlink(root / "nowhere" / "Gone.md", root / "notes" / "Gone.md")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, bombs: None) -> BuiltSite:
    root = tmp_path_factory.mktemp("broken")
    _write(root)
    return build_site(root, {}, plugins=PLUGINS, options=OPTIONS)


def _message_about(site: BuiltSite, name: str) -> str:
    found = [m for m in site.messages() if f"notes/{name}:" in m]
    assert found, f"no message names notes/{name}: {site.messages()}"
    return found[0]


def test_the_rest_of_the_site_builds(site: BuiltSite) -> None:
    assert "Other" in site.article("notes/good").get_text()
    assert (site.site_dir / "notes" / "fine-notebook" / "index.html").exists()
    assert "Good" in site.article("notes/other").get_text()


@pytest.mark.parametrize(
    ("name", "page", "says"),
    [
        ("Deep.md", "deep", "nested deeper than 256 columns"),
        ("Huge.md", "huge", "more than max_note_size (600,000)"),
        ("No cells.ipynb", "no-cells", "no list of cells"),
        ("Truncated.ipynb", "truncated", "not a valid notebook"),
        ("Old format.ipynb", "old-format", "nbformat 3 is not supported"),
        ("Crash when read.md", "crash-when-read", "RuntimeError: boom while reading"),
        ("Crash in render.md", "crash-in-render", "could not be rendered: KeyError"),
        ("Crash in markdown.md", "crash-in-markdown", "RecursionError: boom in Python-Markdown"),
    ],
)
def test_each_broken_file_is_named_and_left_out(
    site: BuiltSite, name: str, page: str, says: str
) -> None:
    message = _message_about(site, name)
    assert says in message
    assert "left out of the site" in message
    assert not (site.site_dir / "notes" / page / "index.html").exists()
    assert not (site.site_dir / "notes" / name).exists()


def test_a_link_to_a_left_out_note_is_unresolved_not_broken(site: BuiltSite) -> None:
    article = site.article("notes/good")
    assert not article.select('a[href*="deep"]')
    assert not article.select('a[href*="huge"]')


def test_strict_build_fails_naming_the_broken_files(
    tmp_path: Path, bombs: None, site: BuiltSite
) -> None:
    _write(tmp_path)
    with pytest.raises(BuildFailed) as failed:
        build_site(tmp_path, {}, plugins=PLUGINS, options=OPTIONS, strict=True)
    text = "\n".join(failed.value.messages)
    for name in ("Deep.md", "Huge.md", "No cells.ipynb", "Truncated.ipynb"):
        assert f"notes/{name}:" in text
    assert "notes/Gone.md:" not in text  # a dangling link is a warning


def test_a_dangling_symlink_is_a_warning_naming_it(site: BuiltSite) -> None:
    found = [m for m in site.messages(logging.INFO) if "notes/Gone.md:1: warning: " in m]
    assert len(found) == 1, site.messages(logging.INFO)
    assert "is a symbolic link to" in found[0] and "which does not exist" in found[0]
    assert "left out of the site" in found[0]
    assert not (site.site_dir / "notes" / "gone" / "index.html").exists()


def test_a_list_nested_thousands_deep_would_stall_python_markdown() -> None:
    # Why the guard exists: the time grows with the cube of the depth. The
    # guard's limit renders quickly, and the note over it is refused at once.
    import time

    at_limit = "".join("    " * i + "- x\n" for i in range(limits.MAX_INDENT // 4))
    start = time.perf_counter()
    markdown.markdown(at_limit)
    assert time.perf_counter() - start < 3
    assert limits.too_deep(at_limit) is None
    start = time.perf_counter()
    assert limits.too_deep(DEEP_LIST) is not None
    assert time.perf_counter() - start < 0.5


def test_indented_code_in_a_fence_is_not_a_deep_list() -> None:
    from learnfolio.model.scanner import mask

    code = "```\n" + " " * 400 + "deeply indented code\n```\n"
    assert limits.too_deep(mask(code)) is None
    assert limits.too_deep(mask(" " * 400 + "- not in a fence\n")) is not None


def test_a_page_linking_thousands_of_times_shows_the_first_contexts(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    text = "".join(f"Mention {i} of [[SVD]].\n\n" for i in range(3000))
    v = make_vault(tmp_path, {"notes/PCA.md": text, "notes/SVD.md": "Factorisation.\n"})
    (backlink,) = v.vault.backlinks_of(v.entry("SVD.md"))
    assert len(backlink.contexts) == MAX_CONTEXTS
    assert backlink.contexts[0] == "Mention 0 of [[SVD]]."
    assert backlink.more == 3000 - MAX_CONTEXTS
    markdown = v.markdown("SVD.md")
    assert "Mention 19 of" in markdown and "Mention 20 of" not in markdown
    assert "…and 2,980 more links from this page" in markdown


def test_a_note_markdown_cannot_convert_is_left_out_on_an_unknown_mkdocs(
    tmp_path: Path, bombs: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fast paths are off there; the guard around Page.render is not.
    monkeypatch.setattr(mkdocs, "__version__", "1.7.0")
    files: dict[str, str | bytes] = {
        "notes/Good.md": "# Good\n\nSee [[Crash in markdown]].\n",
        "notes/Crash in markdown.md": BROKEN["notes/Crash in markdown.md"],
    }
    site = build_site(tmp_path, files, plugins=PLUGINS, options=OPTIONS)
    assert "fast paths off for MkDocs 1.7.0" in " ".join(site.messages(logging.INFO))
    assert "Crash in markdown" in site.article("notes/good").get_text()
    message = _message_about(site, "Crash in markdown.md")
    assert "RecursionError: boom in Python-Markdown" in message
    assert not (site.site_dir / "notes" / "crash-in-markdown" / "index.html").exists()
