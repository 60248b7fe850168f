"""The hospital's flows file: valid files build, invalid ones are refused with file, line and
what is expected, every problem at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from sovereignty.core.errors import ContentError
from sovereignty.dataflow.analyses import analyse_graph
from sovereignty.dataflow.answers import OfferAnswers
from sovereignty.dataflow.build import HospitalSide, build_offer_model
from sovereignty.dataflow.flowsfile import load_flows_file
from sovereignty.dataflow.graph import FlowGraph
from sovereignty.dataflow.model import DataflowModel

DEMO = Path(__file__).resolve().parents[2] / "sovereignty" / "dataflow" / "data" / "demo"
GHT = HospitalSide(
    "CHU",
    (("chu-psa", "CHU de Port-Sainte-Anne", "support"), ("ch-valmont", "CH de Valmont", "member")),
)
SAAS = OfferAnswers(
    "acme",
    "Acme SAS",
    {
        "hosting.model": "vendor_saas",
        "hosting.provider_name": "Nimbus EMEA SARL",
        "hosting.storage_countries": ["fr"],
        "hosting.encryption_at_rest": "yes",
        "hosting.keys_holder": "host",
        "subprocessors.list": [
            {"name": "Nimbus EMEA SARL", "role": "hosting", "country": "eea"},
            {"name": "Backup Co", "role": "backup", "country": "fr", "data_categories": ["logs"]},
        ],
    },
)

VALID = """\
schema: sovereignty/flows/1
vendor: acme
entities:
  - {id: vendor, parent: group}
  - {id: group, name: Acme Holdings Inc., country: us}
systems:
  - {id: pacs, name: PACS, type: pacs, establishment: chu-psa, holds: [health_identifying]}
  - {id: dpi, name: DPI Valmont, type: patient_record, establishment: ch-valmont}
people:
  - {id: urgentistes, name: Urgentistes, establishment: ch-valmont}
services:
  - {id: gateway, name: Passerelle, operated_by: chu-psa, stores_data: false}
flows:
  - {from: pacs, to: gateway, data: [health_identifying]}
  - {from: gateway, to: vendor, data: [health_identifying], purpose: inference}
  - {from: vendor, to: urgentistes, data: [health_identifying], purpose: results}
  - {from: vendor, to: backup, data: [logs], direction: both}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "flows.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def build(path: Path, answers: OfferAnswers = SAAS) -> DataflowModel:
    return build_offer_model(answers, GHT, load_flows_file(path))


def problems(tmp_path: Path, text: str) -> str:
    with pytest.raises(ContentError) as caught:
        build(write(tmp_path, text))
    message = str(caught.value)
    assert message.startswith(str(tmp_path / "flows.yaml"))
    return message


def test_a_valid_file_adds_the_hospital_side_and_its_flows(tmp_path: Path) -> None:
    model = build(write(tmp_path, VALID))
    assert model.problems() == []
    nodes = {n.id: n for n in model.nodes}
    assert nodes["sys:chu-psa/pacs"].hospital and nodes["sys:chu-psa/pacs"].type == "pacs"
    assert nodes["people:ch-valmont/urgentistes"].establishment == "ch-valmont"
    assert nodes["svc:chu-psa/gateway"].hospital  # operated by an establishment
    pairs = {(f.source, f.target) for f in model.flows}
    assert ("svc:chu-psa/gateway", "svc:acme/ai") in pairs
    assert ("svc:backup/backup", "svc:acme/ai") in pairs  # direction: both
    [inbound] = [f for f in model.flows if f.target == "svc:acme/ai" and f.purpose == "inference"]
    assert (inbound.encrypted_at_rest, inbound.keys_held_by) == (True, "host")  # from the answers
    assert inbound.sources == ("flows.yaml:15",)
    parent = [
        r.target for r in model.relations if r.kind == "controlled_by" and r.source == "entity:acme"
    ]
    assert parent == ["entity:acme-holdings"]


def test_exported_data_goes_back_to_the_systems_that_send_to_the_vendor(tmp_path: Path) -> None:
    answers = OfferAnswers(
        "acme",
        "Acme SAS",
        {**SAAS.values, "reversibility.returned": ["data"], "reversibility.formats": "open"},
    )
    model = build(write(tmp_path, VALID.replace("to: gateway", "to: vendor")), answers)
    exports = {(f.source, f.target) for f in model.flows if f.purpose == "export"}
    assert exports == {("svc:acme/ai", "sys:chu-psa/pacs")}


