"""Export, fill, import: the answers come back equal, and a second import shows what changed."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from sovereignty.forms.fill import fill_form
from sovereignty.forms.merge import canonical, describe_change
from sovereignty.forms.read import read_form
from sovereignty.questionnaire.answers import Answer
from sovereignty.questionnaire.validate import check_sheet
from sovereignty.services.form import import_form
from sovereignty.tender.folder import Tender
from sovereignty.tender.journal import read_journal


def answers_data(answers: dict[str, Answer]) -> dict[str, Any]:
    """What an answer says (value, unknown, comment, evidence), as plain data."""
    return {
        qid: {
            "value": canonical(a.value),
            "unknown": a.unknown,
            "comment": a.comment,
            "evidence": a.evidence,
        }
        for qid, a in answers.items()
    }


def test_every_answer_filled_in_the_form_comes_back_equal(
    form_tender: Tender, filled_form: Path, kit: Any
) -> None:
    result = import_form(form_tender, filled_form, "acme")
    sheet = form_tender.load_sheet("acme")
    assert answers_data(sheet.answers) == answers_data(kit.full_answers())
    assert check_sheet(form_tender.bank, sheet).valid
    vendor_answers = {q for q in sheet.answers if not q.startswith("need.")}
    assert {c.question_id for c in result.changes} == vendor_answers
    assert result.written


def test_the_import_records_the_respondent_and_keeps_the_buyer_answers(
    form_tender: Tender, filled_form: Path
) -> None:
    buyer_before = form_tender.load_sheet("acme").answers["need.problem"]
    import_form(form_tender, filled_form, "acme", actor="acheteur")
    sheet = form_tender.load_sheet("acme")
    assert sheet.answers["need.problem"] == buyer_before
    assert sheet.answers["hosting.model"].by == "Jeanne Martin (Acme SAS)"
    entry = read_journal(form_tender.journal_path)[-1]
    assert entry.action == "form.imported" and entry.actor == "acheteur"
    assert entry.details["vendor"] == "acme" and entry.details["file"] == "filled.xlsx"
    assert "hosting.model" in entry.details["changed"]


def test_without_a_respondent_the_answers_are_attributed_to_the_file(
    form_tender: Tender, blank_form: Path, tmp_path: Path, kit: Any
) -> None:
    out = tmp_path / "anonymous.xlsx"
    sheet = kit.sheet_with(form_tender, kit.full_answers())
    fill_form(blank_form, out, form_tender.bank, sheet)
    import_form(form_tender, out, "acme")
    by = form_tender.load_sheet("acme").answers["hosting.gpus"].by
    assert by == "import du formulaire : anonymous.xlsx"  # in the form's language


def test_importing_the_same_form_again_changes_nothing_and_says_so(
    form_tender: Tender, filled_form: Path
) -> None:
    import_form(form_tender, filled_form, "acme")
    saved = form_tender.answers_path("acme").read_bytes()
    again = import_form(form_tender, filled_form, "acme")
    assert again.changes == [] and not again.written
    assert form_tender.answers_path("acme").read_bytes() == saved
    assert read_journal(form_tender.journal_path)[-1].details["changed"] == []


def test_a_second_import_lists_each_changed_question_old_to_new(
    form_tender: Tender, filled_form: Path, kit: Any, tmp_path: Path
) -> None:
    import_form(form_tender, filled_form, "acme")

    def change(workbook: Any) -> None:
        sheet = workbook["1 Hébergement où et par qui"]
        sheet["E15"] = 16  # hosting.gpus
        sheet["F4"] = "Nouveau commentaire"  # hosting.model comment
        sheet["E16"] = None  # hosting.uptime left blank: no answer given, the old one stays

    second = kit.edit_workbook(filled_form, change, tmp_path / "second.xlsx")
    result = import_form(form_tender, second, "acme")
    bank = form_tender.bank
    shown = {
        c.question_id: describe_change(c, bank.by_id[c.question_id], "fr") for c in result.changes
    }
    assert shown == {
        "hosting.model": f"commentaire : {kit.tricky_texts[0]} → Nouveau commentaire",
        "hosting.gpus": "8 GPU → 16 GPU",
    }
    sheet = form_tender.load_sheet("acme")
    assert sheet.answers["hosting.gpus"].value == 16
    assert sheet.answers["hosting.uptime"].value == 99.95
    assert sheet.answers["hosting.hds"].by == "Jeanne Martin (Acme SAS)"  # unchanged answer kept


def test_importing_a_blank_form_erases_no_answer(
    form_tender: Tender, filled_form: Path, blank_form: Path, kit: Any
) -> None:
    import_form(form_tender, filled_form, "acme")
    saved = form_tender.answers_path("acme").read_bytes()
    result = import_form(form_tender, blank_form, "acme")
    assert result.changes == [] and not result.written
    assert form_tender.answers_path("acme").read_bytes() == saved
    answers = form_tender.load_sheet("acme").answers
    assert answers_data(answers) == answers_data(kit.full_answers())


def test_answers_that_no_longer_apply_after_a_changed_answer_are_removed_as_stale(
    form_tender: Tender, filled_form: Path, blank_form: Path, kit: Any, tmp_path: Path
) -> None:
    import_form(form_tender, filled_form, "acme")

    def on_premises(workbook: Any) -> None:
        workbook["1 Hébergement où et par qui"]["E4"] = "Sur site"  # hosting.model, was SaaS

    form = kit.edit_workbook(blank_form, on_premises, tmp_path / "on-premises.xlsx")
    result = import_form(form_tender, form, "acme")
    # hds applies only to SaaS; the sub-processors only off premises, their approval only once
    # they are listed: all three go, marked stale, after the change that caused it.
    assert [(c.question_id, c.stale) for c in result.changes] == [
        ("hosting.model", False),
        ("hosting.hds", True),
        ("subprocessors.list", True),
        ("subprocessors.approval", True),
    ]
    assert all(c.after is None for c in result.changes if c.stale)
    answers = form_tender.load_sheet("acme").answers
    assert answers["hosting.model"].value == "on_premises"
    assert not {"hosting.hds", "subprocessors.list", "subprocessors.approval"} & set(answers)
    assert answers["hosting.gpus"].value == 8  # blank in this form: kept
    assert check_sheet(form_tender.bank, form_tender.load_sheet("acme")).valid
    entry = read_journal(form_tender.journal_path)[-1]
    assert entry.details["stale"] == ["hosting.hds", "subprocessors.list", "subprocessors.approval"]


def test_texts_that_look_like_formulas_are_stored_as_text_and_come_back_as_typed(
    filled_form: Path, form_tender: Tender, kit: Any
) -> None:
    with zipfile.ZipFile(filled_form) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = "".join(archive.read(n).decode("utf-8") for n in sheets)
    assert "<f>" not in xml and "<f " not in xml
    content = read_form(filled_form, form_tender.bank)
    assert content.answers["hosting.model"].comment == kit.tricky_texts[0]  # type: ignore[union-attr]
    names = [r["name"] for r in content.answers["subprocessors.list"].value]  # type: ignore[union-attr]
    assert names == ["Nuage SAS", kit.tricky_texts[4]]


def test_an_english_form_round_trips_too(form_tender: Tender, tmp_path: Path, kit: Any) -> None:
    from sovereignty.services.form import export_form

    form = export_form(form_tender, tmp_path / "form-en.xlsx", "en").path
    out = tmp_path / "filled-en.xlsx"
    fill_form(form, out, form_tender.bank, kit.sheet_with(form_tender, kit.full_answers()))
    result = import_form(form_tender, out, "acme")
    assert result.lang == "en"
    assert answers_data(form_tender.load_sheet("acme").answers) == answers_data(kit.full_answers())


def test_a_new_vendor_is_created_from_the_form_with_the_company_as_its_name(
    form_tender: Tender, filled_form: Path
) -> None:
    result = import_form(form_tender, filled_form, "newco")
    assert result.created
    sheet = form_tender.load_sheet("newco")
    assert sheet.vendor.name == "Acme SAS"  # the company, not the person who answered
    assert sheet.answers["hosting.model"].by == "Jeanne Martin (Acme SAS)"
    assert "need.problem" not in sheet.answers and "hosting.model" in sheet.answers
    actions = [e.action for e in read_journal(form_tender.journal_path)[-2:]]
    assert actions == ["vendor.added", "form.imported"]


def test_a_new_vendor_without_a_company_in_the_form_is_named_after_its_id(
    form_tender: Tender, blank_form: Path, tmp_path: Path, kit: Any
) -> None:
    out = tmp_path / "anonymous.xlsx"
    fill_form(blank_form, out, form_tender.bank, kit.sheet_with(form_tender, kit.full_answers()))
    import_form(form_tender, out, "newco")
    assert form_tender.load_sheet("newco").vendor.name == "newco"


def test_a_dry_run_validates_and_reports_without_writing(
    form_tender: Tender, filled_form: Path, kit: Any
) -> None:
    before = kit.snapshot(form_tender)
    result = import_form(form_tender, filled_form, "acme", dry_run=True)
    assert result.changes and not result.written
    assert kit.snapshot(form_tender) == before


def test_the_journal_entry_carries_the_form_checksum(
    form_tender: Tender, filled_form: Path
) -> None:
    import hashlib

    import_form(form_tender, filled_form, "acme")
    entry = read_journal(form_tender.journal_path)[-1]
    assert entry.details["sha256"] == hashlib.sha256(filled_form.read_bytes()).hexdigest()
    assert json.dumps(entry.details)  # plain data


def test_a_form_filled_by_hand_is_read_leniently_where_the_meaning_is_clear(
    form_tender: Tender, blank_form: Path, kit: Any, tmp_path: Path
) -> None:
    """Typed as people type: other case and spacing, ticks, decimal commas, French dates."""

    def by_hand(workbook: Any) -> None:
        sheet = workbook["1 Hébergement où et par qui"]
        sheet["E4"] = "  service en ligne (saas),   opéré par l’éditeur "
        sheet["E5"] = "oui"
        sheet["E8"] = "x"  # backup ticked, others left empty
        sheet["E9"] = "Non"
        sheet["E12"] = "X"  # hosting.features: API, on a question refusing "unknown"
        sheet["E13"] = "15/03/2021"
        sheet["E14"] = "je ne sais pas"
        sheet["E15"] = "12"
        sheet["E16"] = "99,5"
        records = workbook["2.1 Sous-traitant"]
        records["B7"] = "Nuage SAS"  # rows left empty above are skipped
        records["C7"] = "france"
        records["D7"] = "Santé ;administratives;"
        records["E7"] = "Non"
        workbook["2 Sous-traitants"]["E5"] = "Oui"

    form = kit.edit_workbook(blank_form, by_hand, tmp_path / "by-hand.xlsx")
    import_form(form_tender, form, "acme")
    answers = form_tender.load_sheet("acme").answers
    values = {qid: (a.value if not a.unknown else "?") for qid, a in answers.items()}
    assert values == {
        "need.problem": "Trier les radios",
        "need.health_data": "yes",
        "hosting.model": "saas",
        "hosting.hds": "yes",
        "hosting.hds_scope": ["backup"],
        "hosting.features": ["api"],
        "hosting.since": "2021-03-15",
        "hosting.audit_date": "?",
        "hosting.gpus": 12,
        "hosting.uptime": 99.5,
        "subprocessors.list": [
            {"name": "Nuage SAS", "country": "fr", "data": ["health", "admin"], "remote": "no"}
        ],
        "subprocessors.approval": "yes",
    }


def test_imported_answers_are_stamped_with_the_question_as_asked_in_the_form(
    form_tender: Tender, filled_form: Path
) -> None:
    import_form(form_tender, filled_form, "acme")
    sheet = form_tender.load_sheet("acme")
    bank = form_tender.bank
    assert sheet.answers["hosting.gpus"].question == bank.fingerprint("hosting.gpus")
    assert bank.outdated(sheet.answers) == []
    # An answer given to an older wording, confirmed unchanged by the form: re-stamped, no change.
    answers = dict(sheet.answers)
    answers["hosting.gpus"] = answers["hosting.gpus"].model_copy(
        update={"question": "0123456789abcdef", "by": "someone else"}
    )
    form_tender.save_sheet(sheet.model_copy(update={"answers": answers}))
    result = import_form(form_tender, filled_form, "acme")
    assert result.changes == [] and result.written
    again = form_tender.load_sheet("acme").answers["hosting.gpus"]
    assert again.question == bank.fingerprint("hosting.gpus")
    assert again.by == "Jeanne Martin (Acme SAS)"
