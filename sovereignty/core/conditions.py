"""The condition language shared by question banks, rules, scoring profiles and clause libraries.

A condition is data, tagged with ``op``::

    {op: equals,   question: hosting.model, value: saas}
    {op: in,       question: hosting.model, values: [saas, paas]}
    {op: contains, question: data.categories, value: health_identifying}   # multiple choice
    {op: at_least, question: frugality.gpu_count, value: 4}                  # also at_most
    {op: answered, question: need.problem}
    {op: not, condition: {...}}   {op: all, conditions: [...]}   {op: any, conditions: [...]}
    {op: regime, id: high_risk_annex_iii}  {op: finding, id: HOST-01}       # rules and clauses only

It is evaluated by pattern matching over the model, never with ``eval`` or a template engine.
Evaluation is three-valued (Kleene): an answer that is missing or "unknown" makes a comparison
``None`` (undetermined) rather than silently true or false. An answer to a question that does not
apply is *absent*: it equals nothing. Callers decide what undetermined means: a question whose
condition is undetermined is asked (better one question too many than a gap); a classification
rule that is undetermined says which answers would decide it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Protocol

from pydantic import Field

from sovereignty.core.model import Lang, Model

Scalar = str | int | float


class Equals(Model):
    op: Literal["equals"]
    question: str
    value: Scalar


class In(Model):
    op: Literal["in"]
    question: str
    values: tuple[Scalar, ...] = Field(min_length=1)


class Contains(Model):
    op: Literal["contains"]
    question: str
    value: str


class AtLeast(Model):
    op: Literal["at_least"]
    question: str
    value: float


class AtMost(Model):
    op: Literal["at_most"]
    question: str
    value: float


class Answered(Model):
    op: Literal["answered"]
    question: str


class Not(Model):
    op: Literal["not"]
    condition: Condition


class All(Model):
    op: Literal["all"]
    conditions: tuple[Condition, ...] = Field(min_length=1)


class AnyOf(Model):
    op: Literal["any"]
    conditions: tuple[Condition, ...] = Field(min_length=1)


class Regime(Model):
    op: Literal["regime"]
    id: str


class Finding(Model):
    op: Literal["finding"]
    id: str


Condition = Annotated[
    Equals | In | Contains | AtLeast | AtMost | Answered | Not | All | AnyOf | Regime | Finding,
    Field(discriminator="op"),
]
for _model in (Not, All, AnyOf):
    _model.model_rebuild()


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


UNKNOWN = _Marker("UNKNOWN")  # answered "I don't know"
MISSING = _Marker("MISSING")  # applicable but not answered (yet)
ABSENT = _Marker("ABSENT")  # the question does not apply, so it has no value
INVALID = _Marker("INVALID")  # answered with a value the question does not accept


class Facts(Protocol):
    """What a condition is evaluated against."""

    def value(self, question_id: str) -> Any:
        """The answer's value, or UNKNOWN, MISSING, ABSENT or INVALID."""

    def has_regime(self, regime_id: str) -> bool | None: ...

    def has_finding(self, finding_id: str) -> bool | None: ...


def evaluate(condition: Condition | None, facts: Facts) -> bool | None:
    """True, False, or None when the answers do not decide it."""
    if condition is None:
        return True
    match condition:
        case Answered(question=q):
            value = facts.value(q)
            return None if value is INVALID else value not in (MISSING, UNKNOWN, ABSENT)
        case Equals(question=q, value=expected):
            return _compare(facts.value(q), lambda v: v == expected)
        case In(question=q, values=values):
            return _compare(
                facts.value(q),
                lambda v: bool(set(v) & set(values)) if isinstance(v, list) else v in values,
            )
        case Contains(question=q, value=expected):
            return _compare(facts.value(q), lambda v: isinstance(v, list) and expected in v)
        case AtLeast(question=q, value=bound):
            return _compare(facts.value(q), lambda v: _number(v) is not None and v >= bound)
        case AtMost(question=q, value=bound):
            return _compare(facts.value(q), lambda v: _number(v) is not None and v <= bound)
        case Not(condition=inner):
            result = evaluate(inner, facts)
            return None if result is None else not result
        case All(conditions=parts):
            results = [evaluate(p, facts) for p in parts]
            if False in results:
                return False
            return None if None in results else True
        case AnyOf(conditions=parts):
            results = [evaluate(p, facts) for p in parts]
            if True in results:
                return True
            return None if None in results else False
        case Regime(id=regime_id):
            return facts.has_regime(regime_id)
        case Finding(id=finding_id):
            return facts.has_finding(finding_id)
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover - exhaustive match


