"""Every journaled write killed (SIGKILL, in a forked process) at every one of its steps: what
is left never holds a change without its journal entry, `journal --recover` always brings the
tender back to a state that verifies, with no temporary file left, and the tender can always be
scored again."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import traceback
from pathlib import Path

import pytest

from sovereignty.cli import main
from sovereignty.cli.status import tender_status
from sovereignty.core.errors import SovereigntyError
from sovereignty.questionnaire.answers import Answer
from sovereignty.services import scoring
from sovereignty.tender import records, writes
from sovereignty.tender.folder import Tender
from sovereignty.tender.journal import read_journal

MINI_PROFILE = Path(__file__).parent.parent / "scoring" / "mini-profile.yaml"


def do(kind: str, root: Path) -> None:
    """One journaled write of the given kind on the tender in ``root``."""
    tender = Tender.open(root)
    loaded = scoring.load_tender_profile(tender)
    if kind == "assess":
        from sovereignty.questionnaire.flow import Scope
        from sovereignty.services.assess import Assessment, Reply

        class Prompter:
            def ask(self, view: object) -> Reply:
                qid = view.question.id  # type: ignore[attr-defined]
                return Reply("value", {"need.problem": "Trier", "need.volume": 12}[qid])

            def review(self, items: object, lang: object) -> None:
                return None

            def notify(self, message: str) -> None:
                pass

        Assessment(tender, "acme", Prompter(), "fr", Scope(section="need"), "Claire", False).run()
    elif kind == "vendor-add":
        tender.add_vendor("gamma", "Gamma SA")
    elif kind == "evaluate":
        from sovereignty.scoring.evaluations import EvaluatorFile, Mark

        mark = Mark(mark=3, justification="Plan testé")
        empty = EvaluatorFile(evaluator="claire", name="Claire", establishment="chu-a")
        marked = empty.with_mark("acme", "exit.plan", mark)
        scoring.save_tender_evaluation(tender, marked, "evaluation.saved", "claire", empty)
    elif kind == "override":
        scoring.set_override(tender, loaded, "acme", "decide.hosting", 10, "Avenant", "Jeanne")
    elif kind == "clear-override":
        scoring.clear_override(tender, loaded, "beta", "decide.hosting", "Retiré", "Jeanne")
    elif kind == "accept":
        writes.accept(root, tender.journal_path, "vendors/beta/answers.yaml", "Jeanne", "Coquille")
    elif kind == "form-import":
        from sovereignty.forms.fill import fill_form
        from sovereignty.services.form import export_form, import_form

        blank = export_form(tender, root.parent / "form.xlsx", "fr").path
        sheet = tender.load_sheet("acme").with_answer("hosting.model", Answer(value="on_premises"))
        fill_form(blank, root.parent / "filled.xlsx", tender.bank, sheet, ("Jeanne", "Acme SAS"))
        import_form(tender, root.parent / "filled.xlsx", "acme", "Jeanne")
    elif kind == "vendor-import":
        main(["vendor", "import", str(root.parent / "beta.yaml"), "--replace", "--dir", str(root)])


def killed_at(step: str, kind: str, root: Path) -> int:
    """Run the write in a forked process that SIGKILLs itself when the write reaches ``step``;
    the signal that ended it (0: it ended without reaching the step)."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:

            def kill(name: str, path: Path) -> None:
                if name == step:
                    os.kill(os.getpid(), signal.SIGKILL)

            writes.checkpoint = kill  # type: ignore[assignment]
            do(kind, root)
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.WTERMSIG(status) if os.WIFSIGNALED(status) else -os.WEXITSTATUS(status)


