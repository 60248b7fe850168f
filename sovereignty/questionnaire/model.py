"""The question bank: sections of typed questions, declared in YAML and validated on load.

Question types are a union tagged on ``type``::

    single_choice    one value among ``choices``
    multiple_choice  a list of values among ``choices``
    yes_no           "yes" or "no" (and "I don't know" unless allow_unknown is false)
    text             free text, ``max_length`` characters at most
    number           int or float, with ``unit``, ``min`` and ``max``
    date             an ISO date
    records          a list of records, each with typed ``fields`` (e.g. sub-processors)
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field, SerializerFunctionWrapHandler, field_validator, model_serializer

from sovereignty.core.conditions import Condition
from sovereignty.core.legal import LegalRefs
from sovereignty.core.model import InvalidValue, Model, NonEmptyStr, Text

QUESTION_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
SECTION_ID = re.compile(r"^[a-z][a-z0-9_]*$")
VALUE_ID = re.compile(r"^[a-z0-9][a-z0-9_.+-]*$")

Respondent = Literal["buyer", "vendor"]


class Choice(Model):
    value: NonEmptyStr
    label: Text
    help: Text | None = None
    # In a multiple choice, a choice that excludes every other ("none", "no patient"): ticking
    # it with another is a contradiction, refused.
    exclusive: bool = False

    @model_serializer(mode="wrap")
    def _without_default_exclusive(self, handler: SerializerFunctionWrapHandler) -> Any:
        # a choice that is not exclusive dumps as before the field existed: the bank's hash and
        # the questions' fingerprints change only where a choice became exclusive
        data = handler(self)
        if isinstance(data, dict) and not self.exclusive:
            data.pop("exclusive", None)
        return data

    @field_validator("value")
    @classmethod
    def _value_is_an_identifier(cls, value: str) -> str:
        if not VALUE_ID.fullmatch(value):
            raise InvalidValue(
                Text(
                    fr=f"la valeur de choix {value!r} doit être faite de minuscules, chiffres, "
                    "_ . + -",
                    en=f"choice value {value!r} must be lower-case letters, digits, _ . + -",
                )
            )
        return value


class _Base(Model):
    id: NonEmptyStr
    label: Text
    help: Text | None = None
    required: bool = True
    answered_by: Respondent = "vendor"
    # A buyer's question answered for each offer (e.g. whether the planned use stays within
    # that vendor's declared purpose): kept in the vendor's sheet, not in the buyer's.
    per_offer: bool = False
    legal: LegalRefs = ()  # legal references, see sovereignty.core.legal
    why: Text | None = None  # the fact or doctrine point the question comes from
    evidence: tuple[Text, ...] = ()  # documents the respondent should attach
    when: Condition | None = None
    allow_unknown: bool = True


class _ChoiceBase(_Base):
    choices: tuple[Choice, ...] = Field(min_length=2)

    @field_validator("choices")
    @classmethod
    def _values_are_unique(cls, choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
        seen: set[str] = set()
        for choice in choices:
            if choice.value in seen:
                raise InvalidValue(
                    Text(
                        fr=f"la valeur de choix {choice.value!r} figure deux fois",
                        en=f"choice value {choice.value!r} appears twice",
                    )
                )
            if choice.value == "unknown":
                raise InvalidValue(
                    Text(
                        fr="'unknown' est réservé ; utilisez allow_unknown",
                        en="'unknown' is reserved; set allow_unknown instead",
                    )
                )
            seen.add(choice.value)
        return choices

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)

    @property
    def exclusive(self) -> tuple[str, ...]:
        """The values that cannot be ticked with another."""
        return tuple(c.value for c in self.choices if c.exclusive)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)


class SingleChoice(_ChoiceBase):
    type: Literal["single_choice"]


class MultipleChoice(_ChoiceBase):
    type: Literal["multiple_choice"]
    min_selected: int = 1


class YesNo(_Base):
    type: Literal["yes_no"]

    @property
    def values(self) -> tuple[str, ...]:
        return ("yes", "no")


class _NamesAnOrganisation(Model):
    # The answer is the name of an organisation (a host, a parent company...): a reference to
    # another document or a placeholder is refused (see questionnaire.names).
    entity: bool = False

    @model_serializer(mode="wrap")
    def _without_default_entity(self, handler: SerializerFunctionWrapHandler) -> Any:
        # as for Choice.exclusive: only the questions that became entity questions change hash
        data = handler(self)
        if isinstance(data, dict) and not self.entity:
            data.pop("entity", None)
        return data


class TextQuestion(_Base, _NamesAnOrganisation):
    type: Literal["text"]
    multiline: bool = False
    max_length: int = Field(default=5000, gt=0)


class NumberQuestion(_Base):
    type: Literal["number"]
    unit: Text | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = False


class DateQuestion(_Base):
    type: Literal["date"]


# Fields of a record: the same types, without conditions, nested records or respondents.
class _FieldBase(Model):
    id: NonEmptyStr
    label: Text
    help: Text | None = None
    required: bool = True


class ChoiceField(_FieldBase):
    type: Literal["single_choice", "multiple_choice"]
    choices: tuple[Choice, ...] = Field(min_length=2)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)


class YesNoField(_FieldBase):
    type: Literal["yes_no"]

    @property
    def values(self) -> tuple[str, ...]:
        return ("yes", "no")


class TextField(_FieldBase, _NamesAnOrganisation):
    type: Literal["text"]
    max_length: int = Field(default=2000, gt=0)


class NumberField(_FieldBase):
    type: Literal["number"]
    unit: Text | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = False


class DateField(_FieldBase):
    type: Literal["date"]


RecordField = Annotated[
    ChoiceField | YesNoField | TextField | NumberField | DateField, Field(discriminator="type")
]


class RecordsQuestion(_Base):
    type: Literal["records"]
    fields: tuple[RecordField, ...] = Field(min_length=1)
    min_items: int = 0
    max_items: int = 200
    item_label: Text | None = None  # "sous-traitant" / "sub-processor"

    @field_validator("fields")
    @classmethod
    def _field_ids_are_unique(cls, fields: tuple[RecordField, ...]) -> tuple[RecordField, ...]:
        ids = [f.id for f in fields]
        duplicates = {i for i in ids if ids.count(i) > 1}
        if duplicates:
            twice = ", ".join(sorted(duplicates))
            raise InvalidValue(
                Text(
                    fr=f"ids de champ présents deux fois : {twice}",
                    en=f"field ids appear twice: {twice}",
                )
            )
        return fields


Question = Annotated[
    SingleChoice
    | MultipleChoice
    | YesNo
    | TextQuestion
    | NumberQuestion
    | DateQuestion
    | RecordsQuestion,
    Field(discriminator="type"),
]
ChoiceQuestion = SingleChoice | MultipleChoice


class Section(Model):
    id: NonEmptyStr
    title: Text
    order: int
    intro: Text | None = None
    questions: tuple[Question, ...] = Field(min_length=1)


class Retired(Model):
    """A question an earlier version of the bank had, or some choices of a current one: an answer
    sheet that still holds an answer to it is read with a warning, and the answer is not used."""

    since: NonEmptyStr  # the bank version that retired it
    reason: Text  # what replaces it
    choices: tuple[NonEmptyStr, ...] = ()  # only these choices of a current question


class Bank(Model):
    """A whole question bank. Cross-checks (ids, conditions) are done by the loader."""

    id: NonEmptyStr
    version: NonEmptyStr
    title: Text
    description: Text | None = None
    retired: dict[str, Retired] = Field(default_factory=dict)
    sections: tuple[Section, ...] = Field(min_length=1)

    def questions(self) -> list[Question]:
        return [q for s in self.ordered_sections() for q in s.questions]

    def ordered_sections(self) -> list[Section]:
        return sorted(self.sections, key=lambda s: s.order)
