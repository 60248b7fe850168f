"""`sovereignty aipd`, `aidf`, `exit-plan`, `registration`: the documents that follow the award."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sovereignty.cli.options import (
    DATE,
    F,
    as_of_option,
    bilingual,
    dir_option,
    docx_output_option,
    folder_option,
    lang_option,
    path_option,
)

if TYPE_CHECKING:
    from sovereignty.core.model import Lang


def options(f: F) -> F:
    f = as_of_option(f)
    f = folder_option(
        "--register",
        "register_dir",
        "SOVEREIGNTY_REGISTER",
        "Registre où lire l'entrée de l'offre (dates du contrat).",
        "Register to read the offer's entry from (contract dates).",
    )(f)
    f = docx_output_option()(f)
    return lang_option(dir_option(f))


def _run(
    kind: str,
    vendor: str,
    tender_dir: Path | None,
    lang: Lang | None,
    output: Path | None,
    register_dir: Path | None,
    as_of: dt.datetime | None,
    pia: Path | None = None,
    switch_day: dt.datetime | None = None,
) -> None:
    from sovereignty.services import lifecycle as service
    from sovereignty.tender.folder import Tender

    tender = Tender.open(tender_dir)
    out = output or tender.root / "documents" / f"{kind}-{vendor}.docx"
    written = service.write_document(
        tender,
        kind,  # type: ignore[arg-type]
        vendor,
        out,
        lang,
        register_dir,
        pia,
        as_of.date() if as_of else None,
        switch_day.date() if switch_day else None,
    )
    fr = (lang or tender.settings.language) == "fr"
    for item in written:
        click.echo(f"{'Écrit : ' if fr else 'Written: '}{item.path}")
    if written[0].register_entry is None:
        click.echo(
            "  (pas d'entrée de registre pour cette offre : dates du contrat à reporter)"
            if fr
            else "  (no register entry for this offer: contract dates left to fill in)"
        )


@click.command()
@click.argument("vendor")
@options
@path_option(
    "--pia",
    help=bilingual(
        "Écrire aussi l'AIPD au format JSON du logiciel PIA de la CNIL (à importer).",
        "Also write the AIPD as the CNIL PIA software's JSON (to import).",
    ),
)
def aipd(
    vendor: str,
    tender_dir: Path | None,
    lang: Lang | None,
    output: Path | None,
    register_dir: Path | None,
    as_of: dt.datetime | None,
    pia: Path | None,
) -> None:
    """AIPD pré-remplie (art. 35 du RGPD) de l'offre retenue, en Word, et --pia pour le logiciel
    PIA de la CNIL.
    \f
    Pre-filled AIPD (GDPR Art. 35 DPIA) of the awarded offer, in Word; --pia for the CNIL's PIA
    software.
    """
    _run("aipd", vendor, tender_dir, lang, output, register_dir, as_of, pia)


@click.command()
@click.argument("vendor")
@options
def aidf(
    vendor: str,
    tender_dir: Path | None,
    lang: Lang | None,
    output: Path | None,
    register_dir: Path | None,
    as_of: dt.datetime | None,
) -> None:
    """AIDF pré-remplie (art. 27 du RIA), quand elle s'applique.
    \f
    Pre-filled AIDF (AI Act Art. 27 fundamental rights impact assessment), where it applies.
    """
    _run("aidf", vendor, tender_dir, lang, output, register_dir, as_of)


@click.command("exit-plan")
@click.argument("vendor")
@options
@click.option(
    "--switch-date",
    "switch_day",
    type=DATE,
    default=None,
    help=bilingual(
        "Dater les étapes d'une sortie anticipée à ce jour (défaut : la fin du contrat).",
        "Date the steps of an early exit on that day (default: the end of the contract).",
    ),
)
def exit_plan(
    vendor: str,
    tender_dir: Path | None,
    lang: Lang | None,
    output: Path | None,
    register_dir: Path | None,
    as_of: dt.datetime | None,
    switch_day: dt.datetime | None,
) -> None:
    """Plan de réversibilité et de sortie : inventaire, formats, étapes et dates, coûts, test,
    effacement.
    \f
    Exit plan: inventory, formats, switching steps and dates, costs, test, erasure.
    """
    _run("exit-plan", vendor, tender_dir, lang, output, register_dir, as_of, None, switch_day)


@click.command()
@click.argument("vendor")
@options
def registration(
    vendor: str,
    tender_dir: Path | None,
    lang: Lang | None,
    output: Path | None,
    register_dir: Path | None,
    as_of: dt.datetime | None,
) -> None:
    """Fiche d'enregistrement du déployeur public (art. 26 § 8 et 49 § 3 du RIA, annexe VIII C).
    \f
    Public deployer's registration sheet (AI Act Art. 26(8), 49(3), Annex VIII section C).
    """
    _run("registration", vendor, tender_dir, lang, output, register_dir, as_of)
