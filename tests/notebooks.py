"""Write Jupyter notebooks inline in tests: ``notebook(md("# Title"), code("x = 1"))``."""

from __future__ import annotations

import json
from typing import Any

Cell = dict[str, Any]


def md(text: str) -> Cell:
    """A Markdown cell."""
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def code(text: str, *outputs: dict[str, Any]) -> Cell:
    """A code cell, with outputs as saved by Jupyter if given."""
    return {
        "cell_type": "code",
        "metadata": {},
        "execution_count": None,
        "outputs": list(outputs),
        "source": text,
    }


def raw(text: str) -> Cell:
    """A raw cell (used for YAML frontmatter)."""
    return {"cell_type": "raw", "metadata": {}, "source": text}


def stdout(text: str) -> dict[str, Any]:
    """A saved ``print`` output."""
    return {"output_type": "stream", "name": "stdout", "text": text}


def notebook(*cells: Cell, metadata: dict[str, Any] | None = None) -> str:
    """An nbformat 4 notebook holding ``cells``, as JSON text laid out as Jupyter saves it."""
    meta = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        **(metadata or {}),
    }
    body = {"cells": list(cells), "metadata": meta, "nbformat": 4, "nbformat_minor": 4}
    return json.dumps(body, indent=1)


def cell_line(text: str, number: int) -> int:
    """The line where cell ``number`` (1-based) opens in :func:`notebook`'s layout."""
    return [n for n, line in enumerate(text.splitlines(), 1) if line == "  {"][number - 1]


JUPYTER: dict[str, Any] = {"mkdocs-jupyter": {"include": ["*.ipynb"], "cache": False}}
"""mkdocs-jupyter as the tests list it (its own cache would write into the working folder)."""

PLUGINS: list[Any] = ["search", "tags", JUPYTER]
"""The plugins of a test site with notebooks."""
