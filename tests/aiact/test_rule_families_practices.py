"""Rule families 1 to 5 (prohibited practices, Art. 5(1)(f) and (g), Annex III point 4,
Art. 50, scope), each written from the text of the law: a case where the article's own
conditions hold and the rule applies, and one where its stated exception or limit holds; an
applied exception must be named in the regime's `exceptions` with its article."""

from __future__ import annotations

import datetime as dt

from sovereignty.questionnaire.answers import Answer
from sovereignty.questionnaire.loader import QuestionBank
from tests.aiact.families import (
    CLASS_IIA,
    EMOTIONS_AT_WORK,
    TRIAGE_LISTED,
    Builder,
    exceptions,
    finding_ids,
    obligation_ids,
    run,
    status,
)


# --- 1. A prohibited practice stands alone (Art. 5; Annex III point 1 "in so far as permitted") --
def test_a_prohibited_practice_lists_no_other_regime_nor_any_duty_but_the_ban(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    # Social scoring in an emergency triage device that talks to patients: without the ban it
    # would be Annex I, Annex III 5(d) and Art. 50(1).
    report = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{
            **CLASS_IIA,
            **TRIAGE_LISTED,
            "aiact.prohibited": ["social_scoring"],
            "aiact.interaction": ["patients"],
            "aiact.interaction_obvious": "no",
            "aiact.interaction_disclosure": "no",
        },
    )
    c = report.classification
    assert c.applicable == ("prohibited",)
    for regime in ("high_risk_annex_i", "high_risk_annex_iii", "transparency", "minimal_risk"):
        reasons = c.regime(regime).reasons
        assert [r.key for r in reasons] == ["prohibited.stands_alone"], regime
    assert obligation_ids(report) == {"H-ART5"}  # no Art. 26, Art. 50 or provider duty
    assert c.regime("out_of_scope").reasons[0].key == "scope.in_service"  # its own reason
    assert c.role.id == "deployer" and c.role.reasons[0].key == "role.prohibited"
    keys = [r.key for r in c.regime("prohibited").reasons]
    assert "prohibited.lawful_none" in keys  # says what would make it lawful: nothing but redesign
    assert "AIA-01" in finding_ids(report)
    # nor the findings of duties that cannot arise (Art. 50(1) disclosure, high-risk duties)
    assert not {"AIA-02", "AIA-07", "FRIA-01"} & finding_ids(report)


def test_without_the_prohibited_practice_the_same_system_keeps_its_regimes(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{
            **CLASS_IIA,
            **TRIAGE_LISTED,
            "aiact.interaction": ["patients"],
            "aiact.interaction_obvious": "no",
            "aiact.interaction_disclosure": "no",
        },
    )
    assert set(report.classification.applicable) == {
        "high_risk_annex_i",
        "high_risk_annex_iii",
        "transparency",
    }
    assert "H-ART26-1" in obligation_ids(report) and "H-ART5" not in obligation_ids(report)


# --- 2. Art. 5(1)(f) and (g), as the Commission's guidelines read them -----------------------
def test_emotions_of_staff_inferred_for_no_medical_or_safety_reason_are_prohibited(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{**EMOTIONS_AT_WORK, "aiact.emotion_purpose": "other"},
    )
    prohibited = report.classification.regime("prohibited")
    assert prohibited.status == "applies" and prohibited.points == ("5(1)(f)",)
    keys = [r.key for r in prohibited.reasons]
    assert keys[-2:] == ["emotion.prohibited", "prohibited.lawful_f"]
    # Annex III 1(c) covers biometrics only in so far as their use is permitted
    assert status(report, "high_risk_annex_iii") == "does_not_apply"


def test_students_are_covered_like_staff(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{
            "aiact.biometric_inference": ["emotions"],
            "aiact.emotion_subjects": ["students"],
            "aiact.emotion_purpose": "other",
        },
    )
    assert status(report, "prohibited") == "applies"


