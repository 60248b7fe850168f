"""Checking an answer sheet against its bank, and reading it as facts for conditions and rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sovereignty.core.conditions import ABSENT, INVALID, MISSING, UNKNOWN, evaluate
from sovereignty.core.errors import Problem, did_you_mean
from sovereignty.core.model import MAX_NUMBER, Text, number_out_of_range
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
    Retired,
    SingleChoice,
    TextField,
    TextQuestion,
    YesNo,
    YesNoField,
)
from sovereignty.questionnaire.names import name_problem


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

    def with_answer(self, question_id: str, answer: Answer) -> SheetFacts:
        """The same sheet with one answer replaced. Only the questions whose condition reads a
        changed value are evaluated again, in bank order (the classification's "what if"
        exploration makes hundreds of these)."""
        import heapq

        bank = self.bank
        other = SheetFacts.__new__(SheetFacts)
        other.bank = bank
        other.answers = {**self.answers, question_id: answer}
        other._valid = {k: v for k, v in self._valid.items() if k != question_id}
        other.applicable = dict(self.applicable)
        pending = list(bank.readers.get(question_id, ()))
        heapq.heapify(pending)
        done: set[int] = set()
        while pending:
            index = heapq.heappop(pending)
            if index in done:
                continue
            done.add(index)
            question = bank.questions[index]
            now = evaluate(question.when, other)
            if now != other.applicable[question.id]:
                other.applicable[question.id] = now
                for later in bank.readers.get(question.id, ()):
                    heapq.heappush(pending, later)
        return other

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
                question is not None and value_problem(question, answer.value) is None
            )
        return self._valid[question_id]

    def has_regime(self, regime_id: str) -> bool | None:
        return None

    def has_finding(self, finding_id: str) -> bool | None:
        return None

    def applies(self, question_id: str) -> bool:
        """Whether the question is to be asked (its condition is true or undetermined)."""
        return self.applicable.get(question_id) is not False


def value_problem(question: Question, value: Any) -> Text | None:
    """None when ``value`` fits the question, else what is expected instead, in fr and en."""
    match question:
        case SingleChoice() | YesNo():
            return _check_choice(value, question.values)
        case MultipleChoice():
            choices = ", ".join(question.values)
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return Text(
                    fr=f"liste de choix attendue parmi : {choices}",
                    en=f"expected a list of choices among: {choices}",
                )
            wrong = [v for v in value if v not in question.values]
            if wrong:
                listed = ", ".join(map(repr, wrong))
                return Text(
                    fr=f"{listed} ne "
                    + ("font" if len(wrong) > 1 else "fait")
                    + f" pas partie des choix : {choices}",
                    en=f"{listed} not among the choices: {choices}",
                )
            if len(set(value)) != len(value):
                return Text(fr="un choix figure deux fois", en="a choice is listed twice")
            alone = [v for v in value if v in question.exclusive]
            if alone and len(value) > 1:
                label = question.choice(alone[0])
                shown_fr = label.label.fr if label else alone[0]
                shown_en = label.label.en if label else alone[0]
                others = ", ".join(v for v in value if v != alone[0])
                return Text(
                    fr=f"« {shown_fr} » ({alone[0]}) exclut tout autre choix ; trouvé avec : "
                    f"{others} (gardez l'un ou les autres)",
                    en=f"'{shown_en}' ({alone[0]}) excludes every other choice; found with: "
                    f"{others} (keep one or the others)",
                )
            if len(value) < question.min_selected:
                return Text(
                    fr=f"choisissez au moins {question.min_selected} réponse(s)",
                    en=f"select at least {question.min_selected} choice(s)",
                )
            return None
        case TextQuestion():
            return _check_text(value, question.max_length, question.entity)
        case NumberQuestion():
            return _check_number(value, question.min, question.max, question.integer)
        case DateQuestion():
            return _check_date(value)
        case RecordsQuestion():
            return _check_records(question, value)
    return Text(  # pragma: no cover
        fr=f"type de question non pris en charge : {question.type}",
        en=f"unsupported question type {question.type}",
    )


def check_value(question: Question, value: Any) -> str | None:
    """:func:`value_problem` in English, for callers that read the message (``forms.read``
    finds the record field in it)."""
    problem = value_problem(question, value)
    return problem.en if problem is not None else None


def _found(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"


def _check_choice(value: Any, values: tuple[str, ...]) -> Text | None:
    choices = ", ".join(values)
    if not isinstance(value, str):
        return Text(
            fr=f"une valeur parmi : {choices} est attendue (trouvé : {_found(value)})",
            en=f"expected one of: {choices} (found {_found(value)})",
        )
    if value not in values:
        fr_hint, en_hint = did_you_mean(value, values)
        return Text(
            fr=f"{value!r} ne fait pas partie de : {choices}{fr_hint}",
            en=f"{value!r} is not one of: {choices}{en_hint}",
        )
    return None


def _check_text(value: Any, max_length: int, entity: bool = False) -> Text | None:
    if not isinstance(value, str):
        return Text(
            fr=f"texte attendu (trouvé : {_found(value)} ; mettez-le entre guillemets en YAML)",
            en=f"expected text (found {_found(value)}; quote it in YAML)",
        )
    if not value.strip():
        return Text(fr="texte non vide attendu", en="expected a non-empty text")
    if len(value) > max_length:
        return Text(
            fr=f"texte trop long ({len(value):_} caractères ; au plus {max_length:_})".replace(
                "_", " "
            ),
            en=f"text too long ({len(value):,} characters; at most {max_length:,})",
        )
    return name_problem(value) if entity else None


def _check_number(value: Any, low: float | None, high: float | None, integer: bool) -> Text | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Text(
            fr=f"nombre attendu (trouvé : {_found(value)})",
            en=f"expected a number (found {_found(value)})",
        )
    if number_out_of_range(value):
        return Text(
            fr=f"nombre hors limites (fini, au plus {MAX_NUMBER:.0e} en valeur absolue)",
            en=f"number out of range (finite, at most {MAX_NUMBER:.0e} in absolute value)",
        )
    if integer and not float(value).is_integer():
        return Text(
            fr=f"nombre entier attendu (trouvé : {value})",
            en=f"expected a whole number (found {value})",
        )
    if value != value or value in (float("inf"), float("-inf")):
        return Text(fr="nombre fini attendu", en="expected a finite number")
    if low is not None and value < low:
        return Text(
            fr=f"{value} est inférieur au minimum {low:g}",
            en=f"{value} is below the minimum {low:g}",
        )
    if high is not None and value > high:
        return Text(
            fr=f"{value} est supérieur au maximum {high:g}",
            en=f"{value} is above the maximum {high:g}",
        )
    return None


def _check_date(value: Any) -> Text | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return None
    if isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return Text(
        fr=f"date attendue au format AAAA-MM-JJ (trouvé : {value!r})",
        en=f"expected a date as YYYY-MM-DD (found {value!r})",
    )


def _check_records(question: RecordsQuestion, value: Any) -> Text | None:
    if not isinstance(value, list):
        return Text(fr="liste d'enregistrements attendue", en="expected a list of records")
    if len(value) < question.min_items:
        return Text(
            fr=f"au moins {question.min_items} enregistrement(s) attendu(s)",
            en=f"expected at least {question.min_items} record(s)",
        )
    if len(value) > question.max_items:
        return Text(
            fr=f"trop d'enregistrements ({len(value)} ; au plus {question.max_items})",
            en=f"too many records ({len(value)}; at most {question.max_items})",
        )
    known = {f.id for f in question.fields}
    for i, record in enumerate(value, start=1):
        if not isinstance(record, dict):
            fields = ", ".join(sorted(known))
            return Text(
                fr=f"enregistrement {i} : table de champs attendue ({fields})",
                en=f"record {i}: expected a mapping of fields ({fields})",
            )
        extra = set(record) - known
        if extra:
            names = ", ".join(sorted(map(str, extra)))
            return Text(
                fr=f"enregistrement {i} : champ(s) inconnu(s) {names}",
                en=f"record {i}: unknown field(s) {names}",
            )
        for fld in question.fields:
            if fld.id not in record or record[fld.id] is None:
                if fld.required:
                    return Text(
                        fr=f"enregistrement {i} : le champ {fld.id!r} est obligatoire",
                        en=f"record {i}: field {fld.id!r} is required",
                    )
                continue
            problem = _check_field(fld, record[fld.id])
            if problem is not None:
                return Text(
                    fr=f"enregistrement {i}, champ {fld.id!r} : {problem.fr}",
                    en=f"record {i}, field {fld.id!r}: {problem.en}",
                )
    return None


def _check_field(fld: Any, value: Any) -> Text | None:
    match fld:
        case ChoiceField(type="single_choice") | YesNoField():
            return _check_choice(value, fld.values)
        case ChoiceField():
            if not isinstance(value, list) or any(v not in fld.values for v in value):
                choices = ", ".join(fld.values)
                return Text(
                    fr=f"liste de choix attendue parmi : {choices}",
                    en=f"expected a list of choices among: {choices}",
                )
            return None
        case TextField():
            return _check_text(value, fld.max_length, fld.entity)
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
                Text(
                    fr=f"répond à la banque {sheet.bank.id!r}, pas à {bank.id!r}",
                    en=f"answers bank {sheet.bank.id!r}, not {bank.id!r}",
                ),
            )
        )
    elif sheet.bank.hash != bank.hash:
        warnings.append(
            Problem(
                doc.where(("bank",)) if doc else "",
                (
                    Text(
                        fr=f"réponses données à la version {sheet.bank.version} de la banque ; "
                        f"elle est maintenant en {bank.version} : revoyez les réponses",
                        en=f"answered against bank version {sheet.bank.version}; the bank is now "
                        f"{bank.version}: review the answers",
                    )
                    if sheet.bank.version != bank.version
                    else Text(
                        fr=f"réponses données à un autre contenu de la version {bank.version} de "
                        "la banque (modifiée depuis sans nouveau numéro de version) : revoyez les "
                        "réponses",
                        en=f"answered against another content of bank version {bank.version} "
                        "(edited since without a new version number): review the answers",
                    )
                ),
            )
        )
    for qid in sheet.answers:
        retired = bank.bank.retired.get(qid)
        if qid not in bank.by_id and retired is not None:
            warnings.append(_retired_warning(where(qid), qid, retired))
        elif qid not in bank.by_id:
            fr_hint, en_hint = did_you_mean(qid, bank.by_id)
            errors.append(
                Problem(
                    where(qid),
                    Text(
                        fr=f"pas de question de cet id dans la banque {bank.id}{fr_hint}",
                        en=f"no such question in bank {bank.id}{en_hint}",
                    ),
                    qid,
                )
            )
    for qid in bank.outdated(sheet.answers):
        warnings.append(
            Problem(
                where(qid),
                Text(
                    fr="la question a changé depuis la réponse ; `sovereignty assess` la repose",
                    en="the question changed since it was answered; `sovereignty assess` asks it "
                    "again",
                ),
                qid,
            )
        )
    for section_id in sheet.skipped_sections:
        if bank.section(section_id) is None:
            warnings.append(
                Problem(
                    "",
                    Text(
                        fr=f"la section passée {section_id!r} n'est pas dans la banque",
                        en=f"skipped section {section_id!r} is not in the bank",
                    ),
                )
            )

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
                            Text(
                                fr="répondue, mais la question ne s'applique pas vu les réponses "
                                "précédentes (retirez la réponse ou changez la précédente)",
                                en="answered, but the question does not apply given the earlier "
                                "answers (remove the answer or change the earlier one)",
                            ),
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
                            Text(
                                fr="cette question n'accepte pas « je ne sais pas » ('unknown')",
                                en="this question does not accept 'unknown'",
                            ),
                            question.id,
                        )
                    )
                continue
            problem = value_problem(question, answer.value)
            retired = bank.bank.retired.get(question.id)
            if problem is not None and retired and _valid_without(question, answer.value, retired):
                warnings.append(_retired_warning(where(question.id, "value"), question.id, retired))
            elif problem is not None:
                errors.append(Problem(where(question.id, "value"), problem, question.id))
        sections.append(report)
    return SheetReport(errors, warnings, sections, facts)


def _valid_without(question: Question, value: Any, retired: Retired) -> bool:
    """Whether ``value`` is valid once the retired choices are left out of it."""
    if not retired.choices or not isinstance(value, list):
        return False
    kept = [v for v in value if v not in retired.choices]
    return len(kept) < len(value) and (not kept or value_problem(question, kept) is None)


def _retired_warning(where: str, qid: str, retired: Retired) -> Problem:
    return Problem(
        where,
        Text(
            fr=f"réponse à une question ou un choix retiré en version {retired.since} de la "
            f"banque, qui n'est plus lue : {retired.reason.fr}",
            en=f"answer to a question or choice retired in bank version {retired.since}, no "
            f"longer read: {retired.reason.en}",
        ),
        qid,
    )


def normalise_value(question: Question, value: Any) -> Any:
    """The stored form of a valid value (dates as ISO strings)."""
    if isinstance(question, DateQuestion) and isinstance(value, dt.date):
        return value.isoformat()
    return value
