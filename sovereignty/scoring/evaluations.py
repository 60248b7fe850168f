"""Evaluators' files: each evaluator of the GHT keeps their own manual marks.

``evaluations/<evaluator>.yaml``::

    schema: sovereignty/evaluation/1
    evaluator: dr-morel              # the file's name, lower-case letters, digits and '-'
    name: Dr Claire Morel
    establishment: chu-psa           # one of the tender's establishments
    role: Radiologue                 # optional
    scores:
      radiance:                      # vendor id
        oversight.usability:         # a criterion scored by evaluators
          mark: 4
          justification: "Correction possible en deux clics pendant la démonstration."
          at: 2026-11-20T10:00:00+00:00

One file per evaluator keeps each person's marks their own (no one edits another's file), lets
establishments send their file separately, and makes the panel's disagreements visible.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator

from sovereignty.core.errors import ContentError, Problem, did_you_mean
from sovereignty.core.model import InvalidValue, Model, Name, Text, strip_controls
from sovereignty.core.validation import validate_document
from sovereignty.core.yamlio import YamlDocument, dump_yaml, load_yaml, write_yaml
from sovereignty.scoring.engine import EvaluatorMark
from sovereignty.scoring.model import EvaluatorsMethod, Profile

SCHEMA = "sovereignty/evaluation/1"
EVALUATOR_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


class Mark(Model):
    mark: float = Field(allow_inf_nan=False)
    justification: str  # checked below, with a message saying what it is for
    at: datetime | None = None

    @field_validator("justification")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        text = strip_controls(text)
        if not text.strip():
            raise InvalidValue(
                Text(
                    fr="une justification est obligatoire : dites sur quoi repose la note",
                    en="a justification is required: say what the mark rests on",
                )
            )
        return text


class EvaluatorFile(Model):
    schema_: Literal["sovereignty/evaluation/1"] = Field(
        default="sovereignty/evaluation/1", alias="schema"
    )
    evaluator: Name
    name: Name
    establishment: Name
    role: Name | None = None
    scores: dict[str, dict[str, Mark]] = Field(default_factory=dict)

    def with_mark(self, vendor: str, criterion: str, mark: Mark) -> EvaluatorFile:
        scores = {v: dict(m) for v, m in self.scores.items()}
        scores.setdefault(vendor, {})[criterion] = mark
        return self.model_copy(update={"scores": scores})

    def to_data(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


def evaluator_id(name: str) -> str:
    """A file-safe id from a name: "Dr Claire Morel" -> "dr-claire-morel"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:63]


def parse_evaluation(
    doc: YamlDocument,
    profile: Profile,
    establishments: Collection[str] | None = None,
    vendors: Collection[str] | None = None,
) -> EvaluatorFile:
    """Validate one evaluator's file against the profile and the tender; all problems at once."""
    parsed = validate_document(
        doc,
        EvaluatorFile,
        expected=Text(
            fr="un fichier d'évaluateur est une table avec 'schema', 'evaluator', 'name', "
            "'establishment' et 'scores'",
            en="an evaluator's file is a mapping with 'schema', 'evaluator', 'name', "
            "'establishment' and 'scores'",
        ),
        schema=SCHEMA,
    )
    problems = _cross_check(parsed, doc, profile, establishments, vendors)
    if problems:
        raise ContentError(doc.path, problems)
    return parsed


