"""Writing the empty response form (openpyxl).

Every cell but the answers is locked (sheet protection without a password: it prevents accidents,
not a determined user, and the import checks everything again). Answer cells carry a drop-down, a
typed format or a length limit, and a note of what is expected when selected. Text cells are
formatted as text ("@"), so a vendor typing ``=...`` there stores text, not a formula.
"""

from __future__ import annotations

import io
import math
from copy import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from sovereignty import __version__
from sovereignty.core.legal import cite
from sovereignty.core.model import Lang
from sovereignty.forms.layout import (
    COLUMNS,
    FIRST_ROW,
    FORMAT,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    INTRO_ROW,
    LISTS_SHEET,
    META_SHEET,
    RECORD_FIRST_ROW,
    RECORD_FORMAT_ROW,
    RECORD_HEADER_ROW,
    RESPONDENT_COLUMN,
    RESPONDENT_ROWS,
    TITLE_ROW,
    FormLayout,
    QuestionPlace,
    SectionPlace,
    answer_list,
    word,
)
from sovereignty.forms.safety import write_text
from sovereignty.forms.texts import INSTRUCTIONS, T
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

WIDTHS = {"A": 7, "B": 20, "C": 60, "D": 30, "E": 32, "F": 36, "G": 26, "H": 70}
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
SUBTLE = Font(color="808080", size=9)
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
MAX_ROW_HEIGHT = 400


@dataclass(frozen=True)
class FormContext:
    """What the instructions sheet says about the tender."""

    tender_name: str
    buyer: str
    reference: str | None = None
    generated_at: datetime | None = None


def build_form(layout: FormLayout, context: FormContext) -> bytes:
    """The whole workbook, as the bytes of an .xlsx file."""
    workbook = Workbook()
    instructions = workbook.active
    assert instructions is not None
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions, layout, context)
    for section in layout.sections:
        _write_section(workbook.create_sheet(section.sheet), section, layout)
        for place in section.questions:
            if place.records:
                _write_records(workbook.create_sheet(place.records.sheet), place, layout)
    _write_lists(workbook.create_sheet(LISTS_SHEET), layout)
    _write_meta(workbook.create_sheet(META_SHEET), layout, context)
    workbook.security = WorkbookProtection(lockStructure=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- sheets ---------------------------------------------------------------------------------------
def _protect(sheet: Worksheet) -> None:
    sheet.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False)


def _text(sheet: Worksheet, ref: str, text: str, font: Font | None = None) -> None:
    cell = sheet[ref]
    write_text(cell, text)
    cell.alignment = WRAP
    if font is not None:
        cell.font = font


def _input(sheet: Worksheet, ref: str, number_format: str = "@") -> None:
    """An answer cell: unlocked, tinted, wrapped. Thousands are written: the first of each
    number format is styled attribute by attribute (openpyxl hashes each style to find it in
    the workbook), the others take a copy of its style indices."""
    cell = sheet[ref]
    made: dict[str, Any] = sheet.parent.__dict__.setdefault("_input_styles", {})
    style = made.get(number_format)
    if style is not None:
        cell._style = copy(style)
        return
    cell.protection = UNLOCKED
    cell.fill = INPUT_FILL
    cell.alignment = WRAP
    cell.number_format = number_format
    made[number_format] = copy(cell._style)


def _write_instructions(sheet: Worksheet, layout: FormLayout, ctx: FormContext) -> None:
    lang = layout.lang
    sheet.column_dimensions["A"].width = 4
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 90
    _text(sheet, "B1", T["title"][lang], Font(bold=True, size=16))
    tender = " — ".join(x for x in (ctx.tender_name, ctx.reference, ctx.buyer) if x)
    _text(sheet, "B2", tender, Font(bold=True))
    bank = layout.bank
    _text(sheet, "B3", f"{T['bank'][lang]} : {bank.bank.title(lang)} ({bank.id} {bank.version})")
    _text(sheet, "B4", T["respondent"][lang], Font(bold=True, size=12))
    for key, row in RESPONDENT_ROWS.items():
        _text(sheet, f"B{row}", T[key][lang])
        _input(sheet, f"{RESPONDENT_COLUMN}{row}", "yyyy-mm-dd" if key == "date" else "@")
    row = max(RESPONDENT_ROWS.values()) + 2
    _text(sheet, f"B{row}", T["how"][lang], Font(bold=True, size=12))
    sheets = len(layout.sheet_names()) - 1
    _text(sheet, f"C{row}", T["count"][lang].format(questions=len(layout.places), sheets=sheets))
    for number, line in enumerate(INSTRUCTIONS[lang], start=1):
        _text(sheet, f"B{row + number}", str(number))
        _text(sheet, f"C{row + number}", line)
        sheet.row_dimensions[row + number].height = _height({"C": line}, {"C": 90})
    _protect(sheet)


