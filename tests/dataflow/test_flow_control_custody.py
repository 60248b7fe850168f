"""FLOW-02 (extraterritorial control chains) and FLOW-03 (who reads health data in clear)."""

from __future__ import annotations

from tests.dataflow.flow_sketch import Sketch, ids, real_path


def eu_subsidiary_host(keys: str | None = "host", at_rest: bool | None = True) -> Sketch:
    s = Sketch()
    s.system("pacs", "health_identifying")
    s.entity("group", "us")
    s.entity("sub", "fr", parent="group")  # a French subsidiary of a US group
    s.platform("region", "sub", "fr")
    s.service("ai", "acme", host="region")
    s.flow("pacs", "ai", "health_identifying", encrypted_at_rest=at_rest, keys_held_by=keys)
    return s


def test_a_french_subsidiary_of_a_us_group_exposes_data_even_with_servers_in_france() -> None:
    analysis = eu_subsidiary_host().analyse()
    [finding] = [f for f in analysis.findings if f.id == "FLOW-02"]
    assert finding.subject == "sub" and finding.severity == "major"
    assert finding.path == ("pacs", "ai", "region", "sub", "group")
    assert real_path(analysis.graph, finding.path)
    assert "CLOUD Act" in finding.explanation("en")
    assert "even though the servers are in the EEA" in finding.explanation("en")


def test_an_eea_chain_exposes_nothing() -> None:
    s = Sketch()
    s.system("pacs", "health_identifying")
    s.entity("group", "de")
    s.entity("sub", "fr", parent="group")
    s.platform("region", "sub", "fr")
    s.service("ai", "acme", host="region")
    s.flow("pacs", "ai", "health_identifying")
    assert ids(s.analyse(), "FLOW-02") == []


def test_the_chain_is_followed_to_the_ultimate_parent_and_survives_a_cycle() -> None:
    s = Sketch()
    s.system("pacs", "health_identifying")
    s.entity("top", "cn")
    s.entity("mid", "nl", parent="top")
    s.entity("sub", "fr", parent="mid")
    s.entity("loop-a", "fr", parent="loop-b")
    s.entity("loop-b", "fr", parent="loop-a")
    s.service("ai", "sub", locations=("fr",))
    s.service("other", "loop-a", locations=("fr",))
    s.flow("pacs", "ai", "health_identifying").flow("pacs", "other", "health_identifying")
    analysis = s.analyse()
    [finding] = [f for f in analysis.findings if f.id == "FLOW-02"]
    assert finding.path[-3:] == ("sub", "mid", "top")
    assert "Chinese National Intelligence Law" in finding.explanation("en")


def test_the_vendors_own_us_parent_is_an_exposure_and_contradicts_a_no_answer() -> None:
    s = Sketch(vendor_country="nl")
    s.entity("acme-inc", "us")
    s.controlled("acme", "acme-inc")
    s.system("pacs", "health_identifying")
    s.service("ai", "acme", locations=("nl",))
    s.flow("pacs", "ai", "health_identifying")
    s.answers = {"acme": {"hosting.extraterritorial": "no"}}
    [finding] = [f for f in s.analyse().findings if f.id == "FLOW-02"]
    assert finding.subject == "acme"
    assert "not exposed to extraterritorial law" in finding.explanation("en")


def test_the_host_reads_health_data_when_it_holds_the_keys() -> None:
    analysis = eu_subsidiary_host(keys="host").analyse()
    [finding] = [f for f in analysis.findings if f.id == "FLOW-03"]
    assert finding.subject == "sub" and finding.severity == "major"  # exposed through its parent
    assert finding.path == ("pacs", "ai", "region", "sub")
    assert "the host holds the keys" in finding.explanation("en")


def test_keys_held_by_the_vendor_keep_the_host_out() -> None:
    assert ids(eu_subsidiary_host(keys="vendor").analyse(), "FLOW-03") == []


def test_an_unstated_encryption_is_assumed_readable() -> None:
    analysis = eu_subsidiary_host(keys=None, at_rest=None).analyse()
    [finding] = [f for f in analysis.findings if f.id == "FLOW-03"]
    assert "encryption at rest is not stated" in finding.explanation("en")


def test_data_sealed_under_the_hospitals_keys_stays_unreadable_downstream() -> None:
    s = Sketch()
    s.system("pacs", "health_identifying")
    s.entity("store-co", "us")
    s.entity("relay-co", "us")
    s.service("vault", "store-co", locations=("fr",))
    s.service("relay", "relay-co", locations=("fr",))
    s.flow("pacs", "vault", "health_identifying", encrypted_at_rest=True, keys_held_by="hospital")
    s.flow("vault", "relay", "health_identifying")  # still the hospital's ciphertext
    assert ids(s.analyse(), "FLOW-03") == []


def test_a_sub_processor_declared_with_access_in_clear_reads_despite_vendor_keys() -> None:
    s = Sketch()
    s.system("pacs", "health_identifying")
    s.service("ai", "acme", locations=("fr",))
    s.entity("helpdesk", "in")
    s.service("desk", "helpdesk", kind="people", locations=("in",), stores_data=False)
    s.flow("pacs", "ai", "health_identifying")
    s.flow("ai", "desk", "health_identifying", keys_held_by="vendor", encrypted_at_rest=True)
    s.flow("ai", "desk", "logs", readable=True)
    analysis = s.analyse()
    assert ids(analysis, "FLOW-03") == []  # vendor's keys: sealed for the help desk
    s.flows[-2] = s.flows[-2].model_copy(update={"readable": True})
    [finding] = [f for f in s.analyse().findings if f.id == "FLOW-03"]
    assert finding.subject == "helpdesk" and finding.severity == "major"


def test_health_data_sent_unencrypted_over_the_network_is_reported() -> None:
    s = Sketch()
    s.system("pacs", "health_identifying")
    s.system("ris", "health_identifying")
    s.service("ai", "acme", locations=("fr",))
    s.flow("pacs", "ris", "health_identifying", encrypted_in_transit=False)  # inside the hospital
    s.flow("pacs", "ai", "health_identifying", encrypted_in_transit=False)
    subjects = ids(s.analyse(), "FLOW-03")
    assert subjects == ["transit:pacs->ai"]