def _cross_check(
    parsed: EvaluatorFile,
    doc: YamlDocument,
    profile: Profile,
    establishments: Collection[str] | None,
    vendors: Collection[str] | None,
) -> list[Problem]:
    problems: list[Problem] = []
    if not EVALUATOR_ID.fullmatch(parsed.evaluator):
        problems.append(
            Problem(
                doc.where(("evaluator",)),
                Text(
                    fr=f"l'id d'évaluateur {parsed.evaluator!r} ne doit contenir que des "
                    f"minuscules, des chiffres et des '-' (par ex. "
                    f"{evaluator_id(parsed.evaluator)!r})",
                    en=f"evaluator id {parsed.evaluator!r} must be lower-case letters, digits "
                    f"and '-' (e.g. {evaluator_id(parsed.evaluator)!r})",
                ),
            )
        )
    elif doc.path.stem != parsed.evaluator:
        problems.append(
            Problem(
                doc.where(("evaluator",)),
                Text(
                    fr=f"le fichier de l'évaluateur {parsed.evaluator!r} doit s'appeler "
                    f"{parsed.evaluator}.yaml",
                    en=f"the file of evaluator {parsed.evaluator!r} must be named "
                    f"{parsed.evaluator}.yaml",
                ),
            )
        )
    if establishments is not None and parsed.establishment not in establishments:
        listing = ", ".join(establishments)
        fr_hint, en_hint = did_you_mean(parsed.establishment, establishments)
        problems.append(
            Problem(
                doc.where(("establishment",)),
                Text(
                    fr=f"{parsed.establishment!r} n'est pas un établissement de la consultation "
                    f"({listing or 'aucun déclaré dans tender.yaml'}){fr_hint}",
                    en=f"{parsed.establishment!r} is not an establishment of the tender "
                    f"({listing or 'none declared in tender.yaml'}){en_hint}",
                ),
            )
        )
    manual = {c.id: c for c in profile.evaluator_criteria()}
    for vendor, marks in parsed.scores.items():
        if vendors is not None and vendor not in vendors:
            fr_hint, en_hint = did_you_mean(vendor, vendors)
            problems.append(
                Problem(
                    doc.where(("scores", vendor)),
                    Text(
                        fr=f"pas d'offre {vendor!r} dans la consultation{fr_hint}",
                        en=f"no vendor {vendor!r} in the tender{en_hint}",
                    ),
                    vendor,
                )
            )
        for criterion_id, mark in marks.items():
            loc = ("scores", vendor, criterion_id)
            criterion = manual.get(criterion_id)
            if criterion is None:
                problems.append(
                    Problem(doc.where(loc), _not_manual(criterion_id, profile), criterion_id)
                )
                continue
            assert isinstance(criterion.scoring, EvaluatorsMethod)
            scale = criterion.scoring.scale
            if not scale.allows(mark.mark):
                on_scale = ", ".join(f"{m:g}" for m in scale.marks())
                problems.append(
                    Problem(
                        doc.where((*loc, "mark")),
                        Text(
                            fr=f"la note {mark.mark:g} n'est pas sur l'échelle ({on_scale})",
                            en=f"mark {mark.mark:g} is not on the scale ({on_scale})",
                        ),
                        criterion_id,
                    )
                )
    return problems


def _not_manual(criterion_id: str, profile: Profile) -> Text:
    """Why evaluators cannot mark ``criterion_id``: it is computed, or it does not exist."""
    if profile.criterion(criterion_id) is not None:
        return Text(
            fr=f"{criterion_id!r} est noté d'après les réponses ou les constats, pas par les "
            "évaluateurs",
            en=f"{criterion_id!r} is scored from answers or findings, not by evaluators",
        )
    fr_hint, en_hint = did_you_mean(criterion_id, [c.id for c in profile.evaluator_criteria()])
    return Text(
        fr=f"{criterion_id!r} n'est pas un critère de la grille{fr_hint}",
        en=f"{criterion_id!r} is not a criterion of the profile{en_hint}",
    )


def evaluation_path(folder: Path, evaluator: str) -> Path:
    return folder / f"{evaluator}.yaml"


