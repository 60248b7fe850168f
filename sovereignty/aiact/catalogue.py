"""The shipped data of the classification: reason texts, application dates, obligations.

Three YAML files in ``sovereignty/aiact/data/``, each validated when loaded (unknown keys, legal
references that name no known instrument, a date key that does not exist, a tag the engine does
not compute: all are errors naming the file and the line). The application dates are data
because the Digital Omnibus moved them once already; a further change is an edit of
``dates.yaml``, not of code.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import Field, field_validator, model_validator

from sovereignty.aiact.model import REGIME_IDS, Party, RegimeId
from sovereignty.core.errors import ContentError, Problem
from sovereignty.core.legal import LegalRefs
from sovereignty.core.model import InvalidValue, Model, NonEmptyStr, Text
from sovereignty.core.validation import id_in, validate_document
from sovereignty.core.yamlio import YamlDocument, load_yaml

DATA = Path(__file__).resolve().parent / "data"
OBLIGATION_ID = re.compile(r"^[HV]-[A-Z0-9]+(-[A-Z0-9]+)*$")

# Conditions the engine computes for obligations (see sovereignty.aiact.obligations).
TAGS: frozenset[str] = frozenset(
    {
        "ai_system",
        "public_authority",
        "fria_deployer",
        "annex_iii_beyond_point_2",
        "derogation_claimed",
        "mdr_device",
        "ivdr_device",
        "personal_data",
        "dpia_required",
        "staff_affected",
        "interaction",
        "synthetic_content",
        "emotion_or_biometric",
        "ml_device",
        "public_employer",
        "private_employer",
        "public_content",
        "generative_legacy",
        "provider_role",
        "provider_outside_eu",
    }
)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Message(Model):
    """A reason text in both languages, with the articles it always cites."""

    fr: NonEmptyStr
    en: NonEmptyStr
    legal: LegalRefs = Field(min_length=1)
    # Set when the reason applies an exception or limit of the text: its stable name, which
    # `classify --json` lists under the regime's `exceptions`.
    exception: NonEmptyStr | None = None

    @model_validator(mode="after")
    def _same_placeholders(self) -> Message:
        if _fields(self.fr) != _fields(self.en):
            fr, en = sorted(_fields(self.fr)), sorted(_fields(self.en))
            raise InvalidValue(
                Text(
                    fr=f"les textes français et anglais n'ont pas les mêmes champs {{…}} : "
                    f"{fr} et {en}",
                    en=f"the French and English texts use different placeholders: {fr} vs {en}",
                )
            )
        return self

    def fill(self, **values: Any) -> Text:
        """The text with its placeholders filled; a value may be a {fr, en} dict."""

        def pick(lang: str) -> dict[str, str]:
            return {k: str(v[lang]) if isinstance(v, dict) else str(v) for k, v in values.items()}

        return Text(fr=self.fr.format(**pick("fr")), en=self.en.format(**pick("en")))


class MessagesFile(Model):
    schema_: Literal["sovereignty/aiact-messages/1"] = Field(alias="schema")
    regimes: dict[RegimeId, Text]
    use_points: dict[str, Text]  # Annex III points checked against the hospital's use
    reasons: dict[str, Message]

    @model_validator(mode="after")
    def _every_regime_named(self) -> MessagesFile:
        missing = [r for r in REGIME_IDS if r not in self.regimes]
        if missing:
            listed = ", ".join(missing)
            raise InvalidValue(
                Text(fr=f"régimes sans titre : {listed}", en=f"regimes without a title: {listed}")
            )
        return self


class ApplicationDate(Model):
    date: dt.date | None  # None: in force before any date that matters here
    label: Text
    legal: LegalRefs = Field(min_length=1)
    confirmed: bool = True
    note: Text | None = None


class DatesFile(Model):
    schema_: Literal["sovereignty/aiact-dates/1"] = Field(alias="schema")
    dates: dict[str, ApplicationDate]


class Grace(Model):
    """A later date that replaces the normal one when ``tag`` holds (e.g. Art. 111(4))."""

    tag: str
    date: str


class ObligationSpec(Model):
    id: NonEmptyStr
    party: Party
    title: Text
    detail: Text
    legal: LegalRefs = Field(min_length=1)
    regimes: tuple[RegimeId, ...] = ()  # any of them (none listed: no regime condition)
    requires: tuple[str, ...] = ()  # tags, all of them
    from_: dict[str, str] = Field(alias="from")  # regime id or "default" -> date key
    grace: Grace | None = None
    note: Text | None = None

    @field_validator("id")
    @classmethod
    def _id_form(cls, value: str) -> str:
        if not OBLIGATION_ID.fullmatch(value):
            raise InvalidValue(
                Text(
                    fr="l'id d'obligation a la forme H-ART26-6 (établissement) ou V-ART9 "
                    "(fournisseur)",
                    en="obligation id must look like H-ART26-6 (hospital) or V-ART9 (vendor)",
                )
            )
        return value


class ObligationsFile(Model):
    schema_: Literal["sovereignty/aiact-obligations/1"] = Field(alias="schema")
    obligations: tuple[ObligationSpec, ...]


M = TypeVar("M", bound=Model)


def _parse(doc: YamlDocument, model: type[M]) -> M:
    return validate_document(
        doc,
        model,
        expected=Text(
            fr="table avec une clé 'schema' attendue", en="expected a mapping with a 'schema' key"
        ),
        subject=id_in("obligations"),
    )


def _check_obligations(doc: YamlDocument, spec: ObligationsFile, dates: DatesFile) -> None:
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, obligation in enumerate(spec.obligations):

        def report(
            fr: str, en: str, *loc: str | int, _i: int = i, _id: str = obligation.id
        ) -> None:
            where = doc.where(("obligations", _i, *loc))
            problems.append(Problem(where, Text(fr=fr, en=en), _id))

        if obligation.id in seen:
            report("id d'obligation présent deux fois", "obligation id appears twice")
        seen.add(obligation.id)
        known_tags = ", ".join(sorted(TAGS))
        for tag in obligation.requires:
            if tag not in TAGS:
                report(
                    f"étiquette inconnue {tag!r} dans 'requires' (connues : {known_tags})",
                    f"unknown tag {tag!r} in 'requires' (known: {known_tags})",
                )
        for key, date_key in obligation.from_.items():
            if key != "default" and key not in obligation.regimes:
                report(
                    f"'from' nomme {key!r}, qui n'est pas l'un de ses 'regimes'",
                    f"'from' names {key!r}, which is not one of its 'regimes'",
                    "from",
                )
            if date_key not in dates.dates:
                report(
                    f"'from' utilise une date inconnue {date_key!r} (voir dates.yaml)",
                    f"'from' uses unknown date {date_key!r} (see dates.yaml)",
                    "from",
                    key,
                )
        uncovered = [r for r in obligation.regimes if r not in obligation.from_]
        if "default" not in obligation.from_ and (uncovered or not obligation.regimes):
            report(
                "'from' demande une date 'default' ou une date par régime",
                "'from' needs a 'default' date or one per regime",
                "from",
            )
        if obligation.grace:
            if obligation.grace.tag not in TAGS:
                report(
                    f"étiquette inconnue {obligation.grace.tag!r} dans 'grace'",
                    f"unknown tag {obligation.grace.tag!r} in 'grace'",
                    "grace",
                )
            if obligation.grace.date not in dates.dates:
                report(
                    f"'grace' utilise une date inconnue {obligation.grace.date!r}",
                    f"'grace' uses unknown date {obligation.grace.date!r}",
                    "grace",
                )
    if problems:
        raise ContentError(doc.path, problems)


@dataclass(frozen=True)
class Catalogue:
    messages: MessagesFile
    dates: DatesFile
    obligations: ObligationsFile


def load_catalogue(folder: Path = DATA) -> Catalogue:
    messages = _parse(load_yaml(folder / "messages.yaml"), MessagesFile)
    dates = _parse(load_yaml(folder / "dates.yaml"), DatesFile)
    obligations_doc = load_yaml(folder / "obligations.yaml")
    obligations = _parse(obligations_doc, ObligationsFile)
    _check_obligations(obligations_doc, obligations, dates)
    return Catalogue(messages, dates, obligations)


@cache
def shipped_catalogue() -> Catalogue:
    return load_catalogue()
