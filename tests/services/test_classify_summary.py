from __future__ import annotations

import datetime as dt
from pathlib import Path

from sovereignty.aiact.model import REGIME_IDS
from sovereignty.services.classify import SHORT_REGIME_NAMES, classify_vendor, summary_line
from sovereignty.services.demo import build_demo_tender


def test_every_regime_has_a_short_name() -> None:
    assert set(SHORT_REGIME_NAMES) == set(REGIME_IDS)


def test_the_one_line_summary_names_regimes_in_words(tmp_path: Path) -> None:
    tender = build_demo_tender(tmp_path / "demo")
    report = classify_vendor(tender, "northbridge", dt.date(2026, 11, 28))
    french, english = summary_line(report, "fr"), summary_line(report, "en")
    assert "haut risque annexe III 5(d)" in french and "rôle : déployeur" in french
    assert "high-risk Annex III 5(d)" in english and "role: deployer" in english
    ids = [regime_id for regime_id in REGIME_IDS if "_" in regime_id or regime_id == "gpai"]
    assert not any(regime_id in french + english for regime_id in ids)
