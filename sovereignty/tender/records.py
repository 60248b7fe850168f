"""Record files and the journal they are checked against.

The record files are the answer sheets (``vendors/<id>/answers.yaml``, ``buyer/answers.yaml``),
the offers' price schedules (``vendors/<id>/price.yaml``), the evaluators' files
(``evaluations/<evaluator>.yaml``) and ``overrides.yaml``. Every save of one is a *journaled
write* (:mod:`sovereignty.tender.writes`), done under the tender's lock (``.sovereignty.lock``):

1. ``locked``: the lock is taken, so no other command of this tender writes meanwhile;
2. ``merged``: the file is read as it is on disk now (and checked against the journal) and the
   command's change is merged into it;
3. ``written``: the new content is in a temporary file next to the record, synced;
4. ``journaled``: the journal entry is appended; it names the file and the sha256 of its new
   content (``details.record``);
5. ``replaced``: the temporary file replaces the record (atomic);
6. ``committed``: when the tender is a git repository (``init --git``), a commit.

The journal comes before the record, so a change is never in the record without its entry. A
write killed before 4 leaves the record as it was (and a temporary file, removed by the next
write or ``journal --recover``); killed between 4 and 5, the journaled version is whole in its
temporary file and ``sovereignty journal --recover`` (or the next write of that file) puts it in
place: nothing journaled is lost.

Each record file's first lines name the journal head it was saved on (``# journal: entry N,
sha256 H``): a journal cut short, replaced or deleted no longer holds that entry, and the file
says so even when the journal's own chain still verifies.

:func:`check_records` is the one verification every reading command calls (``status``,
``score``, ``compare``, documents); :func:`verified_head` raises when anything is wrong and
returns the journal head to print in published documents and JSON.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sovereignty.core.errors import ContentError, Problem
from sovereignty.core.model import Text
from sovereignty.tender import journal

LOCK_FILE = ".sovereignty.lock"
COPIES = ".sovereignty/last"  # the last journaled version of each record file
RECORD_KEY = "record"
RECOVERED = "record.recovered"
PATTERNS = (
    "vendors/*/answers.yaml",
    "vendors/*/price.yaml",
    "buyer/answers.yaml",
    "evaluations/*.yaml",
    "overrides.yaml",
)
ANCHOR = re.compile(r"^# journal: entry (\d+), sha256 ([0-9a-f]{64})$", re.MULTILINE)


# --- the lock ---------------------------------------------------------------------------------
_held: dict[str, list[int]] = {}  # folder -> [fd, depth, exclusive]


@contextmanager
def tender_lock(root: Path, exclusive: bool = True) -> Iterator[None]:
    """The tender's lock: exclusive for a journaled write, shared for a verified read.
    Re-entrant within one process (a write inside a command that already holds it)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks
        yield
        return
    key = str(root.resolve())
    held = _held.get(key)
    if held is not None:
        if exclusive and not held[2]:
            fcntl.flock(held[0], fcntl.LOCK_EX)
            held[2] = 1
        held[1] += 1
        try:
            yield
        finally:
            held[1] -= 1
        return
    try:
        fd = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        if exclusive:
            raise
        yield  # a read-only copy of a tender: nobody can write it meanwhile
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        _held[key] = [fd, 1, int(exclusive)]
        yield
    finally:
        _held.pop(key, None)
        os.close(fd)


# --- what the journal says about each record file -----------------------------------------------
@dataclass(frozen=True)
class Saved:
    """One journaled save of a record file (``sha256`` None: the file was removed)."""

    path: str
    sha256: str | None
    line: int
    action: str
    actor: str
    at: str
    details: dict[str, Any]


