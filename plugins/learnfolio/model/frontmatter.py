"""The one frontmatter reader of learnfolio.

Frontmatter is YAML between a first line ``---`` and the next ``---`` (or
``...``) line. A malformed block is reported with the file's line number and the
note is kept with empty metadata, so one bad file never stops a build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

# libyaml's parser (when PyYAML was built with it) reads a note's frontmatter
# about ten times faster than the pure-Python one; both feed the same safe
# constructor, so the values are the same. Malformed YAML is read again by the
# pure-Python parser, so the message and line a user sees never depend on it;
# so is YAML with tabs, where the two disagree ("a: \t1" is an error only in
# the pure-Python one).
_FAST_LOADER: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)

_OPEN = re.compile(r"^---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Frontmatter:
    """The result of splitting a note into metadata and body."""

    meta: dict[str, Any]
    """Parsed metadata; empty when absent or malformed."""
    body: str
    """The text after the frontmatter."""
    body_line: int
    """1-based line number in the file where ``body`` starts."""
    error: str | None
    """A message, with the file line, when the YAML could not be read."""


def split_frontmatter(text: str) -> Frontmatter:
    """Split ``text`` (already decoded, ``\\n`` line endings) into meta and body."""
    if not _OPEN.match(text):
        return Frontmatter({}, text, 1, None)
    close = _CLOSE.search(text, _OPEN.match(text).end())  # type: ignore[union-attr]
    if close is None:
        return Frontmatter({}, text, 1, None)
    raw = text[4 : close.start()]
    body_start = close.end() + 1 if close.end() < len(text) else close.end()
    body = text[body_start:]
    body_line = text.count("\n", 0, body_start) + 1
    try:
        meta = _load_yaml(raw) if raw.strip() else {}
    except yaml.YAMLError as exc:
        line = 2
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            line = mark.line + 2
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return Frontmatter(
            {}, body, body_line, f"line {line}: malformed YAML frontmatter ({problem})"
        )
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return Frontmatter(
            {}, body, body_line, "line 2: frontmatter must be a mapping of keys to values"
        )
    return Frontmatter({str(k): v for k, v in meta.items()}, body, body_line, None)


def _load_yaml(raw: str) -> Any:
    if _FAST_LOADER is not None and "\t" not in raw:
        try:
            return yaml.load(raw, Loader=_FAST_LOADER)  # CSafeLoader: a safe loader
        except yaml.YAMLError:
            pass  # read again below, for the pure-Python parser's message
    return yaml.safe_load(raw)


_YAML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_YAML_SPECIAL = re.compile('[\\\\"\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ufeff]')
"""What a double-quoted YAML scalar must escape to read back unchanged: the
quote, the backslash, and control characters and line breaks, which YAML would
fold into spaces or refuse."""


def yaml_string(text: str) -> str:
    """``text`` as a double-quoted YAML scalar that reads back as ``text``, newlines included."""
    return '"' + _YAML_SPECIAL.sub(_yaml_escape, text) + '"'


def _yaml_escape(match: re.Match[str]) -> str:
    char = match[0]
    known = _YAML_ESCAPES.get(char)
    if known is not None:
        return known
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
