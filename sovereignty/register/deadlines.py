"""What is due, overdue or expiring on a register entry at a given date (pure).

Every item has a date, a status and the rule behind it:

- certificates: ``expired`` after their end date, ``expiring`` within the horizon;
- the contract: its end (``expired`` / ``expiring``) and, before each renewal, the last day to
  give notice (``due`` within the horizon, ``overdue`` once passed while the term still runs);
- standing obligations: ``upcoming``, ``starting`` (within the horizon), ``started`` (within the
  horizon before the date), ``in_force``;
- one-off duties (AIPD, AIDF and its notification, registration, reversibility test...): due by
  the go-live, or by the date they start applying when the system is already in use then;
  ``done`` once a completion record names them;
- serious incidents: the report to the authority, 15 days after awareness, 10 for a death, 2 for
  a widespread infringement or critical infrastructure (Art. 73(2)-(4), via Art. 26(5));
- a performance check below the contract's threshold, and every open flag: ``open``.

The horizon (90 days unless told) is how far ahead "soon" reaches.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sovereignty.core.model import Text
from sovereignty.register.model import Completion, Entry, Incident, PerformanceCheck, Record

Status = Literal[
    "overdue",
    "expired",
    "due",
    "expiring",
    "open",
    "missing",
    "starting",
    "started",
    "upcoming",
    "in_force",
    "done",
    "valid",
]
# Needs action now, in this order; the rest is information.
ALERTS: tuple[Status, ...] = ("overdue", "expired", "open", "due", "expiring", "missing")
ORDER: tuple[Status, ...] = (
    *ALERTS,
    "starting",
    "started",
    "upcoming",
    "valid",
    "in_force",
    "done",
)
STATUS_WORDS: dict[Status, Text] = {
    "overdue": Text(fr="en retard", en="overdue"),
    "expired": Text(fr="expiré", en="expired"),
    "due": Text(fr="à faire", en="due"),
    "expiring": Text(fr="expire bientôt", en="expiring"),
    "open": Text(fr="à traiter", en="open"),
    "missing": Text(fr="à compléter", en="missing"),
    "starting": Text(fr="s'applique bientôt", en="starts soon"),
    "started": Text(fr="s'applique depuis peu", en="just started"),
    "upcoming": Text(fr="à venir", en="upcoming"),
    "valid": Text(fr="valide", en="valid"),
    "in_force": Text(fr="en vigueur", en="in force"),
    "done": Text(fr="fait", en="done"),
}
Kind = Literal["certificate", "contract", "obligation", "duty", "incident", "performance", "flag"]
DEFAULT_HORIZON = 90
Window = Literal["past", "soon", "later"]
# The status of a dated item, by where its date falls: before the as-of date, soon, later.
EXPIRY: dict[Window, Status] = {"past": "expired", "soon": "expiring", "later": "valid"}
END: dict[Window, Status] = {"past": "expired", "soon": "expiring", "later": "upcoming"}
DEADLINE: dict[Window, Status] = {"past": "overdue", "soon": "due", "later": "upcoming"}


@dataclass(frozen=True)
class DueItem:
    entry: str
    kind: Kind
    id: str
    title: Text
    date: dt.date | None
    status: Status
    legal: tuple[str, ...] = ()
    detail: Text | None = None

    @property
    def alert(self) -> bool:
        return self.status in ALERTS

    @property
    def notable(self) -> bool:
        """Worth showing by default: needs action, or an obligation starting around the date."""
        return self.alert or self.status in ("starting", "started")


def items_text(count: int, lang: str) -> str:
    """« 1 point à traiter », « 3 points à traiter » (French: 0 and 1 take the singular)."""
    if lang == "fr":
        return f"{count} point{'s' if count > 1 else ''} à traiter"
    return f"{count} item{'s' if count != 1 else ''} need{'s' if count == 1 else ''} action"


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months, clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _window(date: dt.date, as_of: dt.date, horizon: int) -> Window:
    if date < as_of:
        return "past"
    return "soon" if (date - as_of).days <= horizon else "later"


def _certificates(entry: Entry, as_of: dt.date, horizon: int) -> list[DueItem]:
    items = []
    for cert in entry.certificates:
        title = Text(
            fr=f"{cert.name}" + (f" n° {cert.number}" if cert.number else ""),
            en=f"{cert.name}" + (f" no. {cert.number}" if cert.number else ""),
        )
        if cert.expires is None:
            if cert.kind in ("ce_notified_body", "hds"):
                items.append(
                    DueItem(
                        entry.id,
                        "certificate",
                        f"cert-{cert.kind}",
                        title,
                        None,
                        "missing",
                        detail=Text(
                            fr="date de fin de validité inconnue : la demander au titulaire",
                            en="expiry date unknown: ask the holder for it",
                        ),
                    )
                )
            continue
        window = _window(cert.expires, as_of, horizon)
        status: Status = EXPIRY[window]
        items.append(
            DueItem(
                entry.id,
                "certificate",
                f"cert-{cert.kind}",
                title,
                cert.expires,
                status,
                detail=Text(
                    fr="demander le certificat renouvelé avant cette date",
                    en="ask for the renewed certificate before this date",
                )
                if status != "valid"
                else None,
            )
        )
    return items


def contract_terms(entry: Entry) -> list[tuple[dt.date, dt.date]]:
    """(start, end) of the initial term and of each renewal the contract allows."""
    contract = entry.contract
    start = contract.start or contract.signed
    if start is None or contract.months is None:
        return []
    terms = [(start, add_months(start, contract.months))]
    for _ in range(contract.renewals):
        begin = terms[-1][1]
        terms.append((begin, add_months(begin, contract.renewal_months or contract.months)))
    return terms


def _contract(
    entry: Entry, as_of: dt.date, horizon: int, done: dict[str, Completion]
) -> list[DueItem]:
    terms = contract_terms(entry)
    if not terms:
        return [
            DueItem(
                entry.id,
                "contract",
                "contract-dates",
                Text(fr="Dates du contrat", en="Contract dates"),
                None,
                "missing",
                detail=Text(
                    fr="début et durée inconnus : les renseigner (register contract) pour suivre "
                    "la reconduction et le préavis",
                    en="start and duration unknown: fill them in (register contract) to follow "
                    "renewal and notice",
                ),
            )
        ]
    items = []
    end = terms[-1][1]
    window = _window(end, as_of, horizon)
    items.append(
        DueItem(
            entry.id,
            "contract",
            "contract-end",
            Text(fr="Fin du contrat (toutes reconductions)", en="End of contract (all renewals)"),
            end,
            END[window],
            detail=Text(
                fr="préparer la réversibilité ou le nouveau marché",
                en="prepare the exit or the new procurement",
            ),
        )
    )
    notice = entry.contract.notice_months
    for _, term_end in terms[:-1]:  # each end of term that is followed by a renewal
        if term_end <= as_of:
            continue
        if notice is None:
            deadline = term_end
            detail = Text(
                fr="préavis non renseigné : décider de la reconduction avant cette date",
                en="notice period not set: decide on the renewal before this date",
            )
        else:
            deadline = add_months(term_end, -notice)
            detail = Text(
                fr=f"reconduction le {term_end.isoformat()} ; préavis de {notice} mois pour "
                "ne pas reconduire",
                en=f"renews on {term_end.isoformat()}; {notice} months' notice to stop it",
            )
        duty = f"notice-{term_end.isoformat()}"
        window = _window(deadline, as_of, horizon)
        status: Status = "done" if duty in done else DEADLINE[window]
        items.append(
            DueItem(
                entry.id,
                "contract",
                duty,
                Text(
                    fr="Dernier jour pour dénoncer la reconduction",
                    en="Last day to give notice against the renewal",
                ),
                deadline,
                status,
                detail=detail,
            )
        )
        break  # the next renewal decides; later ones follow from it
    return items


def _obligations(entry: Entry, as_of: dt.date, horizon: int) -> list[DueItem]:
    items = []
    for obligation in entry.obligations:
        start = obligation.applies_from
        status: Status
        if start is None or (as_of - start).days > horizon:
            status = "in_force"
        elif start <= as_of:
            status = "started"
        else:
            status = "starting" if (start - as_of).days <= horizon else "upcoming"
        items.append(
            DueItem(
                entry.id,
                "obligation",
                obligation.id,
                obligation.title,
                start,
                status,
                obligation.legal,
            )
        )
    return items


def duty_due(entry: Entry, applies_from: dt.date | None, before_go_live: bool) -> dt.date | None:
    """When a one-off duty falls due: the go-live, unless it starts applying later. Without a
    go-live date, only a duty that starts applying after the entry was made has a date."""
    go_live = entry.contract.go_live
    if before_go_live and go_live is not None:
        return max(go_live, applies_from) if applies_from else go_live
    made = entry.created_at.date() if entry.created_at else None
    if applies_from is not None and (made is None or applies_from > made or not before_go_live):
        return applies_from
    return None


def _duties(
    entry: Entry, as_of: dt.date, horizon: int, done: dict[str, Completion]
) -> list[DueItem]:
    items = []
    for duty in entry.duties:
        due = duty_due(entry, duty.applies_from, duty.before_go_live)
        status: Status
        detail = None
        if duty.id in done:
            status, due = "done", done[duty.id].on
            reference = done[duty.id].reference
            if reference:
                detail = Text(fr=f"référence : {reference}", en=f"reference: {reference}")
        elif due is None:
            status = "missing"
            detail = Text(
                fr="date de mise en service inconnue : la renseigner pour dater ce devoir",
                en="go-live date unknown: set it to date this duty",
            )
        else:
            status = DEADLINE[_window(due, as_of, horizon)]
        items.append(
            DueItem(entry.id, "duty", duty.id, duty.title, due, status, duty.legal, detail)
        )
    return items


def report_days(incident: Incident) -> int:
    """Days to report a serious incident (Art. 73(2)-(4))."""
    if incident.harm == "death":
        return 10
    if incident.widespread or incident.harm == "critical_infrastructure":
        return 2
    return 15


def incident_item(
    entry: Entry, incident: Incident, as_of: dt.date, done: dict[str, Completion]
) -> DueItem:
    deadline = incident.on + dt.timedelta(days=report_days(incident))
    status: Status
    if incident.authority_reported is not None or f"report-{incident.id}" in done:
        status = "done"
    else:
        status = "overdue" if deadline < as_of else "due"
    device = entry.device_regulation is not None
    if device and incident.harm != "fundamental_rights":
        channel = Text(
            fr="dispositif médical : signalement de matériovigilance à l'ANSM (art. L5212-2 du "
            "code de la santé publique) ; au titre du règlement IA, seule une atteinte aux droits "
            "fondamentaux se déclare (art. 73, paragraphe 10)",
            en="medical device: vigilance report to the ANSM (French public health code "
            "art. L5212-2); under the AI Act only an infringement of fundamental rights is "
            "reported (Art. 73(10))",
        )
    else:
        channel = Text(
            fr="informer d'abord le fournisseur, puis l'autorité de surveillance du marché",
            en="inform the provider first, then the market surveillance authority",
        )
    return DueItem(
        entry.id,
        "incident",
        f"report-{incident.id}",
        Text(
            fr=f"Signaler l'incident grave {incident.id} ({incident.summary[:60]})",
            en=f"Report serious incident {incident.id} ({incident.summary[:60]})",
        ),
        deadline,
        status,
        ("AIA art. 26(5)", "AIA art. 73"),
        channel,
    )


def completable(entry: Entry, records: Sequence[Record]) -> list[str]:
    """The ids a completion record may close: one-off duties, the notice before each renewal,
    serious incidents' reports, performance checks below their threshold, flags."""
    ids = [d.id for d in entry.duties]
    ids += [f"notice-{end.isoformat()}" for _, end in contract_terms(entry)[:-1]]
    for record in records:
        if isinstance(record, Incident) and record.serious:
            ids.append(f"report-{record.id}")
        elif isinstance(record, PerformanceCheck) and record.below:
            ids.append(f"performance-{record.id}")
    ids += [f.id for f in entry.flags]
    return ids


