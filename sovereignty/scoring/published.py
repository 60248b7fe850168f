"""The scoring grid as published in the consultation documents (``profile show``), as plain
text in French or English: criteria, sub-criteria and their points, how answers that do not
apply or are unknown are scored, the sovereignty matrix, gates, risk levels, tie-breaks."""

from __future__ import annotations

from sovereignty.core.conditions import describe
from sovereignty.core.legal import cite
from sovereignty.core.model import Lang
from sovereignty.findings.model import SEVERITY_LABEL
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.present import choice_label
from sovereignty.scoring.loader import LoadedProfile
from sovereignty.scoring.model import (
    CAPACITIES,
    LAYER_LABELS,
    LAYERS,
    AnswersMethod,
    BandsItem,
    ConditionItem,
    Criterion,
    EvaluatorsMethod,
    FindingsMethod,
    PointsItem,
    Profile,
    item_max,
)
from sovereignty.scoring.present import colon, table, w


def _label(bank: QuestionBank | None, qid: str, lang: Lang) -> str:
    question = bank.by_id.get(qid) if bank else None
    return question.label(lang) if question else qid


def _choice(bank: QuestionBank | None, qid: str, value: str, lang: Lang) -> str:
    question = bank.by_id.get(qid) if bank else None
    return choice_label(question, value, lang) if question else value


def _item_lines(criterion: Criterion, bank: QuestionBank | None, lang: Lang) -> list[str]:
    method = criterion.scoring
    if isinstance(method, FindingsMethod):
        ids = ", ".join([*method.ids, *(p + "*" for p in method.prefixes)])
        shares = deductions_text(method, lang)
        return [f"      · {w('findings_item', lang, ids=ids)} {shares}"]
    if isinstance(method, EvaluatorsMethod):
        scale = method.scale
        lines = [f"      · {w('scale', lang, a=scale.min, b=scale.max)} ({w('justify', lang)})"]
        lines += [f"          {lv.value:g} = {lv.label(lang)}" for lv in scale.levels]
        lines.append(f"        {method.guidance(lang)}")
        return lines
    assert isinstance(method, AnswersMethod)
    total = sum(item_max(i) for i in method.items)
    lines = []
    for item in method.items:
        share = criterion.weight * item_max(item) / total
        if isinstance(item, ConditionItem):
            head = item.label(lang)
            detail = describe(item.when, lang)
        elif isinstance(item, BandsItem):
            head = _label(bank, item.question, lang)
            detail = " ; ".join(
                f"{'≥' if b.at_least is not None else '≤'} "
                f"{b.at_least if b.at_least is not None else b.at_most:g} → {b.points:g}"
                for b in item.bands
            )
        else:
            assert isinstance(item, PointsItem)
            head = _label(bank, item.question, lang)
            detail = " ; ".join(
                f"{_choice(bank, item.question, v, lang)} {p:g}" for v, p in item.points.items()
            )
            if item.cap is not None:
                detail += f" (max {item.cap:g})"
        detail += "".join(f" ; {x}" for x in _exceptions(item, lang))
        lines.append(f"      · {head} — {share:.2f} {w('points', lang)}")
        lines.append(f"          {detail}")
    return lines


def deductions_text(method: FindingsMethod, lang: Lang) -> str:
    """The share removed per finding, by severity, e.g. "bloquant −100 % ; majeur −40 %"."""
    return " ; ".join(
        f"{SEVERITY_LABEL[severity](lang).lower()} −{share:g} %"
        for severity, share in method.deductions.items()
        if share
    )


def _exceptions(item: PointsItem | BandsItem | ConditionItem, lang: Lang) -> list[str]:
    """An item's own scoring of answers that do not apply or are unknown, when it departs
    from the published rule (``answers_rule``)."""
    found = []
    if not isinstance(item, ConditionItem) and item.if_absent is not None:
        found.append(w("if_absent", lang, p=min(item.if_absent, item_max(item))))
    if item.if_unknown:
        found.append(w("if_unknown", lang, p=min(item.if_unknown, item_max(item))))
    return found


def answers_rule(lang: Lang) -> tuple[str, str]:
    """How answers that do not apply, "I don't know" and missing answers are scored, as a
    (title, text) pair: part of the grid as published (the engine applies it: scoring.engine)."""
    return w("answers_rule_title", lang), w("answers_rule", lang)


def grid_lines(loaded: LoadedProfile, bank: QuestionBank | None, lang: Lang) -> list[str]:
    """The grid as it is published in the consultation documents."""
    profile = loaded.profile
    lines = [profile.title(lang), f"{profile.id} {profile.version} — {loaded.hash}"]
    if profile.description:
        lines += ["", profile.description(lang)]
    lines += ["", *answers_rule(lang)]
    for axis in profile.axes:
        own = profile.criteria_of(axis.id)
        head = f"{axis.label(lang)} — {sum(c.weight for c in own):g} {w('points', lang)}"
        if axis.minimum is not None:
            head += f" ({w('minimum', lang, m=axis.minimum)})"
        lines += ["", head]
        for criterion in own:
            layer = f" [{LAYER_LABELS[criterion.layer](lang)}]" if criterion.layer else ""
            lines.append(
                f"  {criterion.weight:>5g} {w('points', lang)}  {criterion.label(lang)}{layer}"
                f"  ({criterion.id})"
            )
            if criterion.description:
                lines.append(f"        {criterion.description(lang)}")
            lines += _item_lines(criterion, bank, lang)
            if criterion.legal:
                lines.append("        " + " ; ".join(cite(r, lang) for r in criterion.legal))
    lines += ["", w("matrix", lang), *matrix_lines(profile, lang)]
    lines += ["", w("gates", lang)]
    for gate in profile.gates:
        mode = w(f"undetermined_{gate.if_undetermined}", lang)
        lines.append(f"  {gate.id} — {gate.label(lang)} ({mode})")
        lines.append(f"      {describe(gate.eliminates_when, lang)}")
        if gate.legal:
            lines.append("      " + " ; ".join(cite(r, lang) for r in gate.legal))
    lines += ["", w("risk", lang)]
    lines += [f"  {r.id}: {r.label(lang)}" for r in profile.risk_levels]
    if profile.ranking.tie_break:
        lines += ["", f"{w('ranking', lang)}{colon(lang)}" + ", ".join(profile.ranking.tie_break)]
    lines.append(
        w(
            "aggregation",
            lang,
            m=w(profile.evaluation.aggregate, lang),
            d=100 * profile.evaluation.disagreement_above,
        )
    )
    return lines


def matrix_lines(profile: Profile, lang: Lang) -> list[str]:
    """Weights in each cell capacity x layer of the sovereignty matrix."""
    rows = []
    for capacity in CAPACITIES:
        axis = profile.axis(capacity)
        if axis is None:
            continue
        cells = [
            sum(c.weight for c in profile.criteria if c.axis == capacity and c.layer == layer)
            for layer in LAYERS
        ]
        rows.append([axis.label(lang), *(f"{x:g}" if x else "·" for x in cells)])
    return table(["", *(LAYER_LABELS[layer](lang) for layer in LAYERS)], rows)
