"""The form of the shipped bank: every demo vendor's answers survive export, fill and import."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sovereignty.forms.fill import fill_form
from sovereignty.forms.merge import same_answer
from sovereignty.services.demo import build_demo_tender
from sovereignty.services.form import demo_step, export_form, import_form
from sovereignty.tender.folder import Tender

DEMO_VENDORS = ("northbridge", "openscan", "radiance")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Tender:
    tender = build_demo_tender(tmp_path_factory.mktemp("demo") / "tender")
    if tender.vendor_ids() != list(DEMO_VENDORS):
        pytest.skip("the demo answer sheets are not all there yet")
    return tender


@pytest.fixture(scope="module")
def shipped_form(demo: Tender) -> Path:
    return export_form(demo, demo.root / "form.xlsx", "fr").path


@pytest.mark.parametrize("vendor", DEMO_VENDORS)
def test_a_demo_vendor_filled_in_and_imported_back_changes_nothing(
    demo: Tender, shipped_form: Path, vendor: str
) -> None:
    sheet = demo.load_sheet(vendor)
    before = demo.answers_path(vendor).read_bytes()
    filled = demo.root / f"{vendor}.xlsx"
    fill_form(shipped_form, filled, demo.bank, sheet, ("Test", sheet.vendor.name))
    result = import_form(demo, filled, vendor)
    assert result.changes == []
    assert demo.answers_path(vendor).read_bytes() == before
    assert result.report is not None and result.report.valid


def test_a_demo_vendor_imported_as_a_new_vendor_has_the_same_vendor_answers(
    demo: Tender, shipped_form: Path
) -> None:
    source = demo.load_sheet("northbridge")
    filled = demo.root / "copy.xlsx"
    fill_form(shipped_form, filled, demo.bank, source)
    import_form(demo, filled, "northbridge-copy")
    copy = demo.load_sheet("northbridge-copy")
    vendor_ids = {q.id for q in demo.bank.questions if q.answered_by == "vendor"}
    expected = {k: a for k, a in source.answers.items() if k in vendor_ids}
    assert set(copy.answers) == set(expected)
    assert all(same_answer(copy.answers[k], a) for k, a in expected.items())


def test_the_demo_step_exports_fills_and_imports_with_no_change(
    demo: Tender, tmp_path: Path
) -> None:
    step = demo_step(demo, tmp_path, "fr")
    assert step.name == "form"
    assert step.summary[0].startswith("Formulaire de réponse (forms/formulaire-de-reponse.xlsx) : ")
    assert step.summary[1].endswith("puis réimporté : aucun changement")
    assert [p.name for p in step.files] == [
        "formulaire-de-reponse.xlsx",
        "formulaire-northbridge.xlsx",
    ]
    assert all(p.is_file() for p in step.files)


def test_the_demo_vendor_fills_the_form_the_consultation_file_published(
    demo: Tender, tmp_path: Path
) -> None:
    published = tmp_path / "dce" / "formulaire-de-reponse.xlsx"
    export_form(demo, published, "fr")
    before = published.read_bytes()
    step = demo_step(demo, tmp_path, "fr")
    assert step.summary[0].startswith("Formulaire de réponse (dce/formulaire-de-reponse.xlsx) : ")
    assert step.summary[1].endswith("puis réimporté : aucun changement")
    assert [p.name for p in step.files] == ["formulaire-northbridge.xlsx"]
    assert not (tmp_path / "forms" / "formulaire-de-reponse.xlsx").exists()  # no second export
    assert published.read_bytes() == before  # the published piece is left as published


def test_the_form_commands_do_not_load_openpyxl_until_they_run() -> None:
    code = (
        "import sys\nimport sovereignty.cli.form, sovereignty.services.form\n"
        "import sovereignty.forms.layout, sovereignty.forms.cells, sovereignty.forms.merge\n"
        "print('openpyxl' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"


def test_only_the_forms_package_imports_openpyxl() -> None:
    package = Path(__file__).parents[2] / "sovereignty"
    importers = {
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "import openpyxl" in path.read_text(encoding="utf-8")
        or "from openpyxl" in path.read_text(encoding="utf-8")
    }
    assert importers and all(name.startswith("forms/") for name in importers)


SOFFICE = shutil.which("soffice")


def _without_calc() -> str | None:
    """Why LibreOffice cannot convert a workbook here, or None when it can."""
    from sovereignty.documents.pdf import installed_components

    if SOFFICE is None:
        return "LibreOffice (soffice) is not installed"
    installed = installed_components(SOFFICE)
    if installed is not None and "calc" not in installed:
        return f"LibreOffice is installed without Calc (found: {', '.join(sorted(installed))})"
    return None


@pytest.mark.soffice
@pytest.mark.skipif(_without_calc() is not None, reason=_without_calc() or "")
def test_libreoffice_opens_the_form_and_its_resaved_workbook_imports_unchanged(
    demo: Tender, shipped_form: Path, tmp_path: Path
) -> None:
    sheet = demo.load_sheet("openscan")
    filled = tmp_path / "openscan.xlsx"
    fill_form(shipped_form, filled, demo.bank, sheet, ("Test", sheet.vendor.name))
    out = tmp_path / "converted"
    profile = (tmp_path / "lo-profile").as_uri()
    for target in ("pdf", "xlsx:Calc MS Excel 2007 XML"):
        subprocess.run(
            [
                str(SOFFICE),
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(out),
                str(filled),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    pdf = out / "openscan.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    resaved = out / "openscan.xlsx"
    assert resaved.read_bytes() != filled.read_bytes()
    result = import_form(demo, resaved, "openscan", dry_run=True)
    assert result.changes == []
