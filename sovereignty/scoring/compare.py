"""Comparing offers: the award (price, technical value, environment, with the published
weights) of the regular offers, ties, abnormally low prices, and how robust the ranking is.

Pure and deterministic (the random perturbations use a seeded generator).

Conventions, stated once:
- Regularity is decided first (``scoring.regularity``); only regular offers are ranked (CCP
  art. R2152-6), and the price formula compares the prices of the ranked offers only. An
  irregular, unacceptable, inappropriate or incomplete offer is listed apart with its state,
  never ranked, whatever its scores.
- The award is a sum of weighted *lines*: the price criterion (weight: its points out of 100,
  share: the published price formula), then each grid criterion, weighted by its points in
  the award (``award.subcriterion_points``: its award criterion's points shared by the grid
  weights). The total out of 100 is ``100 x sum(w_i s_i) / sum(w_i)``. A grid without award
  rules (a bare model) is ranked on its grid criteria alone.
- When one weight changes, the others stay as they are and the total is re-normalised to 100.
  The gap between two offers A and B is then ``(D + delta d_k) / (W + delta)`` with
  ``D = sum(w_i (a_i - b_i))`` and ``d_k = a_k - b_k``, zero exactly at ``delta = -D / d_k``;
  the swap is feasible when the new weight ``w_k + delta`` stays at 0 or above.
- Two totals within 1e-9 points are equal. Equal totals are separated by the award's
  tie-breaks (points on the listed award criteria), then the grid's (points on axes or grid
  criteria), in order; offers still equal share a rank (ex aequo).
- Robustness: each line's weight is multiplied by an independent uniform factor in
  ``[1 - amplitude, 1 + amplitude]``; the share of draws where the same offer comes first alone
  is reported (default: 2000 draws, +/- 20 %; none with 0 draws).
- A price more than ``LOW_PRICE_GAP`` below the mean of the other ranked offers' prices is
  flagged as possibly abnormally low: the buyer must ask for explanations before rejecting or
  keeping it (CCP art. L2152-5, L2152-6, R2152-3); a gap alone proves nothing.
"""

from __future__ import annotations

import functools
import itertools
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sovereignty.core.model import Model
from sovereignty.scoring.award import award_weight, price_share, subcriterion_points
from sovereignty.scoring.engine import OfferScore
from sovereignty.scoring.model import Profile
from sovereignty.scoring.regularity import Regularity, State

EPSILON = 1e-9
DEFAULT_DRAWS = 2000
MAX_DRAWS = 100_000  # beyond, the share of wins is no more precise, only slower
DEFAULT_AMPLITUDE = 0.2
DEFAULT_SEED = 20260821  # any fixed number: the figures must be reproducible
LOW_PRICE_GAP = 0.2  # a price 20 % below the others' mean is looked at (internal analysis)


@dataclass(frozen=True)
class AwardLines:
    """The weighted lines of the award, and the groups of lines the tie-breaks add up."""

    ids: tuple[str, ...]  # the price criterion's id, then every grid criterion's id
    weights: tuple[float, ...]  # points out of 100
    groups: Mapping[str, tuple[int, ...]]  # tie-break ref -> indices of its lines
    tie_break: tuple[str, ...]
    price: str | None  # the price criterion's id


def award_lines(profile: Profile) -> AwardLines:
    axis_of = {c.id: c.axis for c in profile.criteria}
    grid_weights = {c.id: c.weight for c in profile.criteria}
    award = profile.award
    ids: list[str] = []
    weights: list[float] = []
    price = award.price_criterion if award else None
    if award is not None and price is not None:
        ids.append(price.id)
        weights.append(award_weight(award, price.id))
    points = subcriterion_points(award, axis_of, grid_weights) if award else grid_weights
    for criterion in profile.criteria:
        ids.append(criterion.id)
        weights.append(points.get(criterion.id, 0.0))
    groups: dict[str, tuple[int, ...]] = {cid: (i,) for i, cid in enumerate(ids)}
    for axis in profile.axes:
        groups[axis.id] = tuple(i for i, cid in enumerate(ids) if axis_of.get(cid) == axis.id)
    tie_break: tuple[str, ...] = ()
    if award is not None:
        for award_criterion in award.criteria:
            if award_criterion.kind == "grid":
                groups[award_criterion.id] = tuple(
                    i for i, cid in enumerate(ids) if axis_of.get(cid) in award_criterion.axes
                )
        tie_break = award.tie_break
    return AwardLines(
        ids=tuple(ids),
        weights=tuple(weights),
        groups=groups,
        tie_break=(*tie_break, *profile.ranking.tie_break),
        price=price.id if price else None,
    )


