"""FLOW-04 (sub-processor depth, undeclared hops), FLOW-05 (single points of failure),
FLOW-06 (concentration across a GHT) and FLOW-07 (no export path back)."""

from __future__ import annotations

from sovereignty.dataflow.analyses import analyse_graph
from sovereignty.dataflow.assemble import merge_models
from sovereignty.dataflow.graph import FlowGraph
from tests.dataflow.flow_sketch import Sketch, ids, real_path


def chain(declared: bool = True) -> Sketch:
    """acme -> sub1 -> sub2 -> sub3, carrying pseudonymised health data."""
    s = Sketch()
    s.system("pacs", "health_identifying")
    s.service("ai", "acme", locations=("fr",))
    s.flow("pacs", "ai", "health_identifying")
    previous = "ai"
    for rank in (1, 2, 3):
        s.entity(f"org{rank}", "fr", declared_by=("acme",) if declared or rank < 3 else ())
        s.service(f"svc{rank}", f"org{rank}", locations=("fr",))
        s.flow(previous, f"svc{rank}", "health_pseudonymised")
        previous = f"svc{rank}"
    return s


def test_depth_counts_organisations_crossed_from_the_vendor() -> None:
    analysis = chain().analyse()
    depth = {analysis.context.index.ids[r.entity]: r.depth for r in analysis.ranks}
    assert depth == {"acme": 0, "org1": 1, "org2": 2, "org3": 3}
    [finding] = [f for f in analysis.findings if f.id == "FLOW-04"]
    assert finding.subject == "depth:acme" and finding.severity == "major"
    assert finding.path == ("ai", "svc1", "svc2", "svc3", "org3")
    assert real_path(analysis.graph, finding.path)


def test_two_services_of_one_organisation_are_one_rank() -> None:
    s = Sketch()
    s.system("pacs", "health_identifying")
    s.service("ai", "acme", locations=("fr",))
    s.entity("org", "fr")
    s.service("a", "org", locations=("fr",))
    s.service("b", "org", locations=("fr",))
    s.flow("pacs", "ai", "health_identifying").flow("ai", "a", "logs").flow("a", "b", "logs")
    analysis = s.analyse()
    assert {analysis.context.index.ids[r.entity]: r.depth for r in analysis.ranks}["org"] == 1
    assert ids(analysis, "FLOW-04") == []


def test_an_organisation_missing_from_the_list_is_an_undeclared_hop() -> None:
    analysis = chain(declared=False).analyse()
    undeclared = [f for f in analysis.findings if f.id == "FLOW-04" and f.subject == "org3"]
    assert [f.severity for f in undeclared] == ["major"]
    assert undeclared[0].path == ("ai", "svc1", "svc2", "svc3", "org3")


def test_an_organisation_named_elsewhere_in_the_answers_is_only_unlisted() -> None:
    s = chain(declared=False)
    node = s.nodes["org3"]
    s.nodes["org3"] = node.model_copy(
        update={"mentioned_by": ("acme",), "sources": ("answers:hosting.provider_name",)}
    )
    [finding] = [f for f in s.analyse().findings if f.subject == "org3"]
    assert finding.severity == "minor"
    assert "hosting.provider_name" in finding.explanation("en")


def single_host(redundant: bool) -> Sketch:
    s = Sketch()
    s.system("pacs", "health_identifying")
    s.entity("cloud-co", "us")
    s.platform("region", "cloud-co", "fr")
    s.service("ai", "acme", host="region")
    s.flow("pacs", "ai", "health_identifying").flow("ai", "pacs", "health_identifying")
    if redundant:  # a second path, on another host, back to the hospital
        s.entity("other-co", "fr")
        s.platform("other", "other-co", "fr")
        s.service("ai2", "acme", host="other")
        s.flow("pacs", "ai2", "health_identifying").flow("ai2", "pacs", "health_identifying")
    return s


def test_a_host_under_every_delivery_path_is_a_single_point_of_failure() -> None:
    analysis = single_host(redundant=False).analyse()
    [finding] = [f for f in analysis.findings if f.id == "FLOW-05"]
    assert finding.subject == "cloud-co" and finding.severity == "major"
    assert finding.path == ("pacs", "ai", "region", "cloud-co")


def test_a_redundant_path_on_another_host_removes_the_single_point() -> None:
    assert ids(single_host(redundant=True).analyse(), "FLOW-05") == []


def test_a_relay_on_every_path_is_a_single_point_of_failure() -> None:
    s = Sketch()
    s.system("pacs", "health_identifying")
    s.entity("telco", "fr")
    s.service("relay", "telco", locations=("fr",))
    s.service("ai", "acme", locations=("fr",))
    s.service("ai-b", "acme", locations=("fr",))
    s.flow("pacs", "relay", "health_identifying")
    s.flow("relay", "ai", "health_identifying").flow("relay", "ai-b", "health_identifying")
    s.flow("ai", "pacs", "health_identifying").flow("ai-b", "pacs", "health_identifying")
    assert ids(s.analyse(), "FLOW-05") == ["telco"]


