"""Building an offer's graph from its answer sheet, and merging offers into one GHT graph."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sovereignty.dataflow.analyses import analyse_graph
from sovereignty.dataflow.answers import OfferAnswers, purpose_of
from sovereignty.dataflow.build import HospitalSide, build_offer_model
from sovereignty.dataflow.graph import FlowGraph
from sovereignty.dataflow.model import DataflowModel, slug
from sovereignty.services.demo import build_demo_tender
from sovereignty.services.flows import offer_answers
from sovereignty.services.offer import load_offer
from sovereignty.tender.folder import Tender

GHT = HospitalSide(
    "CHU de Port-Sainte-Anne",
    (("chu-psa", "CHU de Port-Sainte-Anne", "support"), ("ch-valmont", "CH de Valmont", "member")),
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Tender:
    return build_demo_tender(tmp_path_factory.mktemp("flows-build") / "tender")


def demo_model(tender: Tender, vendor: str) -> DataflowModel:
    answers = offer_answers(load_offer(tender, vendor))
    return build_offer_model(answers, GHT)


def by_id(model: DataflowModel) -> dict[str, Any]:
    return {n.id: n for n in model.nodes}


def relation(model: DataflowModel, kind: str, source: str) -> str | None:
    return next((r.target for r in model.relations if r.kind == kind and r.source == source), None)


def test_slugs_drop_accents_and_legal_forms() -> None:
    assert slug("Acme S.A.S.") == "acme"
    assert slug("NorthBridge Imaging Europe B.V.") == "northbridge-imaging-europe"
    assert slug("Ligérien Datacenters SAS") == "ligerien-datacenters"
    assert slug("Stratus Inc.") == "stratus"


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("Analyse des radiographies (inférence)", "inference"),
        ("Supervision des performances et sauvegarde", "backup"),
        ("Retour du niveau de priorité (DICOM SR, HL7)", "results"),
        ("Export mensuel pour la réversibilité", "export"),
        ("Amélioration du modèle", "training"),
        ("Télémétrie applicative", "monitoring"),
        ("quelque chose", "other"),
    ],
)
def test_free_text_purposes_are_recognised(text: str, purpose: str) -> None:
    assert purpose_of(text) == purpose


def test_a_saas_offer_is_hosted_on_its_declared_provider_with_its_control_chain(
    demo: Tender,
) -> None:
    model = demo_model(demo, "northbridge")
    assert model.problems() == []
    nodes = by_id(model)
    platform = relation(model, "hosted_on", "svc:northbridge/ai")
    assert platform == "platform:stratus-web-services-emea@de-ie"
    assert nodes[platform].certifications == ("hds",)
    assert relation(model, "operated_by", platform) == "entity:stratus-web-services-emea"
    assert relation(model, "controlled_by", "entity:stratus-web-services-emea") == "entity:stratus"
    assert nodes["entity:stratus"].country == "us"
    assert nodes["entity:stratus-web-services-emea"].declared_by == ("northbridge",)


def test_the_general_purpose_model_api_is_bound_to_its_listed_provider(demo: Tender) -> None:
    model = demo_model(demo, "northbridge")
    nodes = by_id(model)
    assert nodes["api:meridian-ai"].kind == "model_api"
    assert nodes["api:meridian-ai"].locations == ("us",)
    assert relation(model, "operated_by", "api:meridian-ai") == "entity:meridian-ai"
    to_api = [f for f in model.flows if f.target == "api:meridian-ai"]
    assert [f.categories for f in to_api] == [("health_pseudonymised",)]
    assert to_api[0].readable is True  # listed with access in clear


def test_free_text_flow_ends_are_matched_to_components(demo: Tender) -> None:
    model = demo_model(demo, "northbridge")
    pairs = {(f.source, f.target) for f in model.flows}
    hospital = "sys:chu-psa/information-system"
    assert (hospital, "svc:northbridge/ai") in pairs  # "PACS du GHT" -> "Plateforme NorthBridge"
    assert ("svc:northbridge/ai", hospital) in pairs  # results back to "PACS et RIS du GHT"
    assert ("svc:northbridge/ai", "people:northbridge/support") in pairs  # "Support NorthBridge"
    assert ("svc:northbridge/ai", "svc:telemetrix/monitoring") in pairs


def test_administrators_and_processing_outside_storage_countries_become_nodes(
    demo: Tender,
) -> None:
    nodes = by_id(demo_model(demo, "northbridge"))
    assert nodes["people:stratus-web-services-emea/admins@de-us-in"].locations == (
        "de",
        "us",
        "in",
    )
    assert nodes["svc:northbridge/processing@us"].stores_data is False


def test_a_hybrid_offer_has_an_on_premises_part_and_an_online_part(demo: Tender) -> None:
    model = demo_model(demo, "radiance")
    assert relation(model, "hosted_on", "svc:radiance/ai") == "platform:chu-psa/datacenter"
    assert relation(model, "hosted_on", "svc:radiance/cloud") == "platform:ligerien-datacenters@fr"
    # "Serveur d'inférence -> Ligérien Datacenters (Nantes)": to the online part it hosts
    assert any(
        f.source == "svc:radiance/ai" and f.target == "svc:radiance/cloud" for f in model.flows
    )
    exports = [f for f in model.flows if f.purpose == "export"]
    assert {f.source for f in exports} == {"svc:radiance/ai", "svc:radiance/cloud"}


def test_an_on_premises_offer_keeps_everything_at_the_hospital(demo: Tender) -> None:
    model = demo_model(demo, "openscan")
    assert relation(model, "hosted_on", "svc:openscan/ai") == "platform:chu-psa/datacenter"
    analysis = analyse_graph(FlowGraph.from_model(model))
    assert analysis.findings_of("openscan") == []
    assert {e.country for e in analysis.reach} == {"fr", "be"}  # the coop is in the EEA (Belgium)


def answers(**values: Any) -> OfferAnswers:
    return OfferAnswers("acme", "Acme SAS", values)


def test_a_name_no_component_matches_becomes_an_unlisted_organisation() -> None:
    model = build_offer_model(
        answers(
            **{
                "hosting.model": "vendor_saas",
                "purpose.data_categories": ["health_identifying"],
                "subprocessors.flows": [
                    {
                        "source": "Plateforme Acme",
                        "destination": "Zyxel Analytics Ltd (Londres)",
                        "data_categories": ["health_pseudonymised"],
                        "purpose": "statistiques",
                    }
                ],
            }
        ),
        GHT,
    )
    nodes = by_id(model)
    assert "svc:zyxel-analytics/service" in nodes
    analysis = analyse_graph(FlowGraph.from_model(model))
    [finding] = [f for f in analysis.findings if f.id == "FLOW-04"]
    assert finding.subject == "entity:zyxel-analytics" and finding.severity == "minor"
    assert finding.triggers[-1].question == "subprocessors.flows"


def test_a_model_provider_named_only_in_the_ai_act_answers_is_not_a_listed_sub_processor() -> None:
    model = build_offer_model(
        answers(
            **{
                "hosting.model": "vendor_saas",
                "purpose.data_categories": ["health_pseudonymised"],
                "aiact.gpai": "yes",
                "aiact.gpai_deployment": "provider_api",
                "aiact.gpai_model": "Orion-2, fourni par Nebula Labs Inc.",
                "aiact.gpai_provider_country": "us",
            }
        ),
        GHT,
    )
    assert by_id(model)["entity:nebula-labs"].declared_by == ()
    analysis = analyse_graph(FlowGraph.from_model(model))
    [unlisted] = [f for f in analysis.findings if f.id == "FLOW-04"]
    assert unlisted.subject == "entity:nebula-labs" and unlisted.severity == "minor"
    assert "aiact.gpai_model" in unlisted.explanation("en")
    [abroad] = [f for f in analysis.findings if f.id == "FLOW-01"]
    assert abroad.path == ("sys:chu-psa/information-system", "svc:acme/ai", "api:nebula-labs")


def test_without_a_flows_file_the_hospital_sends_its_declared_categories() -> None:
    model = build_offer_model(
        answers(**{"hosting.model": "on_premises", "purpose.data_categories": ["staff"]}), GHT
    )
    [origin] = [n for n in model.nodes if n.kind == "hospital_system"]
    assert origin.holds == ("staff",)
    assert [(f.source, f.target, f.purpose) for f in model.flows] == [
        (origin.id, "svc:acme/ai", "inference"),
        ("svc:acme/ai", origin.id, "results"),
    ]


def test_used_answers_are_kept_with_the_model_for_the_findings_triggers(demo: Tender) -> None:
    model = demo_model(demo, "northbridge")
    used = model.answers["northbridge"]
    assert used["hosting.provider_parent_country"] == "us"
    assert "need.problem" not in used


def test_the_shipped_demo_answers_build_without_problems(demo: Tender) -> None:
    for vendor in demo.vendor_ids():
        assert demo_model(demo, vendor).problems() == []
    assert Path(demo.root).is_dir()
