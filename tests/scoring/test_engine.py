"""The engine on hand-made inputs: each way of scoring, gates, minimum levels, risk, overrides."""

from __future__ import annotations

import pytest

from sovereignty.core.conditions import ABSENT, UNKNOWN
from sovereignty.scoring.engine import EvaluatorMark, KnownRegimes, Override, score_offer
from tests.scoring.conftest import answers_criterion, finding, make_profile, offer, text

AXES = [
    {"id": "decide", "kind": "capacity", "label": text("D")},
    {"id": "quality", "kind": "theme", "label": text("Q")},
]


def hosting_profile(**extra_item: object):
    item = {"question": "hosting.model", "points": {"on_premises": 2, "saas": 1}, **extra_item}
    return make_profile([answers_criterion("q.hosting", "quality", 100, [item])])


def test_points_per_choice_give_the_chosen_choice_its_share() -> None:
    profile = hosting_profile()
    on_site = score_offer(profile, offer({"hosting.model": "on_premises"}))
    saas = score_offer(profile, offer({"hosting.model": "saas"}))
    assert on_site.total == pytest.approx(100)
    assert saas.total == pytest.approx(50)
    evidence = saas.criterion("q.hosting").evidence[0]
    assert (evidence.points, evidence.max) == (1, 2)
    assert evidence.facts[0].id == "hosting.model" and evidence.facts[0].value == "saas"


def test_unknown_or_missing_answers_earn_nothing_by_default_and_say_so() -> None:
    profile = hosting_profile()
    unknown = score_offer(profile, offer({"hosting.model": UNKNOWN}))
    missing = score_offer(profile, offer({}))
    assert unknown.total == 0 and missing.total == 0
    assert unknown.criterion("q.hosting").evidence[0].facts[0].state == "unknown"
    assert missing.criterion("q.hosting").evidence[0].facts[0].state == "missing"
    assert score_offer(hosting_profile(if_unknown=1), offer({})).total == pytest.approx(50)


def test_a_question_that_does_not_apply_earns_full_marks_unless_the_profile_says_otherwise() -> (
    None
):
    assert score_offer(hosting_profile(), offer({"hosting.model": ABSENT})).total == 100
    assert score_offer(hosting_profile(if_absent=0), offer({"hosting.model": ABSENT})).total == 0


def test_multiple_choice_points_add_up_to_the_cap() -> None:
    item = {"question": "x.multi", "points": {"a": 2, "b": 2, "c": 1}, "cap": 3}
    profile = make_profile([answers_criterion("q.multi", "quality", 10, [item])])
    assert score_offer(profile, offer({"x.multi": ["a"]})).total == pytest.approx(200 / 3)
    assert score_offer(profile, offer({"x.multi": ["a", "b", "c"]})).total == pytest.approx(100)
    assert score_offer(profile, offer({"x.multi": ["z"]})).total == 0


def test_number_bands_give_the_best_band_reached() -> None:
    item = {
        "question": "x.hours",
        "bands": [{"at_most": 72, "points": 1}, {"at_most": 24, "points": 2}],
    }
    profile = make_profile([answers_criterion("q.hours", "quality", 10, [item])])
    assert score_offer(profile, offer({"x.hours": 12})).total == pytest.approx(100)
    assert score_offer(profile, offer({"x.hours": 48})).total == pytest.approx(50)
    assert score_offer(profile, offer({"x.hours": 96})).total == 0


def test_condition_items_read_answers_regimes_and_findings() -> None:
    items = [
        {
            "when": {"op": "equals", "question": "x.eea", "value": "yes"},
            "points": 1,
            "label": text("EEA"),
        },
        {
            "when": {"op": "not", "condition": {"op": "regime", "id": "prohibited"}},
            "points": 1,
            "label": text("not prohibited"),
        },
        {
            "when": {"op": "not", "condition": {"op": "finding", "id": "HOST-01"}},
            "points": 2,
            "label": text("no HOST-01"),
        },
    ]
    profile = make_profile([answers_criterion("q.c", "quality", 10, items)])
    clean = offer({"x.eea": "yes"}, regimes=KnownRegimes(frozenset({"minimal_risk"})))
    assert score_offer(profile, clean).total == pytest.approx(100)
    flagged = offer({"x.eea": "yes"}, (finding("HOST-01"),), regimes=None)
    result = score_offer(profile, flagged)
    # The regime is undetermined without a classification: the item earns if_unknown (0).
    assert result.total == pytest.approx(25)
    regime_fact = result.criterion("q.c").evidence[1].facts[0]
    assert (regime_fact.kind, regime_fact.state) == ("regime", "unknown")
    assert not result.classification_known


