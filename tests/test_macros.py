"""The ``math_macros`` option: a user's ``preamble.sty`` works as it does in Obsidian."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from learnfolio.cli import main
from learnfolio.typeset.macros import MacroError, Macros, expand, read_macros
from learnfolio.typeset.mathml import formula_mathml
from tests.notebooks import PLUGINS, md, notebook
from tests.sitebuild import BuildFailed, build_site, write_tree

# What an Obsidian user keeps for the Extended MathJax plugin, comments and all.
PREAMBLE = r"""% preamble.sty for Extended MathJax
\newcommand{\R}{\mathbb{R}}          % the reals
\newcommand\E[1]{\mathbb{E}\left[#1\right]}
\newcommand{\norm}[2][2]{\left\lVert #2 \right\rVert_{#1}}
\renewcommand{\vec}[1]{\boldsymbol{#1}}
\def\x{\mathbf{x}}
\def\inner#1#2{\langle #1, #2 \rangle}
\DeclareMathOperator{\Tr}{Tr}
\DeclareMathOperator*{\argmin}{arg\,min}
\let\eps\varepsilon
\newcommand{\KL}[2]{D_{\mathrm{KL}}\left(#1 \,\|\, #2\right)}
"""


@pytest.fixture(scope="module")
def macros() -> Macros:
    found, errors = read_macros(PREAMBLE)
    assert errors == []
    return found


@pytest.mark.parametrize(
    ("tex", "expanded"),
    [
        (r"\x \in \R^n", r"\mathbf{x} \in \mathbb{R}^n"),
        (r"\E{X}", r"\mathbb{E}\left[X\right]"),
        (r"\E X", r"\mathbb{E}\left[X\right]"),
        (r"\norm{\x}", r"\left\lVert \mathbf{x} \right\rVert_{2}"),
        (r"\norm[1]{w}", r"\left\lVert w \right\rVert_{1}"),
        (r"\vec{\mu}", r"\boldsymbol{\mu}"),
        (r"\inner{u}{v}", r"\langle u, v \rangle"),
        (r"\inner ab", r"\langle a, b \rangle"),
        (r"\Tr A", r"\operatorname{Tr} A"),
        (r"\eps", r"\varepsilon"),
        (r"\Rightarrow \Real", r"\Rightarrow \Real"),  # a longer name is another command
        (r"\KL{q}{p}", r"D_{\mathrm{KL}}\left(q \,\|\, p\right)"),
    ],
)
def test_preamble_commands_expand(macros: Macros, tex: str, expanded: str) -> None:
    assert expand(tex, macros) == expanded


def test_expanded_formulas_typeset(macros: Macros) -> None:
    out = formula_mathml(r"\argmin_{\x \in \R^n} \norm{A\x - b} + \Tr(\vec{\mu})", True, macros)
    assert "\u211d" in out and "\U0001d431" in out  # ℝ and bold x
    assert 'movablelimits="true"' in out and "arg\u2009min" in out
    assert ">Tr</mi>" in out


def test_macros_using_macros_and_endless_ones() -> None:
    found, _ = read_macros("\\newcommand{\\a}{\\b+1}\n\\newcommand{\\b}{x}\n\\def\\loop{\\loop}\n")
    assert expand(r"\a", found) == "x+1"
    with pytest.raises(MacroError, match=r"\\loop never stops"):
        expand(r"\loop", found)


def test_missing_argument_is_an_error() -> None:
    found, _ = read_macros("\\newcommand{\\pair}[2]{(#1,#2)}\n")
    with pytest.raises(MacroError, match=r"\\pair needs 2 argument"):
        expand(r"\pair{a}", found)


def test_unreadable_definitions_are_named_on_their_line_and_the_rest_counts() -> None:
    found, errors = read_macros(
        "\\newcommand{\\R}{\\mathbb{R}}\n"
        "\\usepackage{amsmath}\n"
        "\\newcommand{\\bad}[x]{y}\n"
        "\\newcommand{\\N}{\\mathbb{N}}\n"
        "\\newcommand{\\open}{unclosed\n"
    )
    assert [macro.name for macro in found.definitions] == ["\\R", "\\N"]
    assert [(error.line, str(error)) for error in errors] == [
        (2, "not a macro definition, ignored: \\usepackage{amsmath}"),
        (3, "expected a number of arguments from 0 to 9, got [x]"),
        (5, "unbalanced braces in the definition of \\open"),
    ]


NOTES = {
    "preamble.sty": PREAMBLE,
    "notes/Least squares.md": (
        "# Least squares\n\nFind $\\x \\in \\R^n$ with\n\n$$\n\\argmin_{\\x} \\norm{A\\x - b}\n$$\n"
    ),
    "notes/Gradients.ipynb": notebook(
        md("# Gradients\n\nThe gradient $\\nabla f(\\x) \\in \\R^n$.")
    ),
    "docs/blog/index.md": "# Blog\n",
    "docs/blog/posts/kl.md": (
        "---\ndate: 2026-04-18\n---\n# On KL\n\nAlways $\\KL{q}{p} \\ge 0$.\n"
    ),
}


def test_macros_apply_to_notes_notebooks_and_posts(tmp_path: Path) -> None:
    site = build_site(
        tmp_path,
        NOTES,
        options={"math_macros": "preamble.sty"},
        plugins=[*PLUGINS, {"blog": {"blog_dir": "blog"}}],
    )
    assert not [m for m in site.messages(logging.INFO) if m.startswith("learnfolio: ")]
    note = site.article("notes/least-squares")
    assert "\u211d" in note.get_text() and "\U0001d431" in note.get_text()
    assert note.find("munder") is not None
    book = site.article("notes/gradients")
    assert "\u211d" in book.get_text() and book.find("math") is not None
    post = site.article("blog/2026/04/18/on-kl")
    assert "KL" in post.get_text() and "\\KL" not in post.get_text()


def test_without_the_option_the_commands_are_reported(tmp_path: Path) -> None:
    site = build_site(tmp_path, {"notes/A.md": "# A\n\nSee $\\R^n$.\n"})
    messages = [m for m in site.messages(logging.INFO) if "cannot typeset" in m]
    assert messages == [
        "learnfolio: notes/A.md:3: warning: cannot typeset $\\R^n$: "
        "TypesetError: unknown command \\R"
    ]


def test_missing_macros_file_fails_the_config_naming_it(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as failed:
        build_site(tmp_path, {"notes/A.md": "# A\n"}, options={"math_macros": "nope.sty"})
    assert any("math_macros" in m and "no such file: nope.sty" in m for m in failed.value.messages)


def test_bad_definition_is_reported_with_file_and_line_and_fails_strict(tmp_path: Path) -> None:
    files = {"tex/preamble.sty": "\\newcommand{\\R}{\\mathbb{R}}\n\\newcommand{\\x}[z]{x}\n"}
    files["notes/A.md"] = "# A\n\n$\\R$\n"
    site = build_site(tmp_path, files, options={"math_macros": "tex/preamble.sty"})
    assert (
        "learnfolio: tex/preamble.sty:2: error: expected a number of arguments from 0 to 9, got [z]"
        in site.messages()
    )
    assert "\u211d" in site.article("notes/a").get_text()
    with pytest.raises(BuildFailed):
        build_site(tmp_path, files, options={"math_macros": "tex/preamble.sty"}, strict=True)


CHECK_CONFIG = """\
site_name: Test
theme:
  name: material
markdown_extensions:
  - pymdownx.arithmatex:
      generic: true
plugins:
  - learnfolio:
      math_macros: preamble.sty
      sources:
        - path: notes
          name: Notes
          mount: notes
"""


def test_check_reports_formulas_and_macros_like_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tree(
        tmp_path,
        {
            "mkdocs.yml": CHECK_CONFIG,
            "docs/index.md": "# Home\n",
            "preamble.sty": "\\newcommand{\\R}{\\mathbb{R}}\n\\oops\n",
            "notes/A.md": "# A\n\nFine $\\R^n$.\n\nBroken $\\frac{1}{$ and $\\nope x$.\n",
            "notes/B.ipynb": notebook(md("# B"), md("Cell $\\alsonope$")),
        },
    )
    code = main(["check", "-f", str(tmp_path / "mkdocs.yml")])
    out = capsys.readouterr().out.splitlines()
    assert "preamble.sty:2: warning: not a macro definition, ignored: \\oops" in out
    assert any(
        line.startswith("notes/A.md:5: warning: cannot typeset $\\frac{1}{$") for line in out
    )
    assert (
        "notes/A.md:5: warning: cannot typeset $\\nope x$: TypesetError: unknown command \\nope"
        in out
    )
    assert any(
        line.startswith("notes/B.ipynb:") and "cell 2: cannot typeset $\\alsonope$" in line
        for line in out
    )
    assert not any("\\R^n" in line for line in out)
    assert code == 0  # warnings only
