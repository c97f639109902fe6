"""A formula as readable Unicode text, for places that show text, not MathML.

Page titles (``<title>``, the navigation, the header), the table of contents,
search results, tag pages, feeds' titles, link previews, the graph and the
explorer show text. There a formula reads as a learner would type it in a
chat: ``\\eta`` is η, ``\\mathbf{x}`` is x, ``x^2`` is x², ``x_i`` is xᵢ,
``\\mathbb{R}`` is ℝ, ``\\frac{a+b}{c}`` is (a+b)/c, ``\\sqrt{2}`` is √2. Nothing
here raises: an unknown command reads as its name. (Titles, Markdown and
formulas mixed, are read by :func:`learnfolio.model.note.readable`.)
"""

from __future__ import annotations

import contextlib
import functools
import re
import unicodedata

from latex2mathml.symbols_parser import convert_symbol

from learnfolio.typeset.macros import NO_MACROS, MacroError, Macros, expand
from learnfolio.typeset.mathml import styled_char

_TOKEN = re.compile(r"\\(?:[a-zA-Z]+\*?|.)|\s+|.", re.DOTALL)
_SUPERSCRIPT = dict(zip("0123456789+-=()niT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀ", strict=True))
_SUPERSCRIPT.update({"−": "⁻", "′": "′", "″": "″", "*": "*", "⊤": "ᵀ", "†": "†"})
_SUBSCRIPT = dict(
    zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)
_SUBSCRIPT["−"] = "₋"
_ACCENTS = {
    "hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0304",
    "tilde": "\u0303", "widetilde": "\u0303", "vec": "\u20d7", "dot": "\u0307",
    "ddot": "\u0308", "check": "\u030c", "breve": "\u0306", "acute": "\u0301", "grave": "\u0300",
}  # fmt: skip
_STYLES = {
    "mathbb": "double-struck", "mathcal": "script", "mathscr": "script", "mathfrak": "fraktur",
}  # fmt: skip
# Commands whose argument is shown as it is.
_PLAIN = {
    "mathbf", "boldsymbol", "bm", "mathrm", "mathit", "mathsf", "mathtt", "mathnormal",
    "text", "textbf", "textit", "textrm", "textsf", "texttt", "mbox", "operatorname",
    "operatorname*", "mathop", "boxed", "cancel", "bcancel", "xcancel", "underline",
    "emph", "hbox", "ensuremath", "mathring", "overbrace", "underbrace", "displaystyle",
}  # fmt: skip
_DROP_ARGUMENT = {"color", "label", "phantom", "hphantom", "vphantom"}
_DROP = {
    "left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
    "biggl", "biggr", "Biggl", "Biggr", "limits", "nolimits", "displaystyle", "textstyle",
    "scriptstyle", "scriptscriptstyle", "!", "nonumber", "notag", "hline", "centering",
}  # fmt: skip
_SPACE = {",", ";", ":", " ", "quad", "qquad", "enspace", "thinspace", "medspace", "thickspace"}
_NAMES = {
    "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "arcsin", "arccos",
    "arctan", "log", "ln", "lg", "exp", "max", "min", "sup", "inf", "lim", "liminf", "limsup",
    "det", "dim", "ker", "deg", "gcd", "hom", "arg", "Pr", "mod", "bmod", "argmax", "argmin",
}  # fmt: skip
_EXTRA_SYMBOLS = {
    "{": "{", "}": "}", "|": "‖", "$": "$", "%": "%", "&": "&", "#": "#", "_": "_",
    "lbrace": "{", "rbrace": "}", "lVert": "‖", "rVert": "‖", "Vert": "‖", "lvert": "|",
    "rvert": "|", "vert": "|", "top": "⊤", "intercal": "⊺", "ldots": "…", "dots": "…",
    "cdots": "⋯", "dotsc": "…", "dotsb": "⋯", "coloneqq": "≔", "prime": "′", "backslash": "\\",
    "land": "∧", "lor": "∨", "lnot": "¬", "iff": "⟺", "implies": "⟹", "gets": "←",
    "to": "→", "varnothing": "∅", "mid": "|", "colon": ":", "lbrack": "[", "rbrack": "]",
}  # fmt: skip
_BRACKETS = {
    "pmatrix": "()", "bmatrix": "[]", "Bmatrix": "{}", "vmatrix": "||", "Vmatrix": "‖‖",
    "cases": "{", "dcases": "{",
}  # fmt: skip


@functools.lru_cache(maxsize=50_000)
def formula_text(tex: str, macros: Macros = NO_MACROS) -> str:
    """``tex`` as readable Unicode text (see the module docstring).

    Cached: notes repeat formulas, and every page's are read for search.
    """
    with contextlib.suppress(MacroError):  # an endless macro: read the TeX as written
        tex = expand(tex, macros)
    tokens = [t for t in _TOKEN.findall(tex.strip()) if t]
    text = _Reader(tokens).read_all()
    return unicodedata.normalize("NFC", " ".join(text.split()))  # ŷ as one character


