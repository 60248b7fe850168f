"""`sovereignty form export|import` through the real entry point: messages and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sovereignty.tender.folder import Tender
from tests.cli.entry_point import run


def test_export_writes_the_form_and_says_what_it_holds(
    form_tender: Tender, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "dce" / "formulaire.xlsx"
    code, out, _ = run(capsys, "form", "export", "-o", str(target), "--dir", str(form_tender.root))
    assert code == 0
    assert out.startswith(f"Formulaire écrit : {target} (11 questions, 4 feuilles, ")
    assert target.is_file()
    code, out, _ = run(
        capsys, "form", "export", "-o", str(target), "--dir", str(form_tender.root), "--lang", "en"
    )
    assert code == 0 and out.startswith("Form written: ")


def test_import_then_import_again_shows_the_changes_then_no_change(
    form_tender: Tender, filled_form: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("form", "import", str(filled_form), "--vendor", "acme", "--dir", str(form_tender.root))
    code, out, _ = run(capsys, *args)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "Formulaire filled.xlsx pour « acme » (répondant : Jeanne Martin (Acme SAS)) : "
        "11 réponse(s) modifiée(s)"
    )
    assert "  hosting.gpus : — → 8 GPU" in lines  # French typography: a space before ":"
    assert lines[-1] == "Complétude : 13/13"
    code, out, _ = run(capsys, *args)
    assert code == 0 and "aucun changement" in out.splitlines()[0]


def test_import_reports_each_bad_cell_and_exits_with_1(
    form_tender: Tender,
    filled_form: Path,
    kit: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOVEREIGNTY_LANG", "en")  # the English wording of the errors

    def change(workbook: Any) -> None:
        workbook["1 Hébergement où et par qui"]["E4"] = "Peut-être"
        workbook["1 Hébergement où et par qui"]["E15"] = "=2*4"

    bad = kit.edit_workbook(filled_form, change, tmp_path / "bad.xlsx")
    before = kit.snapshot(form_tender)
    code, out, err = run(
        capsys, "form", "import", str(bad), "--vendor", "acme", "--dir", str(form_tender.root)
    )
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0] == f"Error: {bad}: 2 problems"
    assert lines[1].startswith(
        "  - sheet '1 Hébergement où et par qui', cell E4: [hosting.model] “Peut-être” is not in "
        "the list (expected one of: "
    )
    assert lines[2].startswith(
        "  - sheet '1 Hébergement où et par qui', cell E15: [hosting.gpus] holds a formula"
    )
    assert "Traceback" not in err
    assert kit.snapshot(form_tender) == before


def test_bad_cells_are_reported_in_french_by_default(
    form_tender: Tender,
    filled_form: Path,
    kit: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def change(workbook: Any) -> None:
        workbook["1 Hébergement où et par qui"]["E4"] = "Sur sites"
        workbook["1 Hébergement où et par qui"]["E15"] = "huit"

    bad = kit.edit_workbook(filled_form, change, tmp_path / "bad.xlsx")
    code, out, err = run(
        capsys, "form", "import", str(bad), "--vendor", "acme", "--dir", str(form_tender.root)
    )
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0] == f"Erreur : {bad} : 2 problèmes"
    assert lines[1].startswith(
        "  - feuille '1 Hébergement où et par qui', cellule E4 : [hosting.model] « Sur sites » "
        "ne fait pas partie de la liste (valeurs possibles : "
    )
    assert lines[1].endswith(" ; vouliez-vous dire « Sur site » ?")
    assert lines[2] == (
        "  - feuille '1 Hébergement où et par qui', cellule E15 : [hosting.gpus] nombre attendu "
        "(trouvé le texte « huit »)"
    )


def test_import_as_json_lists_the_changes(
    form_tender: Tender, filled_form: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "form",
        "import",
        str(filled_form),
        "--vendor",
        "acme",
        "--dir",
        str(form_tender.root),
        "--json",
        "--dry-run",
    )
    data = json.loads(out)
    assert code == 0 and data["written"] is False
    assert data["schema"] == "sovereignty/form-import/1"
    assert data["company"] == "Acme SAS" and data["forced"] == []
    assert {"question": "hosting.hds", "change": "— → Oui", "stale": False} in data["changes"]


def test_import_needs_a_vendor_and_a_valid_vendor_id(
    form_tender: Tender, filled_form: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "form", "import", str(filled_form), "--dir", str(form_tender.root))
    assert code == 2 and "--vendor" in err
    code, _, err = run(
        capsys,
        "form",
        "import",
        str(filled_form),
        "--vendor",
        "Bad Name",
        "--dir",
        str(form_tender.root),
    )
    assert code == 2 and "--vendor 'Bad Name' : utilisez minuscules, chiffres et '-'" in err


def test_import_lists_the_answers_it_set_aside_with_their_cells(
    form_tender: Tender,
    filled_form: Path,
    kit: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def change(workbook: Any) -> None:
        workbook["1 Hébergement où et par qui"]["E4"] = "Sur site"

    form = kit.edit_workbook(filled_form, change, tmp_path / "on-site.xlsx")
    args = ("form", "import", str(form), "--vendor", "acme", "--dir", str(form_tender.root))
    code, out, err = run(capsys, *args)
    assert code == 0, err
    lines = out.splitlines()
    heading = next(i for i, line in enumerate(lines) if "mise(s) de côté" in line)
    # the HDS question, the sub-processors table and the approval of sub-processors
    assert lines[heading].startswith("3 réponse(s) mise(s) de côté : la question ne s'applique")
    assert "  feuille '1 Hébergement où et par qui', cellule E5 — hosting.hds : Oui" in lines
    assert any("cellule E4 — subprocessors.list" in line for line in lines)
    code, out, _ = run(capsys, *args, "--json", "--dry-run")
    data = json.loads(out)
    assert [a["question"] for a in data["set_aside"]] == [
        "hosting.hds",
        "subprocessors.list",
        "subprocessors.approval",
    ]
    assert data["set_aside"][0]["answer"]["value"] == "yes"
