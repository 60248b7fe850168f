"""Profiles: the shipped default, load-time cross-checks with clear errors, the content hash."""

from __future__ import annotations

from pathlib import Path

import pytest

from sovereignty.aiact.model import REGIME_IDS
from sovereignty.core.errors import ContentError
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.scoring.loader import DEFAULT_PROFILE, load_profile
from sovereignty.scoring.model import CAPACITIES, LAYERS, EvaluatorsMethod, FindingsMethod
from tests.scoring.conftest import MINI_PROFILE


def test_the_shipped_profile_loads_against_the_shipped_bank(shipped_bank: QuestionBank) -> None:
    loaded = load_profile(None, shipped_bank)
    profile = loaded.profile
    assert loaded.default and loaded.path == DEFAULT_PROFILE
    assert profile.total_weight == pytest.approx(100)
    assert profile.bank == shipped_bank.id


def test_the_shipped_profile_covers_the_sovereignty_matrix_and_the_themes(
    shipped_bank: QuestionBank,
) -> None:
    profile = load_profile(None, shipped_bank).profile
    capacities = [a.id for a in profile.axes if a.kind == "capacity"]
    assert capacities == list(CAPACITIES)
    themes = {a.id for a in profile.axes if a.kind == "theme"}
    assert themes == {
        "aiact",
        "data_protection",
        "security",
        "oversight",
        "local_validation",
        "frugality",
    }
    cells = {(c.axis, c.layer) for c in profile.criteria if c.axis in CAPACITIES}
    assert {layer for _, layer in cells} == set(LAYERS)  # every layer is covered somewhere
    assert all(c.layer for c in profile.criteria if c.axis in CAPACITIES)
    methods = {type(c.scoring) for c in profile.criteria}
    assert FindingsMethod in methods and EvaluatorsMethod in methods
    frugal = profile.criteria_of("frugality")
    assert frugal and any("CCP art. L2152-7" in c.legal for c in frugal)
    assert {r.id for r in profile.requirements} >= {"REQ-HDS", "REQ-PROHIBITED", "REQ-CE"}
    assert profile.award is not None
    assert [c.kind for c in profile.award.criteria].count("price") == 1
    environmental = [c for c in profile.award.criteria if c.environmental]
    assert environmental and environmental[0].axes == ("frugality",)


def test_the_regime_ids_are_those_of_the_ai_act_classification(
    tmp_path: Path, mini_bank: QuestionBank
) -> None:
    path = mini_with(
        tmp_path,
        'unmet_when: {op: equals, question: hosting.hds, value: "no"}',
        "unmet_when: {op: regime, id: high_risk}",
    )
    assert f"(known: {', '.join(REGIME_IDS)})" in problems(path, mini_bank)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def mini_with(tmp_path: Path, old: str, new: str) -> Path:
    source = MINI_PROFILE.read_text(encoding="utf-8")
    assert old in source, old
    return write(tmp_path, source.replace(old, new))


def problems(path: Path, bank: QuestionBank, **kwargs: object) -> str:
    with pytest.raises(ContentError) as info:
        load_profile(path, bank, **kwargs)  # type: ignore[arg-type]
    return str(info.value)  # the English text


def test_the_mini_profile_is_valid(mini_bank: QuestionBank) -> None:
    assert load_profile(MINI_PROFILE, mini_bank).profile.id == "mini-grid"


def test_an_unknown_question_is_reported_with_its_line_and_a_suggestion(
    tmp_path: Path, mini_bank: QuestionBank
) -> None:
    path = mini_with(
        tmp_path, "{question: hosting.model, points", "{question: hosting.modle, points"
    )
    message = problems(path, mini_bank)
    assert "profile.yaml" in message and "line 21, column 22" in message
    assert "[decide.hosting]" in message
    assert "no question 'hosting.modle'" in message and "did you mean 'hosting.model'?" in message


