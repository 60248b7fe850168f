"""The interactive assessment: walks a respondent through the applicable questions.

Terminal-free: it talks to a :class:`Prompter` (questionary in the CLI, a scripted fake in tests).
The answer sheet is saved atomically after every confirmed answer, so an interruption (Ctrl-C, a
closed terminal, a killed process) loses nothing confirmed, and running again resumes at the first
unanswered question.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from sovereignty.core.model import Lang
from sovereignty.questionnaire import flow
from sovereignty.questionnaire.answers import Answer, AnswerSheet, now
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.model import Question, Section
from sovereignty.questionnaire.present import format_answer
from sovereignty.questionnaire.validate import SheetFacts, normalise_value, value_problem
from sovereignty.tender.folder import Tender


@dataclass(frozen=True)
class QuestionView:
    """Everything a prompter needs to show one question."""

    question: Question
    section: Section
    lang: Lang
    section_number: int  # 1-based among the bank's sections
    section_count: int
    number_in_section: int  # 1-based among the section's applicable questions
    section_size: int
    answered: int  # applicable questions answered so far, whole sheet
    applicable: int
    current: Answer | None
    can_go_back: bool


@dataclass(frozen=True)
class Reply:
    kind: Literal["value", "unknown", "back", "skip_section", "skip_question"]
    value: Any = None
    comment: str | None = None
    evidence: str | None = None


@dataclass(frozen=True)
class ReviewItem:
    question: Question
    section: Section
    shown: str  # the answer as text


class Prompter(Protocol):
    def ask(self, view: QuestionView) -> Reply:
        """Ask one question; may raise KeyboardInterrupt or EOFError."""

    def review(self, items: list[ReviewItem], lang: Lang) -> str | None:
        """Show all answers; return the id of one to change, or None to finish."""

    def notify(self, message: str) -> None:
        """Show an informational line."""


@dataclass
class AssessmentResult:
    sheet: AnswerSheet
    asked: list[str] = field(default_factory=list)
    changed: int = 0
    dropped: list[str] = field(default_factory=list)  # answers removed as no longer applicable


MESSAGES = {
    "dropped": {
        "fr": "Réponses retirées car les questions ne s'appliquent plus : {ids}",
        "en": "Answers removed because the questions no longer apply: {ids}",
    },
    "invalid": {"fr": "Réponse refusée : {problem}", "en": "Answer refused: {problem}"},
    "skipped": {"fr": "Section « {title} » passée.", "en": "Section '{title}' skipped."},
    "unknown_refused": {
        "fr": "Réponse refusée : cette question n'accepte pas « je ne sais pas ».",
        "en": "Answer refused: this question does not accept 'I don't know'.",
    },
    "required": {
        "fr": "Cette question attend une réponse (ou « je ne sais pas »).",
        "en": "This question needs an answer (or 'I don't know').",
    },
    "conflict": {
        "fr": "La réponse à {q} a été changée entre-temps par {by} ({at}) : sa réponse est "
        "gardée, la vôtre n'est pas enregistrée ; revoyez-la si besoin.",
        "en": "The answer to {q} was changed meanwhile by {by} ({at}): theirs is kept, yours "
        "is not saved; review it if needed.",
    },
    "nothing": {
        "fr": "Toutes les questions applicables sont déjà renseignées.",
        "en": "Every applicable question is already answered.",
    },
}


class Assessment:
    def __init__(
        self,
        tender: Tender,
        vendor_id: str | None,
        prompter: Prompter,
        lang: Lang,
        scope: flow.Scope | None = None,
        actor: str | None = None,
        review: bool = True,
    ) -> None:
        self.tender = tender
        self.bank: QuestionBank = tender.bank
        self.prompter = prompter
        self.lang = lang
        self.scope = scope or flow.Scope()
        self.actor = actor
        self.do_review = review
        # vendor_id None: the buyer's own sheet, its questions held once for every offer
        self.buyer = vendor_id is None
        if vendor_id is None:
            tender.require_record(tender.buyer_sheet_path)
            sheet, self._legacy = tender.buyer_answers()
            self.scope = flow.Scope(section=self.scope.section, buyer_sheet=True)
        else:
            tender.require_record(tender.answers_path(vendor_id))
            tender.require_record(tender.buyer_sheet_path)
            sheet, self._legacy = tender.offer_sheet(vendor_id), None
        self.result = AssessmentResult(sheet)
        self.base = self.result.sheet  # the sheet as last read or saved: saves merge from it

    @property
    def sheet(self) -> AnswerSheet:
        return self.result.sheet

    def run(self) -> AssessmentResult:
        current = flow.first_unanswered(self.bank, self.sheet, self.scope)
        if current is None:
            self.prompter.notify(MESSAGES["nothing"][self.lang])
        frontier = self.bank.position[current.id] if current else -1
        while current is not None:
            frontier = max(frontier, self.bank.position[current.id])
            reply = self.prompter.ask(self._view(current))
            if reply.kind == "back":
                previous = flow.previous_question(self.bank, self.sheet, self.scope, current.id)
                current = previous or current
                continue
            if reply.kind == "skip_section":
                section = self.bank.section_of[current.id]
                self._save(
                    self.sheet.with_skipped(section.id),
                    "assessment.section_skipped",
                    vendor=self.sheet.vendor.id,
                    section=section.id,
                )
                self.prompter.notify(
                    MESSAGES["skipped"][self.lang].format(title=section.title(self.lang))
                )
                current = flow.first_of_next_section(self.bank, self.sheet, self.scope, current.id)
                continue
            if reply.kind == "skip_question" and not current.required:
                current = flow.next_question(
                    self.bank, self.sheet, self.scope, current.id, frontier
                )
                continue
            if not self._record(current, reply):
                continue  # refused: ask the same question again
            current = flow.next_question(self.bank, self.sheet, self.scope, current.id, frontier)
        if self.do_review:
            self._review()
        return self.result

    def _review(self) -> None:
        while True:
            items = self._review_items()
            if not items:
                return
            chosen = self.prompter.review(items, self.lang)
            if chosen is None or chosen not in self.bank.by_id:
                return
            question = self.bank.by_id[chosen]
            reply = self.prompter.ask(self._view(question))
            if reply.kind in ("value", "unknown"):
                self._record(question, reply)

    def _review_items(self) -> list[ReviewItem]:
        facts = SheetFacts(self.bank, self.sheet.answers)
        return [
            ReviewItem(
                q, self.bank.section_of[q.id], format_answer(q, self.sheet.answers[q.id], self.lang)
            )
            for q in self.bank.questions
            if q.id in self.sheet.answers
            and facts.applies(q.id)
            and self.scope.covers(self.bank, q, self.sheet)
        ]

    def _record(self, question: Question, reply: Reply) -> bool:
        if reply.kind == "skip_question":
            self.prompter.notify(MESSAGES["required"][self.lang])
            return False
        previous = self.sheet.answers.get(question.id)
        # evidence given before stays with a changed answer unless replaced ("" removes it)
        evidence = (
            reply.evidence
            if reply.evidence is not None
            else (previous.evidence if previous is not None else None)
        )
        evidence = evidence or None
        if reply.kind == "unknown":
            if not question.allow_unknown:
                self.prompter.notify(MESSAGES["unknown_refused"][self.lang])
                return False
            answer = Answer(
                unknown=True,
                comment=reply.comment,
                evidence=evidence,
                by=self.actor,
                at=now(),
                question=self.bank.fingerprint(question.id),
            )
        else:
            problem = value_problem(question, reply.value)
            if problem is not None:
                self.prompter.notify(
                    MESSAGES["invalid"][self.lang].format(problem=problem(self.lang))
                )
                return False
            answer = Answer(
                value=normalise_value(question, reply.value),
                comment=reply.comment,
                evidence=evidence,
                by=self.actor,
                at=now(),
                question=self.bank.fingerprint(question.id),
            )
        sheet = self.sheet.with_answer(question.id, answer)
        stale = flow.stale_answers(self.bank, sheet)
        if stale:
            sheet = sheet.without(*stale)
            self.result.dropped.extend(stale)
            self.prompter.notify(MESSAGES["dropped"][self.lang].format(ids=", ".join(stale)))
        # The journal entry is written before the sheet: no answer is ever on disk without it.
        self._save(
            sheet,
            "answer.recorded",
            vendor=sheet.vendor.id,
            question=question.id,
            unknown=answer.unknown,
            changed=previous is not None,
            dropped=stale or None,
        )
        self.result.asked.append(question.id)
        if previous is not None:
            self.result.changed += 1
        return True

    def _save(self, sheet: AnswerSheet, action: str, **details: Any) -> None:
        """Merge this session's changes into the sheets as they are on disk now (another window
        or a form import may have saved them meanwhile): the buyer's answers held once go to
        the buyer sheet, the vendor's to its own."""
        if not self.buyer:
            saved = self.tender.save_offer_sheet(sheet, action, self.actor, self.base, **details)
        elif self._legacy is not None:  # an older tender: its vendors' agreed answers move
            saved = self.tender.save_buyer_sheet(
                sheet,
                action,
                self.actor,
                seeded=len(self._legacy.answers),
                sources=self._legacy.sources,
                **details,
            )
            self._legacy = None
        else:
            saved = self.tender.save_buyer_sheet(
                sheet, action, self.actor, base=self.base, **details
            )
        self.result.sheet = self.base = saved.sheet
        for conflict in saved.conflicts:
            self.prompter.notify(
                MESSAGES["conflict"][self.lang].format(
                    q=conflict.subject, by=conflict.by or "?", at=conflict.at or "?"
                )
            )

    def _view(self, question: Question) -> QuestionView:
        section = self.bank.section_of[question.id]
        facts = SheetFacts(self.bank, self.sheet.answers)
        applicable = [q for q in self.bank.questions if facts.applies(q.id)]
        in_section = [q for q in applicable if self.bank.section_of[q.id].id == section.id]
        sections = self.bank.sections()
        return QuestionView(
            question=question,
            section=section,
            lang=self.lang,
            section_number=sections.index(section) + 1,
            section_count=len(sections),
            number_in_section=next(
                (i for i, q in enumerate(in_section, 1) if q.id == question.id), 1
            ),
            section_size=len(in_section),
            answered=sum(1 for q in applicable if q.id in self.sheet.answers),
            applicable=len(applicable),
            current=self.sheet.answers.get(question.id),
            can_go_back=flow.previous_question(self.bank, self.sheet, self.scope, question.id)
            is not None,
        )
