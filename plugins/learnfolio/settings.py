"""learnfolio's options, read and checked without MkDocs.

Both the MkDocs plugin and the command line read the plugin's options from
``mkdocs.yml`` through :func:`load_settings`, so an option means the same thing
(and is refused with the same message) everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from learnfolio.notebooks.options import (
    NotebookOptionError,
    NotebookSettings,
    load_notebook_settings,
)

SourceKind = Literal["auto", "folder", "obsidian"]


class SettingsError(ValueError):
    """An option in ``mkdocs.yml`` is missing or wrong; the message names it."""


@dataclass(frozen=True)
class SourceSpec:
    """One configured note source."""

    name: str
    """Shown to readers as where a note came from: ``"Math for ML (course notes)"``."""
    root: Path
    """Absolute path of the source folder."""
    mount: str
    """Site path the source appears under: ``"courses/math-for-ml"``; ``""`` for the root."""
    exclude: tuple[str, ...]
    """Gitignore-style globs of files to leave out, relative to ``root``."""
    kind: SourceKind
    """``folder``, ``obsidian``, or ``auto`` (an Obsidian vault when ``.obsidian/`` exists)."""
    option: str
    """Where it is configured, for messages: ``"plugins.learnfolio.sources[1]"``."""
    posts: str | None = None
    """A folder of the source whose notes are all blog posts (``post: true`` works anywhere)."""
    is_docs: bool = False
    """True for MkDocs' own ``docs_dir``, which MkDocs serves itself."""


@dataclass(frozen=True)
class Settings:
    """Every option of learnfolio, checked and with defaults filled in."""

    sources: tuple[SourceSpec, ...]
    """Configured sources, ``docs_dir`` first."""
    backlinks: bool = True
    """Add a Backlinks section to every page that others link to."""
    embed_depth: int = 4
    """How deep embeds may nest before a marker is shown instead."""
    strict: bool = False
    """Fail the build on link errors even without ``mkdocs build --strict``."""
    drafts: bool | None = None
    """Show ``draft: true`` notes; ``None`` means only under ``mkdocs serve``."""
    tags_folder: str = "tags"
    """Site folder for the generated tag pages."""
    cache_dir: Path = Path(".cache/learnfolio")
    """Folder for generated files and caches (absolute after loading)."""
    provenance: bool = True
    """Show on each note its source, original URL and when it was written and updated."""
    author: Profile | None = None
    """Who the learner is, for the portfolio on the home page."""
    atom_feed: Literal["full", "excerpt", "off"] = "full"
    """The Atom feed of posts (``feed_atom.xml``): whole posts, excerpts, or none."""
    graph: bool = True
    """Generate the graph page and its data."""
    graph_page: str = "graph/index.md"
    """Site path of the generated graph page."""
    graph_tags: bool = False
    """Draw tags as nodes of the graph, linked to their notes."""
    local_graph: int = 1
    """Depth of the local graph on every note page: 1 or 2; 0 turns it off."""
    explorer: bool = True
    """Show the explorer (a tree of all notes) beside every page."""
    previews: bool = True
    """Show a preview of the target when a reader hovers or focuses an internal link."""
    incremental: bool = True
    """Under ``mkdocs serve``, re-render only the pages an edit affects."""
    workers: int = 0
    """Processes that render note pages in a build: 0 means one per core (up to 4)."""
    notebooks: NotebookSettings = field(default_factory=NotebookSettings)
    """Notebook execution, in-browser running and launch buttons."""


@dataclass(frozen=True)
class Profile:
    """The learner shown on the portfolio home page (option ``author``)."""

    name: str
    """Their name."""
    bio: str = ""
    """One or two sentences about them (Markdown)."""
    avatar: str | None = None
    """An image in the site (a path relative to ``docs_dir``)."""
    links: tuple[tuple[str, str], ...] = ()
    """``(label, url)`` pairs: GitHub, a CV, an email address."""


_KNOWN = {
    "sources",
    "backlinks",
    "embed_depth",
    "strict",
    "drafts",
    "tags_folder",
    "cache_dir",
    "provenance",
    "author",
    "atom_feed",
    *("graph", "graph_page", "graph_tags", "local_graph", "explorer", "previews", "incremental"),
    "notebooks",
    "workers",
}
_SOURCE_KEYS = {"path", "name", "mount", "exclude", "kind", "posts"}


