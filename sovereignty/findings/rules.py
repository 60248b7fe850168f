"""Regulatory findings from the answers: a data rule pack, checked on load, evaluated three-valued.

A rule (``findings/data/rules.yaml``)::

    - id: HOST-01                      # AREA-NN, stable
      severity: blocking               # blocking | major | minor | info
      when: {op: all, conditions: [...]}   # the shared condition language, incl. regime/finding
      title: {fr: ..., en: ...}
      explanation: {fr: ..., en: ...}
      legal: ["CSP art. L1111-8"]
      clauses: [HOST-01]               # clause ids of the contract library that remedy it
      triggers: [hosting.model, ...]   # answers to cite; default: every question 'when' reads
      severity_from:                   # optional: where the law changes with time
        - date: 2027-01-12             # from this date (the as-of date, ``--as-of``) on...
          severity: major              # ...the finding is this severe,
          title: {fr: ..., en: ...}    # and says so (optional: else the texts above)
          explanation: {fr: ..., en: ...}

``severity_from`` steps are in date order and each is more severe than the one before: the law
tightens (DA art. 29 turns switching charges "at cost" into prohibited ones on 12 January 2027).
A step applies from its date included; the rule's own severity and texts hold before the first.

On load, every question id must exist in the bank and every compared value must be one of the
question's choices (with "did you mean"), regime ids must be known, ``finding`` may only name an
earlier rule, and legal references must name a known instrument: all problems at once.

Evaluation is Kleene. A rule whose condition is true raises a finding; false, nothing; and
*undetermined* (an answer it needs is missing or "unknown") raises no finding but is reported
separately, with the questions that would decide it. It is not turned into an "info" finding, so
that scores and contract annexes rest only on what the answers establish, while the buyer still
sees what to ask the vendor.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from sovereignty.aiact.model import REGIME_IDS
from sovereignty.core.conditions import (
    ABSENT,
    MISSING,
    UNKNOWN,
    All,
    AnyOf,
    AtLeast,
    AtMost,
    Condition,
    Contains,
    Equals,
    Facts,
    In,
    Not,
    Regime,
    evaluate,
    leaves,
    referenced_questions,
)
from sovereignty.core.conditions import Finding as FindingCondition
from sovereignty.core.errors import ContentError, Problem, did_you_mean
from sovereignty.core.legal import LegalRefs
from sovereignty.core.model import InvalidValue, Model, NonEmptyStr, Text
from sovereignty.core.validation import id_in, validate_document
from sovereignty.core.yamlio import YamlDocument, load_yaml
from sovereignty.findings.model import (
    SEVERITY_ORDER,
    AnswerRef,
    Finding,
    Severity,
    evidence_of,
    sort_findings,
)
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.model import MultipleChoice, NumberQuestion, SingleChoice, YesNo

RULES_FILE = Path(__file__).resolve().parent / "data" / "rules.yaml"
RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*-\d{2}$")


class SeverityStep(Model):
    """From ``date`` on, the rule's finding has this severity (and these texts, if given)."""

    date: dt.date
    severity: Severity
    title: Text | None = None
    explanation: Text | None = None


@dataclass(frozen=True)
class Stance:
    """What a rule says on a given date."""

    severity: Severity
    title: Text
    explanation: Text


