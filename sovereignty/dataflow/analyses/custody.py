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

Readers are recorded while the BFS scans edges, so each (vendor, reader) gets a shortest witness
path, and the work is linear: two states per node, each edge scanned at most twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovereignty.core.model import Lang
from sovereignty.dataflow.analyses.context import Context
from sovereignty.dataflow.analyses.traverse import UNSEEN
from sovereignty.dataflow.graph import CATEGORY_BIT
from sovereignty.dataflow.model import HEALTH
from sovereignty.findings.model import Finding, Severity


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


def _seals(ctx: Context, edge: int, target: int) -> bool:
    index = ctx.index
    if index.e_readable[edge] is not None:
        return not index.e_readable[edge]
    if index.e_rest[edge] is not True:
        return False
    keys = index.e_keys[edge]
    if keys in ("hospital", "third_party"):
        return True
    if keys == "vendor":
        operator = index.operator[target]
        return operator < 0 or index.vendor_of[operator] is None
    return False


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
    index = ctx.index
    readers: dict[tuple[str, int, str], Reader] = {}
    transits: dict[tuple[str, int, int, str], ClearTransit] = {}
    out_edges, e_mask, e_target = index.out_edges, index.e_mask, index.e_target
    for category in HEALTH:
        bit = CATEGORY_BIT[category]
        parent = [UNSEEN] * (2 * index.size)  # state = 2 * node + sealed
        queue: list[int] = []
        for source in ctx.origins[category]:
            if parent[2 * source] == UNSEEN:
                parent[2 * source] = -1
                queue.append(2 * source)
        checked: set[tuple[int, bool | None, str | None]] = set()
        head = 0
        while head < len(queue):
            state = queue[head]
            head += 1
            u, sealed = state >> 1, state & 1
            for edge in out_edges[u]:
                if not e_mask[edge] & bit:
                    continue
                v = e_target[edge]
                clear_transit = not sealed and index.e_transit[edge] is False
                if clear_transit and not (index.hospital[u] and index.hospital[v]):
                    _record_transit(ctx, transits, parent, state, u, v, category)
                if index.hospital[v]:
                    next_state = 2 * v
                elif sealed or _seals(ctx, edge, v):
                    next_state = 2 * v + 1
                else:
                    next_state = 2 * v
                    signature = (v, index.e_rest[edge], index.e_keys[edge])
                    if signature not in checked:
                        checked.add(signature)
                        _record_readers(ctx, readers, parent, state, edge, v, category)
                if parent[next_state] == UNSEEN:
                    parent[next_state] = state
                    queue.append(next_state)
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
