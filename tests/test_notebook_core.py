"""Notebooks in the core: parsing into notes, the vault, options, launch links, cache keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from learnfolio.model import parse_file, parse_notebook
from learnfolio.model.notebook import cell_lines
from learnfolio.notebooks.execute import code_key, failures_in
from learnfolio.notebooks.launch import launch_links, repository
from learnfolio.notebooks.options import PYODIDE_CDN
from learnfolio.settings import SettingsError, load_settings
from tests.conftest import MakeVault
from tests.notebooks import code, md, notebook, raw, stdout

# -- a notebook is a note -----------------------------------------------------------


def test_notebook_title_is_its_first_heading() -> None:
    note = parse_notebook("GD.ipynb", notebook(md("Intro.\n\n# Gradient descent\n"), code("1")))
    assert (note.title, note.display_title) == ("GD", "Gradient descent")


def test_notebook_metadata_gives_title_aliases_and_tags() -> None:
    meta = {"learnfolio": {"title": "Descent", "aliases": ["GD"], "tags": ["optimisation"]}}
    note = parse_notebook("x.ipynb", notebook(md("# Heading\n"), metadata=meta))
    assert (note.title, note.display_title, note.aliases) == ("Descent", "Descent", ("GD",))
    assert note.tags == ("optimisation",)


def test_first_raw_cell_with_frontmatter_is_metadata_not_text() -> None:
    text = notebook(raw("---\ntitle: From the raw cell\npublish: false\n---\n"), md("Body.\n"))
    note = parse_notebook("x.ipynb", text)
    assert note.display_title == "From the raw cell"
    assert note.visibility == "private"
    assert "From the raw cell" not in note.body


def test_links_and_tags_come_from_markdown_cells_not_code() -> None:
    text = notebook(
        md("See [[PCA]] and #linear-algebra."),
        code("# [[Not a link]] #not-a-tag\nx = 1"),
    )
    note = parse_notebook("x.ipynb", text)
    assert [link.raw for link in note.links] == ["[[PCA]]"]
    assert note.tags == ("linear-algebra",)


def test_body_shows_code_as_runnable_fences_and_saved_outputs() -> None:
    note = parse_notebook("x.ipynb", notebook(code("print('hi')", stdout("hi\n"))))
    assert "```python {.run}\nprint('hi')\n```" in note.body
    assert "```text\nhi\n```" in note.body


def test_code_with_backtick_fences_gets_a_longer_fence() -> None:
    note = parse_notebook("x.ipynb", notebook(code('s = """\n```\n"""')))
    assert "````python {.run}" in note.body


def test_a_line_of_the_note_maps_back_to_its_cell() -> None:
    text = notebook(md("# T"), code("x = 1\ny = 2"), md("Then [[B]]."))
    note = parse_notebook("x.ipynb", text)
    (link,) = note.links
    third_cell = [n for n, line in enumerate(text.splitlines(), 1) if line == "  {"][2]
    assert note.cell_at(note.line_at(link.start)) == (3, third_cell)


def test_cells_are_found_in_any_json_layout() -> None:
    cells = [md('A "quoted" {brace} [x]'), code("d = {'cells': [1]}"), md("B")]
    body = {"metadata": {"cells": [{"a": 1}]}, "cells": cells, "nbformat": 4}
    assert cell_lines(json.dumps(body)) == [1, 1, 1]
    assert cell_lines(json.dumps(body, indent=1)) == [10, 15, 22]


def test_broken_notebook_is_reported_with_its_json_line() -> None:
    note = parse_file("x.ipynb", b'{\n "cells": [,]\n}')
    ((line, message),) = note.problems
    assert line == 2 and "not a valid notebook" in message


# -- notebooks in the vault ---------------------------------------------------------


def test_wikilink_to_notebook_name_or_file_resolves(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/Index.md": "[[Gradient descent from scratch]] and [[GD run.ipynb]].\n",
            "notes/nb/Gradient descent from scratch.ipynb": notebook(md("# GD")),
            "notes/nb/GD run.ipynb": notebook(md("# Run")),
        },
    )
    assert v.target("Index.md", "[[Gradient descent from scratch]]") == (
        "notes/nb/Gradient descent from scratch.ipynb"
    )
    assert v.target("Index.md", "[[GD run.ipynb]]") == "notes/nb/GD run.ipynb"
    assert v.entry("GD run.ipynb").dest == "notes/nb/gd-run.ipynb"


def test_links_in_notebooks_make_backlinks(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/PCA.md": "# PCA\n",
            "notes/Check.ipynb": notebook(md("Checks [[PCA]] with numpy.")),
        },
    )
    (backlink,) = v.vault.backlinks_of(v.entry("PCA.md"))
    assert backlink.source is v.entry("Check.ipynb")
    assert backlink.contexts == ("Checks [[PCA]] with numpy.",)


def test_problem_in_a_notebook_names_the_cell(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path, {"notes/Check.ipynb": notebook(md("# T"), code("1"), md("See [[Nowhere]]."))}
    )
    (problem,) = v.problems("unresolved-link")
    assert str(problem).startswith("notes/Check.ipynb:15: error: cell 3: link '[[Nowhere]]'")


def test_private_notebook_stays_out(tmp_path: Path, make_vault: MakeVault) -> None:
    meta = {"learnfolio": {"publish": False}}
    v = make_vault(tmp_path, {"notes/Secret.ipynb": notebook(md("x"), metadata=meta)})
    assert not v.has("Secret.ipynb")


def test_embedding_a_notebook_section_shows_its_cells(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/A.md": "![[Run.ipynb#Second]]\n",
            "notes/Run.ipynb": notebook(
                md("# First\n\nskip me"), md("## Second\n\nkeep me"), code("y = 2", stdout("2\n"))
            ),
        },
    )
    page = v.markdown("A.md")
    assert "keep me" in page and "skip me" not in page
    assert "```python {.run}" in page and "y = 2" in page and "```text" in page


# -- options, launch links, the execution cache key ---------------------------------


def test_notebook_options_default_and_check_values(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    settings = load_settings({}, tmp_path, tmp_path / "docs").notebooks
    assert (settings.execute, settings.pyodide.url, settings.launch) == (
        False,
        PYODIDE_CDN,
        ("download", "colab", "binder"),
    )
    with pytest.raises(SettingsError, match="option 'notebooks': sub-option 'timeout': "):
        load_settings({"notebooks": {"timeout": 0}}, tmp_path, tmp_path / "docs")
    with pytest.raises(SettingsError, match="sub-option 'run': unknown option"):
        load_settings({"notebooks": {"run": True}}, tmp_path, tmp_path / "docs")


def test_self_hosted_pyodide_is_a_folder_in_the_site(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    options = {"notebooks": {"pyodide": "/assets/pyodide"}}
    settings = load_settings(options, tmp_path, tmp_path / "docs").notebooks
    assert (settings.pyodide.url, settings.pyodide_is_url) == ("assets/pyodide/", False)
    assert settings.pyodide.folder is None


def test_colab_and_binder_links_need_a_github_repo_and_a_path_in_it() -> None:
    links = launch_links(
        wanted=("download", "colab", "binder"),
        download="gd.ipynb",
        repo_url="https://github.com/mei/notes",
        branch="main",
        repo_path="notes/notebooks/Gradient descent.ipynb",
    )
    assert [link.url for link in links] == [
        "gd.ipynb",
        "https://colab.research.google.com/github/mei/notes/blob/main/notes/notebooks/Gradient%20descent.ipynb",
        "https://mybinder.org/v2/gh/mei/notes/main?labpath=notes%2Fnotebooks%2FGradient%20descent.ipynb",
    ]
    outside = launch_links(
        wanted=("download", "colab", "binder"),
        download="gd.ipynb",
        repo_url="https://github.com/mei/notes",
        branch="main",
        repo_path=None,
    )
    assert [link.kind for link in outside] == ["download"]
    assert repository("https://example.org/mei/notes") is None
    assert repository("https://gitlab.com/mei/notes") == ("gitlab", "mei/notes")


def test_cache_key_depends_on_code_and_kernel_only() -> None:
    base = [md("# Title"), code("x = 1")]
    prose = [md("# A new title, more words"), code("x = 1", stdout("old output"))]
    assert code_key(base, "python3") == code_key(prose, "python3")
    assert code_key(base, "python3") != code_key([md("# Title"), code("x = 2")], "python3")
    assert code_key(base, "python3") != code_key(base, "other")


def test_failures_name_the_cell_and_the_error() -> None:
    error = {"output_type": "error", "ename": "ZeroDivisionError", "evalue": "division by zero"}
    (failure,) = failures_in([md("# T"), code("1/0", error)])
    assert (failure.cell, failure.name, failure.message) == (
        2,
        "ZeroDivisionError",
        "division by zero",
    )
