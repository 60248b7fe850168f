"""`sovereignty classify`, the classification use case, its JSON and its demo step."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from sovereignty.questionnaire.answers import load_sheet, save_sheet
from sovereignty.services.classify import SCHEMA, TOP_LEVEL_KEYS, demo_step
from sovereignty.services.demo import build_demo_tender
from sovereignty.services.offer import analyse_offer
from sovereignty.tender.folder import Tender
from tests.cli.entry_point import run

DOCS = Path(__file__).resolve().parents[2] / "docs" / "classification-json.md"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Tender:
    return build_demo_tender(tmp_path_factory.mktemp("classify") / "demo")


def test_json_output_has_the_documented_stable_shape(
    demo_offers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "classify", "--answers", str(demo_offers / "radiance.yaml"),
        "--as-of", "2026-11-28",
        "--json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert tuple(data) == TOP_LEVEL_KEYS
    assert data["schema"] == SCHEMA == "sovereignty/classification/1"
    assert data["as_of"] == "2026-11-28"
    assert [r["id"] for r in data["regimes"]] == [
        "not_ai_system", "out_of_scope", "prohibited", "high_risk_annex_i", "high_risk_annex_iii",
        "transparency", "gpai", "gpai_systemic_risk", "minimal_risk",
    ]  # fmt: skip
    assert set(data["regimes"][0]) == {
        "id", "status", "title", "points", "basis", "reasons", "articles", "exceptions",
        "deciding_questions", "possible_outcomes", "what_if",
    }  # fmt: skip
    assert set(data["summary"]) == {
        "regimes", "undetermined", "role", "role_status", "requalification_risk", "findings",
        "undetermined_rules",
    }  # fmt: skip
    obligation = data["obligations"][0]
    assert set(obligation) == {
        "id", "party", "title", "detail", "legal", "applies_from", "date_key", "date_confirmed",
        "status", "certainty", "because", "deciding_questions", "note",
    }  # fmt: skip
    assert data["summary"]["role"] == "deployer"
    assert "high_risk_annex_i" in data["summary"]["regimes"]


def test_the_json_documentation_names_every_key_it_promises() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert "sovereignty/classification/1" in text
    for key in TOP_LEVEL_KEYS:
        assert f"`{key}`" in text, key
    for regime in ("not_ai_system", "high_risk_annex_iii", "gpai_systemic_risk", "minimal_risk"):
        assert f"`{regime}`" in text
    assert "Interpretation choices" in text


def test_the_readable_output_gives_regimes_reasons_role_obligations_and_findings(
    demo_offers: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(
        capsys, "classify", "--answers", str(demo_offers / "northbridge.yaml"), "--as-of",
        "2026-11-28",
    )  # fmt: skip
    assert code == 0
    assert "Régimes" in out and "S'APPLIQUE" in out
    assert "Haut risque, produit de l'annexe I" in out
    assert "(art. 6(1) RIA" in out  # every reason cites its article
    assert "Rôle de l'établissement : déployeur" in out
    assert re.search(r"\[à venir, le 02/12/2027\] H-ART26-1 ", out)
    assert re.search(r"\[en vigueur depuis le 02/02/2025\] H-ART4 ", out)
    assert "MAJEUR    JURIS-01" in out
    # the buyer finds the interaction with the AI obvious: the Art. 50(1) exception is named
    assert "exception appliquée : art. 50(1) RIA" in out


def test_english_output_and_the_as_of_date_change_the_status(
    demo_offers: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ("classify", "--answers", str(demo_offers / "radiance.yaml"), "--lang", "en")
    _, before, _ = run(capsys, *args, "--as-of", "2027-12-01")
    _, after, _ = run(capsys, *args, "--as-of", "2027-12-02")
    assert "The hospital's role: deployer" in before
    assert re.search(r"\[upcoming, from 2027-12-02\] H-ART27 ", before)
    assert re.search(r"\[applies since 2027-12-02\] H-ART27 ", after)


def test_undetermined_results_show_what_to_ask(
    demo_offers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "classify", "--answers", str(demo_offers / "openscan.yaml"), "--lang", "en",
        "--as-of", "2026-11-28",
    )  # fmt: skip
    assert code == 0
    assert "The hospital's role: undetermined" in out
    assert "deciding questions: aiact.safety_component" in out
    assert "Rules not decided" in out


@pytest.mark.parametrize(
    ("lang", "decisions", "raw_pair"),
    [
        (
            "fr",
            "« Quelles décisions les sorties du système influencent-elles ? » (purpose.decisions)"
            " : Tri ou priorisation des patients, Diagnostic",
            "aiact.annex_iii = ",
        ),
        (
            "en",
            "“Which decisions do the system's outputs influence?” (purpose.decisions)"
            ": Triage or prioritisation of patients, Diagnosis",
            "purpose.decisions = ",
        ),
    ],
)
def test_the_answers_behind_a_finding_are_said_by_question_and_choice_labels(
    demo_offers: Path, capsys: pytest.CaptureFixture[str], lang: str, decisions: str, raw_pair: str
) -> None:
    code, out, _ = run(
        capsys, "classify", "--answers", str(demo_offers / "openscan.yaml"), "--lang", lang,
        "--as-of", "2026-11-28",
    )  # fmt: skip
    assert code == 0
    assert decisions in out
    assert raw_pair not in out  # no raw "id = value" any more
    # A long question label is shortened at a word ("…"); its id stays, in parentheses.
    answers = "\n".join(
        line for line in out.splitlines() if "réponses :" in line or "answers:" in line
    )
    labels = re.findall(r"[«“] ?([^«“»”]*?) ?[»”] \([a-z_]+\.[a-z_0-9]+\)", answers)
    assert labels and all(len(label) <= 60 for label in labels)
    assert any(label.endswith("…") and label[-2] != " " for label in labels)
    assert ("(aiact.annex_iii) : Aucun" if lang == "fr" else "(aiact.annex_iii): None") in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("classify", "--lang", "en"), "give either a VENDOR_ID of the tender or --answers FILE"),
        (("classify", "x", "--answers", "y.yaml", "--lang", "en"), "give either a VENDOR_ID"),
        (
            ("classify",),
            "Erreur : donnez soit VENDOR_ID (une offre de la consultation), soit --answers FICHIER",
        ),
        (
            ("classify", "--answers", "a.yaml", "--bank", "b.yaml", "x"),
            "Erreur : donnez soit VENDOR_ID",
        ),
        (
            ("classify", "radiance", "--bank", "b.yaml"),
            "Erreur : --bank va avec --answers ; une consultation utilise sa propre banque",
        ),
        (("classify", "--answers", "a.yaml", "--as-of", "31/11/2026"), "cette date n'existe pas"),
    ],
)
def test_wrong_usage_exits_2(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    assert message in err


def test_an_invalid_sheet_is_refused_with_file_place_and_question(
    demo_offers: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOVEREIGNTY_LANG", "en")  # the English wording of the errors
    sheet, _ = load_sheet(demo_offers / "radiance.yaml")
    answers = dict(sheet.answers)
    answers["aiact.mdr_class"] = answers["aiact.mdr_class"].model_copy(update={"value": "class_v"})
    path = tmp_path / "broken.yaml"
    save_sheet(path, sheet.model_copy(update={"answers": answers}))
    code, out, err = run(capsys, "classify", "--answers", str(path))
    assert code == 1
    assert out == ""
    assert err.startswith("Error: ") and "broken.yaml" in err
    assert "[aiact.mdr_class]" in err and "'class_v' is not one of" in err
    assert "Traceback" not in err


def test_a_vendor_of_the_tender_is_classified_in_the_tender_language(
    demo: Tender, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "classify", "openscan", "--dir", str(demo.root), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["vendor"] == {"id": "openscan", "name": "OpenScan Coop"}
    assert data["summary"]["role"] is None
    assert data["summary"]["requalification_risk"] is True
    code, _, err = run(capsys, "classify", "openscn", "--dir", str(demo.root))
    assert code == 1 and "vouliez-vous dire 'openscan' ?" in err  # French unless asked


def test_analyse_offer_carries_the_classification_and_the_findings(demo: Tender) -> None:
    offer = analyse_offer(demo, "northbridge")
    assert offer.classification is not None
    assert "gpai" in offer.classification.applicable
    ids = {f.id for f in offer.findings}
    assert {"JURIS-01", "REV-05"} <= ids
    assert all(f.vendor == "northbridge" for f in offer.findings)


def test_the_demo_step_writes_one_json_per_vendor(demo: Tender, tmp_path: Path) -> None:
    step = demo_step(demo, tmp_path, "en")
    assert step.name == "classify"
    assert sorted(p.name for p in step.files) == [
        "classification-northbridge.json",
        "classification-openscan.json",
        "classification-radiance.json",
    ]
    for path in step.files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["schema"] == SCHEMA
        assert data["vendor"]["id"] in path.name
    assert len(step.summary) == 3
    radiance = next(line for line in step.summary if line.startswith("Radiance"))
    assert "high-risk Annex III 5(d)" in radiance and "role: deployer" in radiance
    assert "0 blocking" in radiance


def test_findings_follow_the_as_of_date_where_the_law_changes(
    demo_offers: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """DA art. 29: switching charges at cost are allowed until 12 January 2027, banned after."""
    sheet, _ = load_sheet(
        demo_offers / "northbridge.yaml"
    )  # vendor SaaS: a data processing service
    answers = dict(sheet.answers)
    answers["reversibility.exit_cost"] = answers["reversibility.exit_cost"].model_copy(
        update={"value": "at_cost"}
    )
    path = tmp_path / "at-cost.yaml"
    save_sheet(path, sheet.model_copy(update={"answers": answers}))

    def rev_06(as_of: str) -> dict[str, object]:
        code, out, _ = run(capsys, "classify", "--answers", str(path), "--as-of", as_of, "--json")
        assert code == 0
        [finding] = [f for f in json.loads(out)["findings"] if f["id"] == "REV-06"]
        return finding

    before, on_the_day = rev_06("2027-01-11"), rev_06("2027-01-12")
    assert before["severity"] == "minor"
    assert before["title"]["en"] == "Switching charges at cost, prohibited from 12 January 2027"
    assert on_the_day["severity"] == "major"
    assert on_the_day["title"]["en"] == "Switching charges, prohibited since 12 January 2027"
    assert "prohibited charges" in on_the_day["explanation"]["en"]
    assert on_the_day["legal"] == ["DA art. 29"]


def test_the_demo_summary_says_an_undetermined_role_in_words(demo: Tender, tmp_path: Path) -> None:
    english = demo_step(demo, tmp_path / "en", "en").summary
    french = demo_step(demo, tmp_path / "fr", "fr").summary
    [openscan_en] = [line for line in english if line.startswith("OpenScan")]
    [openscan_fr] = [line for line in french if line.startswith("OpenScan")]
    assert "— role: undetermined —" in openscan_en
    assert "— rôle : indéterminé —" in openscan_fr
    assert not any("?" in line.split("— role:")[1].split("—")[0] for line in english)


def test_an_offer_analysed_as_of_a_date_carries_the_severity_of_that_date(tmp_path: Path) -> None:
    tender = build_demo_tender(tmp_path / "demo")
    sheet = tender.load_sheet("northbridge")
    answers = dict(sheet.answers)
    answers["reversibility.exit_cost"] = answers["reversibility.exit_cost"].model_copy(
        update={"value": "at_cost"}
    )
    save_sheet(tender.answers_path("northbridge"), sheet.model_copy(update={"answers": answers}))

    def severity(day: dt.date) -> str:
        offer = analyse_offer(tender, "northbridge", day)
        [finding] = [f for f in offer.findings if f.id == "REV-06"]
        return finding.severity

    assert severity(dt.date(2026, 11, 28)) == "minor"
    assert severity(dt.date(2027, 2, 1)) == "major"
