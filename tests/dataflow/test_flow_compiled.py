"""The compiled paths (scipy searches, igraph dominators), used above a size threshold, give
exactly what the Python paths give: forced on small random graphs and on a synthetic GHT."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from sovereignty.dataflow.analyses import analyse_graph, sparse
from sovereignty.dataflow.generate import generate_ght
from sovereignty.dataflow.graph import FlowGraph
from tests.dataflow.test_flow_properties import random_graphs

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def both_ways(graph: FlowGraph, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    def run() -> object:
        analysis = analyse_graph(FlowGraph.from_model(graph._model))  # type: ignore[arg-type]
        return [f.model_dump(mode="json") for f in analysis.findings], [
            (r.category, r.order, r.parent) for r in analysis.context.reaches.values()
        ]

    with monkeypatch.context() as patched:
        patched.setattr(sparse, "sys", type("NoModules", (), {"modules": {}}))  # Python paths
        python = run()
    with monkeypatch.context() as patched:
        patched.setattr(sparse, "COMPILED_FROM", 0)
        patched.setattr(sparse, "DOMINATORS_COMPILED_FROM", 0)
        compiled = run()
    return python, compiled


@SETTINGS
@given(random_graphs())
def test_compiled_and_python_paths_agree_on_random_graphs(graph: FlowGraph) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        python, compiled = both_ways(graph, monkeypatch)
    assert python == compiled


def test_compiled_and_python_paths_agree_on_a_synthetic_ght(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    graph = FlowGraph.from_model(generate_ght(0.05, seed=3))
    python, compiled = both_ways(graph, monkeypatch)
    assert python == compiled
