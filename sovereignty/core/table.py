"""Plain-text tables for the terminal, whose columns line up whatever the text holds.

Widths are measured as a terminal shows them (a combining accent takes no column, a wide CJK
character two), a column is never wider than ``limit`` (a longer cell is cut with "…", so one
240-character vendor name cannot push every row off the screen), numbers are aligned right,
and the last column is neither padded nor cut: it holds free text (a status and its reasons).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_NUMBER = re.compile(r"[—–-]?[\d\s\u202f\u00a0.,/%+!]*\d[\d\s\u202f\u00a0.,/%+!]*|—")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Cf", "Mn", "Me"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def fit(text: str, width: int) -> str:
    """``text`` cut with "…" to at most ``width`` columns."""
    text = " ".join(text.split())  # no newline or tab inside a cell
    if display_width(text) <= width:
        return text
    kept = ""
    for char in text:
        if display_width(kept + char) > width - 1:
            break
        kept += char
    return kept.rstrip() + "…"


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * max(0, width - display_width(text))
    return space + text if right else text + space


def text_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    limit: int = 40,
    rule: bool = True,
) -> list[str]:
    """The table as lines: headers, a rule of dashes (when ``rule``), then the rows."""
    count = len(headers)
    cells = [
        [fit(str(c), limit) if i < count - 1 else str(c) for i, c in enumerate(r)] for r in rows
    ]
    for i in range(count - 1):  # a mark after some numbers ("4,1/16!") keeps digits in line
        if any(row[i].endswith("!") for row in cells):
            for row in cells:
                row[i] = row[i] if row[i].endswith("!") else row[i] + " "
    heads = [fit(h, limit) for h in headers]
    widths = [display_width(h) for h in heads]
    for row in cells:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=True)]
    widths[-1] = min(widths[-1], max(limit, display_width(heads[-1])))
    numeric = [
        bool(cells) and all(_NUMBER.fullmatch(row[i].strip() or "—") for row in cells)
        for i in range(count)
    ]

    def line(row: Sequence[str]) -> str:
        padded = [_pad(c, w, n) for c, w, n in zip(row, widths, numeric, strict=True)]
        return "  ".join(padded).rstrip()

    out = [line(heads)]
    if rule:
        out.append("  ".join("-" * w for w in widths))
    out += [line(row) for row in cells]
    return out