def load_settings(options: Mapping[str, Any], config_dir: Path, docs_dir: Path) -> Settings:
    """Check the plugin's options from ``mkdocs.yml`` and return :class:`Settings`.

    ``config_dir`` is the folder of ``mkdocs.yml``: relative paths start there.
    Raises :class:`SettingsError` naming the option when something is wrong.
    """
    prefix = "plugins.learnfolio"
    options = {k: v for k, v in options.items() if v is not None and k != "enabled"}
    unknown = sorted(set(options) - _KNOWN)
    if unknown:
        raise SettingsError(
            f"{prefix}: unknown option '{unknown[0]}'. Known options: {', '.join(sorted(_KNOWN))}."
        )
    raw_sources = options.get("sources", [])
    if not isinstance(raw_sources, list):
        raise SettingsError(f"{prefix}.sources: expected a list of sources, got {raw_sources!r}.")
    docs = SourceSpec(
        name="Site pages",
        root=docs_dir.resolve(),
        mount="",
        exclude=(),
        kind="folder",
        option="docs_dir",
        is_docs=True,
    )
    sources = [docs]
    for index, raw in enumerate(raw_sources):
        sources.append(_load_source(raw, f"{prefix}.sources[{index}]", config_dir))
    _check_overlaps(sources)
    embed_depth = options.get("embed_depth", 4)
    if not isinstance(embed_depth, int) or isinstance(embed_depth, bool) or embed_depth < 1:
        raise SettingsError(f"{prefix}.embed_depth: expected a whole number of at least 1.")
    drafts = options.get("drafts")
    if drafts is not None and not isinstance(drafts, bool):
        raise SettingsError(f"{prefix}.drafts: expected true or false.")
    for flag in (
        "backlinks",
        "strict",
        "provenance",
        "graph",
        "graph_tags",
        "explorer",
        "previews",
        "incremental",
    ):
        if flag in options and not isinstance(options[flag], bool):
            raise SettingsError(f"{prefix}.{flag}: expected true or false.")
    tags_folder = str(options.get("tags_folder", "tags")).strip("/")
    if not tags_folder:
        raise SettingsError(f"{prefix}.tags_folder: must not be empty.")
    cache_dir = _absolute(str(options.get("cache_dir", ".cache/learnfolio")), config_dir)
    local_graph = options.get("local_graph", 1)
    if local_graph not in (0, 1, 2) or isinstance(local_graph, bool):
        raise SettingsError(f"{prefix}.local_graph: expected 0 (off), 1 or 2 (the depth).")
    graph_page = str(options.get("graph_page", "graph/index.md")).strip("/")
    if not graph_page.endswith(".md") or ".." in graph_page.split("/"):
        raise SettingsError(
            f"{prefix}.graph_page: expected a site path ending in .md, such as 'graph/index.md'."
        )
    workers = options.get("workers", "auto")
    if workers == "auto":
        workers = 0
    elif not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise SettingsError(
            f"{prefix}.workers: expected 'auto' or a whole number of processes (1 renders "
            "every page in the MkDocs process itself)."
        )
    try:
        notebooks = load_notebook_settings(options.get("notebooks"), f"{prefix}.notebooks")
    except NotebookOptionError as exc:
        raise SettingsError(str(exc)) from None
    return Settings(
        sources=tuple(sources),
        backlinks=bool(options.get("backlinks", True)),
        embed_depth=embed_depth,
        strict=bool(options.get("strict", False)),
        drafts=drafts,
        tags_folder=tags_folder,
        cache_dir=cache_dir,
        provenance=bool(options.get("provenance", True)),
        author=_load_profile(options.get("author"), f"{prefix}.author"),
        atom_feed=_choice(options.get("atom_feed", "full"), f"{prefix}.atom_feed"),
        graph=bool(options.get("graph", True)),
        graph_page=graph_page,
        graph_tags=bool(options.get("graph_tags", False)),
        local_graph=local_graph,
        explorer=bool(options.get("explorer", True)),
        previews=bool(options.get("previews", True)),
        incremental=bool(options.get("incremental", True)),
        notebooks=notebooks,
        workers=workers,
    )


