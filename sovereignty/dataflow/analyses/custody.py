"""Who can read health data in clear: key custody along the path (FLOW-03).

A product-graph BFS over (node, sealed) states, one per health category. Data is *sealed* when
a flow stores it encrypted under keys its recipient does not hold (the hospital's, a trusted third
party's, or the vendor's at a sub-processor); it stays sealed downstream until it is back at the
hospital. On every flow that delivers unsealed data, the recipient's readers are:

* no encryption at rest declared (or not stated, or no key holder stated): the node's operator
  and the operator of its platform;
* keys held by the host: the operator (it processes the data) and the host;
* keys held by the vendor, at a node the vendor operates: the vendor only;
* a recipient declared to have access in clear (or not) overrides these rules for its operator.

The search runs compiled (:mod:`.sparse`); the flows it crosses are then read in its scanning
order, so each (vendor, reader) gets a shortest witness path, and the work is linear: two states
per node, each edge scanned at most twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import product, repeat
from operator import is_not
from typing import TYPE_CHECKING

from sovereignty.core.model import Lang
from sovereignty.dataflow.analyses.context import Context
from sovereignty.dataflow.analyses.traverse import UNSEEN
from sovereignty.dataflow.distinct import distinct, first_places
from sovereignty.dataflow.index import CATEGORY_BIT, KEYS, TRISTATE, GraphIndex
from sovereignty.dataflow.model import HEALTH
from sovereignty.findings.model import Finding, Severity

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    BoolArray = npt.NDArray[np.bool_]
    IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Reader:
    vendor: str
    entity: int
    role: str  # operator | host
    node: int  # where it reads
    category: str
    reason: str  # key of catalogue.reasons
    path: tuple[int, ...]  # flow path to the node, then hosted_on/operated_by to the entity


@dataclass(frozen=True, slots=True)
class ClearTransit:
    vendor: str
    source: int
    target: int
    category: str
    path: tuple[int, ...]


_CLEAR, _SEALED = TRISTATE.index(False), TRISTATE.index(True)


def _seals(index: GraphIndex) -> BoolArray:
    """Per flow edge: it stores the data encrypted under keys its recipient does not hold."""
    import numpy as np

    keys = index.keys
    operator = np.asarray(index.operator, dtype=np.int64)
    by_vendor = np.fromiter(map(is_not, index.vendor_of, repeat(None)), bool, index.size)
    outside = (operator < 0) | ~by_vendor[np.maximum(operator, 0)]  # not run by a vendor
    at_subprocessor = (keys == KEYS.index("vendor")) & outside[index.dst]
    apart = (keys == KEYS.index("hospital")) | (keys == KEYS.index("third_party")) | at_subprocessor
    declared = index.readable != TRISTATE.index(None)
    seals: BoolArray = np.where(declared, index.readable == _CLEAR, (index.rest == _SEALED) & apart)
    return seals


ROLES = ("operator", "host")
REASONS = (
    "declared_access",
    "no_encryption",
    "unknown_encryption",
    "unknown_keys",
    "host_keys",
    "operator_keys",
)


def _reason(readable: bool | None, rest: bool | None, keys: str | None) -> tuple[str, bool]:
    """Why the recipient of a flow reads it (key of catalogue.reasons), and whether the operator
    of its platform reads it too."""
    if readable:
        return "declared_access", keys != "vendor"
    if rest is False or keys == "not_applicable":
        return "no_encryption", True
    if rest is None:
        return "unknown_encryption", True
    if keys is None:
        return "unknown_keys", True
    if keys == "host":
        return "host_keys", True
    return "operator_keys", False  # the vendor's keys, at a node the vendor operates


@cache
def _reason_codes() -> tuple[IntArray, BoolArray]:
    """:func:`_reason` for every coded (readable, rest, keys), indexed by
    ``(readable * len(TRISTATE) + rest) * len(KEYS) + keys``."""
    import numpy as np

    found = [_reason(*values) for values in product(TRISTATE, TRISTATE, KEYS)]
    reasons = np.array([REASONS.index(reason) for reason, _ in found], dtype=np.int64)
    return reasons, np.array([reads for _, reads in found], dtype=bool)


def clear_readers(ctx: Context) -> tuple[list[Reader], list[ClearTransit]]:
    """One BFS per health category over the product graph of (node, sealed) states, then the
    flows that deliver unsealed data read in scanning order: the first flow of each kind into a
    node gives each of its readers a shortest witness path."""
    import numpy as np

    from sovereignty.dataflow.analyses.sparse import search_arrays

    index = ctx.index
    readers: list[Reader] = []
    transits: dict[tuple[str, int, int, str], ClearTransit] = {}
    n = index.size
    _, csr_order = index.csr
    scan_src, scan_dst, scan_mask = index.scan_order  # the flows in scanning order
    hospital = ctx.hospital_array
    scan_seals = _seals(index)[csr_order]
    scan_transit = (index.transit == _CLEAR)[csr_order]
    kinds = len(TRISTATE) * len(KEYS)
    for category in HEALTH:
        carries = (scan_mask & CATEGORY_BIT[category]) != 0
        rank = np.flatnonzero(carries)  # the flows' places in scanning order
        edges = csr_order[rank]
        u, v = scan_src[carries], scan_dst[carries]
        into_hospital = hospital[v]
        sealed_next = ~into_hospital & scan_seals[carries]
        # states: node u with the data clear is u, sealed n + u; the rows come grouped by state
        rows = np.concatenate([u, u + n])
        cols = np.concatenate([v + n * sealed_next, v + n * ~into_hospital])
        order, parent_array = search_arrays(2 * n, rows, cols, ctx.origin_arrays[category])
        paths = _StatePaths(parent_array.tolist(), n)
        reached = parent_array[u] != UNSEEN  # from unsealed states
        place = np.empty(2 * n, dtype=np.int64)
        place[order] = np.arange(len(order), dtype=np.int64)
        delivers = reached & ~into_hospital & ~sealed_next
        picked = np.flatnonzero(delivers)
        if len(picked):
            # in scanning order: by when the search met the source, then by place among flows
            scan = place[u[picked]] * (len(csr_order) + 1) + rank[picked]
            picked = picked[np.argsort(scan)]  # keys differ: no need of a stable sort
            e = edges[picked]
            kind = index.rest[e] * len(KEYS) + index.keys[e]  # what decides who reads
            picked = picked[first_places(v[picked] * kinds + kind)]
            readers.extend(_new_readers(ctx, paths, u[picked], edges[picked], v[picked], category))
        open_transit = reached & scan_transit[carries] & ~(hospital[u] & into_hospital)
        pairs = distinct(u[open_transit] * (n + 1) + v[open_transit])
        for pair in pairs.tolist():
            a, b = divmod(pair, n + 1)
            _record_transit(ctx, transits, paths, a, b, category)
    return readers, list(transits.values())


def _new_readers(
    ctx: Context, paths: _StatePaths, u: IntArray, edges: IntArray, v: IntArray, category: str
) -> list[Reader]:
    """The readers of what the flows ``edges`` (``u -> v``, in scanning order) deliver: for each
    flow, its recipient's operator, then its platform's when it reads too; each reader once per
    vendor whose offer includes the recipient (not the vendor's own group), the first met."""
    import numpy as np

    index = ctx.index
    reason_of, host_reads_of = _reason_codes()
    code = (index.readable[edges] * len(TRISTATE) + index.rest[edges]) * len(KEYS)
    code += index.keys[edges]
    reason, host_reads = reason_of[code], host_reads_of[code]
    operator, host = ctx.operator_array[v], ctx.host_operator_array[v]
    entity = np.column_stack([operator, host]).ravel()  # per flow: operator, then host
    role = np.tile(np.arange(2, dtype=np.int64), len(v))
    wanted = np.column_stack([np.ones(len(v), dtype=bool), host_reads & (host != operator)])
    item = np.repeat(np.arange(len(v), dtype=np.int64), 2)
    keep = wanted.ravel() & ctx.third_party_array(entity)
    item, entity, role = item[keep], entity[keep], role[keep]
    which, vendor = ctx.per_vendor(v[item])
    item, entity, role = item[which], entity[which], role[which]
    mine = ctx.in_own_group(vendor, entity)
    item, entity, role, vendor = item[~mine], entity[~mine], role[~mine], vendor[~mine]
    found = []
    for k in first_places(vendor * index.size + entity).tolist():
        i, target, who = int(item[k]), int(v[item[k]]), int(entity[k])
        path = [*paths(int(u[i])), target]
        platform = index.host[target]
        if role[k] == 1 and platform >= 0:
            path.append(platform)
        path.append(who)
        found.append(
            Reader(
                ctx.vendors[int(vendor[k])],
                who,
                ROLES[int(role[k])],
                target,
                category,
                REASONS[int(reason[i])],
                tuple(path),
            )
        )
    return found


class _StatePaths:
    """The witness path (nodes) to each state, read back from the search's parents and kept:
    the paths of many flows share their beginnings."""

    def __init__(self, parent: list[int], size: int) -> None:
        self.parent, self.size = parent, size
        self.known: dict[int, tuple[int, ...]] = {}

    def __call__(self, state: int) -> tuple[int, ...]:
        known, parent = self.known, self.parent
        found = known.get(state)
        if found is None:
            chain = []
            while state >= 0 and state not in known:
                chain.append(state)
                state = parent[state]
            found = known[state] if state >= 0 else ()
            for step in reversed(chain):
                found = known[step] = (*found, step % self.size)
        return found


def _record_transit(
    ctx: Context,
    transits: dict[tuple[str, int, int, str], ClearTransit],
    paths: _StatePaths,
    u: int,
    v: int,
    category: str,
) -> None:
    index = ctx.index
    path: tuple[int, ...] = ()
    for vendor in index.offers[v] or index.offers[u]:
        key = (vendor, u, v, category)
        if key not in transits:
            path = path or (*paths(u), v)
            transits[key] = ClearTransit(vendor, u, v, category, path)


def _reader_severity(ctx: Context, reader: Reader) -> Severity | None:
    exposed = bool(ctx.foreign_chain(reader.entity)) or any(
        not ctx.juris.is_eea(c) for c in ctx.index.node_locations(reader.node)
    )
    if reader.category == "health_identifying":
        return "major" if exposed else "minor"
    return "minor" if exposed else None


def custody_findings(
    ctx: Context, readers: list[Reader], transits: list[ClearTransit]
) -> list[Finding]:
    findings = []
    identifying = {(r.vendor, r.entity) for r in readers if r.category == "health_identifying"}
    for reader in sorted(readers, key=lambda r: (r.vendor, r.category, ctx.index.ids[r.entity])):
        severity = _reader_severity(ctx, reader)
        if severity is None:
            continue
        if (
            reader.category != "health_identifying"
            and (reader.vendor, reader.entity) in identifying
        ):
            continue  # already reported for identifying data

        def values(lang: Lang, reader: Reader = reader) -> dict[str, str]:
            return {
                "entity": ctx.entity_label(reader.entity, lang),
                "category": ctx.category(reader.category, lang),
                "target": ctx.name(reader.node, lang),
                "reason": ctx.texts.reasons[reader.reason](lang),
                "path": ctx.path_text(list(reader.path), lang),
            }

        findings.append(
            ctx.finding(
                "FLOW-03",
                "reader",
                severity,
                reader.path,
                values,
                vendor=reader.vendor,
                subject=ctx.index.ids[reader.entity],
            )
        )
    for transit in sorted(transits, key=lambda t: (t.vendor, t.category, t.source, t.target)):

        def transit_values(lang: Lang, transit: ClearTransit = transit) -> dict[str, str]:
            return {
                "source": ctx.name(transit.source, lang),
                "target": ctx.name(transit.target, lang),
                "category": ctx.category(transit.category, lang),
                "path": ctx.path_text(list(transit.path), lang),
            }

        findings.append(
            ctx.finding(
                "FLOW-03",
                "transit",
                "major" if transit.category == "health_identifying" else "minor",
                transit.path,
                transit_values,
                vendor=transit.vendor,
                subject=f"transit:{ctx.index.ids[transit.source]}->{ctx.index.ids[transit.target]}",
            )
        )
    return findings
