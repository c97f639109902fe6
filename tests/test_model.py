"""Parsing one note: code and math masking, link and tag syntax, frontmatter, headings."""

from __future__ import annotations

import random
from typing import Any

import markdown
import pytest
import yaml

from learnfolio.model import LinkRef, find_links, find_tags, frontmatter, parse_note
from learnfolio.model import note as note_module
from learnfolio.model.blocks import LIST_ITEM, SETEXT_RULE
from learnfolio.model.frontmatter import split_frontmatter, yaml_string
from learnfolio.model.note import context_of
from learnfolio.model.scanner import HIDDEN, fenced_ranges, line_of, mask
from learnfolio.model.syntax import BLOCK_ID, link_text
from learnfolio.slugs import heading_slug


def only_link(text: str) -> LinkRef:
    """The single link found in ``text``."""
    links = find_links(text)
    assert len(links) == 1, links
    return links[0]


def tags_in(text: str) -> list[str]:
    return [tag.tag for tag in find_tags(text)]


# -- scanner: what is code or math ----------------------------------------------


def test_mask_keeps_length_and_newlines() -> None:
    text = "a `code` b\n```\n[[x]]\n```\n$y$ end"
    masked = mask(text)
    assert len(masked) == len(text)
    assert masked.count("\n") == text.count("\n")
    assert masked.startswith("a ") and masked.endswith(" end")


def test_mask_hides_inline_code() -> None:
    assert mask("a `[[b]]` c").replace(HIDDEN, "_") == "a _______ c"


def test_mask_hides_double_backtick_code_span() -> None:
    assert "[[b]]" not in mask("a ``x ` [[b]]`` c")


def test_unclosed_fence_runs_to_the_end_of_the_text() -> None:
    text = "before\n```\n[[x]]\n"
    assert fenced_ranges(text) == [(7, len(text))]


def test_fence_closes_only_on_same_character_and_at_least_same_length() -> None:
    text = "````\n```\n[[x]]\n~~~\n````\nafter [[y]]\n"
    assert [link.target for link in find_links(text)] == ["y"]


def test_line_of_counts_from_one() -> None:
    assert line_of("a\nb\nc", 0) == 1
    assert line_of("a\nb\nc", 4) == 3


# -- nothing inside code or math is a link or a tag ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Use `[[Note]]` to link, `#tag` to tag.", id="inline-code"),
        pytest.param("```\n[[Note]] #tag\n```\n", id="backtick-fence"),
        pytest.param("~~~python\n[[Note]] #tag\n~~~\n", id="tilde-fence"),
        pytest.param("- item\n\n    ```\n    [[Note]] #tag\n    ```\n", id="fence-in-list"),
        pytest.param("> [!example]\n> ```\n> [[Note]] #tag\n> ```\n", id="fence-in-callout"),
        pytest.param("Where $[[Note]] = #tag$ holds.", id="dollar-math"),
        pytest.param("$$\n[[Note]] #tag\n$$\n", id="display-math"),
        pytest.param("Inline \\([[Note]] #tag\\) math.", id="paren-math"),
        pytest.param("\\[\n[[Note]] #tag\n\\]\n", id="bracket-math"),
        pytest.param("\\begin{align}\n[[Note]] #tag\n\\end{align}\n", id="latex-env"),
        pytest.param("<!-- [[Note]] #tag -->", id="html-comment"),
    ],
)
def test_nothing_inside_code_or_math_is_a_link_or_a_tag(text: str) -> None:
    assert find_links(text) == []
    assert find_tags(text) == []


def test_link_after_a_code_fence_is_found() -> None:
    text = "```\n[[Hidden]]\n```\n\nSee [[Shown]].\n"
    assert [link.target for link in find_links(text)] == ["Shown"]


def test_dollar_amounts_are_not_math() -> None:
    assert only_link("It costs $5 to read [[Note]] and $10 to keep it.").target == "Note"


# -- wikilinks ------------------------------------------------------------------


def test_wikilink_names_a_note() -> None:
    link = only_link("See [[Dot product]].")
    assert (link.kind, link.target, link.fragment, link.label) == (
        "wikilink",
        "Dot product",
        (),
        None,
    )
    assert link.raw == "[[Dot product]]"
    assert "See [[Dot product]].".index("[[") == link.start


