"""Tender folder commands: init, status, vendor, journal."""

from __future__ import annotations

from pathlib import Path

import click
from pydantic import ValidationError

from sovereignty.cli.options import bilingual, dir_option, echo
from sovereignty.core.errors import TenderError, UsageError
from sovereignty.core.model import Lang, Text
from sovereignty.tender.folder import TENDER_FILE, Establishment, Tender, TenderSettings


def _option_problems(exc: ValidationError, option: str | None = None) -> Text:
    """pydantic's errors on command-line values, in French and English, named after the options
    (or after ``option``, when all the values come from one)."""
    from sovereignty.core.errors import in_lang
    from sovereignty.core.validation import wording

    fr, en = [], []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "value"
        message = wording(error, field)
        name = option or f"--{field.replace('_', '-')}"
        fr.append(f"{name} : {in_lang(message, 'fr')}")
        en.append(f"{name}: {in_lang(message, 'en')}")
    return Text(fr=" ; ".join(fr), en="; ".join(en))


def _establishment(spec: str) -> Establishment:
    ident, sep, name = spec.partition("=")
    if not sep or not name.strip():
        raise UsageError(
            Text(
                fr=f"--establishment {spec!r} : ID=NOM attendu, par ex. "
                "'chu-psa=CHU de Port-Sainte-Anne'",
                en=f"--establishment {spec!r}: expected ID=NAME, e.g. "
                "'chu-psa=CHU de Port-Sainte-Anne'",
            )
        )
    try:
        return Establishment(id=ident.strip(), name=name.strip())
    except ValidationError as exc:
        raise UsageError(_option_problems(exc, f"--establishment {spec!r}")) from None


def _new_folder(ctx: click.Context, param: click.Parameter, directory: Path) -> Path:
    """Refuse a folder that already holds a tender before any question is asked."""
    if (directory / TENDER_FILE).exists():
        raise TenderError(
            Text(
                fr=f"{directory} : une consultation existe déjà ici ; choisissez un autre dossier "
                f"ou travaillez dans celle-ci (sovereignty status --dir {directory})",
                en=f"{directory}: a tender already exists here; choose another folder or work in "
                f"this one (sovereignty status --dir {directory})",
            )
        )
    if directory.exists() and not directory.is_dir():
        raise UsageError(
            Text(
                fr=f"{directory} : c'est un fichier, pas un dossier",
                en=f"{directory}: this is a file, not a folder",
            )
        )
    return directory


@click.command()
@click.argument(
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    callback=_new_folder,
    is_eager=True,
)
@click.option(
    "--name",
    prompt=bilingual("Nom de la consultation", "Tender name"),
    help=bilingual(
        "Nom de la consultation.",
        "Name of the tender.",
    ),
)
@click.option(
    "--buyer",
    prompt=bilingual("Acheteur (établissement support)", "Buyer (support establishment)"),
    help=bilingual(
        "Établissement acheteur (support du GHT).",
        "Buying establishment (the GHT's support establishment).",
    ),
)
@click.option(
    "--ght",
    default=None,
    help=bilingual(
        "Nom du GHT.",
        "Name of the GHT (hospital group).",
    ),
)
@click.option(
    "--reference",
    default=None,
    help=bilingual(
        "Référence du marché.",
        "Reference of the procurement.",
    ),
)
@click.option(
    "--establishment",
    "establishments",
    multiple=True,
    metavar="ID=NAME",
    help=bilingual(
        "Établissement membre (répétable) ; le premier est l'établissement support.",
        "Member establishment (repeatable); the first is the support establishment.",
    ),
)
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default="fr",
    help=bilingual(
        "Langue de la consultation.",
        "Language of the tender.",
    ),
)
@click.option(
    "--contract-months",
    type=click.IntRange(1, 240),
    default=None,
    help=bilingual(
        "Durée du marché en mois : un certificat qui expire avant sa fin est signalé.",
        "Duration of the contract in months: a certificate expiring before its end is reported.",
    ),
)
@click.option(
    "--git",
    "use_git",
    is_flag=True,
    help=bilingual(
        "Faire du dossier un dépôt git : un commit par écriture journalisée, pour partager la "
        "consultation entre établissements.",
        "Make the folder a git repository: one commit per journaled write, to share the tender "
        "between establishments.",
    ),
)
def init(
    directory: Path,
    name: str,
    buyer: str,
    ght: str | None,
    reference: str | None,
    establishments: tuple[str, ...],
    lang: Lang,
    contract_months: int | None,
    use_git: bool,
) -> None:
    """Créer un dossier de consultation.
    \f
    Create a tender folder.
    """
    members = [_establishment(spec) for spec in establishments]
    if members:
        members[0] = members[0].model_copy(update={"role": "support"})
    ids = [m.id for m in members]
    if len(set(ids)) != len(ids):
        raise UsageError(
            Text(
                fr="--establishment : le même id est donné deux fois",
                en="--establishment: the same id is given twice",
            )
        )
    try:
        settings = TenderSettings(
            name=name,
            buyer=buyer,
            ght=ght,
            reference=reference,
            establishments=tuple(members),
            language=lang,
            contract_months=contract_months,
            git=use_git,
        )
    except ValidationError as exc:
        raise UsageError(_option_problems(exc)) from None
    Tender.create(directory, settings)
    message = {
        "fr": "Consultation créée dans {d}.\nAjoutez une offre : sovereignty vendor add ID --name "
        "NOM --dir {d}",
        "en": "Tender created in {d}.\nAdd a vendor: sovereignty vendor add ID --name NAME "
        "--dir {d}",
    }
    echo(message[lang].format(d=directory))


