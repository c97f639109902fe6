"""How learnfolio declares its options: once each, as MkDocs config options.

An option is one field of a frozen record (:class:`learnfolio.settings.Settings`
for ``plugins.learnfolio``, :class:`learnfolio.notebooks.options.NotebookSettings`
for ``plugins.learnfolio.notebooks``). The field's type is what the core reads;
:func:`option` attaches the MkDocs config option that holds its default and its
check. From the record, :func:`config_class` makes the MkDocs ``Config`` class
that the plugin declares, so MkDocs validates the options in a build, and
``learnfolio check`` gets exactly the same validation by loading ``mkdocs.yml``
with MkDocs' own loader (``INHERIT``, ``!ENV`` and ``!relative`` included).

To add an option, add one field to its record, with a docstring::

    word_count: bool = option(Flag(default=False))
    \"\"\"Show how many words each note has.\"\"\"

Nothing else: MkDocs checks it, ``check`` checks it the same way, the core reads
``settings.word_count``, and a bad value stops the build with
``Plugin 'learnfolio' option 'word_count': expected true or false, got 'yes'.``
Then add a row to the README's options table. Any MkDocs config option works
(``c.Type``, ``c.Choice``, ``c.ListOfItems``...); the small ones below exist
because their messages say what to write instead of naming Python types. A
whole group of options is one more record, nested with :class:`Record`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from mkdocs.config import config_options as c
from mkdocs.config.base import (
    BaseConfigOption,
    Config,
    ConfigErrors,
    ConfigWarnings,
    ValidationError,
)

T = TypeVar("T")
R = TypeVar("R")
B = TypeVar("B", bound=bool | None)
S = TypeVar("S", bound=str)

__all__ = [
    "BaseConfigOption",
    "Choice",
    "Flag",
    "Folder",
    "OptionError",
    "OptionalFile",
    "Record",
    "Text",
    "ValidationError",
    "Whole",
    "c",
    "config_class",
    "option",
    "record_from",
    "validate_record",
]


def option(check: BaseConfigOption[T]) -> T:
    """Declare a record field checked by the MkDocs config option ``check``.

    The field has no default of its own: records are made by validation
    (:func:`record_from`), which fills in ``check``'s default.
    """
    field: T = dataclasses.field(metadata={"check": check})
    return field


def _checks(record: type[Any]) -> dict[str, BaseConfigOption[Any]]:
    return {f.name: f.metadata["check"] for f in dataclasses.fields(record)}


class _StrictConfig(Config):  # type: ignore[no-untyped-call]
    """A MkDocs ``Config`` that refuses names it does not know, listing the known ones.

    MkDocs only warns about an unknown name; a misspelt option that silently
    does nothing is worse than a build that stops and says so.
    """

    def validate(self) -> tuple[ConfigErrors, ConfigWarnings]:
        """Validate as MkDocs does, with unknown names as errors."""
        failed, warnings = super().validate()
        unknown = sorted(set(self) - self._schema_keys)
        known = ", ".join(sorted(self._schema_keys))
        failed = [
            *(
                (key, ValidationError(f"unknown option. Known options: {known}."))
                for key in unknown
            ),
            *failed,
        ]
        warnings = [(k, w) for k, w in warnings if k not in unknown]
        return failed, warnings


_CONFIG_CLASSES: dict[type[Any], type[Config]] = {}


def config_class(record: type[Any]) -> type[Config]:
    """The MkDocs ``Config`` class whose options are the fields of ``record`` (made once)."""
    if record not in _CONFIG_CLASSES:
        name = f"{record.__name__}Config"
        _CONFIG_CLASSES[record] = type(name, (_StrictConfig,), _checks(record))
    return _CONFIG_CLASSES[record]


def record_from(config: Mapping[str, Any], record: type[R], **overrides: Any) -> R:
    """The ``record`` holding the validated values of ``config`` (``overrides`` win)."""
    values = {name: config[name] for name in _checks(record)}
    return record(**{**values, **overrides})


def validate_record(record: type[R], options: Mapping[str, Any], config_file: Path) -> R:
    """Validate ``options`` against ``record``'s options as MkDocs would; return the record.

    ``config_file`` is where relative paths start from (its folder). Raises
    :class:`ValidationError` with MkDocs' wording: ``option 'x': message``.
    """
    config = config_class(record)(config_file_path=str(config_file))
    config.load_dict(dict(options))
    failed, _ = config.validate()
    if failed:
        raise OptionError(*failed[0])
    return record_from(config, record)


class OptionError(ValidationError):
    """An option failed its check: ``option 'key': message``, as MkDocs words it."""

    def __init__(self, key: str, error: Exception) -> None:
        super().__init__(f"option '{key}': {error}")
        self.key, self.error = key, error


def _got(value: object) -> str:
    return f"got {value!r}"


class Flag(BaseConfigOption[B], Generic[B]):
    """``true`` or ``false`` (``Flag[bool | None]`` may also be left unset)."""

    def __init__(self, default: B) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> B:
        """Accept a YAML boolean only: ``"yes"`` in quotes is a mistake, not true."""
        if value is None:
            return cast(B, self.default)
        if not isinstance(value, bool):
            raise ValidationError(f"expected true or false, {_got(value)}.")
        return cast(B, value)


class Whole(BaseConfigOption[int]):
    """A whole number within bounds."""

    def __init__(self, default: int, minimum: int, maximum: int | None = None) -> None:
        super().__init__()
        self.default, self.minimum, self.maximum = default, minimum, maximum

    def run_validation(self, value: object) -> int:
        """Refuse ``true`` (a bool is an int in Python), floats and strings."""
        if value is None:
            return int(self.default)
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= self.minimum
        if ok and self.maximum is not None and isinstance(value, int):
            ok = value <= self.maximum
        if not ok or not isinstance(value, int):
            bounds = f"from {self.minimum} to {self.maximum}" if self.maximum is not None else ""
            bounds = bounds or f"of at least {self.minimum}"
            raise ValidationError(f"expected a whole number {bounds}, {_got(value)}.")
        return value


class Text(BaseConfigOption[str]):
    """A non-empty string, trimmed of spaces and of ``strip`` characters at both ends."""

    def __init__(self, default: str, strip: str = "") -> None:
        super().__init__()
        self.default, self.strip = default, strip

    def run_validation(self, value: object) -> str:
        """Trim, and refuse what is left empty."""
        if value is None:
            value = self.default
        if not isinstance(value, str):
            raise ValidationError(f"expected a string, {_got(value)}.")
        text = value.strip().strip(self.strip) if self.strip else value.strip()
        if not text:
            raise ValidationError("must not be empty.")
        return text


class Words(BaseConfigOption[tuple[str, ...]]):
    """A list of non-empty strings (a single string is a list of one), trimmed."""

    def __init__(self, default: tuple[str, ...]) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> tuple[str, ...]:
        """Trim each item, and refuse what is not a string."""
        if value is None:
            return tuple(self.default)
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not all(isinstance(v, str) for v in items):
            raise ValidationError(f"expected a list of strings, {_got(value)}.")
        return tuple(v.strip() for v in items if v.strip())


class Choice(BaseConfigOption[S], Generic[S]):
    """One of a few words; ``false`` may stand for one of them (``off``)."""

    def __init__(self, default: S, choices: tuple[S, ...], false: S | None = None) -> None:
        super().__init__()
        self.default, self.choices, self.false = default, choices, false

    def run_validation(self, value: object) -> S:
        """Map ``false`` and check the word."""
        if value is None:
            return cast(S, self.default)
        if value is False and self.false is not None:
            return self.false
        for choice in self.choices:
            if value == choice:
                return choice
        words = ", ".join(repr(choice) for choice in self.choices)
        raise ValidationError(f"expected one of {words}, {_got(value)}.")


class Folder(BaseConfigOption[Path]):
    """A folder path, relative to the folder of ``mkdocs.yml``, made absolute (``~`` expanded)."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default
        self.config_dir = Path()

    def pre_validation(self, config: Config, key_name: str) -> None:
        """Remember where ``mkdocs.yml`` is: relative paths start there."""
        self.config_dir = config_dir_of(config)

    def run_validation(self, value: object) -> Path:
        """Resolve against the config folder; the folder need not exist yet."""
        if value is None:
            value = self.default
        # ``!relative $config_dir/x`` gives a path-like placeholder, not a string.
        if not isinstance(value, str | os.PathLike) or not str(value).strip():
            raise ValidationError(f"expected a folder path, {_got(value)}.")
        return absolute(str(value), self.config_dir)


