"""Prerequisites on pages: "Builds on" and "Leads to", learning paths, statuses.

A note that builds on others says so at the top, where a reader decides
whether to read on or to go back first: one line for what it builds on, one
for what leads on from it, one for the syllabi (``path: true`` notes) it is
part of, and a link to its learning path. The line replaces the ``requires``
property in the properties line, which would say the same less clearly.

A learning path is an ordered list: each note after everything it builds on
(``vault/prerequisites.py`` decides the order), with its status and what it
comes after. A note with prerequisites gets a page of its own for it, at
``<paths folder>/<the note's site path>`` (``paths/garden/pca.md`` for
``garden/pca.md``); a ``path: true`` note shows its path on its own page, in
a "Learning path" section, and gets no separate page.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from learnfolio.model.frontmatter import yaml_string
from learnfolio.render.fragments import theme_text
from learnfolio.render.links import markdown_text
from learnfolio.vault import Entry, Vault
from learnfolio.vault.prerequisites import STATUSES, Prerequisites

LinkTo = Callable[[Entry], str]
"""Writes a link to a note for the page (a Markdown link or a fragment)."""
InlineHtml = Callable[[str], str]
"""Writes inline markup that holds no Markdown (a fragment when the site asks for them)."""

PATH_HEADING = "Learning path"
PATH_ANCHOR = "learning-path"


def path_page_path(dest: str, folder: str) -> str:
    """The site path of the learning path page of the note at ``dest``."""
    return f"{folder}/{dest}"


def has_path_page(prerequisites: Prerequisites, entry: Entry) -> bool:
    """Whether ``entry`` gets a learning path page: it requires something, and is no syllabus."""
    return bool(prerequisites.requires.get(entry.dest)) and not prerequisites.is_path(entry)


def status_chip(status: str | None) -> str:
    """The status of a note as a small labelled chip; ``""`` without one."""
    if status is None:
        return ""
    return f'<span class="lf-status lf-status-{status}" title="Status: {status}">{status}</span>'


def prerequisites_block(
    vault: Vault,
    entry: Entry,
    link: LinkTo,
    inline_html: InlineHtml,
    *,
    path_link: str | None,
    plain: bool = False,
) -> str:
    """The lines at the top of ``entry``'s page; ``""`` when there is nothing to say.

    ``path_link`` links to its learning path page, if it has one. With ``plain``
    (an export) each line is a paragraph of plain Markdown, statuses as text.
    """
    found = vault.prerequisites
    rows: list[tuple[str, str]] = []
    status = found.status_of(entry)
    if status is not None:
        rows.append(("Status", status if plain else inline_html(status_chip(status))))
    # A syllabus lists what it builds on as its path, in its last section.
    builds_on = () if found.is_path(entry) else found.builds_on(entry)
    for key, notes in (
        ("Builds on", builds_on),
        ("Leads to", found.leads_to(entry)),
        ("Part of", found.in_paths(entry)),
    ):
        if notes:
            shown = [_with_status(found, e, link, inline_html, plain) for e in notes]
            rows.append((key, ", ".join(shown)))
    if path_link is not None:
        rows.append(("", path_link))
    if not rows:
        return ""
    if plain:
        return "\n\n".join(f"{key}: {value}" if key else value for key, value in rows) + "\n"
    parts = []
    for key, value in rows:
        head = f'<span class="lf-prereq-key">{html.escape(key)}</span> ' if key else ""
        parts.append(
            inline_html(f'<span class="lf-prereq">{head}') + value + inline_html("</span>")
        )
    return " ".join(parts) + '\n{: .lf-prereqs data-search-exclude="true" }\n'


def path_link_label(vault: Vault, entry: Entry) -> str:
    """The text of the link to ``entry``'s learning path page."""
    count = len(vault.prerequisites.path_of(entry))
    return f"Learning path: {count} {'note' if count == 1 else 'notes'} in order"