class _Reader:
    """Reads TeX tokens left to right, turning each into text."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0

    def read_all(self, until: str | None = None) -> str:
        out: list[str] = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if token == until:
                self.pos += 1
                break
            out.append(self.atom())
        return "".join(out)

    def argument(self) -> str:
        """The next argument: a braced group or a single token, as text."""
        while self.pos < len(self.tokens) and self.tokens[self.pos].isspace():
            self.pos += 1
        if self.pos >= len(self.tokens):
            return ""
        if self.tokens[self.pos] == "{":
            self.pos += 1
            return self.read_all("}")
        return self.atom()

    def optional(self) -> str | None:
        """An optional ``[...]`` argument's text, if there is one."""
        if self.pos < len(self.tokens) and self.tokens[self.pos] == "[":
            self.pos += 1
            return self.read_all("]")
        return None

    def atom(self) -> str:
        token = self.tokens[self.pos]
        self.pos += 1
        if token.isspace():
            return " "
        if token == "{":
            return self.read_all("}")
        if token == "}":
            return ""
        if token in ("^", "_"):
            return _script(self.argument(), _SUPERSCRIPT if token == "^" else _SUBSCRIPT, token)
        if token == "'":
            return "′"
        if token == "&":
            return " "
        if token == "~":
            return " "
        if token.startswith("\\"):
            return self.command(token[1:])
        return token

    def command(self, name: str) -> str:
        if name == "\\":
            return "; "
        if name in _SPACE:
            return " "
        if name in _DROP:
            if name in ("left", "right", "middle") and self.pos < len(self.tokens):
                delimiter = self.atom()
                return "" if delimiter == "." else delimiter
            return ""
        if name in _DROP_ARGUMENT:
            self.argument()
            return ""
        if name in _NAMES:
            label = {"argmax": "arg max", "argmin": "arg min", "bmod": "mod"}.get(name, name)
            return f"{label} "
        if name in _PLAIN:
            return self.argument()
        if name in _STYLES:
            return "".join(styled_char(char, _STYLES[name]) for char in self.argument())
        if name in _ACCENTS:
            inner = self.argument()
            return inner + _ACCENTS[name] if len(inner) == 1 else inner
        return self.structure(name)

    def structure(self, name: str) -> str:
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            top, bottom = self.argument(), self.argument()
            return f"{_grouped(top)}/{_grouped(bottom)}"
        if name in ("binom", "dbinom", "tbinom"):
            top, bottom = self.argument(), self.argument()
            return f"C({top}, {bottom})"
        if name == "sqrt":
            index = self.optional()
            inside = self.argument()
            root = "∛" if index == "3" else "∜" if index == "4" else "√"
            prefix = _script(index, _SUPERSCRIPT, "^") if index and root == "√" else ""
            return f"{prefix}{root}{_grouped(inside)}"
        if name in ("overset", "stackrel", "underset"):
            self.argument()
            return self.argument()
        if name in ("xrightarrow", "xleftarrow"):
            self.optional()
            self.argument()
            return "→" if name == "xrightarrow" else "←"
        if name in ("textcolor", "colorbox"):
            self.argument()
            return self.argument()
        if name == "pmod":
            return f" (mod {self.argument()})"
        if name == "tag":
            return f" ({self.argument()})"
        if name in ("begin", "end"):
            environment = self.argument().rstrip("*")
            brackets = _BRACKETS.get(environment, "")
            if environment in ("array", "alignedat", "aligned") and name == "begin":
                self.argument() if environment != "aligned" and self.peek("{") else None
            if not brackets:
                return " "
            return brackets[0] if name == "begin" else brackets[1:]
        if name in _EXTRA_SYMBOLS:
            return _EXTRA_SYMBOLS[name]
        code = convert_symbol("\\" + name)
        if code:
            return chr(int(code, 16)) if len(code) > 1 else code
        return name  # an unknown command: its name is the best guess

    def peek(self, token: str) -> bool:
        return self.pos < len(self.tokens) and self.tokens[self.pos] == token


def _script(text: str, table: dict[str, str], mark: str) -> str:
    """A superscript or subscript in Unicode's small letters, or ``^x`` / ``_(ab)``."""
    text = text.strip()
    if not text:
        return ""
    if all(char in table for char in text):
        return "".join(table[char] for char in text)
    return mark + _grouped(text)


def _grouped(text: str) -> str:
    """``text`` in parentheses when it is more than one symbol (``(a+b)`` but ``x``)."""
    text = " ".join(text.split())
    simple = re.fullmatch(r"[\w.′]+|\w[\w.]*\(.*\)|\(.*\)", text)
    return text if simple else f"({text})"
