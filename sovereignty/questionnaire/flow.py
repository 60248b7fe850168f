"""The order questions are asked in: which comes next, which came before (pure).

Only questions that apply are visited (see ``SheetFacts``). A *frontier* remembers how far the
respondent has gone in this session: after going back, moving forward walks through the answered
questions again (to review them) until the frontier, and after it only through unanswered ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovereignty.questionnaire.answers import AnswerSheet
from sovereignty.questionnaire.combine import held_by_buyer
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.model import Question
from sovereignty.questionnaire.validate import SheetFacts


@dataclass(frozen=True)
class Scope:
    """Which questions a session covers."""

    section: str | None = None  # only this section
    respondent: str | None = None  # only questions for "buyer" or "vendor"
    buyer_sheet: bool = False  # only the buyer's questions held once (its own sheet)

    def covers(self, bank: QuestionBank, question: Question, sheet: AnswerSheet) -> bool:
        section_id = bank.section_of[question.id].id
        if self.section is not None:
            if section_id != self.section:
                return False
        elif section_id in sheet.skipped_sections:
            return False
        if self.buyer_sheet:
            return held_by_buyer(question)
        return self.respondent is None or question.answered_by == self.respondent


def visible(bank: QuestionBank, sheet: AnswerSheet, scope: Scope) -> list[Question]:
    """The questions of the scope that apply given the answers so far, in bank order."""
    facts = SheetFacts(bank, sheet.answers)
    return [q for q in bank.questions if facts.applies(q.id) and scope.covers(bank, q, sheet)]


def first_unanswered(bank: QuestionBank, sheet: AnswerSheet, scope: Scope) -> Question | None:
    """The first question to ask: unanswered, or answered when its wording was different."""
    outdated = set(bank.outdated(sheet.answers))
    return next(
        (q for q in visible(bank, sheet, scope) if q.id not in sheet.answers or q.id in outdated),
        None,
    )


def next_question(
    bank: QuestionBank, sheet: AnswerSheet, scope: Scope, after: str, frontier: int
) -> Question | None:
    """The question after ``after``: any up to the frontier, then only unanswered ones."""
    start = bank.position[after]
    for question in visible(bank, sheet, scope):
        position = bank.position[question.id]
        if position <= start:
            continue
        if position <= frontier or question.id not in sheet.answers:
            return question
        if question.id in bank.outdated({question.id: sheet.answers[question.id]}):
            return question
    return None


def previous_question(
    bank: QuestionBank, sheet: AnswerSheet, scope: Scope, before: str
) -> Question | None:
    end = bank.position[before]
    earlier = [q for q in visible(bank, sheet, scope) if bank.position[q.id] < end]
    return earlier[-1] if earlier else None


def first_of_next_section(
    bank: QuestionBank, sheet: AnswerSheet, scope: Scope, current: str
) -> Question | None:
    section = bank.section_of[current].id
    start = bank.position[current]
    for question in visible(bank, sheet, scope):
        if (
            bank.position[question.id] > start
            and bank.section_of[question.id].id != section
            and question.id not in sheet.answers
        ):
            return question
    return None


def stale_answers(bank: QuestionBank, sheet: AnswerSheet) -> list[str]:
    """Answers to questions that no longer apply after an earlier answer changed."""
    facts = SheetFacts(bank, sheet.answers)
    return [
        qid for qid in sheet.answers if qid in bank.by_id and facts.applicable.get(qid) is False
    ]
