"""The vault: which note a link names, backlinks, tags, privacy, and what it reports."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from learnfolio.sources import discover
from learnfolio.vault import Problem, dest_for
from tests.conftest import MakeVault

TWO_SOURCES = [
    {"path": "notes/course", "name": "Course", "mount": "course"},
    {"path": "notes/garden", "name": "Garden", "mount": "garden"},
]


# -- matching a note by name, path, title or alias -----------------------------------


# Each case: the linking note first, then the notes it may match; the link
# is the linking note's only one, and ``target`` the file it must resolve to.
MATCHES = [
    pytest.param(
        {"notes/Index.md": "See [[Dot product]].\n", "notes/algebra/Dot product.md": "Sum.\n"},
        "notes/algebra/Dot product.md",
        id="file name",
    ),
    pytest.param(
        {"notes/Index.md": "[[Dot product|dots]]\n", "notes/Dot product.md": ""},
        "notes/Dot product.md",
        id="shown text",
    ),
    pytest.param(
        {"notes/Index.md": "[[  dot PRODUCT  ]]\n", "notes/Dot product.md": "Sum.\n"},
        "notes/Dot product.md",
        id="case and surrounding spaces ignored",
    ),
    pytest.param(
        {"notes/Index.md": "[[Dot product.md]]\n", "notes/x/Dot product.md": ""},
        "notes/x/Dot product.md",
        id=".md extension",
    ),
    pytest.param(
        {
            "notes/Index.md": "[[01 Algebra/Vectors/Dot product]]\n",
            "notes/01 Algebra/Vectors/Dot product.md": "",
        },
        "notes/01 Algebra/Vectors/Dot product.md",
        id="path from the source root",
    ),
    pytest.param(
        {
            "notes/Index.md": "[[Vectors/Dot product]]\n",
            "notes/01 Algebra/Vectors/Dot product.md": "",
        },
        "notes/01 Algebra/Vectors/Dot product.md",
        id="trailing part of the path",
    ),
    pytest.param(
        {"notes/Index.md": "[[gebra/Dot]]\n", "notes/algebra/Dot.md": ""},
        None,
        id="part of a folder name does not match",
    ),
    pytest.param(
        {
            "notes/Index.md": "[[Scalar product]]\n",
            "notes/dp.md": "---\ntitle: Scalar product\n---\n",
        },
        "notes/dp.md",
        id="title",
    ),
    pytest.param(
        {
            "notes/Index.md": "[[inner product]]\n",
            "notes/Dot product.md": "---\naliases: [Scalar product, Inner Product]\n---\n",
        },
        "notes/Dot product.md",
        id="alias",
    ),
    pytest.param(
        {"notes/Index.md": "[[SGD]]\n", "notes/Stochastic GD.md": "---\naliases: SGD\n---\n"},
        "notes/Stochastic GD.md",
        id="alias written as a string",
    ),
    pytest.param(
        {"notes/Index.md": "[[Chapter 1.1]]\n", "notes/Chapter 1.1.md": ""},
        "notes/Chapter 1.1.md",
        id="dots in a note's name are not a file extension",
    ),
    pytest.param(
        {
            "notes/Index.md": "[[Gradient]]\n",
            "notes/a/grad.md": "---\ntitle: Gradient\n---\n",
            "notes/b/c/Gradient.md": "",
        },
        "notes/b/c/Gradient.md",
        id="file name beats title",
    ),
    pytest.param(
        {
            "notes/Index.md": "[[Slope]]\n",
            "notes/a.md": "---\naliases: [Slope]\n---\n",
            "notes/deep/er/b.md": "---\ntitle: Slope\n---\n",
        },
        "notes/deep/er/b.md",
        id="title beats alias",
    ),
    pytest.param(
        {
            "notes/Index.md": "[[PCA]]\n",
            "notes/SVD.md": "---\naliases: [PCA]\n---\n",
            "notes/far/away/PCA.md": "",
        },
        "notes/far/away/PCA.md",
        id="file name beats alias",
    ),
]


@pytest.mark.parametrize(("files", "target"), MATCHES)
def test_link_matches_a_note_as_obsidian_does(
    tmp_path: Path, make_vault: MakeVault, files: dict[str, str], target: str | None
) -> None:
    v = make_vault(tmp_path, files)
    linking = next(iter(files))
    (link,) = v.note(linking).links
    assert v.target(linking, link.raw) == target
    if target is not None:
        resolution = v.resolve(linking, link.raw)
        assert (resolution.ok, resolution.anchor, resolution.problem) == (True, None, None)


def test_folder_in_link_chooses_between_notes_of_the_same_name(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/Index.md": "[[physics/Work]] and [[Economics/work.md]]\n",
            "notes/physics/Work.md": "",
            "notes/economics/Work.md": "",
        },
    )
    assert v.target("Index.md", "[[physics/Work]]") == "notes/physics/Work.md"
    assert v.target("Index.md", "[[Economics/work.md]]") == "notes/economics/Work.md"
    assert v.problems("ambiguous-link") == []


def test_link_matches_names_in_any_unicode_normalisation(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    decomposed = unicodedata.normalize("NFD", "Über.md")
    v = make_vault(tmp_path, {"notes/I.md": "[[Über]]\n", f"notes/{decomposed}": ""})
    assert v.target("I.md", "[[Über]]") == f"notes/{decomposed}"


def test_link_with_folder_and_heading(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {"notes/I.md": "[[algebra/Dot#Uses]]\n", "notes/algebra/Dot.md": "## Uses\n"},
    )
    resolution = v.resolve("I.md", "[[algebra/Dot#Uses]]")
    assert v.target("I.md", "[[algebra/Dot#Uses]]") == "notes/algebra/Dot.md"
    assert resolution.anchor == "uses"


# -- several matches: the nearest wins, and the build says so ----------------------------


NEAREST = [
    pytest.param(
        {
            "notes/course/week 2/deep/Lecture.md": "[[Summary]]\n",
            "notes/course/week 2/deep/Summary.md": "",
            "notes/course/Summary.md": "",
            "notes/garden/Summary.md": "",
        },
        "notes/course/week 2/deep/Summary.md",
        id="same folder",
    ),
    pytest.param(
        {
            "notes/course/week 1/Lecture.md": "[[Summary]]\n",
            "notes/course/week 2/part/Summary.md": "",
            "notes/garden/Summary.md": "",
        },
        "notes/course/week 2/part/Summary.md",
        id="same source beats a shorter path",
    ),
    pytest.param(
        {
            "notes/course/week 1/Lecture.md": "[[Summary]]\n",
            "notes/course/a/b/Summary.md": "",
            "notes/course/z/Summary.md": "",
            "notes/garden/Other.md": "",
        },
        "notes/course/z/Summary.md",
        id="shortest path",
    ),
]


@pytest.mark.parametrize(("files", "target"), NEAREST)
def test_ambiguous_link_goes_to_the_nearest_note(
    tmp_path: Path, make_vault: MakeVault, files: dict[str, str], target: str
) -> None:
    v = make_vault(tmp_path, files, TWO_SOURCES)
    linking = next(iter(files))
    (link,) = v.note(linking).links
    assert v.target(linking, link.raw) == target


def test_ambiguous_link_is_reported_with_every_candidate(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/course/Lecture.md": "Intro.\n\nSee [[Summary]].\n",
            "notes/course/Summary.md": "",
            "notes/garden/Summary.md": "",
        },
        TWO_SOURCES,
    )
    (problem,) = v.problems("ambiguous-link")
    assert (problem.file, problem.line, problem.level) == (
        "notes/course/Lecture.md",
        3,
        "warning",
    )
    assert "notes/course/Summary.md" in problem.message
    assert "notes/garden/Summary.md" in problem.message
    assert v.resolve("Lecture.md", "[[Summary]]").problem == problem


def test_same_alias_on_two_notes_is_ambiguous(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/Index.md": "[[GD]]\n",
            "notes/Gradient descent.md": "---\naliases: [GD]\n---\n",
            "notes/x/Gradient direction.md": "---\naliases: [GD]\n---\n",
        },
    )
    assert v.target("Index.md", "[[GD]]") == "notes/Gradient descent.md"
    assert len(v.problems("ambiguous-link")) == 1


def test_unique_match_reports_nothing(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path, {"notes/Index.md": "[[A]] [[B]]\n", "notes/A.md": "", "notes/B.md": ""}
    )
    assert v.problems() == []


# -- headings and blocks ----------------------------------------------------------------


def test_link_to_heading_gets_its_anchor(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/Index.md": "[[Dot product#Geometric meaning]]\n",
            "notes/Dot product.md": "# Dot product\n\n## Geometric meaning\n\nAngles.\n",
        },
    )
    resolution = v.resolve("Index.md", "[[Dot product#Geometric meaning]]")
    assert v.target("Index.md", "[[Dot product#Geometric meaning]]") == "notes/Dot product.md"
    assert (resolution.anchor, resolution.problem) == ("geometric-meaning", None)


def test_link_to_heading_ignores_case_and_punctuation(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/Index.md": "[[Dot product#whats a DOT product]]\n",
            "notes/Dot product.md": "## What's a dot-product?\n",
        },
    )
    assert v.resolve("Index.md", "[[Dot product#whats a DOT product]]").anchor == (
        "whats-a-dot-product"
    )


@pytest.mark.parametrize(
    ("heading", "written", "anchor"),
    [
        ("什么是导数？", "什么是导数", "什么是导数"),
        ("ما هو المتجه؟", "ما هو المتجه", "ما-هو-المتجه"),
        ("Что такое вектор?", "что такое Вектор", "что-такое-вектор"),
    ],
    ids=["chinese", "arabic", "russian"],
)
def test_link_to_heading_in_any_script(
    tmp_path: Path, make_vault: MakeVault, heading: str, written: str, anchor: str
) -> None:
    v = make_vault(
        tmp_path,
        {"notes/Index.md": f"[[Note#{written}]]\n", "notes/Note.md": f"## {heading}\n\ntext\n"},
    )
    resolution = v.resolve("Index.md", f"[[Note#{written}]]")
    assert (resolution.anchor, resolution.problem) == (anchor, None)


def test_link_to_nested_heading_picks_the_one_under_its_parent(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/Index.md": "[[Rules#Product#Example]]\n",
            "notes/Rules.md": "## Sum\n\n### Example\n\n## Product\n\n### Example\n",
        },
    )
    assert v.resolve("Index.md", "[[Rules#Product#Example]]").anchor == "example_1"


def test_nested_heading_under_wrong_parent_links_to_note_and_warns(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/Index.md": "[[Rules#Sum#Proof]]\n",
            "notes/Rules.md": "## Sum\n\n### Example\n\n## Product\n\n### Proof\n",
        },
    )
    resolution = v.resolve("Index.md", "[[Rules#Sum#Proof]]")
    assert v.target("Index.md", "[[Rules#Sum#Proof]]") == "notes/Rules.md"
    assert resolution.anchor is None
    assert resolution.problem is not None
    assert (resolution.problem.code, resolution.problem.level) == ("missing-heading", "warning")


def test_link_to_missing_heading_warns_and_links_the_note(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path, {"notes/Index.md": "\n[[A#Nowhere]]\n", "notes/A.md": "## Somewhere\n"}
    )
    (problem,) = v.problems()
    assert (problem.file, problem.line, problem.code) == ("notes/Index.md", 2, "missing-heading")
    assert "Nowhere" in problem.message
    assert v.target("Index.md", "[[A#Nowhere]]") == "notes/A.md"


def test_link_to_heading_on_same_page(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path, {"notes/A.md": "See [[#Proof]] below.\n\n## Proof\n\nQED.\n", "notes/B.md": ""}
    )
    resolution = v.resolve("A.md", "[[#Proof]]")
    assert v.target("A.md", "[[#Proof]]") == "notes/A.md"
    assert resolution.anchor == "proof"


def test_link_to_duplicate_heading_names_the_first(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path, {"notes/I.md": "[[A#Example]]\n", "notes/A.md": "## Example\n\n## Example\n"}
    )
    assert v.resolve("I.md", "[[A#Example]]").anchor == "example"


def test_link_to_heading_with_explicit_id_uses_that_id(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {"notes/I.md": "[[A#Geometric meaning]]\n", "notes/A.md": "## Geometric meaning {#geo}\n"},
    )
    assert v.resolve("I.md", "[[A#Geometric meaning]]").anchor == "geo"


def test_link_to_block_gets_block_anchor(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/I.md": "[[Dot product#^definition]]\n",
            "notes/Dot product.md": "The sum of products. ^definition\n",
        },
    )
    resolution = v.resolve("I.md", "[[Dot product#^definition]]")
    assert (resolution.anchor, resolution.problem) == ("^definition", None)


def test_link_to_missing_block_warns(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/I.md": "[[A#^nope]]\n", "notes/A.md": "Text ^yes\n"})
    resolution = v.resolve("I.md", "[[A#^nope]]")
    assert resolution.ok and resolution.anchor is None
    assert resolution.problem is not None and resolution.problem.code == "missing-block"


# -- attachments ----------------------------------------------------------------------


def test_link_to_image_resolves_to_attachment(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path, {"notes/I.md": "[[diagram.png]]\n", "notes/img/diagram.png": b"\x89PNG"}
    )
    resolution = v.resolve("I.md", "[[diagram.png]]")
    assert resolution.target is not None and not resolution.target.is_note
    assert v.rel(resolution.target) == "notes/img/diagram.png"


def test_embedded_image_hash_suffix_is_not_a_heading(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/I.md": "![[logo.png#icon]]\n", "notes/logo.png": b"\x89PNG"})
    resolution = v.resolve("I.md", "![[logo.png#icon]]")
    assert v.target("I.md", "![[logo.png#icon]]") == "notes/logo.png"
    assert (resolution.anchor, resolution.problem) == (None, None)
    assert v.problems() == []


def test_image_in_obsidian_attachment_folder_is_preferred(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "vault/.obsidian/app.json": '{"attachmentFolderPath": "attachments"}',
            "vault/Topics/PCA.md": "![[plot.png]]\n",
            "vault/attachments/plot.png": b"\x89PNG",
            "vault/Archive/plot.png": b"\x89PNG",
        },
    )
    assert v.target("PCA.md", "![[plot.png]]") == "vault/attachments/plot.png"


def test_obsidian_settings_folder_is_never_published(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "vault/.obsidian/app.json": "{}",
            "vault/.trash/Old.md": "old\n",
            "vault/Note.md": "",
        },
    )
    assert [v.rel(e) for e in v.vault.entries] == ["vault/Note.md"]


# -- standard Markdown links --------------------------------------------------------------


def test_markdown_link_relative_to_the_note(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/calc/Chain rule.md": "[derivative](../basics/Derivative.md)\n",
            "notes/basics/Derivative.md": "",
            "notes/calc/Derivative.md": "",
        },
    )
    assert v.target("Chain rule.md", "[derivative](../basics/Derivative.md)") == (
        "notes/basics/Derivative.md"
    )


def test_markdown_link_with_url_encoded_spaces(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path, {"notes/I.md": "[dp](sub/Dot%20product.md)\n", "notes/sub/Dot product.md": ""}
    )
    assert v.target("I.md", "[dp](sub/Dot%20product.md)") == "notes/sub/Dot product.md"


def test_markdown_link_in_angle_brackets(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path, {"notes/I.md": "[dp](<sub/Dot product.md>)\n", "notes/sub/Dot product.md": ""}
    )
    assert v.target("I.md", "[dp](<sub/Dot product.md>)") == "notes/sub/Dot product.md"


def test_markdown_link_to_heading_by_its_slug(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {"notes/I.md": "[m](A.md#geometric-meaning)\n", "notes/A.md": "## Geometric Meaning\n"},
    )
    assert v.resolve("I.md", "[m](A.md#geometric-meaning)").anchor == "geometric-meaning"


def test_markdown_link_to_missing_file_is_unresolved(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/I.md": "[x](sub/Missing.md)\n", "notes/sub/Other.md": ""})
    resolution = v.resolve("I.md", "[x](sub/Missing.md)")
    assert resolution.target is None
    assert resolution.problem is not None and resolution.problem.code == "unresolved-link"


def test_dot_dot_path_leaving_every_source_never_resolves(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/I.md": "[secret](../outside/Secret.md) and [[../outside/Secret]]\n",
            "outside/Secret.md": "not a source\n",
        },
        [{"path": "notes"}],
    )
    assert v.target("I.md", "[secret](../outside/Secret.md)") is None
    assert v.target("I.md", "[[../outside/Secret]]") is None
    assert {p.code for p in v.problems()} == {"unresolved-link"}


def test_dot_dot_path_cannot_reach_files_beside_the_sources(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {"notes/I.md": "[cfg](../mkdocs.yml)\n", "mkdocs.yml": "site_name: x\n"},
        [{"path": "notes"}],
    )
    assert v.target("I.md", "[cfg](../mkdocs.yml)") is None


# -- unresolved and private targets ------------------------------------------------------


def test_link_to_missing_note_is_unresolved_and_reported(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(tmp_path, {"notes/I.md": "---\ntitle: I\n---\nSee [[Nowhere]].\n"})
    resolution = v.resolve("I.md", "[[Nowhere]]")
    assert resolution.target is None
    (problem,) = v.problems()
    assert (problem.file, problem.line, problem.level, problem.code) == (
        "notes/I.md",
        4,
        "error",
        "unresolved-link",
    )
    assert "[[Nowhere]]" in problem.message


@pytest.mark.parametrize("front", ["publish: false", "private: true"])
def test_link_to_private_note_is_unresolved_and_reported_as_private(
    tmp_path: Path, make_vault: MakeVault, front: str
) -> None:
    v = make_vault(
        tmp_path, {"notes/I.md": "[[Diary]]\n", "notes/Diary.md": f"---\n{front}\n---\nSecret.\n"}
    )
    assert not v.has("Diary.md")
    resolution = v.resolve("I.md", "[[Diary]]")
    assert resolution.target is None
    assert resolution.problem is not None
    assert (resolution.problem.code, resolution.problem.level) == ("private-link", "error")


def test_link_to_private_note_by_alias_is_reported_as_private(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/I.md": "[[my log]]\n",
            "notes/Diary.md": "---\nprivate: true\naliases: [My log]\n---\n",
        },
    )
    assert [p.code for p in v.problems()] == ["private-link"]


def test_markdown_link_to_private_note_is_reported_as_private(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path, {"notes/I.md": "[d](Diary.md)\n", "notes/Diary.md": "---\npublish: false\n---\n"}
    )
    assert [p.code for p in v.problems()] == ["private-link"]


def test_draft_is_left_out_unless_drafts_are_included(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    files = {"notes/I.md": "[[Idea]]\n", "notes/Idea.md": "---\ndraft: true\n---\nHalf done.\n"}
    built = make_vault(tmp_path, files)
    assert not built.has("Idea.md")
    assert [p.code for p in built.problems()] == ["private-link"]
    served = make_vault(tmp_path, files, include_drafts=True)
    assert served.target("I.md", "[[Idea]]") == "notes/Idea.md"
    assert served.problems() == []


def test_public_note_wins_over_private_note_of_same_name(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/I.md": "[[Plan]]\n",
            "notes/private/Plan.md": "---\nprivate: true\n---\n",
            "notes/public/Plan.md": "",
        },
    )
    assert v.target("I.md", "[[Plan]]") == "notes/public/Plan.md"
    assert v.problems() == []


def test_private_note_links_make_no_backlinks(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {"notes/Diary.md": "---\nprivate: true\n---\n[[PCA]] is hard\n", "notes/PCA.md": ""},
    )
    assert v.vault.backlinks_of(v.entry("PCA.md")) == []


def test_private_note_tags_are_not_vault_tags(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {"notes/Diary.md": "---\nprivate: true\ntags: [secret]\n---\n#hidden\n", "notes/A.md": ""},
    )
    assert v.vault.tags == {}


def test_source_exclude_keeps_notes_out(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/I.md": "[[Daily]]\n",
            "notes/Templates/Daily.md": "{{date}}\n",
            "notes/Journal/2024-01-01.md": "entry\n",
        },
        [{"path": "notes", "exclude": ["Templates/**", "Journal/"]}],
    )
    assert [v.rel(e) for e in v.vault.entries] == ["notes/I.md"]
    assert v.target("I.md", "[[Daily]]") is None


# -- backlinks -------------------------------------------------------------------------


def test_backlinks_list_linking_pages_with_context(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/PCA.md": "Data has variance. PCA uses the [[SVD]] of the data. Neat.\n",
            "notes/SVD.md": "Factorisation.\n",
        },
    )
    (backlink,) = v.vault.backlinks_of(v.entry("SVD.md"))
    assert v.rel(backlink.source) == "notes/PCA.md"
    assert backlink.contexts == ("PCA uses the [[SVD]] of the data.",)


def test_markdown_links_and_embeds_make_backlinks(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/A.md": "[svd](SVD.md)\n",
            "notes/B.md": "![[SVD]]\n",
            "notes/SVD.md": "Factorisation.\n",
        },
    )
    sources = [v.rel(b.source) for b in v.vault.backlinks_of(v.entry("SVD.md"))]
    assert sources == ["notes/A.md", "notes/B.md"]


def test_backlinks_are_sorted_by_title(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/z.md": "---\ntitle: Alpha\n---\n[[T]]\n",
            "notes/a.md": "---\ntitle: Zeta\n---\n[[T]]\n",
            "notes/m.md": "---\ntitle: beta\n---\n[[T]]\n",
            "notes/T.md": "",
        },
    )
    assert [b.source.title for b in v.vault.backlinks_of(v.entry("T.md"))] == [
        "Alpha",
        "beta",
        "Zeta",
    ]


def test_page_linking_twice_is_one_backlink_with_both_contexts(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/A.md": "- first [[T]]\n- again [[T#H]]\n- first [[T]]\n",
            "notes/T.md": "## H\n",
        },
    )
    (backlink,) = v.vault.backlinks_of(v.entry("T.md"))
    assert backlink.contexts == ("first [[T]]", "again [[T#H]]")


def test_self_links_are_not_backlinks(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "[[A]] and [[#H]]\n\n## H\n"})
    assert v.vault.backlinks_of(v.entry("A.md")) == []


def test_attachments_have_no_backlinks(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "![[p.png]]\n", "notes/p.png": b"\x89PNG"})
    assert v.vault.backlinks_of(v.entry("p.png")) == []


# -- tags ------------------------------------------------------------------------------


def test_tags_map_to_notes_sorted_by_title(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/b.md": "---\ntitle: Beta\ntags: [math]\n---\n",
            "notes/a.md": "---\ntitle: Alpha\n---\nAbout #math and #math/calculus\n",
        },
    )
    assert list(v.vault.tags) == ["math", "math/calculus"]
    assert [e.title for e in v.vault.tags["math"]] == ["Alpha", "Beta"]
    assert [e.title for e in v.vault.tags["math/calculus"]] == ["Alpha"]


def test_tags_differing_only_in_case_are_one_tag(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(
        tmp_path, {"notes/a.md": "About #Math\n", "notes/b.md": "---\ntags: [math]\n---\n"}
    )
    keys = [tag for tag in v.vault.tags if tag.casefold() == "math"]
    assert len(keys) == 1
    assert {v.rel(e) for e in v.vault.tags[keys[0]]} == {"notes/a.md", "notes/b.md"}


# -- what building the vault reports ----------------------------------------------------


def test_malformed_frontmatter_is_reported_with_file_and_line(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(tmp_path, {"notes/A.md": "---\ntitle: a\n  bad: x\n---\nbody\n"})
    (problem,) = v.problems()
    assert (problem.file, problem.line, problem.code) == ("notes/A.md", 3, "bad-file")
    assert "frontmatter" in problem.message and "left out of the site" in problem.message
    assert not v.has("A.md")  # whether it is private cannot be known: not published


def test_two_files_landing_on_the_same_page_are_an_error(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(tmp_path, {"notes/Dot Product.md": "", "notes/dot-product.md": ""})
    (problem,) = v.problems("url-collision")
    assert problem.level == "error"
    named = f"{problem.file} {problem.message}"
    assert "notes/Dot Product.md" in named and "notes/dot-product.md" in named


def test_problem_prints_as_file_line_level_message() -> None:
    assert str(Problem("notes/A.md", 3, "error", "unresolved-link", "bad link")) == (
        "notes/A.md:3: error: bad link"
    )
    assert str(Problem("notes/A.md", 0, "info", "orphan", "alone")) == "notes/A.md:1: info: alone"


# -- where entries land --------------------------------------------------------------------


def test_notes_land_under_the_mount_with_slugified_paths(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/course/01 Linear algebra/Dot Product.md": "",
            "notes/garden/特征值 直觉.md": "",
            "notes/garden/Figures/Plot 1.PNG": b"\x89PNG",
            "docs/About Me.md": "",
        },
        TWO_SOURCES,
    )
    assert v.entry("Dot Product.md").dest == "course/01-linear-algebra/dot-product.md"
    assert v.entry("特征值 直觉.md").dest == "garden/特征值-直觉.md"
    assert v.entry("Plot 1.PNG").dest == "garden/figures/plot-1.png"
    assert v.entry("docs/About Me.md").dest == "About Me.md"


def test_entry_url_is_relative_to_the_linking_page(tmp_path: Path, make_vault: MakeVault) -> None:
    v = make_vault(tmp_path, {"notes/course/a/A.md": "", "notes/garden/B.md": ""}, TWO_SOURCES)
    assert v.entry("B.md").url_from(v.entry("A.md")) == "../../garden/b.md"
    assert v.entry("A.md").url_from(v.entry("B.md")) == "../course/a/a.md"


def test_discover_classifies_files_and_skips_hidden_ones(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/A.md": "",
            "notes/B.markdown": "",
            "notes/C.ipynb": "{}",
            "notes/d.png": b"\x89PNG",
            "notes/.hidden.md": "",
            "notes/.git/config": "",
            "notes/__pycache__/x.md": "",
        },
    )
    spec = v.settings.sources[1]
    found = [(f.path, f.kind) for f in discover(spec)]
    assert found == [
        ("A.md", "note"),
        ("B.markdown", "note"),
        ("C.ipynb", "notebook"),
        ("d.png", "asset"),
    ]
    assert dest_for(next(f for f in discover(spec) if f.path == "B.markdown")) == "notes/b.md"


def test_relative_urls_are_what_relpath_gives() -> None:
    import posixpath
    import random

    from learnfolio.vault import relative_url

    rng = random.Random(3)
    parts = ["a", "b", "garden", "笔记", "x y", ".", "..", "", "index.md", "a.md"]
    for _ in range(5000):
        dest = "/".join(rng.choice(parts) for _ in range(rng.randint(1, 5)))
        page = "/".join(rng.choice(parts) for _ in range(rng.randint(1, 5)))
        try:
            expected = posixpath.relpath(dest, posixpath.dirname(page) or ".")
        except ValueError:
            continue
        assert relative_url(dest, page) == expected, (dest, page)
