"""Where each fact is used: the questions, findings and AI Act regimes each criterion reads.

Counting one element under several criteria is lawful only where it is really linked to each
and does not neutralise the published weights (CE 20 Nov 2020, n° 427761). So every fact read
by more than one criterion is a deliberate choice the grid states: each criterion that reads it
says, in ``aspects``, which aspect of the need the fact measures there. The loader refuses a
grid where one of those statements is missing; ``profile show`` and the reports print them.

A fact is named as the grid writes it: a question id (``hosting.extraterritorial``), a finding
id (``HOST-02``) or prefix (``FLOW-``, which covers every FLOW finding), a regime
(``regime:high_risk``). A finding prefix and a finding id it covers are the same fact. The
answers an evaluator is shown (``see``) are context for a judgement, not a use.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovereignty.core.conditions import Finding, Regime, leaves
from sovereignty.scoring.model import (
    AnswersMethod,
    ConditionItem,
    Criterion,
    FindingsMethod,
    Profile,
)


@dataclass(frozen=True)
class Use:
    fact: str  # as the criterion writes it
    criterion: str


def criterion_facts(criterion: Criterion) -> list[str]:
    """The facts one criterion reads, each once, in the order of the grid."""
    found: list[str] = []

    def add(fact: str) -> None:
        if fact not in found:
            found.append(fact)

    method = criterion.scoring
    if isinstance(method, AnswersMethod):
        for item in method.items:
            if not isinstance(item, ConditionItem):
                add(item.question)
                continue
            for leaf in leaves(item.when):
                if isinstance(leaf, Regime):
                    add(f"regime:{leaf.id}")
                elif isinstance(leaf, Finding):
                    add(leaf.id)
                else:
                    add(str(getattr(leaf, "question", "")))
    elif isinstance(method, FindingsMethod):
        for fact in (*method.ids, *method.prefixes, *method.basis):
            add(fact)
    return found


def _same(a: str, b: str) -> bool:
    """Two facts are one: equal, or a finding prefix ("FLOW-") and a finding it covers."""
    return a == b or (a.endswith("-") and b.startswith(a)) or (b.endswith("-") and a.startswith(b))


def shared_facts(profile: Profile) -> dict[str, list[Use]]:
    """Every fact read by more than one criterion, with each use as that criterion writes it;
    keyed by the fact as first written, in grid order."""
    uses = [Use(f, c.id) for c in profile.criteria for f in criterion_facts(c)]
    shared: dict[str, list[Use]] = {}
    for use in uses:
        group = [u for u in uses if _same(u.fact, use.fact)]
        if len({u.criterion for u in group}) < 2:
            continue
        key = next(u.fact for u in uses if _same(u.fact, use.fact))
        shared.setdefault(key, [])
        if use not in shared[key]:
            shared[key].append(use)
    return shared


def unstated(profile: Profile) -> list[Use]:
    """The uses of a shared fact whose criterion does not state the aspect it measures."""
    missing = []
    for group in shared_facts(profile).values():
        for use in group:
            criterion = profile.criterion(use.criterion)
            if criterion is not None and use.fact not in criterion.aspects:
                missing.append(use)
    return missing
