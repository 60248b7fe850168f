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
from pathlib import Path
from typing import Any

from pydantic import ValidationError

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
from sovereignty.core.errors import ContentError, Problem, did_you_mean
from sovereignty.core.model import Text
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
    # clauses of files that failed validation, with their faulty fields made neutral, so that
    # their other problems (chapter, conditions, placeholders) are reported in the same run
    probes: list[tuple[Clause, Origin]] = field(default_factory=list)
    declared: set[str] = field(default_factory=set)  # chapter ids and parameter names written


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.exists():
        raise ContentError(
            folder,
            Text(
                fr="dossier de bibliothèque de clauses introuvable",
                en="clause library folder not found",
            ),
        )
    if not folder.is_dir():
        raise ContentError(
            folder,
            Text(
                fr="une bibliothèque de clauses est un dossier de fichiers YAML, pas un fichier",
                en="a clause library is a folder of YAML files, not a file",
            ),
        )
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    if not files:
        # say what the folder holds: a library one level down is an easy mistake to make
        held = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir())
        shown = ", ".join(held[:5]) + (", ..." if len(held) > 5 else "")
        raise ContentError(
            folder,
            Text(
                fr="aucun fichier de clauses (*.yaml) dans ce dossier : il est vide"
                if not held
                else f"aucun fichier de clauses (*.yaml) dans ce dossier, qui contient : {shown} "
                "(les sous-dossiers ne sont pas lus)",
                en="no clause file (*.yaml) in this folder: it is empty"
                if not held
                else f"no clause file (*.yaml) in this folder, which holds: {shown} "
                "(sub-folders are not read)",
            ),
        )
    return files


def _read_layer(folder: Path, custom: bool) -> _Layer:
    layer = _Layer()
    for path in _yaml_files(folder):
        doc: YamlDocument | None = None
        try:
            doc = load_yaml(path)
            parsed = validate_document(
                doc,
                LibraryFile,
                expected=Text(
                    fr="un fichier de clauses est une table avec 'schema' et 'clauses'",
                    en="a clause file is a mapping with 'schema' and 'clauses'",
                ),
                subject=id_in("clauses"),
            )
        except ContentError as exc:
            # one folder, several files: each problem names its file
            layer.problems += [
                Problem(f"{path.name} {p.where}".strip(), p.message, p.subject)
                for p in exc.problems
            ]
            if doc is not None:
                _probe(doc, layer, custom)
            continue
        layer.docs[path] = doc
        if parsed.bank:
            layer.banks.add(parsed.bank)
        for i, clause in enumerate(parsed.clauses):
            origin = Origin(path, f"{path.name} {doc.where(('clauses', i))}".strip(), custom)
            if clause.id in layer.clauses:
                first = layer.clauses[clause.id][1]
                layer.problems.append(
                    Problem(
                        origin.where,
                        Text(
                            fr=f"id de clause déjà déclaré ({first.where})",
                            en=f"clause id also declared at {first.where}",
                        ),
                        clause.id,
                    )
                )
                continue
            layer.clauses[clause.id] = (clause, origin)
        for chapter in parsed.chapters:
            if chapter.id in layer.chapters:
                layer.problems.append(
                    Problem(
                        path.name,
                        Text(
                            fr=f"chapitre {chapter.id!r} déclaré deux fois dans cette bibliothèque",
                            en=f"chapter {chapter.id!r} declared twice in this library",
                        ),
                    )
                )
            layer.chapters[chapter.id] = chapter
        for name, value in parsed.parameters.items():
            if name in layer.parameters:
                layer.problems.append(
                    Problem(
                        path.name,
                        Text(
                            fr=f"paramètre {name!r} déclaré deux fois dans cette bibliothèque",
                            en=f"parameter {name!r} declared twice in this library",
                        ),
                    )
                )
            layer.parameters[name] = value
    return layer


# Fields the cross-checks do not read, and a valid stand-in for each: a clause whose only schema
# faults are there can still be checked for its chapter, conditions and placeholders.
_NEUTRAL: dict[str, Any] = {
    "id": "X-00",
    "title": {"fr": "-", "en": "-"},
    "order": 0,
    "legal": ["GDPR art. 28"],
    "when": None,
}