def offer(vendor: str, host_group: str) -> Sketch:
    s = Sketch(vendor=vendor)
    s.system("pacs", "health_identifying")
    s.entity(host_group, "us")
    s.entity(f"{host_group}-eu", "ie", parent=host_group)
    s.platform(f"{host_group}-region", f"{host_group}-eu", "ie")
    s.service(f"{vendor}-ai", vendor, host=f"{host_group}-region")
    s.flow("pacs", f"{vendor}-ai", "health_identifying")
    return s


def test_offers_resting_on_one_group_are_a_concentration() -> None:
    models = [offer("a", "giant").model(), offer("b", "giant").model(), offer("c", "small").model()]
    analysis = analyse_graph(FlowGraph.from_model(merge_models(models)))
    [finding] = [f for f in analysis.findings if f.id == "FLOW-06"]
    assert finding.subject == "giant" and finding.vendor is None
    assert "2 of the GHT's 3 offers" in finding.explanation("en")
    assert finding.severity == "minor"
    assert real_path(analysis.graph, finding.path)


def on_premises(vendor: str, backup_operator: str) -> Sketch:
    """An offer on the hospital's premises whose server is backed up by ``backup_operator``'s
    service, on the hospital's side (a provider the hospital contracts, or itself)."""
    s = Sketch(vendor=vendor)
    s.system("pacs", "health_identifying")
    s.entity("vault", "fr", parent="armor", declared_by=())
    s.entity("armor", "fr", declared_by=())
    s.service(f"{vendor}-ai", vendor, locations=("fr",))
    s.service("backup", backup_operator, hospital=True, locations=("fr",))
    s.flow("pacs", f"{vendor}-ai", "health_identifying").flow(f"{vendor}-ai", "pacs", "logs")
    s.flow(f"{vendor}-ai", "backup", "health_identifying", purpose="backup")
    return s


def test_offers_resting_on_a_provider_the_hospital_contracts_are_a_concentration() -> None:
    models = [on_premises(v, "vault").model() for v in ("a", "b")] + [offer("c", "small").model()]
    analysis = analyse_graph(FlowGraph.from_model(merge_models(models)))
    [finding] = [f for f in analysis.findings if f.id == "FLOW-06"]
    assert finding.subject == "armor" and finding.vendor is None
    assert finding.path == ("backup", "vault", "armor")
    assert "2 of the GHT's 3 offers" in finding.explanation("en") and "a, b" in finding.explanation(
        "en"
    )
    assert real_path(analysis.graph, finding.path)
    # the hospital's own backup is no third party: nothing to concentrate on
    models = [on_premises(v, "chu").model() for v in ("a", "b")] + [offer("c", "small").model()]
    assert ids(analyse_graph(FlowGraph.from_model(merge_models(models))), "FLOW-06") == []


def test_a_single_offer_has_no_concentration() -> None:
    assert ids(offer("a", "giant").analyse(), "FLOW-06") == []


def test_the_shared_hospital_system_and_provider_are_one_node_after_merging() -> None:
    merged = merge_models([offer("a", "giant").model(), offer("b", "giant").model()])
    nodes = {n.id: n for n in merged.nodes}
    assert nodes["pacs"].offers == ("a", "b")
    assert nodes["giant-region"].offers == ("a", "b")
    assert [n.id for n in merged.nodes].count("giant") == 1


def reversibility(export: bool, certified: bool | None = None) -> Sketch:
    s = Sketch()
    s.system("pacs", "health_identifying")
    s.system("eds")
    s.service("ai", "acme", locations=("fr",))
    s.entity("backup-co", "fr")
    s.service("backup", "backup-co", locations=("fr",), deletion_certified=certified)
    s.flow("pacs", "ai", "health_identifying").flow("ai", "backup", "health_pseudonymised")
    if export:
        s.flow("ai", "eds", "health_identifying", purpose="export")
    return s


def test_data_kept_without_an_export_flow_back_is_a_reversibility_gap() -> None:
    analysis = reversibility(export=False).analyse()
    gaps = {f.subject: f.severity for f in analysis.findings if f.id == "FLOW-07"}
    assert gaps == {"ai": "major", "backup": "major"}


def test_an_export_flow_closes_the_gap_for_the_vendor_not_for_its_backup() -> None:
    analysis = reversibility(export=True).analyse()
    assert ids(analysis, "FLOW-07") == ["backup"]


def test_a_deletion_certificate_makes_a_sub_processor_gap_minor() -> None:
    analysis = reversibility(export=True, certified=True).analyse()
    [finding] = [f for f in analysis.findings if f.id == "FLOW-07"]
    assert finding.severity == "minor" and "deletion certificate" in finding.explanation("en")


def test_an_export_path_through_several_hops_counts() -> None:
    s = reversibility(export=True)
    s.flow("backup", "ai", "health_pseudonymised", purpose="export")
    assert ids(s.analyse(), "FLOW-07") == []


def test_data_on_the_hospitals_premises_is_no_gap() -> None:
    s = Sketch()
    s.system("pacs", "health_identifying")
    s.platform("dc", "chu", "fr", hospital=True)
    s.service("ai", "acme", host="dc")
    s.flow("pacs", "ai", "health_identifying")
    assert ids(s.analyse(), "FLOW-07") == []
