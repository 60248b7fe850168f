"""The award-criteria excerpt and the minimum requirements of the consultation file: generated
from the frozen grid, with the very numbers `profile show` prints and `score` applies."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sovereignty.cli import main
from sovereignty.scoring.award import award_weight, subcriterion_points
from sovereignty.scoring.figures import points
from sovereignty.services.demo import build_demo_tender
from sovereignty.services.scoring import load_tender_profile
from sovereignty.tender.folder import Tender
from tests.documents.docx_reading import body_text, headings, open_docx, tables


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def tender(tmp_path_factory: pytest.TempPathFactory) -> Tender:
    return build_demo_tender(tmp_path_factory.mktemp("rc") / "tender")


@pytest.fixture(scope="module")
def folder(tender: Tender, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rc-out") / "dce"
    for args in (
        ["profile", "freeze", "--dir", str(tender.root)],
        ["dce", "--dir", str(tender.root), "--out", str(out)],
    ):
        try:
            main(args)
        except SystemExit as exc:
            assert not exc.code
    return out


def test_the_criteria_and_their_weights_are_those_of_the_frozen_grid(
    tender: Tender, folder: Path
) -> None:
    document = open_docx(folder / "rc-criteres-attribution.docx")
    profile = load_tender_profile(tender).profile
    assert profile.award is not None
    table = next(t for t in tables(document) if t[0][0] == "Critère")
    rows = {row[0]: row[1] for row in table[1:]}
    expected = {
        c.label("fr"): points(award_weight(profile.award, c.id), "fr")
        for c in profile.award.criteria
    }
    assert rows == expected
    assert sum(float(v.replace(",", ".")) for v in rows.values()) == pytest.approx(100)
    text = body_text(document)
    assert "note = poids × prix le plus bas ÷ prix de l'offre" in text  # the price formula
    assert "prend en compte les caractéristiques environnementales" in text
    assert "Réponses manquantes ou inconnues" in headings(document, 1)
    assert "« Je ne sais pas » et l'absence de réponse" in text


def test_each_sub_criterion_has_its_published_points_and_scoring_method(
    tender: Tender, folder: Path
) -> None:
    document = open_docx(folder / "rc-criteres-attribution.docx")
    profile = load_tender_profile(tender).profile
    assert profile.award is not None
    shares = subcriterion_points(
        profile.award,
        {c.id: c.axis for c in profile.criteria},
        {c.id: c.weight for c in profile.criteria},
    )
    subs = headings(document, 3)
    graded = [c for c in profile.criteria if c.id in shares]
    assert len(subs) == len(graded)
    for heading, criterion in zip(subs, graded, strict=True):
        assert heading.startswith(criterion.label("fr"))
        assert f"— {points(shares[criterion.id], 'fr')} / 100" in heading
        assert f"({points(criterion.weight, 'fr')} points de la grille)" in heading


def test_the_excerpt_says_the_item_points_score_applies(
    tender: Tender, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What an answer earns in the excerpt is what `score` gives it, point for point."""
    code, out, err = run(["score", "radiance", "--dir", str(tender.root), "--json"], capsys)
    assert code == 0, err
    scored = json.loads(out)
    document = open_docx(folder / "rc-criteres-attribution.docx")
    method_tables = [t for t in tables(document) if t[0][0] == "Élément apprécié"]
    by_label = {}
    profile = load_tender_profile(tender).profile
    graded = [
        c for c in profile.criteria if profile.award and profile.award.criterion_of_axis(c.axis)
    ]
    for criterion, table in zip(graded, method_tables, strict=True):
        by_label[criterion.id] = table[1:]
    checked = 0
    for result in scored["criteria"]:
        if result["method"] != "answers":
            continue
        rows = by_label[result["id"]]
        for evidence in result["evidence"]:
            published = rows[evidence["item"]][1]
            assert published == f"{points(evidence['max'], 'fr')} pts", (result["id"], evidence)
            checked += 1
    assert checked > 40


def test_profile_show_publishes_the_same_item_points(
    tender: Tender, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, shown, _ = run(["profile", "show", "--dir", str(tender.root)], capsys)
    assert code == 0
    document = open_docx(folder / "rc-criteres-attribution.docx")
    for table in (t for t in tables(document) if t[0][0] == "Élément apprécié"):
        for row in table[1:]:
            assert f"— {row[1]}" in shown.replace("\u00a0", " "), row


def test_the_minimum_requirements_say_when_an_offer_is_irregular_and_why(
    tender: Tender, folder: Path
) -> None:
    profile = load_tender_profile(tender).profile
    for name in ("exigences-minimales.docx", "rc-criteres-attribution.docx"):
        document = open_docx(folder / name)
        table = next(t for t in tables(document) if t[0][0] == "Exigence")
        assert [row[0].split("\n")[0] for row in table[1:]] == [
            r.label("fr") for r in profile.requirements
        ]
        for row in table[1:]:
            assert row[1].startswith("non respectée si")
            assert re.search(
                r"l'offre est (irrégulière|inacceptable|inappropriée) \(art\. L2152", row[2]
            )
            assert row[3]
        text = body_text(document)
        ids = [q.id for q in tender.bank.questions]
        assert [qid for qid in ids if qid in text] == []  # questions by their label only
    # what happens to an offer that fails one, and how it may be regularised, in words
    text = body_text(open_docx(folder / "exigences-minimales.docx"))
    for said in ("R2152-1", "R2152-2", "L2152-4", "ne rapportent aucun point"):
        assert said in text, said
