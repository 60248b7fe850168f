"""A tender folder::

    tender.yaml                 name, buyer, GHT member establishments, language, bank,
                                clause library and templates folders
    journal.jsonl               append-only, hash-chained log of who did what
    buyer/answers.yaml          the buyer's own answers (need, planned use...), once per tender
    vendors/<id>/answers.yaml   one answer sheet per vendor
    vendors/<id>/flows.yaml     optional hospital-side data flows for that offer
    evaluations/<name>.yaml     one file of manual scores per evaluator
    overrides.yaml              journaled overrides of scores

The answer sheets, evaluators' files and overrides are record files: each save is a journaled
write under the tender's lock that merges into what is on disk (:mod:`.records`), and reading
commands check every one of them against the journal.

Commands act on the folder given by ``--dir``, else ``$SOVEREIGNTY_DIR``, else the current
directory or the nearest parent holding a ``tender.yaml``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator

from sovereignty.core.errors import ContentError, Problem, TenderError, did_you_mean
from sovereignty.core.model import InvalidValue, Lang, Model, Name, Text, check_name
from sovereignty.core.validation import validate_document
from sovereignty.core.yamlio import YamlDocument, load_yaml, parse_yaml, write_yaml
from sovereignty.questionnaire.answers import (
    VENDOR_ID,
    AnswerSheet,
    Conflict,
    load_sheet,
    merge_sheets,
    new_sheet,
    now,
    parse_sheet,
    sheet_text,
)
from sovereignty.questionnaire.combine import BUYER_ID, Legacy, combine, legacy_buyer_answers, split
from sovereignty.questionnaire.loader import QuestionBank, load_bank
from sovereignty.tender import git, journal, records, writes
from sovereignty.tender.memo import FileMemo

TENDER_FILE = "tender.yaml"
JOURNAL_FILE = "journal.jsonl"
ESTABLISHMENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


class Establishment(Model):
    id: Name
    name: Name
    role: Literal["support", "member"] = "member"

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not ESTABLISHMENT_ID.fullmatch(value):
            raise InvalidValue(
                Text(
                    fr="l'id d'établissement s'écrit en minuscules, chiffres et '-'",
                    en="establishment id must be lower-case letters, digits and '-'",
                )
            )
        return value


class TenderSettings(Model):
    schema_: Literal["sovereignty/tender/1"] = Field(default="sovereignty/tender/1", alias="schema")
    name: Name
    reference: Name | None = None
    buyer: Name
    ght: Name | None = None
    establishments: tuple[Establishment, ...] = ()
    language: Lang = "fr"
    bank: str | None = None  # a custom bank, relative to the tender folder
    # the buyer's own clause library and Word templates folders, relative to the tender folder,
    # used by every document command (an option on the command line takes precedence)
    clauses: str | None = None
    templates: str | None = None
    # the contract's duration: certificates that expire before its end are findings
    contract_months: int | None = Field(default=None, ge=1, le=240)
    created_at: datetime = Field(default_factory=now)
    git: bool = False  # `init --git`: the folder is a git repository, one commit per write

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


@dataclass
class SheetSave:
    """What a journaled save of an answer sheet left on disk, and the answers it did not
    overwrite because somebody else changed them meanwhile."""

    sheet: AnswerSheet
    conflicts: list[Conflict] = field(default_factory=list)


class Tender:
    """A tender folder opened from disk."""

    def __init__(self, root: Path, settings: TenderSettings) -> None:
        self.root = root
        self.settings = settings
        # what this command computed from the tender's files, while they are unchanged
        self.memo = FileMemo()

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
        if settings.git:
            git.init_git(root)
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
        return self.load_sheet_doc(vendor_id)[0]

    def load_sheet_doc(self, vendor_id: str) -> tuple[AnswerSheet, YamlDocument]:
        """The vendor's sheet and its document (for places), refusing a sheet that answers for
        another vendor than its folder's: it would be scored under the wrong name."""
        self.require_vendor(vendor_id)
        path = self.answers_path(vendor_id)
        sheet, doc = self.read_sheet(path)
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
        return sheet, doc

    def save_sheet(
        self,
        sheet: AnswerSheet,
        action: str = "answers.saved",
        actor: str | None = None,
        base: AnswerSheet | None = None,
        **details: Any,
    ) -> SheetSave:
        """A journaled write of the sheet. With ``base`` (the sheet as this command read it),
        only the command's changes since ``base`` are merged into the sheet as it is on disk
        now; an answer somebody else changed meanwhile is kept and reported, not overwritten.
        Without ``base`` the sheet replaces the file."""
        return self._save_sheet_at(
            self.answers_path(sheet.vendor.id), sheet, action, actor, base, details
        )

    def _save_sheet_at(
        self,
        path: Path,
        sheet: AnswerSheet,
        action: str,
        actor: str | None,
        base: AnswerSheet | None,
        details: dict[str, Any],
    ) -> SheetSave:
        saved = SheetSave(sheet)
        entry = dict(details)  # completed by compose, before the entry is written

        def compose(current: str | None) -> str:
            if base is not None and current is not None:
                theirs = parse_sheet(parse_yaml(current, path))
                saved.sheet, saved.conflicts = merge_sheets(base, sheet, theirs)
                entry["kept_theirs"] = [c.subject for c in saved.conflicts] or None
            return sheet_text(saved.sheet)

        self.write_record(path, compose, action, actor, entry)
        return saved

    def write_record(
        self,
        path: Path,
        compose: writes.Compose,
        action: str,
        actor: str | None,
        details: dict[str, Any],
        check: bool = True,
    ) -> str | None:
        """A journaled write of one record file (see :mod:`.records`)."""
        rel = path.relative_to(self.root).as_posix()
        return writes.write_record(
            self.root, self.journal_path, rel, compose, action, actor, details, check
        )

    @contextmanager
    def lock(self, exclusive: bool = True) -> Iterator[None]:
        with records.tender_lock(self.root, exclusive):
            yield

    def journal_head(self) -> journal.Head:
        """The journal's head as it is (unverified): for outputs that name the state of the
        record they were computed from."""
        return journal.journal_head(self.journal_path)

    def require_record(self, path: Path) -> None:
        """Refuse to start an interactive session on a record file changed outside the tool
        (rather than when its first save is refused); a write killed half-way is fine, the
        first save finishes it."""
        rel = path.relative_to(self.root).as_posix()
        with self.lock(exclusive=False):
            book = records.Journal.read(self.journal_path)
            pending, problems = records.file_state(self.root, rel, book, book.hashes())
        if problems and pending is None:
            raise records.RecordError(self.root, problems)

    def check_records(self) -> tuple[journal.Head, list[Problem]]:
        """The journal's head and every record file that does not match the journal."""
        return records.check_records(self.root, self.journal_path)

    def verified_head(self) -> journal.Head:
        """The journal's head; refuses (naming each file and its change) when a record file
        or the journal was changed outside the tool."""
        return records.verified_head(self.root, self.journal_path)

    def add_vendor(
        self,
        vendor_id: str,
        name: str,
        actor: str | None = None,
    ) -> AnswerSheet:
        """A new, empty answer sheet (the buyer's answers, held once, apply to it at once)."""
        if not VENDOR_ID.fullmatch(vendor_id):
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
        wrong = check_name(name)
        if wrong is not None:
            raise TenderError(
                Text(
                    fr=f"offre {vendor_id!r} : le nom {wrong.fr}",
                    en=f"vendor {vendor_id!r}: the name {wrong.en}",
                )
            )
        bank = self.bank
        sheet = new_sheet(bank.id, bank.version, bank.hash, vendor_id, name)
        self.save_sheet(sheet, "vendor.added", actor, vendor=vendor_id, name=name)
        return sheet

    # --- the buyer's answers, held once ------------------------------------------------------
    def load_buyer_sheet(self) -> AnswerSheet | None:
        """The buyer's sheet, or None in a tender that has none yet."""
        path = self.buyer_sheet_path
        if not path.is_file():
            return None
        return self.read_sheet(path)[0]

    def read_sheet(self, path: Path) -> tuple[AnswerSheet, YamlDocument]:
        """An answer sheet of this tender and its document, read once per command while the
        file is unchanged (both are read-only: changes are new sheets, saved)."""
        return self.memo.get(("sheet", path), [path], lambda: load_sheet(path))

    def buyer_answers(self) -> tuple[AnswerSheet, Legacy | None]:
        """The buyer's answers: its sheet, or for a tender written before there was one, the
        answers its vendors' sheets all agree on (with the questions they disagree on)."""
        sheet = self.load_buyer_sheet()
        if sheet is not None:
            return sheet, None
        sheets = [self.load_sheet(v) for v in self.vendor_ids() if self.has_vendor(v)]
        legacy = legacy_buyer_answers(self.bank, sheets)
        bank = self.bank
        fresh = new_sheet(bank.id, bank.version, bank.hash, BUYER_ID, self.settings.buyer)
        return fresh.model_copy(update={"answers": legacy.answers}), legacy

    def save_buyer_sheet(
        self,
        sheet: AnswerSheet,
        action: str = "answers.saved",
        actor: str | None = None,
        base: AnswerSheet | None = None,
        **details: Any,
    ) -> SheetSave:
        """A journaled write of the buyer's sheet, merged like a vendor's (see ``save_sheet``)."""
        return self._save_sheet_at(self.buyer_sheet_path, sheet, action, actor, base, details)

    def offer_sheet(self, vendor_id: str) -> AnswerSheet:
        """The offer's answers: the buyer's, held once, and the vendor's (see ``combine``)."""
        return combine(self.bank, self.load_buyer_sheet(), self.load_sheet(vendor_id))

    def save_offer_sheet(
        self,
        sheet: AnswerSheet,
        action: str,
        actor: str | None,
        base: AnswerSheet,
        **details: Any,
    ) -> SheetSave:
        """Store the changes from ``base`` to ``sheet`` (an offer's combined answers): the
        buyer's held once go to the buyer sheet (created the first time, with an older tender's
        agreed answers), the rest to the vendor's; each write merges with what is on disk."""
        bank = self.bank
        mine, before = split(bank, sheet.answers), split(bank, base.answers)
        buyer, legacy = self.buyer_answers()
        buyer_saved: AnswerSheet | None = None
        conflicts: list[Conflict] = []
        if mine.buyer != before.buyer or (legacy is not None and legacy.answers):
            if legacy is None:  # merged with the buyer sheet on disk, like a vendor's
                saved = self.save_buyer_sheet(
                    buyer.model_copy(update={"answers": mine.buyer}),
                    action,
                    actor,
                    base=buyer.model_copy(update={"answers": before.buyer}),
                    **details,
                )
            else:  # an older tender: the vendors' agreed answers move to the buyer sheet
                answers = dict(legacy.answers)
                for qid in before.buyer.keys() - mine.buyer.keys():
                    answers.pop(qid, None)
                answers.update(mine.buyer)
                saved = self.save_buyer_sheet(
                    buyer.model_copy(update={"answers": answers}),
                    action,
                    actor,
                    seeded=len(legacy.answers),
                    sources=legacy.sources,
                    **details,
                )
            buyer_saved, conflicts = saved.sheet, list(saved.conflicts)
        vendor_new = sheet.model_copy(update={"answers": mine.vendor})
        vendor_base = base.model_copy(update={"answers": before.vendor})
        # (``updated_at`` moves with any change: the vendor's sheet is written only when its
        # own answers or skipped sections changed, or when nothing went to the buyer's)
        own_change = (vendor_new.answers, vendor_new.skipped_sections) != (
            vendor_base.answers,
            vendor_base.skipped_sections,
        )
        if own_change or buyer_saved is None:
            saved = self.save_sheet(vendor_new, action, actor, base=vendor_base, **details)
            conflicts += saved.conflicts
        result = SheetSave(
            combine(bank, buyer_saved or self.load_buyer_sheet(), self.load_sheet(sheet.vendor.id))
        )
        result.conflicts = conflicts
        return result

    def log(self, action: str, actor: str | None = None, **details: Any) -> None:
        """A journal entry about no record file (a freeze, a computation...)."""
        with self.lock():
            journal.append(self.journal_path, action, actor, **details)
            git.commit(self.root, self.journal_path, [], action, actor)

    def establishment(self, establishment_id: str) -> Establishment | None:
        return next((e for e in self.settings.establishments if e.id == establishment_id), None)
