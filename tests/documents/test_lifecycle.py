"""The documents that follow the award, written for the demo's awarded offer and read back with
python-docx: AIPD, AIDF, exit plan, registration sheet; and the AIPD as the CNIL PIA software's
JSON, checked key by key against what that software's importer reads."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from sovereignty.core.errors import UsageError
from sovereignty.core.yamlio import write_atomic
from sovereignty.documents.lifecycle.aipd import QUESTIONS, aipd_content
from sovereignty.documents.lifecycle.common import OfferView
from sovereignty.documents.lifecycle.pia import SPEC, pia_export, pia_problems
from sovereignty.register.model import Contract
from sovereignty.services import lifecycle, register
from sovereignty.services.offer import analyse_offer
from sovereignty.tender.folder import Tender
from tests.documents.docx_reading import body_text, headings, open_docx, structure_problems, tables


@pytest.fixture(scope="session")
def views(demo_tender: Tender, tmp_path_factory: pytest.TempPathFactory) -> dict[str, OfferView]:
    """The awarded offer with its register entry (contract dates), in French and English."""
    offer = analyse_offer(demo_tender, "radiance", dt.date(2026, 11, 30))
    contract = Contract(start=dt.date(2027, 2, 1), months=36, notice_months=3,
                        go_live=dt.date(2027, 4, 1))  # fmt: skip
    options = register.AddOptions(vendor="radiance", contract=contract)
    folder = tmp_path_factory.mktemp("register")
    _, entry, _ = register.add_from_tender(folder, demo_tender, options, "fr", offer)
    return {lang: lifecycle.offer_view(offer, lang, entry) for lang in ("fr", "en")}  # type: ignore[misc]


@pytest.fixture(scope="session")
def written(
    views: dict[str, OfferView], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("lifecycle")
    paths = {}
    for kind in lifecycle.KINDS:
        for lang, view in views.items():
            path = folder / f"{kind}.{lang}.docx"
            write_atomic(path, lifecycle.render(lifecycle.document_context(kind, view, lang)))  # type: ignore[arg-type]
            paths[f"{kind}.{lang}"] = path
    return paths


@pytest.mark.parametrize(
    "name", ["aipd.fr", "aidf.fr", "exit-plan.fr", "registration.fr", "aipd.en"]
)
def test_each_document_is_a_sound_word_file(written: dict[str, Path], name: str) -> None:
    assert structure_problems(written[name]) == []


def test_the_aipd_has_the_four_contents_of_article_35_7_filled_from_the_offer(
    written: dict[str, Path],
) -> None:
    document = open_docx(written["aipd.fr"])
    assert headings(document, 1)[1:5] == [
        "a) Description systématique du traitement",
        "b) Nécessité et proportionnalité",
        "c) Risques pour les droits et libertés",
        "d) Mesures prévues",
    ]
    text = body_text(document)
    for expected in (
        "Radiance Santé SAS",  # the processor
        "Sauvegarde Atlantique SAS",  # a sub-processor, from the answers
        "Ligérien Datacenters",  # the host, from the data-flow graph's recipients
        "données de santé pseudonymisées",  # a data category, named
        "Pays hors EEE atteints : aucun",  # transfers, from the graph's reach
        "Clause HOST-01",  # a measure, from the contract's clauses
        "Accès illégitime à des données",  # the CNIL method's three risks
    ):
        assert expected in text, expected
    assert "☐" in text  # what the DPO completes is marked


def test_the_aidf_follows_article_27_1_and_dates_the_notification(
    written: dict[str, Path],
) -> None:
    document = open_docx(written["aidf.fr"])
    level1 = headings(document, 1)
    assert [h[:2] for h in level1[1:7]] == ["a)", "b)", "c)", "d)", "e)", "f)"]
    text = body_text(document)
    assert "Notification à l'autorité de surveillance du marché" in level1
    rows = {r[0]: r[1] for t in tables(document) for r in t if len(r) == 2}
    assert rows["À notifier au plus tard le"] == "2 décembre 2027"  # after the go-live
    assert "Dr Hugo Lemaire" in text  # oversight persons, from the answers
    assert "36 mois" in text  # the period of use, from the register's contract


def test_the_exit_plan_lists_what_comes_back_the_steps_with_dates_and_the_deletion(
    written: dict[str, Path],
) -> None:
    document = open_docx(written["exit-plan.fr"])
    cells = [r for t in tables(document) for r in t]
    inventory = [r for r in cells if r[0].startswith("Paramètres ou poids du modèle")]
    assert inventory and "ONNX" in inventory[0][2]
    steps = {r[0]: r[1] for r in cells if r[0][:2] in ("1.", "2.", "4.")}
    # the contract ends on 1 Feb 2030: notice 2 months before at most, transition 30 days
    assert steps["1. Préavis de changement de fournisseur"].startswith("1er décembre 2029")
    assert steps["2. Période de transition"].startswith("3 mars 2030")
    text = body_text(document)
    assert "Sauvegarde Atlantique SAS" in text  # the graph's exit-path gap (FLOW-07)
    assert "Test de réversibilité avant la mise en service" in headings(document, 1)
    assert "1er avril 2027" in text  # before the go-live
    assert "12 janvier 2027" in text  # Data Act Art. 29: no switching charges


def test_the_registration_sheet_has_the_fields_of_annex_viii_section_c(
    written: dict[str, Path],
) -> None:
    document = open_docx(written["registration.fr"])
    fields = [h for h in headings(document, 2) if h[:2] in ("1.", "2.", "3.", "4.", "5.")]
    assert [f[:2] for f in fields] == ["1.", "2.", "3.", "4.", "5."]
    text = body_text(document)
    assert "EUAI-FR-2026-000412" in text  # the provider's registration, from the answers
    assert "ne doit pas être utilisé" in text  # what an unregistered system means
    # explained in paragraphs, not only in tables (what each field is, who provides it)
    assert sum(len(p.text.split()) for p in document.paragraphs) >= 200


def test_documents_are_written_in_english_too(written: dict[str, Path]) -> None:
    text = body_text(open_docx(written["aipd.en"]))
    assert "(a) Systematic description" in text and "Which data are processed?" in text
    assert "Données" not in text.split("Which data are processed?")[0]


def test_the_aidf_is_refused_where_article_27_does_not_apply(
    views: dict[str, OfferView],
) -> None:
    view = views["fr"]
    obligations = tuple(o for o in view.classification.obligations if o.id != "H-ART27")
    without = copy.copy(view)
    object.__setattr__(
        without,
        "classification",
        view.classification.model_copy(update={"obligations": obligations}),
    )
    with pytest.raises(UsageError, match="does not apply"):
        lifecycle.document_context("aidf", without, "fr")


# --- the PIA software's JSON -------------------------------------------------------------------
@pytest.fixture(scope="session")
def pia(views: dict[str, OfferView]) -> dict[str, Any]:
    content = aipd_content(views["fr"], "fr")
    return pia_export(content, "test-user", dt.datetime(2027, 1, 5, 9, 30, tzinfo=dt.UTC))


def test_the_pia_export_has_the_shape_the_pia_software_imports(pia: dict[str, Any]) -> None:
    assert pia_problems(pia) == []
    assert set(pia) == {"pia", "answers", "measures", "evaluations", "comments"}
    refs = {a["reference_to"] for a in pia["answers"]}
    assert set(QUESTIONS) <= refs  # every question of the context and principles sections
    assert {321, 322, 323, 324, 331, 341, 344} <= refs  # the three risks' lists
    text = {a["reference_to"]: a["data"] for a in pia["answers"]}
    assert "Sauvegarde Atlantique SAS" in text[112]["text"]
    assert isinstance(text[322]["list"], list) and text[322]["text"] is None
    assert pia["measures"] and all(isinstance(m["id"], int) for m in pia["measures"])
    assert pia["pia"]["created_at"] == "2027-01-05T09:30:00.000Z"
    json.dumps(pia)  # plain JSON


REQUIRED = [
    (path, key)
    for path, keys in SPEC.items()
    for key, (_, required) in keys.items()
    if required and path in ("", "pia", "answers[]", "answers[].data", "measures[]")
]


def _holder(data: dict[str, Any], path: str) -> dict[str, Any]:
    return {
        "": data,
        "pia": data["pia"],
        "answers[]": data["answers"][0],
        "answers[].data": data["answers"][0]["data"],
        "measures[]": data["measures"][0],
    }[path]


@pytest.mark.parametrize(("path", "key"), REQUIRED)
def test_a_missing_required_key_is_caught(pia: dict[str, Any], path: str, key: str) -> None:
    data = copy.deepcopy(pia)
    del _holder(data, path)[key]
    assert any(f"missing key '{key}'" in p for p in pia_problems(data))


@pytest.mark.parametrize(
    ("path", "key", "wrong"),
    [
        ("", "answers", {}),
        ("pia", "status", "0"),
        ("pia", "created_at", "yesterday"),
        ("pia", "concerned_people_searched_opinion", "no"),
        ("answers[]", "reference_to", "111"),
        ("answers[].data", "list", "a, b"),
        ("answers[].data", "gauge", True),
        ("measures[]", "id", "1"),
    ],
)
def test_a_mistyped_key_is_caught(pia: dict[str, Any], path: str, key: str, wrong: Any) -> None:
    data = copy.deepcopy(pia)
    _holder(data, path)[key] = wrong
    assert pia_problems(data), (path, key)


def test_an_unknown_question_or_evaluation_reference_is_caught(pia: dict[str, Any]) -> None:
    data = copy.deepcopy(pia)
    data["answers"][0]["reference_to"] = 999
    data["evaluations"] = [{"reference_to": 211, "status": 0, "global_status": 0,
                            "created_at": "2027-01-05T09:30:00.000Z"}]  # fmt: skip
    problems = pia_problems(data)
    assert any("999 is not a question" in p for p in problems)
    assert any("evaluations[0].reference_to" in p for p in problems)


def test_the_aipd_command_writes_word_and_pia_files(demo_tender: Tender, tmp_path: Path) -> None:
    out, pia_path = tmp_path / "aipd.docx", tmp_path / "aipd.json"
    written = lifecycle.write_document(demo_tender, "aipd", "radiance", out, pia=pia_path)
    assert [w.path for w in written] == [out, pia_path]
    assert pia_problems(json.loads(pia_path.read_text(encoding="utf-8"))) == []
    with pytest.raises(UsageError, match=r"\.json"):
        lifecycle.write_document(demo_tender, "aipd", "radiance", out, pia=tmp_path / "x.txt")


def test_the_shipped_lifecycle_template_is_what_its_build_script_produces(tmp_path: Path) -> None:
    import importlib.util
    import zipfile

    from sovereignty.core.resources import data_dir

    spec = importlib.util.spec_from_file_location(
        "build_lifecycle", data_dir("templates") / "build_lifecycle.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (built,) = module.build(tmp_path)

    def parts(path: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(path) as archive:
            return {n: archive.read(n) for n in archive.namelist() if n.startswith("word/")}

    assert parts(built) == parts(data_dir("templates") / "lifecycle.docx"), (
        "run: python templates/build_lifecycle.py"
    )


def test_each_risk_lists_the_measures_that_treat_it(views: dict[str, OfferView]) -> None:
    content = aipd_content(views["fr"], "fr")
    titles = {m.title for m in content.measures}
    access = content.risks["access"].measures
    assert "Chiffrement au repos" in access and "Fonctionnement hors connexion" not in access
    assert "Fonctionnement hors connexion" in content.risks["disappearance"].measures
    assert any(t.startswith("Clause DEL-01") for t in content.risks["disappearance"].measures)
    for risk in content.risks.values():
        assert set(risk.measures) <= titles


def test_vendor_text_is_printed_never_run_in_the_lifecycle_documents(
    views: dict[str, OfferView], tmp_path: Path
) -> None:
    import dataclasses

    hostile = "{{ 7*7 }} {% if true %}x{% endif %} </w:t><w:p> \x07 & <b>"
    view = dataclasses.replace(views["fr"], text=lambda qid: hostile)
    for kind in lifecycle.KINDS:
        path = tmp_path / f"{kind}.docx"
        path.write_bytes(lifecycle.render(lifecycle.document_context(kind, view, "fr")))  # type: ignore[arg-type]
        assert structure_problems(path) == []
        text = body_text(open_docx(path))
        assert "{{ 7*7 }}" in text and "{% if true %}x{% endif %}" in text
        assert "</w:t><w:p>" in text


def test_every_data_flow_purpose_has_a_name_in_both_languages() -> None:
    from typing import get_args

    from sovereignty.dataflow.model import Purpose
    from sovereignty.documents.lifecycle.common import PURPOSES

    assert set(PURPOSES) == set(get_args(Purpose))


def test_documents_name_the_tender_journal_they_were_made_from(
    written: dict[str, Path], views: dict[str, OfferView]
) -> None:
    from tests.documents.docx_reading import plain

    rows = {r[0]: plain(r[1]) for r in tables(open_docx(written["exit-plan.fr"]))[0]}
    journal = views["fr"].journal
    assert journal is not None and journal[0] > 0
    assert rows["Journal de la consultation"] == f"{journal[0]} entrées, dernière {journal[1][:16]}"


def test_the_commands_write_their_documents_and_refuse_a_wrong_suffix(
    demo_tender: Tender, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sovereignty.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as info:
            main(list(args))
            raise SystemExit(0)
        out, err = capsys.readouterr()
        return int(info.value.code or 0), out, err

    base = ("--dir", str(demo_tender.root))
    out_file = tmp_path / "sortie.docx"
    code, out, _ = run("exit-plan", "radiance", *base, "-o", str(out_file), "--switch-date",
                       "2028-06-30")  # fmt: skip
    assert code == 0 and "sortie.docx" in out and "pas d'entrée de registre" in out
    steps = {r[0]: r[1] for t in tables(open_docx(out_file)) for r in t}
    assert steps["1. Préavis de changement de fournisseur"].startswith("30 avril 2028")
    code, out, _ = run(
        "registration", "radiance", *base, "-o", str(tmp_path / "r.docx"), "--lang", "en"
    )
    assert code == 0 and out.startswith("Written: ")
    code, _, err = run("aidf", "radiance", *base, "-o", str(tmp_path / "aidf.pdf"))
    assert code == 2 and "aidf.pdf" in err and ".docx" in err
    code, _, err = run("aipd", "nobody", *base)
    assert code == 1 and "nobody" in err


@pytest.mark.parametrize("kind", ["aipd", "aidf", "exit-plan", "registration"])
def test_english_documents_cite_the_texts_in_english(
    views: dict[str, OfferView], tmp_path: Path, kind: str
) -> None:
    path = tmp_path / f"{kind}.docx"
    path.write_bytes(lifecycle.render(lifecycle.document_context(kind, views["en"], "en")))  # type: ignore[arg-type]
    text = body_text(open_docx(path))
    assert "Regulation (EU)" in text
    assert "du règlement" not in text and "paragraphe" not in text


def test_each_finding_threatens_the_risk_it_is_about(views: dict[str, OfferView]) -> None:
    from sovereignty.documents.lifecycle.aipd import finding_risks

    assert finding_risks("FLOW-07") == {"disappearance"}  # no way to get the data back
    assert finding_risks("TRANSFER-01") == {"access"}
    content = aipd_content(views["fr"], "fr")
    flow07 = [t for t in content.risks["disappearance"].threats if t.startswith("FLOW-07")]
    assert flow07 and not [t for t in content.risks["access"].threats if t.startswith("FLOW-07")]