class Rule(Model):
    id: NonEmptyStr
    severity: Severity
    when: Condition
    title: Text
    explanation: Text
    legal: LegalRefs = Field(min_length=1)
    clauses: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()
    severity_from: tuple[SeverityStep, ...] = ()

    @model_validator(mode="after")
    def _law_tightens(self) -> Rule:
        severity, date = self.severity, None
        for step in self.severity_from:
            if date is not None and step.date <= date:
                raise InvalidValue(
                    Text(
                        fr=f"severity_from : le {step.date} vient après le {date} ; donnez les "
                        "dates dans l'ordre",
                        en=f"severity_from: {step.date} comes after {date}; list the dates in "
                        "order",
                    )
                )
            if SEVERITY_ORDER[step.severity] >= SEVERITY_ORDER[severity]:
                raise InvalidValue(
                    Text(
                        fr=f"severity_from : au {step.date}, la gravité doit dépasser "
                        f"{severity!r} (trouvé : {step.severity!r}) ; la gravité propre d'une "
                        "règle est la plus ancienne",
                        en=f"severity_from: on {step.date} the severity must rise above "
                        f"{severity!r} (got {step.severity!r}); a rule's own severity is the "
                        "earliest one",
                    )
                )
            severity, date = step.severity, step.date
        return self

    def on(self, as_of: dt.date) -> Stance:
        """The severity and texts that hold on ``as_of``."""
        stance = Stance(self.severity, self.title, self.explanation)
        for step in self.severity_from:
            if step.date > as_of:
                break
            stance = Stance(
                step.severity, step.title or stance.title, step.explanation or stance.explanation
            )
        return stance

    @field_validator("id")
    @classmethod
    def _rule_id(cls, value: str) -> str:
        if not RULE_ID.fullmatch(value):
            raise InvalidValue(
                Text(
                    fr=f"l'id de règle {value!r} doit avoir la forme DOMAINE-NN, par ex. HOST-01",
                    en=f"rule id {value!r} must look like AREA-NN, e.g. HOST-01",
                )
            )
        return value

    @field_validator("clauses")
    @classmethod
    def _clause_ids(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if not RULE_ID.fullmatch(value):
                raise InvalidValue(
                    Text(
                        fr=f"l'id de clause {value!r} doit avoir la forme DOMAINE-NN, par ex. "
                        "REV-01",
                        en=f"clause id {value!r} must look like AREA-NN, e.g. REV-01",
                    )
                )
        return values

    @property
    def trigger_questions(self) -> tuple[str, ...]:
        if self.triggers:
            return self.triggers
        return tuple(dict.fromkeys(q for q, _ in referenced_questions(self.when)))

    @property
    def reads_classification(self) -> bool:
        return any(isinstance(leaf, Regime) for leaf in leaves(self.when))


class RulePack(Model):
    schema_: Literal["sovereignty/rules/1"] = Field(alias="schema")
    rules: tuple[Rule, ...]


# --- loading ----------------------------------------------------------------------------------
def _value_problem(leaf: Condition, question: Any) -> Text | None:
    """What is wrong with comparing ``question`` as ``leaf`` does, or None."""
    kind, qid = question.type, question.id
    if isinstance(leaf, Equals | In):
        values = (leaf.value,) if isinstance(leaf, Equals) else leaf.values
        if isinstance(question, SingleChoice | YesNo | MultipleChoice):
            if isinstance(leaf, Equals) and isinstance(question, MultipleChoice):
                return Text(
                    fr=f"'equals' ne s'applique pas à {qid!r} ({kind}) ; utilisez 'contains' "
                    "ou 'in'",
                    en=f"'equals' cannot be used on {qid!r} ({kind}); use 'contains' or 'in'",
                )
            choices = ", ".join(question.values)
            for value in values:
                if value not in question.values:
                    fr_hint, en_hint = did_you_mean(str(value), question.values)
                    return Text(
                        fr=f"compare {qid!r} à {value!r}, qui n'est pas l'un de ses choix "
                        f"({choices}){fr_hint}",
                        en=f"compares {qid!r} with {value!r}, which is not one of its "
                        f"choices ({choices}){en_hint}",
                    )
            return None
        if kind not in ("text", "number"):
            return Text(
                fr=f"'{leaf.op}' ne s'applique pas à {qid!r} ({kind})",
                en=f"'{leaf.op}' cannot be used on {qid!r} ({kind})",
            )
    elif isinstance(leaf, Contains):
        if not isinstance(question, MultipleChoice):
            return Text(
                fr=f"'contains' demande une question à choix multiples ; {qid!r} est {kind}",
                en=f"'contains' needs a multiple-choice question; {qid!r} is {kind}",
            )
        if leaf.value not in question.values:
            fr_hint, en_hint = did_you_mean(leaf.value, question.values)
            choices = ", ".join(question.values)
            return Text(
                fr=f"cherche {leaf.value!r} dans {qid!r}, qui ne l'a pas parmi ses choix "
                f"({choices}){fr_hint}",
                en=f"looks for {leaf.value!r} in {qid!r}, which is not one of its choices "
                f"({choices}){en_hint}",
            )
    elif isinstance(leaf, AtLeast | AtMost) and not isinstance(question, NumberQuestion):
        return Text(
            fr=f"'{leaf.op}' demande une question numérique ; {qid!r} est {kind}",
            en=f"'{leaf.op}' needs a number question; {qid!r} is {kind}",
        )
    return None


def _cross_check(pack: RulePack, bank: QuestionBank, doc: YamlDocument) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, rule in enumerate(pack.rules):

        def report(fr: str, en: str, *loc: str | int, _i: int = i, _id: str = rule.id) -> None:
            problems.append(Problem(doc.where(("rules", _i, *loc)), Text(fr=fr, en=en), _id))

        if rule.id in seen:
            report("id de règle présent deux fois", "rule id appears twice")
        for question_id, leaf in referenced_questions(rule.when):
            question = bank.by_id.get(question_id)
            if question is None:
                fr_hint, en_hint = did_you_mean(question_id, bank.by_id)
                report(
                    f"la condition lit {question_id!r}, qui n'est pas une question de la "
                    f"banque{fr_hint}",
                    f"condition reads {question_id!r}, not a question of the bank{en_hint}",
                    "when",
                )
                continue
            problem = _value_problem(leaf, question)
            if problem:
                report(f"la condition {problem.fr}", f"condition {problem.en}", "when")
        for leaf in leaves(rule.when):
            if isinstance(leaf, Regime) and leaf.id not in REGIME_IDS:
                fr_hint, en_hint = did_you_mean(leaf.id, REGIME_IDS)
                report(
                    f"régime inconnu {leaf.id!r}{fr_hint}",
                    f"unknown regime {leaf.id!r}{en_hint}",
                    "when",
                )
            if isinstance(leaf, FindingCondition) and leaf.id not in seen:
                report(
                    f"la condition porte sur le constat {leaf.id!r}, qui n'est pas celui d'une "
                    "règle précédente",
                    f"condition refers to finding {leaf.id!r}, which is not an earlier rule",
                )
        for question_id in rule.triggers:
            if question_id not in bank.by_id:
                report(
                    f"le déclencheur {question_id!r} n'est pas une question de la banque",
                    f"trigger {question_id!r} is not a question of the bank",
                    "triggers",
                )
        seen.add(rule.id)
    return problems


def parse_rules(doc: YamlDocument, bank: QuestionBank) -> RulePack:
    pack = validate_document(
        doc,
        RulePack,
        expected=Text(
            fr="un jeu de règles est une table avec 'schema' et 'rules'",
            en="a rule pack must be a mapping with 'schema' and 'rules'",
        ),
        subject=id_in("rules"),
    )
    problems = _cross_check(pack, bank, doc)
    if problems:
        raise ContentError(doc.path, problems)
    return pack


_SHIPPED: dict[str, RulePack] = {}  # by bank hash: the pack is checked once per bank


def load_rules(bank: QuestionBank, path: Path | None = None) -> RulePack:
    """The rule pack (the shipped one by default), checked against ``bank``."""
    if path is not None:
        return parse_rules(load_yaml(path), bank)
    if bank.hash not in _SHIPPED:
        _SHIPPED[bank.hash] = parse_rules(load_yaml(RULES_FILE), bank)
    return _SHIPPED[bank.hash]


# --- evaluation -------------------------------------------------------------------------------
@dataclass(frozen=True)
class UndeterminedRule:
    """A rule the answers do not decide yet, and the questions that would."""

    id: str
    severity: Severity
    title: Text
    deciding_questions: tuple[str, ...]


@dataclass
class RuleOutcome:
    findings: list[Finding] = field(default_factory=list)
    undetermined: list[UndeterminedRule] = field(default_factory=list)


class _RuleFacts:
    """Answers, regimes (from the classification, if any) and the findings raised so far."""

    def __init__(self, answers: Facts, classification: Any | None) -> None:
        self.answers = answers
        self.classification = classification
        self.raised: dict[str, bool | None] = {}
        self.deciding: dict[str, tuple[str, ...]] = {}

    def value(self, question_id: str) -> Any:
        return self.answers.value(question_id)

    def has_regime(self, regime_id: str) -> bool | None:
        if self.classification is None:
            return None
        result: bool | None = self.classification.has_regime(regime_id)
        return result

    def has_finding(self, finding_id: str) -> bool | None:
        return self.raised.get(finding_id, False)


def deciding_questions(condition: Condition, facts: _RuleFacts) -> tuple[str, ...]:
    """The questions whose answers would decide an undetermined condition (only those that can)."""
    if evaluate(condition, facts) is not None:
        return ()
    match condition:
        case Not(condition=inner):
            return deciding_questions(inner, facts)
        case All(conditions=parts) | AnyOf(conditions=parts):
            found = [q for part in parts for q in deciding_questions(part, facts)]
            return tuple(dict.fromkeys(found))
        case Regime(id=regime_id):
            if facts.classification is None:
                return ()
            return tuple(facts.classification.regime(regime_id).deciding_questions)
        case FindingCondition(id=finding_id):
            return facts.deciding.get(finding_id, ())
        case _:
            return (condition.question,)


def _triggers(rule: Rule, answers: Facts) -> tuple[AnswerRef, ...]:
    refs = []
    given = getattr(answers, "answers", None)  # the sheet's answers, for their evidence
    for question_id in rule.trigger_questions:
        value = answers.value(question_id)
        if value is ABSENT or value is MISSING:
            continue
        evidence = evidence_of(given, question_id)
        if value is UNKNOWN:
            refs.append(AnswerRef(question=question_id, unknown=True, evidence=evidence))
        else:
            refs.append(AnswerRef(question=question_id, value=value, evidence=evidence))
    return tuple(refs)


def evaluate_rules(
    pack: RulePack,
    answers: Facts,
    classification: Any | None = None,
    vendor: str | None = None,
    as_of: dt.date | None = None,
) -> RuleOutcome:
    """Every rule of ``pack`` on one sheet; ``classification`` answers the ``regime`` ops;
    severities and texts are those in force on ``as_of`` (default: today)."""
    as_of = as_of or dt.date.today()
    facts = _RuleFacts(answers, classification)
    outcome = RuleOutcome()
    for rule in pack.rules:
        result = evaluate(rule.when, facts)
        facts.raised[rule.id] = result
        stance = rule.on(as_of)
        if result is None:
            deciding = deciding_questions(rule.when, facts)
            facts.deciding[rule.id] = deciding
            outcome.undetermined.append(
                UndeterminedRule(rule.id, stance.severity, stance.title, deciding)
            )
        elif result:
            outcome.findings.append(
                Finding(
                    id=rule.id,
                    severity=stance.severity,
                    title=stance.title,
                    explanation=stance.explanation,
                    source="classification" if rule.reads_classification else "answers",
                    triggers=_triggers(rule, answers),
                    legal=rule.legal,
                    clauses=rule.clauses,
                    vendor=vendor,
                )
            )
    outcome.findings = sort_findings(outcome.findings)
    return outcome
