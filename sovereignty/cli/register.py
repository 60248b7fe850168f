"""`sovereignty register`: the AI register of the establishment or GHT (see docs/register.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sovereignty.cli.options import (
    actor_option,
    bilingual,
    echo_json,
    json_option,
    lang_option,
)
from sovereignty.cli.register_options import (
    DATE,
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


@register.command("add")
@click.option(
    "--from",
    "tender_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=bilingual("Dossier de la consultation.", "Tender folder."),
)
@click.option(
    "--vendor", required=True, help=bilingual("Offre retenue (id).", "Awarded offer (id).")
)
@click.option(
    "--name",
    default=None,
    help=bilingual(
        "Nom du registre s'il est créé (défaut : le GHT, sinon l'acheteur).",
        "Name of the register when it is created (default: the GHT, else the buyer).",
    ),
)
@click.option(
    "--id",
    "entry_id",
    default=None,
    help=bilingual("Id de l'entrée (défaut : l'offre).", "Entry id (default: the vendor id)."),
)
@click.option(
    "--system",
    default=None,
    help=bilingual(
        "Nom du système (défaut : l'objet de la consultation).",
        "System name (default: the tender's name).",
    ),
)
@click.option(
    "--reference", default=None, help=bilingual("Référence du contrat.", "Contract reference.")
)
@click.option(
    "--signed", type=DATE, default=None, help=bilingual("Date de signature.", "Signature date.")
)
@click.option(
    "--start",
    type=DATE,
    default=None,
    help=bilingual("Début d'exécution.", "Start of performance."),
)
@click.option(
    "--months",
    type=click.IntRange(1, 600),
    default=None,
    help=bilingual("Durée initiale (mois).", "Initial duration (months)."),
)
@click.option(
    "--renewals",
    type=click.IntRange(0, 20),
    default=0,
    help=bilingual("Reconductions possibles.", "Renewals allowed."),
)
@click.option(
    "--renewal-months",
    type=click.IntRange(1, 600),
    default=None,
    help=bilingual(
        "Durée d'une reconduction (défaut : la durée initiale).",
        "Length of a renewal (default: the initial duration).",
    ),
)
@click.option(
    "--notice-months",
    type=click.IntRange(0, 60),
    default=None,
    help=bilingual("Préavis pour ne pas reconduire (mois).", "Notice to stop a renewal (months)."),
)
@click.option(
    "--go-live",
    type=DATE,
    default=None,
    help=bilingual("Mise en service prévue.", "Planned go-live."),
)
@click.option(
    "--threshold",
    "thresholds",
    multiple=True,
    help=bilingual(
        "Seuil de performance du contrat : METRIQUE=VALEUR (au moins) ou METRIQUE<=VALEUR (au "
        "plus).",
        "Contract performance threshold: METRIC=VALUE (at least) or METRIC<=VALUE (at most).",
    ),
)
@click.option(
    "--establishment",
    "establishments",
    multiple=True,
    help=bilingual(
        "Établissement utilisateur (id ; défaut : tous).",
        "Establishment using it (id; default: all).",
    ),
)
@register_option
@lang_option
@actor_option()
def add(
    tender_dir: Path,
    name: str | None,
    vendor: str,
    entry_id: str | None,
    system: str | None,
    reference: str | None,
    signed: dt.datetime | None,
    start: dt.datetime | None,
    months: int | None,
    renewals: int,
    renewal_months: int | None,
    notice_months: int | None,
    go_live: dt.datetime | None,
    thresholds: tuple[str, ...],
    establishments: tuple[str, ...],
    register_dir: Path | None,
    lang: Lang | None,
    actor: str | None,
) -> None:
    """Inscrire au registre le système d'une offre retenue (le registre est créé s'il n'existe
    pas).
    \f
    Add the system of an awarded offer to the register (created here if there is none).
    """
    from sovereignty.register.model import Contract
    from sovereignty.services import register as service
    from sovereignty.tender.folder import Tender

    tender = Tender.open(tender_dir)
    contract = Contract(
        reference=reference,
        signed=day_of(signed),
        start=day_of(start),
        months=months,
        renewals=renewals,
        renewal_months=renewal_months,
        notice_months=notice_months,
        go_live=day_of(go_live),
    )
    options = service.AddOptions(
        vendor=vendor,
        entry_id=entry_id,
        system=system,
        contract=contract,
        thresholds=tuple(parse_threshold(t) for t in thresholds),
        establishments=establishments,
    )
    reg, entry, created = service.add_from_tender(register_dir, tender, options, lang, name=name)
    out = lang_of(reg, lang)
    fr = out == "fr"
    if created:
        click.echo(f"Registre créé : {reg.root}" if fr else f"Register created: {reg.root}")
    click.echo(
        f"Entrée {entry.id} : {entry.system} — {entry.vendor}"
        if fr
        else f"Entry {entry.id}: {entry.system} — {entry.vendor}"
    )
    if entry.source.award_journaled is False:
        click.echo(
            "  (aucune décision d'attribution à cette offre n'est au journal de la consultation)"
            if fr
            else "  (no award decision for this offer is in the tender's journal)"
        )
    check = service.check_register(reg, dt.date.today(), only=[entry.id])
    print_items(check.entries[0].items, out, alerts_only=True)


def parse_threshold(text: str) -> Any:
    from sovereignty.core.errors import UsageError
    from sovereignty.core.model import Text
    from sovereignty.register.model import Threshold

    for sign, direction in (("<=", "at_most"), (">=", "at_least"), ("=", "at_least")):
        metric, found, value = text.partition(sign)
        if found:
            try:
                return Threshold(metric=metric.strip(), value=float(value), direction=direction)
            except ValueError:
                break
    raise UsageError(
        Text(
            fr=f"--threshold {text!r} : attendu METRIQUE=VALEUR ou METRIQUE<=VALEUR "
            "(par ex. sensibilite=0.95)",
            en=f"--threshold {text!r}: expected METRIC=VALUE or METRIC<=VALUE "
            "(e.g. sensitivity=0.95)",
        )
    )


@register.command("contract")
@click.argument("entry")
@click.option(
    "--reference", default=None, help=bilingual("Référence du contrat.", "Contract reference.")
)
@click.option(
    "--signed", type=DATE, default=None, help=bilingual("Date de signature.", "Signature date.")
)
@click.option(
    "--start",
    type=DATE,
    default=None,
    help=bilingual("Début d'exécution.", "Start of performance."),
)
@click.option(
    "--months",
    type=click.IntRange(1, 600),
    default=None,
    help=bilingual("Durée initiale (mois).", "Initial duration (months)."),
)
@click.option(
    "--renewals",
    type=click.IntRange(0, 20),
    default=None,
    help=bilingual("Reconductions possibles.", "Renewals allowed."),
)
@click.option(
    "--renewal-months",
    type=click.IntRange(1, 600),
    default=None,
    help=bilingual("Durée d'une reconduction.", "Length of a renewal."),
)
@click.option(
    "--notice-months",
    type=click.IntRange(0, 60),
    default=None,
    help=bilingual("Préavis pour ne pas reconduire (mois).", "Notice to stop a renewal (months)."),
)
@click.option("--go-live", type=DATE, default=None, help=bilingual("Mise en service.", "Go-live."))
@register_option
@actor_option()
def contract_cmd(
    entry: str,
    reference: str | None,
    signed: dt.datetime | None,
    start: dt.datetime | None,
    months: int | None,
    renewals: int | None,
    renewal_months: int | None,
    notice_months: int | None,
    go_live: dt.datetime | None,
    register_dir: Path | None,
    actor: str | None,
) -> None:
    """Renseigner les dates du contrat d'une entrée (journalisé).
    \f
    Set the contract dates of an entry (journaled).
    """
    from sovereignty.core.errors import UsageError
    from sovereignty.core.model import Text
    from sovereignty.register.folder import Register
    from sovereignty.services import register as service

    given = {
        "reference": reference,
        "signed": day_of(signed),
        "start": day_of(start),
        "months": months,
        "renewals": renewals,
        "renewal_months": renewal_months,
        "notice_months": notice_months,
        "go_live": day_of(go_live),
    }
    changes = {k: v for k, v in given.items() if v is not None}
    if not changes:
        raise UsageError(
            Text(
                fr="rien à changer : donnez au moins une option (--start, --months...)",
                en="nothing to change: give at least one option (--start, --months...)",
            )
        )
    reg = Register.open(register_dir)
    service.update_contract(reg, entry, changes, actor)
    lang = reg.settings.language
    click.echo(
        f"Contrat de {entry} mis à jour." if lang == "fr" else f"Contract of {entry} updated."
    )
    items = service.check_register(reg, dt.date.today(), only=[entry]).entries[0].items
    print_items(items, lang, alerts_only=True)


@register.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--why",
    default=None,
    help=bilingual(
        "Pourquoi remplacer une entrée existante.", "Why an existing entry is replaced."
    ),
)
@click.option(
    "--name",
    default=None,
    help=bilingual(
        "Nom du registre s'il est créé (établissement ou GHT).",
        "Name of the register when it is created (establishment or GHT).",
    ),
)
@register_option
@lang_option
def import_cmd(
    file: Path, why: str | None, name: str | None, register_dir: Path | None, lang: Lang | None
) -> None:
    """Inscrire une entrée écrite à la main (système acheté avant l'outil) ; voir
    docs/register.md.
    \f
    Add an entry written by hand (a system bought before the tool); see docs/register.md.
    """
    from sovereignty.services import register as service

    reg, entry = service.import_entry(register_dir, file, why, name, lang or "fr")
    fr = reg.settings.language == "fr"
    click.echo(f"Entrée {entry.id} inscrite." if fr else f"Entry {entry.id} recorded.")


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
    for status in result.entries:
        e = status.entry
        alerts = sum(i.alert for i in status.items)
        regimes = ", ".join(e.regimes) or "—"
        click.echo(f"{e.id:<16} {e.system[:48]:<48} {e.vendor[:28]:<28} {regimes:<40} {alerts}")


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


for _command in (incident, disagreement, performance, change, done):
    register.add_command(_command)