def due_items(
    entry: Entry,
    records: Sequence[Record],
    as_of: dt.date,
    horizon: int = DEFAULT_HORIZON,
) -> list[DueItem]:
    """Every dated item of ``entry`` at ``as_of``, most urgent first."""
    done = {r.duty: r for r in records if isinstance(r, Completion) and r.on <= as_of}
    items = _certificates(entry, as_of, horizon)
    items += _contract(entry, as_of, horizon, done)
    items += _duties(entry, as_of, horizon, done)
    items += _obligations(entry, as_of, horizon)
    for record in records:
        if record.on > as_of:
            continue
        if isinstance(record, Incident) and record.serious:
            items.append(incident_item(entry, record, as_of, done))
        elif isinstance(record, PerformanceCheck) and record.below:
            closed = f"performance-{record.id}" in done
            items.append(
                DueItem(
                    entry.id,
                    "performance",
                    f"performance-{record.id}",
                    Text(
                        fr=f"{record.metric} mesuré à {record.value:g}, seuil du contrat "
                        f"{record.threshold:g}",
                        en=f"{record.metric} measured at {record.value:g}, contract threshold "
                        f"{record.threshold:g}",
                    ),
                    record.on,
                    "done" if closed else "open",
                    ("AIA art. 26(5)",),
                    Text(
                        fr="analyser l'écart avec le fournisseur ; suspendre l'usage s'il "
                        "présente un risque",
                        en="analyse the gap with the vendor; suspend use if it presents a risk",
                    ),
                )
            )
    for flag in entry.flags:
        items.append(
            DueItem(
                entry.id,
                "flag",
                flag.id,
                flag.reason,
                flag.raised,
                "done" if flag.id in done else "open",
                flag.legal,
            )
        )
    rank = {status: i for i, status in enumerate(ORDER)}
    far = dt.date.max
    return sorted(items, key=lambda i: (rank[i.status], i.date or far, i.id))
