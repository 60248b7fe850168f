"""`sovereignty classify`: AI Act regimes, the hospital's role, obligations and findings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from sovereignty.cli.options import (
    DATE,
    bilingual,
    dir_option,
    echo,
    echo_json,
    json_option,
    lang_option,
    path_option,
)
from sovereignty.core.errors import UsageError
from sovereignty.core.model import Lang, Text

STATUS = {
    "applies": {"fr": "S'APPLIQUE", "en": "APPLIES"},
    "undetermined": {"fr": "INDÉTERMINÉ", "en": "UNDETERMINED"},
    "does_not_apply": {"fr": "ne s'applique pas", "en": "does not apply"},
}
MARK = {"applies": "●", "undetermined": "?", "does_not_apply": "○"}
BASIS = {
    "declared": {"fr": "déclaration du fournisseur", "en": "vendor's declaration"},
    "intended_use": {"fr": "usage prévu par l'établissement", "en": "hospital's planned use"},
}
ROLE = {
    "deployer": {"fr": "déployeur", "en": "deployer"},
    "provider": {"fr": "fournisseur (art. 25)", "en": "provider (Art. 25)"},
    None: {"fr": "indéterminé", "en": "undetermined"},
}
SEVERITY = {
    "blocking": {"fr": "BLOQUANT", "en": "BLOCKING"},
    "major": {"fr": "MAJEUR", "en": "MAJOR"},
    "minor": {"fr": "mineur", "en": "minor"},
    "info": {"fr": "info", "en": "info"},
}
WORDS = {
    "title": {"fr": "Classification (règlement sur l'IA)", "en": "Classification (AI Act)"},
    "as_of": {"fr": "au", "en": "as of"},
    "regimes": {"fr": "Régimes", "en": "Regimes"},
    "points": {"fr": "points", "en": "points"},
    "basis": {"fr": "fondement", "en": "basis"},
    "deciding": {"fr": "questions décisives", "en": "deciding questions"},
    "possible": {"fr": "issues possibles", "en": "possible outcomes"},
    "if": {"fr": "si", "en": "if"},
    "role": {"fr": "Rôle de l'établissement", "en": "The hospital's role"},
    "risk": {"fr": "risque", "en": "risk"},
    "hospital": {"fr": "Obligations de l'établissement", "en": "The hospital's obligations"},
    "vendor": {"fr": "Obligations du fournisseur", "en": "The vendor's obligations"},
    "in_force": {"fr": "en vigueur", "en": "in force"},
    "since": {"fr": "en vigueur depuis le", "en": "applies since"},
    "from": {"fr": "à venir, le", "en": "upcoming, from"},
    "maybe": {"fr": "selon les réponses", "en": "depending on answers"},
    "unconfirmed": {"fr": "date discutée", "en": "date disputed"},
    "findings": {"fr": "Constats", "en": "Findings"},
    "none": {"fr": "aucun", "en": "none"},
    "answers": {"fr": "réponses", "en": "answers"},
    "clauses": {"fr": "clauses", "en": "clauses"},
    "undetermined_rules": {
        "fr": "Règles non décidées (réponses manquantes ou « je ne sais pas »)",
        "en": 'Rules not decided (answers missing or "I don\'t know")',
    },
    "to_answer": {"fr": "à renseigner", "en": "to answer"},
    "above": {"fr": "voir les motifs ci-dessus", "en": "see the reasons above"},
    "exceptions": {"fr": "exception appliquée", "en": "exception applied"},
}


def _date(value: dt.date | None, lang: Lang) -> str:
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y") if lang == "fr" else value.isoformat()


def _refs(refs: Any, lang: Lang) -> str:
    from sovereignty.core.legal import cite_short

    return (" ; " if lang == "fr" else "; ").join(cite_short(r, lang) for r in refs)


def _value(value: Any, limit: int = 80) -> str:
    shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return shown if len(shown) <= limit else shown[: limit - 1].rstrip() + "…"


def _shorten(text: str, limit: int) -> str:
    """``text`` cut at a word, with "…", when longer than ``limit``."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:(") + "…"


