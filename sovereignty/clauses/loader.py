"""Loading a clause library: the shipped one, then a hospital's own folder merged over it by id.

Everything is checked before any document is written, and every problem is reported at once
with its file and line: unknown question ids or choice values in conditions, unknown regimes or
malformed finding ids, unknown placeholders, unknown chapters, duplicate ids in one library.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from sovereignty.aiact.model import REGIME_IDS
from sovereignty.clauses.model import CLAUSE_ID, Chapter, Clause, LibraryFile, ParameterValue
from sovereignty.clauses.placeholders import check_name, names
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
from sovereignty.core.errors import ContentError, Problem
from sovereignty.core.validation import id_in, validate_document
from sovereignty.core.yamlio import YamlDocument, load_yaml
from sovereignty.questionnaire.loader import QuestionBank

SHIPPED = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Origin:
    """Where a clause was declared, for error messages and the traceability table."""

    path: Path
    where: str
    custom: bool


@dataclass(frozen=True)
class ClauseLibrary:
    clauses: dict[str, Clause]
    chapters: dict[str, Chapter]
    parameters: dict[str, ParameterValue]
    origins: dict[str, Origin] = field(repr=False)
    folders: tuple[Path, ...] = ()
    custom: Path | None = None  # the buyer's own library folder, when one was given

    def ordered(self) -> list[Clause]:
        return sorted(
            self.clauses.values(),
            key=lambda c: (self.chapters[c.chapter].order, c.order, c.id),
        )

    @property
    def hash(self) -> str:
        data = {
            "clauses": [c.model_dump(mode="json") for c in self.ordered()],
            "chapters": [c.model_dump(mode="json") for c in self.chapters.values()],
            "parameters": self.parameters,
        }
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass
class _Layer:
    """The files of one folder, parsed, with their problems."""

    clauses: dict[str, tuple[Clause, Origin]] = field(default_factory=dict)
    chapters: dict[str, Chapter] = field(default_factory=dict)
    parameters: dict[str, ParameterValue] = field(default_factory=dict)
    docs: dict[Path, YamlDocument] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    banks: set[str] = field(default_factory=set)  # question banks its files say they read


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.exists():
        raise ContentError(folder, "clause library folder not found")
    if not folder.is_dir():
        raise ContentError(folder, "a clause library is a folder of YAML files, not a file")
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    if not files:
        raise ContentError(folder, "no clause file (*.yaml) in this folder")
    return files


def _read_layer(folder: Path, custom: bool) -> _Layer:
    layer = _Layer()
    for path in _yaml_files(folder):
        try:
            doc = load_yaml(path)
            parsed = validate_document(
                doc,
                LibraryFile,
                expected="a clause file is a mapping with 'schema' and 'clauses'",
                subject=id_in("clauses"),
            )
        except ContentError as exc:
            # one folder, several files: each problem names its file
            layer.problems += [
                Problem(f"{path.name} {p.where}".strip(), p.message, p.subject)
                for p in exc.problems
            ]
            continue
        layer.docs[path] = doc
        if parsed.bank:
            layer.banks.add(parsed.bank)
        for i, clause in enumerate(parsed.clauses):
            origin = Origin(path, f"{path.name} {doc.where(('clauses', i))}".strip(), custom)
            if clause.id in layer.clauses:
                first = layer.clauses[clause.id][1]
                layer.problems.append(
                    Problem(origin.where, f"clause id also declared at {first.where}", clause.id)
                )
                continue
            layer.clauses[clause.id] = (clause, origin)
        for chapter in parsed.chapters:
            if chapter.id in layer.chapters:
                layer.problems.append(
                    Problem(path.name, f"chapter {chapter.id!r} declared twice in this library")
                )
            layer.chapters[chapter.id] = chapter
        for name, value in parsed.parameters.items():
            if name in layer.parameters:
                layer.problems.append(
                    Problem(path.name, f"parameter {name!r} declared twice in this library")
                )
            layer.parameters[name] = value
    return layer


def load_library(
    bank: QuestionBank,
    custom: Path | None = None,
    finding_ids: Collection[str] | None = None,
    shipped: Path = SHIPPED,
) -> ClauseLibrary:
    """The shipped library, with ``custom`` (a folder) merged over it by clause id.

    ``finding_ids``: when given, a condition on any other finding id is an error.
    """
    base = _read_layer(shipped, custom=False)
    layers = [base]
    if base.banks and bank.id not in base.banks:
        # The shipped library reads another bank's questions: a library written for this
        # tender's bank replaces it whole.
        if custom is None:
            raise ContentError(
                shipped,
                f"this clause library is written for the question bank "
                f"{', '.join(sorted(base.banks))}, and the tender uses the bank {bank.id!r}: "
                "give a clause library written for that bank with --clauses DIR",
            )
        layers = []
    if custom is not None:
        layers.append(_read_layer(custom, custom=True))
    problems = [p for layer in layers for p in layer.problems]
    clauses: dict[str, tuple[Clause, Origin]] = {}
    chapters: dict[str, Chapter] = {}
    parameters: dict[str, ParameterValue] = {}
    for layer in layers:
        clauses.update(layer.clauses)
        chapters.update(layer.chapters)
        parameters.update(layer.parameters)
    for clause, origin in clauses.values():
        problems += _check_clause(clause, origin, bank, chapters, set(parameters), finding_ids)
    if problems:
        raise ContentError(custom if custom is not None else shipped, problems)
    ordered = dict(sorted(clauses.items()))
    return ClauseLibrary(
        clauses={k: c for k, (c, _) in ordered.items()},
        chapters=chapters,
        parameters=parameters,
        origins={k: o for k, (_, o) in ordered.items()},
        folders=tuple(
            ([shipped] if base in layers else []) + ([custom] if custom is not None else [])
        ),
        custom=custom,
    )


def _check_clause(
    clause: Clause,
    origin: Origin,
    bank: QuestionBank,
    chapters: dict[str, Chapter],
    parameters: set[str],
    finding_ids: Collection[str] | None,
) -> list[Problem]:
    problems: list[Problem] = []

    def report(message: str) -> None:
        problems.append(Problem(origin.where, message, clause.id))

    if clause.chapter not in chapters:
        hint = get_close_matches(clause.chapter, list(chapters), n=1)
        did = f"; did you mean {hint[0]!r}?" if hint else ""
        report(f"unknown chapter {clause.chapter!r}{did}")
    conditions = [("when", clause.when)] + [
        (f"variants[{v.id}].when", v.when) for v in clause.variants
    ]
    for label, condition in conditions:
        for message in condition_problems(condition, bank, finding_ids):
            report(f"{label}: {message}")
    question_ids = set(bank.by_id)
    for variant in clause.all_variants:
        for lang in ("fr", "en"):
            text = variant.text.fr if lang == "fr" else variant.text.en
            for name in names(text):
                problem = check_name(name, question_ids, parameters)
                if problem:
                    report(f"variant {variant.id!r}, text {lang}: {problem}")
    return problems


def condition_problems(
    condition: Any, bank: QuestionBank, finding_ids: Collection[str] | None = None
) -> list[str]:
    """What is wrong with a clause condition against ``bank``: ids, values, operators."""
    problems: list[str] = []
    for leaf in leaves(condition):
        if isinstance(leaf, Regime) and leaf.id not in REGIME_IDS:
            hint = get_close_matches(leaf.id, REGIME_IDS, n=1)
            did = f"; did you mean {hint[0]!r}?" if hint else ""
            problems.append(
                f"unknown AI Act regime {leaf.id!r}{did} (known: {', '.join(REGIME_IDS)})"
            )
        if isinstance(leaf, Finding):
            if not CLAUSE_ID.match(leaf.id):
                problems.append(f"finding id {leaf.id!r} must look like AREA-NN, e.g. 'HOST-02'")
            elif finding_ids is not None and leaf.id not in finding_ids:
                hint = get_close_matches(leaf.id, list(finding_ids), n=1)
                did = f"; did you mean {hint[0]!r}?" if hint else ""
                problems.append(f"no rule raises a finding {leaf.id!r}{did}")
    for qid, leaf in referenced_questions(condition):
        question = bank.by_id.get(qid)
        if question is None:
            hint = get_close_matches(qid, list(bank.by_id), n=1)
            did = f"; did you mean {hint[0]!r}?" if hint else ""
            problems.append(f"condition refers to {qid!r}, which is not in bank {bank.id}{did}")
            continue
        problems += _leaf_problems(qid, leaf, question)
    return problems


def _leaf_problems(qid: str, leaf: Any, question: Any) -> list[str]:
    kind = question.type
    valid: tuple[str, ...] | None = getattr(question, "values", None)
    if isinstance(leaf, Equals | In):
        if valid is None:
            if kind in ("text", "number"):
                return []
            return [f"op {leaf.op!r} cannot be used on {qid!r} ({kind})"]
        if kind == "multiple_choice" and isinstance(leaf, Equals):
            return [f"op 'equals' cannot be used on {qid!r} (multiple_choice); use 'contains'"]
        values = (leaf.value,) if isinstance(leaf, Equals) else leaf.values
        return [_not_a_choice(qid, v, valid) for v in values if v not in valid]
    if isinstance(leaf, Contains):
        if kind != "multiple_choice" or valid is None:
            return [f"op 'contains' needs a multiple-choice question; {qid!r} is {kind}"]
        return [_not_a_choice(qid, leaf.value, valid)] if leaf.value not in valid else []
    if isinstance(leaf, AtLeast | AtMost) and kind != "number":
        return [f"op {leaf.op!r} needs a number question; {qid!r} is {kind}"]
    return []


def _not_a_choice(qid: str, value: Any, valid: tuple[str, ...]) -> str:
    hint = get_close_matches(str(value), list(valid), n=1)
    did = f"; did you mean {hint[0]!r}?" if hint else ""
    return f"{value!r} is not a choice of {qid!r} ({', '.join(valid)}){did}"