def test_medical_safety_and_no_effect_on_work_are_named_exceptions(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    expected = {
        "medical": "AIA art. 5(1)(f) medical reasons",
        "safety": "AIA art. 5(1)(f) safety reasons",
        "personal_training": "AIA art. 5(1)(f) no effect on the work relationship "
        "(Commission guidelines)",
    }
    for purpose, name in expected.items():
        report = run(
            shipped_bank,
            build_sheet,
            as_of,
            **{**EMOTIONS_AT_WORK, "aiact.emotion_purpose": purpose},
        )
        assert status(report, "prohibited") == "does_not_apply", purpose
        assert exceptions(report, "prohibited") == [name]
        # still an emotion recognition system: Annex III 1(c) and the Art. 50(3) duty
        assert report.classification.regime("high_risk_annex_iii").points == ("1(c)",)
        assert report.classification.regime("transparency").points == ("50(3)",)


def test_emotions_of_patients_are_not_the_workplace_ban_but_stay_high_risk(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{"aiact.biometric_inference": ["emotions"], "aiact.emotion_subjects": ["patients"]},
    )
    assert status(report, "prohibited") == "does_not_apply"
    assert exceptions(report, "prohibited") == [
        "AIA art. 5(1)(f) limited to the workplace and education institutions"
    ]
    assert status(report, "high_risk_annex_iii") == "applies"
    assert "H-ART50-3" in obligation_ids(report)


def test_pain_or_fatigue_are_not_emotions(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank, build_sheet, as_of, **{"aiact.biometric_inference": ["physical_states"]}
    )
    assert report.classification.applicable == ("minimal_risk",)
    assert exceptions(report, "prohibited") == [
        "AIA recital 18 physical states such as pain or fatigue are not emotions"
    ]


def test_an_unknown_purpose_leaves_the_ban_undetermined_on_that_question(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{**EMOTIONS_AT_WORK, "aiact.emotion_purpose": Answer(unknown=True)},
    )
    prohibited = report.classification.regime("prohibited")
    assert prohibited.status == "undetermined"
    assert prohibited.deciding_questions == ("aiact.emotion_purpose",)
    assert set(prohibited.possible_outcomes) == {"applies", "does_not_apply"}


def test_sensitive_biometric_categorisation_is_prohibited_unless_it_only_labels_a_dataset(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    sensitive = {"aiact.biometric_inference": ["sensitive_traits"]}
    banned = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{**sensitive, "aiact.categorisation_dataset_only": "no"},
    )
    assert banned.classification.regime("prohibited").points == ("5(1)(g)",)
    allowed = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{**sensitive, "aiact.categorisation_dataset_only": "yes"},
    )
    assert status(allowed, "prohibited") == "does_not_apply"
    assert exceptions(allowed, "prohibited") == [
        "AIA art. 5(1)(g) labelling or filtering of lawfully acquired datasets"
    ]
    assert allowed.classification.regime("high_risk_annex_iii").points == ("1(b)",)


def test_categorising_by_other_traits_is_annex_iii_1b_not_prohibited(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank, build_sheet, as_of, **{"aiact.biometric_inference": ["other_traits"]}
    )
    assert status(report, "prohibited") == "does_not_apply"
    assert report.classification.regime("high_risk_annex_iii").points == ("1(b)",)
    assert report.classification.regime("transparency").points == ("50(3)",)


# --- 3. Annex III point 4: recruitment is 4(a); the work relationship is 4(b) ----------------
def test_a_hiring_tool_is_4a_and_not_4b(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{
            "purpose.staff_effects": ["recruitment"],
            "purpose.decisions": ["staff_management"],
        },
    )
    assert report.classification.regime("high_risk_annex_iii").points == ("4(a)",)


