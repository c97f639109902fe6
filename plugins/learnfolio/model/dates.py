"""Read the dates a note's frontmatter gives: when it was written and updated.

Accepted forms, as people write them: ``date: 2026-02-14``, a full datetime,
a string such as ``"2026-02-14 09:30"``, and Material's blog form
``date: {created: ..., updated: ...}``; ``updated:`` (or ``modified:``) on its own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def parse_date(value: Any) -> dt.date | None:
    """A date from a YAML value, or ``None`` when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for candidate in (text, text[:10]):
            try:
                return dt.date.fromisoformat(candidate)
            except ValueError:
                continue
    return None


def meta_dates(meta: dict[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    """``(created, updated)`` from frontmatter; either may be ``None``."""
    raw = meta.get("date")
    updated_raw = meta.get("updated", meta.get("modified"))
    if isinstance(raw, dict):
        created = parse_date(raw.get("created"))
        updated = parse_date(raw.get("updated", updated_raw))
    else:
        created = parse_date(raw if raw is not None else meta.get("created"))
        updated = parse_date(updated_raw)
    return created, updated
