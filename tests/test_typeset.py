"""Formulas typeset as MathML browsers render right: the corpus, and the hard cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from learnfolio.typeset.mathml import TypesetError, styled_char, to_mathml

CORPUS = Path(__file__).parent / "data" / "maths_corpus.tex"
FORMULAS = [
    line.strip()
    for line in CORPUS.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("%")
]


def _math(tex: str, display: bool = True) -> Tag:
    math = BeautifulSoup(to_mathml(tex, display=display), "html.parser").math
    assert isinstance(math, Tag)
    return math


def test_corpus_is_large_enough() -> None:
    assert len(FORMULAS) >= 300


@pytest.mark.parametrize("display", [True, False], ids=["display", "inline"])
def test_every_corpus_formula_typesets(display: bool) -> None:
    failed = []
    for tex in FORMULAS:
        try:
            out = to_mathml(tex, display=display)
        except Exception as exc:  # report all of them at once
            failed.append(f"{tex}: {exc!r}")
            continue
        math = BeautifulSoup(out, "html.parser")
        leaked = [
            t.string for t in math.find_all(["mi", "mo"]) if (t.string or "").startswith("\\")
        ]
        if leaked or 'mathvariant="bold' in out:
            failed.append(f"{tex}: shows {leaked or 'a mathvariant browsers ignore'}")
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize(
    ("env", "fences"),
    [
        ("pmatrix", "()"),
        ("bmatrix", "[]"),
        ("vmatrix", "||"),
        ("Bmatrix", "{}"),
        ("Vmatrix", "\u2016\u2016"),
    ],
)
def test_matrix_brackets_stretch_around_the_table_alone(env: str, fences: str) -> None:
    row = _math(rf"x = \begin{{{env}}} a & b \\ c & d \end{{{env}}}").find("mtable").parent
    assert row.name == "mrow"
    assert [child.name for child in row.children] == ["mo", "mtable", "mo"]
    assert "".join(child.string for child in row.find_all("mo", recursive=False)) == fences
    assert all(f["stretchy"] == "true" for f in row.find_all("mo", recursive=False))


def test_matrix_with_a_superscript_is_the_base() -> None:
    sup = _math(r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}^{-1}").find("msup")
    assert len(sup.contents) == 2 and sup.contents[0].find("mtable") is not None
    assert len(_math(r"\begin{bmatrix} 1 \\ 2 \end{bmatrix}").find_all("mtr")) == 2


def test_left_right_fences_are_stretchy() -> None:
    math = _math(r"\left\lVert \frac{a}{b} \right\rVert")
    fences = math.find_all("mo", attrs={"stretchy": "true"})
    assert [f.string for f in fences] == ["\u2016", "\u2016"]
    assert math.find("mfrac") is not None


def test_aligned_is_a_table_with_aligned_columns() -> None:
    math = _math(r"\begin{aligned} f(x) &= (x+1)^2 \\ &= x^2 + 2x + 1 \end{aligned}")
    table = math.find("mtable")
    assert table is not None and len(table.find_all("mtr")) == 2
    assert [td["columnalign"] for td in table.find("mtr").find_all("mtd")] == ["right", "left"]
    assert "&" not in math.get_text()


def test_dcases_cells_are_in_display_style() -> None:
    math = _math(r"f(x) = \begin{dcases} \frac{x}{2} & x > 0 \\ 0 & \text{else} \end{dcases}")
    assert math.find("mo", string="{") is not None
    frac = math.find("mfrac")
    assert frac.find_parent("mstyle", attrs={"displaystyle": "true"}) is not None


def test_gathered_and_line_breaks_become_rows() -> None:
    table = _math(r"\begin{gathered} a = b \\ c = d \end{gathered}").find("mtable")
    assert table is not None and len(table.find_all("mtr")) == 2
    assert _math(r"\begin{gathered} a \\ b \end{gathered}").find("mspace", linebreak=True) is None


def test_operatorname_is_upright_name_with_a_thin_space() -> None:
    math = _math(r"\operatorname{tr} A + \operatorname{tr}(B)")
    names = math.find_all("mi", string="tr")
    assert len(names) == 2
    assert names[0].find_next_sibling().name == "mspace"  # tr A
    assert names[1].find_next_sibling().string == "("  # tr(B): no space before (


@pytest.mark.parametrize(
    "tex",
    [
        r"\operatorname*{arg\,max}_x f(x)",
        r"\argmax_x f(x)",
        r"\max_{x} f",
        r"\lim_{n \to \infty} a_n",
    ],
)
def test_limits_go_below_in_display_and_move_aside_inline(tex: str) -> None:
    for display in (True, False):
        under = _math(tex, display).find("munder")
        assert under is not None, tex
        assert under.contents[0].name == "mo" and under.contents[0]["movablelimits"] == "true"
    assert "*" not in _math(tex).get_text()


def test_operatorname_without_star_keeps_its_subscript_aside() -> None:
    assert _math(r"\operatorname{prox}_{f}(v)").find("msub") is not None


@pytest.mark.parametrize(
    ("tex", "letter"),
    [
        (r"\boldsymbol{\mu}", "\U0001d741"),
        (r"\bm{x}", "\U0001d499"),
        (r"\mathbf{x}", "\U0001d431"),
        (r"\mathbf{0}", "\U0001d7ce"),
        (r"\mathbb{R}", "\u211d"),
        (r"\mathbb{E}", "\U0001d53c"),
        (r"\mathbb{1}", "\U0001d7d9"),
        (r"\mathcal{L}", "\u2112"),
    ],
)
def test_styled_letters_are_unicode_so_browsers_show_the_style(tex: str, letter: str) -> None:
    math = _math(tex)
    assert letter in math.get_text()
    assert not math.find(attrs={"mathvariant": lambda v: v not in (None, "normal")})


def test_styled_char_fills_unicode_holes() -> None:
    assert styled_char("h", "italic") == "\u210e"
    assert styled_char("C", "double-struck") == "\u2102"
    assert styled_char("+", "bold") == "+"


def test_mathrm_letter_is_upright() -> None:
    math = _math(r"\int f(x) \, \mathrm{d}x")
    assert math.find("mtext", string="d") is not None


@pytest.mark.parametrize("tex", ["f'(x)", "f''(x)", "y'''", r"x^\prime"])
def test_primes_follow_the_letter_not_as_a_superscript(tex: str) -> None:
    math = _math(tex)
    prime = math.find("mo", string=lambda s: s is not None and set(s) <= set("\u2032\u2033\u2034"))
    assert prime is not None and prime["lspace"] == "0"
    assert prime.parent.name == "mrow" and prime.find_previous_sibling().name == "mi"
    assert math.find("msup") is None


def test_inline_fraction_is_a_fraction_and_tfrac_dfrac_set_the_style() -> None:
    assert _math(r"\frac{1}{2}", display=False).find("mfrac") is not None
    tfrac = _math(r"\tfrac{1}{2}").find("mstyle")
    dfrac = _math(r"\dfrac{1}{2}", display=False).find("mstyle")
    assert tfrac["displaystyle"] == "false" and dfrac["displaystyle"] == "true"


def test_text_is_escaped_not_html() -> None:
    out = to_mathml(r"\text{a<b} < c", display=False)
    assert "<b" not in out and "a&lt;b" in out


def test_unknown_command_is_an_error_not_shown_as_tex() -> None:
    with pytest.raises(TypesetError, match=r"unknown command \\foo"):
        to_mathml(r"\foo{x} + 1", display=True)


def test_escaped_ampersand_is_text_but_a_stray_one_is_an_error() -> None:
    assert "&amp;" in to_mathml(r"a \& b", display=False)
    with pytest.raises(TypesetError, match="'&' outside a table"):
        to_mathml(r"\begin{foo} a & b \end{foo}", display=False)
