"""One vendor's offer, analysed: its answer sheet plus everything derived from it.

This is the meeting point of the capabilities: the AI Act classification and the regulatory
findings (from the answers), the data-flow findings (from the graph), then scoring and documents,
which read an :class:`Offer` and never recompute its parts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sovereignty.core.errors import AnswersError, Problem
from sovereignty.findings.model import Finding, sort_findings
from sovereignty.questionnaire.answers import AnswerSheet, load_sheet
from sovereignty.questionnaire.combine import combine
from sovereignty.questionnaire.validate import SheetFacts, SheetReport, check_sheet
from sovereignty.tender.folder import Tender


@dataclass
class Offer:
    tender: Tender
    vendor_id: str
    sheet: AnswerSheet
    report: SheetReport
    as_of: dt.date
    classification: Any = None  # sovereignty.aiact result, when computed
    findings: list[Finding] = field(default_factory=list)
    graph: Any = None  # sovereignty.dataflow result, when computed

    @property
    def facts(self) -> SheetFacts:
        return self.report.facts

    @property
    def name(self) -> str:
        return self.sheet.vendor.name


def load_offer(tender: Tender, vendor_id: str, as_of: dt.date | None = None) -> Offer:
    """The validated answers of the offer: the buyer's, held once, and the vendor's; refuses an
    invalid sheet with every problem."""
    sheet, report = offer_report(tender, vendor_id)
    if report.errors:
        raise AnswersError(tender.answers_path(vendor_id), report.errors)
    return Offer(tender, vendor_id, sheet, report, as_of or dt.date.today())


def offer_report(tender: Tender, vendor_id: str) -> tuple[AnswerSheet, SheetReport]:
    """The offer's combined sheet and its check: each file's problems at their line (the buyer
    sheet's named as such), completeness and facts over the combined answers."""
    tender.require_vendor(vendor_id)
    vendor, doc = tender.load_sheet_doc(vendor_id)  # refuses a sheet in the wrong folder
    own = check_sheet(tender.bank, vendor, doc)
    errors, warnings = list(own.errors), list(own.warnings)
    buyer = None
    if tender.buyer_sheet_path.is_file():
        buyer, buyer_doc = load_sheet(tender.buyer_sheet_path)
        checked = check_sheet(tender.bank, buyer, buyer_doc)
        place = tender.buyer_sheet_path.relative_to(tender.root).as_posix()
        errors += [_in_file(p, place) for p in checked.errors]
        warnings += [_in_file(p, place) for p in checked.warnings if p.subject]
    sheet = combine(tender.bank, buyer, vendor)
    combined = check_sheet(tender.bank, sheet)
    known = {(p.subject, p.says("en")) for p in errors}
    errors += [p for p in combined.errors if (p.subject, p.says("en")) not in known]
    return sheet, SheetReport(errors, warnings, combined.sections, combined.facts)


def _in_file(problem: Problem, place: str) -> Problem:
    where = f"{place}, {problem.where}" if problem.where else place
    return Problem(where, problem.message, problem.subject)


def analyse_offer(tender: Tender, vendor_id: str, as_of: dt.date | None = None) -> Offer:
    """Load the offer and run every analysis on it (each capability adds itself here)."""
    offer = load_offer(tender, vendor_id, as_of)
    from sovereignty.services.classify import apply_classification  # imports this module

    apply_classification(offer)
    from sovereignty.services.flows import add_flow_analysis

    add_flow_analysis(offer)
    offer.findings = sort_findings(offer.findings)
    return offer
