"""Two people on one tender at once: two windows on the same answer sheet, on the same
evaluator's file; every save merges into what is on disk under the tender's lock, so no answer
and no mark is lost, and an answer changed on both sides is reported, not overwritten."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from sovereignty.core.model import Lang
from sovereignty.questionnaire.answers import Answer
from sovereignty.questionnaire.flow import Scope
from sovereignty.services.assess import Assessment, QuestionView, Reply, ReviewItem
from sovereignty.tender.folder import Tender
from sovereignty.tender.journal import read_journal

FORK = multiprocessing.get_context("fork")
ROUNDS = 25


def run_in_parallel(*jobs: tuple[Any, tuple[Any, ...]]) -> None:
    workers = [FORK.Process(target=target, args=args) for target, args in jobs]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0] * len(workers)


# --- the same answer sheet, saved from two processes ------------------------------------------
def _window(root: str, name: str, barrier: Any) -> None:
    """One window: reads the sheet once, then saves ROUNDS answers, each merged from what it
    last read or saved (as `assess` does)."""
    tender = Tender.open(Path(root))
    base = tender.load_sheet("acme")
    barrier.wait()  # both windows have read the sheet before either saves
    for i in range(ROUNDS):
        mine = base.with_answer(f"{name}.q{i}", Answer(value=f"{name} {i}", by=name))
        saved = tender.save_sheet(mine, "answer.recorded", name, base=base, question=f"{name}.q{i}")
        assert saved.conflicts == []
        base = saved.sheet


def test_two_windows_saving_one_sheet_at_once_lose_no_answer(mini_tender: Tender) -> None:
    barrier = FORK.Barrier(2)
    root = str(mini_tender.root)
    run_in_parallel((_window, (root, "left", barrier)), (_window, (root, "right", barrier)))
    sheet = mini_tender.load_sheet("acme")
    for name in ("left", "right"):
        assert all(sheet.answers[f"{name}.q{i}"].value == f"{name} {i}" for i in range(ROUNDS))
    recorded = [e for e in read_journal(mini_tender.journal_path) if e.action == "answer.recorded"]
    assert len(recorded) == 2 * ROUNDS
    assert mini_tender.check_records()[1] == []


# --- two `assess` sessions on one vendor ---------------------------------------------------------
VALUES: dict[str, Any] = {
    "need.problem": "Trier les radios",
    "need.volume": 12000,
    "hosting.model": "saas",
    "hosting.hds": "yes",
    "hosting.hds_scope": ["physical"],
    "hosting.since": "2021-03-15",
}


class Window:
    """A prompter answering from VALUES; it waits for the other window at its first question,
    and can run something (another command) while its question is on screen."""

    def __init__(self, barrier: Any = None, meanwhile: Any = None, values: Any = None) -> None:
        self.barrier, self.meanwhile = barrier, meanwhile
        self.values = values or VALUES
        self.notes: list[str] = []
        self.asked: list[str] = []

    def ask(self, view: QuestionView) -> Reply:
        if not self.asked:
            if self.barrier is not None:
                self.barrier.wait()
            if self.meanwhile is not None:
                self.meanwhile()
        self.asked.append(view.question.id)
        if view.question.id not in self.values:
            raise KeyboardInterrupt  # the person closes the window
        return Reply("value", self.values[view.question.id])

    def review(self, items: list[ReviewItem], lang: Lang) -> str | None:
        return None

    def notify(self, message: str) -> None:
        self.notes.append(message)


def _assess(root: str, section: str, barrier: Any) -> None:
    tender = Tender.open(Path(root))
    window = Window(barrier)
    Assessment(tender, "acme", window, "en", Scope(section=section), "Window", False).run()


def test_two_assess_sessions_on_two_sections_of_one_vendor_keep_every_answer(
    mini_tender: Tender,
) -> None:
    barrier = FORK.Barrier(2)
    root = str(mini_tender.root)
    run_in_parallel((_assess, (root, "need", barrier)), (_assess, (root, "hosting", barrier)))
    sheet = mini_tender.offer_sheet("acme")  # the buyer's answers are held in its own sheet
    assert {q: a.value for q, a in sheet.answers.items()} == VALUES
    entries = [e for e in read_journal(mini_tender.journal_path) if e.action == "answer.recorded"]
    assert sorted(e.details["question"] for e in entries) == sorted(VALUES)
    assert mini_tender.check_records()[1] == []


def test_the_same_answer_changed_in_two_windows_is_reported_not_overwritten(
    mini_tender: Tender,
) -> None:
    other = Tender.open(mini_tender.root)

    def the_other_window_answers_first() -> None:
        sheet = other.load_sheet("acme")
        changed = sheet.with_answer("hosting.model", Answer(value="on_premises", by="Claire"))
        other.save_sheet(changed, "answer.recorded", "Claire", base=sheet)

    window = Window(meanwhile=the_other_window_answers_first, values={"hosting.model": "saas"})
    assessment = Assessment(
        mini_tender, "acme", window, "en", Scope(section="hosting"), "Jeanne", False
    )
    with pytest.raises(KeyboardInterrupt):
        assessment.run()
    answer = mini_tender.load_sheet("acme").answers["hosting.model"]
    assert (answer.value, answer.by) == ("on_premises", "Claire")  # theirs is kept
    assert any("hosting.model was changed meanwhile by Claire" in n for n in window.notes)
    last = read_journal(mini_tender.journal_path)[-1]
    assert last.details["kept_theirs"] == ["hosting.model"]


# --- one evaluator in two windows ----------------------------------------------------------------
def _evaluate(root: str, vendor: str, barrier: Any) -> None:
    from sovereignty.services.evaluation import MarkReply, run_evaluation
    from sovereignty.services.scoring import load_tender_profile

    class Marks:
        def __init__(self) -> None:
            self.first = True

        def choose_establishment(self, choices: list[tuple[str, str]], lang: Lang) -> str:
            return choices[0][0]

        def ask_mark(self, view: Any) -> MarkReply:
            if self.first:
                barrier.wait()  # both windows have read the evaluator's file
                self.first = False
            return MarkReply("mark", 3, f"{vendor}: {view.criterion.id}")

        def notify(self, message: str) -> None:
            pass

    tender = Tender.open(Path(root))
    loaded = load_tender_profile(tender)
    run_evaluation(tender, loaded, vendor, "Claire Morel", Marks(), "fr", "claire", "chu-psa")


def test_one_evaluator_in_two_windows_keeps_every_mark(tmp_path: Path) -> None:
    from sovereignty.scoring.evaluations import evaluation_path
    from sovereignty.services.demo import build_demo_tender
    from sovereignty.services.scoring import load_tender_evaluations, load_tender_profile

    tender = build_demo_tender(tmp_path / "demo")
    manual = [c.id for c in load_tender_profile(tender).profile.evaluator_criteria()]
    for _ in range(2):  # a first window for two offers, then both windows again
        barrier = FORK.Barrier(2)
        root = str(tender.root)
        run_in_parallel(
            (_evaluate, (root, "radiance", barrier)), (_evaluate, (root, "openscan", barrier))
        )
    files = load_tender_evaluations(tender, load_tender_profile(tender))
    assert [f.evaluator for f in files] == ["claire-morel"]
    scores = files[0].scores
    assert sorted(scores) == ["openscan", "radiance"]
    assert all(sorted(scores[v]) == sorted(manual) for v in scores)
    assert evaluation_path(tender.evaluations_dir, "claire-morel").is_file()
    saved = [e for e in read_journal(tender.journal_path) if e.action == "evaluation.saved"]
    assert len(saved) == 2 * 2 * len(manual)
    assert tender.check_records()[1] == []
