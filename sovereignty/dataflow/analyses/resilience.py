"""Single points of failure (FLOW-05) and concentration across a GHT's offers (FLOW-06).

*Single points of failure*: the service works when data goes from the hospital to the vendor
and results come back. A node *dominates* a delivery point (a node sending results back to the
hospital) when every path from the hospital to it passes through it. Dominators come from one
immediate-dominator tree, rooted at a virtual source linked to every hospital node (igraph's
Lengauer-Tarjan, near-linear). An organisation whose nodes, or whose platform
under them, dominate every delivery point of an offer is a single point of failure of that offer.

*Concentration*: the group (ultimate parent) operating or hosting nodes of several offers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovereignty.core.model import Lang
from sovereignty.dataflow.analyses.context import Context
from sovereignty.dataflow.analyses.traverse import UNSEEN
from sovereignty.dataflow.distinct import first_places
from sovereignty.dataflow.index import PURPOSES, GraphIndex
from sovereignty.findings.model import Finding, Severity


def immediate_dominators(index: GraphIndex, roots: list[int]) -> list[int]:
    """Immediate dominator of each node, seen from a virtual root linked to ``roots``.

    Returns ``idom`` with ``idom[n] == -1`` when the virtual root is the immediate dominator
    (``roots`` themselves, and nodes reached from several roots by disjoint paths), ``-2`` for
    nodes the roots do not reach. Computed by igraph (Lengauer-Tarjan, compiled).
    """
    from sovereignty.dataflow.analyses.sparse import dominators

    return dominators(index, roots)


@dataclass(frozen=True, slots=True)
class SinglePoint:
    vendor: str
    entity: int
    role: str  # operator | host
    node: int  # the dominating node it operates or hosts
    path: tuple[int, ...]


def _deliveries(ctx: Context, idom: list[int]) -> list[tuple[str, list[int]]]:
    """Per vendor (in order), its delivery points: the nodes of its offer, reached from the
    hospital, sending results back to it by a flow other than an export, each once, in the
    order of their flows."""
    import numpy as np

    index = ctx.index
    hospital = ctx.hospital_array
    returning = hospital[index.dst] & ~hospital[index.src]
    returning &= index.purpose != PURPOSES.index("export")
    points = index.src[returning]
    points = points[np.asarray(idom, dtype=np.int64)[points] != UNSEEN]
    item, vendor = ctx.per_vendor(points)
    first = first_places(vendor * index.size + points[item])  # in flow order
    first = first[np.argsort(vendor[first], kind="stable")]  # by vendor, then flow order
    found: dict[str, list[int]] = {}
    for number, point in zip(vendor[first].tolist(), points[item[first]].tolist(), strict=True):
        found.setdefault(ctx.vendors[number], []).append(point)
    return list(found.items())


def single_points(ctx: Context) -> list[SinglePoint]:
    index = ctx.index
    idom = immediate_dominators(index, ctx.hospital_nodes)
    found: list[SinglePoint] = []
    for vendor, points in _deliveries(ctx, idom):
        own = set(ctx.own_group(vendor))
        common: dict[int, tuple[str, int]] | None = None
        for point in points:
            deps: dict[int, tuple[str, int]] = {}
            node = point
            while node >= 0 and not index.hospital[node]:
                for role, entity in (
                    ("operator", index.operator[node]),
                    ("host", index.host_operator(node)),
                ):
                    if entity >= 0 and entity not in deps:
                        deps[entity] = (role, node)
                node = idom[node]
            common = deps if common is None else {e: common[e] for e in common if e in deps}
        for entity, (role, node) in sorted((common or {}).items()):
            if not ctx.is_third_party(entity) or entity in own:
                continue
            path = ctx.from_hospital.path(node)
            if role == "host" and index.host[node] >= 0 and index.operator[node] != entity:
                path.append(index.host[node])
            path.append(entity)
            found.append(SinglePoint(vendor, entity, role, node, tuple(path)))
    return found


def single_point_findings(ctx: Context, points: list[SinglePoint]) -> list[Finding]:
    findings = []
    for point in points:
        severity: Severity = (
            "major"
            if ctx.foreign_chain(point.entity) or ctx.index.kind[point.node] == "model_api"
            else "minor"
        )

        def values(lang: Lang, point: SinglePoint = point) -> dict[str, str]:
            return {
                "entity": ctx.entity_label(point.entity, lang),
                "target": ctx.name(point.node, lang),
                "role": ctx.texts.roles[point.role](lang),
                "path": ctx.path_text(list(point.path), lang),
            }

        findings.append(
            ctx.finding(
                "FLOW-05",
                "default",
                severity,
                point.path,
                values,
                vendor=point.vendor,
                subject=ctx.index.ids[point.entity],
            )
        )
    return findings


@dataclass(frozen=True, slots=True)
class Concentration:
    group: int  # ultimate parent
    vendors: tuple[str, ...]
    path: tuple[int, ...]  # one witness: a node, its platform, operator, chain to the group


def concentration(ctx: Context) -> list[Concentration]:
    index = ctx.index
    users: dict[int, dict[str, list[int]]] = {}
    for node in range(index.size):
        # hospital-side nodes too: one run by a provider the hospital contracts (its off-site
        # backup...) is a dependency of every offer relying on it; the hospital's own are skipped
        # below, as they are not third parties
        if index.kind[node] == "entity" or not index.offers[node]:
            continue
        for role, entity in (
            ("operator", index.operator[node]),
            ("host", index.host_operator(node)),
        ):
            if not ctx.is_third_party(entity):
                continue
            group = ctx.chains.ultimate(entity)
            per_vendor = users.setdefault(group, {})
            for vendor in index.offers[node]:
                if vendor not in per_vendor:
                    via = [index.host[node]] if role == "host" and index.host[node] >= 0 else []
                    per_vendor[vendor] = [node, *via, *ctx.chains.chain(entity)]
    found = []
    for group, per_vendor in users.items():
        if len(per_vendor) >= 2:
            vendors = tuple(sorted(per_vendor))
            found.append(Concentration(group, vendors, tuple(per_vendor[vendors[0]])))
    return sorted(found, key=lambda c: (-len(c.vendors), index.ids[c.group]))


def concentration_findings(ctx: Context, found: list[Concentration]) -> list[Finding]:
    total = len(ctx.vendors)
    findings = []
    for item in found:
        count = len(item.vendors)
        severity: Severity = "major" if count >= 3 and 2 * count >= total else "minor"

        def values(lang: Lang, item: Concentration = item, count: int = count) -> dict[str, str]:
            return {
                "count": str(count),
                "total": str(total),
                "entity": ctx.name(item.group, lang),
                "country": ctx.country(ctx.index.country[item.group], lang),
                "vendors": ", ".join(item.vendors),
                "path": ctx.path_text(list(item.path), lang),
            }

        findings.append(
            ctx.finding(
                "FLOW-06",
                "default",
                severity,
                item.path,
                values,
                vendor=None,
                subject=ctx.index.ids[item.group],
            )
        )
    return findings
