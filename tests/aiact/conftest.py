"""Fixtures of the AI Act tests: answer sheets built from a small base plus overrides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from sovereignty.questionnaire.answers import Answer, AnswerSheet, new_sheet
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.validate import SheetFacts, check_sheet

AS_OF = dt.date(2026, 11, 28)

# A machine-learning tool for a public hospital that triggers nothing: not a device, no Annex III
# area, no interaction, no generated content, no model in the chain, hosted on premises, no
# personal data. Each scenario changes only what makes it what it is.
BASE: dict[str, Any] = {
    "purpose.vendor_intended": "Prévision du taux d'occupation des lits à sept jours.",
    "purpose.hospital_intended": "Prévoir l'occupation des lits pour organiser les services.",
    "purpose.alignment": "within",
    "purpose.patients": ["none"],
    "purpose.staff_effects": ["none"],
    "purpose.decisions": ["administrative"],
    "purpose.automation": "reviewed_recommendation",
    "purpose.research_use": "service",
    "purpose.data_categories": ["non_personal"],
    "purpose.rebrand": "no",
    "purpose.retrain": "no",
    "purpose.repurpose": "no",
    "purpose.high_risk_exclusion": "no",
    "aiact.provider_country": "fr",
    "aiact.technique": "machine_learning",
    "aiact.adaptive": "no",
    "aiact.prohibited": ["none"],
    "aiact.biometric_inference": ["none"],
    "aiact.device_status": "not_device",
    "aiact.not_device_rationale": "Aucune finalité médicale : logistique hospitalière.",
    "aiact.safety_component": "no",
    "aiact.annex_iii": ["none"],
    "aiact.profiling": "no",
    "aiact.interaction": ["none"],
    "aiact.synthetic_content": ["none"],
    "aiact.market_date": "from_2026_08_02",
    "aiact.gpai": "no",
    "aiact.conformity_assessment": "not_applicable",
    "hosting.model": "on_premises",
    "hosting.support_countries": ["fr"],
    "hosting.remote_access": "no",
    "reversibility.returned": ["data", "logs", "parameters", "documentation"],
    "reversibility.formats": "open",
    "reversibility.assistance": "yes",
    "reversibility.transition_days": 90,
    "reversibility.exit_cost": "none",
    "reversibility.model_portability": "yes",
    "audit.logging": ["inputs", "outputs", "model_version", "overrides"],
    "audit.log_retention_months": 12,
    "audit.log_access": "yes",
    "audit.rights": ["documentary", "on_site"],
    "audit.technical_documentation": "yes",
    "audit.instructions_for_use": "yes",
    "oversight.override": "any_user",
    "oversight.stop": "yes",
    "oversight.incident_reporting": "yes",
    "oversight.serious_incident_days": 2,
    "oversight.post_market_monitoring": "yes",
    "validation.local_test": "yes",
    "validation.subgroup_performance": "yes",
    "validation.drift_monitoring": "yes",
    "validation.update_policy": "locked",
    "governance.establishment_status": "public_hospital",
    "governance.public_law_body": "yes",
    "governance.staff_representatives": "done",
    "governance.ai_literacy": "yes",
    "governance.user_training": "included",
}


def build(bank: QuestionBank, overrides: dict[str, Any]) -> AnswerSheet:
    """BASE with ``overrides`` (None: unanswered; an Answer, e.g. ``Answer(unknown=True)``, as
    is), minus the answers to questions that no longer apply, checked valid against the bank."""
    values = {**BASE, **overrides}
    answers = {
        qid: value if isinstance(value, Answer) else Answer(value=value)
        for qid, value in values.items()
        if value is not None
    }
    facts = SheetFacts(bank, answers)
    answers = {q: a for q, a in answers.items() if facts.applicable.get(q) is not False}
    sheet = new_sheet(bank.id, bank.version, bank.hash, "acme", "Acme Santé SAS")
    sheet = sheet.model_copy(update={"answers": answers})
    errors = check_sheet(bank, sheet).errors
    assert not errors, [p.render() for p in errors]
    return sheet


@pytest.fixture
def as_of() -> dt.date:
    return AS_OF


@pytest.fixture
def build_sheet(shipped_bank: QuestionBank) -> Callable[..., AnswerSheet]:
    """``build_sheet({"aiact.technique": "rule_based"})``, or with keywords where ``__`` stands
    for the dot of a question id: ``build_sheet(aiact__technique="rule_based")``."""

    def make(answers: dict[str, Any] | None = None, **overrides: Any) -> AnswerSheet:
        merged = {**(answers or {}), **{k.replace("__", "."): v for k, v in overrides.items()}}
        return build(shipped_bank, merged)

    return make
