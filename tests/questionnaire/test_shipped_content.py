"""The shipped bank and the demo answer sheets: consistent, complete, and proportionate."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from sovereignty.core.resources import data_dir
from sovereignty.questionnaire.answers import load_sheet
from sovereignty.questionnaire.combine import combine, held_by_buyer
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.validate import check_sheet

DEMO = sorted((data_dir("examples") / "demo" / "vendors").glob("*.yaml"))
BUYER = data_dir("examples") / "demo" / "buyer.yaml"
SIMPLE = Path(__file__).parent.parent / "fixtures" / "simple-tool.yaml"
SECTIONS = [
    "need",
    "aiact",  # scoping first: what the system is decides which purpose questions apply
    "purpose",
    "hosting",
    "subprocessors",
    "reversibility",
    "audit",
    "exit",
    "oversight",
    "validation",
    "security",
    "frugality",
    "governance",
]


def asked(bank: QuestionBank, path: Path) -> int:
    sheet, doc = load_sheet(path)
    assert check_sheet(bank, sheet, doc).errors == []
    if path.parent.name == "vendors":
        sheet = combine(bank, load_sheet(BUYER)[0], sheet)
    report = check_sheet(bank, sheet)
    assert report.errors == [], [p.render() for p in report.errors]
    return report.applicable


def test_the_bank_covers_every_section_in_order_with_well_over_100_questions(
    shipped_bank: QuestionBank,
) -> None:
    assert [s.id for s in shipped_bank.sections()] == SECTIONS
    assert len(shipped_bank.questions) > 150
    per_section = Counter(shipped_bank.section_of[q.id].id for q in shipped_bank.questions)
    assert min(per_section.values()) >= 5


def test_every_question_says_why_and_cites_its_basis_in_both_languages(
    shipped_bank: QuestionBank,
) -> None:
    for question in shipped_bank.questions:
        assert question.legal, question.id
        assert question.why is not None, question.id
        assert question.label.fr != question.label.en, question.id


def test_the_need_comes_first_and_is_answered_by_the_buyer(shipped_bank: QuestionBank) -> None:
    first = shipped_bank.sections()[0]
    assert first.id == "need"
    assert all(q.answered_by == "buyer" for q in first.questions)


@pytest.mark.parametrize("path", DEMO, ids=lambda p: p.stem)
def test_each_demo_offer_is_valid_and_complete(shipped_bank: QuestionBank, path: Path) -> None:
    sheet, doc = load_sheet(path)
    assert check_sheet(shipped_bank, sheet, doc).errors == []
    offer = combine(shipped_bank, load_sheet(BUYER)[0], sheet)  # the buyer's answers + its own
    report = check_sheet(shipped_bank, offer)
    assert report.errors == [] and report.complete, report.missing_required
    assert sheet.bank.hash == shipped_bank.hash, "re-stamp the demo sheets after a bank change"


def test_the_demo_buyer_answers_its_own_questions_once(shipped_bank: QuestionBank) -> None:
    buyer, doc = load_sheet(BUYER)
    assert check_sheet(shipped_bank, buyer, doc).errors == []
    assert buyer.bank.hash == shipped_bank.hash, "re-stamp the demo sheets after a bank change"
    assert buyer.answers and all(held_by_buyer(shipped_bank.by_id[q]) for q in buyer.answers)
    for path in DEMO:  # no copy of them in a vendor's sheet; per-offer judgements stay there
        vendor = load_sheet(path)[0]
        assert not [q for q in vendor.answers if held_by_buyer(shipped_bank.by_id[q])]
        assert "purpose.alignment" in vendor.answers


def test_a_simple_tool_is_asked_far_fewer_questions_than_a_high_risk_device(
    shipped_bank: QuestionBank,
) -> None:
    simple = asked(shipped_bank, SIMPLE)
    high_risk = max(asked(shipped_bank, p) for p in DEMO)
    assert simple < 0.6 * high_risk, (simple, high_risk)
