"""Loading a question bank: parse, validate the models, then cross-check the whole bank.

Every problem is reported at once, each naming the file, the place and the question id.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from sovereignty.core.conditions import (
    AtLeast,
    AtMost,
    Contains,
    Equals,
    Finding,
    In,
    Regime,
    leaves,
    referenced_questions,
)
from sovereignty.core.errors import ContentError, Problem, did_you_mean
from sovereignty.core.model import Text
from sovereignty.core.resources import data_dir
from sovereignty.core.validation import validate_document
from sovereignty.core.yamlio import YamlDocument, load_yaml
from sovereignty.questionnaire.model import (
    QUESTION_ID,
    SECTION_ID,
    Bank,
    MultipleChoice,
    NumberQuestion,
    Question,
    Section,
    SingleChoice,
    TextQuestion,
    YesNo,
)

DEFAULT_BANK = "hospital-ai.yaml"


def _definition(question: Question) -> dict[str, Any]:
    """What a question's fingerprint covers; ``per_offer`` only when set, so that adding the
    field left every other question's fingerprint (and its answers) as it was."""
    data: dict[str, Any] = question.model_dump(mode="json")
    if not data.get("per_offer"):
        data.pop("per_offer", None)
    return data


@dataclass(frozen=True)
class QuestionBank:
    """A validated bank with its lookups and content hash."""

    bank: Bank
    path: Path
    questions: tuple[Question, ...] = field(repr=False)
    by_id: dict[str, Question] = field(repr=False)
    section_of: dict[str, Section] = field(repr=False)
    position: dict[str, int] = field(repr=False)

    @cached_property
    def hash(self) -> str:
        """sha256 of the canonical JSON of the bank: what an answer sheet was answered against."""
        canonical = json.dumps(
            self.bank.model_dump(mode="json"),
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def fingerprint(self, question_id: str) -> str:
        """A short hash of one question's definition: an answer given to an older wording of
        the question is recognised, so a newer bank re-asks only the questions that changed."""
        return self._fingerprints[question_id]

    @cached_property
    def readers(self) -> dict[str, tuple[int, ...]]:
        """For each question, the positions of the questions whose condition reads it: what may
        change applicability when its answer changes."""
        found: dict[str, list[int]] = {}
        for index, question in enumerate(self.questions):
            for read in dict.fromkeys(q for q, _ in referenced_questions(question.when)):
                found.setdefault(read, []).append(index)
        return {q: tuple(positions) for q, positions in found.items()}

    @cached_property
    def _fingerprints(self) -> dict[str, str]:
        return {
            q.id: hashlib.sha256(
                json.dumps(_definition(q), sort_keys=True).encode("utf-8")
            ).hexdigest()[:16]
            for q in self.questions
        }

    def outdated(self, answers: dict[str, Any]) -> list[str]:
        """Answers given to a question whose definition has changed since."""
        return [
            qid
            for qid, answer in answers.items()
            if qid in self.by_id
            and getattr(answer, "question", None)
            and answer.question != self.fingerprint(qid)
        ]

    @property
    def id(self) -> str:
        return self.bank.id

    @property
    def version(self) -> str:
        return self.bank.version

    def sections(self) -> list[Section]:
        return self.bank.ordered_sections()

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.bank.sections if s.id == section_id), None)


def _question_id_at(data: Any, loc: tuple[Any, ...]) -> str:
    """The id of the question (or section) that ``loc`` points into, when there is one."""
    try:
        if len(loc) >= 4 and loc[0] == "sections" and loc[2] == "questions":
            return str(data["sections"][loc[1]]["questions"][loc[3]].get("id", ""))
        if len(loc) >= 2 and loc[0] == "sections":
            return str(data["sections"][loc[1]].get("id", ""))
    except (KeyError, IndexError, TypeError, AttributeError):
        pass
    return ""


def _locate(doc: YamlDocument, data: Any, question_id: str) -> str:
    for i, section in enumerate(data.get("sections", []) if isinstance(data, dict) else []):
        for j, question in enumerate(section.get("questions", []) or []):
            if isinstance(question, dict) and question.get("id") == question_id:
                return doc.where(("sections", i, "questions", j))
    return ""


# Reports a problem about a question: its id, then the message.
Report = Callable[[str, Text], None]


