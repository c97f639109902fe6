"""``learnfolio init``: a new knowledge base that ``mkdocs serve`` shows at once.

The files come from templates shipped inside the package (``templates/init/``),
filled with the site's name, its author and its sources. Without ``--source``
the new site gets a ``notes/`` folder with two sample notes; with it, the given
folders (plain folders or Obsidian vaults) are the sources instead.

Nothing is ever overwritten: when any of the files exists already, nothing at
all is written and the message lists what is in the way.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from urllib.parse import urlsplit

from packaging.requirements import Requirement

from learnfolio.model.frontmatter import yaml_string
from learnfolio.new import NewFile
from learnfolio.slugs import path_slug

TEMPLATES = resources.files("learnfolio") / "templates" / "init"
"""The template files, a folder of the installed package."""

SITE_FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "gitignore": ".gitignore",
    "github/workflows/publish.yml": ".github/workflows/publish.yml",
    "docs/index.md": "docs/index.md",
    "docs/about.md": "docs/about.md",
    "docs/assets/avatar.svg": "docs/assets/avatar.svg",
    "docs/blog/index.md": "docs/blog/index.md",
    "docs/blog/authors.yml": "docs/blog/.authors.yml",
    "docs/blog/posts/first-post.md": "docs/blog/posts/first-post.md",
}
"""Template -> file of the new site. Templates have no leading dots in their
names: package-data globs skip hidden files, so the dot is added here."""

SAMPLE_NOTES = ("notes/Start here.md", "notes/Active recall.md")
"""The sample notes, written when no ``--source`` is given."""

VERBATIM = {"github/workflows/publish.yml"}
"""Templates copied as they are: GitHub's ``${{ ... }}`` expressions are not ours."""

_PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")


class InitError(ValueError):
    """The knowledge base cannot be created; the message says why and what to do."""


@dataclass(frozen=True)
class InitOptions:
    """What ``learnfolio init`` was asked for."""

    folder: Path
    """Where the knowledge base goes (created if missing)."""
    name: str | None = None
    """The site's name; defaults to the folder's name."""
    author: str | None = None
    """Who writes it; defaults to a placeholder to change."""
    repo: str | None = None
    """The GitHub repository's URL; the site URL is derived from it."""
    sources: tuple[Path, ...] = ()
    """Existing folders or Obsidian vaults to use instead of the sample notes."""
    today: dt.date = dt.date(2026, 1, 1)
    """The date written into the sample notes and post."""


@dataclass(frozen=True)
class InitSource:
    """One existing folder that becomes a source of the new site."""

    path: str
    """As written in ``mkdocs.yml``: relative to it when inside the site, else absolute."""
    name: str
    """Shown to readers: the folder's name."""
    mount: str
    """Where its notes appear in the site."""
    exclude: tuple[str, ...]
    """Globs left out: an Obsidian vault's templates folder."""
    outside: bool
    """True when the folder lies outside the new site (CI will not see it)."""


@dataclass(frozen=True)
class InitPlan:
    """Every file of the new knowledge base, ready to write."""

    folder: Path
    """The knowledge base's folder."""
    files: tuple[NewFile, ...]
    """What to write, in order."""
    sources: tuple[InitSource, ...]
    """The existing folders used as sources (empty: the sample notes)."""


def plan_site(options: InitOptions) -> InitPlan:
    """Work out every file of the new site from the templates and ``options``."""
    folder = options.folder.expanduser().resolve()
    name = _one_line(options.name, "--name") or _title(folder.name)
    author = _one_line(options.author, "--author") or "Your Name"
    slug = path_slug(folder.name) or "notes"
    repo_url, site_url = _urls(options.repo, slug)
    sources = tuple(_sources(options.sources, folder))
    initials = "".join(word[0] for word in author.split()[:2]).upper()
    values = {
        "site_name": name,
        "site_name_yaml": yaml_string(name),
        "author_name": author,
        "author_yaml": yaml_string(author),
        "author_xml": html.escape(author, quote=True),
        "author_id": path_slug(author),
        "initials": html.escape(initials, quote=True),
        "site_url": site_url,
        "repo_url": repo_url,
        "today": options.today.isoformat(),
        "sources": _sources_yaml(sources),
        "nav": _nav_yaml(sources),
        "start": "" if sources else " Start with [[Start here]].",
    }
    files = [NewFile(folder / target, _fill(src, values)) for src, target in SITE_FILES.items()]
    if not sources:
        files += [NewFile(folder / rel, _fill(rel, values)) for rel in SAMPLE_NOTES]
    files.append(NewFile(folder / "requirements.txt", pinned_requirements()))
    return InitPlan(folder, tuple(files), sources)


def write_site(plan: InitPlan) -> None:
    """Write every planned file, or none when any of them exists already."""
    existing = [f.path for f in plan.files if f.path.exists() or f.path.is_symlink()]
    if existing:
        listed = "\n".join(f"  {p.relative_to(plan.folder).as_posix()}" for p in existing)
        raise InitError(
            f"{plan.folder} already has files learnfolio init would write; nothing was "
            f"written. Move these away, or choose another folder:\n{listed}"
        )
    for new in plan.files:
        new.path.parent.mkdir(parents=True, exist_ok=True)
        with new.path.open("x", encoding="utf-8") as handle:
            handle.write(new.text)


