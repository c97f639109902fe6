"""Make a notebook that Jupyter opens into one nbconvert (and so mkdocs-jupyter) converts.

Real notebooks carry what older or other tools wrote: widget metadata in the
``{"state": ..., "version": ...}`` form of nbformat 4.0-era Jupyter, which
nbconvert's HTML template indexes as if it were today's form and raises on;
outputs missing a required field; a ``source`` that is a number. nbconvert
validates the whole notebook and gives up on the first such thing, with a
traceback that names no file, and the whole site build stops.

:func:`repair_notebook` changes, in place, only what would make that happen,
and says what it changed, so the page is shown without it and the author is
told. :func:`invalid_reason` then says whether what is left is still not a
notebook nbconvert reads (the notebook is then left out of the site). Both
work on the notebook's JSON as a dict, never on the file: a build writes its
repaired copy into the cache, and the source is never written.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
"""The key of today's widget state in a notebook's ``metadata.widgets``."""
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
"""The output type of a widget shown by a cell."""

_CELL_TYPES = ("markdown", "code", "raw")
_TEXT_TYPES = ("text/plain", "text/markdown", "text/html", "text/latex")


@dataclass(frozen=True)
class Fix:
    """One thing changed in a notebook so that it converts."""

    cell: int
    """1-based cell the fix is in; 0 for the notebook's own metadata."""
    message: str
    """What was wrong and what the page shows instead."""


def _is_text(value: Any) -> bool:
    """A string, or a list of strings: how nbformat stores multi-line text."""
    return isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(part, str) for part in value)
    )


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return "".join(str(part) for part in value)
    return "" if value is None else str(value)


def repair_notebook(raw: dict[str, Any]) -> list[Fix]:
    """Fix, in place, what stops nbconvert from converting the notebook ``raw``.

    ``raw`` is nbformat 4 JSON with a list of cells (see
    :func:`learnfolio.model.notebook.read_cells`). Cells that are not objects
    are dropped, so cell numbers in the returned fixes count objects only, as
    everywhere else.
    """
    fixes: list[Fix] = []
    if not isinstance(raw.get("nbformat_minor"), int):
        raw["nbformat_minor"] = 4  # the last minor version without required cell ids
    if not isinstance(raw.get("metadata"), dict):
        if "metadata" in raw:
            fixes.append(Fix(0, "its metadata is not a mapping; it is ignored."))
        raw["metadata"] = {}
    _repair_metadata(raw["metadata"], fixes)
    cells = [cell for cell in raw.get("cells", []) if isinstance(cell, dict)]
    raw["cells"] = cells
    minor = raw["nbformat_minor"]
    for number, cell in enumerate(cells, start=1):
        _repair_cell(number, cell, fixes, needs_id=minor >= 5)
    return fixes


def _repair_metadata(meta: dict[str, Any], fixes: list[Fix]) -> None:
    # nbconvert's output filter reads metadata.widgets[WIDGET_STATE]["state"]
    # whenever "widgets" is there at all: the old form raises a KeyError.
    widgets = meta.get("widgets")
    if "widgets" in meta and not _is_widget_state(widgets):
        del meta["widgets"]
        old = isinstance(widgets, dict) and "state" in widgets
        form = "old-style (nbformat 4.0-era)" if old else "unreadable"
        fixes.append(
            Fix(
                0,
                f"its {form} widget metadata is dropped; interactive widgets show as "
                "their text. Open and save the notebook in a current Jupyter to keep them.",
            )
        )
    # mkdocs-jupyter reads kernelspec.language, and the schema wants these named.
    for key, required in (("kernelspec", ("name", "display_name")), ("language_info", ("name",))):
        value = meta.get(key)
        if key in meta and not (
            isinstance(value, dict) and all(isinstance(value.get(k), str) for k in required)
        ):
            del meta[key]
            fixes.append(Fix(0, f"its metadata '{key}' is not in nbformat's form; it is ignored."))


