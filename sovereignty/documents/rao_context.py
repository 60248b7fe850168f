"""The offer analysis report (*rapport d'analyse des offres*, CCP art. R2184-1 ff.), as plain
data: buyer, subject, value and procedure; the published criteria and requirements; the offers
received; those set aside and why; for each regular offer, each criterion and sub-criterion
with its score and a written justification; the prices and the abnormally-low check; the
ranking and its sensitivity; the evaluators by name and establishment; the award proposal and
the signature block.

Justifications are written from the offer's answers (question labels and answers in words),
the findings (their titles), the evaluators' reasoned marks (by name) and overrides: never an
internal id. The numbers are those of the comparison, the same as ``sovereignty compare``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sovereignty.core.legal import cite
from sovereignty.core.model import Lang
from sovereignty.documents.annex_context import answer_text
from sovereignty.documents.frame import frame, label, semicolon, short_hash
from sovereignty.scoring.award import PRICE_COMPONENTS, PRICE_FORMULAS, award_weight
from sovereignty.scoring.award_words import consequence_words, criterion_scoring, state_words
from sovereignty.scoring.compare import Comparison, RankEntry
from sovereignty.scoring.engine import OfferScore
from sovereignty.scoring.figures import money, number, points, share
from sovereignty.scoring.model import Criterion, Profile
from sovereignty.scoring.published import condition_words
from sovereignty.scoring.regularity import Regularity
from sovereignty.scoring.results import CriterionResult, Evidence, Fact

QUESTION_ID = re.compile(r" \((?:[a-z0-9_]+\.)+[a-z0-9_]+\)")
LOW_QUESTIONS = ("rao_low_q1", "rao_low_q2", "rao_low_q3", "rao_low_q4", "rao_low_q5")


@dataclass
class AwardFacts:
    """What the report reads, each computed once by the services."""

    profile: Profile
    profile_hash: str
    scores: Mapping[str, OfferScore]
    regularity: Mapping[str, Regularity]
    prices: Mapping[str, Any]  # vendor -> PriceSchedule | None
    comparison: Comparison
    evaluators: Sequence[Any]  # EvaluatorFile
    findings: Mapping[str, Sequence[Any]]  # vendor -> the offer's findings
    completeness: Mapping[str, str]  # vendor -> "answered/applicable"
    establishments: Mapping[str, str] = field(default_factory=dict)  # id -> name
    rounds: Mapping[str, Sequence[Any]] = field(default_factory=dict)  # services.award.Round
    journal: tuple[int, str] | None = None  # entry count and last hash

    @property
    def months(self) -> int:
        award = self.profile.award
        return award.price.duration_months if award else 12


# --- words -------------------------------------------------------------------------------------
def fact_words(fact: Fact, bank: Any, findings: Sequence[Any], lang: Lang) -> str:
    """One input in words: « question label » : answer, a regime, a finding by its title."""
    if fact.kind == "regime":
        from sovereignty.clauses.select import regime_title

        title = regime_title(fact.id, lang)
        state = "unknown" if fact.state == "unknown" else ("applies" if fact.value else "not")
        said = {"unknown": ("indéterminé", "undetermined"), "applies": ("s'applique", "applies")}
        words = said.get(state, ("ne s'applique pas", "does not apply"))
        return f"« {title} » {words[0]}" if lang == "fr" else f"“{title}” {words[1]}"
    if fact.kind == "finding":
        raised = next((f for f in findings if f.id == fact.id), None)
        name = raised.title(lang) if raised else fact.id
        return f"« {name} »" if lang == "fr" else f"“{name}”"
    question = bank.by_id.get(fact.id) if bank is not None else None
    name = question.label(lang) if question else fact.id
    if fact.state != "value":
        shown = label(lang, f"state_{fact.state}")
    else:
        try:
            shown = answer_text(question, fact.value, lang) if question else str(fact.value)
        except (TypeError, AttributeError):
            shown = str(fact.value)
    return f"« {name} » : {shown}" if lang == "fr" else f"“{name}”: {shown}"


def _evidence_words(
    evidence: Evidence,
    criterion: Criterion,
    result: CriterionResult,
    facts: AwardFacts,
    bank: Any,
    vendor: str,
    lang: Lang,
) -> str:
    findings = facts.findings.get(vendor, ())
    kind = evidence.kind
    if kind in ("answer", "condition"):
        items = getattr(criterion.scoring, "items", ())
        item = (
            items[evidence.item]
            if evidence.item is not None and evidence.item < len(items)
            else None
        )
        item_label = getattr(item, "label", None)
        head = f"{item_label(lang)} — " if item_label is not None else ""
        said = semicolon(lang).join(fact_words(f, bank, findings, lang) for f in evidence.facts)
        return (
            f"{head}{said} → {points(evidence.points or 0, lang)}/{points(evidence.max or 0, lang)}"
        )
    if kind == "finding":
        raised = next(
            (f for f in findings if f.id == evidence.finding and f.subject == evidence.subject),
            None,
        )
        name = raised.title(lang) if raised else str(evidence.finding)
        return f"{name} → −{number(evidence.deduction or 0, lang)} %"
    if kind == "no_finding":
        return label(lang, "no_findings")
    if kind == "not_assessed":
        names = semicolon(lang).join(fact_words(f, bank, findings, lang) for f in evidence.facts)
        return (
            label(lang, "rao_pending") if not names else f"{label(lang, 'state_missing')} : {names}"
        )
    if kind == "evaluation":
        person = next((e for e in facts.evaluators if e.evaluator == evidence.evaluator), None)
        scale = getattr(criterion.scoring, "scale", None)
        return label(
            lang,
            "rao_evaluator_mark",
            name=person.name if person else evidence.evaluator,
            establishment=facts.establishments.get(person.establishment, person.establishment)
            if person
            else "",
            mark=number(evidence.mark or 0, lang),
            max=number(scale.max if scale else 5, lang),
            justification=evidence.justification or "",
        )
    if kind == "override":
        return label(
            lang, "rao_override", by=evidence.by, at=evidence.at, why=evidence.justification
        )
    return ""


# --- blocks --------------------------------------------------------------------------------------
def _subject(settings: Any, facts: AwardFacts, lang: Lang) -> list[dict[str, str]]:
    award = facts.profile.award
    budget = award.price.budget if award else None
    ght = settings.ght or settings.buyer
    rows = [
        (label(lang, "rao_buyer"), label(lang, "rao_buyer_value", buyer=settings.buyer, ght=ght)),
        (label(lang, "rao_subject"), settings.name),
        (label(lang, "rao_reference"), settings.reference or "—"),
        (
            label(lang, "rao_value"),
            label(lang, "rao_value_budget", amount=money(budget, lang))
            if budget
            else label(lang, "rao_value_unknown"),
        ),
        (label(lang, "rao_procedure"), label(lang, "rao_procedure_unknown")),
        (label(lang, "rao_duration"), label(lang, "rao_duration_value", months=facts.months)),
        (label(lang, "rao_grid"), facts.profile_hash),
    ]
    if facts.journal is not None:
        entries, last = facts.journal
        rows.append(
            (
                label(lang, "rao_journal"),
                label(lang, "rao_journal_value", entries=entries, hash=last),
            )
        )
    return [{"label": k, "value": v} for k, v in rows]


def _criteria(facts: AwardFacts, bank: Any, lang: Lang) -> tuple[list[Any], list[Any]]:
    profile = facts.profile
    award = profile.award
    criteria = []
    if award is not None:
        for criterion in award.criteria:
            criteria.append(
                {
                    "label": criterion.label(lang),
                    "weight": f"{points(award_weight(award, criterion.id), lang)} %",
                    "method": criterion_scoring(profile, criterion, lang),
                }
            )
    requirements = [
        {
            "label": r.label(lang),
            # question labels only: the ids in parentheses are for the grid's readers
            "condition": QUESTION_ID.sub("", condition_words(r.unmet_when, bank, lang)),
            "consequence": consequence_words(r.consequence, lang),
            "legal": semicolon(lang).join(cite(x, lang) for x in r.legal),
        }
        for r in profile.requirements
    ]
    return criteria, requirements


def rejected_offers(facts: AwardFacts, bank: Any, lang: Lang) -> list[dict[str, Any]]:
    out = []
    for entry in facts.comparison.rejected:
        regularity = facts.regularity.get(entry.vendor)
        if regularity is None:
            continue
        findings = facts.findings.get(entry.vendor, ())
        paragraphs = []
        for result in regularity.unmet:
            requirement = facts.profile.requirement(result.id)
            if requirement is None:  # the budget
                paragraphs.append(
                    label(
                        lang,
                        "rao_budget_unmet",
                        price=money(regularity.price or 0, lang),
                        budget=money(regularity.budget or 0, lang),
                    )
                )
                continue
            shown = [f for f in result.facts if f.state == "value" and f.value not in (None, False)]
            paragraphs.append(
                label(
                    lang,
                    "rao_unmet",
                    label=requirement.label(lang),
                    facts=semicolon(lang).join(
                        fact_words(f, bank, findings, lang) for f in shown or result.facts
                    ),
                    consequence=consequence_words(requirement.consequence, lang),
                    legal=semicolon(lang).join(cite(x, lang) for x in requirement.legal),
                )
            )
        questions = [_question(q, bank, lang) for q in regularity.ask]
        if regularity.ask or regularity.missing:
            paragraphs.append(
                label(
                    lang,
                    "rao_missing",
                    count=len(regularity.missing),
                    asked=len(regularity.ask),
                )
            )
        if regularity.price_missing:
            paragraphs.append(label(lang, "rao_no_price"))
        for round_ in facts.rounds.get(entry.vendor, ()):
            paragraphs.append(
                label(
                    lang,
                    "rao_round",
                    at=round_.asked_at,
                    by=round_.asked_by,
                    request=round_.request,
                )
            )
            paragraphs.append(
                label(lang, "rao_round_answered", at=round_.answered_at, answer=round_.answer)
                if round_.answered_at
                else label(lang, "rao_round_open")
            )
        out.append(
            {
                "name": entry.name,
                "state": state_words(entry.state, lang),
                "paragraphs": paragraphs,
                "questions": questions,
            }
        )
    return out


def _question(qid: str, bank: Any, lang: Lang) -> str:
    question = bank.by_id.get(qid) if bank is not None else None
    return question.label(lang) if question else qid


def award_detail(entry: RankEntry, profile: Profile, lang: Lang) -> str:
    award = profile.award
    if award is None:
        return ""
    return semicolon(lang).join(
        f"{c.label(lang).split(':')[0].strip()} {points(entry.points.get(c.id, 0.0), lang)}"
        f"/{points(award_weight(award, c.id), lang)}"
        for c in award.criteria
    )


def _regular(facts: AwardFacts, bank: Any, lang: Lang) -> list[dict[str, Any]]:
    profile = facts.profile
    award = profile.award
    ranked = facts.comparison.ranking
    prices = {e.vendor: e.price for e in ranked if e.price is not None}
    out = []
    for entry in ranked:
        score = facts.scores[entry.vendor]
        rows: list[dict[str, str]] = []
        if award is not None:
            for criterion in award.criteria:
                weight = award_weight(award, criterion.id)
                earned = entry.points.get(criterion.id, 0.0)
                if criterion.kind == "price":
                    rows.append(
                        {
                            "label": criterion.label(lang),
                            "score": f"{points(earned, lang)} / {points(weight, lang)}",
                            "justification": _price_words(
                                entry, prices, criterion.formula, weight, lang
                            ),
                        }
                    )
                    continue
                own = [c for c in profile.criteria if c.axis in criterion.axes]
                got = sum(score.criterion(c.id).points for c in own)
                top = sum(c.weight for c in own)
                rows.append(
                    {
                        "label": criterion.label(lang),
                        "score": f"{points(earned, lang)} / {points(weight, lang)}",
                        "justification": label(
                            lang,
                            "rao_criterion_row",
                            points=points(got, lang),
                            max=points(top, lang),
                            weight=points(weight, lang),
                        ),
                    }
                )
                for sub in own:
                    rows.append(_sub_row(sub, score, facts, bank, entry.vendor, lang))
        out.append(
            {
                "name": entry.name,
                "paragraphs": [
                    label(
                        lang,
                        "rao_offer_summary",
                        total=number(entry.total, lang, 2),
                        rank=entry.rank,
                        detail=award_detail(entry, profile, lang),
                    )
                ],
                "rows": rows,
            }
        )
    return out


def _price_words(
    entry: RankEntry, prices: Mapping[str, float], formula: Any, weight: float, lang: Lang
) -> str:
    if entry.price is None or formula is None:
        return "—"
    low, high = min(prices.values()), max(prices.values())
    if formula == "proportional":
        computation = f"{points(weight, lang)} × {money(low, lang)} ÷ {money(entry.price, lang)}"
    else:
        computation = (
            f"{points(weight, lang)} × ({money(high, lang)} − {money(entry.price, lang)}) ÷ "
            f"({money(high, lang)} − {money(low, lang)})"
        )
    return label(
        lang,
        "rao_price_row",
        price=money(entry.price, lang),
        formula=PRICE_FORMULAS[formula](lang),
        computation=computation,
    )


def _sub_row(
    criterion: Criterion, score: OfferScore, facts: AwardFacts, bank: Any, vendor: str, lang: Lang
) -> dict[str, str]:
    result = score.criterion(criterion.id)
    lines = [
        _evidence_words(e, criterion, result, facts, bank, vendor, lang) for e in result.evidence
    ]
    if result.pending:
        lines.append(label(lang, "rao_pending"))
    return {
        "label": f"    {criterion.label(lang)}",
        "score": f"{points(result.points, lang)} / {points(criterion.weight, lang)}",
        "justification": "\n".join(x for x in lines if x) or label(lang, "rao_nothing"),
    }


def _prices(facts: AwardFacts, names: Mapping[str, str], lang: Lang) -> list[dict[str, str]]:
    rows = []
    for vendor, schedule in facts.prices.items():
        if schedule is None:
            rows.append(
                {"name": names[vendor], "components": label(lang, "rao_no_price"), "total": "—"}
            )
            continue
        parts = [
            label(
                lang,
                "rao_component",
                name=PRICE_COMPONENTS[c](lang),
                amount=money(schedule.cost(c, facts.months), lang),
            )
            for c in PRICE_COMPONENTS
            if c in schedule.components
        ]
        if schedule.not_priced:
            missing = ", ".join(PRICE_COMPONENTS[c](lang).lower() for c in schedule.not_priced)
            parts.append(label(lang, "rao_not_priced", names=missing))
        rows.append(
            {
                "name": names[vendor],
                "components": semicolon(lang).join(parts),
                "total": money(schedule.life_cycle_cost(facts.months), lang),
            }
        )
    return rows


def _low(facts: AwardFacts, names: Mapping[str, str], lang: Lang) -> tuple[list[str], list[str]]:
    from sovereignty.scoring.compare import LOW_PRICE_GAP

    lows = facts.comparison.low_prices
    if not lows:
        return [label(lang, "rao_low_none", gap=share(LOW_PRICE_GAP, lang))], []
    paragraphs = [
        label(
            lang,
            "rao_low",
            name=names[low.vendor],
            price=money(low.price, lang),
            gap=share(low.gap, lang),
            mean=money(low.others_mean, lang),
        )
        for low in lows
    ]
    return paragraphs, [label(lang, q) for q in LOW_QUESTIONS]


def _ranking(facts: AwardFacts, names: Mapping[str, str], lang: Lang) -> list[dict[str, Any]]:
    rows = []
    for entry in facts.comparison.ranking:
        notes = []
        if entry.ex_aequo:
            others = ", ".join(names[v] for v in entry.ex_aequo)
            notes.append(label(lang, "rao_tied", others=others))
        if entry.separated_by and entry.separated_by != "total":
            notes.append(
                label(lang, "rao_broken", by=_line_name(entry.separated_by, facts.profile, lang))
            )
        detail = award_detail(entry, facts.profile, lang)
        rows.append(
            {
                "rank": str(entry.rank),
                "name": entry.name,
                "detail": detail + (f" ({', '.join(notes)})" if notes else ""),
                "total": number(entry.total, lang, 2),
            }
        )
    return rows


def _line_name(ref: str, profile: Profile, lang: Lang) -> str:
    award = profile.award
    found = award.criterion(ref) if award else None
    if found is not None:
        return f"« {found.label(lang)} »" if lang == "fr" else f"“{found.label(lang)}”"
    axis = profile.axis(ref)
    if axis is not None:
        return f"« {axis.label(lang)} »" if lang == "fr" else f"“{axis.label(lang)}”"
    criterion = profile.criterion(ref)
    name = criterion.label(lang) if criterion else ref
    return f"« {name} »" if lang == "fr" else f"“{name}”"


def _sensitivity(facts: AwardFacts, names: Mapping[str, str], lang: Lang) -> list[str]:
    comparison = facts.comparison
    out = []
    for pair in comparison.pairs:
        change = pair.smallest
        common = {
            "ahead": names[pair.ahead],
            "behind": names[pair.behind],
            "gap": number(pair.gap, lang, 2),
        }
        if change is None:
            out.append(label(lang, "rao_no_swap", **common))
        else:
            out.append(
                label(
                    lang,
                    "rao_swap",
                    line=_line_name(change.criterion, facts.profile, lang),
                    weight=points(change.weight, lang),
                    new=number(change.new_weight, lang, 2),
                    **common,
                )
            )
    robust = comparison.robustness
    if robust is not None and robust.winner is not None and comparison.pairs:
        out.append(
            label(
                lang,
                "rao_robust",
                amplitude=number(robust.amplitude * 100, lang, 0),
                draws=number(robust.draws, lang),
                seed=robust.seed,
                winner=names[robust.winner],
                share=number(robust.same_winner * 100, lang, 1),
            )
        )
    return out or [label(lang, "rao_robust_none")]


def advantages(facts: AwardFacts, winner: RankEntry, lang: Lang) -> list[str]:
    """The award criteria on which the winner beats every other ranked offer."""
    award = facts.profile.award
    others = [e for e in facts.comparison.ranking if e.vendor != winner.vendor]
    if award is None or not others:
        return []
    found = []
    for criterion in award.criteria:
        own = winner.points.get(criterion.id, 0.0)
        best = max(e.points.get(criterion.id, 0.0) for e in others)
        if own > best + 1e-9:
            found.append(
                label(
                    lang,
                    "rao_advantage",
                    label=criterion.label(lang).split(":")[0].strip(),
                    own=points(own, lang),
                    best=points(best, lang),
                )
            )
    return found


def _proposal(facts: AwardFacts, lang: Lang) -> list[str]:
    winner = facts.comparison.winner
    if winner is None:
        return [label(lang, "rao_no_proposal", reason=label(lang, "rao_no_proposal_reason"))]
    paragraphs = [
        label(
            lang,
            "rao_proposal",
            name=winner.name,
            total=number(winner.total, lang, 2),
            detail=award_detail(winner, facts.profile, lang),
        )
    ]
    found = advantages(facts, winner, lang)
    if found:
        paragraphs.append(label(lang, "rao_advantages", items=semicolon(lang).join(found)))
    paragraphs.append(label(lang, "rao_standstill"))
    return paragraphs


def rao_context(
    tender: Any,
    facts: AwardFacts,
    lang: Lang,
    *,
    as_of: dt.date,
    generated: dt.datetime | None = None,
) -> dict[str, Any]:
    settings = tender.settings
    bank = tender.bank
    names = {v: s.name for v, s in facts.scores.items()}
    count = len(facts.scores)
    criteria, requirements = _criteria(facts, bank, lang)
    low_paragraphs, low_questions = _low(facts, names, lang)
    rejected = rejected_offers(facts, bank, lang)
    titles = (
        "rao_subject_title",
        "rao_criteria_title",
        "rao_offers_title",
        "rao_rejected_title",
        "rao_analysis_title",
        "rao_prices_title",
        "rao_ranking_title",
        "rao_evaluators_title",
        "rao_proposal_title",
    )
    context = frame(
        settings,
        lang,
        title=label(lang, "rao_title"),
        subtitle=label(lang, "rao_subtitle", count=count, buyer=settings.buyer),
        extra=[(label(lang, "id_profile"), short_hash(facts.profile_hash, lang))],
        as_of=as_of,
        profile_hash=facts.profile_hash,
        toc=[label(lang, t) for t in titles],
        generated=generated,
    )
    evaluators = [
        {
            "name": e.name,
            "role": e.role or "—",
            "establishment": facts.establishments.get(e.establishment, e.establishment),
        }
        for e in facts.evaluators
    ]
    spread = share(facts.profile.evaluation.disagreement_above, lang)
    ranked = facts.comparison.ranking
    context["rao"] = {
        "subject": _subject(settings, facts, lang),
        "subject_notes": [label(lang, "rao_legal_note")],
        "criteria_intro": label(lang, "rao_criteria_intro", hash=facts.profile_hash),
        "criteria": criteria,
        "requirements": requirements,
        "offers_intro": label(lang, "rao_offers_intro", count=count),
        "offers": [
            {
                "name": names[v],
                "price": money(r.price, lang) if r.price is not None else "—",
                "completeness": facts.completeness.get(v, "—"),
                "state": state_words(
                    next((e.state for e in ranked if e.vendor == v), r.state), lang
                ),
            }
            for v, r in facts.regularity.items()
        ],
        "rejected_intro": label(lang, "rao_rejected_intro")
        + ("" if rejected else " " + label(lang, "rao_rejected_none")),
        "rejected": rejected,
        "analysis_intro": label(lang, "rao_analysis_intro"),
        "regular": _regular(facts, bank, lang),
        "prices_intro": label(lang, "rao_prices_intro", months=facts.months),
        "prices": _prices(facts, names, lang),
        "low_prices": low_paragraphs,
        "low_questions": low_questions,
        "ranking_intro": label(lang, "rao_ranking_intro" if ranked else "rao_no_ranking"),
        "ranking": _ranking(facts, names, lang),
        "sensitivity": _sensitivity(facts, names, lang),
        "evaluators_intro": label(lang, "rao_evaluators_intro", spread=spread)
        if evaluators
        else label(lang, "rao_no_evaluators"),
        "evaluators": evaluators,
        "proposal": _proposal(facts, lang),
        "signature": signature(facts, lang),
    }
    return context


def signature(facts: AwardFacts, lang: Lang) -> dict[str, Any]:
    signatories = [{"role": label(lang, "rao_signatory_buyer"), "name": ""}]
    signatories += [
        {
            "role": label(
                lang,
                "rao_signatory_evaluator",
                establishment=facts.establishments.get(e.establishment, e.establishment),
            ),
            "name": e.name + (f", {e.role}" if e.role else ""),
        }
        for e in facts.evaluators
    ]
    return {"place_date": label(lang, "rao_place_date"), "signatories": signatories}
