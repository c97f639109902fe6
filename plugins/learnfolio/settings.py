"""learnfolio's options: each declared once, as a field of :class:`Settings`.

A field's type is what the core reads; the MkDocs config option inside
:func:`~learnfolio.options.option` holds its default and its check (see
:mod:`learnfolio.options` for how to add one). The MkDocs plugin declares
:data:`LearnfolioConfig`, made from these fields, so MkDocs checks the options in
a build; ``learnfolio check`` reads ``mkdocs.yml`` with MkDocs' own loader and
gets the same checks and the same messages. The core imports this module for
types only: it never needs MkDocs at run time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml
from mkdocs.config.base import Config

from learnfolio.notebooks.options import NotebookSettings
from learnfolio.options import (
    BaseConfigOption,
    Choice,
    Flag,
    Folder,
    OptionalFile,
    Record,
    Text,
    ValidationError,
    Whole,
    Words,
    absolute,
    config_class,
    config_dir_of,
    option,
    record_from,
    validate_record,
)
from learnfolio.safe_urls import clean_url, is_safe_url, unsafe_url_message, url_scheme

SourceKind = Literal["auto", "folder", "obsidian"]
FeedKind = Literal["full", "excerpt", "off"]
PREFIX = "plugins.learnfolio"
"""How ``mkdocs.yml`` names learnfolio's options, for messages."""


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
    follow_symlinks: bool = False
    """Follow symbolic links that lead out of every source (files and folders)."""
    trusted: bool = True
    """False for notes from somebody else: their pages' HTML is cleaned (see
    :mod:`learnfolio.sanitize`), so raw HTML in them cannot run script."""


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


_SOURCE_KEYS = ("path", "name", "mount", "exclude", "kind", "posts", "follow_symlinks", "trusted")


class Sources(BaseConfigOption[tuple[SourceSpec, ...]]):
    """The ``sources`` list: each a folder path, or a mapping with ``path`` and more."""

    def __init__(self) -> None:
        super().__init__()
        self.default = []
        self.config_dir = Path()

    def pre_validation(self, config: Any, key_name: str) -> None:
        """Remember where ``mkdocs.yml`` is: source paths start there."""
        self.config_dir = config_dir_of(config)

    def run_validation(self, value: object) -> tuple[SourceSpec, ...]:
        """Check each source; ``docs_dir`` is added later, by :func:`settings_from_config`."""
        if value is None:
            return ()
        if not isinstance(value, list):
            raise ValidationError(f"expected a list of sources, got {value!r}.")
        return tuple(_source(raw, index, self.config_dir) for index, raw in enumerate(value))


