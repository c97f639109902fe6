"""Parse a Jupyter notebook (``.ipynb``, nbformat 4) into a :class:`Note`.

A notebook is a note too: its Markdown cells hold links, tags and headings that
join the vault. The note's body is the notebook written as Markdown, so that
every layer after this one treats it like any other note:

- Markdown cells as they are;
- code cells as fenced ``python {.run}`` blocks (masked, so nothing in code is
  a link or a tag; runnable in the browser when embedded in a note);
- outputs as fenced ``text`` blocks and images as ``data:`` images.

Metadata comes, in increasing priority, from the notebook's ``metadata.title``,
its ``metadata.learnfolio`` mapping (``title``, ``aliases``, ``tags``, ``date``,
``publish``, ``private``, ``draft``, ``execute``) and a first raw cell holding
YAML frontmatter between ``---`` lines, as Quarto and Jupytext write it.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import yaml

from learnfolio.model.frontmatter import split_frontmatter
from learnfolio.model.note import Note, decode, parse_note
from learnfolio.model.notebook_repair import Fix, invalid_reason, repair_notebook
from learnfolio.slugs import heading_slug
from learnfolio.typeset.macros import NO_MACROS, Macros

IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")
"""Output types shown as images, in order of preference."""


def cell_text(source: Any) -> str:
    """A cell's ``source`` (a string or a list of lines) as one string."""
    if isinstance(source, list):
        return "".join(str(part) for part in source)
    return str(source or "")


def _fence(code: str, info: str) -> str:
    # A fence longer than any backtick run inside, so code can hold ``` itself.
    run, best = 0, 0
    for ch in code:
        run = run + 1 if ch == "`" else 0
        best = max(best, run)
    ticks = "`" * max(3, best + 1)
    return f"{ticks}{info}\n{code.rstrip(chr(10))}\n{ticks}"


def output_markdown(output: Mapping[str, Any]) -> str:
    """One code-cell output as Markdown: text in a ``text`` fence, images inline."""
    kind = output.get("output_type")
    if kind == "stream":
        text = cell_text(output.get("text"))
        return _fence(text, "text") if text.strip() else ""
    if kind == "error":
        return _fence(f"{output.get('ename', 'Error')}: {output.get('evalue', '')}", "text")
    if kind in ("execute_result", "display_data"):
        data = output.get("data") or {}
        for mime in IMAGE_TYPES:
            if mime in data:
                payload = cell_text(data[mime]).strip()
                if mime == "image/svg+xml":
                    payload = base64.b64encode(payload.encode("utf-8")).decode("ascii")
                return f"![output](data:{mime};base64,{payload.replace(chr(10), '')})"
        if "text/plain" in data:
            return _fence(cell_text(data["text/plain"]), "text")
    return ""


def notebook_markdown(cells: list[Mapping[str, Any]], *, outputs: bool = True) -> str:
    """The cells of a notebook written as one Markdown text (see the module docstring)."""
    parts: list[str] = []
    for cell in cells:
        text = cell_text(cell.get("source"))
        kind = cell.get("cell_type")
        if kind == "markdown":
            parts.append(text.strip("\n"))
        elif kind == "code" and text.strip():
            parts.append(_fence(text, "python {.run}"))
            if outputs:
                shown = [output_markdown(o) for o in cell.get("outputs") or []]
                parts.extend(s for s in shown if s)
    return "\n\n".join(p for p in parts if p.strip()) + "\n"


Problem = tuple[int, str]
"""``(line, message)``, as in :attr:`Note.problems`."""


def load_notebook(text: str) -> tuple[dict[str, Any], list[Fix], Problem | None]:
    """Read notebook JSON as it will be converted: ``(notebook, fixes, problem)``; nothing raises.

    The notebook comes repaired (see :mod:`learnfolio.model.notebook_repair`),
    with ``fixes`` saying what changed. ``problem`` says why a file is not a
    notebook that can be shown (with the JSON line when known); the notebook
    is then empty and the file is left out.
    """
    try:
        raw = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError as exc:
        return (
            {},
            [],
            (exc.lineno, f"not a valid notebook ({exc.msg}); open and save it in Jupyter."),
        )
    if isinstance(raw, dict) and "worksheets" in raw:
        return {}, [], (1, "nbformat 3 is not supported; open and save it in Jupyter to upgrade.")
    if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list):
        return {}, [], (1, "not a Jupyter notebook (no list of cells).")
    version = raw.setdefault("nbformat", 4)
    if version != 4:
        return {}, [], (1, f"nbformat {version!r} is not supported (only nbformat 4 is).")
    fixes = repair_notebook(raw)
    invalid = invalid_reason(raw)
    if invalid is not None:
        cell, message = invalid
        lines = cell_lines(text)
        line = lines[cell - 1] if 0 < cell <= len(lines) else 1
        return {}, fixes, (line, f"{message}; open and save it in Jupyter.")
    return raw, fixes, None


def read_cells(data: bytes | str) -> tuple[dict[str, Any], list[dict[str, Any]], Problem | None]:
    """Read notebook JSON into ``(metadata, cells, problem)``; nothing raises.

    ``problem`` says what is wrong with a file that is not a readable nbformat 4
    notebook (with the JSON line when known); metadata and cells are then empty.
    """
    text = decode(data)[0] if isinstance(data, bytes) else data
    raw, _, problem = load_notebook(text)
    if problem is not None:
        return {}, [], problem
    return raw["metadata"], raw["cells"], None