def _is_widget_state(widgets: Any) -> bool:
    if not isinstance(widgets, dict):
        return False
    state = widgets.get(WIDGET_STATE)
    return isinstance(state, dict) and isinstance(state.get("state"), dict)


def _repair_cell(number: int, cell: dict[str, Any], fixes: list[Fix], *, needs_id: bool) -> None:
    kind = cell.get("cell_type")
    if kind not in _CELL_TYPES:
        fixes.append(
            Fix(number, f"cell {number} has an unknown type {kind!r}; it is shown as raw text.")
        )
        for key in ("outputs", "execution_count", "attachments"):
            cell.pop(key, None)
        cell["cell_type"] = kind = "raw"
    if not _is_text(cell.get("source")):
        if "source" in cell:
            fixes.append(Fix(number, f"cell {number}'s source is not text; it is shown as text."))
        cell["source"] = _as_text(cell.get("source"))
    if not isinstance(cell.get("metadata"), dict):
        cell["metadata"] = {}
    tags = cell["metadata"].get("tags")
    if "tags" in cell["metadata"] and not (
        isinstance(tags, list) and all(isinstance(t, str) for t in tags)
    ):
        del cell["metadata"]["tags"]
        fixes.append(Fix(number, f"cell {number}'s tags are not a list of names; ignored."))
    if needs_id and not isinstance(cell.get("id"), str):
        cell["id"] = f"cell-{number}"
    if kind != "code":
        attachments = cell.get("attachments")
        if "attachments" in cell and not _are_attachments(attachments):
            del cell["attachments"]
            fixes.append(
                Fix(number, f"cell {number}'s attachments are unreadable; they are not shown.")
            )
        if kind == "markdown":
            _drop_missing_attachments(number, cell, fixes)
        return
    if not isinstance(cell.get("outputs"), list):
        cell["outputs"] = []
    count = cell.get("execution_count")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool)):
        cell["execution_count"] = None
    cell.setdefault("execution_count", None)
    repaired = []
    for place, output in enumerate(cell["outputs"], start=1):
        fixed, why = _repair_output(output)
        if why:
            shown = "shown as text" if fixed is not None else "not shown"
            fixes.append(Fix(number, f"cell {number}'s output {place} {why}; it is {shown}."))
        if fixed is not None:
            repaired.append(fixed)
    cell["outputs"] = repaired


def _drop_missing_attachments(number: int, cell: dict[str, Any], fixes: list[Fix]) -> None:
    # nbconvert raises on an image of a cell's attachments that the cell does not hold.
    held = cell.get("attachments") or {}

    def alt_text(found: re.Match[str]) -> str:
        if found["name"] in held:
            return found[0]
        fixes.append(
            Fix(
                number,
                f"cell {number} shows the attachment '{found['name']}', which it does not "
                "hold; its alt text is shown instead.",
            )
        )
        return found["alt"]

    cell["source"] = _ATTACHMENT_IMAGE.sub(alt_text, _as_text(cell["source"]))


_ATTACHMENT_IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\(attachment:(?P<name>[^)\s]+)\)")


def _are_attachments(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(bundle, dict) and all(_is_text(data) for data in bundle.values())
        for bundle in value.values()
    )


def _repair_output(output: Any) -> tuple[dict[str, Any] | None, str]:
    """``(output to keep or None, why it changed or "")``."""
    if not isinstance(output, dict):
        return None, "is not an output"
    kind = output.get("output_type")
    if kind == "stream":
        if _is_text(output.get("text")) and isinstance(output.get("name"), str):
            return output, ""
        return _as_stream(_as_text(output.get("text"))), "is not a readable stream"
    if kind == "error":
        if all(isinstance(output.get(k), str) for k in ("ename", "evalue")) and _is_text(
            output.get("traceback")
        ):
            return output, ""
        text = f"{_as_text(output.get('ename'))}: {_as_text(output.get('evalue'))}"
        return _as_stream(text), "is an error without its name, message or traceback"
    if kind in ("display_data", "execute_result"):
        return _repair_rich(kind, output)
    return _fallback(output), f"has an unknown type {kind!r}"


