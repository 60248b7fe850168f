"""Obligations: who must do what, from when (dates as data), and the catalogue's checks."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sovereignty.aiact.catalogue import DATA, load_catalogue
from sovereignty.aiact.engine import classify
from sovereignty.aiact.model import ObligationResult
from sovereignty.core.errors import ContentError
from sovereignty.questionnaire.answers import AnswerSheet
from sovereignty.questionnaire.loader import QuestionBank

Builder = Callable[..., AnswerSheet]
DEVICE = {
    "aiact.device_status": "mdr",
    "aiact.mdr_class": "class_iib",
    "purpose.decisions": ["diagnosis"],
}
TRIAGE = {
    **DEVICE,
    "purpose.decisions": ["triage"],
    "purpose.patients": ["emergency"],
}


def _obligation(
    sheet: AnswerSheet, bank: QuestionBank, as_of: dt.date, oid: str
) -> ObligationResult:
    return next(o for o in classify(bank, sheet, as_of).obligations if o.id == oid)


def test_deployer_duties_of_a_device_apply_from_the_annex_i_date(
    shipped_bank: QuestionBank, build_sheet: Builder
) -> None:
    sheet = build_sheet(DEVICE)
    before = _obligation(sheet, shipped_bank, dt.date(2028, 8, 1), "H-ART26-6")
    after = _obligation(sheet, shipped_bank, dt.date(2028, 8, 2), "H-ART26-6")
    assert before.applies_from == dt.date(2028, 8, 2)
    assert (before.status, after.status) == ("upcoming", "applicable")
    assert before.date_key == "high_risk_annex_i"


def test_a_device_that_is_also_annex_iii_takes_the_earlier_annex_iii_date(
    shipped_bank: QuestionBank, build_sheet: Builder
) -> None:
    item = _obligation(build_sheet(TRIAGE), shipped_bank, dt.date(2026, 11, 28), "H-ART26-1")
    assert item.applies_from == dt.date(2027, 12, 2)
    assert set(item.because) == {"high_risk_annex_i", "high_risk_annex_iii"}


def test_already_applicable_duties_say_so(shipped_bank: QuestionBank, build_sheet: Builder) -> None:
    sheet = build_sheet({**DEVICE, "purpose.data_categories": ["health_identifying"]})
    c = classify(shipped_bank, sheet, dt.date(2026, 11, 28))
    status = {o.id: o.status for o in c.obligations}
    assert status["H-ART4"] == "applicable"  # 2 Feb 2025
    assert status["H-DPIA"] == "applicable"  # GDPR
    assert status["V-MDR"] == "applicable"
    assert status["V-ART9"] == "upcoming"
    assert {o.party for o in c.obligations} == {"hospital", "vendor"}


def test_disputed_dates_are_marked_unconfirmed(
    shipped_bank: QuestionBank, build_sheet: Builder
) -> None:
    c = classify(shipped_bank, build_sheet(TRIAGE), dt.date(2026, 11, 28))
    confirmed = {o.id: o.date_confirmed for o in c.obligations}
    assert confirmed["V-ART72"] is False
    assert confirmed["V-ART73"] is False
    assert confirmed["H-ART86"] is False
    assert confirmed["H-ART26-1"] is True


def test_legacy_generative_systems_get_the_art_111_4_grace_for_marking(
    shipped_bank: QuestionBank, build_sheet: Builder
) -> None:
    generative = {
        "aiact.technique": "generative_model",
        "aiact.synthetic_content": ["text"],
        "aiact.content_marking": "yes",
        "aiact.public_content": "no",
    }
    on = dt.date(2026, 9, 1)
    legacy = _obligation(
        build_sheet({**generative, "aiact.market_date": "before_2026_08_02"}),
        shipped_bank,
        on,
        "V-ART50-2",
    )
    new = _obligation(build_sheet(generative), shipped_bank, on, "V-ART50-2")
    assert (legacy.applies_from, legacy.status) == (dt.date(2026, 12, 2), "upcoming")
    assert (new.applies_from, new.status) == (dt.date(2026, 8, 2), "applicable")


def test_moving_a_date_is_a_data_edit(
    shipped_bank: QuestionBank, build_sheet: Builder, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    dates = folder / "dates.yaml"
    dates.write_text(
        dates.read_text(encoding="utf-8").replace("date: 2027-12-02", "date: 2029-06-01"),
        encoding="utf-8",
    )
    catalogue = load_catalogue(folder)
    c = classify(shipped_bank, build_sheet(TRIAGE), dt.date(2028, 1, 1), catalogue)
    item = next(o for o in c.obligations if o.id == "H-ART27")
    assert item.applies_from == dt.date(2029, 6, 1)
    assert item.status == "upcoming"


def _broken_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        (
            "obligations.yaml",
            "from: {default: ai_literacy}",
            "from: {default: ai_literacyy}",
            "unknown date 'ai_literacyy'",
        ),
        (
            "obligations.yaml",
            "requires: [ai_system]",
            "requires: [ai_sytem]",
            "unknown tag 'ai_sytem'",
        ),
        (
            "obligations.yaml",
            'legal: ["AIA art. 26(1)"]',
            'legal: ["AIAA art. 26(1)"]',
            "unknown instrument 'AIAA'",
        ),
        (
            "obligations.yaml",
            "regimes: [high_risk_annex_iii]\n    requires: [public_authority",
            "regimes: [high_risk_annex_3]\n    requires: [public_authority",
            "regimes.0: expected 'not_ai_system'",
        ),
        (
            "messages.yaml",
            'en: "The vendor declares a practice of Art. 5(1): {practice}."',
            'en: "The vendor declares a practice of Art. 5(1): {practise}."',
            "different placeholders",
        ),
        ("dates.yaml", "date: 2025-08-02", "date: soon", "dates.gpai.date"),
    ],
)
def test_a_broken_catalogue_is_refused_with_file_line_and_reason(
    tmp_path: Path, name: str, old: str, new: str, expected: str
) -> None:
    folder = _broken_copy(tmp_path, name, old, new)
    with pytest.raises(ContentError) as info:
        load_catalogue(folder)
    message = str(info.value)  # the English text, whatever render() localises
    assert name in message
    assert "line " in message
    assert expected in message


def test_a_broken_catalogue_is_explained_in_french(tmp_path: Path) -> None:
    folder = _broken_copy(
        tmp_path, "obligations.yaml", "requires: [ai_system]", "requires: [ai_sytem]"
    )
    with pytest.raises(ContentError) as info:
        load_catalogue(folder)
    message = info.value.render("fr")
    assert message.startswith(f"{folder / 'obligations.yaml'} : ligne ")
    assert " : [H-ART4] étiquette inconnue 'ai_sytem' dans 'requires' (connues : " in message
    folder = _broken_copy(
        tmp_path / "2",
        "messages.yaml",
        'en: "The vendor declares a practice of Art. 5(1): {practice}."',
        'en: "The vendor declares a practice of Art. 5(1): {practise}."',
    )
    with pytest.raises(ContentError) as info:
        load_catalogue(folder)
    assert "les textes français et anglais n'ont pas les mêmes champs {…} : ['practice'] et " in (
        info.value.render("fr")
    )
