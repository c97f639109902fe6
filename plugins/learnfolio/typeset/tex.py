"""Rewrite TeX that latex2mathml misreads into TeX it reads well.

latex2mathml (pure Python, no Node at build time) typesets what learners write,
less a few things that notes use daily. Each rule here was checked against the
MathML latex2mathml produces (tests/test_maths.py holds the expected structure):

- ``aligned``, ``alignedat``, ``gathered``, ``dcases`` are unknown to it: they came
  out as a row with a literal ``&``. They become ``align*``, ``gather*`` and
  ``cases`` with ``\\displaystyle`` cells, which it knows.
- ``\\operatorname{...}`` came out as italic letters after an empty operator as
  soon as the name held ``\\,``, and ``\\operatorname*`` as an asterisk. Each
  operator becomes a placeholder command that :mod:`learnfolio.typeset.mathml`
  replaces with an upright name (limits below it for the starred form).
- ``\\argmax``, ``\\argmin`` (not LaTeX, but common in notes) and ``\\arg``.
- ``\\mathrm{d}`` of a single letter lost its upright style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# \operatorname{name} or \operatorname*{name}; the name may hold \, \; \! \: and spaces.
_OPERATORNAME = re.compile(r"\\operatorname\s*(\*?)\s*\{((?:[^{}\\]|\\[,;:! ]|\\[a-zA-Z]+\s*)*)\}")
_SPACES = re.compile(r"\\[,;:! ]|\s+")
_NAMED = {
    "argmax": ("arg\u2009max", True),
    "argmin": ("arg\u2009min", True),
    "arg": ("arg", False),
}
_NAMED_COMMAND = re.compile(r"\\(argmax|argmin|arg)(?![a-zA-Z])")
_ARG_MAX = re.compile(r"\\arg\s*\\(max|min)(?![a-zA-Z])")  # \arg\max_x is \argmax_x
_ENVIRONMENT = re.compile(
    r"\\(begin|end)\s*\{(aligned|alignedat|gathered|dcases|rcases)\}(\{\d+\})?"
)
_SINGLE_RM = re.compile(r"\\mathrm\s*\{\s*([a-zA-Z])\s*\}")
PLACEHOLDER = "lfop"
"""Operator placeholders are ``\\lfopa``, ``\\lfopb``...: letters only, as TeX names are."""


@dataclass
class Rewritten:
    """TeX ready for latex2mathml and the operator names its placeholders stand for."""

    tex: str
    """The rewritten TeX."""
    operators: dict[str, tuple[str, bool]] = field(default_factory=dict)
    """Placeholder command name to (shown name, limits below in display)."""


def rewrite(tex: str) -> Rewritten:
    """``tex`` in the TeX latex2mathml reads well (see the module docstring)."""
    out = Rewritten(tex)
    out.tex = _ARG_MAX.sub(r"\\arg\1", out.tex)
    out.tex = _NAMED_COMMAND.sub(lambda m: _operator(out, *_NAMED[m[1]]), out.tex)
    out.tex = _OPERATORNAME.sub(lambda m: _operator(out, _name(m[2]), bool(m[1])), out.tex)
    out.tex = _SINGLE_RM.sub(r"\\text{\1}", out.tex)
    if "\\begin" in out.tex:
        out.tex = _environments(out.tex)
    return out


def _name(raw: str) -> str:
    """An operator's name as shown: TeX spaces become a thin space, commands their name."""
    text = _SPACES.sub(lambda m: "\u2009" if m[0].startswith("\\") else "", raw)
    return re.sub(r"\\([a-zA-Z]+)", r"\1", text)


def _operator(out: Rewritten, name: str, limits: bool) -> str:
    placeholder = PLACEHOLDER + _letters(len(out.operators))
    out.operators[placeholder] = (name, limits)
    return f"\\{placeholder} "


def _letters(number: int) -> str:
    """0 -> "a", 25 -> "z", 26 -> "ba": placeholder names are letters only."""
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters = chr(ord("a") + digit) + letters
        if not number:
            return letters


def _environments(tex: str) -> str:
    """``aligned`` -> ``align*``, ``gathered`` -> ``gather*``, ``dcases`` -> display cases."""
    pieces: list[str] = []
    pos = 0
    while (match := _ENVIRONMENT.search(tex, pos)) is not None:
        pieces.append(tex[pos : match.start()])
        pos = match.end()
        verb, name = match[1], match[2]
        if name in ("aligned", "alignedat"):
            pieces.append(f"\\{verb}{{align*}}")
        elif name == "gathered":
            pieces.append(f"\\{verb}{{gather*}}")
        elif verb == "begin":
            # The cases' cells in display style; rcases has its brace on the right.
            close = _matching_end(tex, pos, name)
            body = _display_cells(_environments(tex[pos:close]))
            if name == "dcases":
                pieces.append(f"\\begin{{cases}}{body}\\end{{cases}}")
            else:
                pieces.append(f"\\left.\\begin{{array}}{{ll}}{body}\\end{{array}}\\right\\}}")
            end = _ENVIRONMENT.match(tex, close)
            pos = end.end() if end else len(tex)
    pieces.append(tex[pos:])
    return "".join(pieces)


def _matching_end(tex: str, pos: int, name: str) -> int:
    """Where ``\\end{name}`` closing the environment opened before ``pos`` starts."""
    depth = 1
    pattern = re.compile(r"\\(begin|end)\s*\{" + re.escape(name) + r"\}")
    for match in pattern.finditer(tex, pos):
        depth += 1 if match[1] == "begin" else -1
        if depth == 0:
            return match.start()
    return len(tex)


def _display_cells(body: str) -> str:
    """``\\displaystyle`` at the start of each cell of a table's top level."""
    out = ["\\displaystyle "]
    depth = 0
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and body.startswith("\\begin", i):
            depth += 1
        elif char == "\\" and body.startswith("\\end", i):
            depth -= 1
        if char == "\\" and i + 1 < len(body):
            out.append(body[i : i + 2])
            if body[i + 1] == "\\" and depth == 0:
                out.append("\\displaystyle ")
            i += 2
            continue
        if char in "{}":
            depth += 1 if char == "{" else -1
        out.append(char)
        if char == "&" and depth == 0:
            out.append("\\displaystyle ")
        i += 1
    return "".join(out)
