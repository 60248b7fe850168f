"""A tender folder::

    tender.yaml                 name, buyer, GHT member establishments, language, bank,
                                clause library and templates folders
    journal.jsonl               append-only, hash-chained log of who did what
    buyer/answers.yaml          the buyer's own answers (need, planned use...), once per tender
    vendors/<id>/answers.yaml   one answer sheet per vendor
    vendors/<id>/flows.yaml     optional hospital-side data flows for that offer
    evaluations/<name>.yaml     one file of manual scores per evaluator

Commands act on the folder given by ``--dir``, else ``$SOVEREIGNTY_DIR``, else the current
directory or the nearest parent holding a ``tender.yaml``.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator

from sovereignty.core.errors import ContentError, Problem, TenderError, did_you_mean
from sovereignty.core.model import InvalidValue, Lang, Model, NonEmptyStr, Text
from sovereignty.core.validation import validate_document
from sovereignty.core.yamlio import load_yaml, write_yaml
from sovereignty.questionnaire.answers import VENDOR_ID, AnswerSheet, load_sheet, new_sheet, now
from sovereignty.questionnaire.answers import save_sheet as _save_sheet
from sovereignty.questionnaire.combine import (
    BUYER_ID,
    Legacy,
    combine,
    legacy_buyer_answers,
    split,
)
from sovereignty.questionnaire.loader import QuestionBank, load_bank
from sovereignty.tender import journal

TENDER_FILE = "tender.yaml"
JOURNAL_FILE = "journal.jsonl"
ESTABLISHMENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


class Establishment(Model):
    id: NonEmptyStr
    name: NonEmptyStr
    role: Literal["support", "member"] = "member"

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not ESTABLISHMENT_ID.match(value):
            raise InvalidValue(
                Text(
                    fr="l'id d'établissement s'écrit en minuscules, chiffres et '-'",
                    en="establishment id must be lower-case letters, digits and '-'",
                )
            )
        return value


class TenderSettings(Model):
    schema_: Literal["sovereignty/tender/1"] = Field(default="sovereignty/tender/1", alias="schema")
    name: NonEmptyStr
    reference: str | None = None
    buyer: NonEmptyStr
    ght: str | None = None
    establishments: tuple[Establishment, ...] = ()
    language: Lang = "fr"
    bank: str | None = None  # a custom bank, relative to the tender folder
    # the buyer's own clause library and Word templates folders, relative to the tender folder,
    # used by every document command (an option on the command line takes precedence)
    clauses: str | None = None
    templates: str | None = None
    created_at: datetime = Field(default_factory=now)

    @field_validator("establishments")
    @classmethod
    def _ids_are_unique(cls, value: tuple[Establishment, ...]) -> tuple[Establishment, ...]:
        ids = [e.id for e in value]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            listed = ", ".join(twice)
            raise InvalidValue(
                Text(
                    fr=f"id(s) d'établissement présent(s) deux fois : {listed}",
                    en=f"establishment id(s) listed twice: {listed}",
                )
            )
        if sum(e.role == "support" for e in value) > 1:
            raise InvalidValue(
                Text(
                    fr="un seul établissement peut être l'établissement support du GHT",
                    en="only one establishment can be the GHT's support establishment",
                )
            )
        return value


def find_tender_dir(explicit: Path | None = None) -> Path:
    if explicit is not None:
        if not (explicit / TENDER_FILE).is_file():
            raise TenderError(
                Text(
                    fr=f"{explicit} : pas de {TENDER_FILE} ici ; créez une consultation avec "
                    f"`sovereignty init {explicit}`",
                    en=f"{explicit}: no {TENDER_FILE} here; create a tender with "
                    f"`sovereignty init {explicit}`",
                )
            )
        return explicit
    env = os.environ.get("SOVEREIGNTY_DIR")
    if env:
        return find_tender_dir(Path(env))
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / TENDER_FILE).is_file():
            return folder
    raise TenderError(
        Text(
            fr=f"aucun dossier de consultation ici ({here}) ni au-dessus ; créez-en un avec "
            "`sovereignty init DOSSIER` ou indiquez --dir",
            en=f"no tender folder here ({here}) or above; create one with "
            "`sovereignty init DIR` or pass --dir",
        )
    )


class Tender:
    """A tender folder opened from disk."""

    def __init__(self, root: Path, settings: TenderSettings) -> None:
        self.root = root
        self.settings = settings

    @classmethod
    def open(cls, root: Path | None = None) -> Tender:
        folder = find_tender_dir(root)
        settings = validate_document(
            load_yaml(folder / TENDER_FILE),
            TenderSettings,
            expected=Text(
                fr=f"{TENDER_FILE} doit être une table avec 'name', 'buyer' et 'establishments'",
                en=f"{TENDER_FILE} must be a mapping with 'name', 'buyer' and 'establishments'",
            ),
        )
        return cls(folder, settings)

    @classmethod
    def create(cls, root: Path, settings: TenderSettings, actor: str | None = None) -> Tender:
        if (root / TENDER_FILE).exists():
            raise TenderError(
                Text(
                    fr=f"{root} : une consultation existe déjà ici",
                    en=f"{root}: a tender already exists here",
                )
            )
        root.mkdir(parents=True, exist_ok=True)
        (root / "vendors").mkdir(exist_ok=True)
        write_yaml(
            root / TENDER_FILE, settings.model_dump(mode="json", by_alias=True, exclude_none=True)
        )
        tender = cls(root, settings)
        tender.log("tender.created", actor, name=settings.name, buyer=settings.buyer)
        return tender

    # --- paths -------------------------------------------------------------------------------
    @property
    def journal_path(self) -> Path:
        return self.root / JOURNAL_FILE

    def vendor_dir(self, vendor_id: str) -> Path:
        return self.root / "vendors" / vendor_id

    def answers_path(self, vendor_id: str) -> Path:
        return self.vendor_dir(vendor_id) / "answers.yaml"

    @property
    def buyer_sheet_path(self) -> Path:
        return self.root / "buyer" / "answers.yaml"

    def flows_path(self, vendor_id: str) -> Path:
        return self.vendor_dir(vendor_id) / "flows.yaml"

    @property
    def evaluations_dir(self) -> Path:
        return self.root / "evaluations"

    # --- content -----------------------------------------------------------------------------
    @cached_property
    def bank(self) -> QuestionBank:
        custom = self.settings.bank
        return load_bank(self.root / custom if custom else None)

    def vendor_ids(self) -> list[str]:
        vendors = self.root / "vendors"
        if not vendors.is_dir():
            return []
        # Every vendor folder counts, with or without a readable sheet: an offer whose file was
        # renamed or lost must fail loudly, never drop out of a comparison unnoticed.
        return sorted(
            p.name for p in vendors.iterdir() if p.is_dir() and not p.name.startswith(".")
        )

    def has_vendor(self, vendor_id: str) -> bool:
        return self.answers_path(vendor_id).is_file()

    def require_vendor(self, vendor_id: str) -> None:
        folder = self.vendor_dir(vendor_id)
        if folder.is_dir() and not self.has_vendor(vendor_id):
            found = ", ".join(sorted(p.name for p in folder.iterdir()))
            raise TenderError(
                Text(
                    fr=f"{folder} : ce dossier d'offre n'a pas de answers.yaml (il contient : "
                    f"{found or 'rien'}) ; restaurez la feuille de réponses ou supprimez le "
                    "dossier, pour qu'aucune offre ne disparaisse sans qu'on le voie",
                    en=f"{folder}: this vendor folder has no answers.yaml (it holds: "
                    f"{found or 'nothing'}); restore the answer sheet or remove the folder, so "
                    "that no offer drops out unnoticed",
                )
            )
        if not self.has_vendor(vendor_id):
            known = self.vendor_ids()
            fr_hint, en_hint = did_you_mean(vendor_id, known)
            listing = ", ".join(known)
            raise TenderError(
                Text(
                    fr=f"pas d'offre {vendor_id!r} dans cette consultation (offres : "
                    f"{listing or 'aucune pour l’instant'}){fr_hint}",
                    en=f"no vendor {vendor_id!r} in this tender (vendors: "
                    f"{listing or 'none yet'}){en_hint}",
                )
            )

    def load_sheet(self, vendor_id: str) -> AnswerSheet:
        self.require_vendor(vendor_id)
        path = self.answers_path(vendor_id)
        sheet, doc = load_sheet(path)
        if sheet.vendor.id != vendor_id:
            raise ContentError(
                path,
                Problem(
                    doc.where(("vendor", "id")),
                    Text(
                        fr=f"vendor.id vaut {sheet.vendor.id!r} mais la feuille est dans le "
                        f"dossier de {vendor_id!r} ; une feuille se range dans "
                        "vendors/<id de son éditeur>/",
                        en=f"vendor.id is {sheet.vendor.id!r} but the sheet is in the folder of "
                        f"{vendor_id!r}; a sheet belongs in vendors/<its vendor id>/",
                    ),
                ),
            )
        return sheet

    def save_sheet(self, sheet: AnswerSheet) -> None:
        _save_sheet(self.answers_path(sheet.vendor.id), sheet)

    def add_vendor(
        self,
        vendor_id: str,
        name: str,
        actor: str | None = None,
    ) -> AnswerSheet:
        """A new, empty answer sheet (the buyer's answers, held once, apply to it at once)."""
        if not VENDOR_ID.match(vendor_id):
            raise TenderError(
                Text(
                    fr=f"id d'offre {vendor_id!r} : utilisez minuscules, chiffres et '-' "
                    "(par ex. 'radiance')",
                    en=f"vendor id {vendor_id!r}: use lower-case letters, digits and '-' "
                    "(e.g. 'radiance')",
                )
            )
        if vendor_id == BUYER_ID:
            raise TenderError(
                Text(
                    fr=f"l'id {BUYER_ID!r} est réservé aux réponses de l'acheteur ; choisissez "
                    "un autre id d'offre",
                    en=f"the id {BUYER_ID!r} is kept for the buyer's answers; choose another "
                    "vendor id",
                )
            )
        if self.has_vendor(vendor_id):
            raise TenderError(
                Text(
                    fr=f"l'offre {vendor_id!r} existe déjà",
                    en=f"vendor {vendor_id!r} already exists",
                )
            )
        if not name.strip():
            raise TenderError(
                Text(
                    fr=f"offre {vendor_id!r} : le nom ne doit pas être vide",
                    en=f"vendor {vendor_id!r}: the name must not be empty",
                )
            )
        bank = self.bank
        sheet = new_sheet(bank.id, bank.version, bank.hash, vendor_id, name)
        self.vendor_dir(vendor_id).mkdir(parents=True, exist_ok=True)
        self.save_sheet(sheet)
        self.log("vendor.added", actor, vendor=vendor_id, name=name)
        return sheet

    # --- the buyer's answers, held once ------------------------------------------------------
    def load_buyer_sheet(self) -> AnswerSheet | None:
        """The buyer's sheet, or None in a tender that has none yet."""
        path = self.buyer_sheet_path
        if not path.is_file():
            return None
        return load_sheet(path)[0]

    def buyer_answers(self) -> tuple[AnswerSheet, Legacy | None]:
        """The buyer's answers: its sheet, or for a tender written before there was one, the
        answers its vendors' sheets all agree on (with the questions they disagree on)."""
        sheet = self.load_buyer_sheet()
        if sheet is not None:
            return sheet, None
        sheets = [self.load_sheet(v) for v in self.vendor_ids() if self.has_vendor(v)]
        legacy = legacy_buyer_answers(self.bank, sheets)
        fresh = self._new_buyer_sheet()
        return fresh.model_copy(update={"answers": legacy.answers}), legacy

    def _new_buyer_sheet(self) -> AnswerSheet:
        bank = self.bank
        return new_sheet(bank.id, bank.version, bank.hash, BUYER_ID, self.settings.buyer)

    def save_buyer_sheet(self, sheet: AnswerSheet) -> None:
        self.buyer_sheet_path.parent.mkdir(parents=True, exist_ok=True)
        _save_sheet(self.buyer_sheet_path, sheet)

    def offer_sheet(self, vendor_id: str) -> AnswerSheet:
        """The offer's answers: the buyer's, held once, and the vendor's (see ``combine``)."""
        return combine(self.bank, self.load_buyer_sheet(), self.load_sheet(vendor_id))

    def save_offer_sheet(self, sheet: AnswerSheet, actor: str | None = None) -> None:
        """Store an offer's answers: the buyer's held once in the buyer sheet (created, seeded
        from an older tender's vendor sheets, the first time), the rest in the vendor's."""
        vendor_id = sheet.vendor.id
        parts = split(self.bank, sheet.answers)
        before = split(self.bank, self.offer_sheet(vendor_id).answers).buyer
        buyer, legacy = self.buyer_answers()
        answers = dict(buyer.answers)
        answers.update(parts.buyer)
        for qid in set(before) - set(parts.buyer):  # removed in this offer's answers
            answers.pop(qid, None)
        if legacy is not None or answers != buyer.answers:
            self.save_buyer_sheet(
                buyer.model_copy(update={"answers": answers, "updated_at": now()})
            )
            if legacy is not None:
                self.log(
                    "buyer.sheet_created",
                    actor,
                    seeded=len(legacy.answers),
                    conflicts=legacy.conflicts or None,
                    sources=legacy.sources,
                )
        self.save_sheet(sheet.model_copy(update={"answers": parts.vendor}))

    def log(self, action: str, actor: str | None = None, **details: Any) -> None:
        journal.append(self.journal_path, action, actor, **details)

    def establishment(self, establishment_id: str) -> Establishment | None:
        return next((e for e in self.settings.establishments if e.id == establishment_id), None)
