"""Walk a source folder and classify its files as notes, notebooks or assets.

Nothing from outside a source is published. A symbolic link is followed only
when what it points to is a file one of the sources would publish itself: a
link out of every source (``notes/passwd.txt -> /etc/passwd``), into a folder a
source leaves out, or to nothing at all is left out and named in a
:class:`LeftOut` record, which the vault reports. A source with
``follow_symlinks: true`` opts in to links that leave the sources, folders
included. Links to folders inside a source are never walked: their files are
published from there already. Every folder is walked once, so a loop of links
ends.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pathspec

if TYPE_CHECKING:
    from learnfolio.settings import SourceSpec


FileKind = Literal["note", "notebook", "asset"]

# Never published from any source: tool folders and operating-system litter.
_SKIP_NAMES = {"node_modules", "__pycache__", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file found in a source."""

    source: SourceSpec
    """The source it belongs to."""
    path: str
    """Path from the source root, ``/``-separated."""
    abs_path: Path
    """Where it is on disk."""
    kind: FileKind
    """``note`` (Markdown), ``notebook`` (``.ipynb``) or ``asset`` (anything else)."""


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A file of a source that discovery left out: a link not followed, or an excluded file."""

    source: SourceSpec
    """The source the link is in."""
    abs_path: Path
    """The link (or file) itself."""
    code: str
    """``symlink-outside``, ``symlink-excluded``, ``symlink-loop``, ``dangling-symlink``, or
    ``excluded`` for a file the source's ``exclude`` leaves out (no warning)."""
    message: str
    """Why it is left out and what to do, for a warning naming the link (empty when none)."""


def kind_of(name: str) -> FileKind:
    """Classify a file by its name."""
    lower = name.lower()
    if lower.endswith((".md", ".markdown")):
        return "note"
    if lower.endswith(".ipynb"):
        return "notebook"
    return "asset"


def _skipped_name(name: str) -> bool:
    """Names no source ever publishes: hidden files and folders, tool litter."""
    return name.startswith(".") or name in _SKIP_NAMES


class _Sources:
    """Where each source is, to tell whether a link's target belongs to one."""

    def __init__(self, sources: Iterable[SourceSpec]) -> None:
        self.specs = list(sources)
        self._excluded = {
            spec: pathspec.GitIgnoreSpec.from_lines(spec.exclude) if spec.exclude else None
            for spec in self.specs
        }
        self._real = [(Path(os.path.realpath(spec.root)), spec) for spec in self.specs]

    def owner(self, real: Path) -> tuple[SourceSpec, str] | None:
        """The source holding the resolved path ``real`` and its path there, if any."""
        for root, spec in self._real:
            if real == root or root in real.parents:
                return spec, real.relative_to(root).as_posix()
        return None

    def excluded(self, spec: SourceSpec, rel: str) -> bool:
        """Whether ``spec`` leaves out its file at ``rel`` (an ``exclude`` match)."""
        patterns = self._excluded.get(spec)
        return patterns is not None and patterns.match_file(rel)

    def publishes(self, spec: SourceSpec, rel: str) -> bool:
        """Whether ``spec`` would publish its own file at ``rel``."""
        parts = rel.split("/")
        return not any(_skipped_name(part) for part in parts) and not self.excluded(spec, rel)


