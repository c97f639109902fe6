"""The learning timeline: a calendar heatmap of notes and posts written per day.

It is drawn at build time as inline SVG, one square per day over the last 53
weeks, so it needs no JavaScript. Every square has a ``<title>`` (shown on
hover and read by screen readers) and ``data-date``/``data-count`` attributes.

Learning statuses are a layer on it: a day whose notes have statuses is
outlined in the colour of the least known of them (what still needs work
shows), its title counts them, and a legend names the outlines.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Iterable, Mapping

CELL = 11
GAP = 3
LEFT = 30
TOP = 18
WEEKS = 53


def level(count: int, top: int) -> int:
    """Colour level 0 to 4 of a day, relative to the busiest day."""
    if count <= 0 or top <= 0:
        return 0
    return max(1, min(4, -(-count * 4 // top)))  # ceil(count / top * 4): the busiest day is 4


STATUS_ORDER = ("learning", "reviewing", "known")
"""Statuses from least to best known: a day is outlined in the first its notes have."""


def heatmap(
    days: Iterable[dt.date],
    end: dt.date,
    label: str = "notes and posts",
    statuses: Mapping[dt.date, Mapping[str, int]] | None = None,
) -> str:
    """SVG of what was written on each day of the 53 weeks that end with ``end``.

    ``statuses`` counts, for each day, the statuses of the notes written that day.
    """
    statuses = statuses or {}
    counts = Counter(days)
    # Start on the Monday 52 weeks before the week of `end`.
    start = end - dt.timedelta(days=end.weekday()) - dt.timedelta(weeks=WEEKS - 1)
    in_range = {d: c for d, c in counts.items() if start <= d <= end}
    top = max(in_range.values(), default=0)
    total = sum(in_range.values())
    width = LEFT + WEEKS * (CELL + GAP)
    height = TOP + 7 * (CELL + GAP) + 22
    summary = (
        f"{total} {label} written between {start.isoformat()} and {end.isoformat()}, "
        f"on {len(in_range)} different days"
    )
    out = [
        f'<svg class="lf-heatmap" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label="{html.escape(summary)}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{html.escape(summary)}</title>",
    ]
    for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
        y = TOP + row * (CELL + GAP) + CELL - 2
        out.append(f'<text class="lf-heat-label" x="0" y="{y}">{name}</text>')
    day = start
    last_month = -1
    while day <= end:
        week = (day - start).days // 7
        x = LEFT + week * (CELL + GAP)
        if day.weekday() == 0 and day.month != last_month:
            last_month = day.month
            out.append(f'<text class="lf-heat-label" x="{x}" y="{TOP - 6}">{day:%b}</text>')
        y = TOP + day.weekday() * (CELL + GAP)
        count = in_range.get(day, 0)
        noun = label if count != 1 else label.split(" and ")[0].rstrip("s")
        when = f"{day.day} {day:%b %Y}"
        title = f"{count} {noun} on {when}" if count else f"Nothing on {when}"
        css, data = f"lf-heat-{level(count, top)}", ""
        known = statuses.get(day)
        if known:
            least = next(s for s in STATUS_ORDER if known.get(s))
            css += f" lf-heat-status-{least}"
            data = f' data-status="{least}"'
            title += " (" + ", ".join(f"{known[s]} {s}" for s in STATUS_ORDER if known.get(s)) + ")"
        out.append(
            f'<rect class="{css}" x="{x}" y="{y}" width="{CELL}" '
            f'height="{CELL}" rx="2" data-date="{day.isoformat()}" data-count="{count}"{data}>'
            f"<title>{html.escape(title)}</title></rect>"
        )
        day += dt.timedelta(days=1)
    # Legend at the bottom right: "Less [] [] [] [] [] More".
    legend_y = TOP + 7 * (CELL + GAP) + 8
    first = width - 34 - 5 * (CELL + GAP)
    text_y = legend_y + CELL - 2
    out.append(f'<text class="lf-heat-label" x="{first - 28}" y="{text_y}">Less</text>')
    for n in range(5):
        x = first + n * (CELL + GAP)
        out.append(
            f'<rect class="lf-heat-{n}" x="{x}" y="{legend_y}" width="{CELL}" '
            f'height="{CELL}" rx="2"/>'
        )
    if any(start <= d <= end for d in statuses):
        # "Outlined: [] learning [] reviewing [] known", at the bottom left.
        x = LEFT
        out.append(f'<text class="lf-heat-label" x="{x}" y="{text_y}">Outlined:</text>')
        x += 52
        for status in STATUS_ORDER:
            out.append(
                f'<rect class="lf-heat-0 lf-heat-status-{status}" x="{x}" y="{legend_y}" '
                f'width="{CELL}" height="{CELL}" rx="2"/>'
            )
            out.append(
                f'<text class="lf-heat-label" x="{x + CELL + 4}" y="{text_y}">{status}</text>'
            )
            x += CELL + 14 + 6 * len(status)
    more_x = first + 5 * (CELL + GAP) + 2
    out.append(f'<text class="lf-heat-label" x="{more_x}" y="{text_y}">More</text>')
    out.append("</svg>")
    return "".join(out)
