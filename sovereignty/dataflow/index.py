"""The graph as integer arrays: what the analyses run on, built straight from the model.

Node ``i`` is ``ids[i]``; flow edge ``e`` goes from ``e_source[e]`` to ``e_target[e]``, carrying
the categories of the bit mask ``e_mask[e]``. Node and edge attributes are plain lists (read one
at a time by the analyses and exports); the same columns as numpy arrays (``src``, ``dst``,
``mask``) and a compressed sparse row order of the edges are made on first use, for the
vectorised traversals (:mod:`sovereignty.dataflow.analyses.sparse`). Nothing here imports
networkx: building the index costs a few passes over the model's lists, not a graph library's
dictionaries.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any, get_args, overload

from sovereignty.core.model import Lang, Model
from sovereignty.dataflow.model import (
    CATEGORIES,
    DataflowModel,
    KeyHolder,
    Purpose,
    RelationKind,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]

CATEGORY_BIT: dict[str, int] = {c: 1 << i for i, c in enumerate(CATEGORIES)}


def category_mask(categories: Iterable[str]) -> int:
    mask = 0
    for category in categories:
        mask |= CATEGORY_BIT[category]
    return mask


def mask_categories(mask: int) -> tuple[str, ...]:
    return tuple(c for c in CATEGORIES if mask & CATEGORY_BIT[c])


@dataclass(eq=False)
class GraphIndex:
    """The graph as integer-numbered arrays (node ``i`` is ``ids[i]``; flow edge ``e``)."""

    ids: list[str]
    position: dict[str, int]
    kind: list[str]
    name_fr: list[str]  # node names: use name(node, lang)
    name_en: list[str | None]  # the English form when it differs (see Node.name_en), or None
    hospital: list[bool]
    stores: list[bool]
    deletion_certified: list[bool | None]
    offers: list[tuple[str, ...]]
    vendor_of: list[str | None]
    declared_by: list[tuple[str, ...]]
    mentioned_by: list[tuple[str, ...]]
    country: list[str | None]
    locations: list[tuple[str, ...]]
    holds: list[int]  # category mask of data originating here
    operator: list[int]  # entity operating the node, -1 if none
    host: list[int]  # platform the node is hosted on, -1 if none
    parent: list[int]  # entities: controlling parent, -1 if none
    sources: list[tuple[str, ...]]  # where each node was declared ("answers:...")
    # flow edges as arrays: ends, category mask, and coded fields (see TRISTATE, PURPOSES, KEYS)
    src: IntArray
    dst: IntArray
    mask: IntArray
    purpose: IntArray
    transit: IntArray  # encrypted in transit
    rest: IntArray  # encrypted at rest
    keys: IntArray  # who holds the keys
    readable: IntArray  # the recipient declares it reads in clear
    e_sources: Sequence[tuple[str, ...]]  # where each flow was declared (read when asked)

    @property
    def size(self) -> int:
        return len(self.ids)

    def name(self, node: int, lang: Lang) -> str:
        return self.name_fr[node] if lang == "fr" else self.name_en[node] or self.name_fr[node]

    def host_operator(self, node: int) -> int:
        """The entity operating the platform ``node`` runs on (itself, for a platform)."""
        platform = self.host[node]
        if platform < 0:
            return self.operator[node] if self.kind[node] == "platform" else -1
        return self.operator[platform]

    def node_locations(self, node: int) -> tuple[str, ...]:
        """Where the node runs: its own locations, else its platform's."""
        if self.locations[node]:
            return self.locations[node]
        platform = self.host[node]
        return self.locations[platform] if platform >= 0 else ()

    # --- the same columns as Python lists, made on first use --------------------------
    @cached_property
    def e_source(self) -> list[int]:
        found: list[int] = self.src.tolist()
        return found

    @cached_property
    def e_target(self) -> list[int]:
        found: list[int] = self.dst.tolist()
        return found

    @cached_property
    def e_mask(self) -> list[int]:
        found: list[int] = self.mask.tolist()
        return found

    @cached_property
    def e_purpose(self) -> list[str]:
        return _decode(self.purpose, PURPOSES)

    @cached_property
    def e_transit(self) -> list[bool | None]:
        return _decode(self.transit, TRISTATE)

    @cached_property
    def e_rest(self) -> list[bool | None]:
        return _decode(self.rest, TRISTATE)

    @cached_property
    def e_keys(self) -> list[str | None]:
        return _decode(self.keys, KEYS)

    @cached_property
    def e_readable(self) -> list[bool | None]:
        return _decode(self.readable, TRISTATE)

    @cached_property
    def csr(self) -> tuple[IntArray, IntArray]:
        """``(indptr, order)``: the flow edges leaving node ``u`` are
        ``order[indptr[u]:indptr[u + 1]]``, in their original order."""
        import numpy as np

        edges = len(self.src)
        # by source, then edge number: unique keys, so the fast (unstable) sort is exact
        order = np.argsort(self.src * edges + np.arange(edges, dtype=np.int64))
        indptr = np.zeros(self.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.src, minlength=self.size), out=indptr[1:])
        return indptr, order

    @cached_property
    def kinds(self) -> tuple[IntArray, dict[str, int]]:
        """The node kinds as numbers (in order of first appearance), and the numbering."""
        return numbered(self.kind)

    def of_kind(self, kind: str) -> BoolArray:
        """True for the nodes of ``kind``."""
        codes, table = self.kinds
        found: BoolArray = codes == table.get(kind, -1)
        return found

    @cached_property
    def scan_order(self) -> tuple[IntArray, IntArray, IntArray]:
        """Sources, targets and masks of the flow edges in ``csr`` order."""
        _, order = self.csr
        return self.src[order], self.dst[order], self.mask[order]

    @cached_property
    def successors(self) -> tuple[list[int], list[int]]:
        """``(starts, targets)`` as lists: the flows leaving node ``u`` lead to
        ``targets[starts[u]:starts[u + 1]]``, in their original order (for per-node walks)."""
        indptr, _ = self.csr
        starts: list[int] = indptr.tolist()
        targets: list[int] = self.scan_order[1].tolist()
        return starts, targets

    def edges_between(self, u: int, v: int) -> list[int]:
        """The flow edges from ``u`` to ``v``."""
        indptr, order = self.csr
        start, end = int(indptr[u]), int(indptr[u + 1])
        targets = self.e_target
        return [e for e in order[start:end].tolist() if targets[e] == v]


