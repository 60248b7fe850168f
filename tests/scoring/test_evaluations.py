"""Evaluators' files: validated with clear errors, aggregated, disagreements flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from sovereignty.core.errors import ContentError
from sovereignty.core.yamlio import load_yaml
from sovereignty.scoring.aggregate import aggregate
from sovereignty.scoring.evaluations import evaluator_id, marks_for, parse_evaluation
from sovereignty.scoring.loader import load_profile
from sovereignty.services.scoring import score_tender
from sovereignty.tender import writes
from sovereignty.tender.folder import Tender
from tests.scoring.conftest import MINI_PROFILE


def received(tender: Tender, *paths: Path) -> None:
    """Evaluators' files sent by e-mail and recorded in the journal as they are."""
    for path in paths:
        rel = path.relative_to(tender.root).as_posix()
        writes.accept(tender.root, tender.journal_path, rel, "Jeanne", "reçu par courriel")


GOOD = """\
schema: sovereignty/evaluation/1
evaluator: {ident}
name: Dr Claire Morel
establishment: {establishment}
scores:
  acme:
    exit.plan: {{mark: {mark}, justification: "{why}"}}
"""


def write(
    folder: Path,
    ident: str = "claire-morel",
    establishment: str = "chu-a",
    mark: float = 3,
    why: str = "Plan détaillé",
    name: str | None = None,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name or ident}.yaml"
    path.write_text(
        GOOD.format(ident=ident, establishment=establishment, mark=mark, why=why), encoding="utf-8"
    )
    return path


def parse(path: Path) -> object:
    profile = load_profile(MINI_PROFILE).profile
    return parse_evaluation(load_yaml(path), profile, ["chu-a", "ch-b"], ["acme", "beta"])


def test_a_valid_file_gives_marks_for_the_engine(tmp_path: Path) -> None:
    evaluation = parse(write(tmp_path))
    marks = marks_for([evaluation], "acme")  # type: ignore[list-item]
    assert [(m.evaluator, m.establishment, m.mark) for m in marks["exit.plan"]] == [
        ("claire-morel", "chu-a", 3)
    ]
    assert marks_for([evaluation], "beta") == {}  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"establishment": "chu-z"}, "'chu-z' is not an establishment of the tender (chu-a, ch-b)"),
        ({"mark": 5}, "mark 5 is not on the scale (0, 1, 2, 3, 4)"),
        ({"mark": 2.5}, "mark 2.5 is not on the scale"),
        ({"why": "  "}, "a justification is required"),
        ({"name": "someone-else"}, "must be named claire-morel.yaml"),
        ({"ident": "Claire Morel", "name": "x"}, "e.g. 'claire-morel'"),
    ],
)
def test_an_invalid_file_names_the_file_the_line_and_what_is_expected(
    tmp_path: Path, kwargs: dict[str, object], expected: str
) -> None:
    path = write(tmp_path, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ContentError) as info:
        parse(path)
    message = str(info.value)  # the English text
    assert str(path) in message and "line" in message
    assert expected in message


def test_marks_for_unknown_vendors_or_rule_based_criteria_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path)
    text = path.read_text(encoding="utf-8").replace("  acme:\n", "  acmee:\n")
    text += "  beta:\n    decide.hosting: {mark: 1, justification: x}\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        parse(path)
    message = str(info.value)  # the English text
    assert "no vendor 'acmee' in the tender; did you mean 'acme'?" in message
    assert "'decide.hosting' is scored from answers or findings, not by evaluators" in message


