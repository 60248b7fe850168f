"""Use cases of the documents that follow the award: the AIPD (Word and CNIL PIA JSON), the AIDF
(where Art. 27 applies), the exit plan and the registration sheet; the demo step that adds the
register entry and writes them.

The offer is analysed once (:func:`offer_view`); each document's context is built from that view,
rendered in memory, checked, then written atomically. When the register holds an entry for the
offer, its contract dates date the exit plan and the due dates of the AIDF notification and of
the registration.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sovereignty.core.conditions import ABSENT, INVALID, MISSING, UNKNOWN
from sovereignty.core.errors import DocumentError, UsageError
from sovereignty.core.model import Lang, Text
from sovereignty.core.resources import data_dir
from sovereignty.core.yamlio import write_atomic
from sovereignty.documents.lifecycle.common import ClauseRef, OfferView, PriceLine
from sovereignty.register.folder import Register, find_register_dir, journal_head
from sovereignty.register.model import Entry
from sovereignty.services.offer import Offer, analyse_offer
from sovereignty.tender.folder import Tender
from sovereignty.tender.journal import Head

if TYPE_CHECKING:
    from sovereignty.services.demo import DemoStep

Kind = Literal["aipd", "aidf", "exit-plan", "registration"]
KINDS: tuple[Kind, ...] = ("aipd", "aidf", "exit-plan", "registration")


def price_lines(tender: Tender, offer: Offer, lang: Lang) -> tuple[PriceLine, ...]:
    """What the exit costs, from the offer's price schedule (``vendors/<id>/price.yaml``): the
    exit and reversibility component, and the maintenance that runs during the transition. Without
    a schedule, the answers' declared exit cost is the only figure."""
    from sovereignty.scoring.award import PRICE_COMPONENTS
    from sovereignty.scoring.prices import PRICE_FILE, load_price

    schedule = load_price(tender.vendor_dir(offer.vendor_id))
    if schedule is None:
        amount = offer.facts.value("reversibility.exit_cost_amount")
        if isinstance(amount, int | float) and not isinstance(amount, bool):
            label = "Coût de sortie déclaré" if lang == "fr" else "Declared exit cost"
            return (PriceLine(label, float(amount), "€", "reversibility.exit_cost_amount"),)
        return ()
    once, yearly = ("forfait", "par an") if lang == "fr" else ("one-off", "per year")
    lines = []
    for component in ("exit", "maintenance"):
        name = PRICE_COMPONENTS[component](lang)
        amount_of = schedule.components.get(component)
        if amount_of is None:
            missing = "non chiffré" if lang == "fr" else "not priced"
            lines.append(PriceLine(f"{name} ({missing})", None, "", PRICE_FILE))
            continue
        if amount_of.one_off:
            lines.append(PriceLine(f"{name} ({once})", amount_of.one_off, "€", PRICE_FILE))
        if amount_of.per_year:
            lines.append(PriceLine(f"{name} ({yearly})", amount_of.per_year, "€", PRICE_FILE))
    return tuple(lines)


def register_entry(register_dir: Path | None, vendor_id: str) -> Entry | None:
    """The register entry made from this offer, when a register is found."""
    folder = find_register_dir(register_dir)
    if folder is None:
        return None
    register = Register.open(folder)
    for entry in register.entries():
        if entry.vendor_id == vendor_id or entry.source.vendor == vendor_id:
            return entry
    return None


def answer_text(question: Any, value: Any, lang: Lang) -> str:
    """An answer as the lifecycle documents quote it: choice labels, a records list by the names
    of its records, other values formatted with their unit."""
    from sovereignty.questionnaire.model import MultipleChoice, RecordsQuestion, SingleChoice, YesNo
    from sovereignty.questionnaire.present import choice_label, format_value

    if isinstance(question, RecordsQuestion):
        names = [str(next(iter(r.values()), "")) for r in value or () if isinstance(r, dict)]
        return ", ".join(n for n in names if n) or "—"
    if isinstance(question, MultipleChoice):
        labels = [choice_label(question, str(v), lang) for v in value]
        return ", ".join(labels[:1] + [x[:1].lower() + x[1:] for x in labels[1:]])
    if isinstance(question, SingleChoice | YesNo):
        return choice_label(question, str(value), lang)
    return format_value(question, value, lang)


