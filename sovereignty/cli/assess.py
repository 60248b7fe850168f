"""`sovereignty assess`: the interactive questionnaire."""

from __future__ import annotations

from pathlib import Path

import click

from sovereignty.cli.options import (
    actor_option,
    bilingual,
    dir_option,
    echo,
    lang_option,
    no_such_section,
)
from sovereignty.core.model import Lang
from sovereignty.tender.folder import Tender


@click.command()
@click.argument("vendor_id")
@dir_option
@lang_option
@click.option(
    "--section",
    default=None,
    help=bilingual(
        "Ne traiter qu'une section (son id).",
        "Answer one section only (its id).",
    ),
)
@click.option(
    "--respondent",
    type=click.Choice(["buyer", "vendor"]),
    default=None,
    help=bilingual(
        "Seulement les questions de l'acheteur ou de l'éditeur.",
        "Only the buyer's or only the vendor's questions.",
    ),
)
@click.option(
    "--name",
    default=None,
    help=bilingual(
        "Nom de l'éditeur si l'offre est nouvelle.",
        "Vendor's name when the vendor is new.",
    ),
)
@click.option(
    "--no-review",
    is_flag=True,
    help=bilingual(
        "Ne pas proposer la relecture finale.",
        "Do not offer the final review.",
    ),
)
@actor_option(
    bilingual(
        "Qui répond (nom, organisation) ; enregistré avec chaque réponse.",
        "Who answers (name, organisation); recorded with each answer.",
    )
)
def assess(
    vendor_id: str,
    tender_dir: Path | None,
    lang: Lang | None,
    section: str | None,
    respondent: str | None,
    name: str | None,
    no_review: bool,
    actor: str | None,
) -> None:
    """Remplir le questionnaire d'une offre ; reprend là où il s'est arrêté.

    Chaque réponse est enregistrée aussitôt : Ctrl-C ne perd rien de ce qui a été confirmé.
    \f
    Answer the questionnaire for VENDOR_ID; resumes where it stopped. Every answer is saved at
    once: Ctrl-C loses nothing confirmed.
    """
    from sovereignty.prompts.questionary_prompter import QuestionaryPrompter
    from sovereignty.questionnaire.flow import Scope
    from sovereignty.services.assess import Assessment
    from sovereignty.tender.journal import current_actor

    tender = Tender.open(tender_dir)
    lang = lang or tender.settings.language
    if section is not None and tender.bank.section(section) is None:
        raise no_such_section(section, tender.bank)
    if not tender.has_vendor(vendor_id):
        tender.add_vendor(vendor_id, name or vendor_id)
    actor = actor or current_actor()
    session = Assessment(
        tender,
        vendor_id,
        QuestionaryPrompter(click.echo),
        lang,
        Scope(section=section, respondent=respondent),
        actor=actor,
        review=not no_review,
    )
    tender.log("assessment.started", actor, vendor=vendor_id, section=section)
    result = session.run()
    from sovereignty.questionnaire.validate import check_sheet

    report = check_sheet(tender.bank, result.sheet)
    tender.log(
        "assessment.stopped",
        actor,
        vendor=vendor_id,
        answered=len(result.asked),
        complete=report.complete,
    )
    if lang == "fr":
        echo(
            f"\n{len(result.asked)} réponse(s) enregistrée(s). Complétude : "
            f"{report.answered}/{report.applicable}"
            + (
                " — feuille complète."
                if report.complete
                else f" — {len(report.missing_required)} question(s) obligatoire(s) restante(s)."
            )
        )
    else:
        echo(
            f"\n{len(result.asked)} answer(s) saved. Completeness: "
            f"{report.answered}/{report.applicable}"
            + (
                " — sheet complete."
                if report.complete
                else f" — {len(report.missing_required)} required question(s) left."
            )
        )
