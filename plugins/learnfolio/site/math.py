"""Typeset math at build time as MathML, so formulas need no script and no CDN.

Notes follow Obsidian's rules for ``$`` and ``$$`` (:mod:`learnfolio.model.maths`),
which pymdownx.arithmatex does not: :class:`Maths`, a Markdown extension, takes
every formula out of the text before Markdown reads it and writes it back as
arithmatex's HTML (``\\(...\\)`` and ``\\[...\\]`` in ``arithmatex`` spans and
divs), so a formula in a list, a callout or mid-sentence comes out like any
other and Markdown never turns ``\\\\`` into ``\\``. Arithmatex keeps only its
``\\(...\\)`` and ``\\[...\\]`` forms. Browsers render MathML natively, so
:func:`typeset` converts that HTML when the page is built
(:mod:`learnfolio.typeset.mathml`: latex2mathml and a layer of repairs). A
formula that cannot be typeset is shown as its TeX and reported on its line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from learnfolio.model.maths import Dollar, Formula, find_maths
from learnfolio.render.fragments import sub_at, without_furniture
from learnfolio.typeset.macros import NO_MACROS, Macros
from learnfolio.typeset.mathml import cannot_typeset, formula_mathml
from learnfolio.typeset.text import formula_text

_MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">'
    r"(?P<open>\\\(|\\\[)(?P<tex>.*?)(?:\\\)|\\\])</(?P=tag)>",
    re.DOTALL,
)


_MARK = 'class="arithmatex">'


def _each_formula(content: str, replace: Callable[[re.Match[str]], str]) -> str:
    """``_MATH.sub(replace, content)``, found from the class every formula has."""
    return sub_at(_MATH, content, _MARK, (len("<span "), len("<div ")), replace)


def mathml(
    tex: str, *, display: bool, report: Callable[[str], None], macros: Macros = NO_MACROS
) -> str | None:
    """LaTeX as MathML; ``None`` (and a report) when it cannot be typeset."""
    try:
        return formula_mathml(tex, display, macros)
    except Exception as exc:  # latex2mathml raises many kinds of errors
        report(cannot_typeset(tex, exc))
        return None


def typeset(
    content: str, report: Callable[[str], None] | None = None, macros: Macros = NO_MACROS
) -> str:
    """Replace arithmatex's LaTeX in ``content`` with MathML.

    A formula that cannot be typeset is shown as its TeX between dollars.
    """
    if 'class="arithmatex"' not in content:
        return content

    def to_mathml(match: re.Match[str]) -> str:
        tex = html.unescape(match["tex"])
        display = match["open"] == "\\["
        converted = mathml(
            tex, display=display, report=report or (lambda message: None), macros=macros
        )
        tag = match["tag"]
        if converted is None:
            dollars = "$$" if display else "$"
            shown = html.escape(f"{dollars}{tex.strip()}{dollars}", quote=False)
            return f'<{tag} class="lf-math-error"><code>{shown}</code></{tag}>'
        return f'<{tag} class="arithmatex lf-math">{converted}</{tag}>'

    return _each_formula(content, to_mathml)


_DELIMITED = re.compile(r"\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\]", re.DOTALL)


def math_as_text(text: str, macros: Macros = NO_MACROS) -> str:
    """Plain text (a table of contents entry) with its ``\\(...\\)`` formulas as Unicode."""
    if "\\(" not in text and "\\[" not in text:
        return text
    return _DELIMITED.sub(
        lambda m: formula_text(m["inline"] if m["inline"] is not None else m["display"], macros),
        text,
    )


def spans_as_text(content: str, macros: Macros = NO_MACROS) -> str:
    """HTML whose formulas (arithmatex's spans) read as Unicode text, for the search index."""
    if 'class="arithmatex"' not in content:
        return content

    def as_text(match: re.Match[str]) -> str:
        text = formula_text(html.unescape(match["tex"]), macros)
        return (
            f'<{match["tag"]} class="arithmatex">{html.escape(text, quote=False)}</{match["tag"]}>'
        )

    return _each_formula(content, as_text)


def search_view(content: str, macros: Macros = NO_MACROS) -> str:
    """The page HTML Material's search reads: formulas as text, furniture left empty.

    The backlinks section and the provenance line are marked
    ``data-search-exclude``, so search skips them anyway; emptied, they need
    not be read first. Their opening tags stay, so search still takes the
    ``data-search-*`` attributes out, which tells it ran (see the plugin's
    ``_formulas_as_tex``).
    """
    return spans_as_text(without_furniture(content, keep_tags=True), macros)


def arithmatex_html(formula: Formula) -> str:
    """A formula as pymdownx.arithmatex writes it (generic mode); ``""`` when empty."""
    tex = html.escape(formula.tex.strip(), quote=False)
    if not tex:
        return ""
    if not formula.display:
        return f'<span class="arithmatex">\\({tex}\\)</span>'
    tag = "div" if formula.alone else "span"
    return f'<{tag} class="arithmatex">\\[{tex}\\]</{tag}>'


class Maths(Extension):  # type: ignore[misc]
    """Find maths by Obsidian's rules and put it in Python-Markdown's raw-HTML stash.

    Runs right after learnfolio's fragments are stashed and before any block is
    parsed, so ``$$`` in a list, a quote or a paragraph is found like anywhere else.
    """

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the preprocessor (priority 28: after learnfolio's fragments, 29)."""
        md.preprocessors.register(_StashMaths(md), "learnfolio_maths", 28)


class _StashMaths(Preprocessor):  # type: ignore[misc]
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        found = find_maths(text)
        if not found:
            return lines
        out: list[str] = []
        pos = 0
        for item in found:
            out.append(text[pos : item.start])
            if isinstance(item, Dollar):
                out.append("&#36;")
            else:
                markup = arithmatex_html(item)
                out.append(self.md.htmlStash.store(markup) if markup else "")
            pos = item.end
        out.append(text[pos:])
        return "".join(out).split("\n")
