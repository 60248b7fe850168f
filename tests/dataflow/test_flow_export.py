"""Exports: GraphML, DOT, Mermaid and PNG, with hostile names escaped, and the shipped texts."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest

from sovereignty.core.errors import UsageError
from sovereignty.dataflow.analyses import analyse_graph
from sovereignty.dataflow.catalogue import catalogue, jurisdictions
from sovereignty.dataflow.draw import draw_png
from sovereignty.dataflow.export import export_graph, to_dot, to_mermaid
from sovereignty.dataflow.generate import Size, generate_ght
from sovereignty.dataflow.graph import FlowGraph
from tests.dataflow.flow_sketch import Sketch

HOSTILE = 'Evil "quoted" \\ back</w:t><w:r> {{ 7*7 }} #1;\nnew line'


def hostile_graph() -> FlowGraph:
    s = Sketch()
    s.system("pacs", "health_identifying", name=HOSTILE)
    s.entity("cloud:co", "us", name="Cloud & Co <script>")
    s.platform("region", "cloud:co", "de")
    s.service("ai", "acme", host="region", name="IA « spéciale »")
    s.flow("pacs", "ai", "health_identifying").flow("ai", "pacs", "health_identifying")
    return s.graph()


def test_graphml_reads_back_with_every_node_and_edge(tmp_path: Path) -> None:
    graph = hostile_graph()
    path = export_graph(graph, tmp_path / "g.graphml", "fr")
    back = nx.read_graphml(path, force_multigraph=True)
    assert set(back.nodes) == set(graph.nx.nodes)
    assert back.number_of_edges() == graph.nx.number_of_edges()
    assert back.nodes["pacs"]["name"] == HOSTILE
    assert back.nodes["pacs"]["holds"] == "health_identifying"


def test_dot_uses_integer_ids_and_escapes_names() -> None:
    dot = to_dot(hostile_graph(), "fr")
    node_ids = re.findall(r"^\s+(\S+) \[label=", dot, re.M)
    assert len(node_ids) == 3 and all(re.fullmatch(r"n\d+", n) for n in node_ids)  # not entities
    assert "cloud:co" not in dot  # ids never reach DOT: pydot reads ':' as a port
    assert '\\"quoted\\"' in dot and "\\\\ back" in dot and "\n new line" not in dot
    assert dot.count("{") == dot.count("}")


def test_mermaid_escapes_quotes_and_markup() -> None:
    text = to_mermaid(hostile_graph(), "en")
    assert text.startswith("flowchart LR")
    assert "#quot;quoted#quot;" in text and "#lt;script#gt;" in text
    for line in text.splitlines()[1:]:
        assert line.count('"') % 2 == 0  # every label closes
    assert "linkStyle 0 stroke:#c0392b" in text  # identifying health data is red


def test_the_png_is_a_real_image_with_a_legend(tmp_path: Path) -> None:
    from PIL import Image

    path = export_graph(hostile_graph(), tmp_path / "g.png", "fr", title="Titre")
    with Image.open(path) as image:
        width, height = image.size
    assert width > 800 and height > 400


def test_a_large_graph_is_drawn_by_aggregate_quickly() -> None:
    import time

    graph = FlowGraph.from_model(
        generate_ght(size=Size(establishments=3, databases=200, vendors=6, providers=6, flows=3000))
    )
    start = time.perf_counter()
    png = draw_png(graph, "en", "GHT")
    assert time.perf_counter() - start < 30
    assert png.startswith(b"\x89PNG")


def test_an_unknown_extension_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"\.graphml"):
        export_graph(hostile_graph(), tmp_path / "g.pdf", "fr")
    assert not (tmp_path / "g.pdf").exists()


def test_every_finding_has_texts_in_both_languages_with_the_same_fields() -> None:
    texts = catalogue()
    assert sorted(texts.findings) == [f"FLOW-0{i}" for i in range(1, 8)]
    allowed = {
        "HOST-01",
        "HOST-02",
        "SUB-01",
        "CRYPTO-01",
        "REV-01",
        "EXIT-01",
        "TRANSFER-01",
        "SEC-01",
    }
    field = re.compile(r"{(\w+)}")
    for spec in texts.findings.values():
        assert set(spec.clauses) <= allowed and spec.legal
        for variant in spec.texts.values():
            parts = [variant.title, variant.explanation] if hasattr(variant, "title") else [variant]
            for text in parts:
                # English capitalises a category that opens a sentence: same field, other form
                fr = {f.removesuffix("_cap") for f in field.findall(text.fr)}
                assert fr == {f.removesuffix("_cap") for f in field.findall(text.en)}


def test_jurisdictions_know_the_eea_and_the_laws_that_reach_into_it() -> None:
    juris = jurisdictions()
    assert len(juris.eea - {"eea"}) == 30
    assert juris.is_eea("no") and not juris.is_eea("ch") and not juris.is_eea("other")
    assert {law("en") for law in juris.laws["us"]} >= {"FISA section 702"}


def test_the_generator_is_deterministic_and_consistent() -> None:
    size = Size(establishments=2, databases=50, vendors=5, providers=5, flows=800)
    first, second = generate_ght(size=size, seed=3), generate_ght(size=size, seed=3)
    assert first.problems() == []
    assert len(first.flows) == 800
    assert [f.source for f in first.flows] == [f.source for f in second.flows]
    analysis = analyse_graph(FlowGraph.from_model(first))
    assert len(analysis.context.vendors) == 5
    assert analysis.findings


def test_a_drawn_label_too_long_cuts_the_name_never_the_locations() -> None:
    from sovereignty.dataflow.draw import fit_label

    text = "NorthBridge Imaging Europe B.V. — processing outside the storage countries"
    lines = fit_label(f"{text} [United States, India]")
    assert len(lines) == 3 and all(len(line) <= 30 for line in lines)
    assert lines[-1] == "[United States, India]" and lines[-2].endswith("…")
    assert fit_label("AI system [France]") == ["AI system [France]"]
    assert len(fit_label(text + " and more words to go past three lines")) == 3


def test_a_flows_purpose_is_named_in_the_language_of_the_export() -> None:
    from typing import get_args

    from sovereignty.dataflow.export import flow_label
    from sovereignty.dataflow.graph import CATEGORY_BIT
    from sovereignty.dataflow.model import Purpose

    mask = CATEGORY_BIT["health_identifying"]
    assert flow_label(mask, "inference", "fr") == "Santé identifiantes · analyse"
    assert flow_label(mask, "inference", "en") == "Identifying health · inference"
    french = {flow_label(mask, p, "fr").split(" · ")[1] for p in get_args(Purpose)}
    assert {"entraînement", "restitution", "supervision"} <= french
    assert not french & {"inference", "training", "monitoring", "export", "other"}
