"""The comparison as JSON data and as CSV (one row per offer).

CSV cells are data for a spreadsheet: a text starting with ``=``, ``+``, ``-``, ``@`` (or a tab
or carriage return) would be run as a formula by Excel or LibreOffice, so it is prefixed with an
apostrophe. Vendor names and justifications come from vendors and evaluators: never trusted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from sovereignty.scoring.compare import Comparison
from sovereignty.scoring.engine import OfferScore
from sovereignty.scoring.model import Profile
from sovereignty.scoring.regularity import Regularity

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The JSON formats, documented in docs/scoring-json.md.
SCORE_SCHEMA = "sovereignty/score/2"
COMPARISON_SCHEMA = "sovereignty/comparison/2"


def neutralise(cell: Any) -> Any:
    """A text cell a spreadsheet would read as a formula, made inert; numbers stay numbers."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def regularity_data(regularity: Regularity | None) -> dict[str, Any] | None:
    return None if regularity is None else regularity.model_dump(mode="json")


def score_data(
    score: OfferScore, freeze: dict[str, Any] | None = None, regularity: Regularity | None = None
) -> dict[str, Any]:
    """One offer's scores (``score --json``): the format, the grid freeze, the offer's
    regularity (checked before any score), then the score."""
    return {
        "schema": SCORE_SCHEMA,
        "frozen": freeze,
        "regularity": regularity_data(regularity),
        **score.model_dump(mode="json"),
    }


def comparison_data(
    comparison: Comparison,
    scores: Sequence[OfferScore],
    freeze: dict[str, Any] | None = None,
    regularity: Mapping[str, Regularity] | None = None,
) -> dict[str, Any]:
    regularity = regularity or {}
    return {
        "schema": COMPARISON_SCHEMA,
        "profile": {
            "id": comparison.profile_id,
            "version": comparison.profile_version,
            "hash": comparison.profile_hash,
            "frozen": freeze,
        },
        "comparison": comparison.model_dump(mode="json"),
        "regularity": {v: regularity_data(r) for v, r in regularity.items()},
        "scores": [s.model_dump(mode="json") for s in scores],
    }


def comparison_csv(comparison: Comparison, scores: Sequence[OfferScore], profile: Profile) -> str:
    """One row per offer: rank, regularity, price, the award criteria's points and total, the
    grid's axes and criteria (grid points)."""
    by_vendor = {s.vendor: s for s in scores}
    entries = (*comparison.ranking, *comparison.rejected)
    award_ids = [c.id for c in profile.award.criteria] if profile.award else []
    headers = [
        "rank",
        "vendor",
        "name",
        "regularity",
        "price",
        *(f"award:{a}" for a in award_ids),
        "total",
        "grid_total",
        "risk",
        *(f"axis:{a.id}" for a in profile.axes),
        *(f"criterion:{c.id}" for c in profile.criteria),
        "overridden",
        "pending",
        "disagreements",
        "profile_hash",
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    for entry in entries:
        score = by_vendor[entry.vendor]
        row: list[Any] = [
            entry.rank if entry.rank is not None else "",
            entry.vendor,
            entry.name,
            entry.state,
            "" if entry.price is None else round(entry.price, 2),
            *(round(entry.points[a], 2) if entry.rank is not None else "" for a in award_ids),
            round(entry.total, 2) if entry.rank is not None else "",
            round(entry.grid_total, 2),
            entry.risk,
            *(round(score.axis(a.id).points, 2) for a in profile.axes),
            *(round(score.criterion(c.id).points, 2) for c in profile.criteria),
            " ; ".join(
                f"{o.criterion}={o.percent:g}% ({o.by}, {o.at}: {o.justification})"
                for o in comparison.overrides
                if o.vendor == entry.vendor
            ),
            " ".join(c.id for c in score.criteria if c.pending),
            " ".join(c.id for c in score.criteria if c.disagreement),
            comparison.profile_hash or "",
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()
