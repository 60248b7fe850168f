"""`sovereignty register incident|disagreement|performance|change|done`: monitoring records,
each journaled; what a record opens is printed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from sovereignty.cli.options import actor_option, bilingual
from sovereignty.cli.register_options import DATE, F, day_of, print_items, register_option


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
    print_items(opened, reg.settings.language, alerts_only=True)


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
    data: dict[str, Any] = {"on": (day_of(on) or dt.date.today()).isoformat(), "summary": summary}
    if establishment:
        data["establishment"] = establishment
    return data


@click.command("incident")
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
@click.option(
    "--provider-informed",
    type=DATE,
    default=None,
    help=bilingual("Date où le fournisseur a été informé.", "Date the provider was informed."),
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
    provider_informed: dt.datetime | None,
) -> None:
    """Consigner un incident ; grave, il ouvre le délai de signalement (art. 26 § 5, art. 73).
    \f
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
    if provider_informed:
        data["provider_informed"] = provider_informed.date().isoformat()
    _record(register_dir, entry, data, actor)


@click.command("disagreement")
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
    \f
    Record a disagreement between the system and the person overseeing it.
    """
    data = _base(on, summary, establishment) | {"kind": "disagreement"}
    data |= {k: v for k, v in (("output", output), ("decision", decision)) if v}
    _record(register_dir, entry, data, actor)


@click.command("performance")
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
    \f
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


@click.command("change")
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
    \f
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


@click.command("done")
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
    """Clore un point : devoir fait, préavis donné, incident signalé, écart de performance traité,
    signalement levé (l'id entre crochets de `register check`).
    \f
    Close an item: a duty done, a notice given, an incident reported, a performance gap handled,
    a flag resolved (the id in brackets in `register check`).
    """
    data = _base(on, summary, establishment) | {"kind": "completion", "duty": duty}
    if reference:
        data["reference"] = reference
    _record(register_dir, entry, data, actor)
