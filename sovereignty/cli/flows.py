"""`sovereignty flows`: the data-flow graph of an offer (or of the whole tender), its findings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sovereignty.cli.options import (
    bilingual,
    dir_option,
    echo,
    echo_json,
    json_option,
    lang_option,
    path_option,
)
from sovereignty.core.errors import UsageError
from sovereignty.core.model import Lang

if TYPE_CHECKING:
    from sovereignty.findings.model import Finding
    from sovereignty.services.flows import FlowReport

LABELS = {
    "fr": {
        "nodes": "nœuds",
        "flows": "flux",
        "reach": "Catégories de données → pays atteints",
        "findings": "Constats",
        "none": "Aucun constat sur les flux.",
        "path": "Chemin",
        "legal": "Réf.",
        "clauses": "Clauses",
        "tender": "Consultation entière (GHT)",
        "written": "Écrit",
    },
    "en": {
        "nodes": "nodes",
        "flows": "flows",
        "reach": "Data categories → countries reached",
        "findings": "Findings",
        "none": "No data-flow finding.",
        "path": "Path",
        "legal": "Refs",
        "clauses": "Clauses",
        "tender": "Whole tender (GHT)",
        "written": "Written",
    },
}


@click.command()
@click.argument("vendor_id", required=False)
@click.option(
    "--all",
    "whole",
    is_flag=True,
    help=bilingual("Toute la consultation (graphe du GHT).", "The whole tender (the GHT's graph)."),
)
@path_option(
    "--export",
    "export_path",
    help=bilingual(
        "Écrire le graphe : .graphml, .dot, .mmd (Mermaid) ou .png.",
        "Write the graph: .graphml, .dot, .mmd (Mermaid) or .png.",
    ),
)
@dir_option
@lang_option
@json_option
def flows(
    vendor_id: str | None,
    whole: bool,
    export_path: Path | None,
    tender_dir: Path | None,
    lang: Lang | None,
    as_json: bool,
) -> None:
    """Flux de données d'une offre : où vont les données, sous quel droit, qui les lit.

    Pour une offre (ID_OFFRE) ou toute la consultation (--all) : quelles données atteignent quel
    pays, exposition au droit extraterritorial, qui lit les données de santé en clair, chaînes de
    sous-traitance, points de défaillance uniques, concentration et lacunes de réversibilité.
    \f
    Data flows of an offer (VENDOR_ID) or of the whole tender (--all): which data reaches which
    country, exposure to extraterritorial law, who reads health data in clear, sub-processor
    chains, single points of failure, concentration and reversibility gaps.
    """
    from sovereignty.services.flows import tender_flows, vendor_flows
    from sovereignty.tender.folder import Tender

    if (vendor_id is None) == (not whole):
        from sovereignty.core.model import Text

        raise UsageError(
            Text(
                fr="donnez VENDOR_ID, ou --all pour toute la consultation (pas les deux)",
                en="give a VENDOR_ID, or --all for the whole tender (not both)",
            )
        )
    tender = Tender.open(tender_dir)
    lang = lang or tender.settings.language
    if vendor_id is not None:
        tender.require_vendor(vendor_id)
        report = vendor_flows(tender, vendor_id)
        title = tender.load_sheet(vendor_id).vendor.name
    else:
        report = tender_flows(tender)
        title = tender.settings.ght or tender.settings.name
    if export_path is not None:
        from sovereignty.dataflow.export import export_graph

        export_graph(report.graph, export_path, lang, title=title)
        tender.log("flows.exported", None, vendor=vendor_id or "*", file=str(export_path))
    if as_json:
        from sovereignty.services.flows import report_json

        data: dict[str, Any] = report_json(report, vendor_id, lang)
        if export_path is not None:
            data["export"] = str(export_path)
        data["journal"] = tender.journal_head().data()
        echo_json(data)
        return
    _print(report, title, vendor_id, lang)
    if export_path is not None:
        echo(
            f"{LABELS[lang]['written']} : {export_path}"
            if lang == "fr"
            else f"Written: {export_path}"
        )


def _print(report: FlowReport, title: str, vendor_id: str | None, lang: Lang) -> None:
    text = LABELS[lang]
    analysis = report.analysis
    ctx = analysis.context
    graph = report.graph
    scope = f"[{vendor_id}]" if vendor_id else f"— {text['tender']}"
    echo(click.style(f"{title} {scope}", bold=True))
    echo(f"  {graph.number_of_nodes} {text['nodes']}, {graph.number_of_flows} {text['flows']}")
    echo(click.style(f"\n{text['reach']}", bold=True))
    table: dict[tuple[str, str], dict[str, bool]] = {}
    for entry in analysis.reach:
        if vendor_id is None or entry.vendor == vendor_id:
            countries = table.setdefault((entry.vendor, entry.category), {})
            countries[entry.country] = ctx.juris.is_eea(entry.country)
    names = ctx.texts.category_names
    for (vendor, category), countries in sorted(table.items()):
        listed = ", ".join(
            ctx.country(c, lang) + ("" if eea else " (!)")
            for c, eea in sorted(countries.items(), key=lambda item: (not item[1], item[0]))
        )
        who = "" if vendor_id else f"{vendor}{' : ' if lang == 'fr' else ': '}"
        echo(f"  {who}{names[category](lang)} → {listed}")
    findings = analysis.findings_of(vendor_id) if vendor_id else analysis.findings
    echo(click.style(f"\n{text['findings']} ({len(findings)})", bold=True))
    if not findings:
        echo(f"  {text['none']}")
    for finding in findings:
        _print_finding(finding, vendor_id is None, lang)


def _print_finding(finding: Finding, show_vendor: bool, lang: Lang) -> None:
    from sovereignty.core.legal import cite
    from sovereignty.findings.model import SEVERITY_LABEL

    text = LABELS[lang]
    colour = {"blocking": "red", "major": "yellow"}.get(finding.severity)
    severity = click.style(f"[{SEVERITY_LABEL[finding.severity](lang)}]", fg=colour, bold=True)
    vendor = f" ({finding.vendor})" if show_vendor and finding.vendor else ""
    echo(f"\n  {severity} {finding.id}{vendor} {finding.title(lang)}")
    echo(click.wrap_text(finding.explanation(lang), 96, "      ", "      "))
    echo(f"      {text['legal']} : " if lang == "fr" else f"      {text['legal']}: ", nl=False)
    echo((" ; " if lang == "fr" else "; ").join(cite(ref, lang) for ref in finding.legal))
    echo(
        f"      {text['clauses']} : {', '.join(finding.clauses)}"
        if lang == "fr"
        else f"      {text['clauses']}: {', '.join(finding.clauses)}"
    )
