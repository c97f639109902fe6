"""The generated tag pages: one per tag, and an index of all tags."""

from __future__ import annotations

from learnfolio.model.frontmatter import yaml_string
from learnfolio.render.fragments import theme_text
from learnfolio.render.links import markdown_text, tag_page_path
from learnfolio.vault import Vault, relative_url


def tag_pages(vault: Vault, folder: str, material_listing: bool) -> dict[str, str]:
    """Map each tag page's site path to its Markdown.

    With Material's tags plugin on, a page holds Material's listing filtered to
    its tag (so the tag chips of every page link there); without it, learnfolio
    writes the list itself.
    """
    pages: dict[str, str] = {}
    tags = vault.tags
    for tag, entries in tags.items():
        dest = tag_page_path(tag, folder)
        children = sorted(t for t in tags if t.startswith(tag + "/"))
        lines = [
            "---",
            f"title: {yaml_string(theme_text('#' + tag))}",
            "search:",
            "  exclude: true",
            "---",
            "",
            f"# \\#{markdown_text(tag)}",
            "",
            f"{len(entries)} {'note' if len(entries) == 1 else 'notes'} tagged `#{tag}`.",
            "",
        ]
        if children:
            links = ", ".join(
                f"[#{markdown_text(t)}](<{relative_url(tag_page_path(t, folder), dest)}>)"
                for t in children
            )
            lines += [f"More specific: {links}", ""]
        if material_listing:
            # Material knows the tag as learnfolio handed it over: escaped.
            include = yaml_string(theme_text(tag))
            lines.append(f"<!-- material/tags {{ include: [{include}], toc: false }} -->")
        else:
            for entry in entries:
                lines.append(f"- [{markdown_text(entry.title)}](<{entry.url_from(dest)}>)")
        pages[dest] = "\n".join(lines) + "\n"
    index = f"{folder}/index.md"
    lines = ["---", "title: Tags", "---", "", "# Tags", ""]
    if not tags:
        lines.append("No notes are tagged yet.")
    for tag, entries in tags.items():
        url = relative_url(tag_page_path(tag, folder), index)
        lines.append(f"- [#{markdown_text(tag)}](<{url}>) ({len(entries)})")
    pages[index] = "\n".join(lines) + "\n"
    return pages