def _write_section(sheet: Worksheet, section: SectionPlace, layout: FormLayout) -> None:
    lang = layout.lang
    validations = _Validations(layout)
    for column, width in WIDTHS.items():
        sheet.column_dimensions[column].width = width
    _text(sheet, f"A{TITLE_ROW}", section.sheet, Font(bold=True, size=14))
    intro = section.section.intro(lang) if section.section.intro else ""
    if intro:
        _text(sheet, f"A{INTRO_ROW}", intro)
        sheet.merge_cells(f"A{INTRO_ROW}:H{INTRO_ROW}")
        sheet.row_dimensions[INTRO_ROW].height = _height({"A": intro}, {"A": sum(WIDTHS.values())})
    for role, column in COLUMNS.items():
        _text(sheet, f"{column}{HEADER_ROW}", T[f"h_{role}"][lang], Font(bold=True, color="FFFFFF"))
        sheet[f"{column}{HEADER_ROW}"].fill = HEADER_FILL
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for place in section.questions:
        _write_question(sheet, place, layout, validations)
    validations.attach(sheet)
    _protect(sheet)


def _write_question(
    sheet: Worksheet, place: QuestionPlace, layout: FormLayout, validations: _Validations
) -> None:
    lang, question, row = layout.lang, place.question, place.row
    label = question.label(lang)
    condition = layout.applies_when(question)
    texts = {
        "number": place.number,
        "id": question.id,
        "question": f"{label}\n→ {condition}" if condition else label,
        "expected": expected(question, place, lang),
        "help": _help(question, lang),
    }
    for role, text in texts.items():
        _text(sheet, place.cell(role), text)
    sheet[place.cell("id")].font = SUBTLE
    sheet[place.cell("question")].font = Font(bold=True)
    for role in ("comment", "evidence"):
        _input(sheet, place.cell(role))
    answer = place.cell("answer")
    if isinstance(question, MultipleChoice) and not question.allow_unknown:
        _text(sheet, answer, T["rows_below"][lang], SUBTLE)
    else:
        _input(sheet, answer, _number_format(question))
        validations.add(question, answer, texts["expected"])
    for choice in place.choice_rows:
        _text(sheet, f"C{choice.row}", choice.label)
        sheet[f"C{choice.row}"].alignment = Alignment(wrap_text=True, vertical="top", indent=2)
        ref = f"{COLUMNS['answer']}{choice.row}"
        _input(sheet, ref)
        validations.add_list(answer_list(question, lang, main_row=False), ref)
    sheet.row_dimensions[row].height = _height({COLUMNS[r]: t for r, t in texts.items()}, WIDTHS)


