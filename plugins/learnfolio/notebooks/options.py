"""The ``notebooks`` option of learnfolio: execution, in-browser running, launch buttons.

Declared like every other option (see :mod:`learnfolio.options`): one field
each, checked by MkDocs in a build and in ``learnfolio check`` alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from learnfolio.options import BaseConfigOption, Flag, Text, ValidationError, Whole, option

PYODIDE_VERSION = "314.0.7"
"""The Pyodide release the default CDN URL points to (and the tests self-host)."""

PYODIDE_CDN = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
"""Where Pyodide is loaded from by default: the public CDN, which has numpy and matplotlib."""

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


class PyodideLocation(Text):
    """Pyodide's folder: a URL, or a folder of the site (``assets/pyodide/``)."""

    def run_validation(self, value: object) -> str:
        """End with ``/`` (``pyodide.js`` is found inside); site paths lose a leading ``/``."""
        location = super().run_validation(value)
        if not location.endswith("/"):
            location += "/"
        return location if location.startswith(("http", "//")) else location.lstrip("/")


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
    pyodide: str = option(PyodideLocation(default=PYODIDE_CDN))
    """Pyodide's folder: a URL, or a path inside the site such as ``assets/pyodide/``."""
    branch: str = option(Text(default="main"))
    """The repository branch Colab and Binder open notebooks from."""
    launch: tuple[str, ...] = option(Launchers())
    """The launch buttons to show on notebook pages, when they can work."""

    @property
    def pyodide_is_url(self) -> bool:
        """True when Pyodide comes from another server, False when the site hosts it."""
        return self.pyodide.startswith(("http://", "https://", "//"))
