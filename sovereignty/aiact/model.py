"""What the AI Act classification says about one offer, and why.

Every conclusion carries its reasons; every reason cites at least one article and the answers it
rests on. A regime is ``applies``, ``does_not_apply`` or ``undetermined``; an undetermined one
lists the questions that would decide it and what each answer would give. The ids below are
stable: scoring profiles and clause conditions use them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, get_args

from sovereignty.core.model import Model, Text
from sovereignty.findings.model import AnswerRef

RegimeId = Literal[
    "not_ai_system",
    "out_of_scope",
    "prohibited",
    "high_risk_annex_i",
    "high_risk_annex_iii",
    "transparency",
    "gpai",
    "gpai_systemic_risk",
    "minimal_risk",
]
# The one list of regime ids: profiles, rules and clause libraries check theirs against it.
REGIME_IDS: tuple[RegimeId, ...] = get_args(RegimeId)
RegimeStatus = Literal["applies", "does_not_apply", "undetermined"]
RoleId = Literal["deployer", "provider"]
Basis = Literal["declared", "intended_use"]  # the vendor's declaration, or the hospital's use
Party = Literal["hospital", "vendor"]


class Reason(Model):
    """One step of reasoning: a fact or rule, the articles behind it, the answers it reads."""

    key: str  # stable id of the message, e.g. "annex_i.device_needs_notified_body"
    text: Text
    legal: tuple[str, ...]
    answers: tuple[AnswerRef, ...] = ()


class AppliedException(Model):
    """An exception or limit of the text that decided a regime (e.g. Art. 50(1), obvious)."""

    id: str  # stable, e.g. "AIA art. 5(1)(f) medical or safety reasons"
    text: Text
    legal: tuple[str, ...]


class WhatIf(Model):
    """What a regime would become if one deciding question were answered ``value``."""

    question: str
    value: Any
    status: RegimeStatus
    points: tuple[str, ...] = ()


class RegimeResult(Model):
    id: RegimeId
    status: RegimeStatus
    title: Text
    points: tuple[str, ...] = ()  # "5(1)(f)", "5(d)", "50(1)"...: the provisions that apply
    basis: tuple[Basis, ...] = ()
    reasons: tuple[Reason, ...] = ()
    articles: tuple[str, ...] = ()  # every reference the reasons cite, in order
    exceptions: tuple[AppliedException, ...] = ()  # exceptions or limits that were applied
    deciding_questions: tuple[str, ...] = ()  # when undetermined
    possible_outcomes: tuple[RegimeStatus, ...] = ()  # when undetermined
    what_if: tuple[WhatIf, ...] = ()  # when undetermined


class RoleResult(Model):
    """The hospital's role under the AI Act: deployer, or provider through Art. 25(1)."""

    id: RoleId | None  # None while undetermined
    status: Literal["determined", "undetermined"]
    possible: tuple[RoleId, ...]
    reasons: tuple[Reason, ...] = ()
    risks: tuple[Reason, ...] = ()  # requalification risks to handle in the contract
    requalification_risk: bool | None = None
    # "out_of_scope" or "prohibited": no AI Act role can be exercised (the id stays "deployer",
    # the one who would use it)
    stands_alone: Literal["out_of_scope", "prohibited"] | None = None
    deciding_questions: tuple[str, ...] = ()
    vendor_intended: str | None = None
    hospital_intended: str | None = None
    alignment: str | None = None


class ObligationResult(Model):
    id: str  # stable: H-... for the hospital, V-... for the vendor
    party: Party
    title: Text
    detail: Text
    legal: tuple[str, ...]
    applies_from: dt.date | None  # None: already in force, no specific start date
    date_key: str  # the entry of data/dates.yaml it was computed from
    date_confirmed: bool
    status: Literal["applicable", "upcoming"]  # at the as-of date
    certainty: Literal["applies", "undetermined"]
    because: tuple[str, ...] = ()  # regime ids and conditions that brought it in
    deciding_questions: tuple[str, ...] = ()
    note: Text | None = None


class Classification(Model):
    as_of: dt.date
    regimes: tuple[RegimeResult, ...]
    role: RoleResult
    obligations: tuple[ObligationResult, ...] = ()

    def regime(self, regime_id: str) -> RegimeResult:
        return next(r for r in self.regimes if r.id == regime_id)

    @property
    def applicable(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.regimes if r.status == "applies")

    @property
    def undetermined(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.regimes if r.status == "undetermined")

    def has_regime(self, regime_id: str) -> bool | None:
        """Three-valued, for the condition language (``{op: regime, id: ...}``)."""
        status = self.regime(regime_id).status
        return None if status == "undetermined" else status == "applies"

    def obligations_of(self, party: Party) -> tuple[ObligationResult, ...]:
        return tuple(o for o in self.obligations if o.party == party)
