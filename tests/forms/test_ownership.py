"""A form is imported only into the offer of the company that filled it in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sovereignty.core.errors import ContentError
from sovereignty.forms.fill import fill_form
from sovereignty.forms.identity import company_matches, same_company
from sovereignty.services.form import import_form
from sovereignty.tender.folder import Tender
from sovereignty.tender.journal import read_journal
from tests.cli.entry_point import run


@pytest.fixture
def globex(form_tender: Tender) -> Tender:
    """The test tender with a second vendor, 'globex'."""
    form_tender.add_vendor("globex", "Globex Corporation")
    return form_tender


def state(tender: Tender) -> tuple[bytes, bytes]:
    return tender.answers_path("globex").read_bytes(), tender.journal_path.read_bytes()


def anonymous_form(tender: Tender, blank: Path, out: Path, kit: Any) -> Path:
    """The form filled with every answer and no respondent (so no company) on it."""
    fill_form(blank, out, tender.bank, kit.sheet_with(tender, kit.full_answers()))
    return out


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Radiance Santé SAS", "RADIANCE SANTE"),
        ("Radiance-Santé S.A.S.", "radiance santé"),
        ("NorthBridge Imaging Europe B.V.", "Northbridge Imaging Europe BV"),
        ("Meridian AI, Inc.", "Meridian AI"),
        ("Acme", "Acme Santé SAS"),  # a short registered name starts the full one
    ],
)
def test_company_names_match_whatever_their_case_accents_punctuation_or_legal_form(
    a: str, b: str
) -> None:
    assert same_company(a, b) and same_company(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("NorthBridge Imaging Europe B.V.", "Radiance Santé SAS"),
        ("Santé SAS", "Radiance Santé SAS"),  # a word in the middle is not the name
        ("SAS", "Radiance SAS"),
        ("", "Radiance"),
    ],
)
def test_different_companies_do_not_match(a: str, b: str) -> None:
    assert not same_company(a, b)


def test_a_company_matches_a_vendor_by_its_id_too() -> None:
    assert company_matches("Open Scan Coop", "Coopérative X", "open-scan")
    assert not company_matches("NorthBridge", "Radiance Santé SAS", "radiance")


def test_a_form_naming_another_company_is_refused_and_nothing_is_written(
    globex: Tender, filled_form: Path
) -> None:
    before = state(globex)
    with pytest.raises(ContentError) as info:
        import_form(globex, filled_form, "globex")  # the form says "Acme SAS"
    assert state(globex) == before
    fr, en = info.value.render("fr"), info.value.render("en")
    assert "feuille 'Instructions', cellule C6 : " in fr
    assert "la société « Acme SAS », pas de l'offre « globex » (Globex Corporation)" in fr
    assert "the company “Acme SAS”, not from the vendor 'globex' (Globex Corporation)" in en


def test_the_company_named_differently_written_is_still_the_vendor(
    form_tender: Tender, blank_form: Path, tmp_path: Path, kit: Any
) -> None:
    out = tmp_path / "acme.xlsx"
    sheet = kit.sheet_with(form_tender, kit.full_answers())
    fill_form(blank_form, out, form_tender.bank, sheet, ("Jeanne Martin", "ACME s.a.s."))
    assert import_form(form_tender, out, "acme").written


def test_the_same_file_already_imported_for_another_vendor_is_refused(
    globex: Tender, blank_form: Path, tmp_path: Path, kit: Any
) -> None:
    form = anonymous_form(globex, blank_form, tmp_path / "anonymous.xlsx", kit)
    import_form(globex, form, "acme")
    before = state(globex)
    with pytest.raises(ContentError) as info:
        import_form(globex, form, "globex")
    assert state(globex) == before
    assert "already imported for the vendor acme" in info.value.render("en")
    with pytest.raises(ContentError):
        import_form(globex, form, "newco")  # nor can it create a new vendor
    assert not globex.has_vendor("newco")
    assert import_form(globex, form, "acme").changes == []  # its own vendor: fine


def test_force_imports_anyway_and_the_journal_says_so(globex: Tender, filled_form: Path) -> None:
    result = import_form(globex, filled_form, "globex", force=True)
    assert result.written and result.overridden == ["company"]
    entry = read_journal(globex.journal_path)[-1]
    assert entry.action == "form.imported" and entry.details["forced"] == ["company"]
    assert entry.details["company"] == "Acme SAS"


def test_the_cli_refuses_another_vendors_form_with_exit_1_in_both_languages(
    globex: Tender,
    filled_form: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = ("form", "import", str(filled_form), "--vendor", "globex", "--dir", str(globex.root))
    before = state(globex)
    code, out, err = run(capsys, *args)
    assert code == 1 and out == "" and "Traceback" not in err
    assert err.startswith(f"Erreur : {filled_form} : feuille 'Instructions', cellule C6 : ")
    monkeypatch.setenv("SOVEREIGNTY_LANG", "en")
    code, _, err = run(capsys, *args)
    assert code == 1 and "--force to import it anyway" in err
    assert state(globex) == before
    code, out, _ = run(capsys, *args, "--force")
    assert code == 0 and "(--force)" in out
