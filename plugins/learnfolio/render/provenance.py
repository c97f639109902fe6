"""The line on each note that says where it came from and when it was written."""

from __future__ import annotations

import datetime as dt
import html
import re

from learnfolio.render.fragments import fragment
from learnfolio.safe_urls import clean_url
from learnfolio.vault import Entry

_URL = re.compile(r"^(?:https?://|mailto:)\S+$", re.IGNORECASE)


def human_date(day: dt.date) -> str:
    """``14 Feb 2026``: unambiguous in every locale."""
    return f"{day.day} {day:%b %Y}"


def time_tag(day: dt.date) -> str:
    """A ``<time>`` element, readable by people and machines."""
    return f'<time datetime="{day.isoformat()}">{human_date(day)}</time>'


def original_url(entry: Entry) -> str | None:
    """The note's original (``original:`` or ``source:`` in frontmatter), if it is an
    http(s) or mailto URL (:mod:`learnfolio.safe_urls`; the model reports others)."""
    if entry.note is None:
        return None
    for key in ("original", "source"):
        value = entry.note.meta.get(key)
        if isinstance(value, str) and _URL.match(value.strip()):
            return clean_url(value)
    return None


def provenance_line(entry: Entry, *, fragments: bool = False, plain: bool = False) -> str:
    """Markdown for the provenance paragraph, or ``""`` when there is nothing to say.

    Pages of ``docs_dir`` are the site's own, so they only show an original URL.
    With ``fragments`` the paragraph is one HTML fragment (see
    :mod:`learnfolio.render.fragments`): it holds no Markdown. With ``plain``
    (an export) it carries no attribute list.
    """
    parts: list[str] = []
    if not entry.file.source.is_docs:
        parts.append(f"From <strong>{html.escape(entry.file.source.name)}</strong>")
        if entry.created is not None:
            parts.append(f"written {time_tag(entry.created)}")
        if entry.updated is not None and entry.updated != entry.created:
            parts.append(f"updated {time_tag(entry.updated)}")
    url = original_url(entry)
    if url is not None:
        parts.append(f'<a href="{html.escape(url, quote=True)}" rel="external">original</a>')
    if not parts:
        return ""
    if fragments:
        paragraph = f'<p class="lf-provenance" data-search-exclude="true">{" · ".join(parts)}</p>'
        return fragment(paragraph) + "\n"
    if plain:
        return " · ".join(parts) + "\n"
    return " · ".join(parts) + '\n{: .lf-provenance data-search-exclude="true" }\n'
