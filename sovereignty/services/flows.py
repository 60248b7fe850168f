"""Data-flow graphs of a tender's offers: build them, analyse them, export them.

One offer's graph comes from its answer sheet and, when present, the hospital's flows file
(``vendors/<id>/flows.yaml``); the tender's graph merges every offer into one GHT graph, where a
provider shared by several vendors is one node (and concentration becomes visible, FLOW-06).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sovereignty.analysis.flows import (
    FlowReport,
    analyse_model,
    hospital_side,
    offer_answers,
    offer_model,
)
from sovereignty.analysis.tender import TenderAnalysis
from sovereignty.core.model import Lang
from sovereignty.core.yamlio import write_atomic
from sovereignty.tender.folder import Tender

if TYPE_CHECKING:
    from sovereignty.services.demo import DemoStep

# The graph building lives with the tender analysis (sovereignty.analysis.flows).
__all__ = [
    "FlowReport",
    "analyse_model",
    "demo_step",
    "hospital_side",
    "offer_answers",
    "offer_model",
    "report_json",
    "size_text",
    "tender_flows",
    "vendor_flows",
]

DEMO_FLOWS = Path(__file__).resolve().parent.parent / "dataflow" / "data" / "demo"
# The format of ``flows --json`` (docs/dataflow.md); not the flows file's, sovereignty/flows/1.
REPORT_SCHEMA = "sovereignty/flow-report/1"


def vendor_flows(tender: Tender, vendor_id: str, as_of: dt.date | None = None) -> FlowReport:
    """One offer's graph and analysis, from the analysis the command shares (made once)."""
    return TenderAnalysis.of(tender, as_of).flows(vendor_id)


def tender_flows(tender: Tender, as_of: dt.date | None = None) -> FlowReport:
    """The whole tender as one GHT graph: every offer merged, shared providers as one node."""
    return TenderAnalysis.of(tender, as_of).ght_flows()


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
    analysis = TenderAnalysis.of(tender)
    for vendor_id in tender.vendor_ids():
        offer = analysis.loaded(vendor_id)
        report, name = analysis.flows(vendor_id), offer.name
        png, graphml = folder / f"{vendor_id}.png", folder / f"{vendor_id}.graphml"
        write_atomic(png, report.png(lang, name))  # drawn once: the report reuses it
        export_graph(report.graph, graphml, lang, title=name)
        step.files.extend([png, graphml])
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
    whole = analysis.ght_flows()
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
