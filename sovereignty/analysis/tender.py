"""The tender-level analysis: what one command (or the demo) knows about a tender's offers.

Each answer sheet is loaded and checked once, each offer classified and its data flows analysed
once, the GHT graph merged once, whichever steps ask and in whatever order. A file changed on
disk since it was read (by a step of the same command, or by hand) is read again: what is cached
is keyed on the files it was made from.

``TenderAnalysis.of(tender, as_of)`` is the analysis every step of a command shares: the command
holds one :class:`Tender`, and the analysis lives as long as it does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from weakref import WeakKeyDictionary

from sovereignty.analysis.flows import FlowReport, analyse_model
from sovereignty.analysis.offer import COUNTS, Offer, load_offer
from sovereignty.tender.folder import Tender
from sovereignty.tender.memo import Stamp, stamp

_SHARED: WeakKeyDictionary[Tender, dict[dt.date, TenderAnalysis]] = WeakKeyDictionary()


class TenderAnalysis:
    """A tender's offers, each loaded and analysed once (see the module docstring)."""

    def __init__(self, tender: Tender, as_of: dt.date | None = None) -> None:
        self.tender = tender
        self.as_of = as_of or dt.date.today()
        self._offers: dict[str, tuple[Stamp, Offer]] = {}
        self._ght: tuple[Stamp, FlowReport] | None = None

    @classmethod
    def of(cls, tender: Tender, as_of: dt.date | None = None) -> TenderAnalysis:
        """The analysis shared by every step working on ``tender`` at ``as_of`` (today)."""
        day = as_of or dt.date.today()
        per_day = _SHARED.setdefault(tender, {})
        found = per_day.get(day)
        if found is None:
            found = per_day[day] = cls(tender, day)
        return found

    def _files(self, vendor_id: str) -> list[Path]:
        # the buyer's answers are part of every offer
        return [
            self.tender.answers_path(vendor_id),
            self.tender.buyer_sheet_path,
            self.tender.flows_path(vendor_id),
        ]

    def loaded(self, vendor_id: str) -> Offer:
        """The offer with its validated sheet (nothing analysed yet unless asked before)."""
        now = stamp(self._files(vendor_id))
        cached = self._offers.get(vendor_id)
        if cached is not None and cached[0] == now:
            return cached[1]
        offer = load_offer(self.tender, vendor_id, self.as_of)
        COUNTS["sheet"] += 1
        self._offers[vendor_id] = (now, offer)
        return offer

    def classified(self, vendor_id: str) -> Offer:
        """The offer with its AI Act classification and regulatory findings."""
        offer = self.loaded(vendor_id)
        offer.classify()
        return offer

    def flows(self, vendor_id: str) -> FlowReport:
        """The offer's data-flow graph and analysis."""
        return self.loaded(vendor_id).analyse_flows()

    def offer(self, vendor_id: str) -> Offer:
        """The offer analysed whole: classification, regulatory and data-flow findings."""
        offer = self.loaded(vendor_id)
        offer.classify()
        offer.analyse_flows()
        return offer

    def offers(self, vendor_ids: Sequence[str] | None = None) -> list[Offer]:
        ids = self.tender.vendor_ids() if vendor_ids is None else vendor_ids
        return [self.offer(v) for v in ids]

    def ght_flows(self) -> FlowReport:
        """Every offer merged into one GHT graph (shared providers as one node), analysed."""
        from sovereignty.dataflow.assemble import merge_models

        ids = self.tender.vendor_ids()
        now = stamp([p for v in ids for p in self._files(v)])
        if self._ght is not None and self._ght[0] == now:
            return self._ght[1]
        report = analyse_model(merge_models([self.loaded(v).model for v in ids]))
        COUNTS["ght_flows"] += 1
        self._ght = (now, report)
        return report
