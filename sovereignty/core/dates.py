"""Dates as people type them: ``JJ/MM/AAAA`` (French habit) or ISO ``AAAA-MM-JJ``.

One reader for every date option and prompt, so that ``31/12/2027`` and ``2027-12-31`` mean the
same everywhere, and an impossible date (30 February) is told apart from a date written wrongly.
Pure: no pydantic, no click, so option parsing stays cheap.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_FRENCH = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")

MONTHS_FR: tuple[str, ...] = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet")
MONTHS_FR += ("août", "septembre", "octobre", "novembre", "décembre")
MONTHS_EN: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July")
MONTHS_EN += ("August", "September", "October", "November", "December")


class DateProblem(ValueError):
    """A text that is not a date; ``fr`` and ``en`` say why."""

    def __init__(self, fr: str, en: str) -> None:
        super().__init__(en)
        self.fr = fr
        self.en = en

    def message(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


def parse_date(text: str) -> dt.date:
    """``text`` as a date, from ``JJ/MM/AAAA`` (or ``JJ.MM.AAAA``) or ``AAAA-MM-JJ``."""
    shown = text.strip()
    if match := _ISO.fullmatch(shown):
        year, month, day = (int(g) for g in match.groups())
    elif match := _FRENCH.fullmatch(shown):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise DateProblem(
            fr=f"'{shown}' n'est pas une date : écrivez JJ/MM/AAAA (31/12/2027) ou AAAA-MM-JJ "
            "(2027-12-31)",
            en=f"'{shown}' is not a date: write DD/MM/YYYY (31/12/2027) or YYYY-MM-DD (2027-12-31)",
        )
    if not 1 <= month <= 12:
        raise DateProblem(
            fr=f"'{shown}' : il n'y a pas de mois {month} (mois de 1 à 12)",
            en=f"'{shown}': there is no month {month} (months run from 1 to 12)",
        )
    last = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if not 1 <= day <= last or year < 1:
        raise DateProblem(
            fr=f"'{shown}' : cette date n'existe pas "
            f"({MONTHS_FR[month - 1]} {year} a {last} jours)",
            en=f"'{shown}': no such date ({MONTHS_EN[month - 1]} {year} has {last} days)",
        )
    return dt.date(year, month, day)
