"""`price`, `regularise`, `profile check` on shared facts, `rao` and `letters` from the command
line: exit codes, messages, the journal."""

from __future__ import annotations

import json
from pathlib import Path

from sovereignty.questionnaire.answers import Answer
from sovereignty.tender.folder import Tender
from sovereignty.tender.journal import read_journal
from tests.cli.entry_point import run
from tests.scoring.conftest import MINI_PROFILE


def actions(tender: Tender, action: str) -> list[dict]:
    return [e.details for e in read_journal(tender.journal_path) if e.action == action]


def test_price_records_the_schedule_and_its_life_cycle_cost(scoring_tender: Tender, capsys) -> None:
    root = str(scoring_tender.root)
    code, out, err = run(
        capsys, "price", "beta", "--dir", root,
        "--one-off", "integration=15000", "--per-year", "hosting=6 000", "--note", "ferme",
    )  # fmt: skip
    assert code == 0, err
    # Beta already priced its licences at 12 000 a year; the mini grid's contract is 24 months.
    assert "Coût du cycle de vie sur 24 mois : 51 000 € HT" in out.replace("\u202f", " ")
    entry = actions(scoring_tender, "price.entered")[-1]
    assert entry["vendor"] == "beta" and entry["life_cycle_cost"] == 51000
    assert entry["record"]["path"] == "vendors/beta/price.yaml"  # a journaled record write
    code, out, _ = run(capsys, "price", "beta", "--dir", root, "--json")
    data = json.loads(out)
    assert data["life_cycle_cost"] == 51000 and data["schedule"]["note"] == "ferme"
    code, _, err = run(capsys, "price", "beta", "--dir", root, "--per-year", "licence=1")
    assert code == 2 and "COMPOSANTE=MONTANT" in err and "licences" in err
    code, _, err = run(capsys, "price", "beta", "--dir", root, "--per-year", "hosting=-5")
    assert code == 2


def test_a_regularisation_round_is_journaled_and_the_offer_checked_again(
    scoring_tender: Tender, capsys
) -> None:
    root = str(scoring_tender.root)
    sheet = scoring_tender.load_sheet("acme").without("hosting.hds_scope")
    scoring_tender.save_sheet(sheet.with_answer("hosting.hds", Answer(value="no")))
    code, out, err = run(capsys, "compare", "--dir", root, "--draws", "0")
    assert code == 0 and "irrégulière" in out, err
    code, _, err = run(capsys, "regularise", "beta", "--dir", root, "--ask", "Précisez")
    assert code == 2 and "régulière" in err  # nothing to regularise in a regular offer
    code, out, err = run(
        capsys, "regularise", "acme", "--dir", root, "--ask", "Justifiez la certification HDS."
    )
    assert code == 0, err
    assert "Demande enregistrée" in out and "acme : irrégulière" in out
    requested = actions(scoring_tender, "regularisation.requested")
    assert requested[0]["requirements"] == ["REQ-HDS"]
    # The bidder answers with its certificate; its sheet is corrected, the offer checked again.
    sheet = scoring_tender.load_sheet("acme").with_answer("hosting.hds", Answer(value="yes"))
    scoring_tender.save_sheet(sheet.with_answer("hosting.hds_scope", Answer(value=["physical"])))
    code, out, err = run(
        capsys, "regularise", "acme", "--dir", root, "--answered", "Certificat HDS fourni."
    )
    assert code == 0, err
    assert "acme : régulière" in out
    assert actions(scoring_tender, "regularisation.answered")[0]["answer"] == (
        "Certificat HDS fourni."
    )
    code, _, err = run(capsys, "regularise", "acme", "--dir", root, "--answered", "encore")
    assert code == 2 and "aucune demande de régularisation en cours" in err


def test_profile_check_refuses_a_fact_scored_twice_without_the_aspect_it_measures(
    scoring_tender: Tender, tmp_path: Path, capsys
) -> None:
    twice = MINI_PROFILE.read_text(encoding="utf-8").replace(
        "        - {question: hosting.hds_scope, points: {physical: 1, backup: 1}, cap: 2, "
        "if_absent: 0}",
        "        - {question: hosting.hds_scope, points: {physical: 1, backup: 1}, cap: 2, "
        'if_absent: 0}\n        - {question: hosting.hds, points: {"yes": 1}}',
    )
    path = tmp_path / "twice.yaml"
    path.write_text(twice, encoding="utf-8")
    code, _, err = run(capsys, "profile", "check", str(path), "--dir", str(scoring_tender.root))
    assert code == 1
    assert "'hosting.hds' est aussi noté par security.scope" in err
    assert "CE 20 nov. 2020, n° 427761" in err
    stated = twice.replace(
        "    label: {fr: Périmètre HDS, en: HDS scope}",
        "    label: {fr: Périmètre HDS, en: HDS scope}\n"
        "    aspects:\n"
        "      hosting.hds: {fr: La certification comme garantie de sécurité, en: As a security "
        "guarantee}",
    ).replace(
        "    label: {fr: Hébergement, en: Hosting}",
        "    label: {fr: Hébergement, en: Hosting}\n"
        "    aspects:\n"
        "      hosting.hds: {fr: Un hébergement conforme, en: A compliant host}",
    )
    path.write_text(stated, encoding="utf-8")
    code, out, err = run(capsys, "profile", "check", str(path), "--dir", str(scoring_tender.root))
    assert code == 0, err
    assert "Éléments notés dans plusieurs sous-critères (1)" in out
    assert "La certification comme garantie de sécurité" in out and "Un hébergement conforme" in out


def test_rao_and_letters_write_their_documents(scoring_tender: Tender, capsys) -> None:
    root = str(scoring_tender.root)
    code, out, err = run(capsys, "rao", "--dir", root, "-o", str(scoring_tender.root / "r.docx"))
    assert code == 0, err
    assert (scoring_tender.root / "r.docx").is_file() and "r.docx" in out
    code, _, err = run(capsys, "letters", "--dir", root, "--out", str(scoring_tender.root / "l"))
    assert code == 0, err
    names = sorted(p.name for p in (scoring_tender.root / "l").glob("*.docx"))
    assert names == ["rejection-beta.docx", "winner-acme.docx"]
