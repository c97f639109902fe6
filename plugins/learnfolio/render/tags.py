"""The generated tag pages: one per tag, and an index of all tags."""

from __future__ import annotations

from dataclasses import dataclass, field

from learnfolio.model.frontmatter import yaml_string
from learnfolio.render.fragments import fragment, theme_text
from learnfolio.render.indexes import link_html, nested_list
from learnfolio.render.links import HtmlOutput, markdown_text, tag_page_path
from learnfolio.vault import Entry, Vault, relative_url


@dataclass
class Topic:
    """A tag in the tree of topics: ``math/linear-algebra`` sits under ``math``."""

    path: str
    """The whole tag (``math/linear-algebra``)."""
    tagged: bool = False
    """Whether some note carries this very tag (it has a page); else it only groups others."""
    entries: set[str] = field(default_factory=set)
    """Site paths of the notes tagged with it or with a tag under it."""
    children: list[Topic] = field(default_factory=list)
    """The topics right under it, busiest first."""

    @property
    def label(self) -> str:
        """The last part of the tag, as shown under its parent."""
        return self.path.rsplit("/", 1)[-1]


def topic_tree(tags: dict[str, list[Entry]]) -> list[Topic]:
    """The vault's tags nested by their ``/`` parts, busiest first at every level."""
    nodes: dict[str, Topic] = {}
    for tag, entries in tags.items():
        parts = tag.split("/")
        for depth in range(1, len(parts) + 1):
            path = "/".join(parts[:depth])
            node = nodes.setdefault(path.casefold(), Topic(path))
            node.entries.update(e.dest for e in entries)
        nodes[tag.casefold()].tagged = True
        nodes[tag.casefold()].path = tag
    roots: list[Topic] = []
    for key, node in nodes.items():
        parent = nodes.get(key.rsplit("/", 1)[0]) if "/" in key else None
        (parent.children if parent is not None else roots).append(node)

    def order(level: list[Topic]) -> list[Topic]:
        level.sort(key=lambda t: (-len(t.entries), t.path.casefold()))
        for topic in level:
            order(topic.children)
        return level

    return order(roots)


def tag_pages(vault: Vault, folder: str, output: HtmlOutput | None = None) -> dict[str, str]:
    """Map each tag page's site path to its Markdown: the tag's notes, by title.

    The tag chips of every page link here (the plugin hands Material's
    template its chips); Material's tags plugin, when on, is not needed for
    either. With ``output`` (the site, once its URLs are final) each list is
    one HTML fragment, as on source index pages.
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
        by_title = sorted(entries, key=lambda e: (e.title.casefold(), e.dest))
        if output is not None:
            items = [(0, link_html(entry, entry.title, dest, output)) for entry in by_title]
            lines.append(fragment(nested_list(items)))
        else:
            for entry in by_title:
                lines.append(f"- [{markdown_text(entry.title)}](<{entry.url_from(dest)}>)")
        pages[dest] = "\n".join(lines) + "\n"
    index = f"{folder}/index.md"
    lines = ["---", "title: Tags", "---", "", "# Tags", ""]
    if not tags:
        lines.append("No notes are tagged yet.")

    # Nested tags nest: math/linear-algebra is listed under math.
    def listed(topic: Topic, depth: int) -> None:
        # "\#": a list item opening with "#" would be a heading.
        item = "\\#" + markdown_text(topic.path) if depth == 0 else markdown_text(topic.label)
        if topic.tagged:
            item = f"[{item}](<{relative_url(tag_page_path(topic.path, folder), index)}>)"
        lines.append(f"{'    ' * depth}- {item} ({len(topic.entries)})")
        for child in topic.children:
            listed(child, depth + 1)

    for topic in sorted(topic_tree(tags), key=lambda t: t.path.casefold()):
        listed(topic, 0)
    pages[index] = "\n".join(lines) + "\n"
    return pages
