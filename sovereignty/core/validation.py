"""Validating a loaded YAML document against its pydantic model, with messages that say where.

Every file the toolkit reads goes through ``validate_document``, so a wrong file reads the same
whatever its kind: the file, the line and column, the id of the item at fault, the data path and
what is expected::

    rules.yaml: line 12, column 5: [HOST-01] rules.3.severty: unknown key 'severty'
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sovereignty.core.errors import ContentError, Problem
from sovereignty.core.yamlio import Loc, YamlDocument, data_loc

M = TypeVar("M", bound=BaseModel)

# The id of the item a problem is about (question, rule, clause...), from the data and the path.
SubjectAt = Callable[[Any, Loc], str]


def validate_document(
    doc: YamlDocument,
    model_type: type[M],
    *,
    expected: str,
    schema: str | None = None,
    subject: SubjectAt | None = None,
    messages: Mapping[str, str] | None = None,
    error: type[ContentError] = ContentError,
) -> M:
    """``doc.data`` as a ``model_type``, or ``error`` listing every problem with its place.

    ``expected`` says what the file must be when it is not a mapping; ``schema``, when given, is
    the value its ``schema`` key must have; ``subject`` names the item at fault; ``messages``
    replaces pydantic's message for some error types (the value found is added).
    """
    check_mapping(doc, expected=expected, schema=schema, error=error)
    try:
        return model_type.model_validate(doc.data)
    except ValidationError as exc:
        raise error(doc.path, validation_problems(doc, exc, subject, messages)) from None


def check_mapping(
    doc: YamlDocument,
    *,
    expected: str,
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
            Problem(doc.where(("schema",)), f"'schema' must be {schema!r} (found {found!r})"),
        )


def validation_problems(
    doc: YamlDocument,
    exc: ValidationError,
    subject: SubjectAt | None = None,
    messages: Mapping[str, str] | None = None,
) -> list[Problem]:
    """One located problem per pydantic error, in words a person who edits YAML understands."""
    problems = []
    for err in exc.errors():
        loc = data_loc(doc.data, err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            message = f"unknown key {loc[-1]!r}"
        elif kind == "missing":
            message = f"missing required key {loc[-1]!r}"
        elif messages and kind in messages:
            message = f"{messages[kind]} ({err['input']!r})"
        else:
            message = err["msg"].removeprefix("Value error, ")
        path = ".".join(str(part) for part in loc)
        problems.append(
            Problem(
                doc.where(loc),
                f"{path}: {message}" if path else message,
                subject(doc.data, loc) if subject else "",
            )
        )
    return problems


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
