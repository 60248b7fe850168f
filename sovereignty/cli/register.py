"""`sovereignty register`: the AI register of the establishment or GHT (see docs/register.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sovereignty.cli.options import (
    bilingual,
    echo_json,
    json_option,
    lang_option,
)
from sovereignty.cli.register_entries import add, certificate, contract_cmd, import_cmd, template
from sovereignty.cli.register_options import (
    as_of_option,
    day_of,
    lang_of,
    print_items,
    register_option,
)
from sovereignty.cli.register_records import change, disagreement, done, incident, performance

if TYPE_CHECKING:
    from sovereignty.core.model import Lang


@click.group()
def register() -> None:
    """Registre des systèmes d'IA de l'établissement ou du GHT : entrées, échéances, suivi.
    \f
    AI register of the establishment or GHT: entries, due dates, monitoring records.
    """


@register.command("check")
@click.argument("entry", required=False)
@as_of_option
@click.option(
    "--horizon",
    type=click.IntRange(1, 3650),
    default=90,
    help=bilingual("Jours d'anticipation (défaut 90).", "Days ahead counted as soon (default 90)."),
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help=bilingual("Montrer aussi ce qui est à jour.", "Also show what is in order."),
)
@register_option
@lang_option
@json_option
def check(
    entry: str | None,
    as_of: dt.datetime | None,
    horizon: int,
    show_all: bool,
    register_dir: Path | None,
    lang: Lang | None,
    as_json: bool,
) -> None:
    """Ce qui est dû, en retard ou expire, et la vérification du registre contre son journal.
    \f
    What is due, overdue or expiring, and the register verified against its journal.
    """
    from sovereignty.documents.frame import format_date
    from sovereignty.register.folder import Register
    from sovereignty.services import register as service

    reg = Register.open(register_dir)
    out = lang_of(reg, lang)
    day = day_of(as_of) or dt.date.today()
    result = service.check_register(reg, day, horizon, [entry] if entry else ())
    if as_json:
        echo_json(service.check_json(result, out, alerts_only=not show_all))
    else:
        fr = out == "fr"
        click.echo(
            f"Registre {reg.settings.name} au {format_date(day, out)} (horizon {horizon} jours)"
            if fr
            else f"Register {reg.settings.name} at {format_date(day, out)} ({horizon}-day horizon)"
        )
        for status in result.entries:
            click.echo(f"\n{status.entry.id} — {status.entry.system} ({status.entry.vendor})")
            print_items(status.items, out, alerts_only=not show_all)
        alerts = len(result.alerts)
        from sovereignty.register.deadlines import items_text

        click.echo(f"\n{items_text(alerts, out)}.")
        for problem in result.problems:
            click.echo(
                ("Vérification : " if fr else "Verification: ") + problem.render(out), err=True
            )
    if result.problems:
        raise SystemExit(1)


@register.command("list")
@as_of_option
@register_option
@lang_option
@json_option
def list_cmd(
    as_of: dt.datetime | None, register_dir: Path | None, lang: Lang | None, as_json: bool
) -> None:
    """Les systèmes du registre, avec leurs points à traiter.
    \f
    The systems in the register, with what needs action.
    """
    from sovereignty.register.folder import Register
    from sovereignty.services import register as service

    reg = Register.open(register_dir)
    out = lang_of(reg, lang)
    day = day_of(as_of) or dt.date.today()
    result = service.check_register(reg, day)
    if as_json:
        data = service.check_json(result, out, alerts_only=True)
        data["schema"] = service.LIST_SCHEMA
        echo_json(data)
        return
    from sovereignty.register.deadlines import items_text

    fr = out == "fr"
    header = ("ENTRÉE", "SYSTÈME", "FOURNISSEUR") if fr else ("ENTRY", "SYSTEM", "VENDOR")
    click.echo(f"{header[0]:<16} {header[1]:<40} {header[2]:<28} " + ("SUIVI" if fr else "STATUS"))
    for status in result.entries:
        e = status.entry
        alerts = sum(i.alert for i in status.items)
        late = sum(i.status in ("overdue", "expired") for i in status.items)
        flags = sum(i.kind == "flag" and i.status == "open" for i in status.items)
        note = items_text(alerts, out)
        if late:
            note += (
                f" (dont {late} en retard ou expiré{'s' if late > 1 else ''})"
                if fr
                else f" ({late} overdue or expired)"
            )
        if flags:
            note += " ⚑"
        click.echo(f"{e.id:<16} {e.system[:40]:<40} {e.vendor[:28]:<28} {note}")


@register.command("show")
@click.argument("entry")
@as_of_option
@register_option
@lang_option
@json_option
def show(
    entry: str,
    as_of: dt.datetime | None,
    register_dir: Path | None,
    lang: Lang | None,
    as_json: bool,
) -> None:
    """Une entrée du registre : système, fournisseur, certificats, contrat, obligations, suivi.
    \f
    One register entry: system, vendor, certificates, contract, obligations, records.
    """
    from sovereignty.register.folder import Register
    from sovereignty.services import register as service

    reg = Register.open(register_dir)
    out = lang_of(reg, lang)
    day = day_of(as_of) or dt.date.today()
    result = service.check_register(reg, day, only=[entry])
    status = result.entries[0]
    if as_json:
        data = service.entry_json(status.entry, status.records)
        data["due"] = [service.item_json(i, out) for i in status.items]
        echo_json(data)
        return
    for line in service.entry_lines(status.entry, status.records, out):
        click.echo(line)
    click.echo("")
    print_items(status.items, out, alerts_only=False)


for _command in (
    add,
    contract_cmd,
    certificate,
    template,
    import_cmd,
    incident,
    disagreement,
    performance,
    change,
    done,
):
    register.add_command(_command)
