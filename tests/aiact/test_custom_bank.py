"""A tender on a custom bank without the AI Act questions gets a clear error, not a crash."""

from __future__ import annotations

import datetime as dt

import pytest

from sovereignty.aiact.engine import classify
from sovereignty.core.errors import ContentError
from sovereignty.tender.folder import Tender


def test_classifying_against_a_bank_without_the_ai_act_questions_says_which_is_missing(
    mini_tender: Tender,
) -> None:
    with pytest.raises(ContentError) as info:
        classify(mini_tender.bank, mini_tender.load_sheet("acme"), dt.date(2026, 11, 28))
    message = info.value.render("en")
    assert "bank.yaml" in message and "which this bank does not have" in message
    french = info.value.render("fr")
    assert french.startswith(f"{mini_tender.root / 'bank.yaml'} : [")
    assert "la classification AI Act lit la question" in french
    assert "absente de cette banque" in french
