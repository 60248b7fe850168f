"""Regularity before scoring: is the offer one the buyer may rank at all?

An offer is checked against the published minimum requirements (``Profile.requirements``) and
the budget, before and apart from its scores (CCP art. R2152-6: only regular, acceptable and
appropriate offers are ranked; a low score is never a ground to reject one):

- ``inappropriate`` (CCP art. L2152-4), ``irregular`` (L2152-2), ``unacceptable`` (L2152-3,
  e.g. a price above the budget set before launch): a requirement is unmet; the result names
  the requirement, the answers that show it and the legal basis. When several are unmet the
  most serious consequence is the state, in that order;
- ``incomplete``: nothing unmet, but answers are missing: required vendor questions left
  unanswered, a requirement the answers cannot decide (the questions to put to the bidder,
  never a guess), or no price. An incomplete offer is irregular until completed (L2152-2),
  ready for a request for clarification;
- ``regular``: every requirement met, every required answer and the price given.

A regularisation round (CCP art. R2152-1, R2152-2) is recorded in the journal by the services;
the check itself is run again on the corrected answers, nothing is carried over.

Pure: (profile, the offer's facts, missing questions, price) -> :class:`Regularity`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

from sovereignty.core.conditions import ABSENT, MISSING, UNKNOWN, Regime, evaluate, leaves
from sovereignty.core.conditions import Finding as FindingLeaf
from sovereignty.core.model import Model
from sovereignty.scoring.award import Consequence, Requirement
from sovereignty.scoring.model import Profile
from sovereignty.scoring.results import Fact

State = Literal["regular", "incomplete", "unacceptable", "irregular", "inappropriate"]
# Most serious first: the state of an offer failing several requirements.
SEVERITY: tuple[Consequence, ...] = ("inappropriate", "irregular", "unacceptable")
BUDGET_REQUIREMENT = "BUDGET"  # the built-in check of the price against the budget


class OfferFacts(Protocol):
    def value(self, question_id: str) -> object: ...
    def has_regime(self, regime_id: str) -> bool | None: ...
    def has_finding(self, finding_id: str) -> bool | None: ...


class RequirementResult(Model):
    id: str
    outcome: Literal["met", "unmet", "undetermined"]
    consequence: Consequence
    facts: tuple[Fact, ...] = ()
    ask: tuple[str, ...] = ()  # undetermined: the questions whose answers would decide


class Regularity(Model):
    state: State
    requirements: tuple[RequirementResult, ...]
    missing: tuple[str, ...] = ()  # required vendor questions left unanswered
    ask: tuple[str, ...] = ()  # every question to put to the bidder, in bank order
    price_missing: bool = False
    price: float | None = None  # the life-cycle cost, euros HT
    budget: float | None = None

    @property
    def regular(self) -> bool:
        return self.state == "regular"

    @property
    def unmet(self) -> list[RequirementResult]:
        return [r for r in self.requirements if r.outcome == "unmet"]

    @property
    def undetermined(self) -> list[RequirementResult]:
        return [r for r in self.requirements if r.outcome == "undetermined"]


def _facts(requirement: Requirement, facts: OfferFacts) -> tuple[tuple[Fact, ...], list[str]]:
    """What the condition read, and the questions left without an answer."""
    seen: list[Fact] = []
    ask: list[str] = []
    for leaf in leaves(requirement.unmet_when):
        if isinstance(leaf, Regime):
            known = facts.has_regime(leaf.id)
            seen.append(
                Fact(
                    kind="regime",
                    id=leaf.id,
                    state="unknown" if known is None else "value",
                    value=known,
                )
            )
            continue
        if isinstance(leaf, FindingLeaf):
            seen.append(
                Fact(kind="finding", id=leaf.id, state="value", value=facts.has_finding(leaf.id))
            )
            continue
        qid = str(getattr(leaf, "question", ""))
        if any(f.kind == "question" and f.id == qid for f in seen):
            continue
        value = facts.value(qid)
        if value is ABSENT:
            seen.append(Fact(kind="question", id=qid, state="absent"))
        elif value is UNKNOWN or value is MISSING:
            state: Literal["unknown", "missing"] = "unknown" if value is UNKNOWN else "missing"
            seen.append(Fact(kind="question", id=qid, state=state))
            ask.append(qid)
        else:
            seen.append(Fact(kind="question", id=qid, state="value", value=value))
    return tuple(seen), ask


def check_regularity(
    profile: Profile,
    facts: OfferFacts,
    missing: Sequence[str] = (),
    price: float | None = None,
    order: Sequence[str] = (),
) -> Regularity:
    """Check one offer. ``missing``: required vendor questions unanswered; ``price``: its
    life-cycle cost (None: no price given); ``order``: question ids in bank order, to list the
    questions to ask as the bidder reads them."""
    results = []
    asked: list[str] = list(missing)
    for requirement in profile.requirements:
        seen, ask = _facts(requirement, facts)
        met = evaluate(requirement.unmet_when, facts)
        outcome: Literal["met", "unmet", "undetermined"] = (
            "undetermined" if met is None else "unmet" if met else "met"
        )
        results.append(
            RequirementResult(
                id=requirement.id,
                outcome=outcome,
                consequence=requirement.consequence,
                facts=seen,
                ask=tuple(ask) if outcome == "undetermined" else (),
            )
        )
        if outcome == "undetermined":
            asked += [q for q in ask if q not in asked]
    budget = profile.award.price.budget if profile.award else None
    if budget is not None and price is not None:
        results.append(
            RequirementResult(
                id=BUDGET_REQUIREMENT,
                outcome="unmet" if price > budget + 1e-9 else "met",
                consequence="unacceptable",
            )
        )
    rank = {q: i for i, q in enumerate(order)}
    asked.sort(key=lambda q: rank.get(q, len(rank)))
    unmet = {r.consequence for r in results if r.outcome == "unmet"}
    state: State
    if unmet:
        state = next(c for c in SEVERITY if c in unmet)
    elif asked or price is None:
        state = "incomplete"
    else:
        state = "regular"
    return Regularity(
        state=state,
        requirements=tuple(results),
        missing=tuple(missing),
        ask=tuple(asked),
        price_missing=price is None,
        price=price,
        budget=budget,
    )