def test_findings_deduct_a_share_per_finding_by_severity_down_to_zero() -> None:
    profile = make_profile(
        [
            {
                "id": "d.flows",
                "axis": "quality",
                "weight": 10,
                "label": text("flows"),
                "scoring": {"method": "findings", "prefixes": ["FLOW-"], "ids": ["HOST-01"]},
            }
        ]
    )
    assert score_offer(profile, offer()).total == 100
    some = (
        finding("FLOW-03", "major"),
        finding("HOST-01", "minor"),
        finding("HOST-02", "blocking"),
    )
    result = score_offer(profile, offer(findings=some))
    assert result.total == pytest.approx(100 - 40 - 15)  # HOST-02 is not read by this criterion
    assert [e.finding for e in result.criterion("d.flows").evidence] == ["FLOW-03", "HOST-01"]
    many = tuple(finding("FLOW-01", "major", subject=str(i)) for i in range(4))
    assert score_offer(profile, offer(findings=many)).total == 0


def test_once_per_id_counts_the_worst_occurrence_of_each_finding() -> None:
    profile = make_profile(
        [
            {
                "id": "d.flows",
                "axis": "quality",
                "weight": 10,
                "label": text("flows"),
                "scoring": {"method": "findings", "prefixes": ["FLOW-"], "count": "once_per_id"},
            }
        ]
    )
    repeated = (finding("FLOW-01", "minor", "a"), finding("FLOW-01", "major", "b"))
    assert score_offer(profile, offer(findings=repeated)).total == pytest.approx(60)


def evaluators_profile(aggregate: str = "median"):
    return make_profile(
        [
            {
                "id": "m.demo",
                "axis": "quality",
                "weight": 10,
                "label": text("demo"),
                "scoring": {
                    "method": "evaluators",
                    "guidance": text("g"),
                    "scale": {"min": 0, "max": 5},
                },
            }
        ],
        evaluation={"aggregate": aggregate, "disagreement_above": 0.3},
    )


def marks(*values: float) -> dict[str, list[EvaluatorMark]]:
    return {
        "m.demo": [EvaluatorMark(f"e{i}", "chu-a", v, f"because {i}") for i, v in enumerate(values)]
    }


def test_evaluators_marks_are_aggregated_by_median_by_default_or_mean() -> None:
    median = score_offer(evaluators_profile(), offer(), marks(1, 2, 5))
    assert median.criterion("m.demo").mark == 2
    assert median.total == pytest.approx(40)
    mean = score_offer(evaluators_profile("mean"), offer(), marks(1, 2, 5))
    assert mean.total == pytest.approx(100 * (8 / 3) / 5)


def test_a_spread_beyond_the_threshold_is_flagged_with_its_size() -> None:
    close = score_offer(evaluators_profile(), offer(), marks(3, 4)).criterion("m.demo")
    apart = score_offer(evaluators_profile(), offer(), marks(1, 4)).criterion("m.demo")
    assert (close.spread, close.disagreement) == (1, False)
    assert (apart.spread, apart.disagreement) == (3, True)
    assert [e.justification for e in apart.evidence] == ["because 0", "because 1"]


def test_a_manual_criterion_without_marks_is_pending_and_counts_zero() -> None:
    result = score_offer(evaluators_profile(), offer())
    assert result.criterion("m.demo").pending and result.total == 0
    assert result.pending == ["m.demo"]


def test_an_override_replaces_the_score_keeps_the_computed_one_and_says_who_and_why() -> None:
    override = Override(75, "Avenant reçu", "Jeanne", "2026-12-01T10:00:00+00:00")
    result = score_offer(
        hosting_profile(), offer({"hosting.model": "saas"}), {}, {"q.hosting": override}
    )
    criterion = result.criterion("q.hosting")
    assert criterion.overridden and criterion.computed == pytest.approx(0.5)
    assert result.total == pytest.approx(75)
    last = criterion.evidence[-1]
    assert (last.kind, last.by, last.justification) == ("override", "Jeanne", "Avenant reçu")


