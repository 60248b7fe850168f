"""A tender folder shared through git (``init --git``): one commit per journaled write.

``journal.jsonl`` is merged as the union of both sides' lines (``.gitattributes``), so two
clones, each with its own evaluators, merge without conflict; the journal's chain allows an
entry to follow any earlier one (:mod:`sovereignty.tender.journal`).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from sovereignty.core.model import Text
from sovereignty.tender import journal

GITATTRIBUTES = "journal.jsonl merge=union\n"
GITIGNORE = ".sovereignty.lock\n.sovereignty/\n.*.tmp\n"


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
