"""One vendor's offer, analysed: its answer sheet plus everything derived from it.

This is the meeting point of the capabilities: the AI Act classification and the regulatory
findings (from the answers), the data-flow findings (from the graph), then scoring and documents,
which read an :class:`Offer` and never recompute its parts. Offers are made and cached by
:class:`~sovereignty.analysis.tender.TenderAnalysis`; each part is computed on first use.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sovereignty.aiact.engine import classify_facts
from sovereignty.aiact.model import Classification
from sovereignty.analysis.flows import FlowReport, analyse_model, offer_model
from sovereignty.core.errors import AnswersError
from sovereignty.dataflow.model import DataflowModel
from sovereignty.findings.model import Finding, sort_findings
from sovereignty.findings.rules import RuleOutcome, evaluate_rules, load_rules
from sovereignty.findings.validity import certificate_findings
from sovereignty.questionnaire.answers import AnswerSheet
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.validate import SheetFacts, SheetReport, check_sheet
from sovereignty.tender.folder import Tender


def evaluate_offer(
    bank: QuestionBank,
    facts: SheetFacts,
    vendor_id: str,
    as_of: dt.date,
    contract_months: int | None = None,
    explore: bool = True,
) -> tuple[Classification, RuleOutcome]:
    """The classification, then the rules (which may read its regimes), then the certificates'
    end dates against the as-of date and the contract's end. ``explore``: see
    :func:`~sovereignty.aiact.engine.classify_facts`."""
    classification = classify_facts(facts, as_of, explore=explore)
    rules = evaluate_rules(load_rules(bank), facts, classification, vendor=vendor_id, as_of=as_of)
    dated = certificate_findings(facts, as_of, contract_months, vendor=vendor_id)
    if dated:
        rules.findings = sort_findings([*rules.findings, *dated])
    return classification, rules


# What was computed, over the process: what the benchmarks count (offers analysed, GHT graphs).
COUNTS: Counter[str] = Counter()


@dataclass
class Offer:
    """An offer. Its parts are filled by :class:`~sovereignty.analysis.tender.TenderAnalysis`
    (each once per command): ``classification`` and ``rules`` by :meth:`classify`, ``graph`` by
    :meth:`analyse_flows`; ``findings`` gathers both, most severe first."""

    tender: Tender
    vendor_id: str
    sheet: AnswerSheet
    report: SheetReport
    as_of: dt.date
    classification: Classification | None = None
    rules: RuleOutcome | None = None
    findings: list[Finding] = field(default_factory=list)
    graph: FlowReport | None = None  # the data-flow graph and its analysis
    _model: DataflowModel | None = field(default=None, repr=False)

    @property
    def facts(self) -> SheetFacts:
        return self.report.facts

    @property
    def name(self) -> str:
        return self.sheet.vendor.name

    @property
    def analysed(self) -> bool:
        """Whether anything was computed for this offer yet."""
        return self.classification is not None or self.graph is not None

    @property
    def model(self) -> DataflowModel:
        """The data-flow model, built once (the GHT graph merges these)."""
        if self._model is None:
            self._model = offer_model(self)
        return self._model

    def classify(self) -> Classification:
        """The AI Act classification and the regulatory findings, once."""
        if self.classification is None:
            self._first()
            self.classification, self.rules = evaluate_offer(
                self.tender.bank,
                self.facts,
                self.vendor_id,
                self.as_of,
                self.tender.settings.contract_months,
            )
            self._gather()
        return self.classification

    def analyse_flows(self) -> FlowReport:
        """The data-flow graph, its analysis and findings, once."""
        if self.graph is None:
            self._first()
            self.graph = analyse_model(self.model)
            self._gather()
        return self.graph

    def _gather(self) -> None:
        found = list(self.rules.findings) if self.rules is not None else []
        if self.graph is not None:
            found += self.graph.analysis.findings_of(self.vendor_id)
        self.findings = sort_findings(found)

    def _first(self) -> None:
        if not self.analysed:
            COUNTS["offer"] += 1  # an offer analysed (classified, its flows analysed, or both)


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
    from sovereignty.core.errors import Problem
    from sovereignty.questionnaire.combine import combine

    tender.require_vendor(vendor_id)
    vendor, doc = tender.load_sheet_doc(vendor_id)  # refuses a sheet in the wrong folder
    own = check_sheet(tender.bank, vendor, doc)
    errors, warnings = list(own.errors), list(own.warnings)
    buyer = None
    if tender.buyer_sheet_path.is_file():
        buyer, buyer_doc = tender.read_sheet(tender.buyer_sheet_path)
        checked = check_sheet(tender.bank, buyer, buyer_doc)
        place = tender.buyer_sheet_path.relative_to(tender.root).as_posix()

        def in_file(problem: Problem) -> Problem:
            where = f"{place}, {problem.where}" if problem.where else place
            return Problem(where, problem.message, problem.subject)

        errors += [in_file(p) for p in checked.errors]
        warnings += [in_file(p) for p in checked.warnings if p.subject]
    sheet = combine(tender.bank, buyer, vendor)
    combined = check_sheet(tender.bank, sheet)
    known = {(p.subject, p.says("en")) for p in errors}
    errors += [p for p in combined.errors if (p.subject, p.says("en")) not in known]
    return sheet, SheetReport(errors, warnings, combined.sections, combined.facts)