def _trigger(trigger: Any, bank: Any, lang: Lang) -> str:
    """An answer behind a finding as people read it: the question's label (shortened), its id
    in parentheses, and the choices by their labels, e.g. « Domaines de l'annexe III… »
    (aiact.annex_iii) : Aucun."""
    from sovereignty.questionnaire.present import UNKNOWN_LABEL, format_value

    question = bank.by_id.get(trigger.question) if bank is not None else None
    if trigger.unknown:
        shown = UNKNOWN_LABEL[lang]
    elif question is None:
        shown = _value(trigger.value)
    else:
        shown = _shorten(format_value(question, trigger.value, lang), 80)
    if getattr(trigger, "evidence", None):
        said = "pièce : " if lang == "fr" else "evidence: "
        shown += f" [{said}{trigger.evidence}]"
    if question is None:
        return f"{trigger.question} = {shown}"
    label = _shorten(question.label(lang), 60)
    quoted = f"« {label} »" if lang == "fr" else f"“{label}”"
    return f"{quoted} ({trigger.question}){' : ' if lang == 'fr' else ': '}{shown}"


def render(report: Any, lang: Lang) -> list[str]:
    """The readable report, line by line (pure: no terminal code)."""
    c = report.classification
    w = {key: text[lang] for key, text in WORDS.items()}
    colon = " : " if lang == "fr" else ": "  # French typography puts a space before the colon
    lines = [
        f"{w['title']} — {report.vendor_name} ({report.vendor_id}), {w['as_of']} "
        f"{_date(c.as_of, lang)}",
        "",
        w["regimes"],
    ]
    order = {"applies": 0, "undetermined": 1, "does_not_apply": 2}
    shown: list[
        Any
    ] = []  # a reason shared by several regimes is printed once, where it first counts
    for regime in sorted(c.regimes, key=lambda r: order[r.status]):
        head = f"  {MARK[regime.status]} {STATUS[regime.status][lang]:<17} {regime.title(lang)}"
        if regime.points:
            head += f" — {w['points']} {', '.join(regime.points)}"
        if regime.basis:
            head += f" [{w['basis']}{colon}"
            head += ", ".join(BASIS[b][lang] for b in regime.basis) + "]"
        lines.append(head)
        fresh = [reason for reason in regime.reasons if reason not in shown]
        for reason in fresh:
            shown.append(reason)
            lines.append(f"      - {reason.text(lang)} ({_refs(reason.legal, lang)})")
        if regime.reasons and not fresh:
            lines.append(f"      - {w['above']}")
        if regime.exceptions:  # the exceptions or limits of the text that decided it
            cited = ", ".join(_refs(e.legal[:1], lang) for e in regime.exceptions)
            lines.append(f"      {w['exceptions']}{colon}{cited}")
        if regime.status == "undetermined":
            possible = ", ".join(STATUS[s][lang] for s in regime.possible_outcomes)
            lines.append(f"      {w['deciding']}{colon}{', '.join(regime.deciding_questions)}")
            lines.append(f"      {w['possible']}{colon}{possible}")
            for case in regime.what_if:
                lines.append(
                    f"        {w['if']} {case.question} = {_value(case.value)} → "
                    f"{STATUS[case.status][lang]}"
                    + (f" ({', '.join(case.points)})" if case.points else "")
                )
    role = c.role
    lines += ["", f"{w['role']}{colon}{ROLE[role.id][lang]}"]
    if role.status == "undetermined":
        lines.append(f"  {w['deciding']}{colon}{', '.join(role.deciding_questions)}")
    for reason in role.reasons:
        lines.append(f"  - {reason.text(lang)} ({_refs(reason.legal, lang)})")
    for risk in role.risks:
        lines.append(f"  ! {w['risk']}{colon}{risk.text(lang)} ({_refs(risk.legal, lang)})")
    for party in ("hospital", "vendor"):
        items = c.obligations_of(party)
        lines += ["", w[party]]
        if not items:
            lines.append(f"  {w['none']}")
        for item in items:
            if item.applies_from is None:
                when = w["in_force"]
            elif item.status == "applicable":
                when = f"{w['since']} {_date(item.applies_from, lang)}"
            else:
                when = f"{w['from']} {_date(item.applies_from, lang)}"
            flags = []
            if item.certainty == "undetermined":
                flags.append(w["maybe"])
            if not item.date_confirmed:
                flags.append(w["unconfirmed"])
            flag = f" ({', '.join(flags)})" if flags else ""
            lines.append(
                f"  [{when}]{flag} {item.id} {item.title(lang)} — {_refs(item.legal, lang)}"
            )
    counts = report.severity_counts()
    lines += [
        "",
        f"{w['findings']} ("
        + ", ".join(f"{n} {SEVERITY[s][lang]}" for s, n in counts.items())
        + ")",
    ]
    if not report.findings:
        lines.append(f"  {w['none']}")
    for finding in report.findings:
        lines.append(f"  {SEVERITY[finding.severity][lang]:<9} {finding.id} {finding.title(lang)}")
        lines.append(f"            {finding.explanation(lang)}")
        lines.append(f"            ({_refs(finding.legal, lang)})")
        if finding.triggers:
            cited = (" ; " if lang == "fr" else "; ").join(
                _trigger(t, report.bank, lang) for t in finding.triggers
            )
            lines.append(f"            {w['answers']}{colon}{cited}")
        if finding.clauses:
            lines.append(f"            {w['clauses']}{colon}{', '.join(finding.clauses)}")
    if report.rules.undetermined:
        lines += ["", w["undetermined_rules"]]
        for rule in report.rules.undetermined:
            lines.append(
                f"  {SEVERITY[rule.severity][lang]:<9} {rule.id} {rule.title(lang)} — "
                f"{w['to_answer']}{colon}{', '.join(rule.deciding_questions)}"
            )
    return lines


