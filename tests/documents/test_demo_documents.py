"""Every document of the demo tender, reopened with python-docx and checked for its content."""

from __future__ import annotations

import re

import pytest

from sovereignty.clauses.loader import load_library
from sovereignty.documents.annex_context import select_for_offer
from sovereignty.services.documents import Written
from sovereignty.services.offer import analyse_offer
from sovereignty.tender.folder import Tender
from tests.documents.docx_reading import (
    AS_OF,
    body_text,
    field_instructions,
    header_text,
    headings,
    open_docx,
    structure_problems,
    tables,
)

Docs = dict[tuple[str, str | None], Written]
VENDORS = ("northbridge", "openscan", "radiance")
BASE = {"PURPOSE-01", "SEC-01", "INCIDENT-01", "TRAIN-01", "AUDIT-01", "REV-01", "EXIT-01"}

# What the demo offers' answers call for (see examples/demo/vendors/*.yaml):
# northbridge is a SaaS on a US hyperscaler with support from India and the US, a US GPAI model
# and exit fees; radiance runs on premises in France; openscan claims "not a device" while the
# hospital's intended use is triage.
MUST = {
    "northbridge": {
        "HOST-01": "strengthened",
        "HOST-02": None,
        "TRANSFER-01": None,
        "AIA-02": None,
        "SUB-01": "strengthened",
        "REV-01": "strengthened",
    },
    "radiance": {"HOST-01": "standard", "REV-01": "standard", "AIA-01": "high_risk"},
    "openscan": {"PURPOSE-01": "strengthened", "AIA-01": "high_risk"},
}
MUST_NOT = {
    "northbridge": set(),
    "radiance": {"HOST-02", "TRANSFER-01", "AIA-02"},
    "openscan": {"TRANSFER-01", "AIA-02"},
}


def test_the_demo_writes_an_annex_and_a_report_per_offer_and_one_comparison(
    demo_documents: Docs,
) -> None:
    expected = {(k, v) for v in VENDORS for k in ("annex", "report")} | {("comparison", None)}
    assert set(demo_documents) == expected
    for written in demo_documents.values():
        assert written.path.is_file()
        assert written.seconds < 10


@pytest.mark.parametrize("key", ["annex", "report", "comparison"])
def test_every_document_is_structurally_sound_with_a_professional_frame(
    demo_documents: Docs, demo_tender: Tender, key: str
) -> None:
    for (kind, _), written in demo_documents.items():
        if kind != key:
            continue
        assert structure_problems(written.path) == []
        document = open_docx(written.path)
        assert headings(document, 1), "no Heading 1 paragraph"
        fields = field_instructions(written.path)
        assert any(f.startswith("TOC ") for f in fields)
        assert "PAGE" in fields and "NUMPAGES" in fields
        header = header_text(document)
        assert demo_tender.settings.name in header
        assert "30 novembre 2026" in header
        assert re.search(r"sha256:[0-9a-f]{12}", header), header
        assert "{{" not in body_text(document) and "{%" not in body_text(document)


@pytest.mark.parametrize("vendor", VENDORS)
def test_each_annex_holds_the_clauses_its_offer_calls_for_and_no_other(
    demo_documents: Docs, demo_tender: Tender, vendor: str
) -> None:
    library = load_library(demo_tender.bank)
    offer = analyse_offer(demo_tender, vendor, AS_OF)
    selected, _ = select_for_offer(offer, library, "fr")
    chosen = {s.clause.id: s.variant.id for s in selected}
    assert set(chosen) >= BASE
    for clause_id, variant in MUST[vendor].items():
        assert clause_id in chosen, clause_id
        if variant:
            assert chosen[clause_id] == variant, clause_id
    assert not MUST_NOT[vendor] & set(chosen)

    document = open_docx(demo_documents[("annex", vendor)].path)
    text = body_text(document)
    articles = headings(document, 2)
    assert articles == [f"Article {i} — {s.title}" for i, s in enumerate(selected, start=1)]
    for clause_id, clause in library.clauses.items():
        if clause_id not in chosen:
            assert clause.title("fr") not in text, f"{clause_id} should not be in the annex"
            assert f"[{clause_id}" not in text
    assert offer.name in text
    for chosen_clause in selected:  # each article's text, with its answers filled in
        for paragraph in chosen_clause.paragraphs:
            assert paragraph in text


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_traceability_table_says_what_triggered_each_article(
    demo_documents: Docs, demo_tender: Tender, vendor: str
) -> None:
    library = load_library(demo_tender.bank)
    offer = analyse_offer(demo_tender, vendor, AS_OF)
    selected, _ = select_for_offer(offer, library, "fr")
    document = open_docx(demo_documents[("annex", vendor)].path)
    trace = next(t for t in tables(document) if t[0][:2] == ["Art.", "Clause"])
    rows = trace[1:]
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(selected) + 1)]
    assert [r[1] for r in rows] == [s.clause.id for s in selected]
    for row, chosen in zip(rows, selected, strict=True):
        why = row[3]
        assert why.strip()
        if chosen.clause.when is None:
            assert "clause de base" in why
        for trigger in chosen.triggers:
            if trigger.kind == "finding":
                assert trigger.ref in why
            if trigger.kind == "answer" and trigger.ref:
                assert trigger.ref in why
    # a finding that names a remedy leads to that clause, and the table says so
    for finding in offer.findings:
        for clause_id in finding.clauses:
            row = next(r for r in rows if r[1] == clause_id)
            assert finding.id in row[3] or clause_id in {
                s.clause.id for s in selected if s.clause.when is None
            }