def test_wikilink_with_shown_text() -> None:
    link = only_link("[[Dot product|the dot product]]")
    assert (link.target, link.label) == ("Dot product", "the dot product")


def test_wikilink_to_heading() -> None:
    assert only_link("[[Dot product#Geometric meaning]]").fragment == ("Geometric meaning",)


def test_wikilink_to_nested_heading() -> None:
    assert only_link("[[Dot product#Properties#Symmetry]]").fragment == ("Properties", "Symmetry")


def test_wikilink_to_heading_on_same_page_has_no_target() -> None:
    link = only_link("[[#Properties]]")
    assert (link.target, link.fragment) == ("", ("Properties",))


def test_wikilink_to_block() -> None:
    link = only_link("[[Dot product#^definition]]")
    assert link.block_id == "definition"


def test_wikilink_with_folder_keeps_the_path() -> None:
    assert only_link("[[01 Linear algebra/Dot product]]").target == "01 Linear algebra/Dot product"


def test_wikilink_with_md_extension() -> None:
    link = only_link("[[Dot product.md]]")
    assert link.target == "Dot product.md"
    assert link_text(link) == "Dot product"


def test_wikilink_to_image_is_not_an_embed() -> None:
    link = only_link("[[diagram.png]]")
    assert (link.kind, link.target, link.is_embed) == ("wikilink", "diagram.png", False)


def test_wikilink_target_and_label_are_stripped() -> None:
    link = only_link("[[  Dot product  |  shown  ]]")
    assert (link.target, link.label) == ("Dot product", "shown")


def test_escaped_pipe_in_a_table_separates_the_shown_text() -> None:
    text = "| concept | note |\n|---|---|\n| dot | [[Dot product\\|the dot]] |\n"
    link = only_link(text)
    assert (link.target, link.label) == ("Dot product", "the dot")
    assert link.raw == "[[Dot product\\|the dot]]"


def test_escaped_pipe_after_heading_in_a_table() -> None:
    link = only_link("| [[Dot product#Properties\\|props]] |")
    assert (link.target, link.fragment, link.label) == ("Dot product", ("Properties",), "props")


def test_empty_wikilink_is_not_a_link() -> None:
    assert find_links("[[]] and [[  ]]") == []


def test_several_links_are_found_in_order() -> None:
    text = "[[B]] then ![[C]] then [d](D.md)"
    assert [(link.kind, link.target) for link in find_links(text)] == [
        ("wikilink", "B"),
        ("embed", "C"),
        ("markdown", "D.md"),
    ]


# -- embeds -----------------------------------------------------------------------


def test_embed_of_a_note() -> None:
    link = only_link("![[Dot product]]")
    assert (link.kind, link.target, link.is_embed) == ("embed", "Dot product", True)


def test_embed_of_a_section() -> None:
    assert only_link("![[Dot product#Properties]]").fragment == ("Properties",)


def test_embed_of_a_block() -> None:
    assert only_link("![[Dot product#^definition]]").block_id == "definition"


def test_embed_of_an_image_with_a_width() -> None:
    link = only_link("![[diagram.png|300]]")
    assert (link.target, link.width, link.height, link.label) == ("diagram.png", 300, None, None)


def test_embed_of_an_image_with_width_and_height() -> None:
    link = only_link("![[diagram.png|300x200]]")
    assert (link.width, link.height) == (300, 200)


def test_embed_of_an_image_with_alt_text_has_no_size() -> None:
    link = only_link("![[diagram.png|A plot of the loss]]")
    assert (link.label, link.width) == ("A plot of the loss", None)


def test_sized_image_in_a_table_with_escaped_pipe() -> None:
    link = only_link("| ![[diagram.png\\|120]] |")
    assert (link.target, link.width) == ("diagram.png", 120)


def test_embed_of_a_notebook() -> None:
    link = only_link("![[Gradient descent.ipynb]]")
    assert (link.kind, link.target) == ("embed", "Gradient descent.ipynb")


def test_image_suffix_after_hash_is_kept_as_fragment_not_part_of_the_name() -> None:
    link = only_link("![[logo.png#icon]]")
    assert (link.target, link.fragment) == ("logo.png", ("icon",))


