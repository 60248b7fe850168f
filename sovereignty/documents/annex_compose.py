"""The contract annex as published in the consultation file, and its *mise au point* (pure).

The annex rests on the buyer's answers and the AI Act regime of the planned use only (a
:class:`Basis`): the clauses, their variants (the strong one whenever the vendor's answers would
decide), the article numbers and the blanks are the same for every bidder. A blank is a
placeholder the buyer's answers cannot fill (a vendor's answer, or ``{blank.NAME}`` written by
hand): it is numbered (B1, B2...) in the order it first appears and listed.

The *mise au point* for one offer composes the same annex a second time with the same
selection, and fills only the blanks, from that offer's answers; every other character is the
published one. The offer's answers that contradict an article (a finding whose remedies name
that article's clause) are reported beside it, never written into the contract.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sovereignty.clauses.loader import ClauseLibrary
from sovereignty.clauses.model import Clause
from sovereignty.clauses.placeholders import Filler, fixed_description
from sovereignty.clauses.select import ClauseFacts, SelectedClause, Wording, select_clauses
from sovereignty.core.conditions import ABSENT, MISSING, UNKNOWN
from sovereignty.core.model import Lang, Text
from sovereignty.documents.frame import format_number, label
from sovereignty.findings.model import Finding
from sovereignty.questionnaire.combine import held_by_buyer
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.validate import SheetFacts


@dataclass(frozen=True)
class Basis:
    """What the published annex rests on: the tender, the buyer's answers, the regime of the
    planned use (classified from those answers alone) and the findings they raise."""

    settings: Any  # TenderSettings
    bank: QuestionBank
    facts: SheetFacts  # the buyer's answers
    classification: Any  # sovereignty.aiact result on the buyer's answers, or None
    findings: tuple[Finding, ...] = ()

    def regime(self, regime_id: str) -> bool | None:
        return None if self.classification is None else self.classification.has_regime(regime_id)


@dataclass(frozen=True)
class Blank:
    number: int
    name: str  # the placeholder: answers.QUESTION or blank.NAME
    article: str  # "Article 5" or the schedule's heading
    what: str
    by_buyer: bool  # a buyer's question left unanswered: to answer before publication
    value: str | None = None  # what the mise au point wrote there


@dataclass(frozen=True)
class Article:
    number: int
    selected: SelectedClause
    paragraphs: tuple[str, ...]
    penalties: tuple[tuple[str, str, str], ...] = ()  # (article, breach, amount), in PEN-01
    derogations: tuple[str, ...] = ()  # in the last article

    @property
    def clause(self) -> Clause:
        return self.selected.clause

    @property
    def title(self) -> str:
        return self.selected.title


@dataclass(frozen=True)
class ScheduleTable:
    heading: str
    article: int  # the article it belongs to
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Contradiction:
    article: str
    finding: Finding
    answers: str  # the offer's answers behind it, by question label


@dataclass
class Composed:
    chapters: list[tuple[str, list[Article]]]  # (chapter id, articles)
    schedules: list[ScheduleTable]
    blanks: list[Blank]
    contradictions: list[Contradiction] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        return [a for _, articles in self.chapters for a in articles]


def _is_country(value: str) -> bool:
    """Country choices have ISO 3166 alpha-2 values (fr, us...): their labels are names."""
    return len(value) == 2 and value.isalpha()


def answer_text(question: Any, value: Any, lang: Lang, sentence_start: bool = True) -> str:
    """An answer as the annex writes it. Mid-sentence, choice labels lose their capital
    ("clés détenues par l'hébergeur"), except names and acronyms; a list of records is the list
    of their names."""
    from sovereignty.clauses.placeholders import lower_first
    from sovereignty.questionnaire.model import (
        MultipleChoice,
        RecordsQuestion,
        SingleChoice,
        YesNo,
    )
    from sovereignty.questionnaire.present import choice_label, format_value

    if isinstance(question, RecordsQuestion):
        names = [str(next(iter(r.values()), "")) for r in value or () if isinstance(r, dict)]
        return ", ".join(n for n in names if n) or "—"
    if not isinstance(question, SingleChoice | MultipleChoice | YesNo):
        return format_value(question, value, lang)
    values = [str(v) for v in value] if isinstance(question, MultipleChoice) else [str(value)]
    labels = []
    for i, choice in enumerate(values):
        shown = choice_label(question, choice, lang)
        keep = (i == 0 and sentence_start) or _is_country(choice)
        labels.append(shown if keep else lower_first(shown))
    return ", ".join(labels)


def answers_of(bank: QuestionBank, facts: Any, lang: Lang) -> Callable[[str, bool], str | None]:
    """How a placeholder ``{answers.Q}`` is written from ``facts``; None leaves a blank."""

    def answer(question_id: str, sentence_start: bool) -> str | None:
        value = facts.value(question_id)
        if value is ABSENT:  # the question does not apply
            return label(lang, "not_applicable")
        if value is UNKNOWN or value is MISSING:
            return None
        return answer_text(bank.by_id[question_id], value, lang, sentence_start)

    return answer


def _descriptions(library: ClauseLibrary) -> dict[str, Text]:
    found: dict[str, Text] = {}
    for clause in library.ordered():
        for name, what in clause.blanks.items():
            found.setdefault(name, what)
    return found


def _describe(bank: QuestionBank, described: dict[str, Text], name: str, lang: Lang) -> str:
    if name in described:
        return described[name](lang)
    if name.startswith("answers."):
        question = bank.by_id.get(name.removeprefix("answers."))
        return question.label(lang) if question else name
    return fixed_description(name, lang)


def _values(basis: Basis, library: ClauseLibrary, lang: Lang) -> dict[str, str]:
    """Fixed placeholders and contract figures; nothing here names a bidder."""
    settings = basis.settings
    values = {
        "tender.name": settings.name,
        "tender.reference": settings.reference or "",
        "tender.buyer": settings.buyer,
        "tender.ght": settings.ght or "",
        "tender.establishments": ", ".join(e.name for e in settings.establishments),
    }
    for name, value in library.parameters.items():
        values[f"params.{name}"] = _figure(value, lang)
    return values


def _figure(value: Any, lang: Lang) -> str:
    """A contract figure: thousands grouped (« 10 000 », "10,000"), decimals as the language
    writes them."""
    if isinstance(value, float):
        return format_number(value, lang, 2)
    if isinstance(value, int) and abs(value) >= 1000:
        grouped = f"{value:,}"
        return grouped.replace(",", " ") if lang == "fr" else grouped  # made non-breaking later
    return str(value)


def compose(
    library: ClauseLibrary,
    basis: Basis,
    wording: Wording,
    offer: Any = None,
) -> Composed:
    """The published annex; with ``offer``, its mise au point (blanks filled from the offer)."""
    lang = wording.lang
    described = _descriptions(library)
    numbers: dict[str, int] = {}

    def mark(name: str) -> str:
        number = numbers.setdefault(name, len(numbers) + 1)
        what = _describe(basis.bank, described, name, lang)
        key = "blank_buyer" if _by_buyer(basis.bank, name) else "blank_mark"
        return label(lang, key, number=number, what=what)

    values = _values(basis, library, lang)
    published = Filler(
        values, answers_of(basis.bank, basis.facts, lang), lambda n: n, lang, mark=mark
    )
    facts = ClauseFacts(answers=basis.facts, regime=basis.regime, findings=basis.findings)
    selected = select_clauses(library, facts, published, wording)
    schedules = _schedules(selected, published, lang)
    first_seen = _first_seen(selected, schedules, lang)
    filled: dict[str, str] = {}
    if offer is not None:
        buyer = answers_of(basis.bank, basis.facts, lang)
        theirs = answers_of(basis.bank, offer.facts, lang)

        def answer(question_id: str, start: bool) -> str | None:
            # only a published blank takes the offer's answer: every other word stays as published
            pick = theirs if f"answers.{question_id}" in numbers else buyer
            return pick(question_id, start)

        filler = Filler(values, answer, lambda n: n, lang, mark=mark)
        selected = select_clauses(library, facts, filler, wording)
        schedules = _schedules(selected, filler, lang)
        filled = filler.filled
    blanks = [
        Blank(
            number=n,
            name=name,
            article=first_seen.get(name) or (schedules[0].heading if schedules else ""),
            what=_describe(basis.bank, described, name, lang),
            by_buyer=_by_buyer(basis.bank, name),
            value=filled.get(name),
        )
        for name, n in sorted(numbers.items(), key=lambda item: item[1])
    ]
    composed = Composed(_number(library, selected, values, lang), schedules, blanks)
    if offer is not None:
        composed.contradictions = contradictions(composed, offer, basis.bank, lang)
    return composed


def _by_buyer(bank: QuestionBank, name: str) -> bool:
    return name.startswith("answers.") and held_by_buyer(
        bank.by_id.get(name.removeprefix("answers."))
    )


def _schedules(selected: list[SelectedClause], filler: Filler, lang: Lang) -> list[ScheduleTable]:
    tables: list[ScheduleTable] = []
    for index, chosen in enumerate(selected):
        schedule = chosen.clause.schedule
        if schedule is None:
            continue
        heading = label(
            lang, "schedule_heading", number=len(tables) + 1, title=schedule.title(lang)
        )
        rows = tuple((row.label(lang), filler.fill(row.value(lang))) for row in schedule.rows)
        tables.append(ScheduleTable(heading, index + 1, rows))
    return tables


def _first_seen(
    selected: list[SelectedClause], schedules: list[ScheduleTable], lang: Lang
) -> dict[str, str]:
    seen: dict[str, str] = {}
    for number, chosen in enumerate(selected, 1):
        for name in chosen.blanks:
            seen.setdefault(name, label(lang, "article", number=number))
    return seen


def _number(
    library: ClauseLibrary, selected: list[SelectedClause], values: dict[str, str], lang: Lang
) -> list[tuple[str, list[Article]]]:
    """Articles numbered in order across chapters; the penalties and derogations articles get
    the lists they announce."""
    numbered = list(enumerate(selected, 1))
    figures = Filler(values, lambda q, s: None, lambda n: n, lang)

    def heading(number: int, chosen: SelectedClause) -> str:
        return f"{label(lang, 'article', number=number)} — {chosen.title}"

    penalties = tuple(
        (heading(n, c), c.clause.penalty.breach(lang), figures.fill(c.clause.penalty.amount(lang)))
        for n, c in numbered
        if c.clause.penalty is not None
    )
    sep = " : " if lang == "fr" else ": "
    derogations = tuple(
        f"{heading(n, c)}{sep}{text(lang)}" for n, c in numbered for text in c.clause.derogations
    )
    chapters: list[tuple[str, list[Article]]] = []
    for chapter in sorted(library.chapters.values(), key=lambda c: c.order):
        articles = [
            Article(
                number=n,
                selected=c,
                paragraphs=c.paragraphs,
                penalties=penalties if c.clause.lists == "penalties" else (),
                derogations=derogations if c.clause.lists == "derogations" else (),
            )
            for n, c in numbered
            if c.clause.chapter == chapter.id
        ]
        if articles:
            chapters.append((chapter.id, articles))
    return chapters


def contradictions(
    composed: Composed, offer: Any, bank: QuestionBank, lang: Lang
) -> list[Contradiction]:
    """The offer's findings that published articles remedy: its answers contradict them. One
    row per finding (and subject), with every article it contradicts."""
    by_clause = {a.clause.id: a for a in composed.articles}
    rows: dict[tuple[str, str], tuple[Finding, list[Article]]] = {}
    for finding in offer.findings:
        articles = [by_clause[c] for c in finding.clauses if c in by_clause]
        if not articles:
            continue
        _, listed = rows.setdefault((finding.id, finding.subject or ""), (finding, []))
        listed += [a for a in articles if a not in listed]
    found = []
    for finding, articles in rows.values():
        articles.sort(key=lambda a: a.number)
        where = "\n".join(
            f"{label(lang, 'article', number=a.number)} — {a.title}" for a in articles
        )
        found.append(Contradiction(where, finding, _answers(finding, bank, lang)))
    return found


def _answers(finding: Finding, bank: QuestionBank, lang: Lang) -> str:
    from sovereignty.documents.frame import semicolon

    parts = []
    sep = " : " if lang == "fr" else ": "
    for ref in finding.triggers:
        question = bank.by_id.get(ref.question)
        if question is None:
            continue
        if ref.unknown:
            shown = label(lang, "state_unknown")
        elif ref.value is None:
            shown = label(lang, "state_missing")
        else:
            shown = answer_text(question, ref.value, lang)
        parts.append(f"{question.label(lang).rstrip(' ?')}{sep}{shown}")
    return semicolon(lang).join(parts) or finding.explanation(lang)
