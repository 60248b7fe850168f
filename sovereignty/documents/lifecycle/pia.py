"""The AIPD as a file the CNIL's PIA software imports (its « Importer » button).

The format is the PIA software's own export (public repository LINCnil/pia:
``src/app/services/pia.service.ts``, ``exportData`` / ``importData``; the models under
``src/app/models``; question ids in ``src/assets/files/pia_architecture.json``)::

    {"pia": {...}, "answers": [...], "measures": [...], "evaluations": [...], "comments": [...]}

What the importer reads, field by field, is written down in :data:`SPEC` and checked by
:func:`pia_problems` before the file is written (and by the tests): ``pia`` must be an object
(else "wrong pia file"), the four lists must be lists (the importer loops over them), every
``created_at`` a date string, an answer's ``reference_to`` a question id of the method with
``data`` = ``{text, gauge, list}``, a measure an ``id``, ``title``, ``content`` and
``placeholder``, an evaluation's ``reference_to`` a string (the importer calls ``startsWith`` on
it). Risk questions (321-324, 331-334, 341-344) take lists; gauges (325, 326...) are left for the
DPO to rate in the software.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sovereignty.documents.lifecycle.aipd import QUESTIONS, AipdContent

PLACEHOLDER = "measures.default_placeholder"
RISK_BASE = {"access": 320, "change": 330, "disappearance": 340}
LIST_QUESTIONS = {base + i for base in RISK_BASE.values() for i in (1, 2, 3, 4)}
GAUGE_QUESTIONS = {base + i for base in RISK_BASE.values() for i in (5, 6)}
KNOWN_QUESTIONS = set(QUESTIONS) | LIST_QUESTIONS | GAUGE_QUESTIONS

# key -> (expected types, required). "date" is an ISO 8601 string; "int" excludes booleans.
SPEC: dict[str, dict[str, tuple[tuple[str, ...], bool]]] = {
    "": {
        "pia": (("object",), True),
        "answers": (("list",), True),
        "measures": (("list",), True),
        "evaluations": (("list",), True),
        "comments": (("list",), True),
    },
    "pia": {
        "name": (("str",), True),
        "status": (("int",), True),  # 0 doing, 1 refused, 2 simple validation, 3 signed, 4 archived
        "created_at": (("date",), True),
        "updated_at": (("date",), False),
        "category": (("str",), False),
        "author_name": (("str",), False),
        "evaluator_name": (("str",), False),
        "validator_name": (("str",), False),
        "dpo_status": (("int", "null"), False),
        "dpo_opinion": (("str", "null"), False),
        "dpos_names": (("str", "null"), False),
        "concerned_people_status": (("int", "null"), False),
        "concerned_people_opinion": (("str", "null"), False),
        "concerned_people_searched_opinion": (("bool", "null"), False),
        "concerned_people_searched_content": (("str", "null"), False),
        "people_names": (("str", "null"), False),
        "rejection_reason": (("str", "null"), False),
        "applied_adjustments": (("str", "null"), False),
        "is_example": (("int",), False),
        "is_archive": (("int",), False),
    },
    "answers[]": {
        "reference_to": (("int",), True),
        "data": (("object",), True),
        "created_at": (("date",), True),
        "updated_at": (("date",), False),
        "pia_id": (("int",), False),
    },
    "answers[].data": {
        "text": (("str", "null"), True),
        "gauge": (("int", "null"), True),
        "list": (("list",), True),
    },
    "measures[]": {
        "id": (("int",), True),
        "title": (("str",), True),
        "content": (("str",), True),
        "placeholder": (("str",), True),
        "created_at": (("date",), True),
        "pia_id": (("int",), False),
    },
    "evaluations[]": {
        "reference_to": (("str",), True),
        "status": (("int",), True),
        "global_status": (("int",), True),
        "created_at": (("date",), True),
        "gauges": (("object", "null"), False),
    },
    "comments[]": {
        "description": (("str",), True),
        "reference_to": (("str", "int"), True),
        "for_measure": (("bool",), True),
        "created_at": (("date",), True),
    },
}


def _is(value: Any, kind: str) -> bool:
    match kind:
        case "object":
            return isinstance(value, dict)
        case "list":
            return isinstance(value, list)
        case "str":
            return isinstance(value, str)
        case "int":
            return isinstance(value, int) and not isinstance(value, bool)
        case "bool":
            return isinstance(value, bool)
        case "null":
            return value is None
        case "date":
            if not isinstance(value, str):
                return False
            try:
                dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return False
            return True
    return False


def _check(obj: Any, spec_key: str, where: str, problems: list[str]) -> None:
    for key, (kinds, required) in SPEC[spec_key].items():
        if key not in obj:
            if required:
                problems.append(f"{where}: missing key '{key}'")
            continue
        if not any(_is(obj[key], kind) for kind in kinds):
            found = type(obj[key]).__name__
            problems.append(f"{where}.{key}: expected {' or '.join(kinds)}, found {found}")


def pia_problems(data: Any) -> list[str]:
    """What would stop the PIA software from importing ``data`` (empty when it would)."""
    if not isinstance(data, dict):
        return ["the file must be a JSON object"]
    problems: list[str] = []
    _check(data, "", "$", problems)
    if problems:
        return problems
    _check(data["pia"], "pia", "pia", problems)
    if _is(data["pia"].get("status"), "int") and not 0 <= data["pia"]["status"] <= 4:
        problems.append("pia.status: expected 0 to 4")
    for i, answer in enumerate(data["answers"]):
        where = f"answers[{i}]"
        if not isinstance(answer, dict):
            problems.append(f"{where}: expected object")
            continue
        _check(answer, "answers[]", where, problems)
        ref = answer.get("reference_to")
        if _is(ref, "int") and ref not in KNOWN_QUESTIONS:
            problems.append(f"{where}.reference_to: {ref} is not a question of the PIA method")
        if isinstance(answer.get("data"), dict):
            _check(answer["data"], "answers[].data", f"{where}.data", problems)
            gauge = answer["data"].get("gauge")
            if _is(gauge, "int") and not 0 <= gauge <= 4:
                problems.append(f"{where}.data.gauge: expected 0 to 4")
    ids = []
    for i, measure in enumerate(data["measures"]):
        if not isinstance(measure, dict):
            problems.append(f"measures[{i}]: expected object")
            continue
        _check(measure, "measures[]", f"measures[{i}]", problems)
        ids.append(measure.get("id"))
    if len(ids) != len(set(map(str, ids))):
        problems.append("measures: ids must be unique")
    for name in ("evaluations", "comments"):
        for i, item in enumerate(data[name]):
            if not isinstance(item, dict):
                problems.append(f"{name}[{i}]: expected object")
                continue
            _check(item, f"{name}[]", f"{name}[{i}]", problems)
    return problems


def pia_export(content: AipdContent, author: str, now: dt.datetime | None = None) -> dict[str, Any]:
    """The AIPD as the PIA software's export file (status 0: in progress)."""
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    created = stamp.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    pia_id = 1

    def answer(ref: int, text: str | None = None, items: list[str] | None = None) -> dict[str, Any]:
        return {
            "pia_id": pia_id,
            "reference_to": ref,
            "data": {"text": text, "gauge": None if items is not None else 0, "list": items or []},
            "created_at": created,
        }

    answers = [answer(ref, text) for ref, text in sorted(content.answers.items())]
    for key, base in RISK_BASE.items():
        risk = content.risks[key]
        answers += [
            answer(base + 1, items=risk.impacts),
            answer(base + 2, items=risk.threats),
            answer(base + 3, items=risk.sources),
            answer(base + 4, items=risk.measures),
        ]
    measures = [
        {
            "pia_id": pia_id,
            "id": number,
            "title": measure.title,
            "content": f"{measure.content} ({measure.source})",
            "placeholder": PLACEHOLDER,
            "created_at": created,
        }
        for number, measure in enumerate(content.measures, start=1)
    ]
    return {
        "pia": {
            "name": content.name,
            "category": "sovereignty",
            "author_name": author,
            "evaluator_name": "",
            "validator_name": "",
            "status": 0,
            "dpo_status": None,
            "dpo_opinion": None,
            "dpos_names": None,
            "concerned_people_status": None,
            "concerned_people_opinion": None,
            "concerned_people_searched_opinion": None,
            "concerned_people_searched_content": None,
            "people_names": None,
            "rejection_reason": None,
            "applied_adjustments": None,
            "is_example": 0,
            "is_archive": 0,
            "created_at": created,
            "updated_at": created,
        },
        "answers": answers,
        "measures": measures,
        "evaluations": [],
        "comments": [],
    }
