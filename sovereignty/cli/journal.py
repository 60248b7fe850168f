"""`sovereignty journal`: show the journal, verify it and every record file, recover writes
killed half-way, accept a file changed outside the tool (see docs/record.md)."""

from __future__ import annotations

from pathlib import Path

import click

from sovereignty.cli.options import bilingual, dir_option, echo_json, json_option, lang_option
from sovereignty.core.errors import ContentError, UsageError
from sovereignty.core.model import Lang, Text
from sovereignty.tender.folder import Tender


@click.command("journal")
@dir_option
@click.option(
    "--verify",
    is_flag=True,
    help=bilingual(
        "Vérifier le chaînage et chaque fichier enregistré (exit 1 si altéré).",
        "Verify the hash chain and every record file (exit 1 if altered).",
    ),
)
@click.option(
    "--recover",
    is_flag=True,
    help=bilingual(
        "Constater au journal les écritures interrompues et nettoyer les fichiers temporaires.",
        "Record interrupted writes in the journal and remove leftover temporary files.",
    ),
)
@click.option(
    "--accept",
    "accept_files",
    multiple=True,
    metavar="FILE",
    help=bilingual(
        "Enregistrer un fichier modifié ou reçu hors de l'outil, tel quel (avec --why ; "
        "répétable).",
        "Record a file changed or received outside the tool as it is (with --why; repeatable).",
    ),
)
@click.option(
    "--why",
    default=None,
    help=bilingual("Pourquoi (journalisé).", "Why (journaled)."),
)
@json_option
@lang_option
def journal_cmd(
    tender_dir: Path | None,
    verify: bool,
    recover: bool,
    accept_files: tuple[str, ...],
    why: str | None,
    as_json: bool,
    lang: Lang | None,
) -> None:
    """Journal des actions de la consultation : afficher, vérifier, réparer.
    \f
    Journal of the tender's actions: show, verify, repair.
    """
    from sovereignty.tender.journal import read_journal

    tender = Tender.open(tender_dir)
    lang = lang or tender.settings.language
    fr = lang == "fr"
    if recover:
        _recover(tender, lang)
        return
    if accept_files:
        for accept_file in accept_files:
            _accept(tender, accept_file, why, lang)
        return
    if verify:
        from sovereignty.cli.status import grid_problems

        head, problems = tender.check_records()
        problems = problems or grid_problems(tender)  # and the grid against its freeze
        if problems:
            raise ContentError(tender.journal_path, problems)
        click.echo(
            f"Journal intègre, fichiers conformes : {head.entries} entrées, dernière {head.hash}."
            if fr
            else f"Journal intact, files as journaled: {head.entries} entries, last {head.hash}."
        )
        return
    entries = read_journal(tender.journal_path)
    if as_json:
        echo_json({"schema": "sovereignty/journal/1", "entries": [e.__dict__ for e in entries]})
        return
    for e in entries:
        details = ", ".join(f"{k}={v}" for k, v in e.details.items() if v is not None)
        click.echo(f"{e.at}  {e.actor:<16} {e.action:<28} {details}")


def _recover(tender: Tender, lang: Lang) -> None:
    from sovereignty.tender import writes

    fr = lang == "fr"
    recovered = writes.recover(tender.root, tender.journal_path, None)
    leftovers = writes.remove_all_leftovers(tender.root)
    for path in leftovers:
        click.echo(
            f"Reste d'une écriture interrompue supprimé : {path.relative_to(tender.root)}"
            if fr
            else f"Leftover of an interrupted write removed: {path.relative_to(tender.root)}"
        )
    for rel in recovered:
        click.echo(
            f"Écriture interrompue menée à son terme (version journalisée) : {rel}"
            if fr
            else f"Interrupted write completed (the journaled version): {rel}"
        )
    _, problems = tender.check_records()
    if problems:
        raise ContentError(tender.journal_path, problems)
    if not leftovers and not recovered:
        click.echo("Rien à reprendre." if fr else "Nothing to recover.")


def _accept(tender: Tender, accept_file: str, why: str | None, lang: Lang) -> None:
    from sovereignty.tender import records, writes

    if not why or not why.strip():
        raise UsageError(
            Text(
                fr="--accept demande --why TEXTE : le journal dit qui a accepté ce fichier et "
                "pourquoi",
                en="--accept needs --why TEXT: the journal says who accepted this file and why",
            )
        )
    path = Path(accept_file)
    if not path.is_absolute() and not path.exists():
        path = tender.root / path  # a path given from the tender folder
    try:
        rel = path.resolve().relative_to(tender.root.resolve()).as_posix()
    except ValueError:
        rel = accept_file
    if rel not in records.record_files(tender.root):
        raise UsageError(
            Text(
                fr=f"--accept {accept_file} : pas un fichier enregistré de la consultation "
                "(feuille de réponses, fichier d'évaluateur, overrides.yaml)",
                en=f"--accept {accept_file}: not a record file of the tender (an answer "
                "sheet, an evaluator's file, overrides.yaml)",
            )
        )
    sha = writes.accept(tender.root, tender.journal_path, rel, None, why.strip())
    click.echo(
        f"{rel} enregistré tel quel au journal ({sha[:19]})."
        if lang == "fr"
        else f"{rel} recorded as it is in the journal ({sha[:19]})."
    )
