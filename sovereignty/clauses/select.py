"""Choosing the clauses of one offer's contract annex, and saying why each one is there.

A clause is included when it is a base clause (no condition), when its condition holds, when its
condition is undetermined (an answer is missing or unknown: better a protective clause too many
than a gap), or when a raised finding names it among its remedies. The variant used is the first
whose condition holds or is undetermined. Every inclusion carries its triggers: the answers,
regimes and findings behind it, which the annex prints in its traceability table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    Contains,
    Equals,
    Facts,
    Finding,
    In,
    Not,
    Regime,
    evaluate,
    leaves,
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
    findings: Sequence[FindingResult]  # one id may be raised several times (one per subject)

    def value(self, question_id: str) -> Any:
        return self.answers.value(question_id)

    def has_regime(self, regime_id: str) -> bool | None:
        return self.regime(regime_id)

    def has_finding(self, finding_id: str) -> bool | None:
        return any(f.id == finding_id for f in self.findings)

    def finding(self, finding_id: str) -> FindingResult | None:
        return next((f for f in self.findings if f.id == finding_id), None)


_WORDS = {
    "base": ("clause de base, toujours incluse", "base clause, always included"),
    "answer": ("Réponse", "Answer"),
    "unknown": ("inconnue", "unknown"),
    "missing": ("manquante", "missing"),
    "precaution": ("incluse par précaution", "included as a precaution"),
    "remedy": ("constat {id} ({severity}) : {title}", "finding {id} ({severity}): {title}"),
    "regime": ("régime RIA « {title} »", "AI Act regime '{title}'"),
    "regime_not": ("régime RIA « {title} » exclu", "AI Act regime '{title}' ruled out"),
    "regime_unknown": (
        "régime RIA « {title} » indéterminé",
        "AI Act regime '{title}' undetermined",
    ),
    "no_finding": ("pas de constat {id}", "no finding {id}"),
    "without": (", sans « {label} »", ", without '{label}'"),
    "other_than": (", autre que « {label} »", ", other than '{label}'"),
}


def _word(key: str, lang: Lang) -> str:
    return _WORDS[key][0 if lang == "fr" else 1]


def regime_title(regime_id: str, lang: Lang) -> str:
    """The regime's title in ``lang``, as the AI Act classification names it."""
    from sovereignty.aiact.catalogue import shipped_catalogue

    titles = shipped_catalogue().messages.regimes.items()
    return next((t(lang) for r, t in titles if r == regime_id), regime_id)


@dataclass(frozen=True)
class Wording:
    """How a trigger names what it cites, in the document's language: a question by its label
    (its id after it, as a reference), an answer by its choice labels, a regime by its title."""

    lang: Lang
    answer: Callable[[str, Any], str] = lambda q, v: str(v)  # question id, value -> text
    question: Callable[[str], str] = lambda q: q  # question id -> its label
    choice: Callable[[str, str], str] = lambda q, v: v  # question id, choice value -> label
    show_ids: bool = True  # the question id after its label (never in a contract document)


def select_clauses(
    library: ClauseLibrary, facts: ClauseFacts, filler: Filler, wording: Wording
) -> list[SelectedClause]:
    """The clauses of the annex, in article order, with what triggered each one."""
    lang = wording.lang
    remedies: dict[str, list[FindingResult]] = {}
    for finding in facts.findings:
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
            triggers += explain(clause.when, facts, wording)
        triggers += [_finding_trigger(f, lang) for f in by_finding]  # duplicates: see _unique
        variant, variant_triggers = _choose_variant(clause, facts, wording)
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


def _unique(triggers: list[Trigger]) -> list[Trigger]:
    return list(dict.fromkeys(triggers))


def _choose_variant(
    clause: Clause, facts: ClauseFacts, wording: Wording
) -> tuple[Variant, list[Trigger]]:
    for variant in clause.all_variants:
        if variant.when is None:
            return variant, []
        if evaluate(variant.when, facts) is not False:
            return variant, explain(variant.when, facts, wording)
    raise AssertionError("the last variant has no condition")  # pragma: no cover


def _finding_trigger(finding: FindingResult, lang: Lang) -> Trigger:
    from sovereignty.findings.model import SEVERITY_LABEL

    detail = _word("remedy", lang).format(
        id=finding.id, severity=SEVERITY_LABEL[finding.severity](lang), title=finding.title(lang)
    )
    return Trigger("finding", finding.id, detail)


