"""The reason "the planned use falls under no Annex III point" names only the points it checked:
a point the vendor lists is governed by the vendor's declaration and is not checked on the use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sovereignty.aiact.engine import classify
from sovereignty.questionnaire.answers import AnswerSheet
from sovereignty.questionnaire.loader import QuestionBank

Builder = Callable[..., AnswerSheet]
DEROGATION = {  # the vendor's Art. 6(3) derogation holds for what it lists
    "aiact.art6_3_conditions": ["narrow_procedural_task"],
    "aiact.material_influence": "no",
    "aiact.art6_3_documented": "yes",
    "purpose.staff_effects": ["workflow"],
}


def use_reason(
    bank: QuestionBank, build_sheet: Builder, as_of: dt.date, answers: dict[str, Any]
) -> list[Any]:
    regime = classify(bank, build_sheet(answers), as_of).regime("high_risk_annex_iii")
    assert regime.status == "does_not_apply"
    return [r for r in regime.reasons if r.key == "annex_iii.use_none"]


def test_a_point_the_vendor_lists_is_not_said_to_be_checked_on_the_use(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    answers = {**DEROGATION, "aiact.annex_iii": ["public_services_healthcare"]}
    [reason] = use_reason(shipped_bank, build_sheet, as_of, answers)
    assert "access to care" not in reason.text.en and "accès aux soins" not in reason.text.fr
    assert reason.text.en.endswith(
        "checked against it: emergency triage (5(d)), recruitment (4(a)), staff management (4(b))."
    )
    assert "tri des urgences (5(d)), recrutement (4(a)), gestion des personnels (4(b))" in (
        reason.text.fr
    )


def test_with_nothing_listed_every_use_point_is_named(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    [reason] = use_reason(shipped_bank, build_sheet, as_of, {})
    for point in ("emergency triage", "access to care", "recruitment", "staff management"):
        assert point in reason.text.en


def test_when_the_vendor_lists_every_use_point_no_use_reason_is_given(
    shipped_bank: QuestionBank, build_sheet: Builder, as_of: dt.date
) -> None:
    listed = ["emergency_triage", "public_services_healthcare", "recruitment"]
    answers = {**DEROGATION, "aiact.annex_iii": [*listed, "workforce_management"]}
    assert use_reason(shipped_bank, build_sheet, as_of, answers) == []
