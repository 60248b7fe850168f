"""Names the answers imply ("— AI system", "Hosting — ...") follow the output language: in the
text output, the findings, GraphML and the demo summary; node ids never change with it."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
from pydantic import ValidationError

from sovereignty.dataflow.catalogue import Catalogue, catalogue, node_name
from sovereignty.dataflow.export import export_graph, node_label
from sovereignty.services.demo import build_demo_tender
from sovereignty.services.flows import demo_step, install_demo_flows, vendor_flows
from sovereignty.tender.folder import Tender
from tests.cli.entry_point import run

FRENCH_GENERATED = re.compile(
    r"système d'IA|Hébergement —|Administrateurs —|services en ligne|traitement hors des pays"
    r"|\((sauvegarde|supervision)\)|Hébergeur non précisé|Sous-traitant \d|nœuds"
)
ENGLISH_GENERATED = re.compile(r"— AI system|Hosting —|Administrators —|online services|nodes\b")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Tender:
    tender = build_demo_tender(tmp_path_factory.mktemp("flow-names") / "tender")
    install_demo_flows(tender)
    return tender


def test_the_english_text_output_has_english_names_only(
    demo: Tender, capsys: pytest.CaptureFixture[str]
) -> None:
    code, english, err = run(
        capsys, "flows", "northbridge", "--dir", str(demo.root), "--lang", "en"
    )
    assert code == 0, err
    assert "NorthBridge Imaging Europe B.V. — AI system" in english
    assert "Administrators — Stratus Web Services EMEA SARL" in english
    assert FRENCH_GENERATED.search(english) is None, FRENCH_GENERATED.search(english)
    code, french, _ = run(capsys, "flows", "northbridge", "--dir", str(demo.root), "--lang", "fr")
    assert "NorthBridge Imaging Europe B.V. — système d'IA" in french
    assert "Administrateurs — Stratus Web Services EMEA SARL" in french
    assert ENGLISH_GENERATED.search(french) is None, ENGLISH_GENERATED.search(french)


def test_finding_texts_name_nodes_in_their_own_language(demo: Tender) -> None:
    report = vendor_flows(demo, "radiance")
    texts = [(f.explanation.fr, f.explanation.en) for f in report.findings]
    assert texts
    assert any("Radiance Santé SAS — services en ligne" in fr for fr, _ in texts)
    assert any("Radiance Santé SAS — online services" in en for _, en in texts)
    for fr, en in texts:
        assert FRENCH_GENERATED.search(en) is None, en
        assert ENGLISH_GENERATED.search(fr) is None, fr


def test_graphml_names_follow_the_language_and_ids_do_not(demo: Tender, tmp_path: Path) -> None:
    graph = vendor_flows(demo, "radiance").graph
    read = {
        lang: nx.read_graphml(export_graph(graph, tmp_path / f"{lang}.graphml", lang))
        for lang in ("fr", "en")
    }
    assert set(read["fr"].nodes) == set(read["en"].nodes)
    names = {lang: dict(g.nodes(data="name")) for lang, g in read.items()}
    assert names["en"]["svc:radiance/ai"] == "Radiance Santé SAS — AI system"
    assert names["fr"]["svc:radiance/ai"] == "Radiance Santé SAS — système d'IA"
    backup = "svc:sauvegarde-atlantique/backup"
    assert names["en"][backup] == "Sauvegarde Atlantique SAS (backup)"
    assert names["fr"][backup] == "Sauvegarde Atlantique SAS (sauvegarde)"
    assert names["en"]["entity:ligerien-datacenters"] == "Ligérien Datacenters SAS"  # a name
    assert not any(FRENCH_GENERATED.search(str(n)) for n in names["en"].values())
    assert "name_en" not in read["en"].nodes["svc:radiance/ai"]


def test_the_short_drawing_label_drops_the_operator_in_either_language(demo: Tender) -> None:
    graph = vendor_flows(demo, "northbridge").graph
    node = graph.index.position["svc:northbridge/ai"]
    assert node_label(graph, node, "en", short=True).startswith("AI system")
    assert node_label(graph, node, "fr", short=True).startswith("Système d'IA")


def test_the_demo_summary_is_in_one_language(demo: Tender, tmp_path: Path) -> None:
    english = "\n".join(demo_step(demo, tmp_path / "en", "en").summary)
    french = "\n".join(demo_step(demo, tmp_path / "fr", "fr").summary)
    assert re.search(r"\d+ nodes, \d+ flows", english) and "nœuds" not in english
    assert re.search(r"\d+ nœuds, \d+ flux", french) and "nodes" not in french
    assert "no finding" in english and "aucun constat" not in english


def test_generated_names_fill_names_from_the_answers_as_data() -> None:
    name = node_name("hosting", name="{0} {name!r} Évil")
    assert name.fr == "Hébergement — {0} {name!r} Évil"
    assert name.en == "Hosting — {0} {name!r} Évil"
    nested = node_name("administrators", name=node_name("unnamed_host"))
    assert (nested.fr, nested.en) == (
        "Administrateurs — Hébergeur non précisé",
        "Administrators — Host not named",
    )


def test_the_catalogue_must_name_every_generated_node_in_both_languages() -> None:
    data = catalogue().model_dump(by_alias=True)
    del data["node_names"]["ai_system"]
    with pytest.raises(ValidationError, match="node_names: missing ai_system"):
        Catalogue.model_validate(data)
    data = catalogue().model_dump(by_alias=True)
    data["node_names"]["hosting"] = {"fr": "Hébergement — {name}", "en": "Hosting"}
    mismatch = r"node_names\.hosting: .* \(French \['name'\], English \[\]\)"
    with pytest.raises(ValidationError, match=mismatch):
        Catalogue.model_validate(data)


def test_french_finding_texts_elide_de_before_a_vowel() -> None:
    from sovereignty.dataflow.analyses.context import _elide

    assert _elide("exploitant de API Atlas-4, relève de OpenScan") == (
        "exploitant d'API Atlas-4, relève d'OpenScan"
    )
    assert _elide("de la base et de Radiance") == "de la base et de Radiance"


def test_the_diagram_is_drawn_at_print_size_with_countries_named_and_text_inside_its_boxes(
    demo: Tender,
) -> None:
    import io

    from PIL import Image

    from sovereignty.core.picture import text_width
    from sovereignty.dataflow.draw import PAGE_WIDTH, TEXT_PT, _layout, draw_png

    graph = vendor_flows(demo, "northbridge").graph
    drawn, _, _, _ = _layout(graph, "fr")
    words = " ".join(" ".join(b.label) for d in drawn for b in d.boxes)
    titles = " ".join(" ".join(d.title) for d in drawn)
    assert "Allemagne" in words and "Luxembourg" in titles and "Pays-Bas" in titles
    assert "autre pays de l'EEE" not in words + titles
    received = [line for d in drawn for b in d.boxes for line in b.receives]
    assert any("santé identifiantes" in line for line in received)  # what leaves the EEA
    for d in drawn:
        for box in d.boxes:
            for line in box.label:
                assert text_width(line, TEXT_PT) <= box.width, line  # in the font drawn
    png = draw_png(graph, "fr", dpi=100)
    assert Image.open(io.BytesIO(png)).size[0] == PAGE_WIDTH * 100
