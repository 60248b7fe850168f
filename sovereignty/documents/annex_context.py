"""The contract annex of one offer, as plain data: articles chapter by chapter, then the
traceability table saying what triggered each article."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sovereignty.clauses.loader import ClauseLibrary
from sovereignty.clauses.placeholders import Filler, fixed_description, lower_first
from sovereignty.clauses.select import ClauseFacts, SelectedClause, Wording, select_clauses
from sovereignty.core.conditions import ABSENT, MISSING, UNKNOWN
from sovereignty.core.french import with_article
from sovereignty.core.legal import cite
from sovereignty.core.model import Lang
from sovereignty.documents.frame import (
    format_date,
    format_number,
    frame,
    label,
    semicolon,
    short_hash,
)
from sovereignty.questionnaire.model import MultipleChoice, RecordsQuestion, SingleChoice, YesNo
from sovereignty.questionnaire.present import choice_label, format_value

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def regime_state(classification: Any) -> Any:
    """The three-valued regime test the clause conditions use."""
    if classification is None:
        return lambda regime_id: None
    return classification.has_regime


def regimes_text(classification: Any, lang: Lang) -> str | None:
    if classification is None:
        return None
    applies = [r.title(lang) for r in classification.regimes if r.status == "applies"]
    undetermined = [r.title(lang) for r in classification.regimes if r.status == "undetermined"]
    parts = list(applies)
    if undetermined:
        word = "indéterminé" if lang == "fr" else "undetermined"
        parts += [f"{t} ({word})" for t in undetermined]
    return ", ".join(parts) or None


ROLE_WORDS = {"deployer": ("déployeur", "deployer"), "provider": ("fournisseur", "provider")}


def role_text(classification: Any, lang: Lang) -> str | None:
    role = getattr(classification, "role", None)
    if role is None or role.id is None:
        return None
    return ROLE_WORDS[role.id][0 if lang == "fr" else 1]


def _is_country(value: str) -> bool:
    """Country choices have ISO 3166 alpha-2 values (fr, us...): their labels are names."""
    return len(value) == 2 and value.isalpha()


def answer_text(question: Any, value: Any, lang: Lang, sentence_start: bool = True) -> str:
    """An answer as the annex quotes it. Mid-sentence, choice labels lose their capital
    ("clés détenues par l'hébergeur"), except names and acronyms; a list of records is the list
    of their names."""
    if isinstance(question, RecordsQuestion):
        names = [str(next(iter(r.values()), "")) for r in value or () if isinstance(r, dict)]
        return ", ".join(n for n in names if n) or "—"
    if not isinstance(question, SingleChoice | MultipleChoice | YesNo):
        return format_value(question, value, lang)
    values = [str(v) for v in value] if isinstance(question, MultipleChoice) else [str(value)]
    labels = []
    for i, choice in enumerate(values):
        shown = choice_label(question, choice, lang)
        keep = (i == 0 and sentence_start) or _is_country(choice)
        labels.append(shown if keep else lower_first(shown))
    return ", ".join(labels)


def answer_formatter(offer: Any, lang: Lang) -> Any:
    bank = offer.tender.bank

    def answer(question_id: str, sentence_start: bool) -> str | None:
        value = offer.facts.value(question_id)
        if value is ABSENT:  # the question does not apply to this offer
            return label(lang, "not_applicable")
        if value is UNKNOWN or value is MISSING:
            return None
        return answer_text(bank.by_id[question_id], value, lang, sentence_start)

    return answer


def make_filler(offer: Any, library: ClauseLibrary, lang: Lang) -> Filler:
    settings = offer.tender.settings
    bank = offer.tender.bank
    values: dict[str, str] = {
        "tender.name": settings.name,
        "tender.reference": settings.reference or "",
        "tender.buyer": settings.buyer,
        "tender.ght": settings.ght or "",
        "tender.establishments": ", ".join(e.name for e in settings.establishments),
        "vendor.name": offer.name,
        "vendor.id": offer.vendor_id,
        "document.date": format_date(offer.as_of, lang),
    }
    for name, text in (
        ("aiact.regimes", regimes_text(offer.classification, lang)),
        ("aiact.role", role_text(offer.classification, lang)),
    ):
        if text:
            values[name] = text
    for name, value in library.parameters.items():
        shown = format_number(value, lang, 2) if isinstance(value, float) else str(value)
        values[f"params.{name}"] = shown

    def describe(name: str) -> str:
        if name.startswith("answers."):
            qid = name.removeprefix("answers.")
            question = bank.by_id.get(qid)
            return f"{question.label(lang)} ({qid})" if question else qid
        return fixed_description(name, lang)

    return Filler(values, answer_formatter(offer, lang), describe, lang)


def wording(offer: Any, lang: Lang) -> Wording:
    """How the traceability table names questions and answers: by their labels."""
    bank = offer.tender.bank

    def question(question_id: str) -> str:
        found = bank.by_id.get(question_id)
        return str(found.label(lang)) if found else question_id

    def answer(question_id: str, value: Any) -> str:
        found = bank.by_id.get(question_id)
        return answer_text(found, value, lang) if found else str(value)

    def choice(question_id: str, value: str) -> str:
        found = bank.by_id.get(question_id)
        return choice_label(found, value, lang) if found else value

    return Wording(lang, answer=answer, question=question, choice=choice)


def select_for_offer(
    offer: Any, library: ClauseLibrary, lang: Lang
) -> tuple[list[SelectedClause], Filler]:
    facts = ClauseFacts(
        answers=offer.facts,
        regime=regime_state(offer.classification),
        findings=tuple(offer.findings),
    )
    filler = make_filler(offer, library, lang)
    return select_clauses(library, facts, filler, wording(offer, lang)), filler


def annex_context(
    offer: Any,
    library: ClauseLibrary,
    lang: Lang,
    profile_hash: str | None = None,
    generated: dt.datetime | None = None,
) -> dict[str, Any]:
    selected, _ = select_for_offer(offer, library, lang)
    settings = offer.tender.settings
    chapters: list[dict[str, Any]] = []
    trace: list[dict[str, str]] = []
    blanks: list[dict[str, str]] = []
    toc: list[str] = [label(lang, "annex_preamble")]
    number = 0
    for chapter in sorted(library.chapters.values(), key=lambda c: c.order):
        members = [s for s in selected if s.clause.chapter == chapter.id]
        if not members:
            continue
        heading = f"{label(lang, 'chapter', number=ROMAN[len(chapters)])} — {chapter.title(lang)}"
        toc.append(heading)
        items = []
        for chosen in members:
            number += 1
            article = label(lang, "article", number=number)
            items.append(_article(chosen, article, lang))
            toc.append(f"    {article} — {chosen.title}")
            trace.append(_trace_row(chosen, str(number), lang))
            blanks += [
                {
                    "article": str(number),
                    "clause": chosen.clause.id,
                    "what": _blank(name, offer, lang),
                }
                for name in chosen.blanks
            ]
        chapters.append({"id": chapter.id, "heading": heading, "clauses": items})
    if blanks:
        toc.append(label(lang, "blanks_title"))
    toc.append(label(lang, "trace_title"))
    note = label(
        lang,
        "library_note",
        hash=short_hash(library.hash, lang),
        custom=label(lang, "library_custom", folder=str(library.custom)) if library.custom else "",
    )
    missing = sorted({c for f in offer.findings for c in f.clauses} - set(library.clauses))
    if missing:
        note += " " + label(lang, "library_missing", ids=", ".join(missing))
    context = frame(
        settings,
        lang,
        title=label(lang, "annex_title"),
        subtitle=label(lang, "annex_subtitle", vendor=offer.name),
        extra=[
            (label(lang, "id_vendor"), offer.name),
            (label(lang, "id_library"), short_hash(library.hash, lang)),
        ],
        as_of=offer.as_of,
        profile_hash=profile_hash,
        toc=toc,
        generated=generated,
    )
    vendor = offer.name
    buyer = settings.buyer
    context.update(
        {
            "vendor": {"id": offer.vendor_id, "name": vendor},
            "preamble": [
                label(
                    lang,
                    "annex_preamble_1",
                    tender=settings.name,
                    by_buyer=with_article("par", buyer) if lang == "fr" else f"by {buyer}",
                    vendor=vendor,
                ),
                label(lang, "annex_preamble_2"),
            ],
            "chapters": chapters,
            "blanks": blanks,
            "trace": trace,
            "library": {"hash": library.hash, "note": note},
        }
    )
    return context


def _article(chosen: SelectedClause, article: str, lang: Lang) -> dict[str, Any]:
    legal = semicolon(lang).join(cite(ref, lang) for ref in chosen.clause.legal)
    sep = " : " if lang == "fr" else ": "
    basis = f"{label(lang, 'legal_basis')}{sep}{legal}. [{chosen.clause.id}"
    if chosen.variant.label is not None:
        basis += f", {label(lang, 'variant')} {chosen.variant.label(lang)}"
    basis += "]"
    return {
        "id": chosen.clause.id,
        "number": article,
        "title": chosen.title,
        "heading": f"{article} — {chosen.title}",
        "paragraphs": list(chosen.paragraphs),
        "variant": chosen.variant.id,
        "basis": basis,
        "legal": [cite(ref, lang) for ref in chosen.clause.legal],
    }


def _trace_row(chosen: SelectedClause, article: str, lang: Lang) -> dict[str, str]:
    lines = [t.detail for t in chosen.triggers]
    if chosen.variant_triggers:
        sep = " : " if lang == "fr" else ": "
        because = semicolon(lang).join(t.detail for t in chosen.variant_triggers)
        lines.append(f"({label(lang, 'variant_because')}{sep}{because})")
    variant = (
        chosen.variant.label(lang) if chosen.variant.label else label(lang, "variant_standard")
    )
    return {
        "article": article,
        "clause": f"{chosen.clause.id}",
        "title": chosen.title,
        "variant": variant,
        "variant_id": chosen.variant.id,
        "triggers": "\n".join(lines),
        "kinds": ",".join(sorted({t.kind for t in chosen.triggers})),
    }


def _blank(name: str, offer: Any, lang: Lang) -> str:
    if name.startswith("answers."):
        qid = name.removeprefix("answers.")
        question = offer.tender.bank.by_id.get(qid)
        value = offer.facts.value(qid)
        state = label(lang, "state_unknown") if value is UNKNOWN else label(lang, "state_missing")
        text = question.label(lang) if question else qid
        return f"{text} ({qid}) — {state}"
    return fixed_description(name, lang)