@pytest.mark.parametrize("vendor", ["radiance", "northbridge", "openscan"])
def test_the_shipped_demo_flows_files_load(vendor: str) -> None:
    loaded = load_flows_file(DEMO / f"{vendor}.yaml")
    assert loaded.file.vendor == vendor and loaded.file.flows


def test_an_unknown_key_is_reported_with_its_line(tmp_path: Path) -> None:
    message = problems(tmp_path, VALID.replace("type: pacs,", "type: pacs, colour: blue,"))
    assert "line 7" in message and "unknown key 'colour'" in message


def test_a_wrong_category_says_which_are_expected(tmp_path: Path) -> None:
    message = problems(tmp_path, VALID.replace("data: [logs]", "data: [health]"))
    assert "line 17" in message and "'health_identifying'" in message


def test_a_wrong_category_is_the_only_problem_reported_for_its_flows(tmp_path: Path) -> None:
    # pydantic counts only valid items against a minimum length: a flow whose only category is
    # wrong must not also be "empty", nor the file "without flows" when every flow is wrong.
    text = VALID.split("flows:")[0] + (
        "flows:\n"
        "  - {from: pacs, to: vendor, data: [health_idenifying], purpose: inference}\n"
        "  - {from: vendor, to: pacs, data: [imagery]}\n"
    )
    with pytest.raises(ContentError) as caught:
        load_flows_file(write(tmp_path, text))
    problems = caught.value.problems
    assert [p.says("en").split(": ")[0] for p in problems] == ["flows.0.data.0", "flows.1.data.0"]
    assert "did you mean 'health_identifying'" in problems[0].says("en")
    assert "0 trouvé" not in caught.value.render("fr")


def test_an_unknown_reference_suggests_the_closest_name(tmp_path: Path) -> None:
    message = problems(tmp_path, VALID.replace("to: urgentistes", "to: urgentiste"))
    assert "line 16" in message
    assert "unknown system, person or service 'urgentiste'" in message
    assert "did you mean 'urgentistes'?" in message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = VALID.replace("establishment: ch-valmont}", "establishment: valmont}").replace(
        "from: pacs", "from: pac"
    )
    message = problems(tmp_path, text)
    assert "problems" in message
    assert "unknown establishment 'valmont'" in message and "'pac'" in message


def test_a_bad_flows_file_is_explained_in_french(tmp_path: Path) -> None:
    text = VALID.replace("establishment: ch-valmont}", "establishment: valmont}").replace(
        "to: urgentistes", "to: urgentiste"
    )
    with pytest.raises(ContentError) as caught:
        build(write(tmp_path, text))
    lines = caught.value.render("fr").splitlines()
    assert lines[0] == f"{tmp_path / 'flows.yaml'} : 3 problèmes"  # valmont is named twice
    assert lines[1] == (
        "  - ligne 8, colonne 71 : établissement inconnu 'valmont' ; valeurs possibles : "
        "ch-valmont, chu-psa ; vouliez-vous dire 'ch-valmont' ?"
    )
    assert lines[3] == (
        "  - ligne 16, colonne 24 : système, personne ou service inconnu 'urgentiste' ; "
        "valeurs possibles : backup, dpi, gateway, nimbus-emea, pacs, urgentistes, vendor ; "
        "vouliez-vous dire 'urgentistes' ?"
    )


def test_a_malformed_flows_file_is_explained_in_french(tmp_path: Path) -> None:
    path = write(tmp_path, "schema: sovereignty/flows/1\nsystems:\n  - {id: PACS, name: P}\n")
    with pytest.raises(ContentError) as caught:
        load_flows_file(path)
    assert caught.value.render("fr").splitlines() == [
        f"{path} : 2 problèmes",
        "  - ligne 3, colonne 10 : systems.0.id : minuscules, chiffres, '-' ou '_' attendus "
        "(trouvé : 'PACS')",
        "  - ligne 1, colonne 1 : flows : clé obligatoire manquante : 'flows'",
    ]