TRISTATE: tuple[bool | None, ...] = (None, False, True)
PURPOSES: tuple[str, ...] = get_args(Purpose)
KEYS: tuple[str | None, ...] = (None, *get_args(KeyHolder))


def _decode(codes: IntArray, values: tuple[Any, ...]) -> list[Any]:
    import numpy as np

    decoded: list[Any] = np.array(values, dtype=object)[codes].tolist()
    return decoded


def _encode(values: Sequence[Any], table: dict[Any, int]) -> IntArray:
    """``table[value]`` for each value, as an array (the look-ups run in C: ``itemgetter``)."""
    import numpy as np

    if len(values) < 2:  # itemgetter of one key returns the value, not a tuple
        return np.array([table[v] for v in values], dtype=np.int64)
    coded: IntArray = np.fromiter(itemgetter(*values)(table), np.int64, len(values))
    return coded


def numbered(values: Sequence[Any]) -> tuple[IntArray, dict[Any, int]]:
    """A number per distinct value (hashable), in order of first appearance: the values as
    numbers, and the numbering."""
    table = _codes(tuple(dict.fromkeys(values)))
    return _encode(values, table), table


def _codes(table: tuple[Any, ...]) -> dict[Any, int]:
    return {value: i for i, value in enumerate(table)}


NODE_FIELDS = (
    "id",
    "kind",
    "name",
    "name_en",
    "hospital",
    "stores_data",
    "deletion_certified",
    "offers",
    "vendor_of",
    "declared_by",
    "mentioned_by",
    "country",
    "locations",
    "holds",
    "sources",
)
FLOW_FIELDS = (
    "source",
    "target",
    "categories",
    "purpose",
    "encrypted_in_transit",
    "encrypted_at_rest",
    "keys_held_by",
    "readable",
    "sources",
)


def index_from_model(model: DataflowModel) -> GraphIndex:
    """The index from the model's lists: each node and flow is read once (its fields in one
    look-up, then transposed into columns), and every look-up runs in C."""
    with paused_collection():
        return _index(
            _columns(model.nodes, NODE_FIELDS),
            _columns(model.flows, FLOW_FIELDS[:-1]),
            _columns(model.relations, ("kind", "source", "target")),
            FieldView(model.flows, "sources"),  # read for the findings' triggers, when asked
        )


