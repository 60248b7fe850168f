"""JSON Schema of an answer sheet for a given bank: the structure plus each question's values."""

from __future__ import annotations

from typing import Any

from sovereignty.questionnaire.answers import AnswerSheet
from sovereignty.questionnaire.loader import QuestionBank


def _value_schema(q: Any) -> dict[str, Any]:
    match q.type:
        case "single_choice" | "yes_no":
            return {"type": "string", "enum": list(q.values)}
        case "multiple_choice":
            return {
                "type": "array",
                "items": {"type": "string", "enum": list(q.values)},
                "uniqueItems": True,
                "minItems": getattr(q, "min_selected", 0),
            }
        case "text":
            return {"type": "string", "minLength": 1, "maxLength": q.max_length}
        case "number":
            schema: dict[str, Any] = {"type": "integer" if q.integer else "number"}
            if q.min is not None:
                schema["minimum"] = q.min
            if q.max is not None:
                schema["maximum"] = q.max
            return schema
        case "date":
            return {"type": "string", "format": "date"}
        case "records":
            return {
                "type": "array",
                "minItems": q.min_items,
                "maxItems": q.max_items,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {f.id: _value_schema(f) for f in q.fields},
                    "required": [f.id for f in q.fields if f.required],
                },
            }
    raise ValueError(q.type)  # pragma: no cover


def answer_sheet_schema(bank: QuestionBank) -> dict[str, Any]:
    schema = AnswerSheet.model_json_schema(by_alias=True)
    answer_meta = {
        "comment": {"type": "string"},
        "evidence": {"type": "string"},
        "by": {"type": "string"},
        "at": {"type": "string", "format": "date-time"},
    }
    properties = {}
    for q in bank.questions:
        value = {
            "type": "object",
            "additionalProperties": False,
            "properties": {"value": _value_schema(q), **answer_meta},
            "required": ["value"],
            "description": q.label.en,
        }
        unknown = {
            "type": "object",
            "additionalProperties": False,
            "properties": {"unknown": {"const": True}, **answer_meta},
            "required": ["unknown"],
        }
        properties[q.id] = {"oneOf": [value, unknown]} if q.allow_unknown else value
    schema["properties"]["answers"] = {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }
    schema["title"] = f"Answer sheet for question bank {bank.id} {bank.version}"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
