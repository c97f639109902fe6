"""Typeset math at build time as MathML, so formulas need no script and no CDN.

pymdownx.arithmatex (``generic: true``) marks math as ``\\(...\\)`` and
``\\[...\\]`` inside ``arithmatex`` spans and divs; browsers render MathML
natively, so learnfolio converts those with latex2mathml when the page is
built. A formula latex2mathml cannot read keeps its LaTeX and is reported.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable

from latex2mathml.converter import convert

_MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">'
    r"(?P<open>\\\(|\\\[)(?P<tex>.*?)(?:\\\)|\\\])</(?P=tag)>",
    re.DOTALL,
)

# Commands latex2mathml does not know, written with ones it does.
_MISSING = {
    r"\arg": r"\operatorname{arg}",
    r"\argmax": r"\operatorname{arg\,max}",
    r"\argmin": r"\operatorname{arg\,min}",
}
_COMMANDS = re.compile(r"\\arg(?:max|min)?(?![a-zA-Z])")


def mathml(tex: str, *, display: bool, report: Callable[[str], None]) -> str | None:
    """LaTeX as MathML; ``None`` (and a report) when latex2mathml cannot read it."""
    tex = _COMMANDS.sub(lambda m: _MISSING[m.group(0)], tex.strip())
    try:
        return _convert(tex, "block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many kinds of errors
        report(f"cannot typeset math '{tex[:60]}': {exc}")
        return None


def typeset(content: str, report: Callable[[str], None]) -> str:
    """Replace arithmatex's LaTeX in ``content`` with MathML."""
    if 'class="arithmatex"' not in content:
        return content

    def to_mathml(match: re.Match[str]) -> str:
        tex = html.unescape(match["tex"])
        converted = mathml(tex, display=match["open"] == "\\[", report=report)
        if converted is None:
            return match.group(0)
        tag = match["tag"]
        return f'<{tag} class="arithmatex lf-math">{converted}</{tag}>'

    return _MATH.sub(to_mathml, content)


@functools.lru_cache(maxsize=50_000)
def _convert(tex: str, display: str) -> str:
    # Notes repeat formulas, and serve rebuilds typeset every page again:
    # converting each distinct formula once saves most of the work.
    return str(convert(tex, display=display))
