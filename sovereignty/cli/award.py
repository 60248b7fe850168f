"""`sovereignty price`, `regularise`, `rao` and `letters`: the award, from the prices to the
letters to the bidders."""

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
    echo,
    echo_json,
    json_option,
    lang_option,
    path_option,
    pdf_option,
    show_written,
    warn_no_pdf,
)
from sovereignty.core.errors import colon
from sovereignty.core.model import Lang


def _actor(actor: str | None) -> str:
    from sovereignty.tender.journal import current_actor

    return actor or current_actor()


@click.command()
@click.argument("vendor_id")
@dir_option
@lang_option
@json_option
@actor_option()
@click.option(
    "--one-off",
    "one_off",
    multiple=True,
    metavar="COMPONENT=AMOUNT",
    help=bilingual(
        "Montant unique HT d'une composante (licences, hosting, integration, training, "
        "maintenance, exit) ; répétable.",
        "One-off amount excluding VAT of a component (licences, hosting, integration, "
        "training, maintenance, exit); repeatable.",
    ),
)
@click.option(
    "--per-year",
    "per_year",
    multiple=True,
    metavar="COMPONENT=AMOUNT",
    help=bilingual(
        "Montant annuel HT d'une composante ; répétable.",
        "Yearly amount excluding VAT of a component; repeatable.",
    ),
)
@click.option("--note", default=None, help=bilingual("Remarque du bordereau.", "A note."))
@path_option(
    "--from",
    "source",
    help=bilingual(
        "Bordereau de prix YAML (sovereignty/price/1) à enregistrer tel quel.",
        "A price schedule YAML file (sovereignty/price/1) to record as it is.",
    ),
)
def price(
    vendor_id: str,
    tender_dir: Path | None,
    lang: Lang | None,
    as_json: bool,
    actor: str | None,
    one_off: tuple[str, ...],
    per_year: tuple[str, ...],
    note: str | None,
    source: Path | None,
) -> None:
    """Bordereau de prix d'une offre et son coût du cycle de vie sur la durée du marché (CCP
    art. R2152-9) ; sans option, l'afficher. Chaque changement est journalisé.
    \f
    An offer's price schedule and its life-cycle cost over the contract (CCP art. R2152-9);
    without options, show it. Every change is journaled.
    """
    from sovereignty.core.validation import validate_document
    from sovereignty.core.yamlio import load_yaml
    from sovereignty.scoring.award import PRICE_COMPONENTS
    from sovereignty.scoring.figures import money
    from sovereignty.scoring.prices import EXPECTED, PriceSchedule, load_price
    from sovereignty.services import award
    from sovereignty.services.scoring import load_tender_profile
    from sovereignty.tender.folder import Tender

    tender = Tender.open(tender_dir)
    lang = lang or tender.settings.language
    tender.require_vendor(vendor_id)
    profile = load_tender_profile(tender).profile
    months = profile.award.price.duration_months if profile.award else 12
    if source is not None:
        recorded = validate_document(
            load_yaml(source),
            PriceSchedule,
            expected=EXPECTED,
            schema="sovereignty/price/1",
        )
        award.record_price(tender, vendor_id, recorded, _actor(actor), months)
    elif one_off or per_year or note is not None:
        award.enter_price(
            tender,
            vendor_id,
            award.parse_amounts(one_off, "--one-off"),
            award.parse_amounts(per_year, "--per-year"),
            note,
            _actor(actor),
            months,
        )
    schedule = load_price(tender.vendor_dir(vendor_id))
    if as_json:
        echo_json(
            {
                "schema": "sovereignty/price-summary/1",
                "vendor": vendor_id,
                "months": months,
                "schedule": None
                if schedule is None
                else schedule.model_dump(mode="json", by_alias=True),
                "life_cycle_cost": None if schedule is None else schedule.life_cycle_cost(months),
            }
        )
        return
    fr = lang == "fr"
    if schedule is None:
        echo(
            f"{vendor_id}{colon(lang)}"
            + ("pas de bordereau de prix" if fr else "no price schedule")
        )
        return
    for component, name in PRICE_COMPONENTS.items():
        amount = schedule.components.get(component)
        if amount is None:
            shown = "non chiffré" if fr else "not priced"
        else:
            yearly = "/an" if fr else "/year"
            shown = f"{money(amount.one_off, lang)} + {money(amount.per_year, lang)}{yearly}"
        echo(f"  {name(lang):<32} {shown}")
    total = money(schedule.life_cycle_cost(months), lang)
    echo(
        f"{'Coût du cycle de vie sur' if fr else 'Life-cycle cost over'} {months} "
        f"{'mois' if fr else 'months'}{colon(lang)}{total}"
    )


