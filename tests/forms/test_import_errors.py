"""Every way a returned form can be wrong gets its own message, and nothing is written."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from sovereignty.core.errors import ContentError
from sovereignty.services.form import import_form
from sovereignty.tender.folder import Tender
from sovereignty.tender.journal import read_journal

HOSTING = "1 Hébergement où et par qui"
RECORDS = "2.1 Sous-traitant"


def refused(tender: Tender, path: Path, kit: Any) -> ContentError:
    """Import ``path``; it must fail, leaving the sheet and the journal as they were."""
    before = kit.snapshot(tender)
    with pytest.raises(ContentError) as info:
        import_form(tender, path, "acme")
    assert kit.snapshot(tender) == before
    return info.value


def edited(kit: Any, form: Path, tmp_path: Path, **cells: Any) -> Path:
    """The form with cells of the hosting sheet changed, e.g. E4="x"."""

    def change(workbook: Any) -> None:
        for ref, value in cells.items():
            workbook[HOSTING][ref] = value

    return kit.edit_workbook(form, change, tmp_path / "edited.xlsx")  # type: ignore[no-any-return]


def test_a_form_of_another_bank_version_is_refused_with_both_versions(
    form_tender: Tender, filled_form: Path, kit: Any
) -> None:
    bank_file = form_tender.root / "bank.yaml"
    text = bank_file.read_text(encoding="utf-8")
    bank_file.write_text(
        text.replace('version: "1.0.0"', 'version: "1.1.0"').replace("Nombre de GPU", "GPU"),
        encoding="utf-8",
    )
    tender = Tender.open(form_tender.root)
    error = refused(tender, filled_form, kit)
    message = error.render("en")
    assert "made for version 1.0.0 of the question bank form-test" in message
    assert "the tender now uses version 1.1.0" in message
    assert "export a new form" in message


def test_a_form_of_another_bank_is_refused(
    form_tender: Tender, filled_form: Path, kit: Any
) -> None:
    bank_file = form_tender.root / "bank.yaml"
    bank_file.write_text(
        bank_file.read_text(encoding="utf-8").replace("id: form-test", "id: other-bank"),
        encoding="utf-8",
    )
    error = refused(Tender.open(form_tender.root), filled_form, kit)
    assert "answers the question bank 'form-test', but the tender uses 'other-bank'" in str(error)


def test_a_value_outside_the_drop_down_names_sheet_cell_question_and_the_list(
    form_tender: Tender, filled_form: Path, kit: Any, tmp_path: Path
) -> None:
    error = refused(form_tender, edited(kit, filled_form, tmp_path, E4="Sur sites"), kit)
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert problem.where == f"sheet '{HOSTING}', cell E4"
    assert problem.subject == "hosting.model"
    assert "“Sur sites” is not in the list" in problem.says("en")
    assert "Service en ligne (SaaS), opéré par l'éditeur / Sur site / Hybride « mixte »" in (
        problem.says("en")
    )
    assert "did you mean “Sur site”?" in problem.says("en")


def test_wrong_types_are_reported_per_cell_all_at_once(
    form_tender: Tender, filled_form: Path, kit: Any, tmp_path: Path
) -> None:
    form = edited(kit, filled_form, tmp_path, E15="huit", E13="demain", E16=150, E5=True)
    problems = {p.where.rsplit(" ", 1)[-1]: p for p in refused(form_tender, form, kit).problems}
    assert set(problems) == {"E5", "E13", "E15", "E16"}
    assert problems["E15"].says("en") == "expected a number (found text “huit”)"
    assert problems["E15"].subject == "hosting.gpus"
    assert problems["E13"].says("en").startswith("expected a date as YYYY-MM-DD or DD/MM/YYYY")
    assert problems["E16"].says("en") == "150 is above the maximum 100"
    assert "“True” is not in the list (expected one of: Oui / Non / Je ne sais pas)" in (
        problems["E5"].says("en")
    )


def test_a_formula_in_a_cell_is_refused_never_evaluated(
    form_tender: Tender, filled_form: Path, kit: Any, tmp_path: Path
) -> None:
    form = edited(kit, filled_form, tmp_path, E15="=4*2", F15='=HYPERLINK("x")')
    problems = refused(form_tender, form, kit).problems
    assert [p.where.rsplit(" ", 1)[-1] for p in problems] == ["E15", "F15"]
    assert all("holds a formula" in p.says("en") for p in problems)


def test_a_renamed_sheet_is_named_with_its_likely_new_name(
    form_tender: Tender, filled_form: Path, kit: Any, tmp_path: Path
) -> None:
    def rename(workbook: Any) -> None:
        workbook[RECORDS].title = "Sous-traitants (ACME)"

    form = kit.edit_workbook(filled_form, rename, tmp_path / "renamed.xlsx")
    error = refused(form_tender, form, kit)
    assert error.problems[0].where == f"sheet '{RECORDS}'"
    assert "missing: sheets must not be renamed or deleted" in error.problems[0].says("en")
    assert "is it 'Sous-traitants (ACME)', renamed?" in error.problems[0].says("en")


def test_a_renamed_sheet_is_reported_in_french(
    form_tender: Tender, filled_form: Path, kit: Any, tmp_path: Path
) -> None:
    def rename(workbook: Any) -> None:
        workbook[RECORDS].title = "Sous-traitants (ACME)"

    form = kit.edit_workbook(filled_form, rename, tmp_path / "renamed.xlsx")
    assert refused(form_tender, form, kit).render("fr") == (
        f"{form} : feuille '{RECORDS}' : manquante : les feuilles ne doivent être ni renommées "
        "ni supprimées ; serait-ce 'Sous-traitants (ACME)', renommée ? Rendez-lui son nom, ou "
        "recopiez les réponses dans un formulaire neuf"
    )


def test_record_cells_are_explained_in_french(
    form_tender: Tender, filled_form: Path, kit: Any, tmp_path: Path
) -> None:
    def change(workbook: Any) -> None:
        workbook[RECORDS]["D5"] = "Santé; Finances"
        workbook[RECORDS]["B6"] = None  # a required name removed

    form = kit.edit_workbook(filled_form, change, tmp_path / "records.xlsx")
    problems = {p.where: p for p in refused(form_tender, form, kit).problems}
    d5 = problems[f"sheet '{RECORDS}', cell D5"]
    assert d5.says("fr").startswith("« Finances » ne fait pas partie de la liste")
    assert d5.says("fr").endswith("(plusieurs choix : séparez-les par « ; »)")
    b6 = problems[f"sheet '{RECORDS}', cell B6"]
    # the row is the record: the message keeps only the field, in both languages
    assert b6.says("fr") == "le champ 'name' est obligatoire"
    assert b6.render("fr") == f"feuille '{RECORDS}', cellule B6 : [subprocessors.list] " + (
        "le champ 'name' est obligatoire"
    )


def test_deleted_rows_are_detected_before_any_answer_is_read(
    form_tender: Tender, filled_form: Path, kit: Any, tmp_path: Path
) -> None:
    def delete(workbook: Any) -> None:
        workbook[HOSTING].delete_rows(5)

    form = kit.edit_workbook(filled_form, delete, tmp_path / "moved.xlsx")
    message = str(refused(form_tender, form, kit))
    assert "expected the question id 'hosting.hds', found 'hosting.hds_scope'" in message
    assert "rows were inserted, deleted or moved" in message


def test_a_macro_enabled_workbook_is_refused(
    form_tender: Tender, filled_form: Path, kit: Any, tmp_path: Path
) -> None:
    macro = tmp_path / "macro.xlsx"
    with zipfile.ZipFile(filled_form) as source, zipfile.ZipFile(macro, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\x00" * 64)
    assert "carries macros or controls (xl/vbaProject.bin)" in str(refused(form_tender, macro, kit))
    xlsm = tmp_path / "form.xlsm"
    shutil.copy(filled_form, xlsm)
    assert "a .xlsm file can carry macros" in str(refused(form_tender, xlsm, kit))


def test_a_corrupted_workbook_is_refused(
    form_tender: Tender, filled_form: Path, kit: Any, tmp_path: Path
) -> None:
    data = filled_form.read_bytes()
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(data[: len(data) // 2])
    assert "not an xlsx workbook (not a zip archive)" in str(refused(form_tender, truncated, kit))
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(filled_form) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/workbook.xml":
                content = content[: len(content) // 2]
            target.writestr(item, content)
    assert "corrupted workbook, cannot be read" in str(refused(form_tender, damaged, kit))


def test_a_file_that_is_not_a_workbook_is_refused(
    form_tender: Tender, kit: Any, tmp_path: Path
) -> None:
    text = tmp_path / "answers.xlsx"
    text.write_text("hosting.model;saas\n", encoding="utf-8")
    assert "not an xlsx workbook" in str(refused(form_tender, text, kit))
    old = tmp_path / "old.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert "old-format (.xls) or password-protected" in str(refused(form_tender, old, kit))
    assert "file not found" in str(refused(form_tender, tmp_path / "missing.xlsx", kit))


def test_a_workbook_that_is_not_a_response_form_is_refused(
    form_tender: Tender, kit: Any, tmp_path: Path
) -> None:
    import openpyxl

    other = tmp_path / "budget.xlsx"
    workbook = openpyxl.Workbook()
    workbook.save(other)
    assert "not a response form of this tool" in str(refused(form_tender, other, kit))


def test_unknown_where_the_question_refuses_it(
    form_tender: Tender, filled_form: Path, kit: Any, tmp_path: Path
) -> None:
    form = edited(kit, filled_form, tmp_path, E16="Je ne sais pas")
    problem = refused(form_tender, form, kit).problems[0]
    assert problem.subject == "hosting.uptime"
    assert "“Je ne sais pas” is not accepted for this question" in problem.says("en")


def test_a_comment_without_an_answer_is_refused(
    form_tender: Tender, filled_form: Path, kit: Any, tmp_path: Path
) -> None:
    form = edited(kit, filled_form, tmp_path, E15=None, F15="voir annexe")
    problem = refused(form_tender, form, kit).problems[0]
    assert problem.where.endswith("cell E15")
    assert "a comment or evidence is given but no answer" in problem.says("en")


def test_unknown_and_marked_choices_together_are_contradictory(
    form_tender: Tender, filled_form: Path, kit: Any, tmp_path: Path
) -> None:
    form = edited(kit, filled_form, tmp_path, E6="Je ne sais pas")
    problem = refused(form_tender, form, kit).problems[0]
    assert problem.where.endswith("cell E6") and problem.subject == "hosting.hds_scope"
    assert "but choices are marked “Oui” below" in problem.says("en")  # the form's word


def test_answers_to_questions_that_do_not_apply_are_set_aside_listed_and_journaled(
    form_tender: Tender, filled_form: Path, kit: Any, tmp_path: Path
) -> None:
    # On premises: the HDS question and the sub-processors table no longer apply. A vendor who
    # filled them in good faith gets the rest imported, and those listed, not a refusal.
    form = edited(kit, filled_form, tmp_path, E4="Sur site")
    result = import_form(form_tender, form, "acme")
    assert result.written
    located = {a.question_id: a.place for a in result.set_aside}
    assert located["hosting.hds"] == f"sheet '{HOSTING}', cell E5"
    assert located["subprocessors.list"] == "sheet '2 Sous-traitants', cell E4"
    answers = form_tender.load_sheet("acme").answers
    assert answers["hosting.model"].value == "on_premises"
    assert "hosting.hds" not in answers and "subprocessors.list" not in answers
    entry = read_journal(form_tender.journal_path)[-1]
    assert entry.action == "form.imported"
    kept = entry.details["set_aside"]
    assert kept["hosting.hds"]["value"] == "yes"  # what the vendor wrote is not lost
    assert kept["subprocessors.list"]["value"][0]["name"] == "Nuage SAS"


def test_a_set_aside_answer_is_still_refused_when_its_cell_is_ill_typed_or_hostile(
    form_tender: Tender, filled_form: Path, kit: Any, tmp_path: Path
) -> None:
    # E5 (HDS, which no longer applies on premises) holds a value no choice matches
    form = edited(kit, filled_form, tmp_path, E4="Sur site", E5="=CMD|' /C calc'!A0")
    problems = refused(form_tender, form, kit).problems
    assert [p.where for p in problems] == [f"sheet '{HOSTING}', cell E5"]


def test_a_condition_on_a_buyer_answer_sets_aside_against_the_merged_sheet(
    form_tender: Tender, filled_form: Path, kit: Any
) -> None:
    sheet = form_tender.load_sheet("acme")
    answers = dict(sheet.answers)
    answers["need.health_data"] = answers["need.health_data"].model_copy(update={"value": "no"})
    form_tender.save_sheet(sheet.model_copy(update={"answers": answers}))
    result = import_form(form_tender, filled_form, "acme", dry_run=True)
    aside = {a.question_id: a.place for a in result.set_aside}
    assert aside["hosting.hds_scope"].endswith("cell E6")


def test_record_cells_are_checked_one_by_one(
    form_tender: Tender, filled_form: Path, kit: Any, tmp_path: Path
) -> None:
    def change(workbook: Any) -> None:
        sheet = workbook[RECORDS]
        sheet["C5"] = "Allemagne"  # country
        sheet["D5"] = "Santé; Finances"  # data
        sheet["B6"] = None  # a required name removed
        sheet["F6"] = 250  # share above 100

    form = kit.edit_workbook(filled_form, change, tmp_path / "records.xlsx")
    problems = {p.where: p.says("en") for p in refused(form_tender, form, kit).problems}
    assert (
        "“Allemagne” is not in the list (expected one of: France / États-Unis)"
        in (problems[f"sheet '{RECORDS}', cell C5"])
    )
    assert "“Finances” is not in the list" in problems[f"sheet '{RECORDS}', cell D5"]
    assert "separate them with “;”" in problems[f"sheet '{RECORDS}', cell D5"]
    assert problems[f"sheet '{RECORDS}', cell B6"] == "field 'name' is required"
    assert len(problems) == 3  # the second row stops at its first problem


def test_records_said_none_but_filled_is_contradictory(
    form_tender: Tender, filled_form: Path, kit: Any, tmp_path: Path
) -> None:
    def change(workbook: Any) -> None:
        workbook["2 Sous-traitants"]["E4"] = "Aucun"

    form = kit.edit_workbook(filled_form, change, tmp_path / "none.xlsx")
    problem = refused(form_tender, form, kit).problems[0]
    assert problem.where == "sheet '2 Sous-traitants', cell E4"
    assert f"“Aucun” here, but the sheet '{RECORDS}' has rows" in problem.says("en")


def test_a_record_below_the_table_is_refused(
    form_tender: Tender, filled_form: Path, kit: Any, tmp_path: Path
) -> None:
    def change(workbook: Any) -> None:
        workbook[RECORDS]["B40"] = "Hors tableau"

    form = kit.edit_workbook(filled_form, change, tmp_path / "below.xlsx")
    problem = refused(form_tender, form, kit).problems[0]
    assert problem.where == f"sheet '{RECORDS}', cell A40"
    assert "row 40 is below the table, which holds 10 rows" in problem.says("en")


def test_an_empty_table_declared_filled_is_refused(
    form_tender: Tender, blank_form: Path, kit: Any, tmp_path: Path
) -> None:
    def change(workbook: Any) -> None:
        workbook["2 Sous-traitants"]["E4"] = "Voir la feuille dédiée"

    form = kit.edit_workbook(blank_form, change, tmp_path / "empty.xlsx")
    problem = refused(form_tender, form, kit).problems[0]
    assert problem.subject == "subprocessors.list"
    assert f"the sheet '{RECORDS}' has no rows: fill it, or choose “Aucun”" in problem.says("en")


def test_a_date_cell_takes_the_french_way_and_names_an_impossible_date() -> None:
    from sovereignty.forms.cells import BadCell, Raw, parse_date

    assert parse_date(Raw("15/03/2021")) == "2021-03-15"
    assert parse_date(Raw("2021-03-15")) == "2021-03-15"
    with pytest.raises(BadCell) as info:
        parse_date(Raw("30/02/2027"))
    assert (
        info.value.text("fr") == "'30/02/2027' : cette date n'existe pas (février 2027 a 28 jours)"
    )
    with pytest.raises(BadCell, match="YYYY-MM-DD or DD/MM/YYYY"):
        parse_date(Raw("demain"))
