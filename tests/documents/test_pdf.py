"""PDF conversion with LibreOffice: proof that an office suite opens every document.

Skipped where ``soffice`` is not installed (.ci/run installs LibreOffice Writer for CI)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from sovereignty.core.errors import DocumentError
from sovereignty.documents.pdf import convert_to_pdf, page_count, soffice
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