# -- standard Markdown links ------------------------------------------------------


def test_markdown_link_to_relative_note() -> None:
    link = only_link("See [the dot product](../Algebra/Dot%20product.md).")
    assert (link.kind, link.target, link.label) == (
        "markdown",
        "../Algebra/Dot product.md",
        "the dot product",
    )


def test_markdown_link_in_angle_brackets_may_contain_spaces() -> None:
    assert only_link("[dp](<Dot product.md>)").target == "Dot product.md"


def test_markdown_link_to_heading_decodes_the_fragment() -> None:
    link = only_link("[props](Dot%20product.md#Geometric%20meaning)")
    assert (link.target, link.fragment) == ("Dot product.md", ("Geometric meaning",))


def test_markdown_link_with_title() -> None:
    assert only_link('[dp](Dot-product.md "The dot product")').target == "Dot-product.md"


def test_markdown_image_is_an_embed() -> None:
    link = only_link("![A plot](img/plot.png)")
    assert (link.kind, link.target, link.label, link.is_embed) == (
        "image",
        "img/plot.png",
        "A plot",
        True,
    )


@pytest.mark.parametrize(
    "text",
    [
        "[site](https://example.com/a.md)",
        "[mail](mailto:me@example.com)",
        "[abs](/docs/index.md)",
        "[top](#top)",
    ],
)
def test_urls_absolute_paths_and_same_page_anchors_are_not_note_links(text: str) -> None:
    assert find_links(text) == []


# -- inline tags -------------------------------------------------------------------


def test_inline_tag() -> None:
    assert tags_in("Filed under #calculus.") == ["calculus"]


def test_nested_tag_keeps_its_path() -> None:
    assert tags_in("See #math/calculus here") == ["math/calculus"]


def test_tag_at_line_start_without_space_is_a_tag_not_a_heading() -> None:
    assert tags_in("#calculus\n") == ["calculus"]


def test_tag_offsets_span_the_hash_and_the_name() -> None:
    text = "a #math/linear b"
    (tag,) = find_tags(text)
    assert text[tag.start : tag.end] == "#math/linear"


def test_tags_in_headings_are_not_tags() -> None:
    assert tags_in("## Chain rule #calculus\n\ntext\n") == []


def test_tags_in_setext_headings_are_not_tags() -> None:
    assert tags_in("Chain rule #calculus\n===\n\ntext\n") == []


def test_pure_numbers_are_not_tags() -> None:
    assert tags_in("Issue #1 and step #2024 but #1st is") == ["1st"]


def test_hash_in_a_url_is_not_a_tag() -> None:
    assert tags_in("See https://example.com/page#section and example.com/#/route.") == []


def test_heading_fragment_of_a_wikilink_is_not_a_tag() -> None:
    assert tags_in("[[Dot product#Properties]] [[#Local]]") == []


def test_hash_inside_an_html_attribute_is_not_a_tag() -> None:
    assert tags_in('<span style="color: #ff0000">red</span> is #colour') == ["colour"]


def test_trailing_slash_is_not_part_of_a_tag() -> None:
    assert tags_in("#math/ done") == ["math"]


# -- frontmatter -----------------------------------------------------------------


def test_frontmatter_is_split_from_the_body() -> None:
    front = split_frontmatter("---\ntitle: Dot\n---\n# Body\n")
    assert (front.meta, front.body, front.body_line, front.error) == (
        {"title": "Dot"},
        "# Body\n",
        4,
        None,
    )


def test_frontmatter_may_close_with_three_dots() -> None:
    assert split_frontmatter("---\ntitle: Dot\n...\nbody\n").meta == {"title": "Dot"}


def test_text_without_closing_fence_has_no_frontmatter() -> None:
    front = split_frontmatter("---\ntitle: Dot\nbody\n")
    assert (front.meta, front.body_line) == ({}, 1)


def test_malformed_yaml_frontmatter_names_the_file_line() -> None:
    front = split_frontmatter("---\ntitle: a\n  bad: x\n---\nbody\n")
    assert front.meta == {}
    assert front.body == "body\n"
    assert front.error is not None and front.error.startswith("line 3: ")


def test_non_mapping_frontmatter_is_refused() -> None:
    front = split_frontmatter("---\n- a\n- b\n---\nbody\n")
    assert front.meta == {}
    assert front.error is not None and "mapping" in front.error


