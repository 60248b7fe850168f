"""An entry of the AI register, and the monitoring records kept on it.

An entry says what the system is and under which rules it runs (intended purpose, AI Act regimes,
the hospital's role), who supplies and controls it (vendor, control chain, hosting), what proves
it (certificates with their dates), what binds it (contract dates), and what the hospital owes
(obligations with the date they apply from, one-off duties with their due date). Entries are
plain YAML written by the tool, or by hand for systems bought before it (``register import``).

Records are what happens afterwards: incidents (serious or not), disagreements between the
system and the people overseeing it, local performance checks against the contract's thresholds,
changes announced by the vendor, and the completion of a duty. A record is written once and never
changed; a later record may close what an earlier one opened.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import Field, field_validator

from sovereignty.core.model import InvalidValue, Model, NonEmptyStr, Text

ENTRY_SCHEMA = "sovereignty/register-entry/1"
RECORD_SCHEMA = "sovereignty/register-record/1"
ENTRY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def check_entry_id(value: str) -> str:
    if not ENTRY_ID.fullmatch(value):
        raise InvalidValue(
            Text(
                fr="un id d'entrée s'écrit en minuscules, chiffres et '-' (par ex. 'radiance')",
                en="an entry id is lower-case letters, digits and '-' (e.g. 'radiance')",
            )
        )
    return value


class Certificate(Model):
    """A certificate the system or its host relies on; ``expires`` drives a due date."""

    kind: Literal["ce_notified_body", "hds", "secnumcloud", "iso27001", "other"]
    name: NonEmptyStr
    number: str | None = None
    holder: str | None = None
    issued: dt.date | None = None
    expires: dt.date | None = None
    source: str | None = None  # the question it comes from


class Contract(Model):
    """The contract's dates. Renewal and notice dates are computed from them."""

    reference: str | None = None
    signed: dt.date | None = None
    start: dt.date | None = None
    months: int | None = Field(default=None, ge=1, le=600)  # initial duration
    renewals: int = Field(default=0, ge=0, le=20)  # renewals the contract allows
    renewal_months: int | None = Field(default=None, ge=1, le=600)  # default: ``months``
    notice_months: int | None = Field(default=None, ge=0, le=60)  # to stop a renewal
    go_live: dt.date | None = None  # first use in production


class Obligation(Model):
    """A standing obligation of the hospital, in force from ``applies_from``."""

    id: NonEmptyStr
    title: Text
    legal: tuple[str, ...] = ()
    applies_from: dt.date | None = None  # None: in force already, no start date
    certainty: Literal["applies", "undetermined"] = "applies"


class Duty(Model):
    """A one-off duty (impact assessment, notification, registration, test...): due before the
    go-live, or by the date it starts applying when the system is already in use then."""

    id: NonEmptyStr
    title: Text
    legal: tuple[str, ...] = ()
    applies_from: dt.date | None = None
    before_go_live: bool = True


class Threshold(Model):
    """A performance level the contract requires (``metric`` at least/most ``value``)."""

    metric: NonEmptyStr
    value: float
    direction: Literal["at_least", "at_most"] = "at_least"
    source: str | None = None


class Flag(Model):
    """Something that needs a decision before the entry can be trusted again."""

    id: NonEmptyStr  # stable: "reclassify-0003"
    reason: Text
    legal: tuple[str, ...] = ()
    record: str | None = None  # the record that raised it
    raised: dt.date


class Source(Model):
    """Where an entry came from: the tender and the journal head at the time."""

    tender: str | None = None  # path of the tender folder, as given
    tender_name: str | None = None
    reference: str | None = None
    vendor: str | None = None
    sheet_sha256: str | None = None
    journal_entries: int | None = None
    journal_head: str | None = None
    awarded: str | None = None  # the vendor the tender's last award decision names, then
    by_hand: bool = False


