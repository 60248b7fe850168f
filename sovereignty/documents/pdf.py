"""PDF conversion with LibreOffice (``soffice``), when it is installed.

Each call uses its own throw-away LibreOffice profile: two conversions sharing a profile lose
files, sometimes with exit code 0, so the output file is checked too.

LibreOffice comes in components: Debian's Writer package without Calc converts a .docx but not a
.xlsx, and ``soffice`` then prints "source file could not be loaded" and exits 0. Which
components are installed is read from the libraries beside the executable (``libswlo`` for
Writer, ``libsclo`` for Calc), so a missing one is named before anything runs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from sovereignty.core.errors import DocumentError
from sovereignty.core.model import Text

TIMEOUT_SECONDS = 180

# component: (its library's stem, its name, the Debian package that brings it)
COMPONENTS = {
    "writer": ("swlo", ("Writer (traitement de texte)", "Writer (word processor)"), "writer"),
    "calc": ("sclo", ("Calc (tableur)", "Calc (spreadsheet)"), "calc"),
}
COMPONENT_OF = {".docx": "writer", ".doc": "writer", ".odt": "writer", ".xlsx": "calc"}


def soffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def installed_components(executable: str | None = None) -> set[str] | None:
    """The LibreOffice components installed beside ``executable`` ("writer", "calc"); None
    when LibreOffice is absent or its layout cannot be read (then only a conversion tells)."""
    executable = executable or soffice()
    if executable is None:
        return None
    program = Path(executable).resolve().parent
    folders = [program, program.parent / "Frameworks"]  # Linux and Windows; macOS
    names = {p.name for folder in folders if folder.is_dir() for p in folder.iterdir()}
    found = {
        component
        for component, (stem, _, _) in COMPONENTS.items()
        if any(re.fullmatch(rf"(lib)?{stem}\.(so|dylib|dll)", n) for n in names)
    }
    return found or None  # no library recognised: an unknown layout, not a bare install


def missing_component(documents: Sequence[Path], executable: str | None = None) -> str | None:
    """The component a conversion of ``documents`` needs that is known to be missing."""
    installed = installed_components(executable)
    if installed is None:
        return None
    for document in documents:
        needed = COMPONENT_OF.get(document.suffix.lower())
        if needed and needed not in installed:
            return needed
    return None


def _missing(component: str, document: Path) -> DocumentError:
    _, (fr, en), package = COMPONENTS[component]
    return DocumentError(
        Text(
            fr=f"{document} : LibreOffice est installé sans {fr}, nécessaire pour convertir un "
            f"{document.suffix} en PDF (Debian : apt-get install libreoffice-{package}-nogui)",
            en=f"{document}: LibreOffice is installed without {en}, which converting a "
            f"{document.suffix} to PDF needs (Debian: apt-get install libreoffice-{package}-nogui)",
        )
    )


def convert_to_pdf(documents: Sequence[Path], out_dir: Path | None = None) -> list[Path]:
    """Convert ``documents`` (one LibreOffice run) and return the PDFs, next to them by default."""
    executable = soffice()
    if executable is None:
        raise DocumentError(
            Text(
                fr="LibreOffice (soffice) n'est pas installé : pas de PDF possible "
                "(Debian : apt-get install libreoffice-writer-nogui)",
                en="LibreOffice (soffice) is not installed: cannot write PDF "
                "(Debian: apt-get install libreoffice-writer-nogui)",
            )
        )
    if not documents:
        return []
    lacking = missing_component(documents, executable)
    if lacking is not None:
        first = next(d for d in documents if COMPONENT_OF.get(d.suffix.lower()) == lacking)
        raise _missing(lacking, first)
    targets: dict[Path, list[Path]] = {}
    for document in documents:
        target_dir = out_dir or document.parent
        targets.setdefault(target_dir, []).append(document)
    pdfs: list[Path] = []
    for target_dir, group in targets.items():
        pdfs += _convert_group(executable, group, target_dir)
    return pdfs


# A LibreOffice Basic macro that opens each document, updates its indexes (the table of
# contents: LibreOffice keeps the cached text of a .docx field instead) and its fields (page
# numbers), then exports it; ``--convert-to`` alone would print a contents without page numbers.
# Errors are caught so that LibreOffice always quits; a missing PDF is found by the caller.
MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1"
 script:language="StarBasic">
Sub ConvertList()
  Dim n As Integer, entry As String, pos As Integer
  On Error GoTo Finish
  n = FreeFile
  Open Environ("SOVEREIGNTY_PDF_LIST") For Input As #n
  Do While Not EOF(n)
    Line Input #n, entry
    pos = InStr(entry, Chr(9))
    If pos &gt; 0 Then ToPdf(Left(entry, pos - 1), Mid(entry, pos + 1))
  Loop
  Close #n
Finish:
  StarDesktop.terminate()
End Sub

Sub ToPdf(source As String, target As String)
  Dim doc As Object, indexes As Object, i As Integer, filter As String
  Dim load(0) As New com.sun.star.beans.PropertyValue
  Dim store(0) As New com.sun.star.beans.PropertyValue
  On Error GoTo Done
  load(0).Name = "Hidden"
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(source), "_blank", 0, load())
  If IsNull(doc) Then Exit Sub
  filter = "calc_pdf_Export"
  If HasUnoInterfaces(doc, "com.sun.star.text.XDocumentIndexesSupplier") Then
    filter = "writer_pdf_Export"
    indexes = doc.getDocumentIndexes()
    For i = 0 To indexes.getCount() - 1
      indexes.getByIndex(i).update()
    Next
    doc.getTextFields().refresh()
    For i = 0 To indexes.getCount() - 1
      indexes.getByIndex(i).update()
    Next
  End If
  store(0).Name = "FilterName"
  store(0).Value = filter
  doc.storeToURL(ConvertToURL(target), store())
Done:
  If Not IsNull(doc) Then doc.close(True)
End Sub
</script:module>
"""


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        raise DocumentError(
            Text(
                fr=f"LibreOffice n'a pas fini la conversion en {TIMEOUT_SECONDS} s",
                en=f"LibreOffice did not finish converting within {TIMEOUT_SECONDS} s",
            )
        ) from None


