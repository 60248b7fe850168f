"""`sovereignty demo`: builds the example tender and refuses to clobber other folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from sovereignty.cli import main
from sovereignty.services.demo import build_demo_tender
from sovereignty.tender.journal import verify_journal


def test_the_demo_tender_has_three_complete_vendors(tmp_path: Path) -> None:
    tender = build_demo_tender(tmp_path / "demo")
    assert tender.vendor_ids() == ["northbridge", "openscan", "radiance"]
    assert len(tender.settings.establishments) == 3
    assert verify_journal(tender.journal_path) == []


def test_the_demo_refuses_a_folder_that_is_not_a_tender_and_needs_force_to_rebuild(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    precious = tmp_path / "mine"
    precious.mkdir()
    (precious / "thesis.docx").write_text("do not delete")
    with pytest.raises(SystemExit) as info:
        main(["demo", "--out", str(precious)])
    assert info.value.code == 1
    assert "n'est pas un dossier de consultation" in capsys.readouterr().err
    assert (precious / "thesis.docx").read_text() == "do not delete"
    build_demo_tender(tmp_path / "demo")
    with pytest.raises(SystemExit):
        main(["demo", "--out", str(tmp_path / "demo"), "--lang", "en"])
    assert capsys.readouterr().err == (
        f"Error: {tmp_path / 'demo'} already holds a tender; pass --force to rebuild it\n"
    )


def test_a_demo_built_in_english_is_an_english_tender(tmp_path: Path) -> None:
    tender = build_demo_tender(tmp_path / "demo", lang="en")
    assert tender.settings.language == "en"
    assert build_demo_tender(tmp_path / "fr").settings.language == "fr"
