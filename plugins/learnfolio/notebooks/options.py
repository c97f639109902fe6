"""The ``notebooks`` option of learnfolio: execution, in-browser running, launch buttons.

Read and checked without MkDocs, like every other option (see
:mod:`learnfolio.settings`), so ``learnfolio check`` refuses the same values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PYODIDE_VERSION = "314.0.7"
"""The Pyodide release the default CDN URL points to (and the tests self-host)."""

PYODIDE_CDN = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
"""Where Pyodide is loaded from by default: the public CDN, which has numpy and matplotlib."""

LAUNCHERS = ("download", "colab", "binder")
"""The launch buttons a notebook page can show."""


class NotebookOptionError(ValueError):
    """A value under ``notebooks`` is wrong; the message names the option."""


@dataclass(frozen=True)
class NotebookSettings:
    """Everything under ``plugins.learnfolio.notebooks``, checked, defaults filled in."""

    execute: bool = False
    """Run notebooks at build time (a notebook opts out with ``learnfolio: {execute: false}``)."""
    timeout: int = 120
    """Seconds a cell may run at build time before it is stopped and reported."""
    kernel: str = "python3"
    """The Jupyter kernel that runs notebooks at build time."""
    run_in_browser: bool = True
    """Give code cells a Run button that runs them with Pyodide in the reader's browser."""
    pyodide: str = PYODIDE_CDN
    """Pyodide's folder: a URL, or a path inside the site such as ``assets/pyodide/``."""
    branch: str = "main"
    """The repository branch Colab and Binder open notebooks from."""
    launch: tuple[str, ...] = LAUNCHERS
    """The launch buttons to show on notebook pages, when they can work."""

    @property
    def pyodide_is_url(self) -> bool:
        """True when Pyodide comes from another server, False when the site hosts it."""
        return self.pyodide.startswith(("http://", "https://", "//"))


_KNOWN = {"execute", "timeout", "kernel", "run_in_browser", "pyodide", "branch", "launch"}


def load_notebook_settings(raw: Any, option: str) -> NotebookSettings:
    """Check the ``notebooks`` mapping of ``mkdocs.yml``; ``option`` names it in errors."""
    if raw is None:
        return NotebookSettings()
    if not isinstance(raw, Mapping):
        raise NotebookOptionError(f"{option}: expected a mapping of options, got {raw!r}.")
    unknown = sorted(set(raw) - _KNOWN)
    if unknown:
        raise NotebookOptionError(
            f"{option}: unknown option '{unknown[0]}'. Known options: {', '.join(sorted(_KNOWN))}."
        )
    for flag in ("execute", "run_in_browser"):
        if flag in raw and not isinstance(raw[flag], bool):
            raise NotebookOptionError(f"{option}.{flag}: expected true or false.")
    timeout = raw.get("timeout", 120)
    if not isinstance(timeout, int) or isinstance(timeout, bool) or timeout < 1:
        raise NotebookOptionError(f"{option}.timeout: expected a number of seconds, at least 1.")
    for name in ("kernel", "pyodide", "branch"):
        if name in raw and (not isinstance(raw[name], str) or not raw[name].strip()):
            raise NotebookOptionError(f"{option}.{name}: expected a non-empty string.")
    pyodide = str(raw.get("pyodide", PYODIDE_CDN)).strip()
    if not pyodide.endswith("/"):
        pyodide += "/"  # a folder: pyodide.js and its files are found inside
    launch = raw.get("launch", list(LAUNCHERS))
    if launch is False:
        launch = []
    if not isinstance(launch, list) or any(item not in LAUNCHERS for item in launch):
        raise NotebookOptionError(
            f"{option}.launch: expected a list of {', '.join(LAUNCHERS)} or false, got {launch!r}."
        )
    return NotebookSettings(
        execute=bool(raw.get("execute", False)),
        timeout=timeout,
        kernel=str(raw.get("kernel", "python3")).strip(),
        run_in_browser=bool(raw.get("run_in_browser", True)),
        pyodide=pyodide if pyodide.startswith(("http", "//")) else pyodide.lstrip("/"),
        branch=str(raw.get("branch", "main")).strip(),
        launch=tuple(launch),
    )