class RankEntry(Model):
    rank: int | None  # None for an offer that is not ranked
    vendor: str
    name: str
    state: State
    total: float  # award points out of 100 (ranked offers); 0 for the others
    grid_total: float  # the grid's points out of 100
    points: dict[str, float]  # award criterion id -> points (price: None until ranked)
    price: float | None = None  # life-cycle cost, euros HT
    risk: str
    ex_aequo: tuple[str, ...] = ()  # other offers sharing this rank
    separated_by: str | None = None  # the tie-break that put it ahead of the next offer


class WeightChange(Model):
    criterion: str
    direction: str  # "raise" | "lower"
    weight: float
    new_weight: float  # at this weight the two offers are level; beyond it they swap
    change: float
    relative: float  # change / weight


class PairSensitivity(Model):
    ahead: str
    behind: str
    gap: float  # points on 100
    smallest: WeightChange | None  # None: no change of a single weight swaps them
    changes: tuple[WeightChange, ...] = ()  # every line that can swap them, smallest first


class Robustness(Model):
    draws: int
    amplitude: float
    seed: int
    winner: str | None  # None when the first place is shared
    same_winner: float  # share of draws with the same sole winner
    wins: dict[str, int]  # draws won (alone) by each offer


class LowPrice(Model):
    vendor: str
    price: float
    others_mean: float
    gap: float  # share below the others' mean


class Disagreement(Model):
    vendor: str
    criterion: str
    spread: float
    marks: dict[str, float]  # evaluator -> mark


class OverrideNote(Model):
    vendor: str
    criterion: str
    percent: float
    computed: float | None  # the score the method gave, % (None while pending)
    by: str
    at: str
    justification: str


class Comparison(Model):
    profile_id: str
    profile_version: str
    profile_hash: str | None
    ranking: tuple[RankEntry, ...]
    rejected: tuple[RankEntry, ...]  # not ranked: irregular, unacceptable, ... incomplete
    pairs: tuple[PairSensitivity, ...]
    robustness: Robustness | None
    low_prices: tuple[LowPrice, ...] = ()
    disagreements: tuple[Disagreement, ...]
    pending: dict[str, tuple[str, ...]]  # vendor -> criteria awaiting evaluations
    overrides: tuple[OverrideNote, ...] = ()

    @property
    def winner(self) -> RankEntry | None:
        """The offer proposed for the award: first, alone."""
        first = self.ranking[0] if self.ranking else None
        return first if first is not None and not first.ex_aequo else None


# --- numbers ----------------------------------------------------------------------------------
def weighted_total(weights: Sequence[float], shares: Sequence[float]) -> float:
    total = sum(weights)
    return 100.0 * sum(w * s for w, s in zip(weights, shares, strict=True)) / total if total else 0


def _tie_keys(lines: AwardLines, weights: Sequence[float], shares: Sequence[float]) -> list[float]:
    return [
        sum(weights[i] * shares[i] for i in lines.groups.get(ref, ())) for ref in lines.tie_break
    ]


def order(
    lines: AwardLines, shares: Mapping[str, Sequence[float]], weights: Sequence[float]
) -> list[tuple[list[str], str | None]]:
    """Offers in rank order, as groups of equal offers, each with what separated it from the
    next group ("total", a tie-break id, or None for the last group)."""
    keys = {
        vendor: [weighted_total(weights, s), *_tie_keys(lines, weights, s)]
        for vendor, s in shares.items()
    }

    def compare_two(a: str, b: str) -> int:
        for x, y in zip(keys[a], keys[b], strict=True):
            if abs(x - y) > EPSILON:
                return -1 if x > y else 1
        return -1 if a < b else (1 if a > b else 0)

    ranked = sorted(shares, key=functools.cmp_to_key(compare_two))
    groups: list[tuple[list[str], str | None]] = []
    names = ["total", *lines.tie_break]
    for vendor in ranked:
        if groups:
            previous = groups[-1][0][-1]
            differing = next(
                (
                    names[i]
                    for i, (x, y) in enumerate(zip(keys[previous], keys[vendor], strict=True))
                    if abs(x - y) > EPSILON
                ),
                None,
            )
            if differing is None:
                groups[-1][0].append(vendor)
                continue
            groups[-1] = (groups[-1][0], differing)
        groups.append(([vendor], None))
    return groups


