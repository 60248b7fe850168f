"""Retired questions and choices: an answer sheet from an earlier bank still loads, with a
warning naming what replaced them; a bank that retires what it still has is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from sovereignty.core.errors import ContentError
from sovereignty.core.resources import data_dir
from sovereignty.questionnaire.answers import Answer, load_sheet
from sovereignty.questionnaire.loader import QuestionBank, load_bank
from sovereignty.questionnaire.validate import check_sheet

SHIPPED = data_dir("questionnaires") / "hospital-ai.yaml"


def test_an_answer_to_a_retired_question_is_a_warning_not_an_error(
    shipped_bank: QuestionBank,
) -> None:
    sheet, _ = load_sheet(data_dir("examples") / "demo" / "vendors" / "radiance.yaml")
    old = sheet.with_answer("aiact.emotion_or_biometric", Answer(value="no"))
    report = check_sheet(shipped_bank, old)
    assert not report.errors
    [warning] = [w for w in report.warnings if w.subject == "aiact.emotion_or_biometric"]
    assert "1.2.0" in warning.message.en and "aiact.biometric_inference" in warning.message.en
    # a question that never existed is still an error
    wrong = sheet.with_answer("aiact.emotion_or_biometrics", Answer(value="no"))
    assert [e.subject for e in check_sheet(shipped_bank, wrong).errors] == [
        "aiact.emotion_or_biometrics"
    ]


def test_a_retired_choice_is_a_warning_and_a_wrong_one_still_an_error(
    shipped_bank: QuestionBank,
) -> None:
    sheet, _ = load_sheet(data_dir("examples") / "demo" / "vendors" / "radiance.yaml")
    old = sheet.with_answer("aiact.prohibited", Answer(value=["emotion_workplace"]))
    report = check_sheet(shipped_bank, old)
    assert not report.errors
    assert any(w.subject == "aiact.prohibited" for w in report.warnings)
    wrong = sheet.with_answer("aiact.prohibited", Answer(value=["emotion_workplace", "typo"]))
    assert [e.subject for e in check_sheet(shipped_bank, wrong).errors] == ["aiact.prohibited"]


@pytest.mark.parametrize(
    ("retired", "message"),
    [
        ("  aiact.technique:\n", "retired question still present in the bank"),
        ("  aiact.interaction:\n    choices: [staff]\n", "is still a choice"),
        ("  aiact.nowhere:\n    choices: [x]\n", "must belong to a question of the bank"),
    ],
)
def test_a_bank_cannot_retire_what_it_still_has(tmp_path: Path, retired: str, message: str) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    entry = retired + '    since: "1.2.0"\n    reason: {fr: "x", en: "x"}\n'
    path = tmp_path / "bank.yaml"
    path.write_text(text.replace("retired:\n", "retired:\n" + entry, 1), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_bank(path)
    assert message in info.value.render("en")
