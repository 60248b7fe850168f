"""FLOW-01 and the reach table: which categories reach which countries, by which path."""

from __future__ import annotations

from tests.dataflow.flow_sketch import Sketch, real_path


def saas_with_us_api() -> Sketch:
    s = Sketch()
    s.system("pacs", "health_identifying")
    s.system("hr", "staff")
    s.platform("cloud", "acme", "fr")
    s.service("ai", "acme", host="cloud")
    s.entity("llm-co", "us")
    s.service("api", "llm-co", kind="model_api", locations=("us",), stores_data=False)
    s.flow("pacs", "ai", "health_identifying", purpose="inference")
    s.flow("ai", "api", "health_pseudonymised", purpose="inference")
    s.flow("hr", "ai", "staff")
    return s


def test_each_category_reaches_exactly_the_countries_its_flows_go_to() -> None:
    analysis = saas_with_us_api().analyse()
    reached = {(e.category, e.country) for e in analysis.reach}
    assert ("health_identifying", "fr") in reached
    assert ("health_pseudonymised", "us") in reached
    assert ("health_identifying", "us") not in reached  # identifying data stops at the vendor
    assert ("staff", "us") not in reached


def test_health_data_processed_outside_the_eea_is_a_major_finding_with_its_path() -> None:
    analysis = saas_with_us_api().analyse()
    [finding] = [f for f in analysis.findings if f.id == "FLOW-01"]
    assert finding.severity == "major"  # processed there, not stored
    assert finding.subject == "us"
    assert finding.path == ("ai", "api")
    assert finding.vendor == "acme"
    assert "GDPR art. 44" in finding.legal and "TRANSFER-01" in finding.clauses
    assert "États-Unis" in finding.explanation("fr") and "United States" in finding.explanation(
        "en"
    )


def test_health_data_stored_outside_the_eea_is_blocking() -> None:
    s = Sketch()
    s.system("pacs", "health_identifying")
    s.platform("us-cloud", "acme", "us")
    s.service("archive", "acme", host="us-cloud")
    s.flow("pacs", "archive", "health_identifying", purpose="storage")
    [finding] = [f for f in s.analyse().findings if f.id == "FLOW-01"]
    assert finding.severity == "blocking"
    assert finding.path == ("pacs", "archive")


def test_an_adequacy_country_lowers_remote_access_to_minor() -> None:
    s = Sketch()
    s.system("pacs", "health_identifying")
    s.service("ai", "acme", locations=("fr",))
    s.service("support", "acme", kind="people", locations=("ch",), stores_data=False)
    s.flow("pacs", "ai", "health_identifying").flow("ai", "support", "health_identifying")
    [finding] = [f for f in s.analyse().findings if f.id == "FLOW-01"]
    assert (finding.subject, finding.severity) == ("ch", "minor")


def test_the_witness_is_a_shortest_path() -> None:
    s = Sketch()
    s.system("dpi", "health_identifying")
    for node in ("a", "b", "c"):
        s.service(node, "acme", locations=("fr",))
    s.service("far", "acme", locations=("in",))
    s.flow("dpi", "a", "health_identifying").flow("a", "b", "health_identifying")
    s.flow("b", "c", "health_identifying").flow("c", "far", "health_identifying")
    s.flow("a", "far", "health_identifying")  # the short way
    analysis = s.analyse()
    [entry] = [e for e in analysis.reach if e.country == "in" and e.access == "stored"]
    assert [analysis.context.index.ids[i] for i in entry.path] == ["dpi", "a", "far"]
    assert real_path(analysis.graph, [analysis.context.index.ids[i] for i in entry.path])


def test_a_flow_not_carrying_the_category_does_not_carry_it_onwards() -> None:
    s = Sketch()
    s.system("pacs", "health_identifying")
    s.service("ai", "acme", locations=("fr",))
    s.service("stats", "acme", locations=("us",))
    s.flow("pacs", "ai", "health_identifying").flow("ai", "stats", "anonymous")
    analysis = s.analyse()
    assert not [f for f in analysis.findings if f.id == "FLOW-01"]
    assert ("anonymous", "us") in {(e.category, e.country) for e in analysis.reach}


def test_a_foreign_operator_is_a_jurisdiction_even_with_servers_in_the_eea() -> None:
    s = Sketch()
    s.system("pacs", "health_identifying")
    s.entity("us-co", "us")
    s.platform("eu-region", "us-co", "de")
    s.service("ai", "acme", host="eu-region")
    s.flow("pacs", "ai", "health_identifying")
    analysis = s.analyse()
    ways = {(e.country, e.access) for e in analysis.reach if e.category == "health_identifying"}
    assert ("de", "stored") in ways and ("us", "jurisdiction") in ways
    [finding] = [f for f in analysis.findings if f.id == "FLOW-01"]
    assert finding.severity == "major" and finding.subject == "us"
