"""A user's TeX macros: read a ``preamble.sty`` and expand its commands in formulas.

Obsidian users keep their macros in a ``preamble.sty`` that the Extended MathJax
plugin feeds to MathJax. The ``math_macros`` option names that file, unchanged:
``\\newcommand``, ``\\renewcommand`` and ``\\providecommand`` (starred or not,
with ``[n]`` arguments and an optional first argument's ``[default]``),
``\\def`` with ``#1#2`` arguments, ``\\DeclareMathOperator`` (and ``*``) and
``\\let``; ``%`` starts a comment. Anything else in the file, or a definition that
cannot be read, is reported on its line and the rest of the file still counts.

Macros are expanded in TeX before typesetting (:func:`expand`), the way TeX
does: arguments are a braced group or a single token, and the result is read
again, so macros may use other macros. An expansion that never ends is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from learnfolio.problems import Level, Problem, problem_at

_MAX_EXPANSIONS = 10_000
_COMMAND = re.compile(r"\\(?:[a-zA-Z]+|.)")
_DEFINE = re.compile(r"\\(newcommand|renewcommand|providecommand)\s*\*?")
_DEF = re.compile(r"\\[gex]?def(?![a-zA-Z])")
_OPERATOR = re.compile(r"\\DeclareMathOperator(?![a-zA-Z])\s*(\*?)")
_LET = re.compile(r"\\let(?![a-zA-Z])")


class MacroError(ValueError):
    """A definition that cannot be read, or an expansion that cannot finish."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line
        """1-based line of the macros file; 0 for an error in a formula."""


@dataclass(frozen=True, slots=True)
class Macro:
    """One command defined by the user."""

    name: str
    """The command with its backslash: ``"\\\\R"``."""
    params: int
    """How many arguments it takes (0 to 9)."""
    body: str
    """What it stands for, ``#1``... marking where the arguments go."""
    default: str | None = None
    """The optional first argument's default (``\\newcommand{\\x}[2][0]{...}``)."""


@dataclass(frozen=True)
class Macros:
    """The macros of a site, by name; hashable, so typesetting can cache by it."""

    definitions: tuple[Macro, ...] = ()
    """In the order of the file (a later definition of a name wins)."""
    by_name: dict[str, Macro] = field(default_factory=dict, compare=False, hash=False)
    """The same, by name (built from ``definitions``)."""

    def __post_init__(self) -> None:
        self.by_name.update({macro.name: macro for macro in self.definitions})

    def __bool__(self) -> bool:
        return bool(self.definitions)


NO_MACROS = Macros()
"""A site without ``math_macros``."""


def read_macros(text: str) -> tuple[Macros, list[MacroError]]:
    """The definitions of a macros file, and an error for each line that is not one."""
    definitions: list[Macro] = []
    errors: list[MacroError] = []
    source = _without_comments(text)
    pos = _skip_space(source, 0)
    while pos < len(source):
        line = source.count("\n", 0, pos) + 1
        try:
            macro, pos = _definition(source, pos)
        except MacroError as exc:
            errors.append(MacroError(str(exc), line))
            pos = _next_line(source, pos)
        else:
            if macro is not None:
                definitions.append(macro)
        pos = _skip_space(source, pos)
    return Macros(tuple(definitions)), errors


def load_macros(path: Path | None, root: Path) -> tuple[Macros, list[Problem]]:
    """The macros of the ``math_macros`` file, and its problems (file and line named)."""
    if path is None:
        return NO_MACROS, []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        return NO_MACROS, [problem_at(path, root, 0, "error", "macros", f"cannot read: {reason}")]
    macros, errors = read_macros(text)
    problems = [
        problem_at(path, root, error.line, _level(error), "macros", str(error)) for error in errors
    ]
    return macros, problems


def _level(error: MacroError) -> Level:
    # Something else than a definition is left out, as MathJax leaves it; a
    # definition that cannot be read loses the user a command: an error.
    return "warning" if str(error).startswith("not a macro definition") else "error"


def expand(tex: str, macros: Macros) -> str:
    """``tex`` with the user's macros expanded; raises :class:`MacroError` when endless."""
    if not macros or "\\" not in tex:
        return tex
    names = set(_COMMAND.findall(tex))
    if not names & macros.by_name.keys():
        return tex
    out: list[str] = []
    pending = tex
    expansions = 0
    while pending:
        match = _COMMAND.search(pending)
        if match is None:
            out.append(pending)
            break
        out.append(pending[: match.start()])
        macro = macros.by_name.get(match[0])
        rest = pending[match.end() :]
        if macro is None:
            out.append(match[0])
            pending = rest
            continue
        expansions += 1
        if expansions > _MAX_EXPANSIONS:
            raise MacroError(f"{macro.name} never stops expanding (does it use itself?)")
        arguments, rest = _arguments(macro, rest)
        body = _substitute(macro.body, arguments)
        # A command name right before letters would run into them: TeX ends it there.
        if re.search(r"\\[a-zA-Z]+$", body) and rest[:1].isalpha():
            body += " "
        pending = body + rest
    return "".join(out)