def contract_clauses(
    offer: Offer, lang: Lang
) -> tuple[tuple[ClauseRef, ...], tuple[tuple[str, str], ...]]:
    """The contract clauses the offer calls for, and the blanks they leave (clause id, what)."""
    from sovereignty.clauses.loader import load_library
    from sovereignty.clauses.placeholders import fixed_description
    from sovereignty.core.legal import cite_short
    from sovereignty.documents.annex_context import select_for_offer

    bank = offer.tender.bank
    found = select_for_offer(offer, load_library(bank, None), lang)
    selected = found[0] if isinstance(found, tuple) else found  # (clauses, filler) or clauses
    clauses = tuple(
        ClauseRef(
            s.clause.id,
            s.clause.chapter,
            s.title,
            ", ".join(cite_short(str(ref), lang) for ref in s.clause.legal),
        )
        for s in selected
    )

    def blank(name: str) -> str:
        if name.startswith("answers."):
            question = bank.by_id.get(name.removeprefix("answers."))
            return str(question.label(lang)) if question else name
        return fixed_description(name, lang)

    blanks = tuple((s.clause.id, blank(name)) for s in selected for name in s.blanks)
    return clauses, blanks


def offer_view(
    offer: Offer, lang: Lang, entry: Entry | None = None, head: Head | None = None
) -> OfferView:
    """The analysed offer as the lifecycle documents read it; ``head``: the verified journal head
    the documents name."""
    from sovereignty.questionnaire.present import choice_label

    tender = offer.tender
    bank = tender.bank

    def value(question_id: str) -> Any:
        found = offer.facts.value(question_id)
        return None if found in (UNKNOWN, MISSING, ABSENT, INVALID) else found

    def text(question_id: str) -> str | None:
        found = value(question_id)
        if found is None:
            return None
        return answer_text(bank.by_id.get(question_id), found, lang)

    def question(question_id: str) -> str:
        found = bank.by_id.get(question_id)
        return str(found.label(lang)) if found else question_id

    def choice(question_id: str, choice_value: str) -> str:
        found = bank.by_id.get(question_id)
        return choice_label(found, choice_value, lang) if found else choice_value

    clauses, blanks = contract_clauses(offer, lang)
    report = offer.graph
    return OfferView(
        settings=tender.settings,
        vendor_id=offer.vendor_id,
        vendor_name=offer.name,
        as_of=offer.as_of,
        value=value,
        text=text,
        question=question,
        choice=choice,
        classification=offer.classify(),
        findings=tuple(offer.findings),
        model=report.model if report is not None else None,
        flow=report.analysis.to_data(lang) if report is not None else {},
        clauses=clauses,
        blanks=blanks,
        prices=price_lines(tender, offer, lang),
        entry=entry,
        journal=(head.entries, head.hash) if head else journal_head(tender.journal_path),
    )


@dataclass
class Written:
    kind: str
    path: Path
    register_entry: str | None = None  # the register entry whose dates the document used


def document_context(kind: Kind, view: OfferView, lang: Lang) -> dict[str, Any]:
    """The template context of one lifecycle document; the AIDF and the registration sheet are
    refused where their article does not apply."""
    from sovereignty.documents.lifecycle import aidf, aipd, aipd_document, exit_plan, registration

    if kind == "aipd":
        return aipd_document.aipd_context(view, aipd.aipd_content(view, lang), lang)
    if kind == "aidf":
        if not aidf.aidf_applies(view):
            raise UsageError(
                Text(
                    fr=f"l'AIDF (art. 27 du règlement (UE) 2024/1689) ne s'applique pas à l'offre "
                    f"{view.vendor_id} : elle vise un déployeur de droit public d'un système à "
                    "haut risque de l'annexe III",
                    en=f"the AIDF (Art. 27 of Regulation (EU) 2024/1689) does not apply to offer "
                    f"{view.vendor_id}: it concerns a public-law deployer of an Annex III "
                    "high-risk "
                    "system",
                )
            )
        return aidf.aidf_context(view, lang)
    if kind == "registration":
        if not registration.registration_applies(view):
            raise UsageError(
                Text(
                    fr=f"l'enregistrement du déployeur (art. 26 § 8 et 49 § 3) ne s'applique pas à "
                    f"l'offre {view.vendor_id}",
                    en=f"deployer registration (Art. 26(8), 49(3)) does not apply to offer "
                    f"{view.vendor_id}",
                )
            )
        return registration.registration_context(view, lang)
    return exit_plan.exit_plan_context(view, lang)


def render(context: dict[str, Any]) -> bytes:
    from sovereignty.documents.render import render_docx

    template = data_dir("templates") / "lifecycle.docx"
    return render_docx(
        template,
        context,
        {
            "title": context["doc"]["title"],
            "subject": context["tender"]["name"],
            "author": "sovereignty",
        },
    )


def _check_out(out: Path, suffix: str) -> None:
    if out.suffix.lower() != suffix:
        raise UsageError(
            Text(
                fr=f"{out} : le fichier à écrire doit finir par {suffix}",
                en=f"{out}: the output file must end in {suffix}",
            )
        )


