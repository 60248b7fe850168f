"""Missing and "I don't know" answers give "undetermined", with the questions that decide it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sovereignty.aiact.engine import classify
from sovereignty.questionnaire.answers import Answer, AnswerSheet, new_sheet
from sovereignty.questionnaire.loader import QuestionBank

Builder = Callable[..., AnswerSheet]
UNKNOWN = Answer(unknown=True)
CLASS_IIA = {"aiact.device_status": "mdr", "aiact.mdr_class": "class_iia"}
DEROGATION = {
    "aiact.annex_iii": ["workforce_management"],
    "aiact.art6_3_conditions": ["narrow_procedural_task"],
    "aiact.material_influence": "no",
    "aiact.art6_3_documented": "yes",
    "purpose.staff_effects": ["workflow"],
}


def test_an_unknown_technique_leaves_ai_system_status_open_with_each_outcome(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    c = classify(shipped_bank, build_sheet(aiact__technique=UNKNOWN), as_of)
    regime = c.regime("not_ai_system")
    assert regime.status == "undetermined"
    assert regime.deciding_questions == ("aiact.technique",)
    assert regime.possible_outcomes == ("applies", "does_not_apply")
    outcome = {w.value: w.status for w in regime.what_if}
    assert outcome["rule_based"] == "applies"
    assert outcome["basic_statistics"] == "applies"
    assert outcome["machine_learning"] == "does_not_apply"
    assert [r.key for r in regime.reasons] == ["answer.unknown"]
    assert c.regime("minimal_risk").status == "undetermined"
    literacy = next(o for o in c.obligations if o.id == "H-ART4")
    assert literacy.certainty == "undetermined"
    assert literacy.deciding_questions == ("aiact.technique",)


def test_a_missing_answer_is_reported_as_missing_not_as_unknown(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    c = classify(shipped_bank, build_sheet({**CLASS_IIA, "aiact.mdr_class": None}), as_of)
    regime = c.regime("high_risk_annex_i")
    assert regime.status == "undetermined"
    assert "answer.missing" in [r.key for r in regime.reasons]
    assert {w.value: w.status for w in regime.what_if} == {
        "class_i": "does_not_apply",
        "class_iia": "applies",
        "class_iib": "applies",
        "class_iii": "applies",
    }


def test_unknown_profiling_keeps_the_derogation_open(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    c = classify(shipped_bank, build_sheet({**DEROGATION, "aiact.profiling": UNKNOWN}), as_of)
    regime = c.regime("high_risk_annex_iii")
    assert regime.status == "undetermined"
    assert regime.deciding_questions == ("aiact.profiling",)
    assert {(w.value, w.status, w.points) for w in regime.what_if} == {
        ("yes", "applies", ("4(b)",)),
        ("no", "does_not_apply", ()),
    }
    assert c.regime("minimal_risk").status == "undetermined"
    # the derogation obligation may or may not apply: said so, not dropped
    derogation = next(o for o in c.obligations if o.id == "V-ART6-4")
    assert derogation.certainty == "undetermined"


def test_an_unknown_answer_that_cannot_change_the_result_does_not_make_it_undetermined(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    # Profiling cannot matter when no condition of the derogation holds.
    sheet = build_sheet(
        {
            **DEROGATION,
            "aiact.art6_3_conditions": ["none"],
            "aiact.profiling": UNKNOWN,
        }
    )
    c = classify(shipped_bank, sheet, as_of)
    assert c.regime("high_risk_annex_iii").status == "applies"
    # and an unknown interaction leaves Art. 50 open but not minimal risk: high risk rules it out
    c = classify(
        shipped_bank,
        build_sheet(
            {**CLASS_IIA, "purpose.decisions": ["diagnosis"], "aiact.interaction": UNKNOWN}
        ),
        as_of,
    )
    assert c.regime("transparency").status == "undetermined"
    # the 50(1) exception (interaction obvious) is asked only once interaction is known
    assert c.regime("transparency").deciding_questions == (
        "aiact.interaction",
        "aiact.interaction_obvious",
    )
    assert c.regime("high_risk_annex_i").status == "applies"
    assert c.regime("minimal_risk").status == "does_not_apply"


def test_an_unknown_systemic_risk_flag_leaves_only_art_55_open(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    sheet = build_sheet(
        {
            "aiact.gpai": "yes",
            "aiact.gpai_model": "M",
            "aiact.gpai_provider_country": "fr",
            "aiact.gpai_deployment": "on_premises",
            "aiact.gpai_annex_xii": "yes",
            "aiact.gpai_systemic": UNKNOWN,
        }
    )
    c = classify(shipped_bank, sheet, as_of)
    assert c.regime("gpai").status == "applies"
    assert c.regime("gpai_systemic_risk").status == "undetermined"
    assert c.regime("gpai_systemic_risk").possible_outcomes == ("applies", "does_not_apply")
    assert c.undetermined == ("gpai_systemic_risk",)


def test_an_unknown_change_plan_leaves_the_role_open_between_deployer_and_provider(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    sheet = build_sheet(
        {
            **CLASS_IIA,
            "purpose.decisions": ["diagnosis"],
            "purpose.retrain": "yes",
            "purpose.retrain_within_plan": UNKNOWN,
        }
    )
    c = classify(shipped_bank, sheet, as_of)
    assert c.role.status == "undetermined"
    assert c.role.id is None
    assert c.role.possible == ("deployer", "provider")
    assert c.role.deciding_questions == ("purpose.retrain_within_plan",)
    provider_duties = next(o for o in c.obligations if o.id == "H-PROVIDER")
    assert provider_duties.certainty == "undetermined"


def test_an_unknown_public_status_leaves_access_tooling_open(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    sheet = build_sheet(
        {"purpose.decisions": ["access_to_care"], "governance.public_law_body": UNKNOWN}
    )
    c = classify(shipped_bank, sheet, as_of)
    regime = c.regime("high_risk_annex_iii")
    assert regime.status == "undetermined"
    assert regime.deciding_questions == ("governance.public_law_body",)
    assert {(w.value, w.status) for w in regime.what_if} == {
        ("yes", "applies"),
        ("no", "does_not_apply"),
    }


def test_two_unknowns_are_explored_together(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    sheet = build_sheet({**CLASS_IIA, "aiact.mdr_class": UNKNOWN, "aiact.technique": UNKNOWN})
    c = classify(shipped_bank, sheet, as_of)
    regime = c.regime("high_risk_annex_i")
    assert regime.status == "undetermined"
    assert set(regime.deciding_questions) == {"aiact.technique", "aiact.mdr_class"}
    assert set(regime.possible_outcomes) == {"applies", "does_not_apply"}
    # alone, neither answer decides: each single what-if stays open for some value
    assert "undetermined" in {w.status for w in regime.what_if}


def test_an_empty_sheet_is_undetermined_everywhere_and_excludes_nothing(
    shipped_bank: QuestionBank, as_of: dt.date
) -> None:
    empty = new_sheet(shipped_bank.id, shipped_bank.version, shipped_bank.hash, "x", "X")
    c = classify(shipped_bank, empty, as_of)
    assert c.undetermined == tuple(r.id for r in c.regimes)
    for regime in c.regimes:
        assert {"applies", "does_not_apply"} <= set(regime.possible_outcomes), regime.id
        assert "aiact.technique" in regime.deciding_questions
    assert c.role.status == "undetermined"
