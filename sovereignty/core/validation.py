"""Validating a loaded YAML document against its pydantic model, with messages that say where.

Every file the toolkit reads goes through ``validate_document``, so a wrong file reads the same
whatever its kind: the file, the line and column, the id of the item at fault, the data path and
what is expected, in French and English::

    rules.yaml: line 12, column 5: [HOST-01] rules.3.severty: unknown key 'severty'
    rules.yaml : ligne 12, colonne 5 : [HOST-01] rules.3.severty : clé inconnue 'severty'

pydantic's common error types get our own wording (:func:`wording`), with the value found; a
validator that raises :class:`~sovereignty.core.model.InvalidValue` gives its own bilingual text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from sovereignty.core.errors import ContentError, Problem, did_you_mean
from sovereignty.core.model import MAX_NUMBER, InvalidValue, Text, number_out_of_range
from sovereignty.core.yamlio import Loc, YamlDocument, data_loc

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

    from sovereignty.core.errors import Message

M = TypeVar("M", bound=BaseModel)

# The id of the item a problem is about (question, rule, clause...), from the data and the path.
SubjectAt = Callable[[Any, Loc], str]


def validate_document(
    doc: YamlDocument,
    model_type: type[M],
    *,
    expected: Message,
    schema: str | None = None,
    subject: SubjectAt | None = None,
    messages: Mapping[str, Message] | None = None,
    error: type[ContentError] = ContentError,
) -> M:
    """``doc.data`` as a ``model_type``, or ``error`` listing every problem with its place.

    ``expected`` says what the file must be when it is not a mapping; ``schema``, when given, is
    the value its ``schema`` key must have; ``subject`` names the item at fault; ``messages``
    replaces pydantic's message for some error types (the value found is added).
    """
    check_mapping(doc, expected=expected, schema=schema, error=error)
    out_of_range = number_problems(doc)
    if out_of_range:
        raise error(doc.path, out_of_range)
    try:
        return model_type.model_validate(doc.data)
    except ValidationError as exc:
        raise error(doc.path, validation_problems(doc, exc, subject, messages)) from None


def number_problems(doc: YamlDocument) -> list[Problem]:
    """A problem for each number of the document no file of ours can mean: ``.inf``, ``.nan``,
    or beyond ``MAX_NUMBER`` (a 400-digit integer overflows every computation made with it)."""
    problems: list[tuple[tuple[int, int], Problem]] = []
    stack: list[tuple[Any, Loc]] = [(doc.data, ())]
    while stack:
        value, loc = stack.pop()
        if isinstance(value, dict):
            stack.extend((v, (*loc, k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*loc, i)) for i, v in enumerate(value))
        elif number_out_of_range(value):
            path = ".".join(map(str, loc))
            shown = _shown(value) if isinstance(value, float) else f"{str(value)[:12]}..."
            problems.append(
                (
                    doc.marks.get(loc, (0, 0)),
                    Problem(
                        doc.where(loc),
                        Text(
                            fr=f"{path} : nombre hors limites ({shown}) ; un nombre fini d'au plus "
                            f"{MAX_NUMBER:.0e} en valeur absolue est attendu",
                            en=f"{path}: number out of range ({shown}); a finite number of at most "
                            f"{MAX_NUMBER:.0e} in absolute value is expected",
                        ),
                    ),
                )
            )
    return [problem for _, problem in sorted(problems, key=lambda found: found[0])]


def check_mapping(
    doc: YamlDocument,
    *,
    expected: Message,
    schema: str | None = None,
    error: type[ContentError] = ContentError,
) -> None:
    """Refuse a document that is not a mapping, or whose ``schema`` key is not ``schema``."""
    if not isinstance(doc.data, dict):
        raise error(doc.path, expected)
    if schema is not None and doc.data.get("schema") != schema:
        found = doc.data.get("schema")
        raise error(
            doc.path,
            Problem(
                doc.where(("schema",)),
                Text(
                    fr=f"'schema' doit valoir {schema!r} (trouvé : {found!r})",
                    en=f"'schema' must be {schema!r} (found {found!r})",
                ),
            ),
        )


def validation_problems(
    doc: YamlDocument,
    exc: ValidationError,
    subject: SubjectAt | None = None,
    messages: Mapping[str, Message] | None = None,
) -> list[Problem]:
    """One located problem per pydantic error, in words a person who edits YAML understands."""
    problems = []
    for err in exc.errors():
        loc = data_loc(doc.data, err["loc"])
        replaced = messages.get(err["type"]) if messages else None
        if replaced is not None:
            found = _shown(err["input"])
            message: Message = (
                Text(fr=f"{replaced.fr} (trouvé : {found})", en=f"{replaced.en} (found {found})")
                if isinstance(replaced, Text)
                else f"{replaced} ({found})"
            )
        else:
            message = wording(err, loc[-1] if loc else None)
        path = ".".join(str(part) for part in loc)
        problems.append(
            Problem(
                doc.where(loc),
                _at_path(path, message) if path else message,
                subject(doc.data, loc) if subject else "",
            )
        )
    return problems


def _at_path(path: str, message: Message) -> Message:
    if isinstance(message, str):
        return f"{path}: {message}"
    return Text(fr=f"{path} : {message.fr}", en=f"{path}: {message.en}")


def _shown(value: Any) -> str:
    """A value as the user wrote it, cut short when long."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _or(expected: str, lang: str) -> str:
    """pydantic's "'a', 'b' or 'c'" in French: "'a', 'b' ou 'c'"."""
    if lang != "fr" or " or " not in expected:
        return expected
    head, last = expected.rsplit(" or ", 1)
    return f"{head} ou {last}"


