"""The engine on hand-made inputs: each way of scoring, silence, risk, overrides."""

from __future__ import annotations

import pytest

from sovereignty.core.conditions import ABSENT, UNKNOWN
from sovereignty.scoring.engine import EvaluatorMark, KnownRegimes, Override, score_offer
from tests.scoring.conftest import answers_criterion, finding, make_profile, offer, text

AXES = [
    {"id": "decide", "kind": "capacity", "label": text("D")},
    {"id": "quality", "kind": "theme", "label": text("Q")},
]


ANSWERED = {"hosting.model": "saas"}


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
    # In the grid's points, as the published grid says them: 1 of 2 item points of a weight 100.
    assert (evidence.points, evidence.max) == (50, 100)
    assert evidence.facts[0].id == "hosting.model" and evidence.facts[0].value == "saas"


def test_unknown_or_missing_answers_earn_nothing_by_default_and_say_so() -> None:
    profile = hosting_profile()
    unknown = score_offer(profile, offer({"hosting.model": UNKNOWN}))
    missing = score_offer(profile, offer({}))
    assert unknown.total == 0 and missing.total == 0
    assert unknown.criterion("q.hosting").evidence[0].facts[0].state == "unknown"
    assert missing.criterion("q.hosting").evidence[0].facts[0].state == "missing"
    assert score_offer(hosting_profile(if_unknown=1), offer({})).total == pytest.approx(50)


def two_items(**extra_item: object):
    items = [
        {"question": "hosting.model", "points": {"on_premises": 2, "saas": 1}, **extra_item},
        {"question": "hosting.hds", "points": {"yes": 2}},
    ]
    return make_profile([answers_criterion("q.hosting", "quality", 100, items)])


def test_a_question_that_does_not_apply_earns_full_marks_unless_the_profile_says_otherwise() -> (
    None
):
    answered = {"hosting.model": ABSENT, "hosting.hds": "no"}
    assert score_offer(two_items(), offer(answered)).total == 50
    assert score_offer(two_items(if_absent=0), offer(answered)).total == 0


def test_a_criterion_without_a_single_answer_earns_nothing_even_for_what_does_not_apply() -> None:
    silent = score_offer(two_items(), offer({"hosting.model": ABSENT, "hosting.hds": UNKNOWN}))
    assert silent.total == 0
    criterion = silent.criterion("q.hosting")
    assert [e.points for e in criterion.evidence[:2]] == [0, 0]
    assert criterion.evidence[-1].kind == "not_assessed"
    assert [f.id for f in criterion.evidence[-1].facts] == ["hosting.hds"]


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
                "scoring": {
                    "method": "findings",
                    "prefixes": ["FLOW-"],
                    "ids": ["HOST-01"],
                    "basis": ["hosting.model"],
                    "count": "each",
                },
            }
        ]
    )
    assert score_offer(profile, offer(ANSWERED)).total == 100
    some = (
        finding("FLOW-03", "major"),
        finding("HOST-01", "minor"),
        finding("HOST-02", "blocking"),
    )
    result = score_offer(profile, offer(ANSWERED, findings=some))
    assert result.total == pytest.approx(100 - 40 - 15)  # HOST-02 is not read by this criterion
    assert [e.finding for e in result.criterion("d.flows").evidence] == ["FLOW-03", "HOST-01"]
    many = tuple(finding("FLOW-01", "major", subject=str(i)) for i in range(4))
    assert score_offer(profile, offer(ANSWERED, findings=many)).total == 0


def test_no_finding_earns_nothing_when_the_answers_the_findings_come_from_are_missing() -> None:
    profile = make_profile(
        [
            {
                "id": "d.flows",
                "axis": "quality",
                "weight": 10,
                "label": text("flows"),
                "scoring": {
                    "method": "findings",
                    "prefixes": ["FLOW-"],
                    "basis": ["hosting.model"],
                },
            }
        ]
    )
    for silent in ({}, {"hosting.model": UNKNOWN}):
        result = score_offer(profile, offer(silent))
        assert result.total == 0
        assert result.criterion("d.flows").evidence[0].kind == "not_assessed"
    # A basis question that does not apply is no silence: nothing to answer.
    assert score_offer(profile, offer({"hosting.model": ABSENT})).total == 100


def test_once_per_id_counts_the_worst_occurrence_of_each_finding() -> None:
    profile = make_profile(
        [
            {
                "id": "d.flows",
                "axis": "quality",
                "weight": 10,
                "label": text("flows"),
                "scoring": {
                    "method": "findings",
                    "prefixes": ["FLOW-"],
                    "basis": ["hosting.model"],
                },
            }
        ]
    )
    # One fact, one finding: by default an id counts once, at its worst severity.
    repeated = (finding("FLOW-01", "minor", "a"), finding("FLOW-01", "major", "b"))
    assert score_offer(profile, offer(ANSWERED, findings=repeated)).total == pytest.approx(60)


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


def test_risk_levels_are_read_most_severe_first_and_give_their_reasons() -> None:
    levels = [
        {"id": "critical", "label": text("C"), "findings_at_least": {"blocking": 1}},
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
