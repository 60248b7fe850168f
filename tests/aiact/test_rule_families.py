"""One test pair per rule family, written from the text of the law: a case where the article's
own conditions hold and the rule applies, and one where its stated exception or limit holds. The
exception, when applied, must be named in the regime's `exceptions` with its article."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sovereignty.questionnaire.answers import Answer, AnswerSheet
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.services.classify import ClassificationReport, classify_sheet, report_json

Builder = Callable[..., AnswerSheet]

DIAGNOSIS = {"purpose.decisions": ["diagnosis"], "purpose.patients": ["adults"]}
CLASS_IIA = {"aiact.device_status": "mdr", "aiact.mdr_class": "class_iia"}
TRIAGE_LISTED = {
    "purpose.decisions": ["triage"],
    "purpose.patients": ["emergency"],
    "aiact.annex_iii": ["emergency_triage"],
    "aiact.art6_3_conditions": ["none"],
    "aiact.material_influence": "yes",
}
EMOTIONS_AT_WORK = {
    "aiact.biometric_inference": ["emotions"],
    "aiact.emotion_subjects": ["staff"],
}


def run(bank: QuestionBank, build: Builder, as_of: dt.date, **answers: Any) -> ClassificationReport:
    return classify_sheet(bank, build(answers), as_of)


def status(report: ClassificationReport, regime: str) -> str:
    return report.classification.regime(regime).status


def exceptions(report: ClassificationReport, regime: str) -> list[str]:
    return [e.id for e in report.classification.regime(regime).exceptions]


def obligation_ids(report: ClassificationReport) -> set[str]:
    return {o.id for o in report.classification.obligations}


def finding_ids(report: ClassificationReport) -> set[str]:
    return {f.id for f in report.findings}


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


# --- 6. MDR: the declared class is never silently overridden -------------------------------------
def test_a_clinical_use_within_the_declared_purpose_keeps_the_declared_class(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{
            "aiact.device_status": "mdr",
            "aiact.mdr_class": "class_i",
            **DIAGNOSIS,
            "purpose.decision_impact": "serious_or_surgery",
        },
    )
    annex_i = report.classification.regime("high_risk_annex_i")
    assert annex_i.status == "does_not_apply"
    kept = next(r for r in annex_i.reasons if r.key == "annex_i.declared_class_kept")
    assert "class IIb" in kept.text.en and "Classe I" in kept.text.fr
    risks = [r.key for r in report.classification.role.risks]
    assert "role.risk_vendor_classification" in risks
    assert "PURPOSE-02" in finding_ids(report)


def test_an_off_label_clinical_use_says_which_class_it_needs_and_makes_the_hospital_provider(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{
            **DIAGNOSIS,
            "purpose.alignment": "different",
            "purpose.decision_impact": "death_irreversible",
            "purpose.in_house_conditions": ["qms", "no_transfer", "documentation"],
        },
    )
    c = report.classification
    annex_i = c.regime("high_risk_annex_i")
    assert annex_i.status == "applies" and annex_i.basis == ("intended_use",)
    off = next(r for r in annex_i.reasons if r.key == "annex_i.off_label_use")
    assert "class III" in off.text.en and "MDR art. 16(1)" in off.legal
    missing = next(r for r in annex_i.reasons if r.key == "annex_i.in_house_not_met")
    assert "no equivalent device" in missing.text.en
    assert c.role.id == "provider"


def test_the_in_house_exemption_with_all_its_conditions_is_named(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{
            **DIAGNOSIS,
            "purpose.alignment": "different",
            "purpose.decision_impact": "other",
            "purpose.in_house_conditions": ["no_transfer", "qms", "no_equivalent", "documentation"],
        },
    )
    c = report.classification
    assert c.regime("high_risk_annex_i").status == "does_not_apply"
    assert exceptions(report, "high_risk_annex_i") == ["MDR art. 5(5) in-house exemption"]
    assert c.role.id == "provider"  # it puts its own system into service


def test_each_regulation_cites_its_own_notified_body_article(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    mdr = run(shipped_bank, build_sheet, as_of, **{**CLASS_IIA, **DIAGNOSIS})
    assert "IVDR art. 48" not in mdr.classification.regime("high_risk_annex_i").articles
    assert "MDR art. 52" in mdr.classification.regime("high_risk_annex_i").articles
    ivdr = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{"aiact.device_status": "ivdr", "aiact.ivdr_class": "class_c", **DIAGNOSIS},
    )
    assert "MDR art. 52" not in ivdr.classification.regime("high_risk_annex_i").articles


# --- 7. Art. 25(1)(a): the name or trademark on a high-risk system ----------------------------
def test_putting_its_name_on_a_high_risk_system_makes_the_hospital_provider(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    label = shipped_bank.by_id["purpose.rebrand"].label
    assert "marque" in label.fr and "diffuser" not in label.fr
    assert "trademark on the system" in label.en
    report = run(
        shipped_bank, build_sheet, as_of, **{**CLASS_IIA, **DIAGNOSIS, "purpose.rebrand": "yes"}
    )
    assert report.classification.role.id == "provider"
    # not high-risk: the name alone does not make it the provider under Art. 25(1)(a)
    report = run(shipped_bank, build_sheet, as_of, **{"purpose.rebrand": "yes"})
    assert report.classification.role.id == "deployer"


# --- 8. CSP art. L4001-3: machine-learnt medical devices --------------------------------------
def test_l4001_3_duties_and_findings_for_a_machine_learnt_device(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{
            **CLASS_IIA,
            **DIAGNOSIS,
            "governance.patient_information": "not_planned",
            "oversight.io_access": "no",
            "audit.explainability": ["none"],
        },
    )
    assert {"H-CSP-L4001-3-I", "H-CSP-L4001-3-II"} <= obligation_ids(report)
    assert {"MLDEV-01", "MLDEV-02", "MLDEV-03"} <= finding_ids(report)
    supported = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{
            **CLASS_IIA,
            **DIAGNOSIS,
            "governance.patient_information": "individual",
            "oversight.io_access": "yes",
            "audit.explainability": ["heatmaps"],
        },
    )
    assert not {"MLDEV-01", "MLDEV-02", "MLDEV-03"} & finding_ids(supported)


def test_l4001_3_does_not_reach_a_device_that_is_not_machine_learnt(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{
            **CLASS_IIA,
            **DIAGNOSIS,
            "aiact.technique": "knowledge_based",
            "governance.patient_information": "not_planned",
        },
    )
    assert not {"H-CSP-L4001-3-I", "H-CSP-L4001-3-II"} & obligation_ids(report)
    assert "MLDEV-01" not in finding_ids(report)


# --- 9. Staff consultation follows the establishment type -------------------------------------
def test_a_public_hospital_consults_its_staff_committee_not_a_labour_code_cse(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    staff = {
        "purpose.staff_effects": ["workflow"],
        "governance.staff_representatives": "not_planned",
    }
    public = run(shipped_bank, build_sheet, as_of, **staff)
    found = {f.id: f for f in public.findings}
    assert {"STAFF-01", "STAFF-02"} <= set(found) and "STAFF-03" not in found
    assert "CSP art. L6144-3" in found["STAFF-01"].legal
    assert not any(ref.startswith("CT ") for ref in found["STAFF-01"].legal)
    assert "H-STAFF-PUBLIC" in obligation_ids(public) and "H-STAFF" not in obligation_ids(public)
    private = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{
            **staff,
            "governance.establishment_status": "espic",
            "governance.public_law_body": "no",
        },
    )
    found = {f.id: f for f in private.findings}
    assert {"STAFF-03", "STAFF-04"} <= set(found) and "STAFF-01" not in found
    assert "CT art. L2312-8" in found["STAFF-03"].legal
    assert "H-STAFF" in obligation_ids(private)


# --- 10. Who holds the keys decides key exposure (CRYPTO-02) ----------------------------------
SAAS = {
    "purpose.data_categories": ["health_pseudonymised"],
    "hosting.model": "vendor_saas",
    "hosting.storage_countries": ["fr"],
    "hosting.processing_countries": ["fr"],
    "hosting.admin_countries": ["fr"],
    "hosting.provider_name": "Hébergeur SAS",
    "hosting.provider_parent": "Hébergeur Group",
    "hosting.provider_parent_country": "fr",
    "hosting.hds": "yes",
    "hosting.hds_scope": ["physical_infrastructure", "application_administration", "backup"],
    "hosting.secnumcloud": "no",
    "hosting.extraterritorial": "yes",
    "hosting.extraterritorial_laws": ["us_cloud_act"],
    "hosting.encryption_at_rest": "yes",
    "hosting.encryption_in_transit": "yes",
}


def test_key_exposure_follows_the_key_holders_own_control_chain(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    def crypto(**answers: Any) -> bool:
        report = run(shipped_bank, build_sheet, as_of, **{**SAAS, **answers})
        return "CRYPTO-02" in finding_ids(report)

    # some party in the chain is exposed, but the keys sit with a French vendor: no finding
    assert not crypto(**{"hosting.keys_holder": "vendor"})
    assert crypto(**{"hosting.keys_holder": "vendor", "aiact.provider_country": "us"})
    assert not crypto(**{"hosting.keys_holder": "host"})
    assert crypto(**{"hosting.keys_holder": "host", "hosting.provider_parent_country": "us"})
    assert not crypto(
        **{"hosting.keys_holder": "third_party", "hosting.keys_holder_countries": ["eea"]}
    )
    assert crypto(
        **{"hosting.keys_holder": "third_party", "hosting.keys_holder_countries": ["fr", "cn"]}
    )
    assert not crypto(**{"hosting.keys_holder": "hospital", "aiact.provider_country": "us"})


# --- classify --json: articles and applied exceptions per regime ------------------------------
def test_the_json_states_articles_and_applied_exceptions_per_regime(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{**EMOTIONS_AT_WORK, "aiact.emotion_purpose": "safety"},
    )
    regimes = {r["id"]: r for r in report_json(report)["regimes"]}
    prohibited = regimes["prohibited"]
    assert prohibited["status"] == "does_not_apply"
    assert "AIA art. 5(1)(f)" in prohibited["articles"]
    assert prohibited["exceptions"][0]["id"] == "AIA art. 5(1)(f) safety reasons"
    assert prohibited["exceptions"][0]["legal"]
    assert set(prohibited["exceptions"][0]["text"]) == {"fr", "en"}
    for regime in regimes.values():
        assert regime["articles"], regime["id"]  # every regime says which articles decided it
        assert isinstance(regime["exceptions"], list)
