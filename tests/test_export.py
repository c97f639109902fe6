"""``learnfolio export``: the vault as plain Markdown that other engines build unchanged."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from learnfolio.cli import main as cli_main
from learnfolio.export import MANIFEST, ExportSite, export_vault
from learnfolio.model.scanner import mask
from learnfolio.model.syntax import find_links
from tests.conftest import MakeVault, write_tree
from tests.sitebuild import BuildFailed, BuiltSite, rebuild

ROOT = Path(__file__).resolve().parents[1]
PRIVATE = ("velvet-quokka-7719", "Exam anxiety journal", "amber-heron-3304", "copper-finch-5521")


@pytest.fixture(scope="module")
def example_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example knowledge base exported into a temporary folder."""
    folder = tmp_path_factory.mktemp("export") / "out"
    assert cli_main(["export", str(folder), "-f", str(ROOT / "mkdocs.yml")]) == 0
    return folder


def _pages(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder / "docs").as_posix(): p.read_text(encoding="utf-8")
        for p in sorted((folder / "docs").rglob("*.md"))
    }


def _page_html(site: Path, page: str) -> Path:
    url = page.removesuffix(".md").removesuffix("index").rstrip("/")
    return site / url / "index.html" if url else site / "index.html"


# -- a small vault ---------------------------------------------------------------


