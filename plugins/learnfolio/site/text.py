"""The text fields of a page that learnfolio hands to MkDocs and Material.

Their templates print a page's title, tags, description and subtitle
unescaped (in ``<title>``, headers, navigation, tag chips, blog listings) and
Material's search shows them as HTML: learnfolio hands them over escaped
(:func:`~learnfolio.render.fragments.theme_text`), so every template shows
the characters as typed and none becomes markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from learnfolio.model import Note
from learnfolio.render.fragments import THEME_TEXT_KEYS, theme_text


def theme_fields(note: Note, *, escaped: bool = True) -> dict[str, Any]:
    """The title, description and subtitle of ``note``'s page, escaped unless told.

    Unescaped is for a plugin that escapes them itself (mkdocs-rss-plugin).
    """
    fields = {"title": note.display_title}
    meta = note.meta
    for key in THEME_TEXT_KEYS:
        if isinstance(meta.get(key), str):
            fields[key] = meta[key]
    return {k: theme_text(v) for k, v in fields.items()} if escaped else fields


@dataclass(frozen=True)
class TagChip:
    """A tag chip as Material's ``partials/tags.html`` draws it (the ``tags`` variable)."""

    name: str
    """The tag, escaped (the template prints it as it is)."""
    url: str
    """Its tag page's URL from the site root (the template makes it relative); ``""``: none."""
    hidden: bool = False
    """Material's "shadow" tags, drawn faintly: learnfolio's hidden tags get no chip at all."""
