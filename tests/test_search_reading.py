"""learnfolio reads pages for Material's search faster, into Material's own entries.

``material_sections`` drives Material's search ``Parser`` with one regular
expression instead of ``html.parser``; where it cannot be sure to read as
``html.parser`` does, it says so (``None``) and Material reads the page. Each
case below is read both ways and the sections must be the same.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
from backrefs import bre
from material.plugins.search.plugin import Parser, SearchIndex

from learnfolio.site.speed import search
from learnfolio.site.speed.search import material_sections, read_faster
from tests.sitebuild import build_site


def _material(content: str) -> list[Any]:
    parser = Parser()
    parser.feed(content)
    parser.close()
    return list(parser.data)


def _shape(sections: list[Any]) -> list[tuple[Any, ...]]:
    return [(s.el.tag, s.depth, s.id, s.title, s.text, s.is_excluded()) for s in sections]


READ_HERE = {
    "headings": '<h1 id="t">Title</h1><p>Intro</p><h2 id="a">A <em>part</em></h2><p>x</p>',
    "no h1 first": '<p>Before</p><h2 id="a">A</h2><p>After</p>',
    "heading without id": "<h2>Plain</h2><p>text</p>",
    "nested heading": '<div><h2 id="in">Inside</h2><p>a</p></div><p>after the div</p>',
    "permalink": '<h2 id="p">Part<a class="headerlink" href="#p" title="Link">&para;</a></h2>',
    "excluded": "<p>kept</p><div data-search-exclude><p>left out</p></div><p>kept too</p>",
    "excluded section": '<h2 id="x" data-search-exclude>Gone</h2><p>gone</p><h2 id="y">Y</h2>',
    "line numbers": '<table><tr><td class="linenodiv"><pre>1\n2</pre></td>'
    "<td><pre><code>a = 1\nb = 2</code></pre></td></tr></table>",
    "code whitespace": "<pre><code>def f():\n    return  1\n\n</code></pre><p>a\n b   c</p>",
    "entities": "<p>a &amp; b &lt;c&gt; &#x1D430; &eacute; &copy &nbsp;</p>",
    "attribute entities": '<h2 id="a&amp;b">A &amp; B</h2><p title="&quot;q&quot;">x</p>',
    "void and closed": '<p>a<br/>b<br>c<img src="x.png" alt="x"/><hr /></p>',
    "mathml": '<p><math><mi>x</mi><mo>=</mo><mspace width="1em"/><mn>2</mn></math></p>',
    "empty and bare attributes": '<details open class=""><summary>S</summary><p>d</p></details>',
    "upper case": '<P CLASS="X">Shout</P><H2 ID="Up">Up</H2>',
    "repeated attribute": '<h2 id="first" id="second">Twice</h2>',
    "single quotes": "<h2 id='s'>Single</h2><p class='a b'>t</p>",
    "spaces in tags": '<h2\n  id = "sp"\n>Spaced</h2 ><p >t</p >',
    "lists, sub and sup": "<ul><li>one</li><li>two<sub>2</sub><sup>3</sup></li></ul><ol></ol>",
    "empty kept element": "<p>   </p><p>\n</p><ul>\n<li></li>\n</ul>",
    "stray end tag": "<p>a</span></p></div><p>b</p>",
    "unclosed": "<div><p>a<em>b",
    "comment": "<p>a<!-- a note -->b</p><!---->",
    "chinese": '<h1 id="t">线性代数</h1><p>特征值和特征向量。</p>',
    "text only": "just text &amp; more",
    "whitespace between blocks": "\n\n<p>a</p>\n  \n<p>b</p>\n",
    "attribute with >": '<p title="a > b">x</p>',
}

LEFT_TO_MATERIAL = {
    "script": "<p>a</p><script>if (a < b) {}</script>",
    "style": "<style>p > a {}</style><p>x</p>",
    "title": "<svg><title>t</title></svg>",
    "less than in text": "<p>a < b</p>",
    "less than at the end": "<p>a</p><",
    "doctype": "<!DOCTYPE html><p>x</p>",
    "processing instruction": "<?xml version='1.0'?><p>x</p>",
    "cdata": "<math><![CDATA[x]]></math>",
    "unquoted value": "<p class=x>y</p>",
    "comment with dashes": "<!-- a -- b --><p>x</p>",
    "short comment": "<!--><p>x</p>",
    "odd tag name": "<p>a</p><a!b>c",
    "textarea": "<textarea><p></textarea>",
}


@pytest.mark.parametrize("content", READ_HERE.values(), ids=READ_HERE.keys())
def test_read_as_material_reads(content: str) -> None:
    found = material_sections(content, Parser)
    assert found is not None, "this page should not need html.parser"
    assert _shape(found) == _shape(_material(content))


@pytest.mark.parametrize("content", LEFT_TO_MATERIAL.values(), ids=LEFT_TO_MATERIAL.keys())
def test_left_to_material_when_unsure(content: str) -> None:
    assert material_sections(content, Parser) is None


_PIECES = [
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    '<div data-search-exclude="">',
    '<h1 id="a">',
    "</h1>",
    '<h2 id="b&amp;c">',
    "</h2>",
    "<h3>",
    "</h3>",
    "<pre><code>",
    "</code></pre>",
    '<a class="headerlink" href="#b">',
    "</a>",
    "<ul><li>",
    "</li></ul>",
    "<br/>",
    '<img alt="i"/>',
    "<em>",
    "</em>",
    "<sub>",
    "</sub>",
    '<td class="linenodiv">',
    "</td>",
    "text",
    " ",
    "\n",
    "  \n ",
    "a &amp; b",
    "&lt;",
    "特征值",
    "<!-- c -->",
    "</span>",
]


def _outcome(read: Any, content: str) -> Any:
    """The sections' shape, or the error Material's parser stops with (it has some)."""
    try:
        return _shape(read(content))
    except Exception as error:  # compared, not hidden
        return type(error)


def test_random_pages_read_as_material_reads() -> None:
    rng = random.Random(20261202)
    errors = 0
    for _ in range(3000):
        content = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 30)))
        expected = _outcome(_material, content)
        assert _outcome(lambda c: material_sections(c, Parser), content) == expected, content
        errors += expected is ValueError
    assert errors < 1500  # most random pages are ones Material can read


def test_text_without_han_needs_no_segmenting() -> None:
    """The shortcut gives back text with no character at or above U+2E80 as is:
    Material's own pattern for Han words finds none below it."""
    han = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)
    below = "".join(chr(n) for n in range(0x2E80) if not 0xD800 <= n < 0xE000)
    assert han.search(below) is None
    assert han.search("\u2e80") is not None


