"""Choosing the clauses of one offer's contract annex, and saying why each one is there.

A clause is included when it is a base clause (no condition), when its condition holds, when its
condition is undetermined (an answer is missing or unknown: better a protective clause too many
than a gap), or when a raised finding names it among its remedies. The variant used is the first
whose condition holds or is undetermined. Every inclusion carries its triggers: the answers,
regimes and findings behind it, which the annex prints in its traceability table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sovereignty.clauses.loader import ClauseLibrary
from sovereignty.clauses.model import Clause, Variant
from sovereignty.clauses.placeholders import Filler
from sovereignty.core.conditions import (
    ABSENT,
    MISSING,
    UNKNOWN,
    AnyOf,
    Condition,
    Facts,
    Finding,
    Not,
    Regime,
    describe,
    evaluate,
)
from sovereignty.core.conditions import All as AllOf
from sovereignty.core.model import Lang
from sovereignty.findings.model import Finding as FindingResult

TriggerKind = Literal["base", "answer", "regime", "finding", "undetermined"]


@dataclass(frozen=True)
class Trigger:
    kind: TriggerKind
    ref: str  # question id, regime id or finding id ("" for a base clause)
    detail: str  # readable, in the document's language


@dataclass(frozen=True)
class SelectedClause:
    clause: Clause
    variant: Variant
    title: str
    paragraphs: tuple[str, ...]
    triggers: tuple[Trigger, ...]
    variant_triggers: tuple[Trigger, ...]
    blanks: tuple[str, ...]  # placeholders left to complete


@dataclass
class ClauseFacts:
    """Answers, regimes and findings of one offer, as the condition language reads them."""

    answers: Facts
    regime: Callable[[str], bool | None]  # three-valued; always None without a classification
    findings: dict[str, FindingResult]

    def value(self, question_id: str) -> Any:
        return self.answers.value(question_id)

    def has_regime(self, regime_id: str) -> bool | None:
        return self.regime(regime_id)

    def has_finding(self, finding_id: str) -> bool | None:
        return finding_id in self.findings


_WORDS = {
    "base": ("clause de base, toujours incluse", "base clause, always included"),
    "unknown": ("réponse inconnue", "answer unknown"),
    "missing": ("réponse manquante", "answer missing"),
    "regime_unknown": ("régime AI Act « {id} » indéterminé", "AI Act regime '{id}' undetermined"),
    "precaution": ("incluse par précaution", "included as a precaution"),
    "remedy": ("constat {id} ({severity}) : {title}", "finding {id} ({severity}): {title}"),
    "regime": ("régime AI Act « {id} »", "AI Act regime '{id}'"),
    "regime_not": ("régime AI Act « {id} » exclu", "AI Act regime '{id}' ruled out"),
}


def _word(key: str, lang: Lang) -> str:
    return _WORDS[key][0 if lang == "fr" else 1]


def select_clauses(
    library: ClauseLibrary,
    facts: ClauseFacts,
    filler: Filler,
    lang: Lang,
    answer_text: Callable[[str, Any], str] = lambda q, v: str(v),
) -> list[SelectedClause]:
    """The clauses of the annex, in article order. ``answer_text`` formats a value for a trigger."""
    remedies: dict[str, list[FindingResult]] = {}
    for finding in facts.findings.values():
        for clause_id in finding.clauses:
            remedies.setdefault(clause_id, []).append(finding)
    selected = []
    for clause in library.ordered():
        result = evaluate(clause.when, facts)
        by_finding = remedies.get(clause.id, [])
        if result is False and not by_finding:
            continue
        triggers: list[Trigger] = []
        if clause.when is None:
            triggers.append(Trigger("base", "", _word("base", lang)))
        elif result is not False:
            triggers += explain(clause.when, facts, lang, answer_text)
        triggers += [_finding_trigger(f, lang) for f in by_finding if f.id not in _refs(triggers)]
        variant, variant_triggers = _choose_variant(clause, facts, lang, answer_text)
        start = len(filler.blanks)
        paragraphs = tuple(
            filler.fill(p.strip()) for p in variant.text(lang).split("\n\n") if p.strip()
        )
        selected.append(
            SelectedClause(
                clause=clause,
                variant=variant,
                title=clause.title(lang),
                paragraphs=paragraphs,
                triggers=tuple(_unique(triggers)),
                variant_triggers=tuple(_unique(variant_triggers)),
                blanks=tuple(dict.fromkeys(filler.blanks[start:])),
            )
        )
    return selected


def _refs(triggers: Iterable[Trigger]) -> set[str]:
    return {t.ref for t in triggers}


def _unique(triggers: list[Trigger]) -> list[Trigger]:
    return list(dict.fromkeys(triggers))


def _choose_variant(
    clause: Clause, facts: ClauseFacts, lang: Lang, answer_text: Callable[[str, Any], str]
) -> tuple[Variant, list[Trigger]]:
    for variant in clause.all_variants:
        if variant.when is None:
            return variant, []
        if evaluate(variant.when, facts) is not False:
            return variant, explain(variant.when, facts, lang, answer_text)
    raise AssertionError("the last variant has no condition")  # pragma: no cover


def _finding_trigger(finding: FindingResult, lang: Lang) -> Trigger:
    from sovereignty.findings.model import SEVERITY_LABEL

    detail = _word("remedy", lang).format(
        id=finding.id, severity=SEVERITY_LABEL[finding.severity](lang), title=finding.title(lang)
    )
    return Trigger("finding", finding.id, detail)


def explain(
    condition: Condition,
    facts: ClauseFacts,
    lang: Lang,
    answer_text: Callable[[str, Any], str],
) -> list[Trigger]:
    """The leaves that make ``condition`` true (or undetermined), as triggers."""
    result = evaluate(condition, facts)
    if result is False:
        return []
    match condition:
        case AllOf(conditions=parts):
            return [t for p in parts for t in explain(p, facts, lang, answer_text)]
        case AnyOf(conditions=parts):
            wanted = result
            return [
                t
                for p in parts
                if evaluate(p, facts) is wanted
                for t in explain(p, facts, lang, answer_text)
            ]
        case Not():
            return _leaf_trigger(condition, facts, lang, answer_text, result)
        case _:
            return _leaf_trigger(condition, facts, lang, answer_text, result)


def _leaf_trigger(
    leaf: Condition,
    facts: ClauseFacts,
    lang: Lang,
    answer_text: Callable[[str, Any], str],
    result: bool | None,
) -> list[Trigger]:
    negated = isinstance(leaf, Not)
    inner = leaf.condition if isinstance(leaf, Not) else leaf
    if isinstance(inner, Finding):
        finding = facts.findings.get(inner.id)
        if finding is None or negated:
            return [Trigger("finding", inner.id, describe(leaf, lang))]
        return [_finding_trigger(finding, lang)]
    if isinstance(inner, Regime):
        if result is None:
            detail = (
                f"{_word('regime_unknown', lang).format(id=inner.id)} — {_word('precaution', lang)}"
            )
            return [Trigger("undetermined", inner.id, detail)]
        key = "regime_not" if negated else "regime"
        return [Trigger("regime", inner.id, _word(key, lang).format(id=inner.id))]
    question = getattr(inner, "question", None)
    if question is None:  # a Not around a combinator: describe it as a whole
        return [Trigger("answer", "", describe(leaf, lang))]
    value = facts.value(question)
    sep = " : " if lang == "fr" else ": "
    if result is None or value is UNKNOWN or value is MISSING:
        state = _word("unknown" if value is UNKNOWN else "missing", lang)
        detail = f"{question}{sep}{state} — {_word('precaution', lang)}"
        return [Trigger("undetermined", question, detail)]
    shown = "—" if value is ABSENT else answer_text(question, value)
    if isinstance(leaf, Not):
        return [Trigger("answer", question, f"{describe(leaf, lang)}{sep}{shown}")]
    return [Trigger("answer", question, f"{question}{sep}{shown}")]
