"""Shared fixtures: a small bank, tenders built on it or on the shipped bank."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sovereignty.questionnaire.loader import QuestionBank, load_bank
from sovereignty.tender.folder import Tender, TenderSettings

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's tender folder, user name or language."""
    monkeypatch.delenv("SOVEREIGNTY_DIR", raising=False)
    monkeypatch.delenv("SOVEREIGNTY_REGISTER", raising=False)
    monkeypatch.setenv("SOVEREIGNTY_USER", "test-user")
    monkeypatch.delenv("SOVEREIGNTY_LANG", raising=False)


@pytest.fixture(scope="session")
def mini_bank() -> QuestionBank:
    return load_bank(FIXTURES / "mini-bank.yaml")


@pytest.fixture(scope="session")
def shipped_bank() -> QuestionBank:
    return load_bank()


@pytest.fixture
def mini_tender(tmp_path: Path) -> Iterator[Tender]:
    """A tender on the mini bank with one vendor, 'acme'."""
    root = tmp_path / "tender"
    root.mkdir()
    shutil.copy(FIXTURES / "mini-bank.yaml", root / "bank.yaml")
    tender = Tender.create(root, TenderSettings(name="Test", buyer="CHU Test", bank="bank.yaml"))
    tender.add_vendor("acme", "Acme SAS")
    yield tender


@pytest.fixture(scope="session")
def demo_offers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo offers as whole sheets (the buyer's answers, held once in the example, with each
    vendor's), for commands that read one file (``--answers FILE``)."""
    from sovereignty.core.resources import data_dir
    from sovereignty.questionnaire.answers import load_sheet, save_sheet
    from sovereignty.questionnaire.combine import combine

    demo = data_dir("examples") / "demo"
    bank = load_bank()
    buyer, _ = load_sheet(demo / "buyer.yaml")
    folder = tmp_path_factory.mktemp("demo-offers")
    for path in sorted((demo / "vendors").glob("*.yaml")):
        save_sheet(folder / path.name, combine(bank, buyer, load_sheet(path)[0]))
    return folder
