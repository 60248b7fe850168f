"""CSV that a spreadsheet opens in columns, in the user's language.

A French spreadsheet (Excel or LibreOffice with French settings) splits a double-clicked CSV on
``;`` and reads ``94,2`` as a number, and needs the UTF-8 byte order mark to read accents;
English keeps ``,``, ``94.2`` and no mark. Text cells that a spreadsheet would run as a formula
(``=``, ``+``, ``-``, ``@``, tab, carriage return first) are prefixed with an apostrophe: vendor
names and justifications come from outside and are never trusted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(cell: Any) -> Any:
    """A text cell a spreadsheet would read as a formula, made inert; numbers stay numbers."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _french(cell: Any) -> Any:
    if isinstance(cell, bool) or not isinstance(cell, float | int):
        return cell
    return str(cell).replace(".", ",")


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Any]], lang: str) -> str:
    """The table as CSV text for a spreadsheet in ``lang`` (see the module's docstring)."""
    buffer = io.StringIO()
    french = lang == "fr"
    writer = csv.writer(buffer, delimiter=";" if french else ",", lineterminator="\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([neutralise(_french(c) if french else c) for c in row])
    return (BOM if french else "") + buffer.getvalue()
