"""The exported form, reopened: sheets, questions, drop-downs, typed cells, protection, metadata."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from sovereignty.core.errors import UsageError
from sovereignty.core.legal import cite
from sovereignty.forms.layout import FormLayout
from sovereignty.services.form import export_form
from sovereignty.tender.folder import Tender
from sovereignty.tender.journal import read_journal

HOSTING = "1 Hébergement où et par qui"


@pytest.fixture
def workbook(blank_form: Path) -> Any:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(blank_form)


def validations(sheet: Any) -> dict[str, Any]:
    """Each cell range with a data validation -> the validation."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cells in str(validation.sqref).split():
            found[cells] = validation
    return found


def list_values(workbook: Any, validation: Any) -> list[str]:
    """The values a list validation offers, read from the hidden lists sheet."""
    sheet_name, cells = validation.formula1.rsplit("!", 1)
    sheet = workbook[sheet_name.strip("'")]
    return [c.value for row in sheet[cells.replace("$", "")] for c in row]


def test_one_sheet_per_section_with_vendor_questions_plus_instructions_and_tables(
    workbook: Any,
) -> None:
    assert workbook.sheetnames == [
        "Instructions",
        HOSTING,
        "2 Sous-traitants",
        "2.1 Sous-traitant",
        "_lists",
        "_meta",
    ]
    assert workbook["_lists"].sheet_state == "hidden"
    assert workbook["_meta"].sheet_state == "veryHidden"
    assert workbook.security.lockStructure


def test_only_the_vendor_questions_are_in_the_form(workbook: Any, form_tender: Tender) -> None:
    ids = {
        workbook[name][f"B{row}"].value
        for name in (HOSTING, "2 Sous-traitants")
        for row in range(4, 30)
    }
    vendor = {q.id for q in form_tender.bank.questions if q.answered_by == "vendor"}
    assert vendor <= ids
    assert not {"need.problem", "need.health_data"} & ids


def test_a_question_row_has_its_label_help_references_and_condition(workbook: Any) -> None:
    sheet = workbook[HOSTING]
    assert sheet["A4"].value == "1.1" and sheet["B4"].value == "hosting.model"
    assert sheet["C4"].value == "Modèle d'hébergement"
    help_text = sheet["H4"].value
    assert "Le mode d'exploitation." in help_text
    assert "Pourquoi : Le lieu décide du droit applicable." in help_text
    assert "Pièces utiles : Contrat d'hébergement" in help_text
    assert cite("CSP art. L1111-8", "fr") in help_text
    assert sheet["C5"].value == (
        "Hébergeur certifié HDS ?\n→ Uniquement si 1.1 « Modèle d'hébergement » vaut "
        "« Service en ligne (SaaS), opéré par l'éditeur »"
    )
    assert "la question de l'acheteur « Données de santé ? » vaut « Oui »" in sheet["C6"].value


def test_choice_cells_offer_the_labels_and_i_dont_know_where_allowed(workbook: Any) -> None:
    found = validations(workbook[HOSTING])
    assert list_values(workbook, found["E4"]) == [
        "Service en ligne (SaaS), opéré par l'éditeur",
        "Sur site",
        "Hybride « mixte »",
        "Je ne sais pas",
    ]
    assert found["E4"].showErrorMessage
    assert list_values(workbook, found["E5"]) == ["Oui", "Non", "Je ne sais pas"]
    # multiple choice: "I don't know" on the question row, Yes/No on each choice row
    assert list_values(workbook, found["E6"]) == ["Je ne sais pas"]
    assert [workbook[HOSTING][f"C{r}"].value for r in (7, 8, 9)] == [
        "Infrastructure physique",
        "Sauvegarde",
        "Administration, exploitation",
    ]
    assert all(list_values(workbook, found[f"E{r}"]) == ["Oui", "Non"] for r in (7, 8, 9))
    assert "E10" not in found  # multiple choice refusing "unknown": nothing to pick there


def test_numbers_and_dates_are_typed_cells(workbook: Any) -> None:
    sheet = workbook[HOSTING]
    found = validations(sheet)
    assert sheet["E13"].number_format == "yyyy-mm-dd"
    assert found["E13"].type == "date"  # unknown refused: a plain date check
    assert found["E14"].type == "custom"  # a date or "Je ne sais pas"
    assert 'E14="Je ne sais pas"' in found["E14"].formula1
    assert sheet["E15"].number_format == "0"
    assert "E15>=0" in found["E15"].formula1 and "E15<=64" in found["E15"].formula1
    assert found["E16"].type == "decimal" and (found["E16"].formula1, found["E16"].formula2) == (
        "0",
        "100",
    )
    assert found["E17"].type == "textLength" and found["E17"].formula1 == "300"
    assert sheet["E17"].number_format == "@"  # typed "=..." stays text
    assert "Nombre entier entre 0 et 64 (en GPU)" in sheet["D15"].value


