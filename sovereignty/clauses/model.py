"""The clause library format (one or more YAML files)::

    schema: sovereignty/clauses/1
    parameters:                       # contract figures a legal team may change
      incident_notice_hours: 24
    chapters:
      - {id: data, order: 20, title: {fr: ..., en: ...}}
    clauses:
      - id: HOST-01
        chapter: data
        order: 10
        title: {fr: ..., en: ...}
        legal: ["CSP art. L1111-8", "HDS req. 28-31"]
        when: {op: contains, question: purpose.data_categories, value: health_identifying}
        variants:                     # the first whose condition holds is used
          - id: strengthened
            when: {op: equals, question: hosting.extraterritorial, value: "yes"}
            text: {fr: ..., en: ...}
          - id: standard              # the last variant has no condition: the default
            text: {fr: ..., en: ...}

A clause may also carry, for the contract's common articles: ``penalty`` (the breach and the
amount or formula, listed by the penalties article), ``derogations`` (the CCAG-TIC provisions it
departs from, listed by the last article), ``blanks`` (what the winner writes in place of a
placeholder at the *mise au point*, e.g. ``answers.hosting.storage_countries: {fr: "pays et sites
d'hébergement", en: ...}``) and ``lists: penalties | derogations`` (the article that lists them).

A clause without ``when`` is a base clause, always in the annex. A clause whose condition is false
is still included when a raised finding names it among its remedies. ``text`` (instead of
``variants``) is a single standard variant. Paragraphs are separated by a blank line.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from sovereignty.core.conditions import Condition
from sovereignty.core.legal import LegalRefs
from sovereignty.core.model import InvalidValue, Model, NonEmptyStr, Text

SCHEMA = "sovereignty/clauses/1"
CLAUSE_ID = re.compile(r"^[A-Z][A-Z0-9]*-[0-9]{2,3}$")
SLUG = re.compile(r"^[a-z][a-z0-9_]*$")


def _not_a_slug(what_fr: str, what_en: str, value: str) -> InvalidValue:
    return InvalidValue(
        Text(
            fr=f"{what_fr} {value!r} : minuscules, chiffres et '_', en commençant par une lettre "
            "(lower_snake_case)",
            en=f"{what_en} {value!r} must be lower_snake_case",
        )
    )


class Variant(Model):
    id: NonEmptyStr
    label: Text | None = None
    when: Condition | None = None
    text: Text

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.fullmatch(value):
            raise _not_a_slug("id de variante", "variant id", value)
        return value


class Chapter(Model):
    id: NonEmptyStr
    order: int
    title: Text

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.fullmatch(value):
            raise _not_a_slug("id de chapitre", "chapter id", value)
        return value


class Penalty(Model):
    """What a penalty sanctions and how much: the amount or formula may use ``{params.NAME}``."""

    breach: Text
    amount: Text


class ScheduleRow(Model):
    label: Text
    value: Text  # may hold placeholders, filled like the clause's text


class Schedule(Model):
    """A table attached to the annex and referred to by its clause (e.g. the description of the
    processing that GDPR art. 28(3) requires)."""

    title: Text
    rows: tuple[ScheduleRow, ...] = Field(min_length=1)


class Clause(Model):
    id: NonEmptyStr
    chapter: NonEmptyStr
    order: int = 0
    title: Text
    legal: LegalRefs = Field(min_length=1)
    when: Condition | None = None
    text: Text | None = None
    variants: tuple[Variant, ...] = ()
    penalty: Penalty | None = None
    derogations: tuple[Text, ...] = ()  # CCAG-TIC provisions departed from, in words
    blanks: dict[str, Text] = Field(default_factory=dict)  # placeholder -> what to write there
    lists: Literal["penalties", "derogations"] | None = None  # a generated list follows it
    schedule: Schedule | None = None

    @field_validator("id")
    @classmethod
    def _clause_id(cls, value: str) -> str:
        if not CLAUSE_ID.fullmatch(value):
            raise InvalidValue(
                Text(
                    fr=f"l'id de clause {value!r} doit avoir la forme DOMAINE-NN, par ex. "
                    "'HOST-01'",
                    en=f"clause id {value!r} must look like AREA-NN, e.g. 'HOST-01'",
                )
            )
        return value

    @model_validator(mode="after")
    def _one_text_source(self) -> Clause:
        if (self.text is None) == (not self.variants):
            raise InvalidValue(
                Text(
                    fr="une clause a soit 'text', soit 'variants' (pas les deux, pas aucun)",
                    en="a clause has either 'text' or 'variants' (not both, not neither)",
                )
            )
        ids = [v.id for v in self.variants]
        if len(set(ids)) != len(ids):
            raise InvalidValue(
                Text(
                    fr="les ids de variantes doivent être uniques dans une clause",
                    en="variant ids must be unique within a clause",
                )
            )
        if self.variants and self.variants[-1].when is not None:
            raise InvalidValue(
                Text(
                    fr="la dernière variante est celle par défaut et ne doit pas avoir de 'when'",
                    en="the last variant is the default and must have no 'when'",
                )
            )
        return self

    @property
    def all_variants(self) -> tuple[Variant, ...]:
        if self.text is not None:
            return (Variant(id="standard", text=self.text),)
        return self.variants


ParameterValue = str | int | float


class LibraryFile(Model):
    """One YAML file of a clause library, before merging."""

    schema_: Literal["sovereignty/clauses/1"] = Field(alias="schema")
    bank: str | None = None  # the id of the question bank its conditions read
    parameters: dict[str, ParameterValue] = Field(default_factory=dict)
    chapters: tuple[Chapter, ...] = ()
    clauses: tuple[Clause, ...] = ()

    @field_validator("parameters")
    @classmethod
    def _parameter_names(cls, value: dict[str, ParameterValue]) -> dict[str, ParameterValue]:
        for name in value:
            if not SLUG.fullmatch(name):
                raise _not_a_slug("nom de paramètre", "parameter name", name)
        return value
