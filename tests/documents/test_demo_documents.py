"""Every document of the demo tender, reopened with python-docx and checked for its content."""

from __future__ import annotations

import re

import pytest

from sovereignty.core.model import Lang
from sovereignty.findings.model import SEVERITY_LABEL
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
    assert "Note de la grille" in text


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
    expected = [e.name for e in (*comparison.ranking, *comparison.rejected)]
    assert names == expected
    for criterion in result.loaded.profile.criteria:
        assert criterion.label("fr") in text
    assert len(document.inline_shapes) >= 2  # the score charts
    assert "Sensibilité aux pondérations" in text
    # The eliminating conditions in words: question and choice labels, regime titles.
    gates = next(t for t in tables(document) if t[0][:2] == ["Condition", "Non respectée si"])
    conditions = {row[0]: row[1] for row in gates[1:]}
    assert len(conditions) == len(result.loaded.profile.requirements)
    hds = conditions["Données de santé hébergées par un hébergeur certifié HDS"]
    assert hds == "« L'hébergeur est-il certifié HDS ? » (hosting.hds) : réponse « Non »"
    prohibited = conditions["Aucune pratique d'IA interdite"]
    # the regime reads the answers itself (Art. 5(1)(f) and (g) are decided from facts)
    assert prohibited == "le régime AI Act « Pratique interdite (art. 5) » s'applique"
    for condition in conditions.values():
        assert " vaut " not in condition and "« no »" not in condition
        assert "social_scoring" not in condition


def test_documents_can_be_written_in_english(demo_tender: Tender, tmp_path: object) -> None:
    from pathlib import Path

    from sovereignty.services.documents import Options, write_annex, write_report

    folder = Path(str(tmp_path))
    write_annex(demo_tender, "radiance", folder / "a.docx", Options(lang="en", as_of=AS_OF))
    write_report(demo_tender, "radiance", folder / "r.docx", Options(lang="en", as_of=AS_OF))
    annex = open_docx(folder / "a.docx")
    assert headings(annex, 1)[0] == "Preamble"
    assert headings(annex, 2)[0] == "Article 1 — Definitions"
    assert "30 November 2026" in header_text(annex)
    report = open_docx(folder / "r.docx")
    assert headings(report, 1)[0] == "Summary"
    assert "Synthèse" not in body_text(report)


@pytest.fixture(scope="module")
def english_annexes(demo_tender: Tender, tmp_path_factory: pytest.TempPathFactory) -> Docs:
    from sovereignty.services.documents import Options, write_annex

    folder = tmp_path_factory.mktemp("annexes-en")
    options = Options(lang="en", as_of=AS_OF)
    return {
        ("annex", v): write_annex(demo_tender, v, folder / f"annex-{v}.docx", options)[0]
        for v in VENDORS
    }


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("vendor", VENDORS)
def test_no_annex_doubles_a_full_stop_or_capitalises_a_label_mid_sentence(
    demo_documents: Docs, english_annexes: Docs, vendor: str, lang: Lang
) -> None:
    written = (demo_documents if lang == "fr" else english_annexes)[("annex", vendor)]
    text = body_text(open_docx(written.path))
    assert ".." not in text.replace("...", "")
    assert not re.search(r"\bpar L'|\bby The\b", text)
    if lang == "fr":
        assert "programmé.." not in text
        assert "Le Titulaire garantit" in text
    else:
        assert "Le Titulaire" not in text and "L'Établissement" not in text
        assert "The Contractor" in text


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_report_names_answers_paths_severities_and_causes_in_words(
    demo_documents: Docs, demo_tender: Tender, vendor: str
) -> None:
    from sovereignty.services.scoring import score_tender

    text = body_text(open_docx(demo_documents[("report", vendor)].path))
    offer = analyse_offer(demo_tender, vendor, AS_OF)
    bank = demo_tender.bank
    # graph node ids (sys:..., svc:..., people:...) and raw severities never reach the reader
    assert not re.search(r"\b(sys|svc|people|entity|host|site):[a-z]", text)
    assert not re.search(r"\((blocking|major|minor|info)\b", text)
    assert "axis:" not in text
    for finding in offer.findings:
        for ref in finding.triggers:  # each answer behind a finding, by its question's label
            assert f"{bank.by_id[ref.question].label('fr')} " in text, ref.question
            assert f"({ref.question})" in text
    # a score lost to a finding says which finding, how grave, and what it is
    result = score_tender(demo_tender)
    score = next(s for s in result.scores if s.vendor == vendor)
    for criterion in score.criteria:
        items = getattr(result.loaded.profile.criterion(criterion.id).scoring, "items", ())
        for evidence in criterion.evidence:
            item = items[evidence.item] if evidence.item is not None else None
            if getattr(item, "label", None) is not None:  # the grid item a line scores
                assert f"{item.label('fr')} : " in text  # type: ignore[union-attr]
            if evidence.kind == "finding":
                raised = next(
                    f
                    for f in offer.findings
                    if f.id == evidence.finding and f.subject == evidence.subject
                )
                severity = SEVERITY_LABEL[raised.severity].fr
                assert f"{raised.id} ({severity}) : {raised.title('fr')} → −" in text
    assert "éliminée" not in text  # a score never sets an offer aside