def test_only_answer_comment_and_evidence_cells_are_unlocked(workbook: Any) -> None:
    sheet = workbook[HOSTING]
    assert sheet.protection.sheet
    unlocked = {
        cell.coordinate
        for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row)
        for cell in row
        if not cell.protection.locked
    }
    assert {"E4", "F4", "G4", "E7", "E15"} <= unlocked
    assert {c[0] for c in unlocked} == {"E", "F", "G"}
    assert "F7" not in unlocked  # choice rows: the answer only
    assert "E10" not in unlocked
    assert all(workbook[name].protection.sheet for name in workbook.sheetnames)


def test_a_records_question_has_its_own_sheet_with_one_column_per_field(workbook: Any) -> None:
    sheet = workbook["2.1 Sous-traitant"]
    headers = [sheet.cell(3, c).value for c in range(1, 8)]
    assert headers == ["N°", "Nom *", "Pays *", "Données", "Accès distant *", "Part", "Depuis"]
    assert "Plusieurs choix parmi : Santé ; Administratives" in sheet["D4"].value
    assert sheet["A5"].value == 1 and sheet["A14"].value == 10  # max_items rows
    found = validations(sheet)
    assert list_values(workbook, found["C5:C14"]) == ["France", "États-Unis"]
    assert list_values(workbook, found["E5:E14"]) == ["Oui", "Non"]
    assert found["G5:G14"].type == "date"
    assert not sheet["B14"].protection.locked and sheet["B15"].protection.locked
    main = workbook["2 Sous-traitants"]
    assert "feuille « 2.1 Sous-traitant »" in main["D4"].value
    assert list_values(workbook, validations(main)["E4"]) == [
        "Voir la feuille dédiée",
        "Aucun",
        "Je ne sais pas",
    ]


def test_the_hidden_sheet_names_the_bank_version_and_checksums(
    workbook: Any, form_tender: Tender
) -> None:
    meta = {r[0].value: r[1].value for r in workbook["_meta"].iter_rows(max_col=2)}
    bank = form_tender.bank
    assert meta["format"] == "sovereignty/form/1"
    assert (meta["bank_id"], meta["bank_version"], meta["bank_hash"]) == (
        bank.id,
        bank.version,
        bank.hash,
    )
    assert meta["lang"] == "fr"
    assert meta["layout_checksum"] == FormLayout(bank, "fr").checksum


def test_the_instructions_sheet_names_the_tender_and_has_respondent_cells(workbook: Any) -> None:
    sheet = workbook["Instructions"]
    assert sheet["B1"].value == "Formulaire de réponse de l'éditeur"
    assert sheet["B2"].value == "IA test — CHU Test"
    assert [sheet[f"B{r}"].value for r in range(5, 10)] == [
        "Nom et prénom",
        "Société",
        "Fonction",
        "Courriel",
        "Date de la réponse",
    ]
    assert all(not sheet[f"C{r}"].protection.locked for r in range(5, 10))
    texts = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "11 questions réparties en 3 feuilles" in texts
    assert "N'utilisez pas de formule" in texts


def test_the_english_form_is_in_english(form_tender: Tender, tmp_path: Path) -> None:
    import openpyxl

    path = export_form(form_tender, tmp_path / "en.xlsx", "en").path
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[1] == "1 Hosting where and by whom"
    sheet = workbook[workbook.sheetnames[1]]
    assert sheet["C4"].value == "Hosting model"
    assert sheet["E3"].value == "Answer"
    assert sheet["C5"].value == (
        "HDS-certified host?\n→ Only if 1.1 “Hosting model” is “Online service (SaaS), run "
        "by the vendor”"
    )


def test_export_refuses_another_extension_and_logs_in_the_journal(
    form_tender: Tender, tmp_path: Path
) -> None:
    with pytest.raises(UsageError, match=r"name it with \.xlsx"):
        export_form(form_tender, tmp_path / "form.xls", "fr")
    result = export_form(form_tender, tmp_path / "form.xlsx", "fr")
    entry = read_journal(form_tender.journal_path)[-1]
    assert entry.action == "form.exported"
    assert entry.details["bank_version"] == "1.0.0" and entry.details["lang"] == "fr"
    assert result.size == (tmp_path / "form.xlsx").stat().st_size
    assert result.questions == 11


def test_two_choices_sharing_a_label_are_refused_when_the_form_is_built(
    form_tender: Tender,
) -> None:
    from sovereignty.core.errors import ContentError
    from sovereignty.questionnaire.loader import load_bank

    path = form_tender.root / "bank.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "{fr: Sur site, en: On premises}", "{fr: Sur site, en: Hybrid “mixed”}"
        ),
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match=r"two choices of 'hosting\.model' share a label"):
        FormLayout(load_bank(path), "en")


def test_row_heights_follow_the_length_of_the_texts(workbook: Any) -> None:
    sheet = workbook[HOSTING]
    short = sheet.row_dimensions[15].height  # hosting.gpus: short label, no help
    long = sheet.row_dimensions[4].height  # hosting.model: help, why, evidence, reference
    assert 15 <= short <= 50
    assert short < long < 200
