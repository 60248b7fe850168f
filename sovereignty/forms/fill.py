"""Writing answers into a response form, as a vendor's own tooling would (openpyxl).

Used by the demo and the tests, and by anyone pre-filling a form from an answer sheet. The form is
opened in full (not read-only) so that drop-downs, protection and styles are kept.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from pathlib import Path
from typing import Any

from sovereignty.core.errors import ContentError
from sovereignty.core.model import Lang, Text
from sovereignty.core.yamlio import write_atomic
from sovereignty.forms.cells import choice_text, date_value
from sovereignty.forms.layout import (
    COLUMNS,
    FORMAT,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    MULTI_SEPARATOR,
    RESPONDENT_COLUMN,
    RESPONDENT_ROWS,
    FormLayout,
    QuestionPlace,
    word,
)
from sovereignty.forms.safety import inspect_workbook, write_text
from sovereignty.questionnaire.answers import Answer, AnswerSheet
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.model import (
    DateField,
    DateQuestion,
    MultipleChoice,
    NumberField,
    NumberQuestion,
    Question,
    RecordField,
    RecordsQuestion,
    TextField,
    TextQuestion,
)


def fill_form(
    form: Path,
    out: Path,
    bank: QuestionBank,
    sheet: AnswerSheet,
    respondent: tuple[str, str] | None = None,
    on: dt.date | None = None,
) -> None:
    """Write ``sheet``'s vendor answers into a copy of ``form`` saved as ``out``."""
    inspect_workbook(form)
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(form)
    meta = {
        str(row[0].value): str(row[1].value) for row in workbook[META_SHEET].iter_rows(max_col=2)
    }
    lang = meta.get("lang")
    if meta.get("format") != FORMAT or lang not in ("fr", "en"):
        raise ContentError(
            form,
            Text(
                fr="ce n'est pas un formulaire de réponse de cet outil",
                en="not a response form of this tool",
            ),
        )
    layout = FormLayout(bank, lang)  # type: ignore[arg-type]
    if meta.get("layout_checksum") != layout.checksum:
        raise ContentError(
            form,
            Text(
                fr="ce formulaire a été fait pour une autre version de la banque de questions",
                en="this form was made for another version of the question bank",
            ),
        )
    for place in layout.places.values():
        _fill_question(workbook, place, sheet.answers.get(place.question.id), layout)
    if respondent is not None:
        instructions = workbook[INSTRUCTIONS_SHEET]
        for key, text in zip(("name", "organisation"), respondent, strict=True):
            write_text(instructions[f"{RESPONDENT_COLUMN}{RESPONDENT_ROWS[key]}"], text)
        instructions[f"{RESPONDENT_COLUMN}{RESPONDENT_ROWS['date']}"] = on or dt.date.today()
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomic(out, buffer.getvalue())


def _fill_question(
    workbook: Any, place: QuestionPlace, answer: Answer | None, layout: FormLayout
) -> None:
    lang, question = layout.lang, place.question
    ws = workbook[place.sheet]
    answer_column = COLUMNS["answer"]
    hint_only = isinstance(question, MultipleChoice) and not question.allow_unknown
    for role in ("comment", "evidence") if hint_only else ("answer", "comment", "evidence"):
        ws[place.cell(role)] = None
    for choice in place.choice_rows:
        ws[f"{answer_column}{choice.row}"] = None
    if place.records:
        records = workbook[place.records.sheet]
        for row in range(place.records.first_row, place.records.last_row + 1):
            for column in place.records.columns:
                records[f"{column.column}{row}"] = None
    if answer is None:
        return
    for role in ("comment", "evidence"):
        text = getattr(answer, role)
        if text:
            write_text(ws[place.cell(role)], text)
    cell = ws[place.cell("answer")]
    if answer.unknown:
        write_text(cell, word("unknown", lang))
        return
    value = answer.value
    match question:
        case MultipleChoice():
            for choice in place.choice_rows:
                selected = choice.value in value
                write_text(
                    ws[f"{answer_column}{choice.row}"], word("yes" if selected else "no", lang)
                )
        case RecordsQuestion():
            assert place.records is not None
            write_text(cell, word("see_sheet" if value else "none", lang))
            records = workbook[place.records.sheet]
            for row, record in enumerate(value, start=place.records.first_row):
                for column in place.records.columns:
                    if record.get(column.field.id) is not None:
                        _write_value(
                            records[f"{column.column}{row}"],
                            column.field,
                            record[column.field.id],
                            lang,
                        )
        case _:
            _write_value(cell, question, value, lang)


def _write_value(cell: Any, owner: Question | RecordField, value: Any, lang: Lang) -> None:
    match owner:
        case TextQuestion() | TextField():
            write_text(cell, str(value))
        case NumberQuestion() | NumberField():
            cell.value = value
        case DateQuestion() | DateField():
            cell.value = date_value(value)
        case _ if owner.type == "multiple_choice":
            labels = [choice_text(owner, v, lang) for v in value]
            write_text(cell, f"{MULTI_SEPARATOR} ".join(labels))
        case _:
            write_text(cell, choice_text(owner, str(value), lang))
