"""Run notebooks at build time with a Jupyter kernel, once per version of their code.

Outputs are cached by a key made of the kernel name and the code cells' sources
only, so an edit to a Markdown cell never re-runs a notebook: the new prose is
combined with the cached outputs. Only a run where every cell passed is cached
(cells tagged ``raises-exception`` may raise): after a failure, the next build
runs the notebook again, so installing a missing package is enough. The source
notebook is never written; the executed copy goes to a folder of the cache, and
the site reads it from there.

nbclient does the running (it is what ``jupyter nbconvert --execute`` uses);
learnfolio adds the cache, the per-cell progress and the error report.
"""

from __future__ import annotations

import copy
import hashlib
import json
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from learnfolio.model.notebook import cell_text

CACHE_FORMAT = 2
"""Bumped when the cache's layout or meaning changes, so old entries are ignored.

2: only runs where every cell passed are stored (1 stored failed runs too, so a
``ModuleNotFoundError`` stayed after the package was installed)."""


@dataclass(frozen=True)
class CellFailure:
    """A cell that raised, or could not finish, at build time."""

    cell: int
    """1-based position of the cell in the notebook (Markdown cells count)."""
    name: str
    """The exception's name: ``ZeroDivisionError``, ``TimeoutError``..."""
    message: str
    """The exception's message."""


@dataclass(frozen=True)
class Execution:
    """What running (or not running) one notebook gave."""

    path: Path
    """The executed copy in the cache: the notebook with fresh outputs."""
    failures: tuple[CellFailure, ...]
    """Cells that raised or timed out, in order."""
    executed_cells: int
    """Cells run by a kernel for this build: 0 when the cache had the outputs."""
    lost_outputs: tuple[int, ...] = ()
    """1-based cells that came back from a failed run with fewer outputs than the
    notebook had saved: the page shows less than the notebook does."""


def code_key(cells: list[dict[str, Any]], kernel: str) -> str:
    """The cache key of a notebook: its kernel and the sources of its code cells."""
    hasher = hashlib.sha256(f"learnfolio-{CACHE_FORMAT}\0{kernel}\0".encode())
    for cell in cells:
        if cell.get("cell_type") == "code":
            hasher.update(cell_text(cell.get("source")).encode("utf-8") + b"\0\1")
    return hasher.hexdigest()


EXPECTED_ERROR_TAG = "raises-exception"
"""A cell tagged so is meant to raise (as in Jupyter and nbclient): not a failure."""


def failures_in(cells: list[dict[str, Any]]) -> list[CellFailure]:
    """The cells whose outputs hold an error they were not tagged to raise, in order."""
    found = []
    for number, cell in enumerate(cells, start=1):
        tags = (cell.get("metadata") or {}).get("tags") or []
        if EXPECTED_ERROR_TAG in tags:
            continue
        for output in cell.get("outputs") or []:
            if output.get("output_type") == "error":
                found.append(
                    CellFailure(number, str(output.get("ename")), str(output.get("evalue")))
                )
    return found


