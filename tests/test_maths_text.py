"""Formulas read as text wherever a site shows text: titles, navigation, tables of
contents, search, tag pages, feeds, previews, the graph and the explorer."""

from __future__ import annotations

import json
import re

import pytest

from learnfolio.model.note import readable
from learnfolio.typeset.macros import read_macros
from learnfolio.typeset.text import formula_text
from tests.notebooks import PLUGINS, md, notebook
from tests.sitebuild import BuiltSite, build_site


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"\eta", "η"),
        (r"\mathbf{x}", "x"),
        (r"\boldsymbol{\mu}", "μ"),
        (r"x^2", "x²"),
        (r"x_i", "xᵢ"),
        (r"\alpha_{t+1}", "αₜ₊₁"),
        (r"\mathbf{x} \in \mathbb{R}^n", "x ∈ ℝⁿ"),
        (r"A^\top A", "Aᵀ A"),
        (r"(AB)^{-1}", "(AB)⁻¹"),
        (r"\frac{1}{2}", "1/2"),
        (r"\frac{a+b}{c}", "(a+b)/c"),
        (r"\sqrt{2}", "√2"),
        (r"\sqrt{x^2+y^2}", "√(x²+y²)"),
        (r"\hat{y}", "ŷ"),
        (r"\operatorname{tr}(A)", "tr(A)"),
        (r"\sin x", "sin x"),
        (r"\|x\|_2", "‖x‖₂"),
        (r"\mathcal{L}(\theta)", "ℒ(θ)"),
        (r"\text{if } x > 0", "if x > 0"),
        (r"x_{\text{new}}", "x_new"),
        (r"\left( \frac{a}{b} \right)", "( a/b )"),
        (r"\foo", "foo"),
    ],
)
def test_formula_as_text(tex: str, text: str) -> None:
    assert formula_text(tex) == text


def test_formula_as_text_with_the_sites_macros() -> None:
    macros, _ = read_macros("\\newcommand{\\R}{\\mathbb{R}}\n")
    assert formula_text(r"\R^n", macros) == "ℝⁿ"


def test_a_title_reads_as_text() -> None:
    assert readable(r"Why $\eta$ matters for **$\mathbf{x}^2$**") == "Why η matters for x²"
    assert readable("it costs \\$5") == "it costs $5"


