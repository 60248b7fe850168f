"""Where every vendor question lives in the response form (pure: no openpyxl).

The layout is derived from the bank and the form's language only, so the export and the import
compute the same one; its checksum is stored in the form's hidden sheet, and an import refuses a
form whose layout is not the one it expects.

A section sheet::

    row 1   section title            row 2  section introduction
    row 3   headers: N° | Id | Question | Expected answer | Answer | Comment | Evidence | Help
    row 4+  one row per question; a multiple-choice question is followed by one row per choice,
            answered "Yes"/"No" (a spreadsheet has no multi-select drop-down, and typed lists of
            labels are where typos come from)

A records question (sub-processors, data flows) has its own sheet, one row per record and one
column per field; its row on the section sheet holds the comment and evidence.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sovereignty.core.conditions import (
    All,
    Answered,
    AnyOf,
    AtLeast,
    AtMost,
    Condition,
    Contains,
    Equals,
    In,
    Not,
)
from sovereignty.core.errors import ContentError, Problem
from sovereignty.core.model import Lang, Text
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.model import (
    ChoiceField,
    MultipleChoice,
    Question,
    RecordField,
    RecordsQuestion,
    Section,
    SingleChoice,
    YesNo,
    YesNoField,
)
from sovereignty.questionnaire.present import choice_label

FORMAT = "sovereignty/form/1"
META_SHEET = "_meta"
LISTS_SHEET = "_lists"
INSTRUCTIONS_SHEET = "Instructions"

# Section sheets: one column per role.
COLUMNS = {
    "number": "A",
    "id": "B",
    "question": "C",
    "expected": "D",
    "answer": "E",
    "comment": "F",
    "evidence": "G",
    "help": "H",
}
TITLE_ROW, INTRO_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
# Records sheets: column A numbers the records, fields from column B.
RECORD_HEADER_ROW, RECORD_FORMAT_ROW, RECORD_FIRST_ROW = 3, 4, 5
# Instructions sheet: who answers, in column C.
RESPONDENT_COLUMN = "C"
RESPONDENT_ROWS = {"name": 5, "organisation": 6, "role": 7, "email": 8, "date": 9}
MULTI_SEPARATOR = ";"

# Words that are values in cells; the import reads them back, so they live in one place.
WORDS: dict[str, dict[Lang, str]] = {
    "yes": {"fr": "Oui", "en": "Yes"},
    "no": {"fr": "Non", "en": "No"},
    "unknown": {"fr": "Je ne sais pas", "en": "I don't know"},
    "see_sheet": {"fr": "Voir la feuille dédiée", "en": "See the dedicated sheet"},
    "none": {"fr": "Aucun", "en": "None"},
}

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_NAME = 31


def word(key: str, lang: Lang) -> str:
    return WORDS[key][lang]


def normalise_label(text: str) -> str:
    """How labels are compared: case, accents kept; spaces and typographic quotes folded."""
    text = text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(text.split()).casefold()


def sheet_name(number: str, title: str) -> str:
    """``number title``, within the 31 characters a sheet name may have, cut at a word."""
    name = " ".join(_SHEET_FORBIDDEN.sub(" ", f"{number} {title}").split()).strip("'")
    if len(name) > MAX_SHEET_NAME:
        cut = name[: MAX_SHEET_NAME - 1]
        if " " in cut[len(number) + 1 :]:
            cut = cut.rsplit(" ", 1)[0]
        name = cut.rstrip(" ,;.-'") + "…"
    return name


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class ChoiceRow:
    value: str
    label: str
    row: int


@dataclass(frozen=True)
class FieldColumn:
    field: RecordField
    column: str


@dataclass(frozen=True)
class RecordsPlace:
    question: RecordsQuestion
    sheet: str
    columns: tuple[FieldColumn, ...]

    @property
    def first_row(self) -> int:
        return RECORD_FIRST_ROW

    @property
    def last_row(self) -> int:
        return RECORD_FIRST_ROW + self.question.max_items - 1

    @property
    def last_column(self) -> str:
        return self.columns[-1].column


@dataclass(frozen=True)
class QuestionPlace:
    question: Question
    number: str  # "3.2": section and question among the vendor's
    sheet: str
    row: int
    choice_rows: tuple[ChoiceRow, ...] = ()
    records: RecordsPlace | None = None

    def cell(self, role: str) -> str:
        return f"{COLUMNS[role]}{self.row}"


@dataclass(frozen=True)
class SectionPlace:
    section: Section
    number: int
    sheet: str
    questions: tuple[QuestionPlace, ...]

    @property
    def last_row(self) -> int:
        last = self.questions[-1]
        return last.choice_rows[-1].row if last.choice_rows else last.row


def answer_list(
    question: Question | RecordField, lang: Lang, *, main_row: bool = True
) -> tuple[str, ...]:
    """The drop-down of an answer cell (empty: free input)."""
    unknown = (word("unknown", lang),) if getattr(question, "allow_unknown", False) else ()
    match question:
        case YesNo() | YesNoField():
            return (word("yes", lang), word("no", lang), *unknown)
        case SingleChoice() | ChoiceField(type="single_choice"):
            return (*(c.label(lang) for c in question.choices), *unknown)
        case MultipleChoice():
            return unknown if main_row else (word("yes", lang), word("no", lang))
        case RecordsQuestion():
            none = (word("none", lang),) if question.min_items == 0 else ()
            return (word("see_sheet", lang), *none, *unknown)
    return ()


class FormLayout:
    """The form of one bank in one language."""

    def __init__(self, bank: QuestionBank, lang: Lang) -> None:
        self.bank = bank
        self.lang = lang
        self.sections = self._place_sections()
        self._check_labels()

    def _place_sections(self) -> tuple[SectionPlace, ...]:
        placed: list[SectionPlace] = []
        for section in self.bank.sections():
            vendor = [q for q in section.questions if q.answered_by == "vendor"]
            if not vendor:
                continue
            number = len(placed) + 1
            sheet = sheet_name(str(number), section.title(self.lang))
            rows: list[QuestionPlace] = []
            row = FIRST_ROW
            for index, question in enumerate(vendor, start=1):
                qnumber = f"{number}.{index}"
                choice_rows: tuple[ChoiceRow, ...] = ()
                records = None
                if isinstance(question, MultipleChoice):
                    choice_rows = tuple(
                        ChoiceRow(c.value, c.label(self.lang), row + k)
                        for k, c in enumerate(question.choices, start=1)
                    )
                if isinstance(question, RecordsQuestion):
                    records = RecordsPlace(
                        question,
                        sheet_name(qnumber, _records_title(question, self.lang)),
                        tuple(
                            FieldColumn(f, column_letter(k))
                            for k, f in enumerate(question.fields, start=2)
                        ),
                    )
                rows.append(QuestionPlace(question, qnumber, sheet, row, choice_rows, records))
                row += 1 + len(choice_rows)
            placed.append(SectionPlace(section, number, sheet, tuple(rows)))
        return tuple(placed)

    def _check_labels(self) -> None:
        """Labels are read back as values: two choices must not share one."""
        problems = []
        for place in self.places.values():
            owners: list[Any] = [place.question]
            if place.records:
                owners += [c.field for c in place.records.columns]
            for owner in owners:
                labels = [
                    normalise_label(c.label(self.lang)) for c in getattr(owner, "choices", ())
                ]
                if len(set(labels)) != len(labels):
                    problems.append(
                        Problem(
                            "",
                            Text(
                                fr=f"deux choix de {owner.id!r} ont le même libellé "
                                f"({self.lang}) ; le formulaire ne saurait pas les distinguer",
                                en=f"two choices of {owner.id!r} share a label ({self.lang}); "
                                "the form could not tell them apart",
                            ),
                            place.question.id,
                        )
                    )
                if owner.type == "multiple_choice" and any(MULTI_SEPARATOR in x for x in labels):
                    problems.append(
                        Problem(
                            "",
                            Text(
                                fr=f"un libellé de choix de {owner.id!r} contient "
                                f"{MULTI_SEPARATOR!r}, qui sépare les choix dans une cellule",
                                en=f"a choice label of {owner.id!r} contains "
                                f"{MULTI_SEPARATOR!r}, which separates choices in a cell",
                            ),
                            place.question.id,
                        )
                    )
        if problems:
            raise ContentError(self.bank.path, problems)

    # --- lookups ------------------------------------------------------------------------------
    @cached_property
    def places(self) -> dict[str, QuestionPlace]:
        return {p.question.id: p for s in self.sections for p in s.questions}

    @property
    def records(self) -> list[RecordsPlace]:
        return [p.records for p in self.places.values() if p.records]

    def sheet_names(self) -> list[str]:
        names = [INSTRUCTIONS_SHEET]
        for section in self.sections:
            names.append(section.sheet)
            names += [p.records.sheet for p in section.questions if p.records]
        return names

    @cached_property
    def lists(self) -> dict[tuple[str, ...], str]:
        """Each distinct drop-down, with the column of the hidden lists sheet holding it."""
        found: dict[tuple[str, ...], str] = {}

        def add(values: tuple[str, ...]) -> None:
            if values and values not in found:
                found[values] = column_letter(len(found) + 1)

        for place in self.places.values():
            add(answer_list(place.question, self.lang))
            if place.choice_rows:
                add(answer_list(place.question, self.lang, main_row=False))
            for col in place.records.columns if place.records else ():
                add(answer_list(col.field, self.lang))
        return found

    def list_range(self, values: tuple[str, ...]) -> str:
        column = self.lists[values]
        return f"'{LISTS_SHEET}'!${column}$1:${column}${len(values)}"

    @cached_property
    def checksum(self) -> str:
        """What the form's structure depends on; stored in the form, compared on import."""
        shape: list[Any] = [FORMAT, self.bank.id, self.bank.hash, self.lang, RESPONDENT_ROWS]
        for place in self.places.values():
            shape.append(
                [
                    place.question.id,
                    place.sheet,
                    place.row,
                    [(c.value, c.row) for c in place.choice_rows],
                    [place.records.sheet, [(c.field.id, c.column) for c in place.records.columns]]
                    if place.records
                    else None,
                ]
            )
        shape.append(sorted(self.lists.items()))
        canonical = json.dumps(shape, ensure_ascii=False, separators=(",", ":"))
        return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    # --- texts --------------------------------------------------------------------------------
    def reference(self, question_id: str) -> str:
        """How a condition names a question: its number in the form, or the buyer's question."""
        place = self.places.get(question_id)
        question = self.bank.by_id[question_id]
        label = _shorten(question.label(self.lang))
        if place is not None:
            return f"{place.number} {self._quote(label)}"
        return (
            f"la question de l'acheteur « {label} »"
            if self.lang == "fr"
            else f"the buyer's question “{label}”"
        )

    def _quote(self, text: str) -> str:
        return f"« {text} »" if self.lang == "fr" else f"“{text}”"

    def applies_when(self, question: Question) -> str:
        """The question's condition in words, '' when it always applies."""
        if question.when is None:
            return ""
        lead = "Uniquement si " if self.lang == "fr" else "Only if "
        return lead + self._describe(question.when)

    def _describe(self, condition: Condition) -> str:
        fr = self.lang == "fr"

        def value(qid: str, raw: Any) -> str:
            return self._quote(choice_label(self.bank.by_id[qid], str(raw), self.lang))

        match condition:
            case Equals(question=q, value=v):
                return f"{self.reference(q)} " + ("vaut " if fr else "is ") + value(q, v)
            case In(question=q, values=vs):
                items = ", ".join(value(q, v) for v in vs)
                return f"{self.reference(q)} " + ("est parmi " if fr else "is one of ") + items
            case Contains(question=q, value=v):
                return f"{self.reference(q)} " + ("inclut " if fr else "includes ") + value(q, v)
            case AtLeast(question=q, value=v):
                return f"{self.reference(q)} ≥ {v:g}"
            case AtMost(question=q, value=v):
                return f"{self.reference(q)} ≤ {v:g}"
            case Answered(question=q):
                return f"{self.reference(q)} " + ("est renseignée" if fr else "is answered")
            case Not(condition=inner):
                return ("non (" if fr else "not (") + self._describe(inner) + ")"
            case All(conditions=parts):
                return (" et " if fr else " and ").join(f"({self._describe(p)})" for p in parts)
            case AnyOf(conditions=parts):
                return (" ou " if fr else " or ").join(f"({self._describe(p)})" for p in parts)
        return ""  # regime/finding: refused in banks by the loader


def _shorten(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _records_title(question: RecordsQuestion, lang: Lang) -> str:
    if question.item_label:
        noun = question.item_label(lang)
        return noun[:1].upper() + noun[1:]
    return question.label(lang)