def test_empty_frontmatter_is_no_metadata() -> None:
    front = split_frontmatter("---\n---\nbody\n")
    assert (front.meta, front.body, front.error) == ({}, "body\n", None)


# -- notes: decoding -------------------------------------------------------------


def test_crlf_line_endings_are_normalised() -> None:
    note = parse_note("A.md", b"---\r\ntitle: Dot\r\n---\r\n# Head\r\n\r\nSee [[B]].\r\n")
    assert note.title == "Dot"
    assert "\r" not in note.body
    assert [h.text for h in note.headings] == ["Head"]
    assert note.links[0].target == "B"
    assert note.line_at(note.links[0].start) == 6


def test_byte_order_mark_is_dropped_before_frontmatter() -> None:
    note = parse_note("A.md", "\ufeff---\ntitle: Dot\n---\nbody\n".encode())
    assert (note.title, note.body, note.problems) == ("Dot", "body\n", ())


def test_byte_order_mark_in_decoded_text_is_dropped_too() -> None:
    note = parse_note("A.md", "\ufeff---\npublish: false\n---\nbody\n")
    assert (note.visibility, note.body) == ("private", "body\n")


def test_empty_file_is_an_empty_note_named_after_the_file() -> None:
    note = parse_note("folder/Empty note.md", b"")
    assert (note.title, note.display_title, note.body) == ("Empty note", "Empty note", "")
    assert (note.headings, note.links, note.tags, note.problems) == ((), (), (), ())


def test_invalid_utf8_is_replaced_and_reported_with_its_line() -> None:
    note = parse_note("A.md", b"# Title\n\ncaf\xe9 and [[B]]\n")
    assert note.links[0].target == "B"
    ((line, message),) = note.problems
    assert line == 3
    assert "UTF-8" in message


def test_malformed_frontmatter_keeps_the_note_and_reports_the_line() -> None:
    note = parse_note("A.md", "---\ntitle: Dot\n  tags: [a]\n---\n# Dot\n\n[[B]]\n")
    assert (note.title, note.tags) == ("A", ())
    assert note.links[0].target == "B"
    ((line, message),) = note.problems
    assert line == 3
    assert "frontmatter" in message


def test_non_mapping_frontmatter_is_reported_on_line_two() -> None:
    note = parse_note("A.md", "---\njust text\n---\nbody\n")
    assert note.problems[0][0] == 2
    assert note.meta == {}


# -- notes: title, aliases, tags, visibility ----------------------------------------


def test_title_comes_from_frontmatter_else_the_file_name() -> None:
    assert parse_note("x/Dot product.md", "---\ntitle: Scalar product\n---\n").title == (
        "Scalar product"
    )
    assert parse_note("x/Dot product.md", "# Heading\n").title == "Dot product"


def test_display_title_falls_back_to_the_first_level_one_heading() -> None:
    note = parse_note("x/dp.md", "## Sub\n\n# The dot product\n")
    assert (note.title, note.display_title) == ("dp", "The dot product")


def test_aliases_in_list_and_string_forms() -> None:
    assert parse_note("A.md", "---\naliases: [Scalar product, inner product]\n---\n").aliases == (
        "Scalar product",
        "inner product",
    )
    assert parse_note("A.md", "---\naliases: Scalar product\n---\n").aliases == ("Scalar product",)
    assert parse_note("A.md", "---\nalias: dp\n---\n").aliases == ("dp",)


def test_frontmatter_tags_in_list_form() -> None:
    assert parse_note("A.md", "---\ntags: [math, '#calculus']\n---\n").tags == ("math", "calculus")


def test_frontmatter_tags_in_string_form() -> None:
    assert parse_note("A.md", "---\ntags: math, calculus\n---\n").tags == ("math", "calculus")
    assert parse_note("A.md", "---\ntags: math/linear\n---\n").tags == ("math/linear",)


def test_frontmatter_and_inline_tags_merge_without_duplicates() -> None:
    note = parse_note("A.md", "---\ntags: [math]\n---\nSee #math and #math/calculus.\n")
    assert note.tags == ("math", "math/calculus")
    assert [t.tag for t in note.inline_tags] == ["math", "math/calculus"]


