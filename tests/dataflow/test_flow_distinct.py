"""The array helpers the fast paths rest on give what numpy's own (slower) ones give: distinct
values, first appearances, classes; several searches run together give each search's own
result; the index reads a model's flows the way the NetworkX route does."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sovereignty.dataflow.analyses.sparse import edge_search, edge_searches
from sovereignty.dataflow.distinct import classes, distinct, first_places
from sovereignty.dataflow.generate import generate_ght
from sovereignty.dataflow.graph import FlowGraph, _index_from_nx
from sovereignty.dataflow.index import CATEGORY_BIT, FieldView, GraphIndex, numbered

values = st.lists(st.integers(-5, 40), max_size=60).map(lambda v: np.array(v, dtype=np.int64))


@settings(max_examples=200)
@given(values)
def test_distinct_and_first_places_agree_with_numpy_unique(array: np.ndarray) -> None:
    expected, first = np.unique(array, return_index=True)
    assert distinct(array).tolist() == expected.tolist()
    assert first_places(array).tolist() == sorted(first.tolist())


@settings(max_examples=200)
@given(values)
def test_classes_number_values_by_ascending_value(array: np.ndarray) -> None:
    _, first, inverse = np.unique(array, return_index=True, return_inverse=True)
    representatives, number = classes(array)
    assert representatives.tolist() == first.tolist()
    assert number.tolist() == inverse.reshape(-1).tolist()


def test_numbered_numbers_values_in_order_of_first_appearance() -> None:
    codes, table = numbered([("fr",), (), ("fr",), ("us", "fr"), ()])
    assert codes.tolist() == [0, 1, 0, 2, 1]
    assert table == {("fr",): 0, (): 1, ("us", "fr"): 2}


def test_searches_run_together_give_each_search_alone() -> None:
    index = FlowGraph.from_model(generate_ght(0.05, seed=2)).index
    holders = [i for i in range(index.size) if index.holds[i]]
    asked = [
        (holders, CATEGORY_BIT["health_identifying"]),
        (holders[::-1], CATEGORY_BIT["logs"]),
        ([0, 0, *holders[:3]], None),  # a repeated source counts once
    ]
    together = edge_searches(index, asked)
    for (sources, bit), (order, parent) in zip(asked, together, strict=True):
        assert (order.tolist(), parent.tolist()) == edge_search(index, sources, bit)
        assert order.tolist(), "each search reaches something"


def test_the_index_reads_a_models_flows_as_the_networkx_route_does() -> None:
    model = generate_ght(0.05, seed=4)
    flows = tuple(
        f.model_copy(update={"sources": (f"answers:q{i}",)}) for i, f in enumerate(model.flows)
    )
    model = model.model_copy(update={"flows": flows})
    direct = FlowGraph.from_model(model).index
    via_nx = _index_from_nx(FlowGraph.from_model(model).nx)  # flows in adjacency order
    assert isinstance(direct.e_sources, FieldView)
    assert list(direct.e_sources) == [f.sources for f in flows]
    assert direct.e_sources[1:3] == [f.sources for f in flows[1:3]]

    def rows(index: GraphIndex) -> list[tuple[object, ...]]:
        columns = ("src", "dst", "mask", "purpose", "transit", "rest", "keys", "readable")
        ends = [getattr(index, c).tolist() for c in columns]
        return sorted(
            (index.ids[s], index.ids[t], *rest, index.e_sources[e])
            for e, (s, t, *rest) in enumerate(zip(*ends, strict=True))
        )

    assert rows(direct) == rows(via_nx)
    assert direct.ids == via_nx.ids
    assert [direct.name(i, "en") for i in range(direct.size)] == [
        via_nx.name(i, "en") for i in range(via_nx.size)
    ]
    assert (direct.operator, direct.host, direct.parent) == (
        via_nx.operator,
        via_nx.host,
        via_nx.parent,
    )
