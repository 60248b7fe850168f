"""Plain-text renderings of one offer's scores and of the comparison (fr / en); the words
of the grid as published too (rendered by scoring.published).

No terminal code: lists of lines, printed by the CLI and reused in summaries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sovereignty.core.model import Lang
from sovereignty.core.table import text_table
from sovereignty.findings.model import SEVERITY_LABEL
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.present import format_value
from sovereignty.scoring.compare import Comparison
from sovereignty.scoring.engine import CriterionResult, Evidence, Fact, OfferScore
from sovereignty.scoring.figures import number, percent, share
from sovereignty.scoring.model import (
    AnswersMethod,
    ConditionItem,
    Criterion,
    Profile,
)

W: dict[str, tuple[str, str]] = {
    "points": ("pts", "pts"),
    "minimum": ("minimum {m}", "minimum {m}"),
    "matrix": ("Matrice de souveraineté (points)", "Sovereignty matrix (points)"),
    "gates": ("Conditions éliminatoires (avant classement)", "Eliminatory gates (before ranking)"),
    "undetermined_review": ("si indéterminé : à vérifier", "if undetermined: to review"),
    "undetermined_eliminate": ("si indéterminé : éliminée", "if undetermined: eliminated"),
    "risk": ("Niveaux de risque", "Risk levels"),
    "ranking": ("Départage des égalités", "Tie-breaks"),
    "aggregation": (
        "Notes des évaluateurs : {m} ; désaccord signalé au-delà d'un écart de {d} de l'échelle",
        "Evaluators' marks: {m}; disagreement flagged beyond a spread of {d} of the scale",
    ),
    "median": ("médiane", "median"),
    "mean": ("moyenne", "mean"),
    "findings_item": (
        "constats {ids} : retrait par constat",
        "findings {ids}: deducted per finding",
    ),
    "scale": ("note des évaluateurs de {a} à {b}", "evaluators' mark from {a} to {b}"),
    "justify": ("justification obligatoire", "justification required"),
    "unknown": ("je ne sais pas", "I don't know"),
    "missing": ("sans réponse", "not answered"),
    "absent": ("sans objet", "does not apply"),
    "no_finding": ("aucun constat", "no finding"),
    "answers_rule_title": (
        "Réponses sans objet, inconnues ou manquantes",
        "Answers that do not apply, unknown or missing",
    ),
    "answers_rule": (
        "Une question qui ne s'applique pas à l'offre (sa condition n'est pas remplie, par "
        "exemple la détention des clés pour des données sur site) rapporte tous les points de "
        "l'élément : il n'y a rien à protéger. « Je ne sais pas » et l'absence de réponse ne "
        "rapportent aucun point : ce qui n'est pas montré ne compte pas. Un élément à condition "
        "rapporte ses points quand sa condition est remplie ; une question sans objet n'y "
        "remplit aucune comparaison. Les exceptions sont indiquées à l'élément.",
        "A question that does not apply to the offer (its condition is not met, e.g. who holds "
        "the keys for data kept on site) earns the item's full points: there is nothing to "
        'protect. "I don\'t know" and no answer earn no points: what is not shown does not '
        "count. A condition item earns its points when its condition holds; a question that "
        "does not apply meets no comparison in it. Exceptions are stated at the item.",
    ),
    "if_absent": ("sans objet : {p}", "does not apply: {p}"),
    "by_answer": ("selon la réponse", "by answer"),
    "by_value": ("selon la valeur", "by value"),
    "per_choice": ("par choix coché", "per choice selected"),
    "at_most_total": ("au plus {p} en tout", "at most {p} in all"),
    "if_unknown": ("je ne sais pas ou sans réponse : {p}", "I don't know or not answered: {p}"),
    "override": (
        "DÉROGATION par {by} le {at} : {p} — « {why} » (note calculée : {c})",
        "OVERRIDE by {by} on {at}: {p} — “{why}” (computed score: {c})",
    ),
    "pending": ("en attente des évaluateurs", "awaiting evaluators"),
    "spread": ("écart {s}", "spread {s}"),
    "disagreement": ("DÉSACCORD", "DISAGREEMENT"),
    "total": ("Total", "Total"),
    "status_admitted": ("retenue", "admitted"),
    "status_review": ("à vérifier", "to review"),
    "status_eliminated": ("éliminée", "eliminated"),
    # The same word as the Word comparison report (documents labels: outcome_passed).
    "gate_passed": ("franchie", "passed"),
    "gate_failed": ("ÉLIMINATOIRE", "ELIMINATING"),
    "gate_undetermined": ("indéterminée", "undetermined"),
    "no_classification": (
        "Classification AI Act non disponible : les conditions sur les régimes sont indéterminées.",
        "AI Act classification not available: conditions on regimes are undetermined.",
    ),
    "rank": ("Rang", "Rank"),
    "offer": ("Offre", "Offer"),
    "status": ("Statut", "Status"),
    "risk_col": ("Risque", "Risk"),
    "axis": ("Axe", "Axis"),
    "eliminated": ("Offres éliminées avant classement", "Offers eliminated before ranking"),
    "below_minimum": ("! : sous le minimum de l'axe", "!: below the axis's minimum"),
    "sensitivity": ("Sensibilité aux pondérations", "Sensitivity to the weights"),
    "swap": (
        "{a} devant {b} ({g} pts) : porter le poids de {c} de {w} à {n} ({r}) les met à égalité",
        "{a} ahead of {b} ({g} pts): taking the weight of {c} from {w} to {n} ({r}) makes them "
        "level",
    ),
    "no_swap": (
        "{a} devant {b} ({g} pts) : aucune pondération seule ne les inverse",
        "{a} ahead of {b} ({g} pts): no single weight swaps them",
    ),
    "robust": (
        "Même premier ({w}) dans {s} de {n} tirages (pondérations ±{a}, graine {seed})",
        "Same winner ({w}) in {s} of {n} draws (weights ±{a}, seed {seed})",
    ),
    "robust_tie": (
        "Première place partagée ; victoires seules sur {n} tirages : {wins}",
        "First place shared; sole wins over {n} draws: {wins}",
    ),
    "disagreements": ("Désaccords entre évaluateurs", "Disagreements between evaluators"),
    "pending_list": ("Critères en attente des évaluateurs", "Criteria awaiting evaluators"),
    "overrides": ("Dérogations aux notes calculées", "Overrides of computed scores"),
    "axis_failed": (
        "niveau de l'axe « {a} » sous son minimum de {m}",
        "level of the axis “{a}” below its {m} minimum",
    ),
    "axis_undetermined": (
        "minimum de {m} de l'axe « {a} » à confirmer (notes en attente)",
        "{m} minimum of the axis “{a}” not settled yet (marks pending)",
    ),
    "gate_review": ("{g} : indéterminée", "{g}: undetermined"),
    "criterion_named": ("« {label} » ({id})", "“{label}” ({id})"),
    "ex_aequo": ("ex aequo", "tied"),
    "tie_broken": ("départagé par {t}", "tie broken by {t}"),
    "frozen": ("grille gelée", "frozen grid"),
    "not_frozen": ("grille NON gelée", "grid NOT frozen"),
}


def w(key: str, lang: Lang, **kwargs: Any) -> str:
    text = W[key][0 if lang == "fr" else 1]
    return text.format(**kwargs) if kwargs else text


def colon(lang: Lang) -> str:
    """French typography puts a space before a colon; English does not."""
    return " : " if lang == "fr" else ": "


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Columns that line up on a terminal (see :func:`sovereignty.core.table.text_table`)."""
    return text_table(headers, rows)


