"""An offer's price schedule (*bordereau de prix*) and its life-cycle cost (CCP art. R2152-9).

``vendors/<id>/price.yaml``::

    schema: sovereignty/price/1
    currency: EUR                      # amounts excluding VAT (HT)
    components:
      licences: {per_year: 24000}      # licences or subscription
      hosting: {per_year: 6000}
      integration: {one_off: 15000}
      training: {one_off: 4000}
      maintenance: {per_year: 5000}
      exit: {one_off: 3000}            # exit and reversibility costs, priced up front
    note: "Prix ferme la première année, révisable ensuite."

The life-cycle cost over the contract is ``sum(one_off) + sum(per_year) x months / 12``, the
duration being published with the grid (``award.price.duration_months``), so every bidder's
schedule is costed over the same period. A component left out costs 0 and is listed as not
priced, so a reader sees it was not forgotten by the tool. The file is a record of the tender:
written by ``sovereignty price VENDOR`` as a journaled write; edited by hand, it no longer
matches the journal and reading commands refuse it (``tender.records``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from sovereignty.core.model import Model, Text
from sovereignty.core.validation import validate_document
from sovereignty.core.yamlio import dump_yaml, load_yaml
from sovereignty.scoring.award import PRICE_COMPONENTS, PriceComponent

SCHEMA = "sovereignty/price/1"
PRICE_FILE = "price.yaml"
JOURNAL_ACTION = "price.entered"


class Amount(Model):
    one_off: float = Field(default=0, ge=0)
    per_year: float = Field(default=0, ge=0)


class PriceSchedule(Model):
    schema_: Literal["sovereignty/price/1"] = Field(default="sovereignty/price/1", alias="schema")
    currency: Literal["EUR"] = "EUR"
    components: dict[PriceComponent, Amount] = Field(default_factory=dict)
    note: str | None = None

    def cost(self, component: PriceComponent, months: int) -> float:
        amount = self.components.get(component)
        return 0.0 if amount is None else amount.one_off + amount.per_year * months / 12

    def life_cycle_cost(self, months: int) -> float:
        return sum(self.cost(c, months) for c in PRICE_COMPONENTS)

    @property
    def not_priced(self) -> list[PriceComponent]:
        return [c for c in PRICE_COMPONENTS if c not in self.components]


EXPECTED = Text(
    fr="un bordereau de prix est une table avec 'schema', 'currency' et 'components' "
    f"({', '.join(PRICE_COMPONENTS)}), chacun avec 'one_off' et/ou 'per_year'",
    en="a price schedule is a mapping with 'schema', 'currency' and 'components' "
    f"({', '.join(PRICE_COMPONENTS)}), each with 'one_off' and/or 'per_year'",
)


def price_path(vendor_dir: Path) -> Path:
    return vendor_dir / PRICE_FILE


def load_price(vendor_dir: Path) -> PriceSchedule | None:
    """The offer's schedule, or None when it has none; a bad file is refused with its place."""
    path = price_path(vendor_dir)
    if not path.is_file():
        return None
    return validate_document(
        load_yaml(path),
        PriceSchedule,
        expected=EXPECTED,
        schema=SCHEMA,
    )


def price_text(schedule: PriceSchedule) -> str:
    """The file's text (the tender writes it as a journaled record)."""
    return (
        "# Price schedule of the offer (euros excluding VAT); `sovereignty price` writes it.\n"
        + dump_yaml(schedule.model_dump(mode="json", by_alias=True, exclude_none=True))
    )
