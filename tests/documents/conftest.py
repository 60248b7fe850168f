"""The demo tender and its documents, written once for the documents tests."""

from __future__ import annotations

import pytest

from sovereignty.services.demo import build_demo_tender
from sovereignty.services.documents import Options, Written, write_all
from sovereignty.tender.folder import Tender
from tests.documents.docx_reading import AS_OF


@pytest.fixture(scope="session")
def demo_tender(tmp_path_factory: pytest.TempPathFactory) -> Tender:
    return build_demo_tender(tmp_path_factory.mktemp("demo") / "tender")


@pytest.fixture(scope="session")
def demo_documents(demo_tender: Tender) -> dict[tuple[str, str | None], Written]:
    """Every document of the demo tender in French, without PDF (see test_pdf for PDFs)."""
    folder = demo_tender.root / "documents"
    written = write_all(demo_tender, folder, Options(lang="fr", as_of=AS_OF))
    return {(w.kind, w.vendor): w for w in written}
