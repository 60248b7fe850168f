from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
from pydantic import Field, StringConstraints, field_validator

from sovereignty.core.errors import AnswersError, ContentError
from sovereignty.core.model import InvalidValue, Lang, Model, Text
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


def _refused(text: str, **options: Any) -> ContentError:
    doc = parse_yaml(text, Path("shop.yaml"))
    with pytest.raises(ContentError) as info:
        validate_document(doc, Shop, expected="a shop is a mapping with 'items'", **options)
    assert info.value.path == "shop.yaml"
    return info.value


def _problems(text: str, lang: Lang = "en", **options: Any) -> list[tuple[str, str, str]]:
    return [(p.where, p.says(lang), p.subject) for p in _refused(text, **options).problems]


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
    assert message == "items.0.shape.cm: expected a whole number (found 'big')"


def test_a_message_for_an_error_type_replaces_pydantics_and_shows_the_value() -> None:
    text = "items:\n  - {id: Pen, shape: {op: size, cm: 1}}\n"
    hint = {"string_pattern_mismatch": "expected lower-case letters"}
    assert _problems(text, messages=hint) == [
        ("line 2, column 10", "items.0.id: expected lower-case letters ('Pen')", "")
    ]
    assert "does not match the expected format (pattern ^[a-z]+$)" in _problems(text)[0][1]


def test_the_error_class_is_the_callers() -> None:
    doc = parse_yaml("[]\n", Path("answers.yaml"))
    with pytest.raises(AnswersError):
        validate_document(doc, Shop, expected="a mapping", error=AnswersError)


# --- French, the default language of what the user sees ---------------------------------------


def test_a_whole_refusal_reads_in_french_by_default_and_in_english_on_request() -> None:
    error = _refused("items:\n  - {id: pen, colur: red, shape: {op: size, cm: 1}}\n")
    assert error.render() == (
        "shop.yaml : ligne 2, colonne 22 : items.0.colur : clé inconnue 'colur'"
    )
    assert error.render("en") == "shop.yaml: line 2, column 22: items.0.colur: unknown key 'colur'"
    assert str(error) == error.render("en")  # logs and tracebacks read English


def test_a_pydantic_type_error_reads_in_french_with_the_value_found() -> None:
    text = "items:\n  - id: pen\n    shape:\n      op: size\n      cm: big\n"
    assert _problems(text, "fr") == [
        ("line 5, column 11", "items.0.shape.cm : nombre entier attendu (trouvé : 'big')", "")
    ]


def test_a_missing_key_and_a_wrong_tag_read_in_french_with_a_suggestion() -> None:
    text = "items:\n  - {shape: {op: sise, cm: 3}}\n"
    found = dict((m.split(" : ")[0], m) for _, m, _ in _problems(text, "fr"))
    assert found["items.0.id"] == "items.0.id : clé obligatoire manquante : 'id'"
    assert found["items.0.shape"] == (
        "items.0.shape : 'op' vaut 'sise', valeurs possibles : 'colour', 'size' ; "
        "vouliez-vous dire 'size' ?"
    )
    english = dict((m.split(": ")[0], m) for _, m, _ in _problems(text))
    assert english["items.0.shape"].endswith(
        "expected one of 'colour', 'size'; did you mean 'size'?"
    )


class Order(Model):
    size: Literal["small", "large"]
    count: int = Field(default=1, ge=1)
    day: dt.date | None = None
    notes: tuple[str, ...] = Field(default=(), max_length=1)

    @field_validator("notes")
    @classmethod
    def _polite(cls, notes: tuple[str, ...]) -> tuple[str, ...]:
        if any("!" in n for n in notes):
            raise InvalidValue(Text(fr="pas de « ! » dans les notes", en="no '!' in notes"))
        return notes


@pytest.mark.parametrize(
    ("yaml_text", "french", "english"),
    [
        (
            "size: lage",
            "valeur attendue : 'small' ou 'large' (trouvé : 'lage') ; vouliez-vous dire 'large' ?",
            "expected 'small' or 'large' (found 'lage'); did you mean 'large'?",
        ),
        (
            "size: small\ncount: 0",
            "doit être supérieur ou égal à 1 (trouvé : 0)",
            "must be at least 1 (found 0)",
        ),
        (
            "size: small\nday: 2026-02-30",
            "date attendue au format AAAA-MM-JJ, par ex. 2026-11-28 (trouvé : '2026-02-30')",
            "expected a date as YYYY-MM-DD, e.g. 2026-11-28 (found '2026-02-30')",
        ),
        (
            "size: small\nnotes: [a, b]",
            "au plus 1 élément(s) attendu(s), 2 trouvé(s)",
            "expected at most 1 item(s), found 2",
        ),
        ("size: small\nnotes: [hi!]", "pas de « ! » dans les notes", "no '!' in notes"),
        (
            "size: small\ncount: many",
            "nombre entier attendu (trouvé : 'many')",
            "expected a whole number (found 'many')",
        ),
    ],
)
def test_common_pydantic_errors_have_french_and_english_wordings(
    yaml_text: str, french: str, english: str
) -> None:
    doc = parse_yaml(yaml_text + "\n", Path("order.yaml"))
    with pytest.raises(ContentError) as info:
        validate_document(doc, Order, expected="an order")
    (problem,) = info.value.problems
    assert problem.says("fr").split(" : ", 1)[1] == french
    assert problem.says("en").split(": ", 1)[1] == english
