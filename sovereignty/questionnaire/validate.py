"""Checking an answer sheet against its bank, and reading it as facts for conditions and rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any

from sovereignty.core.conditions import ABSENT, INVALID, MISSING, UNKNOWN, evaluate
from sovereignty.core.errors import Problem
from sovereignty.core.yamlio import YamlDocument
from sovereignty.questionnaire.answers import Answer, AnswerSheet
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.model import (
    ChoiceField,
    DateField,
    DateQuestion,
    MultipleChoice,
    NumberField,
    NumberQuestion,
    Question,
    RecordsQuestion,
    SingleChoice,
    TextField,
    TextQuestion,
    YesNo,
    YesNoField,
)


class SheetFacts:
    """An answer sheet seen through its bank: what each question's value is, for conditions.

    Applicability is computed in bank order, in one pass, since a condition only reads earlier
    questions: True (asked), False (does not apply: its value is ABSENT), None (undetermined
    because an answer it depends on is missing or unknown; such a question is asked).
    """

    def __init__(self, bank: QuestionBank, answers: dict[str, Answer]) -> None:
        self.bank = bank
        self.answers = answers
        self._valid: dict[str, bool] = {}
        self.applicable: dict[str, bool | None] = {}
        for question in bank.questions:
            self.applicable[question.id] = evaluate(question.when, self)

    def value(self, question_id: str) -> Any:
        if self.applicable.get(question_id, True) is False:
            return ABSENT
        answer = self.answers.get(question_id)
        if answer is None:
            return MISSING
        if answer.unknown:
            return UNKNOWN
        if not self._is_valid(question_id, answer):
            return INVALID  # decides nothing, and is reported once, by itself
        return answer.value

    def _is_valid(self, question_id: str, answer: Answer) -> bool:
        if question_id not in self._valid:
            question = self.bank.by_id.get(question_id)
            self._valid[question_id] = (
                question is not None and check_value(question, answer.value) is None
            )
        return self._valid[question_id]

    def has_regime(self, regime_id: str) -> bool | None:
        return None

    def has_finding(self, finding_id: str) -> bool | None:
        return None

    def applies(self, question_id: str) -> bool:
        """Whether the question is to be asked (its condition is true or undetermined)."""
        return self.applicable.get(question_id) is not False


def check_value(question: Question, value: Any) -> str | None:
    """None when ``value`` fits the question, else what is expected instead."""
    match question:
        case SingleChoice() | YesNo():
            return _check_choice(value, question.values)
        case MultipleChoice():
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return f"expected a list of choices among: {', '.join(question.values)}"
            wrong = [v for v in value if v not in question.values]
            if wrong:
                return (
                    f"{', '.join(map(repr, wrong))} not among the choices: "
                    f"{', '.join(question.values)}"
                )
            if len(set(value)) != len(value):
                return "a choice is listed twice"
            if len(value) < question.min_selected:
                return f"select at least {question.min_selected} choice(s)"
            return None
        case TextQuestion():
            return _check_text(value, question.max_length)
        case NumberQuestion():
            return _check_number(value, question.min, question.max, question.integer)
        case DateQuestion():
            return _check_date(value)
        case RecordsQuestion():
            return _check_records(question, value)
    return f"unsupported question type {question.type}"  # pragma: no cover


def _check_choice(value: Any, values: tuple[str, ...]) -> str | None:
    if not isinstance(value, str):
        return f"expected one of: {', '.join(values)} (found {type(value).__name__} {value!r})"
    if value not in values:
        hint = get_close_matches(value, list(values), n=1)
        did = f"; did you mean {hint[0]!r}?" if hint else ""
        return f"{value!r} is not one of: {', '.join(values)}{did}"
    return None


def _check_text(value: Any, max_length: int) -> str | None:
    if not isinstance(value, str):
        return f"expected text (found {type(value).__name__} {value!r}; quote it in YAML)"
    if not value.strip():
        return "expected a non-empty text"
    if len(value) > max_length:
        return f"text too long ({len(value):,} characters; at most {max_length:,})"
    return None


def _check_number(value: Any, low: float | None, high: float | None, integer: bool) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"expected a number (found {type(value).__name__} {value!r})"
    if integer and not float(value).is_integer():
        return f"expected a whole number (found {value})"
    if value != value or value in (float("inf"), float("-inf")):
        return "expected a finite number"
    if low is not None and value < low:
        return f"{value} is below the minimum {low:g}"
    if high is not None and value > high:
        return f"{value} is above the maximum {high:g}"
    return None


def _check_date(value: Any) -> str | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return None
    if isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return f"expected a date as YYYY-MM-DD (found {value!r})"


def _check_records(question: RecordsQuestion, value: Any) -> str | None:
    if not isinstance(value, list):
        return "expected a list of records"
    if len(value) < question.min_items:
        return f"expected at least {question.min_items} record(s)"
    if len(value) > question.max_items:
        return f"too many records ({len(value)}; at most {question.max_items})"
    known = {f.id for f in question.fields}
    for i, record in enumerate(value, start=1):
        if not isinstance(record, dict):
            return f"record {i}: expected a mapping of fields ({', '.join(sorted(known))})"
        extra = set(record) - known
        if extra:
            return f"record {i}: unknown field(s) {', '.join(sorted(map(str, extra)))}"
        for fld in question.fields:
            if fld.id not in record or record[fld.id] is None:
                if fld.required:
                    return f"record {i}: field {fld.id!r} is required"
                continue
            problem = _check_field(fld, record[fld.id])
            if problem:
                return f"record {i}, field {fld.id!r}: {problem}"
    return None


def _check_field(fld: Any, value: Any) -> str | None:
    match fld:
        case ChoiceField(type="single_choice") | YesNoField():
            return _check_choice(value, fld.values)
        case ChoiceField():
            if not isinstance(value, list) or any(v not in fld.values for v in value):
                return f"expected a list of choices among: {', '.join(fld.values)}"
            return None
        case TextField():
            return _check_text(value, fld.max_length)
        case NumberField():
            return _check_number(value, fld.min, fld.max, fld.integer)
        case DateField():
            return _check_date(value)
    return None  # pragma: no cover


@dataclass
class SectionCompleteness:
    section_id: str
    applicable: int = 0
    answered: int = 0
    unknown: int = 0
    missing_required: list[str] = field(default_factory=list)
    skipped: bool = False

    @property
    def percent(self) -> int:
        return 100 if not self.applicable else round(100 * self.answered / self.applicable)


@dataclass
class SheetReport:
    """Everything `sovereignty check` says about a sheet."""

    errors: list[Problem]
    warnings: list[Problem]
    sections: list[SectionCompleteness]
    facts: SheetFacts

    @property
    def missing_required(self) -> list[str]:
        return [q for s in self.sections for q in s.missing_required]

    @property
    def complete(self) -> bool:
        return not self.missing_required

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def answered(self) -> int:
        return sum(s.answered for s in self.sections)

    @property
    def applicable(self) -> int:
        return sum(s.applicable for s in self.sections)


def check_sheet(
    bank: QuestionBank, sheet: AnswerSheet, doc: YamlDocument | None = None
) -> SheetReport:
    """Validate every answer and measure completeness, reporting all problems at once."""

    def where(qid: str, *rest: str) -> str:
        return doc.where(("answers", qid, *rest)) if doc else ""

    errors: list[Problem] = []
    warnings: list[Problem] = []
    if sheet.bank.id != bank.id:
        errors.append(
            Problem(
                doc.where(("bank", "id")) if doc else "",
                f"answers bank {sheet.bank.id!r}, not {bank.id!r}",
            )
        )
    elif sheet.bank.hash != bank.hash:
        warnings.append(
            Problem(
                doc.where(("bank",)) if doc else "",
                (
                    f"answered against bank version {sheet.bank.version}; the bank is now "
                    f"{bank.version}: review the answers"
                    if sheet.bank.version != bank.version
                    else f"answered against another content of bank version {bank.version} "
                    "(edited since without a new version number): review the answers"
                ),
            )
        )
    for qid in sheet.answers:
        if qid not in bank.by_id:
            hint = get_close_matches(qid, list(bank.by_id), n=1)
            did = f"; did you mean {hint[0]!r}?" if hint else ""
            errors.append(Problem(where(qid), f"no such question in bank {bank.id}{did}", qid))
    for qid in bank.outdated(sheet.answers):
        warnings.append(
            Problem(
                where(qid),
                "the question changed since it was answered; `sovereignty assess` asks it again",
                qid,
            )
        )
    for section_id in sheet.skipped_sections:
        if bank.section(section_id) is None:
            warnings.append(Problem("", f"skipped section {section_id!r} is not in the bank"))

    facts = SheetFacts(bank, sheet.answers)
    sections = []
    for section in bank.sections():
        report = SectionCompleteness(section.id, skipped=section.id in sheet.skipped_sections)
        for question in section.questions:
            answer = sheet.answers.get(question.id)
            applicable = facts.applicable[question.id]
            if applicable is False:
                if answer is not None:
                    errors.append(
                        Problem(
                            where(question.id),
                            "answered, but the question does not "
                            "apply given the earlier answers (remove the answer or "
                            "change the earlier one)",
                            question.id,
                        )
                    )
                continue
            report.applicable += 1
            if answer is None:
                if question.required:
                    report.missing_required.append(question.id)
                continue
            report.answered += 1
            if answer.unknown:
                report.unknown += 1
                if not question.allow_unknown:
                    errors.append(
                        Problem(
                            where(question.id, "unknown"),
                            "this question does not accept 'unknown'",
                            question.id,
                        )
                    )
                continue
            problem = check_value(question, answer.value)
            if problem:
                errors.append(Problem(where(question.id, "value"), problem, question.id))
        sections.append(report)
    return SheetReport(errors, warnings, sections, facts)


def normalise_value(question: Question, value: Any) -> Any:
    """The stored form of a valid value (dates as ISO strings)."""
    if isinstance(question, DateQuestion) and isinstance(value, dt.date):
        return value.isoformat()
    return value