def _value(bank: QuestionBank | None, qid: str, value: Any, lang: Lang) -> str:
    question = bank.by_id.get(qid) if bank else None
    if question is None:
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return format_value(question, value, lang)


# --- one offer ------------------------------------------------------------------------------
def fact_text(fact: Fact, bank: QuestionBank | None, lang: Lang) -> str:
    if fact.kind == "regime":
        from sovereignty.clauses.select import regime_title  # the classification's titles

        state = "?" if fact.state == "unknown" else ("✓" if fact.value else "✗")
        title = regime_title(fact.id, lang)
        return f"régime « {title} » {state}" if lang == "fr" else f"regime “{title}” {state}"
    if fact.kind == "finding":
        return f"{fact.id} {'✓' if fact.value else '✗'}"
    if fact.state != "value":
        return f"{fact.id} = {w(fact.state, lang)}"
    return f"{fact.id} = {_value(bank, fact.id, fact.value, lang)}"


def evidence_text(
    evidence: Evidence,
    criterion: Criterion,
    result: CriterionResult,
    bank: QuestionBank | None,
    lang: Lang,
) -> str:
    match evidence.kind:
        case "answer" | "condition":
            facts = ", ".join(fact_text(f, bank, lang) for f in evidence.facts)
            method = criterion.scoring
            label = ""
            if isinstance(method, AnswersMethod) and evidence.item is not None:
                item = method.items[evidence.item]
                if isinstance(item, ConditionItem):
                    label = item.label(lang) + colon(lang)
            earned = f"{number(evidence.points or 0, lang)}/{number(evidence.max or 0, lang)}"
            return f"{label}{facts} → {earned}"
        case "finding":
            subject = f", {evidence.subject}" if evidence.subject else ""
            severity = SEVERITY_LABEL[evidence.severity or "info"](lang).lower()
            deduction = percent(-(evidence.deduction or 0), lang)
            return f"{evidence.finding} ({severity}{subject}){colon(lang)}{deduction}"
        case "no_finding":
            return w("no_finding", lang)
        case "evaluation":
            return (
                f"{evidence.evaluator} ({evidence.establishment}){colon(lang)}"
                f"{number(evidence.mark or 0, lang)} — "
                + (
                    f"« {evidence.justification} »"
                    if lang == "fr"
                    else f"“{evidence.justification}”"
                )
            )
        case "override":
            computed = share(result.computed, lang) if result.computed is not None else "—"
            return w(
                "override",
                lang,
                by=evidence.by,
                at=evidence.at,
                p=share(result.share, lang),
                why=evidence.justification,
                c=computed,
            )
    return ""  # pragma: no cover