class Author(BaseConfigOption[Profile | None]):
    """The ``author`` option: a name, or a mapping with ``name``, ``bio``, ``avatar``, ``links``."""

    def __init__(self) -> None:
        super().__init__()
        self.config_file = Path("mkdocs.yml")

    def pre_validation(self, config: Any, key_name: str) -> None:
        """Remember ``mkdocs.yml``: a refused URL is named on its line."""
        self.config_file = (
            config_dir_of(config) / Path(config.config_file_path or "mkdocs.yml").name
        )

    def run_validation(self, value: object) -> Profile | None:
        """Check the mapping's keys, that ``links`` maps labels to http(s), mailto or
        relative URLs, and that ``avatar`` is a path in the site."""
        if value is None:
            return None
        if isinstance(value, str):
            value = {"name": value}
        if not isinstance(value, Mapping) or not value.get("name"):
            raise ValidationError("expected a mapping with at least 'name'.")
        unknown = sorted(set(value) - {"name", "bio", "avatar", "links"})
        if unknown:
            raise ValidationError(
                f"unknown key '{unknown[0]}'. Known keys: avatar, bio, links, name."
            )
        links = value.get("links") or {}
        if not isinstance(links, Mapping):
            raise ValidationError("links: expected a mapping of label to URL.")
        for label, url in links.items():
            if not is_safe_url(str(url)):
                raise ValidationError(
                    self._at(str(url), f"links.{label}: {unsafe_url_message(url)}.")
                )
        avatar = str(value["avatar"]) if value.get("avatar") else None
        if avatar is not None and url_scheme(avatar) is not None:
            raise ValidationError(
                self._at(
                    avatar,
                    f"avatar: expected an image in the site, such as "
                    f"'assets/me.png', got {avatar!r}.",
                )
            )
        return Profile(
            name=str(value["name"]),
            bio=str(value.get("bio") or ""),
            avatar=clean_url(avatar) if avatar else None,
            links=tuple((str(k), clean_url(str(v))) for k, v in links.items()),
        )

    def _at(self, written: str, message: str) -> str:
        """``message`` after ``mkdocs.yml:LINE:``, the line where ``written`` is the value."""
        try:
            root = yaml.compose(self.config_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            root = None
        return f"{self.config_file.name}:{_line_of_value(root, written)}: {message}"


def _line_of_value(node: yaml.Node | None, value: str) -> int:
    """The 1-based line of the first scalar holding ``value`` under ``node``; 0 if none.

    Composing reads positions without making objects, so MkDocs' own tags
    (``!ENV``, ``!relative``) need no constructor here.
    """
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop(0)
        if isinstance(current, yaml.ScalarNode) and current.value == value:
            return current.start_mark.line + 1
        if isinstance(current, yaml.MappingNode):
            stack[:0] = [n for pair in current.value for n in pair]
        elif isinstance(current, yaml.SequenceNode):
            stack[:0] = list(current.value)
    return 0


class Workers(BaseConfigOption[int]):
    """``auto`` (0: one per core, up to 4) or a number of processes."""

    def __init__(self) -> None:
        super().__init__()
        self.default = "auto"

    def run_validation(self, value: object) -> int:
        """Map ``auto`` to 0; refuse anything but a positive whole number."""
        if value is None or value == "auto":
            return 0
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValidationError(
                "expected 'auto' or a whole number of processes (1 renders every page in "
                f"the MkDocs process itself), got {value!r}."
            )
        return value


class Language(BaseConfigOption[str]):
    """A language code such as ``en`` or ``zh-CN``; empty for the theme's language."""

    def run_validation(self, value: object) -> str:
        """Accept ``None`` (the theme's language) or a code of letters, digits and dashes."""
        if value is None:
            return ""
        if not isinstance(value, str) or not _LANGUAGE.match(value.strip()):
            raise ValidationError(f"expected a language code such as 'en' or 'zh', got {value!r}.")
        return value.strip().replace("_", "-")


_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


class SitePage(Text):
    """A page's path in the site, ending in ``.md``, never leaving the site."""

    def run_validation(self, value: object) -> str:
        """Trim slashes; refuse ``..`` and paths that are not Markdown pages."""
        path = super().run_validation(value)
        if not path.endswith(".md") or ".." in path.split("/"):
            raise ValidationError(
                f"expected a site path ending in .md, such as {self.default!r}, got {value!r}."
            )
        return path


@dataclass(frozen=True)
class Settings:
    """Every option of learnfolio (``plugins.learnfolio`` in ``mkdocs.yml``), checked."""

    sources: tuple[SourceSpec, ...] = option(Sources())
    """Configured sources, ``docs_dir`` first."""
    backlinks: bool = option(Flag(default=True))
    """Add a Backlinks section to every page that others link to."""
    embed_depth: int = option(Whole(default=4, minimum=1))
    """How deep embeds may nest before a marker is shown instead."""
    max_note_size: int = option(Whole(default=10_000_000, minimum=1))
    """Bytes: a note or notebook file larger than this is left out of the site, with an error."""
    strict: bool = option(Flag(default=False))
    """Fail the build on link errors even without ``mkdocs build --strict``."""
    drafts: bool | None = option(Flag[bool | None](default=None))
    """Show ``draft: true`` notes; ``None`` means only under ``mkdocs serve``."""
    tags_folder: str = option(Text(default="tags", strip="/"))
    """Site folder for the generated tag pages."""
    hidden_tags: tuple[str, ...] = option(Words(default=("todo",)))
    """Housekeeping tags (and the tags under them): no tag page, chip, topic or graph node."""
    paths_folder: str = option(Text(default="paths", strip="/"))
    """Site folder for the generated learning path pages (one per note with ``requires``)."""
    cache_dir: Path = option(Folder(default=".cache/learnfolio"))
    """Folder for generated files and caches (absolute)."""
    provenance: bool = option(Flag(default=True))
    """Show on each note its source, original URL and when it was written and updated."""
    author: Profile | None = option(Author())
    """Who the learner is, for the portfolio on the home page."""
    atom_feed: FeedKind = option(
        Choice[FeedKind](default="full", choices=("full", "excerpt", "off"), false="off")
    )
    """The Atom feed of posts (``feed_atom.xml``): whole posts, excerpts, or none."""
    graph: bool = option(Flag(default=True))
    """Generate the graph page and its data."""
    graph_page: str = option(SitePage(default="graph/index.md", strip="/"))
    """Site path of the generated graph page."""
    graph_tags: bool = option(Flag(default=False))
    """Draw tags as nodes of the graph, linked to their notes."""
    local_graph: int = option(Whole(default=1, minimum=0, maximum=2))
    """Depth of the local graph on every note page: 1 or 2; 0 turns it off."""
    explorer: bool = option(Flag(default=True))
    """Show the explorer (a tree of all notes) beside every page."""
    previews: bool = option(Flag(default=True))
    """Show a preview of the target when a reader hovers or focuses an internal link."""
    incremental: bool = option(Flag(default=True))
    """Under ``mkdocs serve``, re-render only the pages an edit affects."""
    workers: int = option(Workers())
    """Processes that render note pages in a build: 0 means one per core (up to 4)."""
    repo_stats: bool = option(Flag(default=False))
    """Let Material's repository link ask GitHub's API for stars and forks (another host)."""
    math_macros: Path | None = option(OptionalFile())
    """A file of TeX macros (``\\newcommand``, ``\\def``...) for every formula (absolute)."""
    language: str = option(Language())
    """The language of notes that name none (``lang:``): the theme's ``language`` by default."""
    notebooks: NotebookSettings = option(Record(NotebookSettings))
    """Notebook execution, in-browser running and launch buttons."""


if TYPE_CHECKING:

    class LearnfolioConfig(Config):  # type: ignore[no-untyped-call]
        """What mypy knows of the class made below: a MkDocs ``Config``."""

else:
    LearnfolioConfig = config_class(Settings)
    """The MkDocs ``Config`` class of the plugin's options, made from :class:`Settings`."""


def settings_from_config(config: Mapping[str, Any], docs_dir: Path) -> Settings:
    """:class:`Settings` from the plugin's options once MkDocs has validated them."""
    return with_docs_dir(record_from(config, Settings), docs_dir)


def load_settings(options: Mapping[str, Any], config_dir: Path, docs_dir: Path) -> Settings:
    """Check the plugin's options as MkDocs does in a build and return :class:`Settings`.

    ``config_dir`` is the folder of ``mkdocs.yml``: relative paths start there.
    Raises :class:`SettingsError` naming the option when something is wrong,
    in MkDocs' words: ``Plugin 'learnfolio' option 'embed_depth': ...``.
    """
    # MkDocs itself takes ``enabled`` out before the plugin sees its options.
    options = {k: v for k, v in options.items() if k != "enabled"}
    try:
        checked = validate_record(Settings, options, config_dir / "mkdocs.yml")
    except ValidationError as exc:
        raise SettingsError(f"Plugin 'learnfolio' {exc}") from None
    return with_docs_dir(checked, docs_dir)


def with_docs_dir(settings: Settings, docs_dir: Path) -> Settings:
    """``settings`` with MkDocs' ``docs_dir`` as first source, which only MkDocs' config knows.

    Raises :class:`SettingsError` when a source overlaps another or ``docs_dir``.
    """
    docs = SourceSpec(
        name="Site pages",
        root=docs_dir.resolve(),
        mount="",
        exclude=(),
        kind="folder",
        option="docs_dir",
        is_docs=True,
    )
    sources = (docs, *(s for s in settings.sources if not s.is_docs))
    _check_overlaps(sources)
    return replace(settings, sources=sources)


def _source(raw: Any, index: int, config_dir: Path) -> SourceSpec:
    where = f"sources[{index}]"
    if isinstance(raw, str | os.PathLike):
        raw = {"path": raw}  # ``!relative $config_dir/x`` is path-like
    if not isinstance(raw, Mapping):
        raise ValidationError(f"{where}: expected a mapping with at least 'path', got {raw!r}.")
    unknown = sorted(set(raw) - set(_SOURCE_KEYS))
    if unknown:
        raise ValidationError(
            f"{where}: unknown key '{unknown[0]}'. Known keys: {', '.join(sorted(_SOURCE_KEYS))}."
        )
    if not raw.get("path"):
        raise ValidationError(
            f"{where}.path: required; the folder of notes, relative to mkdocs.yml."
        )
    root = absolute(str(raw["path"]), config_dir)
    if not root.exists():
        raise ValidationError(f"{where}.path: folder '{raw['path']}' does not exist ({root}).")
    if not root.is_dir():
        raise ValidationError(f"{where}.path: '{raw['path']}' is not a folder.")
    mount = str(raw.get("mount", root.name)).strip().strip("/")
    if ".." in mount.split("/"):
        raise ValidationError(f"{where}.mount: must not contain '..'.")
    exclude = raw.get("exclude", [])
    if isinstance(exclude, str):
        exclude = [exclude]
    if not isinstance(exclude, list) or not all(isinstance(e, str) for e in exclude):
        raise ValidationError(f"{where}.exclude: expected a list of glob patterns.")
    kind = raw.get("kind", "auto")
    if kind not in ("auto", "folder", "obsidian"):
        raise ValidationError(
            f"{where}.kind: expected 'auto', 'folder' or 'obsidian', got {kind!r}."
        )
    posts = raw.get("posts")
    if posts is not None and (not isinstance(posts, str) or ".." in posts.split("/")):
        raise ValidationError(f"{where}.posts: expected a folder inside the source, like 'Posts'.")
    follow = raw.get("follow_symlinks", False)
    if not isinstance(follow, bool):
        raise ValidationError(f"{where}.follow_symlinks: expected true or false, got {follow!r}.")
    trusted = raw.get("trusted", True)
    if not isinstance(trusted, bool):
        raise ValidationError(f"{where}.trusted: expected true or false, got {trusted!r}.")
    return SourceSpec(
        name=str(raw.get("name") or root.name),
        root=root,
        mount=mount,
        exclude=tuple(exclude),
        kind=kind,
        option=f"{PREFIX}.{where}",
        posts=posts.strip("/") if posts else None,
        follow_symlinks=follow,
        trusted=trusted,
    )


def _check_overlaps(sources: tuple[SourceSpec, ...]) -> None:
    # A note must belong to exactly one source, or it would be two pages.
    for i, a in enumerate(sources):
        for b in sources[i + 1 :]:
            if a.root == b.root or a.root in b.root.parents or b.root in a.root.parents:
                raise SettingsError(
                    f"Plugin 'learnfolio' option 'sources': {_short(b.option)}.path: folder "
                    f"{b.root} overlaps {_short(a.option)} ({a.root}); sources must not "
                    "contain each other."
                )


def _short(option_name: str) -> str:
    return option_name.removeprefix(PREFIX + ".")
