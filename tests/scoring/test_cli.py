"""`score`, `compare`, `profile` and `evaluate` from the command line: exit codes and messages."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from sovereignty.cli import main
from sovereignty.scoring.evaluations import evaluation_path
from sovereignty.tender.folder import Tender
from sovereignty.tender.journal import read_journal
from tests.cli.entry_point import run

DOWN, ENTER, CTRL_C = "\x1b[B", "\r", "\x03"


def test_score_explains_each_criterion(scoring_tender: Tender, capsys) -> None:
    code, out, err = run(capsys, "score", "acme", "--dir", str(scoring_tender.root))
    assert code == 0, err
    assert "Acme SAS (acme) — Grille" in out and "régulière" in out.splitlines()[0]
    # The answer and the points behind the score, in the grid's points as published.
    assert "hosting.model = SaaS → 13,33/26,67" in out
    assert "aucun constat" in out and "en attente des évaluateurs" in out
    code, out, _ = run(capsys, "score", "acme", "--dir", str(scoring_tender.root), "--json")
    data = json.loads(out)
    assert data["schema"] == "sovereignty/score/2" and data["frozen"] is None
    assert data["regularity"]["state"] == "regular" and data["regularity"]["price"] == 20000
    assert data["vendor"] == "acme" and {c["id"] for c in data["criteria"]} >= {"exit.plan"}


def test_score_with_an_override_journals_it_and_shows_who_and_why(
    scoring_tender: Tender, capsys
) -> None:
    code, out, err = run(
        capsys,
        "score",
        "acme",
        "--dir",
        str(scoring_tender.root),
        "--lang",
        "en",
        "--override",
        "decide.hosting=25",
        "--why",
        "Amendment 2",
        "--as",
        "Jeanne Martin",
    )
    assert code == 0, err
    assert "OVERRIDE by Jeanne Martin" in out and "Amendment 2" in out
    entries = [
        e for e in read_journal(scoring_tender.journal_path) if e.action == "score.overridden"
    ]
    assert entries[0].actor == "Jeanne Martin" and entries[0].details["percent"] == 25


@pytest.mark.parametrize(
    ("args", "english", "french"),
    [
        (
            ("--override", "decide.hosting"),
            "Error: --override 'decide.hosting': expected CRITERION=PERCENT",
            "Erreur : --override 'decide.hosting' : CRITÈRE=POURCENTAGE attendu",
        ),
        (
            ("--override", "decide.hosting=50"),
            "needs --why TEXT",
            "changer une note demande --why TEXTE",
        ),
        (
            ("--override", "decide.hosting=150", "--why", "x"),
            "--override decide.hosting=150: a percentage from 0 to 100",
            "--override decide.hosting=150 : un pourcentage de 0 à 100",
        ),
        (
            ("--override", "decide.hostnig=50", "--why", "x"),
            "--override: no criterion 'decide.hostnig'; did you mean 'decide.hosting'?",
            "--override : pas de critère 'decide.hostnig' ; vouliez-vous dire 'decide.hosting' ?",
        ),
        (
            ("--override", "a=1", "--clear-override", "a", "--why", "x"),
            "cannot be used together",
            "--override et --clear-override ne vont pas ensemble",
        ),
    ],
)
def test_bad_overrides_are_usage_errors_in_french_or_english(
    scoring_tender: Tender, capsys, args, english, french
) -> None:
    root = str(scoring_tender.root)
    code, _, err = run(capsys, "score", "acme", "--dir", root, *args, "--lang", "en")
    assert code == 2 and english in err and "Traceback" not in err
    code, _, err = run(capsys, "score", "acme", "--dir", root, *args)  # French by default
    assert code == 2 and french in err and "Traceback" not in err
    assert not (scoring_tender.root / "overrides.yaml").exists()  # nothing written


def test_an_unknown_vendor_is_a_clear_error(scoring_tender: Tender, capsys) -> None:
    root = str(scoring_tender.root)
    code, _, err = run(capsys, "score", "acmee", "--dir", root, "--lang", "en")
    assert code == 1 and "no vendor 'acmee'" in err and "did you mean 'acme'?" in err


def test_compare_prints_the_table_json_or_csv(scoring_tender: Tender, capsys) -> None:
    root = str(scoring_tender.root)
    code, out, err = run(capsys, "compare", "--dir", root, "--draws", "100")
    assert code == 0, err
    assert "Rang" in out and "Acme SAS" in out and "Beta Coop" in out and "NON gelée" in out
    code, out, _ = run(capsys, "compare", "--dir", root, "--json", "--draws", "100", "--seed", "3")
    data = json.loads(out)
    assert data["schema"] == "sovereignty/comparison/2"
    assert {v: r["state"] for v, r in data["regularity"].items()} == {
        "acme": "regular",
        "beta": "regular",
    }
    assert data["comparison"]["robustness"]["draws"] == 100
    assert data["comparison"]["robustness"]["seed"] == 3
    ranking = [e["vendor"] for e in data["comparison"]["ranking"]]
    code, out, _ = run(capsys, "compare", "--dir", root, "--csv", "--draws", "0", "--lang", "en")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["vendor"] for r in rows] == ranking
    assert {r["vendor"]: (r["regularity"], r["price"]) for r in rows} == {
        "acme": ("regular", "20000.0"),
        "beta": ("regular", "24000.0"),
    }
    acme = next(r for r in rows if r["vendor"] == "acme")
    assert float(acme["award:price"]) == pytest.approx(30)  # the lowest price: full weight
    award = sum(float(acme[f"award:{a}"]) for a in ("price", "technical", "environmental"))
    assert float(acme["total"]) == pytest.approx(award, abs=0.02)
    # French: a spreadsheet's conventions (BOM, ';', decimal comma) and French values
    code, out, _ = run(capsys, "compare", "--dir", root, "--csv", "--draws", "0")
    assert out.startswith("\ufeffRang;Offre (id);Nom;Régularité;Prix (coût du cycle de vie")
    french = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))
    assert [r["Offre (id)"] for r in french] == ranking
    assert {r["Régularité"] for r in french} == {"régulière"}
    for english, row in zip(rows, french, strict=True):
        assert row["Total /100"] == english["total"].replace(".", ",")
    code, _, err = run(capsys, "compare", "--dir", root, "--csv", "--json", "--lang", "en")
    assert code == 2 and "not both" in err
    code, _, err = run(capsys, "compare", "--dir", root, "--csv", "--json")
    assert code == 2 and "pas les deux" in err


def test_profile_show_prints_the_published_grid(scoring_tender: Tender, capsys) -> None:
    code, out, _ = run(capsys, "profile", "show", "--dir", str(scoring_tender.root))
    assert code == 0
    assert "Mini grille" in out and "40 pts  Hébergement [Données]" in out
    # Each sub-criterion: its question (label, then id), each choice by its label and what it
    # earns in the grid's points (hosting.model is 2 of the criterion's 3 internal points).
    assert "· « Modèle d'hébergement » (hosting.model) — 26,67 pts" in out
    assert "selon la réponse : « Sur site » → 26,67 pts ; « SaaS » → 13,33 pts" in out
    assert "REQ-HDS" in out and "art. L1111-8 du code de la santé publique" in out
    assert "l'offre est irrégulière (art. L2152-2 du code de la commande publique)" in out
    assert "30 %  Prix  (price)" in out and "note = poids × prix le plus bas ÷ prix" in out


def test_profile_show_outside_a_tender_shows_the_shipped_grid(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "profile", "show", "--lang", "en")
    assert code == 0 and "Default grid" in out and "Sovereignty matrix" in out
    assert "by answer: “No” → 1.88 pts" in out  # an item's choice, by its label, in points
    assert "by value: at least 6 months → 0.44 pts" in out


def test_profile_check_reports_every_problem_without_a_traceback(
    scoring_tender: Tender, tmp_path: Path, capsys
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (scoring_tender.root / "profile.yaml")
        .read_text(encoding="utf-8")
        .replace("weight: 40", "weight: 4"),
        encoding="utf-8",
    )
    root = str(scoring_tender.root)
    code, _, err = run(capsys, "profile", "check", str(bad), "--dir", root, "--lang", "en")
    assert code == 1 and err.startswith("Error: ") and "add up to 64" in err
    assert "Traceback" not in err
    code, _, err = run(capsys, "profile", "check", str(bad), "--dir", root)
    assert code == 1 and err.startswith(f"Erreur : {bad} : ligne ")
    assert "la somme des poids est 64 ; elle doit être de 100" in err
    code, out, _ = run(capsys, "profile", "check", "--dir", root)
    assert code == 0 and out.startswith("OK") and "Non gelée" in out
    code, out, _ = run(capsys, "profile", "check", "--dir", root, "--lang", "en")
    assert code == 0 and "criteria (1 marked by evaluators)" in out and "Not frozen" in out


def test_freeze_then_a_changed_grid_is_refused_until_re_frozen_with_a_reason(
    scoring_tender: Tender, capsys
) -> None:
    root = str(scoring_tender.root)
    code, out, _ = run(capsys, "profile", "freeze", "--dir", root, "--as", "Jeanne")
    assert code == 0 and "Grille gelée" in out
    code, out, _ = run(capsys, "profile", "freeze", "--dir", root)
    assert code == 0 and "Déjà gelée" in out
    path = scoring_tender.root / "profile.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "{fr: Flux, en: Flows}", "{fr: Flux sortants, en: Flows}"
        ),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "compare", "--dir", root, "--lang", "en")
    assert code == 1 and "scoring is refused" in err
    code, _, err = run(capsys, "score", "acme", "--dir", root)
    assert code == 1 and "la notation est donc refusée" in err
    code, _, err = run(capsys, "profile", "freeze", "--dir", root, "--lang", "en")
    assert code == 2 and "re-freezing needs --why TEXT" in err  # as overrides: --why
    code, _, err = run(capsys, "profile", "freeze", "--dir", root)
    assert code == 2 and "la geler à nouveau demande --why TEXTE" in err
    code, _, _ = run(capsys, "profile", "freeze", "--dir", root, "--why", "Libellé corrigé")
    assert code == 0
    assert run(capsys, "compare", "--dir", root, "--draws", "0")[0] == 0
    # --reason still works, as an alias; both are journaled as the reason.
    path.write_text(
        path.read_text(encoding="utf-8").replace("Flux sortants", "Flux de données"),
        encoding="utf-8",
    )
    # The offers were scored under the grid frozen last: another grid restarts the procedure.
    code, _, err = run(capsys, "profile", "freeze", "--dir", root, "--reason", "Second libellé")
    assert code == 2 and "--restart-procedure" in err and "des offres ont été notées" in err
    code, _, _ = run(
        capsys, "profile", "freeze", "--dir", root, "--reason", "Second libellé",
        "--restart-procedure",
    )  # fmt: skip
    assert code == 0
    entries = read_journal(scoring_tender.journal_path)
    frozen = [e for e in entries if e.action == "profile.frozen"]
    reasons = [e.details["reason"] for e in frozen[1:]]
    assert reasons == ["Libellé corrigé", "Second libellé"]
    restarted = [e for e in entries if e.action == "procedure.restarted"]
    assert [e.details["reason"] for e in restarted] == ["Second libellé"]
    code, out, _ = run(capsys, "profile", "freeze", "--help")
    flat = " ".join(out.split())  # help text is wrapped to the terminal's width
    assert code == 0 and "--why, --reason TEXTE" in flat and "alias : --reason" in flat


def evaluate(tender: Tender, keys: str, *args: str) -> int:
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()  # when the keys run out, prompt_toolkit sees the end of input
        with (
            create_app_session(input=pipe, output=DummyOutput()),
            pytest.raises(SystemExit) as info,
        ):
            main(["evaluate", "acme", "--dir", str(tender.root), *args])
            raise SystemExit(0)
    return int(info.value.code or 0)


def test_evaluate_asks_a_mark_and_a_justification_and_saves_them(scoring_tender: Tender) -> None:
    keys = DOWN * 3 + ENTER + "Plan testé chez un client" + ENTER
    assert (
        evaluate(scoring_tender, keys, "--evaluator", "Claire Morel", "--establishment", "chu-a")
        == 0
    )
    path = evaluation_path(scoring_tender.evaluations_dir, "claire-morel")
    text = path.read_text(encoding="utf-8")
    assert "mark: 3.0" in text and "Plan testé chez un client" in text
    assert "establishment: chu-a" in text and "name: Claire Morel" in text
    saved = [e for e in read_journal(scoring_tender.journal_path) if e.action == "evaluation.saved"]
    assert saved[0].details["criterion"] == "exit.plan" and saved[0].details["mark"] == 3


def test_evaluate_refuses_an_empty_justification_then_asks_the_establishment(
    scoring_tender: Tender,
) -> None:
    # No --establishment: the establishments are offered (second one: ch-b). The empty
    # justification is refused by the prompt, then a real one is typed.
    keys = DOWN + ENTER + ENTER + ENTER + "Aucun plan" + ENTER
    assert evaluate(scoring_tender, keys, "--evaluator", "yanis") == 0
    text = evaluation_path(scoring_tender.evaluations_dir, "yanis").read_text(encoding="utf-8")
    assert "establishment: ch-b" in text and "mark: 0.0" in text and "Aucun plan" in text


def test_ctrl_c_during_an_evaluation_stops_without_saving_half_a_mark(
    scoring_tender: Tender,
) -> None:
    assert (
        evaluate(
            scoring_tender,
            DOWN + ENTER + CTRL_C,
            "--evaluator",
            "claire",
            "--establishment",
            "chu-a",
        )
        == 130
    )
    assert not scoring_tender.evaluations_dir.exists() or not any(
        scoring_tender.evaluations_dir.iterdir()
    )


def test_the_score_commands_import_no_heavy_library_until_they_run() -> None:
    code = (
        "import sys, sovereignty.cli.score; "
        "print(sorted(m for m in ('questionary', 'networkx', 'openpyxl', 'docxtpl') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_score_compare_and_evaluate_refuse_an_altered_journal(
    scoring_tender: Tender, capsys
) -> None:
    root = str(scoring_tender.root)
    assert run(capsys, "profile", "freeze", "--dir", root)[0] == 0
    lines = scoring_tender.journal_path.read_text(encoding="utf-8").splitlines()
    raw = json.loads(lines[-1])
    raw["details"]["hash"] = "sha256:" + "0" * 64  # a freeze of another grid, forged by hand
    lines[-1] = json.dumps(raw, sort_keys=True)
    scoring_tender.journal_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for args in (
        ("score", "acme"),
        ("compare", "--draws", "0"),
        ("evaluate", "acme", "--evaluator", "claire", "--establishment", "chu-a"),
    ):
        code, out, err = run(capsys, *args, "--dir", root)
        assert code == 1, (args, out, err)
        assert re.search(rf"\b(line|ligne) {len(lines)}\b", err)  # in the user's language
        assert "sovereignty journal --verify" in err and "Traceback" not in err


def test_evaluate_never_writes_into_the_file_of_another_establishment(
    scoring_tender: Tender, capsys
) -> None:
    keys = DOWN * 3 + ENTER + "Plan testé chez un client" + ENTER
    claire = ("--evaluator", "Claire Morel")
    assert evaluate(scoring_tender, keys, *claire, "--establishment", "chu-a") == 0
    path = evaluation_path(scoring_tender.evaluations_dir, "claire-morel")
    before = path.read_text(encoding="utf-8")
    # Another Claire Morel, of CH B (or the same one marking for CH B): refused, not merged.
    root = str(scoring_tender.root)
    code, _, err = run(
        capsys, "evaluate", "acme", "--dir", root, *claire, "--establishment", "ch-b",
        "--lang", "en",
    )  # fmt: skip
    assert code == 2 and "Traceback" not in err
    assert str(path) in err and "for the establishment 'chu-a'" in err
    assert "one person of one establishment" in err
    assert "--evaluator claire-morel-ch-b" in err
    code, _, err = run(
        capsys, "evaluate", "acme", "--dir", root, *claire, "--establishment", "ch-b",
        "--lang", "fr",
    )  # fmt: skip
    assert code == 2 and "pour l'établissement 'chu-a'" in err
    assert "--evaluator claire-morel-ch-b" in err
    assert path.read_text(encoding="utf-8") == before
    # An establishment the tender does not have is named as such, file or no file.
    code, _, err = run(
        capsys, "evaluate", "acme", "--dir", root, *claire, "--establishment", "ch-z",
        "--lang", "en",
    )  # fmt: skip
    assert code == 2 and "--establishment 'ch-z': not an establishment of the tender" in err
    # The suggested id works: a second file, of CH B.
    keys = DOWN + ENTER + "Plan générique" + ENTER
    assert (
        evaluate(
            scoring_tender, keys, "--evaluator", "claire-morel-ch-b", "--establishment", "ch-b"
        )
        == 0
    )
    other = evaluation_path(scoring_tender.evaluations_dir, "claire-morel-ch-b")
    assert "establishment: ch-b" in other.read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8") == before