def _write_records(sheet: Worksheet, place: QuestionPlace, layout: FormLayout) -> None:
    lang = layout.lang
    validations = _Validations(layout)
    records = place.records
    assert records is not None
    question = records.question
    _text(sheet, "A1", f"{place.number} {question.label(lang)}", Font(bold=True, size=14))
    intro = T["records_intro"][lang].format(n=question.max_items)
    condition = layout.applies_when(question)
    help_text = question.help(lang) if question.help else ""
    intro = "\n".join(x for x in (condition, help_text, intro) if x)
    _text(sheet, "A2", intro)
    sheet.merge_cells(f"A2:{records.last_column}2")
    sheet.row_dimensions[2].height = _height({"A": intro}, {"A": 24 * len(records.columns)})
    sheet.column_dimensions["A"].width = 6
    _text(sheet, f"A{RECORD_HEADER_ROW}", T["h_number"][lang], Font(bold=True, color="FFFFFF"))
    sheet[f"A{RECORD_HEADER_ROW}"].fill = HEADER_FILL
    for column in records.columns:
        fld = column.field
        sheet.column_dimensions[column.column].width = 24
        header = fld.label(lang) + (" *" if fld.required else "")
        _text(sheet, f"{column.column}{RECORD_HEADER_ROW}", header, Font(bold=True, color="FFFFFF"))
        sheet[f"{column.column}{RECORD_HEADER_ROW}"].fill = HEADER_FILL
        _text(sheet, f"{column.column}{RECORD_FORMAT_ROW}", expected(fld, None, lang), SUBTLE)
        cells = f"{column.column}{records.first_row}:{column.column}{records.last_row}"
        for row in range(records.first_row, records.last_row + 1):
            _input(sheet, f"{column.column}{row}", _number_format(fld))
        validations.add(fld, cells, expected(fld, None, lang))
    for number, row in enumerate(range(records.first_row, records.last_row + 1), start=1):
        sheet[f"A{row}"] = number
    sheet.row_dimensions[RECORD_HEADER_ROW].height = 32
    sheet.row_dimensions[RECORD_FORMAT_ROW].height = _height(
        {c.column: expected(c.field, None, lang) for c in records.columns},
        {c.column: 24 for c in records.columns},
    )
    sheet.freeze_panes = f"B{RECORD_FIRST_ROW}"
    validations.attach(sheet)
    _protect(sheet)


def _write_lists(sheet: Worksheet, layout: FormLayout) -> None:
    for values, column in layout.lists.items():
        for row, value in enumerate(values, start=1):
            write_text(sheet[f"{column}{row}"], value)
    sheet.sheet_state = "hidden"
    _protect(sheet)


def _write_meta(sheet: Worksheet, layout: FormLayout, ctx: FormContext) -> None:
    rows = {
        "format": FORMAT,
        "bank_id": layout.bank.id,
        "bank_version": layout.bank.version,
        "bank_hash": layout.bank.hash,
        "lang": layout.lang,
        "layout_checksum": layout.checksum,
        "tender": ctx.reference or ctx.tender_name,
        "generated_at": (ctx.generated_at.isoformat() if ctx.generated_at else ""),
        "generator": f"sovereignty {__version__}",
    }
    for row, (key, value) in enumerate(rows.items(), start=1):
        write_text(sheet[f"A{row}"], key)
        write_text(sheet[f"B{row}"], value)
    sheet.sheet_state = "veryHidden"
    _protect(sheet)


# --- texts of a question --------------------------------------------------------------------------
def expected(owner: Question | RecordField, place: QuestionPlace | None, lang: Lang) -> str:
    """What the answer cell expects, in words."""
    unknown = T["or_unknown"][lang] if getattr(owner, "allow_unknown", False) else ""
    match owner:
        case MultipleChoice():
            text = T["multiple"][lang]
            if owner.min_selected > 1:
                text += T["at_least"][lang].format(n=owner.min_selected)
            text += unknown
        case TextQuestion() | TextField():
            text = T["text"][lang].format(n=f"{owner.max_length:,}".replace(",", " ")) + unknown
        case NumberQuestion() | NumberField():
            text = T["integer" if owner.integer else "number"][lang]
            low, high = owner.min, owner.max
            if low is not None and high is not None:
                text += T["between"][lang].format(low=f"{low:g}", high=f"{high:g}")
            elif low is not None:
                text += T["min"][lang].format(low=f"{low:g}")
            elif high is not None:
                text += T["max"][lang].format(high=f"{high:g}")
            if owner.unit:
                text += T["unit"][lang].format(unit=owner.unit(lang))
            text += unknown
        case DateQuestion() | DateField():
            text = T["date_fmt"][lang] + unknown
        case RecordsQuestion():
            sheet = place.records.sheet if place and place.records else ""
            text = T["records"][lang].format(sheet=sheet)
        case _ if owner.type == "multiple_choice":  # a record field
            labels = " ; ".join(c.label(lang) for c in getattr(owner, "choices", ()))
            text = T["several"][lang] + labels
        case _ if owner.type == "yes_no":
            text = T["yes_no"][lang] + unknown
        case _:
            text = T["single"][lang] + unknown
    return f"{text}. {T['required' if owner.required else 'optional'][lang]}"


