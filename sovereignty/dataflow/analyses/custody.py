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
from typing import TYPE_CHECKING

from sovereignty.core.model import Lang
from sovereignty.dataflow.analyses.context import Context
from sovereignty.dataflow.analyses.traverse import UNSEEN
from sovereignty.dataflow.index import CATEGORY_BIT, KEYS, TRISTATE, GraphIndex
from sovereignty.dataflow.model import HEALTH
from sovereignty.findings.model import Finding, Severity

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    BoolArray = npt.NDArray[np.bool_]
    IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Reader:
    vendor: str
    entity: int
    role: str  # operator | host
    node: int  # where it reads
    category: str
    reason: str  # key of catalogue.reasons
    path: tuple[int, ...]  # flow path to the node, then hosted_on/operated_by to the entity


@dataclass(frozen=True)
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
    by_vendor = np.array([v is not None for v in index.vendor_of], dtype=bool)
    outside = (operator < 0) | ~by_vendor[np.maximum(operator, 0)]  # not run by a vendor
    at_subprocessor = (keys == KEYS.index("vendor")) & outside[index.dst]
    apart = (keys == KEYS.index("hospital")) | (keys == KEYS.index("third_party")) | at_subprocessor
    declared = index.readable != TRISTATE.index(None)
    seals: BoolArray = np.where(declared, index.readable == _CLEAR, (index.rest == _SEALED) & apart)
    return seals


def _readers(ctx: Context, edge: int, target: int) -> list[tuple[str, int, str]]:
    """(role, entity, reason) for each entity able to read what ``edge`` delivers to ``target``."""
    index = ctx.index
    operator, host = index.operator[target], index.host_operator(target)
    rest, keys = index.e_rest[edge], index.e_keys[edge]
    if index.e_readable[edge]:
        reason, host_reads = "declared_access", keys != "vendor"
    elif rest is False or keys == "not_applicable":
        reason, host_reads = "no_encryption", True
    elif rest is None:
        reason, host_reads = "unknown_encryption", True
    elif keys is None:
        reason, host_reads = "unknown_keys", True
    elif keys == "host":
        reason, host_reads = "host_keys", True
    else:  # the vendor's keys, at a node the vendor operates
        reason, host_reads = "operator_keys", False
    readers = [("operator", operator, reason)]
    if host_reads and host != operator:
        readers.append(("host", host, reason))
    return readers


def clear_readers(ctx: Context) -> tuple[list[Reader], list[ClearTransit]]:
    """One BFS per health category over the product graph of (node, sealed) states, then the
    flows that deliver unsealed data read in scanning order: the first flow of each kind into a
    node gives each of its readers a shortest witness path."""
    import numpy as np

    from sovereignty.dataflow.analyses.sparse import edge_rank, search

    index = ctx.index
    readers: dict[tuple[str, int, str], Reader] = {}
    transits: dict[tuple[str, int, int, str], ClearTransit] = {}
    n = index.size
    _, csr_order = index.csr
    rank = edge_rank(index)
    hospital = np.asarray(index.hospital, dtype=bool)
    seals = _seals(index)
    clear_transit = index.transit == _CLEAR
    kind = index.rest * len(KEYS) + index.keys  # what decides who reads: encryption, key holder
    kinds = len(TRISTATE) * len(KEYS)
    for category in HEALTH:
        edges = csr_order[(index.scan_order[2] & CATEGORY_BIT[category]) != 0]
        u, v = index.src[edges], index.dst[edges]
        into_hospital = hospital[v]
        sealed_next = ~into_hospital & seals[edges]
        rows = np.concatenate([2 * u, 2 * u + 1])
        cols = np.concatenate([2 * v + sealed_next, 2 * v + ~into_hospital])
        by_row = np.argsort(rows, kind="stable")
        order, parent = search(
            2 * n, rows[by_row], cols[by_row], [2 * s for s in ctx.origins[category]]
        )
        reached = np.asarray(parent, dtype=np.int64)[2 * u] != UNSEEN  # from unsealed states
        place = np.empty(2 * n, dtype=np.int64)
        place[np.asarray(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int64)
        scan = place[2 * u] * (len(rank) + 1) + rank[edges]
        delivers = reached & ~into_hospital & ~sealed_next
        picked = np.flatnonzero(delivers)
        if len(picked):
            picked = picked[np.argsort(scan[picked], kind="stable")]
            signature = v[picked] * kinds + kind[edges[picked]]
            _, first = np.unique(signature, return_index=True)
            for i in picked[np.sort(first)].tolist():
                _record_readers(
                    ctx, readers, parent, 2 * int(u[i]), int(edges[i]), int(v[i]), category
                )
        open_transit = reached & clear_transit[edges] & ~(hospital[u] & into_hospital)
        pairs = np.unique(u[open_transit] * (n + 1) + v[open_transit])
        for pair in pairs.tolist():
            a, b = divmod(pair, n + 1)
            _record_transit(ctx, transits, parent, 2 * a, a, b, category)
    return list(readers.values()), list(transits.values())


def _state_path(parent: list[int], state: int) -> list[int]:
    states = [state]
    while parent[states[-1]] >= 0:
        states.append(parent[states[-1]])
    return [s >> 1 for s in reversed(states)]


def _record_readers(
    ctx: Context,
    readers: dict[tuple[str, int, str], Reader],
    parent: list[int],
    state: int,
    edge: int,
    v: int,
    category: str,
) -> None:
    index = ctx.index
    for role, entity, reason in _readers(ctx, edge, v):
        if not ctx.is_third_party(entity):
            continue
        for vendor in index.offers[v]:
            if entity in ctx.own_group(vendor):
                continue  # the vendor reading what its own service processes is the service
            key = (vendor, entity, category)
            if key in readers:
                continue
            path = [*_state_path(parent, state), v]
            platform = index.host[v]
            if role == "host" and platform >= 0:
                path.append(platform)
            path.append(entity)
            readers[key] = Reader(vendor, entity, role, v, category, reason, tuple(path))


def _record_transit(
    ctx: Context,
    transits: dict[tuple[str, int, int, str], ClearTransit],
    parent: list[int],
    state: int,
    u: int,
    v: int,
    category: str,
) -> None:
    index = ctx.index
    for vendor in index.offers[v] or index.offers[u]:
        key = (vendor, u, v, category)
        if key not in transits:
            path = (*_state_path(parent, state), v)
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
    for reader in sorted(readers, key=lambda r: (r.vendor, r.category, ctx.index.ids[r.entity])):
        severity = _reader_severity(ctx, reader)
        if severity is None:
            continue
        if reader.category != "health_identifying" and any(
            r.vendor == reader.vendor
            and r.entity == reader.entity
            and r.category == "health_identifying"
            for r in readers
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
                list(reader.path),
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
                list(transit.path),
                transit_values,
                vendor=transit.vendor,
                subject=f"transit:{ctx.index.ids[transit.source]}->{ctx.index.ids[transit.target]}",
            )
        )
    return findings
