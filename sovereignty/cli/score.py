"""`sovereignty score`, `compare`, `profile show|check|freeze` and `evaluate`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from sovereignty.cli.options import (
    actor_option,
    as_of_option,
    bilingual,
    dir_option,
    echo,
    echo_json,
    json_option,
    lang_option,
    path_option,
)
from sovereignty.core.errors import TenderError, UsageError, colon
from sovereignty.core.model import Lang, Text

profile_option = path_option(
    "--profile",
    "profile_path",
    help=bilingual(
        "Grille de notation (défaut : profile.yaml de la consultation, sinon la grille fournie).",
        "Scoring grid (default: the tender's profile.yaml, else the shipped grid).",
    ),
)


def _actor(actor: str | None) -> str:
    from sovereignty.tender.journal import current_actor

    return actor or current_actor()


@click.command()
@click.argument("vendor_id")
@dir_option
@lang_option
@profile_option
@json_option
@as_of_option
@actor_option()
@click.option(
    "--override",
    "override",
    metavar="CRITERION=PERCENT",
    default=None,
    help=bilingual(
        "Remplacer la note d'un critère (en % de son poids), avec --why.",
        "Override a criterion's score (as a % of its weight), with --why.",
    ),
)
@click.option(
    "--clear-override",
    metavar="CRITERION",
    default=None,
    help=bilingual("Retirer une dérogation.", "Remove an override."),
)
@click.option(
    "--why",
    default=None,
    help=bilingual(
        "Justification de la dérogation (obligatoire).", "Why the score changes (required)."
    ),
)
def score(
    vendor_id: str,
    tender_dir: Path | None,
    lang: Lang | None,
    profile_path: Path | None,
    as_json: bool,
    as_of: dt.datetime | None,
    actor: str | None,
    override: str | None,
    clear_override: str | None,
    why: str | None,
) -> None:
    """Notes d'une offre : par critère, par axe, total sur 100, risque, et pourquoi.
    \f
    Scores of one offer: per criterion, per axis, total on 100 and risk level, each explained.
    """
    from sovereignty.scoring.present import score_lines
    from sovereignty.services import scoring
    from sovereignty.tender.folder import Tender

    tender = Tender.open(tender_dir)
    lang = lang or tender.settings.language
    tender.require_vendor(vendor_id)
    if override and clear_override:
        raise UsageError(
            Text(
                fr="--override et --clear-override ne vont pas ensemble",
                en="--override and --clear-override cannot be used together",
            )
        )
    if override or clear_override:
        criterion, percent = (str(clear_override), 0.0)
        if override:
            criterion, sep, value = override.partition("=")
            try:
                percent = float(value)
            except ValueError:
                sep = ""
            if not sep or not criterion.strip():
                raise UsageError(
                    Text(
                        fr=f"--override {override!r} : CRITÈRE=POURCENTAGE attendu, par ex. "
                        "'exit.costs_and_terms=50'",
                        en=f"--override {override!r}: expected CRITERION=PERCENT, e.g. "
                        "'exit.costs_and_terms=50'",
                    )
                )
        if not why:
            raise UsageError(
                Text(
                    fr="changer une note demande --why TEXTE (c'est journalisé)",
                    en="a change of score needs --why TEXT (it is journaled)",
                )
            )
        loaded = scoring.load_tender_profile(tender, profile_path)
        scoring.require_frozen_match(tender, loaded)
        if override:
            scoring.set_override(
                tender, loaded, vendor_id, criterion.strip(), percent, why, _actor(actor)
            )
        else:
            scoring.clear_override(tender, loaded, vendor_id, criterion, why, _actor(actor))
    result = scoring.score_tender(
        tender, profile_path, [vendor_id], as_of=as_of.date() if as_of else None
    )
    scoring.mark_scored(tender, _actor(actor))  # once the offer was scored on the frozen grid
    offer = result.scores[0]
    if as_json:
        from sovereignty.scoring.export import score_data

        data = score_data(offer, result.freeze_data, result.regularity.get(vendor_id))
        if result.journal is not None:
            data["journal"] = result.journal.data()
        echo_json(data)
        return
    lines = score_lines(
        offer, result.loaded.profile, tender.bank, lang, result.regularity.get(vendor_id)
    )
    for line in lines:
        echo(line)
    if result.journal is not None:
        echo(_journal_line(result.journal, lang))


def _journal_line(head: Any, lang: Lang) -> str:
    """The journal's head the result rests on: whoever cuts the journal short afterwards no
    longer matches what was printed."""
    if lang == "fr":
        return f"Journal vérifié : {head.entries} entrées, dernière {head.hash[:16]}"
    return f"Journal verified: {head.entries} entries, last {head.hash[:16]}"


@click.command()
@dir_option
@lang_option
@profile_option
@json_option
@as_of_option
@click.option(
    "--csv",
    "as_csv",
    is_flag=True,
    help=bilingual("Sortie CSV (une ligne par offre).", "CSV output (one row per vendor)."),
)
@click.option(
    "--draws",
    type=int,
    default=2000,
    show_default=True,
    help=bilingual("Tirages aléatoires des poids.", "Random draws of the weights."),
)
@click.option(
    "--amplitude",
    type=float,
    default=0.2,
    show_default=True,
    help=bilingual("Variation des poids (±).", "Variation of the weights (±)."),
)
@click.option(
    "--seed",
    type=int,
    default=None,
    help=bilingual("Graine du générateur (reproductible).", "Seed of the generator (repeatable)."),
)
def compare(
    tender_dir: Path | None,
    lang: Lang | None,
    profile_path: Path | None,
    as_json: bool,
    as_of: dt.datetime | None,
    as_csv: bool,
    draws: int,
    amplitude: float,
    seed: int | None,
) -> None:
    """Régularité des offres, puis classement des offres régulières (prix, valeur technique,
    environnement) et sa robustesse.

    La régularité est vérifiée d'abord, au regard des exigences minimales publiées ; seules
    les offres régulières sont classées. Ex aequo, désaccords, sensibilité aux pondérations.
    \f
    Regularity of the offers, then the award ranking of the regular ones (price, technical
    value, environment); ties, disagreements, sensitivity to the weights.
    """
    from sovereignty.scoring.compare import DEFAULT_SEED
    from sovereignty.scoring.export import comparison_csv, comparison_data
    from sovereignty.scoring.present_award import comparison_lines
    from sovereignty.services import scoring
    from sovereignty.tender.folder import Tender

    if as_json and as_csv:
        raise UsageError(
            Text(
                fr="choisissez --json ou --csv, pas les deux", en="choose --json or --csv, not both"
            )
        )
    tender = Tender.open(tender_dir)
    lang = lang or tender.settings.language
    result, comparison = scoring.compare_tender(
        tender,
        profile_path,
        draws,
        amplitude,
        DEFAULT_SEED if seed is None else seed,
        as_of=as_of.date() if as_of else None,
    )
    scoring.mark_scored(tender)  # once the offers were scored on the frozen grid
    if as_json:
        data = comparison_data(comparison, result.scores, result.freeze_data, result.regularity)
        if result.journal is not None:
            data["journal"] = result.journal.data()
        echo_json(data)
    elif as_csv:
        profile = result.loaded.profile
        echo(comparison_csv(comparison, result.scores, profile, lang), nl=False)
    else:
        lines = comparison_lines(
            comparison,
            result.scores,
            result.loaded.profile,
            lang,
            result.freeze is not None,
            result.regularity,
        )
        for line in lines:
            echo(line)
        if result.journal is not None:
            echo(_journal_line(result.journal, lang))


@click.group()
def profile() -> None:
    """Grille de notation : afficher, vérifier, geler.
    \f
    Scoring grid: show, check, freeze.
    """


def _tender_or_none(tender_dir: Path | None) -> Any:
    from sovereignty.tender.folder import Tender

    try:
        return Tender.open(tender_dir)
    except TenderError:
        if tender_dir is not None:
            raise
        return None


def _loaded(tender: Any, profile_path: Path | None) -> Any:
    from sovereignty.questionnaire.loader import load_bank
    from sovereignty.scoring.loader import load_profile
    from sovereignty.services import scoring

    if tender is not None:
        return scoring.load_tender_profile(tender, profile_path)
    bank = load_bank()
    return load_profile(profile_path, bank, scoring.known_findings(bank))


@profile.command("show")
@dir_option
@lang_option
@profile_option
@json_option
def profile_show(
    tender_dir: Path | None, lang: Lang | None, profile_path: Path | None, as_json: bool
) -> None:
    """La grille telle qu'elle est publiée : critères, sous-critères, poids.

    À joindre aux documents de la consultation.
    \f
    The grid as published in the consultation documents: criteria, sub-criteria, weights.
    """
    from sovereignty.questionnaire.loader import load_bank
    from sovereignty.scoring.published import grid_lines

    tender = _tender_or_none(tender_dir)
    lang = lang or (tender.settings.language if tender else "fr")
    loaded = _loaded(tender, profile_path)
    if as_json:
        echo_json(
            {"hash": loaded.hash, "source": loaded.source}
            | loaded.profile.model_dump(mode="json", by_alias=True)
        )
        return
    bank = tender.bank if tender else load_bank()
    for line in grid_lines(loaded, bank, lang):
        echo(line)


@profile.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), required=False)
@dir_option
@lang_option
def profile_check(file: Path | None, tender_dir: Path | None, lang: Lang | None) -> None:
    """Valider une grille (contre la banque de questions) ; liste les éléments notés dans
    plusieurs sous-critères avec l'aspect que chaque usage mesure, et refuse une grille où il
    manque.
    \f
    Validate a scoring grid (against the question bank); list every fact scored in more than
    one sub-criterion with the aspect each use measures, and refuse a grid where one is missing.
    """
    from sovereignty.scoring.published import shared_fact_lines
    from sovereignty.services import scoring

    tender = _tender_or_none(tender_dir)
    lang = lang or (tender.settings.language if tender else "fr")
    loaded = _loaded(tender, file)
    profile_ = loaded.profile
    manual, criteria, requirements = (
        len(profile_.evaluator_criteria()),
        len(profile_.criteria),
        len(profile_.requirements),
    )
    head = f"OK {loaded.source}{colon(lang)}{profile_.id} {profile_.version} — "
    echo(
        head
        + (
            f"{criteria} sous-critères ({manual} notés par les évaluateurs), {requirements} "
            f"exigences minimales — {loaded.hash}"
            if lang == "fr"
            else f"{criteria} sub-criteria ({manual} marked by evaluators), {requirements} "
            f"minimum requirements — {loaded.hash}"
        )
    )
    for line in shared_fact_lines(profile_, tender.bank if tender else None, lang):
        echo(line)
    if tender is None:
        return
    freeze = scoring.current_freeze(tender)
    fr = lang == "fr"
    if freeze is None:
        echo("Non gelée dans cette consultation." if fr else "Not frozen in this tender.")
    elif freeze.hash == loaded.hash:
        echo(f"{'Gelée le' if fr else 'Frozen on'} {freeze.at} ({freeze.actor}).")
    else:
        echo(
            f"DIFFÉRENTE de la grille gelée ({freeze.hash})."
            if fr
            else f"DIFFERENT from the frozen grid ({freeze.hash})."
        )


@profile.command("freeze")
@dir_option
@lang_option
@profile_option
@actor_option()
@click.option(
    "--why",
    "--reason",
    "reason",
    default=None,
    help=bilingual(
        "Pourquoi geler à nouveau une grille changée (obligatoire alors ; alias : --reason).",
        "Why a changed grid is frozen again (required then; alias: --reason).",
    ),
)
@click.option(
    "--restart-procedure",
    "restart",
    is_flag=True,
    help=bilingual(
        "Relancer la procédure pour geler une autre grille après notation des offres "
        "(journalisé, avec --why).",
        "Restart the procedure to freeze another grid after offers were scored (journaled, "
        "with --why).",
    ),
)
def profile_freeze(
    tender_dir: Path | None,
    lang: Lang | None,
    profile_path: Path | None,
    actor: str | None,
    reason: str | None,
    restart: bool,
) -> None:
    """Geler la grille dans le journal : toute note suivante doit utiliser la même.

    L'empreinte de la grille est inscrite au journal de la consultation.
    \f
    Record the grid's hash in the tender journal; later scoring must use the same grid.
    """
    from sovereignty.services import scoring
    from sovereignty.tender.folder import Tender

    tender = Tender.open(tender_dir)
    lang = lang or tender.settings.language
    loaded = scoring.load_tender_profile(tender, profile_path)
    freeze, written = scoring.freeze_profile(tender, loaded, _actor(actor), reason, restart)
    fr = lang == "fr"
    if written:
        echo(
            f"{'Grille gelée' if fr else 'Grid frozen'}{colon(lang)}{freeze.profile_id} "
            f"{freeze.version} {freeze.hash}"
        )
    else:
        echo(
            f"{'Déjà gelée le' if fr else 'Already frozen on'} {freeze.at} ({freeze.actor})"
            f"{colon(lang)}{freeze.hash}"
        )


@click.command()
@click.argument("vendor_id")
@click.option(
    "--evaluator",
    required=True,
    help=bilingual("Votre nom (un fichier par évaluateur).", "Your name (one file per evaluator)."),
)
@click.option(
    "--establishment",
    default=None,
    help=bilingual(
        "Votre établissement (son id dans tender.yaml).",
        "Your establishment (its id in tender.yaml).",
    ),
)
@click.option(
    "--criterion",
    default=None,
    help=bilingual("Un seul critère (son id).", "One criterion only (its id)."),
)
@dir_option
@lang_option
@profile_option
@actor_option()
def evaluate(
    vendor_id: str,
    evaluator: str,
    establishment: str | None,
    criterion: str | None,
    tender_dir: Path | None,
    lang: Lang | None,
    profile_path: Path | None,
    actor: str | None,
) -> None:
    """Saisir ses notes d'évaluateur pour une offre (interactif, enregistré à chaque note).

    Critère par critère pour ID_OFFRE, chaque note avec sa justification ; le fichier est
    enregistré après chaque note.
    \f
    Enter your marks as an evaluator for VENDOR_ID, criterion by criterion, each with a
    justification; the file is saved after every mark.
    """
    from sovereignty.prompts.mark_prompter import QuestionaryMarkPrompter
    from sovereignty.services import scoring
    from sovereignty.services.evaluation import run_evaluation
    from sovereignty.tender.folder import Tender

    tender = Tender.open(tender_dir)
    lang = lang or tender.settings.language
    loaded = scoring.load_tender_profile(tender, profile_path)
    marked = run_evaluation(
        tender,
        loaded,
        vendor_id,
        evaluator,
        QuestionaryMarkPrompter(click.echo),
        lang,
        _actor(actor or evaluator),
        establishment,
        criterion,
    )
    echo(
        f"\n{len(marked)} note(s) enregistrée(s)."
        if lang == "fr"
        else f"\n{len(marked)} mark(s) saved."
    )
