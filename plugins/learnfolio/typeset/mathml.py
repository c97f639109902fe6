"""TeX to MathML with latex2mathml, repaired for what browsers render (MathML Core).

latex2mathml writes MathML 3; Chromium, Firefox and Safari render MathML Core,
which ignores some of it. After converting, :func:`to_mathml` repairs the tree:

- ``mathvariant`` other than ``normal`` is ignored by MathML Core, so
  ``\\boldsymbol{\\mu}``, ``\\bm{x}``, ``\\mathbf{0}`` and ``\\mathbb{1}`` showed as
  plain letters: the letters become Unicode's mathematical alphanumerics.
- ``\\lim_{x\\to 0}``, ``\\max_x`` and ``\\operatorname*{arg\\,max}_x`` get their limits
  below in display maths (``munder`` with ``movablelimits``, so inline maths keeps
  them as subscripts).
- Operator names (``\\operatorname{tr}``, ``\\sin``) are upright ``mi`` with a thin
  space before what they apply to, as TeX spaces them.
- Primes (``f'``, ``f''``) follow the letter: the prime glyph is raised already,
  and as a superscript it flew far above.
- Matrices came out as a fence, a table and a fence loose in the formula: their
  brackets did not stretch and ``^{-1}`` took the first bracket as its base.
- Rows broken with ``\\\\`` outside a table (``gather*``, a display formula with a
  line break) become a one-column table: MathML Core has no line breaks.

A formula latex2mathml reads but cannot render (an unknown command it would show
as ``\\foo``, a stray ``&``) raises :class:`TypesetError`, so it is reported
rather than shown wrong. The MathML is serialised escaping text, so ``\\text{a<b}``
stays text.
"""

from __future__ import annotations

import functools
import re
from xml.etree.ElementTree import Element, SubElement

from latex2mathml.converter import convert_to_element
from latex2mathml.symbols_parser import convert_symbol

from learnfolio.typeset.macros import NO_MACROS, Macros, expand
from learnfolio.typeset.tex import PLACEHOLDER, rewrite

_ENTITY = re.compile(r"&#x([0-9A-Fa-f]+);")
_TOKENS = {"mi", "mn", "mo", "mtext", "ms"}
_SCRIPTS = {"msub": "munder", "msup": "mover", "msubsup": "munderover"}
_LIMITS = {"lim", "liminf", "limsup", "max", "min", "sup", "inf", "det", "gcd", "Pr"}
_LIMITS |= {"arg\u2009max", "arg\u2009min", "argmax", "argmin", "lim\u2009inf", "lim\u2009sup"}
_FIXED_ARITY = {*_SCRIPTS, *_SCRIPTS.values(), "mfrac", "mroot", "mmultiscripts"}
_PRIMES = {"\u2032", "\u2033", "\u2034", "\u2057"}
_THIN = "0.1667em"
_OPENING = {"(", "[", "{", "|", "\u2016", "\u27e8", "\u2308", "\u230a"}
_CLOSING = {")", "]", "}", "|", "\u2016", "\u27e9", "\u2309", "\u230b"}
_ESCAPED = {"\\|": "2016", "\\{": "{", "\\}": "}"}


class TypesetError(ValueError):
    """latex2mathml read the formula but would show it wrong."""


@functools.lru_cache(maxsize=50_000)
def formula_mathml(tex: str, display: bool, macros: Macros = NO_MACROS) -> str:
    """A formula of a note as MathML, the site's macros expanded; raises when it cannot be.

    Notes repeat formulas, and serve rebuilds typeset every page again:
    converting each distinct formula once saves most of the work.
    """
    return to_mathml(expand(tex.strip(), macros), display=display)


def typeset_error(tex: str, macros: Macros = NO_MACROS) -> str | None:
    """Why ``tex`` cannot be typeset, or ``None`` when it can."""
    try:
        formula_mathml(tex, False, macros)
    except Exception as exc:  # latex2mathml raises many kinds of errors
        return cannot_typeset(tex, exc)
    return None