def index_from_rows(
    nodes: list[tuple[Any, ...]],
    flows: list[tuple[Any, ...]],
    relations: list[tuple[str, str, str]],
) -> GraphIndex:
    """The index from rows in the order of ``NODE_FIELDS`` / ``FLOW_FIELDS`` (relations as
    ``(kind, source, target)``): what a graph read from elsewhere (networkx) provides."""
    with paused_collection():
        flow_cols = list(zip(*flows, strict=True)) or [() for _ in FLOW_FIELDS]
        return _index(
            list(zip(*nodes, strict=True)) or [() for _ in NODE_FIELDS],
            flow_cols[:-1],
            list(zip(*(r for r in relations if r[0] in RELATIONS), strict=True)) or [(), (), ()],
            flow_cols[-1],
        )


def _columns(items: Sequence[Model], fields: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """The values of ``fields`` of each model, as one tuple per field (read from the models'
    ``__dict__``, where pydantic keeps every field's value: a dictionary look-up in C)."""
    if not items:
        return [() for _ in fields]
    rows = map(itemgetter(*fields), map(attrgetter("__dict__"), items))
    return list(zip(*rows, strict=True))


class FieldView(Sequence[Any]):
    """One field of each model of a sequence, read when asked: for the columns few reads need."""

    def __init__(self, items: Sequence[Model], field: str) -> None:
        self._items, self._field = items, field

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, i: int) -> Any: ...
    @overload
    def __getitem__(self, i: slice) -> list[Any]: ...
    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return [getattr(item, self._field) for item in self._items[i]]
        return getattr(self._items[i], self._field)


@contextmanager
def paused_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector during a bulk step (building the index, analysing):
    what it allocates holds no cycles, and the collector's passes over a large model's objects
    would otherwise double the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _index(
    node_cols: list[tuple[Any, ...]],
    flow_cols: list[tuple[Any, ...]],
    relations: list[tuple[str, ...]],
    e_sources: Sequence[tuple[str, ...]],
) -> GraphIndex:

    ids, kinds, names, names_en, hospital, stores, deletion, offers = node_cols[:8]
    vendor_of, declared, mentioned, country, locations, holds, sources = node_cols[8:]
    n = len(ids)
    position = dict(zip(ids, range(n), strict=True))
    sources_of, targets_of, categories, purposes, transit, rest, keys, readable = flow_cols
    # category tuples: a mask per distinct tuple (few differ), then one look-up per item
    distinct = dict.fromkeys(categories)
    distinct.update(dict.fromkeys(holds))
    masks = {c: category_mask(c) for c in distinct}
    tristate = _codes(TRISTATE)
    links = _first_links(relations, position, n)
    index = GraphIndex(
        ids=list(ids),
        position=position,
        kind=list(kinds),
        name_fr=list(names),
        name_en=list(names_en),
        hospital=list(map(bool, hospital)),
        stores=list(map(bool, stores)),
        deletion_certified=list(deletion),
        offers=list(offers),
        vendor_of=list(vendor_of),
        declared_by=list(declared),
        mentioned_by=list(mentioned),
        country=list(country),
        locations=list(locations),
        holds=_encode(holds, masks).tolist(),
        operator=links["operated_by"],
        host=links["hosted_on"],
        parent=links["controlled_by"],
        sources=list(sources),
        src=_encode(sources_of, position),
        dst=_encode(targets_of, position),
        mask=_encode(categories, masks),
        purpose=_encode(purposes, _codes(PURPOSES)),
        transit=_encode(transit, tristate),
        rest=_encode(rest, tristate),
        keys=_encode(keys, _codes(KEYS)),
        readable=_encode(readable, tristate),
        e_sources=e_sources,
    )
    return index


RELATIONS: tuple[str, ...] = get_args(RelationKind)


def _first_links(
    relations: list[tuple[str, ...]], position: dict[str, int], n: int
) -> dict[str, list[int]]:
    """Per relation kind, per node, the target of its first relation of that kind (-1 if
    none): a node has one operator, one platform, one parent (and is not its own parent)."""
    import numpy as np

    from sovereignty.dataflow.distinct import first_places

    kinds, sources, targets = relations
    kind = _encode(kinds, _codes(RELATIONS))
    iu, iv = _encode(sources, position), _encode(targets, position)
    found: dict[str, list[int]] = {}
    for code, name in enumerate(RELATIONS):
        chosen = (kind == code) & ((iu != iv) if name == "controlled_by" else True)
        u, v = iu[chosen], iv[chosen]
        first = first_places(u)  # the first declared wins
        link = np.full(n, -1, dtype=np.int64)
        link[u[first]] = v[first]
        found[name] = link.tolist()
    return found
