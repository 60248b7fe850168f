"""The data-flow graph: a NetworkX ``MultiDiGraph``, and the integer index the analyses run on.

This is the only module that imports networkx, and only when a NetworkX graph is needed. Nodes
carry the fields of :class:`~sovereignty.dataflow.model.Node`; every edge has a ``relation``
attribute: ``flow`` (with the fields of :class:`~sovereignty.dataflow.model.Flow`) or
``operated_by`` / ``hosted_on`` / ``controlled_by``.

The analyses never walk the NetworkX dictionaries: they read one :class:`GraphIndex` (integer
node numbers, edge arrays, category bit masks) built straight from the model. The NetworkX graph
is made only when something asks for it (GraphML, tests, a graph given as NetworkX): building it
costs more than analysing the graph.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sovereignty.core.model import Lang, strip_controls
from sovereignty.dataflow.index import (
    CATEGORY_BIT,
    GraphIndex,
    category_mask,
    index_from_model,
    index_from_rows,
    mask_categories,
)
from sovereignty.dataflow.model import DataflowModel, Flow, Node, Relation

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["CATEGORY_BIT", "FlowGraph", "GraphIndex", "category_mask", "mask_categories"]


class FlowGraph:
    """A data-flow graph: its model (when built from one), its index, and the NetworkX graph,
    each made on first use and cached."""

    def __init__(
        self, graph: nx.MultiDiGraph | None = None, *, model: DataflowModel | None = None
    ) -> None:
        self._model = model
        if graph is None and model is None:
            import networkx as nx

            graph = nx.MultiDiGraph()
        if graph is not None:
            self.__dict__["nx"] = graph

    @classmethod
    def from_model(cls, model: DataflowModel) -> FlowGraph:
        return cls(model=model)

    @cached_property
    def nx(self) -> nx.MultiDiGraph:
        """The NetworkX graph of the model, built on first use (exports, drawing, tests)."""
        import networkx as nx

        self.__dict__["nx"] = nx.MultiDiGraph()
        model = self._model
        assert model is not None
        self.nx.graph["answers"] = model.answers
        for node in model.nodes:
            self.add_node(node)
        for flow in model.flows:
            self.add_flow(flow)
        for relation in model.relations:
            self.add_relation(relation)
        graph: nx.MultiDiGraph = self.nx
        return graph

    # --- building ----------------------------------------------------------------------------
    def add_node(self, node: Node) -> None:
        attrs = dict(node.__dict__)
        del attrs["id"]
        attrs["holds_mask"] = category_mask(node.holds)
        self.nx.add_node(node.id, **attrs)

    def add_flow(self, flow: Flow) -> None:
        attrs = dict(flow.__dict__)
        source, target = attrs.pop("source"), attrs.pop("target")
        attrs["relation"] = "flow"
        attrs["mask"] = category_mask(flow.categories)
        self.nx.add_edge(source, target, **attrs)

    def add_relation(self, relation: Relation) -> None:
        self.nx.add_edge(
            relation.source, relation.target, relation=relation.kind, sources=relation.sources
        )

    # --- reading -----------------------------------------------------------------------------
    @property
    def answers(self) -> dict[str, dict[str, Any]]:
        if self._model is not None:
            return self._model.answers
        answers: dict[str, dict[str, Any]] = self.nx.graph.get("answers", {})
        return answers

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.nx

    def node(self, node_id: str) -> dict[str, Any]:
        attrs: dict[str, Any] = self.nx.nodes[node_id]
        return attrs

    def nodes(self) -> Iterator[tuple[str, dict[str, Any]]]:
        yield from self.nx.nodes(data=True)

    def edges(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        yield from self.nx.edges(data=True)

    def relations_between(self, source: str, target: str) -> set[str]:
        """The kinds of edges from ``source`` to ``target`` ("flow", "hosted_on"...)."""
        data = self.nx.get_edge_data(source, target) or {}
        return {attrs["relation"] for attrs in data.values()}

    def flows_between(self, source: str, target: str) -> list[dict[str, Any]]:
        data = self.nx.get_edge_data(source, target) or {}
        return [attrs for attrs in data.values() if attrs["relation"] == "flow"]

    @property
    def number_of_nodes(self) -> int:
        return self.index.size

    @cached_property
    def number_of_flows(self) -> int:
        return len(self.index.src)

    def offers(self) -> list[str]:
        found: set[str] = set()
        for offers in self.index.offers:
            found.update(offers)
        return sorted(found)

    def restricted_to(self, vendor: str) -> FlowGraph:
        """The part of the graph that belongs to one vendor's offer."""
        if self._model is not None:
            model = self._model
            kept = {n.id for n in model.nodes if vendor in n.offers}
            return FlowGraph.from_model(
                DataflowModel.model_construct(
                    nodes=tuple(n for n in model.nodes if n.id in kept),
                    flows=tuple(
                        f
                        for f in model.flows
                        if f.source in kept and f.target in kept and f.offer in (None, vendor)
                    ),
                    relations=tuple(
                        r for r in model.relations if r.source in kept and r.target in kept
                    ),
                    answers=model.answers,
                )
            )
        keep = [n for n, attrs in self.nodes() if vendor in attrs.get("offers", ())]
        import networkx as nx

        sub = self.nx.subgraph(keep)
        graph = nx.MultiDiGraph()
        graph.graph.update(self.nx.graph)
        graph.add_nodes_from(sub.nodes(data=True))
        graph.add_edges_from(
            (u, v, k, d)
            for u, v, k, d in sub.edges(keys=True, data=True)
            if d["relation"] != "flow" or d.get("offer") in (None, vendor)
        )
        return FlowGraph(graph)

    @cached_property
    def index(self) -> GraphIndex:
        if self._model is not None:
            return index_from_model(self._model)
        return _index_from_nx(self.nx)

    # --- export ------------------------------------------------------------------------------
    def graphml(self, lang: Lang) -> str:
        """GraphML text, node names in ``lang``; tuples become comma-separated strings, missing
        values are left out."""
        import networkx as nx

        plain = nx.MultiDiGraph()
        for node, attrs in self.nx.nodes(data=True):
            named = {k: v for k, v in attrs.items() if k != "name_en"}
            if lang == "en" and attrs.get("name_en"):
                named["name"] = attrs["name_en"]
            plain.add_node(strip_controls(node), **_plain(named))
        for u, v, key, attrs in self.nx.edges(keys=True, data=True):
            plain.add_edge(strip_controls(u), strip_controls(v), key=key, **_plain(attrs))
        buffer = io.BytesIO()
        nx.write_graphml(plain, buffer, encoding="utf-8")
        return buffer.getvalue().decode("utf-8")


