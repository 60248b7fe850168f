"""Findings: what is wrong (or worth knowing) about an offer, and why.

Produced by the regulatory rules (from answers), the AI Act classification and the data-flow
graph analyses; consumed by scoring (deductions by severity), the contract annex (``clauses``
that remedy it) and the reports. Every finding carries its evidence: the answers that triggered
it, the witness path in the graph, the legal basis.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import PrivateAttr, SerializerFunctionWrapHandler, model_serializer

from sovereignty.core.model import LANGS, Lang, Model, Text

Severity = Literal["blocking", "major", "minor", "info"]
SEVERITY_ORDER: dict[str, int] = {"blocking": 0, "major": 1, "minor": 2, "info": 3}
SEVERITY_LABEL: dict[str, Text] = {
    "blocking": Text(fr="Bloquant", en="Blocking"),
    "major": Text(fr="Majeur", en="Major"),
    "minor": Text(fr="Mineur", en="Minor"),
    "info": Text(fr="Information", en="Information"),
}
Source = Literal["answers", "classification", "graph"]


class AnswerRef(Model):
    """One answer that contributed to a result, as it was given."""

    question: str
    value: Any = None
    unknown: bool = False
    evidence: str | None = None  # the document the respondent gave in support, if any


class DeferredText(Text):
    """A text written when first read, one language at a time.

    A graph analysis finds thousands of things, each worded in two languages, and an output shows
    few of them in one language: the values are kept and the wording waits until it is asked for.
    Reads, comparisons, hashing and serialisation all see the written text.
    """

    _write: Callable[[Lang], str] = PrivateAttr()

    @classmethod
    def of(cls, write: Callable[[Lang], str]) -> DeferredText:
        # model_construct without its per-call work: no field is set yet, one private value
        text = cls.__new__(cls)
        object.__setattr__(text, "__dict__", {})
        object.__setattr__(text, "__pydantic_fields_set__", set())
        object.__setattr__(text, "__pydantic_extra__", None)
        object.__setattr__(text, "__pydantic_private__", {"_write": write})
        return text

    def __getattr__(self, name: str) -> Any:
        if name in LANGS:
            value = self._write("fr" if name == "fr" else "en")
            written = self.__dict__
            written[name] = value
            if "fr" in written and next(iter(written)) != "fr":
                written["en"] = written.pop("en")  # in Text's field order
            return value
        return super().__getattr__(name)  # type: ignore[misc]  # pydantic's, at run time

    def written(self) -> Text:
        return Text.model_construct(fr=self.fr, en=self.en)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Text):
            return (self.fr, self.en) == (other.fr, other.en)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.written())


class Finding(Model):
    id: str  # the rule id, stable: AREA-NN (HOST-01, FLOW-03...)
    severity: Severity
    title: Text
    explanation: Text
    source: Source = "answers"
    triggers: tuple[AnswerRef, ...] = ()  # the answers behind it
    legal: tuple[str, ...] = ()  # references, see sovereignty.core.legal
    clauses: tuple[str, ...] = ()  # clause ids of the library that remedy it
    path: tuple[str, ...] = ()  # witness path in the data-flow graph (node ids), if any
    subject: str | None = None  # what it is about: a vendor id, a node id, a jurisdiction...
    vendor: str | None = None

    _later: Callable[[str], Any] | None = PrivateAttr(default=None)

    @classmethod
    def deferred(cls, later: Callable[[str], Any], **fields: Any) -> Finding:
        """A finding made by an analysis (not validated: its values are built, not read), whose
        fields not given are computed by ``later(name)`` when first read: what thousands of
        findings need only when shown. Made with as few objects as can be, since an analysis
        makes thousands."""
        finding = cls.__new__(cls)
        object.__setattr__(finding, "__dict__", fields)
        object.__setattr__(finding, "__pydantic_fields_set__", _FIELD_NAMES)
        object.__setattr__(finding, "__pydantic_extra__", None)
        object.__setattr__(finding, "__pydantic_private__", {"_later": later})
        return finding

    def __getattr__(self, name: str) -> Any:
        private = self.__pydantic_private__
        later = private.get("_later") if private else None
        if later is not None and name in _FIELDS:
            values = self.__dict__
            values[name] = later(name)
            if len(values) == len(_FIELDS):
                self._settle()
            return values[name]
        return super().__getattr__(name)  # type: ignore[misc]  # pydantic's, at run time

    def _settle(self) -> None:
        """Compute what was deferred, keeping the fields in their declared order."""
        private = self.__pydantic_private__
        later = private.get("_later") if private else None
        if private and later is not None:
            values = self.__dict__
            for name in _FIELDS:
                if name not in values:
                    values[name] = later(name)
            private["_later"] = None  # as a finding made whole
            object.__setattr__(self, "__dict__", {name: values[name] for name in _FIELDS})

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Finding):
            self._settle()
            other._settle()
        return super().__eq__(other)

    def __hash__(self) -> int:
        self._settle()
        return hash(tuple(self.__dict__.values()))

    @model_serializer(mode="wrap")
    def _written(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Deferred fields and texts are computed before the finding is serialised."""
        self._settle()
        for text in (self.title, self.explanation):
            if isinstance(text, DeferredText):
                text.fr, text.en  # noqa: B018 - reading writes them
        data: dict[str, Any] = handler(self)
        return data


_FIELDS = Finding.model_fields
# The fields set of every deferred finding (all, some computed later), one set shared: a frozen
# model's is never changed (pydantic copies it before updating a copy's).
_FIELD_NAMES = set(_FIELDS)


def evidence_of(answers: Any, question_id: str) -> str | None:
    """The evidence given with an answer (``answers`` maps question ids to answers), if any."""
    answer = answers.get(question_id) if isinstance(answers, dict) else None
    evidence = getattr(answer, "evidence", None)
    return evidence if isinstance(evidence, str) and evidence.strip() else None


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.id, f.subject or ""))
