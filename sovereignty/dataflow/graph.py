"""The data-flow graph: a NetworkX ``MultiDiGraph``, and the compact index the analyses run on.

This is the only module that imports networkx. Nodes carry the fields of
:class:`~sovereignty.dataflow.model.Node`; every edge has a ``relation`` attribute: ``flow`` (with
the fields of :class:`~sovereignty.dataflow.model.Flow`) or ``operated_by`` / ``hosted_on`` /
``controlled_by``.

The analyses do not walk the NetworkX dictionaries edge by edge for each question: they read one
:class:`GraphIndex` (integer node numbers, adjacency lists of flow edges, category bit masks),
built in one pass over the graph, so that each analysis is a handful of linear traversals.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import networkx as nx

from sovereignty.core.model import Lang, strip_controls
from sovereignty.dataflow.model import CATEGORIES, DataflowModel, Flow, Node, Relation

CATEGORY_BIT: dict[str, int] = {c: 1 << i for i, c in enumerate(CATEGORIES)}


def category_mask(categories: Iterable[str]) -> int:
    mask = 0
    for category in categories:
        mask |= CATEGORY_BIT[category]
    return mask


def mask_categories(mask: int) -> tuple[str, ...]:
    return tuple(c for c in CATEGORIES if mask & CATEGORY_BIT[c])


@dataclass
class GraphIndex:
    """The graph as integer-numbered arrays (node ``i`` is ``ids[i]``; flow edge ``e``)."""

    ids: list[str]
    position: dict[str, int]
    kind: list[str]
    name_fr: list[str]  # node names in each language (see Node.name_en): use name(node, lang)
    name_en: list[str]
    hospital: list[bool]
    stores: list[bool]
    deletion_certified: list[bool | None]
    offers: list[tuple[str, ...]]
    vendor_of: list[str | None]
    declared_by: list[tuple[str, ...]]
    mentioned_by: list[tuple[str, ...]]
    country: list[str | None]
    locations: list[tuple[str, ...]]
    holds: list[int]  # category mask of data originating here
    operator: list[int]  # entity operating the node, -1 if none
    host: list[int]  # platform the node is hosted on, -1 if none
    parent: list[int]  # entities: controlling parent, -1 if none
    out_edges: list[list[int]]  # flow edge numbers leaving each node
    in_edges: list[list[int]]
    e_source: list[int] = field(default_factory=list)
    e_target: list[int] = field(default_factory=list)
    e_mask: list[int] = field(default_factory=list)
    e_purpose: list[str] = field(default_factory=list)
    e_transit: list[bool | None] = field(default_factory=list)
    e_rest: list[bool | None] = field(default_factory=list)
    e_keys: list[str | None] = field(default_factory=list)
    e_readable: list[bool | None] = field(default_factory=list)
    e_sources: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.ids)

    def name(self, node: int, lang: Lang) -> str:
        return self.name_fr[node] if lang == "fr" else self.name_en[node]

    def host_operator(self, node: int) -> int:
        """The entity operating the platform ``node`` runs on (itself, for a platform)."""
        platform = self.host[node]
        if platform < 0:
            return self.operator[node] if self.kind[node] == "platform" else -1
        return self.operator[platform]

    def node_locations(self, node: int) -> tuple[str, ...]:
        """Where the node runs: its own locations, else its platform's."""
        if self.locations[node]:
            return self.locations[node]
        platform = self.host[node]
        return self.locations[platform] if platform >= 0 else ()