@click.command()
@click.argument("vendor_id", required=False)
@path_option(
    "--answers",
    "answers_path",
    help=bilingual(
        "Feuille de réponses à classer, hors consultation.",
        "An answer sheet to classify, outside a tender.",
    ),
)
@path_option(
    "--bank",
    "bank_path",
    help=bilingual(
        "Banque de questions pour --answers (défaut : la banque livrée).",
        "Question bank for --answers (default: the shipped bank).",
    ),
)
@click.option(
    "--as-of",
    "as_of",
    type=DATE,
    default=None,
    help=bilingual(
        "Date de référence des obligations, JJ/MM/AAAA ou AAAA-MM-JJ (défaut : aujourd'hui).",
        "Reference date of the obligations, DD/MM/YYYY or YYYY-MM-DD (default: today).",
    ),
)
@dir_option
@lang_option
@json_option
def classify(
    vendor_id: str | None,
    answers_path: Path | None,
    bank_path: Path | None,
    as_of: dt.datetime | None,
    tender_dir: Path | None,
    lang: Lang | None,
    as_json: bool,
) -> None:
    """Classer une offre : régimes du règlement IA, rôle, obligations, constats.

    ID_OFFRE (une offre de la consultation) ou --answers FICHIER : régimes du règlement IA avec
    leurs raisons et articles, rôle de l'établissement, obligations datées et constats
    réglementaires.
    \f
    Classify an offer (VENDOR_ID of the tender, or --answers FILE): AI Act regimes with their
    reasons and articles, the hospital's role, obligations with dates, and regulatory findings.
    """
    from sovereignty.services.classify import classify_file, classify_vendor, report_json

    if (vendor_id is None) == (answers_path is None):
        raise UsageError(
            Text(
                fr="donnez soit VENDOR_ID (une offre de la consultation), soit --answers FICHIER",
                en="give either a VENDOR_ID of the tender or --answers FILE",
            )
        )
    date = as_of.date() if as_of else dt.date.today()
    if answers_path is not None:
        from sovereignty.questionnaire.loader import load_bank

        bank = load_bank(bank_path) if bank_path else None
        report = classify_file(answers_path, date, bank)
        lang = lang or "fr"
    else:
        from sovereignty.tender.folder import Tender

        if bank_path is not None:
            raise UsageError(
                Text(
                    fr="--bank va avec --answers ; une consultation utilise sa propre banque",
                    en="--bank goes with --answers; a tender uses its own bank",
                )
            )
        assert vendor_id is not None
        tender = Tender.open(tender_dir)
        report = classify_vendor(tender, vendor_id, date)
        lang = lang or tender.settings.language
    if as_json:
        data = report_json(report)
        if answers_path is None:  # the journal's head the answers were read at
            data["journal"] = tender.journal_head().data()
        echo_json(data)
        return
    for line in render(report, lang):
        echo(line)
