"""The award's use cases: prices entered per offer, regularisation rounds, the award decision,
and what each offer's state is (incomplete, irregular, ..., regular, ranked, awarded).

Everything that changes what the award rests on is journaled: a price entered (with the
life-cycle cost and the file's hash), a regularisation request and the bidder's answer (CCP art.
R2152-1, R2152-2), the award decision. Regularity itself is never stored: it is checked again
from the answers each time, so a corrected answer after a regularisation counts at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sovereignty.core.errors import UsageError
from sovereignty.core.model import Lang, Text
from sovereignty.scoring.award import PRICE_COMPONENTS, PriceComponent
from sovereignty.scoring.award_words import state_words
from sovereignty.scoring.compare import Comparison
from sovereignty.scoring.prices import (
    EXPECTED,
    JOURNAL_ACTION,
    Amount,
    PriceSchedule,
    load_price,
    price_path,
    price_text,
)
from sovereignty.services.demo import DemoStep
from sovereignty.services.scoring import TenderScores, trusted_journal
from sovereignty.tender.folder import Tender

REQUESTED = "regularisation.requested"
ANSWERED = "regularisation.answered"
DECIDED = "award.decided"


# --- prices -------------------------------------------------------------------------------------
def parse_amounts(pairs: Sequence[str], option: str) -> dict[PriceComponent, float]:
    """``["licences=38000", "hosting=9000"]`` -> amounts per component; a clear error otherwise."""
    amounts: dict[PriceComponent, float] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        try:
            amount = float(value.replace(" ", "").replace(",", "."))
        except ValueError:
            sep = ""
        known = ", ".join(PRICE_COMPONENTS)
        if not sep or name.strip() not in PRICE_COMPONENTS or amount < 0:
            raise UsageError(
                Text(
                    fr=f"{option} {pair!r} : COMPOSANTE=MONTANT attendu, montant positif en "
                    f"euros HT, composante parmi {known} (par ex. 'licences=38000')",
                    en=f"{option} {pair!r}: expected COMPONENT=AMOUNT, a positive amount in "
                    f"euros excluding VAT, component among {known} (e.g. 'licences=38000')",
                )
            )
        amounts[name.strip()] = amount  # type: ignore[index]
    return amounts


def enter_price(
    tender: Tender,
    vendor: str,
    one_off: Mapping[PriceComponent, float],
    per_year: Mapping[PriceComponent, float],
    note: str | None,
    actor: str,
    months: int,
) -> PriceSchedule:
    """Set the given amounts in the offer's price schedule (others kept), then journal it."""
    tender.require_vendor(vendor)
    folder = tender.vendor_dir(vendor)
    current = load_price(folder) or PriceSchedule()
    components = dict(current.components)
    for name in {*one_off, *per_year}:
        before = components.get(name, Amount())
        components[name] = Amount(
            one_off=one_off.get(name, before.one_off), per_year=per_year.get(name, before.per_year)
        )
    schedule = current.model_copy(
        update={"components": components, "note": note if note is not None else current.note}
    )
    return record_price(tender, vendor, schedule, actor, months)


def record_price(
    tender: Tender, vendor: str, schedule: PriceSchedule, actor: str, months: int
) -> PriceSchedule:
    """A journaled write of the offer's price schedule, with its life-cycle cost."""
    tender.write_record(
        price_path(tender.vendor_dir(vendor)),
        lambda _current: price_text(schedule),
        JOURNAL_ACTION,
        actor,
        {
            "vendor": vendor,
            "life_cycle_cost": round(schedule.life_cycle_cost(months), 2),
            "months": months,
        },
    )
    return schedule


# --- regularisation -------------------------------------------------------------------------
@dataclass(frozen=True)
class Round:
    """One regularisation request to a bidder and, once it came, the answer."""

    vendor: str
    asked_at: str
    asked_by: str
    request: str
    requirements: tuple[str, ...]
    answered_at: str | None = None
    answer: str | None = None


def rounds(tender: Tender) -> dict[str, list[Round]]:
    """Every regularisation round per offer, from the journal."""
    found: dict[str, list[Round]] = {}
    for entry in trusted_journal(tender):
        vendor = str(entry.details.get("vendor", ""))
        if entry.action == REQUESTED:
            found.setdefault(vendor, []).append(
                Round(
                    vendor,
                    entry.at,
                    entry.actor,
                    str(entry.details.get("request", "")),
                    tuple(entry.details.get("requirements", ())),
                )
            )
        elif entry.action == ANSWERED and found.get(vendor):
            last = found[vendor][-1]
            found[vendor][-1] = Round(
                last.vendor,
                last.asked_at,
                last.asked_by,
                last.request,
                last.requirements,
                entry.at,
                str(entry.details.get("answer", "")),
            )
    return found


