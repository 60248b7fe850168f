"""Merging a form's vendor answers into an answer sheet, and saying what changed (pure).

The form is the vendor's answer: each answer it gives replaces the sheet's. A cell left blank
means "no answer given in this form", never "erase": importing a blank or half-filled form must
not wipe what a vendor answered before. Answers that no longer apply because an earlier answer
changed (e.g. hosting questions after "on premises") are removed as *stale* and reported as such.
Questions the form does not carry (the buyer's) are kept. An answer that did not change keeps who
gave it and when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sovereignty.core.conditions import referenced_questions
from sovereignty.core.model import Lang
from sovereignty.questionnaire.answers import Answer, AnswerSheet
from sovereignty.questionnaire.flow import stale_answers
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.model import Question
from sovereignty.questionnaire.present import format_answer


@dataclass(frozen=True)
class Change:
    question_id: str
    before: Answer | None
    after: Answer | None
    stale: bool = False  # removed because the question no longer applies


def canonical(value: Any) -> Any:
    """A value in the form two equal answers share: ISO dates, whole floats as ints, no None."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        if value and all(isinstance(v, str) for v in value):
            return sorted(value)  # choices selected: a set, whatever order they were given in
        return [canonical(v) for v in value]
    return value


def _key(answer: Answer | None) -> tuple[Any, ...] | None:
    if answer is None:
        return None
    return (answer.unknown, canonical(answer.value), answer.comment, answer.evidence)


def same_answer(a: Answer | None, b: Answer | None) -> bool:
    return _key(a) == _key(b)


def merge_answers(
    sheet: AnswerSheet,
    imported: dict[str, Answer | None],
    by: str,
    at: dt.datetime,
    fingerprint: Callable[[str], str] | None = None,
) -> tuple[AnswerSheet, list[Change]]:
    """The sheet with the form's answers in it, and the changes, in the form's order.

    ``fingerprint`` gives the current definition of a question: an answer stamped with an older
    definition and given again, unchanged, in the form is stamped as answering the current one
    (without counting as a change). Unstamped answers are left as they are.
    """
    answers = dict(sheet.answers)
    changes = []
    for question_id, new in imported.items():
        if new is None:  # left blank: no answer given in this form, the sheet's is kept
            continue
        old = answers.get(question_id)
        current = fingerprint(question_id) if fingerprint else None
        if same_answer(old, new):
            if old is not None and old.question and current and old.question != current:
                answers[question_id] = old.model_copy(
                    update={"question": current, "by": by, "at": at}
                )
            continue
        new = answers[question_id] = new.model_copy(
            update={"by": by, "at": at, "question": current}
        )
        changes.append(Change(question_id, old, new))
    if answers == sheet.answers:
        return sheet, []
    return sheet.model_copy(update={"answers": answers, "updated_at": at}), changes


def drop_stale(
    bank: QuestionBank, sheet: AnswerSheet, given: set[str], at: dt.datetime
) -> tuple[AnswerSheet, list[Change]]:
    """The sheet without the answers that no longer apply, and those removals as changes.

    Answers ``given`` in the form are kept even when they do not apply: the vendor wrote them,
    so check_sheet reports them on their cell rather than the import silently dropping them.
    """
    answers = dict(sheet.answers)
    changes = []
    while True:  # a removal can make a later question stop applying too
        current = sheet.model_copy(update={"answers": answers})
        gone = [q for q in stale_answers(bank, current) if q not in given]
        if not gone:
            break
        for question_id in gone:
            changes.append(Change(question_id, answers.pop(question_id), None, stale=True))
    if not changes:
        return sheet, []
    return sheet.model_copy(update={"answers": answers, "updated_at": at}), changes


NOTES: dict[str, dict[Lang, str]] = {
    "comment": {"fr": "commentaire", "en": "comment"},
    "evidence": {"fr": "justificatif", "en": "evidence"},
}


def describe_change(change: Change, question: Question, lang: Lang) -> str:
    """``old → new`` for one question, plus its comment or evidence when only they changed."""
    before, after = change.before, change.after
    if before is None or after is None or _key(before)[:2] != _key(after)[:2]:  # type: ignore[index]
        return f"{format_answer(question, before, lang)} → {format_answer(question, after, lang)}"
    parts = []
    for note, label in NOTES.items():
        old, new = getattr(before, note), getattr(after, note)
        if old != new:
            colon = " :" if lang == "fr" else ":"
            parts.append(f"{label[lang]}{colon} {old or '—'} → {new or '—'}")
    return (" ; " if lang == "fr" else "; ").join(parts)


def depending_on(bank: QuestionBank, question_ids: set[str]) -> set[str]:
    """The questions whose condition reads, directly or not, one of ``question_ids``.

    Conditions only read earlier questions, so one pass in bank order finds them all.
    """
    found: set[str] = set()
    for question in bank.questions:
        refs = {ref for ref, _ in referenced_questions(question.when)}
        if refs & (question_ids | found):
            found.add(question.id)
    return found
