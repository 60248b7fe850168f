"""`sovereignty register add|contract|certificate|template|import`: making and maintaining the
entries of the register."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sovereignty.cli.options import actor_option, bilingual, lang_option
from sovereignty.cli.register_options import (
    DATE,
    contract_options,
    day_of,
    lang_of,
    print_items,
    register_option,
)

if TYPE_CHECKING:
    from sovereignty.core.model import Lang


@click.command("add")
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
@contract_options(renewals=0)
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
    awarded = entry.source.awarded
    if awarded is None:
        click.echo(
            "  (le journal de la consultation ne contient pas encore de décision d'attribution)"
            if fr
            else "  (the tender's journal holds no award decision yet)"
        )
    elif awarded != vendor:
        click.echo(
            f"  ! le journal de la consultation attribue le marché à {awarded}, pas à {vendor}"
            if fr
            else f"  ! the tender's journal awards the contract to {awarded}, not {vendor}",
            err=True,
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


@click.command("contract")
@click.argument("entry")
@contract_options(renewals=None)
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


@click.command("certificate")
@click.argument("entry")
@click.argument("kind")
@click.option(
    "--expires",
    type=DATE,
    required=True,
    help=bilingual("Nouvelle fin de validité.", "New expiry date."),
)
@click.option("--number", default=None, help=bilingual("Nouveau numéro.", "New number."))
@register_option
@actor_option()
def certificate(
    entry: str,
    kind: str,
    expires: dt.datetime,
    number: str | None,
    register_dir: Path | None,
    actor: str | None,
) -> None:
    """Consigner un certificat renouvelé (hds, ce_notified_body...) : sa nouvelle date de fin.
    \f
    Record a renewed certificate (hds, ce_notified_body...): its new expiry date.
    """
    from sovereignty.register.folder import Register
    from sovereignty.services import register as service

    reg = Register.open(register_dir)
    service.renew_certificate(reg, entry, kind, expires.date(), number, actor)
    fr = reg.settings.language == "fr"
    click.echo(
        f"Certificat {kind} de {entry} mis à jour."
        if fr
        else f"Certificate {kind} of {entry} updated."
    )


@click.command("template")
@lang_option
def template(lang: Lang | None) -> None:
    """Afficher une entrée à remplir à la main (système acheté avant l'outil).
    \f
    Print an entry to fill in by hand (a system bought before the tool).
    """
    from sovereignty.cli.options import interface_lang
    from sovereignty.services import register as service

    click.echo(service.entry_template(lang or interface_lang()), nl=False)


@click.command("import")
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
