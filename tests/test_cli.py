"""``learnfolio check``: link health on the command line, for people and for CI."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from learnfolio.cli import main
from tests.conftest import Files

CONFIG = """\
site_name: Test
docs_dir: docs
theme:
  name: material
markdown_extensions:
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - search
  - learnfolio:
      sources:
        - path: notes
          name: Notes
          mount: notes
"""

LINE = re.compile(r"^(?P<file>[^:\s][^:]*?):(?P<line>\d+): (?P<level>error|warning|info): .+$")

WriteTree = Callable[[Path, Files], None]


def check(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    """Run ``learnfolio check -f root/mkdocs.yml``; return exit code, stdout lines, stderr."""
    code = main(["check", "-f", str(root / "mkdocs.yml"), *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def site(root: Path, write_tree: WriteTree, notes: Files, config: str = CONFIG) -> Path:
    write_tree(root, {"mkdocs.yml": config, "docs/index.md": "# Home\n", **notes})
    return root


def test_clean_vault_exits_zero_and_prints_a_summary(
    tmp_path: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    site(tmp_path, write_tree, {"notes/A.md": "[[B]]\n", "notes/B.md": "[[A]]\n"})
    code, lines, err = check(tmp_path, capsys)
    assert (code, lines) == (0, [])
    assert "3 notes checked" in err and "0 errors" in err


def test_unresolved_link_is_an_error_with_file_and_line(
    tmp_path: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    site(
        tmp_path,
        write_tree,
        {"notes/sub/A.md": "---\ntitle: A\n---\n\nSee [[Nowhere]].\n", "docs/about.md": "[[A]]\n"},
    )
    code, lines, _ = check(tmp_path, capsys)
    assert code == 1
    (line,) = lines
    assert line.startswith("notes/sub/A.md:5: error: ")
    assert "[[Nowhere]]" in line


def test_every_printed_line_is_file_line_level_message(
    tmp_path: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    site(
        tmp_path,
        write_tree,
        {
            "notes/A.md": "[[Missing]] [[B#Nope]]\n",
            "notes/B.md": "",
            "notes/Lonely.md": "",
            "notes/Bad.md": "---\ntitle: [\n---\n",
        },
    )
    _, lines, _ = check(tmp_path, capsys)
    assert lines
    assert all(LINE.match(line) for line in lines), lines
    levels = {m["level"] for m in map(LINE.match, lines) if m}
    assert levels == {"error", "warning", "info"}


def test_private_note_linked_from_public_is_an_error(
    tmp_path: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    site(
        tmp_path,
        write_tree,
        {
            "docs/about.md": "Read [[Diary]].\n",
            "notes/Diary.md": "---\npublish: false\n---\nSecret plans.\n",
        },
    )
    code, lines, _ = check(tmp_path, capsys)
    assert code == 1
    (line,) = lines
    assert line.startswith("docs/about.md:1: error: ")
    assert "private" in line
    assert "Secret plans" not in line


def test_orphans_are_reported_as_info_without_failing(
    tmp_path: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    site(tmp_path, write_tree, {"notes/Lonely.md": "Nobody links here.\n"})
    code, lines, err = check(tmp_path, capsys)
    assert code == 0
    (line,) = lines
    assert line.startswith("notes/Lonely.md:1: info: ")
    assert "1 orphans" in err


def test_docs_pages_are_never_orphans(
    tmp_path: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    site(tmp_path, write_tree, {"docs/about.md": "About.\n", "notes/A.md": "[[about]]\n"})
    _, lines, _ = check(tmp_path, capsys)
    assert [line for line in lines if "about" in line] == []


def test_embed_cycle_is_an_error(
    tmp_path: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    site(tmp_path, write_tree, {"notes/A.md": "![[B]]\n", "notes/B.md": "text\n\n![[A]]\n"})
    code, lines, _ = check(tmp_path, capsys)
    assert code == 1
    errors = [line for line in lines if ": error: " in line]
    assert [line.split(": error: ")[0] for line in errors] == ["notes/A.md:1", "notes/B.md:3"]
    assert all("cycle" in line for line in errors)


def test_prerequisite_cycles_private_and_missing_prerequisites_fail_check(
    tmp_path: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    requires = '---\nrequires: ["[[{}]]"]\nstatus: {}\n---\nText.\n'
    site(
        tmp_path,
        write_tree,
        {
            "notes/A.md": requires.format("B", "known"),
            "notes/B.md": requires.format("A", "done"),
            "notes/C.md": requires.format("Diary", "learning"),
            "notes/D.md": requires.format("Nowhere", "reviewing"),
            "notes/Diary.md": "---\nprivate: true\n---\nDear diary.\n",
        },
    )
    code, lines, _ = check(tmp_path, capsys)
    assert code == 1
    found = [line.split(": ", 2) for line in lines if "prerequisite" in line]
    assert [(where, level) for where, level, _ in found] == [
        ("notes/B.md:2", "error"),  # the requires that closes the cycle A -> B -> A
        ("notes/C.md:2", "error"),
        ("notes/D.md:2", "error"),
    ]
    assert found[0][2].startswith("prerequisites form a cycle: A → B → A (requires at ")
    assert found[1][2].startswith("prerequisite '[[Diary]]' is a private or unpublished note")
    assert found[2][2].startswith("prerequisite '[[Nowhere]]' does not match any published")
    assert "notes/B.md:3: warning: status 'done' is not one of" in "\n".join(lines)


def test_warnings_alone_exit_zero(
    tmp_path: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    site(tmp_path, write_tree, {"notes/A.md": "[[B#Nope]]\n", "notes/B.md": "[[A]]\n"})
    code, lines, _ = check(tmp_path, capsys)
    assert code == 0
    (line,) = lines
    assert line.startswith("notes/A.md:1: warning: ")


def test_quiet_prints_errors_only(
    tmp_path: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    site(
        tmp_path,
        write_tree,
        {"notes/A.md": "[[Missing]] [[B#Nope]]\n", "notes/B.md": "", "notes/C.md": ""},
    )
    code, lines, _ = check(tmp_path, capsys, "-q")
    assert code == 1
    assert len(lines) == 1 and ": error: " in lines[0]


def test_drafts_are_checked_only_when_asked(
    tmp_path: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    site(
        tmp_path,
        write_tree,
        {"docs/about.md": "[[Idea]]\n", "notes/Idea.md": "---\ndraft: true\n---\n[[Gone]]\n"},
    )
    code, lines, _ = check(tmp_path, capsys)
    assert code == 1 and len(lines) == 1 and lines[0].startswith("docs/about.md:1: error: ")
    code, lines, _ = check(tmp_path, capsys, "--drafts")
    assert code == 1 and len(lines) == 1 and lines[0].startswith("notes/Idea.md:4: error: ")


def test_config_file_is_found_with_f_from_anywhere(
    tmp_path: Path,
    write_tree: WriteTree,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = tmp_path / "project"
    site(root, write_tree, {"notes/A.md": "[[Missing]]\n", "docs/x.md": "[[A]]\n"})
    monkeypatch.chdir(tmp_path)
    code = main(["check", "-f", "project/mkdocs.yml"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.startswith("notes/A.md:1: error: ")


def test_missing_config_file_exits_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "-f", str(tmp_path / "nope.yml")])
    err = capsys.readouterr().err
    assert code == 2
    assert "nope.yml" in err


def test_bad_option_exits_two_naming_it(
    tmp_path: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    site(tmp_path, write_tree, {}, CONFIG.replace("path: notes", "path: missing-folder"))
    code, lines, err = check(tmp_path, capsys)
    assert (code, lines) == (2, [])
    assert "mkdocs.yml: Config value 'plugins': Plugin 'learnfolio' option 'sources': " in err
    assert "sources[0].path: folder 'missing-folder' does not exist" in err


def test_unknown_option_exits_two_naming_it_and_the_known_ones(
    tmp_path: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    site(tmp_path, write_tree, {}, CONFIG + "      backlink: false\n")
    code, _, err = check(tmp_path, capsys)
    assert code == 2
    assert "Plugin 'learnfolio' option 'backlink': unknown option. Known options: " in err


# -- mkdocs.yml is read as MkDocs reads it ------------------------------------------------

UNRESOLVED = {"other/A.md": "[[Nowhere]]\n", "docs/about.md": "[[A]]\n"}


def test_inherited_config_is_followed(
    tmp_path: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    base = CONFIG.replace("path: notes", "path: other")
    site(tmp_path, write_tree, {"base.yml": base, **UNRESOLVED}, "INHERIT: base.yml\n")
    code, lines, _ = check(tmp_path, capsys)
    assert code == 1
    assert [line.split(":")[0] for line in lines] == ["other/A.md"]


def test_env_tag_gives_an_option_its_value(
    tmp_path: Path,
    write_tree: WriteTree,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEARNFOLIO_NOTES", "other")
    config = CONFIG.replace("path: notes", "path: !ENV [LEARNFOLIO_NOTES, notes]")
    site(tmp_path, write_tree, {"notes/B.md": "# B\n", **UNRESOLVED}, config)
    code, lines, _ = check(tmp_path, capsys)
    assert code == 1
    assert [line.split(":")[0] for line in lines] == ["other/A.md"]


def test_relative_tag_names_a_folder_beside_the_config(
    tmp_path: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    config = CONFIG.replace("path: notes", "path: !relative $config_dir/other")
    site(tmp_path / "site", write_tree, UNRESOLVED, config)
    code, lines, _ = check(tmp_path / "site", capsys)
    assert code == 1
    assert [line.split(":")[0] for line in lines] == ["other/A.md"]


def test_config_that_is_not_yaml_exits_two(
    tmp_path: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tree(tmp_path, {"mkdocs.yml": "site_name: [unclosed\n"})
    code, lines, err = check(tmp_path, capsys)
    assert (code, lines) == (2, [])
    assert "mkdocs.yml" in err


def test_config_without_the_plugin_exits_two(
    tmp_path: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tree(tmp_path, {"mkdocs.yml": "site_name: x\nplugins:\n  - search\n"})
    code, _, err = check(tmp_path, capsys)
    assert code == 2
    assert "learnfolio" in err


def test_no_command_prints_help_and_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "check" in capsys.readouterr().out
