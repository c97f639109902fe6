"""The one frontmatter reader of learnfolio.

Frontmatter is YAML between a first line ``---`` and the next ``---`` (or
``...``) line. A block that cannot be read (malformed YAML, an impossible value
such as ``date: 2026-13-45``, a list instead of a mapping) is reported with the
file's line number and the reason. Whether such a note is private cannot be
known, so it is not published (see ``note.py``); one bad file never stops a
build.
"""

from __future__ import annotations

import datetime
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


class _Checked:
    """A constructor that names the line of a value it cannot make.

    YAML accepts ``2026-13-45`` as a date, and Python's ``datetime`` then
    refuses it with a bare ``ValueError``: made a YAML error here, it carries
    the value's line like any other.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        # YAML keeps the last of two equal keys; Obsidian refuses the block.
        # "private: true" then "private: false" must not publish a note.
        seen: set[str] = set()
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                if key.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key '{key.value}'", key.start_mark
                    )
                seen.add(key.value)
        return super().construct_mapping(node, deep)  # type: ignore[misc]

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)  # type: ignore[misc]
        except (ValueError, OverflowError, TypeError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"impossible value '{node.value}': {exc}", node.start_mark
            ) from None


class _SafeLoader(_Checked, yaml.SafeLoader):
    """PyYAML's safe loader, naming the line of impossible values."""


_C_LOADER: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)
_FAST_LOADER: type[Any] | None = (
    type("_FastLoader", (_Checked, _C_LOADER), {}) if _C_LOADER is not None else None
)

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
        if problem.startswith("impossible value"):
            message = f"line {line}: frontmatter has an {problem}"
        else:
            message = f"line {line}: malformed YAML frontmatter ({problem})"
        return Frontmatter({}, body, body_line, message)
    except RecursionError:
        return Frontmatter({}, body, body_line, "line 2: frontmatter nested too deeply to read")
    if meta is None:
        meta = {}
    too_big = _expanded_too_big(meta)
    if too_big is not None:
        return Frontmatter({}, body, body_line, f"line 2: frontmatter {too_big}")
    if not isinstance(meta, dict):
        return Frontmatter(
            {}, body, body_line, "line 2: frontmatter must be a mapping of keys to values"
        )
    return Frontmatter({str(k): v for k, v in meta.items()}, body, body_line, None)


MAX_VALUES = 10_000
"""Values a frontmatter may hold once YAML aliases are expanded: ``&a [*b, *b, ...]``
nine levels deep is a few lines that expand to millions, which any code
walking the values (or printing one) would take minutes over."""


def _expanded_too_big(meta: Any) -> str | None:
    """Why ``meta`` cannot be used as it is: too many values once expanded, or a loop."""
    sizes: dict[int, int] = {}
    busy: set[int] = set()

    def size(value: Any) -> int:
        if not isinstance(value, dict | list):
            return 1
        key = id(value)
        if key in sizes:
            return sizes[key]
        if key in busy:
            raise ValueError("holds itself (a YAML alias inside its own anchor)")
        busy.add(key)
        items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
        total = 1
        for item in items:
            total += size(item)
            if total > MAX_VALUES:
                break
        busy.discard(key)
        sizes[key] = total
        return total

    try:
        if size(meta) > MAX_VALUES:
            return f"holds more than {MAX_VALUES:,} values once its YAML aliases are expanded"
    except ValueError as exc:
        return str(exc)
    return None


def _load_yaml(raw: str) -> Any:
    simple = _simple_mapping(raw)
    if simple is not None:
        return simple
    if _FAST_LOADER is not None and "\t" not in raw:
        try:
            return yaml.load(raw, Loader=_FAST_LOADER)  # CSafeLoader: a safe loader
        except yaml.YAMLError:
            pass  # read again below, for the pure-Python parser's message
    return yaml.load(raw, Loader=_SafeLoader)  # a SafeLoader


