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
from sovereignty.scoring.award_words import state_words
from sovereignty.scoring.engine import CriterionResult, Evidence, Fact, OfferScore
from sovereignty.scoring.figures import number, percent, points, share
from sovereignty.scoring.model import (
    AnswersMethod,
    ConditionItem,
    Criterion,
    FindingsMethod,
    Profile,
)
from sovereignty.scoring.regularity import Regularity

W: dict[str, tuple[str, str]] = {
    "points": ("pts", "pts"),
    "matrix": ("Matrice de souveraineté (points)", "Sovereignty matrix (points)"),
    "shared": (
        "aussi lu par {o} : {f} ; aspect mesuré ici",
        "also read by {o}: {f}; aspect measured here",
    ),
    "risk": ("Niveaux de risque", "Risk levels"),
    "ranking": (
        "Départage sur la grille (après les critères d'attribution)",
        "Tie-breaks on the grid (after the award criteria)",
    ),
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
        "rapportent aucun point : ce qui n'est pas montré ne compte pas. Dans un sous-critère où "
        "l'offre n'a donné aucune réponse, chaque élément est noté comme inconnu, questions "
        "sans objet comprises. Un élément à "
        "condition rapporte ses points quand sa condition est remplie ; une question sans objet "
        "n'y remplit aucune comparaison. Un sous-critère noté par constats ne part de la note "
        "entière que si l'offre a répondu aux questions dont les constats sont tirés (une "
        "question facultative laissée vide vaut réponse) ; sinon il "
        "vaut 0 ; chaque constat n'est retiré qu'une fois. Les exceptions sont indiquées à "
        "l'élément.",
        "A question that does not apply to the offer (its condition is not met, e.g. who holds "
        "the keys for data kept on site) earns the item's full points: there is nothing to "
        'protect. "I don\'t know" and no answer earn no points: what is not shown does not '
        "count. In a sub-criterion where the offer gave no answer, every item is scored as "
        "unknown, questions that do not apply included. A condition item earns its points "
        "when its condition holds; a question that does not apply meets no comparison in it. "
        "A sub-criterion scored by findings starts from full marks only if the offer answered "
        "the questions the findings are drawn from (an optional question left empty is an "
        "answer); otherwise it scores 0; each finding is "
        "deducted once. Exceptions are stated at the item.",
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
    "no_classification": (
        "Classification AI Act non disponible : les conditions sur les régimes sont indéterminées.",
        "AI Act classification not available: conditions on regimes are undetermined.",
    ),
    "rank": ("Rang", "Rank"),
    "offer": ("Offre", "Offer"),
    "status": ("Statut", "Status"),
    "risk_col": ("Risque", "Risk"),
    "axis": ("Axe", "Axis"),
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
    "criterion_named": ("« {label} » ({id})", "“{label}” ({id})"),
    "ex_aequo": ("ex aequo", "tied"),
    "tie_broken": ("départagé par {t}", "tie broken by {t}"),
    "frozen": ("grille gelée", "frozen grid"),
    "shared_head": (
        "Éléments notés dans plusieurs sous-critères ({n}), et l'aspect du besoin que chaque "
        "usage mesure (CE 20 nov. 2020, n° 427761) :",
        "Facts scored in several sub-criteria ({n}), and the aspect of the need each use "
        "measures (CE 20 Nov 2020, no. 427761):",
    ),
    "not_assessed": (
        "aucune réponse dans ce sous-critère (sans réponse : {q}) : noté comme inconnu",
        "no answer in this sub-criterion (not answered: {q}): scored as unknown",
    ),
    "not_assessed_findings": (
        "non évaluable, les constats reposent sur des questions sans réponse ({q}) → 0",
        "cannot be assessed, the findings rest on unanswered questions ({q}) → 0",
    ),
    "grid_total": ("Grille", "Grid"),
    "regularity": ("Régularité", "Regularity"),
    "requirement_met": ("respectée", "met"),
    "requirement_unmet": ("NON RESPECTÉE", "NOT MET"),
    "requirement_undetermined": ("à vérifier auprès du candidat", "to check with the bidder"),
    "missing_answers": ("Questions sans réponse", "Unanswered questions"),
    "no_price": ("pas de bordereau de prix", "no price schedule"),
    "budget": ("prix dans le budget", "price within the budget"),
    "ask": ("Questions à poser au candidat", "Questions to put to the bidder"),
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
            earned = f"{points(evidence.points or 0, lang)}/{points(evidence.max or 0, lang)}"
            return f"{label}{facts} → {earned}"
        case "not_assessed":
            unanswered = ", ".join(f.id for f in evidence.facts)
            key = "not_assessed"
            if isinstance(criterion.scoring, FindingsMethod):
                key = "not_assessed_findings"
            return w(key, lang, q=unanswered or "—")
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
    score: OfferScore,
    profile: Profile,
    bank: QuestionBank | None,
    lang: Lang,
    regularity: Regularity | None = None,
) -> list[str]:
    """One offer's scores, criterion by criterion, with the offer's regularity first: a score
    never decides whether the offer is ranked."""
    head = (
        f"{score.name} ({score.vendor}) — {w('grid_total', lang)} "
        f"{number(score.total, lang, 2)}/100 — {w('risk_col', lang)} "
        f"{risk_label(profile, score, lang)}"
    )
    if regularity is not None:
        head += f" — {state_words(regularity.state, lang)}"
    lines = [
        head,
        f"{score.profile_id} {score.profile_version} {score.profile_hash or ''}".rstrip(),
    ]
    if not score.classification_known:
        lines.append(w("no_classification", lang))
    if regularity is not None:
        lines += regularity_lines(regularity, profile, bank, lang)
    for axis in profile.axes:
        result = score.axis(axis.id)
        lines += [
            "",
            f"{axis.label(lang)}{colon(lang)}{number(result.points, lang, 2)}/"
            f"{number(result.max, lang)} ({percent(result.level, lang, 0)})",
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


def regularity_lines(
    regularity: Regularity, profile: Profile, bank: QuestionBank | None, lang: Lang
) -> list[str]:
    """Each requirement with what it read, the missing answers and the questions to ask."""
    lines = []
    for result in regularity.requirements:
        requirement = profile.requirement(result.id)
        label = requirement.label(lang) if requirement else w("budget", lang)
        facts = ", ".join(fact_text(f, bank, lang) for f in result.facts)
        lines.append(
            f"  [{w('requirement_' + result.outcome, lang)}] {result.id} {label}"
            + (f" ({facts})" if facts else "")
        )
    if regularity.price_missing:
        lines.append(f"  [{w('requirement_unmet', lang)}] {w('no_price', lang)}")
    if regularity.ask:
        lines.append(f"  {w('ask', lang)}{colon(lang).rstrip()}")
        lines += [f"    · {question_name(bank, q, lang)}" for q in regularity.ask]
    return lines


def question_name(bank: QuestionBank | None, qid: str, lang: Lang) -> str:
    """A question by its label, its id after it as a reference."""
    question = bank.by_id.get(qid) if bank else None
    if question is None:
        return qid
    label = question.label(lang)
    return f"« {label} » ({qid})" if lang == "fr" else f"“{label}” ({qid})"


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
