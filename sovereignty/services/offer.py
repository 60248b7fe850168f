"""One vendor's offer, analysed: its answer sheet plus everything derived from it.

This is the meeting point of the capabilities: the AI Act classification and the regulatory
findings (from the answers), the data-flow findings (from the graph), then scoring and documents,
which read an :class:`Offer` and never recompute its parts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sovereignty.core.errors import AnswersError
from sovereignty.findings.model import Finding, sort_findings
from sovereignty.questionnaire.answers import AnswerSheet
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
    """The validated sheet of ``vendor_id``; refuses an invalid sheet with every problem."""
    path = tender.answers_path(vendor_id)
    sheet, doc = tender.load_sheet_doc(vendor_id)
    report = check_sheet(tender.bank, sheet, doc)
    if report.errors:
        raise AnswersError(path, report.errors)
    return Offer(tender, vendor_id, sheet, report, as_of or dt.date.today())


def analyse_offer(tender: Tender, vendor_id: str, as_of: dt.date | None = None) -> Offer:
    """Load the offer and run every analysis on it (each capability adds itself here)."""
    offer = load_offer(tender, vendor_id, as_of)
    from sovereignty.services.classify import apply_classification  # imports this module

    apply_classification(offer)
    from sovereignty.services.flows import add_flow_analysis

    add_flow_analysis(offer)
    offer.findings = sort_findings(offer.findings)
    return offer