def _arguments(macro: Macro, rest: str) -> tuple[list[str], str]:
    arguments: list[str] = []
    count = macro.params
    if macro.default is not None:
        stripped = rest.lstrip()
        if stripped.startswith("["):
            close = _matching(stripped, 0, "[", "]")
            arguments.append(stripped[1:close])
            rest = stripped[close + 1 :]
        else:
            arguments.append(macro.default)
        count -= 1
    for _ in range(count):
        argument, rest = _token(rest)
        if argument is None:
            raise MacroError(f"{macro.name} needs {macro.params} argument(s)")
        arguments.append(argument)
    return arguments, rest


def _substitute(body: str, arguments: list[str]) -> str:
    def argument(match: re.Match[str]) -> str:
        if match[0] == "##":
            return "#"
        index = int(match[0][1]) - 1
        return arguments[index] if index < len(arguments) else match[0]

    return re.sub(r"##|#[1-9]", argument, body)


def _token(text: str) -> tuple[str | None, str]:
    """The next argument of ``text``: a braced group's inside, or one token."""
    stripped = text.lstrip()
    if not stripped:
        return None, text
    if stripped[0] == "{":
        close = _matching(stripped, 0, "{", "}")
        return stripped[1:close], stripped[close + 1 :]
    command = _COMMAND.match(stripped)
    if command is not None:
        return command[0], stripped[command.end() :]
    return stripped[0], stripped[1:]


def _definition(source: str, pos: int) -> tuple[Macro | None, int]:
    """The definition at ``pos`` and where it ends."""
    if match := _DEFINE.match(source, pos):
        return _newcommand(source, match.end(), provide=match[1] == "providecommand")
    if match := _OPERATOR.match(source, pos):
        name, pos = _name(source, match.end())
        label, pos = _group(source, pos, "the operator's name")
        star = "*" if match[1] else ""
        return Macro(name, 0, f"\\operatorname{star}{{{label}}}"), pos
    if match := _DEF.match(source, pos):
        return _def(source, match.end())
    if match := _LET.match(source, pos):
        name, pos = _name(source, match.end())
        pos = _skip_space(source, pos)
        pos += source.startswith("=", pos)
        target, pos = _name(source, pos)
        return Macro(name, 0, target), pos
    shown = source[pos:].split("\n", 1)[0].strip()
    raise MacroError(f"not a macro definition, ignored: {shown[:60]}")


def _newcommand(source: str, pos: int, *, provide: bool) -> tuple[Macro, int]:
    name, pos = _name(source, pos)
    params, default = 0, None
    pos = _skip_space(source, pos)
    if source.startswith("[", pos):
        close = _matching(source, pos, "[", "]")
        count = source[pos + 1 : close].strip()
        if not count.isdigit() or not 0 <= int(count) <= 9:
            raise MacroError(f"expected a number of arguments from 0 to 9, got [{count}]")
        params, pos = int(count), _skip_space(source, close + 1)
        if source.startswith("[", pos):
            close = _matching(source, pos, "[", "]")
            default, pos = source[pos + 1 : close], close + 1
            if params == 0:
                raise MacroError(f"{name} has a default argument but takes no argument")
    body, pos = _group(source, pos, f"the definition of {name}")
    return Macro(name, params, body.strip(), default), pos


def _def(source: str, pos: int) -> tuple[Macro, int]:
    name, pos = _name(source, pos)
    start = pos
    while pos < len(source) and source[pos] != "{":
        pos += 1
    pattern = source[start:pos].replace(" ", "")
    if not re.fullmatch(r"(?:#[1-9])*", pattern) or pattern != "".join(
        f"#{i}" for i in range(1, len(pattern) // 2 + 1)
    ):
        raise MacroError(f"\\def{name} with delimited arguments ({pattern}) is not supported")
    body, pos = _group(source, pos, f"the definition of {name}")
    return Macro(name, len(pattern) // 2, body.strip()), pos


def _name(source: str, pos: int) -> tuple[str, int]:
    """A command name, braced or not: ``\\R`` or ``{\\R}``."""
    pos = _skip_space(source, pos)
    if source.startswith("{", pos):
        inside, end = _group(source, pos, "the command's name")
        if not re.fullmatch(r"\s*\\(?:[a-zA-Z]+|.)\s*", inside):
            raise MacroError(f"expected a command name such as \\R, got {{{inside}}}")
        return inside.strip(), end
    match = _COMMAND.match(source, pos)
    if match is None:
        raise MacroError("expected a command name such as \\R")
    return match[0], match.end()


def _group(source: str, pos: int, what: str) -> tuple[str, int]:
    pos = _skip_space(source, pos)
    if not source.startswith("{", pos):
        raise MacroError(f"expected {{...}} for {what}")
    close = _matching(source, pos, "{", "}")
    if close >= len(source):
        raise MacroError(f"unbalanced braces in {what}")
    return source[pos + 1 : close], close + 1


def _matching(text: str, pos: int, opening: str, closing: str) -> int:
    """Where the bracket closing the one at ``pos`` is (``len(text)`` if none)."""
    depth = 0
    i = pos
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    if opening == "{":
        return len(text)
    raise MacroError(f"missing {closing}")


def _without_comments(text: str) -> str:
    """``%`` to the end of the line removed (not ``\\%``); lines kept for messages."""
    return re.sub(r"(?<!\\)%[^\n]*", "", text.replace("\r\n", "\n"))


def _skip_space(source: str, pos: int) -> int:
    while pos < len(source) and source[pos].isspace():
        pos += 1
    return pos


def _next_line(source: str, pos: int) -> int:
    end = source.find("\n", pos)
    return len(source) if end < 0 else end + 1