def _help(question: Question, lang: Lang) -> str:
    parts = []
    if question.help:
        parts.append(question.help(lang))
    if question.why:
        parts.append(T["why"][lang] + question.why(lang))
    if question.evidence:
        parts.append(T["evidence"][lang] + " ; ".join(e(lang) for e in question.evidence))
    if question.legal:
        parts.append(T["legal"][lang] + " ; ".join(cite(r, lang) for r in question.legal))
    return "\n".join(parts)


def _number_format(owner: Question | RecordField) -> str:
    if isinstance(owner, NumberQuestion | NumberField):
        return "0" if owner.integer else "General"
    if isinstance(owner, DateQuestion | DateField):
        return "yyyy-mm-dd"
    return "@"


def _height(texts: dict[str, str], widths: dict[str, int]) -> float:
    """A row height that shows wrapped texts whole (spreadsheets do not always fit rows)."""
    lines = 1
    for column, text in texts.items():
        width = max(widths.get(column, 10) - 2, 5)
        count = sum(max(1, math.ceil(len(part) * 1.1 / width)) for part in text.split("\n"))
        lines = max(lines, count)
    return float(min(MAX_ROW_HEIGHT, 15 * lines + 3))


# --- data validation ------------------------------------------------------------------------------
class _Validations:
    """Drop-downs shared by every cell offering the same list; typed checks per cell."""

    def __init__(self, layout: FormLayout) -> None:
        self.layout = layout
        self.lang = layout.lang
        self.lists: dict[tuple[str, ...], DataValidation] = {}
        self.others: list[DataValidation] = []

    def add_list(self, values: tuple[str, ...], ref: str) -> None:
        if values not in self.lists:
            self.lists[values] = DataValidation(
                type="list",
                formula1=self.layout.list_range(values),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=T["list_error"][self.lang],
                error=T["list_error"][self.lang],
            )
        self.lists[values].add(ref)

    def add(self, owner: Question | RecordField, ref: str, prompt: str) -> None:
        values = answer_list(owner, self.lang)
        if values:
            self.add_list(values, ref)
            return
        validation = self._typed(owner, ref.split(":")[0])
        if validation is None:
            return
        validation.showInputMessage = True
        validation.prompt = prompt[:250]
        validation.add(ref)
        self.others.append(validation)

    def _typed(self, owner: Question | RecordField, first: str) -> DataValidation | None:
        error = {"showErrorMessage": True, "allow_blank": True, "error": None}
        unknown = word("unknown", self.lang).replace('"', '""')
        allows_unknown = getattr(owner, "allow_unknown", False)
        if isinstance(owner, TextQuestion | TextField):
            return DataValidation(
                type="textLength",
                operator="lessThanOrEqual",
                formula1=str(owner.max_length),
                **error,
            )
        if isinstance(owner, NumberQuestion | NumberField):
            low = owner.min if owner.min is not None else -1e15
            high = owner.max if owner.max is not None else 1e15
            if allows_unknown:
                test = f"AND(ISNUMBER({first}),{first}>={low:g},{first}<={high:g})"
                return DataValidation(
                    type="custom", formula1=f'OR({test},{first}="{unknown}")', **error
                )
            return DataValidation(
                type="whole" if owner.integer else "decimal",
                operator="between",
                formula1=f"{low:g}",
                formula2=f"{high:g}",
                **error,
            )
        if isinstance(owner, DateQuestion | DateField):
            if allows_unknown:
                return DataValidation(
                    type="custom", formula1=f'OR(ISNUMBER({first}),{first}="{unknown}")', **error
                )
            return DataValidation(
                type="date", operator="between", formula1="1", formula2="2958465", **error
            )
        return None

    def attach(self, sheet: Worksheet) -> None:
        for validation in [*self.lists.values(), *self.others]:
            sheet.add_data_validation(validation)
