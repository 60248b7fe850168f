"""Comparing offers: ranking after the gates, ties, and how robust the ranking is to the weights.

Pure and deterministic (the random perturbations use a seeded generator).

Conventions, stated once:
- Gates and minimum levels are decided first, on the published grid; an eliminated offer is not
  ranked. The sensitivity figures are about the ranking of the offers the gates admitted: a
  change of weight does not re-open a gate.
- Totals are ``100 x sum(w_i s_i) / sum(w_i)``: when one weight changes, the others stay as they
  are and the total is re-normalised to 100. The gap between two offers A and B is then
  ``(D + delta d_k) / (W + delta)`` with ``D = sum(w_i (a_i - b_i))`` and ``d_k = a_k - b_k``,
  which is zero exactly at ``delta = -D / d_k``. Re-normalising or not, the swap point is the
  same; it is feasible when the new weight ``w_k + delta`` stays at 0 or above.
- Two totals within 1e-9 points are equal. Equal totals are separated by the profile's
  tie-breaks (points on the listed axes or criteria, in order); offers still equal share a rank
  (ex aequo).
- Robustness: each weight is multiplied by an independent uniform factor in
  ``[1 - amplitude, 1 + amplitude]``; the share of draws where the same offer comes first alone
  is reported (default: 2000 draws, +/- 20 %; none with 0 draws).
"""

from __future__ import annotations

import functools
import itertools
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Literal

from sovereignty.core.model import Model
from sovereignty.scoring.engine import OfferScore
from sovereignty.scoring.model import Profile

EPSILON = 1e-9
DEFAULT_DRAWS = 2000
MAX_DRAWS = 100_000  # beyond, the share of wins is no more precise, only slower
DEFAULT_AMPLITUDE = 0.2
DEFAULT_SEED = 20260821  # any fixed number: the figures must be reproducible


class RankEntry(Model):
    rank: int | None  # None for an eliminated offer
    vendor: str
    name: str
    total: float
    status: Literal["admitted", "review", "eliminated"]
    risk: str
    ex_aequo: tuple[str, ...] = ()  # other offers sharing this rank
    separated_by: str | None = None  # the tie-break that put it ahead of the next offer
    eliminated_by: tuple[str, ...] = ()
    review_by: tuple[str, ...] = ()


class WeightChange(Model):
    criterion: str
    direction: Literal["raise", "lower"]
    weight: float
    new_weight: float  # at this weight the two offers are level; beyond it they swap
    change: float
    relative: float  # change / weight


class PairSensitivity(Model):
    ahead: str
    behind: str
    gap: float  # points on 100
    smallest: WeightChange | None  # None: no change of a single weight swaps them
    changes: tuple[WeightChange, ...] = ()  # every criterion that can swap them, smallest first


class Robustness(Model):
    draws: int
    amplitude: float
    seed: int
    winner: str | None  # None when the first place is shared
    same_winner: float  # share of draws with the same sole winner
    wins: dict[str, int]  # draws won (alone) by each offer


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
    eliminated: tuple[RankEntry, ...]
    pairs: tuple[PairSensitivity, ...]
    robustness: Robustness | None
    disagreements: tuple[Disagreement, ...]
    pending: dict[str, tuple[str, ...]]  # vendor -> criteria awaiting evaluations
    overrides: tuple[OverrideNote, ...] = ()


# --- numbers ----------------------------------------------------------------------------------
def weighted_total(weights: Sequence[float], shares: Sequence[float]) -> float:
    return 100.0 * sum(w * s for w, s in zip(weights, shares, strict=True)) / sum(weights)


def _tie_keys(profile: Profile, weights: Sequence[float], shares: Sequence[float]) -> list[float]:
    index = {c.id: i for i, c in enumerate(profile.criteria)}
    keys = []
    for ref in profile.ranking.tie_break:
        if ref in index:
            keys.append(weights[index[ref]] * shares[index[ref]])
        else:
            keys.append(
                sum(weights[i] * shares[i] for i, c in enumerate(profile.criteria) if c.axis == ref)
            )
    return keys


