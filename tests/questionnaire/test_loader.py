from __future__ import annotations

from pathlib import Path

import pytest

from sovereignty.core.errors import ContentError
from sovereignty.core.model import Lang
from sovereignty.core.resources import data_dir
from sovereignty.questionnaire.loader import QuestionBank, load_bank, shipped_banks

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = (FIXTURES / "mini-bank.yaml").read_text(encoding="utf-8")


def _load(tmp_path: Path, text: str) -> QuestionBank:
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    return load_bank(path)


def _error(tmp_path: Path, text: str, lang: Lang = "en") -> str:
    with pytest.raises(ContentError) as info:
        _load(tmp_path, text)
    message = info.value.render(lang)
    assert str(tmp_path / "bank.yaml") in message  # always names the file
    return message


def test_every_shipped_bank_loads() -> None:
    banks = shipped_banks()
    assert banks, "no question bank shipped"
    for path in banks:
        bank = load_bank(path)
        assert len(bank.questions) > 0


def test_the_mini_bank_loads_with_its_lookups(mini_bank: QuestionBank) -> None:
    assert [s.id for s in mini_bank.sections()] == ["need", "hosting", "subprocessors"]
    assert mini_bank.section_of["hosting.hds"].id == "hosting"
    assert mini_bank.position["need.problem"] == 0
    assert mini_bank.hash.startswith("sha256:")


def test_the_hash_changes_when_a_label_changes(tmp_path: Path, mini_bank: QuestionBank) -> None:
    changed = _load(tmp_path, MINI.replace("Problème métier", "Problème"))
    assert changed.hash != mini_bank.hash


def test_bad_yaml_gives_the_line(tmp_path: Path) -> None:
    message = _error(tmp_path, MINI.replace("order: 2", "order: [2"))
    assert "not valid YAML" in message and "line" in message


def test_an_unknown_key_is_an_error_naming_the_question(tmp_path: Path) -> None:
    message = _error(
        tmp_path, MINI.replace("answered_by: buyer", "answered_by: buyer\n        requierd: true")
    )
    assert "unknown key 'requierd'" in message
    assert "[need.problem]" in message
    assert "line 13" in message


def test_a_wrong_question_type_is_one_clear_error(tmp_path: Path) -> None:
    message = _error(
        tmp_path,
        MINI.replace(
            'type: yes_no\n        label: {fr: "Certif',
            'type: boolean\n        label: {fr: "Certif',
        ),
    )
    assert "[hosting.hds]" in message and "'boolean'" in message
    assert message.count("\n") == 0  # one problem, not one per union member


def test_a_condition_on_an_unknown_question_suggests_the_right_one(tmp_path: Path) -> None:
    message = _error(
        tmp_path,
        MINI.replace(
            "question: hosting.model, value: saas}", "question: hosting.modle, value: saas}", 1
        ),
    )
    assert "[hosting.hds]" in message
    assert "'hosting.modle', which is not an earlier question" in message
    assert "did you mean 'hosting.model'" in message


def test_a_condition_on_a_later_question_is_refused(tmp_path: Path) -> None:
    text = MINI.replace(
        "when: {op: equals, question: hosting.model, value: saas}",
        "when: {op: answered, question: subprocessors.approval}",
        1,
    )
    message = _error(tmp_path, text)
    assert "comes later in the bank" in message and "[hosting.hds]" in message


def test_a_compared_value_must_be_a_valid_choice(tmp_path: Path) -> None:
    message = _error(
        tmp_path,
        MINI.replace(
            "question: hosting.model, value: saas}", "question: hosting.model, value: sass}", 1
        ),
    )
    assert "'sass', which is not one of its choices (saas, on_premises)" in message
    assert "did you mean 'saas'" in message


def test_contains_needs_a_multiple_choice_question(tmp_path: Path) -> None:
    text = MINI.replace(
        "when: {op: answered, question: subprocessors.list}",
        "when: {op: contains, question: hosting.model, value: saas}",
    )
    assert "'contains' needs a multiple-choice question" in _error(tmp_path, text)


def test_duplicate_ids_and_misplaced_ids_are_reported_together(tmp_path: Path) -> None:
    text = MINI.replace("id: need.volume", "id: need.problem").replace(
        "id: hosting.since", "id: need.since"
    )
    message = _error(tmp_path, text)
    assert "question id appears twice" in message
    assert "must start with its section id 'hosting.'" in message
    assert "2 problems" in message


def test_an_unknown_legal_instrument_is_refused(tmp_path: Path) -> None:
    message = _error(tmp_path, MINI.replace("legal: [GDPR art. 28(2)]", "legal: [RGPD art. 28]"))
    assert "unknown instrument 'RGPD'" in message


def test_rules_only_ops_are_refused_in_a_bank(tmp_path: Path) -> None:
    text = MINI.replace(
        "when: {op: answered, question: subprocessors.list}", "when: {op: regime, id: gpai}"
    )
    assert "only for rules and clauses" in _error(tmp_path, text)


def test_reserved_unknown_choice_value_is_refused(tmp_path: Path) -> None:
    text = MINI.replace("{value: backup,", "{value: unknown,")
    assert "'unknown' is reserved" in _error(tmp_path, text)


def test_not_a_mapping_is_refused(tmp_path: Path) -> None:
    assert "must be a mapping" in _error(tmp_path, "- a\n- b\n")


def test_shipped_data_is_found_in_the_repository_and_in_an_installed_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sovereignty.core import resources

    assert (data_dir("questionnaires") / "hospital-ai.yaml").is_file()
    package = tmp_path / "site-packages" / "sovereignty"
    (package / "_data" / "questionnaires").mkdir(parents=True)
    monkeypatch.setattr(resources, "_PACKAGE", package)
    monkeypatch.setattr(resources, "_REPOSITORY", tmp_path / "elsewhere")
    assert resources.data_dir("questionnaires") == package / "_data" / "questionnaires"
    with pytest.raises(FileNotFoundError):
        resources.data_dir("templates")


def test_a_number_question_is_compared_with_numbers_only(tmp_path: Path) -> None:
    text = MINI.replace(
        "when: {op: answered, question: subprocessors.list}",
        "when: {op: equals, question: need.volume, value: many}",
    )
    assert "number question 'need.volume' with 'many', which is not a number" in _error(
        tmp_path, text
    )


def test_a_broken_bank_reads_in_french_with_the_question_and_a_suggestion(
    tmp_path: Path,
) -> None:
    text = MINI.replace(
        "question: hosting.model, value: saas}", "question: hosting.modle, value: saas}", 1
    ).replace("answered_by: buyer", "answered_by: buyer\n        requierd: true")
    message = _error(tmp_path, text, "fr")
    path = tmp_path / "bank.yaml"
    assert message.startswith(f"{path} : ")
    assert (
        "ligne 13, colonne 19 : [need.problem] sections.0.questions.0.requierd : clé inconnue "
        "'requierd'"
    ) in message
    # the cross-checks run once the file has the right shape: fix the key, see the condition
    message = _error(tmp_path, text.replace("\n        requierd: true", ""), "fr")
    assert message == (
        f"{path} : ligne 35, colonne 9 : [hosting.hds] la condition porte sur 'hosting.modle', "
        "qui n'est pas une question précédente ; vouliez-vous dire 'hosting.model' ?"
    )
