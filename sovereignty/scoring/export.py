"""The comparison as JSON data and as CSV (one row per offer).

CSV cells are data for a spreadsheet: a text starting with ``=``, ``+``, ``-``, ``@`` (or a tab
or carriage return) would be run as a formula by Excel or LibreOffice, so it is prefixed with an
apostrophe. Vendor names and justifications come from vendors and evaluators: never trusted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from sovereignty.scoring.compare import Comparison
from sovereignty.scoring.engine import OfferScore
from sovereignty.scoring.model import Profile

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The JSON formats, documented in docs/scoring-json.md.
SCORE_SCHEMA = "sovereignty/score/1"
COMPARISON_SCHEMA = "sovereignty/comparison/1"


def neutralise(cell: Any) -> Any:
    """A text cell a spreadsheet would read as a formula, made inert; numbers stay numbers."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def score_data(score: OfferScore, freeze: dict[str, Any] | None = None) -> dict[str, Any]:
    """One offer's scores (``score --json``): the format, the grid freeze, then the score."""
    return {"schema": SCORE_SCHEMA, "frozen": freeze, **score.model_dump(mode="json")}


def comparison_data(
    comparison: Comparison,
    scores: Sequence[OfferScore],
    freeze: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "schema": COMPARISON_SCHEMA,
        "profile": {
            "id": comparison.profile_id,
            "version": comparison.profile_version,
            "hash": comparison.profile_hash,
            "frozen": freeze,
        },
        "comparison": comparison.model_dump(mode="json"),
        "scores": [s.model_dump(mode="json") for s in scores],
    }


def comparison_csv(comparison: Comparison, scores: Sequence[OfferScore], profile: Profile) -> str:
    by_vendor = {s.vendor: s for s in scores}
    entries = (*comparison.ranking, *comparison.eliminated)
    headers = [
        "rank",
        "vendor",
        "name",
        "total",
        "status",
        "risk",
        "eliminated_by",
        "review_by",
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
            round(entry.total, 2),
            entry.status,
            entry.risk,
            " ".join(entry.eliminated_by),
            " ".join(entry.review_by),
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
