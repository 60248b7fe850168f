"""Placeholders in clause texts: ``{tender.name}``, ``{answers.hosting.provider_name}``...

A deliberately tiny language, filled by string substitution and never by a template engine, so a
value (a vendor's answer, a tender name) can hold any characters, braces and Jinja included, and
stays text. The rules, for whoever writes a clause:

- ``{name}``, a dotted lower-case name (``{answers.hosting.provider_name}``), is a placeholder;
  a name the library cannot fill is an error when the library is loaded;
- ``{{name}}`` writes ``{name}`` literally (the one escape: a placeholder shown as text);
- every other brace is text and is printed as written: ``{{ 7*7 }}``, ``{x}``, ``a { b``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sovereignty.core.model import Lang, Text

_NAME = r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+"
NAME = re.compile(f"^{_NAME}$")
# ``{{name}}`` first (the escape), then ``{name}``; spaces inside the braces are allowed.
_TOKEN = re.compile(rf"\{{\{{\s*{_NAME}\s*\}}\}}|\{{\s*(?P<name>{_NAME})\s*\}}")

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


def parse(text: str) -> Iterator[tuple[str, str]]:
    """("text", chunk) and ("name", placeholder) pieces. Never fails: what is not a placeholder
    is text, as written."""
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            yield "text", text[position : match.start()]
        if match.group("name") is None:  # {{name}}: the placeholder written as text
            yield "text", match.group(0)[1:-1]
        else:
            yield "name", match.group("name")
        position = match.end()
    if position < len(text):
        yield "text", text[position:]


def names(text: str) -> list[str]:
    return [value for kind, value in parse(text) if kind == "name"]


def check_name(name: str, question_ids: set[str], parameters: set[str]) -> Text | None:
    """None when the placeholder can be filled, else what is wrong with it."""
    problem = _name_problem(name, question_ids, parameters)
    if problem is None:
        return None
    literal = f"{{{{{name}}}}}"
    return Text(
        fr=f"{problem.fr} (pour l'écrire tel quel, écrivez {literal})",
        en=f"{problem.en} (to print it as text, write {literal})",
    )


def _name_problem(name: str, question_ids: set[str], parameters: set[str]) -> Text | None:
    from difflib import get_close_matches

    if name in FIXED:
        return None
    namespace, _, rest = name.partition(".")
    shown = f"{{{name}}}"
    if namespace == "blank":  # written by hand at the mise au point; described by the clause
        return None
    if namespace == "answers":
        if rest in question_ids:
            return None
        hint = get_close_matches(rest, list(question_ids), n=1)
        return Text(
            fr=f"le champ {shown} ne désigne aucune question de la banque"
            + (f" ; vouliez-vous dire 'answers.{hint[0]}' ?" if hint else ""),
            en=f"placeholder {shown} names no question of the bank"
            + (f"; did you mean 'answers.{hint[0]}'?" if hint else ""),
        )
    if namespace == "params":
        if rest in parameters:
            return None
        hint = get_close_matches(rest, list(parameters), n=1)
        return Text(
            fr=f"le champ {shown} ne désigne aucun paramètre de la bibliothèque"
            + (f" ; vouliez-vous dire 'params.{hint[0]}' ?" if hint else ""),
            en=f"placeholder {shown} names no parameter of the library"
            + (f"; did you mean 'params.{hint[0]}'?" if hint else ""),
        )
    known_fr = ", ".join([*FIXED, "answers.<id de question>", "params.<paramètre>", "blank.<nom>"])
    known_en = ", ".join([*FIXED, "answers.<question id>", "params.<parameter>", "blank.<name>"])
    hint = get_close_matches(name, list(FIXED), n=1)
    return Text(
        fr=f"champ inconnu {shown}"
        + (f" ; vouliez-vous dire {{{hint[0]}}} ?" if hint else "")
        + f" (connus : {known_fr})",
        en=f"unknown placeholder {shown}"
        + (f"; did you mean {{{hint[0]}}}?" if hint else "")
        + f" (known: {known_en})",
    )


BLANK = {"fr": "[à compléter : {what}]", "en": "[to be completed: {what}]"}
_SENTENCE_END = ".!?…"
_APOSTROPHES = "'’"


def lower_first(label: str) -> str:
    """``label`` with its first letter in lower case, for a choice label inserted mid-sentence
    ("clés détenues par l'hébergeur"), unless it looks like an acronym or a name: only when the
    next letter is lower case ("Forfait", "L'hébergeur"; not "ISO 27001", "CLOUD Act")."""
    if len(label) < 2 or not label[0].isupper():
        return label
    rest = label[2:] if label[1] in _APOSTROPHES else label[1:]  # L'hébergeur, D'autres
    if not rest or not rest[0].islower():
        return label
    return label[0].lower() + label[1:]


@dataclass
class Filler:
    """Fills placeholders; remembers those it could not fill (shown as blanks to complete).

    ``answer(question_id, sentence_start)`` formats an answer, or gives None when there is none;
    ``sentence_start`` says whether it opens a sentence (keep its capital) or comes mid-sentence
    (a choice label may then be lower-cased). A value that ends a sentence (``programmé.``)
    swallows the full stop the clause text puts after it, so no ``..`` is written.
    """

    values: dict[str, str]  # fixed names and params.* -> text
    answer: Callable[[str, bool], str | None]
    describe: Callable[[str], str]  # placeholder name -> what to complete, for a blank
    lang: Lang
    blanks: list[str] = field(default_factory=list)
    # the whole marker of a blank (e.g. "[B3 — à compléter : …]"), instead of BLANK
    mark: Callable[[str], str] | None = None
    filled: dict[str, str] = field(default_factory=dict)  # answers.* placeholder -> text written

    def fill(self, text: str) -> str:
        out: list[str] = []
        ended = False  # the last value written ends with a full stop, "!" or "?"
        for kind, value in parse(text):
            if kind == "text":
                if ended and value.startswith("."):
                    out[-1], value = out[-1].rstrip(), value[1:]
                out.append(value)
                ended = False
                continue
            if value.startswith("answers."):
                before = "".join(out).rstrip()
                opens = not before or before[-1] in _SENTENCE_END
                filled = self.answer(value.removeprefix("answers."), opens)
            else:
                filled = self.values.get(value)
            if filled is None or not filled.strip():
                self.blanks.append(value)
                if self.mark is not None:
                    filled = self.mark(value)
                else:
                    filled = BLANK[self.lang].format(what=self.describe(value))
            elif value.startswith("answers."):
                self.filled.setdefault(value, filled)
            out.append(filled)
            ended = filled.rstrip()[-1:] in tuple(_SENTENCE_END)
        return "".join(out)