# Most frontmatter is a few "key: value" lines, a date and a list of tags, and
# PyYAML spends far longer building its nodes than reading them. Such a block
# is read here: one-line values that are plain text YAML's own resolver calls
# a string, true or false (yes, on...) or null, quoted text with no escapes,
# whole numbers and YYYY-MM-DD dates, and lists of those, "[a, b]" or "- a"
# lines. Anything else (other numbers, comments, anchors, "a: b: c", a
# repeated key, a line it does not know) returns None and goes to PyYAML, so
# the values, and the errors, are PyYAML's.
_SIMPLE_KEY = re.compile(r"([^\s:](?:[^:]*[^\s:])?):(?: +(.*?))? *\Z")
_SIMPLE_ITEM = re.compile(r" *- +(.*?) *\Z")
_SIMPLE_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)\Z")
_SIMPLE_INT = re.compile(r"-?(?:0|[1-9]\d{0,17})\Z")
_QUOTED = re.compile(r"\"([^\"\\]*)\"\Z|'([^']*)'\Z")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_IN_FLOW = re.compile(r"[,\[\]{}:]")
_RESOLVER = yaml.resolver.Resolver()
_STR, _BOOL, _NULL = (f"tag:yaml.org,2002:{name}" for name in ("str", "bool", "null"))
_NOT_SIMPLE = object()


def _simple_mapping(raw: str) -> dict[str, Any] | None:
    """``raw`` read as PyYAML would, if it is a simple block (see above); else ``None``."""
    meta: dict[str, Any] = {}
    key: str | None = None  # the key whose "- item" lines may follow
    indent: int | None = None  # the spaces before that list's first "-"
    for line in raw.split("\n"):
        if not line:
            continue
        item = _SIMPLE_ITEM.match(line)
        if item is not None:
            if key is None or (meta[key] is not None and not isinstance(meta[key], list)):
                return None
            spaces = len(line) - len(line.lstrip(" "))
            if indent is None:
                indent = spaces
            elif spaces != indent:
                return None
            value = _simple_scalar(item[1])
            if value is _NOT_SIMPLE:
                return None
            if meta[key] is None:
                meta[key] = []
            meta[key].append(value)
            continue
        pair = _SIMPLE_KEY.match(line)
        if pair is None or pair[1] in meta or _simple_scalar(pair[1]) != pair[1]:
            return None
        name, text = pair[1], pair[2]
        key, indent = None, None
        if not text:
            meta[name] = None
            key = name
        elif text.startswith("[") and text.endswith("]"):
            inner = text[1:-1].strip(" ")
            parts = inner.split(",") if inner else []
            items = [_simple_scalar(part.strip(" "), flow=True) for part in parts]
            if _NOT_SIMPLE in items:
                return None
            meta[name] = items
        else:
            value = _simple_scalar(text)
            if value is _NOT_SIMPLE:
                return None
            meta[name] = value
    return meta or None


def _simple_scalar(text: str, *, flow: bool = False) -> Any:
    """``text``, one value, as PyYAML reads it if it is simple (see above); else
    ``_NOT_SIMPLE``. ``flow``: an item of a ``[...]`` list."""
    if not text or not text.isprintable():
        return _NOT_SIMPLE
    if text[0] in "\"'":
        quoted = _QUOTED.match(text)
        if quoted is None:
            return _NOT_SIMPLE
        return quoted[1] if quoted[1] is not None else quoted[2]
    if text[0] in _INDICATORS or text[-1] == ":" or ": " in text or " #" in text:
        return _NOT_SIMPLE
    if flow and _IN_FLOW.search(text):
        return _NOT_SIMPLE
    date = _SIMPLE_DATE.match(text)
    if date is not None:
        try:
            return datetime.date(int(date[1]), int(date[2]), int(date[3]))
        except ValueError:
            return _NOT_SIMPLE  # PyYAML says which line
    if _SIMPLE_INT.match(text):
        return int(text)
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    if tag == _STR:
        return text
    if tag == _BOOL:
        return yaml.constructor.SafeConstructor.bool_values[text.lower()]
    if tag == _NULL:
        return None
    return _NOT_SIMPLE


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
