"""Certificate end dates become findings relative to the as-of date and the contract's end."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from sovereignty.findings.validity import add_months, certificate_findings
from sovereignty.services.demo import build_demo_tender
from sovereignty.services.scoring import offer_inputs, score_tender
from sovereignty.tender.folder import Tender
from tests.hand_edit import sheet_edit

AS_OF = dt.date(2026, 12, 1)


class Facts:
    def __init__(self, **values: Any) -> None:
        self.values = values

    def value(self, question_id: str) -> Any:
        return self.values.get(question_id.replace(".", "__"))


def found(facts: Facts, months: int | None = 36) -> dict[str, Any]:
    return {f.id: f for f in certificate_findings(facts, AS_OF, months, vendor="acme")}


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2026, 12, 1), 36, dt.date(2029, 12, 1)),
        (dt.date(2026, 11, 30), 14, dt.date(2028, 1, 30)),
    ],
)
def test_months_are_calendar_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_an_expired_certificate_is_a_major_finding_with_its_answer_and_law() -> None:
    findings = found(Facts(aiact__certificate_expiry="2020-06-30", hosting__hds_valid_until=None))
    assert list(findings) == ["MDR-01"]
    mdr = findings["MDR-01"]
    assert mdr.severity == "major"
    assert mdr.triggers[0].question == "aiact.certificate_expiry"
    assert mdr.triggers[0].value == "2020-06-30"
    assert "MDR art. 56" in mdr.legal and mdr.vendor == "acme"
    assert "30/06/2020" in mdr.explanation.fr and "01/12/2026" in mdr.explanation.fr
    assert "2020-06-30" in mdr.explanation.en and "expired" in mdr.explanation.en


def test_a_certificate_expiring_before_the_contract_ends_is_reported_for_the_contract() -> None:
    findings = found(Facts(hosting__hds_valid_until="2028-05-31"), months=36)
    assert list(findings) == ["HOST-09"]
    assert findings["HOST-09"].severity == "info"
    assert findings["HOST-09"].clauses == ("HOST-01",)
    assert "01/12/2029" in findings["HOST-09"].explanation.fr  # the contract's end
    assert "36 mois" in findings["HOST-09"].explanation.fr


def test_the_hds_certificate_expired_is_a_major_hosting_finding() -> None:
    findings = found(Facts(hosting__hds_valid_until="2026-11-30"))
    assert findings["HOST-08"].severity == "major"
    assert "CSP art. L1111-8" in findings["HOST-08"].legal


def test_a_certificate_valid_after_the_contract_raises_nothing() -> None:
    assert found(Facts(aiact__certificate_expiry="2031-01-01"), months=36) == {}
    assert found(Facts(aiact__certificate_expiry="2026-12-01")) != {}  # expires on the day
    assert "MDR-01" not in found(Facts(aiact__certificate_expiry="2026-12-01"))


@pytest.mark.parametrize("value", [None, "unknown", "2026-13-45", 12, ["2020-01-01"]])
def test_no_date_no_finding(value: Any) -> None:
    assert found(Facts(aiact__certificate_expiry=value, hosting__hds_valid_until=value)) == {}


def test_without_a_contract_duration_the_default_is_used_and_said() -> None:
    findings = found(Facts(aiact__certificate_expiry="2030-06-30"), months=None)
    assert "MDR-02" in findings  # 48 months by default: ends 2030-12-01
    assert "contract_months" in findings["MDR-02"].explanation.en
    assert "48 mois retenus" in findings["MDR-02"].explanation.fr


# --- in a tender ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_tender(tmp_path_factory.mktemp("certificates") / "tender").root


def with_dates(root: Path, target: Path, **dates: str) -> Tender:
    shutil.copytree(root, target)

    def change(data: Any) -> None:
        for question, value in dates.items():
            data["answers"][question]["value"] = value

    sheet_edit(target, "radiance", change)
    return Tender.open(target)


def test_certificates_dated_2020_are_findings_that_change_the_score(
    demo_root: Path, tmp_path: Path
) -> None:
    as_of = dt.date(2026, 12, 1)
    before = Tender.open(demo_root)
    after = with_dates(
        demo_root,
        tmp_path / "t",
        **{"aiact.certificate_expiry": "2020-03-14", "hosting.hds_valid_until": "2020-09-30"},
    )
    ids_before = {f.id for f in offer_inputs(before, "radiance", as_of).findings}
    ids_after = {f.id for f in offer_inputs(after, "radiance", as_of).findings}
    assert not {"MDR-01", "HOST-08"} & ids_before
    assert {"MDR-01", "HOST-08"} <= ids_after
    score_before = score_tender(before, vendors=["radiance"], as_of=as_of).scores[0]
    score_after = score_tender(after, vendors=["radiance"], as_of=as_of).scores[0]
    assert score_after.total < score_before.total


def test_the_contract_duration_of_the_tender_is_used(demo_root: Path, tmp_path: Path) -> None:
    tender = with_dates(demo_root, tmp_path / "t", **{"hosting.hds_valid_until": "2028-06-30"})
    as_of = dt.date(2026, 12, 1)
    assert tender.settings.contract_months == 48
    assert "HOST-09" in {f.id for f in offer_inputs(tender, "radiance", as_of).findings}
    settings = tender.root / "tender.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("contract_months: 48", "contract_months: 12"),
        encoding="utf-8",
    )
    shorter = Tender.open(tender.root)
    assert "HOST-09" not in {f.id for f in offer_inputs(shorter, "radiance", as_of).findings}