def pia_json(view: OfferView, lang: Lang, author: str) -> dict[str, Any]:
    from sovereignty.documents.lifecycle.aipd import aipd_content
    from sovereignty.documents.lifecycle.pia import pia_export, pia_problems

    data = pia_export(aipd_content(view, lang), author)
    problems = pia_problems(data)
    if problems:  # a bug: the export must always be importable
        raise DocumentError(
            Text(
                fr="export PIA invalide : " + "; ".join(problems),
                en="invalid PIA export: " + "; ".join(problems),
            )
        )
    return data


def write_document(
    tender: Tender,
    kind: Kind,
    vendor_id: str,
    out: Path,
    lang: Lang | None = None,
    register_dir: Path | None = None,
    pia: Path | None = None,
    as_of: dt.date | None = None,
    switch_day: dt.date | None = None,
) -> list[Written]:
    """Write one lifecycle document (and, for the AIPD, its PIA JSON when ``pia`` is given);
    ``switch_day`` dates an exit plan's steps from an early exit instead of the contract's end."""
    _check_out(out, ".docx")
    if pia is not None:
        _check_out(pia, ".json")
    lang = lang or tender.settings.language
    tender.require_vendor(vendor_id)
    entry = register_entry(register_dir, vendor_id)
    head = tender.verified_head()  # refuses a tender whose record was changed outside the tool
    view = offer_view(analyse_offer(tender, vendor_id, as_of), lang, entry, head)
    if switch_day is not None:
        view = dataclasses.replace(view, switch_day=switch_day)
    data = render(document_context(kind, view, lang))
    written = []
    pia_data = None
    if pia is not None:
        from sovereignty.tender.journal import current_actor

        pia_data = pia_json(view, lang, current_actor())
    write_atomic(out, data)
    written.append(Written(kind, out, entry.id if entry else None))
    if pia is not None and pia_data is not None:
        write_atomic(pia, json.dumps(pia_data, ensure_ascii=False, indent=2) + "\n")
        written.append(Written("pia", pia))
    tender.log(
        f"document.{kind}",
        None,
        vendor=vendor_id,
        file=str(out),
        lang=lang,
        register_entry=entry.id if entry else None,
    )
    return written


# --- demo ------------------------------------------------------------------------------------
DEMO_VENDOR = "radiance"  # the offer the demo treats as awarded (best ranked in the example)


def demo_step(tender: Tender, out: Path, lang: Lang) -> DemoStep:
    """The awarded offer enters the register (in ``out/register``) with its contract dates; its
    AIPD (and PIA file), AIDF, exit plan and registration sheet are written in ``documents/``."""
    from sovereignty.register.model import Contract, Threshold
    from sovereignty.services import register as service
    from sovereignty.services.demo import DemoStep

    step = DemoStep("register")
    options = service.AddOptions(
        vendor=DEMO_VENDOR,
        system="CHESTRIAGE 3",
        contract=Contract(
            reference=tender.settings.reference,
            signed=dt.date(2027, 1, 15),
            start=dt.date(2027, 2, 1),
            months=36,
            renewals=1,
            renewal_months=12,
            notice_months=3,
            go_live=dt.date(2027, 4, 1),
        ),
        thresholds=(
            Threshold(
                metric="sensibilite-pneumothorax",
                value=0.95,
                source="validation.acceptance_criteria",
            ),
            Threshold(
                metric="sensibilite-pneumopathie",
                value=0.90,
                source="validation.acceptance_criteria",
            ),
        ),
    )
    register_dir = out / "register"
    offer = analyse_offer(tender, DEMO_VENDOR)
    register, entry, _ = service.add_from_tender(register_dir, tender, options, lang, offer)
    step.files.append(register.entry_path(entry.id))
    check = service.check_register(register, dt.date(2028, 1, 15)).entries[0]
    from sovereignty.register.deadlines import items_text

    alerts = items_text(sum(i.alert for i in check.items), lang)
    step.summary.append(
        f"Registre : entrée {entry.id}, {alerts} au 15 janvier 2028"
        if lang == "fr"
        else f"Register: entry {entry.id}, {alerts} on 15 January 2028"
    )
    folder = out / "documents"
    view = offer_view(offer, lang, entry, tender.verified_head())
    from sovereignty.documents.lifecycle import aidf, registration

    for kind in KINDS:
        if kind == "aidf" and not aidf.aidf_applies(view):
            continue
        if kind == "registration" and not registration.registration_applies(view):
            continue
        path = folder / f"{kind}-{DEMO_VENDOR}.docx"
        write_atomic(path, render(document_context(kind, view, lang)))
        step.files.append(path)
        step.summary.append(path.name)
    pia_path = folder / f"aipd-{DEMO_VENDOR}.pia.json"
    write_atomic(
        pia_path, json.dumps(pia_json(view, lang, "demo"), ensure_ascii=False, indent=2) + "\n"
    )
    step.files.append(pia_path)
    step.summary.append(pia_path.name)
    return step
