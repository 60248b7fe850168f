"""`sovereignty annex` and `sovereignty report`: files written, errors as messages and exit codes,
nothing written on an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sovereignty.cli import main
from sovereignty.questionnaire.answers import Answer
from sovereignty.services.demo import build_demo_tender
from sovereignty.tender.folder import Tender
from tests.documents.docx_reading import body_text, header_text, headings, open_docx


@pytest.fixture(scope="module")
def tender(tmp_path_factory: pytest.TempPathFactory) -> Tender:
    return build_demo_tender(tmp_path_factory.mktemp("cli") / "tender")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_annex_writes_the_vendor_s_annex(
    tender: Tender, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "annexe.docx"
    code, stdout, _ = run(
        ["annex", "northbridge", "--dir", str(tender.root), "-o", str(out)], capsys
    )
    assert code == 0
    assert f"Écrit : {out}" in stdout
    assert "Mise au point — offre : NorthBridge" in body_text(open_docx(out))


def test_report_and_compare_write_to_the_tender_s_documents_folder_by_default(
    tender: Tender, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(["report", "openscan", "--dir", str(tender.root), "--lang", "en"], capsys)
    assert code == 0
    report = open_docx(tender.root / "documents" / "report-openscan.docx")
    assert headings(report, 1)[0] == "Summary"
    code, _, _ = run(["report", "--compare", "--dir", str(tender.root)], capsys)
    assert code == 0
    assert (tender.root / "documents" / "comparison.docx").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["report", "--lang", "en"],
            "Error: give a VENDOR (risk report of one offer) or --compare",
        ),
        (
            ["report", "radiance", "--compare", "--lang", "en"],
            "Error: give either a VENDOR or --compare, not both",
        ),
        (["report"], "Erreur : donnez VENDOR (rapport de risques d'une offre) ou --compare"),
        (
            ["report", "radiance", "--compare"],
            "Erreur : donnez soit VENDOR (l'id d'une offre), soit --compare, pas les deux",
        ),
    ],
)
def test_report_needs_a_vendor_or_compare(
    tender: Tender, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run([*args, "--dir", str(tender.root)], capsys)
    assert code == 2
    assert message in err


def test_an_unknown_vendor_or_a_bad_clause_library_writes_nothing(
    tender: Tender,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOVEREIGNTY_LANG", "en")  # the English wording of the errors
    out = tmp_path / "a.docx"
    code, _, err = run(["annex", "nobody", "--dir", str(tender.root), "-o", str(out)], capsys)
    assert code == 1
    assert "no vendor 'nobody'" in err
    clauses = tmp_path / "clauses"
    clauses.mkdir()
    (clauses / "x.yaml").write_text(
        "schema: sovereignty/clauses/1\nclauses:\n  - id: X-01\n    chapter: data\n"
        "    title: {fr: a, en: a}\n    legal: ['GDPR art. 28']\n"
        "    when: {op: equals, question: hosting.modl, value: saas}\n"
        "    text: {fr: a, en: a}\n",
        encoding="utf-8",
    )
    code, _, err = run(
        ["annex", "radiance", "--dir", str(tender.root), "-o", str(out), "--clauses", str(clauses)],
        capsys,
    )
    assert code == 1
    assert err.startswith("Error: ")
    assert "x.yaml line 3" in err and "did you mean 'hosting.model'?" in err
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("option", ["--clauses", "--templates"])
@pytest.mark.parametrize(
    ("lang", "setup", "expected"),
    [
        ("fr", lambda p: None, "introuvable"),
        ("en", lambda p: None, "folder not found"),
        ("fr", lambda p: p.write_text("x"), "pas un fichier"),
        ("en", lambda p: p.write_text("x"), "not a file"),
    ],
)
def test_a_missing_folder_and_a_file_instead_of_a_folder_get_different_messages(
    tender: Tender,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    option: str,
    lang: str,
    setup: object,
    expected: str,
) -> None:
    monkeypatch.setenv("SOVEREIGNTY_LANG", lang)
    given = tmp_path / "given"
    setup(given)  # type: ignore[operator]
    out = tmp_path / "a.docx"
    code, _, err = run(
        ["annex", "radiance", "--dir", str(tender.root), "-o", str(out), option, str(given)],
        capsys,
    )
    assert code == 1
    assert str(given) in err and expected in err
    assert "*.yaml" not in err  # neither is mistaken for an empty folder
    assert not out.exists()


@pytest.mark.parametrize(
    ("lang", "empty", "holding"),
    [
        (
            "fr",
            "aucun fichier de clauses (*.yaml) dans ce dossier : il est vide",
            "aucun fichier de clauses (*.yaml) dans ce dossier, qui contient : dir/, notes.txt "
            "(les sous-dossiers ne sont pas lus)",
        ),
        (
            "en",
            "no clause file (*.yaml) in this folder: it is empty",
            "no clause file (*.yaml) in this folder, which holds: dir/, notes.txt "
            "(sub-folders are not read)",
        ),
    ],
)
def test_a_clause_folder_without_yaml_says_whether_it_is_empty_or_what_it_holds(
    tender: Tender,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    empty: str,
    holding: str,
) -> None:
    monkeypatch.setenv("SOVEREIGNTY_LANG", lang)
    clauses = tmp_path / "clauses"
    clauses.mkdir()
    args = ["annex", "radiance", "--dir", str(tender.root), "-o", str(tmp_path / "a.docx")]
    code, _, err = run([*args, "--clauses", str(clauses)], capsys)
    assert code == 1
    assert f"{clauses}{' :' if lang == 'fr' else ':'} {empty}" in err
    (clauses / "dir").mkdir()
    (clauses / "dir" / "mine.yaml").write_text("schema: sovereignty/clauses/1\n")
    (clauses / "notes.txt").write_text("x")
    code, _, err = run([*args, "--clauses", str(clauses)], capsys)
    assert code == 1
    assert holding in err


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("fr", "modèle livré utilisé pour report.docx"),
        ("en", "shipped template used for report.docx"),
    ],
)
def test_a_templates_folder_lacking_a_template_says_the_shipped_one_was_used(
    tender: Tender,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    note: str,
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copy(Path(__file__).parents[2] / "templates" / "annex.docx", mine / "annex.docx")
    base = ["--dir", str(tender.root), "--lang", lang, "--templates", str(mine)]
    code, stdout, _ = run(["report", "radiance", "-o", str(tmp_path / "r.docx"), *base], capsys)
    assert code == 0
    assert note in stdout and str(mine) in stdout
    assert (tmp_path / "r.docx").is_file()  # the fallback is kept: the report is written
    # the folder's own annex template is used: nothing to say
    code, stdout, _ = run(["annex", "radiance", "-o", str(tmp_path / "a.docx"), *base], capsys)
    assert code == 0
    assert "annex.docx" not in stdout.replace(str(tmp_path / "a.docx"), "")
    assert "shipped" not in stdout and "livré" not in stdout


def test_an_output_that_is_not_a_docx_is_refused(
    tender: Tender, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["annex", "radiance", "--dir", str(tender.root), "-o", str(tmp_path / "a.pdf")], capsys
    )
    assert code == 2
    assert f"{tmp_path / 'a.pdf'} : le fichier à écrire doit finir par .docx" in err


def test_pdf_without_libreoffice_writes_the_docx_and_says_why_there_is_no_pdf(
    tender: Tender,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    out = tmp_path / "r.docx"
    code, _, err = run(
        ["report", "radiance", "--dir", str(tender.root), "-o", str(out), "--pdf"], capsys
    )
    assert code == 0
    assert out.is_file() and not out.with_suffix(".pdf").exists()
    assert "LibreOffice (soffice) n'est pas installé" in err


# The start of each option's help, in French and in English (click wraps the rest).
OPTION_HELP = {
    "--pdf": ("Écrire aussi un PDF", "Also write a PDF"),
    "--clauses": ("Bibliothèque de clauses propre", "Your own clause library"),
    "--templates": ("Dossier de modèles Word propres", "Your own Word templates folder"),
    "--output": ("Fichier .docx à écrire", ".docx file to write"),
    "--compare": ("Rapport de comparaison du GHT", "GHT comparison report"),
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_option_help_is_in_the_interface_s_language_only(lang: str) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "SOVEREIGNTY_LANG": lang}
    shown = ""
    for command in ("annex", "report"):
        shown += subprocess.run(
            [sys.executable, "-m", "sovereignty", command, "--help"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    for option, (french, english) in OPTION_HELP.items():
        wanted, other = (french, english) if lang == "fr" else (english, french)
        assert wanted in shown, option
        assert other not in shown, option


@pytest.fixture(scope="module")
def switching_at_cost(tmp_path_factory: pytest.TempPathFactory) -> Tender:
    """The demo where northbridge charges switching at cost: REV-06, minor until 12/01/2027."""
    tender = build_demo_tender(tmp_path_factory.mktemp("as-of") / "tender")
    sheet = tender.load_sheet("northbridge")
    tender.save_sheet(sheet.with_answer("reversibility.exit_cost", Answer(value="at_cost")))
    return tender


def _severity_of(finding: str, path: Path) -> str:
    """The findings group (level 2 heading) a finding's heading sits under."""
    group = ""
    for paragraph in open_docx(path).paragraphs:
        if paragraph.style.name == "Heading 2":
            group = paragraph.text
        elif paragraph.text.startswith(f"{finding} — "):
            return group
    return ""