class Entry(Model):
    schema_: Literal["sovereignty/register-entry/1"] = Field(
        default="sovereignty/register-entry/1", alias="schema"
    )
    id: NonEmptyStr
    system: NonEmptyStr
    vendor: NonEmptyStr
    vendor_id: str | None = None
    intended_purpose: str | None = None  # the vendor's, per its instructions for use
    hospital_use: str | None = None  # the hospital's planned use
    regimes: tuple[str, ...] = ()  # AI Act regime ids that apply
    regime_points: tuple[str, ...] = ()  # "5(d)", "50(1)"...
    regimes_undetermined: tuple[str, ...] = ()
    role: Literal["deployer", "provider", "undetermined"] = "undetermined"
    device: str | None = None  # the medical-device status and class, in words
    device_regulation: Literal["mdr", "ivdr"] | None = None  # vigilance goes to the ANSM
    control_chain: tuple[str, ...] = ()  # "Radiance Santé SAS (France)", its host, their parents
    hosting: tuple[str, ...] = ()  # where data are stored, processed, administered
    certificates: tuple[Certificate, ...] = ()
    contract: Contract = Contract()
    obligations: tuple[Obligation, ...] = ()
    duties: tuple[Duty, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    establishments: tuple[str, ...] = ()
    oversight: tuple[str, ...] = ()  # persons in charge of human oversight
    public_authority: bool | None = None  # registration and AIDF duties of Art. 26(8), 27
    flags: tuple[Flag, ...] = ()
    source: Source = Source()
    created_at: dt.datetime | None = None

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        return check_entry_id(value)


Harm = Literal[
    "death",
    "serious_health",
    "critical_infrastructure",
    "fundamental_rights",
    "property_environment",
    "none",
]


class _Record(Model):
    schema_: Literal["sovereignty/register-record/1"] = Field(
        default="sovereignty/register-record/1", alias="schema"
    )
    id: NonEmptyStr  # "0001", numbered per entry
    entry: NonEmptyStr
    on: dt.date  # when it happened, was noticed, or was done
    summary: NonEmptyStr
    establishment: str | None = None
    by: str | None = None
    recorded_at: dt.datetime | None = None


class Incident(_Record):
    """An incident or malfunction. Serious (Art. 3(49)) when ``harm`` is not ``none``."""

    kind: Literal["incident"] = "incident"
    harm: Harm = "none"
    widespread: bool = False  # a widespread infringement (Art. 73(3))
    suspended: bool = False  # use suspended (Art. 26(5))
    provider_informed: dt.date | None = None
    authority_reported: dt.date | None = None

    @property
    def serious(self) -> bool:
        return self.harm != "none"


class Disagreement(_Record):
    """A person overseeing the system disagreed with its output (Art. 14(4)(d), 26(2))."""

    kind: Literal["disagreement"] = "disagreement"
    output: str | None = None  # what the system gave
    decision: str | None = None  # what the person decided
    harm_avoided: bool | None = None


class PerformanceCheck(_Record):
    """A local measure of performance, compared with the contract's threshold."""

    kind: Literal["performance"] = "performance"
    metric: NonEmptyStr
    value: float
    threshold: float | None = None
    direction: Literal["at_least", "at_most"] = "at_least"
    sample: int | None = None

    @property
    def below(self) -> bool | None:
        if self.threshold is None:
            return None
        if self.direction == "at_least":
            return self.value < self.threshold
        return self.value > self.threshold


class VendorChange(_Record):
    """A change the vendor announces (new version, new model, new sub-processor...)."""

    kind: Literal["change"] = "change"
    version: str | None = None
    substantial: Literal["yes", "no", "unknown"] = "unknown"  # Art. 3(23)
    purpose_changed: bool = False  # the intended purpose changes (Art. 25(1)(c))
    effective: dt.date | None = None


class Completion(_Record):
    """A duty done (``duty`` is a duty id) or a flag resolved (a flag id), with its proof."""

    kind: Literal["completion"] = "completion"
    duty: NonEmptyStr
    reference: str | None = None  # the document, registration number, report...


Record = Annotated[
    Incident | Disagreement | PerformanceCheck | VendorChange | Completion,
    Field(discriminator="kind"),
]
RECORD_KINDS = ("incident", "disagreement", "performance", "change", "completion")
