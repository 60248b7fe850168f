"""The award on hand-checked examples: regularity before scoring, the published price formula,
the combination of the weights, ties, the budget, and what the grid must publish."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sovereignty.core.conditions import ABSENT, UNKNOWN, DictFacts
from sovereignty.scoring.award import price_share, subcriterion_points
from sovereignty.scoring.compare import compare
from sovereignty.scoring.engine import EvaluatorMark, score_offer
from sovereignty.scoring.model import Profile
from sovereignty.scoring.regularity import check_regularity
from tests.scoring.conftest import make_profile, offer, text


def evaluators(cid: str, axis: str, weight: float) -> dict[str, Any]:
    return {
        "id": cid,
        "axis": axis,
        "weight": weight,
        "label": text(cid),
        "scoring": {
            "method": "evaluators",
            "guidance": text("g"),
            "scale": {"min": 0, "max": 1, "step": 0.1},
        },
    }


AWARD: dict[str, Any] = {
    "criteria": [
        {
            "id": "price",
            "kind": "price",
            "weight": 40,
            "formula": "proportional",
            "label": text("P"),
        },
        {"id": "technical", "kind": "grid", "weight": 50, "axes": ["quality"], "label": text("T")},
        {
            "id": "environmental",
            "kind": "grid",
            "weight": 10,
            "axes": ["green"],
            "environmental": True,
            "label": text("E"),
        },
    ],
    "price": {"duration_months": 48},
    "tie_break": ["technical"],
}
REQUIREMENTS = [
    {
        "id": "REQ-HDS",
        "label": text("HDS"),
        "unmet_when": {"op": "equals", "question": "hosting.hds", "value": "no"},
        "legal": ["CSP art. L1111-8"],
    },
    {
        "id": "REQ-SCOPE",
        "label": text("scope"),
        "unmet_when": {"op": "equals", "question": "scope.fit", "value": "no"},
        "consequence": "inappropriate",
        "legal": ["CCP art. L2152-4"],
    },
]


def award_profile(**award_changes: Any) -> Profile:
    return make_profile(
        [
            evaluators("q.a", "quality", 60),
            evaluators("q.b", "quality", 30),
            evaluators("g.c", "green", 10),
        ],
        axes=[
            {"id": "quality", "kind": "theme", "label": text("Q")},
            {"id": "green", "kind": "theme", "label": text("G")},
        ],
        requirements=REQUIREMENTS,
        award={**AWARD, **award_changes},
    )


def scored(profile: Profile, vendor: str, marks: dict[str, float]):
    given_marks = {c: [EvaluatorMark("e", "chu-a", m, "j")] for c, m in marks.items()}
    return score_offer(profile, offer(vendor=vendor), given_marks)


def regular(profile: Profile, price: float):
    return check_regularity(
        profile, DictFacts({"hosting.hds": "yes", "scope.fit": "yes"}), price=price
    )


# --- the price formula -------------------------------------------------------------------------
def test_the_proportional_formula_gives_the_lowest_price_the_full_weight() -> None:
    prices = [100_000.0, 125_000.0, 200_000.0]
    assert price_share("proportional", 100_000, prices) == 1
    assert price_share("proportional", 125_000, prices) == pytest.approx(0.8)
    assert price_share("proportional", 200_000, prices) == pytest.approx(0.5)


def test_the_linear_formula_runs_from_the_lowest_to_the_highest_price() -> None:
    prices = [100_000.0, 150_000.0, 200_000.0]
    assert price_share("linear", 100_000, prices) == 1
    assert price_share("linear", 150_000, prices) == pytest.approx(0.5)
    assert price_share("linear", 200_000, prices) == 0
    assert price_share("linear", 100_000, [100_000.0, 100_000.0]) == 1  # all equal: full weight


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["proportional", "linear"]),
    st.lists(st.integers(1_000, 1_000_000), min_size=2, max_size=6),
)
def test_a_lower_price_never_scores_less_and_scores_stay_between_0_and_1(
    formula: Any, prices: list[int]
) -> None:
    floats = [float(p) for p in prices]
    shares = {p: price_share(formula, p, floats) for p in floats}
    for a in floats:
        assert 0 <= shares[a] <= 1
        for b in floats:
            if a < b:
                assert shares[a] >= shares[b]
    assert shares[min(floats)] == 1


# --- weights and the award total -------------------------------------------------------------
def test_the_award_adds_price_technical_value_and_environment_with_the_published_weights() -> None:
    profile = award_profile()
    # Sub-criteria points in the award: technical 50 shared 60/30 -> 33.33 and 16.67; green 10.
    points = subcriterion_points(
        profile.award,
        {"q.a": "quality", "q.b": "quality", "g.c": "green"},
        {"q.a": 60, "q.b": 30, "g.c": 10},
    )  # type: ignore[arg-type]
    assert points == pytest.approx({"q.a": 100 / 3, "q.b": 50 / 3, "g.c": 10})
    a = scored(profile, "a", {"q.a": 1, "q.b": 0.5, "g.c": 0})
    b = scored(profile, "b", {"q.a": 0.5, "q.b": 1, "g.c": 1})
    regularity = {"a": regular(profile, 200_000), "b": regular(profile, 100_000)}
    result = compare(profile, [a, b], regularity, draws=0)
    by = {e.vendor: e for e in result.ranking}
    # a: price 40 x 100/200 = 20; technical 50 x (60 + 15) / 90 = 41.67; environment 0.
    assert by["a"].points == pytest.approx({"price": 20, "technical": 125 / 3, "environmental": 0})
    # b: price 40; technical 50 x (30 + 30) / 90 = 33.33; environment 10.
    assert by["b"].points == pytest.approx({"price": 40, "technical": 100 / 3, "environmental": 10})
    assert by["a"].total == pytest.approx(20 + 125 / 3)
    assert by["b"].total == pytest.approx(40 + 100 / 3 + 10)
    assert [e.vendor for e in result.ranking] == ["b", "a"]
    assert result.winner is not None and result.winner.vendor == "b"


def test_the_price_is_compared_among_ranked_offers_only() -> None:
    profile = award_profile()
    cheap_but_irregular = scored(profile, "x", {"q.a": 1, "q.b": 1, "g.c": 1})
    other = scored(profile, "y", {"q.a": 1, "q.b": 1, "g.c": 1})
    regularity = {
        "x": check_regularity(
            profile, DictFacts({"hosting.hds": "no", "scope.fit": "yes"}), price=1.0
        ),
        "y": regular(profile, 150_000),
    }
    result = compare(profile, [cheap_but_irregular, other], regularity, draws=0)
    assert [e.vendor for e in result.ranking] == ["y"]
    assert result.ranking[0].points["price"] == pytest.approx(40)  # the lowest ranked price


# --- ties ---------------------------------------------------------------------------------------
def test_equal_totals_are_broken_by_the_published_tie_break_then_share_the_rank() -> None:
    profile = award_profile()
    # a: technical 50 x 66/90 = 36.67, no environment; b: technical 50 x 18/90 = 10, env 10 and
    # the lowest price (40). a's price is set so that 36.67 + 40 x 100 000 / pa = 60 as well.
    a = scored(profile, "a", {"q.a": 1, "q.b": 0.2, "g.c": 0})
    b = scored(profile, "b", {"q.a": 0.2, "q.b": 0.2, "g.c": 1})
    pa = 100_000.0 * 40 / (60 - 110 / 3)
    regularity = {"a": regular(profile, pa), "b": regular(profile, 100_000)}
    result = compare(profile, [a, b], regularity, draws=0)
    first, second = result.ranking
    assert first.total == pytest.approx(second.total)
    assert (first.vendor, first.rank, second.rank) == ("a", 1, 2)
    assert first.separated_by == "technical"
    untied = award_profile(tie_break=[])
    a2 = scored(untied, "a", {"q.a": 1, "q.b": 0.2, "g.c": 0})
    b2 = scored(untied, "b", {"q.a": 0.2, "q.b": 0.2, "g.c": 1})
    shared = compare(untied, [a2, b2], regularity, draws=0)
    assert [(e.rank, e.ex_aequo) for e in shared.ranking] == [(1, ("b",)), (1, ("a",))]
    assert shared.winner is None  # no award on a shared first place


# --- regularity ---------------------------------------------------------------------------------
def test_regularity_states_follow_the_most_serious_unmet_requirement() -> None:
    profile = award_profile()
    facts = {"hosting.hds": "no", "scope.fit": "no"}
    both = check_regularity(profile, DictFacts(facts), price=10.0)
    assert both.state == "inappropriate"
    assert {r.id for r in both.unmet} == {"REQ-HDS", "REQ-SCOPE"}
    irregular = check_regularity(profile, DictFacts({**facts, "scope.fit": "yes"}), price=10.0)
    assert irregular.state == "irregular" and irregular.unmet[0].facts[0].value == "no"


def test_an_undecided_requirement_is_a_question_to_ask_never_a_guess() -> None:
    profile = award_profile()
    unknown = check_regularity(
        profile, DictFacts({"hosting.hds": UNKNOWN, "scope.fit": "yes"}), price=10.0
    )
    assert unknown.state == "incomplete"
    assert unknown.ask == ("hosting.hds",) and unknown.undetermined[0].id == "REQ-HDS"
    absent = check_regularity(
        profile, DictFacts({"hosting.hds": ABSENT, "scope.fit": "yes"}), price=10.0
    )
    assert absent.state == "regular"  # a question that does not apply decides: nothing to host
    missing = check_regularity(
        profile, DictFacts({"hosting.hds": "yes", "scope.fit": "yes"}), ["x.required"], 10.0
    )
    assert missing.state == "incomplete" and missing.ask == ("x.required",)
    unpriced = check_regularity(profile, DictFacts({"hosting.hds": "yes", "scope.fit": "yes"}))
    assert unpriced.state == "incomplete" and unpriced.price_missing


def test_a_price_above_the_budget_makes_the_offer_unacceptable() -> None:
    profile = award_profile(price={"duration_months": 48, "budget": 150_000})
    facts = DictFacts({"hosting.hds": "yes", "scope.fit": "yes"})
    assert check_regularity(profile, facts, price=150_000).state == "regular"
    over = check_regularity(profile, facts, price=150_001)
    assert over.state == "unacceptable" and over.unmet[0].id == "BUDGET"


# --- what the grid publishes ----------------------------------------------------------------------
def test_a_grid_that_eliminates_by_score_is_refused_with_what_replaces_it() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="published minimum requirements"):
        make_profile(
            [evaluators("q.a", "quality", 100)],
            axes=[{"id": "quality", "kind": "theme", "label": text("Q"), "minimum": 30}],
        )