def test_report_as_of_a_date_reads_the_findings_in_force_then(
    switching_at_cost: Tender, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = tmp_path / "before.docx", tmp_path / "after.docx"
    common = ["report", "northbridge", "--dir", str(switching_at_cost.root)]
    assert run([*common, "--as-of", "2026-11-28", "-o", str(before)], capsys)[0] == 0
    assert run([*common, "--as-of", "2027-02-01", "-o", str(after)], capsys)[0] == 0
    assert _severity_of("REV-06", before).startswith("Mineur")
    assert _severity_of("REV-06", after).startswith("Majeur")
    assert "au 28 novembre 2026" in header_text(open_docx(before))
    assert "au 1er février 2027" in header_text(open_docx(after))
    assert "Date d'appréciation\n1er février 2027" in body_text(open_docx(after))


def test_annex_and_comparison_take_an_as_of_date(
    switching_at_cost: Tender, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(switching_at_cost.root)
    annex, comparison = tmp_path / "annex.docx", tmp_path / "comparison.docx"
    args = ["annex", "northbridge", "--dir", root, "--as-of", "2027-02-01", "-o", str(annex)]
    assert run([*args, "--lang", "en"], capsys)[0] == 0
    assert "as of 1 February 2027" in header_text(open_docx(annex))
    args = ["report", "--compare", "--dir", root, "--as-of", "2027-02-01", "-o", str(comparison)]
    assert run(args, capsys)[0] == 0
    assert "au 1er février 2027" in header_text(open_docx(comparison))
    code, _, err = run(["annex", "northbridge", "--dir", root, "--as-of", "1/2/27"], capsys)
    assert code == 2 and "--as-of" in err