def _choice(value: Any, option: str) -> Literal["full", "excerpt", "off"]:
    if value is False:
        return "off"
    if value == "full":
        return "full"
    if value == "excerpt":
        return "excerpt"
    if value == "off":
        return "off"
    raise SettingsError(f"{option}: expected 'full', 'excerpt' or 'off', got {value!r}.")


def _load_profile(raw: Any, option: str) -> Profile | None:
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = {"name": raw}
    if not isinstance(raw, Mapping) or not raw.get("name"):
        raise SettingsError(f"{option}: expected a mapping with at least 'name'.")
    unknown = sorted(set(raw) - {"name", "bio", "avatar", "links"})
    if unknown:
        raise SettingsError(
            f"{option}: unknown key '{unknown[0]}'. Known keys: avatar, bio, links, name."
        )
    links = raw.get("links") or {}
    if not isinstance(links, Mapping):
        raise SettingsError(f"{option}.links: expected a mapping of label to URL.")
    return Profile(
        name=str(raw["name"]),
        bio=str(raw.get("bio") or ""),
        avatar=str(raw["avatar"]) if raw.get("avatar") else None,
        links=tuple((str(k), str(v)) for k, v in links.items()),
    )


def _absolute(path: str, config_dir: Path) -> Path:
    candidate = Path(path).expanduser()
    if not candidate.is_absolute():
        candidate = config_dir / candidate
    return candidate.resolve()


def _load_source(raw: Any, option: str, config_dir: Path) -> SourceSpec:
    if isinstance(raw, str):
        raw = {"path": raw}
    if not isinstance(raw, Mapping):
        raise SettingsError(f"{option}: expected a mapping with at least 'path', got {raw!r}.")
    unknown = sorted(set(raw) - _SOURCE_KEYS)
    if unknown:
        raise SettingsError(
            f"{option}: unknown key '{unknown[0]}'. Known keys: {', '.join(sorted(_SOURCE_KEYS))}."
        )
    if not raw.get("path"):
        raise SettingsError(
            f"{option}.path: required; the folder of notes, relative to mkdocs.yml."
        )
    root = _absolute(str(raw["path"]), config_dir)
    if not root.exists():
        raise SettingsError(f"{option}.path: folder '{raw['path']}' does not exist ({root}).")
    if not root.is_dir():
        raise SettingsError(f"{option}.path: '{raw['path']}' is not a folder.")
    mount = str(raw.get("mount", root.name)).strip().strip("/")
    if ".." in mount.split("/"):
        raise SettingsError(f"{option}.mount: must not contain '..'.")
    exclude = raw.get("exclude", [])
    if isinstance(exclude, str):
        exclude = [exclude]
    if not isinstance(exclude, list) or not all(isinstance(e, str) for e in exclude):
        raise SettingsError(f"{option}.exclude: expected a list of glob patterns.")
    kind = raw.get("kind", "auto")
    if kind not in ("auto", "folder", "obsidian"):
        raise SettingsError(
            f"{option}.kind: expected 'auto', 'folder' or 'obsidian', got {kind!r}."
        )
    posts = raw.get("posts")
    if posts is not None and (not isinstance(posts, str) or ".." in posts.split("/")):
        raise SettingsError(f"{option}.posts: expected a folder inside the source, like 'Posts'.")
    return SourceSpec(
        name=str(raw.get("name") or root.name),
        root=root,
        mount=mount,
        exclude=tuple(exclude),
        kind=kind,
        option=option,
        posts=posts.strip("/") if posts else None,
    )


def _check_overlaps(sources: list[SourceSpec]) -> None:
    # A note must belong to exactly one source, or it would be two pages.
    for i, a in enumerate(sources):
        for b in sources[i + 1 :]:
            if a.root == b.root or a.root in b.root.parents or b.root in a.root.parents:
                raise SettingsError(
                    f"{b.option}.path: folder {b.root} overlaps {a.option} ({a.root}); "
                    "sources must not contain each other."
                )
