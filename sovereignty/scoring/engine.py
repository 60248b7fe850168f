"""The scoring engine: a pure function of (profile, answers, findings, regimes, evaluations,
overrides). No file, no terminal, no clock: the same inputs always give the same scores.

Every figure carries its evidence: the answers and points behind an answer-based criterion, the
findings and deductions behind a findings-based one, each evaluator's mark and justification
behind a manual one, and the override (who, when, why) when a human replaced the score.

Conventions:
- a criterion's *share* is in [0, 1]; its points are ``share x weight``; the total is the sum of
  points over the sum of weights, on 100;
- answers that do not apply, unknown or missing (the rule published with the grid,
  ``published.answers_rule``): a points or bands item whose question does not apply to the offer
  (ABSENT: its condition is false, e.g. who holds the keys of data kept on site) earns its full
  points, there is nothing to protect, unless the item states ``if_absent``; but in a criterion
  where the offer gave no answer at all, every item is scored as unknown; "I don't know" and
  missing answers (UNKNOWN, MISSING) earn ``if_unknown``, 0 by default: what is not shown does
  not earn points. A condition item earns its points when its condition holds; an absent
  answer meets no comparison there, and an undetermined condition earns ``if_unknown``. Where
  "does not apply" can also mean "missing" (no encryption, hence no key holder), the grid uses
  condition items that say which case earns the points;
- points are said in the grid's points everywhere: an item's points and maximum in the evidence
  are converted by ``model.grid_points_per_unit``, the function the published grid uses;
- a findings-based criterion starts from full marks only when the answers its findings are
  drawn from (``basis``) are all given (an optional question left empty is an answer: "none"):
  with one missing or unknown, nothing shows the absence
  of a problem, so it scores 0 (what is not shown scores nothing, on every criterion); each
  finding id is deducted once, at its worst severity (one fact, one finding);
- a manual criterion nobody has scored yet is *pending*: it counts 0 and is flagged everywhere;
- nothing here rejects an offer: regularity is decided before scoring, against the published
  requirements (``scoring.regularity``), never from a score.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sovereignty.core.conditions import (
    ABSENT,
    MISSING,
    UNKNOWN,
    Condition,
    Finding,
    Regime,
    evaluate,
    leaves,
)
from sovereignty.findings.model import Finding as OfferFinding
from sovereignty.scoring.aggregate import aggregate
from sovereignty.scoring.model import (
    AnswersMethod,
    BandsItem,
    ConditionItem,
    Criterion,
    EvaluatorsMethod,
    FindingsMethod,
    PointsItem,
    Profile,
    grid_points_per_unit,
    item_max,
)
from sovereignty.scoring.results import (
    AxisResult,
    CriterionResult,
    Evidence,
    Fact,
    OfferScore,
    RiskReason,
    RiskResult,
)

__all__ = [
    "AxisResult",
    "CriterionResult",
    "EvaluatorMark",
    "Evidence",
    "Fact",
    "KnownRegimes",
    "OfferInputs",
    "OfferScore",
    "Override",
    "RiskReason",
    "RiskResult",
    "offer_facts",
    "score_offer",
]


class Answers(Protocol):
    def value(self, question_id: str) -> Any:
        """The answer's value, or UNKNOWN, MISSING or ABSENT (see core.conditions)."""


class Regimes(Protocol):
    def has_regime(self, regime_id: str) -> bool | None:
        """Whether the AI Act regime applies; None when undetermined."""


@dataclass(frozen=True)
class KnownRegimes:
    """Regimes as a plain set: those listed apply, the others do not (tests, simple callers)."""

    applies: frozenset[str]

    def has_regime(self, regime_id: str) -> bool | None:
        return regime_id in self.applies


@dataclass(frozen=True)
class OfferInputs:
    """What the engine reads about one offer."""

    vendor_id: str
    vendor_name: str
    answers: Answers
    findings: tuple[OfferFinding, ...] = ()
    regimes: Regimes | None = None  # e.g. sovereignty.aiact Classification; None: not available
    # Questions whose absence of answer is itself an answer (optional: "leave empty if none").
    optional: frozenset[str] = frozenset()


@dataclass(frozen=True)
class EvaluatorMark:
    evaluator: str
    establishment: str
    mark: float
    justification: str


@dataclass(frozen=True)
class Override:
    percent: float  # the criterion's new score, % of its weight
    justification: str
    by: str
    at: str


class _OfferFacts:
    """Answers plus regimes and findings, for the condition language (``offer_facts``)."""

    def __init__(self, offer: OfferInputs) -> None:
        self.offer = offer
        self.finding_ids = frozenset(f.id for f in offer.findings)

    def value(self, question_id: str) -> Any:
        return self.offer.answers.value(question_id)

    def has_regime(self, regime_id: str) -> bool | None:
        regimes = self.offer.regimes
        return None if regimes is None else regimes.has_regime(regime_id)

    def has_finding(self, finding_id: str) -> bool | None:
        return finding_id in self.finding_ids


