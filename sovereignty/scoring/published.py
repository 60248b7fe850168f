"""The scoring grid as published in the consultation documents (``profile show``), as plain
text in French or English: the award criteria and their weights, the minimum requirements,
sub-criteria and their points, how answers that do not apply or are unknown are scored, the
facts counted in several criteria and the aspect each measures, the sovereignty matrix, risk
levels, tie-breaks.

Conditions (requirements, condition items) are said in words, as a buyer or a vendor reads them:
questions by their label (their id after it, as a reference), choices by their label, AI Act
regimes by their title (:func:`condition_words`; the Word comparison report uses it too).
"""

from __future__ import annotations

from sovereignty.core.conditions import (
    All,
    Answered,
    AnyOf,
    AtLeast,
    AtMost,
    Condition,
    Contains,
    Equals,
    Finding,
    In,
    Not,
    Regime,
)
from sovereignty.core.legal import cite
from sovereignty.core.model import Lang
from sovereignty.findings.model import SEVERITY_LABEL
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.model import MultipleChoice
from sovereignty.questionnaire.present import choice_label
from sovereignty.scoring.award_words import award_lines, requirement_text, word
from sovereignty.scoring.figures import number, percent, points
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
    grid_points_per_unit,
    item_max,
)
from sovereignty.scoring.present import colon, table, w
from sovereignty.scoring.uses import shared_facts


def _label(bank: QuestionBank | None, qid: str, lang: Lang) -> str:
    question = bank.by_id.get(qid) if bank else None
    return question.label(lang) if question else qid


def _choice(bank: QuestionBank | None, qid: str, value: str, lang: Lang) -> str:
    question = bank.by_id.get(qid) if bank else None
    return choice_label(question, value, lang) if question else value


def _quoted(text: str, lang: Lang) -> str:
    return f"« {text} »" if lang == "fr" else f"“{text}”"


def _sep(lang: Lang) -> str:
    return " ; " if lang == "fr" else "; "


# What a condition's leaf says, in French and English; "not_" when it is negated. {v}: the
# choices, the number, the regime's title or the finding's id.
_LEAF_WORDS: dict[str, tuple[str, str]] = {
    "equals": ("réponse {v}", "answer {v}"),
    "not_equals": ("réponse autre que {v}", "answer other than {v}"),
    "in": ("réponse parmi {v}", "answer among {v}"),
    "not_in": ("réponse hors de {v}", "answer other than {v}"),
    "in_many": ("au moins un choix parmi {v}", "at least one choice among {v}"),
    "not_in_many": ("aucun choix parmi {v}", "none of {v}"),
    "contains": ("{v} coché", "{v} selected"),
    "not_contains": ("{v} non coché", "{v} not selected"),
    "at_least": ("au moins {v}", "at least {v}"),
    "not_at_least": ("moins de {v}", "less than {v}"),
    "at_most": ("au plus {v}", "at most {v}"),
    "not_at_most": ("plus de {v}", "more than {v}"),
    "answered": ("renseignée", "answered"),
    "not_answered": ("non renseignée", "not answered"),
    "regime": ("le régime AI Act {v} s'applique", "the AI Act regime {v} applies"),
    "not_regime": (
        "le régime AI Act {v} ne s'applique pas",
        "the AI Act regime {v} does not apply",
    ),
    "finding": ("le constat {v} est relevé", "finding {v} is raised"),
    "not_finding": ("le constat {v} n'est pas relevé", "finding {v} is not raised"),
}


