"""`learnfolio new`: start a note or a post with the right frontmatter, never overwrite."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from learnfolio.cli import main
from learnfolio.model.frontmatter import split_frontmatter

CONFIG = """\
site_name: T
theme:
  name: material
plugins:
  - blog
  - learnfolio:
      sources:
        - path: notes/course
          name: Math course
          mount: courses/math
        - path: notes/vault
          mount: garden
          posts: Posts
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "notes/course").mkdir(parents=True)
    (tmp_path / "notes/vault").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def _run(site: Path, *args: str) -> int:
    return main([*args, "-f", str(site / "mkdocs.yml")])


def test_new_note_goes_into_the_named_source(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(site, "new", "note", "Eigenvectors", "--source", "garden") == 0
    path = site / "notes/vault/Eigenvectors.md"
    assert capsys.readouterr().out.strip() == str(path)
    front = split_frontmatter(path.read_text(encoding="utf-8"))
    assert front.meta["title"] == "Eigenvectors"
    assert front.meta["date"] == dt.date.today()
    assert front.meta["tags"] == [] and front.meta["aliases"] == []
    assert front.body.strip() == "# Eigenvectors"


def test_new_note_defaults_to_the_first_source_and_matches_names(site: Path) -> None:
    assert _run(site, "new", "note", "Dot product") == 0
    assert (site / "notes/course/Dot product.md").exists()
    assert _run(site, "new", "note", "Span", "--source", "math course") == 0
    assert (site / "notes/course/Span.md").exists()


def test_new_post_goes_into_the_blog_as_a_draft(site: Path) -> None:
    assert _run(site, "new", "post", "What I learned about PCA") == 0
    path = site / "docs/blog/posts/what-i-learned-about-pca.md"
    front = split_frontmatter(path.read_text(encoding="utf-8"))
    assert front.meta["draft"] is True
    assert front.meta["date"] == dt.date.today()
    assert "# What I learned about PCA" in front.body
    assert "<!-- more -->" in front.body


def test_new_post_in_a_source_uses_its_posts_folder(site: Path) -> None:
    assert _run(site, "new", "post", "Notes to self", "--source", "garden") == 0
    path = site / "notes/vault/Posts/Notes to self.md"
    assert "post" not in split_frontmatter(path.read_text(encoding="utf-8")).meta
    assert _run(site, "new", "post", "Course recap", "--source", "courses/math") == 0
    recap = split_frontmatter((site / "notes/course/Course recap.md").read_text(encoding="utf-8"))
    assert recap.meta["post"] is True


def test_new_never_overwrites(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = site / "notes/course/Limits.md"
    target.write_text("my precious notes\n", encoding="utf-8")
    assert _run(site, "new", "note", "Limits") == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "my precious notes\n"


def test_new_with_unknown_source_names_the_sources(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(site, "new", "note", "X", "--source", "nowhere") == 1
    err = capsys.readouterr().err
    assert "no source called 'nowhere'" in err and "'garden'" in err


def test_new_post_without_blog_plugin_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\nplugins:\n  - learnfolio:\n      sources: [notes]\n", encoding="utf-8"
    )
    assert main(["new", "post", "Hello", "-f", str(tmp_path / "mkdocs.yml")]) == 1


def test_titles_with_slashes_make_safe_file_names(site: Path) -> None:
    assert _run(site, "new", "note", "Input/output: a note?") == 0
    assert (site / "notes/course/Input output a note.md").exists()
    front = split_frontmatter((site / "notes/course/Input output a note.md").read_text("utf-8"))
    assert front.meta["title"] == "Input/output: a note?"


def test_publish_workflow_builds_strict_and_deploys_to_pages() -> None:
    root = Path(__file__).resolve().parents[1]
    workflow = yaml.safe_load((root / ".github/workflows/publish.yml").read_text("utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML reads `on:` as True
    build = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "") for step in build]
    checkout = next(s for s in build if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    python = next(s for s in build if s.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["cache"] == "pip"
    runs = " ".join(step.get("run", "") for step in build)
    assert "requirements.lock" in runs and "mkdocs build --strict" in runs
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    deploy = workflow["jobs"]["deploy"]["steps"]
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in deploy)
    assert workflow["permissions"]["pages"] == "write"
