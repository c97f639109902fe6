"""When each file was created and last changed: from git history, else the file.

One ``git log`` per repository gives every file's first and last commit, so a
vault of thousands of notes costs one subprocess, not one per note. Files that
git does not know (new, untracked, or outside any repository) fall back to the
file's modification time. Nothing here ever writes.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

Dates = tuple[dt.date, dt.date]


class FileHistory:
    """Creation and update dates of files, cached per repository and per folder."""

    def __init__(self) -> None:
        self._repos: dict[Path, dict[str, Dates]] = {}
        self._toplevel: dict[Path, Path | None] = {}
        self._by_marker: dict[str | None, Path | None] = {}
        self._markers: dict[str, str | None] = {}
        self._folders: dict[str, tuple[Path | None, str]] = {}
        self._heads: dict[Path, str | None] = {}

    def dates(self, path: Path) -> Dates:
        """``(created, updated)`` of ``path``: git's first and last commit, or mtime."""
        folder, name = os.path.split(path)
        repo, prefix = self._folder(folder)
        if repo is not None:
            if os.path.islink(path):
                # A link followed out of the repository (follow_symlinks) has no history in it.
                real = path.resolve()
                name = real.relative_to(repo).as_posix() if real.is_relative_to(repo) else ""
            else:
                # The folder is resolved once; a file that is no link adds its name.
                name = prefix + name
            known = self._log(repo).get(name) if name else None
            if known is not None:
                return known
        stamp = dt.datetime.fromtimestamp(os.stat(path).st_mtime, tz=dt.UTC).date()
        return stamp, stamp

    def _folder(self, folder: str) -> tuple[Path | None, str]:
        """The repository of ``folder`` and the folder's path in it (``"a/b/"``)."""
        known = self._folders.get(folder)
        if known is None:
            resolved = Path(folder).resolve()
            repo = self._repo_of(resolved)
            prefix = ""
            if repo is not None and resolved != repo:
                prefix = resolved.relative_to(repo).as_posix() + "/"
            known = self._folders[folder] = (repo, prefix)
        return known

    def _repo_of(self, folder: Path) -> Path | None:
        if folder not in self._toplevel:
            # A folder inside a known repository belongs to it: one `git
            # rev-parse` per repository, not one per folder of a big vault.
            known = next((r for r in self._repos if r in folder.parents or r == folder), None)
            self._toplevel[folder] = known or self._ask_git(folder)
            if self._toplevel[folder] is not None:
                self._log(self._toplevel[folder])  # type: ignore[arg-type]
        return self._toplevel[folder]

    def _ask_git(self, folder: Path) -> Path | None:
        # Git finds a folder's repository by the nearest ".git" above it, so
        # folders below the same one (or below none: a vault outside git) get
        # the same answer; ask once for each. With GIT_DIR set (as in a git
        # hook) git answers from the folder itself: ask for every folder.
        if "GIT_DIR" in os.environ:
            return _git_toplevel(folder)
        marker = self._marker(str(folder))
        if marker not in self._by_marker:
            self._by_marker[marker] = _git_toplevel(folder)
        return self._by_marker[marker]

    def _marker(self, folder: str) -> str | None:
        """The nearest folder at or above ``folder`` that holds a ``.git``."""
        if folder not in self._markers:
            parent = os.path.dirname(folder)
            if os.path.exists(os.path.join(folder, ".git")):
                self._markers[folder] = folder
            else:
                self._markers[folder] = None if parent == folder else self._marker(parent)
        return self._markers[folder]

    def refresh(self) -> None:
        """Forget the history of repositories with new commits since it was read.

        Folders keep their repositories (a quick rebuild moves no file); a
        repository's log is read again only when its ``HEAD`` moved, which
        costs one ``git rev-parse`` per repository.
        """
        for repo in list(self._repos):
            if _head(repo) != self._heads.get(repo):
                del self._repos[repo]

    def _log(self, repo: Path) -> dict[str, Dates]:
        if repo not in self._repos:
            self._heads[repo] = _head(repo)
            self._repos[repo] = _read_log(repo)
        return self._repos[repo]


def _git(args: list[str], cwd: Path) -> str | None:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _head(repo: Path) -> str | None:
    out = _git(["rev-parse", "HEAD"], repo)
    return out.strip() if out else None


def _git_toplevel(folder: Path) -> Path | None:
    out = _git(["rev-parse", "--show-toplevel"], folder)
    return Path(out.strip()).resolve() if out and out.strip() else None


def _read_log(repo: Path) -> dict[str, Dates]:
    # Newest commit first: the first time a path appears is its last update,
    # the last time is its creation.
    out = _git(["-c", "core.quotepath=false", "log", "--format=\x1e%ct", "--name-only"], repo)
    found: dict[str, Dates] = {}
    if not out:
        return found
    for record in out.split("\x1e")[1:]:
        lines = record.strip("\n").split("\n")
        when = dt.datetime.fromtimestamp(int(lines[0]), tz=dt.UTC).date()
        for name in lines[1:]:
            if not name:
                continue
            if name in found:
                found[name] = (when, found[name][1])
            else:
                found[name] = (when, when)
    return found
