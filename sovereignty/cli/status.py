"""`sovereignty status`: the tender, its journal checked with every record file, and how
complete each offer's answers are."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from sovereignty.cli.options import dir_option, echo, echo_json, json_option, lang_option
from sovereignty.core.errors import ContentError, TenderError
from sovereignty.core.model import Lang, Text
from sovereignty.tender import records
from sovereignty.tender.folder import Tender


def tender_status(tender: Tender, lang: Lang = "fr") -> dict[str, Any]:
    from sovereignty.services.offer import offer_report

    vendors = []
    for vendor_id in tender.vendor_ids():
        entry: dict[str, Any] = {"id": vendor_id}
        try:  # the offer's answers: the buyer's, held once, with the vendor's
            sheet, report = offer_report(tender, vendor_id)
        except (ContentError, TenderError) as exc:
            entry.update(name=vendor_id, valid=False, error=exc.render(lang))
            vendors.append(entry)
            continue
        entry.update(
            name=sheet.vendor.name,
            valid=report.valid,
            complete=report.complete,
            answered=report.answered,
            applicable=report.applicable,
            unknown=sum(s.unknown for s in report.sections),
            percent=round(100 * report.answered / report.applicable) if report.applicable else 100,
            errors=len(report.errors),
            updated_at=sheet.updated_at.isoformat(),
            sections={s.section_id: s.percent for s in report.sections},
        )
        vendors.append(entry)
    from sovereignty.services.award import award_states

    states = award_states(tender)
    for entry in vendors:
        # incomplete | irregular | unacceptable | inappropriate | regular | ranked | awarded
        entry["award_state"] = states.get(entry["id"]) if states is not None else None
    s = tender.settings
    head, problems = tender.check_records()
    problems = problems or grid_problems(tender)  # a broken journal's freeze means nothing
    from sovereignty.services.award import award_states

    # Only a record that verifies says where each offer stands in the award.
    states = None if problems else award_states(tender)
    for entry in vendors:
        # incomplete | irregular | unacceptable | inappropriate | regular | ranked | awarded
        entry["award_state"] = states.get(entry["id"]) if states is not None else None
    return {
        "schema": "sovereignty/status/1",
        "journal": head.data()
        | {
            "verified": not problems,
            "problems": [p.render(lang) for p in problems],
            "leftovers": len(records.leftover_files(tender.root)),
        },
        "tender": {
            "name": s.name,
            "reference": s.reference,
            "buyer": s.buyer,
            "ght": s.ght,
            "language": s.language,
            "folder": str(tender.root),
            "establishments": [e.model_dump() for e in s.establishments],
        },
        "bank": {
            "id": tender.bank.id,
            "version": tender.bank.version,
            "hash": tender.bank.hash,
            "questions": len(tender.bank.questions),
        },
        "vendors": vendors,
    }


def grid_problems(tender: Tender) -> list[Any]:
    """The grid in use against the one frozen in the journal (a replaced grid changes the
    ranking); nothing when no grid was frozen or the journal does not verify (said above)."""
    from sovereignty.core.errors import Problem, SovereigntyError
    from sovereignty.services import scoring

    try:
        if scoring.current_freeze(tender) is None:
            return []
        scoring.require_frozen_match(tender, scoring.load_tender_profile(tender))
    except SovereigntyError as exc:
        return [Problem("", Text(fr=exc.render("fr"), en=exc.render("en")))]
    return []


@click.command()
@dir_option
@json_option
@lang_option
def status(tender_dir: Path | None, as_json: bool, lang: Lang | None) -> None:
    """État de la consultation et complétude des réponses de chaque offre.
    \f
    The tender, its vendors and how complete their answers are.
    """
    tender = Tender.open(tender_dir)
    lang = lang or tender.settings.language
    data = tender_status(tender, lang)
    if as_json:
        echo_json(data)
        if not data["journal"]["verified"]:
            sys.exit(1)
        return
    t = data["tender"]
    echo(click.style(t["name"], bold=True) + (f" ({t['reference']})" if t["reference"] else ""))
    echo(
        ("Acheteur : " if lang == "fr" else "Buyer: ")
        + t["buyer"]
        + (f" — {t['ght']}" if t["ght"] else "")
    )
    for e in t["establishments"]:
        echo(f"  · {e['name']} [{e['id']}]" + (" (support)" if e["role"] == "support" else ""))
    b = data["bank"]
    echo(
        ("Banque : " if lang == "fr" else "Bank: ")
        + f"{b['id']} {b['version']} ({b['questions']} questions)"
    )
    _echo_journal(data["journal"], lang)
    if not data["vendors"]:
        echo("Aucune offre." if lang == "fr" else "No vendor yet.")
    else:
        _echo_vendors(data, lang)
    if not data["journal"]["verified"]:
        sys.exit(1)


def _echo_journal(journal: dict[str, Any], lang: Lang) -> None:
    fr = lang == "fr"
    head = (
        f"Journal : {journal['entries']} entrées, dernière {journal['head'][:16]}"
        if fr
        else f"Journal: {journal['entries']} entries, last {journal['head'][:16]}"
    )
    problems = journal["problems"]
    if not problems:
        echo(head + (" — vérifié" if fr else " — verified"))
    else:
        echo(
            head
            + click.style(
                f" — {len(problems)} problème(s) : le dossier ne correspond plus au journal"
                if fr
                else f" — {len(problems)} problem(s): the folder no longer matches the journal",
                fg="red",
            )
        )
        for problem in problems:
            echo(f"  - {problem}")
    if journal["leftovers"]:
        count = journal["leftovers"]
        echo(
            f"  {count} fichier(s) temporaire(s) d'écritures interrompues : "
            "`sovereignty journal --recover` les traite"
            if fr
            else f"  {count} temporary file(s) of interrupted writes: "
            "`sovereignty journal --recover` deals with them"
        )


def _echo_vendors(data: dict[str, Any], lang: Lang) -> None:
    echo("")
    from sovereignty.core.table import text_table

    fr = lang == "fr"
    from sovereignty.scoring.award_words import state_words

    header = (
        ("Offre", "Réponses", "", "Inconnues", "État", "Attribution")
        if fr
        else ("Vendor", "Answered", "", "Unknown", "State", "Award")
    )
    rows: list[list[str]] = []
    for v in data["vendors"]:
        label = f"{v.get('name', v['id'])} [{v['id']}]"
        if "error" in v:
            invalid = click.style("invalide" if fr else "invalid", fg="red")
            rows.append([label, "—", "—", "—", invalid, "—"])
            continue
        state = (
            ("complète" if fr else "complete")
            if v["complete"]
            else ("en cours" if fr else "in progress")
        )
        if not v["valid"]:
            state = click.style(("erreurs : " if fr else "errors: ") + str(v["errors"]), fg="red")
        percent = f"{v['percent']}\u00a0%" if fr else f"{v['percent']} %"
        award = state_words(v["award_state"], lang) if v.get("award_state") else "—"
        rows.append(
            [label, f"{v['answered']}/{v['applicable']}", percent, str(v["unknown"]), state, award]
        )
    for line in text_table(header, rows, limit=48, rule=False):
        echo(line)
