"""The explorer's tree: every published note by source and folder, as data.

Material writes the whole navigation into every page, so a nav of N notes
makes a site cost O(N^2). The explorer instead ships the tree once, as one
JSON file the browser caches, and each page only opens the branch of its own
note. Pages from ``docs_dir`` are the site's own and stay in the nav.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from learnfolio.vault import Vault


@dataclass
class TreeNode:
    """A source, a folder or a note in the explorer."""

    name: str
    """What the reader sees: a source's name, a folder's name, a note's title."""
    url: str | None = None
    """The page's URL relative to the site root (a source's index page for a source)."""
    children: dict[str, TreeNode] = field(default_factory=dict)
    """Sub-folders and notes, by folder name or site path."""
    is_folder: bool = False
    """True for sources and folders, which open and close."""

    def as_json(self) -> dict[str, object]:
        """``{"n": name, "u": url, "c": [children]}``: folders first, then notes, by name."""
        item: dict[str, object] = {"n": self.name}
        if self.url is not None:
            item["u"] = self.url
        if self.is_folder:
            kids = sorted(
                self.children.values(),
                key=lambda k: (not k.is_folder, k.name.casefold(), k.url or ""),
            )
            item["c"] = [kid.as_json() for kid in kids]
        return item


def build_tree(
    vault: Vault, url_of: Callable[[str], str], index_of: Callable[[str], str | None]
) -> list[TreeNode]:
    """One tree per source (docs_dir left out), in configuration order.

    ``url_of`` maps a site path to its URL; ``index_of`` gives the URL of a
    source's index page, by its mount, if the site has one.
    """
    roots: dict[str, TreeNode] = {}
    for entry in vault.notes:
        spec = entry.file.source
        if spec.is_docs:
            continue
        root = roots.get(spec.option)
        if root is None:
            root = TreeNode(spec.name, index_of(spec.mount), is_folder=True)
            roots[spec.option] = root
        url = url_of(entry.dest)
        if url == root.url:
            continue  # the source's own index.md is the source node itself
        node = root
        for part in entry.folder.split("/") if entry.folder else []:
            node = node.children.setdefault(part, TreeNode(part, is_folder=True))
        node.children[entry.dest] = TreeNode(entry.title, url)
    return list(roots.values())


def explorer_json(trees: list[TreeNode]) -> dict[str, object]:
    """The explorer's file: ``{"version": 1, "tree": [...]}``."""
    return {"version": 1, "tree": [tree.as_json() for tree in trees]}
