"""The interactive assessment driven by a scripted prompter (no terminal)."""

from __future__ import annotations

from typing import Any

import pytest

from sovereignty.core.model import Lang
from sovereignty.questionnaire.answers import load_sheet
from sovereignty.questionnaire.flow import Scope
from sovereignty.services.assess import Assessment, QuestionView, Reply, ReviewItem
from sovereignty.tender.folder import Tender
from sovereignty.tender.journal import read_journal, verify_journal

Script = list[tuple[str, Reply]]


class ScriptedPrompter:
    """Answers from a script of (expected question id, reply); records what was asked."""

    def __init__(
        self,
        script: Script,
        review: list[str | None] | None = None,
        interrupt_after: int | None = None,
    ) -> None:
        self.script = list(script)
        self.reviews = list(review or [None])
        self.asked: list[str] = []
        self.views: list[QuestionView] = []
        self.notices: list[str] = []
        self.interrupt_after = interrupt_after

    def ask(self, view: QuestionView) -> Reply:
        if self.interrupt_after is not None and len(self.asked) == self.interrupt_after:
            raise KeyboardInterrupt
        self.asked.append(view.question.id)
        self.views.append(view)
        expected, reply = self.script.pop(0)
        assert view.question.id == expected, f"asked {view.question.id}, script has {expected}"
        return reply

    def review(self, items: list[ReviewItem], lang: Lang) -> str | None:
        return self.reviews.pop(0) if self.reviews else None

    def notify(self, message: str) -> None:
        self.notices.append(message)


def value(v: Any) -> Reply:
    return Reply("value", v)


FULL_SAAS: Script = [
    ("need.problem", value("Délais de lecture")),
    ("need.volume", value(1200)),
    ("hosting.model", value("saas")),
    ("hosting.hds", value("yes")),
    ("hosting.hds_scope", value(["backup"])),
    ("hosting.since", value("2023-01-02")),
    ("subprocessors.list", value([{"name": "CloudCo", "country": "fr"}])),
    ("subprocessors.approval", Reply("unknown")),
]


def run(tender: Tender, prompter: ScriptedPrompter, **kwargs: Any) -> Any:
    return Assessment(tender, "acme", prompter, "fr", actor="Alice", **kwargs).run()


def test_answers_every_applicable_question_in_order_and_saves(mini_tender: Tender) -> None:
    prompter = ScriptedPrompter(FULL_SAAS)
    result = run(mini_tender, prompter)
    assert prompter.asked == [q for q, _ in FULL_SAAS]
    sheet, _ = load_sheet(mini_tender.answers_path("acme"))
    assert sheet.answers["hosting.hds_scope"].value == ["backup"]
    assert sheet.answers["subprocessors.approval"].unknown is True
    # the buyer's answers are held once, in the buyer sheet, not in the vendor's
    assert "need.problem" not in sheet.answers
    buyer = mini_tender.load_buyer_sheet()
    assert buyer is not None and buyer.answers["need.problem"].by == "Alice"
    assert set(buyer.answers) == {"need.problem"}
    assert result.sheet == mini_tender.offer_sheet("acme")


def test_the_buyer_answers_its_questions_once_and_every_offer_has_them(
    mini_tender: Tender,
) -> None:
    prompter = ScriptedPrompter(FULL_SAAS[:1])  # only the buyer's questions are asked
    Assessment(mini_tender, None, prompter, "fr", actor="Bob").run()
    assert prompter.asked == ["need.problem"]
    mini_tender.add_vendor("other", "Other SAS")
    for vendor_id in ("acme", "other"):
        offer = mini_tender.offer_sheet(vendor_id)
        assert offer.answers["need.problem"].value == "Délais de lecture"
        assert "need.problem" not in mini_tender.load_sheet(vendor_id).answers
    # the vendor's session now starts at the vendor's own questions
    vendor = ScriptedPrompter(FULL_SAAS[1:])
    run(mini_tender, vendor)
    assert vendor.asked == [q for q, _ in FULL_SAAS[1:]]
    assert mini_tender.offer_sheet("other").answers.keys() == {"need.problem"}


