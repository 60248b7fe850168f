"""The "what if" machinery: a sheet with one answer replaced reads exactly like the sheet built
whole with that answer, and a classification made without exploring says the same of every
regime, minus the hypotheses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sovereignty.aiact.engine import _candidates, classify_facts
from sovereignty.core.resources import data_dir
from sovereignty.questionnaire.answers import Answer, load_sheet
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.validate import SheetFacts

DEMO = data_dir("examples") / "demo"
SHEETS = [DEMO / "buyer.yaml", *sorted((DEMO / "vendors").glob("*.yaml"))]


@pytest.mark.parametrize("path", SHEETS, ids=lambda p: p.stem)
def test_one_answer_replaced_reads_as_the_sheet_built_whole(
    shipped_bank: QuestionBank, path: Path
) -> None:
    base = SheetFacts(shipped_bank, dict(load_sheet(path)[0].answers))
    tried = 0
    for question in shipped_bank.questions:
        for value in [*_candidates(shipped_bank, question.id), None]:
            answer = Answer(unknown=True) if value is None else Answer(value=value)
            changed = base.with_answer(question.id, answer)
            whole = SheetFacts(shipped_bank, {**base.answers, question.id: answer})
            assert changed.applicable == whole.applicable, question.id
            assert changed.answers == whole.answers
            # and a second change on top of the first, as the joint exploration does
            again = changed.with_answer(question.id, Answer(unknown=True))
            assert again.applicable == SheetFacts(shipped_bank, again.answers).applicable
            tried += 1
    assert tried > 300
    assert base.answers == dict(load_sheet(path)[0].answers)  # the original is left alone


def test_a_classification_without_exploring_differs_only_by_the_hypotheses(
    shipped_bank: QuestionBank, as_of: dt.date
) -> None:
    buyer = SheetFacts(shipped_bank, dict(load_sheet(DEMO / "buyer.yaml")[0].answers))
    explored = classify_facts(buyer, as_of)
    plain = classify_facts(buyer, as_of, explore=False)
    open_regimes = [r for r in explored.regimes if r.status == "undetermined"]
    assert open_regimes, "the buyer leaves the technique to the vendors: some regime is open"
    assert any(r.what_if for r in open_regimes)
    for full, bare in zip(explored.regimes, plain.regimes, strict=True):
        assert (bare.id, bare.status, bare.reasons, bare.deciding_questions) == (
            full.id,
            full.status,
            full.reasons,
            full.deciding_questions,
        )
        assert bare.what_if == () and bare.possible_outcomes == ()
    assert plain.role == explored.role
    assert plain.obligations == explored.obligations
