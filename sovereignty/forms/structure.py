"""Is a returned workbook a response form of this bank, laid out as it was exported?

The checks that stop an import at once, before any answer is read: the hidden sheet and what it
records (format, question bank and its version, language, layout), the sheets (none renamed or
deleted) and the rows (none inserted, deleted or moved: each question id where the layout puts
it). Cells are read as a :data:`Grid`, within fixed bounds.
"""

from __future__ import annotations

import warnings
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from sovereignty.core.errors import ContentError, Problem
from sovereignty.core.model import Text
from sovereignty.forms.cells import Raw
from sovereignty.forms.layout import (
    COLUMNS,
    FORMAT,
    LISTS_SHEET,
    META_SHEET,
    FormLayout,
    column_letter,
)
from sovereignty.questionnaire.loader import QuestionBank

Grid = dict[tuple[int, str], Raw]  # (row, column letter) -> cell
META_ROWS = 30


def where(sheet: str, ref: str) -> str:
    return f"sheet '{sheet}', cell {ref}"


def reason(exc: Exception) -> str:
    """A parser's complaint, short: its kind and the start of its message."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def sheet_grid(path: Path, workbook: Any, name: str, max_row: int, max_col: int) -> Grid:
    """The non-empty cells of sheet ``name`` within ``max_row`` rows and ``max_col`` columns."""
    sheet = workbook[name]
    grid: Grid = {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sheet.reset_dimensions()  # the stored dimension may lie; the bounds below do not
            for row in sheet.iter_rows(min_row=1, max_row=max_row, max_col=max_col):
                for cell in row:
                    value = getattr(cell, "value", None)
                    if value is None or not hasattr(cell, "row"):
                        continue
                    letter = column_letter(cell.column)
                    grid[(cell.row, letter)] = Raw(value, getattr(cell, "data_type", "s") or "s")
    except Exception as exc:  # damaged XML inside an otherwise valid archive
        cause = reason(exc)
        raise ContentError(
            path,
            Text(
                fr=f"classeur endommagé, la feuille '{name}' est illisible ({cause})",
                en=f"corrupted workbook, sheet '{name}' cannot be read ({cause})",
            ),
        ) from None
    return grid


def read_meta(path: Path, bank: QuestionBank, workbook: Any) -> tuple[FormLayout, dict[str, str]]:
    """The layout the form was exported with, and its hidden sheet; refuses a workbook that is
    not a form of ``bank`` or whose sheets were renamed or deleted."""
    names = list(workbook.sheetnames)
    if META_SHEET not in names:
        raise ContentError(
            path,
            Text(
                fr="ce n'est pas un formulaire de réponse de cet outil (sa feuille masquée "
                "manque) ; n'importez que des formulaires faits avec `sovereignty form export`",
                en="not a response form of this tool (its hidden sheet is missing); import only "
                "forms made with `sovereignty form export`",
            ),
        )
    meta_grid = sheet_grid(path, workbook, META_SHEET, META_ROWS, 2)
    meta = {
        str(meta_grid[(row, "A")].value): str(meta_grid.get((row, "B"), Raw("")).value)
        for row in range(1, META_ROWS + 1)
        if (row, "A") in meta_grid
    }
    layout = _check_meta(path, bank, meta)
    _check_sheets(path, layout, names)
    return layout, meta


def _check_meta(path: Path, bank: QuestionBank, meta: dict[str, str]) -> FormLayout:
    if meta.get("format") != FORMAT:
        found = meta.get("format")
        raise ContentError(
            path,
            Text(
                fr=f"ce n'est pas un formulaire de réponse que cette version de l'outil sait lire "
                f"(format {found!r}, attendu {FORMAT!r})",
                en=f"not a response form this version of the tool can read (format {found!r}, "
                f"expected {FORMAT!r})",
            ),
        )
    if meta.get("bank_id") != bank.id:
        found = meta.get("bank_id")
        raise ContentError(
            path,
            Text(
                fr=f"ce formulaire répond à la banque de questions {found!r}, mais la consultation "
                f"utilise {bank.id!r} ; envoyez à l'éditeur le formulaire de cette consultation "
                "(`sovereignty form export`)",
                en=f"this form answers the question bank {found!r}, but the tender uses "
                f"{bank.id!r}; send the vendor the form of this tender (`sovereignty form export`)",
            ),
        )
    if meta.get("bank_hash") != bank.hash:
        version, checksum = meta.get("bank_version"), meta.get("bank_hash", "")[:19]
        raise ContentError(
            path,
            Text(
                fr=f"ce formulaire a été fait pour la version {version} de la banque de questions "
                f"{bank.id} (empreinte {checksum}…) ; la consultation utilise maintenant la "
                f"version {bank.version} ({bank.hash[:19]}…). Les questions ont pu changer : "
                "exportez un nouveau formulaire (`sovereignty form export`) et faites-y recopier "
                "les réponses par l'éditeur",
                en=f"this form was made for version {version} of the question bank {bank.id} "
                f"(checksum {checksum}…); the tender now uses version {bank.version} "
                f"({bank.hash[:19]}…). Questions may have changed: export a new form "
                "(`sovereignty form export`) and have the vendor copy the answers into it",
            ),
        )
    lang = meta.get("lang")
    if lang not in ("fr", "en"):
        raise ContentError(
            path,
            Text(
                fr=f"la langue du formulaire {lang!r} n'est ni fr ni en",
                en=f"the form's language {lang!r} is not fr or en",
            ),
        )
    layout = FormLayout(bank, lang)  # type: ignore[arg-type]
    if meta.get("layout_checksum") != layout.checksum:
        raise ContentError(
            path,
            Text(
                fr="la disposition du formulaire n'est pas celle que cette version de l'outil "
                "produit pour cette banque ; exportez un nouveau formulaire "
                "(`sovereignty form export`)",
                en="the form's layout is not the one this version of the tool makes for this "
                "bank; export a new form (`sovereignty form export`)",
            ),
        )
    return layout


def _check_sheets(path: Path, layout: FormLayout, names: list[str]) -> None:
    expected = layout.sheet_names()
    extra = [n for n in names if n not in expected and n not in (META_SHEET, LISTS_SHEET)]
    problems = []
    for name in expected:
        if name in names:
            continue
        hint = get_close_matches(name, extra, n=1, cutoff=0.3)
        renamed_fr = f" ; serait-ce '{hint[0]}', renommée ?" if hint else "."
        renamed_en = f"; is it '{hint[0]}', renamed?" if hint else "."
        problems.append(
            Problem(
                f"sheet '{name}'",
                Text(
                    fr=f"manquante : les feuilles ne doivent être ni renommées ni supprimées"
                    f"{renamed_fr} Rendez-lui son nom, ou recopiez les réponses dans un "
                    "formulaire neuf",
                    en=f"missing: sheets must not be renamed or deleted{renamed_en} Give it back "
                    "its name, or copy the answers into a fresh form",
                ),
            )
        )
    if problems:
        raise ContentError(path, problems)


def check_rows(path: Path, layout: FormLayout, grids: dict[str, Grid]) -> None:
    problems = []
    for place in layout.places.values():
        found = grids[place.sheet].get((place.row, COLUMNS["id"]))
        if found is None or str(found.value).strip() != place.question.id:
            shown = None if found is None else f"'{found.value}'"
            expected = place.question.id
            problems.append(
                Problem(
                    where(place.sheet, place.cell("id")),
                    Text(
                        fr=f"identifiant de question '{expected}' attendu, trouvé : "
                        f"{shown or 'rien'} ; des lignes ont été insérées, supprimées ou "
                        "déplacées. Recopiez les réponses dans un formulaire neuf",
                        en=f"expected the question id '{expected}', found {shown or 'nothing'}: "
                        "rows were inserted, deleted or moved. Copy the answers into a fresh form",
                    ),
                    expected,
                )
            )
    if problems:
        raise ContentError(path, problems)