def discover(
    spec: SourceSpec,
    skip: Iterable[Path] = (),
    *,
    sources: Iterable[SourceSpec] | None = None,
    left_out: list[LeftOut] | None = None,
) -> Iterator[SourceFile]:
    """Yield the files of one source, sorted by path, excluded files left out.

    Hidden files and folders (``.obsidian/``, ``.trash/``, ``.git/``) are never
    published. ``skip`` lists folders to leave out wholesale, such as the site
    output folder when a source contains it. ``sources`` are all the sources
    of the site (symbolic links may point into any of them; by default this
    one alone); links that are not followed are appended to ``left_out``.
    """
    known = _Sources(sources if sources is not None else [spec])
    if spec not in known.specs:
        known = _Sources([*known.specs, spec])
    skipped = {p.resolve() for p in skip}
    refused: list[LeftOut] = left_out if left_out is not None else []
    # Folders already walked, by resolved path: each once, so links cannot loop.
    walked: set[str] = {os.path.realpath(spec.root)}
    for dirpath, dirnames, filenames in os.walk(spec.root, followlinks=spec.follow_symlinks):
        here = Path(dirpath)
        kept = []
        for d in sorted(dirnames):
            folder = here / d
            if _skipped_name(d) or folder.resolve() in skipped:
                continue
            if folder.is_symlink():
                if not _follow_folder(known, spec, folder, walked, refused):
                    continue
            elif spec.follow_symlinks:
                real = os.path.realpath(folder)
                if real in walked:
                    continue
                walked.add(real)
            kept.append(d)
        dirnames[:] = kept
        for name in sorted(filenames):
            if _skipped_name(name):
                continue
            abs_path = here / name
            rel = abs_path.relative_to(spec.root).as_posix()
            if known.excluded(spec, rel):
                # Named, never read: a link to it is one to a hidden note, not a missing one.
                refused.append(LeftOut(spec, abs_path, "excluded", ""))
                continue
            if abs_path.is_symlink() and not _follow_file(known, spec, abs_path, refused):
                continue
            yield SourceFile(spec, rel, abs_path, kind_of(name))


def _follow_file(known: _Sources, spec: SourceSpec, link: Path, refused: list[LeftOut]) -> bool:
    """Whether to publish the file a symbolic link points to; if not, say why."""
    target = os.readlink(link)
    real = Path(os.path.realpath(link))
    if not real.is_file():
        what = "which does not exist" if not real.exists() else "which is not a file"
        refused.append(
            LeftOut(
                spec,
                link,
                "dangling-symlink",
                f"is a symbolic link to '{target}', {what}; it is left out of the site.",
            )
        )
        return False
    return _allowed(known, spec, link, real, target, refused)


def _follow_folder(
    known: _Sources, spec: SourceSpec, link: Path, walked: set[str], refused: list[LeftOut]
) -> bool:
    """Whether to walk the folder a symbolic link points to; if not and it matters, say why."""
    target = os.readlink(link)
    real = Path(os.path.realpath(link))
    if not real.exists():
        refused.append(
            LeftOut(
                spec,
                link,
                "dangling-symlink",
                f"is a symbolic link to '{target}', which does not exist; it is left out of "
                "the site.",
            )
        )
        return False
    if not real.is_dir():
        return _allowed(known, spec, link, real, target, refused)  # a file after all
    if known.owner(real) is not None:
        return False  # a folder of a source: its files are published from there
    here = Path(os.path.realpath(link.parent))
    if real == here or real in here.parents:
        refused.append(
            LeftOut(
                spec,
                link,
                "symlink-loop",
                f"is a symbolic link to '{target}', a folder that holds the link itself; "
                "it is not followed.",
            )
        )
        return False
    if not _allowed(known, spec, link, real, target, refused):
        return False
    if str(real) in walked:
        return False
    walked.add(str(real))
    return True


def _allowed(
    known: _Sources,
    spec: SourceSpec,
    link: Path,
    real: Path,
    target: str,
    refused: list[LeftOut],
) -> bool:
    """Whether ``link`` (to ``real``) may be followed: into what a source publishes, or opted in."""
    owner = known.owner(real)
    if owner is None:
        if spec.follow_symlinks:
            return True
        refused.append(
            LeftOut(
                spec,
                link,
                "symlink-outside",
                f"is a symbolic link to '{target}', outside every source; it is left out of "
                "the site. Set 'follow_symlinks: true' on the source to publish what it "
                "links to.",
            )
        )
        return False
    if not known.publishes(*owner):
        refused.append(
            LeftOut(
                spec,
                link,
                "symlink-excluded",
                f"is a symbolic link to '{target}', which its source leaves out (hidden or "
                "excluded); it is left out of the site too.",
            )
        )
        return False
    return True


def discover_all(
    sources: Iterable[SourceSpec],
    skip: Iterable[Path] = (),
    left_out: list[LeftOut] | None = None,
) -> list[SourceFile]:
    """The files of every source, source by source; links not followed go to ``left_out``."""
    skip = list(skip)
    specs = list(sources)
    return [
        found for spec in specs for found in discover(spec, skip, sources=specs, left_out=left_out)
    ]