def score_lines(
    score: OfferScore, profile: Profile, bank: QuestionBank | None, lang: Lang
) -> list[str]:
    causes = causes_text(score.eliminated_by, score.review_by, profile, lang)
    status = w("status_" + score.status, lang) + (f" ({'; '.join(causes)})" if causes else "")
    lines = [
        f"{score.name} ({score.vendor}) — {w('total', lang)} {number(score.total, lang, 2)}/100 — "
        f"{status} — "
        f"{w('risk_col', lang)} {risk_label(profile, score, lang)}",
        f"{score.profile_id} {score.profile_version} {score.profile_hash or ''}".rstrip(),
    ]
    if not score.classification_known:
        lines.append(w("no_classification", lang))
    for gate_result, gate in zip(score.gates, profile.gates, strict=True):
        facts = ", ".join(fact_text(f, bank, lang) for f in gate_result.facts)
        lines.append(
            f"  [{w('gate_' + gate_result.outcome, lang)}] {gate.id} {gate.label(lang)} ({facts})"
        )
    for axis in profile.axes:
        result = score.axis(axis.id)
        minimum = (
            f" / {w('minimum', lang, m=percent(result.minimum, lang))}"
            if result.minimum is not None
            else ""
        )
        lines += [
            "",
            f"{axis.label(lang)}{colon(lang)}{number(result.points, lang, 2)}/"
            f"{number(result.max, lang)} ({percent(result.level, lang, 0)}{minimum})",
        ]
        for criterion in profile.criteria_of(axis.id):
            result_c = score.criterion(criterion.id)
            flags = []
            if result_c.pending:
                flags.append(w("pending", lang))
            if result_c.spread is not None:
                flags.append(w("spread", lang, s=number(result_c.spread, lang)))
            if result_c.disagreement:
                flags.append(w("disagreement", lang))
            tail = f"  [{'; '.join(flags)}]" if flags else ""
            earned = f"{number(result_c.points, lang, 2):>5}/{number(criterion.weight, lang)}"
            lines.append(f"  {earned}  {criterion.label(lang)}{tail}")
            lines += [
                f"        {evidence_text(e, criterion, result_c, bank, lang)}"
                for e in result_c.evidence
            ]
    return lines


def cause_text(ref: str, profile: Profile, lang: Lang, eliminated: bool = True) -> str:
    """Why an offer is eliminated or to review, in words: a gate's label, or an axis below
    (or not yet surely above) its minimum level; ``ref`` is a gate id or ``axis:<id>``."""
    if ref.startswith("axis:"):
        axis = profile.axis(ref.removeprefix("axis:"))
        if axis is None or axis.minimum is None:  # pragma: no cover - the engine sets both
            return ref
        key = "axis_failed" if eliminated else "axis_undetermined"
        return w(key, lang, a=axis.label(lang), m=percent(axis.minimum, lang))
    gate = next((g for g in profile.gates if g.id == ref), None)
    name = gate.label(lang) if gate else ref
    return name if eliminated else w("gate_review", lang, g=name)


def causes_text(
    eliminated_by: Sequence[str], review_by: Sequence[str], profile: Profile, lang: Lang
) -> list[str]:
    return [cause_text(r, profile, lang) for r in eliminated_by] + [
        cause_text(r, profile, lang, eliminated=False) for r in review_by
    ]