def swap_changes(
    lines: AwardLines,
    weights: Sequence[float],
    ahead: Sequence[float],
    behind: Sequence[float],
) -> list[WeightChange]:
    """For each line, the change of its weight alone at which ``behind`` draws level with
    ``ahead`` (beyond it, it passes), when that change is feasible; smallest first."""
    gap = sum(w * (a - b) for w, a, b in zip(weights, ahead, behind, strict=True))
    changes = []
    for i, line in enumerate(lines.ids):
        d = ahead[i] - behind[i]
        if abs(d) <= EPSILON or weights[i] <= 0:
            continue
        delta = -gap / d
        new_weight = weights[i] + delta
        if new_weight < -EPSILON:
            continue  # it would take a negative weight
        changes.append(
            WeightChange(
                criterion=line,
                direction="raise" if d < 0 else "lower",
                weight=weights[i],
                new_weight=max(new_weight, 0.0),
                change=delta,
                relative=delta / weights[i],
            )
        )
    changes.sort(key=lambda c: (abs(c.change), c.criterion))
    return changes


def robustness(
    lines: AwardLines,
    shares: Mapping[str, Sequence[float]],
    draws: int = DEFAULT_DRAWS,
    amplitude: float = DEFAULT_AMPLITUDE,
    seed: int = DEFAULT_SEED,
) -> Robustness:
    weights = list(lines.weights)
    first = order(lines, shares, weights)[0][0]
    winner = first[0] if len(first) == 1 else None
    rng = random.Random(seed)
    wins: Counter[str] = Counter()
    for _ in range(draws):
        drawn = [w * rng.uniform(1.0 - amplitude, 1.0 + amplitude) for w in weights]
        top = order(lines, shares, drawn)[0][0]
        if len(top) == 1:
            wins[top[0]] += 1
    return Robustness(
        draws=draws,
        amplitude=amplitude,
        seed=seed,
        winner=winner,
        same_winner=(wins[winner] / draws) if winner is not None and draws else 0.0,
        wins={vendor: wins[vendor] for vendor in sorted(shares)},
    )


def low_prices(prices: Mapping[str, float], gap: float = LOW_PRICE_GAP) -> list[LowPrice]:
    """Prices more than ``gap`` below the mean of the other prices (two offers at least)."""
    found = []
    for vendor, price in sorted(prices.items()):
        others = [p for v, p in prices.items() if v != vendor]
        if not others:
            continue
        mean = sum(others) / len(others)
        if mean > 0 and price < mean * (1 - gap):
            found.append(
                LowPrice(vendor=vendor, price=price, others_mean=mean, gap=1 - price / mean)
            )
    return found


# --- the comparison -------------------------------------------------------------------------
def _points(lines: AwardLines, profile: Profile, shares: Sequence[float]) -> dict[str, float]:
    """Award points per award criterion (per grid criterion for a grid without award rules)."""
    if profile.award is None:
        return {cid: lines.weights[i] * shares[i] for i, cid in enumerate(lines.ids)}
    return {
        c.id: sum(lines.weights[i] * shares[i] for i in lines.groups.get(c.id, ()))
        for c in profile.award.criteria
    }


