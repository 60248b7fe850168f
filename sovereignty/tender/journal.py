"""An append-only journal of who did what and when (JSON lines, hash-chained).

Each entry carries its own sha256 (``hash``, over the entry without it) and the hash of the entry
before it (``prev``), so ``verify_journal`` detects an edited, inserted or removed entry. This is
tamper-evidence against edits by hand, not a signature: whoever rewrites every hash can forge it.
Appends are single ``write`` calls on a file opened with O_APPEND, then fsync.

Two copies of a tender shared through git each append their own entries; git's ``union`` merge
(``.gitattributes``) keeps both sides' lines, so an entry's ``prev`` may name any *earlier* entry
(the point where the copies parted), never a later or missing one: a removed, moved or inserted
line still breaks the chain. A journal cut at its end keeps a valid chain; the record files and
the published documents name the journal's head, which is how that is caught
(:mod:`sovereignty.tender.records`).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sovereignty.core.errors import ContentError, Problem
from sovereignty.core.model import Text

GENESIS = "0" * 64


@dataclass(frozen=True)
class Entry:
    at: str
    actor: str
    action: str
    details: dict[str, Any]
    prev: str


@dataclass(frozen=True)
class Head:
    """The journal's head: how many entries, and the hash of the last one; a published document
    that names it shows whether the journal was cut short since."""

    entries: int
    hash: str

    def data(self) -> dict[str, Any]:
        return {"entries": self.entries, "head": self.hash}

    def short(self) -> str:
        return f"{self.entries} / {self.hash[:12]}"


def current_actor() -> str:
    """Who is acting: SOVEREIGNTY_USER, else the login name."""
    name = os.environ.get("SOVEREIGNTY_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return "unknown"


def _entry_hash(raw: dict[str, Any]) -> str:
    body = {k: v for k, v in raw.items() if k != "hash"}
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _last_hash(path: Path) -> str:
    if not path.exists() or path.stat().st_size == 0:
        return GENESIS
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        end = handle.tell()
        step = 4096
        data = b""
        while end > 0:
            start = max(0, end - step)
            handle.seek(start)
            data = handle.read(end - start) + data
            end = start
            if data.rstrip(b"\n").count(b"\n") >= 1:
                break
    last = data.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    try:
        return str(json.loads(last)["hash"])
    except (json.JSONDecodeError, KeyError, TypeError):
        return hashlib.sha256(last).hexdigest()  # a damaged last line: chain to its bytes


def append(path: Path, action: str, actor: str | None = None, **details: Any) -> Entry:
    """Append one entry. An exclusive lock on the journal spans reading the last hash and
    writing, so evaluators working on a shared folder at the same time keep the chain whole."""
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        _lock(fd)
        entry = Entry(
            at=datetime.now(UTC).replace(microsecond=0).isoformat(),
            actor=actor or current_actor(),
            action=action,
            details=details,
            prev=_last_hash(path),
        )
        raw = dict(entry.__dict__)
        raw["hash"] = _entry_hash(raw)
        line = json.dumps(raw, ensure_ascii=False, sort_keys=True, default=str) + "\n"
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)  # releases the lock
    return entry


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, appends stay atomic
        return
    fcntl.flock(fd, fcntl.LOCK_EX)


NOT_AN_ENTRY = Text(fr="ce n'est pas une entrée du journal", en="not a journal entry")


def read_journal(path: Path) -> list[Entry]:
    if not path.exists():
        return []
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            entries.append(
                Entry(raw["at"], raw["actor"], raw["action"], raw.get("details", {}), raw["prev"])
            )
        except (json.JSONDecodeError, KeyError, TypeError):
            raise ContentError(path, Problem(f"line {number}", NOT_AN_ENTRY)) from None
    return entries


def raw_lines(path: Path) -> list[tuple[int, dict[str, Any] | None, str]]:
    """(line number, the entry as written or None when the line is not one, its hash) for
    every non-blank line."""
    found: list[tuple[int, dict[str, Any] | None, str]] = []
    if not path.exists():
        return found
    for number, line in enumerate(path.read_bytes().split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            if not isinstance(raw, dict):
                raise TypeError
            found.append((number, raw, str(raw["hash"])))
        except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError):
            found.append((number, None, hashlib.sha256(line).hexdigest()))
    return found


def head_of(lines: list[tuple[int, dict[str, Any] | None, str]]) -> Head:
    return Head(len(lines), lines[-1][2] if lines else GENESIS)


def journal_head(path: Path) -> Head:
    return head_of(raw_lines(path))


def verify_journal(
    path: Path, lines: list[tuple[int, dict[str, Any] | None, str]] | None = None
) -> list[Problem]:
    """Entries that were edited, or whose predecessor was edited, inserted or removed."""
    problems: list[Problem] = []
    earlier: set[str] = set()
    for number, raw, own in raw_lines(path) if lines is None else lines:
        if raw is None:
            problems.append(Problem(f"line {number}", NOT_AN_ENTRY))
            earlier.add(own)
            continue
        prev = raw.get("prev")
        previous = prev if (prev in earlier or (prev == GENESIS and not earlier)) else None
        if own != _entry_hash(raw):
            problems.append(
                Problem(
                    f"line {number}",
                    Text(fr="cette entrée a été modifiée", en="this entry was edited"),
                )
            )
        elif previous is None:
            problems.append(
                Problem(
                    f"line {number}",
                    Text(
                        fr="la chaîne est rompue avant cette ligne : une entrée a été insérée ou "
                        "supprimée",
                        en="the chain is broken before this line: an entry was inserted or removed",
                    ),
                )
            )
        earlier.add(own)
    return problems
