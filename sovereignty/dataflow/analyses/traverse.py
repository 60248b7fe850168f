"""Linear-time traversals over a :class:`GraphIndex`: where each data category starts, one
multi-source BFS per category with parent pointers, paths read back from them, control chains.

A BFS explores nodes in order of distance from the nearest source, so the first node of a kind
it meets is a nearest one, and following parent pointers back gives a shortest witness path. No
traversal starts once per source, and no analysis enumerates paths.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovereignty.dataflow.graph import CATEGORY_BIT, GraphIndex
from sovereignty.dataflow.model import CATEGORIES

UNSEEN = -2
SOURCE = -1


@dataclass
class Reach:
    """Result of one multi-source BFS: nodes in BFS order and their parents."""

    category: str
    order: list[int]  # visited nodes, nearest first
    parent: list[int]  # UNSEEN, SOURCE, or the node it was reached from

    def reached(self, node: int) -> bool:
        return self.parent[node] != UNSEEN

    def path(self, node: int) -> list[int]:
        return path_from(self.parent, node)


def path_from(parent: list[int], node: int) -> list[int]:
    """The path from a source to ``node`` read back from BFS parent pointers."""
    path = [node]
    while parent[path[-1]] >= 0:
        path.append(parent[path[-1]])
    path.reverse()
    return path


def category_origins(index: GraphIndex) -> dict[str, list[int]]:
    """Where each category starts: nodes declared holding it, and nodes that send it on without
    receiving it (a vendor's own logs, its model parameters)."""
    n = index.size
    in_mask = [0] * n
    out_mask = [0] * n
    e_source, e_target = index.e_source, index.e_target
    for edge, mask in enumerate(index.e_mask):
        out_mask[e_source[edge]] |= mask
        in_mask[e_target[edge]] |= mask
    origins: dict[str, list[int]] = {}
    for category in CATEGORIES:
        bit = CATEGORY_BIT[category]
        origins[category] = [
            i
            for i in range(n)
            if index.holds[i] & bit or (out_mask[i] & bit and not in_mask[i] & bit)
        ]
    return origins


def category_bfs(index: GraphIndex, category: str, sources: list[int]) -> Reach:
    """One multi-source BFS along the flow edges that carry ``category``."""
    bit = CATEGORY_BIT[category]
    parent = [UNSEEN] * index.size
    queue: list[int] = []
    for source in sources:
        if parent[source] == UNSEEN:
            parent[source] = SOURCE
            queue.append(source)
    out_edges, e_mask, e_target = index.out_edges, index.e_mask, index.e_target
    head = 0
    while head < len(queue):
        u = queue[head]
        head += 1
        for edge in out_edges[u]:
            if e_mask[edge] & bit:
                v = e_target[edge]
                if parent[v] == UNSEEN:
                    parent[v] = u
                    queue.append(v)
    return Reach(category, queue, parent)


def flow_bfs(index: GraphIndex, sources: list[int], edge_ok: list[bool] | None = None) -> Reach:
    """One multi-source BFS along every flow edge (or those with ``edge_ok[e]``)."""
    parent = [UNSEEN] * index.size
    queue: list[int] = []
    for source in sources:
        if parent[source] == UNSEEN:
            parent[source] = SOURCE
            queue.append(source)
    out_edges, e_target = index.out_edges, index.e_target
    head = 0
    while head < len(queue):
        u = queue[head]
        head += 1
        for edge in out_edges[u]:
            if edge_ok is None or edge_ok[edge]:
                v = e_target[edge]
                if parent[v] == UNSEEN:
                    parent[v] = u
                    queue.append(v)
    return Reach("*", queue, parent)


class ControlChains:
    """Each entity's chain of control (itself, its parent, the parent's parent...), memoised."""

    def __init__(self, index: GraphIndex) -> None:
        self.index = index
        self._chains: dict[int, tuple[int, ...]] = {}

    def chain(self, entity: int) -> tuple[int, ...]:
        cached = self._chains.get(entity)
        if cached is not None:
            return cached
        chain = [entity]
        seen = {entity}
        parent = self.index.parent[entity]
        while parent >= 0 and parent not in seen:
            known = self._chains.get(parent)
            if known is not None and not seen.intersection(known):
                chain.extend(known)
                break
            chain.append(parent)
            seen.add(parent)
            parent = self.index.parent[parent]
        result = tuple(chain)
        self._chains[entity] = result
        return result

    def ultimate(self, entity: int) -> int:
        return self.chain(entity)[-1]
