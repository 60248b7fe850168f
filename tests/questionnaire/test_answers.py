from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sovereignty.core.errors import AnswersError
from sovereignty.core.model import Lang
from sovereignty.core.yamlio import dump_yaml
from sovereignty.questionnaire.answers import Answer, AnswerSheet, load_sheet, new_sheet, save_sheet
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.validate import check_sheet

COMPLETE: dict[str, Any] = {
    "need.problem": {"value": "Trop d'examens en attente la nuit"},
    "need.volume": {"value": 42000},
    "hosting.model": {"value": "saas"},
    "hosting.hds": {"value": "yes"},
    "hosting.hds_scope": {"value": ["physical", "backup"]},
    "hosting.since": {"value": "2024-05-16"},
    "subprocessors.list": {"value": [{"name": "CloudCo", "country": "fr", "share": 12.5}]},
    "subprocessors.approval": {"unknown": True},
}


def _write(tmp_path: Path, bank: QuestionBank, answers: dict[str, Any]) -> Path:
    sheet = {
        "schema": "sovereignty/answers/1",
        "bank": {"id": bank.id, "version": bank.version, "hash": bank.hash},
        "vendor": {"id": "acme", "name": "Acme"},
        "answers": answers,
    }
    path = tmp_path / "answers.yaml"
    path.write_text(dump_yaml(sheet), encoding="utf-8")
    return path


def _errors(
    tmp_path: Path, bank: QuestionBank, answers: dict[str, Any], lang: Lang = "en"
) -> list[str]:
    sheet, doc = load_sheet(_write(tmp_path, bank, answers))
    return [p.render(lang) for p in check_sheet(bank, sheet, doc).errors]


def test_a_complete_sheet_is_valid_and_complete(tmp_path: Path, mini_bank: QuestionBank) -> None:
    sheet, doc = load_sheet(_write(tmp_path, mini_bank, COMPLETE))
    report = check_sheet(mini_bank, sheet, doc)
    assert report.errors == [] and report.warnings == []
    assert report.complete and report.answered == report.applicable == 8
    assert [s.unknown for s in report.sections] == [0, 0, 1]


def test_a_sheet_round_trips_through_save_and_load(tmp_path: Path, mini_bank: QuestionBank) -> None:
    sheet, _ = load_sheet(_write(tmp_path, mini_bank, COMPLETE))
    save_sheet(tmp_path / "again.yaml", sheet)
    again, _ = load_sheet(tmp_path / "again.yaml")
    assert again == sheet


def test_missing_required_answers_make_the_sheet_incomplete_not_invalid(
    tmp_path: Path, mini_bank: QuestionBank
) -> None:
    answers = {k: v for k, v in COMPLETE.items() if k != "need.problem"}
    sheet, doc = load_sheet(_write(tmp_path, mini_bank, answers))
    report = check_sheet(mini_bank, sheet, doc)
    assert report.valid and not report.complete
    assert report.missing_required == ["need.problem"]


def test_questions_whose_condition_is_false_are_not_counted(
    tmp_path: Path, mini_bank: QuestionBank
) -> None:
    sheet, doc = load_sheet(
        _write(
            tmp_path,
            mini_bank,
            {"need.problem": {"value": "x"}, "hosting.model": {"value": "on_premises"}},
        )
    )
    report = check_sheet(mini_bank, sheet, doc)
    assert report.complete
    assert report.applicable == 4  # need.problem, need.volume, hosting.model, hosting.since


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        ("hosting.model", {"value": "cloud"}, "'cloud' is not one of: saas, on_premises"),
        ("hosting.model", {"value": 3}, "expected one of: saas, on_premises (found int 3)"),
        ("hosting.hds_scope", {"value": "physical"}, "expected a list of choices"),
        ("hosting.hds_scope", {"value": ["physical", "tape"]}, "'tape' not among the choices"),
        ("need.volume", {"value": -1}, "-1 is below the minimum 0"),
        ("need.volume", {"value": 1.5}, "expected a whole number"),
        ("need.volume", {"value": "many"}, "expected a number (found str 'many')"),
        ("need.problem", {"value": 12}, "expected text (found int 12; quote it in YAML)"),
        ("hosting.since", {"value": "16/05/2024"}, "expected a date as YYYY-MM-DD"),
        ("hosting.since", {"unknown": True}, "does not accept 'unknown'"),
        ("subprocessors.list", {"value": [{"name": "X"}]}, "record 1: field 'country' is required"),
        (
            "subprocessors.list",
            {"value": [{"name": "X", "country": "de"}]},
            "record 1, field 'country': 'de' is not one of: fr, us",
        ),
        (
            "subprocessors.list",
            {"value": [{"name": "X", "country": "fr", "vat": 1}]},
            "record 1: unknown field(s) vat",
        ),
    ],
)
def test_each_wrong_answer_gets_its_own_message_with_its_line(
    tmp_path: Path, mini_bank: QuestionBank, question: str, answer: dict[str, Any], expected: str
) -> None:
    errors = _errors(tmp_path, mini_bank, {**COMPLETE, question: answer})
    assert len(errors) == 1, errors
    assert expected in errors[0]
    assert f"[{question}]" in errors[0]
    assert errors[0].startswith("line ")


