"""Record files and the journal they are checked against.

The record files are the answer sheets (``vendors/<id>/answers.yaml``, ``buyer/answers.yaml``),
the evaluators' files (``evaluations/<evaluator>.yaml``) and ``overrides.yaml``. Every save of one
is a *journaled write*, done under the tender's lock (``.sovereignty.lock``):

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
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sovereignty.core.errors import ContentError, Problem
from sovereignty.core.model import Text
from sovereignty.tender import journal

LOCK_FILE = ".sovereignty.lock"
RECORD_KEY = "record"
RECOVERED = "record.recovered"
ACCEPTED = "record.accepted"
PATTERNS = (
    "vendors/*/answers.yaml",
    "buyer/answers.yaml",
    "evaluations/*.yaml",
    "overrides.yaml",
)
ANCHOR = re.compile(r"^# journal: entry (\d+), sha256 ([0-9a-f]{64})$", re.MULTILINE)
STEPS = ("locked", "merged", "written", "journaled", "replaced", "committed")


def checkpoint(step: str, path: Path) -> None:
    """Called at each step of a journaled write; does nothing. Tests replace it to kill the
    process at one step and check that what is left can always be recovered."""


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
    return _file_state(root, rel, book, known)[1]


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


def _file_state(
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
    return None, [
        *problems,
        Problem(
            rel,
            Text(
                fr=f"le fichier a été modifié hors de l'outil depuis son enregistrement au "
                f"journal ligne {last.line} ({_saved_by(last)}) : son contenu n'est plus celui "
                f"qui a été journalisé. Annulez la modification, ou, si elle est légitime, "
                f"enregistrez-la avec `sovereignty journal --accept {rel} --why TEXTE`",
                en=f"the file was changed outside the tool since it was journaled at line "
                f"{last.line} ({_saved_by(last)}): its content is no longer the one journaled. "
                f"Undo the change, or, if it is legitimate, record it with `sovereignty journal "
                f"--accept {rel} --why TEXT`",
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
            if (tmp := _file_state(root, rel, book, book.hashes())[0]) is not None
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


def _put_in_place(tmp: Path, path: Path) -> None:
    os.replace(tmp, path)
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def _temporary(path: Path, text: str) -> Path:
    """The new content, whole and synced, in a temporary file next to ``path``."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


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
            pending_tmp, problems = _file_state(root, rel, book, book.hashes())
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
        tmp = None if text is None else _temporary(path, text)
        checkpoint("written", path)
        journal.append(
            journal_path, action, actor, **details, **{RECORD_KEY: {"path": rel, "sha256": sha}}
        )
        checkpoint("journaled", path)
        if tmp is None:
            path.unlink(missing_ok=True)
        else:
            _put_in_place(tmp, path)
        checkpoint("replaced", path)
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
    _put_in_place(tmp, root / rel)
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
            tmp = _file_state(root, rel, book, known)[0]
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


# --- git --------------------------------------------------------------------------------------
GITATTRIBUTES = "journal.jsonl merge=union\n"
GITIGNORE = ".sovereignty.lock\n.*.tmp\n"


def init_git(root: Path) -> None:
    """Make the tender folder a git repository of its own: the journal merges as a union of
    both sides' lines, the lock and temporary files are ignored, and an identity is set for
    the folder when git has none (each commit's author is the journal's actor)."""
    from sovereignty.core.errors import TenderError
    from sovereignty.core.yamlio import write_atomic

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)

    try:
        done = git("init", "-q")
    except OSError:
        done = None
    if done is None or done.returncode != 0:
        raise TenderError(
            Text(
                fr=f"{root} : `git init` a échoué ; installez git ou créez la consultation sans "
                f"--git ({done.stderr.strip() if done else 'git introuvable'})",
                en=f"{root}: `git init` failed; install git or create the tender without --git "
                f"({done.stderr.strip() if done else 'git not found'})",
            )
        )
    write_atomic(root / ".gitattributes", GITATTRIBUTES)
    write_atomic(root / ".gitignore", GITIGNORE)
    if not git("config", "user.email").stdout.strip():
        git("config", "user.email", "sovereignty@localhost")
        git("config", "user.name", "sovereignty")
    git("add", ".gitattributes", ".gitignore")


def is_git(root: Path) -> bool:
    return (root / ".git").exists() and (root / ".gitattributes").is_file()


def commit(root: Path, journal_path: Path, rels: list[str], action: str, actor: str | None) -> None:
    """One commit per journaled write when the tender is a git repository of its own."""
    if not is_git(root):
        return
    paths = [journal_path.name, *[r for r in rels if (root / r).exists()]]
    if action == "tender.created":
        paths += ["tender.yaml", ".gitattributes", ".gitignore"]
    removed = [r for r in rels if not (root / r).exists()]
    who = actor or journal.current_actor()
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": who,
        "GIT_AUTHOR_EMAIL": os.environ.get("GIT_AUTHOR_EMAIL", "sovereignty@localhost"),
    }

    def git(*args: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", *args],
            cwd=root,
            env={**env, **(extra or {})},
            capture_output=True,
            text=True,
            check=False,
        )

    git("add", "--", *paths)
    if removed:
        git("rm", "-q", "--cached", "--ignore-unmatch", "--", *removed)
    message = f"{action} ({who})"
    done = git("commit", "-q", "-m", message, "--", *paths, *removed)
    if done.returncode != 0 and "user.email" in done.stderr:
        # a clone on a machine where git knows nobody: the tool commits in its own name
        fallback = {
            "GIT_COMMITTER_NAME": "sovereignty",
            "GIT_COMMITTER_EMAIL": "sovereignty@localhost",
        }
        git("commit", "-q", "-m", message, "--", *paths, *removed, extra=fallback)
