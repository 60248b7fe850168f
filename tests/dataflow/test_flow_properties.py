"""Property tests on small random graphs: witness paths are real paths whose edges carry the
category, they are shortest, and reachability agrees with a brute-force fixpoint."""

from __future__ import annotations

import itertools

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sovereignty.dataflow.analyses import analyse_graph
from sovereignty.dataflow.analyses.resilience import immediate_dominators
from sovereignty.dataflow.graph import FlowGraph
from sovereignty.dataflow.model import CATEGORIES
from tests.dataflow.flow_sketch import Sketch, real_path

COUNTRIES = ("fr", "de", "us", "in", "ch")


@st.composite
def random_graphs(draw: st.DrawFn) -> FlowGraph:
    s = Sketch()
    systems = draw(st.integers(1, 4))
    services = draw(st.integers(1, 7))
    orgs = [s.entity(f"org{i}", draw(st.sampled_from(COUNTRIES))) for i in range(3)]
    for i in range(1, 3):
        if draw(st.booleans()):
            s.controlled(orgs[i - 1], orgs[i])
    nodes = []
    for i in range(systems):
        holds = draw(st.lists(st.sampled_from(CATEGORIES), max_size=2, unique=True))
        nodes.append(s.system(f"sys{i}", *holds))
    for i in range(services):
        operator = draw(st.sampled_from(["acme", *orgs]))
        kind = draw(st.sampled_from(["service", "people", "model_api"]))
        locations = tuple(draw(st.lists(st.sampled_from(COUNTRIES), max_size=2, unique=True)))
        nodes.append(s.service(f"svc{i}", operator, kind=kind, locations=locations))
    for _ in range(draw(st.integers(0, 18))):
        source, target = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
        if source == target:
            continue
        s.flow(
            source,
            target,
            *draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=3, unique=True)),
            purpose=draw(st.sampled_from(["inference", "results", "export"])),
            encrypted_at_rest=draw(st.sampled_from([True, False, None])),
            keys_held_by=draw(st.sampled_from(["hospital", "vendor", "host", None])),
            encrypted_in_transit=draw(st.sampled_from([True, False, None])),
        )
    return s.graph()


def carries(graph: FlowGraph, u: str, v: str, category: str) -> bool:
    return any(category in flow["categories"] for flow in graph.flows_between(u, v))


def brute_force_reach(graph: FlowGraph, category: str, origins: set[str]) -> dict[str, int]:
    """Distance from the nearest origin, by relaxing every flow until nothing changes."""
    distance = dict.fromkeys(origins, 0)
    changed = True
    while changed:
        changed = False
        for u, v, attrs in graph.edges():
            carried = attrs["relation"] == "flow" and category in attrs["categories"]
            if carried and u in distance and distance[u] + 1 < distance.get(v, 1 << 30):
                distance[v] = distance[u] + 1
                changed = True
    return distance


def brute_force_origins(graph: FlowGraph, category: str) -> set[str]:
    incoming = {
        v for _, v, a in graph.edges() if a["relation"] == "flow" and category in a["categories"]
    }
    outgoing = {
        u for u, _, a in graph.edges() if a["relation"] == "flow" and category in a["categories"]
    }
    held = {n for n, a in graph.nodes() if category in a.get("holds", ())}
    return held | (outgoing - incoming)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(random_graphs())
def test_reachability_agrees_with_a_brute_force_fixpoint(graph: FlowGraph) -> None:
    analysis = analyse_graph(graph)
    ctx = analysis.context
    ids = ctx.index.ids
    for category in CATEGORIES:
        origins = {ids[i] for i in ctx.origins[category]}
        assert origins == brute_force_origins(graph, category)
        expected = brute_force_reach(graph, category, origins)
        reach = ctx.reaches[category]
        assert {ids[i] for i in reach.order} == set(expected)
        for node in reach.order:
            path = [ids[i] for i in reach.path(node)]
            assert len(path) - 1 == expected[ids[node]]  # a shortest witness


@SETTINGS
@given(random_graphs())
def test_every_witness_path_is_real_and_its_edges_carry_the_category(graph: FlowGraph) -> None:
    analysis = analyse_graph(graph)
    ids = analysis.context.index.ids
    for entry in analysis.reach:
        path = [ids[i] for i in entry.path]
        assert path[-1] == ids[entry.node]
        assert path[0] in {ids[i] for i in analysis.context.origins[entry.category]}
        assert all(carries(graph, u, v, entry.category) for u, v in itertools.pairwise(path))
        assert (
            entry.country in graph.node(path[-1]).get("locations", ())
            or entry.access == "jurisdiction"
            or (analysis.context.index.host[entry.node] >= 0)
        )
    for finding in analysis.findings:
        assert finding.path and real_path(graph, finding.path), finding


@SETTINGS
@given(random_graphs())
def test_the_reach_table_has_one_entry_per_category_and_country_reached(graph: FlowGraph) -> None:
    analysis = analyse_graph(graph)
    ctx = analysis.context
    expected = set()
    for category in CATEGORIES:
        for node in ctx.reaches[category].order:
            if ctx.index.offers[node]:
                for country in ctx.index.node_locations(node):
                    expected.add((category, country))
    located = {(e.category, e.country) for e in analysis.reach if e.access != "jurisdiction"}
    assert located == expected


@SETTINGS
@given(random_graphs())
def test_dominators_agree_with_networkx(graph: FlowGraph) -> None:
    index = graph.index
    roots = [i for i in range(index.size) if index.hospital[i] and index.kind[i] != "entity"]
    mine = immediate_dominators(index, roots)
    flows = nx.DiGraph()
    flows.add_nodes_from(range(index.size + 1))
    flows.add_edges_from((index.size, r) for r in roots)
    flows.add_edges_from(zip(index.e_source, index.e_target, strict=True))
    theirs = nx.immediate_dominators(flows, index.size)
    for node in range(index.size):
        if node not in theirs:
            assert mine[node] == -2
        else:
            assert mine[node] == (-1 if theirs[node] == index.size else theirs[node])
