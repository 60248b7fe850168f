"""Placeholders in clause texts: ``{tender.name}``, ``{answers.hosting.provider_name}``...

A deliberately tiny language, filled by string substitution and never by a template engine, so a
value (a vendor's answer, a tender name) can hold any characters, braces and Jinja included, and
stays text. ``{{`` and ``}}`` write a literal brace; any other lone brace is an error when the
library is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sovereignty.core.model import Lang

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")

# Names outside answers.* and params.*, and what they are (fr, en).
FIXED: dict[str, tuple[str, str]] = {
    "tender.name": ("le nom de la consultation", "the tender's name"),
    "tender.reference": ("la référence de la consultation", "the tender's reference"),
    "tender.buyer": ("l'établissement acheteur", "the buying establishment"),
    "tender.ght": ("le GHT", "the GHT"),
    "tender.establishments": ("les établissements de la consultation", "the establishments"),
    "vendor.name": ("le nom du candidat", "the vendor's name"),
    "vendor.id": ("l'identifiant du candidat", "the vendor's id"),
    "document.date": ("la date du document", "the date of the document"),
    "aiact.role": ("le rôle de l'établissement au titre de l'AI Act", "the hospital's AI Act role"),
    "aiact.regimes": ("les régimes AI Act applicables", "the AI Act regimes that apply"),
}


def fixed_description(name: str, lang: Lang) -> str:
    pair = FIXED.get(name)
    return name if pair is None else pair[0 if lang == "fr" else 1]


class PlaceholderSyntaxError(ValueError):
    pass


def parse(text: str) -> Iterator[tuple[str, str]]:
    """("text", chunk) and ("name", placeholder) pieces; raises on a lone brace."""
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            yield "text", text[position : match.start()]
        token = match.group(0)
        if token in ("{{", "}}"):
            yield "text", token[0]
        elif match.group(1) is not None:
            name = match.group(1).strip()
            if not NAME.match(name):
                raise PlaceholderSyntaxError(
                    f"{{{match.group(1)}}} is not a placeholder name such as {{tender.name}}"
                )
            yield "name", name
        else:
            raise PlaceholderSyntaxError(
                f"lone {token!r} at character {match.start()}; write {token * 2!r} for a brace"
            )
        position = match.end()
    if position < len(text):
        yield "text", text[position:]


def names(text: str) -> list[str]:
    return [value for kind, value in parse(text) if kind == "name"]


def check_name(name: str, question_ids: set[str], parameters: set[str]) -> str | None:
    """None when the placeholder can be filled, else what is wrong with it."""
    from difflib import get_close_matches

    if name in FIXED:
        return None
    namespace, _, rest = name.partition(".")
    if namespace == "answers":
        if rest in question_ids:
            return None
        hint = get_close_matches(rest, list(question_ids), n=1)
        did = f"; did you mean 'answers.{hint[0]}'?" if hint else ""
        return f"placeholder {{{name}}} names no question of the bank{did}"
    if namespace == "params":
        if rest in parameters:
            return None
        hint = get_close_matches(rest, list(parameters), n=1)
        did = f"; did you mean 'params.{hint[0]}'?" if hint else ""
        return f"placeholder {{{name}}} names no parameter of the library{did}"
    known = [*FIXED, "answers.<question id>", "params.<parameter>"]
    hint = get_close_matches(name, list(FIXED), n=1)
    did = f"; did you mean {{{hint[0]}}}?" if hint else ""
    return f"unknown placeholder {{{name}}}{did} (known: {', '.join(known)})"


BLANK = {"fr": "[à compléter : {what}]", "en": "[to be completed: {what}]"}


@dataclass
class Filler:
    """Fills placeholders; remembers those it could not fill (shown as blanks to complete)."""

    values: dict[str, str]  # fixed names and params.* -> text
    answer: Callable[[str], str | None]  # question id -> formatted answer, or None if none
    describe: Callable[[str], str]  # placeholder name -> what to complete, for a blank
    lang: Lang
    blanks: list[str] = field(default_factory=list)

    def fill(self, text: str) -> str:
        out: list[str] = []
        for kind, value in parse(text):
            if kind == "text":
                out.append(value)
                continue
            filled = (
                self.answer(value.removeprefix("answers."))
                if value.startswith("answers.")
                else self.values.get(value)
            )
            if filled is None or not filled.strip():
                self.blanks.append(value)
                filled = BLANK[self.lang].format(what=self.describe(value))
            out.append(filled)
        return "".join(out)