def _plain(attrs: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if value is None or value == ():
            continue
        value = ",".join(map(str, value)) if isinstance(value, tuple | list) else value
        # XML cannot hold control characters; names are refused with them on input, this keeps
        # the export whole whatever reached the graph
        out[key] = strip_controls(value) if isinstance(value, str) else value
    return out


_NODE_KEYS = (
    ("kind", None),
    ("name", None),
    ("name_en", None),
    ("hospital", False),
    ("stores_data", True),
    ("deletion_certified", None),
    ("offers", ()),
    ("vendor_of", None),
    ("declared_by", ()),
    ("mentioned_by", ()),
    ("country", None),
    ("locations", ()),
    ("holds", ()),
    ("sources", ()),
)
_FLOW_KEYS = (
    "categories",
    "purpose",
    "encrypted_in_transit",
    "encrypted_at_rest",
    "keys_held_by",
    "readable",
    "sources",
)


def _index_from_nx(graph: nx.MultiDiGraph) -> GraphIndex:
    """The index of a graph given as NetworkX (flow edges in adjacency order)."""
    nodes = [
        (node, *[attrs.get(key, default) for key, default in _NODE_KEYS])
        for node, attrs in graph.nodes(data=True)
    ]
    nodes = [(row[0], row[1], row[2] or row[0], *row[3:]) for row in nodes]  # name: the id
    flows: list[tuple[Any, ...]] = []
    relations: list[tuple[str, str, str]] = []
    for u, v, data in graph.edges(data=True):
        if data["relation"] == "flow":
            flows.append((u, v, *[data.get(key) for key in _FLOW_KEYS]))
        else:
            relations.append((data["relation"], u, v))
    return index_from_rows(nodes, flows, relations)