def criterion_name(criterion_id: str, profile: Profile, lang: Lang) -> str:
    """A criterion by its label, its id in parentheses."""
    criterion = profile.criterion(criterion_id)
    if criterion is None:
        return criterion_id
    return w("criterion_named", lang, label=criterion.label(lang), id=criterion_id)


def tie_break_name(ref: str, profile: Profile, lang: Lang) -> str:
    """A tie-break (an axis or a criterion id) by its label."""
    axis = profile.axis(ref)
    if axis is not None:
        return f"« {axis.label(lang)} »" if lang == "fr" else f"“{axis.label(lang)}”"
    return criterion_name(ref, profile, lang)


# Legal forms dropped from a company name where space is short ("Radiance Santé SAS").
LEGAL_FORMS = frozenset(
    {
        *("sa", "sas", "sasu", "sarl", "eurl", "sca", "scop", "scic", "sem", "spl", "gie"),
        *("gmbh", "ag", "kg", "bv", "b.v.", "nv", "n.v.", "ltd", "ltd.", "limited", "plc"),
        *("inc", "inc.", "llc", "corp", "corp.", "s.p.a.", "spa", "srl", "s.l.", "sl", "se"),
        *("oy", "ab", "as", "a/s"),
    }
)


def short_name(name: str, limit: int = 20) -> str:
    """A company name for a narrow column: without its legal form, then cut at a word with "…"
    when still longer than ``limit`` ("NorthBridge Imaging Europe B.V." -> "NorthBridge
    Imaging…")."""
    words = name.split()
    while len(words) > 1 and words[-1].lower().strip(",") in LEGAL_FORMS:
        words.pop()
    short = " ".join(words).rstrip(",")
    if len(short) <= limit:
        return short
    kept = ""
    for word in words:
        if len(f"{kept} {word}".strip()) > limit - 1:
            break
        kept = f"{kept} {word}".strip()
    return (kept or short[: limit - 1]).rstrip(",") + "…"


def short_names(names: Sequence[str], limit: int = 20) -> list[str]:
    """Short names for column headers; a name whose short form is not unique is kept whole."""
    shorts = [short_name(n, limit) for n in names]
    return [s if shorts.count(s) == 1 else n for s, n in zip(shorts, names, strict=True)]


def risk_label(profile: Profile, score: OfferScore, lang: Lang) -> str:
    level = next((r for r in profile.risk_levels if r.id == score.risk.level), None)
    return level.label(lang) if level else score.risk.level


# --- the comparison ---------------------------------------------------------------------------
def comparison_lines(
    comparison: Comparison,
    scores: Sequence[OfferScore],
    profile: Profile,
    lang: Lang,
    frozen: bool | None = None,
) -> list[str]:
    by_vendor = {s.vendor: s for s in scores}
    head = f"{comparison.profile_id} {comparison.profile_version} {comparison.profile_hash or ''}"
    if frozen is not None:
        head += f" — {w('frozen' if frozen else 'not_frozen', lang)}"
    lines = [head.strip(), ""]
    rows = []
    for entry in (*comparison.ranking, *comparison.eliminated):
        status = w("status_" + entry.status, lang)
        notes = []
        if entry.ex_aequo:
            notes.append(w("ex_aequo", lang))
        if entry.separated_by and entry.separated_by != "total":
            notes.append(w("tie_broken", lang, t=tie_break_name(entry.separated_by, profile, lang)))
        notes += causes_text(entry.eliminated_by, entry.review_by, profile, lang)
        rows.append(
            [
                str(entry.rank) if entry.rank is not None else "—",
                entry.name,
                number(entry.total, lang, 2),
                risk_label(profile, by_vendor[entry.vendor], lang),
                status + (f" ({', '.join(notes)})" if notes else ""),
            ]
        )
    lines += table(
        [w("rank", lang), w("offer", lang), "/100", w("risk_col", lang), w("status", lang)], rows
    )
    order = [e.vendor for e in (*comparison.ranking, *comparison.eliminated)]
    axis_rows = []
    for axis in profile.axes:
        cells = []
        for vendor in order:
            result = by_vendor[vendor].axis(axis.id)
            mark = "!" if result.outcome == "failed" else ""
            cells.append(f"{number(result.points, lang, 1)}/{number(result.max, lang)}{mark}")
        axis_rows.append([axis.label(lang), *cells])
    headers = short_names([by_vendor[v].name for v in order])
    lines += ["", *table([w("axis", lang), *headers], axis_rows)]
    if any(cell.endswith("!") for row in axis_rows for cell in row[1:]):
        lines.append(w("below_minimum", lang))
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
                c=criterion_name(change.criterion, profile, lang),
                w=number(change.weight, lang),
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