def test_tags_in_code_are_not_note_tags() -> None:
    assert parse_note("A.md", "Run `#not-a-tag` and #real\n").tags == ("real",)


@pytest.mark.parametrize(
    ("front", "visibility"),
    [
        ("", "public"),
        ("publish: true", "public"),
        ("publish: false", "private"),
        ("publish: 'no'", "private"),
        ("private: true", "private"),
        ("private: false", "public"),
        ("draft: true", "draft"),
        ("draft: false", "public"),
        ("draft: true\npublish: false", "private"),
    ],
)
def test_visibility_from_frontmatter(front: str, visibility: str) -> None:
    assert parse_note("A.md", f"---\n{front}\n---\nbody\n").visibility == visibility


def test_date_is_kept_as_text() -> None:
    assert parse_note("A.md", "---\ndate: 2024-05-01\n---\n").date == "2024-05-01"


# -- notes: headings and their anchors -----------------------------------------------


def test_atx_and_setext_headings_with_levels_and_lines() -> None:
    note = parse_note("A.md", "---\nt: 1\n---\n# One\n\nTwo\n---\n\n### Three ###\n")
    assert [(h.level, h.text, h.anchor, h.line) for h in note.headings] == [
        (1, "One", "one", 4),
        (2, "Two", "two", 6),
        (3, "Three", "three", 9),
    ]


def test_heading_text_is_what_a_reader_sees() -> None:
    note = parse_note("A.md", "## About [[Dot product|dots]] and **bold**\n")
    assert [(h.text, h.anchor) for h in note.headings] == [
        ("About dots and bold", "about-dots-and-bold")
    ]


def test_heading_with_inline_code_is_a_heading() -> None:
    note = parse_note("A.md", "## The `dot` method\n\ntext\n")
    assert [(h.text, h.anchor) for h in note.headings] == [("The dot method", "the-dot-method")]


def test_heading_with_inline_math_is_a_heading() -> None:
    note = parse_note("A.md", "## The $L^2$ norm\n\ntext\n")
    assert [h.level for h in note.headings] == [2]


def test_headings_inside_fences_are_not_headings() -> None:
    note = parse_note("A.md", "```\n# not a heading\n```\n# Real\n")
    assert [h.text for h in note.headings] == ["Real"]


def test_duplicate_headings_get_numbered_anchors_like_toc() -> None:
    note = parse_note("A.md", "## Example\n\n## Example\n\n## Example\n")
    assert [h.anchor for h in note.headings] == ["example", "example_1", "example_2"]


def test_explicit_id_on_a_heading_is_its_anchor() -> None:
    note = parse_note("A.md", "## Geometric meaning { #geometry }\n")
    assert (note.headings[0].text, note.headings[0].anchor) == ("Geometric meaning", "geometry")


def test_explicit_id_in_attr_list_colon_form() -> None:
    assert parse_note("A.md", "## Meaning {: #meaning-id .big }\n").headings[0].anchor == (
        "meaning-id"
    )


def test_headings_in_every_script_get_anchors() -> None:
    note = parse_note("A.md", "## 链式法则\n\n## قاعدة السلسلة\n\n## Цепное правило\n")
    assert [h.anchor for h in note.headings] == ["链式法则", "قاعدة-السلسلة", "цепное-правило"]


TOC_DOCUMENTS = [
    "## Example\n\n## Example\n\n## Example\n",
    "## Intro\n\n## Other { #intro }\n",
    "## X\n\n## X { #custom }\n\n## X\n",
    "## Why? Because!\n\n## Why Because\n",
    "## 链式法则\n\n## 链式法则\n",
    "## The `dot` method\n\n## The dot method\n",
]


@pytest.mark.parametrize("text", TOC_DOCUMENTS)
def test_heading_anchors_equal_the_ids_python_markdown_toc_gives(text: str) -> None:
    md: Any = markdown.Markdown(
        extensions=["toc", "attr_list"], extension_configs={"toc": {"slugify": heading_slug}}
    )
    md.convert(text)
    toc_ids = [token["id"] for token in md.toc_tokens]
    assert [h.anchor for h in parse_note("A.md", text).headings] == toc_ids