def test_links_embeds_callouts_tags_and_images_are_plain_markdown(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    built = make_vault(
        tmp_path,
        {
            "notes/A.md": "# A\n\nSee [[B#Part]] and [[Secret|my diary]]. #topic\n\n"
            "![[B#Part]]\n\n> [!tip] Remember\n> Keep it short.\n\n![[pic.png|300]]\n\n"
            "![[B#Close]]\n",
            "notes/B.md": "# B\n\n## Part\n\nThe part, with $x^2$ and a block. ^here\n"
            "\n## Close\nNo blank line after this heading.\n",
            "notes/Secret.md": "---\npublish: false\n---\nsilent-otter-0042\n",
            "notes/pic.png": b"\x89PNG\r\n\x1a\n",
        },
    )
    export = export_vault(built.vault, built.settings, ExportSite("Notes"), dt.date(2026, 12, 1))
    a, b = export.texts["docs/notes/a.md"], export.texts["docs/notes/b.md"]
    assert "[B > Part](<b.md#part>)" in a
    assert "> **[B > Part](<b.md#part>)**\n>\n> **Part**\n>\n> The part, with $x^2$" in a
    assert "> [!tip] Remember\n> Keep it short." in a  # callouts stay as written
    assert "> **Close**\n>\n> No blank line after this heading." in a  # not one paragraph
    assert "[#topic](<../tags/topic.md>)" in a
    assert '<img src="pic.png" alt="pic" width="300">' in a
    assert "## Backlinks\n\n- [A](<a.md>)" in b
    assert '<span class="lf-block" id="^here"></span>' in b
    for text in export.texts.values():
        assert "{:" not in text and "!!!" not in text and "\ue000" not in text
        assert "silent-otter" not in text and "Secret" not in text  # never named
    assert "my diary" in a  # the public note's own words stay, as plain text
    assert [p.code for p in export.problems] == ["private-link"]  # counted for the author
    assert export.copies["docs/notes/pic.png"] == tmp_path / "notes/pic.png"
    assert {"docs/tags/topic.md", "docs/tags/index.md", "docs/notes/index.md"} <= set(export.texts)
    assert "plugins" not in export.texts["mkdocs.yml"]


# -- the example -----------------------------------------------------------------


def _build_strictly(export: Path, work: Path) -> BuiltSite:
    """Build a copy of ``export`` with plain MkDocs, every link and anchor checked."""
    shutil.copytree(export, work)
    config_file = work / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    assert "\nplugins:" not in text
    # A broken link or anchor is a warning, and a warning fails the strict build.
    config_file.write_text(
        text + "validation:\n  anchors: warn\n  unrecognized_links: warn\n", encoding="utf-8"
    )
    try:
        built = rebuild(work, strict=True)
    except BuildFailed as failed:
        pytest.fail("\n".join(failed.messages))
    assert built.messages() == []
    assert list(built.config.plugins) == ["search"]  # MkDocs' default, and nothing else
    return built


def test_links_to_headings_carry_the_ids_the_engines_write(tmp_path: Path) -> None:
    # learnfolio's own anchors fold "1 - 2" to "1-2"; GitHub, and the toc
    # slugify the export's mkdocs.yml sets, write "1---2".
    config = "site_name: Notes\nplugins:\n  - learnfolio:\n      sources: [notes]\n"
    write_tree(
        tmp_path,
        {
            "mkdocs.yml": config,
            "docs/index.md": "# Home\n\n[[B#Step 1 - centre the data]], [[B#Café, ça va?]]\n",
            "notes/B.md": "# B\n\n## Step 1 - centre the data\n\nx\n\n## Café, ça va?\n\ny\n",
        },
    )
    assert cli_main(["export", str(tmp_path / "out"), "-f", str(tmp_path / "mkdocs.yml")]) == 0
    home = (tmp_path / "out/docs/index.md").read_text(encoding="utf-8")
    assert "(<notes/b.md#step-1---centre-the-data>)" in home
    assert "(<notes/b.md#café-ça-va>)" in home
    _build_strictly(tmp_path / "out", tmp_path / "built")


def test_example_export_builds_with_plain_mkdocs_strictly_with_no_broken_link(
    example_export: Path, tmp_path: Path
) -> None:
    built = _build_strictly(example_export, tmp_path / "site")
    pages = _pages(example_export)
    assert len(pages) >= 70
    missing = [p for p in pages if not _page_html(built.site_dir, p).exists()]
    assert missing == []


def test_example_export_has_every_link_written_out_and_nothing_private(
    example_export: Path,
) -> None:
    pages = _pages(example_export)
    leftovers = {
        rel: [
            link.raw for link in find_links(text, mask(text)) if link.kind in ("wikilink", "embed")
        ]
        for rel, text in pages.items()
    }
    assert {rel: raw for rel, raw in leftovers.items() if raw} == {}
    with_backlinks = [rel for rel, text in pages.items() if "\n## Backlinks\n" in text]
    assert len(with_backlinks) >= 35
    assert "tags/index.md" in pages and "garden/index.md" in pages
    assert any("$$\n" in text for text in pages.values())
    for path in example_export.rglob("*"):
        rel = path.relative_to(example_export).as_posix()
        assert not any(word.lower() in rel.lower() for word in PRIVATE), rel
        if path.is_file():
            data = path.read_bytes()
            assert not any(word.encode() in data for word in PRIVATE), rel


def test_example_export_lists_the_posts_on_the_blog_index(example_export: Path) -> None:
    # Material's blog listed them there; the export writes the list out.
    pages = _pages(example_export)
    blog = pages["blog/index.md"]
    posts = [rel for rel in pages if rel.startswith("blog/posts/")]
    assert len(posts) == 5  # one of them the Chinese version of another
    listed = re.findall(r"^- \[[^\]]+\]\(<posts/([^>]+)>\) · \d+ \w+ 2026$", blog, re.MULTILINE)
    assert sorted(f"blog/posts/{p}" for p in listed) == sorted(posts)
    assert listed[0] == "what-gradient-descent-does-when-it-does-not-converge.md"  # newest first
    assert "## Backlinks" not in blog and "## Backlinks" not in pages["index.md"]


def test_example_export_copies_notebooks_beside_their_notes(example_export: Path) -> None:
    notebooks = sorted((ROOT / "notes/notebooks").glob("*.ipynb"))
    assert len(notebooks) >= 3
    for source in notebooks:
        slug = re.sub(r"\s+", "-", source.stem.lower())
        copy = example_export / "docs/notebooks" / f"{slug}.ipynb"
        assert copy.read_bytes() == source.read_bytes()
    about = (example_export / "docs/notebooks/about-the-notebooks.md").read_text(encoding="utf-8")
    assert "(<tiny-autodiff.ipynb>)" in about


def test_example_export_builds_with_zensical_and_every_page_exists(
    example_export: Path, tmp_path: Path
) -> None:
    # Zensical ignores MkDocs plugins; the export needs none. It runs offline.
    work = tmp_path / "zensical"
    shutil.copytree(example_export, work)
    zensical = Path(sys.executable).parent / "zensical"
    done = subprocess.run(
        [str(zensical), "build", "--clean"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    pages = _pages(example_export)
    missing = [p for p in pages if not _page_html(work / "site", p).exists()]
    assert missing == []
    chinese = _page_html(work / "site", "courses/math-for-ml/02-calculus/链式法则笔记.md")
    assert 'id="直觉"' in chinese.read_text(encoding="utf-8")  # the anchor links point at


# -- where it writes -------------------------------------------------------------


def test_export_refuses_a_folder_that_is_not_empty_or_inside_a_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "thesis.tex").write_text("mine", encoding="utf-8")
    assert cli_main(["export", str(busy), "-f", str(ROOT / "mkdocs.yml")]) == 1
    assert "not empty and holds no previous export" in capsys.readouterr().err
    assert sorted(p.name for p in busy.iterdir()) == ["thesis.tex"]
    inside = ROOT / "notes/vault/exported"
    assert cli_main(["export", str(inside), "-f", str(ROOT / "mkdocs.yml")]) == 1
    assert "overlaps the source folder" in capsys.readouterr().err
    assert not inside.exists()


def test_export_again_replaces_only_what_it_wrote(
    tmp_path: Path, make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    config = "site_name: Notes\nplugins:\n  - learnfolio:\n      sources: [notes]\n"
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    make_vault(tmp_path, {"docs/index.md": "# Home\n", "notes/Old.md": "# Old\n"})
    out = tmp_path / "out"
    assert cli_main(["export", str(out), "-f", str(tmp_path / "mkdocs.yml")]) == 0
    assert (out / "docs/notes/old.md").exists() and (out / MANIFEST).exists()
    (out / "README.md").write_text("my notes on the export", encoding="utf-8")
    (tmp_path / "notes/Old.md").rename(tmp_path / "notes/New.md")
    assert cli_main(["export", str(out), "-f", str(tmp_path / "mkdocs.yml")]) == 0
    assert not (out / "docs/notes/old.md").exists()
    assert (out / "docs/notes/new.md").exists()
    assert (out / "README.md").read_text(encoding="utf-8") == "my notes on the export"
    # The home page, the note, the index of its source and the index of tags.
    assert "exported 4 pages" in capsys.readouterr().err


# -- one post, for cross-posting ---------------------------------------------------


def test_post_links_back_to_the_site_with_its_final_urls(tmp_path: Path) -> None:
    env_site_url = os.environ.pop("SITE_URL", None)
    try:
        args = ["export", str(tmp_path / "post"), "-f", str(ROOT / "mkdocs.yml")]
        code = cli_main(
            [*args, "--post", "chain-rule-is-backprop", "--site-url", "https://example.org/notes"]
        )
    finally:
        if env_site_url is not None:
            os.environ["SITE_URL"] = env_site_url
    assert code == 0
    text = (tmp_path / "post/chain-rule-is-backprop.md").read_text(encoding="utf-8")
    site = "https://example.org/notes/"
    canonical = f"{site}blog/2026/04/18/why-the-chain-rule-is-all-of-backpropagation/"
    assert f"canonical_url: {canonical}" in text
    assert f"*First published at <{canonical}>.*" in text
    assert f"(<{site}courses/math-for-ml/03-optimisation/gradient-descent/>)" in text
    assert f"(<{site}garden/backpropagation/#with-matrices>)" in text
    targets = re.findall(r"\]\(<([^>]*)>\)", text)
    assert len(targets) >= 8
    assert [t for t in targets if not t.startswith(site)] == []
    assert "## Backlinks" not in text


def test_post_that_does_not_exist_lists_the_posts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["export", str(tmp_path / "post"), "-f", str(ROOT / "mkdocs.yml"), "--post", "nope"]
    assert cli_main([*args, "--site-url", "https://example.org/"]) == 1
    err = capsys.readouterr().err
    assert "no published post is called 'nope'" in err and "chain-rule-is-backprop" in err


def test_site_url_without_post_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["export", str(tmp_path / "out"), "-f", str(ROOT / "mkdocs.yml")]
    assert cli_main([*args, "--site-url", "https://example.org/"]) == 1
    assert "--site-url goes with --post" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_raw_html_of_an_untrusted_source_is_exported_as_text(tmp_path: Path) -> None:
    """Other engines never clean a note: a tag that could run script reaches them as text."""
    config = (
        "site_name: Notes\nplugins:\n  - learnfolio:\n      sources:\n"
        "        - path: notes\n        - path: shared\n          trusted: false\n"
    )
    body = (
        '<img src=x onerror="alert(1)"> <kbd>ok</kbd> <span class="mine">s</span>\n'
        "<script>alert(2)</script>\n\n"
        '<a href="javascript:alert(3)">x</a> <a href="https://example.org/">ok</a>\n\n'
        "See <https://example.org> and `<b onclick=1>` in code.\n\n"
        '<div class="admonition note" markdown="1">\nInside\n</div>\n'
    )
    write_tree(
        tmp_path,
        {
            "mkdocs.yml": config,
            "docs/index.md": "# Home\n",
            "notes/Own.md": "# Own\n\n" + body,
            "shared/Theirs.md": "# Theirs\n\n" + body,
        },
    )
    assert cli_main(["export", str(tmp_path / "out"), "-f", str(tmp_path / "mkdocs.yml")]) == 0
    theirs = (tmp_path / "out/docs/shared/theirs.md").read_text(encoding="utf-8")
    assert '&lt;img src=x onerror="alert(1)"&gt;' in theirs
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in theirs
    assert '&lt;a href="javascript:alert(3)"&gt;' in theirs
    kept = [
        "<kbd>ok</kbd>",
        '<span class="mine">s</span>',
        '<a href="https://example.org/">',
        "<https://example.org>",
        "`<b onclick=1>`",
        '<div class="admonition note" markdown="1">',
    ]
    for markup in kept:
        assert markup in theirs, markup
    own = (tmp_path / "out/docs/notes/own.md").read_text(encoding="utf-8")
    assert '<img src=x onerror="alert(1)">' in own  # a trusted note is the learner's own
