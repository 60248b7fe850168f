"""Tender folder commands: init, status, vendor, journal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from sovereignty.cli.options import bilingual, dir_option, echo_json, json_option, lang_option
from sovereignty.core.errors import ContentError, TenderError, UsageError
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
    click.echo(message[lang].format(d=directory))


def tender_status(tender: Tender, lang: Lang = "fr") -> dict[str, Any]:
    from sovereignty.services.offer import offer_report

    vendors = []
    for vendor_id in tender.vendor_ids():
        entry: dict[str, Any] = {"id": vendor_id}
        try:
            sheet, report = offer_report(tender, vendor_id)
        except (ContentError, TenderError) as exc:
            entry.update(name=vendor_id, valid=False, error=exc.render(lang))
            vendors.append(entry)
            continue
        entry.update(
            name=sheet.vendor.name,
            valid=report.valid,
            complete=report.complete,
            answered=report.answered,
            applicable=report.applicable,
            unknown=sum(s.unknown for s in report.sections),
            percent=round(100 * report.answered / report.applicable) if report.applicable else 100,
            errors=len(report.errors),
            updated_at=sheet.updated_at.isoformat(),
            sections={s.section_id: s.percent for s in report.sections},
        )
        vendors.append(entry)
    from sovereignty.services.award import award_states

    states = award_states(tender)
    for entry in vendors:
        # incomplete | irregular | unacceptable | inappropriate | regular | ranked | awarded
        entry["award_state"] = states.get(entry["id"]) if states is not None else None
    s = tender.settings
    head, problems = tender.check_records()
    problems = problems or _grid_problems(tender)  # a broken journal's freeze means nothing
    return {
        "schema": "sovereignty/status/1",
        "journal": head.data()
        | {"verified": not problems, "problems": [p.render(lang) for p in problems]},
        "tender": {
            "name": s.name,
            "reference": s.reference,
            "buyer": s.buyer,
            "ght": s.ght,
            "language": s.language,
            "folder": str(tender.root),
            "establishments": [e.model_dump() for e in s.establishments],
        },
        "bank": {
            "id": tender.bank.id,
            "version": tender.bank.version,
            "hash": tender.bank.hash,
            "questions": len(tender.bank.questions),
        },
        "vendors": vendors,
    }


def _grid_problems(tender: Tender) -> list[Any]:
    """The grid in use against the one frozen in the journal (a replaced grid changes the
    ranking); nothing when no grid was frozen or the journal does not verify (said above)."""
    from sovereignty.core.errors import Problem, SovereigntyError
    from sovereignty.services import scoring

    try:
        if scoring.current_freeze(tender) is None:
            return []
        scoring.require_frozen_match(tender, scoring.load_tender_profile(tender))
    except SovereigntyError as exc:
        return [Problem("", Text(fr=exc.render("fr"), en=exc.render("en")))]
    return []


@click.command()
@dir_option
@json_option
@lang_option
def status(tender_dir: Path | None, as_json: bool, lang: Lang | None) -> None:
    """État de la consultation et complétude des réponses de chaque offre.
    \f
    The tender, its vendors and how complete their answers are.
    """
    tender = Tender.open(tender_dir)
    lang = lang or tender.settings.language
    data = tender_status(tender, lang)
    if as_json:
        echo_json(data)
        if not data["journal"]["verified"]:
            sys.exit(1)
        return
    t = data["tender"]
    click.echo(
        click.style(t["name"], bold=True) + (f" ({t['reference']})" if t["reference"] else "")
    )
    click.echo(
        ("Acheteur" if lang == "fr" else "Buyer")
        + f" : {t['buyer']}"
        + (f" — {t['ght']}" if t["ght"] else "")
    )
    for e in t["establishments"]:
        click.echo(
            f"  · {e['name']} [{e['id']}]" + (" (support)" if e["role"] == "support" else "")
        )
    b = data["bank"]
    click.echo(
        ("Banque" if lang == "fr" else "Bank")
        + f" : {b['id']} {b['version']} ({b['questions']} questions)"
    )
    _echo_journal(data["journal"], lang)
    if not data["vendors"]:
        click.echo("Aucune offre." if lang == "fr" else "No vendor yet.")
    else:
        _echo_vendors(data, lang)
    if not data["journal"]["verified"]:
        sys.exit(1)


def _echo_journal(journal: dict[str, Any], lang: Lang) -> None:
    fr = lang == "fr"
    head = (
        f"Journal : {journal['entries']} entrées, dernière {journal['head'][:16]}"
        if fr
        else f"Journal: {journal['entries']} entries, last {journal['head'][:16]}"
    )
    if journal["verified"]:
        click.echo(head + (" — vérifié" if fr else " — verified"))
        return
    problems = journal["problems"]
    click.echo(
        head
        + click.style(
            f" — {len(problems)} problème(s) : le dossier ne correspond plus au journal"
            if fr
            else f" — {len(problems)} problem(s): the folder no longer matches the journal",
            fg="red",
        )
    )
    for problem in problems:
        click.echo(f"  - {problem}")


def _echo_vendors(data: dict[str, Any], lang: Lang) -> None:
    click.echo("")
    from sovereignty.core.table import text_table

    fr = lang == "fr"
    from sovereignty.scoring.award_words import state_words

    header = (
        ("Offre", "Réponses", "", "Inconnues", "État", "Attribution")
        if fr
        else ("Vendor", "Answered", "", "Unknown", "State", "Award")
    )
    rows: list[list[str]] = []
    for v in data["vendors"]:
        label = f"{v.get('name', v['id'])} [{v['id']}]"
        if "error" in v:
            invalid = click.style("invalide" if fr else "invalid", fg="red")
            rows.append([label, "—", "—", "—", invalid, "—"])
            continue
        state = (
            ("complète" if fr else "complete")
            if v["complete"]
            else ("en cours" if fr else "in progress")
        )
        if not v["valid"]:
            state = click.style(("erreurs : " if fr else "errors: ") + str(v["errors"]), fg="red")
        percent = f"{v['percent']}\u00a0%" if fr else f"{v['percent']} %"
        award = state_words(v["award_state"], lang) if v.get("award_state") else "—"
        rows.append(
            [label, f"{v['answered']}/{v['applicable']}", percent, str(v["unknown"]), state, award]
        )
    for line in text_table(header, rows, limit=48, rule=False):
        click.echo(line)


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
    click.echo(f"{vendor_id}: {name}")


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
        click.echo(
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
    click.echo(summary(tender.settings.language))


@vendor.command("list")
@dir_option
def vendor_list(tender_dir: Path | None) -> None:
    """Lister les offres.
    \f
    List the vendors.
    """
    tender = Tender.open(tender_dir)
    for vendor_id in tender.vendor_ids():
        click.echo(vendor_id)


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
        head, problems = tender.check_records()
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
    from sovereignty.tender import records

    fr = lang == "fr"
    recovered = records.recover(tender.root, tender.journal_path, None)
    leftovers = records.remove_all_leftovers(tender.root)
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
    from sovereignty.tender import records

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
    sha = records.accept(tender.root, tender.journal_path, rel, None, why.strip())
    click.echo(
        f"{rel} enregistré tel quel au journal ({sha[:19]})."
        if lang == "fr"
        else f"{rel} recorded as it is in the journal ({sha[:19]})."
    )
