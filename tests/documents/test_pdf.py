"""PDF conversion with LibreOffice: proof that an office suite opens every document.

Skipped where ``soffice`` is not installed (.ci/run installs LibreOffice Writer for CI)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sovereignty.core.errors import DocumentError
from sovereignty.documents.pdf import (
    convert_to_pdf,
    installed_components,
    missing_component,
    page_count,
    soffice,
)
from sovereignty.services.documents import Written

needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) not installed")


@pytest.mark.soffice
@needs_soffice
def test_every_demo_document_converts_to_a_pdf(
    demo_documents: dict[tuple[str, str | None], Written], tmp_path: Path
) -> None:
    sources = [w.path for w in demo_documents.values()]
    pdfs = convert_to_pdf(sources, tmp_path)
    assert [p.stem for p in pdfs] == [s.stem for s in sources]
    for pdf in pdfs:
        assert pdf.read_bytes().startswith(b"%PDF")
        pages = page_count(pdf)
        assert pages >= 2, pdf.name  # title page and contents, then the body
        if shutil.which("pdfinfo"):
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
            assert f"Pages:           {pages}" in info
        if shutil.which("pdftotext"):  # the contents was updated: its entries have page numbers
            text = subprocess.run(
                ["pdftotext", "-l", "2", str(pdf), "-"], capture_output=True, text=True
            ).stdout
            assert re.search(r"(Synthèse|Préambule|Summary|Preamble)\.{5,}\s*\d+", text), pdf.name


@pytest.mark.soffice
@needs_soffice
def test_a_file_libreoffice_cannot_read_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DocumentError) as info:
        convert_to_pdf([broken], tmp_path / "out")
    assert "broken.docx" in str(info.value)


def test_asking_for_a_pdf_without_libreoffice_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(DocumentError) as info:
        convert_to_pdf([tmp_path / "a.docx"])
    assert "LibreOffice (soffice) is not installed" in str(info.value)


def test_the_page_count_reads_the_page_tree(tmp_path: Path) -> None:
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 1 0 R >> endobj\n%%EOF"
    )
    assert page_count(pdf) == 3


def _fake_libreoffice(root: Path, libraries: list[str]) -> Path:
    program = root / "lib" / "libreoffice" / "program"
    program.mkdir(parents=True)
    executable = program / "soffice"
    executable.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")  # converts nothing, exit 0
    executable.chmod(0o755)
    for name in libraries:
        (program / name).write_bytes(b"")
    link = root / "bin" / "soffice"
    link.parent.mkdir()
    link.symlink_to(executable)
    return link


def test_the_installed_libreoffice_components_are_read_beside_the_executable(
    tmp_path: Path,
) -> None:
    writer_only = _fake_libreoffice(tmp_path / "a", ["libswlo.so", "libmergedlo.so"])
    assert installed_components(str(writer_only)) == {"writer"}
    assert missing_component([Path("f.docx")], str(writer_only)) is None
    assert missing_component([Path("f.docx"), Path("f.xlsx")], str(writer_only)) == "calc"
    both = _fake_libreoffice(tmp_path / "b", ["libswlo.so", "libsclo.so"])
    assert installed_components(str(both)) == {"writer", "calc"}
    unknown = _fake_libreoffice(tmp_path / "c", ["something-else.so"])
    assert installed_components(str(unknown)) is None  # a layout we cannot read: no guess


def test_a_pdf_asked_of_a_component_that_is_missing_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calc_only = _fake_libreoffice(tmp_path, ["libsclo.so"])
    monkeypatch.setattr(shutil, "which", lambda name: str(calc_only))
    with pytest.raises(DocumentError) as info:
        convert_to_pdf([tmp_path / "annex.docx"])
    assert info.value.render("fr") == (
        f"{tmp_path / 'annex.docx'} : LibreOffice est installé sans Writer (traitement de texte), "
        "nécessaire pour convertir un .docx en PDF (Debian : apt-get install "
        "libreoffice-writer-nogui)"
    )
    assert "installed without Writer (word processor)" in info.value.render("en")


def test_a_conversion_that_writes_nothing_is_an_error_even_with_exit_code_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unknown_layout = _fake_libreoffice(tmp_path, [])
    monkeypatch.setattr(shutil, "which", lambda name: str(unknown_layout))
    source = tmp_path / "annex.docx"
    source.write_bytes(b"PK")
    with pytest.raises(DocumentError) as info:
        convert_to_pdf([source], tmp_path / "out")
    assert "LibreOffice produced no PDF (exit 0)" in info.value.render("en")