TEX = re.compile(r"\\\(|\\\)|\\\[|\\(?:eta|mathbf|mathbb|nabla|frac|R)\b|\$\\")
FILES = {
    "preamble.sty": "\\newcommand{\\R}{\\mathbb{R}}\n",
    "notes/Learning rate.md": (
        "---\ntags: [optimisation]\n---\n# Learning rate $\\eta$\n\n"
        "The rate $\\eta > 0$ scales $\\nabla_{\\mathbf{w}} L$ by $\\frac{a+b}{c}$.\n\n"
        "## Choosing $\\eta$ for $\\mathbf{x} \\in \\R^n$\n\n"
        "Pick $\\eta \\le \\frac{1}{L}$.\n\n$$\n\\mathbf{w}_{t+1} = \\mathbf{w}_t - \\eta g\n$$\n"
    ),
    "notes/Gradient.md": (
        "---\ntags: [optimisation]\n---\n# Gradient $\\nabla f$\n\n"
        "The gradient $\\nabla f(\\mathbf{x})$ points uphill; see [[Learning rate]].\n"
    ),
    "notes/Descent.ipynb": notebook(md("# Descent on $\\R^n$\n\n## Step $\\eta$\n\nText.")),
    "docs/index.md": "# Home\n\nSee [[Learning rate]] and [[Gradient]].\n",
    "docs/blog/index.md": "# Blog\n",
    "docs/blog/posts/eta.md": (
        "---\ndate: 2026-04-18\ntags: [optimisation]\n---\n"
        "# Why $\\eta$ matters for $\\mathbf{x}^2$\n\n"
        "The step $\\eta \\nabla f$.\n\n<!-- more -->\n\nMore.\n"
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(
        tmp_path_factory.mktemp("maths-text"),
        FILES,
        options={"math_macros": "preamble.sty"},
        plugins=[*PLUGINS, {"blog": {"blog_dir": "blog"}}],
        extra={"site_url": "https://learner.example.org/"},
    )


def _no_tex(text: str, where: str) -> None:
    found = TEX.search(text)
    if found is not None:
        around = text[max(found.start() - 60, 0) : found.end() + 60]
        pytest.fail(f"TeX {found.group(0)!r} in {where}: ...{around}...")


def test_page_titles_header_and_navigation_read_as_text(site: BuiltSite) -> None:
    page = site.page("notes/learning-rate")
    assert page.title is not None and page.title.get_text() == "Learning rate η - Test site"
    topic = page.select_one(".md-header__topic[data-md-component=header-topic]")
    assert topic is not None and topic.get_text(strip=True) == "Learning rate η"
    assert site.page("notes/gradient").title.get_text().startswith("Gradient ∇ f")
    assert site.page("notes/descent").title.get_text().startswith("Descent on ℝⁿ")
    post = site.page("blog/2026/04/18/why-eta-matters-for-mathbfx2")
    assert post.title.get_text().startswith("Why η matters for x²")
    # The page's own heading is typeset.
    assert site.article("notes/learning-rate").find("h1").find("math") is not None


def test_table_of_contents_reads_as_text(site: BuiltSite) -> None:
    toc = site.page("notes/learning-rate").select("nav.md-nav--secondary a")
    assert "Choosing η for x ∈ ℝⁿ" in [a.get_text(" ", strip=True) for a in toc]
    book = site.page("notes/descent").select("nav.md-nav--secondary a")
    assert "Step η" in [a.get_text(" ", strip=True) for a in book]


def test_search_titles_and_snippets_read_as_text(site: BuiltSite) -> None:
    docs = json.loads((site.site_dir / "search/search_index.json").read_text("utf-8"))["docs"]
    titles = [doc["title"] for doc in docs]
    assert "Choosing η for x ∈ ℝⁿ" in titles and "Why η matters for x²" in titles
    assert any("scales ∇_w L by (a+b)/c" in doc["text"] for doc in docs)
    _no_tex(json.dumps(docs, ensure_ascii=False).replace("\\\\", "\\"), "the search index")


def test_every_text_output_is_free_of_tex(site: BuiltSite) -> None:
    # Tag pages, feeds, previews, graph, explorer, source indexes; pages outside <math>.
    for path in sorted(site.site_dir.rglob("*")):
        if path.suffix not in (".html", ".xml", ".json") or "assets" in path.parts:
            continue
        text = path.read_text("utf-8")
        if path.suffix == ".json":
            text = json.dumps(json.loads(text), ensure_ascii=False).replace("\\\\", "\\")
        text = re.sub(r"<math.*?</math>", "", text, flags=re.DOTALL)
        text = re.sub(r"<script.*?</script>", "", text, flags=re.DOTALL)
        _no_tex(text, str(path.relative_to(site.site_dir)))


def test_tag_page_feed_and_previews_show_the_text(site: BuiltSite) -> None:
    tags = site.article("tags/optimisation")
    assert {"Learning rate η", "Gradient ∇ f", "Why η matters for x²"} <= {
        a.get_text(strip=True) for a in tags.find_all("a")
    }
    atom = (site.site_dir / "feed_atom.xml").read_text("utf-8")
    assert "<title>Why η matters for x²</title>" in atom
    previews = {}
    for shard in (site.site_dir / "learnfolio/previews").glob("*.json"):
        previews.update(json.loads(shard.read_text("utf-8")))
    record = previews["notes/learning-rate/"]
    assert record["t"] == "Learning rate η"
    assert "<math" in record["h"] and "lf-math-error" not in record["h"]  # typeset, macros too
    graph = json.loads((site.site_dir / "learnfolio/graph.json").read_text("utf-8"))
    assert "Gradient ∇ f" in [node["t"] for node in graph["nodes"]]


def test_formulas_are_found_where_the_pattern_finds_them() -> None:
    """The page's formulas, found from their class, are the pattern's own matches."""
    import random

    from learnfolio.site import math as site_math

    rng = random.Random(13)
    pieces = ['<span class="arithmatex">', '<div class="arithmatex">', "</span>", "</div>",
              "\\(", "\\)", "\\[", "\\]", "x", " ", "<", 'class="arithmatex">', "<p>"]  # fmt: skip
    for _ in range(5000):
        content = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        expected = site_math._MATH.sub(lambda m: f"[{m['tex']}]", content)
        assert site_math._each_formula(content, lambda m: f"[{m['tex']}]") == expected, content