@pytest.mark.parametrize(
    "text", ["plain words", "\u200bedge\u200b", "线性代数 and 特征值", "x ⟂ y", "𝐰ᵀ𝐱", ""]
)
def test_segmenting_gives_what_material_gives(text: str) -> None:
    index = SearchIndex(lang=["en"], separator="[\\s]+", pipeline=[], fields={})
    expected = index._segment_chinese(text)
    read_faster(index)
    assert index._segment_chinese(text) == expected


def test_a_site_is_mostly_read_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build reads note pages here (the same index either way is
    ``test_fast_paths``'s); only pages it cannot be sure of go to Material."""
    outcomes: list[bool] = []
    real = search.material_sections

    def counted(content: str, parser: Any) -> list[Any] | None:
        found = real(content, parser)
        outcomes.append(found is not None)
        return found

    monkeypatch.setattr(search, "material_sections", counted)
    notes = {
        f"notes/N{n}.md": f"# N{n}\n\nSee [[N{(n + 1) % 5}]], $x^{n}$ & <b>bold</b>.\n\n"
        f"```python\nprint({n} < 2)\n```\n"
        for n in range(5)
    }
    site = build_site(tmp_path, notes)
    assert outcomes.count(True) >= 5, outcomes
    index = (site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
    assert re.search(r"print\(0 &lt; 2\)", index)


def test_search_attributes_come_out_as_material_takes_them_out() -> None:
    material = re.compile(r'\s?data-search-\w+="[^"]+"')  # Material's own pattern
    rng = random.Random(11)
    pieces = [" ", "\n", "\u00a0", "x", '"', "=", "data-search-", "exclude", '="1"', '=""', "<p "]
    for _ in range(5000):
        content = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        assert search.without_search_attributes(content) == material.sub("", content), content
