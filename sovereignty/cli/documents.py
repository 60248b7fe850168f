"""`sovereignty dce`, `sovereignty annex` and `sovereignty report`: the Word documents (and
PDFs)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sovereignty.cli.options import (
    F,
    actor_option,
    as_of_option,
    bilingual,
    dir_option,
    docx_output_option,
    lang_option,
    path_option,
    pdf_option,
    show_written,
    warn_no_pdf,
)
from sovereignty.core.model import Lang


def document_options(f: F) -> F:
    f = pdf_option(f)
    f = as_of_option(f)
    f = path_option(
        "--clauses",
        "clauses_dir",
        dir_okay=True,
        help=bilingual(
            "Bibliothèque de clauses propre (dossier de fichiers YAML, fusionnée par id).",
            "Your own clause library (a folder of YAML files, merged by clause id).",
        ),
    )(f)
    f = path_option(
        "--templates",
        "templates_dir",
        dir_okay=True,
        help=bilingual(
            "Dossier de modèles Word propres (annex.docx, report.docx, comparison.docx).",
            "Your own Word templates folder (annex.docx, report.docx, comparison.docx).",
        ),
    )(f)
    f = docx_output_option()(f)
    return lang_option(dir_option(f))


def _run(
    kind: str,
    vendor: str | None,
    tender_dir: Path | None,
    lang: Lang | None,
    output: Path | None,
    templates_dir: Path | None,
    clauses_dir: Path | None,
    pdf: bool,
    as_of: dt.datetime | None,
) -> None:
    from sovereignty.documents.pdf import soffice
    from sovereignty.services import documents as service
    from sovereignty.tender.folder import Tender

    tender = Tender.open(tender_dir)
    fr = (lang or tender.settings.language) == "fr"
    name = f"{kind}-{vendor}.docx" if vendor else "comparison.docx"
    out = output or tender.root / "documents" / name
    want_pdf = pdf and soffice() is not None
    options = service.Options(
        lang=lang,
        templates=templates_dir,
        clauses=clauses_dir,
        pdf=want_pdf,
        as_of=as_of.date() if as_of else None,
    )
    if kind == "annex":
        assert vendor is not None
        written = service.write_annex(tender, vendor, out, options)
    elif vendor is not None:
        written = service.write_report(tender, vendor, out, options)
    else:
        written = service.write_comparison(tender, out, options)
    show_written(written, fr, templates_dir)
    if pdf and not want_pdf:
        warn_no_pdf(fr)


@click.command()
@click.argument("vendor")
@document_options
def annex(
    vendor: str,
    tender_dir: Path | None,
    lang: Lang | None,
    output: Path | None,
    templates_dir: Path | None,
    clauses_dir: Path | None,
    pdf: bool,
    as_of: dt.datetime | None,
) -> None:
    """Mise au point de l'annexe publiée pour une offre : mêmes articles, blancs complétés.

    Le même texte, les mêmes articles et clauses que l'annexe publiée par `dce`, ses blancs
    complétés à partir des réponses de l'offre, puis un document de travail (hors marché) : ce qui
    a été complété, les réponses de l'offre contraires à un article, et pourquoi chaque article
    figure dans l'annexe.
    \f
    Mise au point of the published CCAP annex for one offer: the same text, articles and
    clauses, with the offer's blanks filled from its answers, then a working paper (not part of
    the contract): what was filled, the offer's answers that contradict an article, and why each
    article is there.
    """
    _run("annex", vendor, tender_dir, lang, output, templates_dir, clauses_dir, pdf, as_of)


@click.command()
@click.argument("vendor", required=False)
@click.option(
    "--compare",
    is_flag=True,
    help=bilingual(
        "Rapport de comparaison du GHT (toutes les offres).",
        "GHT comparison report (all offers).",
    ),
)
@document_options
def report(
    vendor: str | None,
    compare: bool,
    tender_dir: Path | None,
    lang: Lang | None,
    output: Path | None,
    templates_dir: Path | None,
    clauses_dir: Path | None,
    pdf: bool,
    as_of: dt.datetime | None,
) -> None:
    """Rapport de risques d'une offre, ou rapport de comparaison des offres (--compare).
    \f
    Risk report for one offer, or the comparison report of all offers (--compare).
    """
    from sovereignty.core.errors import UsageError
    from sovereignty.core.model import Text

    if compare and vendor:
        raise UsageError(
            Text(
                fr="donnez soit VENDOR (l'id d'une offre), soit --compare, pas les deux",
                en="give either a VENDOR or --compare, not both",
            )
        )
    if not compare and not vendor:
        raise UsageError(
            Text(
                fr="donnez VENDOR (rapport de risques d'une offre) ou --compare (toutes les "
                "offres)",
                en="give a VENDOR (risk report of one offer) or --compare (all offers)",
            )
        )
    _run("report", vendor, tender_dir, lang, output, templates_dir, clauses_dir, pdf, as_of)


@click.command()
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help=bilingual(
        "Dossier où écrire les pièces du dossier de consultation.",
        "Folder to write the consultation file's pieces into.",
    ),
)
@click.option(
    "--force",
    is_flag=True,
    help=bilingual(
        "Réécrire les pièces déjà présentes dans le dossier (inscrit au journal).",
        "Rewrite the pieces already in the folder (journaled).",
    ),
)
@pdf_option
@path_option(
    "--clauses",
    "clauses_dir",
    dir_okay=True,
    help=bilingual(
        "Bibliothèque de clauses propre (défaut : 'clauses' de tender.yaml).",
        "Your own clause library (default: 'clauses' in tender.yaml).",
    ),
)
@path_option(
    "--templates",
    "templates_dir",
    dir_okay=True,
    help=bilingual(
        "Dossier de modèles Word propres (défaut : 'templates' de tender.yaml).",
        "Your own Word templates folder (default: 'templates' in tender.yaml).",
    ),
)
@lang_option
@dir_option
@actor_option()
def dce(
    out: Path,
    force: bool,
    pdf: bool,
    clauses_dir: Path | None,
    templates_dir: Path | None,
    lang: Lang | None,
    tender_dir: Path | None,
    actor: str | None,
) -> None:
    """Dossier de consultation : annexe au CCAP, critères d'attribution, exigences minimales.

    L'annexe au CCAP (identique pour tous les candidats), l'extrait du règlement de la
    consultation sur les critères d'attribution, les exigences minimales, le formulaire de
    réponse et l'index dce.json, à partir des seules réponses de l'acheteur et de la grille
    gelée. Exige une grille gelée.
    \f
    Consultation file: the CCAP annex (the same for every bidder), the award-criteria excerpt
    for the rules of the consultation (RC), the minimum requirements, the response form and the
    index dce.json, from the buyer's answers and the frozen grid only. Needs a frozen grid.
    """
    from sovereignty.core.errors import colon
    from sovereignty.documents.pdf import soffice
    from sovereignty.services import documents as service
    from sovereignty.services.dce import write_dce
    from sovereignty.tender.folder import Tender
    from sovereignty.tender.journal import current_actor

    tender = Tender.open(tender_dir)
    lang = lang or tender.settings.language
    fr = lang == "fr"
    want_pdf = pdf and soffice() is not None
    options = service.Options(lang=lang, templates=templates_dir, clauses=clauses_dir, pdf=want_pdf)
    result = write_dce(tender, out, options, force=force, actor=actor or current_actor())
    wrote = "Écrit : " if fr else "Written: "
    for piece in result.pieces:
        click.echo(f"{wrote}{piece.path} (sha256 {piece.sha256[:12]})")
        if piece.pdf:
            click.echo(f"{wrote}{piece.pdf}")
    click.echo(f"{wrote}{result.index}")
    for kind in result.shipped_templates:
        click.echo(
            f"  modèle livré utilisé pour {kind}.docx (absent de {templates_dir})"
            if fr
            else f"  shipped template used for {kind}.docx (not in {templates_dir})"
        )
    grid = f"{result.grid_hash[:19]}"
    click.echo(
        f"Annexe : {result.articles} articles, {result.blanks} blancs à compléter à la mise au "
        f"point ; grille {grid}"
        if fr
        else f"Annex: {result.articles} articles, {result.blanks} blanks to fill at the mise au "
        f"point; grid {grid}"
    )
    if result.buyer_blanks:
        click.echo(
            f"Attention{colon(lang)}{result.buyer_blanks} blanc(s) attendent une réponse de "
            "l'acheteur : `sovereignty assess --buyer`, puis relancez `sovereignty dce --force`."
            if fr
            else f"Warning: {result.buyer_blanks} blank(s) wait for a buyer's answer: "
            "`sovereignty assess --buyer`, then run `sovereignty dce --force` again.",
            err=True,
        )
    if result.origin.sha256 is None:
        conflicts = ", ".join(result.origin.conflicts)
        click.echo(
            "Réponses de l'acheteur lues dans les feuilles des offres (consultation antérieure "
            "au fichier buyer/answers.yaml)"
            + (f" ; réponses divergentes ignorées{colon(lang)}{conflicts}" if conflicts else "")
            if fr
            else "The buyer's answers were read from the vendors' sheets (a tender older than "
            "buyer/answers.yaml)"
            + (f"; differing answers left out: {conflicts}" if conflicts else ""),
            err=True,
        )
    if pdf and not want_pdf:
        warn_no_pdf(fr)
