"""The award rules published with the grid: award criteria, the price formula, and the minimum
requirements an offer must meet before it is scored. Pure: no file, no terminal.

::

    award:
      criteria:                          # weights add up to 100
        - id: price
          kind: price                    # the life-cycle cost over the contract (CCP art. R2152-9)
          weight: 40
          label: {fr: ..., en: ...}
          formula: proportional          # proportional: weight x lowest / price
                                         # linear: weight x (highest - price) / (highest - lowest)
        - id: technical
          kind: grid                     # scored by the grid: its sub-criteria are the grid's
          weight: 50                     # criteria of the axes listed
          axes: [decide, audit, ...]
          label: {...}
        - id: environmental
          kind: grid
          environmental: true            # CCP art. L2152-7, R2152-7 (from 21 Aug 2026)
          weight: 10
          axes: [frugality]
          label: {...}
      price:
        duration_months: 48              # life-cycle cost = one-off + yearly x duration
        budget: 400000                   # optional: above it an offer is unacceptable (L2152-3)
      tie_break: [technical, price]      # award criteria compared in order when totals are equal
    requirements:                        # minimum requirements, checked before any scoring
      - id: REQ-HDS
        label: {fr: ..., en: ...}
        unmet_when: {op: equals, question: hosting.hds, value: "no"}   # the condition language
        consequence: irregular           # irregular | unacceptable | inappropriate
        legal: ["CSP art. L1111-8"]
        explanation: {fr: ..., en: ...}

The API other layers use (the consultation file renders it, the award applies it; the same
functions compute what is published and what is applied):

- :func:`award_weight` and :func:`subcriterion_points`: the points of an award criterion and
  of each grid criterion inside it, in the award's points out of 100;
- :func:`item_points` (``scoring.model``): an answer item's points in the grid's points;
- :func:`price_share` with :data:`PRICE_FORMULAS`: the share of the price criterion an offer
  earns, given every ranked offer's price;
- :data:`PRICE_COMPONENTS`: the cost components a bidder prices (licences or subscription,
  hosting, integration, training, maintenance, exit and reversibility);
- :data:`CONSEQUENCES`: what an unmet requirement makes of an offer, with its article.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field, model_validator

from sovereignty.core.conditions import Condition
from sovereignty.core.legal import LegalRefs
from sovereignty.core.model import InvalidValue, Model, NonEmptyStr, Text

Consequence = Literal["irregular", "unacceptable", "inappropriate"]
PriceFormula = Literal["proportional", "linear"]

# What an unmet requirement makes of an offer, and the article that says so.
CONSEQUENCES: dict[Consequence, tuple[Text, str]] = {
    "irregular": (Text(fr="irrégulière", en="irregular"), "CCP art. L2152-2"),
    "unacceptable": (Text(fr="inacceptable", en="unacceptable"), "CCP art. L2152-3"),
    "inappropriate": (Text(fr="inappropriée", en="inappropriate"), "CCP art. L2152-4"),
}

PRICE_FORMULAS: dict[PriceFormula, Text] = {
    "proportional": Text(
        fr="note = poids × prix le plus bas ÷ prix de l'offre",
        en="score = weight × lowest price ÷ the offer's price",
    ),
    "linear": Text(
        fr="note = poids × (prix le plus haut − prix de l'offre) ÷ (prix le plus haut − prix le "
        "plus bas) ; des prix tous égaux ont la note entière",
        en="score = weight × (highest price − the offer's price) ÷ (highest price − lowest "
        "price); prices all equal earn the full weight",
    ),
}

PriceComponent = Literal["licences", "hosting", "integration", "training", "maintenance", "exit"]
PRICE_COMPONENTS: dict[PriceComponent, Text] = {
    "licences": Text(fr="Licences ou abonnement", en="Licences or subscription"),
    "hosting": Text(fr="Hébergement", en="Hosting"),
    "integration": Text(fr="Intégration et déploiement", en="Integration and deployment"),
    "training": Text(fr="Formation", en="Training"),
    "maintenance": Text(fr="Maintenance et support", en="Maintenance and support"),
    "exit": Text(fr="Sortie et réversibilité", en="Exit and reversibility"),
}


class Requirement(Model):
    """A minimum requirement published in the consultation file: an offer meeting
    ``unmet_when`` does not comply and is ``consequence``, whatever its scores."""

    id: NonEmptyStr
    label: Text
    unmet_when: Condition
    consequence: Consequence = "irregular"
    legal: LegalRefs = Field(min_length=1)
    explanation: Text | None = None


class AwardCriterion(Model):
    id: NonEmptyStr
    kind: Literal["price", "grid"]
    weight: float = Field(gt=0)
    label: Text
    description: Text | None = None
    formula: PriceFormula | None = None  # price only
    axes: tuple[NonEmptyStr, ...] = ()  # grid only: the grid axes it takes its sub-criteria from
    environmental: bool = False  # takes account of the offer's environmental characteristics
    legal: LegalRefs = ()

    @model_validator(mode="after")
    def _fits_its_kind(self) -> AwardCriterion:
        if self.kind == "price" and (self.formula is None or self.axes):
            raise InvalidValue(
                Text(
                    fr="un critère de prix donne sa formule ('formula' : proportional ou linear) "
                    "et pas d'axes",
                    en="a price criterion gives its formula ('formula': proportional or linear) "
                    "and no axes",
                )
            )
        if self.kind == "grid" and (self.formula is not None or not self.axes):
            raise InvalidValue(
                Text(
                    fr="un critère noté par la grille liste ses axes ('axes') et n'a pas de "
                    "formule de prix",
                    en="a criterion scored by the grid lists its axes ('axes') and has no price "
                    "formula",
                )
            )
        return self


class PriceRules(Model):
    duration_months: int = Field(gt=0)
    budget: float | None = Field(default=None, gt=0)  # euros HT; above it: unacceptable


class Award(Model):
    criteria: tuple[AwardCriterion, ...] = Field(min_length=1)
    price: PriceRules
    tie_break: tuple[NonEmptyStr, ...] = ()

    def criterion(self, criterion_id: str) -> AwardCriterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    @property
    def price_criterion(self) -> AwardCriterion | None:
        return next((c for c in self.criteria if c.kind == "price"), None)

    def criterion_of_axis(self, axis_id: str) -> AwardCriterion | None:
        return next((c for c in self.criteria if axis_id in c.axes), None)


# --- the numbers, published and applied alike -------------------------------------------------
def award_weight(award: Award, criterion_id: str) -> float:
    """An award criterion's points out of 100 (its weight over the sum of weights)."""
    total = sum(c.weight for c in award.criteria)
    criterion = award.criterion(criterion_id)
    return 0.0 if criterion is None or not total else 100.0 * criterion.weight / total


def subcriterion_points(
    award: Award, axis_of: dict[str, str], weights: dict[str, float]
) -> dict[str, float]:
    """Each grid criterion's points in the award (out of 100): its award criterion's points
    shared among that criterion's sub-criteria by their grid weights. ``axis_of``: grid
    criterion id -> axis id; ``weights``: grid criterion id -> weight."""
    result: dict[str, float] = {}
    for criterion in award.criteria:
        if criterion.kind != "grid":
            continue
        own = [cid for cid, axis in axis_of.items() if axis in criterion.axes]
        total = sum(weights[cid] for cid in own)
        for cid in own:
            result[cid] = award_weight(award, criterion.id) * weights[cid] / total if total else 0
    return result


def price_share(formula: PriceFormula, price: float, prices: Sequence[float]) -> float:
    """The share (0 to 1) of the price criterion earned by ``price`` among ``prices`` (those of
    every ranked offer, ``price`` included). The lowest price always earns the full weight and a
    higher price never earns more (CE 29 Oct 2013, n° 370789)."""
    if price <= 0 or not prices:
        raise ValueError("prices are positive and the offer's price is among them")
    low, high = min(prices), max(prices)
    if formula == "proportional":
        return low / price
    return 1.0 if high == low else (high - price) / (high - low)