def test_an_unknown_question_id_suggests_the_closest(
    tmp_path: Path, mini_bank: QuestionBank
) -> None:
    errors = _errors(tmp_path, mini_bank, {**COMPLETE, "hosting.modle": {"value": "saas"}})
    assert any("no such question" in e and "did you mean 'hosting.model'" in e for e in errors)


def test_an_answer_to_a_question_that_does_not_apply_is_an_error(
    tmp_path: Path, mini_bank: QuestionBank
) -> None:
    answers = {**COMPLETE, "hosting.model": {"value": "on_premises"}}
    errors = _errors(tmp_path, mini_bank, answers)
    assert any("[hosting.hds]" in e and "does not apply" in e for e in errors)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("schema: other/1\n", "'schema' must be 'sovereignty/answers/1'"),
        ("- just\n- a list\n", "must be a mapping"),
        (
            "schema: sovereignty/answers/1\nbank: {id: mini, version: '1', hash: x}\n"
            "vendor: {id: Acme Corp, name: A}\nanswers: {}\n",
            "vendor id must be lower-case",
        ),
        (
            "schema: sovereignty/answers/1\nbank: {id: mini, version: '1', hash: x}\n"
            "vendor: {id: acme, name: A}\nanswers:\n  need.problem: {value: x, unknown: true}\n",
            "either a value or 'unknown: true'",
        ),
        (
            "schema: sovereignty/answers/1\nbank: {id: mini, version: '1', hash: x}\n"
            "vendor: {id: acme, name: A}\nanswers:\n  need.problem: {comment: hi}\n",
            "needs a 'value'",
        ),
        (
            "schema: sovereignty/answers/1\nbank: {id: mini, version: '1'}\n"
            "vendor: {id: acme, name: A}\n",
            "missing required key 'hash'",
        ),
    ],
)
def test_a_malformed_sheet_is_refused_with_a_located_message(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnswersError) as info:
        load_sheet(path)
    assert expected in info.value.render("en")
    assert str(path) in info.value.render("en")


def test_a_sheet_for_another_bank_version_warns(tmp_path: Path, mini_bank: QuestionBank) -> None:
    path = _write(tmp_path, mini_bank, COMPLETE)
    path.write_text(path.read_text().replace(mini_bank.hash, "sha256:old"), encoding="utf-8")
    sheet, doc = load_sheet(path)
    report = check_sheet(mini_bank, sheet, doc)
    assert report.valid
    assert "another content of bank version 0.1.0" in report.warnings[0].says("en")
    assert "un autre contenu de la version 0.1.0" in report.warnings[0].says("fr")


def test_with_answer_and_without_return_new_sheets(mini_bank: QuestionBank) -> None:
    sheet = new_sheet("mini", "0.1.0", mini_bank.hash, "acme", "Acme")
    changed = sheet.with_answer("hosting.model", Answer(value="saas"))
    assert sheet.answers == {} and changed.answers["hosting.model"].value == "saas"
    assert changed.without("hosting.model").answers == {}
    assert isinstance(changed, AnswerSheet)


def test_a_broken_sheet_reads_in_french_with_its_lines_and_question_ids(
    tmp_path: Path, mini_bank: QuestionBank
) -> None:
    answers = {
        **COMPLETE,
        "hosting.model": {"value": "sass"},
        "need.volume": {"value": -1},
        "hosting.modle": {"value": "saas"},
    }
    errors = _errors(tmp_path, mini_bank, answers, "fr")
    assert len(errors) == 3, errors
    assert (
        errors[0].startswith("ligne ")
        and " : [hosting.modle] pas de question de cet id" in (errors[0])
    )
    assert errors[0].endswith("dans la banque mini ; vouliez-vous dire 'hosting.model' ?")
    assert any(
        e.endswith(" : [need.volume] -1 est inférieur au minimum 0") and e.startswith("ligne ")
        for e in errors
    )
    assert any(
        e.endswith(
            " : [hosting.model] 'sass' ne fait pas partie de : saas, on_premises ; "
            "vouliez-vous dire 'saas' ?"
        )
        for e in errors
    )


def test_a_malformed_sheet_is_refused_in_french_by_default(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(
        "schema: sovereignty/answers/1\nbank: {id: mini, version: '1'}\n"
        "vendor: {id: Acme Corp, name: A}\n",
        encoding="utf-8",
    )
    with pytest.raises(AnswersError) as info:
        load_sheet(path)
    assert info.value.render() == (
        f"{path} : 2 problèmes\n"
        "  - ligne 2, colonne 7 : bank.hash : clé obligatoire manquante : 'hash'\n"
        "  - ligne 3, colonne 14 : vendor.id : l'id d'éditeur s'écrit en minuscules, chiffres "
        "et '-' (63 au plus)"
    )
