"""The offer analysis report and the letters, reopened with python-docx: for each regular
offer a score and a written justification per criterion and sub-criterion, the offers set
aside with their reasons, prices, ranking, evaluators, award proposal, signatures; the
letters with their reasons, scores, standstill and remedies; LibreOffice opens them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sovereignty.services.award import prices_step
from sovereignty.services.award_documents import award_facts, write_letters, write_rao
from sovereignty.services.demo import build_demo_tender
from sovereignty.services.documents import Options, Written
from sovereignty.tender.folder import Tender
from tests.documents.docx_reading import AS_OF, body_text, headings, open_docx, tables

QUESTION_ID = re.compile(r"\b[a-z_]+\.[a-z_]+\b")


@pytest.fixture(scope="module")
def award_tender(tmp_path_factory: pytest.TempPathFactory) -> Tender:
    """The demo tender, priced, frozen, marked by its two evaluators, plus an offer whose vendor
    answered nothing."""
    from sovereignty.services import scoring

    root = tmp_path_factory.mktemp("award") / "tender"
    tender = build_demo_tender(root)
    prices_step(tender, root, "fr")
    scoring.demo_step(tender, root, "fr")
    tender.add_vendor("vide", "Offre Vide SAS")
    return tender


@pytest.fixture(scope="module")
def written(award_tender: Tender) -> dict[str, Written]:
    options = Options(lang="fr", as_of=AS_OF)
    facts = award_facts(award_tender, options)
    folder = award_tender.root / "documents"
    files = write_rao(award_tender, folder / "rao.docx", options, facts)
    files += write_letters(award_tender, folder / "letters", options, facts)
    return {w.path.stem: w for w in files}


def test_the_report_follows_the_contents_the_code_requires(
    written: dict[str, Written], award_tender: Tender
) -> None:
    document = open_docx(written["rao"].path)
    assert headings(document, 1) == [
        "Acheteur, objet et procédure",
        "Critères d'attribution et exigences minimales publiés",
        "Offres reçues",
        "Offres écartées avant classement",
        "Analyse des offres régulières",
        "Analyse des prix",
        "Classement final",
        "Commission d'analyse",
        "Proposition d'attribution",
    ]
    text = body_text(document)
    assert "établissement support du GHT Rives de Loire" in text and "CSP art. L6132-3" in text
    assert len(text.split()) > 800
    # Offers set aside: the non-CE clinical use with its answers and legal basis; the empty
    # offer with the questions to put to its bidder.
    assert headings(document, 2)[1:3] == [
        "OpenScan Coop — irrégulière",
        "Offre Vide SAS — incomplète",
    ]
    assert "Exigence « Marquage CE exigé par l'usage clinique prévu » non respectée" in text
    assert "Pas un dispositif médical" in text and "art. L2152-2" in text
    assert "L'hébergeur est-il certifié HDS ?" in text  # a question to ask the empty offer
    # Evaluators by name and establishment, an award proposal and a signature block.
    assert "Dr Claire Morel" in text and "CH de Valmont" in text
    assert "Il est proposé d'attribuer le marché à Radiance Santé SAS" in text
    assert text.count("Signature :") == 3
    # Abnormally low check with the questions to ask.
    assert "Questions à poser" in text and "aide d'État" in text


def test_each_regular_offer_has_a_score_and_a_justification_per_criterion(
    written: dict[str, Written], award_tender: Tender
) -> None:
    from sovereignty.services.scoring import compare_tender

    result, comparison = compare_tender(award_tender, draws=0)
    profile = result.loaded.profile
    assert profile.award is not None
    document = open_docx(written["rao"].path)
    analysis = [t for t in tables(document) if t[0] == ["Critère", "Note", "Justification"]]
    assert len(analysis) == len(comparison.ranking) == 2
    for entry, table in zip(comparison.ranking, analysis, strict=True):
        rows = {row[0].strip(): (row[1], row[2]) for row in table[1:]}
        expected = [c.label("fr") for c in profile.award.criteria]
        expected += [c.label("fr") for c in profile.criteria]
        assert sorted(rows) == sorted(expected), entry.vendor
        for name, (score, justification) in rows.items():
            assert re.fullmatch(r"[\d ]+(,\d+)? / [\d ]+(,\d+)?", score), (name, score)
            assert justification.strip() not in ("", "—"), (entry.vendor, name)
            assert not QUESTION_ID.search(justification), (name, justification)
        price = rows[profile.award.criteria[0].label("fr")]
        assert "coût du cycle de vie" in price[1].lower() or "Coût du cycle de vie" in price[1]
    # The published numbers: the totals are the comparison's.
    ranking = next(t for t in tables(document) if t[0][:2] == ["Rang", "Offre"])
    from sovereignty.scoring.figures import number

    assert [row[3] for row in ranking[1:]] == [number(e.total, "fr", 2) for e in comparison.ranking]
    # An evaluator's mark is justified by name, never by login.
    radiance = "\n".join(row[2] for row in analysis[0])
    assert "Dr Claire Morel (CHU de Port-Sainte-Anne) : 4 sur 5" in radiance
    assert "claire-morel" not in radiance


def test_the_letters_give_reasons_scores_standstill_and_remedies(
    written: dict[str, Written],
) -> None:
    assert sorted(k for k in written if k != "rao") == [
        "clarification-vide",
        "rejection-northbridge",
        "rejection-openscan",
        "winner-radiance",
    ]
    ranked = open_docx(written["rejection-northbridge"].path)
    text = body_text(ranked)
    assert "Objet : information sur le rejet de votre offre" in text
    assert "classée au rang 2 sur 2" in text and "Radiance Santé SAS" in text
    scores = next(t for t in tables(ranked) if t[0][0] == "Critère")
    assert [row[0] for row in scores[1:]] == [
        "Prix : coût du cycle de vie sur la durée du marché",
        "Valeur technique : souveraineté, conformité et sécurité",
        "Performance environnementale",
        "Note totale /100",
    ]
    assert all(row[1] and row[2] for row in scores[1:])
    assert "L'offre de l'attributaire l'emporte notamment sur" in text
    assert "11 jours" in text and "CCP art. R2182-1" in text and "CJA art. L551-1" in text
    irregular = body_text(open_docx(written["rejection-openscan"].path))
    assert "écartée avant classement car elle est irrégulière" in irregular
    assert "Marquage CE exigé par l'usage clinique prévu" in irregular
    winner = body_text(open_docx(written["winner-radiance"].path))
    assert "Votre offre est classée première" in winner and "CCP art. R2152-13" in winner
    # what the winner must do next, and that the letter does not conclude the contract
    assert "aucun cas d'exclusion" in winner and "blancs numérotés" in winner
    assert "ne vaut pas notification" in winner
    clarification = body_text(open_docx(written["clarification-vide"].path))
    assert "demande de régularisation" in clarification and "CCP art. R2152-2" in clarification
    assert "L'hébergeur est-il certifié HDS ?" in clarification
    assert "Le bordereau de prix" in clarification


def test_the_award_is_journaled_once_and_the_status_shows_each_offer_s_state(
    written: dict[str, Written], award_tender: Tender
) -> None:
    from sovereignty.services.award import award_states
    from sovereignty.tender.journal import read_journal

    decided = [e for e in read_journal(award_tender.journal_path) if e.action == "award.decided"]
    assert [e.details["vendor"] for e in decided] == ["radiance"]
    assert award_states(award_tender) == {
        "northbridge": "ranked",
        "openscan": "irregular",
        "radiance": "awarded",
        "vide": "incomplete",
    }


def test_the_report_reads_in_english(award_tender: Tender, tmp_path: Path) -> None:
    out = tmp_path / "rao-en.docx"
    write_rao(award_tender, out, Options(lang="en", as_of=AS_OF))
    document = open_docx(out)
    assert headings(document, 1)[0] == "Buyer, subject and procedure"
    text = body_text(document)
    assert "It is proposed to award the contract to Radiance Santé SAS" in text
    assert "Analyse des offres" not in text


@pytest.mark.soffice
def test_libreoffice_converts_the_report_and_the_letters(
    written: dict[str, Written], tmp_path: Path
) -> None:
    from sovereignty.documents.pdf import convert_to_pdf, soffice

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    pdfs = convert_to_pdf([w.path for w in written.values()], tmp_path)
    assert len(pdfs) == len(written)
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