def cannot_typeset(tex: str, exc: Exception) -> str:
    """The message for a formula that cannot be typeset: the TeX, then the reason."""
    shown = " ".join(tex.split())
    shown = shown if len(shown) <= 60 else shown[:59] + "…"
    reason = str(exc) or type(exc).__name__
    return f"cannot typeset ${shown}$: {type(exc).__name__}: {reason}"


def to_mathml(tex: str, *, display: bool) -> str:
    """``tex`` as a ``<math>`` element; raises on a formula that cannot be typeset."""
    rewritten = rewrite(tex)
    math = convert_to_element(rewritten.tex, display="block" if display else "inline")
    _repair(math, rewritten.operators)
    _refuse_leftovers(math)
    return _serialise(math)


def _repair(parent: Element, operators: dict[str, tuple[str, bool]]) -> None:
    """Fix ``parent``'s subtree in place (see the module docstring), children first."""
    _style_to_end_of_group(parent)
    _wrap_matrices(parent)
    for child in list(parent):
        _repair(child, operators)
    for child in parent:
        if child.tag in _TOKENS:
            _symbol(child)
            _unicode_variant(child)
            _placeholder(child, operators)
    if parent.tag in _SCRIPTS:
        _limits_below(parent)
        _prime(parent)
    for index, child in enumerate(parent):
        limits_base = index == 0 and parent.tag in _SCRIPTS.values()
        if child.tag == "mo" and _is_word(_text(child)) and not limits_base:
            # latex2mathml writes some names (det, max) as operators spaced like
            # "+": names they are, unless limits go below them.
            child.tag = "mi"
            child.attrib.pop("movablelimits", None)
            child.set("data-lf-name", "")
    if parent.tag not in _FIXED_ARITY:
        _space_after_names(parent)
        _rows_as_table(parent)


def _style_to_end_of_group(parent: Element) -> None:
    """``\\displaystyle`` in a table cell came out as an empty ``mstyle``: give it the rest."""
    children = list(parent)
    for index, child in enumerate(children):
        if child.tag == "mstyle" and not len(child) and index + 1 < len(children):
            for following in children[index + 1 :]:
                parent.remove(following)
                child.append(following)
            return


def _wrap_matrices(parent: Element) -> None:
    """latex2mathml writes a matrix as three siblings of what holds it (fence, table,
    fence), so its brackets did not stretch and ``^{-1}`` took the first one as its
    base: wrap them in a row of their own with stretchy fences."""
    children = list(parent)
    for index in range(len(children) - 2):
        left, table, right = children[index : index + 3]
        if not (
            table.tag == "mtable"
            and left.tag == "mo"
            and right.tag == "mo"
            and _text(left) in _OPENING
            and _text(right) in _CLOSING
        ):
            continue
        if parent.tag == "mrow" and len(children) == 3:
            for fence, form in ((left, "prefix"), (right, "postfix")):
                fence.attrib.update(stretchy="true", fence="true", form=form)
            return
        row = Element("mrow")
        position = list(parent).index(left)
        for fence, form in ((left, "prefix"), (table, ""), (right, "postfix")):
            parent.remove(fence)
            if form:
                fence.attrib.update(stretchy="true", fence="true", form=form)
            row.append(fence)
        parent.insert(position, row)
        _wrap_matrices(parent)
        return


def _text(element: Element) -> str:
    """The characters of a token, entities (latex2mathml writes ``&#x3B1;``) decoded."""
    return _ENTITY.sub(lambda m: chr(int(m[1], 16)), element.text or "")


def _symbol(token: Element) -> None:
    """``\\Big\\lVert`` came out as the text ``\\lVert``: the character it names."""
    text = _text(token)
    if not text.startswith("\\") or len(text) < 2:
        return
    code = _ESCAPED.get(text) or convert_symbol(text)
    if code:
        token.text = chr(int(code, 16)) if len(code) > 1 else code


