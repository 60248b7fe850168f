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


def _convert_group(executable: str, documents: list[Path], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sovereignty-lo-") as scratch:
        profile = Path(scratch) / "profile"
        staging = Path(scratch) / "out"
        command = [
            executable,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(staging),
            *[str(d.resolve()) for d in documents],
        ]
        env = {**os.environ, "HOME": scratch}
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                env=env,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise DocumentError(
                Text(
                    fr=f"LibreOffice n'a pas fini la conversion en {TIMEOUT_SECONDS} s",
                    en=f"LibreOffice did not finish converting within {TIMEOUT_SECONDS} s",
                )
            ) from None
        pdfs = []
        for document in documents:
            produced = staging / (document.stem + ".pdf")
            if not produced.is_file() or produced.stat().st_size == 0:
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
            final = out_dir / produced.name
            tmp = out_dir / f".{produced.name}.tmp"
            shutil.copyfile(produced, tmp)
            os.replace(tmp, final)
            pdfs.append(final)
    return pdfs


_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")


def page_count(pdf: Path) -> int:
    """Pages of a PDF written by LibreOffice (reads the page tree root; no PDF library)."""
    data = pdf.read_bytes()
    counts = [int(a or b) for a, b in _COUNT.findall(data)]
    if counts:
        return max(counts)
    return len(re.findall(rb"/Type\s*/Page\b", data))
