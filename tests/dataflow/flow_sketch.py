"""Hand-built data-flow graphs for tests: a few lines per graph, known answers."""

from __future__ import annotations

import itertools
from typing import Any

from sovereignty.dataflow.analyses import FlowAnalysis, analyse_graph
from sovereignty.dataflow.graph import FlowGraph
from sovereignty.dataflow.model import DataflowModel, Flow, Node, Relation


class Sketch:
    """A small GHT: hospital ``chu``, vendor ``acme`` by default; ids are short on purpose."""

    def __init__(self, vendor: str = "acme", vendor_country: str = "fr") -> None:
        self.vendor = vendor
        self.nodes: dict[str, Node] = {}
        self.flows: list[Flow] = []
        self.relations: list[Relation] = []
        self.answers: dict[str, dict[str, Any]] = {}
        self.entity("chu", "fr", hospital=True)
        self.entity(vendor, vendor_country, vendor_of=vendor)

    def _add(self, node_id: str, kind: str, **fields: Any) -> str:
        fields.setdefault("name", node_id)
        fields.setdefault("offers", (self.vendor,))
        self.nodes[node_id] = Node(id=node_id, kind=kind, **fields)  # type: ignore[arg-type]
        return node_id

    def entity(
        self, node_id: str, country: str | None, parent: str | None = None, **fields: Any
    ) -> str:
        fields.setdefault("declared_by", (self.vendor,))
        self._add(node_id, "entity", country=country, **fields)
        if parent:
            self.controlled(node_id, parent)
        return node_id

    def controlled(self, child: str, parent: str) -> None:
        self.relations.append(Relation(kind="controlled_by", source=child, target=parent))

    def system(self, node_id: str, *holds: str, operator: str = "chu", **fields: Any) -> str:
        fields.setdefault("locations", ("fr",))
        self._add(node_id, "hospital_system", hospital=True, holds=holds, **fields)
        self.operated(node_id, operator)
        return node_id

    def service(
        self,
        node_id: str,
        operator: str,
        host: str | None = None,
        kind: str = "service",
        **fields: Any,
    ) -> str:
        self._add(node_id, kind, **fields)
        self.operated(node_id, operator)
        if host:
            self.relations.append(Relation(kind="hosted_on", source=node_id, target=host))
        return node_id

    def platform(self, node_id: str, operator: str, *locations: str, **fields: Any) -> str:
        return self.service(node_id, operator, kind="platform", locations=locations, **fields)

    def operated(self, node_id: str, entity: str) -> None:
        self.relations.append(Relation(kind="operated_by", source=node_id, target=entity))

    def flow(self, source: str, target: str, *categories: str, **fields: Any) -> Sketch:
        fields.setdefault("offer", self.vendor)
        self.flows.append(Flow(source=source, target=target, categories=categories, **fields))
        return self

    def model(self) -> DataflowModel:
        return DataflowModel(
            nodes=tuple(self.nodes.values()),
            flows=tuple(self.flows),
            relations=tuple(self.relations),
            answers=self.answers,
        )

    def graph(self) -> FlowGraph:
        model = self.model()
        assert model.problems() == []
        return FlowGraph.from_model(model)

    def analyse(self) -> FlowAnalysis:
        return analyse_graph(self.graph())


def ids(analysis: FlowAnalysis, finding_id: str) -> list[str | None]:
    """Subjects of the findings with ``finding_id``."""
    return [f.subject for f in analysis.findings if f.id == finding_id]


def real_path(graph: FlowGraph, path: tuple[str, ...] | list[str]) -> bool:
    """Each consecutive pair is joined by some edge of the graph."""
    return all(graph.relations_between(u, v) for u, v in itertools.pairwise(path))
