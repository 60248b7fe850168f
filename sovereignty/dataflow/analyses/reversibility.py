"""Reversibility gaps (FLOW-07): a node keeping the hospital's data with no declared export path
back to the hospital.

One reverse BFS from every hospital node along export flows finds the nodes from which a chain of
export flows leads back; then the per-category BFS (most sensitive category first) gives, for
each node that keeps personal data and is not among them, a shortest inbound witness path. Data
kept on the hospital's own platforms is not a gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sovereignty.core.model import Lang
from sovereignty.dataflow.analyses.context import Context
from sovereignty.dataflow.analyses.traverse import UNSEEN
from sovereignty.dataflow.index import PURPOSES
from sovereignty.dataflow.model import PERSONAL
from sovereignty.findings.model import Finding, Severity

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Gap:
    vendor: str
    node: int
    category: str
    path: tuple[int, ...]


def exportable(ctx: Context) -> BoolArray:
    """True for nodes from which export flows lead back to the hospital (a search backwards
    along export flows from every hospital node)."""
    import numpy as np

    from sovereignty.dataflow.analyses.sparse import search_arrays

    index = ctx.index
    export = np.flatnonzero(index.purpose == PURPOSES.index("export"))
    backwards = export[np.argsort(index.dst[export], kind="stable")]
    _, parent = search_arrays(
        index.size, index.dst[backwards], index.src[backwards], ctx.hospital_node_array
    )
    found: BoolArray = parent != UNSEEN
    return found


def reversibility_gaps(ctx: Context) -> list[Gap]:
    index = ctx.index
    host = ctx.host_operator_array
    hospital = ctx.hospital_array
    # what keeps data with no way back, off the hospital's own premises, in some offer
    kept = ~exportable(ctx) & ctx.offered & ~hospital & ~((host >= 0) & hospital[host])
    kept &= ~index.of_kind("people") & ctx.stores_array
    found: dict[tuple[str, int], Gap] = {}
    for category in PERSONAL:
        reach = ctx.reaches[category]
        order = reach.array()
        for node in order[kept[order]].tolist():
            for vendor in index.offers[node]:
                if (vendor, node) not in found:
                    found[(vendor, node)] = Gap(vendor, node, category, tuple(reach.path(node)))
    return sorted(found.values(), key=lambda g: (g.vendor, index.ids[g.node]))


def reversibility_findings(ctx: Context, gaps: list[Gap]) -> list[Finding]:
    index = ctx.index
    findings = []
    for gap in gaps:
        operator = index.operator[gap.node]
        certified = index.deletion_certified[gap.node] is True
        own = operator in ctx.own_group(gap.vendor)
        severity: Severity = "minor" if certified and not own else "major"

        def values(
            lang: Lang, gap: Gap = gap, certified: bool = certified, operator: int = operator
        ) -> dict[str, str]:
            return {
                "target": ctx.name(gap.node, lang),
                "entity": ctx.entity_label(operator, lang) if operator >= 0 else "?",
                "category": ctx.category(gap.category, lang),
                "path": ctx.path_text(list(gap.path), lang),
                "deletion": ctx.texts.phrases["deletion_certified"](lang) if certified else "",
            }

        findings.append(
            ctx.finding(
                "FLOW-07",
                "default",
                severity,
                gap.path,
                values,
                vendor=gap.vendor,
                subject=index.ids[gap.node],
            )
        )
    return findings