def _unicode_variant(token: Element) -> None:
    variant = token.get("mathvariant")
    if variant is None or variant == "normal":
        return
    styled = "".join(styled_char(char, variant) for char in _text(token))
    token.text = styled
    del token.attrib["mathvariant"]
    if token.tag == "mi" and len(styled) > 1 and variant == "italic":
        # A multi-letter mi is upright: keep each letter italic by its code point.
        token.set("mathvariant", "normal")


def _placeholder(token: Element, operators: dict[str, tuple[str, bool]]) -> None:
    """An operator name (``\\operatorname``, ``\\argmax``) in place of its placeholder."""
    text = _text(token)
    if token.tag == "mi" and text.startswith("\\" + PLACEHOLDER) and text[1:] in operators:
        name, limits = operators[text[1:]]
        token.text = name
        if limits:
            token.tag = "mo"
            token.attrib.update(movablelimits="true", lspace=_THIN, rspace=_THIN)
        else:
            token.set("data-lf-name", "")


def _limits_below(script: Element) -> None:
    base = script[0] if len(script) else None
    if base is None or base.tag != "mo":
        return
    if _text(base) in _LIMITS or base.get("movablelimits") == "true":
        script.tag = _SCRIPTS[script.tag]
        base.attrib.update(movablelimits="true", lspace=_THIN, rspace=_THIN)


def _is_word(text: str) -> bool:
    return len(text) > 1 and text.replace("\u2009", "").isalpha()


def _prime(script: Element) -> None:
    """``f'``: latex2mathml raises the prime as a superscript, but the prime glyph is
    already raised, so browsers drew it far above the letter: a row of the letter
    and the prime instead."""
    if script.tag != "msup" or len(script) != 2:
        return
    mark = script[1]
    if mark.tag in ("mi", "mo") and _text(mark) and set(_text(mark)) <= _PRIMES:
        script.tag = "mrow"
        mark.tag = "mo"
        mark.attrib.update(lspace="0", rspace="0")


def _space_after_names(row: Element) -> None:
    """A thin space after an operator name (``\\sin x``), none before ``(``."""
    children = list(row)
    for index, child in enumerate(children[:-1]):
        base = child[0] if child.tag in _SCRIPTS and len(child) else child
        if not _is_name(base) or child.tag in ("munder", "mover", "munderover"):
            continue
        following = children[index + 1]
        if following.tag in ("mo", "mspace") or (following.tag == "mrow" and _opens(following)):
            continue
        row.insert(list(row).index(following), Element("mspace", width=_THIN))


def _is_name(token: Element) -> bool:
    if token.tag != "mi":
        return False
    return "data-lf-name" in token.attrib or (len(_text(token)) > 1 and _text(token).isalpha())


def _opens(row: Element) -> bool:
    return len(row) > 0 and row[0].tag == "mo"


def _rows_as_table(row: Element) -> None:
    """A row holding ``<mspace linebreak="newline">`` becomes a centred one-column table."""
    if row.tag not in ("mrow", "math") or not any(
        c.tag == "mspace" and c.get("linebreak") == "newline" for c in row
    ):
        return
    lines: list[list[Element]] = [[]]
    for child in list(row):
        row.remove(child)
        if child.tag == "mspace" and child.get("linebreak") == "newline":
            lines.append([])
        else:
            lines[-1].append(child)
    table = SubElement(row, "mtable", displaystyle="true", rowspacing="0.5em")
    for line in lines:
        cell = SubElement(SubElement(table, "mtr"), "mtd")
        cell.extend(line)


def _refuse_leftovers(math: Element) -> None:
    for element in math.iter():
        if element.tag not in _TOKENS:
            continue
        text = _text(element)
        if element.tag in ("mi", "mo") and re.fullmatch(r"\\(?:[a-zA-Z]+\*?|\S)", text):
            raise TypesetError(f"unknown command {text}")
        if element.tag in ("mi", "mo") and element.text == "&":  # not \& (written &#x00026;)
            raise TypesetError("'&' outside a table (an unknown environment?)")


