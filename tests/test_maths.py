"""Maths follows Obsidian's rules in every position, checked on the HTML a reader gets."""

from __future__ import annotations

import logging

import pytest
from bs4 import Tag

from learnfolio.model.maths import Dollar, Formula, find_maths
from tests.sitebuild import BuiltSite, build_site

HARD_CASES = {
    "notes/Glued.md": (
        "# Glued\n\n"
        "A paragraph glued to its formula\n$$\n"
        "A = \\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}\n$$\n"
        "and text right after.\n"
    ),
    "notes/Lists.md": (
        "# Lists\n\n"
        "- first item\n  $$\n"
        "  f(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & x \\le 0 \\end{cases}\n  $$\n"
        "- second with $$\\sum_{i=1}^n x_i$$ in the middle\n"
        "1. numbered $a_1$\n"
    ),
    "notes/Callouts.md": (
        "# Callouts\n\n"
        "> [!note] Definition\n> The mean\n> $$\n"
        "> \\begin{aligned} \\mu &= \\frac{1}{n}\\sum_i x_i "
        "\\\\ \\sigma^2 &= \\frac{1}{n}\\sum_i (x_i - \\mu)^2 \\end{aligned}\n> $$\n\n"
        "> A quote\n> $$\n> e^{i\\pi} + 1 = 0\n> $$\n"
    ),
    "notes/Inline.md": (
        "# Inline\n\n"
        "So $$E = mc^2$$ is famous, and $f'(x) < 1$ is a derivative.\n\n"
        "It costs $5 and $10 at most.\n\n"
        "A dollar sign \\$ here, and $$ $$ nothing there.\n\n"
        "Code `$x$` and\n\n```\n$$ y $$\n```\n"
    ),
    "notes/Broken.md": "# Broken\n\nFine $x$.\n\nBad $\\frac{1}{$ here.\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(tmp_path_factory.mktemp("maths"), HARD_CASES)


def _maths(article: Tag) -> list[str | None]:
    return [m.get("display") for m in article.find_all("math")]


def _no_tex_left(article: Tag) -> None:
    text = article.get_text()
    assert "$$" not in text and "\\frac" not in text and "\\begin" not in text


def test_display_maths_glued_to_a_paragraph(site: BuiltSite) -> None:
    article = site.article("notes/glued")
    assert _maths(article) == ["block"]
    assert article.find("mtable") is not None  # the matrix kept its rows (\\ not eaten)
    assert "and text right after." in article.get_text()
    _no_tex_left(article)


def test_display_maths_in_list_items(site: BuiltSite) -> None:
    article = site.article("notes/lists")
    items = article.find_all("li")
    assert [_maths(li) for li in items] == [["block"], ["block"], ["inline"]]
    assert "in the middle" in items[1].get_text()
    _no_tex_left(article)


def test_display_maths_in_callouts_and_quotes(site: BuiltSite) -> None:
    article = site.article("notes/callouts")
    callout = article.select_one(".admonition, details")
    assert callout is not None and _maths(callout) == ["block"]
    assert callout.find(["mtable", "mspace"]) is not None  # the \\ line break survived
    quote = article.find("blockquote")
    assert quote is not None and _maths(quote) == ["block"]
    assert ">" not in (quote.find("math") or Tag(name="x")).get_text()
    _no_tex_left(article)


def test_inline_rules(site: BuiltSite) -> None:
    article = site.article("notes/inline")
    paragraphs = [p.get_text() for p in article.find_all("p")]
    first = article.find_all("p")[0]
    assert _maths(first) == ["block", "inline"]
    assert "<" in [mo.get_text() for mo in first.find_all("mo")]
    assert "$" not in first.get_text()
    assert "It costs $5 and $10 at most." in paragraphs
    assert any(p.startswith("A dollar sign $ here, and") for p in paragraphs)
    assert all("\\$" not in p for p in paragraphs)
    codes = [c.get_text() for c in article.find_all("code")]
    assert "$x$" in codes and any("$$ y $$" in c for c in codes)
    assert len(article.find_all("math")) == 2


def test_empty_display_maths_is_silent(site: BuiltSite) -> None:
    assert not [m for m in site.messages(logging.INFO) if "notes/Inline.md" in m]


def test_untypesettable_formula_is_reported_on_its_line_and_shown_as_tex(
    site: BuiltSite,
) -> None:
    messages = [m for m in site.messages(logging.INFO) if "cannot typeset" in m]
    assert len(messages) == 1
    expected = "learnfolio: notes/Broken.md:5: warning: cannot typeset $\\frac{1}{$: "
    assert messages[0].startswith(expected)
    article = site.article("notes/broken")
    assert _maths(article) == ["inline"]
    error = article.select_one(".lf-math-error code")
    assert error is not None and error.get_text() == "$\\frac{1}{$"


def test_quiet_about_formulas_that_typeset(site: BuiltSite) -> None:
    assert not [m for m in site.messages(logging.INFO) if "typeset" in m and "Broken" not in m]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("it costs $5 and $10", []),
        ("$x$", [("x", False)]),
        ("a $x$, b", [("x", False)]),
        ("price 5$ or 6$", []),
        ("$ x$ and $x $", []),
        ("$$x$$", [("x", True)]),
        ("text $$\\sum$$ text", [("\\sum", True)]),
        ("> $$\n> a \\\\\n> b\n> $$", [("a \\\\\nb", True)]),
        ("- x\n  $$\n  a\n  $$", [("a", True)]),
        ("`$x$` and ``$$y$$``", []),
        ("```\n$x$\n```\n$y$", [("y", False)]),
        ("\\$x$", []),
        ("$a\\$b$", [("a\\$b", False)]),
        ("<!-- $x$ --> $y$", [("y", False)]),
        ("US$5 and a$x$", []),  # after a Latin letter: text
        ("收敛于$\\frac{1}{2}$, 服从$X$", [("\\frac{1}{2}", False), ("X", False)]),  # after CJK
        ("한국어$y$", [("y", False)]),
    ],
)
def test_find_maths_follows_obsidian(text: str, found: list[tuple[str, bool]]) -> None:
    formulas = [(f.tex, f.display) for f in find_maths(text) if isinstance(f, Formula)]
    assert formulas == found


def test_escaped_dollar_is_found_as_a_dollar() -> None:
    assert find_maths("a \\$ b") == [Dollar(2, 4)]


def test_formula_alone_only_with_blank_lines_around() -> None:
    def alone(text: str) -> list[bool]:
        return [f.alone for f in find_maths(text) if isinstance(f, Formula)]

    assert alone("$$\nx\n$$") == [True]
    assert alone("para\n\n$$\nx\n$$\n\nmore") == [True]
    assert alone("para\n$$\nx\n$$") == [False]
    assert alone("> q\n>\n> $$x$$\n>") == [True]
    assert alone("- $$x$$") == [False]
