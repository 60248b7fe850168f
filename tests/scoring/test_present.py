"""What people read: eliminations, sensitivity and the published grid in words, never raw ids;
the same in the Word comparison report's context."""

from __future__ import annotations

from typing import Any

import pytest

from sovereignty.core.model import Lang
from sovereignty.documents.comparison_context import grid_block, ranking_block
from sovereignty.scoring.compare import Comparison, compare
from sovereignty.scoring.engine import EvaluatorMark, OfferScore, score_offer
from sovereignty.scoring.loader import load_profile
from sovereignty.scoring.model import Profile
from sovereignty.scoring.present import comparison_lines, score_lines
from sovereignty.scoring.published import grid_lines
from tests.scoring.conftest import MINI_PROFILE, make_profile, offer


def evaluators(cid: str, axis: str, weight: float, label: dict[str, str]) -> dict[str, Any]:
    return {
        "id": cid,
        "axis": axis,
        "weight": weight,
        "label": label,
        "scoring": {
            "method": "evaluators",
            "guidance": {"fr": "g", "en": "g"},
            "scale": {"min": 0, "max": 1, "step": 0.1},
        },
    }


def ranked() -> tuple[Profile, list[OfferScore], Comparison]:
    """Four offers: two ranked, one below the 30 % minimum of "Décider", one whose level on it
    waits for evaluators' marks."""
    profile = make_profile(
        [
            evaluators("decide.keys", "decide", 50, {"fr": "Détention des clés", "en": "Keys"}),
            evaluators("quality.ux", "quality", 50, {"fr": "Ergonomie", "en": "Usability"}),
        ],
        axes=[
            {
                "id": "decide",
                "kind": "capacity",
                "minimum": 30,
                "label": {"fr": "Décider", "en": "Decide"},
            },
            {"id": "quality", "kind": "theme", "label": {"fr": "Qualité", "en": "Quality"}},
        ],
    )

    def scored(vendor: str, shares: dict[str, float]) -> OfferScore:
        marks = {c: [EvaluatorMark("e", "chu-a", s, "j")] for c, s in shares.items()}
        return score_offer(profile, offer(vendor=vendor), marks)

    scores = [
        scored("alpha", {"decide.keys": 1, "quality.ux": 0.6}),
        scored("beta", {"decide.keys": 0.6, "quality.ux": 0.8}),
        scored("gamma", {"decide.keys": 0.1, "quality.ux": 1}),
        scored("delta", {"quality.ux": 0.1}),  # decide pending: 0 % now, 100 % at best
    ]
    return profile, scores, compare(profile, scores, draws=0)


@pytest.mark.parametrize(
    ("lang", "eliminated", "review", "named"),
    [
        (
            "fr",
            "éliminée (niveau de l'axe « Décider » sous son minimum de 30 %)",
            "à vérifier (minimum de 30 % de l'axe « Décider » à confirmer (notes en attente))",
            "le poids de « Détention des clés » (decide.keys)",
        ),
        (
            "en",
            "eliminated (level of the axis 'Decide' below its 30 % minimum)",
            "to review (30 % minimum of the axis 'Decide' not settled yet (marks pending))",
            "the weight of 'Keys' (decide.keys)",
        ),
    ],
)
def test_the_ranking_says_why_an_offer_is_out_and_names_criteria_by_their_label(
    lang: Lang, eliminated: str, review: str, named: str
) -> None:
    profile, scores, comparison = ranked()
    text = "\n".join(comparison_lines(comparison, scores, profile, lang))
    assert eliminated in text and review in text and named in text
    assert "axis:" not in text
    assert "0 draws" not in text and "0 tirages" not in text  # draws=0: no robustness line
    one = "\n".join(score_lines(scores[2], profile, None, lang))
    assert eliminated.split(" (", 1)[1].rstrip(")") in one.splitlines()[0]


def test_the_word_report_names_the_axis_and_its_minimum_too() -> None:
    profile, scores, comparison = ranked()
    names = {s.vendor: s.name for s in scores}
    block = ranking_block(comparison, scores, profile, names, "fr", [])
    status = {row["vendor"]: row["status"] for row in block["rows"]}
    assert "niveau de l'axe « Décider » sous son minimum de 30 %" in status["gamma"]
    assert "« Décider » à confirmer" in status["delta"]
    assert not any("axis:" in row["status"] for row in block["rows"])


@pytest.mark.parametrize(
    ("lang", "deductions", "rule", "absent"),
    [
        (
            "fr",
            "bloquant −100 % ; majeur −40 % ; mineur −15 %",
            "Une question qui ne s'applique pas à l'offre",
            "Infrastructure physique 1 ; Sauvegarde 1 (max 2) ; sans objet : 0",
        ),
        (
            "en",
            "blocking −100 % ; major −40 % ; minor −15 %",
            "A question that does not apply to the offer",
            "(max 2) ; does not apply: 0",
        ),
    ],
)
def test_the_published_grid_states_severities_and_how_absent_or_unknown_answers_score(
    mini_bank: Any, lang: Lang, deductions: str, rule: str, absent: str
) -> None:
    loaded = load_profile(MINI_PROFILE, mini_bank)
    text = "\n".join(grid_lines(loaded, mini_bank, lang))
    assert deductions in text and rule in text and absent in text
    assert "blocking −100" not in text if lang == "fr" else True
    block = grid_block(loaded.profile, loaded.hash, lang)
    assert rule in block["note"]
    flows = next(c for c in block["criteria"] if c["id"] == "decide.flows")
    assert deductions in flows["method"]
