"""What is not shown scores nothing, through the whole road: answers -> classification,
findings and data flows -> scores. Saying « je ne sais pas » to a question, or leaving a
required question unanswered, never raises any score: of an item, a criterion, an axis or the
total. And an offer whose vendor answered nothing scores 0 everywhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sovereignty.questionnaire.answers import Answer, AnswerSheet
from sovereignty.questionnaire.validate import check_sheet
from sovereignty.scoring.engine import OfferInputs, OfferScore, score_offer
from sovereignty.services.demo import build_demo_tender
from sovereignty.services.offer import Offer
from sovereignty.services.scoring import load_tender_evaluations, load_tender_profile
from sovereignty.tender.folder import Tender

AS_OF = dt.date(2026, 11, 30)
EPS = 1e-9


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Tender:
    return build_demo_tender(Path(tmp_path_factory.mktemp("silence")) / "demo")


def scores_of(tender: Tender, vendor: str, sheet: AnswerSheet) -> OfferScore:
    """The offer's scores from this sheet, through every analysis (nothing read from disk but
    the tender's own files)."""
    offer = Offer(tender, vendor, sheet, check_sheet(tender.bank, sheet), AS_OF)
    offer.classify()
    offer.analyse_flows()
    loaded = load_tender_profile(tender)
    from sovereignty.scoring import evaluations as ev

    marks = ev.marks_for(load_tender_evaluations(tender, loaded), vendor)
    optional = frozenset(q.id for q in tender.bank.questions if not q.required)
    inputs = OfferInputs(
        vendor, offer.name, offer.facts, tuple(offer.findings), offer.classification, optional
    )
    return score_offer(loaded.profile, inputs, marks)


def never_higher(after: OfferScore, before: OfferScore) -> None:
    assert after.total <= before.total + EPS
    for a, b in zip(after.criteria, before.criteria, strict=True):
        assert a.points <= b.points + EPS, (a.id, a.evidence)
    for a, b in zip(after.axes, before.axes, strict=True):
        assert a.points <= b.points + EPS, a.id


@pytest.mark.parametrize("vendor", ["radiance", "northbridge"])
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_saying_i_do_not_know_never_raises_any_score(
    demo: Tender, vendor: str, data: st.DataObject
) -> None:
    sheet = demo.load_sheet(vendor)
    before = scores_of(demo, vendor, sheet)
    answered = sorted(q for q, a in sheet.answers.items() if not a.unknown)
    chosen = data.draw(st.lists(st.sampled_from(answered), min_size=1, max_size=3, unique=True))
    silent = sheet
    for qid in chosen:
        silent = silent.with_answer(qid, Answer(unknown=True))
    never_higher(scores_of(demo, vendor, silent), before)


@pytest.mark.parametrize("vendor", ["radiance", "northbridge"])
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_leaving_a_required_question_unanswered_never_raises_any_score(
    demo: Tender, vendor: str, data: st.DataObject
) -> None:
    sheet = demo.load_sheet(vendor)
    before = scores_of(demo, vendor, sheet)
    required = sorted(q for q in sheet.answers if demo.bank.by_id[q].required)
    chosen = data.draw(st.lists(st.sampled_from(required), min_size=1, max_size=3, unique=True))
    never_higher(scores_of(demo, vendor, sheet.without(*chosen)), before)


def test_an_offer_with_no_vendor_answer_scores_zero_everywhere(demo: Tender) -> None:
    sheet = demo.load_sheet("radiance")
    vendor_side = [q for q in sheet.answers if demo.bank.by_id[q].answered_by == "vendor"]
    empty = scores_of(demo, "radiance", sheet.without(*vendor_side))
    # Every criterion not left to the evaluators scores 0 (the demo evaluators marked the real
    # Radiance offer; their marks are theirs, not the sheet's).
    criteria = {c.id: c.points for c in empty.criteria if c.method != "evaluators"}
    assert criteria and {c for c, p in criteria.items() if p} == set(), criteria
    nothing = scores_of(
        demo,
        "openscan",
        demo.load_sheet("openscan").without(
            *[
                q
                for q, _ in demo.load_sheet("openscan").answers.items()
                if demo.bank.by_id[q].answered_by == "vendor"
            ]
        ),
    )
    assert all(c.points == 0 for c in nothing.criteria if c.method != "evaluators")
