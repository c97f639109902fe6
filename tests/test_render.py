"""The Markdown of a page: links, embeds, tags, callouts and backlinks, as MkDocs gets them."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from learnfolio.render.callouts import convert_callouts
from learnfolio.render.indexes import nested_list
from learnfolio.render.links import tag_page_path
from learnfolio.slugs import heading_slug
from tests.conftest import MakeVault

TWO_SOURCES = [
    {"path": "notes/course", "name": "Course", "mount": "course"},
    {"path": "notes/garden", "name": "Garden", "mount": "garden"},
]


def to_html(text: str) -> BeautifulSoup:
    """What a reader would see: the Markdown through the extensions learnfolio relies on."""
    rendered = markdown.markdown(
        text,
        extensions=[
            "admonition",
            "attr_list",
            "md_in_html",
            "pymdownx.details",
            "pymdownx.superfences",
            "toc",
            "tables",
        ],
        extension_configs={"toc": {"slugify": heading_slug}},
    )
    return BeautifulSoup(rendered, "html.parser")


# -- links ----------------------------------------------------------------------------


def test_wikilink_becomes_markdown_link_relative_to_the_page(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {"notes/course/01 Week/Lecture.md": "See [[PCA]].\n", "notes/garden/PCA.md": ""},
        TWO_SOURCES,
    )
    assert v.markdown("Lecture.md") == "See [PCA](<../../garden/pca.md>).\n"


def test_wikilink_with_shown_text_uses_it(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path, {"notes/A.md": "[[Dot product|the dot]]\n", "notes/Dot product.md": ""}
    )
    assert v.markdown("A.md") == "[the dot](<dot-product.md>)\n"


def test_link_to_heading_carries_the_anchor(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {"notes/A.md": "[[B#Why it works]]\n", "notes/B.md": "## Why it works\n"},
    )
    assert v.markdown("A.md") == "[B > Why it works](<b.md#why-it-works>)\n"


def test_link_to_cjk_heading_carries_a_cjk_anchor(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path, {"notes/A.md": "[[B#链式法则|rule]]\n", "notes/B.md": "## 链式法则！\n"}
    )
    assert v.markdown("A.md") == "[rule](<b.md#链式法则>)\n"


HEADINGS = [
    ("The `dot` method", "The dot method"),
    ("About [[B|bees]]", "About bees"),
    ("链式法则：直觉", "链式法则：直觉"),
    ("Why? { #why }", "Why?"),
    ("**Bold** idea", "Bold idea"),
    ("A & B", "A & B"),
    ("Über Straße", "über strasse"),
    ("The $L^2$ norm", "The L2 norm"),
    ("Using <kbd>Ctrl</kbd> keys", "Using Ctrl keys"),
    ("C# and F#", "C and F"),
    ("Step #1 of #calc", "Step 1 of calc"),
]


def test_heading_links_land_on_ids_the_page_has(tmp_path: Path, make_vault: MakeVault) -> None:
    target = "".join(f"## {heading}\n\ntext\n\n" for heading, _ in HEADINGS)
    links = "\n".join(f"- [[T#{written}]]" for _, written in HEADINGS)
    v = make_vault(tmp_path, {"notes/T.md": target, "notes/B.md": "", "notes/I.md": links + "\n"})
    ids = [h["id"] for h in to_html(v.markdown("T.md")).find_all("h2")]
    anchors = [v.vault.resolve(v.entry("I.md"), link).anchor for link in v.note("I.md").links]
    assert anchors == ids[: len(HEADINGS)]
    assert v.problems() == []


def test_link_to_block_carries_the_block_anchor(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "[[B#^def|def]]\n", "notes/B.md": "Sum. ^def\n"})
    assert v.markdown("A.md") == "[def](<b.md#^def>)\n"


def test_link_to_heading_on_same_page_points_at_the_page_itself(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(tmp_path, {"notes/sub/My Note.md": "[[#Proof]]\n\n## Proof\n"})
    assert v.markdown("My Note.md").startswith("[Proof](<my-note.md#proof>)\n")


def test_block_id_becomes_an_anchor_on_its_page(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/B.md": "The sum of products. ^def\n"})
    page = to_html(v.markdown("B.md"))
    anchor = page.find(id="^def")
    assert anchor is not None
    assert "^def" not in page.get_text()
    assert "The sum of products." in page.get_text()


def test_markdown_link_to_note_is_rewritten_to_its_page(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/Calc/Chain Rule.md": (
                "[the derivative](../Basics/The%20Derivative.md#Definition)\n"
            ),
            "notes/Basics/The Derivative.md": "## Definition\n",
        },
    )
    assert v.markdown("Chain Rule.md") == (
        "[the derivative](<../basics/the-derivative.md#definition>)\n"
    )


def test_markdown_link_in_angle_brackets_is_rewritten(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path, {"notes/A.md": "[b](<Sub Dir/B note.md>)\n", "notes/Sub Dir/B note.md": ""}
    )
    assert v.markdown("A.md") == "[b](<sub-dir/b-note.md>)\n"


def test_link_to_image_is_a_link_not_an_image(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "[[plot.png]]\n", "notes/img/plot.png": b"\x89PNG"})
    assert v.markdown("A.md") == "[plot.png](<img/plot.png>)\n"


def test_link_to_missing_note_is_plain_text_marked_unresolved(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "See [[Nowhere|elsewhere]].\n"})
    text = v.markdown("A.md")
    assert text == ('See <span class="lf-unresolved" title="Unresolved link">elsewhere</span>.\n')
    assert to_html(text).find("a") is None


def test_link_to_private_note_shows_no_link_and_no_private_text(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/A.md": "[[Diary]], ![[Diary]], ![[Diary#Plans]] and [d](Diary.md)\n",
            "notes/Diary.md": "---\nprivate: true\n---\n## Plans\n\nTOP SECRET\n",
        },
    )
    text = v.markdown("A.md")
    assert "TOP SECRET" not in text
    page = to_html(text)
    assert page.find("a") is None
    # The author's own words, and nothing that says a hidden note is there.
    assert page.find("span") is None and page.get_text() == "Diary, ,  and d"
    assert "Private" not in text and "title=" not in text


def test_an_aliased_link_to_a_hidden_note_shows_its_alias_alone(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/A.md": "Read [[Secret diary|a journal]]. ![[Secret diary|my days]]\n",
            "notes/Secret diary.md": "---\nprivate: true\n---\nTOP SECRET\n",
        },
    )
    text = v.markdown("A.md")
    assert "Secret" not in text and "diary" not in text
    assert to_html(text).get_text() == "Read a journal. "


def test_links_in_code_and_math_are_left_as_written(tmp_path: Path, make_vault: MakeVault) -> None:
    body = "Write `[[B]]` or $[[B]]$.\n\n```\n[[B]] #tag\n```\n"
    v = make_vault(tmp_path, {"notes/A.md": body, "notes/B.md": ""})
    assert v.markdown("A.md") == body


def test_title_with_brackets_stays_one_link(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path, {"notes/A.md": "", "notes/B.md": "---\ntitle: Notes [draft]\n---\n[[A]]\n"}
    )
    section = to_html(v.markdown("A.md")).find("section", class_="lf-backlinks")
    assert section is not None
    link = section.find("a")
    assert link is not None and (link.get_text(), link["href"]) == ("Notes [draft]", "b.md")


def test_wikilink_in_a_table_keeps_the_table(tmp_path: Path, make_vault: MakeVault) -> None:
    body = "| term | note |\n|---|---|\n| dot | [[Dot product\\|the dot]] |\n"
    v = make_vault(tmp_path, {"notes/A.md": body, "notes/Dot product.md": ""})
    page = to_html(v.markdown("A.md"))
    cells = [td.get_text() for td in page.find_all("td")]
    assert cells == ["dot", "the dot"]
    link = page.find("a")
    assert link is not None and link["href"] == "dot-product.md"


def test_backlink_from_a_table_row_reads_as_text(tmp_path: Path, make_vault: MakeVault) -> None:
    body = "| term | note |\n|---|---|\n| dot | [[Dot product\\|the dot]] |\n"
    v = make_vault(tmp_path, {"notes/A.md": body, "notes/Dot product.md": ""})
    section = to_html(v.markdown("Dot product.md")).find("section", class_="lf-backlinks")
    assert section is not None
    assert [li.get_text() for li in section.select("li li")] == ["dot · the dot"]


# -- images ---------------------------------------------------------------------------


def test_image_embed_becomes_an_image(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {"notes/course/A.md": "![[Loss Plot.png]]\n", "notes/garden/att/Loss Plot.png": b"\x89PNG"},
        TWO_SOURCES,
    )
    assert v.markdown("A.md") == "![Loss Plot](<../garden/att/loss-plot.png>)\n"


def test_image_embed_with_width(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "![[p.png|300]]\n", "notes/p.png": b"\x89PNG"})
    img = to_html(v.markdown("A.md")).find("img")
    assert img is not None
    assert (img["src"], img["width"], img.get("height")) == ("p.png", "300", None)


def test_image_embed_with_width_and_height(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "![[p.png|300x200]]\n", "notes/p.png": b"\x89PNG"})
    img = to_html(v.markdown("A.md")).find("img")
    assert img is not None
    assert (img["width"], img["height"]) == ("300", "200")


def test_image_embed_with_alt_text(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "![[p.png|Loss curve]]\n", "notes/p.png": b"\x89PNG"})
    img = to_html(v.markdown("A.md")).find("img")
    assert img is not None and img["alt"] == "Loss curve"


def test_image_embed_with_hash_suffix_is_still_the_image(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path, {"notes/A.md": "![[logo.png#icon|32]]\n", "notes/logo.png": b"\x89PNG"}
    )
    img = to_html(v.markdown("A.md")).find("img")
    assert img is not None
    assert (img["src"], img["width"]) == ("logo.png", "32")


def test_markdown_image_path_is_rewritten_to_the_site_path(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/Sub/A.md": "![A plot](../Figures/My%20Plot.png)\n",
            "notes/Figures/My Plot.png": b"P",
        },
    )
    img = to_html(v.markdown("A.md")).find("img")
    assert img is not None
    assert (img["src"], img["alt"]) == ("../figures/my-plot.png", "A plot")


def test_missing_image_is_marked_unresolved(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "![[gone.png|300]]\n"})
    page = to_html(v.markdown("A.md"))
    assert page.find("img") is None
    assert page.find("span", class_="lf-unresolved") is not None


# -- embeds of notes, sections and blocks ---------------------------------------------------


def test_note_embed_inlines_the_body_under_a_link_to_it(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/A.md": "Before.\n\n![[B]]\n\nAfter.\n",
            "notes/B.md": "---\ntitle: Bee\ntags: [x]\n---\nThe body of B.\n",
        },
    )
    page = v.page("A.md")
    embed = to_html(page.markdown).find("div", class_="lf-embed")
    assert embed is not None
    assert "The body of B." in embed.get_text()
    assert "tags:" not in page.markdown
    title = embed.find("p", class_="admonition-title")
    assert title is not None and title.get_text() == "Bee"
    assert [a["href"] for a in title.find_all("a")] == ["b.md"]
    assert page.embedded == {"notes/b.md"}
    assert page.problems == []


def test_section_embed_inlines_only_that_section(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/A.md": "![[PCA#Why it works]]\n",
            "notes/PCA.md": "Intro text.\n\n## Why it works\n\nEigenvectors.\n\n"
            "### Detail\n\nMore.\n\n## Other\n\nUnrelated.\n",
        },
    )
    text = v.markdown("A.md")
    assert "Eigenvectors." in text and "More." in text
    assert "Intro text." not in text and "Unrelated." not in text
    assert "[PCA > Why it works](<pca.md#why-it-works>)" in text


def test_block_embed_inlines_only_that_block(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/A.md": "![[B#^core]]\n",
            "notes/B.md": "First paragraph.\n\nThe core idea\nover two lines. ^core\n\nLast.\n",
        },
    )
    text = v.markdown("A.md")
    embed = to_html(text).find("div", class_="lf-embed")
    assert embed is not None
    assert " ".join(embed.get_text(" ").split()).endswith("The core idea over two lines.")
    assert "First paragraph." not in text and "Last." not in text
    assert "^core" not in to_html(text).get_text()


def test_embed_of_heading_on_same_page(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "## Def\n\nA thing.\n\n## Recap\n\n![[#Def]]\n"})
    page = v.page("A.md")
    assert page.markdown.count("A thing.") == 2
    assert page.problems == []


def test_embedded_links_are_made_relative_to_the_embedding_page(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/course/week 1/Lecture.md": "![[PCA]]\n",
            "notes/garden/topics/PCA.md": (
                "Uses [[SVD]], [svd](../SVD.md) and [[#Why]].\n\n## Why\n\n"
                "![[plot.png|100]] #linear\n"
            ),
            "notes/garden/SVD.md": "",
            "notes/garden/att/plot.png": b"\x89PNG",
        },
        TWO_SOURCES,
    )
    text = v.markdown("Lecture.md")
    assert "[SVD](<../../garden/svd.md>)" in text
    assert "[svd](<../../garden/svd.md>)" in text
    assert "[Why](<../../garden/topics/pca.md#why>)" in text
    assert "![plot](<../../garden/att/plot.png>)" in text
    assert "[#linear](<../../tags/linear.md>)" in text


def test_embedded_links_resolve_nearest_to_the_embedded_note(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/course/Lecture.md": "![[PCA]]\n",
            "notes/course/Summary.md": "",
            "notes/garden/PCA.md": "See [[Summary]].\n",
            "notes/garden/Summary.md": "",
        },
        TWO_SOURCES,
    )
    assert "[Summary](<../garden/summary.md>)" in v.markdown("Lecture.md")


def test_embedded_headings_do_not_shift_the_page_anchors(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {"notes/A.md": "## Intro\n\n![[B]]\n\n## Usage\n", "notes/B.md": "## Usage\n\ntext\n"},
    )
    page = to_html(v.markdown("A.md"))
    own = [h["id"] for h in page.find_all("h2") if h.find_parent("div") is None]
    assert own == ["intro", "usage"]


def test_embed_cycle_renders_a_marker_and_is_reported(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path, {"notes/A.md": "A text\n\n![[B]]\n", "notes/B.md": "B text\n\n![[A]]\n"}
    )
    page = v.page("A.md")
    assert page.markdown.count("A text") == 1
    assert page.markdown.count("B text") == 1
    marker = to_html(page.markdown).find("div", class_="lf-embed-error")
    assert marker is not None and "cycle" in marker.get_text().lower()
    (problem,) = page.problems
    assert (problem.file, problem.line, problem.level, problem.code) == (
        "notes/B.md",
        3,
        "error",
        "embed-cycle",
    )


def test_note_embedding_itself_is_a_cycle(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "Self\n\n![[A]]\n"})
    page = v.page("A.md")
    assert page.markdown.count("Self") == 1
    assert [p.code for p in page.problems] == ["embed-cycle"]


def test_same_note_embedded_twice_is_not_a_cycle(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "![[B]]\n\n![[B]]\n", "notes/B.md": "B text\n"})
    page = v.page("A.md")
    assert page.markdown.count("B text") == 2
    assert page.problems == []


def test_embed_deeper_than_the_limit_renders_a_marker_with_a_link(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/A.md": "![[B]]\n",
            "notes/B.md": "b text\n\n![[C]]\n",
            "notes/C.md": "c text\n\n![[D]]\n",
            "notes/D.md": "d text\n",
        },
        options={"embed_depth": 2},
    )
    page = v.page("A.md")
    assert "b text" in page.markdown and "c text" in page.markdown
    assert "d text" not in page.markdown
    marker = to_html(page.markdown).find("div", class_="lf-embed-error")
    assert marker is not None
    link = marker.find("a")
    assert link is not None and link["href"] == "d.md"
    (problem,) = page.problems
    assert (problem.file, problem.line, problem.code) == ("notes/C.md", 3, "embed-depth")


def test_embed_as_a_list_item_stays_in_the_list(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path, {"notes/A.md": "- first\n- ![[B]]\n- third\n", "notes/B.md": "b text\n"}
    )
    page = to_html(v.markdown("A.md"))
    assert page.find(["h1", "h2"]) is None
    (ul,) = page.find_all("ul")
    items = ul.find_all("li", recursive=False)
    assert [li.get_text(" ", strip=True) for li in items] == ["first", "B b text", "third"]


def test_embed_in_an_ordered_list_item_stays_in_the_item(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "1. one\n2. ![[B]]\n", "notes/B.md": "b text\n"})
    page = to_html(v.markdown("A.md"))
    items = page.find_all("li")
    assert len(items) == 2
    assert "b text" in items[1].get_text()


def test_embed_inside_a_callout_stays_inside(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path, {"notes/A.md": "> [!note] See\n> ![[B]]\n", "notes/B.md": "b *text*\n"}
    )
    page = to_html(v.markdown("A.md"))
    admonition = page.find("div", class_="admonition")
    assert admonition is not None
    embed = admonition.find("div", class_="lf-embed")
    assert embed is not None
    assert embed.find("em") is not None and "b text" in embed.get_text()
    assert page.find(attrs={"markdown": True}) is None


# -- callouts ---------------------------------------------------------------------------


def test_callout_becomes_an_admonition(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "> [!tip] Remember\n> The dot product.\n\nAfter.\n"})
    assert v.markdown("A.md") == '!!! tip "Remember"\n    The dot product.\n\nAfter.\n'


def test_callout_without_title_and_in_upper_case(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "> [!NOTE]\n> Plain.\n"})
    admonition = to_html(v.markdown("A.md")).find("div", class_="admonition")
    assert admonition is not None and "note" in admonition["class"]
    assert "Plain." in admonition.get_text()


def test_folded_callout_becomes_closed_details(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "> [!faq]- Why?\n> Because.\n"})
    details = to_html(v.markdown("A.md")).find("details")
    assert details is not None and not details.has_attr("open")
    assert [summary.get_text() for summary in details.find_all("summary")] == ["Why?"]


def test_open_foldable_callout_becomes_open_details(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "> [!example]+ Worked\n> Steps.\n"})
    details = to_html(v.markdown("A.md")).find("details")
    assert details is not None and details.has_attr("open")


def test_nested_callouts_become_nested_admonitions(tmp_path: Path, make_vault: MakeVault) -> None:
    text = "> [!note] Outer\n> outer text\n> > [!warning] Inner\n> > inner text\n"
    v = make_vault(tmp_path, {"notes/A.md": text})
    page = to_html(v.markdown("A.md"))
    outer = page.find("div", class_="note")
    assert outer is not None
    inner = outer.find("div", class_="warning")
    assert inner is not None and "inner text" in inner.get_text()


def test_links_and_tags_inside_callouts_are_rewritten(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "> [!tip]\n> See [[B]] #math\n", "notes/B.md": ""})
    admonition = to_html(v.markdown("A.md")).find("div", class_="admonition")
    assert admonition is not None
    assert [a["href"] for a in admonition.find_all("a")] == ["b.md", "../tags/math.md"]


def test_callout_marker_in_code_is_left_alone() -> None:
    text = "```\n> [!tip] not a callout\n```\n"
    assert convert_callouts(text) == text


def test_conversion_keeps_the_line_count() -> None:
    text = "> [!note] A\n> b\n>\n> > [!tip]- C\n> > d\n\ne\n"
    assert convert_callouts(text).count("\n") == text.count("\n")


# -- inline tags --------------------------------------------------------------------------


def test_inline_tag_links_to_its_tag_page(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/course/a/A.md": "About #math/calculus here.\n"})
    assert v.markdown("A.md") == (
        "About [#math/calculus](<../../../tags/math/calculus.md>){: .lf-tag } here.\n"
    )


def test_tag_page_honours_the_tags_folder_option(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "#math\n"}, options={"tags_folder": "topics"})
    link = to_html(v.markdown("A.md")).find("a")
    assert link is not None and link["href"] == "../topics/math.md"


def test_tag_page_path_slugifies_each_level() -> None:
    assert tag_page_path("Math/Linear Algebra", "tags") == "tags/math/linear-algebra.md"


def test_hashes_in_headings_code_and_urls_are_left_alone(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    body = "## Step #1 of #calc\n\n`#code` https://x.org/#frag issue #42\n"
    v = make_vault(tmp_path, {"notes/A.md": body})
    assert v.markdown("A.md") == body


# -- backlinks ----------------------------------------------------------------------------


def test_backlinks_section_lists_linking_pages_with_context(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/garden/SVD.md": "Factorisation.\n",
            "notes/course/w1/PCA.md": "Data. PCA uses the [[SVD|singular values]] of X. Done.\n",
        },
        TWO_SOURCES,
    )
    text = v.markdown("SVD.md")
    assert text.startswith("Factorisation.\n\n")
    section = to_html(text).find("section", class_="lf-backlinks")
    assert section is not None
    heading = section.find("h2")
    assert heading is not None and heading["id"] == "lf-backlinks"
    link = section.find("a")
    assert link is not None
    assert (link.get_text(), link["href"]) == ("PCA", "../course/w1/pca.md")
    assert "PCA uses the singular values of X." in section.get_text()


def test_backlink_context_shows_links_and_tags_as_text(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/A.md": "",
            "notes/B.md": "Compare [[A]] with [[C|sea]] and #tag.\n",
            "notes/C.md": "",
        },
    )
    section = to_html(v.markdown("A.md")).find("section", class_="lf-backlinks")
    assert section is not None
    assert [a.get_text() for a in section.find_all("a")] == ["B"]
    assert "Compare A with sea and #tag." in section.get_text()


def test_backlink_context_drops_raw_html_tags_but_keeps_their_text(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/A.md": "",
            "notes/B.md": 'Opens <div class="box"> next to [[A]] and <b>bold</b>.\n',
        },
    )
    section = to_html(v.markdown("A.md")).find("section", class_="lf-backlinks")
    assert section is not None
    assert section.find("div") is None and section.find("b") is None
    assert "Opens next to A and bold." in " ".join(section.get_text().split())


def test_backlink_context_from_a_heading_is_not_a_heading(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "Text.\n", "notes/B.md": "## See [[A]]\n\nbody\n"})
    section = to_html(v.markdown("A.md")).find("section", class_="lf-backlinks")
    assert section is not None
    assert [h["id"] for h in section.find_all(["h1", "h2", "h3"])] == ["lf-backlinks"]
    assert "See A" in section.get_text()


def test_no_backlinks_section_without_backlinks(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "Alone.\n"})
    assert v.markdown("A.md") == "Alone.\n"


def test_backlinks_option_off_removes_the_section(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path, {"notes/A.md": "a\n", "notes/B.md": "[[A]]\n"}, options={"backlinks": False}
    )
    assert v.markdown("A.md") == "a\n"


@pytest.mark.parametrize(
    "depths",
    [[0], [0, 0, 0], [0, 1, 1, 0], [0, 1, 2, 2, 1, 0, 1], [0, 1, 2, 0], [0, 1, 2, 3]],
)
def test_nested_list_is_the_html_markdown_writes(depths: list[int]) -> None:
    """Generated index and tag pages write their lists as HTML: the same as from Markdown."""
    source = "\n".join(f"{'    ' * d}- item {n}" for n, d in enumerate(depths))
    expected = markdown.markdown(source)
    assert nested_list([(d, f"item {n}") for n, d in enumerate(depths)]) == expected
