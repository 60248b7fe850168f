"""The GHT comparison report, as plain data: the grid as published (with its hash), the
ranking after the gates, the gates per offer, charts, evaluators' disagreements, sensitivity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sovereignty.core.errors import colon
from sovereignty.core.model import Lang
from sovereignty.documents.frame import frame, label, semicolon, short_hash
from sovereignty.documents.render import Picture
from sovereignty.documents.report_context import cites, severity_counts
from sovereignty.scoring.award_words import state_words
from sovereignty.scoring.figures import number
from sovereignty.scoring.model import FindingsMethod
from sovereignty.scoring.published import answers_rule, condition_words, deductions_text


def vendor_rows(offers: Sequence[Any], lang: Lang) -> list[dict[str, str]]:
    rows = []
    for offer in offers:
        classification = offer.classification
        if classification is None:
            regimes = label(lang, "not_available_short")
        else:
            regimes = ", ".join(
                r.title(lang) for r in classification.regimes if r.status == "applies"
            )
        report = offer.report
        rows.append(
            {
                "id": offer.vendor_id,
                "name": offer.name,
                "regimes": regimes or "—",
                "findings": severity_counts(offer.findings, lang),
                "completeness": f"{report.answered}/{report.applicable}",
            }
        )
    return rows


def grid_block(
    profile: Any, profile_hash: str | None, lang: Lang, bank: Any = None
) -> dict[str, Any]:
    """The grid as published; gates say their condition in words: question and choice labels
    from ``bank`` (ids without it), regime titles."""
    if profile is None:
        return {
            "available": False,
            "note": label(lang, "not_available"),
            "identification": [],
            "criteria": [],
            "gates": [],
        }
    identification = [
        (label(lang, "id_profile"), f"{profile.title(lang)} — {profile.id} {profile.version}"),
        ("sha256", (profile_hash or "").removeprefix("sha256:")),
    ]
    criteria = []
    for criterion in profile.criteria:
        axis = profile.axis(criterion.axis)
        method = label(lang, f"method_{criterion.scoring.method}")
        if isinstance(criterion.scoring, FindingsMethod):
            method += f" ({deductions_text(criterion.scoring, lang)})"
        criteria.append(
            {
                "id": criterion.id,
                "axis": axis.label(lang) if axis else criterion.axis,
                "label": criterion.label(lang),
                "weight": number(criterion.weight, lang),
                "method": method,
            }
        )
    gates = [
        {
            "id": requirement.id,
            "label": requirement.label(lang),
            "condition": condition_words(requirement.unmet_when, bank, lang),
            "legal": cites(requirement.legal, lang) or "—",
        }
        for requirement in profile.requirements
    ]
    return {
        "available": True,
        # The grid as published says how answers that do not apply or are unknown are scored.
        "note": f"{label(lang, 'grid_note')} {' — '.join(answers_rule(lang))}",
        "identification": [{"label": k, "value": v} for k, v in identification],
        "criteria": criteria,
        "gates": gates,
    }


def ranking_block(
    comparison: Any,
    scores: Sequence[Any],
    profile: Any,
    names: dict[str, str],
    lang: Lang,
    charts: Sequence[tuple[Path, str]],
) -> dict[str, Any]:
    empty: dict[str, Any] = {
        "available": False,
        "note": label(lang, "not_available"),
        "paragraphs": [],
        "rows": [],
        "gates": [],
        "charts": [],
        "disagreements": [],
        "disagreements_intro": "",
        "sensitivity": [],
    }
    if comparison is None or profile is None:
        return empty
    risk_labels = {r.id: r.label(lang) for r in profile.risk_levels}

    rows = []
    for entry in [*comparison.ranking, *comparison.rejected]:
        status = state_words(entry.state, lang)
        if entry.ex_aequo:
            status += " — ex aequo"
        rows.append(
            {
                "rank": str(entry.rank) if entry.rank is not None else "—",
                "vendor": entry.vendor,
                "name": entry.name,
                "total": number(entry.grid_total, lang, 2),  # as `sovereignty score` shows it
                "risk": risk_labels.get(entry.risk, entry.risk),
                "status": status,
            }
        )
    gates = [
        {
            "vendor": entry.name,
            "gate": label(lang, "cmp_regularity"),
            "outcome": state_words(entry.state, lang),
        }
        for entry in [*comparison.ranking, *comparison.rejected]
    ]
    criterion_labels = {c.id: c.label(lang) for c in profile.criteria}
    disagreements = [
        {
            "vendor": names.get(d.vendor, d.vendor),
            "criterion": criterion_labels.get(d.criterion, d.criterion),
            "spread": number(d.spread, lang, 2),
            "marks": ", ".join(
                f"{k}{colon(lang)}{number(v, lang)}" for k, v in sorted(d.marks.items())
            ),
        }
        for d in comparison.disagreements
    ]
    intro = label(lang, "disagreements_intro")
    if not disagreements:
        intro += " " + label(lang, "no_disagreements")
    sensitivity = []
    robustness = comparison.robustness
    if robustness is not None:
        if robustness.winner is None:
            sensitivity.append(label(lang, "robustness_tie"))
        else:
            sensitivity.append(
                label(
                    lang,
                    "robustness",
                    amplitude=number(robustness.amplitude * 100, lang, 0),
                    draws=number(robustness.draws, lang),  # "2 000 tirages"
                    seed=robustness.seed,
                    winner=names.get(robustness.winner, robustness.winner),
                    share=number(robustness.same_winner * 100, lang, 1),
                )
            )
    for pair in comparison.pairs:
        ahead, behind = names.get(pair.ahead, pair.ahead), names.get(pair.behind, pair.behind)
        gap = number(pair.gap, lang, 2)
        change = pair.smallest
        if change is None:
            sensitivity.append(label(lang, "pair_stable", ahead=ahead, behind=behind, gap=gap))
        else:
            sensitivity.append(
                label(
                    lang,
                    "pair_swap",
                    ahead=ahead,
                    behind=behind,
                    gap=gap,
                    direction=label(lang, change.direction),
                    criterion=criterion_labels.get(change.criterion, change.criterion),
                    weight=number(change.weight, lang),
                    new_weight=number(change.new_weight, lang, 2),
                )
            )
    pending = [
        f"{names.get(v, v)}{colon(lang)}{', '.join(criterion_labels.get(i, i) for i in c)}"
        for v, c in comparison.pending.items()
    ]
    paragraphs = [label(lang, "pending", items=semicolon(lang).join(pending))] if pending else []
    return {
        "available": True,
        "note": "",
        "paragraphs": paragraphs,
        "rows": rows,
        "gates": gates,
        "charts": [{"picture": Picture(p, 160), "caption": c} for p, c in charts],
        "disagreements": disagreements,
        "disagreements_intro": intro,
        "sensitivity": sensitivity,
    }


def comparison_context(
    tender: Any,
    offers: Sequence[Any],
    lang: Lang,
    *,
    as_of: dt.date,
    profile: Any = None,
    profile_hash: str | None = None,
    scores: Sequence[Any] = (),
    comparison: Any = None,
    charts: Sequence[tuple[Path, str]] = (),
    generated: dt.datetime | None = None,
) -> dict[str, Any]:
    settings = tender.settings
    names = {o.vendor_id: o.name for o in offers}
    ranking = ranking_block(comparison, scores, profile, names, lang, charts)
    toc = [label(lang, k) for k in ("cmp_summary_title", "grid_title", "ranking_title")]
    if ranking["available"]:
        toc += [
            f"    {label(lang, k)}"
            for k in ("gates_title", "disagreements_title", "sensitivity_title")
        ]
    context = frame(
        settings,
        lang,
        title=label(lang, "cmp_title"),
        subtitle=label(lang, "cmp_subtitle", count=len(offers), ght=settings.ght or settings.buyer),
        extra=[
            (label(lang, "id_vendors"), ", ".join(o.name for o in offers)),
            (label(lang, "id_profile"), short_hash(profile_hash, lang)),
        ],
        as_of=as_of,
        profile_hash=profile_hash,
        toc=toc,
        generated=generated,
    )
    context.update(
        {
            "summary": {
                "paragraphs": [
                    label(lang, "cmp_working_paper"),
                    label(lang, "cmp_summary_1", count=len(offers), tender=settings.name),
                ]
            },
            "vendors": vendor_rows(offers, lang),
            "grid": grid_block(profile, profile_hash, lang, tender.bank),
            "ranking": ranking,
        }
    )
    return context
