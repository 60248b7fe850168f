"""Where the arrows of a data-flow diagram go: which boxes they join, which side of a box they
leave and enter by, and where along that side, so that arrows sharing a side do not overlap and
cross as little as possible. Pure geometry (inches), drawn by :mod:`sovereignty.dataflow.draw`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sovereignty.dataflow.export import edge_colour
from sovereignty.dataflow.graph import FlowGraph

HOSTED_COLOUR = "#1b2631"  # near black, dashed: apart from the grey of logs


@dataclass
class Box:
    members: list[int]
    label: list[str]
    kind: str
    x: float = 0.0
    y: float = 0.0  # top
    height: float = 0.0
    width: float = 0.0
    receives: list[str] = field(default_factory=list)  # "reçoit : Santé identifiantes"


@dataclass
class Link:
    a: Box
    b: Box
    colour: str
    hosted: bool  # a dashed "hosted on" tie rather than a flow
    mask: int = 0  # the data categories it carries
    sides: tuple[str, str] = ("right", "left")
    ends: list[tuple[float, float]] = field(default_factory=list)


def links_between(graph: FlowGraph, where: dict[int, Box]) -> list[Link]:
    """One arrow per pair of boxes (flows merged, coloured by their most sensitive category)."""
    index = graph.index
    masks: dict[tuple[int, int], int] = {}
    boxes: dict[int, Box] = {id(b): b for b in where.values()}
    for edge, (u, v) in enumerate(zip(index.e_source, index.e_target, strict=True)):
        a, b = id(where[u]), id(where[v])
        if a != b:
            masks[(a, b)] = masks.get((a, b), 0) | index.e_mask[edge]
    links = [
        Link(boxes[a], boxes[b], edge_colour(mask), False, mask) for (a, b), mask in masks.items()
    ]
    hosted: set[tuple[int, int]] = set()
    for node in range(index.size):
        platform = index.host[node]
        if (
            platform >= 0
            and node in where
            and platform in where
            and where[node] is not where[platform]
        ):
            hosted.add((id(where[node]), id(where[platform])))
    links.extend(Link(boxes[a], boxes[b], HOSTED_COLOUR, True) for a, b in sorted(hosted))
    return links


def place_ends(links: list[Link], first_column_x: float) -> None:
    """Choose the side of each box an arrow leaves and enters by, then spread the arrows that
    share a side along it, in the order of the boxes at their other end (fewer crossings)."""
    attached: dict[tuple[int, str], list[tuple[float, int, int]]] = {}
    for i, link in enumerate(links):
        a, b = link.a, link.b
        if abs(a.x - b.x) < 0.01:  # same column: outside the column, left of the first one
            side = "left" if abs(a.x - first_column_x) < 0.01 else "right"
            link.sides = (side, side)
        elif a.x < b.x:
            link.sides = ("right", "left")
        else:
            link.sides = ("left", "right")
        link.ends = [(0.0, 0.0), (0.0, 0.0)]
        attached.setdefault((id(a), link.sides[0]), []).append((b.y + b.height / 2, i, 0))
        attached.setdefault((id(b), link.sides[1]), []).append((a.y + a.height / 2, i, 1))
    for (_, side), items in attached.items():
        items.sort()
        for k, (_, i, end) in enumerate(items):
            box = links[i].a if end == 0 else links[i].b
            x = box.x + (box.width if side == "right" else 0.0)
            y = box.y + box.height * (k + 1) / (len(items) + 1)
            links[i].ends[end] = (x, y)