def explain(condition: Condition, facts: ClauseFacts, wording: Wording) -> list[Trigger]:
    """The leaves that make ``condition`` true (or undetermined), as triggers."""
    result = evaluate(condition, facts)
    if result is False:
        return []
    match condition:
        case AllOf(conditions=parts):
            return [t for p in parts for t in explain(p, facts, wording)]
        case AnyOf(conditions=parts):
            wanted = result
            return [
                t for p in parts if evaluate(p, facts) is wanted for t in explain(p, facts, wording)
            ]
        case Not(condition=AllOf() | AnyOf() | Not() as inner):
            # a negated combination: state every fact it reads, as they stand
            return [_state(leaf, facts, wording) for leaf in leaves(inner)]
        case _:
            return [_leaf_trigger(condition, facts, wording, result)]


def _leaf_trigger(
    leaf: Condition, facts: ClauseFacts, wording: Wording, result: bool | None
) -> Trigger:
    lang = wording.lang
    negated = isinstance(leaf, Not)
    inner = leaf.condition if isinstance(leaf, Not) else leaf
    if isinstance(inner, Finding):
        finding = facts.finding(inner.id)
        if finding is None or negated:
            return Trigger("finding", inner.id, _word("no_finding", lang).format(id=inner.id))
        return _finding_trigger(finding, lang)
    if isinstance(inner, Regime):
        title = regime_title(inner.id, lang)
        if result is None:
            detail = f"{_word('regime_unknown', lang).format(title=title)} — "
            return Trigger("undetermined", inner.id, detail + _word("precaution", lang))
        key = "regime_not" if negated else "regime"
        return Trigger("regime", inner.id, _word(key, lang).format(title=title))
    question = getattr(inner, "question", None)
    if question is None:  # pragma: no cover - every other leaf reads a question
        return _state(inner, facts, wording)
    value = facts.value(question)
    if result is None or value is UNKNOWN or value is MISSING:
        state = _word("unknown" if value is UNKNOWN else "missing", lang)
        shown = f"{state} — {_word('precaution', lang)}"
        return Trigger("undetermined", question, _answer_line(question, shown, wording))
    shown = "—" if value is ABSENT else wording.answer(question, value)
    if negated:
        shown += _negation(inner, wording)
    return Trigger("answer", question, _answer_line(question, shown, wording))


def _negation(leaf: Condition, wording: Wording) -> str:
    """What a negated answer condition excludes, e.g. ", sans « Audit sur place »"."""
    if isinstance(leaf, Contains):
        return _word("without", wording.lang).format(
            label=wording.choice(leaf.question, str(leaf.value))
        )
    if isinstance(leaf, Equals | In):
        values = (leaf.value,) if isinstance(leaf, Equals) else leaf.values
        labels = ", ".join(wording.choice(leaf.question, str(v)) for v in values)
        return _word("other_than", wording.lang).format(label=labels)
    return ""


def _state(leaf: Condition, facts: ClauseFacts, wording: Wording) -> Trigger:
    """A leaf as it stands, whatever its truth: the answer, the regime, the finding."""
    lang = wording.lang
    if isinstance(leaf, Regime):
        state = facts.has_regime(leaf.id)
        key = "regime_unknown" if state is None else "regime" if state else "regime_not"
        kind: TriggerKind = "undetermined" if state is None else "regime"
        return Trigger(kind, leaf.id, _word(key, lang).format(title=regime_title(leaf.id, lang)))
    if isinstance(leaf, Finding):
        finding = facts.finding(leaf.id)
        if finding is None:
            return Trigger("finding", leaf.id, _word("no_finding", lang).format(id=leaf.id))
        return _finding_trigger(finding, lang)
    question = str(getattr(leaf, "question", ""))
    value = facts.value(question)
    if value is UNKNOWN or value is MISSING:
        shown = _word("unknown" if value is UNKNOWN else "missing", lang)
        return Trigger("undetermined", question, _answer_line(question, shown, wording))
    shown = "—" if value is ABSENT else wording.answer(question, value)
    return Trigger("answer", question, _answer_line(question, shown, wording))


def _answer_line(question: str, shown: str, wording: Wording) -> str:
    line = answer_line(wording.question(question), question, shown, wording.lang)
    return line if wording.show_ids else line.removesuffix(f" ({question})")


def answer_line(label: str, question_id: str, shown: str, lang: Lang, word: bool = True) -> str:
    """A question by its label, the answer, the id as a reference: "Qui détient les clés de
    chiffrement ? Réponse : L'hébergeur (hosting.keys_holder)" (``word``: say "Réponse")."""
    label = label.strip()
    joiner = " " if label[-1:] in ("?", ".", "!", ":") else " — "
    said = f"{_word('answer', lang)}{' : ' if lang == 'fr' else ': '}" if word else ""
    return f"{label}{joiner}{said}{shown} ({question_id})"
