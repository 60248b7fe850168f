"""Plain-text rendering of the comparison (fr / en): the offers not ranked and why, the award
table of the regular offers (price, technical value, environment, total), the grid's axes,
abnormally low prices, sensitivity, evaluators' disagreements, overrides.

No terminal code: lists of lines, printed by the CLI and reused in summaries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sovereignty.core.model import Lang
from sovereignty.scoring.award_words import state_words
from sovereignty.scoring.compare import Comparison, RankEntry
from sovereignty.scoring.engine import OfferScore
from sovereignty.scoring.figures import money, number, percent, points, share
from sovereignty.scoring.model import Profile
from sovereignty.scoring.present import (
    colon,
    criterion_name,
    risk_label,
    short_names,
    table,
    tie_break_name,
    w,
)
from sovereignty.scoring.regularity import Regularity

WORDS: dict[str, tuple[str, str]] = {
    "price": ("Prix (cycle de vie)", "Price (life cycle)"),
    "rejected": ("Offres non classées", "Offers not ranked"),
    "reason": ("Motif", "Reason"),
    "state": ("État", "State"),
    "no_regular": ("Aucune offre régulière à classer.", "No regular offer to rank."),
    "unmet": ("exigence « {r} » non respectée", "requirement “{r}” not met"),
    "ask": ("{n} question(s) à poser", "{n} question(s) to ask"),
    "missing": ("{n} réponse(s) obligatoire(s) manquante(s)", "{n} required answer(s) missing"),
    "no_price": ("pas de prix", "no price"),
    "budget": ("prix au-delà du budget", "price above the budget"),
    "low": (
        "Prix possiblement anormalement bas (CCP art. L2152-5 et L2152-6 : demander des "
        "explications avant de décider)",
        "Possibly abnormally low prices (CCP art. L2152-5 and L2152-6: ask for explanations "
        "before deciding)",
    ),
    "low_line": (
        "{n} : {p}, {g} sous la moyenne des autres offres ({m})",
        "{n}: {p}, {g} below the other offers' mean ({m})",
    ),
}


def word(key: str, lang: Lang, **values: str) -> str:
    text = WORDS[key][0 if lang == "fr" else 1]
    return text.format(**values) if values else text


def rejection_reasons(regularity: Regularity, profile: Profile, lang: Lang) -> list[str]:
    """Why an offer is not ranked, in short phrases (the requirement's label, the count of
    questions to ask...)."""
    reasons = []
    for result in regularity.unmet:
        requirement = profile.requirement(result.id)
        if requirement is None:
            reasons.append(word("budget", lang))
        else:
            reasons.append(word("unmet", lang, r=requirement.label(lang)))
    if regularity.missing:
        reasons.append(word("missing", lang, n=str(len(regularity.missing))))
    undetermined = [q for q in regularity.ask if q not in regularity.missing]
    if undetermined:
        reasons.append(word("ask", lang, n=str(len(undetermined))))
    if regularity.price_missing:
        reasons.append(word("no_price", lang))
    return reasons


def line_name(line: str, profile: Profile, lang: Lang) -> str:
    """A line of the award (an award criterion or a grid criterion) by its label."""
    award = profile.award
    criterion = award.criterion(line) if award else None
    if criterion is not None:
        return f"« {criterion.label(lang)} »" if lang == "fr" else f"“{criterion.label(lang)}”"
    return criterion_name(line, profile, lang)


def _award_rows(entries: Sequence[RankEntry], profile: Profile, lang: Lang) -> list[list[str]]:
    award_ids = [c.id for c in profile.award.criteria] if profile.award else []
    rows = []
    for entry in entries:
        notes = []
        if entry.ex_aequo:
            notes.append(w("ex_aequo", lang))
        if entry.separated_by and entry.separated_by != "total":
            notes.append(w("tie_broken", lang, t=_tie_name(entry.separated_by, profile, lang)))
        rows.append(
            [
                str(entry.rank),
                entry.name,
                "—" if entry.price is None else money(entry.price, lang),
                *(points(entry.points.get(a, 0.0), lang) for a in award_ids),
                number(entry.total, lang, 2),
                ", ".join(notes),
            ]
        )
    return rows


def _tie_name(ref: str, profile: Profile, lang: Lang) -> str:
    award = profile.award
    if award is not None and award.criterion(ref) is not None:
        return line_name(ref, profile, lang)
    return tie_break_name(ref, profile, lang)


def comparison_lines(
    comparison: Comparison,
    scores: Sequence[OfferScore],
    profile: Profile,
    lang: Lang,
    frozen: bool | None = None,
    regularity: Mapping[str, Regularity] | None = None,
    axes: bool = True,
) -> list[str]:
    """The comparison; ``axes``: with the table of the grid's axes per offer."""
    by_vendor = {s.vendor: s for s in scores}
    head = f"{comparison.profile_id} {comparison.profile_version} {comparison.profile_hash or ''}"
    if frozen is not None:
        head += f" — {w('frozen' if frozen else 'not_frozen', lang)}"
    lines = [head.strip(), ""]
    award = profile.award
    award_heads = (
        [f"{c.label(lang).split(':')[0].strip()} /{points(c.weight, lang)}" for c in award.criteria]
        if award
        else []
    )
    if comparison.ranking:
        lines += table(
            [w("rank", lang), w("offer", lang), word("price", lang), *award_heads, "/100", ""],
            _award_rows(comparison.ranking, profile, lang),
        )
    else:
        lines.append(word("no_regular", lang))
    if comparison.rejected:
        rows = []
        for entry in comparison.rejected:
            found = regularity.get(entry.vendor) if regularity else None
            reasons = rejection_reasons(found, profile, lang) if found else []
            rows.append([entry.name, state_words(entry.state, lang), "; ".join(reasons)])
        lines += [
            "",
            word("rejected", lang),
            *table([w("offer", lang), word("state", lang), word("reason", lang)], rows),
        ]
    if axes:
        lines += _axes_lines(comparison, by_vendor, profile, lang)
    if comparison.low_prices:
        lines += ["", word("low", lang)]
        for low in comparison.low_prices:
            lines.append(
                "  "
                + word(
                    "low_line",
                    lang,
                    n=by_vendor[low.vendor].name,
                    p=money(low.price, lang),
                    g=share(low.gap, lang),
                    m=money(low.others_mean, lang),
                )
            )
    lines += _sensitivity_lines(comparison, by_vendor, profile, lang)
    lines += _review_lines(comparison, by_vendor, profile, lang)
    return lines