def test_a_choice_that_the_question_does_not_have_is_refused(
    tmp_path: Path, mini_bank: QuestionBank
) -> None:
    path = mini_with(tmp_path, "{on_premises: 2, saas: 1}", "{on_premise: 2, saas: 1}")
    message = problems(path, mini_bank)
    assert "'on_premise' is not a choice of 'hosting.model'" in message
    assert "did you mean 'on_premises'?" in message


def test_weights_must_add_up_to_one_hundred(tmp_path: Path, mini_bank: QuestionBank) -> None:
    path = mini_with(tmp_path, "weight: 40", "weight: 37")
    assert "the weights add up to 97; they must add up to 100" in problems(path, mini_bank)


def test_every_problem_is_reported_at_once(tmp_path: Path, mini_bank: QuestionBank) -> None:
    source = MINI_PROFILE.read_text(encoding="utf-8")
    broken = (
        source.replace("weight: 40", "weight: 41")
        .replace("axis: exit\n", "axis: exits\n")
        .replace("cap: 2, if_absent: 0", "if_absent: 0")
        .replace("tie_break: [decide]", "tie_break: [decid]")
    )
    with pytest.raises(ContentError) as info:
        load_profile(write(tmp_path, broken), mini_bank)
    found = [(p.where.split(",")[0], p.subject, p.says("en")) for p in info.value.problems]
    # Four edits, five problems: moving exit.plan away also leaves the axis 'exit' empty.
    assert len(found) == 5, found
    assert [(where, subject) for where, subject, _ in found] == [
        ("line 10", "exit"),
        ("line 30", "exit.plan"),
        ("line 51", "security.scope"),
        ("line 13", ""),
        ("line 75", ""),
    ]
    messages = "\n".join(message for _, _, message in found)
    assert "no criterion belongs to this axis" in messages
    assert "unknown axis 'exits'; did you mean 'exit'?" in messages
    assert "multiple choice" in messages and "'cap'" in messages
    assert "add up to 101" in messages
    assert "'decid' is neither an axis nor a criterion; did you mean 'decide'?" in messages


def test_a_bad_grid_reads_in_french_with_the_same_places_ids_and_values(
    tmp_path: Path, mini_bank: QuestionBank
) -> None:
    source = MINI_PROFILE.read_text(encoding="utf-8")
    broken = (
        source.replace("{question: hosting.model, points", "{question: hosting.modle, points")
        .replace("weight: 40", "weight: 37")
        .replace("tie_break: [decide]", "tie_break: [decid]")
        .replace("prefixes: [FLOW-]", "prefixes: [FLWO-]")
    )
    path = write(tmp_path, broken)
    with pytest.raises(ContentError) as info:
        load_profile(path, mini_bank, findings={"FLOW-01", "HOST-01"})
    french = info.value.render("fr")
    assert french.startswith(f"{path} : 4 problèmes\n"), french
    assert (
        "  - ligne 21, colonne 22 : [decide.hosting] criteria.0.scoring.items.0.question : "
        "pas de question 'hosting.modle' dans la banque 'mini' ; vouliez-vous dire "
        "'hosting.model' ?"
    ) in french
    assert "aucun constat connu ne commence par 'FLWO-' (domaines : FLOW-, HOST-)" in french
    assert "la somme des poids est 97 ; elle doit être de 100 (la pondération publiée" in french
    assert "'decid' n'est ni un axe ni un critère ; vouliez-vous dire 'decide' ?" in french
    assert "did you mean" not in french and "line" not in french
    # The English text of the same error keeps the same places, ids and values.
    english = info.value.render("en")
    assert "line 21, column 22: [decide.hosting] criteria.0.scoring.items.0.question: " in english
    assert "no question 'hosting.modle' in the bank 'mini'; did you mean" in english


