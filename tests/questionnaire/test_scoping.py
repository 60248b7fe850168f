"""Scoping questions come first and gate what cannot matter: a rule-based, on-premises,
non-medical tool is asked at most 35 % of the bank, while an AI system is still asked every
question a finding, a score or a clause needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from sovereignty.core.resources import data_dir
from sovereignty.findings.rules import evaluate_rules, load_rules
from sovereignty.questionnaire.answers import Answer, AnswerSheet, load_sheet
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.validate import SheetFacts, check_sheet

SIMPLE = Path(__file__).parent.parent / "fixtures" / "simple-tool.yaml"
RADIANCE = data_dir("examples") / "demo" / "vendors" / "radiance.yaml"
BUYER = data_dir("examples") / "demo" / "buyer.yaml"


def radiance(bank: QuestionBank) -> AnswerSheet:
    """Radiance's offer: the buyer's answers, held once, with Radiance's own."""
    from sovereignty.questionnaire.combine import combine

    return combine(bank, load_sheet(BUYER)[0], load_sheet(RADIANCE)[0])


AI_ONLY = (
    "purpose.alignment",
    "purpose.rebrand",
    "purpose.retrain",
    "purpose.repurpose",
    "purpose.high_risk_exclusion",
    "governance.ai_literacy",
    "governance.establishment_status",
    "governance.public_law_body",
)


def facts_of(bank: QuestionBank, path: Path) -> tuple[AnswerSheet, SheetFacts]:
    sheet, doc = load_sheet(path)
    if path == RADIANCE:  # an offer: with the buyer's answers, held once
        sheet, doc = radiance(bank), None
    report = check_sheet(bank, sheet, doc)
    assert report.errors == [], [p.render() for p in report.errors]
    return sheet, report.facts


def test_the_simple_tool_is_asked_at_most_35_percent_of_the_bank(
    shipped_bank: QuestionBank,
) -> None:
    sheet, doc = load_sheet(SIMPLE)
    report = check_sheet(shipped_bank, sheet, doc)
    assert report.applicable <= 0.35 * len(shipped_bank.questions), report.applicable


def test_what_the_system_is_is_asked_before_its_purpose(shipped_bank: QuestionBank) -> None:
    order = [q.id for q in shipped_bank.questions]
    assert order.index("aiact.technique") < order.index("purpose.vendor_intended")


def test_ai_act_role_questions_are_skipped_for_a_system_that_is_not_ai(
    shipped_bank: QuestionBank,
) -> None:
    sheet, facts = facts_of(shipped_bank, SIMPLE)
    assert sheet.answers["aiact.technique"].value == "rule_based"
    for qid in AI_ONLY:
        assert not facts.applies(qid), qid
    assert not facts.applies("need.clinical_lead")  # administrative users only


def test_an_ai_system_is_still_asked_every_gated_question(shipped_bank: QuestionBank) -> None:
    sheet, facts = facts_of(shipped_bank, RADIANCE)
    for qid in (*AI_ONLY, "need.clinical_lead"):
        assert facts.applies(qid), qid
        assert qid in sheet.answers, qid


@pytest.mark.parametrize("technique", [None, "machine_learning"])
def test_the_gated_questions_are_asked_while_the_technique_is_unknown_or_ai(
    shipped_bank: QuestionBank, technique: str | None
) -> None:
    sheet, _ = load_sheet(SIMPLE)
    answers = dict(sheet.answers)
    if technique is None:
        del answers["aiact.technique"]
    else:
        answers["aiact.technique"] = answers["aiact.technique"].model_copy(
            update={"value": technique}
        )
    facts = SheetFacts(shipped_bank, answers)
    for qid in AI_ONLY:
        assert facts.applies(qid), (technique, qid)


def test_findings_on_the_gated_questions_still_fire_for_an_ai_system(
    shipped_bank: QuestionBank,
) -> None:
    """PURPOSE-01 (use beyond the declared purpose) and TRAIN-01 (AI literacy) read gated
    questions: an AI system answering them badly still gets the findings."""
    sheet = radiance(shipped_bank)
    answers: dict[str, Answer] = dict(sheet.answers)
    for qid, value in (("purpose.alignment", "different"), ("governance.ai_literacy", "no")):
        answers[qid] = answers[qid].model_copy(update={"value": value})
    facts = SheetFacts(shipped_bank, answers)
    fired = {f.id for f in evaluate_rules(load_rules(shipped_bank), facts).findings}
    assert {"PURPOSE-01", "TRAIN-01"} <= fired
