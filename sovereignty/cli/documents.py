"""`sovereignty annex` and `sovereignty report`: the Word documents (and PDFs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from sovereignty.cli.options import (
    as_of_option,
    bilingual,
    dir_option,
    echo,
    lang_option,
    path_option,
)
from sovereignty.core.model import Lang

F = TypeVar("F", bound=Callable[..., Any])


def document_options(f: F) -> F:
    f = click.option(
        "--pdf",
        is_flag=True,
        help=bilingual(
            "Écrire aussi un PDF (LibreOffice requis).", "Also write a PDF (needs LibreOffice)."
        ),
    )(f)
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
    f = path_option(
        "-o",
        "--output",
        help=bilingual(
            "Fichier .docx à écrire (défaut : documents/ dans le dossier de consultation).",
            ".docx file to write (default: documents/ in the tender folder).",
        ),
    )(f)
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
    wrote = "Écrit : " if fr else "Written: "
    for item in written:
        echo(f"{wrote}{item.path} ({item.seconds * 1000:.0f} ms)")
        if item.shipped_template:
            # a templates folder may override only some documents: say which one it did not
            echo(
                f"  modèle livré utilisé pour {item.kind}.docx (absent de {templates_dir})"
                if fr
                else f"  shipped template used for {item.kind}.docx (not in {templates_dir})"
            )
        if item.pdf:
            pages = f" ({item.pages} pages)" if item.pages else ""
            echo(f"{wrote}{item.pdf}{pages}")
    if pdf and not want_pdf:
        echo(
            "PDF non écrit : LibreOffice (soffice) n'est pas installé."
            if fr
            else "PDF not written: LibreOffice (soffice) is not installed.",
            err=True,
        )


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
    """Annexe contractuelle d'une offre (Word), clause par clause, avec tableau de traçabilité.

    Les clauses qu'appellent ses réponses, les régimes du règlement IA et les constats, et un
    tableau de traçabilité qui dit ce qui a déclenché chacune.
    \f
    Contract annex for one offer (Word): the clauses its answers, AI Act regimes and findings
    call for, and a traceability table saying what triggered each one.
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