def _probe(doc: YamlDocument, layer: _Layer, custom: bool) -> None:
    """The clauses of a file that failed validation, checked as far as they can be."""
    data = doc.data if isinstance(doc.data, dict) else {}
    for key in ("chapters", "parameters"):  # what the file declares, even if malformed
        items = data.get(key)
        if isinstance(items, list):
            layer.declared |= {c["id"] for c in items if isinstance(c, dict) and "id" in c}
        elif isinstance(items, dict):
            layer.declared |= {str(name) for name in items}
    raw = data.get("clauses")
    if not isinstance(raw, list):
        return
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            continue
        try:
            Clause.model_validate(item)
            continue  # a valid clause of a bad file: checked below like the others
        except ValidationError as exc:
            faulty = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
        if not faulty or not faulty <= set(_NEUTRAL):
            continue  # its text, variants or chapter are malformed: its schema errors say it
        try:
            probe = Clause.model_validate({**item, **{k: _NEUTRAL[k] for k in faulty}})
        except ValidationError:
            continue
        origin = Origin(doc.path, f"{doc.path.name} {doc.where(('clauses', i))}".strip(), custom)
        layer.probes.append((probe.model_copy(update={"id": str(item.get("id", ""))}), origin))


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
            written_for = ", ".join(sorted(base.banks))
            raise ContentError(
                shipped,
                Text(
                    fr=f"cette bibliothèque de clauses est écrite pour la banque de questions "
                    f"{written_for}, et la consultation utilise la banque {bank.id!r} : donnez "
                    "une bibliothèque écrite pour cette banque avec --clauses DOSSIER",
                    en=f"this clause library is written for the question bank {written_for}, "
                    f"and the tender uses the bank {bank.id!r}: give a clause library written "
                    "for that bank with --clauses DIR",
                ),
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
    declared = {name for layer in layers for name in layer.declared}
    known_chapters = {**dict.fromkeys(declared), **chapters}
    for clause, origin in (p for layer in layers for p in layer.probes):
        problems += _check_clause(
            clause, origin, bank, known_chapters, set(parameters) | declared, finding_ids
        )
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
    chapters: Collection[str],
    parameters: set[str],
    finding_ids: Collection[str] | None,
) -> list[Problem]:
    problems: list[Problem] = []

    def report(fr: str, en: str) -> None:
        problems.append(Problem(origin.where, Text(fr=fr, en=en), clause.id))

    if clause.chapter not in chapters:
        fr_hint, en_hint = did_you_mean(clause.chapter, chapters)
        report(
            f"chapitre inconnu {clause.chapter!r}{fr_hint}",
            f"unknown chapter {clause.chapter!r}{en_hint}",
        )
    conditions = [("when", clause.when)] + [
        (f"variants[{v.id}].when", v.when) for v in clause.variants
    ]
    for label, condition in conditions:
        for message in condition_problems(condition, bank, finding_ids):
            report(f"{label} : {message.fr}", f"{label}: {message.en}")
    question_ids = set(bank.by_id)
    written: set[str] = set()
    for variant in clause.all_variants:
        for lang in ("fr", "en"):
            text = variant.text.fr if lang == "fr" else variant.text.en
            for name in names(text):
                written.add(name)
                problem = check_name(name, question_ids, parameters)
                if problem:
                    report(
                        f"variante {variant.id!r}, texte {lang} : {problem.fr}",
                        f"variant {variant.id!r}, text {lang}: {problem.en}",
                    )
    if clause.penalty is not None:
        for lang in ("fr", "en"):
            for name in names(
                clause.penalty.amount.fr if lang == "fr" else clause.penalty.amount.en
            ):
                problem = check_name(name, set(), parameters)  # figures only, no answers
                if problem:
                    report(
                        f"penalty.amount, texte {lang} : {problem.fr}",
                        f"penalty.amount, text {lang}: {problem.en}",
                    )
    if clause.schedule is not None:
        for row in clause.schedule.rows:
            for lang in ("fr", "en"):
                for name in names(row.value.fr if lang == "fr" else row.value.en):
                    written.add(name)
                    problem = check_name(name, question_ids, parameters)
                    if problem:
                        report(
                            f"schedule, texte {lang} : {problem.fr}",
                            f"schedule, text {lang}: {problem.en}",
                        )
    for name in sorted(n for n in written if n.startswith("blank.") and n not in clause.blanks):
        report(
            f"{{{name}}} : un blanc écrit à la main se décrit dans 'blanks' (ce qu'il faut y "
            "écrire, en fr et en)",
            f"{{{name}}}: a blank written by hand is described in 'blanks' (what to write "
            "there, in fr and en)",
        )
    for name in clause.blanks:
        if name not in written:
            fr_hint, en_hint = did_you_mean(name, sorted(written))
            report(
                f"blanks : {{{name}}} ne figure dans aucun texte de la clause{fr_hint}",
                f"blanks: {{{name}}} appears in no text of the clause{en_hint}",
            )
    return problems


