"""The contract annex as plain data for its template: the published annex (consultation file),
or its *mise au point* for one offer, with a working-paper appendix that is not part of the
contract (what was filled, the offer's contradictions, why each article is there).

Contract pages never show an internal id: questions by their label, no clause or question id.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sovereignty.clauses.loader import ClauseLibrary
from sovereignty.clauses.placeholders import Filler
from sovereignty.clauses.select import ClauseFacts, SelectedClause, Wording, select_clauses
from sovereignty.core.french import with_article
from sovereignty.core.legal import cite
from sovereignty.core.model import Lang
from sovereignty.documents.annex_compose import (
    Article,
    Basis,
    Composed,
    answer_text,
    answers_of,
    compose,
)
from sovereignty.documents.frame import frame, label, semicolon, short_hash
from sovereignty.findings.model import SEVERITY_LABEL
from sovereignty.questionnaire.present import choice_label

__all__ = ["ROLE_WORDS", "annex_context", "answer_text", "wording"]

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
ROLE_WORDS = {"deployer": ("déployeur", "deployer"), "provider": ("fournisseur", "provider")}


def wording(bank: Any, lang: Lang, show_ids: bool = False) -> Wording:
    """How the working paper names questions and answers: by their labels."""

    def question(question_id: str) -> str:
        found = bank.by_id.get(question_id)
        return str(found.label(lang)) if found else question_id

    def answer(question_id: str, value: Any) -> str:
        found = bank.by_id.get(question_id)
        return answer_text(found, value, lang) if found else str(value)

    def choice(question_id: str, value: str) -> str:
        found = bank.by_id.get(question_id)
        return choice_label(found, value, lang) if found else value

    return Wording(lang, answer=answer, question=question, choice=choice, show_ids=show_ids)


def select_for_offer(offer: Any, library: ClauseLibrary, lang: Lang) -> list[SelectedClause]:
    """The clauses an offer's own answers would call for (the risk report counts them)."""
    facts = ClauseFacts(
        answers=offer.facts,
        regime=(lambda r: None)
        if offer.classification is None
        else offer.classification.has_regime,
        findings=tuple(offer.findings),
    )
    bank = offer.tender.bank
    filler = Filler({}, answers_of(bank, offer.facts, lang), lambda n: n, lang)
    return select_clauses(library, facts, filler, wording(bank, lang))


def annex_context(
    library: ClauseLibrary,
    basis: Basis,
    lang: Lang,
    offer: Any = None,
    *,
    as_of: dt.date,
    profile_hash: str | None = None,
    generated: dt.datetime | None = None,
    composed: Composed | None = None,
) -> dict[str, Any]:
    """The published annex (``offer`` None) or its mise au point for ``offer``."""
    composed = composed or compose(library, basis, wording(basis.bank, lang), offer)
    settings = basis.settings
    chapters: list[dict[str, Any]] = []
    toc: list[str] = [label(lang, "annex_preamble")]
    titles = {c.id: c.title(lang) for c in library.chapters.values()}
    for index, (chapter_id, articles) in enumerate(composed.chapters):
        heading = f"{label(lang, 'chapter', number=ROMAN[index])} — {titles[chapter_id]}"
        toc.append(heading)
        items = [_article(a, lang) for a in articles]
        toc += [f"    {label(lang, 'article', number=a.number)} — {a.title}" for a in articles]
        chapters.append({"id": chapter_id, "heading": heading, "clauses": items})
    schedules = [
        {"heading": s.heading, "rows": [{"label": k, "value": v} for k, v in s.rows]}
        for s in composed.schedules
    ]
    toc += [s.heading for s in composed.schedules]
    toc.append(label(lang, "blanks_title"))
    mise_au_point = offer is not None
    if mise_au_point:
        toc.append(label(lang, "working_title"))
    blanks = [
        {
            "number": f"B{b.number}",
            "article": b.article,
            "what": b.what,
            "by": label(lang, "blank_by_buyer" if b.by_buyer else "blank_by_vendor"),
            "value": b.value if b.value is not None else label(lang, "blank_open"),
        }
        for b in composed.blanks
    ]
    extra = [(label(lang, "id_library"), short_hash(library.hash, lang))]
    if mise_au_point:
        extra.insert(0, (label(lang, "id_vendor"), offer.name))
    context = frame(
        settings,
        lang,
        title=label(lang, "annex_title"),
        subtitle=label(lang, "annex_subtitle_offer", vendor=offer.name)
        if mise_au_point
        else label(lang, "annex_subtitle_dce"),
        extra=extra,
        as_of=as_of,
        profile_hash=profile_hash,
        toc=toc,
        generated=generated,
    )
    context.update(
        {
            "vendor": {"id": offer.vendor_id, "name": offer.name}
            if mise_au_point
            else {"id": "", "name": ""},
            "preamble": _preamble(settings, lang, offer),
            "chapters": chapters,
            "schedules": schedules,
            "blanks": blanks,
            "blanks_intro": label(
                lang, "blanks_intro_offer" if mise_au_point else "blanks_intro_dce"
            ),
            "working": _working(composed, basis, lang, offer),
            "library": {"hash": library.hash, "note": _library_note(library, lang)},
        }
    )
    return context


