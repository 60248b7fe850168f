"""Rule families 6 to 10 (MDR declared class and in-house exemption, Art. 25(1)(a), CSP
L4001-3, staff consultation, key exposure) and the JSON's articles and exceptions, each written
from the text of the law: a case where the rule applies and one where its exception holds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sovereignty.questionnaire.answers import Answer
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.services.classify import report_json
from tests.aiact.families import (
    CLASS_IIA,
    DIAGNOSIS,
    EMOTIONS_AT_WORK,
    Builder,
    exceptions,
    finding_ids,
    obligation_ids,
    run,
)


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


def test_an_open_source_offer_is_not_excluded_by_article_2_12(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(shipped_bank, build_sheet, as_of, **{"reversibility.licence": "open_source"})
    scope = report.classification.regime("out_of_scope")
    assert scope.status == "does_not_apply"
    assert [r.key for r in scope.reasons][-1] == "scope.open_source_priced"
    assert "AIA art. 2(12)" in scope.articles


def test_an_unknown_research_use_leaves_the_scope_open_without_hiding_the_rest(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{**CLASS_IIA, **DIAGNOSIS, "purpose.research_use": Answer(unknown=True)},
    )
    c = report.classification
    assert c.regime("out_of_scope").status == "undetermined"
    assert c.regime("out_of_scope").deciding_questions == ("purpose.research_use",)
    outcomes = {(w.value, w.status) for w in c.regime("out_of_scope").what_if}
    assert ("scientific_research_only", "applies") in outcomes
    assert ("service", "does_not_apply") in outcomes
    assert c.regime("high_risk_annex_i").status == "applies"  # if in scope, it is high-risk


def test_an_annex_iii_use_the_vendor_does_not_list_questions_its_qualification(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{"purpose.decisions": ["triage"], "purpose.patients": ["emergency"]},
    )
    c = report.classification
    assert c.applicable == ("high_risk_annex_iii",)  # the not-a-device claim is kept (Annex I)
    risks = [r.key for r in c.role.risks]
    assert "role.risk_vendor_listing" in risks and "role.risk_vendor_classification" in risks


def test_unknown_in_house_conditions_leave_both_outcomes_open(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{
            **DIAGNOSIS,
            "purpose.alignment": "broader",
            "purpose.decision_impact": "other",
            "purpose.in_house_conditions": Answer(unknown=True),
        },
    )
    annex_i = report.classification.regime("high_risk_annex_i")
    assert annex_i.status == "undetermined"
    assert annex_i.deciding_questions == ("purpose.in_house_conditions",)
    # every condition together is one of the answers tried: the exemption stays possible
    assert set(annex_i.possible_outcomes) == {"applies", "does_not_apply"}


def test_a_modified_declared_device_names_no_exemption_it_did_not_apply(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = run(
        shipped_bank,
        build_sheet,
        as_of,
        **{
            **CLASS_IIA,
            **DIAGNOSIS,
            "purpose.retrain": "yes",
            "purpose.retrain_within_plan": "no",
            "purpose.decision_impact": "other",
            "purpose.in_house_conditions": ["no_transfer", "qms", "no_equivalent", "documentation"],
        },
    )
    annex_i = report.classification.regime("high_risk_annex_i")
    assert annex_i.status == "applies" and annex_i.exceptions == ()
    assert "annex_i.in_house_possible" in [r.key for r in annex_i.reasons]
