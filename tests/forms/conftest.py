"""Fixtures of the response-form tests: a tender on a small bank covering every type, a sheet
answering every vendor question, and helpers to export, fill and tamper with forms."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sovereignty.forms.fill import fill_form
from sovereignty.questionnaire.answers import Answer, AnswerSheet
from sovereignty.services.form import export_form
from sovereignty.tender.folder import Tender, TenderSettings

HERE = Path(__file__).parent
BANK = HERE / "form-bank.yaml"

# Texts a spreadsheet would run as formulas, and other awkward ones: all must come back as typed.
TRICKY_TEXTS = (
    '=HYPERLINK("http://evil.example","clic")',
    "+33 1 23 45 67 89",
    "-2 jours de délai",
    "@SUM(A1:A2)",
    "\tindented",
    "Ligne 1\nLigne 2 « guillemets » & <balises>",
)


def full_answers() -> dict[str, Answer]:
    """An answer to every vendor question of the test bank, buyer answers included."""
    return {
        "need.problem": Answer(value="Trier les radios", by="Buyer"),
        "need.health_data": Answer(value="yes", by="Buyer"),
        "hosting.model": Answer(value="saas", comment=TRICKY_TEXTS[0], evidence="Annexe 3, p. 4"),
        "hosting.hds": Answer(value="yes", evidence=TRICKY_TEXTS[3]),
        "hosting.hds_scope": Answer(value=["backup", "physical"]),
        "hosting.features": Answer(value=[]),
        "hosting.since": Answer(value="2021-03-15"),
        "hosting.audit_date": Answer(unknown=True, comment=TRICKY_TEXTS[2]),
        "hosting.gpus": Answer(value=8),
        "hosting.uptime": Answer(value=99.95),
        "hosting.description": Answer(value=TRICKY_TEXTS[5], comment=TRICKY_TEXTS[1]),
        "subprocessors.list": Answer(
            value=[
                {
                    "name": "Nuage SAS",
                    "country": "fr",
                    "data": ["health", "admin"],
                    "remote": "no",
                    "share": 60,
                    "since": "2020-01-01",
                },
                {"name": TRICKY_TEXTS[4], "country": "us", "remote": "yes", "share": 12.5},
            ]
        ),
        "subprocessors.approval": Answer(value="no", comment="Sur demande"),
    }


@pytest.fixture
def form_tender(tmp_path: Path) -> Tender:
    """A tender on the test bank with vendor 'acme', which has only the buyer's answers."""
    root = tmp_path / "tender"
    root.mkdir()
    shutil.copy(BANK, root / "bank.yaml")
    tender = Tender.create(root, TenderSettings(name="IA test", buyer="CHU Test", bank="bank.yaml"))
    sheet = tender.add_vendor("acme", "Acme SAS")
    answers = full_answers()
    tender.save_sheet(
        sheet.model_copy(
            update={"answers": {k: answers[k] for k in ("need.problem", "need.health_data")}}
        )
    )
    return tender


def sheet_with(tender: Tender, answers: dict[str, Answer], vendor: str = "acme") -> AnswerSheet:
    return tender.load_sheet(vendor).model_copy(update={"answers": answers})


def edit_workbook(path: Path, change: Callable[[Any], None], out: Path | None = None) -> Path:
    """Open a form as a vendor's spreadsheet would, change it, save it (as ``out``)."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(path)
    change(workbook)
    target = out or path
    workbook.save(target)
    return target


def snapshot(tender: Tender) -> tuple[bytes, bytes]:
    """The answer sheet and the journal, to prove a refused import wrote nothing."""
    return tender.answers_path("acme").read_bytes(), tender.journal_path.read_bytes()


class Kit:
    """Helpers for the tests (conftest modules cannot be imported under --import-mode=importlib)."""

    tricky_texts = TRICKY_TEXTS
    full_answers = staticmethod(full_answers)
    sheet_with = staticmethod(sheet_with)
    edit_workbook = staticmethod(edit_workbook)
    snapshot = staticmethod(snapshot)


@pytest.fixture
def kit() -> type[Kit]:
    return Kit


@pytest.fixture
def blank_form(form_tender: Tender, tmp_path: Path) -> Path:
    return export_form(form_tender, tmp_path / "form.xlsx", "fr").path


@pytest.fixture
def filled_form(form_tender: Tender, blank_form: Path, tmp_path: Path) -> Path:
    """The form filled with every answer of :func:`full_answers`."""
    out = tmp_path / "filled.xlsx"
    sheet = sheet_with(form_tender, full_answers())
    fill_form(blank_form, out, form_tender.bank, sheet, ("Jeanne Martin", "Acme SAS"))
    return out