@click.group()
def vendor() -> None:
    """Offres de la consultation : ajouter, importer, lister.
    \f
    Vendors of the tender: add, import, list.
    """


@vendor.command("add")
@click.argument("vendor_id")
@click.option(
    "--name",
    required=True,
    help=bilingual(
        "Raison sociale de l'éditeur.",
        "Vendor's company name.",
    ),
)
@click.option(
    "--buyer-answers-from",
    "source",
    default=None,
    metavar="VENDOR",
    hidden=True,  # retired: the buyer's answers are held once (buyer/answers.yaml)
)
@dir_option
def vendor_add(vendor_id: str, name: str, source: str | None, tender_dir: Path | None) -> None:
    """Ajouter une offre.
    \f
    Add a vendor.
    """
    tender = Tender.open(tender_dir)
    if source is not None:
        raise UsageError(
            Text(
                fr="--buyer-answers-from n'existe plus : les réponses de l'acheteur (besoin, "
                "usage prévu...) sont tenues une seule fois pour toute la consultation, dans "
                "buyer/answers.yaml, et valent pour chaque offre ; il n'y a rien à copier. "
                "Répondez-y avec `sovereignty assess --buyer`.",
                en="--buyer-answers-from is gone: the buyer's answers (need, planned use...) are "
                "held once for the whole tender, in buyer/answers.yaml, and apply to every "
                "offer; there is nothing to copy. Answer them with `sovereignty assess --buyer`.",
            )
        )
    tender.add_vendor(vendor_id, name)
    echo(f"{vendor_id}: {name}")


