"""Shared helpers of the rule-family tests (test_rule_families_*.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sovereignty.questionnaire.answers import AnswerSheet
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.services.classify import ClassificationReport, classify_sheet

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
