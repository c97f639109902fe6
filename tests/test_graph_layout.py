"""The graph's seed layout: folders packed as discs, none overlapping another."""

from __future__ import annotations

import math
import random

import pytest

from learnfolio.browse import graph as graph_module
from learnfolio.browse.graph import Graph, GraphNode, seed_layout


def _graph(sizes: list[int]) -> Graph:
    nodes = [
        GraphNode(f"f{folder}/n{k}/", f"n{k}", 0, (), f"f{folder}", None)
        for folder, size in enumerate(sizes)
        for k in range(size)
    ]
    return Graph(tuple(nodes), (), ("Vault",), (), ())


def _spots_checked_against_every_disc(sizes: list[int]) -> list[tuple[float, float, float]]:
    """Where the folders' discs go when each candidate spot is checked against all discs."""
    spacing, golden = graph_module._SPACING, graph_module._GOLDEN_ANGLE
    placed: list[tuple[float, float, float]] = []
    step = 0
    order = sorted(range(len(sizes)), key=lambda f: (-sizes[f], f"f{f}"))
    for folder in order:
        radius = spacing * math.sqrt(sizes[folder]) + spacing
        if not placed:
            placed.append((0.0, 0.0, radius))
            continue
        step = max(0, step - 8)
        while True:
            distance = placed[0][2] + radius + spacing * 3 * math.sqrt(step)
            x, y = distance * math.cos(step * golden), distance * math.sin(step * golden)
            if all(math.hypot(x - px, y - py) >= pr + radius for px, py, pr in placed):
                break
            step += 1
        placed.append((x, y, radius))
    return placed


@pytest.mark.parametrize("seed", range(30))
def test_discs_go_where_checking_every_disc_puts_them(seed: int) -> None:
    rng = random.Random(seed)
    folders = rng.choice([1, 2, 5, 30, 120, 400])
    sizes = [rng.choice([1, 1, 2, 3, 9, 40, 700]) for _ in range(folders)]
    graph = _graph(sizes)
    positions = seed_layout(graph)
    discs = _spots_checked_against_every_disc(sizes)
    order = sorted(range(len(sizes)), key=lambda f: (-sizes[f], f"f{f}"))
    spacing, golden = graph_module._SPACING, graph_module._GOLDEN_ANGLE
    first_node = [sum(sizes[:f]) for f in range(len(sizes))]
    for folder, (cx, cy, _) in zip(order, discs, strict=True):
        for k in range(sizes[folder]):
            r, angle = spacing * math.sqrt(k + 0.5), k * golden
            expected = (round(cx + r * math.cos(angle), 1), round(cy + r * math.sin(angle), 1))
            assert positions[first_node[folder] + k] == expected


def test_no_two_folders_overlap() -> None:
    sizes = [3000, *([9] * 600), *([1] * 200)]
    discs = graph_module._Discs()
    spacing = graph_module._SPACING
    step = 0
    for size in sorted(sizes, reverse=True):
        radius = spacing * math.sqrt(size) + spacing
        (x, y), step = graph_module._free_spot(discs, radius, max(0, step - 8))
        discs.add(x, y, radius)
    placed = discs.discs
    for i, (ax, ay, ar) in enumerate(placed):
        for bx, by, br in placed[i + 1 :]:
            assert math.hypot(ax - bx, ay - by) >= ar + br