def offer_facts(offer: OfferInputs) -> _OfferFacts:
    """An offer's answers, regimes and findings as the condition language reads them (the
    regularity check reads the same facts the scores do)."""
    return _OfferFacts(offer)


# --- facts ----------------------------------------------------------------------------------
def _seen(question_id: str, value: Any) -> Fact:
    if value is ABSENT:
        return Fact(kind="question", id=question_id, state="absent")
    if value is UNKNOWN:
        return Fact(kind="question", id=question_id, state="unknown")
    if value is MISSING:
        return Fact(kind="question", id=question_id, state="missing")
    return Fact(kind="question", id=question_id, state="value", value=value)


def condition_facts(condition: Condition, facts: _OfferFacts) -> tuple[Fact, ...]:
    """The inputs a condition read, each once, as seen."""
    seen: dict[tuple[str, str], Fact] = {}
    for leaf in leaves(condition):
        if isinstance(leaf, Regime):
            known = facts.has_regime(leaf.id)
            seen[("regime", leaf.id)] = Fact(
                kind="regime",
                id=leaf.id,
                state="unknown" if known is None else "value",
                value=known,
            )
        elif isinstance(leaf, Finding):
            seen[("finding", leaf.id)] = Fact(
                kind="finding", id=leaf.id, state="value", value=facts.has_finding(leaf.id)
            )
        else:
            qid = leaf.question  # type: ignore[union-attr]
            seen[("question", qid)] = _seen(qid, facts.value(qid))
    return tuple(seen.values())


# --- the three ways of scoring ----------------------------------------------------------------
def _answer_item(
    index: int, item: PointsItem | BandsItem | ConditionItem, facts: _OfferFacts, unit: float
) -> Evidence:
    """One item's points, in grid points (``unit``: grid points per point of the item)."""
    top = item_max(item)
    if isinstance(item, ConditionItem):
        result = evaluate(item.when, facts)
        earned = item.points if result else 0.0
        if result is None:
            earned = min(item.if_unknown, top)
        return Evidence(
            kind="condition",
            item=index,
            facts=condition_facts(item.when, facts),
            points=earned * unit,
            max=top * unit,
        )
    value = facts.value(item.question)
    if value is ABSENT:
        earned = top if item.if_absent is None else min(item.if_absent, top)
    elif value is UNKNOWN or value is MISSING:
        earned = min(item.if_unknown, top)
    elif isinstance(item, BandsItem):
        number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
        earned = max(
            (b.points for b in item.bands if number is not None and b.holds(number)), default=0.0
        )
    else:
        chosen = value if isinstance(value, list) else [value]
        earned = min(top, sum(item.points.get(str(v), 0.0) for v in chosen))
    return Evidence(
        kind="answer",
        item=index,
        facts=(_seen(item.question, value),),
        points=float(earned) * unit,
        max=top * unit,
    )


def _by_answers(
    method: AnswersMethod, facts: _OfferFacts, weight: float
) -> tuple[float, list[Evidence]]:
    unit = grid_points_per_unit(weight, method.items)
    evidence = [_answer_item(i, item, facts, unit) for i, item in enumerate(method.items)]
    if not any(f.kind == "question" and f.state == "value" for e in evidence for f in e.facts):
        # Not one answer given: every item is scored as unknown, even one whose question does
        # not apply (silence earns nothing on its own).
        unanswered = tuple(
            f for e in evidence for f in e.facts if f.state in ("unknown", "missing")
        )
        scored = [
            e.model_copy(update={"points": min(item.if_unknown, item_max(item)) * unit})
            for e, item in zip(evidence, method.items, strict=True)
        ]
        evidence = [*scored, Evidence(kind="not_assessed", facts=unanswered)]
    top = sum(e.max or 0.0 for e in evidence)
    earned = sum(e.points or 0.0 for e in evidence)
    return (earned / top if top else 0.0), evidence


def _by_findings(method: FindingsMethod, facts: _OfferFacts) -> tuple[float, list[Evidence]]:
    optional = facts.offer.optional
    unanswered = [
        _seen(qid, value)
        for qid in method.basis
        if (value := facts.value(qid)) is UNKNOWN or (value is MISSING and qid not in optional)
    ]
    if unanswered:
        return 0.0, [Evidence(kind="not_assessed", facts=tuple(unanswered))]
    matched = [f for f in facts.offer.findings if method.matches(f.id)]
    if method.count == "once_per_id":
        worst: dict[str, OfferFinding] = {}
        order = {"blocking": 0, "major": 1, "minor": 2, "info": 3}
        for finding in matched:
            kept = worst.get(finding.id)
            if kept is None or order[finding.severity] < order[kept.severity]:
                worst[finding.id] = finding
        matched = list(worst.values())
    matched.sort(key=lambda f: (f.id, f.subject or ""))
    evidence = [
        Evidence(
            kind="finding",
            finding=f.id,
            severity=f.severity,
            subject=f.subject,
            deduction=method.deductions.get(f.severity, 0.0),
        )
        for f in matched
    ]
    if not evidence:
        return 1.0, [Evidence(kind="no_finding")]
    deducted = sum(e.deduction or 0.0 for e in evidence)
    return max(0.0, 1.0 - deducted / 100.0), evidence


