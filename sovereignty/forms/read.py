"""Reading a filled response form back into answers, cell by cell (openpyxl, read-only).

The workbook is untrusted: :mod:`sovereignty.forms.safety` inspects it before openpyxl parses it;
it is read with ``data_only=False`` so that a formula is seen as a formula and refused (never
evaluated, never replaced by a cached result); only the cells the layout names are read, within
fixed row and column limits. Structural problems (not a form, another bank, a renamed sheet,
moved rows: :mod:`sovereignty.forms.structure`) stop the import at once; problems in answer cells
are all collected, each with its sheet, cell, question and what is expected, in French and
English.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sovereignty.core.errors import ContentError, Problem
from sovereignty.core.model import Lang, Text
from sovereignty.forms.cells import (
    BadCell,
    Raw,
    check_not_formula,
    is_unknown,
    parse_choice,
    parse_date,
    parse_labels,
    parse_number,
    parse_selected,
    parse_text,
)
from sovereignty.forms.layout import (
    COLUMNS,
    INSTRUCTIONS_SHEET,
    RESPONDENT_COLUMN,
    RESPONDENT_ROWS,
    FormLayout,
    QuestionPlace,
    RecordsPlace,
    answer_list,
    normalise_label,
    word,
)
from sovereignty.forms.safety import MAX_COLUMNS, MAX_ROWS, inspect_workbook
from sovereignty.forms.structure import Grid, check_rows, read_meta, reason, sheet_grid, where
from sovereignty.questionnaire.answers import Answer
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.model import (
    ChoiceField,
    DateField,
    DateQuestion,
    MultipleChoice,
    NumberField,
    NumberQuestion,
    RecordField,
    RecordsQuestion,
    SingleChoice,
    TextField,
    TextQuestion,
    YesNo,
    YesNoField,
)
from sovereignty.questionnaire.validate import value_problem

if TYPE_CHECKING:
    from sovereignty.core.errors import Message


@dataclass
class FormContent:
    """What a filled form says, before it is merged into an answer sheet."""

    path: Path
    layout: FormLayout
    meta: dict[str, str]
    answers: dict[str, Answer | None] = field(default_factory=dict)  # None: left blank
    places: dict[str, str] = field(default_factory=dict)  # question id -> its answer cell
    respondent: str | None = None
    company: str | None = None  # the "Société" cell of the instructions sheet
    problems: list[Problem] = field(default_factory=list)

    @property
    def lang(self) -> Lang:
        return self.layout.lang


def read_form(path: Path, bank: QuestionBank) -> FormContent:
    """Read every answer of a filled form; raise ContentError if it is not a form of ``bank``."""
    inspect_workbook(path)
    import openpyxl

    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops on reading (extensions, default styles):
            # none matter for reading values.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(
                path, read_only=True, data_only=False, keep_links=False
            )
    except Exception as exc:  # an unreadable untrusted file, whatever the parser's complaint
        cause = reason(exc)
        raise ContentError(
            path,
            Text(
                fr=f"classeur endommagé, illisible ({cause})",
                en=f"corrupted workbook, cannot be read ({cause})",
            ),
        ) from None
    try:
        return _read(path, bank, workbook)
    finally:
        workbook.close()


def _read(path: Path, bank: QuestionBank, workbook: Any) -> FormContent:
    layout, meta = read_meta(path, bank, workbook)
    content = FormContent(path, layout, meta)
    grids: dict[str, Grid] = {}
    for section in layout.sections:
        grids[section.sheet] = sheet_grid(path, workbook, section.sheet, section.last_row, 8)
        for place in section.questions:
            if place.records:
                records = place.records
                grids[records.sheet] = sheet_grid(
                    path,
                    workbook,
                    records.sheet,
                    MAX_ROWS,
                    min(MAX_COLUMNS, len(records.columns) + 1),
                )
    check_rows(path, layout, grids)
    instructions = sheet_grid(path, workbook, INSTRUCTIONS_SHEET, max(RESPONDENT_ROWS.values()), 3)
    content.respondent = _respondent(instructions, content)
    for place in layout.places.values():
        _read_question(place, grids, content)
    return content


def _respondent(grid: Grid, content: FormContent) -> str | None:
    parts = {}
    for key in ("name", "organisation"):
        ref = f"{RESPONDENT_COLUMN}{RESPONDENT_ROWS[key]}"
        raw = grid.get((RESPONDENT_ROWS[key], RESPONDENT_COLUMN))
        if raw is None or raw.blank:
            continue
        try:
            check_not_formula(raw)
            parts[key] = " ".join(parse_text(raw).split())[:200]
        except BadCell as exc:
            content.problems.append(Problem(where(INSTRUCTIONS_SHEET, ref), exc.text))
    content.company = parts.get("organisation")
    if not parts:
        return None
    if "name" in parts and "organisation" in parts:
        return f"{parts['name']} ({parts['organisation']})"
    return parts.get("name") or parts.get("organisation")


class _Cells:
    """Reads the cells of one question, turning each problem into a located Problem."""

    def __init__(self, place: QuestionPlace, grid: Grid, content: FormContent) -> None:
        self.place = place
        self.grid = grid
        self.content = content
        self.failed = False

    def raw(self, row: int, column: str, grid: Grid | None = None, sheet: str = "") -> Raw | None:
        raw = (grid or self.grid).get((row, column))
        if raw is None or raw.blank:
            return None
        try:
            check_not_formula(raw)
        except BadCell as exc:
            self.problem(f"{column}{row}", exc.text, sheet)
            return None
        return raw

    def problem(self, ref: str, message: Message, sheet: str = "") -> None:
        self.failed = True
        self.content.problems.append(
            Problem(where(sheet or self.place.sheet, ref), message, self.place.question.id)
        )

    def parse(self, ref: str, parser: Callable[[], Any], sheet: str = "") -> Any:
        try:
            return parser()
        except BadCell as exc:
            self.problem(ref, exc.text, sheet)
            return None


def _read_question(place: QuestionPlace, grids: dict[str, Grid], content: FormContent) -> None:
    question, lang, row = place.question, content.lang, place.row
    cells = _Cells(place, grids[place.sheet], content)
    answer_ref = place.cell("answer")
    content.places[question.id] = where(place.sheet, answer_ref)
    # A multiple-choice question refusing "unknown" has only a locked hint on its own row.
    hint_only = isinstance(question, MultipleChoice) and not question.allow_unknown
    main = None if hint_only else cells.raw(row, COLUMNS["answer"])
    notes: dict[str, str | None] = {}
    for role in ("comment", "evidence"):
        raw = cells.raw(row, COLUMNS[role])
        if raw is not None:
            notes[role] = cells.parse(place.cell(role), partial(parse_text, raw))
    unknown = main is not None and is_unknown(main, lang)
    if unknown and not question.allow_unknown:
        said = main.value  # type: ignore[union-attr]
        cells.problem(
            answer_ref,
            Text(
                fr=f"« {said} » n'est pas admis pour cette question",
                en=f"“{said}” is not accepted for this question",
            ),
        )
        unknown = False
        main = None
    value: Any = None
    if isinstance(question, MultipleChoice):
        value = _read_choices(place, cells, main, unknown, lang)
    elif isinstance(question, RecordsQuestion):
        assert place.records is not None
        value = _read_records(place.records, grids[place.records.sheet], cells, main, unknown, lang)
    elif main is not None and not unknown:
        value = cells.parse(answer_ref, lambda: _parse_scalar(question, main, lang))
    if cells.failed:
        content.answers[question.id] = None
        return
    if value is None and not unknown:
        if notes:
            unknown_word = word("unknown", lang)
            cells.problem(
                answer_ref,
                Text(
                    fr="un commentaire ou un justificatif est donné, mais pas de réponse : "
                    "répondez à la question"
                    + (f" (ou choisissez « {unknown_word} »)" if question.allow_unknown else ""),
                    en="a comment or evidence is given but no answer: answer the question"
                    + (f" (or choose “{unknown_word}”)" if question.allow_unknown else ""),
                ),
            )
        content.answers[question.id] = None
        return
    if value is not None:
        problem = value_problem(question, value)
        if problem:
            cells.problem(answer_ref, problem)
            content.answers[question.id] = None
            return
    content.answers[question.id] = Answer(
        value=None if unknown else value,
        unknown=unknown,
        comment=notes.get("comment"),
        evidence=notes.get("evidence"),
    )


def _parse_scalar(question: Any, raw: Raw, lang: Lang) -> Any:
    match question:
        case SingleChoice() | YesNo():
            return parse_choice(raw, question, lang)
        case TextQuestion():
            return parse_text(raw)
        case NumberQuestion():
            return parse_number(raw, question.integer)
        case DateQuestion():
            return parse_date(raw)
    raise BadCell(  # pragma: no cover
        f"type de question non pris en charge : {question.type}",
        f"unsupported question type {question.type}",
    )


def _read_choices(
    place: QuestionPlace, cells: _Cells, main: Raw | None, unknown: bool, lang: Lang
) -> list[str] | None:
    answer_ref = place.cell("answer")
    if main is not None and not unknown:
        unknown_word, allowed = word("unknown", lang), place.question.allow_unknown
        cells.problem(
            answer_ref,
            Text(
                fr=f"« {main.shown()} » n'est pas attendu ici : marquez les choix sur les lignes "
                "suivantes" + (f", ou choisissez « {unknown_word} »" if allowed else ""),
                en=f"“{main.shown()}” is not expected here: mark the choices on the rows below"
                + (f", or choose “{unknown_word}”" if allowed else ""),
            ),
        )
    marked, selected = False, []
    column = COLUMNS["answer"]
    for choice in place.choice_rows:
        raw = cells.raw(choice.row, column)
        if raw is None:
            continue
        marked = True
        if cells.parse(f"{column}{choice.row}", partial(parse_selected, raw, lang)):
            selected.append(choice.value)
    if unknown:
        if selected:
            unknown_word, yes = word("unknown", lang), word("yes", lang)
            cells.problem(
                answer_ref,
                Text(
                    fr=f"« {unknown_word} » ici, mais des choix sont marqués « {yes} » en dessous",
                    en=f"“{unknown_word}” here, but choices are marked “{yes}” below",
                ),
            )
        return None
    return selected if marked else None


def _read_records(
    records: RecordsPlace, grid: Grid, cells: _Cells, main: Raw | None, unknown: bool, lang: Lang
) -> list[dict[str, Any]] | None:
    answer_ref = cells.place.cell("answer")
    choice = normalise_label(main.value) if main is not None and not unknown else None
    declared_none = choice == normalise_label(word("none", lang))
    if (
        choice is not None
        and not declared_none
        and choice != normalise_label(word("see_sheet", lang))
    ):
        shown, listed = main.shown(), " / ".join(answer_list(records.question, lang))  # type: ignore[union-attr]
        cells.problem(
            answer_ref,
            Text(
                fr=f"« {shown} » ne fait pas partie de la liste (valeurs possibles : {listed})",
                en=f"“{shown}” is not in the list (expected one of: {listed})",
            ),
        )
    rows = sorted({row for row, _ in grid if row >= records.first_row})
    found: list[dict[str, Any]] = []
    for row in rows:
        if row > records.last_row:
            rows_max = records.question.max_items
            cells.problem(
                f"A{row}",
                Text(
                    fr=f"la ligne {row} est sous le tableau, qui compte {rows_max} lignes",
                    en=f"row {row} is below the table, which holds {rows_max} rows",
                ),
                records.sheet,
            )
            break
        record = _read_record(records, grid, cells, row, lang)
        if record:
            found.append(record)
    if unknown or declared_none:
        if found or cells.failed:
            said = word("unknown" if unknown else "none", lang)
            cells.problem(
                answer_ref,
                Text(
                    fr=f"« {said} » ici, mais la feuille '{records.sheet}' a des lignes",
                    en=f"“{said}” here, but the sheet '{records.sheet}' has rows",
                ),
            )
        return [] if declared_none else None
    if not found and choice is not None and not cells.failed:
        none_word, optional = word("none", lang), records.question.min_items == 0
        cells.problem(
            answer_ref,
            Text(
                fr=f"la feuille '{records.sheet}' n'a aucune ligne : remplissez-la"
                + (f", ou choisissez « {none_word} »" if optional else ""),
                en=f"the sheet '{records.sheet}' has no rows: fill it"
                + (f", or choose “{none_word}”" if optional else ""),
            ),
        )
    return found or None


_FIELD_IN_MESSAGE = re.compile(r"field '(?P<field>[^']+)'")
# The record is the row: its number and field are said by the cell, not by the message.
_RECORD_PREFIX = {
    "fr": re.compile(r"^enregistrement \d+(, champ '[^']+')? : "),
    "en": re.compile(r"^record \d+(, field '[^']+')?: "),
}


def _read_record(
    records: RecordsPlace, grid: Grid, cells: _Cells, row: int, lang: Lang
) -> dict[str, Any]:
    record: dict[str, Any] = {}
    failed_before = cells.failed
    cells.failed = False
    for column in records.columns:
        raw = cells.raw(row, column.column, grid, records.sheet)
        if raw is None:
            continue
        fld = column.field
        value = cells.parse(
            f"{column.column}{row}",
            partial(_parse_field, column.field, raw, lang),
            records.sheet,
        )
        if value is not None:
            record[fld.id] = value
    if record and not cells.failed:
        one = records.question.model_copy(update={"min_items": 0, "max_items": 1})
        problem = value_problem(one, [record])
        if problem:
            match = _FIELD_IN_MESSAGE.search(problem.en)
            column_of = {c.field.id: c.column for c in records.columns}
            ref = f"{column_of.get(match['field'] if match else '', 'A')}{row}"
            message = Text(
                fr=_RECORD_PREFIX["fr"].sub("", problem.fr),
                en=_RECORD_PREFIX["en"].sub("", problem.en),
            )
            cells.problem(ref, message, records.sheet)
    cells.failed = cells.failed or failed_before
    return record


def _parse_field(fld: RecordField, raw: Raw, lang: Lang) -> Any:
    match fld:
        case ChoiceField(type="multiple_choice"):
            return parse_labels(raw, fld, lang)
        case ChoiceField() | YesNoField():
            return parse_choice(raw, fld, lang)
        case TextField():
            return parse_text(raw)
        case NumberField():
            return parse_number(raw, fld.integer)
        case DateField():
            return parse_date(raw)
    raise BadCell(  # pragma: no cover
        f"type de champ non pris en charge : {fld.type}", f"unsupported field type {fld.type}"
    )
