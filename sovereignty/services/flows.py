"""Data-flow graphs of a tender's offers: build them, analyse them, export them.

One offer's graph comes from its answer sheet and, when present, the hospital's flows file
(``vendors/<id>/flows.yaml``); the tender's graph merges every offer into one GHT graph, where a
provider shared by several vendors is one node (and concentration becomes visible, FLOW-06).
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sovereignty.core.conditions import ABSENT, INVALID, MISSING, UNKNOWN
from sovereignty.core.model import Lang
from sovereignty.dataflow.answers import OfferAnswers
from sovereignty.dataflow.assemble import merge_models
from sovereignty.dataflow.build import HospitalSide, build_offer_model
from sovereignty.dataflow.model import DataflowModel
from sovereignty.tender.folder import Tender

if TYPE_CHECKING:
    from sovereignty.dataflow.analyses import FlowAnalysis
    from sovereignty.dataflow.graph import FlowGraph
    from sovereignty.findings.model import Finding
    from sovereignty.services.demo import DemoStep
    from sovereignty.services.offer import Offer

DEMO_FLOWS = Path(__file__).resolve().parent.parent / "dataflow" / "data" / "demo"
# The format of ``flows --json`` (docs/dataflow.md); not the flows file's, sovereignty/flows/1.
REPORT_SCHEMA = "sovereignty/flow-report/1"


@dataclass
class FlowReport:
    """A graph and its analysis: what ``Offer.graph`` holds."""

    model: DataflowModel
    graph: FlowGraph
    analysis: FlowAnalysis

    @property
    def findings(self) -> list[Finding]:
        return self.analysis.findings


def hospital_side(tender: Tender) -> HospitalSide:
    settings = tender.settings
    return HospitalSide(
        buyer=settings.buyer,
        establishments=tuple((e.id, e.name, e.role) for e in settings.establishments),
    )


def offer_answers(offer: Offer) -> OfferAnswers:
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


def offer_model(offer: Offer) -> DataflowModel:
    """The offer's model: its answers, plus the hospital's flows file when there is one."""
    from sovereignty.dataflow.flowsfile import load_flows_file

    path = offer.tender.flows_path(offer.vendor_id)
    flows = load_flows_file(path) if path.is_file() else None
    return build_offer_model(offer_answers(offer), hospital_side(offer.tender), flows)


def analyse_model(model: DataflowModel) -> FlowReport:
    from sovereignty.dataflow.analyses import analyse_graph
    from sovereignty.dataflow.graph import FlowGraph

    graph = FlowGraph.from_model(model)
    return FlowReport(model, graph, analyse_graph(graph))


def add_flow_analysis(offer: Offer) -> None:
    """What ``analyse_offer`` calls: sets ``offer.graph`` and adds the graph's findings."""
    report = analyse_model(offer_model(offer))
    offer.graph = report
    offer.findings.extend(report.analysis.findings_of(offer.vendor_id))


def vendor_flows(tender: Tender, vendor_id: str, as_of: dt.date | None = None) -> FlowReport:
    from sovereignty.services.offer import load_offer

    return analyse_model(offer_model(load_offer(tender, vendor_id, as_of)))


def tender_flows(tender: Tender, as_of: dt.date | None = None) -> FlowReport:
    """The whole tender as one GHT graph: every offer merged, shared providers as one node."""
    from sovereignty.services.offer import load_offer

    models = [offer_model(load_offer(tender, v, as_of)) for v in tender.vendor_ids()]
    return analyse_model(merge_models(models))


def report_json(report: FlowReport, vendor_id: str | None, lang: Lang) -> dict[str, Any]:
    """The documented JSON form (docs/dataflow.md): ``schema``, ``scope``, then the tables."""
    return {
        "schema": REPORT_SCHEMA,
        "scope": vendor_id or "tender",
        **report.analysis.to_data(lang),
    }


def size_text(report: FlowReport, lang: Lang) -> str:
    """ "12 nœuds, 15 flux" / "12 nodes, 15 flows"."""
    from sovereignty.dataflow.catalogue import catalogue

    return (
        catalogue()
        .phrases["graph_size"](lang)
        .format(nodes=report.graph.number_of_nodes, flows=report.graph.number_of_flows)
    )


def install_demo_flows(tender: Tender) -> list[Path]:
    """Copy the shipped demo flows files into the demo tender's vendor folders."""
    copied = []
    for vendor_id in tender.vendor_ids():
        source = DEMO_FLOWS / f"{vendor_id}.yaml"
        target = tender.flows_path(vendor_id)
        if source.is_file() and not target.exists():
            shutil.copyfile(source, target)
            copied.append(target)
    return copied


def demo_step(tender: Tender, out: Path, lang: Lang) -> DemoStep:
    """Per-vendor PNG and GraphML, the whole GHT as PNG, and the findings counted per vendor."""
    from sovereignty.dataflow.catalogue import catalogue
    from sovereignty.dataflow.export import export_graph
    from sovereignty.findings.model import SEVERITY_LABEL
    from sovereignty.services.demo import DemoStep

    phrases = catalogue().phrases

    step = DemoStep("flows")
    step.files.extend(install_demo_flows(tender))
    folder = out / "flows"
    for vendor_id in tender.vendor_ids():
        report = vendor_flows(tender, vendor_id)
        name = tender.load_sheet(vendor_id).vendor.name
        for suffix in (".png", ".graphml"):
            path = folder / f"{vendor_id}{suffix}"
            export_graph(report.graph, path, lang, title=name)
            step.files.append(path)
        findings = report.analysis.findings_of(vendor_id)
        counts: dict[str, int] = {}
        for finding in findings:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
        detail = ", ".join(
            f"{n} {SEVERITY_LABEL[s](lang).lower()}" for s, n in counts.items()
        ) or phrases["no_finding"](lang)
        ids = " ".join(sorted({f.id for f in findings}))
        colon = " : " if lang == "fr" else ": "
        step.summary.append(f"{name}{colon}{size_text(report, lang)} — {detail} {ids}".rstrip())
    whole = tender_flows(tender)
    title = tender.settings.ght or tender.settings.name
    path = export_graph(whole.graph, folder / "ght.png", lang, title=title)
    step.files.append(path)
    shared = [f for f in whole.analysis.findings if f.id == "FLOW-06"]
    concentrations = phrases["concentrations"](lang).format(count=len(shared))
    named = "".join(
        f" — {f.id} {SEVERITY_LABEL[f.severity](lang).lower()} : {f.title(lang)}"
        if lang == "fr"
        else f" — {f.id} {SEVERITY_LABEL[f.severity](lang).lower()}: {f.title(lang)}"
        for f in shared
    )
    step.summary.append(
        ("GHT : " if lang == "fr" else "GHT: ")
        + f"{size_text(whole, lang)}, {concentrations}{named}"
    )
    return step