def test_a_grid_whose_shape_is_wrong_reads_in_french_too(
    tmp_path: Path, mini_bank: QuestionBank
) -> None:
    path = mini_with(tmp_path, "{value: 4, label:", "{value: 4.5, label:")
    with pytest.raises(ContentError) as info:
        load_profile(path, mini_bank)
    french, english = info.value.render("fr"), info.value.render("en")
    assert "le niveau 4.5 n'est pas une note de l'échelle (0, 1, 2, 3, 4)" in french
    assert "level 4.5 is not a mark of the scale (0, 1, 2, 3, 4)" in english
    path = mini_with(tmp_path, "{on_premises: 2, saas: 1}", "{on_premises: 0, saas: 0}")
    with pytest.raises(ContentError) as info:
        load_profile(path, mini_bank)
    assert "au moins un choix doit rapporter des points" in info.value.render("fr")


def test_conditions_are_checked_for_questions_values_regimes_and_findings(
    tmp_path: Path, mini_bank: QuestionBank
) -> None:
    path = mini_with(
        tmp_path,
        'unmet_when: {op: equals, question: hosting.hds, value: "no"}',
        "unmet_when: {op: any, conditions: [{op: equals, question: hosting.hds, value: nope},"
        " {op: regime, id: prohibitted}, {op: finding, id: FLOW-99}, {op: finding, id: flow1}]}",
    )
    message = problems(path, mini_bank, findings={"FLOW-01", "FLOW-02", "HOST-01"})
    assert "compares 'hosting.hds' with 'nope'" in message
    assert "unknown AI Act regime 'prohibitted'" in message and "'prohibited'" in message
    assert "unknown finding 'FLOW-99'" in message
    assert "'flow1' is not of the form AREA-NN" in message


def test_finding_prefixes_must_name_a_known_area(tmp_path: Path, mini_bank: QuestionBank) -> None:
    path = mini_with(tmp_path, "prefixes: [FLOW-]", "prefixes: [FLWO-, flow]")
    message = problems(path, mini_bank, findings={"FLOW-01", "HOST-01"})
    assert "no known finding starts with 'FLWO-'" in message and "did you mean 'FLOW-'?" in message
    assert "prefix 'flow' must be an area followed by '-'" in message


def test_a_capacity_criterion_must_say_which_layer_it_covers(
    tmp_path: Path, mini_bank: QuestionBank
) -> None:
    path = mini_with(tmp_path, "    layer: data\n", "")
    assert "which layer it covers" in problems(path, mini_bank)


def test_an_evaluator_scale_must_be_consistent(tmp_path: Path, mini_bank: QuestionBank) -> None:
    path = mini_with(tmp_path, "{value: 4, label:", "{value: 4.5, label:")
    assert "level 4.5 is not a mark of the scale" in problems(path, mini_bank)


def test_the_last_risk_level_is_the_default_and_has_no_trigger(
    tmp_path: Path, mini_bank: QuestionBank
) -> None:
    path = mini_with(
        tmp_path,
        "{id: low, label: {fr: Faible, en: Low}}",
        "{id: low, label: {fr: Faible, en: Low}, total_below: 10}",
    )
    assert "the last risk level is the default one" in problems(path, mini_bank)


def test_a_typo_in_a_key_is_an_error_not_a_silent_default(
    tmp_path: Path, mini_bank: QuestionBank
) -> None:
    path = mini_with(tmp_path, "  tie_break: [decide]", "  tie_brake: [decide]")
    assert "unknown key 'tie_brake'" in problems(path, mini_bank)


def test_an_unknown_legal_instrument_is_refused(tmp_path: Path, mini_bank: QuestionBank) -> None:
    path = mini_with(tmp_path, '["CSP art. L1111-8"]', '["CPS art. L1111-8"]')
    assert "unknown instrument 'CPS'" in problems(path, mini_bank)


