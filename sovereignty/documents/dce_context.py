"""The award-criteria excerpt of the règlement de la consultation and the minimum requirements,
as plain data for their templates, from the frozen grid only (pure).

Every number comes from the functions the award applies (``scoring.award``: the weight of an
award criterion, the points of each sub-criterion; ``scoring.published``: an item's points in
the grid's points), so what is published is what is applied, point for point. Questions are
named by their label, never by their id.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sovereignty.core.legal import cite
from sovereignty.core.model import Lang
from sovereignty.documents.frame import frame, label, semicolon
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.scoring.award import award_weight, subcriterion_points
from sovereignty.scoring.award_words import criterion_scoring, requirement_text, word
from sovereignty.scoring.figures import points
from sovereignty.scoring.published import answers_rule, condition_words, item_words


def without_ids(text: str, bank: QuestionBank) -> str:
    """``text`` without the question ids written after question labels (« … ? » (hosting.hds))."""

    def drop(match: re.Match[str]) -> str:
        return "" if match.group(1) in bank.by_id else match.group(0)

    return re.sub(r" \(([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+)\)", drop, text)


def _frame(
    settings: Any, lang: Lang, loaded: Any, title: str, subtitle: str, as_of: dt.date
) -> dict[str, Any]:
    from sovereignty import __version__
    from sovereignty.documents.frame import format_date

    profile = loaded.profile
    grid = f"{profile.title(lang)} ({profile.id} {profile.version})"
    context = frame(
        settings,
        lang,
        title=title,
        subtitle=subtitle,
        extra=[(label(lang, "id_profile"), grid), (label(lang, "id_grid_hash"), loaded.hash)],
        as_of=as_of,
        profile_hash=loaded.hash,
        toc=[],
    )
    generated = format_date(dt.date.today(), lang)
    context["doc"]["notice"] = label(lang, "notice_grid", version=__version__, generated=generated)
    return context


def criteria_context(
    settings: Any, bank: QuestionBank, loaded: Any, lang: Lang, as_of: dt.date
) -> dict[str, Any]:
    """Criteria, sub-criteria, weights, minimum requirements in words, scoring method per
    sub-criterion, how missing answers are scored, ties."""
    profile = loaded.profile
    award = profile.award
    assert award is not None  # the loader requires the award rules
    context = _frame(
        settings,
        lang,
        loaded,
        label(lang, "rc_title"),
        label(lang, "rc_subtitle", tender=settings.name),
        as_of,
    )
    axis_of = {c.id: c.axis for c in profile.criteria}
    weights = {c.id: c.weight for c in profile.criteria}
    shares = subcriterion_points(award, axis_of, weights)
    criteria = []
    for criterion in award.criteria:
        subs = []
        for axis in profile.axes:
            if axis.id not in criterion.axes:
                continue
            for sub in profile.criteria_of(axis.id):
                subs.append(
                    {
                        "label": f"{sub.label(lang)} ({axis.label(lang)})",
                        "points": points(shares.get(sub.id, 0.0), lang),
                        "grid": points(sub.weight, lang),
                        "method": [
                            {
                                "item": without_ids(item, bank),
                                "points": pts,
                                "rule": without_ids(rule, bank),
                            }
                            for item, pts, rule in item_words(sub, bank, lang)
                        ],
                    }
                )
        criteria.append(
            {
                "label": criterion.label(lang),
                "weight": points(award_weight(award, criterion.id), lang),
                "how": without_ids(criterion_scoring(profile, criterion, lang), bank),
                "description": criterion.description(lang) if criterion.description else "",
                "legal": semicolon(lang).join(cite(r, lang) for r in criterion.legal),
                "subcriteria": subs,
            }
        )
    rule_title, rule = answers_rule(lang)
    ties = ""
    if award.tie_break:
        names = []
        for ref in award.tie_break:
            found = award.criterion(ref)
            names.append(f"« {found.label(lang)} »" if found else ref)
        ties = word("ties", lang, t=", ".join(names))
    context.update(
        {
            "intro": [label(lang, "rc_intro"), word("only_regular", lang)],
            "criteria": criteria,
            "requirements": requirement_rows(profile, bank, lang),
            "answers_rule": {"title": rule_title, "text": rule},
            "ties": ties,
        }
    )
    return context


def requirement_rows(profile: Any, bank: QuestionBank, lang: Lang) -> list[dict[str, str]]:
    rows = []
    for requirement in profile.requirements:
        said = condition_words(requirement.unmet_when, bank, lang)
        when, consequence, legal = requirement_text(requirement, said, lang)
        rows.append(
            {
                "label": requirement.label(lang),
                "when": without_ids(when, bank),
                "consequence": consequence,
                "explanation": requirement.explanation(lang) if requirement.explanation else "",
                "legal": legal,
            }
        )
    return rows


def requirements_context(
    settings: Any, bank: QuestionBank, loaded: Any, lang: Lang, as_of: dt.date
) -> dict[str, Any]:
    """The minimum requirements, for the CCTP or the RC: what makes an offer irregular,
    unacceptable or inappropriate, each with its legal basis; checked before any scoring."""
    context = _frame(
        settings,
        lang,
        loaded,
        label(lang, "req_title"),
        label(lang, "rc_subtitle", tender=settings.name),
        as_of,
    )
    context.update(
        {
            "intro": [
                label(lang, key)
                for key in (
                    "req_intro",
                    "req_how",
                    "req_consequences",
                    "req_regularisation",
                    "req_not_scores",
                )
            ],
            "requirements": requirement_rows(loaded.profile, bank, lang),
        }
    )
    return context
