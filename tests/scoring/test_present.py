"""What people read: eliminations, sensitivity and the published grid in words, never raw ids;
the same in the Word comparison report's context."""

from __future__ import annotations

from typing import Any

import pytest

from sovereignty.core.conditions import DictFacts
from sovereignty.core.model import Lang
from sovereignty.documents.comparison_context import grid_block
from sovereignty.scoring.compare import Comparison, compare
from sovereignty.scoring.engine import EvaluatorMark, OfferInputs, OfferScore, score_offer
from sovereignty.scoring.figures import number, percent, share
from sovereignty.scoring.loader import load_profile
from sovereignty.scoring.model import Profile
from sovereignty.scoring.present import score_lines, short_name, short_names
from sovereignty.scoring.present_award import comparison_lines
from sovereignty.scoring.published import grid_lines
from sovereignty.scoring.regularity import Regularity, check_regularity
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


def ranked() -> tuple[Profile, list[OfferScore], Comparison, dict[str, Regularity]]:
    """Four offers: two ranked, one irregular (with the best grid score), one incomplete."""
    profile = make_profile(
        [
            evaluators("decide.keys", "decide", 50, {"fr": "Détention des clés", "en": "Keys"}),
            evaluators("quality.ux", "quality", 50, {"fr": "Ergonomie", "en": "Usability"}),
        ],
        axes=[
            {"id": "decide", "kind": "capacity", "label": {"fr": "Décider", "en": "Decide"}},
            {"id": "quality", "kind": "theme", "label": {"fr": "Qualité", "en": "Quality"}},
        ],
        requirements=[
            {
                "id": "REQ-HDS",
                "label": {"fr": "Hébergeur certifié HDS", "en": "HDS-certified host"},
                "unmet_when": {"op": "equals", "question": "hosting.hds", "value": "no"},
                "legal": ["CSP art. L1111-8"],
            }
        ],
    )

    def scored(vendor: str, shares: dict[str, float]) -> OfferScore:
        marks = {c: [EvaluatorMark("e", "chu-a", s, "j")] for c, s in shares.items()}
        return score_offer(profile, offer(vendor=vendor), marks)

    scores = [
        scored("alpha", {"decide.keys": 1, "quality.ux": 0.6}),
        scored("beta", {"decide.keys": 0.6, "quality.ux": 0.8}),
        scored("gamma", {"decide.keys": 1, "quality.ux": 1}),
        scored("delta", {"quality.ux": 0.1}),
    ]
    answers = {
        "alpha": {"hosting.hds": "yes"},
        "beta": {"hosting.hds": "yes"},
        "gamma": {"hosting.hds": "no"},
        "delta": {},
    }
    regularity = {
        v: check_regularity(profile, DictFacts(a), price=100.0) for v, a in answers.items()
    }
    return profile, scores, compare(profile, scores, regularity, draws=0), regularity


@pytest.mark.parametrize(
    ("lang", "irregular", "incomplete", "named"),
    [
        (
            "fr",
            "irrégulière  exigence « Hébergeur certifié HDS » non respectée",
            "incomplète   1 question(s) à poser",
            "le poids de « Détention des clés » (decide.keys)",
        ),
        (
            "en",
            "irregular   requirement “HDS-certified host” not met",
            "incomplete  1 question(s) to ask",
            "the weight of “Keys” (decide.keys)",
        ),
    ],
)
def test_the_comparison_says_why_an_offer_is_not_ranked_and_names_criteria_by_their_label(
    lang: Lang, irregular: str, incomplete: str, named: str
) -> None:
    profile, scores, comparison, regularity = ranked()
    assert [e.vendor for e in comparison.ranking] == ["alpha", "beta"]
    text = "\n".join(comparison_lines(comparison, scores, profile, lang, None, regularity))
    assert irregular in text and incomplete in text and named in text
    assert "0 draws" not in text and "0 tirages" not in text  # draws=0: no robustness line
    one = "\n".join(score_lines(scores[2], profile, None, lang, regularity["gamma"]))
    assert irregular.split()[0] in one.splitlines()[0]
    assert "REQ-HDS" in one and "hosting.hds" in one


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


@pytest.mark.parametrize(
    ("lang", "met", "unmet", "ask"),
    [
        ("fr", "[respectée] REQ-HDS", "[NON RESPECTÉE] REQ-HDS", "Questions à poser au candidat"),
        ("en", "[met] REQ-HDS", "[NOT MET] REQ-HDS", "Questions to put to the bidder"),
    ],
)
def test_score_shows_each_requirement_and_the_questions_to_ask_before_any_point(
    mini_bank: Any, lang: Lang, met: str, unmet: str, ask: str
) -> None:
    profile = load_profile(MINI_PROFILE, mini_bank).profile
    for hds, said in (("yes", met), ("no", unmet)):
        answers = {"hosting.model": "saas", "hosting.hds": hds}
        regularity = check_regularity(profile, DictFacts(answers), price=10.0)
        lines = score_lines(
            score_offer(profile, offer(answers)), profile, mini_bank, lang, regularity
        )
        requirement = next(i for i, line in enumerate(lines) if "REQ-HDS" in line)
        assert lines[requirement].strip().startswith(said)
        hosting = profile.criterion("decide.hosting").label(lang)  # type: ignore[union-attr]
        assert requirement < next(i for i, line in enumerate(lines) if hosting in line)
    silent = check_regularity(profile, DictFacts({}), price=10.0)
    assert silent.state == "incomplete" and silent.ask == ("hosting.hds",)
    lines = score_lines(score_offer(profile, offer({})), profile, mini_bank, lang, silent)
    assert any(line.strip().startswith(ask) for line in lines)
    assert any("(hosting.hds)" in line and "·" in line for line in lines)
