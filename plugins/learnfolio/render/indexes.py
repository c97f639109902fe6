"""Generated index pages: one per source, listing its notes by folder.

Notes stay out of the global navigation (Material writes the whole nav into
every page, which costs O(N^2) on a big vault), so each source gets one page
that leads to all of its notes; the site owner lists those pages in the nav.
"""

from __future__ import annotations

from learnfolio.model.frontmatter import yaml_string
from learnfolio.render.fragments import theme_text
from learnfolio.render.links import markdown_text
from learnfolio.vault import Entry, Vault


def source_index_pages(vault: Vault) -> dict[str, str]:
    """Map ``<mount>/index.md`` of each source without its own index to its Markdown."""
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
        lines += _tree(entries, dest)
        pages[dest] = "\n".join(lines) + "\n"
    return pages


def _tree(entries: list[Entry], page: str) -> list[str]:
    lines: list[str] = []
    shown: set[str] = set()
    for entry in sorted(
        entries, key=lambda e: (e.folder.casefold().split("/"), e.title.casefold())
    ):
        parts = entry.folder.split("/") if entry.folder else []
        for depth in range(len(parts)):
            folder = "/".join(parts[: depth + 1])
            if folder not in shown:
                shown.add(folder)
                lines.append(f"{'    ' * depth}- **{markdown_text(parts[depth])}**")
        url = entry.url_from(page)
        lines.append(f"{'    ' * len(parts)}- [{markdown_text(entry.title)}](<{url}>)")
    return lines