def test_section_runs_to_the_next_heading_of_same_or_higher_level() -> None:
    body = "# Top\n\n## A\n\na text\n\n### A1\n\ndeep\n\n## B\n\nb text\n"
    note = parse_note("A.md", body)
    start, end = note.section_span(("A",)) or (0, 0)
    assert note.body[start:end] == "## A\n\na text\n\n### A1\n\ndeep\n\n"


def test_heading_chain_finds_the_sub_heading_inside_the_named_section() -> None:
    body = "## First\n\n### Example\n\none\n\n## Second\n\n### Example\n\ntwo\n"
    note = parse_note("A.md", body)
    found = note.heading_chain(("Second", "Example"))
    assert found is not None and found.anchor == "example_1"
    assert note.heading_chain(("Second", "Missing")) is None


# -- notes: blocks and links -------------------------------------------------------


def test_block_id_marks_its_paragraph() -> None:
    body = "Intro.\n\nThe dot product\nis a sum. ^definition\n\nAfter.\n"
    note = parse_note("A.md", body)
    (block,) = note.blocks
    assert block.id == "definition"
    assert block.line == 4
    assert body[block.start : block.end] == "The dot product\nis a sum. ^definition"


def test_block_id_marks_its_list_item() -> None:
    body = "- first\n- second item ^two\n- third\n"
    (block,) = parse_note("A.md", body).blocks
    assert body[block.start : block.end] == "- second item ^two"


def test_block_id_in_code_is_not_a_block() -> None:
    assert parse_note("A.md", "```\ntext ^abc\n```\n\n`x ^def`\n").blocks == ()


def test_block_lookup_ignores_case() -> None:
    note = parse_note("A.md", "Text ^Def1\n")
    assert note.block("def1") is not None


def test_footnote_and_superscript_carets_are_not_block_ids() -> None:
    assert parse_note("A.md", "A claim[^1] and x^2 here.\n\n[^1]: source\n").blocks == ()


def test_link_offsets_and_lines_refer_to_the_file() -> None:
    note = parse_note("A.md", "---\ntitle: T\n---\n\nFirst.\nThen [[B]].\n")
    (link,) = note.links
    assert note.body[link.start : link.end] == "[[B]]"
    assert note.line_at(link.start) == 6


# -- how links read as text --------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("[[Dot product]]", "Dot product"),
        ("[[Dot product|dots]]", "dots"),
        ("[[Dot product#Properties]]", "Dot product > Properties"),
        ("[[#Properties]]", "Properties"),
        ("[[Dot product#^definition]]", "Dot product > definition"),
        ("[[Algebra/Dot product.md]]", "Algebra/Dot product"),
    ],
)
def test_link_text_is_what_obsidian_shows(raw: str, shown: str) -> None:
    assert link_text(only_link(raw)) == shown


# -- the context of a link (for backlinks) ---------------------------------------------


def test_context_is_the_sentence_around_the_link() -> None:
    body = "Vectors are lists. The [[Dot product]] measures alignment. It is symmetric.\n"
    link = only_link(body)
    assert context_of(body, link.start, link.end) == "The [[Dot product]] measures alignment."


def test_context_of_a_list_item_is_the_whole_item() -> None:
    body = "Related:\n\n- the [[Dot product]] of two vectors. Also norms.\n- other\n"
    link = only_link(body)
    assert context_of(body, link.start, link.end) == (
        "the [[Dot product]] of two vectors. Also norms."
    )


def test_context_in_a_callout_drops_quote_and_callout_markers() -> None:
    body = "> [!tip] Remember the [[Dot product]]\n> more\n"
    link = only_link(body)
    assert context_of(body, link.start, link.end) == "Remember the [[Dot product]]"


def test_context_drops_block_ids() -> None:
    body = "Uses the [[Dot product]] heavily ^use\n"
    link = only_link(body)
    assert context_of(body, link.start, link.end) == "Uses the [[Dot product]] heavily"


@pytest.mark.parametrize(
    "body",
    [
        "| term | note |\n|---|---|\n| Vault | notes like [[PCA\\|the PCA note]] |\n",
        "term | note\n--- | ---\nVault | notes like [[PCA\\|the PCA note]]\n",
        "| term | note |\n|:--|--:|\n|Vault|  notes like [[PCA\\|the PCA note]]|\n",
    ],
)
def test_context_of_a_table_row_reads_as_text(body: str) -> None:
    link = only_link(body)
    assert context_of(body, link.start, link.end) == "Vault · notes like [[PCA|the PCA note]]"


