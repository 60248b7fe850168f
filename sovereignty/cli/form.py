"""`sovereignty form export|import`: the vendors' response form (xlsx)."""

from __future__ import annotations

from pathlib import Path

import click

from sovereignty.cli.options import (
    actor_option,
    bilingual,
    dir_option,
    echo,
    echo_json,
    json_option,
    lang_option,
)
from sovereignty.core.model import Lang


@click.group("form")
def form() -> None:
    """Formulaire de réponse des éditeurs (xlsx) à joindre au DCE, et import des réponses.
    \f
    The vendors' response form (xlsx) for the consultation file, and importing their answers.
    """


@form.command("export")
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=bilingual("Fichier .xlsx à écrire.", ".xlsx file to write."),
)
@dir_option
@lang_option
def export_cmd(out: Path, tender_dir: Path | None, lang: Lang | None) -> None:
    """Exporter le formulaire de réponse (questions destinées à l'éditeur).

    Une feuille par section avec les questions de l'éditeur, listes déroulantes, cellules typées
    et protégées, et une feuille d'instructions.
    \f
    Export the response form: one sheet per section with the vendor's questions, drop-downs,
    typed cells, protected cells and an instructions sheet.
    """
    from sovereignty.services.form import export_form
    from sovereignty.tender.folder import Tender

    tender = Tender.open(tender_dir)
    lang = lang or tender.settings.language
    result = export_form(tender, out, lang)
    if lang == "fr":
        echo(
            f"Formulaire écrit : {result.path} ({result.questions} questions, "
            f"{result.sheets} feuilles, {result.size / 1024:.0f} Ko)."
        )
    else:
        echo(
            f"Form written: {result.path} ({result.questions} questions, "
            f"{result.sheets} sheets, {result.size / 1024:.0f} KB)."
        )


@form.command("import")
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
@click.option(
    "--vendor",
    "vendor_id",
    required=True,
    help=bilingual("Identifiant de l'offre (éditeur).", "Id of the vendor."),
)
@dir_option
@lang_option
@actor_option(bilingual("Qui importe (inscrit au journal).", "Who imports (journaled)."))
@click.option(
    "--dry-run",
    is_flag=True,
    help=bilingual(
        "Vérifier et montrer les changements sans rien écrire.",
        "Check and show the changes without writing anything.",
    ),
)
@click.option(
    "--force",
    is_flag=True,
    help=bilingual(
        "Importer même si le formulaire semble être celui d'un autre éditeur (société "
        "différente, fichier déjà importé pour une autre offre) ; inscrit au journal.",
        "Import even if the form looks like another vendor's (other company, file already "
        "imported for another vendor); journaled.",
    ),
)
@json_option
def import_cmd(
    file: Path,
    vendor_id: str,
    tender_dir: Path | None,
    lang: Lang | None,
    actor: str | None,
    dry_run: bool,
    force: bool,
    as_json: bool,
) -> None:
    """Importer un formulaire rempli dans la feuille de réponses de l'offre.

    Tout est vérifié d'abord ; au moindre problème rien n'est écrit. Un nouvel import montre ce
    qui a changé. Une cellule vide n'efface jamais une réponse ; les réponses qui ne s'appliquent
    plus après un changement sont retirées (et listées). Un formulaire au nom d'une autre société,
    ou déjà importé pour une autre offre, est refusé sauf avec --force.
    \f
    Import a filled form into the vendor's answer sheet. Everything is checked first; on any
    problem nothing is written. Importing again shows what changed. A blank cell never erases an
    answer; answers that no longer apply after a changed answer are removed (listed). A form
    naming another company, or already imported for another vendor, is refused unless --force.
    """
    from sovereignty.core.errors import place_in
    from sovereignty.forms.merge import describe_change
    from sovereignty.questionnaire.present import format_answer
    from sovereignty.services.form import import_form
    from sovereignty.tender.folder import Tender

    tender = Tender.open(tender_dir)
    lang = lang or tender.settings.language
    result = import_form(tender, file, vendor_id, actor, dry_run=dry_run, force=force)
    bank = tender.bank
    stale_note = " (ne s'applique plus)" if lang == "fr" else " (no longer applies)"
    lines = [
        (
            c.question_id,
            describe_change(c, bank.by_id[c.question_id], lang) + (stale_note if c.stale else ""),
            c.stale,
        )
        for c in result.changes
    ]
    report = result.report
    if as_json:
        echo_json(
            {
                "schema": "sovereignty/form-import/1",
                "vendor": vendor_id,
                "file": str(file),
                "respondent": result.respondent,
                "company": result.company,
                "created": result.created,
                "written": result.written,
                "forced": result.overridden,
                "kept_theirs": [c.subject for c in result.conflicts],
                "changes": [
                    {"question": q, "change": text, "stale": stale} for q, text, stale in lines
                ],
                "answered": report.answered if report else None,
                "applicable": report.applicable if report else None,
                "set_aside": [
                    {
                        "question": a.question_id,
                        "cell": a.place,
                        "answer": a.answer.model_dump(mode="json", exclude_none=True),
                    }
                    for a in result.set_aside
                ],
                "journal": tender.journal_head().data(),
            }
        )
        return
    fr = lang == "fr"
    head = (
        f"Formulaire {file.name} pour « {vendor_id} » (répondant : {result.respondent})"
        if fr
        else f"Form {file.name} for '{vendor_id}' (respondent: {result.respondent})"
    )
    if not lines:
        echo(head + (" : aucun changement." if fr else ": no change."))
    else:
        count = len(lines)
        echo(
            head + (f" : {count} réponse(s) modifiée(s)" if fr else f": {count} answer(s) changed")
        )
        for question_id, text, _ in lines:
            echo(f"  {question_id}{' : ' if fr else ': '}{text}")
    if result.set_aside:
        count = len(result.set_aside)
        echo(
            f"{count} réponse(s) mise(s) de côté : la question ne s'applique pas vu les autres "
            "réponses (gardées au journal) :"
            if fr
            else f"{count} answer(s) set aside: the question does not apply given the other "
            "answers (kept in the journal):"
        )
        for aside in result.set_aside:
            question = bank.by_id[aside.question_id]
            shown = format_answer(question, aside.answer, lang)
            shown = shown if len(shown) <= 80 else shown[:77] + "..."
            place = f"{place_in(aside.place, lang)} — " if aside.place else ""
            echo(f"  {place}{aside.question_id}{' : ' if fr else ': '}{shown}")
    if report is not None:
        label = "Complétude :" if fr else "Completeness:"
        echo(f"{label} {report.answered}/{report.applicable}")
    if result.overridden:
        echo(
            "Attention : formulaire importé malgré les contrôles d'appartenance (--force), "
            "inscrit au journal."
            if fr
            else "Warning: form imported despite the ownership checks (--force), journaled."
        )
    for conflict in result.conflicts:
        click.echo(
            f"Attention : {conflict.subject} a été changée entre-temps par {conflict.by or '?'} "
            f"({conflict.at or '?'}) ; sa réponse est gardée, celle du formulaire n'est pas "
            "enregistrée."
            if fr
            else f"Warning: {conflict.subject} was changed meanwhile by {conflict.by or '?'} "
            f"({conflict.at or '?'}); theirs is kept, the form's is not saved.",
            err=True,
        )
    if dry_run:
        echo("Simulation : rien n'a été écrit." if fr else "Dry run: nothing was written.")
