"""PDF conversion with LibreOffice (``soffice``), when it is installed.

Each call uses its own throw-away LibreOffice profile: two conversions sharing a profile lose
files, sometimes with exit code 0, so the output file is checked too.
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


def soffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


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
