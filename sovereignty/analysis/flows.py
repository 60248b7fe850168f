"""An offer's data-flow graph: the model built from its answers (and the hospital's flows file),
the graph analysis, and the diagram, each made once.

One offer's graph comes from its answer sheet and, when present, the hospital's flows file
(``vendors/<id>/flows.yaml``); the tender's graph merges every offer into one GHT graph, where a
provider shared by several vendors is one node (and concentration becomes visible, FLOW-06).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sovereignty.core.conditions import ABSENT, INVALID, MISSING, UNKNOWN
from sovereignty.core.model import Lang
from sovereignty.dataflow.answers import OfferAnswers
from sovereignty.dataflow.build import HospitalSide, build_offer_model
from sovereignty.dataflow.model import DataflowModel
from sovereignty.questionnaire.validate import SheetFacts
from sovereignty.tender.folder import Tender

if TYPE_CHECKING:
    from sovereignty.dataflow.analyses import FlowAnalysis
    from sovereignty.dataflow.graph import FlowGraph
    from sovereignty.findings.model import Finding


@dataclass
class FlowReport:
    """A graph and its analysis: what ``Offer.graph`` holds."""

    model: DataflowModel
    graph: FlowGraph
    analysis: FlowAnalysis
    _pictures: dict[tuple[Lang, str], bytes] = field(default_factory=dict, repr=False)

    @property
    def findings(self) -> list[Finding]:
        return self.analysis.findings

    def png(self, lang: Lang, title: str = "") -> bytes:
        """The diagram, drawn once per language and title and reused by every output."""
        key = (lang, title)
        picture = self._pictures.get(key)
        if picture is None:
            from sovereignty.dataflow.draw import draw_png

            picture = self._pictures[key] = draw_png(self.graph, lang, title)
        return picture


def hospital_side(tender: Tender) -> HospitalSide:
    settings = tender.settings
    return HospitalSide(
        buyer=settings.buyer,
        establishments=tuple((e.id, e.name, e.role) for e in settings.establishments),
    )


class OfferSource(Protocol):
    """What the graph of an offer is built from (an :class:`~sovereignty.analysis.offer.Offer`)."""

    tender: Tender
    vendor_id: str

    @property
    def facts(self) -> SheetFacts: ...

    @property
    def name(self) -> str: ...


def offer_answers(offer: OfferSource) -> OfferAnswers:
    facts = offer.facts
    values = {}
    unknown = set()
    for question in offer.tender.bank.questions:
        value = facts.value(question.id)
        if value is UNKNOWN:
            unknown.add(question.id)
        elif value not in (MISSING, ABSENT, INVALID):
            values[question.id] = value
    return OfferAnswers(offer.vendor_id, offer.name, values, frozenset(unknown))


def offer_model(offer: OfferSource) -> DataflowModel:
    """The offer's model: its answers, plus the hospital's flows file when there is one."""
    from sovereignty.dataflow.flowsfile import load_flows_file

    path: Path = offer.tender.flows_path(offer.vendor_id)
    flows = load_flows_file(path) if path.is_file() else None
    return build_offer_model(offer_answers(offer), hospital_side(offer.tender), flows)


def analyse_model(model: DataflowModel) -> FlowReport:
    from sovereignty.dataflow.analyses import analyse_graph
    from sovereignty.dataflow.graph import FlowGraph

    graph = FlowGraph.from_model(model)
    return FlowReport(model, graph, analyse_graph(graph))