def compare(
    profile: Profile,
    scores: Sequence[OfferScore],
    regularity: Mapping[str, Regularity] | None = None,
    draws: int = DEFAULT_DRAWS,
    amplitude: float = DEFAULT_AMPLITUDE,
    seed: int = DEFAULT_SEED,
    profile_hash: str | None = None,
) -> Comparison:
    """Rank the regular offers. ``regularity``: each offer's check (with its price); without
    it (a bare grid, tests) every offer counts as regular and unpriced."""
    lines = award_lines(profile)
    by_vendor = {s.vendor: s for s in scores}

    def state_of(vendor: str) -> State:
        return regularity[vendor].state if regularity and vendor in regularity else "regular"

    def price_of(vendor: str) -> float | None:
        return regularity[vendor].price if regularity and vendor in regularity else None

    ranked = [s for s in scores if state_of(s.vendor) == "regular"]
    prices = {s.vendor: p for s in ranked if (p := price_of(s.vendor)) is not None}
    award = profile.award
    formula = award.price_criterion.formula if award and award.price_criterion else None
    shares: dict[str, list[float]] = {}
    for s in [*ranked, *(s for s in scores if s not in ranked)]:
        price = prices.get(s.vendor)
        vector = [c.share for c in s.criteria]
        if lines.price is not None:
            earned = (
                price_share(formula, price, list(prices.values()))
                if formula and price is not None
                else 0.0
            )
            vector = [earned, *vector]
        shares[s.vendor] = vector
    weights = list(lines.weights)

    def entry(score: OfferScore, rank: int | None, **extra: object) -> RankEntry:
        vector = shares[score.vendor]
        return RankEntry(
            rank=rank,
            vendor=score.vendor,
            name=score.name,
            state=state_of(score.vendor),
            total=weighted_total(weights, vector) if rank is not None else 0.0,
            grid_total=score.total,
            points=_points(lines, profile, vector) if rank is not None else {},
            price=price_of(score.vendor),
            risk=score.risk.level,
            **extra,  # ex_aequo, separated_by
        )

    ranked_shares = {s.vendor: shares[s.vendor] for s in ranked}
    ranking: list[RankEntry] = []
    position = 1
    flat: list[str] = []
    for group, separated_by in order(lines, ranked_shares, weights) if ranked_shares else []:
        for vendor in group:
            others = tuple(v for v in group if v != vendor)
            ranking.append(
                entry(
                    by_vendor[vendor],
                    position,
                    ex_aequo=others,
                    separated_by=separated_by if vendor == group[-1] else None,
                )
            )
            flat.append(vendor)
        position += len(group)
    totals = {e.vendor: e.total for e in ranking}
    pairs = []
    for above, below in itertools.pairwise(flat):
        changes = swap_changes(lines, weights, shares[above], shares[below])
        pairs.append(
            PairSensitivity(
                ahead=above,
                behind=below,
                gap=totals[above] - totals[below],
                smallest=changes[0] if changes else None,
                changes=tuple(changes),
            )
        )
    serious = {"inappropriate": 0, "irregular": 1, "unacceptable": 2, "incomplete": 3}
    rejected = sorted(
        (s for s in scores if s not in ranked),
        key=lambda s: (serious.get(state_of(s.vendor), 4), s.vendor),
    )
    disagreements = [
        Disagreement(
            vendor=s.vendor,
            criterion=c.id,
            spread=c.spread or 0.0,
            marks={e.evaluator or "": e.mark or 0.0 for e in c.evidence if e.kind == "evaluation"},
        )
        for s in scores
        for c in s.criteria
        if c.disagreement
    ]
    overrides = [
        OverrideNote(
            vendor=s.vendor,
            criterion=c.id,
            percent=100 * c.share,
            computed=None if c.computed is None else 100 * c.computed,
            by=e.by or "",
            at=e.at or "",
            justification=e.justification or "",
        )
        for s in scores
        for c in s.criteria
        for e in c.evidence
        if e.kind == "override"
    ]
    return Comparison(
        profile_id=profile.id,
        profile_version=profile.version,
        profile_hash=profile_hash,
        ranking=tuple(ranking),
        rejected=tuple(entry(s, None) for s in rejected),
        pairs=tuple(pairs),
        robustness=robustness(lines, ranked_shares, draws, amplitude, seed)
        if ranked_shares and draws
        else None,
        low_prices=tuple(low_prices(prices)),
        disagreements=tuple(disagreements),
        pending={s.vendor: tuple(s.pending) for s in scores if s.pending},
        overrides=tuple(overrides),
    )
