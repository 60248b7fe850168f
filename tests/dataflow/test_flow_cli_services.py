"""`sovereignty flows`, the offer integration and the demo step, on the demo tender."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sovereignty.findings.model import SEVERITY_ORDER
from sovereignty.services.demo import build_demo_tender
from sovereignty.services.flows import (
    REPORT_SCHEMA,
    FlowReport,
    demo_step,
    install_demo_flows,
    report_json,
    vendor_flows,
)
from sovereignty.services.offer import analyse_offer
from sovereignty.tender.folder import Tender
from tests.cli.entry_point import run


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Tender:
    tender = build_demo_tender(tmp_path_factory.mktemp("flows-cli") / "tender")
    install_demo_flows(tender)
    return tender


def test_flows_prints_the_findings_of_one_offer(
    demo: Tender, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "flows", "northbridge", "--dir", str(demo.root), "--lang", "en")
    assert code == 0, err
    assert out.startswith("NorthBridge Imaging Europe B.V. [northbridge]")
    assert "Identifying health → " in out and "India (!)" in out
    assert "FLOW-02 Exposure to non-European law: Stratus Web Services EMEA SARL" in out
    assert "Clauses: HOST-02, TRANSFER-01" in out


def test_json_output_has_tables_and_findings(
    demo: Tender, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "flows", "radiance", "--dir", str(demo.root), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == REPORT_SCHEMA == "sovereignty/flow-report/1"
    assert list(data)[:2] == ["schema", "scope"]
    assert data["scope"] == "radiance" and data["vendors"] == ["radiance"]
    assert {r["country"] for r in data["reach"]} == {"fr"}
    assert [f["id"] for f in data["findings"]] == ["FLOW-07"]  # the backup, nothing else
    assert data["findings"][0]["severity"] == "minor"
    # pseudonymised data starts at the inference server, which pseudonymises it
    assert data["findings"][0]["path"] == [
        "svc:radiance/ai",
        "svc:radiance/cloud",
        "svc:sauvegarde-atlantique/backup",
    ]


def test_all_analyses_the_whole_tender_as_one_graph(
    demo: Tender, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "flows", "--all", "--dir", str(demo.root), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == REPORT_SCHEMA
    assert data["scope"] == "tender"
    assert data["vendors"] == ["northbridge", "openscan", "radiance"]
    assert {f["vendor"] for f in data["findings"]} == {"northbridge", "radiance", None}
    # the GHT's own off-site backup (OpenScan's flows file) and Radiance's host and backup
    # belong to one group: the only finding of the whole tender rather than of one offer
    [shared] = [f for f in data["findings"] if f["vendor"] is None]
    assert (shared["id"], shared["severity"]) == ("FLOW-06", "minor")
    assert shared["subject"] == "entity:groupe-armor-numerique"
    assert data["concentration"] == [
        {"group": "entity:groupe-armor-numerique", "vendors": ["openscan", "radiance"]}
    ]


def test_export_writes_the_format_named_by_the_extension(
    demo: Tender, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, magic in (("g.png", b"\x89PNG"), ("g.graphml", b"<?xml"), ("g.dot", b"digraph")):
        code, _, err = run(
            capsys, "flows", "openscan", "--dir", str(demo.root), "--export", str(tmp_path / name)
        )
        assert code == 0, err
        assert (tmp_path / name).read_bytes().startswith(magic)
    assert (tmp_path / "g.png").stat().st_size > 10_000
    assert "flows.exported" in demo.journal_path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ((), 2, "give a VENDOR_ID, or --all"),
        (("northbridge", "--all"), 2, "give a VENDOR_ID, or --all"),
        (("nortbridge",), 1, "did you mean 'northbridge'?"),
        (("radiance", "--export", "x.svg"), 2, "unknown export format '.svg'"),
    ],
)
def test_wrong_calls_are_refused_clearly(
    demo: Tender,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    monkeypatch.setenv("SOVEREIGNTY_LANG", "en")  # the English wording of the errors
    got, _, err = run(capsys, "flows", *args, "--dir", str(demo.root))
    assert got == code
    assert err.startswith("Error:") and message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ((), 2, "Erreur : donnez VENDOR_ID, ou --all pour toute la consultation (pas les deux)"),
        (
            ("radiance", "--export", "x.svg"),
            2,
            "Erreur : x.svg : format d'export inconnu '.svg' ; formats possibles : ",
        ),
    ],
)
def test_wrong_calls_are_refused_in_french_by_default(
    demo: Tender,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    got, _, err = run(capsys, "flows", *args, "--dir", str(demo.root))
    assert got == code
    assert err.startswith(message)


def test_a_broken_flows_file_names_the_file_and_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOVEREIGNTY_LANG", "en")  # the English wording of the errors
    tender = build_demo_tender(tmp_path / "tender")
    tender.flows_path("openscan").write_text(
        "schema: sovereignty/flows/1\nflows:\n  - {from: pacs, to: vendor, data: [logs]}\n",
        encoding="utf-8",
    )
    out_file = tmp_path / "g.png"
    code, _, err = run(
        capsys, "flows", "openscan", "--dir", str(tender.root), "--export", str(out_file)
    )
    assert code == 1
    assert "flows.yaml: line 3, column 12: unknown system, person or service 'pacs'" in err
    assert err.rstrip().endswith("expected one of: vendor")  # on premises: no online part
    assert not out_file.exists()
    code, _, err = run(capsys, "flows", "openscan", "--dir", str(tender.root), "--lang", "fr")
    assert code == 1
    assert "flows.yaml : ligne 3, colonne 12 : système, personne ou service inconnu 'pacs'" in err
    assert err.rstrip().endswith("valeurs possibles : vendor")


def test_analysing_an_offer_sets_its_graph_and_adds_its_flow_findings(demo: Tender) -> None:
    offer = analyse_offer(demo, "northbridge")
    assert isinstance(offer.graph, FlowReport)
    flow_findings = [f for f in offer.findings if f.source == "graph"]
    assert {f.id for f in flow_findings} >= {"FLOW-01", "FLOW-02", "FLOW-03", "FLOW-05", "FLOW-07"}
    assert {f.vendor for f in flow_findings} == {"northbridge"}
    order = [SEVERITY_ORDER[f.severity] for f in offer.findings]
    assert order == sorted(order)
    [stratus] = [f for f in flow_findings if f.id == "FLOW-02" and "stratus" in (f.subject or "")]
    answers = {t.question: t.value for t in stratus.triggers}
    assert answers["hosting.provider_name"] == "Stratus Web Services EMEA SARL"
    assert answers["hosting.provider_parent_country"] == "us"
    radiance = analyse_offer(demo, "radiance")
    assert [f.id for f in radiance.findings if f.source == "graph"] == ["FLOW-07"]


def test_the_demo_step_draws_three_different_graphs_and_the_ght(
    demo: Tender, tmp_path: Path
) -> None:
    step = demo_step(demo, tmp_path, "fr")
    names = {p.name for p in step.files}
    for vendor in ("radiance", "northbridge", "openscan"):
        assert {f"{vendor}.png", f"{vendor}.graphml"} <= names
    assert "ght.png" in names
    for path in step.files:
        assert path.is_file() and path.stat().st_size > 0
    graphs = {
        vendor: (tmp_path / "flows" / f"{vendor}.graphml").read_text(encoding="utf-8")
        for vendor in ("radiance", "northbridge", "openscan")
    }
    assert "Stratus" in graphs["northbridge"] and "Stratus" not in graphs["radiance"]
    assert "Ligérien" in graphs["radiance"] and "Ligérien" not in graphs["openscan"]
    summary = "\n".join(step.summary)
    assert "NorthBridge" in summary and "FLOW-02" in summary
    assert "OpenScan Coop" in summary and "aucun constat" in summary
    [ght] = [line for line in step.summary if line.startswith("GHT")]
    assert "1 concentration(s) — FLOW-06 mineur : " in ght
    assert "2 offres reposent sur Groupe Armor Numérique SA" in ght


def test_the_json_format_is_documented_key_by_key(demo: Tender) -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "dataflow.md").read_text("utf-8")
    assert f"`{REPORT_SCHEMA}`" in docs
    data = report_json(vendor_flows(demo, "northbridge"), "northbridge", "en")
    rows = {
        key: row[2]
        for row in re.finditer(r"^\| ([^|]+) \| (.*) \|$", docs, re.M)
        for key in re.findall(r"`(\w+)`", row[1])
    }
    for key, value in data.items():
        assert key in rows, key
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for field in value[0]:
                assert re.search(rf"\b{field}\b", rows[key]), (key, field)
