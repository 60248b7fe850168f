"""An offer's answers = the buyer's sheet + that vendor's sheet (pure).

The buyer answers its own questions (the need, the planned use, governance...) once for the whole
tender, in ``buyer/answers.yaml``; each vendor's sheet holds the vendor's answers and the buyer's
judgements made offer by offer (questions marked ``per_offer``, e.g. whether the planned use stays
within that vendor's declared purpose). Reading an offer combines the two:

- a buyer question held once takes the buyer sheet's answer; a vendor sheet written before the
  buyer sheet existed may still carry its own copy, used only when the buyer sheet has none;
- a buyer answer that does not apply to this offer (its condition reads the vendor's answers and
  is false) is left out of the offer, since it says nothing about it;
- every other question takes the vendor sheet's answer.

Writing splits the other way (:func:`split`): each answer goes to the sheet that holds it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sovereignty.questionnaire.answers import Answer, AnswerSheet
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.model import Question

BUYER_ID = "buyer"  # the id under which the buyer's sheet answers, and no vendor may take


def held_by_buyer(question: Question | None) -> bool:
    """Whether the buyer sheet holds this question's answer (once for the whole tender)."""
    return question is not None and question.answered_by == "buyer" and not question.per_offer


def combine(bank: QuestionBank, buyer: AnswerSheet | None, vendor: AnswerSheet) -> AnswerSheet:
    """The offer's sheet: the vendor's identity and answers, with the buyer's answers held once."""
    if buyer is None:
        return vendor
    answers: dict[str, Answer] = {}
    from_buyer: set[str] = set()
    for question in bank.questions:
        qid = question.id
        if held_by_buyer(question) and qid in buyer.answers:
            answers[qid] = buyer.answers[qid]
            from_buyer.add(qid)
        elif qid in vendor.answers:
            answers[qid] = vendor.answers[qid]
    answers.update({k: v for k, v in vendor.answers.items() if k not in bank.by_id})  # reported
    answers = _without_inapplicable(bank, answers, from_buyer)
    return vendor.model_copy(update={"answers": answers})


def _without_inapplicable(
    bank: QuestionBank, answers: dict[str, Answer], from_buyer: set[str]
) -> dict[str, Answer]:
    """Drop the buyer's answers this offer makes inapplicable (an inapplicable answer already
    reads as absent to the conditions after it, so one pass decides them all)."""
    from sovereignty.questionnaire.validate import SheetFacts

    facts = SheetFacts(bank, answers)
    return {
        k: v for k, v in answers.items() if not (k in from_buyer and facts.applicable[k] is False)
    }


@dataclass
class Split:
    buyer: dict[str, Answer] = field(default_factory=dict)
    vendor: dict[str, Answer] = field(default_factory=dict)


def split(bank: QuestionBank, answers: dict[str, Answer]) -> Split:
    """Which sheet holds each answer: the buyer's questions held once go to the buyer sheet."""
    parts = Split()
    for qid, answer in answers.items():
        target = parts.buyer if held_by_buyer(bank.by_id.get(qid)) else parts.vendor
        target[qid] = answer
    return parts


@dataclass
class Legacy:
    """The buyer's answers of a tender written before the buyer sheet: read from the vendors'
    sheets, kept where they all agree."""

    answers: dict[str, Answer]
    conflicts: list[str]  # questions the vendors' sheets answer differently
    sources: list[str]  # vendor ids read


def legacy_buyer_answers(bank: QuestionBank, sheets: Iterable[AnswerSheet]) -> Legacy:
    seen: dict[str, Answer] = {}
    conflicts: list[str] = []
    sources: list[str] = []
    for sheet in sheets:
        sources.append(sheet.vendor.id)
        for qid, answer in sheet.answers.items():
            if not held_by_buyer(bank.by_id.get(qid)) or qid in conflicts:
                continue
            if qid in seen and (seen[qid].value, seen[qid].unknown) != (
                answer.value,
                answer.unknown,
            ):
                conflicts.append(qid)
                del seen[qid]
                continue
            seen.setdefault(qid, answer)
    ordered = {q.id: seen[q.id] for q in bank.questions if q.id in seen}
    order = [q.id for q in bank.questions]
    return Legacy(ordered, sorted(conflicts, key=order.index), sources)