def order(
    profile: Profile, shares: Mapping[str, Sequence[float]], weights: Sequence[float]
) -> list[tuple[list[str], str | None]]:
    """Offers in rank order, as groups of equal offers, each with what separated it from the
    next group ("total", a tie-break id, or None for the last group)."""
    keys = {
        vendor: [weighted_total(weights, s), *_tie_keys(profile, weights, s)]
        for vendor, s in shares.items()
    }

    def compare(a: str, b: str) -> int:
        for x, y in zip(keys[a], keys[b], strict=True):
            if abs(x - y) > EPSILON:
                return -1 if x > y else 1
        return -1 if a < b else (1 if a > b else 0)

    ranked = sorted(shares, key=functools.cmp_to_key(compare))
    groups: list[tuple[list[str], str | None]] = []
    names = ["total", *profile.ranking.tie_break]
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
    profile: Profile,
    weights: Sequence[float],
    ahead: Sequence[float],
    behind: Sequence[float],
) -> list[WeightChange]:
    """For each criterion, the change of its weight alone at which ``behind`` draws level with
    ``ahead`` (beyond it, it passes), when that change is feasible; smallest first."""
    gap = sum(w * (a - b) for w, a, b in zip(weights, ahead, behind, strict=True))
    changes = []
    for i, criterion in enumerate(profile.criteria):
        d = ahead[i] - behind[i]
        if abs(d) <= EPSILON:
            continue
        delta = -gap / d
        new_weight = weights[i] + delta
        if new_weight < -EPSILON:
            continue  # it would take a negative weight
        changes.append(
            WeightChange(
                criterion=criterion.id,
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
    profile: Profile,
    shares: Mapping[str, Sequence[float]],
    draws: int = DEFAULT_DRAWS,
    amplitude: float = DEFAULT_AMPLITUDE,
    seed: int = DEFAULT_SEED,
) -> Robustness:
    weights = [c.weight for c in profile.criteria]
    first = order(profile, shares, weights)[0][0]
    winner = first[0] if len(first) == 1 else None
    rng = random.Random(seed)
    wins: Counter[str] = Counter()
    for _ in range(draws):
        drawn = [w * rng.uniform(1.0 - amplitude, 1.0 + amplitude) for w in weights]
        top = order(profile, shares, drawn)[0][0]
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


# --- the comparison -------------------------------------------------------------------------
def _entry(score: OfferScore, rank: int | None, **extra: object) -> RankEntry:
    return RankEntry(
        rank=rank,
        vendor=score.vendor,
        name=score.name,
        total=score.total,
        status=score.status,
        risk=score.risk.level,
        eliminated_by=score.eliminated_by,
        review_by=score.review_by,
        **extra,  # ex_aequo, separated_by
    )


def compare(
    profile: Profile,
    scores: Sequence[OfferScore],
    draws: int = DEFAULT_DRAWS,
    amplitude: float = DEFAULT_AMPLITUDE,
    seed: int = DEFAULT_SEED,
    profile_hash: str | None = None,
) -> Comparison:
    by_vendor = {s.vendor: s for s in scores}
    ranked = [s for s in scores if s.status != "eliminated"]
    shares = {s.vendor: [c.share for c in s.criteria] for s in ranked}
    weights = [c.weight for c in profile.criteria]
    ranking: list[RankEntry] = []
    position = 1
    flat: list[str] = []
    for group, separated_by in order(profile, shares, weights) if shares else []:
        for vendor in group:
            others = tuple(v for v in group if v != vendor)
            ranking.append(
                _entry(
                    by_vendor[vendor],
                    position,
                    ex_aequo=others,
                    separated_by=separated_by if vendor == group[-1] else None,
                )
            )
            flat.append(vendor)
        position += len(group)
    pairs = []
    for above, below in itertools.pairwise(flat):
        changes = swap_changes(profile, weights, shares[above], shares[below])
        pairs.append(
            PairSensitivity(
                ahead=above,
                behind=below,
                gap=by_vendor[above].total - by_vendor[below].total,
                smallest=changes[0] if changes else None,
                changes=tuple(changes),
            )
        )
    eliminated = sorted(
        (s for s in scores if s.status == "eliminated"), key=lambda s: (-s.total, s.vendor)
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
        eliminated=tuple(_entry(s, None) for s in eliminated),
        pairs=tuple(pairs),
        robustness=robustness(profile, shares, draws, amplitude, seed)
        if shares and draws
        else None,
        disagreements=tuple(disagreements),
        pending={s.vendor: tuple(s.pending) for s in scores if s.pending},
        overrides=tuple(overrides),
    )