def test_context_with_a_pipe_outside_a_table_keeps_it() -> None:
    body = "Either a | b, or the [[Dot product]] of both.\n"
    link = only_link(body)
    assert context_of(body, link.start, link.end) == body.strip()


def test_context_in_chinese_splits_on_full_stops() -> None:
    body = "向量是列表。[[点积]]衡量方向的一致。它是对称的。\n"
    link = only_link(body)
    assert context_of(body, link.start, link.end) == "[[点积]]衡量方向的一致。"


@pytest.mark.parametrize(
    "text",
    [
        "Plain title",
        'Quotes " and \\ backslashes',
        "Two\nlines",
        "Windows\r\nline end",
        "\ttab and trailing space ",
        "  leading spaces",
        "#not-a-comment: nor a key",
        "- not a list",
        "NUL \x00 and DEL \x7f and NEL \x85",
        "line\u2028separator and BOM \ufeff",
        "链式法则 and émoji 🎉",
        "",
    ],
)
def test_yaml_string_reads_back_as_the_same_text(text: str) -> None:
    written = f"title: {yaml_string(text)}\n"
    assert "\n" not in written[:-1]  # one line, whatever the text holds
    assert yaml.safe_load(written) == {"title": text}


def test_sentences_start_where_a_stop_and_its_space_end() -> None:
    """The link's sentence starts after the last stop before it (and the space
    after that stop), as the look-behind pattern this replaced found it."""
    import random
    import re

    from learnfolio.model.note import _tidy, context_of

    before = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])")  # the earlier pattern
    rng = random.Random(5)
    pieces = ["a", "b ", ".", "!", "?", "。", "！", "？", " ", "  ", "\t", "x.y", "..."]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        body = f"{text}[[Link]] tail. More! 后面。"
        start = len(text)
        ends = [m.end() for m in before.finditer(body) if m.end() <= start]
        expected = _tidy(body[ends[-1] if ends else 0 : body.index(" More")])
        assert context_of(body, start, start + 8) == expected, body


def _typed(value: object) -> object:
    """``value`` with the type of every part spelt out (so ``True`` is not ``1``)."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, value)


def test_simple_frontmatter_reads_as_pyyaml_does() -> None:
    """The quick reader of simple blocks gives PyYAML's values, and leaves it the rest."""
    rng = random.Random(11)
    keys = ["title", "tags", "date", "aliases", "private", "publish", "a-b", "标签", "on", "No",
            "null", "x_1", "_x", "2d", "a b", "a b ", " a", "'q'", "a#b", "-a", "1",
            "?"]  # fmt: skip
    words = ["exam", "math/geometry", "Hello world", "yes", "No", "TRUE", "off", "null", "Null",
             "~", "0", "-0", "12", "007", "1_000", "0x1F", "1e3", "1.5", ".inf", "2025-07-01",
             "2026-13-45", "2025-7-1", "2025-07-01 10:00", "a: b", "a #c", "a#c", "'q'", '"q"',
             "C++", "e.g.", "a  b", "线性代数", "foo ", "", "[a]", "{a: 1}", "&x", "*x", "!t",
             "@a", "`a`", "%a", "a,b", "-", "- a", "?", "|", ">", "=", "<<", '"quoted, comma"',
             "'it''s'", '"a\\"b"', '"x # y"', "'x: y'", "https://x.org/a#b", "a:b", "a:", "x, y",
             "a - b", "a #b", "a#b", "\xa0x", "x\u2028y", "x\x85", "C#", "50%", "Hello, world",
             "-x", "?x", "a ", '""', "''", "x\ty", "0.5", "+1", "1:20", "0o7", "ÄÖ",
             "a]"]  # fmt: skip
    nice = [*words[:10], "2025-07-01", "C++", "e.g.", "线性代数", '"Hello: world"', "a:b"]

    def word() -> str:
        return rng.choice(nice if rng.random() < 0.8 else words)

    def line() -> str:
        key = rng.choice(keys[:8] if rng.random() < 0.8 else keys)
        kind = rng.random()
        if kind < 0.5:
            return f"{key}: {word()}"
        if kind < 0.7:
            items = ", ".join(word() for _ in range(rng.randint(0, 3)))
            return f"{key}: [{items}]" + rng.choice(["", "", " ", ","])
        if kind < 0.9:
            indent = rng.choice(["", "  ", " "])
            items = [
                f"{rng.choice([indent, indent, '   '])}- {word()}" for _ in range(rng.randint(0, 3))
            ]
            return "\n".join([f"{key}:", *items])
        return rng.choice(["", "# comment", "  continued", f"{key}:{word()}", f"{key} : x"])

    quick = 0
    for _ in range(8000):
        raw = "\n".join(line() for _ in range(rng.randint(1, 4))) + rng.choice(["", "\n"])
        try:
            expected = _typed(yaml.load(raw, Loader=frontmatter._SafeLoader))
        except yaml.YAMLError:
            expected = "error"
        simple = frontmatter._simple_mapping(raw)
        if simple is not None:
            quick += 1
            assert _typed(simple) == expected, raw
    assert quick > 2000  # most of these blocks are simple enough to be read quickly


