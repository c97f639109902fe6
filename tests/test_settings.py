"""learnfolio's options: defaults, and clear errors that name the option at fault."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from learnfolio.settings import Settings, SettingsError, load_settings


def load(root: Path, options: dict[str, Any], folders: tuple[str, ...] = ()) -> Settings:
    """Load ``options`` as if ``mkdocs.yml`` were in ``root`` with ``docs/`` beside it."""
    for folder in ("docs", *folders):
        (root / folder).mkdir(parents=True, exist_ok=True)
    return load_settings(options, config_dir=root, docs_dir=root / "docs")


def named(option: str, rest: str = "") -> str:
    """How a message about ``option`` starts, in MkDocs' words."""
    return f"Plugin 'learnfolio' option '{option}': {rest}"


def error_of(root: Path, options: dict[str, Any], folders: tuple[str, ...] = ()) -> str:
    with pytest.raises(SettingsError) as caught:
        load(root, options, folders)
    return str(caught.value)


def test_defaults_with_no_options(tmp_path: Path) -> None:
    settings = load(tmp_path, {})
    (docs,) = settings.sources
    assert (docs.root, docs.is_docs, docs.mount) == ((tmp_path / "docs").resolve(), True, "")
    assert (settings.backlinks, settings.embed_depth, settings.strict, settings.drafts) == (
        True,
        4,
        False,
        None,
    )
    assert settings.tags_folder == "tags"
    assert settings.cache_dir == (tmp_path / ".cache/learnfolio").resolve()


def test_source_paths_are_relative_to_the_config_folder(tmp_path: Path) -> None:
    settings = load(
        tmp_path,
        {"sources": [{"path": "notes/course", "name": "Course", "mount": "/courses/la/"}]},
        ("notes/course",),
    )
    source = settings.sources[1]
    assert source.root == (tmp_path / "notes/course").resolve()
    assert (source.name, source.mount, source.kind) == ("Course", "courses/la", "auto")
    assert source.option == "plugins.learnfolio.sources[0]"


def test_source_may_be_given_as_a_plain_path(tmp_path: Path) -> None:
    source = load(tmp_path, {"sources": ["notes/My Garden"]}, ("notes/My Garden",)).sources[1]
    assert (source.name, source.mount) == ("My Garden", "My Garden")


def test_exclude_may_be_a_single_pattern(tmp_path: Path) -> None:
    settings = load(tmp_path, {"sources": [{"path": "n", "exclude": "Templates/**"}]}, ("n",))
    assert settings.sources[1].exclude == ("Templates/**",)


def test_enabled_and_null_options_are_ignored(tmp_path: Path) -> None:
    assert load(tmp_path, {"enabled": True, "drafts": None}).drafts is None


def test_source_without_path_names_the_option(tmp_path: Path) -> None:
    message = error_of(tmp_path, {"sources": [{"name": "Course"}]})
    assert message.startswith(named("sources", "sources[0].path: "))
    assert "required" in message


def test_source_folder_that_does_not_exist_names_the_option_and_folder(tmp_path: Path) -> None:
    message = error_of(tmp_path, {"sources": ["notes", {"path": "nowhere/notes"}]}, ("notes",))
    assert message.startswith(named("sources", "sources[1].path: "))
    assert "nowhere/notes" in message
    assert "does not exist" in message


def test_source_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    message = error_of(tmp_path, {"sources": ["notes.md"]})
    assert message.startswith(named("sources", "sources[0].path: "))
    assert "not a folder" in message


def test_unknown_source_key_names_it_and_lists_known_keys(tmp_path: Path) -> None:
    message = error_of(tmp_path, {"sources": [{"path": "n", "mnt": "x"}]}, ("n",))
    assert message.startswith(named("sources", "sources[0]: "))
    assert "'mnt'" in message
    assert "mount" in message


def test_unknown_option_names_it_and_lists_known_options(tmp_path: Path) -> None:
    message = error_of(tmp_path, {"backlink": False})
    assert message.startswith(named("backlink", "unknown option."))
    assert "backlinks" in message


def test_sources_must_be_a_list(tmp_path: Path) -> None:
    assert error_of(tmp_path, {"sources": "notes"}).startswith(named("sources"))


def test_source_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    assert error_of(tmp_path, {"sources": [3]}).startswith(named("sources", "sources[0]: "))


def test_overlapping_sources_are_refused_naming_both(tmp_path: Path) -> None:
    message = error_of(
        tmp_path, {"sources": ["notes", {"path": "notes/course"}]}, ("notes/course",)
    )
    assert message.startswith(named("sources", "sources[1].path: "))
    assert "overlaps sources[0]" in message


def test_same_folder_twice_is_refused(tmp_path: Path) -> None:
    message = error_of(tmp_path, {"sources": ["notes", "./notes/"]}, ("notes",))
    assert "sources[1].path" in message and "overlaps" in message


def test_source_containing_docs_dir_is_refused(tmp_path: Path) -> None:
    message = error_of(tmp_path, {"sources": ["."]})
    assert message.startswith(named("sources", "sources[0].path: "))
    assert "docs_dir" in message


def test_source_inside_docs_dir_is_refused(tmp_path: Path) -> None:
    message = error_of(tmp_path, {"sources": ["docs/notes"]}, ("docs/notes",))
    assert "docs_dir" in message


def test_sibling_folders_with_a_common_prefix_do_not_overlap(tmp_path: Path) -> None:
    settings = load(tmp_path, {"sources": ["notes", "notes-old"]}, ("notes", "notes-old"))
    assert [s.mount for s in settings.sources[1:]] == ["notes", "notes-old"]


def test_mount_with_dot_dot_is_refused(tmp_path: Path) -> None:
    message = error_of(tmp_path, {"sources": [{"path": "n", "mount": "../up"}]}, ("n",))
    assert message.startswith(named("sources", "sources[0].mount: "))


def test_unknown_source_kind_is_refused(tmp_path: Path) -> None:
    message = error_of(tmp_path, {"sources": [{"path": "n", "kind": "notion"}]}, ("n",))
    assert message.startswith(named("sources", "sources[0].kind: "))
    assert "notion" in message


def test_exclude_must_be_patterns(tmp_path: Path) -> None:
    message = error_of(tmp_path, {"sources": [{"path": "n", "exclude": [1]}]}, ("n",))
    assert message.startswith(named("sources", "sources[0].exclude: "))


@pytest.mark.parametrize("depth", [0, -1, "3", True, 2.5])
def test_embed_depth_must_be_a_positive_whole_number(tmp_path: Path, depth: object) -> None:
    assert error_of(tmp_path, {"embed_depth": depth}).startswith(named("embed_depth"))


@pytest.mark.parametrize("option", ["drafts", "backlinks", "strict"])
def test_flags_must_be_true_or_false(tmp_path: Path, option: str) -> None:
    message = error_of(tmp_path, {option: "yes"})
    assert message.startswith(named(option))


def test_tags_folder_must_not_be_empty(tmp_path: Path) -> None:
    assert error_of(tmp_path, {"tags_folder": "/"}).startswith(named("tags_folder"))


def test_the_core_runs_without_mkdocs() -> None:
    # Options are declared with MkDocs' config options; the core reads them as
    # plain records and must keep working where MkDocs is not installed.
    core = "sources model vault render export typeset.mathml typeset.macros "
    core += "notebooks.execute notebooks.html notebooks.launch"
    imports = "; ".join(f"import learnfolio.{name}" for name in core.split())
    probe = f"import sys; {imports}; print(sorted(m for m in sys.modules if 'mkdocs' in m))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