class FlowGraph:
    """A data-flow graph: the NetworkX graph plus its index, built once and cached."""

    def __init__(self, graph: nx.MultiDiGraph | None = None) -> None:
        self.nx: nx.MultiDiGraph = graph if graph is not None else nx.MultiDiGraph()

    @classmethod
    def from_model(cls, model: DataflowModel) -> FlowGraph:
        graph = cls()
        graph.nx.graph["answers"] = model.answers
        for node in model.nodes:
            graph.add_node(node)
        for flow in model.flows:
            graph.add_flow(flow)
        for relation in model.relations:
            graph.add_relation(relation)
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
        return int(self.nx.number_of_nodes())

    @cached_property
    def number_of_flows(self) -> int:
        return len(self.index.e_source)

    def offers(self) -> list[str]:
        found: set[str] = set()
        for _, attrs in self.nodes():
            found.update(attrs.get("offers", ()))
        return sorted(found)

    def restricted_to(self, vendor: str) -> FlowGraph:
        """The part of the graph that belongs to one vendor's offer."""
        keep = [n for n, attrs in self.nodes() if vendor in attrs.get("offers", ())]
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
        return _build_index(self.nx)

    # --- export ------------------------------------------------------------------------------
    def graphml(self, lang: Lang) -> str:
        """GraphML text, node names in ``lang``; tuples become comma-separated strings, missing
        values are left out."""
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


def _build_index(graph: nx.MultiDiGraph) -> GraphIndex:
    ids = list(graph.nodes)
    position = {node: i for i, node in enumerate(ids)}
    attrs = [graph.nodes[node] for node in ids]
    n = len(ids)
    names = [a.get("name", node) for a, node in zip(attrs, ids, strict=True)]
    index = GraphIndex(
        ids=ids,
        position=position,
        kind=[a["kind"] for a in attrs],
        name_fr=names,
        name_en=[a.get("name_en") or name for a, name in zip(attrs, names, strict=True)],
        hospital=[bool(a.get("hospital")) for a in attrs],
        stores=[bool(a.get("stores_data", True)) for a in attrs],
        deletion_certified=[a.get("deletion_certified") for a in attrs],
        offers=[tuple(a.get("offers", ())) for a in attrs],
        vendor_of=[a.get("vendor_of") for a in attrs],
        declared_by=[tuple(a.get("declared_by", ())) for a in attrs],
        mentioned_by=[tuple(a.get("mentioned_by", ())) for a in attrs],
        country=[a.get("country") for a in attrs],
        locations=[tuple(a.get("locations", ())) for a in attrs],
        holds=[a.get("holds_mask", 0) for a in attrs],
        operator=[-1] * n,
        host=[-1] * n,
        parent=[-1] * n,
        out_edges=[[] for _ in range(n)],
        in_edges=[[] for _ in range(n)],
    )
    e_source, e_target, e_mask = index.e_source, index.e_target, index.e_mask
    e_purpose, e_transit, e_rest = index.e_purpose, index.e_transit, index.e_rest
    e_keys, e_readable, e_sources = index.e_keys, index.e_readable, index.e_sources
    out_edges, in_edges = index.out_edges, index.in_edges
    operator, host, parent = index.operator, index.host, index.parent
    edge = 0
    # The adjacency dictionaries directly: several times faster than the edge views.
    for u, neighbours in graph._adj.items():
        iu = position[u]
        out_u = out_edges[iu]
        for v, keyed in neighbours.items():
            iv = position[v]
            for data in keyed.values():
                relation = data["relation"]
                if relation == "flow":
                    e_source.append(iu)
                    e_target.append(iv)
                    e_mask.append(data["mask"])
                    e_purpose.append(data["purpose"])
                    e_transit.append(data["encrypted_in_transit"])
                    e_rest.append(data["encrypted_at_rest"])
                    e_keys.append(data["keys_held_by"])
                    e_readable.append(data["readable"])
                    e_sources.append(data["sources"])
                    out_u.append(edge)
                    in_edges[iv].append(edge)
                    edge += 1
                elif relation == "operated_by":
                    if operator[iu] < 0:
                        operator[iu] = iv
                elif relation == "hosted_on":
                    if host[iu] < 0:
                        host[iu] = iv
                elif relation == "controlled_by" and parent[iu] < 0 and iu != iv:
                    parent[iu] = iv
    return index