def load_evaluations(
    folder: Path,
    profile: Profile,
    establishments: Collection[str] | None = None,
    vendors: Collection[str] | None = None,
) -> list[EvaluatorFile]:
    """Every evaluator's file in ``folder``; one invalid file stops with all its problems.
    Any other file there (``.yml``, ``.json``...) is an error: its marks must not vanish from
    the aggregation without a word. Hidden files (editors' swap files) are left alone."""
    if not folder.is_dir():
        return []
    strays = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix != ".yaml"
    )
    if strays:
        raise ContentError(
            folder,
            [
                Problem(
                    path.name,
                    Text(
                        fr="pas un fichier d'évaluateur : evaluations/ ne contient que des "
                        "fichiers <évaluateur>.yaml, ses notes ne seraient pas comptées ; "
                        f"renommez-le {path.stem}.yaml si c'en est un, ou sortez-le du dossier",
                        en="not an evaluator's file: evaluations/ holds only <evaluator>.yaml "
                        f"files, so its marks would not be counted; rename it {path.stem}.yaml "
                        "if it is one, or move it out of the folder",
                    ),
                )
                for path in strays
            ],
        )
    return [
        parse_evaluation(load_yaml(path), profile, establishments, vendors)
        for path in sorted(folder.glob("*.yaml"))
    ]


HEADER = "# Notes d'un évaluateur / One evaluator's marks (sovereignty evaluate)\n"


def evaluation_text(evaluation: EvaluatorFile) -> str:
    return HEADER + dump_yaml(evaluation.to_data())


def save_evaluation(folder: Path, evaluation: EvaluatorFile) -> Path:
    """Write the file as it is (outside a tender; a tender's files are journaled writes)."""
    path = evaluation_path(folder, evaluation.evaluator)
    write_yaml(path, evaluation.to_data(), header=HEADER)
    return path


@dataclass(frozen=True)
class MarkConflict:
    """A mark changed meanwhile (another window of the same evaluator) that this command also
    changed: the other one is kept."""

    subject: str  # vendor/criterion
    mark: float | None
    at: str | None


def merge_evaluations(
    base: EvaluatorFile, mine: EvaluatorFile, theirs: EvaluatorFile
) -> tuple[EvaluatorFile, list[MarkConflict]]:
    """Three-way merge of one evaluator's marks: the changes from ``base`` to ``mine`` applied
    to ``theirs`` (the file on disk now); a mark changed on both sides stays as ``theirs``."""
    scores = {v: dict(m) for v, m in theirs.scores.items()}
    conflicts: list[MarkConflict] = []
    keys = {(v, c) for v, marks in [*base.scores.items(), *mine.scores.items()] for c in marks}
    for vendor, criterion in sorted(keys):
        before = base.scores.get(vendor, {}).get(criterion)
        after = mine.scores.get(vendor, {}).get(criterion)
        now_ = theirs.scores.get(vendor, {}).get(criterion)
        if before == after:
            continue
        if now_ in (before, after):
            if after is None:
                scores.get(vendor, {}).pop(criterion, None)
            else:
                scores.setdefault(vendor, {})[criterion] = after
            continue
        conflicts.append(
            MarkConflict(
                f"{vendor}/{criterion}",
                now_.mark if now_ else None,
                now_.at.isoformat() if now_ and now_.at else None,
            )
        )
    fields = ("name", "establishment", "role")
    update: dict[str, Any] = {
        f: getattr(mine, f) for f in fields if getattr(mine, f) != getattr(base, f)
    }
    update["scores"] = {v: m for v, m in scores.items() if m}
    return theirs.model_copy(update=update), conflicts


def marks_for(files: Sequence[EvaluatorFile], vendor: str) -> dict[str, list[EvaluatorMark]]:
    """The marks given to ``vendor``, by criterion, for the engine."""
    marks: dict[str, list[EvaluatorMark]] = {}
    for evaluation in files:
        for criterion_id, mark in evaluation.scores.get(vendor, {}).items():
            marks.setdefault(criterion_id, []).append(
                EvaluatorMark(
                    evaluator=evaluation.evaluator,
                    establishment=evaluation.establishment,
                    mark=mark.mark,
                    justification=mark.justification,
                )
            )
    return marks