def pinned_requirements() -> str:
    """``requirements.txt`` pinning learnfolio and everything it needs, as installed here.

    The versions are the ones this environment runs, so the site builds in CI
    exactly as it does on the learner's machine.
    """
    pins: dict[str, str] = {}
    todo = [Requirement("learnfolio")]
    while todo:
        wanted = todo.pop()
        key = _normal(wanted.name)
        if key in pins:
            continue
        try:
            dist = metadata.distribution(wanted.name)
        except metadata.PackageNotFoundError:
            continue  # an optional dependency this platform does not need
        pins[key] = _pin(dist)
        for line in dist.requires or []:
            needed = Requirement(line)
            # Follow a dependency only when its marker holds here, for the
            # extras the requirement asked for (``cachecontrol[filecache]``).
            extras = wanted.extras or {""}
            if needed.marker is None or any(needed.marker.evaluate({"extra": e}) for e in extras):
                todo.append(needed)
    lines = sorted(pins.values(), key=str.casefold)
    return (
        "# What the site needs to build, pinned to the versions `learnfolio init` ran with.\n"
        "# Install with: python -m pip install -r requirements.txt\n"
        "# Add what your notebooks import (numpy, matplotlib...) with exact versions too.\n"
        "# learnfolio is not on PyPI yet: if its line below is 'learnfolio==...', replace it\n"
        "# with a URL the publish workflow can install from (see learnfolio's README).\n"
        + "\n".join(lines)
        + "\n"
    )


def _pin(dist: metadata.Distribution) -> str:
    """``name==version``, or ``name @ git+URL@commit`` for a package installed from git."""
    name = dist.metadata["Name"]
    try:
        direct = json.loads(dist.read_text("direct_url.json") or "{}")
    except ValueError:
        direct = {}
    vcs = direct.get("vcs_info") if isinstance(direct, dict) else None
    if isinstance(vcs, dict) and vcs.get("commit_id") and direct.get("url"):
        return f"{name} @ {vcs.get('vcs', 'git')}+{direct['url']}@{vcs['commit_id']}"
    return f"{name}=={dist.version}"


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _one_line(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    if "\n" in value or "\r" in value:
        raise InitError(f"{option}: expected one line of text.")
    return value.strip() or None


def _title(folder_name: str) -> str:
    words = re.sub(r"[-_]+", " ", folder_name).strip()
    return words[:1].upper() + words[1:] if words else "My notes"


def _urls(repo: str | None, slug: str) -> tuple[str, str]:
    """The repository's URL and the GitHub Pages address that goes with it."""
    if repo is None:
        return (
            f"https://github.com/your-user/{slug}",
            f"https://your-user.github.io/{slug}/",
        )
    parts = urlsplit(repo.strip().removesuffix(".git").rstrip("/"))
    segments = [s for s in parts.path.split("/") if s]
    if parts.scheme != "https" or parts.netloc != "github.com" or len(segments) != 2:
        raise InitError(
            f"--repo: expected a GitHub repository's address such as "
            f"https://github.com/you/notes, got {repo!r}."
        )
    user, name = segments
    if name.casefold() == f"{user}.github.io".casefold():
        return f"https://github.com/{user}/{name}", f"https://{name.lower()}/"
    return f"https://github.com/{user}/{name}", f"https://{user.lower()}.github.io/{name}/"


def _sources(paths: tuple[Path, ...], folder: Path) -> list[InitSource]:
    found: list[InitSource] = []
    roots: list[Path] = []
    mounts: set[str] = set()
    for given in paths:
        root = given.expanduser().resolve()
        option = f"--source {given}"
        if not root.is_dir():
            raise InitError(f"{option}: no such folder.")
        if root == folder or root in folder.parents:
            raise InitError(
                f"{option}: the new site's folder {folder} would be inside this source; "
                "create the site in a folder of its own and pass the notes with --source."
            )
        if root == folder / "docs" or folder / "docs" in root.parents:
            raise InitError(f"{option}: docs/ holds the site's own pages; it cannot be a source.")
        for other in roots:
            if root == other or root in other.parents or other in root.parents:
                raise InitError(f"{option}: overlaps --source {other}; sources must not nest.")
        roots.append(root)
        inside = folder in root.parents
        mount = path_slug(root.name)
        while mount in mounts or mount in ("blog", "tags", "graph", "assets", "learnfolio"):
            mount += "-notes"
        mounts.add(mount)
        found.append(
            InitSource(
                path=root.relative_to(folder).as_posix() if inside else root.as_posix(),
                name=root.name,
                mount=mount,
                exclude=_obsidian_templates(root),
                outside=not inside,
            )
        )
    return found


def _obsidian_templates(root: Path) -> tuple[str, ...]:
    """The templates folder an Obsidian vault names in ``.obsidian/templates.json``."""
    settings = root / ".obsidian" / "templates.json"
    try:
        folder = json.loads(settings.read_text(encoding="utf-8")).get("folder")
    except (OSError, ValueError, AttributeError):
        return ()
    if not isinstance(folder, str) or not folder.strip("/ "):
        return ()
    return (folder.strip("/ ") + "/**",)


def _sources_yaml(sources: tuple[InitSource, ...]) -> str:
    if not sources:
        return (
            "        - path: notes        # a folder of Markdown notes (or an Obsidian vault)\n"
            "          name: Notes\n"
            "          mount: notes       # where its notes appear in the site"
        )
    lines = []
    for source in sources:
        lines += [
            f"        - path: {yaml_string(source.path)}",
            f"          name: {yaml_string(source.name)}",
            f"          mount: {yaml_string(source.mount)}",
        ]
        if source.exclude:
            globs = ", ".join(yaml_string(g) for g in source.exclude)
            lines.append(f"          exclude: [{globs}]")
    return "\n".join(lines)


def _nav_yaml(sources: tuple[InitSource, ...]) -> str:
    if not sources:
        return "  - Notes: notes/index.md"
    return "\n".join(f"  - {yaml_string(s.name)}: {s.mount}/index.md" for s in sources)


def _fill(template: str, values: dict[str, str]) -> str:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    if template in VERBATIM:
        return text
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)
