"""Three-valued verdicts that carry their reasons, and a reader of answers that produces them.

A :class:`Verdict` is True, False or None (undetermined: an answer it needs is missing or
"unknown"), with the reasons that support it and, when None, the questions that would decide it.
The combinators follow Kleene logic, like :mod:`sovereignty.core.conditions`: ``all_of`` is
False as soon as one part is False, whatever the others; None only when nothing is False and
something is undetermined.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sovereignty.aiact.catalogue import Catalogue
from sovereignty.aiact.model import Reason
from sovereignty.core.conditions import ABSENT, MISSING, UNKNOWN
from sovereignty.findings.model import AnswerRef, evidence_of
from sovereignty.questionnaire.answers import Answer
from sovereignty.questionnaire.present import format_value
from sovereignty.questionnaire.validate import SheetFacts


@dataclass(frozen=True)
class Verdict:
    value: bool | None
    reasons: tuple[Reason, ...] = ()
    deciding: tuple[str, ...] = ()


FALSE = Verdict(False)


def _unique(items: Iterable[Any]) -> tuple[Any, ...]:
    """In order, without repeats. Question ids are hashed; reasons hold lists, so they cannot be,
    and are compared only with the kept reasons of the same message key (few, often the same
    object), which keeps a long chain of combinations linear."""
    kept: list[Any] = []
    seen: set[str] = set()
    by_key: dict[str, list[Any]] = {}
    for item in items:
        if isinstance(item, str):
            if item in seen:
                continue
            seen.add(item)
        else:
            same = by_key.setdefault(item.key, [])
            if item in same:  # identity first, then equality
                continue
            same.append(item)
        kept.append(item)
    return tuple(kept)


def all_of(*parts: Verdict) -> Verdict:
    return _combine(parts, decisive=False)


def any_of(*parts: Verdict) -> Verdict:
    return _combine(parts, decisive=True)


def _combine(parts: tuple[Verdict, ...], decisive: bool) -> Verdict:
    """Kleene and (``decisive`` False) or or (True): one decisive part settles it, with its
    own reasons; else undetermined if a part is, with the questions that would decide it."""
    settling = [p for p in parts if p.value is decisive]
    if settling:
        return Verdict(decisive, _unique(r for p in settling for r in p.reasons))
    undecided = [p for p in parts if p.value is None]
    reasons = _unique(r for p in parts for r in p.reasons)
    if undecided:
        return Verdict(None, reasons, _unique(q for p in undecided for q in p.deciding))
    return Verdict(not decisive, reasons)


def negate(part: Verdict) -> Verdict:
    value = None if part.value is None else not part.value
    return Verdict(value, part.reasons, part.deciding)


class Reader:
    """Answers of one sheet seen through its bank, turned into verdicts with cited reasons."""

    def __init__(self, facts: SheetFacts, catalogue: Catalogue) -> None:
        self.facts = facts
        self.catalogue = catalogue
        self._undecided: dict[str, Verdict] = {}  # one object per question: cheap to dedupe

    @property
    def bank(self) -> Any:
        return self.facts.bank

    def with_answer(self, question_id: str, value: Any) -> Reader:
        """The same sheet with one answer replaced: how 'what if' outcomes are computed."""
        return Reader(self.facts.with_answer(question_id, Answer(value=value)), self.catalogue)

    # --- reading -----------------------------------------------------------------------------
    def value(self, question_id: str) -> Any:
        return self.facts.value(question_id)

    def known(self, question_id: str) -> bool:
        return self.value(question_id) not in (UNKNOWN, MISSING, ABSENT)

    def values(self, question_id: str) -> list[Any]:
        """A multiple-choice answer as a list (empty when absent, unknown or missing)."""
        value = self.value(question_id)
        return list(value) if isinstance(value, list) else []

    def ref(self, question_id: str) -> AnswerRef | None:
        answer = self.facts.answers.get(question_id)
        if answer is None or self.value(question_id) is ABSENT:
            return None
        return AnswerRef(
            question=question_id,
            value=answer.value,
            unknown=answer.unknown,
            evidence=evidence_of(self.facts.answers, question_id),
        )

    def label(self, question_id: str, value: Any | None = None) -> dict[str, str]:
        """The answer as shown to people, in both languages."""
        question = self.bank.by_id[question_id]
        if value is None and not self.known(question_id):
            return {"fr": "—", "en": "—"}
        shown = self.value(question_id) if value is None else value
        return {lang: format_value(question, shown, lang) for lang in ("fr", "en")}

    def text(self, question_id: str) -> str | None:
        value = self.value(question_id)
        return value if isinstance(value, str) and self.known(question_id) else None

    # --- reasons and verdicts ----------------------------------------------------------------
    def reason(self, key: str, questions: Iterable[str] = (), **values: Any) -> Reason:
        message = self.catalogue.messages.reasons[key]
        refs = [r for r in (self.ref(q) for q in questions) if r is not None]
        return Reason(
            key=key, text=message.fill(**values), legal=message.legal, answers=tuple(refs)
        )

    def undecided(self, question_id: str) -> Verdict:
        """None, with the question as the one to answer and a reason saying so."""
        found = self._undecided.get(question_id)
        if found is None:
            found = self._undecided[question_id] = self._undecided_verdict(question_id)
        return found

    def _undecided_verdict(self, question_id: str) -> Verdict:
        unknown = self.value(question_id) is UNKNOWN
        question = self.bank.by_id[question_id]
        key = "answer.unknown" if unknown else "answer.missing"
        label = {"fr": question.label.fr, "en": question.label.en}
        reason = self.reason(key, [question_id], question=question_id, label=label)
        if question.legal:  # the articles the question itself rests on say most
            reason = reason.model_copy(update={"legal": question.legal})
        return Verdict(None, (reason,), (question_id,))

    def decide(
        self,
        question_id: str,
        test: Callable[[Any], bool],
        if_true: str | None,
        if_false: str | None,
        **values: Any,
    ) -> Verdict:
        """A leaf verdict from one answer. Absent (the question does not apply) is False."""
        value = self.value(question_id)
        if value is ABSENT:
            return FALSE
        if value is UNKNOWN or value is MISSING:
            return self.undecided(question_id)
        result = bool(test(value))
        key = if_true if result else if_false
        values.setdefault("answer", self.label(question_id))
        reasons = (self.reason(key, [question_id], **values),) if key else ()
        return Verdict(result, reasons)

    def is_(
        self,
        question_id: str,
        expected: str,
        if_true: str | None,
        if_false: str | None,
        **values: Any,
    ) -> Verdict:
        return self.decide(question_id, lambda v: v == expected, if_true, if_false, **values)

    def contains_any(
        self,
        question_id: str,
        wanted: Iterable[str],
        if_true: str | None,
        if_false: str | None,
        **values: Any,
    ) -> Verdict:
        wanted = set(wanted)
        return self.decide(
            question_id,
            lambda v: isinstance(v, list) and bool(wanted & set(v)),
            if_true,
            if_false,
            **values,
        )
