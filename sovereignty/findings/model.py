"""Findings: what is wrong (or worth knowing) about an offer, and why.

Produced by the regulatory rules (from answers), the AI Act classification and the data-flow
graph analyses; consumed by scoring (deductions by severity), the contract annex (``clauses``
that remedy it) and the reports. Every finding carries its evidence: the answers that triggered
it, the witness path in the graph, the legal basis.
"""

from __future__ import annotations

from typing import Any, Literal

from sovereignty.core.model import Model, Text

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


def evidence_of(answers: Any, question_id: str) -> str | None:
    """The evidence given with an answer (``answers`` maps question ids to answers), if any."""
    answer = answers.get(question_id) if isinstance(answers, dict) else None
    evidence = getattr(answer, "evidence", None)
    return evidence if isinstance(evidence, str) and evidence.strip() else None


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.id, f.subject or ""))
