"""The tender analysis: each sheet loaded and each offer analysed once per command, shared by
every step; a document about one offer analyses that offer only; a sheet changed on disk is read
again; the diagram is drawn once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sovereignty.analysis.offer import COUNTS
from sovereignty.analysis.tender import TenderAnalysis
from sovereignty.services.demo import build_demo_tender
from sovereignty.tender.folder import Tender


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_tender(tmp_path_factory.mktemp("analysis") / "tender").root


@pytest.fixture
def tender(demo_root: Path) -> Iterator[Tender]:
    yield Tender.open(demo_root)  # a fresh command: a fresh tender object, a fresh analysis


def analyses(run: object) -> int:
    before = COUNTS["offer"]
    assert callable(run)
    run()
    return COUNTS["offer"] - before


def test_every_step_of_a_command_shares_one_analysis_per_offer(tender: Tender) -> None:
    from sovereignty.services.classify import classify_vendor
    from sovereignty.services.flows import vendor_flows
    from sovereignty.services.offer import analyse_offer
    from sovereignty.services.scoring import offer_inputs

    vendors = tender.vendor_ids()

    def steps() -> None:
        for vendor in vendors:
            classify_vendor(tender, vendor, TenderAnalysis.of(tender).as_of)
            vendor_flows(tender, vendor)
            offer_inputs(tender, vendor)
            analyse_offer(tender, vendor)

    assert analyses(steps) == len(vendors)
    assert analyses(steps) == 0  # the same command again: nothing recomputed
    first = analyse_offer(tender, vendors[0])
    assert first is analyse_offer(tender, vendors[0])
    assert first.classification is not None and first.graph is not None
    assert {f.source for f in first.findings} >= {"answers", "graph"}


def test_the_ght_graph_merges_the_offers_models_without_classifying_them(tender: Tender) -> None:
    from sovereignty.services.flows import tender_flows

    report = analyses(lambda: tender_flows(tender))
    assert report == 0
    whole = tender_flows(tender)
    assert whole is tender_flows(tender)
    assert whole.graph.offers() == sorted(tender.vendor_ids())


def test_an_annex_analyses_its_offer_only(tender: Tender, tmp_path: Path) -> None:
    from sovereignty.services.documents import Options, write_annex

    vendor = tender.vendor_ids()[0]
    out = tmp_path / "annex.docx"
    assert analyses(lambda: write_annex(tender, vendor, out, Options())) == 1
    assert out.is_file()


def test_a_sheet_changed_on_disk_is_read_again(tender: Tender) -> None:
    analysis = TenderAnalysis.of(tender)
    vendor = tender.vendor_ids()[0]
    before = analysis.offer(vendor)
    sheet = tender.load_sheet(vendor)
    changed = sheet.model_copy(
        update={"vendor": sheet.vendor.model_copy(update={"name": "Renamed SAS"})}
    )
    tender.save_sheet(changed, "vendor.updated", "test", vendor=vendor)
    after = analysis.offer(vendor)
    assert after is not before and after.name == "Renamed SAS"
    tender.save_sheet(sheet, "vendor.updated", "test", vendor=vendor)


def test_the_diagram_is_drawn_once_per_language(
    tender: Tender, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sovereignty.dataflow.draw as draw

    drawn: list[str] = []
    real = draw.draw_png

    def counting(graph: object, lang: str, title: str = "", dpi: int = 150) -> bytes:
        drawn.append(lang)
        return real(graph, lang, title, dpi)  # type: ignore[arg-type]

    monkeypatch.setattr(draw, "draw_png", counting)
    report = TenderAnalysis.of(tender).flows(tender.vendor_ids()[0])
    first = report.png("fr", "Offre")
    assert report.png("fr", "Offre") is first and first.startswith(b"\x89PNG")
    report.png("en", "Offer")
    assert drawn == ["fr", "en"]
