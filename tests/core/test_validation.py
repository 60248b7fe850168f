from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
from pydantic import Field, StringConstraints, field_validator

from sovereignty.core.errors import AnswersError, ContentError
from sovereignty.core.model import Model
from sovereignty.core.validation import id_in, validate_document
from sovereignty.core.yamlio import parse_yaml


class Colour(Model):
    op: Literal["colour"]
    name: str


class Size(Model):
    op: Literal["size"]
    cm: int


class Item(Model):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z]+$")]
    weight: int = 0
    shape: Colour | Size = Field(discriminator="op")

    @field_validator("weight")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 0:
            raise ValueError("weight must be positive")
        return value


class Shop(Model):
    schema_: Literal["shop/1"] = Field(default="shop/1", alias="schema")
    items: tuple[Item, ...]


def _problems(text: str, **options: Any) -> list[tuple[str, str, str]]:
    doc = parse_yaml(text, Path("shop.yaml"))
    with pytest.raises(ContentError) as info:
        validate_document(doc, Shop, expected="a shop is a mapping with 'items'", **options)
    assert info.value.path == "shop.yaml"
    return [(p.where, p.message, p.subject) for p in info.value.problems]


GOOD_ITEM = "  - {id: pen, shape: {op: size, cm: 14}}\n"


def test_a_valid_document_gives_the_model() -> None:
    doc = parse_yaml("schema: shop/1\nitems:\n" + GOOD_ITEM, Path("shop.yaml"))
    shop = validate_document(doc, Shop, expected="a mapping", schema="shop/1")
    assert shop.items[0].shape == Size(op="size", cm=14)


def test_a_document_that_is_not_a_mapping_gets_the_expected_sentence() -> None:
    assert _problems("- a\n- b\n") == [("", "a shop is a mapping with 'items'", "")]


def test_a_wrong_schema_names_the_one_expected_and_its_line() -> None:
    found = _problems("items: []\nschema: shop/2\n", schema="shop/1")
    assert found == [("line 2, column 9", "'schema' must be 'shop/1' (found 'shop/2')", "")]


def test_unknown_and_missing_keys_are_named_with_line_and_item_id() -> None:
    text = (
        "items:\n"
        + GOOD_ITEM
        + "  - id: cup\n    colur: red\n    shape: {op: colour, name: red}\n"
        + "  - {shape: {op: size, cm: 3}}\n"
    )
    found = _problems(text, subject=id_in("items"))
    assert ("line 4, column 12", "items.1.colur: unknown key 'colur'", "cup") in found
    assert ("line 6, column 5", "items.2.id: missing required key 'id'", "") in found
    assert len(found) == 2


def test_value_errors_lose_pydantics_prefix() -> None:
    found = _problems("items:\n  - {id: pen, weight: -2, shape: {op: size, cm: 1}}\n")
    assert found == [("line 2, column 23", "items.0.weight: weight must be positive", "")]


def test_a_union_member_error_points_at_the_data_not_at_the_tag() -> None:
    found = _problems("items:\n  - id: pen\n    shape:\n      op: size\n      cm: big\n")
    where, message, _ = found[0]
    assert where == "line 5, column 11"
    assert message.startswith("items.0.shape.cm: Input should be a valid integer")


def test_a_message_for_an_error_type_replaces_pydantics_and_shows_the_value() -> None:
    text = "items:\n  - {id: Pen, shape: {op: size, cm: 1}}\n"
    hint = {"string_pattern_mismatch": "expected lower-case letters"}
    assert _problems(text, messages=hint) == [
        ("line 2, column 10", "items.0.id: expected lower-case letters ('Pen')", "")
    ]
    assert "String should match pattern" in _problems(text)[0][1]


def test_the_error_class_is_the_callers() -> None:
    doc = parse_yaml("[]\n", Path("answers.yaml"))
    with pytest.raises(AnswersError):
        validate_document(doc, Shop, expected="a mapping", error=AnswersError)
