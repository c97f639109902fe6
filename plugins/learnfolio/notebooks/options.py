"""The ``notebooks`` option of learnfolio: execution, in-browser running, launch buttons.

Declared like every other option (see :mod:`learnfolio.options`): one field
each, checked by MkDocs in a build and in ``learnfolio check`` alike.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from learnfolio.options import (
    BaseConfigOption,
    Flag,
    Text,
    ValidationError,
    Whole,
    absolute,
    config_dir_of,
    option,
)

PYODIDE_VERSION = "314.0.7"
"""The Pyodide release the default CDN URL points to (and the tests self-host)."""

PYODIDE_CDN = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"  # pyodide_cdn()
"""Where Pyodide is loaded from by default: the public CDN, which has numpy and matplotlib."""

LOCAL_PYODIDE = f".cache/pyodide/{PYODIDE_VERSION}"
"""Where ``pyodide: local`` looks, beside ``mkdocs.yml``: where ``make pyodide`` unpacks it."""

SITE_PYODIDE = "learnfolio/pyodide/"
"""Where learnfolio copies a local Pyodide in the site."""

LAUNCHERS = ("download", "colab", "binder")
"""The launch buttons a notebook page can show."""


class Launchers(BaseConfigOption[tuple[str, ...]]):
    """The ``launch`` option: a list of launch buttons, or ``false`` for none."""

    def __init__(self) -> None:
        super().__init__()
        self.default = list(LAUNCHERS)

    def run_validation(self, value: object) -> tuple[str, ...]:
        """Accept ``false`` and lists of known buttons."""
        if value is None:
            return LAUNCHERS
        if value is False:
            return ()
        if not isinstance(value, list) or any(item not in LAUNCHERS for item in value):
            raise ValidationError(
                f"expected a list of {', '.join(LAUNCHERS)} or false, got {value!r}."
            )
        return tuple(value)


def pyodide_cdn(version: str) -> str:
    """The public CDN's folder of Pyodide ``version``: the full distribution, every package."""
    return f"https://cdn.jsdelivr.net/pyodide/v{version}/full/"


@dataclass(frozen=True)
class PyodideSource:
    """Where the Run buttons load Pyodide from, and what learnfolio copies into the site."""

    url: str
    """A URL, or a folder of the site (``learnfolio/pyodide/``), ending in ``/``."""
    folder: Path | None = None
    """An unpacked npm ``pyodide`` package that learnfolio copies to ``url`` in the site."""
    packages: str | None = None
    """Where packages the folder lacks (numpy, matplotlib...) come from: its release's CDN."""
    missing: Path | None = None
    """``local`` was asked for but nothing is here yet, so the CDN is used: say so."""

    @property
    def is_url(self) -> bool:
        """True when Pyodide comes from another server, False when the site hosts it."""
        return self.url.startswith(("http://", "https://", "//"))


class PyodideLocation(BaseConfigOption[PyodideSource]):
    """The ``pyodide`` option: a URL, ``local``, an unpacked npm package, or a site folder."""

    def __init__(self) -> None:
        super().__init__()
        self.default = PYODIDE_CDN
        self.config_dir = Path()

    def pre_validation(self, config: Any, key_name: str) -> None:
        """Remember where ``mkdocs.yml`` is: ``local`` and package paths start there."""
        self.config_dir = config_dir_of(config)

    def run_validation(self, value: object) -> PyodideSource:
        """Resolve the value: see the README's "Self-hosting Pyodide"."""
        location = Text(default=PYODIDE_CDN).run_validation(value)
        if location.startswith(("http://", "https://", "//")):
            return PyodideSource(location if location.endswith("/") else location + "/")
        if location == "local":
            folder = self.config_dir / LOCAL_PYODIDE
            if not (folder / "pyodide.mjs").is_file():
                # The example names ``local`` and must still build where
                # ``make pyodide`` has not run: the CDN stands in, with a note.
                return PyodideSource(PYODIDE_CDN, missing=folder)
            return _package(folder)
        folder = absolute(location, self.config_dir)
        if folder.is_dir():
            if not (folder / "pyodide.mjs").is_file():
                raise ValidationError(
                    f"'{location}' ({folder}) holds no pyodide.mjs: expected an unpacked npm "
                    "'pyodide' package (npm pack pyodide, then tar -xzf), or 'local'."
                )
            return _package(folder)
        if location.startswith(("~", "./", "../")):
            raise ValidationError(f"folder '{location}' does not exist ({folder}).")
        # A path that is no folder here names a folder of the built site that
        # the owner fills by hand (``assets/pyodide/``, ``/assets/pyodide``).
        return PyodideSource(location.strip("/") + "/")


def _package(folder: Path) -> PyodideSource:
    """Self-host the package in ``folder``; packages it lacks come from its release's CDN."""
    try:
        version = str(json.loads((folder / "package.json").read_text("utf-8"))["version"])
    except (OSError, ValueError, KeyError, TypeError):
        version = PYODIDE_VERSION
    has_wheels = any(folder.glob("*.whl"))
    return PyodideSource(
        SITE_PYODIDE, folder=folder, packages=None if has_wheels else pyodide_cdn(version)
    )


@dataclass(frozen=True)
class NotebookSettings:
    """Everything under ``plugins.learnfolio.notebooks``, checked, defaults filled in."""

    execute: bool = option(Flag(default=False))
    """Run notebooks at build time (a notebook opts out with ``learnfolio: {execute: false}``)."""
    timeout: int = option(Whole(default=120, minimum=1))
    """Seconds a cell may run at build time before it is stopped and reported."""
    kernel: str = option(Text(default="python3"))
    """The Jupyter kernel that runs notebooks at build time."""
    run_in_browser: bool = option(Flag(default=True))
    """Give code cells a Run button that runs them with Pyodide in the reader's browser."""
    pyodide: PyodideSource = option(PyodideLocation())
    """Where Pyodide comes from: a URL, ``local``, a package folder, or a site folder."""
    branch: str = option(Text(default="main"))
    """The repository branch Colab and Binder open notebooks from."""
    launch: tuple[str, ...] = option(Launchers())
    """The launch buttons to show on notebook pages, when they can work."""

    @property
    def pyodide_is_url(self) -> bool:
        """True when Pyodide comes from another server, False when the site hosts it."""
        return self.pyodide.is_url