def _by_evaluators(
    method: EvaluatorsMethod, marks: Sequence[EvaluatorMark], profile: Profile
) -> tuple[float | None, list[Evidence], dict[str, Any]]:
    evidence = [
        Evidence(
            kind="evaluation",
            evaluator=m.evaluator,
            establishment=m.establishment,
            mark=m.mark,
            justification=m.justification,
        )
        for m in sorted(marks, key=lambda m: m.evaluator)
    ]
    if not marks:
        return None, evidence, {}
    scale = method.scale
    result = aggregate(
        [m.mark for m in marks],
        profile.evaluation.aggregate,
        scale.max - scale.min,
        profile.evaluation.disagreement_above,
    )
    share = (result.value - scale.min) / (scale.max - scale.min)
    extra = {"mark": result.value, "spread": result.spread, "disagreement": result.disagreement}
    return share, evidence, extra


def score_criterion(
    criterion: Criterion,
    profile: Profile,
    facts: _OfferFacts,
    marks: Sequence[EvaluatorMark] = (),
    override: Override | None = None,
) -> CriterionResult:
    method = criterion.scoring
    extra: dict[str, Any] = {}
    computed: float | None
    if isinstance(method, AnswersMethod):
        computed, evidence = _by_answers(method, facts, criterion.weight)
    elif isinstance(method, FindingsMethod):
        computed, evidence = _by_findings(method, facts)
    else:
        computed, evidence, extra = _by_evaluators(method, marks, profile)
    share = computed if computed is not None else 0.0
    if override is not None:
        share = override.percent / 100.0
        evidence.append(
            Evidence(
                kind="override",
                points=share * criterion.weight,
                justification=override.justification,
                by=override.by,
                at=override.at,
            )
        )
    return CriterionResult(
        id=criterion.id,
        axis=criterion.axis,
        layer=criterion.layer,
        weight=criterion.weight,
        method=method.method,
        computed=computed,
        share=share,
        points=share * criterion.weight,
        pending=computed is None and override is None,
        overridden=override is not None,
        evidence=tuple(evidence),
        **extra,
    )


# --- axes, risk ------------------------------------------------------------------------------
def _axes(profile: Profile, criteria: Sequence[CriterionResult]) -> list[AxisResult]:
    results = []
    for axis in profile.axes:
        own = [c for c in criteria if c.axis == axis.id]
        top = sum(c.weight for c in own)
        points = sum(c.points for c in own)
        level = 100.0 * points / top if top else 0.0
        results.append(AxisResult(id=axis.id, points=points, max=top, level=level))
    return results


def _risk(
    profile: Profile, total: float, counts: Mapping[str, int], facts: _OfferFacts
) -> RiskResult:
    for level in profile.risk_levels:
        reasons: list[RiskReason] = []
        for severity, least in level.findings_at_least.items():
            if counts.get(severity, 0) >= least:
                reasons.append(
                    RiskReason(
                        kind="findings",
                        severity=severity,
                        count=counts.get(severity, 0),
                        threshold=least,
                    )
                )
        if level.total_below is not None and total < level.total_below:
            reasons.append(RiskReason(kind="total", count=total, threshold=level.total_below))
        if level.when is not None and evaluate(level.when, facts):
            reasons.append(RiskReason(kind="condition"))
        if reasons or not level.has_trigger:
            return RiskResult(level=level.id, reasons=tuple(reasons))
    return RiskResult(level=profile.risk_levels[-1].id)  # pragma: no cover - loader guarantees


def score_offer(
    profile: Profile,
    offer: OfferInputs,
    evaluations: Mapping[str, Sequence[EvaluatorMark]] | None = None,
    overrides: Mapping[str, Override] | None = None,
) -> OfferScore:
    """Score one offer. ``evaluations`` and ``overrides`` are keyed by criterion id."""
    facts = _OfferFacts(offer)
    evaluations = evaluations or {}
    overrides = overrides or {}
    criteria = [
        score_criterion(c, profile, facts, evaluations.get(c.id, ()), overrides.get(c.id))
        for c in profile.criteria
    ]
    total = 100.0 * sum(c.points for c in criteria) / profile.total_weight
    axes = _axes(profile, criteria)
    counts: dict[str, int] = dict(Counter(f.severity for f in offer.findings))
    return OfferScore(
        vendor=offer.vendor_id,
        name=offer.vendor_name,
        profile_id=profile.id,
        profile_version=profile.version,
        total=total,
        criteria=tuple(criteria),
        axes=tuple(axes),
        risk=_risk(profile, total, counts, facts),
        findings={s: counts.get(s, 0) for s in ("blocking", "major", "minor", "info")},
        classification_known=offer.regimes is not None,
    )
