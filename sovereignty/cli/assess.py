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
@click.argument("vendor_id", required=False)
@dir_option
@lang_option
@click.option(
    "--buyer",
    "buyer",
    is_flag=True,
    help=bilingual(
        "Les questions de l'acheteur (besoin, usage prévu...), une fois pour toute la "
        "consultation.",
        "The buyer's questions (need, planned use...), once for the whole tender.",
    ),
)
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
    vendor_id: str | None,
    tender_dir: Path | None,
    lang: Lang | None,
    buyer: bool,
    section: str | None,
    respondent: str | None,
    name: str | None,
    no_review: bool,
    actor: str | None,
) -> None:
    """Remplir le questionnaire d'une offre (ou de l'acheteur avec --buyer) ; reprend là où il
    s'est arrêté.

    Chaque réponse est enregistrée aussitôt : Ctrl-C ne perd rien de ce qui a été confirmé. Les
    questions de l'acheteur (--buyer) valent pour toutes les offres.
    \f
    Answer the questionnaire for VENDOR_ID, or the buyer's own questions with --buyer (held once
    for every offer); resumes where it stopped. Every answer is saved at once: Ctrl-C loses
    nothing confirmed.
    """
    from sovereignty.core.errors import UsageError
    from sovereignty.core.model import Text
    from sovereignty.prompts.questionary_prompter import QuestionaryPrompter
    from sovereignty.questionnaire.flow import Scope
    from sovereignty.services.assess import Assessment
    from sovereignty.tender.journal import current_actor

    if (vendor_id is None) == (not buyer):
        raise UsageError(
            Text(
                fr="indiquez soit l'ID_OFFRE d'une offre, soit --buyer pour les questions de "
                "l'acheteur (l'un ou l'autre)",
                en="give either a VENDOR_ID or --buyer for the buyer's questions (one of them)",
            )
        )
    tender = Tender.open(tender_dir)
    lang = lang or tender.settings.language
    if section is not None and tender.bank.section(section) is None:
        raise no_such_section(section, tender.bank)
    if vendor_id is not None and not tender.has_vendor(vendor_id):
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
    who = vendor_id or "buyer"
    tender.log("assessment.started", actor, vendor=who, section=section)
    result = session.run()
    from sovereignty.questionnaire.validate import check_sheet

    report = check_sheet(tender.bank, result.sheet)
    if buyer:  # completeness of the buyer's own questions only
        from sovereignty.questionnaire.combine import held_by_buyer

        for part in report.sections:
            part.missing_required = [
                q for q in part.missing_required if held_by_buyer(tender.bank.by_id[q])
            ]
    tender.log(
        "assessment.stopped",
        actor,
        vendor=who,
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
