"""The register folder on disk, kept apart from tender folders::

    register.yaml                   name of the establishment or GHT, language
    journal.jsonl                   append-only, hash-chained log (the tender's journal format)
    entries/<id>.yaml               one entry per AI system in use
    records/<id>/<nnnn>-<kind>.yaml monitoring records of that entry, written once

A tender ends with an award; the register lives as long as the systems do, across tenders, so
it is its own folder (typically beside the tender folders). An entry keeps the path of the tender
it came from and that tender's journal head at the time.

Every file the tool writes is journaled with its sha256; :meth:`Register.verify` checks the
journal chain and that each file still has the content journaled last, so an entry edited by
hand or a record removed is reported, never silently trusted. Writes take an exclusive lock on
``.lock`` (two people may record incidents at once) and are atomic.

Commands find the register from ``--register``, else ``$SOVEREIGNTY_REGISTER``, else the current
directory or the nearest parent holding a ``register.yaml``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, TypeAdapter, ValidationError

from sovereignty.core.errors import ContentError, Problem, TenderError, did_you_mean
from sovereignty.core.model import Lang, Model, NonEmptyStr, Text
from sovereignty.core.validation import validate_document
from sovereignty.core.yamlio import dump_yaml, load_yaml, parse_yaml, write_atomic
from sovereignty.register.model import RECORD_KINDS, Entry, Record
from sovereignty.tender import journal

REGISTER_FILE = "register.yaml"
JOURNAL_FILE = "journal.jsonl"
_RECORD = TypeAdapter(Record)


class RegisterSettings(Model):
    schema_: Literal["sovereignty/register/1"] = Field(
        default="sovereignty/register/1", alias="schema"
    )
    name: NonEmptyStr  # the establishment or the GHT that keeps it
    language: Lang = "fr"
    created_at: dt.datetime | None = None


def sha256(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def find_register_dir(explicit: Path | None = None) -> Path | None:
    """The register folder, or None when there is none here (``add`` then creates one)."""
    if explicit is not None:
        return explicit if (explicit / REGISTER_FILE).is_file() else None
    env = os.environ.get("SOVEREIGNTY_REGISTER")
    if env:
        return find_register_dir(Path(env))
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / REGISTER_FILE).is_file():
            return folder
    return None


def no_register(where: Path | None) -> TenderError:
    place = where or Path.cwd()
    return TenderError(
        Text(
            fr=f"aucun registre des systèmes d'IA ici ({place}) ni au-dessus ; créez-le avec "
            "`sovereignty register add --from DOSSIER --vendor OFFRE` ou indiquez --register",
            en=f"no AI register here ({place}) or above; create one with "
            "`sovereignty register add --from DIR --vendor VENDOR` or pass --register",
        )
    )


class Register:
    def __init__(self, root: Path, settings: RegisterSettings) -> None:
        self.root = root
        self.settings = settings

    # --- opening -------------------------------------------------------------------------------
    @classmethod
    def open(cls, root: Path | None = None) -> Register:
        folder = find_register_dir(root)
        if folder is None:
            raise no_register(root)
        settings = validate_document(
            load_yaml(folder / REGISTER_FILE),
            RegisterSettings,
            expected=Text(
                fr=f"{REGISTER_FILE} doit être une table avec 'name'",
                en=f"{REGISTER_FILE} must be a mapping with 'name'",
            ),
        )
        return cls(folder, settings)

    @classmethod
    def open_or_create(cls, root: Path | None, name: str, lang: Lang) -> tuple[Register, bool]:
        """The register found from ``root``, or a new one in ``root`` (else the current folder)."""
        folder = find_register_dir(root)
        if folder is not None:
            return cls.open(folder), False
        target = root or Path.cwd()
        settings = RegisterSettings(
            name=name, language=lang, created_at=dt.datetime.now(dt.UTC).replace(microsecond=0)
        )
        target.mkdir(parents=True, exist_ok=True)
        write_atomic(
            target / REGISTER_FILE,
            "# AI register (sovereignty). Entries in entries/, records in records/.\n"
            + dump_yaml(settings.model_dump(mode="json", by_alias=True, exclude_none=True)),
        )
        register = cls(target, settings)
        register.log(
            "register.created",
            None,
            name=name,
            file=REGISTER_FILE,
            sha256=sha256(target / REGISTER_FILE),
        )
        return register, True

    # --- paths ---------------------------------------------------------------------------------
    @property
    def journal_path(self) -> Path:
        return self.root / JOURNAL_FILE

    def entry_path(self, entry_id: str) -> Path:
        return self.root / "entries" / f"{entry_id}.yaml"

    def records_dir(self, entry_id: str) -> Path:
        return self.root / "records" / entry_id

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    @contextmanager
    def locked(self) -> Iterator[None]:
        """An exclusive lock for a read-modify-write of the register."""
        fd = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX)
            except ImportError:  # pragma: no cover - Windows: no advisory locks
                pass
            yield
        finally:
            os.close(fd)

    def log(self, action: str, actor: str | None = None, **details: Any) -> None:
        journal.append(self.journal_path, action, actor, **details)

    # --- entries -------------------------------------------------------------------------------
    def entry_ids(self) -> list[str]:
        folder = self.root / "entries"
        if not folder.is_dir():
            return []
        return sorted(p.stem for p in folder.glob("*.yaml") if not p.name.startswith("."))

    def load_entry(self, entry_id: str) -> Entry:
        path = self.entry_path(entry_id)
        if not path.is_file():
            known = self.entry_ids()
            fr_hint, en_hint = did_you_mean(entry_id, known)
            listing = ", ".join(known)
            raise TenderError(
                Text(
                    fr=f"pas d'entrée {entry_id!r} dans le registre (entrées : "
                    f"{listing or 'aucune'}){fr_hint}",
                    en=f"no entry {entry_id!r} in the register (entries: "
                    f"{listing or 'none'}){en_hint}",
                )
            )
        return load_entry_file(path, expected_id=entry_id)

    def entries(self) -> list[Entry]:
        return [self.load_entry(i) for i in self.entry_ids()]

    def write_entry(
        self, entry: Entry, action: str, actor: str | None = None, **details: Any
    ) -> Path:
        """Write ``entry`` (the caller holds the lock when it read the entry first)."""
        path = self.entry_path(entry.id)
        data = entry.model_dump(mode="json", by_alias=True, exclude_none=True)
        write_atomic(
            path,
            "# AI register entry (sovereignty); `sovereignty register check` verifies it.\n"
            + dump_yaml(data),
        )
        self.log(
            action, actor, entry=entry.id, file=self.relative(path), sha256=sha256(path), **details
        )
        return path

    # --- records -------------------------------------------------------------------------------
    def records(self, entry_id: str) -> list[Record]:
        folder = self.records_dir(entry_id)
        if not folder.is_dir():
            return []
        found = []
        for path in sorted(folder.glob("*.yaml")):
            doc = load_yaml(path)
            try:
                record = _RECORD.validate_python(doc.data)
            except ValidationError as exc:
                from sovereignty.core.validation import validation_problems

                raise ContentError(path, validation_problems(doc, exc, None, None)) from None
            found.append(record)
        return found

    def add_record(self, entry_id: str, data: dict[str, Any], actor: str | None = None) -> Record:
        """Number, validate, write and journal a record; returns it."""
        self.load_entry(entry_id)
        folder = self.records_dir(entry_id)
        with self.locked():
            numbers = [int(p.name[:4]) for p in folder.glob("*.yaml") if p.name[:4].isdigit()]
            number = f"{max(numbers, default=0) + 1:04d}"
            stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
            full = {
                **data,
                "id": number,
                "entry": entry_id,
                "by": actor or journal.current_actor(),
                "recorded_at": stamp.isoformat(),
            }
            record = _RECORD.validate_python(full)
            path = folder / f"{number}-{record.kind}.yaml"
            write_atomic(
                path,
                dump_yaml(record.model_dump(mode="json", by_alias=True, exclude_none=True)),
            )
            self.log(
                f"record.{record.kind}",
                actor,
                entry=entry_id,
                record=number,
                file=self.relative(path),
                sha256=sha256(path),
            )
        return record

    # --- verification --------------------------------------------------------------------------
    def head(self) -> tuple[int, str]:
        return journal_head(self.journal_path)

    def verify(self) -> list[Problem]:
        """The journal's own problems, then every file whose content is not the one journaled."""
        problems = [
            Problem(f"{JOURNAL_FILE}: {p.where}", p.message)
            for p in journal.verify_journal(self.journal_path)
        ]
        expected: dict[str, str] = {}
        for item in journal.read_journal(self.journal_path):
            file, digest = item.details.get("file"), item.details.get("sha256")
            if isinstance(file, str) and isinstance(digest, str):
                expected[file] = digest
        present = [self.root / REGISTER_FILE]
        present += [self.root / "entries" / f"{i}.yaml" for i in self.entry_ids()]
        records = self.root / "records"
        if records.is_dir():
            present += sorted(records.glob("*/*.yaml"))
        seen = set()
        for path in present:
            name = self.relative(path)
            seen.add(name)
            if name not in expected:
                problems.append(
                    Problem(
                        name,
                        Text(
                            fr="ce fichier n'est pas au journal : ajouté à la main ? Importez-le "
                            "avec `sovereignty register import`",
                            en="this file is not in the journal: added by hand? Import it with "
                            "`sovereignty register import`",
                        ),
                    )
                )
            elif sha256(path) != expected[name]:
                problems.append(
                    Problem(
                        name,
                        Text(
                            fr="modifié hors de l'outil depuis son enregistrement au journal",
                            en="changed outside the tool since it was journaled",
                        ),
                    )
                )
        for name in sorted(set(expected) - seen):
            problems.append(
                Problem(
                    name,
                    Text(
                        fr="fichier enregistré au journal mais absent du registre",
                        en="journaled file missing from the register",
                    ),
                )
            )
        return problems