def condition_words(
    condition: Condition, bank: QuestionBank | None, lang: Lang, negated: bool = False
) -> str:
    """A condition as people read it, e.g. « L'hébergeur est-il certifié HDS ? » (hosting.hds) :
    réponse « Non »; without ``bank``, questions and choices keep their ids. ``negated``: say
    the opposite of a leaf ("réponse autre que « Non »")."""
    fr = lang == "fr"
    match condition:
        case Not(condition=All() | AnyOf() | Not() as inner):
            return ("non " if fr else "not ") + f"({condition_words(inner, bank, lang)})"
        case Not(condition=inner):
            return condition_words(inner, bank, lang, negated=not negated)
        case All(conditions=parts) | AnyOf(conditions=parts):
            joiner = (" et " if fr else " and ") if isinstance(condition, All) else ""
            joiner = joiner or (" ou " if fr else " or ")
            return joiner.join(
                f"({condition_words(p, bank, lang)})"
                if _listing(p)
                else condition_words(p, bank, lang)
                for p in parts
            )
        case Regime(id=regime):
            from sovereignty.clauses.select import regime_title  # the classification's titles

            return _leaf("regime", negated, lang, _quoted(regime_title(regime, lang), lang))
        case Finding(id=finding):
            return _leaf("finding", negated, lang, finding)
    qid = str(getattr(condition, "question", ""))
    about = f"{_quoted(_label(bank, qid, lang), lang)} ({qid}){colon(lang)}"

    def choices(values: tuple[object, ...]) -> str:
        return ", ".join(_quoted(_choice(bank, qid, str(v), lang), lang) for v in values)

    match condition:
        case Equals(value=value):
            return about + _leaf("equals", negated, lang, choices((value,)))
        case In(values=values):
            many = bank is not None and isinstance(bank.by_id.get(qid), MultipleChoice)
            return about + _leaf("in_many" if many else "in", negated, lang, choices(values))
        case Contains(value=value):
            return about + _leaf("contains", negated, lang, choices((value,)))
        case AtLeast(value=bound) | AtMost(value=bound):
            return about + _leaf(condition.op, negated, lang, number(bound, lang))
        case Answered():
            return about + _leaf("answered", negated, lang, "")
    return ""  # pragma: no cover - every kind of condition is matched above


def _listing(part: Condition) -> bool:
    """Whether a part of "and"/"or" reads as a list of its own, so goes in parentheses: another
    combination, or choices listed ("réponse parmi « A », « B »")."""
    inner = part.condition if isinstance(part, Not) else part
    return isinstance(inner, All | AnyOf) or (isinstance(inner, In) and len(inner.values) > 1)


def _leaf(kind: str, negated: bool, lang: Lang, value: str) -> str:
    words = _LEAF_WORDS[f"not_{kind}" if negated else kind]
    return words[0 if lang == "fr" else 1].format(v=value)


def _item_lines(criterion: Criterion, bank: QuestionBank | None, lang: Lang) -> list[str]:
    method = criterion.scoring
    if isinstance(method, FindingsMethod):
        ids = ", ".join([*method.ids, *(p + "*" for p in method.prefixes)])
        shares = deductions_text(method, lang)
        return [f"      · {w('findings_item', lang, ids=ids)} {shares}"]
    if isinstance(method, EvaluatorsMethod):
        scale = method.scale
        marks = w("scale", lang, a=number(scale.min, lang), b=number(scale.max, lang))
        lines = [f"      · {marks} ({w('justify', lang)})"]
        lines += [f"          {number(lv.value, lang)} = {lv.label(lang)}" for lv in scale.levels]
        lines.append(f"        {method.guidance(lang)}")
        return lines
    assert isinstance(method, AnswersMethod)
    # Points are said in the grid's points, never in the item's internal scale: the same
    # conversion the engine applies.
    per_point = grid_points_per_unit(criterion.weight, method.items)
    lines = []
    for item in method.items:
        share = item_max(item) * per_point
        if isinstance(item, ConditionItem):
            head = item.label(lang)
            detail = condition_words(item.when, bank, lang)
        else:
            head = f"{_quoted(_label(bank, item.question, lang), lang)} ({item.question})"
            detail = _points_words(item, bank, per_point, lang)
        detail += "".join(f"{_sep(lang)}{x}" for x in _exceptions(item, per_point, lang))
        lines.append(f"      · {head} — {_points(share, lang)}")
        lines.append(f"          {detail}")
    return lines


def _points(value: float, lang: Lang) -> str:
    """Grid points to two decimals, a whole number without them ("0 pts", "1,88 pts"): the
    same figures as ``score`` prints (``figures.points``)."""
    return f"{points(value, lang)} {w('points', lang)}"