KINDS = (
    "assess",
    "vendor-add",
    "evaluate",
    "override",
    "clear-override",
    "accept",
    "vendor-import",
    "form-import",
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scored mini tender: two vendors, the mini grid frozen, an override of beta, and a
    sheet of beta outside the folder (for `vendor import`)."""
    from sovereignty.core.yamlio import write_yaml
    from sovereignty.tender.folder import Establishment, TenderSettings

    folder = tmp_path_factory.mktemp("kills")
    root = folder / "tender"
    root.mkdir()
    shutil.copy(Path(__file__).parent.parent / "fixtures" / "mini-bank.yaml", root / "bank.yaml")
    settings = TenderSettings(
        name="Test",
        buyer="CHU Test",
        bank="bank.yaml",
        establishments=(Establishment(id="chu-a", name="CHU A", role="support"),),
    )
    tender = Tender.create(root, settings)
    shutil.copy(MINI_PROFILE, root / "profile.yaml")
    tender.add_vendor("acme", "Acme SAS")
    beta = tender.add_vendor("beta", "Beta Coop")
    tender.save_sheet(beta.with_answer("hosting.model", Answer(value="on_premises")))
    loaded = scoring.load_tender_profile(tender)
    scoring.freeze_profile(tender, loaded, "Jeanne")
    scoring.set_override(tender, loaded, "beta", "decide.hosting", 20, "Avenant", "Jeanne")
    write_yaml(folder / "beta.yaml", {**beta.to_data(), "answers": {}})
    return root


def leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob(".*.tmp")]


@pytest.fixture
def scorable(monkeypatch: pytest.MonkeyPatch) -> None:
    from sovereignty.services import offer

    monkeypatch.setattr(offer, "analyse_offer", offer.load_offer)


@pytest.mark.parametrize("step", writes.STEPS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_write_killed_at_any_step_can_always_be_recovered_and_scored(
    base: Path, tmp_path: Path, kind: str, step: str, scorable: None
) -> None:
    root = tmp_path / "tender"
    shutil.copytree(base, root)
    shutil.copy(base.parent / "beta.yaml", tmp_path / "beta.yaml")
    if kind == "accept":  # a legitimate edit by hand, to be recorded
        sheet = root / "vendors/beta/answers.yaml"
        sheet.write_text(sheet.read_text().replace("Beta Coop", "Beta Coopérative"), "utf-8")
    before = len(read_journal(root / "journal.jsonl"))
    assert killed_at(step, kind, root) == signal.SIGKILL  # killed at that step
    tender = Tender.open(root)
    entries = read_journal(tender.journal_path)
    journaled = len(entries) > before
    # Never a change without its entry: each file is as journaled, or its journaled version
    # waits whole next to it (a write killed between its entry and its rename).
    _, problems = tender.check_records()
    unexpected = [p.render("en") for p in problems if "interrupted write" not in p.render("en")]
    if kind == "accept" and not journaled:  # the edit by hand, still not accepted
        assert [u.split(":")[0] for u in unexpected] == ["vendors/beta/answers.yaml"]
    else:
        assert unexpected == [], unexpected
    if kind == "assess":
        answered = "need.problem" in tender.offer_sheet("acme").answers  # a buyer's question
        recorded = [e for e in entries if e.details.get("question") == "need.problem"]
        assert not answered or recorded  # an answer on disk always has its entry
    if step == "written":  # the new version was whole in its temporary file: status says so
        assert records.leftover_files(root)
        assert tender_status(tender)["journal"]["leftovers"] >= 1
    recovered = main_exit(["journal", "--recover", "--dir", str(root)])
    assert leftovers(root) == []
    if kind == "accept" and not journaled:
        assert recovered == 1  # the edit by hand is still refused: --accept again
        return
    assert recovered == 0 and tender.check_records()[1] == []
    if kind == "assess":  # after recovery, journaled means written
        sheet = tender.offer_sheet("acme")
        assert ("need.problem" in sheet.answers) == journaled
    result, comparison = scoring.compare_tender(tender, draws=0)
    assert result.journal is not None and comparison.ranking is not None


def test_an_override_killed_between_its_journal_entry_and_its_file_can_be_cleared(
    base: Path, tmp_path: Path, scorable: None, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "tender"
    shutil.copytree(base, root)
    assert killed_at("journaled", "override", root) == signal.SIGKILL
    for tmp in leftovers(root):
        tmp.unlink()  # even the journaled version next to the file lost: the journal is enough
    with pytest.raises(SovereigntyError, match=r"overrides\.yaml"):
        scoring.score_tender(Tender.open(root))
    why = ["--why", "Dérogation interrompue", "--dir", str(root)]
    assert main_exit(["score", "acme", "--clear-override", "decide.hosting", *why]) == 0
    result = scoring.score_tender(Tender.open(root))
    assert not result.scores[0].criterion("decide.hosting").overridden
    assert result.scores[1].criterion("decide.hosting").overridden  # beta's is kept
    last = read_journal(root / "journal.jsonl")[-1]
    assert last.action == "score.override_removed" and last.details["file_restored"] is True


def test_the_next_write_finishes_a_write_killed_after_its_entry(
    base: Path, tmp_path: Path, scorable: None
) -> None:
    root = tmp_path / "tender"
    shutil.copytree(base, root)
    assert killed_at("journaled", "assess", root) == signal.SIGKILL
    tender = Tender.open(root)
    assert "need.problem" not in tender.offer_sheet("acme").answers  # not yet in place
    # need.problem is the buyer's: the next write of the buyer sheet finishes the killed one
    buyer, _ = tender.buyer_answers()
    saved = tender.save_buyer_sheet(buyer, "answer.recorded", "Claire", base=buyer)
    assert "need.problem" in saved.sheet.answers
    actions = [e.action for e in read_journal(tender.journal_path)]
    assert actions[-2:] == ["record.recovered", "answer.recorded"]
    assert tender.check_records()[1] == [] and leftovers(root) == []


def main_exit(argv: list[str]) -> int:
    try:
        main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


@pytest.fixture(scope="module")
def git_base(base: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same tender, shared through git."""
    from sovereignty.tender.git import init_git

    root = tmp_path_factory.mktemp("git") / "tender"
    shutil.copytree(base, root)
    init_git(root)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, capture_output=True)
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "x"],
        cwd=root,
        check=True,
        capture_output=True,
    )
    return root


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("step", writes.STEPS)
def test_a_write_killed_in_a_git_tender_is_recovered_and_committed(
    git_base: Path, tmp_path: Path, step: str, scorable: None
) -> None:
    root = tmp_path / "tender"
    shutil.copytree(git_base, root)
    assert killed_at(step, "assess", root) == signal.SIGKILL
    assert main_exit(["journal", "--recover", "--dir", str(root)]) == 0
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""  # everything journaled is committed, nothing else is left
    assert Tender.open(root).check_records()[1] == []