def journal_head(path: Path) -> tuple[int, str]:
    """How many entries a journal holds and the hash of its last one."""
    entries = journal.read_journal(path)
    if not entries:
        return 0, journal.GENESIS
    last = path.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)[-1]
    try:
        return len(entries), str(json.loads(last)["hash"])
    except (ValueError, KeyError, TypeError):
        return len(entries), "sha256:" + hashlib.sha256(last).hexdigest()


AWARD_DECIDED = "award.decided"  # the tender journal's award decision, naming its ``vendor``


def last_award(path: Path) -> str | None:
    """The vendor named by the last award decision of a tender's journal, if any."""
    awarded = None
    for item in journal.read_journal(path):
        if item.action == AWARD_DECIDED and item.details.get("vendor"):
            awarded = str(item.details["vendor"])
    return awarded


def load_entry_file(path: Path, expected_id: str | None = None) -> Entry:
    entry = validate_document(
        load_yaml(path),
        Entry,
        expected=Text(
            fr="une entrée du registre est une table (schema, id, system, vendor...)",
            en="a register entry is a mapping (schema, id, system, vendor...)",
        ),
        schema="sovereignty/register-entry/1",
    )
    if expected_id is not None and entry.id != expected_id:
        raise ContentError(
            path,
            Text(
                fr=f"id vaut {entry.id!r} mais le fichier s'appelle {expected_id}.yaml",
                en=f"id is {entry.id!r} but the file is named {expected_id}.yaml",
            ),
        )
    return entry


def parse_entry_text(text: str, path: Path) -> Entry:
    """An entry written by hand (``register import``), checked like a stored one."""
    return validate_document(
        parse_yaml(text, path),
        Entry,
        expected=Text(
            fr="une entrée du registre est une table (schema, id, system, vendor...)",
            en="a register entry is a mapping (schema, id, system, vendor...)",
        ),
        schema="sovereignty/register-entry/1",
    )


__all__ = ["RECORD_KINDS", "Register", "RegisterSettings", "find_register_dir", "sha256"]