def test_the_hash_ignores_comments_and_layout_but_not_content(
    tmp_path: Path, mini_bank: QuestionBank
) -> None:
    original = load_profile(MINI_PROFILE, mini_bank).hash
    relaid = mini_with(tmp_path, "# A small grid", "# Another comment entirely\n\n# A small grid")
    assert load_profile(relaid, mini_bank).hash == original
    reweighted = mini_with(tmp_path, "weight: 40", "weight: 39.5").read_text(encoding="utf-8")
    changed = write(
        tmp_path,
        reweighted.replace(
            "weight: 20\n    label: {fr: Flux", "weight: 20.5\n    label: {fr: Flux"
        ),
    )
    assert load_profile(changed, mini_bank).hash != original
    relabelled = mini_with(
        tmp_path, "{fr: Hébergement, en: Hosting}", "{fr: Hébergement des données, en: Hosting}"
    )
    assert load_profile(relabelled, mini_bank).hash != original


def test_a_profile_for_another_bank_is_refused(tmp_path: Path, mini_bank: QuestionBank) -> None:
    path = mini_with(tmp_path, "bank: mini", "bank: hospital-ai")
    assert "written for the bank 'hospital-ai'" in problems(path, mini_bank)


def test_a_file_that_is_not_a_profile_says_what_is_expected(
    tmp_path: Path, mini_bank: QuestionBank
) -> None:
    assert "'schema' must be 'sovereignty/profile/1'" in problems(
        write(tmp_path, "id: x\n"), mini_bank
    )
    assert "a scoring profile must be a mapping" in problems(write(tmp_path, "- 1\n"), mini_bank)


def test_the_shipped_profile_reads_only_findings_the_analyses_can_raise(
    shipped_bank: QuestionBank, mini_bank: QuestionBank
) -> None:
    from sovereignty.services.scoring import known_findings

    known = known_findings(shipped_bank)
    assert known is not None  # the rule pack and the flow catalogue ship with the package
    assert {"HOST-01", "FLOW-01"} <= known
    load_profile(None, shipped_bank, known)  # raises on any unknown finding id or prefix
    # The shipped rules do not fit a custom bank: finding ids are then checked for form only.
    assert known_findings(mini_bank) is None


@pytest.mark.parametrize(
    ("hosting", "earned"),
    [
        # On site the keys question does not apply: the hospital keeps its keys, 8 of 8.
        ({"hosting.model": "on_premises", "hosting.remote_access": "no"}, 8),
        ({"hosting.model": "hospital_private_cloud", "hosting.remote_access": "no"}, 8),
        ({"hosting.encryption_at_rest": "yes", "hosting.keys_holder": "hospital"}, 8),
        ({"hosting.encryption_at_rest": "yes", "hosting.keys_holder": "third_party"}, 7),
        ({"hosting.encryption_at_rest": "yes", "hosting.keys_holder": "host"}, 6),
        ({"hosting.encryption_at_rest": "yes"}, 6),  # who holds the keys is not said
        # Not encrypted: the keys question does not apply either, but the host reads the data.
        ({"hosting.encryption_at_rest": "no"}, 6),
    ],
)
def test_the_shipped_grid_takes_no_point_for_keys_an_on_site_offer_is_not_asked_about(
    shipped_bank: QuestionBank, hosting: dict[str, str], earned: float
) -> None:
    from sovereignty.questionnaire.answers import Answer
    from sovereignty.questionnaire.validate import SheetFacts
    from sovereignty.scoring.engine import OfferInputs, score_offer

    cloud = {
        "hosting.model": "vendor_saas",
        "hosting.storage_countries": ["fr"],
        "hosting.extraterritorial": "no",
    }
    values = cloud | hosting if "hosting.model" not in hosting else hosting
    facts = SheetFacts(shipped_bank, {q: Answer(value=v) for q, v in values.items()})
    profile = load_profile(None, shipped_bank).profile
    result = score_offer(profile, OfferInputs("x", "X", facts)).criterion("decide.data_location")
    # Item points of 8 on the item's scale, said in the grid's points (weight 5) everywhere.
    assert sum(e.points or 0 for e in result.evidence) == pytest.approx(earned * 5 / 8)
    assert sum(e.max or 0 for e in result.evidence) == pytest.approx(5)
