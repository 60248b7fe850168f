"""Run every analysis on a graph and gather the results and findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sovereignty.core.model import Lang
from sovereignty.dataflow.analyses.context import Context
from sovereignty.dataflow.analyses.control import Exposure, exposures, extraterritorial_findings
from sovereignty.dataflow.analyses.custody import (
    ClearTransit,
    Reader,
    clear_readers,
    custody_findings,
)
from sovereignty.dataflow.analyses.reach import ReachEntry, health_outside_eea, reach_table
from sovereignty.dataflow.analyses.resilience import (
    Concentration,
    SinglePoint,
    concentration,
    concentration_findings,
    single_point_findings,
    single_points,
)
from sovereignty.dataflow.analyses.reversibility import (
    Gap,
    reversibility_findings,
    reversibility_gaps,
)
from sovereignty.dataflow.analyses.suppliers import (
    Rank,
    Undeclared,
    chain_depths,
    supplier_findings,
    undeclared_hops,
)
from sovereignty.dataflow.graph import FlowGraph
from sovereignty.dataflow.index import paused_collection
from sovereignty.findings.model import Finding, sort_findings


@dataclass
class FlowAnalysis:
    context: Context
    reach: list[ReachEntry] = field(default_factory=list)
    exposures: list[Exposure] = field(default_factory=list)
    readers: list[Reader] = field(default_factory=list)
    transits: list[ClearTransit] = field(default_factory=list)
    ranks: list[Rank] = field(default_factory=list)
    undeclared: list[Undeclared] = field(default_factory=list)
    single_points: list[SinglePoint] = field(default_factory=list)
    concentration: list[Concentration] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def graph(self) -> FlowGraph:
        return self.context.graph

    def findings_of(self, vendor: str | None) -> list[Finding]:
        return [f for f in self.findings if f.vendor == vendor]

    def to_data(self, lang: Lang) -> dict[str, Any]:
        """Plain data for ``--json``: tables with node ids, and the findings."""
        ctx = self.context
        ids = ctx.index.ids

        def path(nodes: tuple[int, ...]) -> list[str]:
            return [ids[i] for i in nodes]

        return {
            "nodes": ctx.graph.number_of_nodes,
            "flows": ctx.graph.number_of_flows,
            "vendors": ctx.vendors,
            "reach": [
                {
                    "vendor": e.vendor,
                    "category": e.category,
                    "country": e.country,
                    "country_name": ctx.country(e.country, lang),
                    "eea": ctx.juris.is_eea(e.country),
                    "access": e.access,
                    "node": ids[e.node],
                    "path": path(e.path),
                }
                for e in self.reach
            ],
            "readers": [
                {
                    "vendor": r.vendor,
                    "entity": ids[r.entity],
                    "role": r.role,
                    "node": ids[r.node],
                    "category": r.category,
                    "reason": r.reason,
                    "path": path(r.path),
                }
                for r in self.readers
            ],
            "chain_depths": [
                {
                    "vendor": r.vendor,
                    "entity": ids[r.entity],
                    "depth": r.depth,
                    "path": path(r.path),
                }
                for r in self.ranks
            ],
            "single_points": [
                {"vendor": s.vendor, "entity": ids[s.entity], "role": s.role, "node": ids[s.node]}
                for s in self.single_points
            ],
            "concentration": [
                {"group": ids[c.group], "vendors": list(c.vendors)} for c in self.concentration
            ],
            "reversibility_gaps": [
                {"vendor": g.vendor, "node": ids[g.node], "category": g.category} for g in self.gaps
            ],
            "findings": [f.model_dump(mode="json") for f in self.findings],
        }


def analyse_graph(graph: FlowGraph) -> FlowAnalysis:
    """Every analysis, in one pass each over the shared per-category reachability."""
    with paused_collection():
        return _analyse(Context(graph))


def _analyse(ctx: Context) -> FlowAnalysis:
    result = FlowAnalysis(ctx)
    result.reach = reach_table(ctx)
    result.exposures = exposures(ctx)
    result.readers, result.transits = clear_readers(ctx)
    result.ranks = chain_depths(ctx)
    result.undeclared = undeclared_hops(ctx)
    result.single_points = single_points(ctx)
    result.concentration = concentration(ctx) if len(ctx.vendors) >= 2 else []
    result.gaps = reversibility_gaps(ctx)
    result.findings = sort_findings(
        [
            *health_outside_eea(ctx, result.reach),
            *extraterritorial_findings(ctx, result.exposures),
            *custody_findings(ctx, result.readers, result.transits),
            *supplier_findings(ctx, result.ranks, result.undeclared),
            *single_point_findings(ctx, result.single_points),
            *concentration_findings(ctx, result.concentration),
            *reversibility_findings(ctx, result.gaps),
        ]
    )
    return result
