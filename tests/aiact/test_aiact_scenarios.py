"""Table-driven scenarios: an answer sheet, the regimes, role and key findings it must give.

Each scenario changes a few answers of a neutral base sheet (conftest.BASE) and names the
legal text or guidance its expectation comes from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from sovereignty.questionnaire.answers import Answer, AnswerSheet
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.services.classify import classify_sheet

Builder = Callable[..., AnswerSheet]

HEALTH = {"purpose.data_categories": ["health_identifying"]}
CLASS_IIA = {"aiact.device_status": "mdr", "aiact.mdr_class": "class_iia"}
DIAGNOSIS = {"purpose.decisions": ["diagnosis"], "purpose.patients": ["adults"]}
EMERGENCY_TRIAGE = {"purpose.decisions": ["triage"], "purpose.patients": ["emergency"]}
SAAS = {
    "hosting.model": "vendor_saas",
    "hosting.storage_countries": ["fr"],
    "hosting.processing_countries": ["fr"],
    "hosting.admin_countries": ["fr"],
    "hosting.provider_name": "Hébergeur SAS",
    "hosting.provider_parent": "Hébergeur SAS",
    "hosting.provider_parent_country": "fr",
    "hosting.hds": "yes",
    "hosting.hds_scope": [
        "physical_infrastructure",
        "virtual_infrastructure",
        "platform",
        "application_administration",
        "information_system_administration",
        "backup",
    ],
    "hosting.secnumcloud": "no",
    "hosting.extraterritorial": "no",
    "hosting.encryption_at_rest": "yes",
    "hosting.keys_holder": "hospital",
    "hosting.encryption_in_transit": "yes",
    "hosting.transfer_basis": ["none"],
    "subprocessors.vendor_data": ["health_pseudonymised"],
    "subprocessors.processor_agreement": "yes",
    "subprocessors.authorisation": "prior_specific",
    "reversibility.data_act_terms": [
        "notice_max_2_months",
        "transition_30_days",
        "retrieval_30_days",
        "full_erasure",
        "exhaustive_asset_list",
    ],
    "exit.deletion_certificate": "yes",
    "exit.return_before_deletion": "yes",
}
DEROGATION = {
    "aiact.annex_iii": ["workforce_management"],
    "aiact.art6_3_conditions": ["narrow_procedural_task"],
    "aiact.material_influence": "no",
    "aiact.art6_3_documented": "yes",
    "purpose.staff_effects": ["workflow"],
}


@dataclass(frozen=True)
class Scenario:
    name: str
    source: str  # the article, annex or guidance the expectation comes from
    answers: dict[str, Any]
    applies: set[str]  # exactly the regimes that apply
    role: str | None = "deployer"
    points: dict[str, tuple[str, ...]] = field(default_factory=dict)
    basis: dict[str, tuple[str, ...]] = field(default_factory=dict)
    findings: set[str] = field(default_factory=set)  # must be raised
    no_findings: set[str] = field(default_factory=set)  # must not be raised
    obligations: set[str] = field(default_factory=set)  # must be listed
    no_obligations: set[str] = field(default_factory=set)


SCENARIOS = [
    Scenario(
        "machine learning for bed logistics is minimal risk",
        "AIA art. 4; AIA art. 95",
        {},
        {"minimal_risk"},
        obligations={"H-ART4", "V-ART4"},
        no_obligations={"H-ART26-1", "H-ART27", "H-DPIA"},
        no_findings={"DPIA-01", "AIA-02", "FRIA-01"},
    ),
    Scenario(
        "human-defined rules are not an AI system",
        "AIA art. 3(1); AIA recital 12; Commission guidelines on the AI system definition",
        {"aiact.technique": "rule_based"},
        {"not_ai_system"},
        no_obligations={"H-ART4", "V-ART4"},
    ),
    Scenario(
        "basic statistics are not an AI system",
        "AIA art. 3(1); AIA recital 12",
        {"aiact.technique": "basic_statistics"},
        {"not_ai_system"},
    ),
    Scenario(
        "a rule-based class IIa device is outside the AI Act but keeps MDR duties",
        "MDCG 2025-6 (AI Act applies to AI systems only); MDR art. 87; CSP art. L5212-2",
        {"aiact.technique": "rule_based", **CLASS_IIA, **DIAGNOSIS},
        {"not_ai_system"},
        obligations={"V-MDR", "H-VIGILANCE-MDR"},
        no_obligations={"V-ART9", "H-ART26-1"},
    ),
    Scenario(
        "an AI device of MDR class IIa is high-risk through Annex I",
        "AIA art. 6(1); MDR annex VIII rule 11 (class IIa); MDCG 2025-6",
        {**CLASS_IIA, **DIAGNOSIS, **HEALTH},
        {"high_risk_annex_i"},
        basis={"high_risk_annex_i": ("declared",)},
        findings={"AIA-02", "DPIA-01"},
        no_findings={"FRIA-01", "PURPOSE-02"},
        obligations={"H-ART26-1", "H-ART26-6", "H-ART26-7", "V-ART9", "V-ART43", "V-MDR"},
        no_obligations={"H-ART27", "H-ART26-8", "H-ART86", "V-ART49-1"},
    ),
    Scenario(
        "an AI device of MDR class IIb is high-risk through Annex I",
        "AIA art. 6(1); MDR annex VIII rule 11 (class IIb); MDCG 2025-6",
        {"aiact.device_status": "mdr", "aiact.mdr_class": "class_iib", **DIAGNOSIS},
        {"high_risk_annex_i"},
    ),
    Scenario(
        "an AI device of MDR class III is high-risk through Annex I",
        "AIA art. 6(1); MDR annex VIII rule 11 (class III); MDCG 2025-6",
        {"aiact.device_status": "mdr", "aiact.mdr_class": "class_iii", **DIAGNOSIS},
        {"high_risk_annex_i"},
    ),
    Scenario(
        "a class I AI device for logistics is not high-risk (no notified body)",
        "AIA art. 6(1)(b); MDCG 2025-6 (class I self-declared)",
        {"aiact.device_status": "mdr", "aiact.mdr_class": "class_i"},
        {"minimal_risk"},
        obligations={"V-MDR", "H-VIGILANCE-MDR"},
    ),
    Scenario(
        "a class I claim for software informing diagnosis is kept, and questioned",
        "MDR art. 2(12); MDR annex VIII rule 11; AIA art. 6(1)(b)",
        {"aiact.device_status": "mdr", "aiact.mdr_class": "class_i", **DIAGNOSIS},
        {"minimal_risk"},
        findings={"PURPOSE-02"},
        no_findings={"PURPOSE-01"},
    ),
    Scenario(
        "an IVDR class C AI device is high-risk through Annex I",
        "AIA art. 6(1); IVDR annex VIII; MDCG 2025-6 (IVDR B, C, D)",
        {"aiact.device_status": "ivdr", "aiact.ivdr_class": "class_c", **DIAGNOSIS},
        {"high_risk_annex_i"},
        obligations={"V-IVDR", "H-VIGILANCE-IVDR"},
    ),
    Scenario(
        "an IVDR class A AI device is not high-risk",
        "AIA art. 6(1)(b); MDCG 2025-6 (IVDR class A self-declared)",
        {"aiact.device_status": "ivdr", "aiact.ivdr_class": "class_a"},
        {"minimal_risk"},
    ),
    Scenario(
        "a safety component of a regulated product is high-risk through Annex I",
        "AIA art. 6(1)(a); AIA art. 3(14)",
        {"aiact.safety_component": "yes"},
        {"high_risk_annex_i"},
    ),
    Scenario(
        "an emergency triage device is high-risk twice and under Art. 50(1)",
        "AIA art. 6(1); AIA annex III 5(d); AIA art. 50(1); MDR annex VIII rule 11",
        {
            **CLASS_IIA,
            **EMERGENCY_TRIAGE,
            **HEALTH,
            "aiact.annex_iii": ["emergency_triage"],
            "aiact.art6_3_conditions": ["none"],
            "aiact.material_influence": "yes",
            "aiact.interaction": ["staff"],
            "aiact.interaction_disclosure": "yes",
            "aiact.interaction_obvious": "no",
            "aiact.eu_database": "yes",
        },
        {"high_risk_annex_i", "high_risk_annex_iii", "transparency"},
        points={"high_risk_annex_iii": ("5(d)",), "transparency": ("50(1)",)},
        findings={"AIA-02", "FRIA-01", "DPIA-01"},
        no_findings={"AIA-07", "AIA-09", "PURPOSE-01"},
        obligations={"H-ART27", "H-ART26-8", "H-ART86", "V-ART49-1", "V-ART50-1", "V-MDR"},
    ),
    Scenario(
        "triage with software declared not a device, outside its purpose: the hospital is provider",
        "AIA art. 25(1)(c); AIA annex III 5(d); MDR annex VIII rule 11; AIA art. 25(2)",
        {
            **EMERGENCY_TRIAGE,
            "purpose.alignment": "different",
            "purpose.high_risk_exclusion": "yes",
            "purpose.in_house_conditions": ["qms"],
        },
        {"high_risk_annex_i", "high_risk_annex_iii"},
        role="provider",
        basis={
            "high_risk_annex_i": ("intended_use",),
            "high_risk_annex_iii": ("intended_use",),
        },
        findings={"PURPOSE-01", "PURPOSE-02", "PURPOSE-06"},
        obligations={"H-PROVIDER"},
    ),
    Scenario(
        "triage with software declared not a device, within its purpose: declared status kept",
        "AIA art. 6(1); AIA art. 6(2); MDR art. 2(12); MDR annex VIII rule 11",
        {**EMERGENCY_TRIAGE},
        {"high_risk_annex_iii"},
        role="deployer",
        findings={"PURPOSE-02"},
        no_findings={"PURPOSE-01"},
        no_obligations={"H-PROVIDER"},
    ),
    Scenario(
        "recruitment screening is high-risk under Annex III 4(a)",
        "AIA annex III 4(a); AIA art. 26(7); AIA art. 27(1)",
        {
            "aiact.annex_iii": ["recruitment"],
            "aiact.art6_3_conditions": ["none"],
            "aiact.material_influence": "yes",
            "purpose.staff_effects": ["recruitment"],
            "purpose.data_categories": ["staff"],
            "governance.staff_representatives": "planned",
        },
        {"high_risk_annex_iii"},
        points={"high_risk_annex_iii": ("4(a)",)},
        findings={"FRIA-01", "STAFF-01", "DPIA-01"},
        no_findings={"STAFF-02"},
        obligations={"H-ART27", "H-ART26-7", "H-DPIA", "H-STAFF-PUBLIC"},
        no_obligations={"H-STAFF"},
    ),
    Scenario(
        "rostering by the hospital is Annex III 4(b) even if the vendor lists nothing",
        "AIA annex III 4(b); AIA art. 6(4)",
        {
            "purpose.staff_effects": ["task_allocation"],
            "governance.staff_representatives": "not_planned",
        },
        {"high_risk_annex_iii"},
        points={"high_risk_annex_iii": ("4(b)",)},
        basis={"high_risk_annex_iii": ("intended_use",)},
        findings={"STAFF-01", "STAFF-02"},
    ),
    Scenario(
        "admission tooling of a public hospital is Annex III 5(a)",
        "AIA annex III 5(a); Commission AI Act Service Desk examples for 5(a)",
        {"purpose.decisions": ["access_to_care"], "purpose.patients": ["adults"]},
        {"high_risk_annex_iii"},
        points={"high_risk_annex_iii": ("5(a)",)},
        obligations={"H-ART26-8", "H-ART27", "H-ART26-11"},
    ),
    Scenario(
        "admission tooling of a private hospital is not 5(a) (not a public authority)",
        "AIA annex III 5(a) (by or on behalf of public authorities)",
        {
            "purpose.decisions": ["access_to_care"],
            "governance.public_law_body": "no",
            "governance.establishment_status": "private",
        },
        {"minimal_risk"},
    ),
    Scenario(
        "a documented Art. 6(3) derogation keeps a listed system out of high risk",
        "AIA art. 6(3)(a); AIA art. 6(4); AIA art. 49(2)",
        DEROGATION,
        {"minimal_risk"},
        obligations={"V-ART6-4"},
        no_findings={"AIA-04"},
    ),
    Scenario(
        "profiling defeats the Art. 6(3) derogation",
        "AIA art. 6(3), third subparagraph; GDPR art. 4(4)",
        {**DEROGATION, "aiact.profiling": "yes"},
        {"high_risk_annex_iii"},
        points={"high_risk_annex_iii": ("4(b)",)},
        no_obligations={"V-ART6-4"},
    ),
    Scenario(
        "material influence on the decision defeats the Art. 6(3) derogation",
        "AIA art. 6(3), first subparagraph",
        {**DEROGATION, "aiact.material_influence": "yes"},
        {"high_risk_annex_iii"},
    ),
    Scenario(
        "an undocumented Art. 6(3) derogation is a finding",
        "AIA art. 6(4); AIA art. 49(2)",
        {**DEROGATION, "aiact.art6_3_documented": "no"},
        {"minimal_risk"},
        findings={"AIA-04"},
    ),
    Scenario(
        "the hospital's automatic decision defeats the Art. 6(3) derogation",
        "AIA art. 6(3); GDPR art. 22",
        {**DEROGATION, "purpose.automation": "automatic_decision"},
        {"high_risk_annex_iii"},
    ),
    Scenario(
        "emotion inference on staff without medical reason is prohibited",
        "AIA art. 5(1)(f); Commission guidelines on prohibited practices C(2025) 884",
        {
            "aiact.biometric_inference": ["emotions"],
            "aiact.emotion_subjects": ["staff"],
            "aiact.emotion_purpose": "other",
        },
        {"prohibited"},
        points={"prohibited": ("5(1)(f)",)},
        findings={"AIA-01"},
        obligations={"H-ART5"},
        no_obligations={"H-ART50-3", "H-ART4"},
    ),
    Scenario(
        "emotion recognition for medical reasons is not prohibited but Annex III 1(c)",
        "AIA art. 5(1)(f) (medical or safety exception); AIA annex III 1(c); AIA art. 50(3)",
        {
            "aiact.biometric_inference": ["emotions"],
            "aiact.emotion_subjects": ["staff"],
            "aiact.emotion_purpose": "medical",
            "aiact.annex_iii": ["emotion_recognition"],
            "aiact.art6_3_conditions": ["none"],
            "aiact.material_influence": "yes",
        },
        {"high_risk_annex_iii", "transparency"},
        points={"high_risk_annex_iii": ("1(c)",), "transparency": ("50(3)",)},
        no_findings={"AIA-01"},
        obligations={"H-ART50-3"},
    ),
    Scenario(
        "a system put into service for scientific research alone is out of scope",
        "AIA art. 2(6); AIA recital 25",
        {"purpose.research_use": "scientific_research_only"},
        {"out_of_scope"},
        points={"out_of_scope": ("2(6)",)},
        no_obligations={"H-ART4", "V-ART4"},
    ),
    Scenario(
        "social scoring is prohibited whoever does it",
        "AIA art. 5(1)(c) (not limited to public authorities)",
        {"aiact.prohibited": ["social_scoring"]},
        {"prohibited"},
        points={"prohibited": ("5(1)(c)",)},
        findings={"AIA-01"},
    ),
    Scenario(
        "a patient chatbot on a US model via API: Art. 50(1), 50(2) and GPAI in the chain",
        "AIA art. 50(1); AIA art. 50(2); AIA art. 111(4); AIA art. 53(1)(b); GDPR art. 48",
        {
            "aiact.technique": "generative_model",
            "aiact.interaction": ["patients"],
            "aiact.interaction_disclosure": "yes",
            "aiact.interaction_obvious": "no",
            "aiact.synthetic_content": ["text"],
            "aiact.synthetic_role": "generates",
            "aiact.content_marking": "yes",
            "aiact.public_content": "no",
            "aiact.market_date": "before_2026_08_02",
            "aiact.gpai": "yes",
            "aiact.gpai_model": "Atlas-4",
            "aiact.gpai_provider_country": "us",
            "aiact.gpai_deployment": "provider_api",
            "aiact.gpai_annex_xii": "yes",
            "aiact.gpai_systemic": "no",
        },
        {"transparency", "gpai"},
        points={"transparency": ("50(1)", "50(2)")},
        findings={"JURIS-01"},
        no_findings={"AIA-05", "AIA-06", "AIA-07", "AIA-08"},
        obligations={"V-ART50-1", "V-ART50-2", "V-ART53"},
    ),
    Scenario(
        "a systemic-risk model in the chain brings Art. 55 guarantees",
        "AIA art. 51; AIA art. 55(1)",
        {
            "aiact.gpai": "yes",
            "aiact.gpai_model": "Big-1",
            "aiact.gpai_provider_country": "eea",
            "aiact.gpai_deployment": "vendor_hosted",
            "aiact.gpai_annex_xii": "no",
            "aiact.gpai_systemic": "yes",
        },
        {"gpai", "gpai_systemic_risk", "minimal_risk"},
        findings={"AIA-05", "AIA-06"},
        obligations={"V-ART53", "V-ART55"},
    ),
    Scenario(
        "published generated content brings the deployer's Art. 50(4) duty",
        "AIA art. 50(4)",
        {
            "aiact.technique": "generative_model",
            "aiact.synthetic_content": ["image"],
            "aiact.synthetic_role": "generates",
            "aiact.content_marking": "yes",
            "aiact.public_content": "yes",
            "aiact.public_content_kind": ["deep_fakes"],
        },
        {"transparency"},
        points={"transparency": ("50(2)", "50(4)")},
        obligations={"H-ART50-4", "V-ART50-2"},
    ),
    Scenario(
        "a GHT putting its brand on a high-risk device becomes its provider",
        "AIA art. 25(1)(a)",
        {**CLASS_IIA, **DIAGNOSIS, "purpose.rebrand": "yes"},
        {"high_risk_annex_i"},
        role="provider",
        findings={"PURPOSE-03"},
        obligations={"H-PROVIDER"},
    ),
    Scenario(
        "retraining beyond the pre-determined changes is a substantial modification",
        "AIA art. 25(1)(b); AIA art. 3(23); AIA recital 128",
        {
            **CLASS_IIA,
            **DIAGNOSIS,
            "purpose.retrain": "yes",
            "purpose.retrain_within_plan": "no",
        },
        {"high_risk_annex_i"},
        role="provider",
        findings={"PURPOSE-04"},
    ),
    Scenario(
        "retraining within the pre-determined changes keeps the hospital a deployer",
        "AIA recital 128; AIA art. 3(23)",
        {
            **CLASS_IIA,
            **DIAGNOSIS,
            "purpose.retrain": "yes",
            "purpose.retrain_within_plan": "yes",
        },
        {"high_risk_annex_i"},
        role="deployer",
        no_findings={"PURPOSE-04"},
    ),
    Scenario(
        "a point 2 critical infrastructure system owes no FRIA, registration by the deployer "
        "or explanation",
        "AIA art. 27(1); AIA art. 49(3); AIA art. 49(5); AIA art. 86(1)",
        {
            "aiact.annex_iii": ["critical_infrastructure"],
            "aiact.art6_3_conditions": ["none"],
            "aiact.material_influence": "yes",
        },
        {"high_risk_annex_iii"},
        points={"high_risk_annex_iii": ("2",)},
        no_findings={"FRIA-01"},
        no_obligations={"H-ART27", "H-ART26-8", "H-ART86", "V-ART49-1"},
        obligations={"H-ART26-1", "V-ART9"},
    ),
    Scenario(
        "a private non-profit hospital (ESPIC) owes the FRIA but does not register as authority",
        "AIA art. 27(1) (private entities providing public services); AIA art. 49(3)",
        {
            **EMERGENCY_TRIAGE,
            "aiact.annex_iii": ["emergency_triage"],
            "aiact.art6_3_conditions": ["none"],
            "aiact.material_influence": "yes",
            "governance.establishment_status": "espic",
            "governance.public_law_body": "no",
        },
        {"high_risk_annex_iii"},
        findings={"FRIA-01"},
        obligations={"H-ART27"},
        no_obligations={"H-ART26-8"},
    ),
    Scenario(
        "health data in SaaS without HDS certification is blocking",
        "CSP art. L1111-8; HDS certification framework",
        {**SAAS, **HEALTH, "hosting.hds": "no"},
        {"minimal_risk"},
        findings={"HOST-01", "DPIA-01"},
        no_findings={"HOST-02", "HOST-03"},
    ),
    Scenario(
        "health data stored in the US without a transfer mechanism is blocking twice",
        "CSP art. L1111-8; HDS req. 28-31; GDPR art. 44; GDPR art. 46",
        {**SAAS, **HEALTH, "hosting.storage_countries": ["us"]},
        {"minimal_risk"},
        findings={"HOST-03", "TRANSFER-01"},
    ),
    Scenario(
        "undisclosed remote support from India, US parent, vendor-held keys",
        "HDS req. 28-31; SNC §19.6; GDPR art. 48",
        {
            **SAAS,
            **HEALTH,
            "hosting.provider_parent_country": "us",
            "hosting.extraterritorial": "yes",
            "hosting.extraterritorial_laws": ["us_cloud_act"],
            "hosting.keys_holder": "host",
            "hosting.remote_access": "yes",
            "hosting.remote_access_countries": ["in"],
            "hosting.remote_access_in_contract": "no",
            "hosting.transfer_basis": ["scc"],
            "hosting.transfer_impact_assessment": "no",
        },
        {"minimal_risk"},
        findings={"HOST-04", "JURIS-01", "CRYPTO-02", "TRANSFER-03"},
        no_findings={"TRANSFER-01"},
    ),
    Scenario(
        "missing processor terms and uncontrolled sub-processors",
        "GDPR art. 28(2); GDPR art. 28(3)",
        {
            **SAAS,
            **HEALTH,
            "subprocessors.processor_agreement": "no",
            "subprocessors.authorisation": "no_control",
        },
        {"minimal_risk"},
        findings={"GDPR-01", "SUB-01"},
    ),
    Scenario(
        "reversibility gaps against the Data Act switching rules",
        "DA art. 25(2); DA art. 29; DA art. 30(5); AIA art. 26(6)",
        {
            **SAAS,
            "reversibility.returned": ["documentation"],
            "reversibility.formats": "proprietary",
            "reversibility.assistance": "no",
            "reversibility.exit_cost": "flat_fee",
            "reversibility.data_act_terms": ["none"],
            "exit.service_continuity": "no",
        },
        {"minimal_risk"},
        findings={"REV-01", "REV-02", "REV-03", "REV-05", "REV-07", "REV-09", "EXIT-01"},
        no_findings={"REV-10"},
    ),
    Scenario(
        "nobody can override the output, no audit, no local validation",
        "AIA art. 14(4)(d); CSP art. L4001-3; GDPR art. 28(3)(h); AIA art. 26(4)",
        {
            "oversight.override": "nobody",
            "audit.rights": ["none"],
            "validation.local_test": "no",
            "audit.log_retention_months": 3,
        },
        {"minimal_risk"},
        findings={"OVERSIGHT-01", "AUDIT-01", "VALID-01", "LOG-02"},
    ),
]


def test_there_are_at_least_thirty_scenarios_each_with_a_source() -> None:
    assert len(SCENARIOS) >= 30
    assert all(s.source.strip() for s in SCENARIOS)
    assert len({s.name for s in SCENARIOS}) == len(SCENARIOS)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario(
    scenario: Scenario, shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    report = classify_sheet(shipped_bank, build_sheet(scenario.answers), as_of)
    c = report.classification
    assert set(c.applicable) == scenario.applies, scenario.source
    assert not c.undetermined
    assert c.role.id == scenario.role
    for regime, points in scenario.points.items():
        assert c.regime(regime).points == points
    for regime, basis in scenario.basis.items():
        assert c.regime(regime).basis == basis
    raised = {f.id for f in report.findings}
    assert scenario.findings <= raised, scenario.findings - raised
    assert not scenario.no_findings & raised, scenario.no_findings & raised
    listed = {o.id for o in c.obligations}
    assert scenario.obligations <= listed, scenario.obligations - listed
    assert not scenario.no_obligations & listed, scenario.no_obligations & listed


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_every_reason_and_obligation_cites_an_article(
    scenario: Scenario, shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    c = classify_sheet(shipped_bank, build_sheet(scenario.answers), as_of).classification
    reasons = [r for regime in c.regimes for r in regime.reasons]
    reasons += [*c.role.reasons, *c.role.risks]
    assert reasons
    assert all(r.legal for r in reasons)
    assert all(o.legal for o in c.obligations)
    for regime in c.regimes:  # a regime that applies or not always says why
        assert regime.reasons, regime.id


def test_the_scenarios_cover_every_regime() -> None:
    seen = set().union(*(s.applies for s in SCENARIOS))
    assert seen == {
        "not_ai_system",
        "out_of_scope",
        "prohibited",
        "high_risk_annex_i",
        "high_risk_annex_iii",
        "transparency",
        "gpai",
        "gpai_systemic_risk",
        "minimal_risk",
    }


def test_an_unknown_answer_in_a_scenario_is_not_silently_decided(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    sheet = build_sheet({**CLASS_IIA, **DIAGNOSIS, "aiact.mdr_class": Answer(unknown=True)})
    c = classify_sheet(shipped_bank, sheet, as_of).classification
    assert c.regime("high_risk_annex_i").status == "undetermined"
    assert c.regime("high_risk_annex_i").deciding_questions == ("aiact.mdr_class",)
