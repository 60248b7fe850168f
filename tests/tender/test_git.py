"""A tender shared through git (`init --git`): one commit per journaled write, and two clones,
each with its own evaluators, merge without conflict and verify after the merge."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from sovereignty.cli import main
from sovereignty.scoring.evaluations import EvaluatorFile, Mark
from sovereignty.services import scoring
from sovereignty.tender.folder import Tender
from sovereignty.tender.journal import read_journal

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
IDENTITY = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *IDENTITY, *args], cwd=root, capture_output=True, text=True, check=False
    )


def mark(tender: Tender, evaluator: str, establishment: str, vendor: str, value: float) -> None:
    loaded = scoring.load_tender_profile(tender)
    empty = EvaluatorFile(evaluator=evaluator, name=evaluator, establishment=establishment)
    marked = empty
    for criterion in loaded.profile.evaluator_criteria():
        marked = marked.with_mark(vendor, criterion.id, Mark(mark=value, justification="vu"))
    scoring.save_tender_evaluation(tender, marked, "evaluation.saved", evaluator, empty)


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    root = tmp_path / "chu"
    args = ["--name", "IA", "--buyer", "CHU", "--establishment", "chu-a=CHU A"]
    args += ["--establishment", "ch-b=CH B", "--git"]
    assert main_exit(["init", str(root), *args]) == 0
    assert main_exit(["vendor", "add", "acme", "--name", "Acme SAS", "--dir", str(root)]) == 0
    return root


def test_each_journaled_write_is_a_commit_and_leaves_the_tree_clean(shared: Path) -> None:
    tender = Tender.open(shared)
    mark(tender, "claire", "chu-a", "acme", 3)
    commits = int(git(shared, "rev-list", "--count", "HEAD").stdout)
    assert commits == len(read_journal(tender.journal_path)) == 3
    assert git(shared, "status", "--porcelain").stdout == ""  # lock and temporary files ignored
    assert "evaluation.saved (claire)" in git(shared, "log", "-1", "--format=%s %an").stdout


def test_two_clones_each_with_its_evaluators_merge_without_conflict_and_verify(
    shared: Path, tmp_path: Path
) -> None:
    clone = tmp_path / "ch-b"
    assert git(tmp_path, "clone", "-q", str(shared), str(clone)).returncode == 0
    mark(Tender.open(shared), "claire", "chu-a", "acme", 4)  # at the CHU
    mark(Tender.open(clone), "yanis", "ch-b", "acme", 1)  # at the CH, meanwhile
    mark(Tender.open(clone), "ines", "ch-b", "acme", 2)
    merged = git(shared, "pull", "-q", "--no-rebase", "--no-edit", str(clone), "HEAD")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "<<<<<<<" not in (shared / "journal.jsonl").read_text(encoding="utf-8")
    tender = Tender.open(shared)
    assert tender.check_records()[1] == []
    assert main_exit(["journal", "--verify", "--dir", str(shared)]) == 0
    files = scoring.load_tender_evaluations(tender, scoring.load_tender_profile(tender))
    assert sorted(f.evaluator for f in files) == ["claire", "ines", "yanis"]
    # work goes on after the merge, and merges back the other way
    mark(tender, "paul", "chu-a", "acme", 3)
    back = git(clone, "pull", "-q", "--no-rebase", "--no-edit", str(shared), "HEAD")
    assert back.returncode == 0, back.stderr
    assert Tender.open(clone).check_records()[1] == []
    assert len(read_journal(clone / "journal.jsonl")) == len(read_journal(tender.journal_path))


def test_a_forged_line_in_a_merged_journal_is_still_caught(shared: Path, tmp_path: Path) -> None:
    clone = tmp_path / "ch-b"
    git(tmp_path, "clone", "-q", str(shared), str(clone))
    mark(Tender.open(clone), "yanis", "ch-b", "acme", 1)
    git(shared, "pull", "-q", "--no-rebase", "--no-edit", str(clone), "HEAD")
    lines = (shared / "journal.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1], lines[2] = lines[2], lines[1]  # entries moved
    (shared / "journal.jsonl").write_text("".join(lines), encoding="utf-8")
    problems = Tender.open(shared).check_records()[1]
    assert any("chain is broken" in p.render("en") for p in problems)


def main_exit(argv: list[str]) -> int:
    try:
        main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