@vendor.command("import")
@click.argument("answers_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--vendor",
    "target",
    default=None,
    help=bilingual(
        "Offre visée ; doit être celle de la feuille.",
        "Target vendor; must be the sheet's own.",
    ),
)
@click.option(
    "--replace",
    is_flag=True,
    help=bilingual(
        "Remplacer les réponses de l'éditeur ; celles de l'acheteur sont gardées.",
        "Replace the vendor's answers; the buyer's are kept.",
    ),
)
@dir_option
def vendor_import(
    answers_file: Path, target: str | None, replace: bool, tender_dir: Path | None
) -> None:
    """Importer la feuille de réponses YAML d'un éditeur.

    La feuille est d'abord validée contre la banque de la consultation ; rien n'est écrit si elle
    a des erreurs. Une feuille incomplète est acceptée (et signalée), pour être terminée avec
    `assess`. Avec --replace, les réponses du fichier remplacent celles de l'offre, mais les
    réponses propres de l'acheteur (besoin, usage prévu...) absentes du fichier sont gardées.
    \f
    Import a vendor's YAML answer sheet.

    The sheet is validated against the tender's bank first; nothing is written when it has
    errors. An incomplete sheet is accepted (and reported), so it can be finished with `assess`.
    With --replace, the file's answers replace the vendor's, but the buyer's own answers (the
    need, the hospital's intended use...) that the file does not carry are kept.
    """
    from sovereignty.core.errors import AnswersError
    from sovereignty.questionnaire.answers import load_sheet
    from sovereignty.questionnaire.validate import check_sheet

    tender = Tender.open(tender_dir)
    sheet, doc = load_sheet(answers_file)
    vendor_id = sheet.vendor.id
    if target is not None and target != vendor_id:
        raise UsageError(
            Text(
                fr=f"{answers_file} répond pour l'offre {vendor_id!r}, pas pour {target!r} ; le "
                "fichier d'un éditeur ne peut pas remplacer la feuille d'un autre",
                en=f"{answers_file} answers for vendor {vendor_id!r}, not {target!r}; a vendor's "
                "file cannot replace another vendor's sheet",
            )
        )
    kept: list[str] = []
    changed: list[str] = []
    current = None
    if tender.has_vendor(vendor_id):
        if not replace:
            raise TenderError(
                Text(
                    fr=f"l'offre {vendor_id!r} a déjà une feuille de réponses ; ajoutez --replace "
                    "pour remplacer les réponses de l'éditeur (celles de l'acheteur sont gardées)",
                    en=f"vendor {vendor_id!r} already has an answer sheet; pass --replace to "
                    "replace the vendor's answers (the buyer's are kept)",
                )
            )
        current = tender.load_sheet(vendor_id)
        answers = dict(sheet.answers)
        for qid, answer in current.answers.items():
            question = tender.bank.by_id.get(qid)
            if qid not in answers and question is not None and question.answered_by == "buyer":
                answers[qid] = answer
                kept.append(qid)
        changed = sorted(
            qid
            for qid in set(answers) | set(current.answers)
            if answers.get(qid) != current.answers.get(qid)
        )
        sheet = sheet.model_copy(update={"answers": answers})
    report = check_sheet(tender.bank, sheet, doc if not kept else None)
    if report.errors:
        raise AnswersError(answers_file, report.errors)
    tender.vendor_dir(vendor_id).mkdir(parents=True, exist_ok=True)
    # Merged into the sheet as it is now: answers given meanwhile in `assess` are kept.
    saved = tender.save_sheet(
        sheet,
        "vendor.imported",
        None,
        base=current if replace and tender.has_vendor(vendor_id) else None,
        vendor=vendor_id,
        source=str(answers_file),
        answered=report.answered,
        complete=report.complete,
        replaced=replace and bool(changed or kept),
        changed=changed or None,
        buyer_answers_kept=len(kept) or None,
    )
    for conflict in saved.conflicts:
        echo(
            Text(
                fr=f"Attention : {conflict.subject} a été changée entre-temps par "
                f"{conflict.by or '?'} ; sa réponse est gardée, celle du fichier n'est pas "
                "enregistrée.",
                en=f"Warning: {conflict.subject} was changed meanwhile by {conflict.by or '?'}; "
                "theirs is kept, the file's is not saved.",
            )(tender.settings.language),
            err=True,
        )
    missing, changes = len(report.missing_required), len(changed)
    summary = Text(
        fr=f"{vendor_id} : {report.answered}/{report.applicable}"
        + (f" ({missing} obligatoire(s) manquante(s))" if missing else "")
        + (
            f" ; {changes} réponse(s) modifiée(s), {len(kept)} réponse(s) de l'acheteur gardée(s)"
            if changed
            else ""
        ),
        en=f"{vendor_id}: {report.answered}/{report.applicable}"
        + (f" ({missing} missing)" if missing else "")
        + (f"; {changes} answer(s) changed, {len(kept)} buyer answer(s) kept" if changed else ""),
    )
    echo(summary(tender.settings.language))


@vendor.command("list")
@dir_option
def vendor_list(tender_dir: Path | None) -> None:
    """Lister les offres.
    \f
    List the vendors.
    """
    tender = Tender.open(tender_dir)
    for vendor_id in tender.vendor_ids():
        echo(vendor_id)
