"""Build the vault from the found files, reusing what an earlier build worked out.

A clean build parses, indexes and resolves everything. Given the previous
build's vault (as ``mkdocs serve`` has it), an entry whose file and note
object are unchanged is the very same :class:`Entry` again, with the lookup
keys computed for it then; links and backlinks are redone only around the
notes that changed (``vault/links.py``). The result is the same vault a clean
build gives; only the work is less.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from learnfolio.model import FileTooLarge, Note
from learnfolio.model.dates import meta_dates
from learnfolio.problems import Problem, display_path
from learnfolio.sources import LeftOut, SourceFile
from learnfolio.vault.entries import Entry, dest_for, is_post, post_dest
from learnfolio.vault.index import EntryKeys, Vault, entry_keys
from learnfolio.vault.links import index_links
from learnfolio.vault.translations import index_translations

History = Callable[[Path], tuple[dt.date, dt.date]]


def build_vault(
    files: Iterable[SourceFile],
    read_note: Callable[[SourceFile], Note],
    *,
    display_root: Path,
    include_drafts: bool = False,
    posts_dir: str | None = None,
    history: History | None = None,
    previous: Vault | None = None,
    left_out: Iterable[LeftOut] = (),
    hidden_tags: Iterable[str] = (),
) -> Vault:
    """Index the given files: parse notes, keep the published ones, resolve links.

    ``read_note`` parses one file (the caller may cache it). Two files that
    would land on the same site path are reported as errors naming both.
    ``posts_dir`` is the blog's posts folder in the site (``"blog/posts"``) when
    a blog is on; ``history`` gives a file's (created, updated) dates when its
    frontmatter does not. ``previous``, the vault of the previous build of the
    same site, lets unchanged notes skip work; the result is the same.
    ``left_out`` are the symbolic links discovery did not follow: each is a
    warning, and a link to one is reported like a link to a private note.
    ``hidden_tags`` (and the tags under them) are housekeeping: no tag lists them.
    """
    vault = Vault(entries=[], display_root=display_root)
    vault.hidden_tags = frozenset(tag.casefold().lstrip("#") for tag in hidden_tags)
    vault._options = (display_root, include_drafts, posts_dir, vault.hidden_tags)
    if previous is not None and previous._options != vault._options:
        previous = None  # other dests or visibility: nothing carries over
    earlier = previous._by_abs if previous is not None else {}
    for link in left_out:
        if link.message:
            shown = display_path(link.abs_path, display_root)
            vault.problems.append(Problem(shown, 0, "warning", link.code, link.message))
        vault._hide_path(link.source, link.abs_path)
    for found in files:
        # A notebook is a note: its Markdown cells' links and tags count too.
        try:
            note = read_note(found) if found.kind in ("note", "notebook") else None
        except Exception as exc:  # one broken file never stops the others
            vault.problems.append(_unreadable(vault.display(found), found, exc))
            vault._hide_file(found)
            continue
        if found.kind == "asset" and not found.abs_path.exists():
            vault.problems.append(_unreadable(vault.display(found), found, FileNotFoundError()))
            vault._hide_file(found)
            continue
        if note is not None:
            for line, message in note.problems:
                vault.problems.append(
                    Problem(vault.display(found), line, "error", "bad-file", message)
                )
            # A note's warnings are about its privacy; a notebook's, about repairs.
            code = "notebook-repaired" if found.kind == "notebook" else "unclear-privacy"
            for line, message in note.warnings:
                vault.problems.append(Problem(vault.display(found), line, "warning", code, message))
            if note.is_hidden(include_drafts):
                vault._hide(found, note)
                continue
        old = earlier.get(os.path.normpath(found.abs_path)) if earlier else None
        if old is not None and (old.note is not note or not _same_file(old.file, found)):
            old = None
        entry = _entry(found, note, posts_dir, history, old)
        # Case-insensitive file systems (macOS, Windows) would merge these pages.
        clash = vault._folded.get(entry.dest.casefold())
        if clash is not None:
            vault.problems.append(
                Problem(
                    vault.display(found),
                    0,
                    "error",
                    "url-collision",
                    f"lands on the same page '{entry.dest}' as {vault.display(clash)}; "
                    "rename one of them or give their sources different mounts.",
                )
            )
            continue
        vault._add(entry, _keys(entry, previous))
    vault.structure = _structure(vault)
    index_links(vault, previous)
    vault.problems.extend(vault.prerequisites.problems)
    index_translations(vault)
    if not _reuse_tags(vault, previous):
        vault._index_tags()
    return vault


def _unreadable(shown: str, found: SourceFile, exc: Exception) -> Problem:
    """The message for a file that could not be read: it is left out of the site."""
    if isinstance(exc, FileTooLarge):
        return Problem(shown, 0, "error", "file-too-large", str(exc))
    if isinstance(exc, OSError) and found.abs_path.is_symlink() and not found.abs_path.exists():
        target = os.readlink(found.abs_path)
        reason = f"is a symbolic link to '{target}', which does not exist"
        return Problem(
            shown, 0, "warning", "dangling-symlink", f"{reason}; it is left out of the site."
        )
    if isinstance(exc, OSError):
        reason = f"could not be read ({exc.strerror or type(exc).__name__})"
    else:
        # A bug in learnfolio, not in the note: say so, and build the rest.
        reason = (
            f"could not be read: {type(exc).__name__}: {exc} (a learnfolio bug: "
            "please report it with this file)"
        )
    return Problem(shown, 0, "error", "unreadable-file", f"{reason}; it is left out of the site.")


def _reuse_tags(vault: Vault, previous: Vault | None) -> bool:
    """Take over the previous build's tag index when no note's tags changed.

    With the same structure every title and site path is the same, so each
    tag's notes sort the same; a replaced entry only takes its old one's place.
    """
    if previous is None or previous.structure != vault.structure:
        return False
    swapped: dict[int, Entry] = {}
    for entry in vault.entries:
        old = previous.by_dest[entry.dest]
        if old is not entry:
            old_tags = old.note.tags if old.note is not None else None
            if old_tags != (entry.note.tags if entry.note is not None else None):
                return False
            swapped[id(old)] = entry
    vault._tag_names = dict(previous._tag_names)
    vault._tags = dict(previous._tags)
    for entry in swapped.values():
        for tag in entry.note.tags if entry.note is not None else ():
            name = vault._tag_names[tag.casefold()]
            vault._tags[name] = [swapped.get(id(e), e) for e in vault._tags[name]]
    return True


def _same_file(old: SourceFile, found: SourceFile) -> bool:
    return (
        old.path == found.path
        and old.kind == found.kind
        and old.abs_path == found.abs_path
        and (old.source is found.source or old.source == found.source)
    )


def _entry(
    found: SourceFile,
    note: Note | None,
    posts_dir: str | None,
    history: History | None,
    old: Entry | None,
) -> Entry:
    """The entry of ``found``; ``old`` is the previous build's (same file and note), if any."""
    if note is None:
        return old if old is not None else Entry(found, dest_for(found), None)
    if old is not None:
        post, dest = old.post, old.dest  # a function of the file, the note and posts_dir
    else:
        post = is_post(found, note, posts_dir)
        dest = (
            post_dest(found, posts_dir)
            if post and posts_dir and not found.source.is_docs
            else dest_for(found)
        )
    created, updated = meta_dates(note.meta)
    if (created is None or updated is None) and history is not None:
        # History is asked again on every build: a commit changes it, not the file.
        known_created, known_updated = history(found.abs_path)
        created = created or known_created
        updated = updated or max(known_updated, created)
    updated = updated or created
    if old is not None and (old.created, old.updated) == (created, updated):
        return old
    return Entry(found, dest, note, post=post, created=created, updated=updated)


def _keys(entry: Entry, previous: Vault | None) -> EntryKeys:
    known = previous._keys.get(entry.dest) if previous is not None else None
    if known is not None and known[0] is entry:
        return known[1]
    return entry_keys(entry)


def _structure(vault: Vault) -> tuple[object, ...]:
    """See :attr:`Vault.structure`; tuples of reused entries compare by identity, fast."""
    sources = {entry.file.source for entry in vault.entries}
    attachments = tuple(sorted((s.option, vault._attachment_folder(s) or "") for s in sources))
    return (
        vault._options,
        tuple(keys.shape for _, keys in vault._keys.values()),
        frozenset(vault._hidden),
        frozenset(vault._hidden_abs),
        attachments,
    )