def _repair_rich(kind: str, output: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    data = output.get("data")
    if not isinstance(data, dict):
        return _fallback(output), "has no data"
    why = ""
    view = data.get(WIDGET_VIEW)
    # nbconvert looks up view["model_id"] in the widget state.
    has_model = isinstance(view, dict) and isinstance(view.get("model_id"), str)
    if WIDGET_VIEW in data and not has_model:
        del data[WIDGET_VIEW]
        why = "is a widget without a model id"
    bad = [mime for mime, value in data.items() if not _is_text(value) and "json" not in mime]
    for mime in bad:
        del data[mime]
    if bad:
        why = f"holds data that is not text ({', '.join(bad)})"
    if not isinstance(output.get("metadata"), dict):
        output["metadata"] = {}
    if kind == "execute_result":
        count = output.get("execution_count")
        if not isinstance(count, int) or isinstance(count, bool):
            output["execution_count"] = None
    if not data:
        return None, why or "is empty"
    return output, why


def _fallback(output: dict[str, Any]) -> dict[str, Any] | None:
    """A stream holding whatever text ``output`` has, or ``None`` when it has none."""
    data = output.get("data")
    if isinstance(data, dict):
        for mime in _TEXT_TYPES:
            if _is_text(data.get(mime)):
                return _as_stream(_as_text(data[mime]))
    for key in ("text", "evalue"):
        if _is_text(output.get(key)):
            return _as_stream(_as_text(output[key]))
    return None


def _as_stream(text: str) -> dict[str, Any] | None:
    if not text.strip():
        return None
    return {"output_type": "stream", "name": "stdout", "text": text}


def outputs_as_text(raw: dict[str, Any]) -> dict[str, Any]:
    """A copy of the notebook ``raw`` whose outputs are all plain text (for a last try)."""
    plain = copy.deepcopy(raw)
    plain["metadata"].pop("widgets", None)
    for cell in plain["cells"]:
        if cell.get("cell_type") == "code":
            texts = (_fallback(o) for o in cell.get("outputs") or [] if isinstance(o, dict))
            cell["outputs"] = [text for text in texts if text is not None]
    return plain


def invalid_reason(raw: dict[str, Any]) -> tuple[int, str] | None:
    """``(cell or 0, message)`` when ``raw`` is still not a notebook nbconvert accepts.

    Checked as nbconvert checks it: against nbformat's schema for the
    notebook's version, extra fields allowed.
    """
    # Imported here: the schema is only needed for notebooks, and loads in 0.1 s.
    from nbformat.validator import get_validator

    minor = raw.get("nbformat_minor")
    validator = get_validator(  # type: ignore[no-untyped-call]
        version=4,
        version_minor=minor if isinstance(minor, int) else 4,
        relax_add_props=True,
        name="jsonschema",
    )
    if validator is None:
        return None
    from jsonschema.exceptions import best_match  # type: ignore[import-untyped]

    # The deepest error of the first failing part: "cells/3/execution_count", not the cell.
    error = best_match(validator.iter_errors(raw))
    if error is None:
        return None
    while error.context:  # "valid under none of" code, markdown or raw cell: say what failed
        # A wrong cell or output type only says which kind this is not.
        kinds = ("cell_type", "output_type")
        said = [e for e in error.context if e.relative_path and e.relative_path[-1] not in kinds]
        error = max(said or error.context, key=lambda sub: len(sub.absolute_path))
    where = list(error.absolute_path)
    cell = where[1] + 1 if len(where) > 1 and where[0] == "cells" else 0
    field = "/".join(str(part) for part in where) or "the notebook"
    reason = error.message if len(error.message) <= 120 else error.message[:117] + "..."
    return cell, f"not a notebook nbconvert can read ({field}: {reason})"
