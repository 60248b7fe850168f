"""The letters to the bidders, as plain data, one per letter:

- to each unsuccessful bidder whose offer was ranked: the rejection, its rank and scores and
  the winner's, criterion by criterion, the winner's relative advantages, the standstill period
  (CCP art. R2182-1) and the remedies (shaped like the DAJ's NOTI3 form);
- to each bidder whose offer was set aside as irregular, unacceptable or inappropriate: the
  reasons (each unmet requirement with the answers that show it and its legal basis), the
  winner, the standstill and the remedies;
- to the winner: its scores and the standstill before signature (shaped like NOTI1);
- to each incomplete offer: a request to complete it, listing its unanswered questions and a
  missing price schedule (CCP art. R2152-2).

The standstill date is counted from ``sent`` (default: the date of the documents): 11 days
for notices sent electronically.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sovereignty.core.model import Lang
from sovereignty.documents.frame import format_date, frame, label, semicolon
from sovereignty.documents.rao_context import (
    AwardFacts,
    advantages,
    award_detail,
    rejected_offers,
)
from sovereignty.scoring.award import award_weight
from sovereignty.scoring.award_words import state_words
from sovereignty.scoring.compare import RankEntry
from sovereignty.scoring.figures import number, points

STANDSTILL_DAYS = 11  # notices sent electronically (CCP art. R2182-1)


def _base(
    tender: Any, facts: AwardFacts, name: str, subject: str, lang: Lang, as_of: dt.date
) -> dict[str, Any]:
    settings = tender.settings
    context = frame(
        settings,
        lang,
        title=subject,
        subtitle=name,
        extra=[],
        as_of=as_of,
        profile_hash=facts.profile_hash,
        toc=[],
    )
    reference = f" ({settings.reference})" if settings.reference else ""
    support = next((e.name for e in settings.establishments if e.role == "support"), None)
    context["letter"] = {
        "sender": settings.buyer,
        "sender_lines": [
            x for x in (settings.ght, support if support != settings.buyer else None) if x
        ],
        "recipient": name,
        "place_date": format_date(as_of, lang),
        "reference": label(lang, "letter_reference", name=settings.name, reference=reference),
        "subject": subject,
        "paragraphs": [label(lang, "letter_greeting")],
        "bullets": [],
        "rows": [],
        "own_head": label(lang, "letter_own_head"),
        "winner_head": label(lang, "letter_winner_head"),
        "closing": [],
        "signature": {
            "place_date": "",
            "signatories": [{"role": label(lang, "letter_signatory"), "name": settings.buyer}],
        },
    }
    return context


def _rows(facts: AwardFacts, own: RankEntry, winner: RankEntry, lang: Lang) -> list[dict[str, str]]:
    award = facts.profile.award
    rows = []
    if award is not None:
        for criterion in award.criteria:
            weight = points(award_weight(award, criterion.id), lang)
            rows.append(
                {
                    "label": criterion.label(lang),
                    "own": f"{points(own.points.get(criterion.id, 0.0), lang)} / {weight}",
                    "winner": f"{points(winner.points.get(criterion.id, 0.0), lang)} / {weight}",
                }
            )
    rows.append(
        {
            "label": label(lang, "letter_total"),
            "own": number(own.total, lang, 2),
            "winner": number(winner.total, lang, 2),
        }
    )
    return rows


def _standstill(letter: dict[str, Any], sent: dt.date, lang: Lang, regular: bool) -> None:
    """The standstill, what a regular offer may ask for (R2181-4), the remedies."""
    end = sent + dt.timedelta(days=STANDSTILL_DAYS)
    letter["closing"].append(
        label(lang, "letter_standstill", date=format_date(end, lang), days=STANDSTILL_DAYS)
    )
    if regular:
        letter["closing"].append(label(lang, "letter_ask_advantages"))
    letter["closing"] += [label(lang, "letter_remedies"), label(lang, "letter_closing")]


def letters_contexts(
    tender: Any, facts: AwardFacts, lang: Lang, *, as_of: dt.date, sent: dt.date | None = None
) -> list[tuple[str, str, dict[str, Any]]]:
    """(kind, vendor, context) for every letter: kind is rejection, winner or clarification."""
    sent = sent or as_of
    comparison = facts.comparison
    winner = comparison.winner
    count = len(comparison.ranking)
    out: list[tuple[str, str, dict[str, Any]]] = []
    if winner is not None:
        for entry in comparison.ranking:
            if entry.vendor == winner.vendor:
                context = _base(
                    tender, facts, entry.name, label(lang, "letter_winner_subject"), lang, as_of
                )
                letter = context["letter"]
                end = sent + dt.timedelta(days=STANDSTILL_DAYS)
                letter["paragraphs"] += [
                    label(
                        lang,
                        "letter_winner",
                        total=number(entry.total, lang, 2),
                        detail=award_detail(entry, facts.profile, lang),
                        date=format_date(end, lang),
                        days=STANDSTILL_DAYS,
                    ),
                    label(lang, "letter_winner_next"),
                    label(lang, "letter_winner_documents"),
                    label(lang, "letter_winner_blanks"),
                    label(lang, "letter_winner_not_notice"),
                ]
                letter["closing"] = [label(lang, "letter_closing")]
                out.append(("winner", entry.vendor, context))
                continue
            context = _base(
                tender, facts, entry.name, label(lang, "letter_rejection_subject"), lang, as_of
            )
            letter = context["letter"]
            letter["paragraphs"].append(
                label(
                    lang,
                    "letter_ranked",
                    rank=entry.rank,
                    count=count,
                    total=number(entry.total, lang, 2),
                    winner=winner.name,
                    winner_total=number(winner.total, lang, 2),
                )
            )
            letter["rows"] = _rows(facts, entry, winner, lang)
            found = advantages(facts, winner, lang)
            if found:
                letter["closing"].append(
                    label(lang, "letter_advantages", items=semicolon(lang).join(found))
                )
            _standstill(letter, sent, lang, regular=True)
            out.append(("rejection", entry.vendor, context))
    bank = tender.bank
    reasons = {r["name"]: r for r in rejected_offers(facts, bank, lang)}
    for entry in comparison.rejected:
        regularity = facts.regularity[entry.vendor]
        said = reasons.get(entry.name, {"paragraphs": [], "questions": []})
        if entry.state == "incomplete":
            context = _base(
                tender, facts, entry.name, label(lang, "letter_clarification_subject"), lang, as_of
            )
            letter = context["letter"]
            letter["paragraphs"] += [
                label(lang, "letter_clarification"),
                label(lang, "letter_clarification_items"),
            ]
            letter["bullets"] = list(said["questions"])
            if regularity.price_missing:
                letter["bullets"].append(label(lang, "letter_no_price_item"))
            letter["closing"] = [
                label(lang, "letter_clarification_deadline"),
                label(lang, "letter_closing"),
            ]
            out.append(("clarification", entry.vendor, context))
            continue
        if winner is None:
            continue
        context = _base(
            tender, facts, entry.name, label(lang, "letter_rejection_subject"), lang, as_of
        )
        letter = context["letter"]
        letter["paragraphs"].append(
            label(lang, "letter_rejected", state=state_words(entry.state, lang))
        )
        letter["bullets"] = [p for p in said["paragraphs"]]
        letter["closing"].append(
            label(
                lang,
                "letter_rejected_winner",
                winner=winner.name,
                winner_total=number(winner.total, lang, 2),
            )
        )
        _standstill(letter, sent, lang, regular=False)
        out.append(("rejection", entry.vendor, context))
    return out