def _number(value: Any) -> float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _compare(value: Any, test: Any) -> bool | None:
    if value is ABSENT:
        return False
    if value is MISSING or value is UNKNOWN or value is INVALID:
        return None
    return bool(test(value))


def referenced_questions(condition: Condition | None) -> Iterator[tuple[str, Condition]]:
    """Every (question id, leaf condition) the condition reads."""
    if condition is None:
        return
    match condition:
        case Not(condition=inner):
            yield from referenced_questions(inner)
        case All(conditions=parts) | AnyOf(conditions=parts):
            for part in parts:
                yield from referenced_questions(part)
        case Regime() | Finding():
            return
        case _:
            yield condition.question, condition


def leaves(condition: Condition | None) -> Iterator[Condition]:
    """Every leaf (non-combinator) condition."""
    if condition is None:
        return
    match condition:
        case Not(condition=inner):
            yield from leaves(inner)
        case All(conditions=parts) | AnyOf(conditions=parts):
            for part in parts:
                yield from leaves(part)
        case _:
            yield condition


@dataclass
class DictFacts:
    """Facts from plain dictionaries: handy for rules, tests and clause selection."""

    values: dict[str, Any]
    regimes: frozenset[str] | None = None  # None: regimes not known in this context
    findings: frozenset[str] | None = None

    def value(self, question_id: str) -> Any:
        return self.values.get(question_id, MISSING)

    def has_regime(self, regime_id: str) -> bool | None:
        return None if self.regimes is None else regime_id in self.regimes

    def has_finding(self, finding_id: str) -> bool | None:
        return None if self.findings is None else finding_id in self.findings


_WORDS: dict[str, tuple[str, str]] = {
    "equals": ("« {q} » vaut « {v} »", "'{q}' is '{v}'"),
    "in": ("« {q} » est parmi {v}", "'{q}' is one of {v}"),
    "contains": ("« {q} » inclut « {v} »", "'{q}' includes '{v}'"),
    "at_least": ("« {q} » ≥ {v}", "'{q}' ≥ {v}"),
    "at_most": ("« {q} » ≤ {v}", "'{q}' ≤ {v}"),
    "answered": ("« {q} » est renseignée", "'{q}' is answered"),
    "regime": ("le régime « {v} » s'applique", "regime '{v}' applies"),
    "finding": ("le constat {v} est relevé", "finding {v} is raised"),
}


def describe(condition: Condition | None, lang: Lang) -> str:
    """A readable rendering, e.g. for the response form and `sovereignty questions`."""
    if condition is None:
        return ""
    i = 0 if lang == "fr" else 1
    match condition:
        case Not(condition=inner):
            return ("non " if lang == "fr" else "not ") + f"({describe(inner, lang)})"
        case All(conditions=parts):
            return (" et " if lang == "fr" else " and ").join(
                f"({describe(p, lang)})" for p in parts
            )
        case AnyOf(conditions=parts):
            return (" ou " if lang == "fr" else " or ").join(
                f"({describe(p, lang)})" for p in parts
            )
        case Regime(id=x) | Finding(id=x):
            return _WORDS[condition.op][i].format(q="", v=x)
        case In(question=q, values=values):
            return _WORDS["in"][i].format(q=q, v=", ".join(map(str, values)))
        case Answered(question=q):
            return _WORDS["answered"][i].format(q=q)
        case _:
            return _WORDS[condition.op][i].format(
                q=condition.question,
                v=condition.value,
            )
