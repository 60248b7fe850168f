"""Compiled traversals over the index arrays: breadth-first searches on ``scipy.sparse.csgraph``,
dominators on python-igraph.

Every search starts from a virtual super-source linked to its sources, so a multi-source search
is one call. Rows are filled in the edges' original order, so the search visits neighbours in
the same order as a queue over the adjacency lists would: the witness paths are the same
shortest paths. numpy, scipy and igraph are imported here only, when an analysis runs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from sovereignty.dataflow.analyses.traverse import SOURCE, UNSEEN
from sovereignty.dataflow.distinct import distinct, first_places
from sovereignty.dataflow.index import GraphIndex

# Below this many edges a search or dominator tree runs in Python, unless the library is loaded
# already: importing scipy (~0.3 s) or igraph (~0.6 s) would cost more than the work on an
# offer's graph; a GHT's graph is far above. Both ways give the same result (tested).
COMPILED_FROM = 20_000
DOMINATORS_COMPILED_FROM = 2_000  # the Python dominator tree is the slower of the two

if TYPE_CHECKING:
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]


def search_arrays(
    size: int, rows: IntArray, cols: IntArray, sources: Sequence[int] | IntArray
) -> tuple[IntArray, IntArray]:
    """Multi-source BFS over ``size`` states along the edges ``rows[i] -> cols[i]`` (grouped by
    row, in scanning order). Returns the states in visiting order and each state's parent
    (``SOURCE`` for a source, ``UNSEEN`` when not reached)."""
    root = size
    starts = _once(np.asarray(sources, dtype=np.int64))
    counts = np.bincount(rows, minlength=size + 1)
    counts[root] = len(starts)
    indptr = np.zeros(size + 2, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    indices = np.concatenate([cols, starts])
    if len(indices) < COMPILED_FROM and "scipy.sparse.csgraph" not in sys.modules:
        visited, parents = _queue_search(size, indptr.tolist(), indices.tolist())
        return np.asarray(visited, dtype=np.int64), np.asarray(parents, dtype=np.int64)
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order

    data = np.ones(len(indices), dtype=np.float64)
    graph = csr_matrix((data, indices, indptr), shape=(size + 1, size + 1))
    # The search needs no sorted rows; saying so keeps scipy from sorting them, so neighbours
    # are visited in the edges' order, as by the queue below (the same witness paths).
    graph.has_sorted_indices = True
    order, pred = breadth_first_order(graph, root, directed=True, return_predecessors=True)
    parent = pred[:size].astype(np.int64)
    parent[parent < 0] = UNSEEN
    parent[parent == root] = SOURCE
    return order[1:].astype(np.int64), parent


def _once(values: IntArray) -> IntArray:
    """``values`` without repeats, each where it first appears."""
    if np.all(values[1:] > values[:-1]):  # ascending: no repeats (node lists usually are)
        return values
    return values[first_places(values)]


def _queue_search(size: int, indptr: list[int], indices: list[int]) -> tuple[list[int], list[int]]:
    """The same search with a plain queue: for small graphs, where importing scipy would cost
    more than the search."""
    root = size
    parent = [UNSEEN] * (size + 1)
    parent[root] = SOURCE
    queue = [root]
    head = 0
    while head < len(queue):
        u = queue[head]
        head += 1
        for v in indices[indptr[u] : indptr[u + 1]]:
            if parent[v] == UNSEEN:
                parent[v] = SOURCE if u == root else u
                queue.append(v)
    return queue[1:], parent[:size]


def edge_search(
    index: GraphIndex, sources: Sequence[int], bit: int | None = None
) -> tuple[list[int], list[int]]:
    """BFS along the flow edges (those carrying the category ``bit``) from ``sources``."""
    [(order, parent)] = edge_searches(index, [(sources, bit)])
    visited: list[int] = order.tolist()
    parents: list[int] = parent.tolist()
    return visited, parents


def edge_searches(
    index: GraphIndex, searches: Sequence[tuple[Sequence[int] | IntArray, int | None]]
) -> list[tuple[IntArray, IntArray]]:
    """Several BFS along the flow edges, each from its sources along the edges carrying its
    category bit (``None``: every edge), one library call each (a single search over one copy
    of the graph per search measured slower: its larger arrays cost more than the calls)."""
    src, dst, mask = index.scan_order
    found = []
    for sources, bit in searches:
        if bit is None:
            found.append(search_arrays(index.size, src, dst, sources))
        else:
            keep = (mask & bit) != 0
            found.append(search_arrays(index.size, src[keep], dst[keep], sources))
    return found


def dominators(index: GraphIndex, roots: Sequence[int]) -> list[int]:
    """Immediate dominator of each node, seen from a virtual root linked to ``roots``: ``-1``
    when the virtual root is the immediate dominator, ``-2`` for nodes the roots do not reach.

    The roots are merged into the virtual root first, which leaves a small graph (a GHT has
    thousands of hospital systems and a few hundred other nodes): flows into a root dominate
    nothing, since the virtual root reaches every root directly. On the merged graph the other
    nodes keep their dominators (igraph, Lengauer-Tarjan); a node whose only dominator there is
    the virtual root is dominated by a root when exactly one root reaches it.
    """
    n = index.size
    is_root = np.zeros(n, dtype=bool)
    is_root[np.fromiter(roots, dtype=np.int64, count=len(roots))] = True
    keep = ~is_root[index.dst]
    src, dst = index.src[keep], index.dst[keep]
    from_root = is_root[src]
    inner = np.flatnonzero(~is_root)
    number = np.full(n, -1, dtype=np.int64)
    number[inner] = np.arange(len(inner), dtype=np.int64)
    merged = len(inner)  # the virtual root with the roots in it
    pairs = distinct(np.where(from_root, merged, number[src]) * (merged + 1) + number[dst])
    heads, tails = pairs // (merged + 1), pairs % (merged + 1)
    if len(pairs) < DOMINATORS_COMPILED_FROM and "igraph" not in sys.modules:
        found = np.asarray(_python_dominators(merged + 1, heads, tails, merged), dtype=float)
    else:
        import igraph

        graph = igraph.Graph(n=merged + 1, directed=True)
        graph.add_edges(np.column_stack([heads, tails]))
        found = np.asarray(graph.dominator(merged, mode="out"), dtype=float)
    found = found[: len(inner)]
    idom = np.full(n, UNSEEN, dtype=np.int64)
    idom[is_root] = SOURCE
    reached = ~np.isnan(found)
    dominated = found[reached].astype(np.int64)
    idom[inner[reached]] = np.where(
        dominated == merged, SOURCE, inner[np.minimum(dominated, merged - 1)]
    )
    for node, entry in _single_entries(
        index, src[from_root], dst[from_root], src[~from_root], dst[~from_root]
    ).items():
        if idom[node] == SOURCE:
            idom[node] = entry
    result: list[int] = idom.tolist()
    return result


def _python_dominators(n: int, heads: IntArray, tails: IntArray, root: int) -> list[float]:
    """Immediate dominators as igraph gives them (NaN: not reached), by the iterative algorithm
    of Cooper, Harvey and Kennedy: for the small graphs below ``COMPILED_FROM``."""
    successors: list[list[int]] = [[] for _ in range(n)]
    predecessors: list[list[int]] = [[] for _ in range(n)]
    for u, v in zip(heads.tolist(), tails.tolist(), strict=True):
        successors[u].append(v)
        predecessors[v].append(u)
    post = [-1] * n
    order: list[int] = []
    seen = [False] * n
    seen[root] = True
    stack = [(root, 0)]
    while stack:  # postorder numbers by an iterative depth-first search
        node, i = stack[-1]
        if i < len(successors[node]):
            stack[-1] = (node, i + 1)
            child = successors[node][i]
            if not seen[child]:
                seen[child] = True
                stack.append((child, 0))
        else:
            stack.pop()
            post[node] = len(order)
            order.append(node)
    order.reverse()
    idom = [-1] * n
    idom[root] = root
    changed = True
    while changed:
        changed = False
        for node in order[1:]:
            new = -1
            for p in predecessors[node]:
                if idom[p] < 0:
                    continue
                if new < 0:
                    new = p
                    continue
                a, b = p, new
                while a != b:
                    while post[a] < post[b]:
                        a = idom[a]
                    while post[b] < post[a]:
                        b = idom[b]
                new = a
            if idom[node] != new:
                idom[node] = new
                changed = True
    return [float(d) if seen[i] and i != root else float("nan") for i, d in enumerate(idom)]


def _single_entries(
    index: GraphIndex, entry_src: IntArray, entry_dst: IntArray, src: IntArray, dst: IntArray
) -> dict[int, int]:
    """Nodes reached from exactly one root (through non-root nodes), with that root."""
    many = -1
    code = distinct(entry_dst * (index.size + 1) + entry_src)  # by node, then root
    nodes, roots = code // (index.size + 1), code % (index.size + 1)
    first = np.flatnonzero(np.diff(nodes, prepend=-1))  # each node's first pair
    last = np.append(first[1:], len(nodes))[: len(first)] - 1
    labels = np.where(roots[first] == roots[last], roots[first], many)
    entry: dict[int, int] = dict(zip(nodes[first].tolist(), labels.tolist(), strict=True))
    successors: dict[int, list[int]] = {}
    for u, v in zip(src.tolist(), dst.tolist(), strict=True):
        successors.setdefault(u, []).append(v)
    work = list(entry)
    while work:  # each node's label changes at most twice: none, one root, several
        u = work.pop()
        for v in successors.get(u, ()):
            label = entry[u] if entry.get(v, entry[u]) == entry[u] else many
            if entry.get(v) != label:
                entry[v] = label
                work.append(v)
    return {node: root for node, root in entry.items() if root != many}
