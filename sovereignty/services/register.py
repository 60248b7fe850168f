"""Use cases of the AI register: an entry from an awarded offer, hand-made entries, monitoring
records and what they open, and the check of what is due at a date.

The entry is built from the offer's analysis (answers, AI Act classification and obligations),
once, and then lives on its own: the register does not re-read the tender, so a later edit of the
tender cannot silently change what the establishment recorded. Its source (tender path, sheet
hash, tender journal head) says where it came from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sovereignty.core.errors import ContentError, Problem, TenderError, UsageError
from sovereignty.core.legal import cite
from sovereignty.core.model import Lang, Text
from sovereignty.register.deadlines import DEFAULT_HORIZON, STATUS_WORDS, DueItem, due_items
from sovereignty.register.folder import Register, find_register_dir, parse_entry_text
from sovereignty.register.model import (
    Contract,
    Entry,
    Flag,
    Record,
    VendorChange,
)
from sovereignty.services.offer import Offer, analyse_offer
from sovereignty.services.register_entry import AIA, AddOptions, entry_from_offer
from sovereignty.tender import journal
from sovereignty.tender.folder import Tender

__all__ = ["AddOptions", "check_register", "entry_from_offer"]

CHECK_SCHEMA = "sovereignty/register-check/1"
LIST_SCHEMA = "sovereignty/register/1"


def _refuse_damaged_tender(tender: Tender) -> None:
    problems = journal.verify_journal(tender.journal_path)
    if problems:
        raise ContentError(tender.journal_path, problems)


def add_from_tender(
    register_dir: Path | None,
    tender: Tender,
    options: AddOptions,
    lang: Lang | None = None,
    offer: Offer | None = None,
    name: str | None = None,
) -> tuple[Register, Entry, bool]:
    """Open (or create, named ``name`` or after the GHT) the register and add the entry of
    ``options.vendor``'s offer (analysed here unless the caller already did). Nothing is written
    unless the entry can be made."""
    _refuse_damaged_tender(tender)
    existing = find_register_dir(register_dir)
    if existing is not None:
        lang = Register.open(existing).settings.language
    lang = lang or tender.settings.language
    if offer is None:
        offer = analyse_offer(tender, options.vendor, dt.date.today())
    entry = entry_from_offer(offer, options, lang)
    register, created = Register.open_or_create(
        register_dir, name or tender.settings.ght or tender.settings.buyer, lang
    )
    with register.locked():
        if register.entry_path(entry.id).exists():
            raise TenderError(
                Text(
                    fr=f"le registre a déjà une entrée {entry.id!r} ; choisissez un autre id "
                    "avec --id",
                    en=f"the register already has an entry {entry.id!r}; choose another id "
                    "with --id",
                )
            )
        register.write_entry(
            entry,
            "entry.added",
            tender=str(tender.root),
            vendor=options.vendor,
            tender_journal_head=entry.source.journal_head,
        )
    tender.log("register.entry", None, vendor=options.vendor, register=str(register.root))
    return register, entry, created


def import_entry(
    register_dir: Path | None,
    path: Path,
    why: str | None,
    name: str | None = None,
    lang: Lang = "fr",
) -> tuple[Register, Entry]:
    """A hand-made entry (a system bought before the tool), or a corrected one (``why``)."""
    from sovereignty.core.yamlio import read_text

    entry = parse_entry_text(read_text(path), path)
    if not entry.source.by_hand:
        entry = entry.model_copy(
            update={"source": entry.source.model_copy(update={"by_hand": True})}
        )
    fallback = ", ".join(entry.establishments) or ("Registre IA" if lang == "fr" else "AI register")
    register, _ = Register.open_or_create(register_dir, name or fallback, lang)
    with register.locked():
        exists = register.entry_path(entry.id).exists()
        if exists and not why:
            raise UsageError(
                Text(
                    fr=f"l'entrée {entry.id!r} existe : pour la remplacer, dites pourquoi avec "
                    "--why",
                    en=f"entry {entry.id!r} exists: to replace it, say why with --why",
                )
            )
        digest = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        register.write_entry(
            entry,
            "entry.replaced" if exists else "entry.imported",
            source=str(path),
            source_sha256=digest,
            why=why,
        )
    return register, entry


def update_contract(
    register: Register, entry_id: str, changes: dict[str, Any], actor: str | None = None
) -> Entry:
    """Set contract dates on an entry (signature, start, duration, notice, go-live...)."""
    with register.locked():
        entry = register.load_entry(entry_id)
        merged = {**entry.contract.model_dump(), **changes}
        contract = Contract.model_validate(merged)
        entry = entry.model_copy(update={"contract": contract})
        register.write_entry(
            entry,
            "entry.contract",
            actor,
            changed=sorted(changes),
            **{k: str(v) for k, v in changes.items()},
        )
    return entry


# --- records ------------------------------------------------------------------------------
def add_record(
    register: Register, entry_id: str, data: dict[str, Any], actor: str | None = None
) -> tuple[Record, Flag | None]:
    """Write a record; a change that is (or may be) substantial flags the entry."""
    if data.get("kind") == "completion":
        _check_duty(register, entry_id, str(data.get("duty")))
    record = register.add_record(entry_id, data, actor)
    flag = None
    if isinstance(record, VendorChange) and (record.substantial != "no" or record.purpose_changed):
        flag = Flag(
            id=f"reclassify-{record.id}",
            reason=Text(
                fr=f"Changement annoncé {record.id} ({record.summary[:60]}) : refaire la "
                "classification et vérifier si l'établissement devient fournisseur",
                en=f"Announced change {record.id} ({record.summary[:60]}): classify again and "
                "check whether the establishment becomes the provider",
            ),
            legal=(
                f"art. 3, point 23, du {AIA}",
                f"art. 25, paragraphe 1, points b) et c), du {AIA}",
            ),
            record=record.id,
            raised=record.on,
        )
        with register.locked():
            entry = register.load_entry(entry_id)
            entry = entry.model_copy(update={"flags": (*entry.flags, flag)})
            register.write_entry(entry, "entry.flagged", actor, flag=flag.id, record=record.id)
    return record, flag


def _check_duty(register: Register, entry_id: str, duty: str) -> None:
    """A completion must name an item of the entry (a typo would close nothing)."""
    from sovereignty.core.errors import did_you_mean

    entry = register.load_entry(entry_id)
    ids = sorted(
        {i.id for i in due_items(entry, register.records(entry_id), dt.date.max)}
        | {d.id for d in entry.duties}
        | {f.id for f in entry.flags}
    )
    if duty not in ids:
        fr_hint, en_hint = did_you_mean(duty, ids)
        raise UsageError(
            Text(
                fr=f"{duty!r} n'est pas un point de l'entrée {entry_id}{fr_hint} (points : "
                f"{', '.join(ids)})",
                en=f"{duty!r} is not an item of entry {entry_id}{en_hint} (items: "
                f"{', '.join(ids)})",
            )
        )


def entry_lines(entry: Entry, records: Sequence[Record], lang: Lang) -> list[str]:
    """An entry as text, field by field (``register show``)."""
    from sovereignty.documents.frame import format_date

    fr = lang == "fr"

    def row(fr_label: str, en_label: str, value: Any) -> str:
        return f"{(fr_label if fr else en_label) + ' :' if fr else en_label + ':':<28} {value}"

    contract = entry.contract
    lines = [
        f"{entry.id} — {entry.system}",
        row("Fournisseur", "Vendor", entry.vendor),
        row("Destination (notice)", "Intended purpose", entry.intended_purpose or "—"),
        row("Usage prévu", "Planned use", entry.hospital_use or "—"),
        row("Régimes (RIA)", "Regimes (AI Act)", ", ".join(entry.regimes) or "—"),
        row("Points", "Points", ", ".join(entry.regime_points) or "—"),
        row("Rôle", "Role", entry.role),
        row("Dispositif médical", "Medical device", entry.device or "—"),
        row("Établissements", "Establishments", ", ".join(entry.establishments) or "—"),
        row("Contrôle humain", "Human oversight", " ; ".join(entry.oversight) or "—"),
        row("Signature", "Signed", format_date(contract.signed, lang)),
        row("Début", "Start", format_date(contract.start, lang)),
        row("Durée (mois)", "Duration (months)", contract.months or "—"),
        row("Reconductions", "Renewals", contract.renewals),
        row(
            "Préavis (mois)",
            "Notice (months)",
            contract.notice_months if contract.notice_months is not None else "—",
        ),
        row("Mise en service", "Go-live", format_date(contract.go_live, lang)),
    ]
    lines.append("Chaîne de contrôle :" if fr else "Control chain:")
    lines += [f"  - {c}" for c in entry.control_chain]
    lines.append("Hébergement :" if fr else "Hosting:")
    lines += [f"  - {h}" for h in entry.hosting]
    lines.append("Certificats :" if fr else "Certificates:")
    for cert in entry.certificates:
        until = format_date(cert.expires, lang) if cert.expires else "—"
        lines.append(f"  - {cert.name} {cert.number or ''} ({cert.holder or '—'}) → {until}")
    if entry.thresholds:
        lines.append("Seuils du contrat :" if fr else "Contract thresholds:")
        lines += [
            f"  - {t.metric} {'≥' if t.direction == 'at_least' else '≤'} {t.value:g}"
            for t in entry.thresholds
        ]
    lines.append(
        f"{'Suivi' if fr else 'Records'} ({len(records)}) :" if fr else f"Records ({len(records)}):"
    )
    for record in records:
        lines.append(f"  {record.id} {record.on.isoformat()} {record.kind}: {record.summary}")
    for flag in entry.flags:
        lines.append(f"  ⚑ {flag.id}: {flag.reason(lang)}")
    return lines


# --- check --------------------------------------------------------------------------------
@dataclass
class EntryStatus:
    entry: Entry
    records: list[Record]
    items: list[DueItem] = field(default_factory=list)


@dataclass
class RegisterCheck:
    register: Register
    as_of: dt.date
    horizon: int
    problems: list[Problem]
    entries: list[EntryStatus]

    @property
    def alerts(self) -> list[DueItem]:
        return [i for e in self.entries for i in e.items if i.alert]


def check_register(
    register: Register,
    as_of: dt.date,
    horizon: int = DEFAULT_HORIZON,
    only: Sequence[str] = (),
) -> RegisterCheck:
    problems = register.verify()
    statuses = []
    for entry_id in only or register.entry_ids():
        entry = register.load_entry(entry_id)
        records = register.records(entry_id)
        statuses.append(EntryStatus(entry, records, due_items(entry, records, as_of, horizon)))
    return RegisterCheck(register, as_of, horizon, problems, statuses)


def item_json(item: DueItem, lang: Lang) -> dict[str, Any]:
    return {
        "entry": item.entry,
        "kind": item.kind,
        "id": item.id,
        "title": item.title(lang),
        "date": item.date.isoformat() if item.date else None,
        "status": item.status,
        "status_label": STATUS_WORDS[item.status](lang),
        "alert": item.alert,
        "legal": [cite(ref, lang) for ref in item.legal],
        "detail": item.detail(lang) if item.detail else None,
    }


def check_json(check: RegisterCheck, lang: Lang, alerts_only: bool = False) -> dict[str, Any]:
    count, head = check.register.head()
    counts: dict[str, int] = {}
    entries = []
    for status in check.entries:
        items = [i for i in status.items if i.notable or not alerts_only]
        for item in items:
            counts[item.status] = counts.get(item.status, 0) + 1
        entries.append(
            {
                "id": status.entry.id,
                "system": status.entry.system,
                "vendor": status.entry.vendor,
                "records": len(status.records),
                "flags": [f.id for f in status.entry.flags],
                "items": [item_json(i, lang) for i in items],
            }
        )
    return {
        "schema": CHECK_SCHEMA,
        "register": check.register.settings.name,
        "as_of": check.as_of.isoformat(),
        "horizon_days": check.horizon,
        "verified": {
            "ok": not check.problems,
            "problems": [{"where": p.where, "message": p.says(lang)} for p in check.problems],
            "journal": {"entries": count, "head": head},
        },
        "counts": counts,
        "entries": entries,
    }


def entry_json(entry: Entry, records: Sequence[Record]) -> dict[str, Any]:
    return {
        **entry.model_dump(mode="json", by_alias=True, exclude_none=True),
        "records": [r.model_dump(mode="json", by_alias=True, exclude_none=True) for r in records],
    }