def _cross_check(bank: Bank, doc: YamlDocument) -> list[Problem]:
    problems: list[Problem] = []
    seen_sections: set[str] = set()
    position: dict[str, int] = {}
    by_id: dict[str, Question] = {}
    all_ids = {q.id for q in bank.questions()}

    def report(qid: str, message: Text) -> None:
        problems.append(Problem(_locate(doc, doc.data, qid), message, qid))

    for section in bank.ordered_sections():
        if not SECTION_ID.fullmatch(section.id):
            problems.append(
                Problem(
                    "",
                    Text(
                        fr=f"l'id de section {section.id!r} doit être en minuscules_soulignées "
                        "(lower_snake_case)",
                        en=f"section id {section.id!r} must be lower_snake_case",
                    ),
                    section.id,
                )
            )
        if section.id in seen_sections:
            problems.append(
                Problem(
                    "",
                    Text(fr="cet id de section figure deux fois", en="section id appears twice"),
                    section.id,
                )
            )
        seen_sections.add(section.id)
        for question in section.questions:
            qid = question.id
            if not QUESTION_ID.fullmatch(qid):
                report(
                    qid,
                    Text(
                        fr="l'id de question doit être en minuscules_soulignées séparées par des "
                        "points, par ex. 'hosting.location'",
                        en="question id must be dotted lower_snake_case, e.g. 'hosting.location'",
                    ),
                )
            elif not qid.startswith(section.id + "."):
                report(
                    qid,
                    Text(
                        fr=f"l'id de question doit commencer par l'id de sa section "
                        f"'{section.id}.'",
                        en=f"question id must start with its section id '{section.id}.'",
                    ),
                )
            if qid in position:
                report(
                    qid,
                    Text(fr="cet id de question figure deux fois", en="question id appears twice"),
                )
                continue
            _check_question_condition(question, position, by_id, all_ids, report)
            low, high = getattr(question, "min", None), getattr(question, "max", None)
            if low is not None and high is not None and low > high:
                report(
                    qid,
                    Text(
                        fr=f"min ({low}) est plus grand que max ({high})",
                        en=f"min ({low}) is greater than max ({high})",
                    ),
                )
            position[qid] = len(position)
            by_id[qid] = question
    problems += _retired_problems(bank, by_id, doc)
    return problems


def _retired_problems(bank: Bank, by_id: dict[str, Question], doc: YamlDocument) -> list[Problem]:
    """A retired question is no longer in the bank; retired choices no longer among its own."""
    problems = []
    for qid, retired in bank.retired.items():
        where = doc.where(("retired", qid))
        question = by_id.get(qid)
        if not retired.choices and question is not None:
            message = Text(
                fr="question retirée mais toujours présente dans la banque",
                en="retired question still present in the bank",
            )
            problems.append(Problem(where, message, qid))
        elif retired.choices and question is None:
            message = Text(
                fr="des choix retirés doivent appartenir à une question de la banque",
                en="retired choices must belong to a question of the bank",
            )
            problems.append(Problem(where, message, qid))
        elif retired.choices:
            kept = set(getattr(question, "values", ()))
            for value in retired.choices:
                if value in kept:
                    message = Text(
                        fr=f"le choix retiré {value!r} est toujours un choix de la question",
                        en=f"retired choice {value!r} is still a choice of the question",
                    )
                    problems.append(Problem(where, message, qid))
    return problems


def _check_question_condition(
    question: Question,
    position: dict[str, int],
    by_id: dict[str, Question],
    all_ids: set[str],
    report: Report,
) -> None:
    qid = question.id
    for leaf in leaves(question.when):
        if isinstance(leaf, Regime | Finding):
            report(
                qid,
                Text(
                    fr=f"l'opération de condition {leaf.op!r} est réservée aux règles et aux "
                    "clauses, pas aux questions",
                    en=f"condition op {leaf.op!r} is only for rules and clauses, not for questions",
                ),
            )
    for ref, leaf in referenced_questions(question.when):
        if ref == qid:
            report(
                qid,
                Text(
                    fr="la condition porte sur la question elle-même",
                    en="condition refers to the question itself",
                ),
            )
        elif ref in by_id:
            _check_leaf_against(qid, ref, leaf, by_id[ref], report)
        elif ref in all_ids:
            report(
                qid,
                Text(
                    fr=f"la condition porte sur {ref!r}, qui vient plus loin dans la banque ; une "
                    "condition ne peut lire que des questions posées avant elle",
                    en=f"condition refers to {ref!r}, which comes later in the bank; a "
                    "condition may only read questions asked before it",
                ),
            )
        else:
            fr_hint, en_hint = did_you_mean(ref, by_id)
            report(
                qid,
                Text(
                    fr=f"la condition porte sur {ref!r}, qui n'est pas une question "
                    f"précédente{fr_hint}",
                    en=f"condition refers to {ref!r}, which is not an earlier question{en_hint}",
                ),
            )