def condition_problems(
    condition: Any, bank: QuestionBank, finding_ids: Collection[str] | None = None
) -> list[Text]:
    """What is wrong with a clause condition against ``bank``: ids, values, operators."""
    problems: list[Text] = []
    for leaf in leaves(condition):
        if isinstance(leaf, Regime) and leaf.id not in REGIME_IDS:
            fr_hint, en_hint = did_you_mean(leaf.id, REGIME_IDS)
            known = ", ".join(REGIME_IDS)
            problems.append(
                Text(
                    fr=f"régime AI Act inconnu {leaf.id!r}{fr_hint} (connus : {known})",
                    en=f"unknown AI Act regime {leaf.id!r}{en_hint} (known: {known})",
                )
            )
        if isinstance(leaf, Finding):
            if not CLAUSE_ID.fullmatch(leaf.id):
                problems.append(
                    Text(
                        fr=f"l'id de constat {leaf.id!r} doit avoir la forme DOMAINE-NN, par ex. "
                        "'HOST-02'",
                        en=f"finding id {leaf.id!r} must look like AREA-NN, e.g. 'HOST-02'",
                    )
                )
            elif finding_ids is not None and leaf.id not in finding_ids:
                fr_hint, en_hint = did_you_mean(leaf.id, finding_ids)
                problems.append(
                    Text(
                        fr=f"aucune règle ne lève de constat {leaf.id!r}{fr_hint}",
                        en=f"no rule raises a finding {leaf.id!r}{en_hint}",
                    )
                )
    for qid, leaf in referenced_questions(condition):
        question = bank.by_id.get(qid)
        if question is None:
            fr_hint, en_hint = did_you_mean(qid, bank.by_id)
            problems.append(
                Text(
                    fr=f"la condition porte sur {qid!r}, absente de la banque {bank.id}{fr_hint}",
                    en=f"condition refers to {qid!r}, which is not in bank {bank.id}{en_hint}",
                )
            )
            continue
        problems += _leaf_problems(qid, leaf, question)
    return problems


def _leaf_problems(qid: str, leaf: Any, question: Any) -> list[Text]:
    kind = question.type
    valid: tuple[str, ...] | None = getattr(question, "values", None)
    if isinstance(leaf, Equals | In):
        if valid is None:
            if kind in ("text", "number"):
                return []
            return [
                Text(
                    fr=f"l'opérateur {leaf.op!r} ne s'applique pas à {qid!r} ({kind})",
                    en=f"op {leaf.op!r} cannot be used on {qid!r} ({kind})",
                )
            ]
        if kind == "multiple_choice" and isinstance(leaf, Equals):
            return [
                Text(
                    fr=f"l'opérateur 'equals' ne s'applique pas à {qid!r} (multiple_choice) ; "
                    "utilisez 'contains'",
                    en=f"op 'equals' cannot be used on {qid!r} (multiple_choice); use 'contains'",
                )
            ]
        values = (leaf.value,) if isinstance(leaf, Equals) else leaf.values
        return [_not_a_choice(qid, v, valid) for v in values if v not in valid]
    if isinstance(leaf, Contains):
        if kind != "multiple_choice" or valid is None:
            return [
                Text(
                    fr=f"l'opérateur 'contains' demande une question à choix multiples ; "
                    f"{qid!r} est {kind}",
                    en=f"op 'contains' needs a multiple-choice question; {qid!r} is {kind}",
                )
            ]
        return [_not_a_choice(qid, leaf.value, valid)] if leaf.value not in valid else []
    if isinstance(leaf, AtLeast | AtMost) and kind != "number":
        return [
            Text(
                fr=f"l'opérateur {leaf.op!r} demande une question numérique ; {qid!r} est {kind}",
                en=f"op {leaf.op!r} needs a number question; {qid!r} is {kind}",
            )
        ]
    return []


def _not_a_choice(qid: str, value: Any, valid: tuple[str, ...]) -> Text:
    fr_hint, en_hint = did_you_mean(str(value), valid)
    choices = ", ".join(valid)
    return Text(
        fr=f"{value!r} n'est pas un choix de {qid!r} ({choices}){fr_hint}",
        en=f"{value!r} is not a choice of {qid!r} ({choices}){en_hint}",
    )