def _convert_group(executable: str, documents: list[Path], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sovereignty-lo-") as scratch:
        root = Path(scratch)
        profile, staging, sources = root / "profile", root / "out", root / "in"
        staging.mkdir()
        sources.mkdir()
        # Copies under plain names: any character of a user's path is safe for the macro.
        copies = [sources / f"{i}{d.suffix.lower()}" for i, d in enumerate(documents)]
        for document, copy in zip(documents, copies, strict=True):
            shutil.copyfile(document, copy)
        produced = [staging / f"{copy.stem}.pdf" for copy in copies]
        base = [
            executable,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
        ]
        listing = root / "list.txt"
        listing.write_text(
            "".join(f"{c}\t{p}\n" for c, p in zip(copies, produced, strict=True)), "utf-8"
        )
        env = {**os.environ, "HOME": scratch, "SOVEREIGNTY_PDF_LIST": str(listing)}
        _run([*base, "--terminate_after_init"], env)  # creates the profile the macro goes in
        module = profile / "user" / "basic" / "Standard" / "Module1.xba"
        if module.parent.is_dir():
            module.write_text(MACRO, encoding="utf-8")
            result = _run([*base, "macro:///Standard.Module1.ConvertList()"], env)
        missing = [c for c, p in zip(copies, produced, strict=True) if not _written(p)]
        if missing:  # no Basic, or a document it could not open: the plain conversion
            command = [*base, "--convert-to", "pdf", "--outdir", str(staging)]
            result = _run([*command, *map(str, missing)], env)
        pdfs = []
        for document, pdf in zip(documents, produced, strict=True):
            if not _written(pdf):
                detail = (result.stderr or result.stdout).strip()[-300:]
                code = result.returncode
                raise DocumentError(
                    Text(
                        fr=f"{document} : LibreOffice n'a produit aucun PDF (code de sortie "
                        f"{code})" + (f" : {detail}" if detail else ""),
                        en=f"{document}: LibreOffice produced no PDF (exit {code})"
                        + (f": {detail}" if detail else ""),
                    )
                )
            final = out_dir / f"{document.stem}.pdf"
            tmp = out_dir / f".{final.name}.tmp"
            shutil.copyfile(pdf, tmp)
            os.replace(tmp, final)
            pdfs.append(final)
    return pdfs


def _written(pdf: Path) -> bool:
    return pdf.is_file() and pdf.stat().st_size > 0


_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")


def page_count(pdf: Path) -> int:
    """Pages of a PDF written by LibreOffice (reads the page tree root; no PDF library)."""
    data = pdf.read_bytes()
    counts = [int(a or b) for a, b in _COUNT.findall(data)]
    if counts:
        return max(counts)
    return len(re.findall(rb"/Type\s*/Page\b", data))
