"""One message format for every problem: ``path:line: level: message``.

The path is relative to the folder of ``mkdocs.yml``, also for sources outside
it, and ``learnfolio check`` prints exactly what the build logs.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from learnfolio.cli import main
from learnfolio.problems import Problem, display_path, problem_at
from tests.sitebuild import build_site, write_tree

FORMAT = re.compile(
    r"^(?P<path>[^:\s][^:]*):(?P<line>[1-9]\d*): (?P<level>error|warning|info): .+$"
)


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/p/site/notes/A.md", "notes/A.md"),
        ("/p/site/docs/index.md", "docs/index.md"),
        ("/p/vault/Deep/B c.md", "../vault/Deep/B c.md"),
        ("/elsewhere/x.md", "../../elsewhere/x.md"),
        ("notes/A.md", "notes/A.md"),
    ],
)
def test_paths_are_relative_to_the_folder_of_mkdocs_yml(path: str, shown: str) -> None:
    root = Path("/p/site")
    assert display_path(Path(path) if path.startswith("/") else root / path, root) == shown
    assert problem_at(path, root, 3, "error", "x", "m").file == shown


def test_every_problem_prints_a_line_even_about_a_whole_file() -> None:
    assert str(Problem("notes/A.md", 7, "warning", "x", "odd")) == "notes/A.md:7: warning: odd"
    assert str(Problem("notes/A.md", 0, "info", "orphan", "alone")) == "notes/A.md:1: info: alone"


NOTES = {
    "notes/A.md": "# A\n\nSee [[Nowhere]] and [[B#No such heading]].\n",
    "notes/B.md": "# B\n\nBack to [[A]] and [[Outside]].\n",
}
OUTSIDE = {"Outside.md": "# Outside\n\nTo [[Missing too]] and [[A]].\n"}


def test_check_and_build_print_the_same_lines_for_sources_inside_and_outside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "project"
    write_tree(tmp_path / "vault", OUTSIDE)
    sources = [
        {"path": "notes", "name": "Notes", "mount": "notes"},
        {"path": "../vault", "name": "Vault", "mount": "vault"},
    ]
    site = build_site(root, NOTES, sources=sources)
    prefix = "learnfolio: "
    logged = {
        m.removeprefix(prefix)
        for m in site.messages(logging.DEBUG)
        if m.startswith(prefix) and FORMAT.match(m.removeprefix(prefix))
    }
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 1
    printed = set(capsys.readouterr().out.splitlines())
    assert printed == logged
    assert all(FORMAT.match(line) for line in printed)
    files = {FORMAT.match(line)["path"] for line in printed}  # type: ignore[index]
    assert files == {"notes/A.md", "../vault/Outside.md"}
    assert "notes/A.md:3: error: link '[[Nowhere]]' does not match" in "\n".join(printed)
    assert any(line.startswith("notes/A.md:3: warning: heading") for line in printed)
    assert any(line.startswith("../vault/Outside.md:3: error: ") for line in printed)


def test_math_that_cannot_be_typeset_names_the_source_file(tmp_path: Path) -> None:
    site = build_site(tmp_path, {"notes/M.md": "# M\n\nBad $\\frac{1}{$ here.\n"})
    math = [m for m in site.messages(logging.INFO) if "cannot typeset" in m]
    assert math and all(m.startswith("learnfolio: notes/M.md:") for m in math)
    assert all(FORMAT.match(m.removeprefix("learnfolio: ")) for m in math)