def test_an_invalid_evaluator_file_reads_in_french_with_the_same_places_and_values(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, establishment="chu-z", mark=5, why="  ")
    text = path.read_text(encoding="utf-8").replace("  acme:\n", "  acmee:\n")
    path.write_text(text, "utf-8")
    with pytest.raises(ContentError) as info:
        parse(path)  # the file's shape first: the blank justification
    assert info.value.render("fr") == (
        f"{path} : ligne 7, colonne 41 : scores.acmee.exit.plan.justification : "
        "une justification est obligatoire : dites sur quoi repose la note"
    )
    text = text.replace('"  "', '"Plan détaillé"')
    path.write_text(text + "  beta:\n    decide.hosting: {mark: 1, justification: x}\n", "utf-8")
    with pytest.raises(ContentError) as info:
        parse(path)  # then the cross-checks against the grid and the tender, all at once
    french = info.value.render("fr")
    assert french.startswith(f"{path} : 4 problèmes\n"), french
    assert "ligne 4, colonne 16 : 'chu-z' n'est pas un établissement de la consultation" in french
    assert "(chu-a, ch-b) ; vouliez-vous dire 'chu-a' ?" in french
    assert "[acmee] pas d'offre 'acmee' dans la consultation ; vouliez-vous dire 'acme' ?" in french
    assert "[exit.plan] la note 5 n'est pas sur l'échelle (0, 1, 2, 3, 4)" in french
    assert "'decide.hosting' est noté d'après les réponses ou les constats" in french
    assert "did you mean" not in french and "is not" not in french  # nothing left in English


def test_evaluator_ids_are_file_safe() -> None:
    assert evaluator_id("Dr Élise Dupont-Martin") == "dr-elise-dupont-martin"


def test_aggregation_flags_a_spread_strictly_beyond_the_threshold() -> None:
    assert aggregate([1, 2, 5], "median", 5, 0.3).value == 2
    assert aggregate([1, 2, 6], "mean", 5, 0.3).value == 3
    assert not aggregate([2, 3.5], "median", 5, 0.3).disagreement  # 1.5 = 30 % of 5: not beyond
    assert aggregate([2, 4], "median", 5, 0.3).disagreement
    with pytest.raises(ValueError):
        aggregate([], "median", 5, 0.3)


def test_two_evaluators_from_two_establishments_are_aggregated_and_their_disagreement_shown(
    scoring_tender: Tender,
) -> None:
    folder = scoring_tender.evaluations_dir
    received(
        scoring_tender,
        write(folder, "claire-morel", "chu-a", mark=4, why="Plan éprouvé"),
        write(folder, "yanis-belkacem", "ch-b", mark=1, why="Plan générique"),
    )
    result = score_tender(scoring_tender, vendors=["acme"])
    plan = result.scores[0].criterion("exit.plan")
    assert plan.mark == pytest.approx(2.5)  # median of two marks: their mean
    assert plan.spread == 3 and plan.disagreement
    assert {e.establishment for e in plan.evidence} == {"chu-a", "ch-b"}


@pytest.mark.parametrize("suffix", [".yml", ".json", ".YAML"])
def test_an_evaluator_file_with_another_extension_is_an_error_not_ignored(
    scoring_tender: Tender, suffix: str
) -> None:
    folder = scoring_tender.evaluations_dir
    write(folder, "claire-morel", "chu-a")
    stray = write(folder, "yanis-belkacem", "ch-b", mark=1).rename(
        folder / f"yanis-belkacem{suffix}"
    )
    (folder / ".claire-morel.yaml.swp").write_text("editor swap file", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        score_tender(scoring_tender, vendors=["acme"])
    message = str(info.value)  # the English text
    assert str(folder) in message and stray.name in message
    assert (
        "its marks would not be counted" in message and "rename it yanis-belkacem.yaml" in message
    )
    assert ".swp" not in message  # hidden files are left alone
    assert "renommez-le yanis-belkacem.yaml" in info.value.render("fr")
    stray.rename(folder / "yanis-belkacem.yaml")
    received(scoring_tender, folder / "claire-morel.yaml", folder / "yanis-belkacem.yaml")
    assert score_tender(scoring_tender, vendors=["acme"]).scores[0].criterion("exit.plan").spread
