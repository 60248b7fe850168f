"""`sovereignty demo` adds the awarded offer to a register and writes its AIPD (with the PIA
file), AIDF, exit plan and registration sheet."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from docx import Document

from sovereignty.documents.lifecycle.pia import pia_problems
from sovereignty.register.folder import Register
from sovereignty.services.demo import STEPS, build_demo_tender
from sovereignty.services.lifecycle import demo_step


def test_the_demo_writes_the_register_entry_and_the_lifecycle_documents(tmp_path: Path) -> None:
    assert "sovereignty.services.lifecycle:demo_step" in STEPS
    out = tmp_path / "demo"
    tender = build_demo_tender(out)
    step = demo_step(tender, out, "fr")
    register = Register.open(out / "register")
    entry = register.load_entry("radiance")
    assert entry.system == "CHESTRIAGE 3" and entry.contract.months == 36
    assert register.verify() == []
    documents = out / "documents"
    for name in ("aipd", "aidf", "exit-plan", "registration"):
        path = documents / f"{name}-radiance.docx"
        assert path in step.files
        assert "Radiance Santé SAS" in "\n".join(p.text for p in Document(str(path)).paragraphs)
    pia = json.loads((documents / "aipd-radiance.pia.json").read_text(encoding="utf-8"))
    assert pia_problems(pia) == []
    assert "points à traiter au 15 janvier 2028" in step.summary[0]

    from sovereignty.services.register import check_register

    def at(day: str) -> dict[str, tuple[str, str | None]]:
        items = check_register(register, dt.date.fromisoformat(day)).entries[0].items
        return {i.id: (i.status, i.date.isoformat() if i.date else None) for i in items}

    # on the demo's register: an obligation starts, a notice deadline passes, a certificate expires
    assert at("2027-12-10")["H-ART26-5"] == ("started", "2027-12-02")
    assert at("2029-12-01")["notice-2030-02-01"] == ("overdue", "2029-11-01")
    assert at("2030-04-01")["cert-ce_notified_body"] == ("expired", "2030-03-14")


def test_the_exit_plan_quotes_the_price_schedule_once_there_is_one(tmp_path: Path) -> None:
    from sovereignty.services.award import prices_step
    from sovereignty.services.lifecycle import document_context, offer_view
    from sovereignty.services.offer import analyse_offer

    out = tmp_path / "demo"
    tender = build_demo_tender(out)
    before = offer_view(analyse_offer(tender, "radiance"), "fr")
    assert [p.source for p in before.prices] in ([], ["reversibility.exit_cost_amount"])
    prices_step(tender, out, "fr")  # the demo's schedules, journaled
    view = offer_view(analyse_offer(tender, "radiance"), "fr")
    assert [(p.label, p.amount) for p in view.prices] == [
        ("Sortie et réversibilité (forfait)", 4000.0),
        ("Maintenance et support (par an)", 7000.0),
    ]
    context = document_context("exit-plan", view, "fr")
    costs = next(s for s in context["sections"] if s["heading"] == "Coûts")
    assert [r["c"] for r in costs["rows"]][:2] == ["price.yaml", "price.yaml"]
    assert costs["todo"] == []  # nothing left to report from the schedule