def _points_words(
    item: PointsItem | BandsItem, bank: QuestionBank | None, scale: float, lang: Lang
) -> str:
    """What each answer earns, e.g. « selon la réponse : « Non » → 1,88 pts »."""
    if isinstance(item, BandsItem):
        question = bank.by_id.get(item.question) if bank else None
        unit = getattr(question, "unit", None)
        unit_words = f" {unit(lang)}" if unit else ""  # "au moins 6 mois"
        bands = _sep(lang).join(
            _leaf(
                "at_least" if b.at_least is not None else "at_most",
                False,
                lang,
                number(b.at_least if b.at_least is not None else b.at_most or 0, lang) + unit_words,
            )
            + f" → {_points(b.points * scale, lang)}"
            for b in item.bands
        )
        return w("by_value", lang) + colon(lang) + bands
    choices = _sep(lang).join(
        f"{_quoted(_choice(bank, item.question, v, lang), lang)} → {_points(p * scale, lang)}"
        for v, p in item.points.items()
    )
    if item.cap is None:
        return w("by_answer", lang) + colon(lang) + choices
    cap = w("at_most_total", lang, p=_points(item.cap * scale, lang))
    return w("per_choice", lang) + colon(lang) + choices + f"{_sep(lang)}{cap}"


def deductions_text(method: FindingsMethod, lang: Lang) -> str:
    """The share removed per finding, by severity, e.g. "bloquant −100 % ; majeur −40 %"."""
    return _sep(lang).join(
        f"{SEVERITY_LABEL[severity](lang).lower()} {percent(-share, lang)}"
        for severity, share in method.deductions.items()
        if share
    )


def _exceptions(
    item: PointsItem | BandsItem | ConditionItem, scale: float, lang: Lang
) -> list[str]:
    """An item's own scoring of answers that do not apply or are unknown, when it departs
    from the published rule (``answers_rule``), in the grid's points."""
    found = []
    top = item_max(item)
    if not isinstance(item, ConditionItem) and item.if_absent is not None:
        found.append(w("if_absent", lang, p=_points(min(item.if_absent, top) * scale, lang)))
    if item.if_unknown:
        found.append(w("if_unknown", lang, p=_points(min(item.if_unknown, top) * scale, lang)))
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
    if profile.award is not None:
        lines += ["", *award_lines(profile, lang)]
    if profile.requirements:
        lines += ["", *requirement_lines(profile, bank, lang)]
    lines += ["", *answers_rule(lang)]
    for axis in profile.axes:
        own = profile.criteria_of(axis.id)
        head = (
            f"{axis.label(lang)} — {number(sum(c.weight for c in own), lang)} {w('points', lang)}"
        )
        lines += ["", head]
        for criterion in own:
            layer = f" [{LAYER_LABELS[criterion.layer](lang)}]" if criterion.layer else ""
            lines.append(
                f"  {number(criterion.weight, lang):>5} {w('points', lang)}  "
                f"{criterion.label(lang)}{layer}"
                f"  ({criterion.id})"
            )
            if criterion.description:
                lines.append(f"        {criterion.description(lang)}")
            lines += _item_lines(criterion, bank, lang)
            lines += _aspect_lines(criterion, profile, bank, lang)
            if criterion.legal:
                lines.append("        " + _sep(lang).join(cite(r, lang) for r in criterion.legal))
    lines += ["", w("matrix", lang), *matrix_lines(profile, lang)]
    lines += ["", w("risk", lang)]
    lines += [f"  {r.id}{colon(lang)}{r.label(lang)}" for r in profile.risk_levels]
    if profile.ranking.tie_break:
        lines += ["", f"{w('ranking', lang)}{colon(lang)}" + ", ".join(profile.ranking.tie_break)]
    lines.append(
        w(
            "aggregation",
            lang,
            m=w(profile.evaluation.aggregate, lang),
            d=percent(100 * profile.evaluation.disagreement_above, lang),
        )
    )
    return lines


def requirement_lines(profile: Profile, bank: QuestionBank | None, lang: Lang) -> list[str]:
    """The minimum requirements as published: label, when unmet, consequence, legal basis."""
    lines = [word("requirements", lang)]
    for requirement in profile.requirements:
        said = condition_words(requirement.unmet_when, bank, lang)
        condition, consequence, legal = requirement_text(requirement, said, lang)
        lines.append(f"  {requirement.id} — {requirement.label(lang)}")
        lines += [f"      {condition}", f"      {consequence}"]
        if requirement.explanation:
            lines.append(f"      {requirement.explanation(lang)}")
        lines.append(f"      {legal}")
    return lines