def test_on_premises_asks_fewer_questions(mini_tender: Tender) -> None:
    prompter = ScriptedPrompter(
        [
            ("need.problem", value("x")),
            ("need.volume", value(1)),
            ("hosting.model", value("on_premises")),
            ("hosting.since", value("2020-01-01")),
        ]
    )
    run(mini_tender, prompter)
    assert "hosting.hds" not in prompter.asked and "subprocessors.list" not in prompter.asked


def test_progress_is_shown_per_section_and_overall(mini_tender: Tender) -> None:
    prompter = ScriptedPrompter(FULL_SAAS)
    run(mini_tender, prompter)
    third = prompter.views[2]  # hosting.model
    assert (third.section_number, third.section_count) == (2, 3)
    assert third.number_in_section == 1 and third.answered == 2
    assert prompter.views[0].can_go_back is False and third.can_go_back is True


def test_going_back_reasks_the_previous_question_with_its_answer(mini_tender: Tender) -> None:
    script = [
        ("need.problem", value("first")),
        ("need.volume", Reply("back")),
        ("need.problem", value("second")),
        ("need.volume", value(3)),
        *FULL_SAAS[2:],
    ]
    prompter = ScriptedPrompter(script)
    run(mini_tender, prompter)
    back_view = prompter.views[2]
    assert back_view.question.id == "need.problem" and back_view.current is not None
    assert back_view.current.value == "first"
    assert mini_tender.offer_sheet("acme").answers["need.problem"].value == "second"


def test_after_going_back_moving_forward_revisits_answered_questions_up_to_the_frontier(
    mini_tender: Tender,
) -> None:
    script = [
        ("need.problem", value("a")),
        ("need.volume", value(1)),
        ("hosting.model", Reply("back")),
        ("need.volume", Reply("back")),
        ("need.problem", value("b")),
        ("need.volume", value(2)),
        *FULL_SAAS[2:],
    ]
    run(mini_tender, ScriptedPrompter(script))
    assert mini_tender.load_sheet("acme").answers["need.volume"].value == 2


def test_interrupting_loses_no_confirmed_answer_and_resume_starts_at_the_first_unanswered(
    mini_tender: Tender,
) -> None:
    first = ScriptedPrompter(FULL_SAAS, interrupt_after=3)
    with pytest.raises(KeyboardInterrupt):
        run(mini_tender, first)
    saved = mini_tender.offer_sheet("acme")
    assert sorted(saved.answers) == ["hosting.model", "need.problem", "need.volume"]
    second = ScriptedPrompter(FULL_SAAS[3:])
    run(mini_tender, second)
    assert second.asked[0] == "hosting.hds"
    assert len(mini_tender.offer_sheet("acme").answers) == len(FULL_SAAS)


def test_changing_an_earlier_answer_drops_answers_that_no_longer_apply(mini_tender: Tender) -> None:
    run(mini_tender, ScriptedPrompter(FULL_SAAS))
    prompter = ScriptedPrompter(
        [("hosting.model", value("on_premises"))], review=["hosting.model", None]
    )
    result = run(mini_tender, prompter)
    sheet = mini_tender.load_sheet("acme")
    assert "hosting.hds" not in sheet.answers and "subprocessors.list" not in sheet.answers
    assert set(result.dropped) == {
        "hosting.hds",
        "hosting.hds_scope",
        "subprocessors.list",
        "subprocessors.approval",
    }
    assert any("ne s'appliquent plus" in n for n in prompter.notices)


def test_an_invalid_reply_is_refused_and_asked_again(mini_tender: Tender) -> None:
    script = [
        ("need.problem", value("x")),
        ("need.volume", value(-5)),
        ("need.volume", value(5)),
        *FULL_SAAS[2:],
    ]
    prompter = ScriptedPrompter(script)
    run(mini_tender, prompter)
    assert "Réponse refusée : -5 est inférieur au minimum 0" in prompter.notices
    assert mini_tender.load_sheet("acme").answers["need.volume"].value == 5


def test_a_refusal_is_worded_in_the_language_of_the_session(mini_tender: Tender) -> None:
    script = [("need.problem", value("x")), ("need.volume", value(-5)), ("need.volume", value(5))]
    prompter = ScriptedPrompter([*script, *FULL_SAAS[2:]])
    Assessment(mini_tender, "acme", prompter, "en", actor="Alice").run()
    assert "Answer refused: -5 is below the minimum 0" in prompter.notices


