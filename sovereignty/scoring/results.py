"""What the engine returns: every figure with the evidence behind it (pure data, JSON-ready)."""

from __future__ import annotations

from typing import Any, Literal

from sovereignty.core.model import Model

State = Literal["value", "unknown", "missing", "absent"]


class Fact(Model):
    """One input as it was seen: an answer, a regime or a finding."""

    kind: Literal["question", "regime", "finding"]
    id: str
    state: State
    value: Any = None


class Evidence(Model):
    """One line of explanation behind a criterion's score."""

    # not_assessed: a findings criterion whose basis answers are missing (facts: those answers)
    kind: Literal[
        "answer", "condition", "finding", "no_finding", "not_assessed", "evaluation", "override"
    ]
    facts: tuple[Fact, ...] = ()
    points: float | None = None  # grid points
    max: float | None = None
    item: int | None = None  # index of the answer item in the profile
    finding: str | None = None
    severity: str | None = None
    subject: str | None = None
    deduction: float | None = None  # % of the criterion
    evaluator: str | None = None
    establishment: str | None = None
    mark: float | None = None
    justification: str | None = None
    by: str | None = None
    at: str | None = None


class CriterionResult(Model):
    id: str
    axis: str
    layer: str | None
    weight: float
    method: Literal["answers", "findings", "evaluators"]
    computed: float | None  # share from the method; None while evaluations are pending
    share: float  # the share used: the override, else the computed one, else 0
    points: float
    pending: bool = False
    overridden: bool = False
    mark: float | None = None  # evaluators: the aggregated mark on the scale
    spread: float | None = None
    disagreement: bool = False
    evidence: tuple[Evidence, ...] = ()


class AxisResult(Model):
    id: str
    points: float
    max: float
    level: float  # % of the axis's points


class RiskReason(Model):
    kind: Literal["findings", "total", "condition"]
    severity: str | None = None
    count: float | None = None
    threshold: float | None = None


class RiskResult(Model):
    level: str
    reasons: tuple[RiskReason, ...] = ()


class OfferScore(Model):
    vendor: str
    name: str
    profile_id: str
    profile_version: str
    profile_hash: str | None = None
    total: float  # the grid's points out of 100 (technical and environmental sub-criteria)
    criteria: tuple[CriterionResult, ...]
    axes: tuple[AxisResult, ...]
    risk: RiskResult
    findings: dict[str, int]  # count by severity
    classification_known: bool

    @property
    def pending(self) -> list[str]:
        return [c.id for c in self.criteria if c.pending]

    def criterion(self, criterion_id: str) -> CriterionResult:
        return next(c for c in self.criteria if c.id == criterion_id)

    def axis(self, axis_id: str) -> AxisResult:
        return next(a for a in self.axes if a.id == axis_id)
