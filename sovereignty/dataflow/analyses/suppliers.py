"""Sub-processor depth and undeclared hops (FLOW-04).

*Depth*: rank of each organisation in the vendor's chain, by a 0-1 BFS from the nodes the
vendor operates along the flows of its offer: moving to a node run by another organisation costs
one rank, staying inside one costs nothing; a platform's operator is one rank below the operator
of what it hosts. *Undeclared*: an organisation that receives the hospital's personal data but is
not in the vendor's list of sub-processors (named elsewhere in the answers: "unlisted"; not named
at all: "undeclared").
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from sovereignty.core.model import Lang
from sovereignty.dataflow.analyses.context import Context
from sovereignty.dataflow.model import PERSONAL
from sovereignty.findings.model import Finding

INFINITE = 1 << 30


@dataclass(frozen=True, slots=True)
class Rank:
    vendor: str
    entity: int
    depth: int
    path: tuple[int, ...]  # from a vendor node, then hosted_on / operated_by


@dataclass(frozen=True, slots=True)
class Undeclared:
    vendor: str
    entity: int
    node: int
    category: str
    unlisted: bool  # named elsewhere in the vendor's answers
    path: tuple[int, ...]


def chain_depths(ctx: Context) -> list[Rank]:
    """Rank of every organisation in each vendor's chain (0 = the vendor itself)."""
    index = ctx.index
    members = _members(ctx)
    starts, targets = index.successors
    ranks: list[Rank] = []
    for vendor, nodes in zip(ctx.vendors, members, strict=True):
        own = set(ctx.own_group(vendor))
        dist = {node: INFINITE for node in nodes}
        parent: dict[int, int] = {}
        queue: deque[int] = deque()
        for node in nodes:
            if index.operator[node] in own:
                dist[node] = 0
                queue.append(node)
        settled: list[int] = []  # in nondecreasing depth: a 0-1 BFS pops like Dijkstra
        done: set[int] = set()
        while queue:
            u = queue.popleft()
            if u in done:
                continue
            done.add(u)
            settled.append(u)
            for v in targets[starts[u] : starts[u + 1]]:  # the flows leaving u, in order
                if v not in dist or v in done:
                    continue
                cost = 0 if index.operator[v] == index.operator[u] else 1
                if dist[u] + cost < dist[v]:
                    dist[v] = dist[u] + cost
                    parent[v] = u
                    if cost == 0:
                        queue.appendleft(v)
                    else:
                        queue.append(v)
        best: dict[int, tuple[int, list[int]]] = {}
        for node in settled:
            candidates: list[tuple[int, int, list[int]]] = [(index.operator[node], dist[node], [])]
            platform, host = index.host[node], index.host_operator(node)
            if platform >= 0 and host != index.operator[node]:
                candidates.append((host, dist[node] + 1, [platform]))
            for entity, depth, via in candidates:
                if not ctx.is_third_party(entity):
                    continue
                if entity in best and best[entity][0] <= depth:
                    continue
                best[entity] = (depth, [*_path(parent, node), *via, entity])
        ranks.extend(Rank(vendor, e, d, tuple(p)) for e, (d, p) in best.items())
    return ranks


def _members(ctx: Context) -> list[list[int]]:
    """Per vendor (in ``ctx.vendors`` order), the nodes of its offer off the hospital's side
    but organisations, in order."""
    import numpy as np

    index = ctx.index
    nodes = np.flatnonzero(ctx.offered & ~ctx.hospital_array & ~index.of_kind("entity"))
    item, vendor = ctx.per_vendor(nodes)
    by_vendor = np.argsort(vendor, kind="stable")
    counts = np.bincount(vendor, minlength=len(ctx.vendors))
    grouped: list[int] = nodes[item[by_vendor]].tolist()
    ends = np.cumsum(counts).tolist()
    return [grouped[end - count : end] for end, count in zip(ends, counts.tolist(), strict=True)]


def _path(parent: dict[int, int], node: int) -> list[int]:
    path = [node]
    while path[-1] in parent:
        path.append(parent[path[-1]])
    path.reverse()
    return path


def undeclared_hops(ctx: Context) -> list[Undeclared]:
    index = ctx.index
    found: dict[tuple[str, int], Undeclared] = {}
    outside = ctx.offered & ~ctx.hospital_array  # the offers' nodes off the hospital's side
    for category in PERSONAL:
        reach = ctx.reaches[category]
        order = reach.array()
        for node in order[outside[order]].tolist():
            for entity in (index.operator[node], index.host_operator(node)):
                if not ctx.is_third_party(entity):
                    continue
                for vendor in index.offers[node]:
                    if (vendor, entity) in found or vendor in index.declared_by[entity]:
                        continue
                    if entity in ctx.own_group(vendor):
                        continue
                    path = reach.path(node)
                    if entity != index.operator[node] and index.host[node] >= 0:
                        path.append(index.host[node])
                    path.append(entity)
                    unlisted = vendor in index.mentioned_by[entity]
                    found[(vendor, entity)] = Undeclared(
                        vendor, entity, node, category, unlisted, tuple(path)
                    )
    return sorted(found.values(), key=lambda u: (u.vendor, index.ids[u.entity]))


def supplier_findings(ctx: Context, ranks: list[Rank], hops: list[Undeclared]) -> list[Finding]:
    findings = []
    for hop in hops:

        def values(lang: Lang, hop: Undeclared = hop) -> dict[str, str]:
            return {
                "entity": ctx.entity_label(hop.entity, lang),
                "target": ctx.name(hop.node, lang),
                "category": ctx.category(hop.category, lang),
                "category_cap": ctx.category(hop.category, lang, capital=True),
                "where": ", ".join(_answer_sources(ctx, hop.entity)) or "?",
                "path": ctx.path_text(list(hop.path), lang),
            }

        findings.append(
            ctx.finding(
                "FLOW-04",
                "unlisted" if hop.unlisted else "undeclared",
                "minor" if hop.unlisted else "major",
                hop.path,
                values,
                vendor=hop.vendor,
                subject=ctx.index.ids[hop.entity],
            )
        )
    by_vendor: dict[str, list[Rank]] = {}
    for rank in ranks:
        if rank.depth >= 2:
            by_vendor.setdefault(rank.vendor, []).append(rank)
    for vendor, deep in sorted(by_vendor.items()):
        deep.sort(key=lambda r: (-r.depth, ctx.index.ids[r.entity]))
        deepest = deep[0]

        def depth_values(lang: Lang, deep: list[Rank] = deep) -> dict[str, str]:
            return {
                "depth": str(deep[0].depth),
                "entities": ", ".join(f"{ctx.name(r.entity, lang)} ({r.depth})" for r in deep),
                "entity": ctx.entity_label(deep[0].entity, lang),
                "path": ctx.path_text(list(deep[0].path), lang),
            }

        findings.append(
            ctx.finding(
                "FLOW-04",
                "depth",
                "major" if deepest.depth >= 3 else "minor",
                deepest.path,
                depth_values,
                vendor=vendor,
                subject=f"depth:{vendor}",
            )
        )
    return findings


def _answer_sources(ctx: Context, entity: int) -> list[str]:
    sources = ctx.index.sources[entity]
    return [s.removeprefix("answers:") for s in sources if s.startswith("answers:")]
