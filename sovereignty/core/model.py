"""Base pydantic models and the bilingual text type."""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")


class InvalidValue(ValueError):
    """A validator's refusal, worded in French and English (see ``core.validation``).

    pydantic keeps the exception, so the bilingual text reaches the user; as a plain
    ``ValueError`` it reads in English.
    """

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def _not_blank(value: str) -> str:
    if not value.strip():
        raise InvalidValue(
            Text(fr="ne doit pas être vide ni blanc", en="must not be empty or blank")
        )
    return value


# Characters that have no place in a text a person typed and that a terminal or an XML file would
# act on: C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional overrides that
# make a text display other than it reads, and the non-characters U+FFFE and U+FFFF. \r is dropped
# too (a CRLF file reads as LF).
_OTHERS = r"\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff"
CONTROL_CHARS = re.compile(rf"[\x00-\x08\x0b-\x1f{_OTHERS}]")
# In a name or identifier, tab and line feed are refused as well.
NAME_CONTROL_CHARS = re.compile(rf"[\x00-\x1f{_OTHERS}]")


def strip_controls(text: str) -> str:
    """``text`` without control characters (see CONTROL_CHARS); line breaks become \\n."""
    text = text.replace("\r\n", "\n")
    return CONTROL_CHARS.sub("", text)


def strip_controls_in(value: Any) -> Any:
    """:func:`strip_controls` applied to every string of plain data (lists, mappings)."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list):
        return [strip_controls_in(v) for v in value]
    if isinstance(value, dict):
        return {k: strip_controls_in(v) for k, v in value.items()}
    return value


def _control_found(text: str, pattern: re.Pattern[str]) -> InvalidValue | None:
    found = pattern.search(text)
    if found is None:
        return None
    code = f"U+{ord(found.group()):04X}"
    return InvalidValue(
        Text(
            fr=f"caractère de contrôle {code} en position {found.start() + 1} : retirez-le",
            en=f"control character {code} at position {found.start() + 1}: remove it",
        )
    )


def _no_controls(value: str) -> str:
    error = _control_found(value, CONTROL_CHARS)
    if error is not None:
        raise error
    return value


def _no_name_controls(value: str) -> str:
    error = _control_found(value, NAME_CONTROL_CHARS)
    if error is not None:
        raise error
    return value


def check_name(value: str) -> Text | None:
    """Why ``value`` cannot be a name (empty, control characters, line break), or None."""
    if not value.strip():
        return Text(fr="ne doit pas être vide ni blanc", en="must not be empty or blank")
    error = _control_found(value, NAME_CONTROL_CHARS)
    return error.text if error is not None else None


# Numbers a person can mean: counts, amounts in euros, durations. Beyond, a value is an error
# (and an int of 400 digits would overflow every float computation made with it).
MAX_NUMBER = 10**15


def number_out_of_range(value: Any) -> bool:
    """Whether ``value`` is a number no answer can mean: not finite, or beyond MAX_NUMBER."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return True
    return abs(value) > MAX_NUMBER


def numbers_out_of_range(value: Any) -> bool:
    """:func:`number_out_of_range` anywhere in plain data (lists, mappings)."""
    if isinstance(value, list):
        return any(numbers_out_of_range(v) for v in value)
    if isinstance(value, dict):
        return any(numbers_out_of_range(v) for v in value.values())
    return number_out_of_range(value)


NonEmptyStr = Annotated[
    str, StringConstraints(strict=True), AfterValidator(_not_blank), AfterValidator(_no_controls)
]
# A name or identifier: one line, no control character.
Name = Annotated[
    str,
    StringConstraints(strict=True),
    AfterValidator(_not_blank),
    AfterValidator(_no_name_controls),
]


class Model(BaseModel):
    """Strict by default: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


# Our messages quote what they found (a key, a value), whatever it holds; where they are shown,
# control characters are escaped (see sovereignty.cli.options.terminal_safe).
_Prose = Annotated[str, StringConstraints(strict=True), AfterValidator(_not_blank)]


class Text(Model):
    """A user-facing text in French (default) and English."""

    fr: _Prose
    en: _Prose

    def __call__(self, lang: Lang) -> str:
        return self.fr if lang == "fr" else self.en
