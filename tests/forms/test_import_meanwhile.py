"""A form imported while an `assess` window is open on the same vendor: the window's next save
merges into the imported answers instead of erasing them; an answer both change is reported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sovereignty.core.model import Lang
from sovereignty.questionnaire.flow import Scope
from sovereignty.services.assess import Assessment, QuestionView, Reply, ReviewItem
from sovereignty.services.form import import_form
from sovereignty.tender.folder import Tender
from sovereignty.tender.journal import read_journal


class Window:
    """An `assess` window: while its first question is on screen, the form is imported."""

    def __init__(self, meanwhile: Any, values: dict[str, Any]) -> None:
        self.meanwhile, self.values = meanwhile, values
        self.notes: list[str] = []
        self.asked: list[str] = []

    def ask(self, view: QuestionView) -> Reply:
        if not self.asked:
            self.meanwhile()
        self.asked.append(view.question.id)
        if view.question.id not in self.values:
            raise KeyboardInterrupt
        given = self.values[view.question.id]
        return given if isinstance(given, Reply) else Reply("value", given)

    def review(self, items: list[ReviewItem], lang: Lang) -> str | None:
        return None

    def notify(self, message: str) -> None:
        self.notes.append(message)


def test_an_open_assess_window_keeps_the_answers_imported_meanwhile(
    form_tender: Tender, filled_form: Path, kit: Any
) -> None:
    window = Window(
        lambda: import_form(Tender.open(form_tender.root), filled_form, "acme", "Jeanne"),
        # the same answer as the form's: no conflict
        {"hosting.model": Reply("value", "saas", kit.tricky_texts[0], "Annexe 3, p. 4")},
    )
    assessment = Assessment(
        form_tender, "acme", window, "fr", Scope(section="hosting"), "Claire", False
    )
    assessment.run()  # every other question of the section is answered by the import
    sheet = form_tender.load_sheet("acme")
    imported = [e for e in read_journal(form_tender.journal_path) if e.action == "form.imported"]
    assert len(imported) == 1
    assert set(imported[0].details["changed"]) <= set(sheet.answers)
    assert len(sheet.answers) == 13  # the 2 buyer answers and the 11 of the form, none lost
    assert sheet.answers["hosting.model"].value == "saas"
    assert window.notes == [] and form_tender.check_records()[1] == []


def test_an_answer_changed_by_the_import_and_the_window_keeps_the_import_and_says_so(
    form_tender: Tender, filled_form: Path
) -> None:
    window = Window(
        lambda: import_form(Tender.open(form_tender.root), filled_form, "acme", "Jeanne"),
        {"hosting.model": "on_premises"},
    )
    assessment = Assessment(
        form_tender, "acme", window, "en", Scope(section="hosting"), "Claire", False
    )
    assessment.run()
    sheet = form_tender.load_sheet("acme")
    assert sheet.answers["hosting.model"].value == "saas" and len(sheet.answers) == 13
    assert any("hosting.model was changed meanwhile" in note for note in window.notes)


def test_a_form_imported_after_a_window_saved_keeps_the_window_answers(
    form_tender: Tender, filled_form: Path, kit: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """The other order: the import read the sheet, then a window saved an answer the form also
    gives, then the import wrote: the import says which answer it did not overwrite."""
    from sovereignty.questionnaire.answers import Answer

    def window_saves() -> None:
        sheet = form_tender.load_sheet("acme")
        form_tender.save_sheet(
            sheet.with_answer("hosting.gpus", Answer(value=2, by="Claire")),
            "answer.recorded",
            "Claire",
            base=sheet,
        )

    import sovereignty.services.form as form_service

    real = form_service._write

    def late_write(*args: Any, **kwargs: Any) -> None:
        window_saves()  # between the import's reading and its writing
        real(*args, **kwargs)

    form_service._write = late_write  # type: ignore[assignment]
    try:
        result = import_form(form_tender, filled_form, "acme", "Jeanne")
    finally:
        form_service._write = real  # type: ignore[assignment]
    assert [c.subject for c in result.conflicts] == ["hosting.gpus"]
    sheet = form_tender.load_sheet("acme")
    assert (sheet.answers["hosting.gpus"].value, sheet.answers["hosting.gpus"].by) == (2, "Claire")
    assert len(sheet.answers) == 13 and form_tender.check_records()[1] == []


def _assess_in_a_window(root: str, barrier: Any) -> None:
    class Waiting(Window):
        def ask(self, view: QuestionView) -> Reply:
            barrier.wait()  # the import and this window start together
            return Reply("value", "Trier les radios du soir")

    tender = Tender.open(Path(root))
    window = Waiting(lambda: None, {})
    Assessment(tender, "acme", window, "fr", Scope(section="need"), "Claire", False).run()
    assert window.notes == []


def _import_in_another_process(root: str, form: str, barrier: Any) -> None:
    barrier.wait()
    result = import_form(Tender.open(Path(root)), Path(form), "acme", "Jeanne")
    assert result.conflicts == []


def test_assess_and_form_import_in_two_processes_at_once_lose_nothing(
    form_tender: Tender, filled_form: Path
) -> None:
    import multiprocessing

    sheet = form_tender.load_sheet("acme")
    form_tender.save_sheet(sheet.without("need.problem"), "answer.removed", "Claire", base=sheet)
    fork = multiprocessing.get_context("fork")
    barrier = fork.Barrier(2)
    root = str(form_tender.root)
    workers = [
        fork.Process(target=_assess_in_a_window, args=(root, barrier)),
        fork.Process(target=_import_in_another_process, args=(root, str(filled_form), barrier)),
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    # need.problem is the buyer's: held once, in the buyer sheet; the offer sees it
    answers = form_tender.offer_sheet("acme").answers
    assert answers["need.problem"].value == "Trier les radios du soir"  # the window's
    assert len(answers) == 13  # and every answer of the form
    actions = [e.action for e in read_journal(form_tender.journal_path)]
    assert actions.count("form.imported") == 1 and actions.count("answer.recorded") == 1
    assert form_tender.check_records()[1] == []