def _quoted(expected: str) -> list[str]:
    """The values pydantic lists as "'a', 'b' or 'c'"."""
    return re.findall(r"'([^']*)'", expected)


def _kind(fr: str, en: str, value: Any) -> Text:
    """What is expected, and the value found instead."""
    found = _shown(value)
    return Text(fr=f"{fr} (trouvé : {found})", en=f"{en} (found {found})")


# error types -> (French, English) of what is expected; the value found is added
_EXPECTED: dict[str, tuple[str, str]] = {
    "string_type": ("texte attendu", "expected text"),
    "int_type": ("nombre entier attendu", "expected a whole number"),
    "int_parsing": ("nombre entier attendu", "expected a whole number"),
    "int_from_float": ("nombre entier attendu", "expected a whole number"),
    "float_type": ("nombre attendu", "expected a number"),
    "float_parsing": ("nombre attendu", "expected a number"),
    "finite_number": ("nombre fini attendu", "expected a finite number"),
    "bool_type": ("true ou false attendu", "expected true or false"),
    "bool_parsing": ("true ou false attendu", "expected true or false"),
    "dict_type": ("table « clé: valeur » attendue", "expected a mapping (key: value)"),
    "model_type": ("table « clé: valeur » attendue", "expected a mapping (key: value)"),
    "model_attributes_type": ("table « clé: valeur » attendue", "expected a mapping (key: value)"),
    "list_type": ("liste attendue", "expected a list"),
    "tuple_type": ("liste attendue", "expected a list"),
    "set_type": ("liste attendue", "expected a list"),
    "frozen_set_type": ("liste attendue", "expected a list"),
    **dict.fromkeys(
        ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"),
        (
            "date attendue au format AAAA-MM-JJ, par ex. 2026-11-28",
            "expected a date as YYYY-MM-DD, e.g. 2026-11-28",
        ),
    ),
    **dict.fromkeys(
        ("datetime_type", "datetime_parsing", "datetime_from_date_parsing"),
        (
            "date et heure attendues au format ISO 8601, par ex. 2026-11-28T10:00:00+00:00",
            "expected a date and time in ISO 8601, e.g. 2026-11-28T10:00:00+00:00",
        ),
    ),
}

# comparison error types -> the ctx key of the bound, and the words in French and English
_BOUNDS: dict[str, tuple[str, str, str]] = {
    "greater_than": ("gt", "doit être supérieur à", "must be greater than"),
    "greater_than_equal": ("ge", "doit être supérieur ou égal à", "must be at least"),
    "less_than": ("lt", "doit être inférieur à", "must be less than"),
    "less_than_equal": ("le", "doit être inférieur ou égal à", "must be at most"),
}


