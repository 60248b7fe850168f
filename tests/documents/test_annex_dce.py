"""The contract annex published in the consultation file (`sovereignty dce`), and its mise au
point for one offer (`sovereignty annex VENDOR`), reopened with python-docx."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from sovereignty.clauses.loader import load_library
from sovereignty.cli import main
from sovereignty.documents.annex_compose import compose
from sovereignty.documents.annex_context import wording
from sovereignty.questionnaire.answers import Answer, load_sheet, save_sheet
from sovereignty.services.dce import buyer_basis
from sovereignty.services.demo import build_demo_tender
from sovereignty.services.offer import analyse_offer
from sovereignty.tender.folder import Tender
from sovereignty.tender.journal import read_journal
from tests.documents.docx_reading import AS_OF, body_text, headings, open_docx, plain, tables

ANNEX = "annexe-ccap-souverainete.docx"
# The published annex of the demo, chosen from the buyer's answers and the regime of the planned
# use only, listed by hand: a change in the clauses or the buyer's answers shows here.
# Strengthened variants are those a vendor's answer would decide (published as a precaution);
# PURPOSE-01 is strengthened because whether the use stays within the declared purpose is judged
# offer by offer; OVERSIGHT-01 stays standard: the buyer plans reviewed recommendations.
PUBLISHED = {
    "DEF-01": "standard",
    "DOCS-01": "standard",
    "PURPOSE-01": "strengthened",
    "GDPR-01": "standard",
    "HOST-01": "strengthened",
    "HOST-02": "standard",
    "TRANSFER-01": "standard",
    "SUB-01": "strengthened",
    "DATAUSE-01": "strengthened",
    "CRYPTO-01": "strengthened",
    "SEC-01": "standard",
    "AIA-01": "high_risk",
    "AIA-03": "standard",
    "AIA-02": "standard",
    "CHANGE-01": "standard",
    "OVERSIGHT-01": "standard",
    "VALID-01": "standard",
    "LOG-01": "standard",
    "INCIDENT-01": "standard",
    "FRIA-01": "fria",
    "TRAIN-01": "standard",
    "AUDIT-01": "strengthened",
    "REV-01": "standard",
    "EXIT-01": "standard",
    "DEL-01": "standard",
    "REVIEW-01": "standard",
    "PEN-01": "standard",
    "DEROG-01": "standard",
}
VENDOR_NAMES = ("Radiance", "NorthBridge", "OpenScan")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def freeze(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["profile", "freeze", "--dir", str(root)], capsys)
    assert code == 0, out + err


def text_of(path: Path) -> str:
    document = open_docx(path)
    cells = [c for t in tables(document) for row in t for c in row]
    return re.sub(r"\s+", " ", body_text(document) + " " + " ".join(cells))


@pytest.fixture(scope="module")
def dce_tender(tmp_path_factory: pytest.TempPathFactory) -> Tender:
    return build_demo_tender(tmp_path_factory.mktemp("dce") / "tender")


@pytest.fixture(scope="module")
def published(
    dce_tender: Tender, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str, str]:
    """The consultation file of the demo, written through the command line."""
    out = tmp_path_factory.mktemp("dce-out") / "dce"
    root = str(dce_tender.root)
    main_args = ["profile", "freeze", "--dir", root]
    try:
        main(main_args)
    except SystemExit as exc:
        assert not exc.code
    try:
        main(["dce", "--dir", root, "--out", str(out)])
    except SystemExit as exc:
        assert not exc.code
    return out, root, text_of(out / ANNEX)


def test_dce_refuses_until_the_grid_is_frozen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tender = build_demo_tender(tmp_path / "t")
    code, _, err = run(["dce", "--dir", str(tender.root), "--out", str(tmp_path / "d")], capsys)
    assert code == 1
    assert "la grille de notation n'est pas gelée" in err and "profile freeze" in err
    assert "Traceback" not in err and not (tmp_path / "d").exists()


def test_the_published_annex_holds_the_clauses_the_buyer_s_answers_call_for(
    dce_tender: Tender, published: tuple[Path, str, str]
) -> None:
    library = load_library(dce_tender.bank)
    basis, _ = buyer_basis(dce_tender, AS_OF)
    composed = compose(library, basis, wording(dce_tender.bank, "fr"))
    chosen = {a.clause.id: a.selected.variant.id for a in composed.articles}
    assert chosen == PUBLISHED
    document = open_docx(published[0] / ANNEX)
    assert headings(document, 2) == [f"Article {a.number} — {a.title}" for a in composed.articles]
    assert headings(document, 2)[0] == "Article 1 — Définitions"
    assert headings(document, 2)[-1] == f"Article {len(PUBLISHED)} — Dérogations au CCAG-TIC"


def test_the_published_annex_names_no_bidder_and_quotes_no_vendor_statement(
    published: tuple[Path, str, str], dce_tender: Tender
) -> None:
    text = published[2]
    for name in VENDOR_NAMES:
        assert name.lower() not in text.lower()
    for statement in ("déclaré", "Situation", "avait proposé", "avait annoncé"):
        assert statement not in text, statement
    # contract documents never show an internal question id
    ids = [q.id for q in dce_tender.bank.questions]
    assert [qid for qid in ids if qid in text] == []


def test_the_annex_has_definitions_rank_penalties_review_clause_and_derogations(
    published: tuple[Path, str, str],
) -> None:
    out, _, text = published
    document = open_docx(out / ANNEX)
    articles = headings(document, 2)
    for title in (
        "Définitions",
        "Rang de la présente annexe et conditions générales du Titulaire",
        "Clause de réexamen",
        "Pénalités",
        "Dérogations au CCAG-TIC",
    ):
        assert any(a.endswith(f"— {title}") for a in articles), title
    assert "ne s'appliquent pas au marché" in text  # the vendor's general terms
    assert "article R2194-1 du code de la commande publique" in text
    penalties = next(
        t for t in tables(document) if t[0] == ["Obligation (article)", "Manquement", "Pénalité"]
    )
    assert len(penalties) > 10
    for row in penalties[1:]:
        assert re.match(r"Article \d+ — ", row[0]) and "€ HT" in row[2], row
    assert "plafonné à 10 % du montant total hors taxes du marché" in text
    amounts = [row[2] for row in penalties[1:]]
    assert "10 000 € HT par utilisation constatée" in amounts  # French digit grouping
    # the derogations: the last article lists them, each naming its article
    derogations = [plain(p.text) for p in document.paragraphs if p.style.name == "List Bullet"]
    assert any(d.startswith("Article ") and "article 14 du CCAG-TIC" in d for d in derogations)
    assert any("article 42 du CCAG-TIC" in d for d in derogations)


def test_every_blank_is_marked_numbered_and_listed(published: tuple[Path, str, str]) -> None:
    out, _, text = published
    document = open_docx(out / ANNEX)
    marked = sorted(set(re.findall(r"\[B(\d+) — ", text)), key=int)
    listing = next(t for t in tables(document) if t[0][0] == "Blanc")
    listed = [row[0] for row in listing[1:]]
    assert listed == [f"B{n}" for n in marked] and len(listed) >= 10
    assert all(row[4] == "à compléter" for row in listing[1:])
    assert any("pays de stockage" in row[2] for row in listing[1:])  # hosting sites
    assert any("sous-traitants ultérieurs" in row[2] for row in listing[1:])
    assert any("formats de restitution" in row[2] for row in listing[1:])  # export formats
    assert any("contact sécurité" in row[2] for row in listing[1:])  # a named contact


def test_the_gdpr_schedule_describes_the_processing_with_blanks_to_fill(
    published: tuple[Path, str, str],
) -> None:
    document = open_docx(published[0] / ANNEX)
    assert "Annexe 1 — Description du traitement (article 28(3) du RGPD)" in headings(document, 1)
    schedule = next(t for t in tables(document) if t[0][0] == "Objet")
    rows = {row[0]: row[1] for row in schedule}
    for item in ("Durée", "Nature des opérations", "Finalité", "Types de données personnelles"):
        assert item in rows
    assert rows["Catégories de personnes concernées"].startswith("Patients : adultes")
    assert rows["Types de données personnelles"].startswith("[B")  # the winner fills it


def test_the_buyer_is_the_ght_s_support_establishment_not_a_purchasing_group(
    published: tuple[Path, str, str],
) -> None:
    text = published[2]
    assert "établissement support du GHT Rives de Loire" in text
    assert "article L6132-3 du code de la santé publique" in text
    assert "groupement de commandes" not in text


def test_adding_or_changing_a_vendor_leaves_every_published_document_as_it_was(
    dce_tender: Tender,
    published: tuple[Path, str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out, _, _ = published
    copy = tmp_path / "t"
    shutil.copytree(dce_tender.root, copy)
    tender = Tender.open(copy)
    tender.add_vendor("zeta", "Zeta Santé Numérique")
    sheet, _ = load_sheet(tender.answers_path("northbridge"))
    changed = sheet.with_answer("hosting.provider_name", Answer(value="Autre hébergeur SAS"))
    save_sheet(tender.answers_path("northbridge"), changed)
    code, _, err = run(["dce", "--dir", str(copy), "--out", str(tmp_path / "d2")], capsys)
    assert code == 0, err
    for name in (ANNEX,):
        assert text_of(out / name) == text_of(tmp_path / "d2" / name)


def test_a_buyer_answer_that_selects_a_variant_changes_the_published_annex(
    dce_tender: Tender, tmp_path: Path
) -> None:
    copy = tmp_path / "t"
    shutil.copytree(dce_tender.root, copy)
    tender = Tender.open(copy)
    buyer = tender.load_buyer_sheet()
    assert buyer is not None
    library = load_library(tender.bank)
    before = compose(library, buyer_basis(tender, AS_OF)[0], wording(tender.bank, "fr"))
    automatic = buyer.with_answer("purpose.automation", Answer(value="automatic_decision"))
    tender.save_buyer_sheet(automatic)
    after = compose(library, buyer_basis(tender, AS_OF)[0], wording(tender.bank, "fr"))
    variant = {a.clause.id: a.selected.variant.id for a in after.articles}
    assert variant["OVERSIGHT-01"] == "strengthened"
    assert [a.paragraphs for a in before.articles] != [a.paragraphs for a in after.articles]


def test_dce_json_indexes_the_pieces_with_their_hashes_and_the_journal_records_them(
    published: tuple[Path, str, str], dce_tender: Tender
) -> None:
    out, _, _ = published
    index = json.loads((out / "dce.json").read_text())
    assert index["schema"] == "sovereignty/dce/1"
    kinds = {f["kind"]: f for f in index["files"]}
    assert {"annex", "form"} <= set(kinds)
    for entry in index["files"]:
        assert hashlib.sha256((out / entry["file"]).read_bytes()).hexdigest() == entry["sha256"]
    assert index["grid"]["hash"].startswith("sha256:")
    assert index["bank"]["hash"] == dce_tender.bank.hash
    assert index["buyer_answers"]["source"] == "buyer/answers.yaml"
    assert [a["number"] for a in index["annex"]["articles"]] == list(range(1, len(PUBLISHED) + 1))
    written = [e for e in read_journal(dce_tender.journal_path) if e.action == "dce.written"]
    assert written and written[-1].details["grid"] == index["grid"]["hash"]
    assert {f["file"]: f["sha256"] for f in written[-1].details["files"]} == {
        f["file"]: f["sha256"] for f in index["files"]
    }


def test_dce_does_not_overwrite_a_consultation_file_without_force(
    published: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    out, root, _ = published
    code, _, err = run(["dce", "--dir", root, "--out", str(out)], capsys)
    assert code == 1 and "--force" in err
    code, _, err = run(["dce", "--dir", root, "--out", str(out), "--force"], capsys)
    assert code == 0, err


# --- the mise au point of one offer --------------------------------------------------------------
@pytest.fixture(scope="module")
def mise_au_point(
    dce_tender: Tender, published: tuple[Path, str, str], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    out = tmp_path_factory.mktemp("map") / "annexe-northbridge.docx"
    try:
        main(["annex", "northbridge", "--dir", str(dce_tender.root), "-o", str(out)])
    except SystemExit as exc:
        assert not exc.code
    return out


def _blanked(text: str) -> str:
    return re.sub(r"\[B\d+ — [^\]]*\]\.?", "[]", text)


def _contract_part(path: Path) -> list[str]:
    """The paragraphs of the contract, before the working paper."""
    paragraphs = [plain(p.text) for p in open_docx(path).paragraphs]
    end = next(
        (i for i, t in enumerate(paragraphs) if t.startswith("Document de travail")),
        len(paragraphs),
    )
    return paragraphs[:end]


def test_the_mise_au_point_keeps_the_published_text_and_only_fills_the_blanks(
    dce_tender: Tender, published: tuple[Path, str, str], mise_au_point: Path
) -> None:
    dce = open_docx(published[0] / ANNEX)
    offer = open_docx(mise_au_point)
    articles = [h for h in headings(offer, 2) if h.startswith("Article ")]
    assert articles == headings(dce, 2)  # same articles, same numbers
    library = load_library(dce_tender.bank)
    basis, _ = buyer_basis(dce_tender, AS_OF)
    filled = compose(
        library, basis, wording(dce_tender.bank, "fr"), analyse_offer(dce_tender, "northbridge")
    )
    values = {f"B{b.number}": b.value for b in filled.blanks}
    assert values["B4"] == "Stratus Web Services EMEA SARL"  # the host, from the offer
    # every paragraph of the contract equals the published one once its filled blanks are
    # put back as blanks: nothing else changed
    published_paragraphs = _contract_part(published[0] / ANNEX)
    marks = {
        b.value: re.search(rf"\[B{b.number} — [^\]]*\]", " ".join(published_paragraphs))
        for b in filled.blanks
        if b.value
    }
    changed = 0
    offer_paragraphs = _contract_part(mise_au_point)
    stop = published_paragraphs.index("Éléments à compléter")  # the articles and schedules
    assert offer_paragraphs.index("Éléments à compléter") == stop
    for before, after in zip(published_paragraphs[:stop], offer_paragraphs[:stop], strict=True):
        if before == after:
            continue
        changed += 1
        restored = after
        for value, mark in sorted(marks.items(), key=lambda m: -len(m[0] or "")):
            if mark and value in restored:
                restored = restored.replace(value, mark.group(0), 1)
        if before.startswith(("Mise au point", "Dossier de consultation", "Document produit")):
            continue
        if before.startswith(("Les mentions [B1]", "Préambule", "Les blancs ci-dessous")):
            continue  # the preamble and the blanks' table say which version this is
        # (a filled answer that ends its sentence takes the full stop after the blank)
        assert _blanked(restored) == _blanked(before), before[:120]
    assert changed > 5


def test_the_mise_au_point_lists_what_was_filled_and_reports_contradictions_apart(
    mise_au_point: Path, dce_tender: Tender
) -> None:
    document = open_docx(mise_au_point)
    listing = next(t for t in tables(document) if t[0][0] == "Blanc")
    written = {row[0]: row[4] for row in listing[1:]}
    assert written["B4"] == "Stratus Web Services EMEA SARL"
    assert "à compléter" in written.values()  # a named contact the offer does not give
    contract = " ".join(_contract_part(mise_au_point))
    assert "Situation déclarée" not in contract and "Clés de chiffrement détenues" not in contract
    ids = [q.id for q in dce_tender.bank.questions]
    assert [qid for qid in ids if qid in contract] == []
    assert "Document de travail de la mise au point (ne fait pas partie du marché)" in headings(
        document, 1
    )
    contradictions = next(t for t in tables(document) if t[0][1] == "Constat")
    found = " ".join(row[1] for row in contradictions[1:])
    assert "Données de santé hors de l'EEE" in found
    answers = " ".join(row[2] for row in contradictions[1:])
    assert "Qui détient les clés de chiffrement : L'hébergeur" in answers
    assert all(qid not in answers for qid in ids)  # by question label


def test_annex_in_english_is_the_published_english_annex(
    dce_tender: Tender, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a.docx"
    code, _, err = run(
        ["annex", "radiance", "--dir", str(dce_tender.root), "-o", str(out), "--lang", "en"], capsys
    )
    assert code == 0, err
    document = open_docx(out)
    assert headings(document, 2)[0] == "Article 1 — Definitions"
    text = body_text(document)
    assert "Mise au point — offer: Radiance Santé SAS" in text
    assert "The Contractor" in text and "Le Titulaire" not in text


def test_a_clause_library_and_templates_set_once_in_tender_yaml_are_used(
    dce_tender: Tender,
    published: tuple[Path, str, str],  # the grid is frozen
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import yaml

    copy = tmp_path / "t"
    shutil.copytree(dce_tender.root, copy)
    (copy / "clauses").mkdir()
    (copy / "clauses" / "ours.yaml").write_text(
        "schema: sovereignty/clauses/1\n"
        "clauses:\n"
        "  - id: LOCAL-01\n"
        "    chapter: general\n"
        "    order: 30\n"
        '    title: {fr: "Clause propre du GHT", en: "The GHT\'s own clause"}\n'
        '    legal: ["CCP art. R2112-2"]\n'
        '    text: {fr: "Texte propre au GHT.", en: "The GHT\'s own text."}\n',
        encoding="utf-8",
    )
    settings = yaml.safe_load((copy / "tender.yaml").read_text(encoding="utf-8"))
    settings["clauses"] = "clauses"
    settings["templates"] = "missing-templates"
    (copy / "tender.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    code, _, err = run(["dce", "--dir", str(copy), "--out", str(tmp_path / "d")], capsys)
    assert code == 1 and "missing-templates" in err  # the folder tender.yaml names is used
    settings.pop("templates")
    (copy / "tender.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    code, _, err = run(["dce", "--dir", str(copy), "--out", str(tmp_path / "d")], capsys)
    assert code == 0, err
    assert "Article 3 — Clause propre du GHT" in headings(open_docx(tmp_path / "d" / ANNEX), 2)
    out = tmp_path / "a.docx"
    code, _, err = run(["annex", "radiance", "--dir", str(copy), "-o", str(out)], capsys)
    assert code == 0, err
    assert "Texte propre au GHT." in body_text(open_docx(out))


def test_an_older_tender_without_a_buyer_sheet_publishes_its_vendors_agreed_answers(
    dce_tender: Tender,
    published: tuple[Path, str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from sovereignty.services.offer import load_offer

    # an older tender: each vendor's sheet carries the buyer's answers, no buyer sheet
    old = Tender.create(tmp_path / "t", dce_tender.settings)
    for vendor_id in dce_tender.vendor_ids():
        offer = load_offer(dce_tender, vendor_id)
        old.save_sheet(offer.sheet, "vendor.imported", "test", vendor=vendor_id)
    assert old.load_buyer_sheet() is None
    freeze(old.root, capsys)
    code, _, err = run(["dce", "--dir", str(old.root), "--out", str(tmp_path / "d")], capsys)
    assert code == 0, err
    assert "feuilles des offres" in err  # says where the buyer's answers came from
    assert text_of(tmp_path / "d" / ANNEX) == published[2]
    index = json.loads((tmp_path / "d" / "dce.json").read_text())
    assert index["buyer_answers"]["source"] == "vendors/*/answers.yaml"
