"""Generated index pages: one per source, listing its notes by folder.

Notes stay out of the global navigation (Material writes the whole nav into
every page, which costs O(N^2) on a big vault), so each source gets one page
that leads to all of its notes; the site owner lists those pages in the nav.
"""

from __future__ import annotations

import html

from learnfolio.model.frontmatter import yaml_string
from learnfolio.render.fragments import anchor_tag, fragment, theme_text
from learnfolio.render.links import HtmlOutput, markdown_text
from learnfolio.vault import Entry, Vault


def source_index_pages(vault: Vault, output: HtmlOutput | None = None) -> dict[str, str]:
    """Map ``<mount>/index.md`` of each source without its own index to its Markdown.

    With ``output`` (the site, once its URLs are final) the list is one HTML
    fragment: a big vault's index holds thousands of links, which Markdown
    would otherwise parse and resolve one by one.
    """
    by_source: dict[str, list[Entry]] = {}
    names: dict[str, str] = {}
    for entry in vault.notes:
        spec = entry.file.source
        if spec.is_docs:
            continue
        by_source.setdefault(spec.mount, []).append(entry)
        names[spec.mount] = spec.name
    pages: dict[str, str] = {}
    for mount, entries in by_source.items():
        dest = f"{mount}/index.md" if mount else "index.md"
        if dest in vault.by_dest:
            continue
        lines = [
            "---",
            f"title: {yaml_string(theme_text(names[mount]))}",
            "---",
            "",
            f"# {markdown_text(names[mount])}",
            "",
            f"{len(entries)} {'note' if len(entries) == 1 else 'notes'} from this source.",
            "",
        ]
        lines += _tree(entries, dest, output)
        pages[dest] = "\n".join(lines) + "\n"
    return pages


def _tree(entries: list[Entry], page: str, output: HtmlOutput | None) -> list[str]:
    """The notes by folder: a nested list, in Markdown or (with ``output``) as HTML."""
    rows: list[tuple[int, str, Entry | None]] = []
    shown: set[str] = set()
    for entry in sorted(
        entries, key=lambda e: (e.folder.casefold().split("/"), e.title.casefold())
    ):
        parts = entry.folder.split("/") if entry.folder else []
        for depth in range(len(parts)):
            folder = "/".join(parts[: depth + 1])
            if folder not in shown:
                shown.add(folder)
                rows.append((depth, parts[depth], None))
        rows.append((len(parts), entry.title, entry))
    if output is None:
        return [
            f"{'    ' * depth}- [{markdown_text(text)}](<{entry.url_from(page)}>)"
            if entry is not None
            else f"{'    ' * depth}- **{markdown_text(text)}**"
            for depth, text, entry in rows
        ]
    items = [
        (depth, link_html(entry, text, page, output))
        if entry is not None
        else (depth, f"<strong>{html.escape(text, quote=False)}</strong>")
        for depth, text, entry in rows
    ]
    return [fragment(nested_list(items))] if items else []


def link_html(entry: Entry, text: str, page: str, output: HtmlOutput) -> str:
    """A link to ``entry`` from the page at site path ``page``, as HTML."""
    href = output.href(entry.dest, page)
    return anchor_tag(text, href) if href is not None else html.escape(text, quote=False)


def nested_list(items: list[tuple[int, str]]) -> str:
    """``(depth, item HTML)`` rows as nested ``<ul>`` lists, as Markdown writes them.

    A row is at most one level deeper than the one before it.
    """
    out: list[str] = []
    depth = -1
    for level, inner in items:
        if level > depth:
            out.append("<ul>\n" * (level - depth))
        else:
            out.append("</li>\n")
            out.append("</ul>\n</li>\n" * (depth - level))
        out.append(f"<li>{inner}")
        depth = level
    if depth >= 0:
        out.append("</li>\n" + "</ul>\n</li>\n" * depth + "</ul>")
    return "".join(out)