def test_unknown_is_refused_where_the_question_does_not_allow_it(mini_tender: Tender) -> None:
    script = [
        *FULL_SAAS[:5],
        ("hosting.since", Reply("unknown")),
        ("hosting.since", value("2022-02-02")),
        *FULL_SAAS[6:],
    ]
    prompter = ScriptedPrompter(script)
    run(mini_tender, prompter)
    assert mini_tender.load_sheet("acme").answers["hosting.since"].value == "2022-02-02"
    assert "Réponse refusée : cette question n'accepte pas « je ne sais pas »." in prompter.notices


def test_an_optional_question_can_be_passed(mini_tender: Tender) -> None:
    script = [FULL_SAAS[0], ("need.volume", Reply("skip_question")), *FULL_SAAS[2:]]
    run(mini_tender, ScriptedPrompter(script))
    assert "need.volume" not in mini_tender.load_sheet("acme").answers


def test_skipping_a_section_is_remembered_on_resume(mini_tender: Tender) -> None:
    script = [("need.problem", Reply("skip_section")), *FULL_SAAS[2:]]
    run(mini_tender, ScriptedPrompter(script))
    sheet = mini_tender.load_sheet("acme")
    assert sheet.skipped_sections == ("need",)
    again = ScriptedPrompter([])
    run(mini_tender, again)
    assert again.asked == []  # nothing left outside the skipped section
    only_need = ScriptedPrompter([("need.problem", value("x")), ("need.volume", value(2))])
    run(mini_tender, only_need, scope=Scope(section="need"))
    assert only_need.asked == ["need.problem", "need.volume"]


def test_the_review_lets_one_answer_be_changed(mini_tender: Tender) -> None:
    script = [*FULL_SAAS, ("need.volume", value(999))]
    run(mini_tender, ScriptedPrompter(script, review=["need.volume", None]))
    assert mini_tender.load_sheet("acme").answers["need.volume"].value == 999


def test_every_answer_is_journaled_with_its_author(mini_tender: Tender) -> None:
    run(mini_tender, ScriptedPrompter(FULL_SAAS))
    entries = [e for e in read_journal(mini_tender.journal_path) if e.action == "answer.recorded"]
    assert [e.details["question"] for e in entries] == [q for q, _ in FULL_SAAS]
    assert {e.actor for e in entries} == {"Alice"}
    assert verify_journal(mini_tender.journal_path) == []


def test_a_respondent_scope_asks_only_their_questions(mini_tender: Tender) -> None:
    prompter = ScriptedPrompter([("need.problem", value("x"))])
    run(mini_tender, prompter, scope=Scope(respondent="buyer"))
    assert prompter.asked == ["need.problem"]


def test_a_changed_question_is_asked_again_and_the_others_are_not(mini_tender: Tender) -> None:
    run(mini_tender, ScriptedPrompter(FULL_SAAS))
    bank_file = mini_tender.root / "bank.yaml"
    bank_file.write_text(
        bank_file.read_text().replace("Examens par an", "Examens par mois"), encoding="utf-8"
    )
    reopened = Tender.open(mini_tender.root)
    from sovereignty.questionnaire.validate import check_sheet

    report = check_sheet(reopened.bank, reopened.load_sheet("acme"))
    assert [w.subject for w in report.warnings if w.subject] == ["need.volume"]
    prompter = ScriptedPrompter([("need.volume", value(100))])
    Assessment(reopened, "acme", prompter, "fr", actor="Alice", review=False).run()
    assert prompter.asked == ["need.volume"]
    assert prompter.views[0].current is not None and prompter.views[0].current.value == 1200


def test_a_buyer_answer_given_in_an_offer_session_is_one_journaled_write(
    mini_tender: Tender,
) -> None:
    import datetime as dt

    from sovereignty.questionnaire.answers import Answer

    base = mini_tender.offer_sheet("acme")
    later = base.with_answer("need.problem", Answer(value="x")).model_copy(
        update={"updated_at": base.updated_at + dt.timedelta(seconds=5)}  # a second later
    )
    mini_tender.save_offer_sheet(later, "answer.recorded", "Alice", base, question="need.problem")
    entries = [e for e in read_journal(mini_tender.journal_path) if e.action == "answer.recorded"]
    assert [e.details["record"]["path"] for e in entries] == ["buyer/answers.yaml"]
    assert mini_tender.check_records()[1] == []