def _axes_lines(
    comparison: Comparison, by_vendor: Mapping[str, OfferScore], profile: Profile, lang: Lang
) -> list[str]:
    order = [e.vendor for e in (*comparison.ranking, *comparison.rejected)]
    axis_rows = []
    for axis in profile.axes:
        cells = []
        for vendor in order:
            result = by_vendor[vendor].axis(axis.id)
            cells.append(f"{number(result.points, lang, 1)}/{number(result.max, lang)}")
        axis_rows.append([axis.label(lang), *cells])
    risk_row = [w("risk_col", lang), *(risk_label(profile, by_vendor[v], lang) for v in order)]
    headers = short_names([by_vendor[v].name for v in order])
    return ["", *table([w("axis", lang), *headers], [*axis_rows, risk_row])]


def _sensitivity_lines(
    comparison: Comparison, by_vendor: Mapping[str, OfferScore], profile: Profile, lang: Lang
) -> list[str]:
    lines = []
    if comparison.pairs or comparison.robustness:
        lines += ["", w("sensitivity", lang)]
    for pair in comparison.pairs:
        names = {"a": by_vendor[pair.ahead].name, "b": by_vendor[pair.behind].name}
        if pair.smallest is None:
            lines.append("  " + w("no_swap", lang, g=number(pair.gap, lang, 2), **names))
            continue
        change = pair.smallest
        lines.append(
            "  "
            + w(
                "swap",
                lang,
                g=number(pair.gap, lang, 2),
                c=line_name(change.criterion, profile, lang),
                w=points(change.weight, lang),
                n=number(change.new_weight, lang, 2),
                r=share(change.relative, lang, sign=True),
                **names,
            )
        )
    robust = comparison.robustness
    if robust is not None:
        if robust.winner is not None:
            lines.append(
                "  "
                + w(
                    "robust",
                    lang,
                    w=by_vendor[robust.winner].name,
                    s=share(robust.same_winner, lang, 1),
                    n=number(robust.draws, lang),
                    a=share(robust.amplitude, lang),
                    seed=robust.seed,
                )
            )
        else:
            wins = ", ".join(f"{by_vendor[v].name} {n}" for v, n in robust.wins.items())
            lines.append("  " + w("robust_tie", lang, n=number(robust.draws, lang), wins=wins))
    return lines


def _review_lines(
    comparison: Comparison, by_vendor: Mapping[str, OfferScore], profile: Profile, lang: Lang
) -> list[str]:
    lines = []
    if comparison.disagreements:
        lines += ["", w("disagreements", lang)]
        for d in comparison.disagreements:
            marks = ", ".join(f"{e} {number(m, lang)}" for e, m in d.marks.items())
            spread = w("spread", lang, s=number(d.spread, lang))
            about = f"{by_vendor[d.vendor].name} / {criterion_name(d.criterion, profile, lang)}"
            lines.append(f"  {about}{colon(lang)}{spread} ({marks})")
    if comparison.overrides:
        lines += ["", w("overrides", lang)]
        for o in comparison.overrides:
            computed = "—" if o.computed is None else percent(o.computed, lang, 0)
            about = f"{by_vendor[o.vendor].name} / {criterion_name(o.criterion, profile, lang)}"
            said = w(
                "override",
                lang,
                by=o.by,
                at=o.at,
                p=percent(o.percent, lang),
                why=o.justification,
                c=computed,
            )
            lines.append(f"  {about}{colon(lang)}{said}")
    if comparison.pending:
        lines += ["", w("pending_list", lang)]
        lines += [
            f"  {by_vendor[v].name}{colon(lang)}"
            + ", ".join(criterion_name(c, profile, lang) for c in criteria)
            for v, criteria in comparison.pending.items()
        ]
    return lines
