"""Reading one vendor's answers for the graph: values by question, categories, purposes, names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sovereignty.dataflow.model import CATEGORIES, Category, Purpose, slug


@dataclass
class OfferAnswers:
    """The answers of one vendor that apply: question id -> value; unknown ones listed apart."""

    vendor_id: str
    vendor_name: str
    values: Mapping[str, Any]
    unknown: frozenset[str] = frozenset()
    used: dict[str, Any] = field(default_factory=dict)

    def get(self, question: str) -> Any:
        value = self.values.get(question)
        if value is not None or question in self.unknown:
            self.used[question] = value
        return value

    def choices(self, question: str) -> list[str]:
        value = self.get(question)
        if isinstance(value, list):
            return [v for v in value if isinstance(v, str)]
        return [value] if isinstance(value, str) else []

    def records(self, question: str) -> list[dict[str, Any]]:
        value = self.get(question)
        return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []

    def yes(self, question: str) -> bool | None:
        value = self.get(question)
        return None if value not in ("yes", "no") else value == "yes"


def categories_of(values: list[str]) -> tuple[Category, ...]:
    return tuple(c for c in CATEGORIES if c in values)


_PURPOSE_WORDS: tuple[tuple[Purpose, tuple[str, ...]], ...] = (
    ("export", ("export", "restitution", "reversibil", "portab")),
    ("training", ("entrain", "training", "amelior", "improv", "apprentiss")),
    ("backup", ("sauvegard", "backup")),
    ("monitoring", ("supervis", "monitor", "telemetr", "metrolog")),
    ("support", ("support", "incident", "maintenance", "assistance", "depannage")),
    ("results", ("retour", "result", "priorit", "compte rendu", "report", "restit")),
    ("inference", ("inferen", "analys", "predict", "detect", "triage")),
    ("administration", ("administr", "exploitation")),
    ("storage", ("stockage", "storage", "archiv", "hebergement", "hosting")),
)


def purpose_of(text: str) -> Purpose:
    plain = slug(text).replace("-", " ")
    for purpose, words in _PURPOSE_WORDS:
        if any(word in plain for word in words):
            return purpose
    return "other"


ROLE_PURPOSE: dict[str, Purpose] = {
    "hosting": "storage",
    "model_provider": "inference",
    "support": "support",
    "monitoring": "monitoring",
    "analytics": "analytics",
    "backup": "backup",
}


def words_of(text: str) -> set[str]:
    """The distinctive words of a name, for matching free text to components."""
    stop = {
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "et",
        "the",
        "of",
        "and",
        "d",
        "l",
        "a",
        "au",
        "aux",
        "via",
        "par",
        "sur",
        "en",
        "pour",
    }
    return {w for w in slug(text).split("-") if w not in stop and len(w) > 1} if text else set()
