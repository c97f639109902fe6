"""Privacy fails closed: any doubt about a note means it is not published.

The frontmatter keys that hide a note are read in every spelling a person
might write; a value learnfolio does not understand hides the note with a
warning, and frontmatter that cannot be read hides it with an error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from learnfolio.model import parse_note
from learnfolio.model.note import flag, privacy
from tests.conftest import MakeVault


@pytest.mark.parametrize(
    ("front", "visibility"),
    [
        ("publish: false", "private"),
        ("publish: 0", "private"),
        ("publish: no", "private"),
        ("publish: off", "private"),
        ('publish: "false"', "private"),
        ("publish: 'No'", "private"),
        ("PUBLISH: FALSE", "private"),
        ("Publish: n", "private"),
        ("publish: true", "public"),
        ("publish: 1", "public"),
        ("publish: yes", "public"),
        ("private: true", "private"),
        ("private: yes", "private"),
        ("private: 1", "private"),
        ("private: on", "private"),
        ('private: "yes"', "private"),
        ("Private: True", "private"),
        ("PRIVATE: Y", "private"),
        ("private: false", "public"),
        ("private: 0", "public"),
        ("private: no", "public"),
        ("draft: true", "draft"),
        ("Draft: yes", "draft"),
        ("DRAFT: 1", "draft"),
        ("draft: false", "public"),
        # Any key that hides wins over the others.
        ("publish: true\nprivate: yes", "private"),
        ("Private: false\nPUBLISH: no", "private"),
        ("draft: true\nprivate: true", "private"),
        ("title: Plain", "public"),
    ],
)
def test_privacy_keys_in_every_spelling(front: str, visibility: str) -> None:
    note = parse_note("A.md", f"---\n{front}\n---\nbody\n")
    assert (note.visibility, note.problems, note.warnings) == (visibility, (), ())


@pytest.mark.parametrize(
    ("front", "shown", "line"),
    [
        ("private: maybe", "private: maybe", 2),
        ("title: T\npublish: sometimes", "publish: sometimes", 3),
        ("draft:", "draft:", 2),
        ("Private: [true]", "Private: [True]", 2),
        ("publish: 2", "publish: 2", 2),
        ("private: {a: 1}", "private: {'a': 1}", 2),
    ],
)
def test_a_privacy_value_not_understood_hides_the_note_and_warns(
    front: str, shown: str, line: int
) -> None:
    note = parse_note("A.md", f"---\n{front}\n---\nbody\n")
    assert note.visibility == "private"
    ((at, message),) = note.warnings
    assert at == line
    assert message.startswith(f"'{shown}' is neither yes nor no")
    assert "left out of the site" in message


@pytest.mark.parametrize(
    ("front", "line", "says"),
    [
        ("private: true\ntitle: [unclosed", 4, "malformed YAML frontmatter"),
        ("private: true\ndate: 2026-13-45", 3, "impossible value '2026-13-45'"),
        ("title: T\nupdated: 2026-02-30", 3, "impossible value '2026-02-30'"),
        ("- private\n- true", 2, "must be a mapping"),
        ("private: true\ntitle: x\nprivate: false", 4, "duplicate key 'private'"),
        ("a: " + "[" * 500, 2, "nested too deeply"),
        ("private: true\n\ttitle: tab", 3, "malformed YAML frontmatter"),
        ("x: !!python/object:os.system ls", 2, "malformed YAML frontmatter"),
    ],
)
def test_frontmatter_that_cannot_be_read_hides_the_note(front: str, line: int, says: str) -> None:
    note = parse_note("A.md", f"---\n{front}\n---\nDear diary.\n")
    assert note.visibility == "private"
    ((at, message),) = note.problems
    assert at == line
    assert says in message
    assert message.endswith("the note is left out of the site.")


def test_flag_reads_yes_and_no_and_nothing_else() -> None:
    assert [flag(v) for v in (True, 1, 1.0, "Yes", " on ", "TRUE", "y")] == [True] * 7
    assert [flag(v) for v in (False, 0, 0.0, "No", "off", '"false"'.strip('"'), "N")] == [False] * 7
    assert [flag(v) for v in (None, "", "maybe", 2, -1, [], {}, [True])] == [None] * 8


def test_privacy_names_each_value_it_did_not_understand() -> None:
    assert privacy({"Private": "maybe", "draft": None, "title": "x"}) == (
        "private",
        ("Private: maybe", "draft:"),
    )


def test_the_vault_reports_unreadable_frontmatter_as_an_error_and_unclear_values_as_warnings(
    tmp_path: Path, make_vault: MakeVault
) -> None:
    v = make_vault(
        tmp_path,
        {
            "notes/Broken.md": "---\nprivate: true\ntitle: [x\n---\nDear diary.\n",
            "notes/Unsure.md": "---\nprivate: perhaps\n---\nSecret.\n",
            "notes/Public.md": "See [[Broken]] and [[Unsure|a note]].\n",
        },
    )
    assert not v.has("Broken.md") and not v.has("Unsure.md") and v.has("Public.md")
    found = {(p.file, p.line, p.level, p.code) for p in v.vault.problems}
    assert ("notes/Broken.md", 4, "error", "bad-file") in found
    assert ("notes/Unsure.md", 2, "warning", "unclear-privacy") in found
    assert {p.code for p in v.problems() if p.file == "notes/Public.md"} == {"private-link"}