GATED = {
    "gates": [
        {
            "id": "G-HDS",
            "label": text("HDS"),
            "eliminates_when": {"op": "equals", "question": "hosting.hds", "value": "no"},
        },
    ]
}


def test_a_gate_met_eliminates_the_offer_and_an_undecided_one_puts_it_to_review() -> None:
    profile = make_profile(
        [
            answers_criterion(
                "q.h", "quality", 1, [{"question": "hosting.model", "points": {"saas": 1}}]
            )
        ],
        **GATED,
    )
    failed = score_offer(profile, offer({"hosting.model": "saas", "hosting.hds": "no"}))
    assert failed.status == "eliminated" and failed.eliminated_by == ("G-HDS",)
    assert failed.gates[0].facts[0].value == "no"
    undecided = score_offer(profile, offer({"hosting.model": "saas", "hosting.hds": UNKNOWN}))
    assert undecided.status == "review" and undecided.review_by == ("G-HDS",)
    absent = score_offer(profile, offer({"hosting.model": "saas", "hosting.hds": ABSENT}))
    assert absent.status == "admitted"
    strict = make_profile(
        profile.model_dump(by_alias=True)["criteria"],
        gates=[{**GATED["gates"][0], "if_undetermined": "eliminate"}],
    )
    assert score_offer(strict, offer({"hosting.hds": UNKNOWN})).status == "eliminated"


def test_a_minimum_level_per_axis_eliminates_unless_pending_marks_could_still_reach_it() -> None:
    criteria = [
        answers_criterion(
            "d.host",
            "decide",
            50,
            [{"question": "hosting.model", "points": {"on_premises": 1}}],
            layer="data",
        ),
        {
            "id": "d.plan",
            "axis": "decide",
            "layer": "contract",
            "weight": 50,
            "label": text("plan"),
            "scoring": {"method": "evaluators", "guidance": text("g")},
        },
    ]
    axes = [{"id": "decide", "kind": "capacity", "label": text("D"), "minimum": 60}]
    profile = make_profile(criteria, axes=axes)
    saas = offer({"hosting.model": "saas"})
    # 0 % now and at most 50 % with full marks on the pending plan: below 60 % whatever happens.
    assert score_offer(profile, saas).status == "eliminated"
    on_site = offer({"hosting.model": "on_premises"})
    undecided = score_offer(profile, on_site)  # 50 % now; the pending plan could lift it
    assert undecided.status == "review" and undecided.axes[0].outcome == "undetermined"
    plan = {"d.plan": [EvaluatorMark("e", "chu-a", 1, "ok")]}
    passed = score_offer(profile, on_site, plan)
    assert passed.status == "admitted" and passed.axes[0].level == pytest.approx(60)
    low = {"d.plan": [EvaluatorMark("e", "chu-a", 0, "none")]}
    failed = score_offer(profile, on_site, low)
    assert failed.status == "eliminated" and failed.eliminated_by == ("axis:decide",)


def test_risk_levels_are_read_most_severe_first_and_give_their_reasons() -> None:
    levels = [
        {
            "id": "critical",
            "label": text("C"),
            "if_eliminated": True,
            "findings_at_least": {"blocking": 1},
        },
        {"id": "high", "label": text("H"), "total_below": 60},
        {"id": "low", "label": text("L")},
    ]
    profile = make_profile(
        [
            answers_criterion(
                "q.h",
                "quality",
                1,
                [{"question": "hosting.model", "points": {"on_premises": 2, "saas": 1}}],
            )
        ],
        risk_levels=levels,
    )
    assert score_offer(profile, offer({"hosting.model": "on_premises"})).risk.level == "low"
    high = score_offer(profile, offer({"hosting.model": "saas"})).risk
    assert high.level == "high" and high.reasons[0].kind == "total"
    blocking = (finding("HOST-09", "blocking"),)
    critical = score_offer(profile, offer({"hosting.model": "on_premises"}, blocking)).risk
    assert critical.level == "critical"
    assert (critical.reasons[0].kind, critical.reasons[0].severity) == ("findings", "blocking")
