"""The graph of the vault as data: notes (and optionally tags) as nodes, links as edges.

The site writes it as one JSON file that the graph page and every page's
local graph draw in the browser. Only published notes are in the vault, and an
edge exists only for a link that resolved, so no private note and no
unresolved target can appear here.

Nodes get seed positions at build time (:func:`seed_layout`): each folder is a
disc of notes laid out on a sunflower spiral, and folders are packed around
the centre, largest first. This costs O(N), so the browser draws a readable
picture at once and its force layout only has to refine it, rather than start
from noise, which is what keeps the first frame fast on a 5,000-note vault.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from learnfolio.vault import Vault
from learnfolio.vault.prerequisites import STATUSES

_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_SPACING = 14.0


@dataclass(frozen=True, slots=True)
class GraphNode:
    """A node of the graph: a note page, or a tag when tags are drawn."""

    url: str
    """The page's URL relative to the site root: ``"garden/pca/"``."""
    title: str
    """What the node is labelled with."""
    source: int
    """Index into :attr:`Graph.sources`; -1 for a tag node."""
    tags: tuple[int, ...]
    """Indexes into :attr:`Graph.tags` of the note's tags (for a tag node, its own)."""
    group: str
    """The folder the node belongs to, for the seed layout: ``"garden/Linear algebra"``."""
    status: str | None = None
    """The note's learning status (``learning``, ``reviewing``, ``known``), if it has one."""


@dataclass(frozen=True)
class Graph:
    """Nodes and edges, ready to serialise."""

    nodes: tuple[GraphNode, ...]
    """Every published note (then every tag, when asked for)."""
    edges: tuple[tuple[int, int], ...]
    """``(from, to)`` node indexes, one per linked pair and direction, no self-links."""
    sources: tuple[str, ...]
    """Source names shown in the legend, in configuration order."""
    tags: tuple[str, ...]
    """Every tag of the vault, in the vault's spelling."""
    requires: tuple[tuple[int, int], ...] = ()
    """``(prerequisite, note that builds on it)`` node indexes: the arrows of ``requires``."""


def build_graph(
    vault: Vault,
    url_of: Callable[[str], str],
    *,
    with_tags: bool = False,
    tag_url: Callable[[str], str] | None = None,
) -> Graph:
    """The graph of ``vault``; ``url_of`` maps a site path (``src_uri``) to its URL."""
    notes = vault.notes
    prerequisites = vault.prerequisites
    source_names: dict[str, int] = {}
    tag_names = list(vault.tags)
    tag_index = {tag.casefold(): i for i, tag in enumerate(tag_names)}
    index: dict[str, int] = {}
    nodes: list[GraphNode] = []
    for entry in notes:
        assert entry.note is not None
        spec = entry.file.source
        source = source_names.setdefault(spec.name, len(source_names))
        tags = tuple(
            dict.fromkeys(
                tag_index[t.casefold()] for t in entry.note.tags if t.casefold() in tag_index
            )
        )
        index[entry.dest] = len(nodes)
        group = f"{spec.mount}/{entry.folder}".strip("/")
        status = prerequisites.status_of(entry)
        nodes.append(GraphNode(url_of(entry.dest), entry.title, source, tags, group, status))
    edges: dict[tuple[int, int], None] = {}
    for entry in notes:
        to = index[entry.dest]
        for backlink in vault.backlinks_of(entry):
            start = index.get(backlink.source.dest)
            if start is not None and start != to:
                edges[(start, to)] = None
    # Only published notes are nodes, so no arrow can lead to or from a private one.
    requires = tuple(
        (index[needed.dest], index[entry.dest])
        for entry in notes
        for needed in prerequisites.builds_on(entry)
        if needed.dest != entry.dest
    )
    if with_tags and tag_url is not None:
        for tag_no, tag in enumerate(tag_names):
            tag_node = len(nodes)
            nodes.append(GraphNode(tag_url(tag), f"#{tag}", -1, (tag_no,), "#tags"))
            for entry in vault.tags[tag]:
                edges[(index[entry.dest], tag_node)] = None
    return Graph(tuple(nodes), tuple(edges), tuple(source_names), tuple(tag_names), requires)


def seed_layout(graph: Graph) -> list[tuple[float, float]]:
    """Deterministic starting positions: folders as sunflower discs packed on a spiral."""
    groups: dict[str, list[int]] = {}
    for i, node in enumerate(graph.nodes):
        groups.setdefault(node.group, []).append(i)
    positions: list[tuple[float, float]] = [(0.0, 0.0)] * len(graph.nodes)
    placed = _Discs()
    step = 0
    for name in sorted(groups, key=lambda g: (-len(groups[g]), g)):
        members = groups[name]
        radius = _SPACING * math.sqrt(len(members)) + _SPACING
        # Discs come largest first, so free room only moves outward: the spiral
        # search resumes where the last one stopped, which keeps packing linear.
        (cx, cy), step = _free_spot(placed, radius, max(0, step - 8))
        placed.add(cx, cy, radius)
        for k, member in enumerate(members):
            r = _SPACING * math.sqrt(k + 0.5)
            angle = k * _GOLDEN_ANGLE
            positions[member] = (
                round(cx + r * math.cos(angle), 1),
                round(cy + r * math.sin(angle), 1),
            )
    return positions