def cell_lines(text: str) -> list[int]:
    """The 1-based line of the JSON text where each cell of ``"cells"`` opens, in order.

    Messages name a notebook's cell by its number and point at this line, where
    an editor opening the ``.ipynb`` file shows the cell. ``text`` must be valid
    JSON (as :func:`read_cells` accepted it); the JSON parser gives no offsets,
    so this walks the text once, skipping strings.
    """
    lines: list[int] = []
    depth, line, key, i = 0, 1, "", 0
    in_cells = -1  # the depth inside the top-level "cells" array, once there
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            end = i + 1
            while text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            if depth == 1:
                key = text[i + 1 : end]  # a key or a value of the top-level object
            line += text.count("\n", i, end)
            i = end + 1
            continue
        if ch == "\n":
            line += 1
        elif ch in "{[":
            depth += 1
            if ch == "[" and depth == 2 and key == "cells":
                in_cells = depth
            elif ch == "{" and depth == in_cells + 1:
                lines.append(line)
        elif ch in "}]":
            if depth == in_cells:
                in_cells = -1
            depth -= 1
        i += 1
    return lines


def notebook_meta(
    meta: Mapping[str, Any], cells: list[dict[str, Any]]
) -> tuple[dict[str, Any], int, str | None]:
    """The note metadata of a notebook, how many leading cells held frontmatter, and
    why a first raw cell that opens as frontmatter could not be read (else ``None``)."""
    found: dict[str, Any] = {}
    if isinstance(meta.get("title"), str) and meta["title"].strip():
        found["title"] = meta["title"]
    own = meta.get("learnfolio")
    if isinstance(own, dict):
        found.update({str(k): v for k, v in own.items()})
    skip = 0
    if cells and cells[0].get("cell_type") == "raw":
        front = split_frontmatter(cell_text(cells[0].get("source")).replace("\r\n", "\n"))
        if front.error is not None:
            return found, 1, front.error.split(": ", 1)[1]
        if front.meta and not front.body.strip():
            found.update(front.meta)
            skip = 1
    return found, skip, None


def parse_notebook(
    path: str,
    data: bytes | str,
    *,
    slug: Callable[[str], str] = heading_slug,
    macros: Macros = NO_MACROS,
) -> Note:
    """Parse the notebook at source-relative ``path`` into a :class:`Note`.

    Links and problems in the note are located by cell: :meth:`Note.cell_at`
    gives the 1-based cell number of a line of the note's text.
    """
    text = decode(data)[0] if isinstance(data, bytes) else data
    raw, fixes, problem = load_notebook(text)
    meta, cells = (raw["metadata"], raw["cells"]) if problem is None else ({}, [])
    found_meta, skip, unreadable = notebook_meta(meta, cells)
    if unreadable is not None and problem is None:
        # Whether the notebook is private cannot be read: it is not published.
        problem = (cell_lines(text)[0], f"cell 1: {unreadable}.")
    front = ""
    if found_meta:
        dumped = yaml.safe_dump(
            found_meta, allow_unicode=True, sort_keys=False, default_flow_style=False
        )
        front = f"---\n{dumped}---\n"
    body_start_line = front.count("\n") + 1
    file_lines = cell_lines(text) if problem is None else []
    starts: list[tuple[int, int, int]] = []
    parts: list[str] = []
    line = body_start_line
    for number, cell in enumerate(cells, start=1):
        if number <= skip:
            continue
        chunk = notebook_markdown([cell]).strip("\n")
        if not chunk.strip():
            continue
        at = file_lines[number - 1] if number <= len(file_lines) else 1
        starts.append((line, number, at))
        parts.append(chunk)
        line += chunk.count("\n") + 2
    body = "\n\n".join(parts) + ("\n" if parts else "")
    note = parse_note(path, front + body, slug=slug, macros=macros)
    if problem is not None:
        # What the file says about privacy cannot be read, and mkdocs-jupyter
        # would abort the whole build on it: the notebook stays out.
        line, message = problem
        left_out = (line, f"{message} The notebook is left out of the site.")
        return replace(note, cells=(), problems=(left_out,), visibility="private")
    # A fix names its cell; the message points at the line where the cell opens.
    warnings = tuple(
        (file_lines[fix.cell - 1] if 0 < fix.cell <= len(file_lines) else 0, fix.message)
        for fix in fixes
    )
    # The frontmatter was made from the notebook's metadata: its lines are not the file's.
    own = tuple((1, message) for _, message in note.warnings)
    return replace(note, cells=tuple(starts), warnings=own + warnings)


def at_source_lines(note: Note, source: bytes) -> Note:
    """``note``, parsed from a copy of a notebook, with cells located in ``source``.

    A build reads a notebook from its copy in the cache (executed, or repaired),
    laid out by learnfolio; messages must point at the lines of the author's
    file. The copy has the source's cells in the same order.
    """
    text = decode(source)[0]
    try:
        json.loads(text)  # cell_lines needs valid JSON; nothing more is checked again
    except ValueError:
        return note
    lines = cell_lines(text)
    cells = tuple(
        (first, number, lines[number - 1] if number <= len(lines) else at)
        for first, number, at in note.cells
    )
    return replace(note, cells=cells)
