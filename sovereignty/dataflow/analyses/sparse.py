"""Compiled traversals over the index arrays: breadth-first searches on ``scipy.sparse.csgraph``,
dominators on python-igraph.

Every search starts from a virtual super-source linked to its sources, so a multi-source search
is one call. Rows are filled in the edges' original order, so the search visits neighbours in
the same order as a queue over the adjacency lists would: the witness paths are the same
shortest paths. numpy, scipy and igraph are imported here only, when an analysis runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order

from sovereignty.dataflow.analyses.traverse import SOURCE, UNSEEN
from sovereignty.dataflow.index import GraphIndex

if TYPE_CHECKING:
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]


def search(
    size: int, rows: IntArray, cols: IntArray, sources: Sequence[int]
) -> tuple[list[int], list[int]]:
    """Multi-source BFS over ``size`` states along the edges ``rows[i] -> cols[i]`` (grouped by
    row, in scanning order). Returns the states in visiting order and each state's parent
    (``SOURCE`` for a source, ``UNSEEN`` when not reached)."""
    root = size
    starts = np.fromiter(dict.fromkeys(sources), dtype=np.int64)
    counts = np.bincount(rows, minlength=size + 1)
    counts[root] = len(starts)
    indptr = np.zeros(size + 2, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    indices = np.concatenate([cols, starts])
    data = np.ones(len(indices), dtype=np.float64)
    graph = csr_matrix((data, indices, indptr), shape=(size + 1, size + 1))
    graph.has_sorted_indices = True
    order, pred = breadth_first_order(graph, root, directed=True, return_predecessors=True)
    parent = pred[:size]
    parent[parent < 0] = UNSEEN
    parent[parent == root] = SOURCE
    visited: list[int] = order[1:].tolist()
    parents: list[int] = parent.tolist()
    return visited, parents


def edge_search(
    index: GraphIndex, sources: Sequence[int], keep: BoolArray | None = None
) -> tuple[list[int], list[int]]:
    """BFS along the flow edges (those with ``keep[e]``) from ``sources``."""
    _, order = index.csr
    if keep is not None:
        order = order[keep[order]]
    return search(index.size, index.src[order], index.dst[order], sources)


def category_edges(index: GraphIndex, bit: int) -> BoolArray:
    keep: BoolArray = (index.mask & bit) != 0
    return keep


def edge_rank(index: GraphIndex) -> IntArray:
    """Each edge's place in the scanning order (by source node, then original order)."""
    _, order = index.csr
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order), dtype=np.int64)
    return rank


def dominators(index: GraphIndex, roots: Sequence[int]) -> list[int]:
    """Immediate dominator of each node, seen from a virtual root linked to ``roots``: ``-1``
    when the virtual root is the immediate dominator, ``-2`` for nodes the roots do not reach.

    Flows into a root are left out: the virtual root reaches every root directly, so a path
    through such a flow has a shortcut and they dominate nothing (the tree is unchanged).
    """
    import igraph

    n = index.size
    root = n
    starts = np.fromiter(dict.fromkeys(roots), dtype=np.int64)
    is_root = np.zeros(n, dtype=bool)
    is_root[starts] = True
    keep = ~is_root[index.dst]
    pairs = np.unique(index.src[keep] * (n + 1) + index.dst[keep])
    sources = np.concatenate([pairs // (n + 1), np.full(len(starts), root)])
    targets = np.concatenate([pairs % (n + 1), starts])
    graph = igraph.Graph(n=n + 1, directed=True)
    graph.add_edges(list(zip(sources.tolist(), targets.tolist(), strict=True)))
    found = np.asarray(graph.dominator(root, mode="out"), dtype=float)[:n]
    idom = np.full(n, UNSEEN, dtype=np.int64)
    reached = ~np.isnan(found)
    idom[reached] = found[reached].astype(np.int64)
    idom[idom == root] = -1
    result: list[int] = idom.tolist()
    return result