def wording(err: ErrorDetails, key: str | int | None = None) -> Message:
    """pydantic's error in French and English, with what is expected and the value found.

    ``key`` is the last part of the data path (the key that is missing or unknown). An error type
    without a wording of ours keeps pydantic's English message.
    """
    kind, ctx, value = err["type"], err.get("ctx", {}), err["input"]
    if kind == "missing":
        return Text(fr=f"clé obligatoire manquante : {key!r}", en=f"missing required key {key!r}")
    if kind == "extra_forbidden":
        return Text(fr=f"clé inconnue {key!r}", en=f"unknown key {key!r}")
    if kind in _EXPECTED:
        return _kind(*_EXPECTED[kind], value)
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        fr_hint, en_hint = did_you_mean(value, _quoted(expected))
        found = _shown(value)
        return Text(
            fr=f"valeur attendue : {_or(expected, 'fr')} (trouvé : {found}){fr_hint}",
            en=f"expected {expected} (found {found}){en_hint}",
        )
    if kind == "union_tag_invalid":
        key_name, tags = ctx.get("discriminator", "'type'"), str(ctx.get("expected_tags", ""))
        fr_hint, en_hint = did_you_mean(ctx.get("tag"), _quoted(tags))
        return Text(
            fr=f"{key_name} vaut {ctx.get('tag')!r}, valeurs possibles : {tags}{fr_hint}",
            en=f"{key_name} is {ctx.get('tag')!r}; expected one of {tags}{en_hint}",
        )
    if kind == "union_tag_not_found":
        key_name = ctx.get("discriminator", "'type'")
        return Text(
            fr=f"clé {key_name} manquante (elle dit de quelle sorte est cet élément)",
            en=f"missing key {key_name} (it says which kind of item this is)",
        )
    if kind in ("too_short", "too_long"):
        bound = ctx.get("min_length" if kind == "too_short" else "max_length")
        actual = ctx.get("actual_length")
        short = kind == "too_short"
        fr_word, en_word = ("au moins", "at least") if short else ("au plus", "at most")
        return Text(
            fr=f"{fr_word} {bound} élément(s) attendu(s), {actual} trouvé(s)",
            en=f"expected {en_word} {bound} item(s), found {actual}",
        )
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return Text(fr="ne doit pas être vide", en="must not be empty")
        return _kind(
            f"au moins {ctx.get('min_length')} caractères attendus",
            f"expected at least {ctx.get('min_length')} characters",
            value,
        )
    if kind == "string_too_long":
        length = len(value) if isinstance(value, str) else "?"
        return Text(
            fr=f"texte trop long ({length} caractères ; au plus {ctx.get('max_length')})",
            en=f"text too long ({length} characters; at most {ctx.get('max_length')})",
        )
    if kind == "string_pattern_mismatch":
        return _kind(
            f"ne respecte pas le format attendu (motif {ctx.get('pattern')})",
            f"does not match the expected format (pattern {ctx.get('pattern')})",
            value,
        )
    if kind in _BOUNDS:
        bound_key, fr, en = _BOUNDS[kind]
        return _kind(f"{fr} {ctx.get(bound_key)}", f"{en} {ctx.get(bound_key)}", value)
    if kind in ("value_error", "assertion_error"):
        error = ctx.get("error")
        if isinstance(error, InvalidValue):
            return error.text
        return str(error) if error is not None else err["msg"].removeprefix("Value error, ")
    return err["msg"]


def id_in(*lists: str) -> SubjectAt:
    """A ``subject`` for files whose items are lists of mappings with an ``id``
    (``rules``, ``clauses``, ``criteria``...): the id of the item the path points into."""
    return lambda data, loc: item_id(data, loc, lists)


def item_id(data: Any, loc: Loc, lists: Collection[str]) -> str:
    """The ``id`` of ``data[loc[0]][loc[1]]`` when ``loc[0]`` is one of ``lists``, else ""."""
    if len(loc) < 2 or loc[0] not in lists:
        return ""
    try:
        return str(data[loc[0]][loc[1]].get("id", ""))
    except (KeyError, IndexError, TypeError, AttributeError):
        return ""