def _serialise(element: Element) -> str:
    """The element as XML text (not ElementTree's: latex2mathml's text holds references)."""
    parts: list[str] = []
    _write(element, parts)
    return "".join(parts)


def _write(element: Element, parts: list[str]) -> None:
    attributes = "".join(
        f' {name}="{_escape(value)}"'
        for name, value in element.attrib.items()
        if not name.startswith("data-lf-")
    )
    if not len(element) and not element.text:
        parts.append(f"<{element.tag}{attributes} />")
        return
    parts.append(f"<{element.tag}{attributes}>")
    if element.text:
        parts.append(_escape(element.text))
    for child in element:
        _write(child, parts)
    parts.append(f"</{element.tag}>")


def _escape(text: str) -> str:
    """Text as XML: latex2mathml's ``&#x3B1;`` references as the characters they name."""
    text = _ENTITY.sub(lambda m: chr(int(m[1], 16)), text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


# Unicode's mathematical alphanumerics (U+1D400...), by MathML's mathvariant names.
_LATIN_START = {
    "bold": 0x1D400,
    "italic": 0x1D434,
    "bold-italic": 0x1D468,
    "script": 0x1D49C,
    "bold-script": 0x1D4D0,
    "fraktur": 0x1D504,
    "double-struck": 0x1D538,
    "bold-fraktur": 0x1D56C,
    "sans-serif": 0x1D5A0,
    "bold-sans-serif": 0x1D5D4,
    "sans-serif-italic": 0x1D608,
    "sans-serif-bold-italic": 0x1D63C,
    "monospace": 0x1D670,
}
_GREEK_START = {
    "bold": 0x1D6A8,
    "italic": 0x1D6E2,
    "bold-italic": 0x1D71C,
    "bold-sans-serif": 0x1D756,
    "sans-serif-bold-italic": 0x1D790,
}
_DIGIT_START = {
    "bold": 0x1D7CE,
    "double-struck": 0x1D7D8,
    "sans-serif": 0x1D7E2,
    "bold-sans-serif": 0x1D7EC,
    "monospace": 0x1D7F6,
}
# Letters Unicode had before the block: the block leaves holes where they would be.
_HOLES = {
    0x1D455: "\u210e",
    0x1D49D: "\u212c",
    0x1D4A0: "\u2130",
    0x1D4A1: "\u2131",
    0x1D4A3: "\u210b",
    0x1D4A4: "\u2110",
    0x1D4A7: "\u2112",
    0x1D4A8: "\u2133",
    0x1D4AD: "\u211b",
    0x1D4BA: "\u212f",
    0x1D4BC: "\u210a",
    0x1D4C4: "\u2134",
    0x1D506: "\u212d",
    0x1D50B: "\u210c",
    0x1D50C: "\u2111",
    0x1D515: "\u211c",
    0x1D51D: "\u2128",
    0x1D53A: "\u2102",
    0x1D53F: "\u210d",
    0x1D545: "\u2115",
    0x1D547: "\u2119",
    0x1D548: "\u211a",
    0x1D549: "\u211d",
    0x1D551: "\u2124",
}
_GREEK = "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡϴΣΤΥΦΧΨΩ∇αβγδεζηθικλμνξοπρςστυφχψω∂ϵϑϰϕϱϖ"


def styled_char(char: str, variant: str) -> str:
    """``char`` in a mathvariant as one Unicode character (itself when there is none)."""
    code = ord(char)
    start: int | None = None
    if "A" <= char <= "Z" and variant in _LATIN_START:
        start = _LATIN_START[variant] + code - ord("A")
    elif "a" <= char <= "z" and variant in _LATIN_START:
        start = _LATIN_START[variant] + 26 + code - ord("a")
    elif "0" <= char <= "9" and variant in _DIGIT_START:
        start = _DIGIT_START[variant] + code - ord("0")
    elif char in _GREEK and variant in _GREEK_START:
        start = _GREEK_START[variant] + _GREEK.index(char)
    if start is None:
        return char
    return _HOLES.get(start, chr(start))