def _with_status(
    found: Prerequisites, entry: Entry, link: LinkTo, inline_html: InlineHtml, plain: bool = False
) -> str:
    status = found.status_of(entry)
    if status is None:
        return link(entry)
    return link(entry) + (f" ({status})" if plain else inline_html(" " + status_chip(status)))


def path_list(vault: Vault, goal: Entry, link: LinkTo, inline_html: InlineHtml) -> str:
    """The learning path to ``goal`` as a Markdown ordered list, ``goal`` last.

    Each step shows its status and the notes of the path it comes after.
    """
    found = vault.prerequisites
    steps = found.path_of(goal)
    lines = [_progress(found, steps, inline_html), "", '<div class="lf-path" markdown="1">', ""]
    in_path = {e.dest for e in steps}
    for number, step in enumerate(steps, start=1):
        after = [e for e in found.builds_on(step) if e.dest in in_path]
        text = f"{number}. {_with_status(found, step, link, inline_html)}"
        if after:
            names = ", ".join(html.escape(e.title, quote=False) for e in after)
            text += inline_html(f' <span class="lf-path-after">after {names}</span>')
        lines.append(text)
    if not found.is_path(goal):
        chip = status_chip(found.status_of(goal))
        last = f"{len(steps) + 1}. {link(goal)}" + (inline_html(" " + chip) if chip else "")
        lines.append(last + inline_html(' <span class="lf-path-after">the goal</span>'))
    return "\n".join(lines) + "\n\n</div>\n"


def _progress(found: Prerequisites, steps: tuple[Entry, ...], inline_html: InlineHtml) -> str:
    """How far along the path the learner is: a count per status, best known first."""
    counts = {status: 0 for status in STATUSES}
    for step in steps:
        status = found.status_of(step)
        if status is not None:
            counts[status] += 1
    parts = [f"{counts[s]} {s}" for s in reversed(STATUSES) if counts[s]]
    unset = len(steps) - sum(counts.values())
    if unset:
        parts.append(f"{unset} without a status")
    text = f"{len(steps)} {'note' if len(steps) == 1 else 'notes'}: " + ", ".join(parts) + "."
    return inline_html(f'<span class="lf-path-progress">{html.escape(text)}</span>')


def path_section(vault: Vault, entry: Entry, link: LinkTo, inline_html: InlineHtml) -> str:
    """The "Learning path" section of a ``path: true`` note; ``""`` if it requires nothing."""
    if not vault.prerequisites.path_of(entry):
        return ""
    heading = f"## {PATH_HEADING} {{: #{PATH_ANCHOR} }}"
    return f"{heading}\n\n{path_list(vault, entry, link, inline_html)}"


def path_pages(vault: Vault, folder: str) -> dict[str, str]:
    """Map each learning path page's site path to its Markdown (links as ``.md`` paths)."""
    found = vault.prerequisites
    pages: dict[str, str] = {}
    for entry in vault.notes:
        if not has_path_page(found, entry):
            continue
        dest = path_page_path(entry.dest, folder)
        if dest in vault.by_dest:
            continue  # a note of the paths folder itself: the site keeps the note

        up = "../" * dest.count("/")

        def link(target: Entry, up: str = up) -> str:
            # The page is under the paths folder, which holds no note: its
            # links climb to the site root and go down to the note (relpath,
            # which asks the OS for the working folder, cost most of the time).
            return f"[{markdown_text(target.title)}](<{up}{target.dest}>)"

        count = len(found.path_of(entry))
        title = f"Learning path: {entry.title}"
        lines = [
            "---",
            f"title: {yaml_string(theme_text(title))}",
            "search:",
            "  exclude: true",
            "---",
            "",
            f"# Learning path: {markdown_text(entry.title)}",
            "",
            f"{link(entry)} builds on {count} {'note' if count == 1 else 'notes'}. Read them in "
            "this order: each comes after everything it builds on.",
            "",
            path_list(vault, entry, link, lambda markup: markup),
        ]
        pages[dest] = "\n".join(lines)
    return pages
