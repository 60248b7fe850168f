"""Human overrides of a criterion's score: who, when, why; every one of them journaled.

``overrides.yaml`` in the tender folder::

    schema: sovereignty/overrides/1
    overrides:
      - vendor: northbridge
        criterion: exit.costs_and_terms
        percent: 50                    # the criterion's new score, % of its weight
        justification: "Frais de sortie plafonnés par l'avenant n° 2 reçu le 12/12."
        by: Jeanne Martin
        at: 2026-12-12T09:30:00+00:00

The file is written by ``sovereignty score VENDOR --override CRITERION=PERCENT --why TEXT``,
which appends the same record to the hash-chained journal. An override found in the file but
not in the journal (a hand edit) is refused: a score that moved must say who moved it. The
journal entries are only read once the journal's hash chain verifies (services.scoring).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator

from sovereignty.core.errors import ContentError, Problem, did_you_mean
from sovereignty.core.model import InvalidValue, Model, NonEmptyStr, Text
from sovereignty.core.validation import validate_document
from sovereignty.core.yamlio import YamlDocument, dump_yaml, load_yaml, write_yaml
from sovereignty.scoring.engine import Override
from sovereignty.scoring.model import Profile

SCHEMA = "sovereignty/overrides/1"
OVERRIDES_FILE = "overrides.yaml"
JOURNAL_ACTION = "score.overridden"
JOURNAL_REMOVED = "score.override_removed"


class OverrideRecord(Model):
    vendor: NonEmptyStr
    criterion: NonEmptyStr
    percent: float = Field(ge=0, le=100)
    justification: NonEmptyStr
    by: NonEmptyStr
    at: datetime

    @field_validator("justification")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        if not text.strip():
            raise InvalidValue(
                Text(
                    fr="une dérogation demande une justification",
                    en="an override needs a justification",
                )
            )
        return text

    @property
    def key(self) -> tuple[str, str]:
        return (self.vendor, self.criterion)

    def journal_details(self) -> dict[str, Any]:
        return {
            "vendor": self.vendor,
            "criterion": self.criterion,
            "percent": self.percent,
            "justification": self.justification,
            "at": self.at.isoformat(),
        }

    def as_override(self) -> Override:
        return Override(self.percent, self.justification, self.by, self.at.isoformat())


class OverridesFile(Model):
    schema_: Literal["sovereignty/overrides/1"] = Field(
        default="sovereignty/overrides/1", alias="schema"
    )
    overrides: tuple[OverrideRecord, ...] = ()

    def for_vendor(self, vendor: str) -> dict[str, Override]:
        return {o.criterion: o.as_override() for o in self.overrides if o.vendor == vendor}

    def find(self, vendor: str, criterion: str) -> OverrideRecord | None:
        return next((o for o in self.overrides if o.key == (vendor, criterion)), None)

    def replaced(self, record: OverrideRecord) -> OverridesFile:
        kept = tuple(o for o in self.overrides if o.key != record.key)
        return self.model_copy(update={"overrides": (*kept, record)})

    def without(self, vendor: str, criterion: str) -> OverridesFile:
        kept = tuple(o for o in self.overrides if o.key != (vendor, criterion))
        return self.model_copy(update={"overrides": kept})


def parse_overrides(
    doc: YamlDocument,
    profile: Profile,
    vendors: Collection[str] | None = None,
    journaled: Iterable[tuple[str, Mapping[str, Any]]] | None = None,
) -> OverridesFile:
    """Validate the file; ``journaled`` holds (actor, details) of the journal's override
    entries; every override must match one of them."""
    parsed = validate_document(
        doc,
        OverridesFile,
        expected=Text(
            fr="un fichier de dérogations doit être une table avec 'schema' et 'overrides'",
            en="an overrides file must be a mapping with 'schema' and 'overrides'",
        ),
        schema=SCHEMA,
    )
    records = list(journaled) if journaled is not None else None
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    criteria = [c.id for c in profile.criteria]
    for i, record in enumerate(parsed.overrides):
        where = doc.where(("overrides", i))
        subject = f"{record.vendor}/{record.criterion}"
        if record.key in seen:
            problems.append(
                Problem(
                    where, Text(fr="dérogation donnée deux fois", en="overridden twice"), subject
                )
            )
        seen.add(record.key)
        if record.criterion not in criteria:
            fr_hint, en_hint = did_you_mean(record.criterion, criteria)
            problems.append(
                Problem(
                    where,
                    Text(
                        fr=f"pas de critère {record.criterion!r} dans la grille{fr_hint}",
                        en=f"no criterion {record.criterion!r} in the profile{en_hint}",
                    ),
                    subject,
                )
            )
        if vendors is not None and record.vendor not in vendors:
            fr_hint, en_hint = did_you_mean(record.vendor, vendors)
            problems.append(
                Problem(
                    where,
                    Text(
                        fr=f"pas d'offre {record.vendor!r} dans la consultation{fr_hint}",
                        en=f"no vendor {record.vendor!r} in the tender{en_hint}",
                    ),
                    subject,
                )
            )
        expected = record.journal_details()
        if records is not None and not any(
            actor == record.by and all(details.get(k) == v for k, v in expected.items())
            for actor, details in records
        ):
            problems.append(
                Problem(
                    where,
                    Text(
                        fr="cette dérogation n'est pas enregistrée dans le journal de la "
                        "consultation ; faites les dérogations avec `sovereignty score OFFRE "
                        "--override CRITÈRE=POURCENTAGE --why TEXTE`, pour que le journal dise "
                        "qui, quand et pourquoi",
                        en="this override is not recorded in the tender's journal; make "
                        "overrides with `sovereignty score VENDOR --override CRITERION=PERCENT "
                        "--why TEXT` so that who, when and why is journaled",
                    ),
                    subject,
                )
            )
    if problems:
        raise ContentError(doc.path, problems)
    return parsed


def in_force(entries: Iterable[tuple[str, str, Mapping[str, Any]]]) -> dict[tuple[str, str], Any]:
    """The overrides the journal says are in force, from (action, actor, details) in order:
    (vendor, criterion) -> (actor, details) of the last override not removed since."""
    current: dict[tuple[str, str], Any] = {}
    for action, actor, details in entries:
        key = (str(details.get("vendor")), str(details.get("criterion")))
        if action == JOURNAL_ACTION:
            current[key] = (actor, details)
        elif action == JOURNAL_REMOVED:
            current.pop(key, None)
    return current


def missing_from_file(
    overrides: OverridesFile, entries: Iterable[tuple[str, str, Mapping[str, Any]]]
) -> list[Problem]:
    """Journaled overrides that the file no longer holds (deleted or edited by hand): a score
    must not fall back silently when somebody removes the file."""
    problems = []
    for (vendor, criterion), (actor, details) in in_force(entries).items():
        record = overrides.find(vendor, criterion)
        percent, at = details.get("percent"), details.get("at")
        if record is not None and record.percent == percent:
            continue
        problems.append(
            Problem(
                "",
                Text(
                    fr=f"la dérogation de {actor} ({at}, {percent} %) "
                    "est au journal mais manque à overrides.yaml (fichier supprimé ou modifié à la "
                    "main) ; restaurez le fichier, ou retirez la dérogation avec `sovereignty "
                    f"score {vendor} --clear-override {criterion} --why TEXTE`",
                    en=f"the override by {actor} ({at}, {percent}%) "
                    "is in the journal but missing from overrides.yaml (file deleted or edited "
                    "by hand); restore the file, or remove the override with `sovereignty score "
                    f"{vendor} --clear-override {criterion} --why TEXT`",
                ),
                f"{vendor}/{criterion}",
            )
        )
    return problems


def load_overrides(
    path: Path,
    profile: Profile,
    vendors: Collection[str] | None = None,
    journaled: Iterable[tuple[str, Mapping[str, Any]]] | None = None,
) -> OverridesFile:
    if not path.is_file():
        return OverridesFile()
    return parse_overrides(load_yaml(path), profile, vendors, journaled)


HEADER = "# Dérogations aux notes, journalisées / Score overrides, journaled\n"


def overrides_text(overrides: OverridesFile) -> str:
    return HEADER + dump_yaml(overrides.model_dump(mode="json", by_alias=True))


def from_journal(entries: Iterable[tuple[str, str, Mapping[str, Any]]]) -> OverridesFile:
    """The overrides in force as the journal records them: the journal holds each one whole, so
    overrides.yaml can always be rebuilt from it (after a write killed half-way)."""
    records = [
        OverrideRecord(
            vendor=vendor,
            criterion=criterion,
            percent=details.get("percent"),
            justification=details.get("justification"),
            by=actor,
            at=details.get("at"),
        )
        for (vendor, criterion), (actor, details) in in_force(entries).items()
    ]
    return OverridesFile(overrides=tuple(records))


def save_overrides(path: Path, overrides: OverridesFile) -> None:
    write_yaml(path, overrides.model_dump(mode="json", by_alias=True), header=HEADER)