def shared_fact_lines(profile: Profile, bank: QuestionBank | None, lang: Lang) -> list[str]:
    """Every fact scored by more than one criterion, each use with the aspect it measures
    (``profile check``); the loader has already refused a use without one."""
    shared = shared_facts(profile)
    if not shared:
        return []
    lines = [w("shared_head", lang, n=str(len(shared)))]
    for fact, uses in shared.items():
        lines.append(f"  {fact_name(fact, bank, lang)} ({fact})")
        for use in uses:
            criterion = profile.criterion(use.criterion)
            if criterion is None:  # pragma: no cover - uses come from the criteria
                continue
            aspect = criterion.aspects.get(use.fact)
            lines.append(
                f"    · {criterion.label(lang)} ({criterion.id}){colon(lang)}"
                + (aspect(lang) if aspect else "?")
            )
    return lines


def fact_name(fact: str, bank: QuestionBank | None, lang: Lang) -> str:
    """A fact as people read it: a question by its label, a finding or prefix as written."""
    if fact.startswith("regime:"):
        from sovereignty.clauses.select import regime_title  # the classification's titles

        return _quoted(regime_title(fact.removeprefix("regime:"), lang), lang)
    if bank is not None and fact in bank.by_id:
        return _quoted(_label(bank, fact, lang), lang)
    return fact + ("*" if fact.endswith("-") else "")


def _aspect_lines(
    criterion: Criterion, profile: Profile, bank: QuestionBank | None, lang: Lang
) -> list[str]:
    """For the facts this criterion shares with others: the aspect of the need each measures
    here (facts with the same aspect said together)."""
    said: dict[str, tuple[list[str], list[str]]] = {}  # aspect -> (facts, other criteria)
    for group in shared_facts(profile).values():
        for use in group:
            if use.criterion != criterion.id or use.fact not in criterion.aspects:
                continue
            facts, others = said.setdefault(criterion.aspects[use.fact](lang), ([], []))
            facts.append(fact_name(use.fact, bank, lang))
            for u in group:
                other = profile.criterion(u.criterion)
                name = _quoted(other.label(lang), lang) if other else u.criterion
                if u.criterion != criterion.id and name not in others:
                    others.append(name)
    return [
        f"      ↔ {w('shared', lang, f=', '.join(facts), o=', '.join(others))}{colon(lang)}{aspect}"
        for aspect, (facts, others) in said.items()
    ]


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
        rows.append([axis.label(lang), *(number(x, lang) if x else "·" for x in cells)])
    return table(["", *(LAYER_LABELS[layer](lang) for layer in LAYERS)], rows)


def item_words(
    criterion: Criterion, bank: QuestionBank | None, lang: Lang
) -> list[tuple[str, str, str]]:
    """What earns what in one criterion, as (item, its points, the rule), in the grid's points
    by the same conversion as ``score``: the published scoring method of a sub-criterion."""
    method = criterion.scoring
    if isinstance(method, FindingsMethod):
        ids = ", ".join([*method.ids, *(p + "*" for p in method.prefixes)])
        head = w("findings_item", lang, ids=ids)
        return [(head, _points(criterion.weight, lang), deductions_text(method, lang))]
    if isinstance(method, EvaluatorsMethod):
        scale = method.scale
        marks = w("scale", lang, a=number(scale.min, lang), b=number(scale.max, lang))
        levels = _sep(lang).join(f"{number(v.value, lang)} = {v.label(lang)}" for v in scale.levels)
        return [
            (method.guidance(lang), _points(criterion.weight, lang), marks + colon(lang) + levels)
        ]
    assert isinstance(method, AnswersMethod)
    per_point = grid_points_per_unit(criterion.weight, method.items)
    rows = []
    for item in method.items:
        if isinstance(item, ConditionItem):
            head, detail = item.label(lang), condition_words(item.when, bank, lang)
        else:
            head = _label(bank, item.question, lang)
            detail = _points_words(item, bank, per_point, lang)
        detail += "".join(f"{_sep(lang)}{x}" for x in _exceptions(item, per_point, lang))
        rows.append((head, _points(item_max(item) * per_point, lang), detail))
    return rows