def test_decisions_on_the_work_relationship_are_4b(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    for effect in ("work_decisions", "task_allocation", "performance_evaluation"):
        report = run(shipped_bank, build_sheet, as_of, **{"purpose.staff_effects": [effect]})
        assert report.classification.regime("high_risk_annex_iii").points == ("4(b)",), effect
    # changing how work is organised is neither
    report = run(shipped_bank, build_sheet, as_of, **{"purpose.staff_effects": ["workflow"]})
    assert status(report, "high_risk_annex_iii") == "does_not_apply"


# --- 4. Art. 50(1) and 50(2) exceptions --------------------------------------------------------
def test_50_1_applies_unless_the_interaction_is_obvious(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    chatbot = {"aiact.interaction": ["patients"], "aiact.interaction_disclosure": "yes"}
    hidden = run(shipped_bank, build_sheet, as_of, **{**chatbot, "aiact.interaction_obvious": "no"})
    assert hidden.classification.regime("transparency").points == ("50(1)",)
    assert "V-ART50-1" in obligation_ids(hidden)
    obvious = run(
        shipped_bank, build_sheet, as_of, **{**chatbot, "aiact.interaction_obvious": "yes"}
    )
    assert status(obvious, "transparency") == "does_not_apply"
    assert exceptions(obvious, "transparency") == [
        "AIA art. 50(1) obvious to a reasonably well-informed person"
    ]
    assert "V-ART50-1" not in obligation_ids(obvious)
    # no disclosure is then no finding; where the duty holds, it is one
    undisclosed = {**chatbot, "aiact.interaction_disclosure": "no"}
    report = run(
        shipped_bank, build_sheet, as_of, **{**undisclosed, "aiact.interaction_obvious": "yes"}
    )
    assert "AIA-07" not in finding_ids(report)
    report = run(
        shipped_bank, build_sheet, as_of, **{**undisclosed, "aiact.interaction_obvious": "no"}
    )
    assert "AIA-07" in finding_ids(report)


def test_50_2_applies_to_generation_not_to_assistive_editing_or_unaltered_input(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    text = {
        "aiact.technique": "generative_model",
        "aiact.synthetic_content": ["text"],
        "aiact.content_marking": "yes",
        "aiact.public_content": "no",
    }
    generated = run(
        shipped_bank, build_sheet, as_of, **{**text, "aiact.synthetic_role": "generates"}
    )
    assert generated.classification.regime("transparency").points == ("50(2)",)
    names = {
        "assistive_editing": "AIA art. 50(2) assistive function for standard editing",
        "no_substantial_alteration": "AIA art. 50(2) no substantial alteration of the input",
    }
    for role, name in names.items():
        report = run(shipped_bank, build_sheet, as_of, **{**text, "aiact.synthetic_role": role})
        assert status(report, "transparency") == "does_not_apply", role
        assert exceptions(report, "transparency") == [name]
        unmarked = {**text, "aiact.synthetic_role": role, "aiact.content_marking": "no"}
        assert "AIA-08" not in finding_ids(run(shipped_bank, build_sheet, as_of, **unmarked))
    unmarked = {**text, "aiact.synthetic_role": "generates", "aiact.content_marking": "no"}
    assert "AIA-08" in finding_ids(run(shipped_bank, build_sheet, as_of, **unmarked))


def test_50_4_applies_to_deep_fakes_not_to_texts_under_editorial_responsibility(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    published = {
        "aiact.technique": "generative_model",
        "aiact.synthetic_content": ["text", "image"],
        "aiact.synthetic_role": "generates",
        "aiact.content_marking": "yes",
        "aiact.public_content": "yes",
    }
    for kind in (["deep_fakes"], ["text_unreviewed"], ["deep_fakes", "text_reviewed"]):
        report = run(
            shipped_bank, build_sheet, as_of, **{**published, "aiact.public_content_kind": kind}
        )
        assert report.classification.regime("transparency").points == ("50(2)", "50(4)"), kind
        assert "H-ART50-4" in obligation_ids(report)
    reviewed = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{**published, "aiact.public_content_kind": ["text_reviewed"]},
    )
    assert reviewed.classification.regime("transparency").points == ("50(2)",)
    assert exceptions(reviewed, "transparency") == [
        "AIA art. 50(4) human review under editorial responsibility"
    ]
    assert "H-ART50-4" not in obligation_ids(reviewed)


def test_an_exception_is_named_even_when_another_paragraph_applies(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{
            "aiact.technique": "generative_model",
            "aiact.interaction": ["staff"],
            "aiact.interaction_disclosure": "no",
            "aiact.interaction_obvious": "yes",
            "aiact.synthetic_content": ["text"],
            "aiact.synthetic_role": "generates",
            "aiact.content_marking": "yes",
            "aiact.public_content": "no",
        },
    )
    transparency = report.classification.regime("transparency")
    assert transparency.status == "applies" and transparency.points == ("50(2)",)
    assert exceptions(report, "transparency") == [
        "AIA art. 50(1) obvious to a reasonably well-informed person"
    ]


# --- 5. Scope first (Art. 2) -------------------------------------------------------------------
def test_research_uses_are_out_of_scope_with_their_article_not_minimal_risk(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    for use, point, name in (
        ("scientific_research_only", "2(6)", "AIA art. 2(6) sole purpose of scientific research"),
        (
            "rd_before_market",
            "2(8)",
            "AIA art. 2(8) research and development before placing on the market",
        ),
    ):
        report = run(
            shipped_bank,
            build_sheet,
            as_of,
            **{
                "purpose.research_use": use,
                "purpose.data_categories": ["health_pseudonymised"],
                # even a practice Art. 5 bans: the Regulation does not reach this use at all
                "aiact.prohibited": ["social_scoring"],
            },
        )
        c = report.classification
        assert c.applicable == ("out_of_scope",), use
        assert c.regime("out_of_scope").points == (point,)
        assert exceptions(report, "out_of_scope") == [name]
        assert c.regime("minimal_risk").status == "does_not_apply"
        ids = obligation_ids(report)
        assert "H-ART4" not in ids and "H-ART5" not in ids
        assert "H-DPIA" in ids  # the GDPR still applies


def test_testing_in_real_world_conditions_is_in_scope(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(shipped_bank, build_sheet, as_of, **{"purpose.research_use": "real_world_testing"})
    assert report.classification.applicable == ("minimal_risk",)
    reason = report.classification.regime("out_of_scope").reasons[0]
    assert reason.key == "scope.real_world_testing" and "AIA art. 60" in reason.legal


def test_the_risk_report_says_no_role_outside_the_regulation_or_for_a_prohibited_practice(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    from sovereignty.documents.report_context import aiact_block

    for answers, fr, en in (
        (
            {"purpose.research_use": "rd_before_market"},
            "ne s'applique pas à cet usage (article 2)",
            "The AI Act does not apply to this use",
        ),
        (
            {"aiact.prohibited": ["social_scoring"]},
            "La pratique est interdite (article 5",
            "The practice is prohibited",
        ),
    ):
        c = run(shipped_bank, build_sheet, as_of, **answers).classification
        assert c.role.stands_alone in ("out_of_scope", "prohibited")
        assert fr in aiact_block(c, shipped_bank, "fr")["role"]["summary"]
        assert en in aiact_block(c, shipped_bank, "en")["role"]["summary"]
    c = run(shipped_bank, build_sheet, as_of).classification
    assert c.role.stands_alone is None
    assert "déployeur" in aiact_block(c, shipped_bank, "fr")["role"]["summary"]
