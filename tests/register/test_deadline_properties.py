"""Properties of the due dates: calendar arithmetic, and statuses that only move forward as the
date advances (a certificate never becomes valid again by itself, a passed notice never comes
back)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from sovereignty.register.deadlines import ORDER, add_months, due_items
from sovereignty.register.model import Certificate, Contract, Entry

dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2040, 12, 31))
PROGRESS = {
    "certificate": ["valid", "expiring", "expired"],
    "contract-end": ["upcoming", "expiring", "expired"],
    "notice": ["upcoming", "due", "overdue"],
}


@given(dates, st.integers(min_value=-120, max_value=120))
def test_months_added_then_removed_come_back_to_the_same_month(day: dt.date, months: int) -> None:
    there = add_months(day, months)
    back = add_months(there, -months)
    assert (back.year, back.month) == (day.year, day.month) and back.day <= day.day
    assert (there.year * 12 + there.month) - (day.year * 12 + day.month) == months


@given(
    expires=dates,
    start=dates,
    months=st.integers(min_value=1, max_value=72),
    notice=st.integers(min_value=0, max_value=12),
    days=st.lists(dates, min_size=2, max_size=6, unique=True),
)
def test_statuses_only_move_forward_as_the_date_advances(
    expires: dt.date, start: dt.date, months: int, notice: int, days: list[dt.date]
) -> None:
    entry = Entry(
        id="x",
        system="s",
        vendor="v",
        certificates=(Certificate(kind="hds", name="HDS", expires=expires),),
        contract=Contract(start=start, months=months, renewals=1, notice_months=notice),
    )
    seen: dict[str, list[str]] = {}
    for day in sorted(days):
        for item in due_items(entry, [], day):
            assert item.status in ORDER
            key = "certificate" if item.kind == "certificate" else item.id
            seen.setdefault(key, []).append(item.status)
    for key, statuses in seen.items():
        order = (
            PROGRESS["notice" if key.startswith("notice-") else key]
            if (key in PROGRESS or key.startswith("notice-"))
            else None
        )
        if order:
            ranks = [order.index(s) for s in statuses]
            assert ranks == sorted(ranks), (key, statuses)