def test_northbridge_s_annex_fills_its_answers_into_the_clauses(
    demo_documents: Docs, demo_tender: Tender
) -> None:
    text = body_text(open_docx(demo_documents[("annex", "northbridge")].path))
    sheet = demo_tender.load_sheet("northbridge")
    provider = sheet.answers["hosting.provider_name"].value
    assert f"hébergeur déclaré : {provider}" in text
    assert "Autre pays de l'EEE" in text or "États-Unis" in text
    assert "[à compléter" not in text  # northbridge answered everything the clauses quote


@pytest.mark.parametrize("vendor", VENDORS)
def test_each_report_has_every_section_and_the_offer_s_findings_and_gaps(
    demo_documents: Docs, demo_tender: Tender, vendor: str
) -> None:
    offer = analyse_offer(demo_tender, vendor, AS_OF)
    document = open_docx(demo_documents[("report", vendor)].path)
    text = body_text(document)
    assert headings(document, 1) == [
        "Synthèse",
        "Qualification au regard du règlement sur l'IA",
        "Constats par gravité",
        "Notation",
        "Flux de données",
        "Questions sans réponse",
    ]
    assert offer.classification is not None
    for regime in offer.classification.regimes:
        assert regime.title("fr") in text
    for obligation in offer.classification.obligations_of("hospital"):
        assert obligation.title("fr") in text
    for finding in offer.findings:
        assert f"{finding.id} — {finding.title('fr')}" in text
    unknown = [q for q, a in offer.sheet.answers.items() if a.unknown]
    for question_id in unknown:
        assert question_id in text
    if vendor == "openscan":
        assert unknown, "openscan is the demo offer with 'I don't know' answers"
    assert "Note totale" in text


def test_the_comparison_report_ranks_every_offer_on_the_published_grid(
    demo_documents: Docs, demo_tender: Tender
) -> None:
    from sovereignty.services.scoring import compare_tender

    result, comparison = compare_tender(demo_tender)
    path = demo_documents[("comparison", None)].path
    document = open_docx(path)
    text = body_text(document)
    assert result.loaded.hash.removeprefix("sha256:") in text  # the full hash of the grid
    ranking = next(t for t in tables(document) if t[0][:2] == ["Rang", "Offre"])
    names = [row[1] for row in ranking[1:]]
    expected = [e.name for e in (*comparison.ranking, *comparison.eliminated)]
    assert names == expected
    for criterion in result.loaded.profile.criteria:
        assert criterion.label("fr") in text
    assert len(document.inline_shapes) >= 2  # the score charts
    assert "Sensibilité aux pondérations" in text


def test_documents_can_be_written_in_english(demo_tender: Tender, tmp_path: object) -> None:
    from pathlib import Path

    from sovereignty.services.documents import Options, write_annex, write_report

    folder = Path(str(tmp_path))
    write_annex(demo_tender, "radiance", folder / "a.docx", Options(lang="en", as_of=AS_OF))
    write_report(demo_tender, "radiance", folder / "r.docx", Options(lang="en", as_of=AS_OF))
    annex = open_docx(folder / "a.docx")
    assert headings(annex, 1)[0] == "Preamble"
    assert headings(annex, 2)[0].startswith("Article 1 — Intended purpose")
    assert "30 November 2026" in header_text(annex)
    report = open_docx(folder / "r.docx")
    assert headings(report, 1)[0] == "Summary"
    assert "Synthèse" not in body_text(report)
