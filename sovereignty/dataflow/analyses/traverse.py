"""Linear-time traversals over a :class:`GraphIndex`: where each data category starts, one
multi-source BFS per category with parent pointers (compiled, :mod:`.sparse`), paths read back
from them, control chains.

A BFS explores nodes in order of distance from the nearest source, so the first node of a kind
it meets is a nearest one, and following parent pointers back gives a shortest witness path. No
traversal starts once per source, and no analysis enumerates paths.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from sovereignty.dataflow.index import CATEGORY_BIT, GraphIndex
from sovereignty.dataflow.model import CATEGORIES

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]

UNSEEN = -2
SOURCE = -1


class Reach:
    """Result of one multi-source BFS: nodes in BFS order and their parents (as arrays, and as
    lists made when first read)."""

    def __init__(self, category: str, order: IntArray, parent: IntArray) -> None:
        self.category = category
        self._order, self._parent = order, parent

    @cached_property
    def order(self) -> list[int]:
        """Visited nodes, nearest first."""
        found: list[int] = self._order.tolist()
        return found

    @cached_property
    def parent(self) -> list[int]:
        """Per node: UNSEEN, SOURCE, or the node it was reached from."""
        found: list[int] = self._parent.tolist()
        return found

    def array(self) -> IntArray:
        """``order`` as an array."""
        return self._order

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


def origin_arrays(index: GraphIndex) -> dict[str, IntArray]:
    """Where each category starts: nodes declared holding it, and nodes that send it on without
    receiving it (a vendor's own logs, its model parameters)."""
    import numpy as np

    n = index.size
    out_mask = np.zeros(n, dtype=np.int64)
    in_mask = np.zeros(n, dtype=np.int64)
    np.bitwise_or.at(out_mask, index.src, index.mask)
    np.bitwise_or.at(in_mask, index.dst, index.mask)
    starts = np.asarray(index.holds, dtype=np.int64) | (out_mask & ~in_mask)
    return {category: np.flatnonzero(starts & CATEGORY_BIT[category]) for category in CATEGORIES}


def searches(index: GraphIndex, starts: list[tuple[str, list[int] | IntArray]]) -> list[Reach]:
    """One multi-source BFS per ``(category, sources)``, along the flow edges that carry the
    category (``"*"``: every flow edge) (:func:`.sparse.edge_searches`)."""
    from sovereignty.dataflow.analyses.sparse import edge_searches

    found = edge_searches(
        index, [(sources, CATEGORY_BIT.get(category)) for category, sources in starts]
    )
    return [
        Reach(category, order, parent)
        for (category, _), (order, parent) in zip(starts, found, strict=True)
    ]


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
