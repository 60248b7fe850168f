"""Plain-text renderings of questions and answers in French or English (no terminal code)."""

from __future__ import annotations

from typing import Any

from sovereignty.core.model import Lang
from sovereignty.questionnaire.answers import Answer
from sovereignty.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Question,
    RecordsQuestion,
    SingleChoice,
    YesNo,
)

YES_NO = {"yes": {"fr": "Oui", "en": "Yes"}, "no": {"fr": "Non", "en": "No"}}
UNKNOWN_LABEL = {"fr": "Je ne sais pas", "en": "I don't know"}


def choice_label(question: Question | Any, value: str, lang: Lang) -> str:
    if isinstance(question, YesNo) or getattr(question, "type", "") == "yes_no":
        return YES_NO.get(value, {}).get(lang, value)
    for choice in getattr(question, "choices", ()):
        if choice.value == value:
            return str(choice.label(lang))
    return value


def plural(noun: str, count: int) -> str:
    """``noun`` for ``count`` items: "sous-traitant" → "sous-traitants" (regular plurals only;
    the item labels of the banks are chosen so)."""
    if count == 1 or not noun or noun.endswith(("s", "x", "z")):
        return noun
    head, _, tail = noun.partition(" ")  # "flux de données": only the first word agrees
    return f"{head}s {tail}".strip() if tail else f"{noun}s"


def format_value(question: Question, value: Any, lang: Lang) -> str:
    match question:
        case SingleChoice() | YesNo():
            return choice_label(question, value, lang)
        case MultipleChoice():
            return ", ".join(choice_label(question, v, lang) for v in value) or "—"
        case NumberQuestion(unit=unit):
            shown = f"{value:g}" if isinstance(value, float) else str(value)
            return f"{shown} {unit(lang)}" if unit else shown
        case RecordsQuestion():
            if not value:
                return "—"
            noun = question.item_label(lang) if question.item_label else ""
            names = [str(next(iter(r.values()), "")) for r in value if isinstance(r, dict)]
            return f"{len(value)} {plural(noun, len(value))}".strip() + f" ({', '.join(names)})"
    return str(value)


def format_answer(question: Question, answer: Answer | None, lang: Lang) -> str:
    if answer is None:
        return "—"
    if answer.unknown:
        return UNKNOWN_LABEL[lang]
    return format_value(question, answer.value, lang)
