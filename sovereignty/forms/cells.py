"""An answer value as cell content, and cell content back as a value (pure: no openpyxl).

Reading is strict about types and lenient about typing: a label matches whatever its case and
spacing, a number may be typed with a decimal comma, a date as YYYY-MM-DD or DD/MM/YYYY. Ranges,
lengths and conditions are not checked here but by the same validation as every answer sheet.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from sovereignty.core.model import InvalidValue, Lang, Text
from sovereignty.forms.layout import MULTI_SEPARATOR, answer_list, normalise_label, word
from sovereignty.questionnaire.model import Choice, Question, RecordField


class BadCell(InvalidValue):
    """A cell's content cannot be an answer; the message (``.text``, French and English) says
    what is expected."""

    def __init__(self, fr: str, en: str) -> None:
        super().__init__(Text(fr=fr, en=en))


@dataclass(frozen=True)
class Raw:
    """A cell as read: its value and openpyxl's data type (n, s, b, d; f formula, e error)."""

    value: Any
    data_type: str = "s"

    @property
    def blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())

    def shown(self) -> str:
        text = self.value if isinstance(self.value, str) else str(self.value)
        return text if len(text) <= 60 else text[:59] + "…"


def check_not_formula(raw: Raw) -> None:
    if raw.data_type == "f" or (
        not isinstance(raw.value, str | int | float | bool | dt.datetime | dt.date | None)
    ):
        raise BadCell(
            "contient une formule ; saisissez la valeur elle-même (les formules ne sont jamais "
            "calculées, une réponse calculée ne peut donc pas être importée)",
            "holds a formula; type the value itself (formulas are never evaluated, so a "
            "calculated answer cannot be imported)",
        )
    if raw.data_type == "e":
        raise BadCell(
            f"contient la valeur d'erreur {raw.value} ; saisissez la valeur elle-même",
            f"holds the error value {raw.value}; type the value itself",
        )


# --- choices ------------------------------------------------------------------------------------
def _label_map(choices: tuple[Choice, ...], lang: Lang) -> dict[str, str]:
    found = {normalise_label(c.value): c.value for c in choices}
    found.update({normalise_label(c.label(lang)): c.value for c in choices})
    return found


def _yes_no_map(lang: Lang) -> dict[str, str]:
    return {
        normalise_label(word("yes", lang)): "yes",
        normalise_label(word("no", lang)): "no",
        "yes": "yes",
        "no": "no",
    }


def _not_in_list(text: str, shown: tuple[str, ...]) -> BadCell:
    hint = get_close_matches(text, list(shown), n=1, cutoff=0.6)
    listed = " / ".join(shown)
    return BadCell(
        f"« {text} » ne fait pas partie de la liste (valeurs possibles : {listed})"
        + (f" ; vouliez-vous dire « {hint[0]} » ?" if hint else ""),
        f"“{text}” is not in the list (expected one of: {listed})"
        + (f"; did you mean “{hint[0]}”?" if hint else ""),
    )


def is_unknown(raw: Raw, lang: Lang) -> bool:
    return isinstance(raw.value, str) and normalise_label(raw.value) == normalise_label(
        word("unknown", lang)
    )


def parse_choice(raw: Raw, owner: Question | RecordField, lang: Lang) -> str:
    """The value of a single-choice or yes/no cell (not 'unknown', handled by the caller)."""
    shown = answer_list(owner, lang)
    if not isinstance(raw.value, str):
        raise _not_in_list(raw.shown(), shown)
    choices = getattr(owner, "choices", None)
    mapping = _label_map(choices, lang) if choices else _yes_no_map(lang)
    value = mapping.get(normalise_label(raw.value))
    if value is None:
        raise _not_in_list(raw.value.strip(), shown)
    return value


CHECK_MARKS = ("x", "✓", "✔")  # how people tick a box in a spreadsheet


def parse_selected(raw: Raw, lang: Lang) -> bool:
    """A choice row of a multiple-choice question: Yes (selected) or No."""
    text = normalise_label(raw.value) if isinstance(raw.value, str) else None
    mapping = {**_yes_no_map(lang), **dict.fromkeys(CHECK_MARKS, "yes")}
    if text not in mapping:
        raise _not_in_list(raw.shown(), (word("yes", lang), word("no", lang)))
    return mapping[text] == "yes"


def parse_labels(raw: Raw, owner: RecordField, lang: Lang) -> list[str]:
    """A multiple-choice record field: labels separated by ';'."""
    labels = tuple(c.label(lang) for c in getattr(owner, "choices", ()))
    if not isinstance(raw.value, str):
        raise _not_in_list(raw.shown(), labels)
    mapping = _label_map(getattr(owner, "choices", ()), lang)
    values = []
    for part in raw.value.split(MULTI_SEPARATOR):
        if not part.strip():
            continue
        value = mapping.get(normalise_label(part))
        if value is None:
            error = _not_in_list(part.strip(), labels).text
            raise BadCell(
                f"{error.fr} (plusieurs choix : séparez-les par « {MULTI_SEPARATOR} »)",
                f"{error.en} (several choices: separate them with “{MULTI_SEPARATOR}”)",
            )
        values.append(value)
    return values


# --- numbers, dates, text ---------------------------------------------------------------------
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def parse_number(raw: Raw, integer: bool) -> int | float:
    value = raw.value
    if isinstance(value, str):
        text = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").strip()
        if not _NUMBER.fullmatch(text):
            raise BadCell(
                f"nombre attendu (trouvé le texte « {raw.shown()} »)",
                f"expected a number (found text “{raw.shown()}”)",
            )
        value = float(text.replace(",", "."))
        if value.is_integer() and "," not in text and "." not in text:
            value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadCell(
            f"nombre attendu (trouvé : {raw.shown()})", f"expected a number (found {raw.shown()})"
        )
    if integer and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DAY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def parse_date(raw: Raw) -> str:
    value = raw.value
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            shown = value.isoformat(" ")
            raise BadCell(
                f"date sans heure attendue (trouvé : {shown})",
                f"expected a date without a time (found {shown})",
            )
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = value.strip() if isinstance(value, str) else ""
    if _DMY.fullmatch(text) or _ISO_DAY.fullmatch(text):
        from sovereignty.core.dates import DateProblem, parse_date

        try:  # a date written as text: JJ/MM/AAAA or ISO, an impossible one named as such
            return parse_date(text).isoformat()
        except DateProblem as problem:
            raise BadCell(problem.fr, problem.en) from None
    raise BadCell(
        f"date attendue au format AAAA-MM-JJ ou JJ/MM/AAAA (trouvé : « {raw.shown()} »)",
        f"expected a date as YYYY-MM-DD or DD/MM/YYYY (found “{raw.shown()}”)",
    )


def parse_text(raw: Raw) -> str:
    value = raw.value
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise BadCell(
            f"texte attendu (trouvé la valeur logique {value})",
            f"expected text (found the logical value {value})",
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0, 0) else value.isoformat()
    raise BadCell(  # pragma: no cover - types above
        f"texte attendu (trouvé : {raw.shown()})", f"expected text (found {raw.shown()})"
    )


# --- writing --------------------------------------------------------------------------------------
def choice_text(owner: Question | RecordField, value: str, lang: Lang) -> str:
    if owner.type == "yes_no":
        return word("yes" if value == "yes" else "no", lang)
    choice = next((c for c in getattr(owner, "choices", ()) if c.value == value), None)
    return choice.label(lang) if choice else value


def date_value(value: Any) -> dt.date | str:
    """A date to write: a real date when the stored value is one, else the text as it is."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
