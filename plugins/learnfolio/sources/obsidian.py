"""What learnfolio reads from an Obsidian vault's ``.obsidian/`` folder."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from learnfolio.settings import SourceSpec


def is_obsidian_vault(spec: SourceSpec) -> bool:
    """True when the source is (or looks like) an Obsidian vault."""
    if spec.kind == "folder":
        return False
    return spec.kind == "obsidian" or (spec.root / ".obsidian").is_dir()


def attachment_folder(spec: SourceSpec) -> str | None:
    """The vault's attachment folder from ``.obsidian/app.json``, source-relative.

    Returns ``None`` when unset, ``"."`` for the vault root, and ``"./x"`` forms
    (relative to each note) as they are, since they depend on the note.
    """
    if not is_obsidian_vault(spec):
        return None
    app = spec.root / ".obsidian" / "app.json"
    try:
        settings = json.loads(app.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    folder = settings.get("attachmentFolderPath") if isinstance(settings, dict) else None
    if not isinstance(folder, str) or not folder.strip() or folder.strip() == "/":
        return None
    folder = folder.strip()
    return folder if folder.startswith("./") else folder.strip("/")
