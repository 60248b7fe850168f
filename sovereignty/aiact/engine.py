"""The classification engine: answer sheet in, regimes, role and obligations out.

Pure: no terminal, no files beyond the shipped catalogue. When a regime is undetermined, the
engine never picks an outcome; it lists the questions that would decide it and, by answering
them in every possible way on a copy of the sheet, the outcomes that remain possible
(``undetermined`` among them when those answers alone would not settle it). Beyond
``MAX_JOINT_CASES`` combinations, both outcomes are reported as possible.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sovereignty.aiact.catalogue import Catalogue, shipped_catalogue
from sovereignty.aiact.model import (
    REGIME_IDS,
    AppliedException,
    Classification,
    Reason,
    RegimeId,
    RegimeResult,
    RegimeStatus,
    WhatIf,
)
from sovereignty.aiact.obligations import obligations
from sovereignty.aiact.practices import Outcome
from sovereignty.aiact.regimes import Assessment, assess
from sovereignty.aiact.role import determine_role
from sovereignty.aiact.verdict import Reader
from sovereignty.core.errors import ContentError, Problem
from sovereignty.core.model import Text
from sovereignty.questionnaire.answers import AnswerSheet
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.model import MultipleChoice, SingleChoice, YesNo
from sovereignty.questionnaire.validate import SheetFacts

MAX_JOINT_CASES = 64  # combinations of deciding answers tried jointly, at most


def status_of(outcome: Outcome) -> RegimeStatus:
    value = outcome.verdict.value
    return "undetermined" if value is None else "applies" if value else "does_not_apply"


def _candidates(bank: QuestionBank, question_id: str) -> list[Any]:
    """Every answer a deciding question could get: for multiple choice, each choice alone and
    all of them together (conditions that must all hold, such as MDR art. 5(5), need it)."""
    question = bank.by_id.get(question_id)
    match question:
        case YesNo():
            return ["yes", "no"]
        case SingleChoice():
            return list(question.values)
        case MultipleChoice():
            every = [value for value in question.values if value != "none"]
            return [[value] for value in question.values] + ([every] if len(every) > 1 else [])
    return []


class _Explorer:
    """Re-assesses a sheet under hypothetical answers, remembering each case."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.cache: dict[str, Assessment] = {}

    def assess(self, overrides: tuple[tuple[str, Any], ...]) -> Assessment:
        key = repr(overrides)
        if key not in self.cache:
            reader = self.reader
            for question_id, value in overrides:
                reader = reader.with_answer(question_id, value)
            self.cache[key] = assess(reader)
        return self.cache[key]

    def explore(
        self, regime: RegimeId, deciding: tuple[str, ...]
    ) -> tuple[tuple[RegimeStatus, ...], tuple[WhatIf, ...]]:
        bank = self.reader.bank
        what_if: list[WhatIf] = []
        for question_id in deciding:
            for value in _candidates(bank, question_id):
                outcome = self.assess(((question_id, value),)).outcomes[regime]
                status = status_of(outcome)
                what_if.append(
                    WhatIf(question=question_id, value=value, status=status, points=outcome.points)
                )
        options = [_candidates(bank, q) for q in deciding]
        statuses: set[RegimeStatus] = set()
        if all(options) and _product(options) <= MAX_JOINT_CASES:
            for combination in itertools.product(*options):
                cases = tuple(zip(deciding, combination, strict=True))
                statuses.add(status_of(self.assess(cases).outcomes[regime]))
        else:
            # Too many combinations to try: nothing is excluded (three-valued evaluation is
            # monotone, so an undetermined regime can still go either way).
            statuses = {"applies", "does_not_apply", *(w.status for w in what_if)}
        order: tuple[RegimeStatus, ...] = ("applies", "does_not_apply", "undetermined")
        return tuple(s for s in order if s in statuses), tuple(what_if)


def _product(options: list[list[Any]]) -> int:
    total = 1
    for option in options:
        total *= len(option)
    return total


def _articles(reasons: tuple[Reason, ...]) -> tuple[str, ...]:
    """Every reference the reasons cite, first mention first."""
    return tuple(dict.fromkeys(ref for reason in reasons for ref in reason.legal))


def _exceptions(reasons: tuple[Reason, ...], catalogue: Catalogue) -> tuple[AppliedException, ...]:
    found = []
    for reason in reasons:
        name = catalogue.messages.reasons[reason.key].exception
        if name:
            found.append(AppliedException(id=name, text=reason.text, legal=reason.legal))
    return tuple(found)


def _regime_results(
    reader: Reader, assessment: Assessment, catalogue: Catalogue, explore: bool = True
) -> tuple[RegimeResult, ...]:
    explorer = _Explorer(reader)
    results = []
    for regime in REGIME_IDS:
        outcome = assessment.outcomes[regime]
        status = status_of(outcome)
        extra: dict[str, Any] = {}
        if status == "undetermined":
            deciding = outcome.verdict.deciding
            extra = {"deciding_questions": deciding}
            if explore:
                possible, what_if = explorer.explore(regime, deciding)
                extra |= {"possible_outcomes": possible, "what_if": what_if}
        results.append(
            RegimeResult(
                id=regime,
                status=status,
                title=catalogue.messages.regimes[regime],
                points=outcome.points,
                basis=outcome.basis,
                reasons=outcome.verdict.reasons,
                articles=_articles(outcome.verdict.reasons),
                exceptions=_exceptions(outcome.verdict.reasons, catalogue),
                **extra,
            )
        )
    return tuple(results)


def classify_facts(
    facts: SheetFacts,
    as_of: dt.date,
    catalogue: Catalogue | None = None,
    explore: bool = True,
) -> Classification:
    """``explore``: for each undetermined regime, the outcomes still possible and what each
    deciding answer would make of it (hundreds of hypothetical assessments on a sheet with
    many open questions). Without it, an undetermined regime names its deciding questions
    only: enough for whoever selects from the classification rather than shows it."""
    catalogue = catalogue or shipped_catalogue()
    reader = Reader(facts, catalogue)
    try:
        assessment = assess(reader)
        role = determine_role(reader, assessment)
        return Classification(
            as_of=as_of,
            regimes=_regime_results(reader, assessment, catalogue, explore),
            role=role,
            obligations=obligations(reader, assessment, role, as_of, catalogue),
        )
    except KeyError as exc:  # a custom bank without the questions the classification reads
        missing = exc.args[0] if exc.args else None
        if isinstance(missing, str) and missing not in facts.bank.by_id and "." in missing:
            raise ContentError(
                facts.bank.path,
                Problem(
                    "",
                    Text(
                        fr=f"la classification AI Act lit la question {missing!r}, absente de "
                        "cette banque ; une banque propre doit garder les questions de la banque "
                        "livrée pour les sections purpose, aiact et hosting",
                        en=f"the AI Act classification reads question {missing!r}, which this "
                        "bank does not have; a custom bank must keep the shipped bank's "
                        "questions of the sections purpose, aiact and hosting",
                    ),
                    missing,
                ),
            ) from None
        raise


def classify(
    bank: QuestionBank,
    sheet: AnswerSheet,
    as_of: dt.date,
    catalogue: Catalogue | None = None,
) -> Classification:
    """Classify one answer sheet (validate it first: see questionnaire.validate.check_sheet)."""
    return classify_facts(SheetFacts(bank, sheet.answers), as_of, catalogue)
