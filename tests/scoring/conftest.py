"""Helpers for the scoring tests: profiles built from dictionaries, offers from plain answers."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sovereignty.core.conditions import DictFacts
from sovereignty.core.model import Text
from sovereignty.findings.model import Finding
from sovereignty.questionnaire.answers import Answer
from sovereignty.scoring.engine import OfferInputs
from sovereignty.scoring.model import Profile
from sovereignty.tender.folder import Establishment, Tender

HERE = Path(__file__).parent
MINI_PROFILE = HERE / "mini-profile.yaml"


def text(words: str) -> dict[str, str]:
    return {"fr": words, "en": words}


def answers_criterion(cid: str, axis: str, weight: float, items: list[Any], **extra: Any) -> dict:
    return {
        "id": cid,
        "axis": axis,
        "weight": weight,
        "label": text(cid),
        "scoring": {"method": "answers", "items": items},
        **extra,
    }


BASE: dict[str, Any] = {
    "schema": "sovereignty/profile/1",
    "id": "t",
    "version": "1",
    "title": text("T"),
    "axes": [{"id": "quality", "kind": "theme", "label": text("Q")}],
    "criteria": [],
    "risk_levels": [{"id": "low", "label": text("Low")}],
}


def make_profile(criteria: list[dict[str, Any]], **changes: Any) -> Profile:
    data = copy.deepcopy(BASE)
    data["criteria"] = criteria
    data.update(changes)
    return Profile.model_validate(data)


def linear_profile(weights: list[float], tie_break: tuple[str, ...] = ()) -> Profile:
    """One criterion per weight (c0, c1...), each scored by evaluators on 0..1 in tenths:
    handy when only the shares matter."""
    criteria = [
        {
            "id": f"c{i}",
            "axis": "quality",
            "weight": w,
            "label": text(f"c{i}"),
            "scoring": {
                "method": "evaluators",
                "guidance": text("g"),
                "scale": {"min": 0, "max": 1, "step": 0.1},
            },
        }
        for i, w in enumerate(weights)
    ]
    return make_profile(criteria, ranking={"tie_break": list(tie_break)})


def offer(
    values: dict[str, Any] | None = None,
    findings: tuple[Finding, ...] = (),
    vendor: str = "acme",
    regimes: Any = None,
) -> OfferInputs:
    return OfferInputs(vendor, vendor.title(), DictFacts(values or {}), findings, regimes)


def finding(fid: str, severity: str = "major", subject: str | None = None) -> Finding:
    return Finding(
        id=fid,
        severity=severity,  # type: ignore[arg-type]
        title=Text(fr=fid, en=fid),
        explanation=Text(fr=fid, en=fid),
        subject=subject,
    )


@pytest.fixture
def scoring_tender(mini_tender: Tender, monkeypatch: pytest.MonkeyPatch) -> Iterator[Tender]:
    """The mini tender with the mini grid, two establishments and two vendors:
    acme (SaaS, HDS, physical scope) and beta (on premises).

    The mini bank has no AI Act section, so offers are read without the other analyses (the
    demo tests run the full ``analyse_offer`` on the shipped bank)."""
    from sovereignty.services import offer as offer_service

    monkeypatch.setattr(offer_service, "analyse_offer", offer_service.load_offer)
    shutil.copy(MINI_PROFILE, mini_tender.root / "profile.yaml")
    settings = mini_tender.settings.model_copy(
        update={
            "establishments": (
                Establishment(id="chu-a", name="CHU A", role="support"),
                Establishment(id="ch-b", name="CH B"),
            )
        }
    )
    from sovereignty.core.yamlio import write_yaml

    write_yaml(
        mini_tender.root / "tender.yaml",
        settings.model_dump(mode="json", by_alias=True, exclude_none=True),
    )
    tender = Tender.open(mini_tender.root)
    sheet = tender.load_sheet("acme")
    for qid, value in {
        "hosting.model": "saas",
        "hosting.hds": "yes",
        "hosting.hds_scope": ["physical"],
        "subprocessors.list": [{"name": "Cloudy", "country": "fr"}],
        "subprocessors.approval": "yes",
    }.items():
        sheet = sheet.with_answer(qid, Answer(value=value))
    tender.save_sheet(sheet)
    beta = tender.add_vendor("beta", "Beta Coop")
    tender.save_sheet(beta.with_answer("hosting.model", Answer(value="on_premises")))
    from sovereignty.scoring.prices import Amount, PriceSchedule
    from sovereignty.services.award import record_price

    for vendor, yearly in (("acme", 10000.0), ("beta", 12000.0)):
        schedule = PriceSchedule(components={"licences": Amount(per_year=yearly)})
        record_price(tender, vendor, schedule, "test", 24)
    yield tender