class NotebookRunner:
    """Execute notebooks into a cache folder, counting every cell a kernel runs."""

    def __init__(
        self,
        cache_dir: Path,
        *,
        kernel: str,
        timeout: int,
        progress: Callable[[str], None] = lambda message: None,
    ) -> None:
        self.outputs_dir = cache_dir / "notebooks" / "outputs"
        self.copies_dir = cache_dir / "notebooks" / "pages"
        self.kernel = kernel
        self.timeout = timeout
        self.progress = progress
        self.executed_cells = 0
        """Cells run by a kernel since this runner was made (one runner per build)."""
        self.executed_notebooks = 0
        """Notebooks that needed a kernel since this runner was made."""

    def run(self, notebook: dict[str, Any], folder: Path, dest: str, label: str) -> Execution:
        """Give ``notebook`` fresh outputs, from the cache or a kernel.

        ``notebook`` is the notebook's JSON as :func:`~learnfolio.model.notebook.load_notebook`
        gives it (repaired); it is changed in place. ``folder`` is where it
        runs (the source's folder, so relative paths in its code work);
        ``dest`` is its site path (the executed copy is stored under it, so its
        file name stays the notebook's); ``label`` names it in progress messages.
        """
        cells: list[dict[str, Any]] = notebook.get("cells", [])
        key = code_key(cells, self.kernel)
        stored = self.outputs_dir / f"{key}.json"
        executed = 0
        lost: tuple[int, ...] = ()
        cached = _read_json(stored)
        if cached is not None and len(cached.get("cells", [])) == _count_code(cells):
            _apply_outputs(cells, cached["cells"])
            infra: list[CellFailure] = []
        else:
            saved = [_shown(cell) for cell in cells]
            ran = copy.deepcopy(notebook)
            executed, infra = self._execute(ran, folder, label)
            # Only the outputs are taken, as from the cache: the copy is the same
            # file whether this build ran the notebook or a later one reused it
            # (nbclient also writes run times into cell metadata).
            _apply_outputs(cells, _outputs_of(ran.get("cells", [])))
            failures = failures_in(cells) + infra
            lost = _fewer_outputs(saved, cells) if failures else ()
            # Only a run where every cell passed is final: after a failure (a
            # missing package, a timeout, a dead kernel) the next build runs again.
            if not failures:
                stored.parent.mkdir(parents=True, exist_ok=True)
                write_if_changed(stored, json.dumps({"cells": _outputs_of(cells)}))
        written = self.copies_dir / dest
        write_if_changed(written, json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")
        failures = failures_in(cells) + infra
        return Execution(written, tuple(sorted(failures, key=lambda f: f.cell)), executed, lost)

    def _execute(
        self, notebook: dict[str, Any], folder: Path, label: str
    ) -> tuple[int, list[CellFailure]]:
        # Imported here: only a build that really runs a notebook pays for it.
        import nbformat
        from jupyter_client.kernelspec import NoSuchKernel
        from nbclient import NotebookClient
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        with warnings.catch_warnings():
            # Cells without ids are old nbformat 4.4 style: fine to run as they are.
            warnings.simplefilter("ignore")
            node = nbformat.reads(json.dumps(notebook), as_version=4)  # type: ignore[no-untyped-call]
        code = _count_code(notebook.get("cells", []))
        done = 0
        started = time.monotonic()
        self.progress(f"{label}: running {code} code cell(s) with kernel '{self.kernel}'")

        def on_cell_executed(cell: Any, cell_index: int, execute_reply: Any) -> None:
            nonlocal done
            done += 1
            self.executed_cells += 1
            elapsed = time.monotonic() - started
            self.progress(f"{label}: cell {cell_index + 1} done ({done}/{code}, {elapsed:.1f} s)")

        client = NotebookClient(
            node,
            timeout=self.timeout,
            kernel_name=self.kernel,
            allow_errors=True,
            resources={"metadata": {"path": str(folder)}},
            on_cell_executed=on_cell_executed,
            # The kernel's own warnings (such as "running over TCP") are not the
            # author's business; errors still show.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
            shutdown_kernel="immediate",
        )
        self.executed_notebooks += 1
        problems: list[CellFailure] = []
        try:
            client.execute()
        except CellTimeoutError:
            at = _first_unfinished(node) or 1
            problems.append(
                CellFailure(
                    at,
                    "TimeoutError",
                    f"the cell did not finish within {self.timeout} s; raise "
                    "notebooks.timeout or make the cell faster",
                )
            )
        except DeadKernelError as exc:
            problems.append(CellFailure(_first_unfinished(node) or 1, "DeadKernelError", str(exc)))
        except NoSuchKernel:
            problems.append(
                CellFailure(
                    1,
                    "NoSuchKernel",
                    f"no Jupyter kernel named '{self.kernel}'; install ipykernel or set "
                    "notebooks.kernel (or turn notebooks.execute off)",
                )
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            notebook.clear()
            notebook.update(json.loads(nbformat.writes(node)))  # type: ignore[no-untyped-call]
        self.progress(f"{label}: done in {time.monotonic() - started:.1f} s")
        return done, problems


def _shown(cell: dict[str, Any]) -> int:
    """How many outputs of ``cell`` are results rather than errors."""
    return sum(1 for o in cell.get("outputs") or [] if o.get("output_type") != "error")


def _fewer_outputs(saved: list[int], cells: list[dict[str, Any]]) -> tuple[int, ...]:
    """The 1-based cells that show fewer results now than the ``saved`` counts."""
    return tuple(
        number
        for number, (before, cell) in enumerate(zip(saved, cells, strict=False), start=1)
        if cell.get("cell_type") == "code" and _shown(cell) < before
    )


def _count_code(cells: list[dict[str, Any]]) -> int:
    return sum(1 for cell in cells if cell.get("cell_type") == "code")


def _outputs_of(cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"outputs": cell.get("outputs", []), "execution_count": cell.get("execution_count")}
        for cell in cells
        if cell.get("cell_type") == "code"
    ]


def _apply_outputs(cells: list[dict[str, Any]], stored: list[dict[str, Any]]) -> None:
    code_cells = [cell for cell in cells if cell.get("cell_type") == "code"]
    for cell, saved in zip(code_cells, stored, strict=True):
        cell["outputs"] = saved.get("outputs", [])
        cell["execution_count"] = saved.get("execution_count")


def _first_unfinished(node: Any) -> int | None:
    # nbclient clears a cell's outputs as it starts it: the last code cell with
    # an execution count is the one that was running.
    last = None
    for number, cell in enumerate(node.cells, start=1):
        if cell.cell_type == "code" and cell.get("execution_count"):
            last = number
    return last


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` unless it already holds exactly that."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # An unchanged file keeps its mtime, so later caches keyed on it stay warm.
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.write_text(text, encoding="utf-8")