def test_a_reserved_or_repeated_id_is_refused(tmp_path: Path) -> None:
    reserved = problems(tmp_path, VALID.replace("{id: gateway,", "{id: vendor,"))
    assert "reserved" in reserved
    twice = problems(tmp_path, VALID.replace("{id: dpi,", "{id: pacs,"))
    assert "declared twice" in twice


def test_a_file_for_another_vendor_is_refused(tmp_path: Path) -> None:
    assert "not 'acme'" in problems(tmp_path, VALID.replace("vendor: acme", "vendor: other"))


def test_a_file_with_no_flow_to_the_vendor_is_refused(tmp_path: Path) -> None:
    text = VALID.split("flows:\n")[0] + "flows:\n  - {from: pacs, to: gateway, data: [logs]}\n"
    assert "no flow reaches or leaves the vendor's service" in problems(tmp_path, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("schema: other/1\nflows: []\n", "'schema' must be 'sovereignty/flows/1'"),
        ("- just\n- a list\n", "must be a mapping"),
        ("schema: sovereignty/flows/1\nflows: [\n", "not valid YAML"),
        ("schema: sovereignty/flows/1\nflows: []\n", "flows: at least one flow expected"),
        (
            "schema: sovereignty/flows/1\nflows:\n  - {from: a, to: b, data: []}\n",
            "flows.0.data: at least one data category expected",
        ),
        (
            "schema: sovereignty/flows/1\nflows:\n"
            "  - {from: a, to: b, data: [logs], encrypted_at_rest: 'yes'}\n",
            "line 3",
        ),
    ],
)
def test_malformed_files_are_refused_clearly(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ContentError) as caught:
        load_flows_file(write(tmp_path, text))
    assert expected in str(caught.value)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="file not found"):
        load_flows_file(tmp_path / "absent.yaml")


CONTRACTED = VALID.replace(
    "  - {id: group, name: Acme Holdings Inc., country: us}\n",
    "  - {id: group, name: Acme Holdings Inc., country: us}\n"
    "  - {id: vault, name: Vault Backup SAS, country: fr, hospital_contract: true}\n",
).replace(
    "services:\n",
    "services:\n  - {id: nightly, name: Nightly backup, operated_by: vault}\n",
) + (
    "  - {from: vendor, to: nightly, data: [health_identifying], purpose: backup,\n"
    "     encrypted_at_rest: true, keys_held_by: hospital}\n"
)


def test_a_provider_the_hospital_contracts_runs_on_the_hospital_side(tmp_path: Path) -> None:
    model = build(write(tmp_path, CONTRACTED))
    nodes = {n.id: n for n in model.nodes}
    assert nodes["svc:vault-backup/nightly"].hospital  # not one of the vendor's sub-processors
    assert not nodes["entity:vault-backup"].hospital  # yet a third party
    findings = analyse_graph(FlowGraph.from_model(model)).findings
    assert not [f for f in findings if "vault" in (f.subject or "") + " ".join(f.path)]
    # without the flag, the same provider is a sub-processor the vendor never named
    plain = build(write(tmp_path, CONTRACTED.replace(", hospital_contract: true", "")))
    undeclared = analyse_graph(FlowGraph.from_model(plain)).findings
    assert ("FLOW-04", "entity:vault-backup") in {(f.id, f.subject) for f in undeclared}


def test_the_vendor_cannot_be_a_provider_the_hospital_contracts(tmp_path: Path) -> None:
    text = VALID.replace("{id: vendor, parent: group}", "{id: vendor, hospital_contract: true}")
    assert "remove 'hospital_contract'" in problems(tmp_path, text)


def test_the_french_guide_to_the_flows_file_names_every_value_the_format_takes() -> None:
    from typing import get_args

    from sovereignty.dataflow.model import (
        Category,
        FileEntity,
        FileFlow,
        FilePeople,
        FileService,
        FileSystem,
        Frequency,
        KeyHolder,
        Purpose,
        SystemType,
    )

    guide = (Path(__file__).parents[2] / "docs" / "flux-de-donnees.md").read_text("utf-8")
    for values in (Category, Purpose, Frequency, KeyHolder, SystemType):
        for value in get_args(values):
            assert f"`{value}`" in guide, value
    for model in (FileEntity, FileSystem, FilePeople, FileService, FileFlow):
        for name, field in model.model_fields.items():
            assert f"`{field.alias or name}`" in guide, (model.__name__, name)