def test_scores_in_the_documents_have_the_cli_s_precision(
    demo_documents: Docs, demo_tender: Tender
) -> None:
    from sovereignty.scoring.figures import number
    from sovereignty.services.scoring import score_tender

    scores = {s.vendor: s for s in score_tender(demo_tender, as_of=AS_OF).scores}
    assert any(round(s.total, 2) != round(s.total) for s in scores.values())  # the test can fail
    comparison = open_docx(demo_documents[("comparison", None)].path)
    ranking = next(t for t in tables(comparison) if t[0][:2] == ["Rang", "Offre"])
    totals = {row[1]: row[2] for row in ranking[1:]}
    for vendor, score in scores.items():
        total = number(score.total, "fr", 2)  # "53,95", as `sovereignty score` writes it
        assert totals[score.name] == total
        report = body_text(open_docx(demo_documents[("report", vendor)].path))
        assert f"{total} / 100" in report
        for criterion in score.criteria:
            assert f"{number(criterion.points, 'fr', 2)} / " in report


@pytest.mark.parametrize("vendor", VENDORS)
def test_french_annexes_put_a_space_before_each_semicolon(
    demo_documents: Docs, vendor: str
) -> None:
    text = body_text(open_docx(demo_documents[("annex", vendor)].path))
    assert " ; " in text  # legal references and reasons are listed
    assert re.findall(r".{30}\S;", text) == []


def test_severity_counts_agree_with_their_number() -> None:
    from types import SimpleNamespace

    from sovereignty.documents.report_context import cites, severity_counts

    findings = [SimpleNamespace(severity=s) for s in ("major", "major", "minor", "info", "info")]
    assert severity_counts(findings, "fr") == "2 majeurs, 1 mineur, 2 informations"
    assert severity_counts(findings, "en") == "2 major, 1 minor, 2 informational"
    assert severity_counts(findings[2:4], "fr") == "1 mineur, 1 information"
    refs = ["DA art. 29", "GDPR art. 28"]
    assert (
        " ; " in cites(refs, "fr") and "; " in cites(refs, "en") and " ;" not in cites(refs, "en")
    )


def test_the_report_summary_counts_findings_in_agreeing_words(demo_documents: Docs) -> None:
    text = body_text(open_docx(demo_documents[("report", "northbridge")].path))
    assert re.search(r"\b\d*[02-9] (?:majeur|mineur|bloquant|information)\b", text) is None
    assert re.search(r"\b\d+ (?:majeurs|mineurs|informations)\b", text)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("vendor", VENDORS)
def test_no_annex_doubles_a_word(
    demo_documents: Docs, english_annexes: Docs, vendor: str, lang: Lang
) -> None:
    written = (demo_documents if lang == "fr" else english_annexes)[("annex", vendor)]
    text = body_text(open_docx(written.path))
    doubled = [m.group(0) for m in re.finditer(r"\b(\w+) \1\b", text, re.IGNORECASE)]
    assert doubled == []


def test_every_document_names_the_journal_head_it_rests_on(
    demo_documents: Docs, demo_tender: Tender
) -> None:
    from sovereignty.tender.journal import raw_lines

    hashes = [own for _, _, own in raw_lines(demo_tender.journal_path)]
    for written in demo_documents.values():
        rows = [row for table in tables(open_docx(written.path)) for row in table]
        shown = next(row[-1] for row in rows if row[0] == "Journal de la consultation")
        found = re.fullmatch(r"(\d+) entrées, dernière ([0-9a-f]{16})", shown)
        assert found, shown
        entries, head = int(found.group(1)), found.group(2)
        assert hashes[entries - 1].startswith(head)  # the journal's last entry at the time