@dataclass
class Journal:
    """The journal as read once: its lines, its head, and each record file's saves in order."""

    path: Path
    lines: list[tuple[int, dict[str, Any] | None, str]]
    saves: dict[str, list[Saved]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Journal:
        lines = journal.raw_lines(path)
        saves: dict[str, list[Saved]] = {}
        for number, raw, _ in lines:
            record = raw.get("details", {}).get(RECORD_KEY) if raw else None
            if raw is None or not isinstance(record, dict):
                continue
            rel = str(record.get("path"))
            digest = record.get("sha256")
            details = {k: v for k, v in raw.get("details", {}).items() if k != RECORD_KEY}
            saves.setdefault(rel, []).append(
                Saved(
                    rel,
                    str(digest) if digest else None,
                    number,
                    str(raw.get("action")),
                    str(raw.get("actor")),
                    str(raw.get("at")),
                    details,
                )
            )
        return cls(path, lines, saves)

    @property
    def head(self) -> journal.Head:
        return journal.head_of(self.lines)

    def hashes(self) -> set[str]:
        return {own for _, _, own in self.lines}

    def last(self, rel: str) -> Saved | None:
        saves = self.saves.get(rel)
        return saves[-1] if saves else None


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def anchor_line(head: journal.Head) -> str:
    return f"# journal: entry {head.entries}, sha256 {head.hash}\n"


def last_copy(root: Path, rel: str) -> Path:
    return root / COPIES / rel


def describe_change(root: Path, rel: str, sha256: str | None, now: bytes) -> str:
    """What changed in a record file since its journaled version (kept aside when it was
    written), as "path: old → new" items; empty when that copy is missing or not the journaled
    one (then only the change itself is known)."""
    from sovereignty.core.yamlio import parse_yaml

    try:
        before = last_copy(root, rel).read_bytes()
    except OSError:
        return ""
    if digest(before) != sha256:
        return ""
    try:
        old = _leaves(parse_yaml(before.decode("utf-8"), root / rel).data)
        new = _leaves(parse_yaml(now.decode("utf-8"), root / rel).data)
    except (ContentError, UnicodeDecodeError):
        return ""
    changed = [
        f"{key}: {_shown(old.get(key))} → {_shown(new.get(key))}"
        for key in sorted(set(old) | set(new))
        if old.get(key, _ABSENT) != new.get(key, _ABSENT)
    ]
    more = len(changed) - 6
    return "; ".join(changed[:6]) + (f"; (+{more})" if more > 0 else "")


_ABSENT = object()


def _leaves(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        found: dict[str, Any] = {}
        for key, value in data.items():
            found.update(_leaves(value, f"{prefix}{key}."))
        return found
    return {prefix.rstrip("."): data}


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    text = repr(value)  # quotes and escapes: a control character shows as \x1b, never acts
    return text if len(text) <= 40 else text[:39] + "…"


def leftover_files(root: Path) -> list[Path]:
    """Temporary files left by writes killed half-way (``journal --recover`` deals with them)."""
    folders = [root, root / "buyer", root / "evaluations", *root.glob("vendors/*")]
    return sorted(p for folder in folders for p in folder.glob(".*.tmp") if p.is_file())


def record_files(root: Path) -> list[str]:
    """The record files on disk, as paths relative to the tender folder."""
    found: set[str] = set()
    for pattern in PATTERNS:
        for path in root.glob(pattern):
            if path.is_file() and not path.name.startswith("."):
                found.add(path.relative_to(root).as_posix())
    return sorted(found)


# --- the check --------------------------------------------------------------------------------
def _saved_by(saved: Saved) -> str:
    return f"{saved.action}, {saved.actor}, {saved.at}"


def file_problems(root: Path, rel: str, book: Journal, known: set[str]) -> list[Problem]:
    """What is wrong with one record file (present or not) against the journal."""
    return file_state(root, rel, book, known)[1]


def pending(path: Path, sha256: str | None) -> Path | None:
    """The temporary file holding the journaled version of ``path`` when a write was killed
    after its journal entry and before its rename: it can still be put in place."""
    if sha256 is None:
        return None
    for tmp in sorted(path.parent.glob(f".{path.name}.*.tmp")):
        try:
            if digest(tmp.read_bytes()) == sha256:
                return tmp
        except OSError:
            continue
    return None


def file_state(
    root: Path, rel: str, book: Journal, known: set[str]
) -> tuple[Path | None, list[Problem]]:
    """(the pending version of a write killed half-way, if any; the file's problems)."""
    path = root / rel
    saves = book.saves.get(rel, [])
    last = saves[-1] if saves else None
    try:
        data = path.read_bytes() if path.is_file() else None
    except OSError:
        data = None
    own = None if data is None else digest(data)
    if last is not None and own != last.sha256:
        tmp = pending(path, last.sha256)
        if tmp is not None:
            return tmp, [_interrupted(rel, last)]
    if data is None:
        if last is None or last.sha256 is None:
            return None, []
        return None, [
            Problem(
                rel,
                Text(
                    fr=f"le fichier a été supprimé hors de l'outil (sa dernière version est au "
                    f"journal ligne {last.line} : {_saved_by(last)}) ; restaurez-le",
                    en=f"the file was deleted outside the tool (its last version is in the "
                    f"journal at line {last.line}: {_saved_by(last)}); restore it",
                ),
            )
        ]
    problems: list[Problem] = []
    anchor = ANCHOR.search(data[:4096].decode("utf-8", "replace"))
    if anchor is not None and int(anchor.group(1)) > 0 and anchor.group(2) not in known:
        problems.append(
            Problem(
                rel,
                Text(
                    fr=f"le fichier a été enregistré après l'entrée {anchor.group(1)} du journal, "
                    f"que journal.jsonl ne contient plus : le journal a été tronqué, remplacé ou "
                    f"supprimé. Restaurez journal.jsonl depuis une sauvegarde",
                    en=f"the file was saved after journal entry {anchor.group(1)}, which "
                    f"journal.jsonl no longer holds: the journal was cut short, replaced or "
                    f"deleted. Restore journal.jsonl from a backup",
                ),
            )
        )
    if last is None:
        if not problems:
            problems.append(
                Problem(
                    rel,
                    Text(
                        fr="ce fichier n'est pas au journal : il a été écrit ou copié hors de "
                        "l'outil et n'est pas pris en compte. S'il est légitime (un fichier "
                        "d'évaluateur reçu par courriel...), enregistrez-le avec `sovereignty "
                        f"journal --accept {rel} --why TEXTE`",
                        en="this file is not in the journal: it was written or copied outside "
                        "the tool and is not taken into account. If it is legitimate (an "
                        "evaluator's file received by e-mail...), record it with `sovereignty "
                        f"journal --accept {rel} --why TEXT`",
                    ),
                )
            )
        return None, problems
    if own == last.sha256:
        return None, problems
    change = describe_change(root, rel, last.sha256, data)
    return None, [
        *problems,
        Problem(
            rel,
            Text(
                fr=f"le fichier a été modifié hors de l'outil depuis son enregistrement au "
                f"journal ligne {last.line} ({_saved_by(last)}) : son contenu n'est plus celui "
                "qui a été journalisé"
                + (f" (changé : {change})" if change else "")
                + ". Annulez la modification, ou, si elle est légitime, enregistrez-la avec "
                f"`sovereignty journal --accept {rel} --why TEXTE`",
                en=f"the file was changed outside the tool since it was journaled at line "
                f"{last.line} ({_saved_by(last)}): its content is no longer the one journaled"
                + (f" (changed: {change})" if change else "")
                + ". Undo the change, or, if it is legitimate, record it with `sovereignty "
                f"journal --accept {rel} --why TEXT`",
            ),
        ),
    ]


def _interrupted(rel: str, last: Saved) -> Problem:
    return Problem(
        rel,
        Text(
            fr=f"l'enregistrement journalisé ligne {last.line} ({_saved_by(last)}) n'a pas "
            "atteint le fichier (écriture interrompue) ; la version journalisée attend à côté, "
            "`sovereignty journal --recover` la met en place",
            en=f"the save journaled at line {last.line} ({_saved_by(last)}) did not reach the "
            "file (an interrupted write); the journaled version waits next to it, "
            "`sovereignty journal --recover` puts it in place",
        ),
    )


def check_records(root: Path, journal_path: Path) -> tuple[journal.Head, list[Problem]]:
    """The journal's head, and everything wrong: the journal's chain, a journal missing, and
    each record file changed, added, deleted or half-written outside a journaled write."""
    with tender_lock(root, exclusive=False):
        book = Journal.read(journal_path)
        problems = [
            Problem(f"journal.jsonl, {p.where}", p.message)
            for p in journal.verify_journal(journal_path, book.lines)
        ]
        if not book.lines and journal_path.name and not journal_path.exists():
            problems.append(
                Problem(
                    "journal.jsonl",
                    Text(
                        fr="le journal de la consultation a disparu ; restaurez-le depuis une "
                        "sauvegarde",
                        en="the tender's journal is missing; restore it from a backup",
                    ),
                )
            )
        known = book.hashes()
        for rel in sorted(set(record_files(root)) | set(book.saves)):
            problems += file_problems(root, rel, book, known)
        return book.head, problems


def verified_head(root: Path, journal_path: Path) -> journal.Head:
    """The journal's head once every record file verifies; refuses otherwise, naming each file
    and what happened to it. The one call for a command that reads the record (``status``,
    ``score``, ``compare``, the documents...)."""
    head, problems = check_records(root, journal_path)
    if problems:
        raise RecordError(root, problems)
    return head


class RecordError(ContentError):
    """A record file or the journal was changed outside the tool."""

    def __init__(self, root: Path, problems: list[Problem]) -> None:
        super().__init__(root, problems)
        self.problems = [
            *problems,
            Problem(
                "",
                Text(
                    fr="le dossier de la consultation ne correspond plus à son journal : "
                    "la commande est refusée (`sovereignty journal --verify` fait le point)",
                    en="the tender folder no longer matches its journal: the command is "
                    "refused (`sovereignty journal --verify` lists what is wrong)",
                ),
            ),
        ]
        self.args = (self.render("en"),)
