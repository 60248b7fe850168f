"""What people read: eliminations, sensitivity and the published grid in words, never raw ids;
the same in the Word comparison report's context."""

from __future__ import annotations

from typing import Any

import pytest

from sovereignty.core.conditions import DictFacts
from sovereignty.core.model import Lang
from sovereignty.documents.comparison_context import grid_block, ranking_block
from sovereignty.scoring.compare import Comparison, compare
from sovereignty.scoring.engine import EvaluatorMark, OfferInputs, OfferScore, score_offer
from sovereignty.scoring.figures import number, percent, share
from sovereignty.scoring.loader import load_profile
from sovereignty.scoring.model import Profile
from sovereignty.scoring.present import comparison_lines, score_lines, short_name, short_names
from sovereignty.scoring.published import grid_lines
from tests.scoring.conftest import MINI_PROFILE, linear_profile, make_profile, offer


def evaluators(cid: str, axis: str, weight: float, label: dict[str, str]) -> dict[str, Any]:
    return {
        "id": cid,
        "axis": axis,
        "weight": weight,
        "label": label,
        "scoring": {
            "method": "evaluators",
            "guidance": {"fr": "g", "en": "g"},
            "scale": {"min": 0, "max": 1, "step": 0.1},
        },
    }


def ranked() -> tuple[Profile, list[OfferScore], Comparison]:
    """Four offers: two ranked, one below the 30 % minimum of "Décider", one whose level on it
    waits for evaluators' marks."""
    profile = make_profile(
        [
            evaluators("decide.keys", "decide", 50, {"fr": "Détention des clés", "en": "Keys"}),
            evaluators("quality.ux", "quality", 50, {"fr": "Ergonomie", "en": "Usability"}),
        ],
        axes=[
            {
                "id": "decide",
                "kind": "capacity",
                "minimum": 30,
                "label": {"fr": "Décider", "en": "Decide"},
            },
            {"id": "quality", "kind": "theme", "label": {"fr": "Qualité", "en": "Quality"}},
        ],
    )

    def scored(vendor: str, shares: dict[str, float]) -> OfferScore:
        marks = {c: [EvaluatorMark("e", "chu-a", s, "j")] for c, s in shares.items()}
        return score_offer(profile, offer(vendor=vendor), marks)

    scores = [
        scored("alpha", {"decide.keys": 1, "quality.ux": 0.6}),
        scored("beta", {"decide.keys": 0.6, "quality.ux": 0.8}),
        scored("gamma", {"decide.keys": 0.1, "quality.ux": 1}),
        scored("delta", {"quality.ux": 0.1}),  # decide pending: 0 % now, 100 % at best
    ]
    return profile, scores, compare(profile, scores, draws=0)


@pytest.mark.parametrize(
    ("lang", "eliminated", "review", "named"),
    [
        (
            "fr",
            "éliminée (niveau de l'axe « Décider » sous son minimum de 30 %)",
            "à vérifier (minimum de 30 % de l'axe « Décider » à confirmer (notes en attente))",
            "le poids de « Détention des clés » (decide.keys)",
        ),
        (
            "en",
            "eliminated (level of the axis “Decide” below its 30% minimum)",
            "to review (30% minimum of the axis “Decide” not settled yet (marks pending))",
            "the weight of “Keys” (decide.keys)",
        ),
    ],
)
def test_the_ranking_says_why_an_offer_is_out_and_names_criteria_by_their_label(
    lang: Lang, eliminated: str, review: str, named: str
) -> None:
    profile, scores, comparison = ranked()
    text = "\n".join(comparison_lines(comparison, scores, profile, lang))
    assert eliminated in text and review in text and named in text
    assert "axis:" not in text
    assert "0 draws" not in text and "0 tirages" not in text  # draws=0: no robustness line
    one = "\n".join(score_lines(scores[2], profile, None, lang))
    assert eliminated.split(" (", 1)[1].rstrip(")") in one.splitlines()[0]


def test_the_word_report_names_the_axis_and_its_minimum_too() -> None:
    profile, scores, comparison = ranked()
    names = {s.vendor: s.name for s in scores}
    block = ranking_block(comparison, scores, profile, names, "fr", [])
    status = {row["vendor"]: row["status"] for row in block["rows"]}
    assert "niveau de l'axe « Décider » sous son minimum de 30 %" in status["gamma"]
    assert "« Décider » à confirmer" in status["delta"]
    assert not any("axis:" in row["status"] for row in block["rows"])


@pytest.mark.parametrize(
    ("lang", "deductions", "rule", "absent"),
    [
        (
            "fr",
            "bloquant −100 % ; majeur −40 % ; mineur −15 %",
            "Une question qui ne s'applique pas à l'offre",
            "par choix coché : « Infrastructure physique » → 10 pts ; « Sauvegarde » → 10 pts ; "
            "au plus 20 pts en tout ; sans objet : 0 pts",
        ),
        (
            "en",
            "blocking −100%; major −40%; minor −15%",
            "A question that does not apply to the offer",
            "at most 20 pts in all; does not apply: 0 pts",
        ),
    ],
)
def test_the_published_grid_states_severities_and_how_absent_or_unknown_answers_score(
    mini_bank: Any, lang: Lang, deductions: str, rule: str, absent: str
) -> None:
    loaded = load_profile(MINI_PROFILE, mini_bank)
    text = "\n".join(grid_lines(loaded, mini_bank, lang))
    assert deductions in text and rule in text and absent in text
    assert "blocking −100" not in text if lang == "fr" else True
    block = grid_block(loaded.profile, loaded.hash, lang)
    assert rule in block["note"]
    flows = next(c for c in block["criteria"] if c["id"] == "decide.flows")
    assert deductions in flows["method"]


