"""An append-only journal of who did what and when (JSON lines, hash-chained).

Each entry carries its own sha256 (``hash``, over the entry without it) and the hash of the entry
before it (``prev``), so ``verify_journal`` detects an edited, inserted or removed entry. This is
tamper-evidence against edits by hand, not a signature: whoever rewrites every hash can forge it.
Appends are single ``write`` calls on a file opened with O_APPEND, then fsync.
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


def verify_journal(path: Path) -> list[Problem]:
    """Entries that were edited, or whose predecessor was edited, inserted or removed."""
    problems: list[Problem] = []
    previous = GENESIS
    if not path.exists():
        return problems
    for number, line in enumerate(path.read_bytes().split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            prev, own = raw["prev"], raw["hash"]
        except (json.JSONDecodeError, KeyError, TypeError):
            problems.append(Problem(f"line {number}", NOT_AN_ENTRY))
            previous = hashlib.sha256(line).hexdigest()
            continue
        if own != _entry_hash(raw):
            problems.append(
                Problem(
                    f"line {number}",
                    Text(fr="cette entrée a été modifiée", en="this entry was edited"),
                )
            )
        elif prev != previous:
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
        previous = own
    return problems