def _not_a_choice(ref: str, value: Any, valid: tuple[str, ...], hint: bool = True) -> Text:
    fr_hint, en_hint = did_you_mean(str(value), valid) if hint else ("", "")
    choices = ", ".join(valid)
    return Text(
        fr=f"la condition compare {ref!r} à {value!r}, qui n'est pas l'un de ses choix "
        f"({choices}){fr_hint}",
        en=f"condition compares {ref!r} with {value!r}, which is not one of its choices "
        f"({choices}){en_hint}",
    )


def _check_leaf_against(qid: str, ref: str, leaf: Any, target: Question, report: Report) -> None:
    kind = target.type
    if isinstance(leaf, Equals | In):
        values = (leaf.value,) if isinstance(leaf, Equals) else leaf.values
        if isinstance(target, SingleChoice | YesNo):
            for value in values:
                if value not in target.values:
                    report(qid, _not_a_choice(ref, value, target.values))
        elif isinstance(target, MultipleChoice) and isinstance(leaf, In):
            for value in values:
                if value not in target.values:
                    report(qid, _not_a_choice(ref, value, target.values, hint=False))
        elif isinstance(target, NumberQuestion):
            for value in values:
                if isinstance(value, bool) or not isinstance(value, int | float):
                    report(
                        qid,
                        Text(
                            fr=f"la condition compare la question numérique {ref!r} à "
                            f"{value!r}, qui n'est pas un nombre",
                            en=f"condition compares the number question {ref!r} with "
                            f"{value!r}, which is not a number",
                        ),
                    )
        elif not isinstance(target, TextQuestion):
            contains = isinstance(target, MultipleChoice)
            report(
                qid,
                Text(
                    fr=f"l'opération de condition {leaf.op!r} ne s'applique pas à {ref!r} "
                    f"({kind})" + (" ; utilisez 'contains'" if contains else ""),
                    en=f"condition op {leaf.op!r} cannot be used on {ref!r} ({kind})"
                    + ("; use 'contains'" if contains else ""),
                ),
            )
    elif isinstance(leaf, Contains):
        if not isinstance(target, MultipleChoice):
            report(
                qid,
                Text(
                    fr=f"l'opération de condition 'contains' demande une question à choix "
                    f"multiples ; {ref!r} est de type {kind}",
                    en=f"condition op 'contains' needs a multiple-choice question; {ref!r} is "
                    f"{kind}",
                ),
            )
        elif leaf.value not in target.values:
            choices = ", ".join(target.values)
            report(
                qid,
                Text(
                    fr=f"la condition cherche {leaf.value!r} dans {ref!r}, qui n'est pas l'un de "
                    f"ses choix ({choices})",
                    en=f"condition looks for {leaf.value!r} in {ref!r}, which is not one of its "
                    f"choices ({choices})",
                ),
            )
    elif isinstance(leaf, AtLeast | AtMost) and not isinstance(target, NumberQuestion):
        report(
            qid,
            Text(
                fr=f"l'opération de condition {leaf.op!r} demande une question numérique ; "
                f"{ref!r} est de type {kind}",
                en=f"condition op {leaf.op!r} needs a number question; {ref!r} is {kind}",
            ),
        )


def parse_bank(doc: YamlDocument) -> QuestionBank:
    bank = validate_document(
        doc,
        Bank,
        expected=Text(
            fr="une banque de questions doit être une table avec 'id', 'version', 'title' et "
            "'sections'",
            en="a question bank must be a mapping with 'id', 'version', 'title' and 'sections'",
        ),
        subject=_question_id_at,
    )
    problems = _cross_check(bank, doc)
    if problems:
        raise ContentError(doc.path, problems)
    questions = tuple(bank.questions())
    return QuestionBank(
        bank=bank,
        path=doc.path,
        questions=questions,
        by_id={q.id: q for q in questions},
        section_of={q.id: s for s in bank.sections for q in s.questions},
        position={q.id: i for i, q in enumerate(questions)},
    )


def load_bank(path: Path | None = None) -> QuestionBank:
    """Load and check a bank; the shipped default when ``path`` is None."""
    return parse_bank(load_yaml(path or default_bank_path()))


def default_bank_path() -> Path:
    return data_dir("questionnaires") / DEFAULT_BANK


def shipped_banks() -> list[Path]:
    return sorted(data_dir("questionnaires").glob("*.yaml"))
