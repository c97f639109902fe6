"""Notebooks as real collections hold them: what nbconvert cannot convert is dropped and named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from learnfolio.cli import main
from learnfolio.model import parse_notebook
from learnfolio.model.notebook import load_notebook
from learnfolio.model.notebook_repair import WIDGET_VIEW, outputs_as_text
from tests.notebooks import cell_line, code, md, notebook, stdout

OLD_WIDGETS: dict[str, Any] = {
    "widgets": {"state": {"a65a": {"views": [{"cell_index": 1}]}}, "version": "1.2.0"}
}
"""Widget metadata as Jupyter wrote it in the nbformat 4.0 days."""


def widget_output(view: Any) -> dict[str, Any]:
    return {
        "output_type": "display_data",
        "data": {"text/plain": "IntSlider(value=3)", WIDGET_VIEW: view},
        "metadata": {},
    }


def convert(notebook_json: dict[str, Any], tmp_path: Path) -> str:
    """The notebook as mkdocs-jupyter's HTML (raises where a build would)."""
    from mkdocs_jupyter.convert import nb2html  # type: ignore[import-untyped]

    path = tmp_path / "converted.ipynb"
    path.write_text(json.dumps(notebook_json), encoding="utf-8")
    return str(nb2html(str(path)))


def test_old_widget_metadata_is_dropped_and_said(tmp_path: Path) -> None:
    text = notebook(md("# Sliders"), code("w", widget_output({"model_id": "a65a"})))
    legacy = json.loads(text)
    legacy["metadata"].update(OLD_WIDGETS)
    legacy["nbformat_minor"] = 0
    with pytest.raises(KeyError):
        convert(legacy, tmp_path)  # what stopped whole builds
    raw, fixes, problem = load_notebook(json.dumps(legacy, indent=1))
    assert problem is None and "widgets" not in raw["metadata"]
    assert [f.cell for f in fixes] == [0]
    assert "IntSlider(value=3)" in convert(raw, tmp_path)  # the widget shows as its text
    note = parse_notebook("w.ipynb", json.dumps(legacy, indent=1))
    ((line, message),) = note.warnings
    assert line == 0 and "old-style (nbformat 4.0-era) widget metadata is dropped" in message
    assert note.problems == () and note.visibility == "public"


@pytest.mark.parametrize(
    ("output", "said", "shown"),
    [
        (widget_output({"version_major": 2}), "widget without a model id", "IntSlider"),
        (widget_output("model-1"), "widget without a model id", "IntSlider"),
        ({"output_type": "stream", "name": "stdout", "text": 42}, "not a readable stream", "42"),
        ({"output_type": "display_data", "metadata": {}}, "has no data", None),
        ({"output_type": "weird", "text": "odd"}, "unknown type 'weird'", "odd"),
        ({"output_type": "error", "ename": "E", "evalue": "bad"}, "error without", "E: bad"),
        (
            {"output_type": "display_data", "data": {"image/png": 5, "text/plain": "fig"}},
            "not text (image/png)",
            "fig",
        ),
    ],
)
def test_an_output_nbconvert_rejects_is_shown_as_text_and_named(
    tmp_path: Path, output: dict[str, Any], said: str, shown: str | None
) -> None:
    text = notebook(md("# Outputs"), code("x", stdout("kept\n"), output))
    raw, fixes, problem = load_notebook(text)
    assert problem is None
    ((fix),) = fixes
    assert fix.cell == 2 and "output 2" in fix.message and said in fix.message
    html = convert(raw, tmp_path)
    assert "kept" in html
    assert shown is None or shown in html
    (line, _), *_ = parse_notebook("x.ipynb", text).warnings
    assert line == cell_line(text, 2)  # where the cell opens in the file


def test_odd_cells_convert_and_are_named(tmp_path: Path) -> None:
    cells = [
        md("# Odd"),
        {"cell_type": "fancy", "metadata": {}, "source": "unshown-cell"},
        {"cell_type": "markdown", "metadata": {"tags": "x"}, "source": 7},
        md("![plot](attachment:gone.png) after"),
        {"cell_type": "code", "metadata": [], "source": "1", "execution_count": "3"},
    ]
    text = json.dumps({"cells": cells, "metadata": {"kernelspec": "python3"}, "nbformat": 4})
    raw, fixes, problem = load_notebook(text)
    assert problem is None
    said = [(f.cell, f.message) for f in fixes]
    assert [cell for cell, _ in said] == [0, 2, 3, 3, 4]
    assert "kernelspec" in said[0][1] and "unknown type 'fancy'" in said[1][1]
    assert "alt text is shown" in said[4][1]
    html = convert(raw, tmp_path)
    assert "after" in html and "unshown-cell" in html  # as raw text


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (json.dumps({"cells": [], "nbformat": 5, "nbformat_minor": 0}), "nbformat 5"),
        (
            notebook(
                md("# A"), {**json.loads(notebook(code("1")))["cells"][0], "execution_count": -1}
            ),
            "cells/1/execution_count",
        ),
    ],
)
def test_what_cannot_be_repaired_is_left_out_on_its_line(text: str, said: str) -> None:
    note = parse_notebook("x.ipynb", text)
    ((line, message),) = note.problems
    assert said in message and "left out of the site" in message
    assert note.visibility == "private"
    if "cells/1" in said:
        assert line == cell_line(text, 2)


def test_outputs_as_text_keeps_only_text() -> None:
    raw, _, _ = load_notebook(notebook(code("x", stdout("a\n"), widget_output({"model_id": "m"}))))
    outputs = outputs_as_text(raw)["cells"][0]["outputs"]
    assert [o["text"] for o in outputs] == ["a\n", "IntSlider(value=3)"]
    assert all(o["output_type"] == "stream" for o in outputs)


def test_check_reports_what_the_build_would(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    legacy = json.loads(notebook(md("# Sliders"), code("w", widget_output("m"))))
    legacy["metadata"].update(OLD_WIDGETS)
    text = json.dumps(legacy, indent=1)
    (tmp_path / "notes").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "notes/Sliders.ipynb").write_text(text)
    (tmp_path / "notes/Future.ipynb").write_text('{"cells": [], "nbformat": 5}')
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\nplugins:\n  - learnfolio:\n      sources:\n"
        "        - {path: notes, name: Notes, mount: notes}\n"
    )
    code_ = main(["check", "-f", str(tmp_path / "mkdocs.yml")])
    lines = capsys.readouterr().out.splitlines()
    assert code_ == 1
    assert "notes/Future.ipynb:1: error: nbformat 5 is not supported" in "\n".join(lines)
    assert any(line.startswith("notes/Sliders.ipynb:1: warning: its old-style") for line in lines)
    assert any(
        line.startswith(f"notes/Sliders.ipynb:{cell_line(text, 2)}: warning: cell 2's output 1")
        for line in lines
    )
