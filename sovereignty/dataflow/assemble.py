"""Accumulating nodes, flows and relations into a :class:`DataflowModel`, merging as it goes.

The same node declared twice (by two answers, by the answers and the flows file, by two vendors
of a GHT) becomes one node: list fields are united, the first known value of the others is kept,
``hospital`` and ``stores_data`` are true if any declaration says so. A node has one operator,
one platform and one controlling parent: the first declared wins.
"""

from __future__ import annotations

from typing import Any

from sovereignty.core.model import Text
from sovereignty.dataflow.model import DataflowModel, Flow, Node, NodeKind, Relation, RelationKind

_UNION = (
    "locations",
    "holds",
    "offers",
    "declared_by",
    "mentioned_by",
    "certifications",
    "sources",
)
_ANY = ("hospital", "stores_data")


class Assembler:
    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.flows: list[Flow] = []
        self._flow_keys: set[tuple[Any, ...]] = set()
        self.relations: dict[tuple[RelationKind, str], Relation] = {}
        self.answers: dict[str, dict[str, Any]] = {}

    def node(self, node_id: str, kind: NodeKind, name: str | Text, **fields: Any) -> str:
        """Add or merge a node; a ``Text`` name is a generated one, kept in both languages."""
        if isinstance(name, Text):
            fields["name_en"] = name.en if name.en != name.fr else None
            name = name.fr
        fields = {k: v for k, v in fields.items() if v is not None}
        for key in _UNION:
            if key in fields:
                fields[key] = tuple(fields[key])
        current = self.nodes.get(node_id)
        if current is None:
            self.nodes[node_id] = {"id": node_id, "kind": kind, "name": name, **fields}
            return node_id
        for key, value in fields.items():
            if key == "name_en":  # the name is the first declaration's, in both languages
                continue
            if key in _UNION:
                current[key] = tuple(dict.fromkeys((*current.get(key, ()), *value)))
            elif key in _ANY:
                current[key] = bool(current.get(key, key == "stores_data")) or bool(value)
            elif current.get(key) is None:
                current[key] = value
        return node_id

    def has(self, node_id: str) -> bool:
        return node_id in self.nodes

    def relate(
        self, kind: RelationKind, source: str, target: str, sources: tuple[str, ...] = ()
    ) -> None:
        if source == target:
            return
        self.relations.setdefault(
            (kind, source), Relation(kind=kind, source=source, target=target, sources=sources)
        )

    def operator_of(self, node_id: str) -> str | None:
        relation = self.relations.get(("operated_by", node_id))
        return relation.target if relation else None

    def host_of(self, node_id: str) -> str | None:
        relation = self.relations.get(("hosted_on", node_id))
        return relation.target if relation else None

    def flow(self, flow: Flow) -> None:
        key = (
            flow.source,
            flow.target,
            flow.categories,
            flow.purpose,
            flow.encrypted_at_rest,
            flow.keys_held_by,
            flow.readable,
            flow.encrypted_in_transit,
            flow.offer,
        )
        if key not in self._flow_keys:
            self._flow_keys.add(key)
            self.flows.append(flow)

    def add_model(self, model: DataflowModel) -> None:
        for node in model.nodes:
            fields = node.model_dump(exclude={"id", "kind", "name"})
            self.node(node.id, node.kind, node.name, **fields)
        for flow in model.flows:
            self.flow(flow)
        for relation in model.relations:
            self.relate(relation.kind, relation.source, relation.target, relation.sources)
        for vendor, answers in model.answers.items():
            self.answers.setdefault(vendor, {}).update(answers)

    def model(self) -> DataflowModel:
        return DataflowModel(
            nodes=tuple(Node.model_validate(fields) for fields in self.nodes.values()),
            flows=tuple(self.flows),
            relations=tuple(self.relations.values()),
            answers=self.answers,
        )


def merge_models(models: list[DataflowModel]) -> DataflowModel:
    """One GHT model from several vendors' and establishments' models: shared nodes merge."""
    assembler = Assembler()
    for model in models:
        assembler.add_model(model)
    return assembler.model()
