"""HTML fragments: links, tags and backlinks skip Markdown yet give the same pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from learnfolio.render.backlinks import context_html
from learnfolio.render.fragments import CLOSE, OPEN, anchor_tag, fragment, is_plain
from learnfolio.site.markdown import Fragments, _StashFragments
from learnfolio.site.plugin import LearnfolioPlugin
from tests.sitebuild import assert_same_site, build_site, comparable_site

ROOT = Path(__file__).resolve().parents[1]


def _convert(text: str) -> tuple[str, markdown.Markdown]:
    md = markdown.Markdown(extensions=["toc", "admonition", "attr_list", Fragments()])
    return md.convert(text), md


def test_a_fragment_passes_through_markdown_verbatim() -> None:
    link = anchor_tag("Bayes rule", "../bayes/#prior", css="lf-tag")
    html, _ = _convert(f"See {fragment(link)} and *this*.")
    assert html == f"<p>See {link} and <em>this</em>.</p>"


def test_a_block_fragment_is_not_wrapped_in_a_paragraph() -> None:
    html, _ = _convert("Text.\n\n" + fragment("<ul>\n<li>one</li>\n</ul>") + "\n")
    assert html == "<p>Text.</p>\n<ul>\n<li>one</li>\n</ul>"


def test_a_fragment_in_a_heading_gives_the_anchor_its_text() -> None:
    html, md = _convert(f"## About {fragment(anchor_tag('Eigenvalues', 'x/'))}\n")
    assert 'id="about-eigenvalues"' in html
    assert md.toc_tokens[0]["name"] == "About Eigenvalues"  # type: ignore[attr-defined]


def test_a_fragment_in_an_admonition_title_stays_html() -> None:
    link = anchor_tag("Norms", "../norms/")
    html, _ = _convert(f'!!! note "{fragment(link)}"\n    Body.\n')
    assert f'<p class="admonition-title">{link}</p>' in html


def test_marker_characters_inside_a_fragment_are_escaped() -> None:
    made = fragment(f"<b>{OPEN}x{CLOSE}</b>")
    assert made.count(OPEN) == 1 and made.count(CLOSE) == 1
    html, _ = _convert(made)
    assert html == "<p><b>&#xe000;x&#xe001;</b></p>"


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Eigenvalues and eigenvectors", True),
        ("特征值 直觉", True),
        ("Note 3, part 2.", True),
        ("*emphasis*", False),
        ("snake_case", False),
        ("a & b", False),
        ("x -- y", False),
        ("wait...", False),
        ("(c) 2026", False),
        ("Bayes' rule", False),
    ],
)
def test_only_text_markdown_leaves_alone_is_plain(text: str, plain: bool) -> None:
    assert is_plain(text) is plain


@pytest.mark.parametrize(
    ("raw", "html"),
    [
        ("See [[Bayes rule#Prior]].", "See Bayes rule &gt; Prior."),
        ("Here $x_0 < 1$ holds.", 'Here <span class="arithmatex">\\(x_0 &lt; 1\\)</span> holds.'),
        ("Run `a*b*c` now.", "Run <code>a*b*c</code> now."),
        ("A **strong** and *soft* _word_ in snake_case.", None),
        ("It costs 5$ or 6$.", "It costs 5$ or 6$."),
        ("Not \\*emphasis\\* here.", "Not *emphasis* here."),
        ("x < y & z", "x &lt; y &amp; z"),
    ],
)
def test_context_snippets_render_code_math_and_emphasis(raw: str, html: str | None) -> None:
    expected = html or ("A <strong>strong</strong> and <em>soft</em> <em>word</em> in snake_case.")
    assert context_html(raw) == expected


def test_context_dollars_are_text_without_arithmatex() -> None:
    assert context_html("Here $x$ holds.", math=False) == "Here $x$ holds."


def test_a_nul_in_a_context_reads_as_a_replacement_character() -> None:
    # NUL marks code kept aside while the snippet renders: one in the text must
    # neither stop the build nor bring the code back somewhere else.
    assert context_html("a \x000\x00 b") == "a \ufffd0\ufffd b"
    assert context_html("a \x000\x00 `c`") == "a \ufffd0\ufffd <code>c</code>"


TRICKY = {
    "notes/Bayes rule.md": (
        "---\naliases: [Bayes]\ntags: [probability]\nup: '[[Norms]]'\n"
        "related: ['[[Missing prop]]', '[[Norms|the *norms* & co]]', 'see [[特征值]]']\n"
        "---\n# Bayes rule\n\n"
        "## Prior & posterior\n\nThe prior. ^prior-block\n\n"
        "A line with #inline/tag and [[Norms|*styled* alias]] and [[Norms|plain alias]].\n"
    ),
    "notes/Norms.md": (
        "# Norms\n\n## Heading with [[Bayes rule]] inside\n\n"
        "See [[Bayes rule#Prior & posterior]], [[Bayes rule#^prior-block]] and "
        "[the rule](Bayes%20rule.md), [**bold** rule](<Bayes rule.md>).\n\n"
        "- item with ![[Bayes rule#Prior & posterior]] inline\n"
        "- ![[Bayes rule#Prior & posterior]]\n\n"
        '> quote with [[Missing note]] and [[Missing "quoted" note|a *b*]]\n\n'
        "| a | b |\n|---|---|\n| [[Bayes rule\\|Bayes]] | `[[not a link]]` |\n\n"
        "Context with `code`, $x^2$ and **bold**: [[Bayes rule]].\n\n"
        "![[Norms]]\n"
    ),
    "notes/特征值.md": (
        "# 特征值\n\n见 [[Bayes rule]] 和 [[Norms#Heading with Bayes rule inside]]。\n"
    ),
}


def _build_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build_one: object
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    assert callable(build_one)
    # Count fragments in this process: no helper processes (test_workers.py covers them).
    monkeypatch.setattr("learnfolio.site.plugin.process_count", lambda setting: 1)
    stashed: list[int] = []
    original = _StashFragments.run

    def counting(self: _StashFragments, lines: list[str]) -> list[str]:
        stashed.append(sum(line.count(OPEN) for line in lines))
        return original(self, lines)

    monkeypatch.setattr(_StashFragments, "run", counting)
    with_fragments = comparable_site(build_one(tmp_path / "fragments"))
    assert sum(stashed) > 10, "the fragment path was not taken"
    stashed.clear()
    monkeypatch.setattr(LearnfolioPlugin, "_html_output", lambda self, files, config: None)
    as_markdown = comparable_site(build_one(tmp_path / "markdown"))
    assert sum(stashed) == 0
    return with_fragments, as_markdown


def test_pages_with_fragments_equal_pages_written_as_markdown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def build_one(root: Path) -> Path:
        extensions = ["toc", "tables", {"pymdownx.arithmatex": {"generic": True}}]
        site = build_site(root, TRICKY, extra={"markdown_extensions": extensions})
        return site.site_dir

    with_fragments, as_markdown = _build_both(tmp_path, monkeypatch, build_one)
    assert b"\xee\x80\x80" not in b"".join(with_fragments.values())  # no marker is left
    assert_same_site(with_fragments, as_markdown)


def test_the_example_is_the_same_with_fragments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def build_one(site_dir: Path) -> Path:
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        return site_dir

    assert_same_site(*_build_both(tmp_path, monkeypatch, build_one))


@pytest.mark.parametrize("keep_tags", [False, True])
def test_furniture_is_found_where_the_pattern_finds_it(keep_tags: bool) -> None:
    import random

    from learnfolio.render.fragments import FURNITURE, without_furniture

    rng = random.Random(17)
    pieces = ['<section class="lf-backlinks" data-search-exclude>', '<p class="lf-provenance">',
              "</section>", "</p>", "<p>", "text", 'class="lf-', "<section ", "<"]  # fmt: skip
    for _ in range(5000):
        content = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        expected = FURNITURE.sub(r"\1\3" if keep_tags else "", content)
        assert without_furniture(content, keep_tags) == expected, content


def test_stashed_html_comes_back_as_python_markdown_writes_it_back() -> None:
    """learnfolio's faster write-back of stashed HTML gives Python-Markdown's own output."""
    import random

    from learnfolio.render.fragments import fragment
    from learnfolio.site.markdown import Fragments

    pieces = [
        fragment('<a href="x/">X</a>'),
        fragment('<section class="lf-backlinks"><ul><li>a</li></ul></section>'),
        fragment("<span>s</span>"),
        "text ",
        "\n\n",
        "\n",
        "<div>raw block</div>\n\n",
        '<div markdown="1">\n*md* in html\n</div>\n\n',
        "<b>inline</b> ",
        "- item\n",
        "> quote\n",
        "<!-- c -->\n\n",
    ]
    rng = random.Random(19)
    patched = 0
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        fast = markdown.Markdown(extensions=["md_in_html", "attr_list", Fragments()])
        slow = markdown.Markdown(extensions=["md_in_html", "attr_list", Fragments()])
        slow.preprocessors["learnfolio_fragments"].run = _stash_only(slow)
        assert fast.convert(text) == slow.convert(text), text
        patched += getattr(fast.postprocessors["raw_html"], "_learnfolio", False)
    assert patched > 200  # most pages had a fragment, and the faster write-back


def _stash_only(md: markdown.Markdown) -> Any:
    """The fragments preprocessor without the faster write-back (Python-Markdown's own)."""
    from learnfolio.render.fragments import FRAGMENT, OPEN

    def run(lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if OPEN not in text:
            return lines
        return FRAGMENT.sub(lambda m: md.htmlStash.store(m.group(1)), text).split("\n")

    return run


def test_stashed_html_is_written_back_by_markdown_itself_on_releases_not_tested(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from learnfolio.render.fragments import fragment
    from learnfolio.site.markdown import Fragments

    text = fragment('<a href="x/">X</a>') + " and text\n"
    tested = markdown.Markdown(extensions=["md_in_html", Fragments()])
    expected = tested.convert(text)
    assert getattr(tested.postprocessors["raw_html"], "_learnfolio", False)
    monkeypatch.setattr(markdown, "__version__", "4.0.0")
    other = markdown.Markdown(extensions=["md_in_html", Fragments()])
    assert other.convert(text) == expected
    assert not getattr(other.postprocessors["raw_html"], "_learnfolio", False)
