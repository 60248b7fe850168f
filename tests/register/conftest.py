"""The demo tender, built once, and its awarded offer analysed once, for the register tests."""

from __future__ import annotations

import pytest

from sovereignty.services.demo import build_demo_tender
from sovereignty.services.offer import Offer, analyse_offer
from sovereignty.tender.folder import Tender


@pytest.fixture(scope="session")
def demo_tender(tmp_path_factory: pytest.TempPathFactory) -> Tender:
    return build_demo_tender(tmp_path_factory.mktemp("demo") / "tender")


@pytest.fixture(scope="session")
def radiance(demo_tender: Tender) -> Offer:
    return analyse_offer(demo_tender, "radiance")