def _headings_line_by_line(body: str) -> list[tuple[int, str, int, int, str | None]]:
    """Headings as found by walking every line (how ``_headings`` first worked):
    ``(level, text, line index, offset, explicit id)``."""
    masked = mask(body)
    found: list[tuple[int, str, int, int, str | None]] = []
    lines = masked.split("\n")
    originals = body.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    atx = note_module._ATX
    for i, line in enumerate(lines):
        if line.lstrip(" ")[:1] not in ("#", "=", "-"):
            continue
        text, level, at = None, 0, i
        if atx.match(line):
            level = len(atx.match(line)["hashes"])  # type: ignore[index]
            text = atx.match(originals[i])["text"] or ""  # type: ignore[index]
        else:
            setext = SETEXT_RULE.match(line)
            prev = lines[i - 1].strip() if i else ""
            if (
                setext
                and prev
                and not prev.startswith("\0")
                and not atx.match(prev)
                and not LIST_ITEM.match(prev)
                and not prev.startswith(">")
                and (i < 2 or not lines[i - 2].strip() or setext["rule"][0] == "=")
            ):
                level = 1 if setext["rule"][0] == "=" else 2
                text, at = originals[i - 1].strip(), i - 1
        if text is None:
            continue
        attrs = note_module._ATTRS.search(text)
        explicit = None
        if attrs:
            id_match = note_module._EXPLICIT_ID.search(attrs["attrs"])
            explicit = id_match["id"] if id_match else None
            text = text[: attrs.start()]
        if "^" in text:
            text = BLOCK_ID.sub("", text).rstrip()
        found.append((level, text.strip(), at, offsets[at], explicit))
    return found


def test_headings_are_found_as_a_line_by_line_walk_finds_them() -> None:
    rng = random.Random(5)
    pieces = ["# Title", "## Sec {#own}", "### H ^b1", "#NotHeading", "    # code?", "Text",
              "Text two", "===", "---", "- item", "> quote", "", "```", "$$", "x = 1", "  ## In",
              "-- -", "= =", "####### seven", "# Closed ##", "Para `# no`", "\t# tab",
              "-"]  # fmt: skip
    for _ in range(3000):
        body = "\n".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        body += rng.choice(["", "\n"])
        note = parse_note("t.md", f"---\ntitle: T\n---\n{body}")
        got = [(h.level, h.start, h.line - 4, h.text) for h in note.headings]
        expected = [
            (level, offset, at, note_module.plain_text(text))
            for level, text, at, offset, _ in _headings_line_by_line(body)
        ]
        assert got == expected, body
        explicit = [found[4] for found in _headings_line_by_line(body)]
        assert all(
            e is None or e == h.anchor for e, h in zip(explicit, note.headings, strict=True)
        ), body


def test_a_line_separator_does_not_start_a_heading() -> None:
    # Python-Markdown splits lines at "\n" only: "\u2028# x" is text of the line.
    note = parse_note("t.md", "Some text\u2028# Not a heading\n\n## A heading\n")
    assert [h.text for h in note.headings] == ["A heading"]
