"""Journaled writes of record files, and the recovery of writes killed half-way.

A journaled write (:func:`write_record`) runs under the tender's lock, in six steps, each
announced to :func:`checkpoint`: ``locked``, ``merged`` (the file as it is on disk now, checked
against the journal, with the command's change merged in), ``written`` (the new version whole in
a temporary file next to the record), ``journaled`` (the entry naming the file and its new
sha256), ``replaced`` (the temporary file renamed over the record) and ``committed`` (git). See
:mod:`sovereignty.tender.records` for what is checked and ``docs/record.md``.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sovereignty.core.errors import ContentError
from sovereignty.core.model import Text
from sovereignty.core.yamlio import replace_durably, temporary_file
from sovereignty.tender import journal
from sovereignty.tender.git import commit
from sovereignty.tender.records import (
    RECORD_KEY,
    RECOVERED,
    Journal,
    RecordError,
    anchor_line,
    digest,
    file_state,
    last_copy,
    tender_lock,
)

ACCEPTED = "record.accepted"
STEPS = ("locked", "merged", "written", "journaled", "replaced", "committed")


def checkpoint(step: str, path: Path) -> None:
    """Called at each step of a journaled write; does nothing. Tests replace it to kill the
    process at one step and check that what is left can always be recovered."""


# --- the journaled write ------------------------------------------------------------------------
def _leftovers(folder: Path, name: str = "*") -> list[Path]:
    return [p for p in folder.glob(f".{name}.*.tmp") if p.is_file()]


def remove_all_leftovers(root: Path) -> list[Path]:
    """Temporary files of writes killed before their journal entry (under the lock, so none
    belongs to a write in progress); those of a journaled write are completed by
    :func:`recover` instead."""
    removed: list[Path] = []
    with tender_lock(root):
        book = Journal.read(root / "journal.jsonl")
        keep = {
            tmp
            for rel in book.saves
            if (tmp := file_state(root, rel, book, book.hashes())[0]) is not None
        }
        folders = [root, root / "buyer", root / "evaluations", *root.glob("vendors/*")]
        for folder in folders:
            for tmp in _leftovers(folder):
                if tmp not in keep:
                    tmp.unlink(missing_ok=True)
                    removed.append(tmp)
        for folder in root.glob("vendors/*"):
            # a vendor added by a write killed before its entry: an empty folder, never journaled
            sheet = f"vendors/{folder.name}/answers.yaml"
            if folder.is_dir() and not any(folder.iterdir()) and sheet not in book.saves:
                folder.rmdir()
                removed.append(folder)
    return removed


def _keep_a_copy(root: Path, rel: str) -> None:
    """The version just journaled, kept aside so that a later change made outside the tool can
    be described, not only detected (records.describe_change). Not synced: it only helps to
    describe a change, and is ignored unless its hash is the journaled one."""
    copy = last_copy(root, rel)
    with contextlib.suppress(OSError):
        copy.parent.mkdir(parents=True, exist_ok=True)
        scratch = copy.with_name(f".{copy.name}.{os.getpid()}.tmp")
        scratch.write_bytes((root / rel).read_bytes())
        os.replace(scratch, copy)


Compose = Callable[[str | None], str | None]


def write_record(
    root: Path,
    journal_path: Path,
    rel: str,
    compose: Compose,
    action: str,
    actor: str | None,
    details: dict[str, Any],
    check: bool = True,
) -> str | None:
    """One journaled write of the record file ``rel``: ``compose`` receives the file's text as
    it is on disk now (None: no file) and returns the new text (None: remove the file). It runs
    under the lock, so it merges into what another command saved meanwhile. With ``check``, a
    file that does not match the journal is refused, never overwritten (a write of it killed
    half-way is completed first). Returns the new sha256.

    Steps: the new version is written to a temporary file (``written``), the journal entry is
    appended (``journaled``), the temporary file replaces the record (``replaced``). Killed
    before the entry, the record is unchanged; after it, the journaled version is complete
    next to the record and :func:`recover` (or the next write) puts it in place."""
    path = root / rel
    with tender_lock(root):
        checkpoint("locked", path)
        book = Journal.read(journal_path)
        if check:
            pending_tmp, problems = file_state(root, rel, book, book.hashes())
            if pending_tmp is not None:
                _complete(root, journal_path, rel, book, pending_tmp, actor)
                book = Journal.read(journal_path)
            elif problems:
                raise RecordError(root, problems)
        for leftover in _leftovers(path.parent, path.name):
            leftover.unlink(missing_ok=True)
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        body = compose(current)
        checkpoint("merged", path)
        text = None if body is None else anchor_line(book.head) + body
        sha = None if text is None else digest(text.encode("utf-8"))
        tmp = None if text is None else temporary_file(path, text)
        checkpoint("written", path)
        journal.append(
            journal_path, action, actor, **details, **{RECORD_KEY: {"path": rel, "sha256": sha}}
        )
        checkpoint("journaled", path)
        if tmp is None:
            path.unlink(missing_ok=True)
        else:
            replace_durably(tmp, path)
        checkpoint("replaced", path)
        _keep_a_copy(root, rel)
        commit(root, journal_path, [rel], action, actor)
        checkpoint("committed", path)
    return sha


def strip_anchor(text: str) -> str:
    return re.sub(r"^# journal: entry \d+, sha256 [0-9a-f]{64}\n", "", text, count=1)


# --- recovery ---------------------------------------------------------------------------------
def _complete(
    root: Path, journal_path: Path, rel: str, book: Journal, tmp: Path, actor: str | None
) -> None:
    """Put in place the journaled version a killed write left next to the record, and say so
    in the journal (no file changes beyond what the journal already holds)."""
    last = book.last(rel)
    replace_durably(tmp, root / rel)
    _keep_a_copy(root, rel)
    journal.append(
        journal_path,
        RECOVERED,
        actor,
        file=rel,
        completed={"line": last.line, "action": last.action, "by": last.actor, "at": last.at}
        if last
        else None,
    )
    commit(root, journal_path, [rel], RECOVERED, actor)


def recover(root: Path, journal_path: Path, actor: str | None) -> list[str]:
    """Complete every write killed between its journal entry and its rename (the journaled
    version is whole in a temporary file next to the record), then remove the temporary files
    of writes killed before their entry. Returns the files completed."""
    completed: list[str] = []
    with tender_lock(root):
        book = Journal.read(journal_path)
        known = book.hashes()
        for rel in sorted(book.saves):
            tmp = file_state(root, rel, book, known)[0]
            if tmp is not None:
                _complete(root, journal_path, rel, book, tmp, actor)
                completed.append(rel)
        # a write killed between its rename and its commit: commit what the journal holds
        commit(root, journal_path, sorted(book.saves), RECOVERED, actor)
    return completed


def accept(root: Path, journal_path: Path, rel: str, actor: str | None, why: str) -> str:
    """Record a record file as it is now (a legitimate edit by hand, a file received by
    e-mail), with who and why; the file gets its anchor line."""
    path = root / rel
    if not path.is_file():
        raise ContentError(
            path, Text(fr="pas de fichier à enregistrer ici", en="no file to record here")
        )
    book = Journal.read(journal_path)
    last = book.last(rel)
    before = last.sha256 if last else None

    def keep(current: str | None) -> str | None:
        return None if current is None else strip_anchor(current)

    sha = write_record(
        root,
        journal_path,
        rel,
        keep,
        ACCEPTED,
        actor,
        {"reason": why, "replaces": before},
        check=False,
    )
    return str(sha)
