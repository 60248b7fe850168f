"""`sovereignty register`: the AI register of the establishment or GHT (see docs/register.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from sovereignty.cli.options import (
    actor_option,
    bilingual,
    echo_json,
    json_option,
    lang_option,
)

if TYPE_CHECKING:
    from sovereignty.core.model import Lang
    from sovereignty.register.deadlines import DueItem
    from sovereignty.register.folder import Register

F = TypeVar("F", bound=Callable[..., Any])
DATE = click.DateTime(formats=["%Y-%m-%d"])


def register_option(f: F) -> F:
    return click.option(
        "--register",
        "register_dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="SOVEREIGNTY_REGISTER",
        default=None,
        help=bilingual(
            "Dossier du registre (défaut : le dossier courant ou le plus proche au-dessus).",
            "Register folder (default: the current folder or the nearest one above).",
        ),
    )(f)


def as_of_option(f: F) -> F:
    return click.option(
        "--as-of",
        "as_of",
        type=DATE,
        default=None,
        help=bilingual(
            "Date à laquelle lire les échéances (AAAA-MM-JJ, défaut : aujourd'hui).",
            "Date at which to read the due dates (YYYY-MM-DD, default: today).",
        ),
    )(f)


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def _lang(register: Register, lang: Lang | None) -> Lang:
    return lang or register.settings.language


@click.group()
def register() -> None:
    """Registre des systèmes d'IA de l'établissement ou du GHT : entrées, échéances, suivi.

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
    """Inscrire au registre le système d'une offre retenue.

    Add the system of an awarded offer to the register (created here if there is none).
    """
    from sovereignty.register.model import Contract
    from sovereignty.services import register as service
    from sovereignty.tender.folder import Tender

    tender = Tender.open(tender_dir)
    contract = Contract(
        reference=reference,
        signed=_day(signed),
        start=_day(start),
        months=months,
        renewals=renewals,
        renewal_months=renewal_months,
        notice_months=notice_months,
        go_live=_day(go_live),
    )
    options = service.AddOptions(
        vendor=vendor,
        entry_id=entry_id,
        system=system,
        contract=contract,
        thresholds=tuple(parse_threshold(t) for t in thresholds),
        establishments=establishments,
    )
    reg, entry, created = service.add_from_tender(register_dir, tender, options, lang)
    out = _lang(reg, lang)
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
    _print_items(check.entries[0].items, out, alerts_only=True)


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

    Set the contract dates of an entry (journaled).
    """
    from sovereignty.core.errors import UsageError
    from sovereignty.core.model import Text
    from sovereignty.register.folder import Register
    from sovereignty.services import register as service

    given = {
        "reference": reference,
        "signed": _day(signed),
        "start": _day(start),
        "months": months,
        "renewals": renewals,
        "renewal_months": renewal_months,
        "notice_months": notice_months,
        "go_live": _day(go_live),
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
    _print_items(items, lang, alerts_only=True)


@register.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--why",
    default=None,
    help=bilingual(
        "Pourquoi remplacer une entrée existante.", "Why an existing entry is replaced."
    ),
)
@register_option
def import_cmd(file: Path, why: str | None, register_dir: Path | None) -> None:
    """Inscrire une entrée écrite à la main (système acheté avant l'outil).

    Add an entry written by hand (a system bought before the tool); see docs/register.md.
    """
    from sovereignty.services import register as service

    reg, entry = service.import_entry(register_dir, file, why)
    fr = reg.settings.language == "fr"
    click.echo(f"Entrée {entry.id} inscrite." if fr else f"Entry {entry.id} recorded.")


_SYMBOL = {
    "overdue": "!!",
    "expired": "!!",
    "open": "! ",
    "due": "! ",
    "expiring": "! ",
    "missing": "? ",
}


def _print_items(items: list[DueItem], lang: Lang, alerts_only: bool) -> None:
    from sovereignty.documents.frame import format_date
    from sovereignty.register.deadlines import STATUS_WORDS

    shown = [i for i in items if i.alert or not alerts_only or i.status in ("starting", "started")]
    for item in shown:
        when = format_date(item.date, lang) if item.date else "—"
        mark = _SYMBOL.get(item.status, "  ")
        click.echo(f"  {mark} {when:<18} {STATUS_WORDS[item.status](lang):<20} {item.title(lang)}")
        if item.detail and item.alert:
            click.echo(f"       {item.detail(lang)}")


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

    What is due, overdue or expiring, and the register verified against its journal.
    """
    from sovereignty.documents.frame import format_date
    from sovereignty.register.folder import Register
    from sovereignty.services import register as service

    reg = Register.open(register_dir)
    out = _lang(reg, lang)
    day = _day(as_of) or dt.date.today()
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
            _print_items(status.items, out, alerts_only=not show_all)
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

    The systems in the register, with what needs action.
    """
    from sovereignty.register.folder import Register
    from sovereignty.services import register as service

    reg = Register.open(register_dir)
    out = _lang(reg, lang)
    day = _day(as_of) or dt.date.today()
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

    One register entry: system, vendor, certificates, contract, obligations, records.
    """
    from sovereignty.register.folder import Register
    from sovereignty.services import register as service

    reg = Register.open(register_dir)
    out = _lang(reg, lang)
    day = _day(as_of) or dt.date.today()
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
    _print_items(status.items, out, alerts_only=False)


def _record(register_dir: Path | None, entry: str, data: dict[str, Any], actor: str | None) -> None:
    from sovereignty.register.folder import Register
    from sovereignty.services import register as service

    reg = Register.open(register_dir)
    record, flag = service.add_record(reg, entry, data, actor)
    fr = reg.settings.language == "fr"
    click.echo(
        f"Enregistré : {entry} {record.id} ({record.kind})"
        if fr
        else f"Recorded: {entry} {record.id} ({record.kind})"
    )
    if flag is not None:
        click.echo("  ⚑ " + flag.reason(reg.settings.language))
    day = max(dt.date.today(), record.on)
    items = service.check_register(reg, day, only=[entry]).entries[0].items
    opened = [i for i in items if i.id.endswith(record.id) and i.alert]
    _print_items(opened, reg.settings.language, alerts_only=True)


def record_options(f: F) -> F:
    f = click.option(
        "--summary", required=True, help=bilingual("Ce qui s'est passé.", "What happened.")
    )(f)
    f = click.option(
        "--on",
        "on",
        type=DATE,
        default=None,
        help=bilingual("Date (défaut : aujourd'hui).", "Date (default: today)."),
    )(f)
    f = click.option(
        "--establishment",
        default=None,
        help=bilingual("Établissement concerné.", "Establishment concerned."),
    )(f)
    f = register_option(f)
    return actor_option()(f)


def _base(on: dt.datetime | None, summary: str, establishment: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {"on": (_day(on) or dt.date.today()).isoformat(), "summary": summary}
    if establishment:
        data["establishment"] = establishment
    return data


@register.command("incident")
@click.argument("entry")
@record_options
@click.option(
    "--harm",
    type=click.Choice(
        [
            "none",
            "death",
            "serious_health",
            "critical_infrastructure",
            "fundamental_rights",
            "property_environment",
        ]
    ),
    default="none",
    help=bilingual(
        "Dommage (tout autre que « none » fait un incident grave, art. 3 point 49).",
        "Harm (anything but 'none' makes it a serious incident, Art. 3(49)).",
    ),
)
@click.option(
    "--widespread",
    is_flag=True,
    help=bilingual("Infraction de grande ampleur.", "Widespread infringement."),
)
@click.option(
    "--suspended",
    is_flag=True,
    help=bilingual("Usage suspendu (art. 26 § 5).", "Use suspended (Art. 26(5))."),
)
@click.option(
    "--reported",
    type=DATE,
    default=None,
    help=bilingual("Date du signalement à l'autorité.", "Date reported to the authority."),
)
def incident(
    entry: str,
    summary: str,
    on: dt.datetime | None,
    establishment: str | None,
    register_dir: Path | None,
    actor: str | None,
    harm: str,
    widespread: bool,
    suspended: bool,
    reported: dt.datetime | None,
) -> None:
    """Consigner un incident ; grave, il ouvre le délai de signalement (art. 26 § 5, art. 73).

    Record an incident; a serious one opens the reporting deadline (Art. 26(5), Art. 73).
    """
    data = _base(on, summary, establishment) | {
        "kind": "incident",
        "harm": harm,
        "widespread": widespread,
        "suspended": suspended,
    }
    if reported:
        data["authority_reported"] = reported.date().isoformat()
    _record(register_dir, entry, data, actor)


@register.command("disagreement")
@click.argument("entry")
@record_options
@click.option(
    "--output", default=None, help=bilingual("Ce que le système a donné.", "What the system gave.")
)
@click.option(
    "--decision",
    default=None,
    help=bilingual("Ce que la personne a décidé.", "What the person decided."),
)
def disagreement(
    entry: str,
    summary: str,
    on: dt.datetime | None,
    establishment: str | None,
    register_dir: Path | None,
    actor: str | None,
    output: str | None,
    decision: str | None,
) -> None:
    """Consigner un désaccord entre le système et la personne qui le supervise.

    Record a disagreement between the system and the person overseeing it.
    """
    data = _base(on, summary, establishment) | {"kind": "disagreement"}
    data |= {k: v for k, v in (("output", output), ("decision", decision)) if v}
    _record(register_dir, entry, data, actor)


@register.command("performance")
@click.argument("entry")
@record_options
@click.option(
    "--metric",
    required=True,
    help=bilingual("Mesure (comme dans le contrat).", "Metric (as in the contract)."),
)
@click.option(
    "--value", type=float, required=True, help=bilingual("Valeur mesurée.", "Measured value.")
)
@click.option(
    "--threshold",
    type=float,
    default=None,
    help=bilingual("Seuil (défaut : celui de l'entrée).", "Threshold (default: the entry's)."),
)
@click.option(
    "--sample",
    type=click.IntRange(1),
    default=None,
    help=bilingual("Taille de l'échantillon.", "Sample size."),
)
def performance(
    entry: str,
    summary: str,
    on: dt.datetime | None,
    establishment: str | None,
    register_dir: Path | None,
    actor: str | None,
    metric: str,
    value: float,
    threshold: float | None,
    sample: int | None,
) -> None:
    """Consigner un contrôle local de performance, comparé au seuil du contrat.

    Record a local performance check, compared with the contract's threshold.
    """
    from sovereignty.register.folder import Register

    reg = Register.open(register_dir)
    known = {t.metric: t for t in reg.load_entry(entry).thresholds}
    data = _base(on, summary, establishment) | {
        "kind": "performance",
        "metric": metric,
        "value": value,
    }
    if threshold is not None:
        data["threshold"] = threshold
    elif metric in known:
        data["threshold"] = known[metric].value
        data["direction"] = known[metric].direction
    if sample:
        data["sample"] = sample
    _record(reg.root, entry, data, actor)


@register.command("change")
@click.argument("entry")
@record_options
@click.option(
    "--version", "version", default=None, help=bilingual("Version annoncée.", "Announced version.")
)
@click.option(
    "--substantial",
    type=click.Choice(["yes", "no", "unknown"]),
    default="unknown",
    help=bilingual(
        "Modification substantielle (art. 3 point 23) ? Oui ou inconnu : l'entrée est signalée.",
        "Substantial modification (Art. 3(23))? Yes or unknown: the entry is flagged.",
    ),
)
@click.option(
    "--purpose-changed",
    is_flag=True,
    help=bilingual("La destination change.", "The intended purpose changes."),
)
@click.option(
    "--effective", type=DATE, default=None, help=bilingual("Date d'effet.", "Effective date.")
)
def change(
    entry: str,
    summary: str,
    on: dt.datetime | None,
    establishment: str | None,
    register_dir: Path | None,
    actor: str | None,
    version: str | None,
    substantial: str,
    purpose_changed: bool,
    effective: dt.datetime | None,
) -> None:
    """Consigner un changement annoncé par le fournisseur ; substantiel, il rouvre la
    classification et la question de l'art. 25.

    Record a change announced by the vendor; a substantial one re-opens the classification and
    the Art. 25 question.
    """
    data = _base(on, summary, establishment) | {
        "kind": "change",
        "substantial": substantial,
        "purpose_changed": purpose_changed,
    }
    if version:
        data["version"] = version
    if effective:
        data["effective"] = effective.date().isoformat()
    _record(register_dir, entry, data, actor)


@register.command("done")
@click.argument("entry")
@click.argument("duty")
@record_options
@click.option(
    "--reference",
    default=None,
    help=bilingual("Preuve (document, numéro...).", "Proof (document, number...)."),
)
def done(
    entry: str,
    duty: str,
    summary: str,
    on: dt.datetime | None,
    establishment: str | None,
    register_dir: Path | None,
    actor: str | None,
    reference: str | None,
) -> None:
    """Marquer un devoir fait ou un signalement traité (id affiché par `register check`).

    Mark a duty done or a flag resolved (the id `register check` shows).
    """
    data = _base(on, summary, establishment) | {"kind": "completion", "duty": duty}
    if reference:
        data["reference"] = reference
    _record(register_dir, entry, data, actor)
