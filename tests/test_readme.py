"""The README works when copied: its minimal site builds as written; quick start, two commands."""

from __future__ import annotations

import re
from pathlib import Path

from tests.sitebuild import rebuild, write_tree

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _block_after(marker: str) -> str:
    """The fenced code block right after ``<!-- README test: marker -->``."""
    found = re.search(
        rf"<!-- README test: {re.escape(marker)} -->\n```\w*\n(.*?)\n```\n", README, re.DOTALL
    )
    assert found is not None, f"README has no code block marked '{marker}'"
    return found.group(1) + "\n"


def test_readme_minimal_site_builds_as_written(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "mkdocs.yml": _block_after("minimal mkdocs.yml"),
            "docs/index.md": _block_after("docs/index.md"),
            "notes/Dot product.md": "---\ntags: [linear-algebra]\n---\n# Dot product\n\n"
            "Multiply matching entries and add them: $a \\cdot b$. See [[Norm]].\n",
            "notes/Norm.md": "# Norm\n\nThe length of a vector: $\\sqrt{v \\cdot v}$.\n",
        },
    )
    site = rebuild(tmp_path, strict=True)
    home = site.article("")
    assert home.select_one(".lf-figures") is not None
    assert "linear-algebra" in home.get_text()
    norm = site.article("notes/norm/")
    assert norm.select_one(".lf-backlinks a") is not None
    assert site.article("notes/dot-product/").find("math") is not None
    page = (site.site_dir / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in page


def test_readme_quick_start_is_make_serve_and_make_test() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    assert commands == ["make serve", "make test"]


def test_readme_names_the_three_values_init_marks_as_yours() -> None:
    template = (
        Path(__file__).resolve().parents[1] / "plugins/learnfolio/templates/init/mkdocs.yml"
    ).read_text(encoding="utf-8")
    marked = re.findall(r"# yours: .*\n(?:#.*\n)*\s*(\w+):", template)
    assert marked == ["site_url", "repo_url", "author"]
    publish = README.split("### Publish it on GitHub Pages", 1)[1].split("\n### ", 1)[0]
    for value in ("`site_url`", "`repo_url`", "`author.name`", "docs/blog/.authors.yml"):
        assert value in publish
