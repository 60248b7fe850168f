"""One vendor's offer, analysed: see :mod:`sovereignty.analysis` (the typed offer and the
tender-level analysis every step of a command shares)."""

from __future__ import annotations

import datetime as dt

from sovereignty.analysis.offer import Offer, load_offer, offer_report
from sovereignty.analysis.tender import TenderAnalysis
from sovereignty.tender.folder import Tender

__all__ = ["Offer", "analyse_offer", "load_offer", "offer_report"]


def analyse_offer(tender: Tender, vendor_id: str, as_of: dt.date | None = None) -> Offer:
    """The offer with every analysis run on it, once per command (shared, do not modify)."""
    return TenderAnalysis.of(tender, as_of).offer(vendor_id)
