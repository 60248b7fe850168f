"""Answer sheets: one YAML file per vendor, answering one question bank.

::

    schema: sovereignty/answers/1
    bank: {id: hospital-ai, version: 1.0.0, hash: "sha256:..."}
    vendor: {id: medivision, name: MediVision SAS}
    created_at: 2026-11-28T10:00:00+00:00
    updated_at: 2026-11-28T10:42:00+00:00
    skipped_sections: []
    answers:
      hosting.model:
        value: saas
        comment: "Hébergé chez un prestataire certifié"
        evidence: "Annexe 3 - certificat HDS"
        by: "Jeanne Martin (MediVision)"
        at: 2026-11-28T10:05:00+00:00
      hosting.keys:
        unknown: true            # « je ne sais pas »

Values are plain data (strings, numbers, lists, ISO dates, lists of records); their validity
against the bank is checked by :mod:`sovereignty.questionnaire.validate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from sovereignty.core.errors import AnswersError
from sovereignty.core.model import (
    MAX_NUMBER,
    InvalidValue,
    Model,
    Name,
    NonEmptyStr,
    Text,
    numbers_out_of_range,
    strip_controls_in,
)
from sovereignty.core.validation import validate_document
from sovereignty.core.yamlio import Loc, YamlDocument, dump_yaml, load_yaml, write_yaml

SCHEMA = "sovereignty/answers/1"
VENDOR_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Answer(Model):
    value: Any = None
    unknown: bool = False
    comment: str | None = None
    evidence: str | None = None
    by: str | None = None
    at: datetime | None = None
    question: str | None = None  # fingerprint of the question as it was asked (see loader)

    @model_validator(mode="before")
    @classmethod
    def _no_control_characters(cls, data: Any) -> Any:
        # Vendor text is data: whatever reads it (a terminal, an XML export, a Word document)
        # must not act on it, so control characters are dropped as it comes in.
        if isinstance(data, dict):
            return {k: strip_controls_in(v) for k, v in data.items()}
        return data

    @model_validator(mode="after")
    def _value_xor_unknown(self) -> Answer:
        if numbers_out_of_range(self.value):
            raise InvalidValue(
                Text(
                    fr=f"nombre hors limites (au plus {MAX_NUMBER:.0e} en valeur absolue, fini)",
                    en=f"number out of range (at most {MAX_NUMBER:.0e} in absolute value, finite)",
                )
            )
        if self.unknown and self.value is not None:
            raise InvalidValue(
                Text(
                    fr="une réponse est soit une valeur ('value'), soit 'unknown: true', pas les "
                    "deux",
                    en="an answer is either a value or 'unknown: true', not both",
                )
            )
        if not self.unknown and self.value is None:
            raise InvalidValue(
                Text(
                    fr="une réponse demande une valeur 'value' (ou 'unknown: true')",
                    en="an answer needs a 'value' (or 'unknown: true')",
                )
            )
        return self


class BankRef(Model):
    id: NonEmptyStr
    version: NonEmptyStr
    hash: NonEmptyStr


class VendorRef(Model):
    id: Name
    name: Name

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not VENDOR_ID.fullmatch(value):
            raise InvalidValue(
                Text(
                    fr="l'id d'éditeur s'écrit en minuscules, chiffres et '-' (63 au plus)",
                    en="vendor id must be lower-case letters, digits and '-' (max 63)",
                )
            )
        return value


class AnswerSheet(Model):
    schema_: Literal["sovereignty/answers/1"] = Field(
        default="sovereignty/answers/1", alias="schema"
    )
    bank: BankRef
    vendor: VendorRef
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)
    skipped_sections: tuple[str, ...] = ()
    answers: dict[str, Answer] = Field(default_factory=dict)

    def with_answer(self, question_id: str, answer: Answer) -> AnswerSheet:
        answers = dict(self.answers)
        answers[question_id] = answer
        return self.model_copy(update={"answers": answers, "updated_at": now()})

    def without(self, *question_ids: str) -> AnswerSheet:
        answers = {k: v for k, v in self.answers.items() if k not in question_ids}
        return self.model_copy(update={"answers": answers, "updated_at": now()})

    def with_skipped(self, section_id: str, skipped: bool = True) -> AnswerSheet:
        sections = [s for s in self.skipped_sections if s != section_id]
        if skipped:
            sections.append(section_id)
        return self.model_copy(update={"skipped_sections": tuple(sections)})

    def to_data(self) -> dict[str, Any]:
        data = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        for answer in data["answers"].values():
            if not answer.get("unknown"):
                answer.pop("unknown", None)
        return data


def new_sheet(
    bank_id: str, bank_version: str, bank_hash: str, vendor_id: str, vendor_name: str
) -> AnswerSheet:
    return AnswerSheet.model_validate(
        {
            "bank": {"id": bank_id, "version": bank_version, "hash": bank_hash},
            "vendor": {"id": vendor_id, "name": vendor_name},
        }
    )


def parse_sheet(doc: YamlDocument) -> AnswerSheet:
    """Structure only; use validate.check_sheet for the answers against the bank."""
    return validate_document(
        doc,
        AnswerSheet,
        expected=Text(
            fr="une feuille de réponses doit être une table avec 'schema', 'bank', 'vendor' et "
            "'answers'",
            en="an answer sheet must be a mapping with 'schema', 'bank', 'vendor' and 'answers'",
        ),
        schema=SCHEMA,
        subject=_question_answered_at,
        error=AnswersError,
    )


def _question_answered_at(data: Any, loc: Loc) -> str:
    return str(loc[1]) if len(loc) > 1 and loc[0] == "answers" else ""


def load_sheet(path: Path) -> tuple[AnswerSheet, YamlDocument]:
    doc = load_yaml(path)
    return parse_sheet(doc), doc


HEADER = (
    "# Answer sheet of the sovereignty toolkit. Edit with care; `sovereignty check` validates.\n"
)


def sheet_text(sheet: AnswerSheet) -> str:
    return HEADER + dump_yaml(sheet.to_data())


def save_sheet(path: Path, sheet: AnswerSheet) -> None:
    """Atomic: an interrupted save leaves the previous sheet whole. A sheet in a tender folder
    is saved by ``Tender.save_sheet`` instead (journaled, merged under the tender's lock)."""
    write_yaml(path, sheet.to_data(), header=HEADER)


@dataclass(frozen=True)
class Conflict:
    """An answer changed by somebody else since this command read it, which the command also
    changed: theirs is kept, this one is not written."""

    subject: str  # the question id
    by: str | None
    at: str | None
    removed: bool = False  # theirs was to remove the answer


def _same(one: Answer | None, other: Answer | None) -> bool:
    """The same answer, whoever gave it and when."""
    if one is None or other is None:
        return one is other
    keys = ("value", "unknown", "comment", "evidence")
    return all(getattr(one, k) == getattr(other, k) for k in keys)


def merge_sheets(
    base: AnswerSheet, mine: AnswerSheet, theirs: AnswerSheet
) -> tuple[AnswerSheet, list[Conflict]]:
    """Three-way merge: the changes from ``base`` to ``mine`` applied to ``theirs`` (the sheet
    on disk now). An answer changed on both sides to different things stays as ``theirs``."""
    answers = dict(theirs.answers)
    conflicts: list[Conflict] = []
    for qid in [*base.answers, *(q for q in mine.answers if q not in base.answers)]:
        before, after, now_ = base.answers.get(qid), mine.answers.get(qid), theirs.answers.get(qid)
        if before == after:
            continue  # not changed by this command
        if now_ == before:
            if after is None:
                answers.pop(qid, None)
            else:
                answers[qid] = after
            continue
        if _same(now_, after):
            continue  # the same answer given meanwhile by someone else: theirs stays
        conflicts.append(
            Conflict(
                qid,
                now_.by if now_ else None,
                now_.at.isoformat() if now_ and now_.at else None,
                removed=now_ is None,
            )
        )
    removed = set(base.skipped_sections) - set(mine.skipped_sections)
    skipped = [s for s in theirs.skipped_sections if s not in removed]
    skipped += [s for s in mine.skipped_sections if s not in base.skipped_sections]
    merged = theirs.model_copy(
        update={
            "answers": answers,
            "skipped_sections": tuple(dict.fromkeys(skipped)),
            "vendor": mine.vendor if mine.vendor != base.vendor else theirs.vendor,
            "bank": mine.bank if mine.bank != base.bank else theirs.bank,
            "updated_at": now(),
        }
    )
    return merged, conflicts
