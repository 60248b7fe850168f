"""The comparison as JSON data and as CSV (one row per offer).

CSV cells are data for a spreadsheet: a text starting with ``=``, ``+``, ``-``, ``@`` (or a tab
or carriage return) would be run as a formula by Excel or LibreOffice, so it is prefixed with an
apostrophe. Vendor names and justifications come from vendors and evaluators: never trusted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sovereignty.core.csvtext import FORMULA_STARTS, csv_text, neutralise
from sovereignty.core.model import Lang
from sovereignty.scoring.award_words import state_words
from sovereignty.scoring.compare import Comparison
from sovereignty.scoring.engine import OfferScore
from sovereignty.scoring.model import Profile
from sovereignty.scoring.regularity import Regularity

__all__ = ["FORMULA_STARTS", "comparison_csv", "comparison_data", "neutralise", "score_data"]
# The JSON formats, documented in docs/scoring-json.md.
SCORE_SCHEMA = "sovereignty/score/2"
COMPARISON_SCHEMA = "sovereignty/comparison/2"


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


# French headings of the CSV columns (English keeps the ids, as before).
CSV_HEADINGS_FR = {
    "rank": "Rang",
    "vendor": "Offre (id)",
    "name": "Nom",
    "regularity": "Régularité",
    "price": "Prix (coût du cycle de vie, € HT)",
    "total": "Total /100",
    "grid_total": "Grille /100",
    "risk": "Risque",
    "overridden": "Dérogations",
    "pending": "Critères en attente",
    "disagreements": "Désaccords",
    "profile_hash": "Empreinte de la grille",
}


def comparison_csv(
    comparison: Comparison, scores: Sequence[OfferScore], profile: Profile, lang: Lang = "en"
) -> str:
    """One row per offer: rank, regularity, price, the award criteria's points and total, the
    grid's axes and criteria (grid points); in French, headings, states and risk levels in
    French and the spreadsheet conventions of :mod:`sovereignty.core.csvtext`."""
    fr = lang == "fr"
    by_vendor = {s.vendor: s for s in scores}
    entries = (*comparison.ranking, *comparison.rejected)
    award = list(profile.award.criteria) if profile.award else []
    headers = [
        "rank",
        "vendor",
        "name",
        "regularity",
        "price",
        *(f"award:{a.id}" for a in award),
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
    if fr:
        labels = {f"award:{a.id}": f"Critère d'attribution : {a.label('fr')}" for a in award}
        labels |= {f"axis:{a.id}": f"Axe : {a.label('fr')}" for a in profile.axes}
        labels |= {f"criterion:{c.id}": f"Critère : {c.label('fr')}" for c in profile.criteria}
        headers = [CSV_HEADINGS_FR.get(h) or labels[h] for h in headers]
    risks = {r.id: r.label(lang) for r in profile.risk_levels}
    rows = []
    for entry in entries:
        score = by_vendor[entry.vendor]
        ranked = entry.rank is not None
        rows.append(
            [
                entry.rank if ranked else "",
                entry.vendor,
                entry.name,
                state_words(entry.state, "fr") if fr else entry.state,
                "" if entry.price is None else round(entry.price, 2),
                *(round(entry.points[a.id], 2) if ranked else "" for a in award),
                round(entry.total, 2) if ranked else "",
                round(entry.grid_total, 2),
                risks.get(entry.risk, entry.risk) if fr else entry.risk,
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
        )
    return csv_text(headers, rows, lang)