class _Discs:
    """The discs placed so far, filed by the squares of a grid they cover.

    A candidate is checked only against the discs in the squares its own
    square box covers (a little wider, so rounding cannot hide a neighbour):
    a disc filed elsewhere is farther away than the two radii on one axis,
    so it cannot overlap. A vault with hundreds of folders packs in linear
    time, not in time that grows with the square of the folders.
    """

    _CELL = 64.0
    _MARGIN = 1.0

    def __init__(self) -> None:
        self.discs: list[tuple[float, float, float]] = []  # centre x, centre y, radius
        self._cells: dict[tuple[int, int], list[int]] = {}

    def _squares(self, x: float, y: float, reach: float) -> list[tuple[int, int]]:
        cell = self._CELL
        left, right = math.floor((x - reach) / cell), math.floor((x + reach) / cell)
        bottom, top = math.floor((y - reach) / cell), math.floor((y + reach) / cell)
        return [(i, j) for i in range(left, right + 1) for j in range(bottom, top + 1)]

    def add(self, x: float, y: float, radius: float) -> None:
        number = len(self.discs)
        self.discs.append((x, y, radius))
        for square in self._squares(x, y, radius + self._MARGIN):
            self._cells.setdefault(square, []).append(number)

    def fits(self, x: float, y: float, radius: float) -> bool:
        """Whether a disc of ``radius`` at ``(x, y)`` overlaps none placed so far."""
        near: set[int] = set()
        for square in self._squares(x, y, radius + self._MARGIN):
            near.update(self._cells.get(square, ()))
        discs = self.discs
        for number in near:
            px, py, pr = discs[number]
            if math.hypot(x - px, y - py) < pr + radius:
                return False
        return True


def _free_spot(placed: _Discs, radius: float, step: int) -> tuple[tuple[float, float], int]:
    """The first point on an outward spiral, from ``step``, where a disc of ``radius`` fits."""
    if not placed.discs:
        return (0.0, 0.0), 0
    first = placed.discs[0][2]
    while True:
        distance = first + radius + _SPACING * 3 * math.sqrt(step)
        angle = step * _GOLDEN_ANGLE
        x, y = distance * math.cos(angle), distance * math.sin(angle)
        if placed.fits(x, y, radius):
            return (x, y), step
        step += 1


def graph_json(
    graph: Graph, positions: list[tuple[float, float]] | None = None
) -> dict[str, object]:
    """The graph as the browser reads it, with short keys to keep the file small.

    ``positions`` are :func:`seed_layout`'s for this graph, if the caller kept them.
    """
    positions = seed_layout(graph) if positions is None else positions
    nodes = []
    for node, (x, y) in zip(graph.nodes, positions, strict=True):
        item: dict[str, object] = {"u": node.url, "t": node.title, "s": node.source, "x": x, "y": y}
        if node.tags:
            item["g"] = list(node.tags)
        if node.status is not None:
            item["st"] = STATUSES.index(node.status)
        nodes.append(item)
    data: dict[str, object] = {
        "version": 1,
        "sources": list(graph.sources),
        "tags": list(graph.tags),
        "nodes": nodes,
        "edges": [list(edge) for edge in graph.edges],
    }
    if graph.requires or any(node.status for node in graph.nodes):
        data["statuses"] = list(STATUSES)
        data["requires"] = [list(arrow) for arrow in graph.requires]
    return data


def neighbours(graph: Graph, node: int, depth: int) -> set[int]:
    """Nodes within ``depth`` links of ``node`` (either direction), itself included."""
    adjacent: dict[int, set[int]] = {}
    for a, b in graph.edges:
        adjacent.setdefault(a, set()).add(b)
        adjacent.setdefault(b, set()).add(a)
    seen = {node}
    frontier = {node}
    for _ in range(depth):
        frontier = {n for f in frontier for n in adjacent.get(f, ())} - seen
        seen |= frontier
    return seen


def entry_index(graph: Graph, url: str) -> int | None:
    """The index of the node at ``url``, if any."""
    return next((i for i, node in enumerate(graph.nodes) if node.url == url), None)


__all__ = [
    "Graph",
    "GraphNode",
    "build_graph",
    "entry_index",
    "graph_json",
    "neighbours",
    "seed_layout",
]