@click.command()
@click.argument("vendor_id")
@dir_option
@lang_option
@actor_option()
@click.option(
    "--ask",
    default=None,
    help=bilingual(
        "Demande de régularisation envoyée au candidat (texte, journalisé).",
        "The regularisation request sent to the bidder (text, journaled).",
    ),
)
@click.option(
    "--answered",
    default=None,
    help=bilingual(
        "Réponse reçue du candidat (texte, journalisé) ; corrigez ses réponses avec "
        "`form import` ou `assess`.",
        "The bidder's answer (text, journaled); correct its answers with `form import` or "
        "`assess`.",
    ),
)
def regularise(
    vendor_id: str,
    tender_dir: Path | None,
    lang: Lang | None,
    actor: str | None,
    ask: str | None,
    answered: str | None,
) -> None:
    """Régularisation d'une offre irrégulière ou incomplète (CCP art. R2152-1, R2152-2) : la
    demande et la réponse sont journalisées, puis l'offre est vérifiée à nouveau.
    \f
    Record the request to regularise an irregular or incomplete offer and the bidder's answer;
    the offer is checked again on its corrected answers.
    """
    from sovereignty.core.errors import UsageError
    from sovereignty.core.model import Text
    from sovereignty.scoring.award_words import state_words
    from sovereignty.scoring.present import regularity_lines
    from sovereignty.services import award
    from sovereignty.services.scoring import compare_tender
    from sovereignty.tender.folder import Tender

    tender = Tender.open(tender_dir)
    lang = lang or tender.settings.language
    tender.require_vendor(vendor_id)
    if (ask is None) == (answered is None):
        raise UsageError(
            Text(
                fr="donnez --ask TEXTE (la demande) ou --answered TEXTE (la réponse), un seul",
                en="give --ask TEXT (the request) or --answered TEXT (the answer), one of them",
            )
        )
    fr = lang == "fr"
    if ask is not None:
        result, comparison = compare_tender(tender, draws=0)
        others = award.request_regularisation(
            tender, result, comparison, vendor_id, ask, _actor(actor)
        )
        echo("Demande enregistrée." if fr else "Request recorded.")
        if others:
            echo(
                (
                    "À proposer aussi, dans les mêmes conditions (CCP art. R2152-2) : "
                    if fr
                    else "To offer as well, on the same terms (CCP art. R2152-2): "
                )
                + ", ".join(others)
            )
    else:
        assert answered is not None
        award.record_answer(tender, vendor_id, answered, _actor(actor))
        echo("Réponse enregistrée." if fr else "Answer recorded.")
    result, _ = compare_tender(tender, draws=0)
    regularity = result.regularity[vendor_id]
    echo(f"{vendor_id}{colon(lang)}{state_words(regularity.state, lang)}")
    for line in regularity_lines(regularity, result.loaded.profile, tender.bank, lang):
        echo(line)


def _document_run(
    kind: str,
    tender_dir: Path | None,
    lang: Lang | None,
    output: Path | None,
    templates_dir: Path | None,
    pdf: bool,
    as_of: dt.datetime | None,
) -> None:
    from sovereignty.documents.pdf import soffice
    from sovereignty.services import award_documents as service
    from sovereignty.services.documents import Options
    from sovereignty.tender.folder import Tender

    tender = Tender.open(tender_dir)
    fr = (lang or tender.settings.language) == "fr"
    want_pdf = pdf and soffice() is not None
    options = Options(
        lang=lang, templates=templates_dir, pdf=want_pdf, as_of=as_of.date() if as_of else None
    )
    if kind == "rao":
        written = service.write_rao(
            tender, output or tender.root / "documents" / "rao.docx", options
        )
    else:
        written = service.write_letters(
            tender, output or tender.root / "documents" / "letters", options
        )
    show_written(written, fr, templates_dir)
    if pdf and not want_pdf:
        warn_no_pdf(fr)


def _award_document_options(f: F) -> F:
    f = pdf_option(f)
    f = as_of_option(f)
    f = path_option(
        "--templates",
        "templates_dir",
        dir_okay=True,
        help=bilingual(
            "Dossier de modèles Word propres (rao.docx, letter.docx).",
            "Your own Word templates folder (rao.docx, letter.docx).",
        ),
    )(f)
    return lang_option(dir_option(f))


@click.command()
@docx_output_option("documents/rao.docx", "documents/rao.docx")
@_award_document_options
def rao(
    output: Path | None,
    tender_dir: Path | None,
    lang: Lang | None,
    templates_dir: Path | None,
    pdf: bool,
    as_of: dt.datetime | None,
) -> None:
    """Rapport d'analyse des offres (Word, CCP art. R2184-1 et suivants) : offres écartées et
    motifs, note et justification par critère de chaque offre régulière, prix, classement,
    proposition d'attribution.
    \f
    The offer analysis report (CCP art. R2184-1 ff.): offers set aside and why, each regular
    offer's score and justification per criterion, prices, ranking, award proposal.
    """
    _document_run("rao", tender_dir, lang, output, templates_dir, pdf, as_of)


@click.command()
@click.option(
    "--out",
    "output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=bilingual(
        "Dossier des lettres (défaut : documents/letters).",
        "Folder for the letters (default: documents/letters).",
    ),
)
@_award_document_options
def letters(
    output: Path | None,
    tender_dir: Path | None,
    lang: Lang | None,
    templates_dir: Path | None,
    pdf: bool,
    as_of: dt.datetime | None,
) -> None:
    """Lettres aux candidats : rejets motivés avec les notes et le délai de suspension, lettre
    à l'attributaire, demandes de régularisation des offres incomplètes.
    \f
    Letters to the bidders: reasoned rejections with scores and the standstill period, the
    winner's letter, requests to complete incomplete offers.
    """
    _document_run("letters", tender_dir, lang, output, templates_dir, pdf, as_of)
