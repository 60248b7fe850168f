"""Evidence given with an answer is shown next to that answer in the risk report and in the
offer's analysis (`classify`)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from sovereignty.cli import main
from sovereignty.services.documents import Options, write_report
from sovereignty.tender.folder import Tender
from tests.documents.docx_reading import AS_OF, body_text, open_docx
from tests.hand_edit import sheet_edit

HDS_PROOF = "Certificat HDS n° 2025-117, annexe 3"
LOCATION_PROOF = "Mémoire technique, p. 12"


@pytest.fixture
def tender(demo_tender: Tender, tmp_path: Path) -> Tender:
    root = Path(shutil.copytree(demo_tender.root, tmp_path / "tender"))

    def change(data: Any) -> None:
        data["answers"]["hosting.hds_valid_until"]["evidence"] = HDS_PROOF
        data["answers"]["hosting.storage_countries"]["evidence"] = LOCATION_PROOF

    sheet_edit(root, "radiance", change)
    return Tender.open(root)


def test_the_report_shows_the_evidence_next_to_the_answers(tender: Tender, tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    write_report(tender, "radiance", out, Options(lang="fr", as_of=AS_OF))
    text = body_text(open_docx(out))
    # the certificate's end date is behind a finding, the storage countries behind a score
    line = next(t for t in text.splitlines() if HDS_PROOF in t)
    assert f"(hosting.hds_valid_until) [pièce : {HDS_PROOF}]" in line
    line = next(t for t in text.splitlines() if LOCATION_PROOF in t)
    assert "hosting.storage_countries" in line and line.index("France") < line.index(LOCATION_PROOF)


def test_the_offer_analysis_shows_the_evidence(
    tender: Tender, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["classify", "radiance", "--dir", str(tender.root), "--as-of", "2026-12-01"])
    out = capsys.readouterr().out
    assert f"(hosting.hds_valid_until) : 2028-09-30 [pièce : {HDS_PROOF}]" in out
    main(["classify", "radiance", "--dir", str(tender.root), "--json"])
    data = capsys.readouterr().out
    assert HDS_PROOF in data