def test_figures_are_written_the_french_or_the_english_way() -> None:
    assert percent(2464, "fr", 0, sign=True) == "+2 464 %"
    assert percent(2464, "en", 0, sign=True) == "+2,464%"
    assert (number(94.2, "fr", 2), number(94.2, "en", 2)) == ("94,20", "94.20")
    assert (number(51.28, "fr"), number(2, "fr"), number(0.5, "en")) == ("51,28", "2", "0.5")
    assert (share(1, "fr", 1), share(0.2, "en")) == ("100,0 %", "20%")
    assert (percent(-40, "fr"), number(1234567.5, "fr")) == ("−40 %", "1 234 567,5")


def test_company_names_are_shortened_for_column_headers_without_losing_who_is_who() -> None:
    assert short_name("Radiance Santé SAS") == "Radiance Santé"
    assert short_name("NorthBridge Imaging Europe B.V.") == "NorthBridge Imaging…"
    assert short_name("OpenScan Coop") == "OpenScan Coop"
    assert short_name("Supercalifragilisticexpialidocious GmbH") == "Supercalifragilisti…"
    # Two names that would shorten alike stay whole.
    assert short_names(["Acme Santé SAS", "Acme Santé SA", "Beta SARL"]) == [
        "Acme Santé SAS",
        "Acme Santé SA",
        "Beta",
    ]


def far_apart(draws: int = 200) -> tuple[Profile, list[OfferScore], Comparison]:
    """Two offers 47 points apart: raising c0's weight from 2 to 49 (+2 350 %) levels them."""
    profile = linear_profile([2, 98])

    def scored(vendor: str, name: str, shares: tuple[float, float]) -> OfferScore:
        marks = {f"c{i}": [EvaluatorMark("e", "chu-a", s, "j")] for i, s in enumerate(shares)}
        return score_offer(profile, OfferInputs(vendor, name, DictFacts({})), marks)

    scores = [
        scored("radiance", "Radiance Santé SAS", (0, 1)),
        scored("northbridge", "NorthBridge Imaging Europe B.V.", (1, 0.5)),
    ]
    return profile, scores, compare(profile, scores, draws=draws)


@pytest.mark.parametrize(
    ("lang", "figures"),
    [
        (
            "fr",
            [
                "98,00",
                "51,00",
                "Radiance Santé SAS devant NorthBridge Imaging Europe B.V. (47,00 pts) : porter "
                "le poids de « c0 » (c0) de 2 à 49,00 (+2 350 %) les met à égalité",
                "Même premier (Radiance Santé SAS) dans 100,0 % de 200 tirages (pondérations "
                "±20 %, graine",
            ],
        ),
        (
            "en",
            [
                "98.00",
                "51.00",
                "Radiance Santé SAS ahead of NorthBridge Imaging Europe B.V. (47.00 pts): taking "
                "the weight of “c0” (c0) from 2 to 49.00 (+2,350%) makes them level",
                "Same winner (Radiance Santé SAS) in 100.0% of 200 draws (weights ±20%, seed",
            ],
        ),
    ],
)
def test_the_comparison_writes_figures_in_the_reader_s_language_and_names_its_columns(
    lang: Lang, figures: list[str]
) -> None:
    profile, scores, comparison = far_apart()
    lines = comparison_lines(comparison, scores, profile, lang)
    text = "\n".join(lines)
    for figure in figures:
        assert figure in text, text
    header = next(line for line in lines if line.startswith(("Axe ", "Axis ")))
    assert header.split()[1:] == ["Radiance", "Santé", "NorthBridge", "Imaging…"]
    assert "radiance" not in header  # vendor ids are not column headers


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("fr", "« {label} » (hosting.hds) : réponse « {no} »"),
        ("en", "“{label}” (hosting.hds): answer “{no}”"),
    ],
)
def test_the_word_report_says_each_gate_s_condition_in_words(
    mini_bank: Any, lang: Lang, said: str
) -> None:
    from sovereignty.questionnaire.present import choice_label

    loaded = load_profile(MINI_PROFILE, mini_bank)
    question = mini_bank.by_id["hosting.hds"]
    gate = grid_block(loaded.profile, loaded.hash, lang, mini_bank)["gates"][0]
    no = choice_label(question, "no", lang)
    assert gate["condition"] == said.format(label=question.label(lang), no=no)
    assert no != "no"  # the choice's label, not its value


@pytest.mark.parametrize(("lang", "word"), [("fr", "franchie"), ("en", "passed")])
def test_a_gate_passed_is_called_as_in_the_word_report(
    mini_bank: Any, lang: Lang, word: str
) -> None:
    from sovereignty.documents.frame import label

    profile = load_profile(MINI_PROFILE, mini_bank).profile
    passed = score_offer(profile, offer({"hosting.model": "saas", "hosting.hds": "yes"}))
    assert passed.gates[0].outcome == "passed"
    lines = score_lines(passed, profile, mini_bank, lang)
    gate_line = next(line for line in lines if "G-HDS" in line)
    assert gate_line.strip().startswith(f"[{word}] G-HDS")
    assert label(lang, "outcome_passed").startswith(word)  # the same word in both
