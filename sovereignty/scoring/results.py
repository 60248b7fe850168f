"""What the engine returns: every figure with the evidence behind it (pure data, JSON-ready)."""

from __future__ import annotations

from typing import Any, Literal

from sovereignty.core.model import Model

State = Literal["value", "unknown", "missing", "absent"]
Status = Literal["admitted", "review", "eliminated"]


class Fact(Model):
    """One input as it was seen: an answer, a regime or a finding."""

    kind: Literal["question", "regime", "finding"]
    id: str
    state: State
    value: Any = None


class Evidence(Model):
    """One line of explanation behind a criterion's score."""

    kind: Literal["answer", "condition", "finding", "no_finding", "evaluation", "override"]
    facts: tuple[Fact, ...] = ()
    points: float | None = None
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
    minimum: float | None = None
    outcome: Literal["passed", "failed", "undetermined"] | None = None


class GateResult(Model):
    id: str
    outcome: Literal["passed", "failed", "undetermined"]
    effect: Literal["none", "eliminate", "review"]
    facts: tuple[Fact, ...] = ()


class RiskReason(Model):
    kind: Literal["eliminated", "review", "findings", "total", "condition"]
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
    total: float
    status: Status
    eliminated_by: tuple[str, ...] = ()  # gate ids, or "axis:<id>" for a minimum level
    review_by: tuple[str, ...] = ()
    criteria: tuple[CriterionResult, ...]
    axes: tuple[AxisResult, ...]
    gates: tuple[GateResult, ...]
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