def request_regularisation(
    tender: Tender,
    result: TenderScores,
    comparison: Comparison,
    vendor: str,
    request: str,
    actor: str,
) -> list[str]:
    """Journal a request to regularise an irregular or incomplete offer. Refused for a regular
    offer, an inappropriate one (it is no offer: L2152-4) or a possibly abnormally low one
    (R2152-2). Returns the other offers that must be offered the same chance (R2152-2: all
    bidders concerned, or none)."""
    regularity = result.regularity[vendor]
    if not request.strip():
        raise UsageError(
            Text(
                fr="--ask demande le texte de la demande envoyée au candidat",
                en="--ask needs the text of the request sent to the bidder",
            )
        )
    if regularity.state in ("regular", "inappropriate"):
        raise UsageError(
            Text(
                fr=f"l'offre {vendor!r} est {_state_fr(regularity.state)} : une régularisation "
                "ne vaut que pour une offre irrégulière, inacceptable ou incomplète (CCP art. "
                "R2152-1 et R2152-2)",
                en=f"offer {vendor!r} is {regularity.state}: regularisation is only for an "
                "irregular, unacceptable or incomplete offer (CCP art. R2152-1 and R2152-2)",
            )
        )
    if any(low.vendor == vendor for low in comparison.low_prices):
        raise UsageError(
            Text(
                fr=f"le prix de l'offre {vendor!r} est peut-être anormalement bas : il doit être "
                "expliqué avant toute régularisation (CCP art. R2152-2, L2152-6)",
                en=f"offer {vendor!r} may be abnormally low: its price must be explained before "
                "any regularisation (CCP art. R2152-2, L2152-6)",
            )
        )
    tender.log(
        REQUESTED,
        actor,
        vendor=vendor,
        request=request.strip(),
        state=regularity.state,
        requirements=[r.id for r in regularity.unmet],
        questions=list(regularity.ask),
    )
    asked = rounds(tender)
    return sorted(
        v
        for v, r in result.regularity.items()
        if v != vendor and r.state in ("irregular", "unacceptable", "incomplete") and v not in asked
    )


def record_answer(tender: Tender, vendor: str, answer: str, actor: str) -> Round:
    """Journal the bidder's answer to the last open request; the answers themselves are
    corrected in its answer sheet (form import or assess), then checked again."""
    open_rounds = [r for r in rounds(tender).get(vendor, []) if r.answered_at is None]
    if not open_rounds:
        raise UsageError(
            Text(
                fr=f"aucune demande de régularisation en cours pour {vendor!r} : envoyez-la "
                "d'abord avec `sovereignty regularise VENDOR --ask TEXTE`",
                en=f"no open regularisation request for {vendor!r}: send one first with "
                "`sovereignty regularise VENDOR --ask TEXT`",
            )
        )
    if not answer.strip():
        raise UsageError(Text(fr="--answered demande un texte", en="--answered needs a text"))
    tender.log(ANSWERED, actor, vendor=vendor, answer=answer.strip())
    return rounds(tender)[vendor][-1]


def _state_fr(state: str) -> str:
    return state_words(state, "fr")


# --- the award decision and each offer's state ------------------------------------------------
def decide_award(tender: Tender, result: TenderScores, comparison: Comparison, actor: str) -> str:
    """Journal the award to the first-ranked offer (once: a second call with the same winner
    writes nothing); refused without a sole first offer."""
    winner = comparison.winner
    if winner is None:
        raise UsageError(
            Text(
                fr="pas d'attributaire : aucune offre régulière classée, ou une égalité au "
                "premier rang que les critères publiés ne départagent pas",
                en="no winner: no regular offer ranked, or a tie for first place that the "
                "published criteria do not break",
            )
        )
    if awarded(tender) == winner.vendor:
        return winner.vendor
    tender.log(
        DECIDED,
        actor,
        vendor=winner.vendor,
        total=round(winner.total, 4),
        ranking=[e.vendor for e in comparison.ranking],
        rejected={e.vendor: e.state for e in comparison.rejected},
        profile=result.loaded.hash,
    )
    return winner.vendor


def awarded(tender: Tender) -> str | None:
    last = None
    for entry in trusted_journal(tender):
        if entry.action == DECIDED:
            last = str(entry.details.get("vendor"))
    return last


def offer_states(tender: Tender, result: TenderScores, comparison: Comparison) -> dict[str, str]:
    """incomplete | irregular | unacceptable | inappropriate | regular | ranked | awarded."""
    winner = awarded(tender)
    states: dict[str, str] = {v: r.state for v, r in result.regularity.items()}
    for entry in comparison.ranking:
        states[entry.vendor] = "awarded" if entry.vendor == winner else "ranked"
    return states


# --- the demo -----------------------------------------------------------------------------------
def prices_step(tender: Tender, out: Path, lang: Lang) -> DemoStep:
    """The three demo bidders' price schedules, entered and journaled before the comparison."""
    from sovereignty.core.resources import data_dir
    from sovereignty.core.validation import validate_document
    from sovereignty.core.yamlio import load_yaml
    from sovereignty.scoring.figures import money
    from sovereignty.services.scoring import load_tender_profile

    profile = load_tender_profile(tender).profile
    months = profile.award.price.duration_months if profile.award else 12
    step = DemoStep("prices")
    for source in sorted((data_dir("examples") / "demo" / "prices").glob("*.yaml")):
        vendor = source.stem
        schedule = validate_document(
            load_yaml(source), PriceSchedule, expected=EXPECTED, schema="sovereignty/price/1"
        )
        record_price(tender, vendor, schedule, "demo", months)
        step.files.append(price_path(tender.vendor_dir(vendor)))
        cost = money(schedule.life_cycle_cost(months), lang)
        step.summary.append(
            Text(
                fr=f"{vendor} : coût du cycle de vie sur {months} mois {cost}",
                en=f"{vendor}: life-cycle cost over {months} months {cost}",
            )(lang)
        )
    return step


def award_states(tender: Tender) -> dict[str, str] | None:
    """Each offer's state for ``status``; None when the offers cannot be scored yet (an invalid
    sheet, a grid that does not load...): ``status`` then says so without failing."""
    from sovereignty.core.errors import SovereigntyError
    from sovereignty.services.scoring import compare_tender

    if not tender.vendor_ids():
        return {}
    try:
        result, comparison = compare_tender(tender, draws=0)
    except SovereigntyError:
        return None
    return offer_states(tender, result, comparison)