def _preamble(settings: Any, lang: Lang, offer: Any) -> list[str]:
    reference = f" ({settings.reference})" if settings.reference else ""
    paragraphs = [label(lang, "annex_preamble_1", tender=settings.name, reference=reference)]
    members = [e for e in settings.establishments if e.role != "support"]
    fr = lang == "fr"
    by_buyer = with_article("par", settings.buyer) if fr else f"by {settings.buyer}"
    if settings.ght:
        names = ", ".join(e.name for e in settings.establishments) or settings.buyer
        of_ght = with_article("de", settings.ght) if fr else f"of the {settings.ght}"
        paragraphs.append(
            label(lang, "annex_preamble_ght", by_buyer=by_buyer, of_ght=of_ght, names=names)
        )
    elif members:
        names = ", ".join(e.name for e in settings.establishments)
        paragraphs.append(label(lang, "annex_preamble_buyers", by_buyer=by_buyer, names=names))
    else:
        paragraphs.append(label(lang, "annex_preamble_buyer", by_buyer=by_buyer))
    if offer is None:
        paragraphs.append(label(lang, "annex_preamble_dce"))
    else:
        paragraphs.append(label(lang, "annex_preamble_offer", vendor=offer.name))
    return paragraphs


def _article(article: Article, lang: Lang) -> dict[str, Any]:
    chosen = article.selected
    legal = semicolon(lang).join(cite(ref, lang) for ref in chosen.clause.legal)
    sep = " : " if lang == "fr" else ": "
    number = label(lang, "article", number=article.number)
    return {
        "id": chosen.clause.id,
        "number": number,
        "title": chosen.title,
        "heading": f"{number} — {chosen.title}",
        "paragraphs": list(article.paragraphs),
        "listed": list(article.derogations),
        "penalties": [{"article": a, "breach": b, "amount": c} for a, b, c in article.penalties],
        "variant": chosen.variant.id,
        "basis": f"{label(lang, 'legal_basis')}{sep}{legal}.",
        "legal": [cite(ref, lang) for ref in chosen.clause.legal],
    }


def _working(composed: Composed, basis: Basis, lang: Lang, offer: Any) -> dict[str, Any]:
    """The working paper of the mise au point: not part of the contract."""
    if offer is None:
        return {"available": False, "contradictions": [], "trace": [], "intro": ""}
    contradictions = [
        {
            "article": c.article,
            "finding": f"{c.finding.title(lang)} ({SEVERITY_LABEL[c.finding.severity](lang)})",
            "answers": c.answers,
        }
        for c in composed.contradictions
    ]
    filled = sum(b.value is not None for b in composed.blanks)
    return {
        "available": True,
        "intro": label(
            lang,
            "working_intro",
            filled=filled,
            blanks=len(composed.blanks),
            contradictions=len(contradictions),
        ),
        "contradictions": contradictions,
        "trace": [trace_row(a, lang) for a in composed.articles],
    }


def trace_row(article: Article, lang: Lang) -> dict[str, str]:
    """Why an article is in the annex: the buyer's answers, the regime, by their labels."""
    chosen = article.selected
    lines = [t.detail for t in chosen.triggers]
    if chosen.variant_triggers:
        sep = " : " if lang == "fr" else ": "
        because = semicolon(lang).join(t.detail for t in chosen.variant_triggers)
        lines.append(f"({label(lang, 'variant_because')}{sep}{because})")
    variant = (
        chosen.variant.label(lang) if chosen.variant.label else label(lang, "variant_standard")
    )
    return {
        "article": label(lang, "article", number=article.number),
        "clause": chosen.clause.id,
        "title": chosen.title,
        "variant": variant,
        "variant_id": chosen.variant.id,
        "triggers": "\n".join(lines),
        "kinds": ",".join(sorted({t.kind for t in chosen.triggers})),
    }


def _library_note(library: ClauseLibrary, lang: Lang) -> str:
    return label(
        lang,
        "library_note",
        hash=short_hash(library.hash, lang),
        custom=label(lang, "library_custom", folder=str(library.custom)) if library.custom else "",
    )