class OptionalFile(BaseConfigOption[Path | None]):
    """An existing file, relative to the folder of ``mkdocs.yml``, made absolute; or none."""

    def __init__(self) -> None:
        super().__init__()
        self.default = None
        self.config_dir = Path()

    def pre_validation(self, config: Config, key_name: str) -> None:
        """Remember where ``mkdocs.yml`` is: relative paths start there."""
        self.config_dir = config_dir_of(config)

    def run_validation(self, value: object) -> Path | None:
        """Resolve against the config folder and refuse a file that is not there."""
        if value is None:
            return None
        if not isinstance(value, str | os.PathLike) or not str(value).strip():
            raise ValidationError(f"expected a file path, {_got(value)}.")
        path = absolute(str(value), self.config_dir)
        if not path.is_file():
            raise ValidationError(f"no such file: {value} (looked for {path}).")
        return path


class Record(BaseConfigOption[R], Generic[R]):
    """A group of options (a mapping in ``mkdocs.yml``) checked into a nested record."""

    def __init__(self, record: type[R]) -> None:
        super().__init__()
        self.record = record
        self.default = None
        self.config_file = Path("mkdocs.yml")

    def pre_validation(self, config: Config, key_name: str) -> None:
        """Remember where ``mkdocs.yml`` is, for relative paths inside the group."""
        self.config_file = Path(config.config_file_path or "mkdocs.yml")

    def run_validation(self, value: object) -> R:
        """Validate the group; errors name the inner option, as MkDocs' ``SubConfig`` does."""
        if value is None:
            value = {}
        if not isinstance(value, Mapping):
            raise ValidationError(f"expected a mapping of options, {_got(value)}.")
        try:
            return validate_record(self.record, value, self.config_file)
        except OptionError as exc:
            raise ValidationError(f"sub-option '{exc.key}': {exc.error}") from None


def config_dir_of(config: Config) -> Path:
    """The folder of the ``mkdocs.yml`` a config was read from (the working folder if none)."""
    return Path(config.config_file_path or "mkdocs.yml").resolve().parent


def absolute(path: str, config_dir: Path) -> Path:
    """``path`` made absolute: ``~`` expanded, relative paths from ``config_dir``."""
    candidate = Path(path).expanduser()
    if not candidate.is_absolute():
        candidate = config_dir / candidate
    return candidate.resolve()
