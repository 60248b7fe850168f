"""The real questionary prompts, driven through prompt_toolkit pipe input (no terminal)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from sovereignty.cli import main
from sovereignty.tender.folder import Tender, TenderSettings
from sovereignty.tender.journal import read_journal

FIXTURES = Path(__file__).parent.parent / "fixtures"
DOWN, ENTER, SPACE, CTRL_C = "\x1b[B", "\r", " ", "\x03"

# Keys answering the mini bank for a SaaS offer, one entry per question.
KEYS = [
    "Délais de lecture" + ENTER,  # need.problem (text)
    "1 200" + ENTER,  # need.volume (number, spaces allowed)
    ENTER,  # hosting.model: first choice, SaaS
    ENTER,  # hosting.hds: Oui
    SPACE + ENTER,  # hosting.hds_scope: tick the first activity
    "2023-01-02" + ENTER,  # hosting.since (date)
    ENTER + "CloudCo" + ENTER + ENTER + ENTER + DOWN + DOWN + ENTER,  # records: add one, done
    DOWN * 3 + ENTER,  # subprocessors.approval: Oui, Non, (aide), Je ne sais pas
    ENTER,  # review: finish
]


def run_assess(tender: Tender, keys: str, *args: str) -> int:
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()  # once the keys run out, prompt_toolkit sees end of input
        with (
            create_app_session(input=pipe, output=DummyOutput()),
            pytest.raises(SystemExit) as info,
        ):
            main(["assess", "acme", "--dir", str(tender.root), *args])
            raise SystemExit(0)
    return int(info.value.code or 0)


def test_a_whole_questionnaire_is_answered_through_the_prompts(mini_tender: Tender) -> None:
    assert run_assess(mini_tender, "".join(KEYS)) == 0
    answers = mini_tender.offer_sheet("acme").answers
    assert answers["need.problem"].value == "Délais de lecture"
    assert answers["need.volume"].value == 1200
    assert answers["hosting.model"].value == "saas"
    assert answers["hosting.hds"].value == "yes"
    assert answers["hosting.hds_scope"].value == ["physical"]
    assert answers["hosting.since"].value == "2023-01-02"
    assert answers["subprocessors.list"].value == [{"name": "CloudCo", "country": "fr"}]
    assert answers["subprocessors.approval"].unknown


def test_back_and_unknown_typed_in_a_text_prompt(
    mini_tender: Tender, capsys: pytest.CaptureFixture[str]
) -> None:
    # answer need.problem, go back from need.volume, keep need.problem, "!" for need.volume
    keys = "x" + ENTER + "<" + ENTER + ENTER + "!" + ENTER + "".join(KEYS[2:])
    assert run_assess(mini_tender, keys) == 0
    answers = mini_tender.offer_sheet("acme").answers
    assert answers["need.problem"].value == "x"
    assert answers["need.volume"].unknown
    assert "Section 1/3" in capsys.readouterr().out


def test_help_is_shown_on_demand_then_the_question_is_asked_again(
    mini_tender: Tender, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_assess(mini_tender, "?" + ENTER + "".join(KEYS)) == 0
    out = capsys.readouterr().out
    assert "Décrivez le besoin." in out
    assert "clé 2 de la synthèse des Master Class IA de la FHF" in out
    assert mini_tender.offer_sheet("acme").answers["need.problem"].value == "Délais de lecture"


def test_ctrl_c_keeps_confirmed_answers_and_the_next_run_resumes(
    mini_tender: Tender, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_assess(mini_tender, "".join(KEYS[:3]) + CTRL_C) == 130
    assert "relancez la même commande" in capsys.readouterr().err
    assert sorted(mini_tender.offer_sheet("acme").answers) == [
        "hosting.model",
        "need.problem",
        "need.volume",
    ]
    assert run_assess(mini_tender, "".join(KEYS[3:])) == 0
    assert len(mini_tender.offer_sheet("acme").answers) == 8
    actions = [e.action for e in read_journal(mini_tender.journal_path)]
    assert actions.count("assessment.started") == 2


def test_end_of_input_is_a_clear_error_not_a_traceback(
    mini_tender: Tender, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_assess(mini_tender, "".join(KEYS[:2])) == 2
    err = capsys.readouterr().err
    assert "Erreur : pas de terminal pour poser les questions" in err and "Traceback" not in err
    assert "`sovereignty check --answers FICHIER`" in err
    assert run_assess(mini_tender, "", "--lang", "en") == 2
    err = capsys.readouterr().err
    assert "Error: no terminal to ask questions on" in err and "Traceback" not in err
    assert len(mini_tender.offer_sheet("acme").answers) == 2


def test_english_prompts(mini_tender: Tender, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_assess(mini_tender, "".join(KEYS), "--lang", "en") == 0
    assert "answered" in capsys.readouterr().out


def test_enter_on_a_menu_action_in_a_multiple_choice_prompt_acts_at_once(
    mini_tender: Tender, capsys: pytest.CaptureFixture[str]
) -> None:
    # hosting.hds_scope: two activities, then « ? Aide », « Je ne sais pas »...: Enter on the
    # help shows it and asks again; Enter on « Je ne sais pas » records it, nothing ticked
    keys = [*KEYS[:4], DOWN * 2 + ENTER, DOWN * 3 + ENTER, *KEYS[5:]]
    assert run_assess(mini_tender, "".join(keys)) == 0
    assert "Choisissez au moins une option" not in capsys.readouterr().out
    answers = mini_tender.load_sheet("acme").answers
    assert answers["hosting.hds_scope"].unknown
    assert answers["hosting.since"].value == "2023-01-02"


def test_a_date_prompt_takes_the_french_way_of_writing_a_date(mini_tender: Tender) -> None:
    keys = [*KEYS[:5], "02/01/2023" + ENTER, *KEYS[6:]]
    assert run_assess(mini_tender, "".join(keys)) == 0
    assert mini_tender.load_sheet("acme").answers["hosting.since"].value == "2023-01-02"


def test_a_confirmed_multiple_choice_echoes_in_the_users_language() -> None:
    from sovereignty.prompts.checkbox import ticked

    assert ticked(["Sauvegarde"], "fr") == "Sauvegarde"
    both = ticked(["Infrastructure", "Sauvegarde"], "fr")
    assert both == "2 cochées : Infrastructure, Sauvegarde"
    assert ticked(["Physical", "Backup"], "en") == "2 ticked: Physical, Backup"
    assert len(ticked(["x" * 50, "y" * 50], "fr")) == 70


def test_an_english_tender_speaks_english_on_ctrl_c_and_on_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")  # a French machine
    root = tmp_path / "tender"
    root.mkdir()
    shutil.copy(FIXTURES / "mini-bank.yaml", root / "bank.yaml")
    settings = TenderSettings(name="T", buyer="CHU", bank="bank.yaml", language="en")
    tender = Tender.create(root, settings)
    tender.add_vendor("acme", "Acme SAS")
    assert run_assess(tender, "".join(KEYS[:3]) + CTRL_C) == 130
    assert "Interrupted: confirmed answers are saved" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["classify", "acme", "--dir", str(root), "--as-of", "31/02/2027"])
    err = capsys.readouterr().err
    assert "Error: Invalid value for '--as-of': '31/02/2027': no such date" in err
    assert "Usage: sovereignty classify" in err


UP = "\x1b[A"


def test_evidence_is_recorded_from_a_text_prompt_and_from_a_menu(mini_tender: Tender) -> None:
    keys = (
        "+" + ENTER + "Mémoire technique, p. 4" + ENTER  # need.problem: "+" asks for evidence
        + KEYS[0] + KEYS[1]
        + UP + ENTER + "Certificat HDS 2025" + ENTER  # hosting.model: the last menu entry
        + "".join(KEYS[2:])
    )  # fmt: skip
    assert run_assess(mini_tender, keys) == 0
    answers = mini_tender.offer_sheet("acme").answers
    assert answers["need.problem"].value == "Délais de lecture"
    assert answers["need.problem"].evidence == "Mémoire technique, p. 4"
    assert answers["hosting.model"].value == "saas"
    assert answers["hosting.model"].evidence == "Certificat HDS 2025"
    assert answers["need.volume"].evidence is None
