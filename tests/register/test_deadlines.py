"""Due dates of a register entry, computed at a date: certificates, contract notice and end,
obligations that start applying, one-off duties, serious incidents, performance, flags."""

from __future__ import annotations

import datetime as dt

from sovereignty.core.model import Text
from sovereignty.register.deadlines import add_months, due_items, report_days
from sovereignty.register.model import (
    Certificate,
    Completion,
    Contract,
    Duty,
    Entry,
    Flag,
    Incident,
    Obligation,
    PerformanceCheck,
)

D = dt.date
T = Text(fr="x", en="x")


def entry(**changes: object) -> Entry:
    base: dict[str, object] = {
        "id": "radiance",
        "system": "CHESTRIAGE 3",
        "vendor": "Radiance Santé SAS",
        "created_at": dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
    }
    return Entry.model_validate(base | changes)


def by_id(items: list, item_id: str):  # type: ignore[no-untyped-def,type-arg]
    return next(i for i in items if i.id == item_id)


def test_months_are_added_on_the_calendar_and_clamped_to_the_month_end() -> None:
    assert add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)
    assert add_months(D(2027, 2, 1), 36) == D(2030, 2, 1)
    assert add_months(D(2030, 2, 1), -3) == D(2029, 11, 1)


def test_a_certificate_is_valid_then_expiring_within_the_horizon_then_expired() -> None:
    e = entry(certificates=[Certificate(kind="hds", name="HDS", expires=D(2028, 9, 30))])
    assert by_id(due_items(e, [], D(2028, 1, 1)), "cert-hds").status == "valid"
    assert by_id(due_items(e, [], D(2028, 8, 1)), "cert-hds").status == "expiring"
    expired = by_id(due_items(e, [], D(2031, 6, 1)), "cert-hds")
    assert (expired.status, expired.date) == ("expired", D(2028, 9, 30))


def test_a_certificate_without_an_expiry_date_is_reported_missing() -> None:
    e = entry(certificates=[Certificate(kind="ce_notified_body", name="CE")])
    assert by_id(due_items(e, [], D(2027, 1, 1)), "cert-ce_notified_body").status == "missing"


def test_the_notice_deadline_before_a_renewal_is_due_then_overdue_then_done() -> None:
    contract = Contract(start=D(2027, 2, 1), months=36, renewals=1, notice_months=3)
    e = entry(contract=contract)
    notice = "notice-2030-02-01"
    assert by_id(due_items(e, [], D(2029, 9, 1)), notice).status == "due"
    late = by_id(due_items(e, [], D(2029, 12, 15)), notice)
    assert (late.status, late.date) == ("overdue", D(2029, 11, 1))
    done = Completion(id="0001", entry="radiance", on=D(2029, 10, 1), summary="s", duty=notice)
    assert by_id(due_items(e, [done], D(2029, 12, 15)), notice).status == "done"
    end = by_id(due_items(e, [], D(2034, 6, 1)), "contract-end")  # 36 months, renewed once
    assert (end.status, end.date) == ("expired", D(2033, 2, 1))


def test_without_contract_dates_the_contract_is_to_complete() -> None:
    assert by_id(due_items(entry(), [], D(2027, 1, 1)), "contract-dates").status == "missing"


def test_an_obligation_is_upcoming_starting_started_then_in_force_around_its_date() -> None:
    e = entry(obligations=[Obligation(id="H-ART26-5", title=T, applies_from=D(2027, 12, 2))])
    statuses = [
        by_id(due_items(e, [], day), "H-ART26-5").status
        for day in (D(2027, 1, 1), D(2027, 11, 1), D(2027, 12, 10), D(2029, 1, 1))
    ]
    assert statuses == ["upcoming", "starting", "started", "in_force"]


def test_a_duty_falls_due_at_go_live_or_when_it_starts_applying_if_later() -> None:
    duties = [
        Duty(id="aipd", title=T, applies_from=D(2018, 5, 25)),
        Duty(id="aidf", title=T, applies_from=D(2027, 12, 2)),
    ]
    e = entry(duties=duties, contract=Contract(go_live=D(2027, 4, 1)))
    items = due_items(e, [], D(2027, 3, 1))
    assert (by_id(items, "aipd").date, by_id(items, "aipd").status) == (D(2027, 4, 1), "due")
    assert (by_id(items, "aidf").date, by_id(items, "aidf").status) == (D(2027, 12, 2), "upcoming")
    assert by_id(due_items(e, [], D(2027, 12, 3)), "aidf").status == "overdue"


def test_without_go_live_an_already_applicable_duty_has_no_date() -> None:
    e = entry(duties=[Duty(id="aipd", title=T, applies_from=D(2018, 5, 25))])
    assert by_id(due_items(e, [], D(2027, 3, 1)), "aipd").status == "missing"


def test_a_serious_incident_must_be_reported_within_15_10_or_2_days() -> None:
    def incident(**kw: object) -> Incident:
        return Incident.model_validate(
            {"id": "0001", "entry": "radiance", "on": D(2028, 2, 1), "summary": "s"} | kw
        )

    assert report_days(incident(harm="serious_health")) == 15
    assert report_days(incident(harm="death")) == 10
    assert report_days(incident(harm="serious_health", widespread=True)) == 2
    e = entry(device_regulation="mdr")
    late = by_id(due_items(e, [incident(harm="death")], D(2028, 2, 20)), "report-0001")
    assert (late.status, late.date) == ("overdue", D(2028, 2, 11))
    assert late.detail is not None and "ANSM" in late.detail("fr")
    reported = incident(harm="death", authority_reported=D(2028, 2, 5))
    assert by_id(due_items(e, [reported], D(2028, 2, 20)), "report-0001").status == "done"
    minor = due_items(e, [incident()], D(2028, 2, 20))
    assert not [i for i in minor if i.kind == "incident"]


def test_a_performance_check_below_the_contract_threshold_opens_an_item() -> None:
    below = PerformanceCheck(
        id="0002", entry="radiance", on=D(2028, 3, 1), summary="s",
        metric="sensibilite", value=0.91, threshold=0.95,
    )  # fmt: skip
    above = below.model_copy(update={"id": "0003", "value": 0.97})
    items = due_items(entry(), [below, above], D(2028, 3, 2))
    perf = [i for i in items if i.kind == "performance"]
    assert [(i.id, i.status) for i in perf] == [("performance-0002", "open")]


def test_a_flag_stays_open_until_a_completion_names_it() -> None:
    flag = Flag(id="reclassify-0001", reason=T, raised=D(2028, 1, 10))
    e = entry(flags=[flag])
    assert by_id(due_items(e, [], D(2028, 2, 1)), "reclassify-0001").status == "open"
    done = Completion(id="0002", entry="radiance", on=D(2028, 2, 1), summary="s",
                      duty="reclassify-0001")  # fmt: skip
    assert by_id(due_items(e, [done], D(2028, 2, 2)), "reclassify-0001").status == "done"


def test_items_needing_action_come_first() -> None:
    e = entry(
        certificates=[Certificate(kind="hds", name="HDS", expires=D(2028, 9, 30))],
        obligations=[Obligation(id="H-ART4", title=T, applies_from=D(2025, 2, 2))],
    )
    items = due_items(e, [], D(2031, 6, 1))
    assert [i.alert for i in items] == sorted((i.alert for i in items), reverse=True)
