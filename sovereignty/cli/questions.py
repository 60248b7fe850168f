"""`sovereignty check`, `questions` and `schema`: the question bank and answer sheets, read-only."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from sovereignty.cli.options import (
    bilingual,
    dir_option,
    echo,
    echo_json,
    interface_lang,
    json_option,
    lang_option,
    no_such_section,
    path_option,
)
from sovereignty.core.errors import UsageError, colon
from sovereignty.core.model import Lang, Text

bank_option = path_option(
    "--bank",
    "bank_path",
    help=bilingual(
        "Banque de questions (YAML) ; défaut : celle de la consultation, sinon la banque livrée.",
        "Question bank (YAML); default: the tender's, else the shipped bank.",
    ),
)


def _bank(bank_path: Path | None, tender_dir: Path | None) -> Any:
    from sovereignty.core.errors import TenderError
    from sovereignty.questionnaire.loader import load_bank
    from sovereignty.tender.folder import Tender

    if bank_path is not None:
        return load_bank(bank_path)
    try:
        return Tender.open(tender_dir).bank
    except TenderError:
        if tender_dir is not None:
            raise
        return load_bank()


@click.command()
@click.argument("vendor_id", required=False)
@path_option(
    "--answers",
    "answers_path",
    help=bilingual(
        "Feuille de réponses à valider (hors consultation).",
        "Answer sheet to validate (outside a tender).",
    ),
)
@bank_option
@dir_option
@lang_option
@json_option
@click.option(
    "--partial",
    is_flag=True,
    help=bilingual(
        "Accepter une feuille incomplète (exit 0).",
        "Accept an incomplete sheet (exit 0).",
    ),
)
def check(
    vendor_id: str | None,
    answers_path: Path | None,
    bank_path: Path | None,
    tender_dir: Path | None,
    lang: Lang | None,
    as_json: bool,
    partial: bool,
) -> None:
    """Valider une feuille de réponses ; code de sortie 0 si valide et complète, 1 sinon.

    La feuille d'une offre de la consultation (ID_OFFRE) ou un fichier (--answers FICHIER).
    \f
    Validate an answer sheet (a vendor of the tender, or --answers FILE): exit 0 when valid and
    complete, 1 otherwise.
    """
    from sovereignty.questionnaire.answers import load_sheet
    from sovereignty.questionnaire.validate import check_sheet
    from sovereignty.tender.folder import Tender

    if (vendor_id is None) == (answers_path is None):
        raise UsageError(
            Text(
                fr="indiquez soit l'ID_OFFRE d'une offre de la consultation, soit --answers "
                "FICHIER (l'un ou l'autre)",
                en="give either a VENDOR_ID of the tender or --answers FILE",
            )
        )
    if answers_path is None:
        assert vendor_id is not None
        from sovereignty.services.offer import offer_report

        tender = Tender.open(tender_dir)
        answers_path = tender.answers_path(vendor_id)
        lang = lang or tender.settings.language
        # the offer's answers: the buyer's, held once, with the vendor's
        sheet, report = offer_report(tender, vendor_id)
        bank = tender.bank
    else:
        bank = _bank(bank_path, tender_dir)
        sheet, doc = load_sheet(answers_path)
        report = check_sheet(bank, sheet, doc)
    lang = lang or interface_lang()
    ok = report.valid and (report.complete or partial)
    if as_json:
        echo_json(
            {
                "schema": "sovereignty/check/1",
                "file": str(answers_path),
                "vendor": sheet.vendor.id,
                "valid": report.valid,
                "complete": report.complete,
                "errors": [
                    {"where": p.where, "question": p.subject, "message": p.says(lang)}
                    for p in report.errors
                ],
                "warnings": [
                    {"where": p.where, "question": p.subject, "message": p.says(lang)}
                    for p in report.warnings
                ],
                "sections": [
                    {
                        "id": s.section_id,
                        "applicable": s.applicable,
                        "answered": s.answered,
                        "unknown": s.unknown,
                        "missing_required": s.missing_required,
                        "skipped": s.skipped,
                    }
                    for s in report.sections
                ],
            }
        )
        sys.exit(0 if ok else 1)
    sep = colon(lang)
    for problem in report.errors:
        echo(f"{answers_path}{sep}{problem.render(lang)}", err=True)
    for problem in report.warnings:
        warning = "attention" if lang == "fr" else "warning"
        echo(f"{answers_path}{sep}{warning}{sep}{problem.render(lang)}", err=True)
    titles = {s.id: s.title(lang) for s in bank.sections()}
    echo(f"{sheet.vendor.name} [{sheet.vendor.id}]")
    for s in report.sections:
        mark = "✓" if not s.missing_required else "…"
        extra = f", {s.unknown} ?" if s.unknown else ""
        skipped = (" (passée)" if lang == "fr" else " (skipped)") if s.skipped else ""
        echo(
            f"  {mark} {titles[s.section_id]:<44} {s.answered:>3}/{s.applicable:<3}{extra}{skipped}"
        )
        for qid in s.missing_required[:5]:
            echo(f"      - {qid}: {bank.by_id[qid].label(lang)}")
        if len(s.missing_required) > 5:
            echo(f"      … +{len(s.missing_required) - 5}")
    if lang == "fr":
        verdict = "valide" if report.valid else f"invalide ({len(report.errors)} erreur(s))"
        done = (
            "complète"
            if report.complete
            else f"incomplète ({len(report.missing_required)} obligatoire(s) manquante(s))"
        )
        echo(f"Feuille {verdict}, {done} : {report.answered}/{report.applicable}.")
    else:
        verdict = "valid" if report.valid else f"invalid ({len(report.errors)} error(s))"
        done = (
            "complete"
            if report.complete
            else f"incomplete ({len(report.missing_required)} required missing)"
        )
        echo(f"Sheet {verdict}, {done}: {report.answered}/{report.applicable}.")
    sys.exit(0 if ok else 1)


# Who answers a question, as the listing shows it (the JSON keeps the ids).
RESPONDENT = {
    "fr": {"vendor": "éditeur", "buyer": "acheteur"},
    "en": {"vendor": "vendor", "buyer": "buyer"},
}


def question_data(bank: Any, lang: Lang) -> list[dict[str, Any]]:
    from sovereignty.core.conditions import describe
    from sovereignty.core.legal import cite

    rows = []
    for section in bank.sections():
        for q in section.questions:
            row: dict[str, Any] = {
                "id": q.id,
                "section": section.id,
                "type": q.type,
                "label": q.label(lang),
                "required": q.required,
                "answered_by": q.answered_by,
                "allow_unknown": q.allow_unknown,
                "legal": [{"ref": r, "text": cite(r, lang)} for r in q.legal],
            }
            if q.help:
                row["help"] = q.help(lang)
            if hasattr(q, "choices"):
                row["choices"] = [
                    {
                        "value": c.value,
                        "label": c.label(lang),
                        **({"exclusive": True} if c.exclusive else {}),
                    }
                    for c in q.choices
                ]
            if q.type == "yes_no":
                row["choices"] = [{"value": "yes"}, {"value": "no"}]
            if q.type == "number":
                row.update(unit=q.unit(lang) if q.unit else None, min=q.min, max=q.max)
            if getattr(q, "entity", False):
                row["entity"] = True
            if q.type == "records":
                row["fields"] = [
                    {
                        "id": f.id,
                        "type": f.type,
                        "label": f.label(lang),
                        "required": f.required,
                        **({"entity": True} if getattr(f, "entity", False) else {}),
                        **(
                            {"choices": [c.value for c in f.choices]}
                            if hasattr(f, "choices")
                            else {}
                        ),
                    }
                    for f in q.fields
                ]
            if q.when is not None:
                row["when"] = q.when.model_dump(mode="json")
                row["when_text"] = describe(q.when, lang)
            rows.append(row)
    return rows


@click.command()
@bank_option
@dir_option
@lang_option
@json_option
@click.option(
    "--section",
    default=None,
    help=bilingual(
        "Une seule section.",
        "One section only.",
    ),
)
def questions(
    bank_path: Path | None,
    tender_dir: Path | None,
    lang: Lang | None,
    as_json: bool,
    section: str | None,
) -> None:
    """Lister la banque de questions (ids, types, choix, conditions).

    Avec --bank FICHIER, vérifie aussi une banque personnalisée (code de sortie 1 si elle a des
    erreurs).
    \f
    List the question bank. With --bank FILE, also checks a custom bank (exit 1 when broken).
    """
    bank = _bank(bank_path, tender_dir)
    lang = lang or interface_lang()
    rows = question_data(bank, lang)
    if section is not None:
        if bank.section(section) is None:
            raise no_such_section(section, bank)
        rows = [r for r in rows if r["section"] == section]
    if as_json:
        echo_json(
            {
                "schema": "sovereignty/questions/1",
                "bank": {"id": bank.id, "version": bank.version, "hash": bank.hash},
                "questions": rows,
            }
        )
        return
    current = None
    for row in rows:
        if row["section"] != current:
            current = row["section"]
            title = bank.section(current).title(lang)
            echo(click.style(f"\n[{current}] {title}", bold=True))
        who = RESPONDENT[lang].get(row["answered_by"], row["answered_by"])
        echo(f"  {row['id']:<36} {row['type']:<15} {who:<8} {row['label']}")
        if "choices" in row and row["type"] != "yes_no":
            echo("      " + " | ".join(c["value"] for c in row["choices"]))
        if "when_text" in row:
            echo(("      si " if lang == "fr" else "      if ") + row["when_text"])
    echo(f"\n{len(rows)} questions — {bank.id} {bank.version} {bank.hash[:19]}…")


@click.command()
@bank_option
@dir_option
def schema(bank_path: Path | None, tender_dir: Path | None) -> None:
    """Schéma JSON d'une feuille de réponses pour cette banque.
    \f
    JSON Schema of the answer sheets for this bank.
    """
    from sovereignty.questionnaire.schema import answer_sheet_schema

    echo_json(answer_sheet_schema(_bank(bank_path, tender_dir)))
