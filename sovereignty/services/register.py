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

from sovereignty.core.errors import Problem, TenderError, UsageError
from sovereignty.core.legal import cite
from sovereignty.core.model import Lang, Text
from sovereignty.register.deadlines import (
    DEFAULT_HORIZON,
    STATUS_WORDS,
    DueItem,
    add_months,
    completable,
    contract_terms,
    due_items,
)
from sovereignty.register.folder import Register, find_register_dir, last_award, parse_entry_text
from sovereignty.register.model import (
    Contract,
    Entry,
    Flag,
    Record,
    VendorChange,
)
from sovereignty.services.offer import Offer, analyse_offer
from sovereignty.services.register_entry import AddOptions, entry_from_offer
from sovereignty.tender.folder import Tender

__all__ = ["AddOptions", "check_register", "entry_from_offer"]

ROLE_WORDS = {
    "deployer": Text(fr="déployeur", en="deployer"),
    "provider": Text(fr="fournisseur", en="provider"),
    "undetermined": Text(fr="indéterminé", en="undetermined"),
}
REGIME_WORDS = {
    "high_risk_annex_i": Text(fr="haut risque (annexe I)", en="high-risk (Annex I)"),
    "high_risk_annex_iii": Text(fr="haut risque (annexe III)", en="high-risk (Annex III)"),
    "transparency": Text(fr="transparence (art. 50)", en="transparency (Art. 50)"),
    "prohibited": Text(fr="pratique interdite (art. 5)", en="prohibited practice (Art. 5)"),
    "gpai": Text(fr="modèle à usage général", en="general-purpose model"),
    "gpai_systemic_risk": Text(fr="modèle à risque systémique", en="model with systemic risk"),
    "minimal_risk": Text(fr="risque minimal", en="minimal risk"),
    "not_ai_system": Text(fr="pas un système d'IA", en="not an AI system"),
    "out_of_scope": Text(fr="hors champ (art. 2)", en="out of scope (Art. 2)"),
}
CHECK_SCHEMA = "sovereignty/register-check/1"
LIST_SCHEMA = "sovereignty/register/1"


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
    head = tender.verified_head()  # refuses a tender whose record was changed outside the tool
    existing = find_register_dir(register_dir)
    if existing is not None:
        lang = Register.open(existing).settings.language
    lang = lang or tender.settings.language
    if offer is None:
        offer = analyse_offer(tender, options.vendor, dt.date.today())
    assert offer.tender.root == tender.root, "the offer must be one of this tender's"
    entry = entry_from_offer(offer, options, lang, head)
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


def entry_template(lang: Lang) -> str:
    """A hand-made entry to copy and fill (a system bought before the tool); it validates as is."""
    from sovereignty.core.yamlio import dump_yaml
    from sovereignty.register.model import Certificate, Duty, Threshold

    fr = lang == "fr"
    example = Entry(
        id="dictee-vocale",
        system="Dictée vocale des comptes rendus" if fr else "Speech recognition for reports",
        vendor="Vox Médical SA",
        intended_purpose="…",
        hospital_use="…",
        regimes=("minimal_risk",),
        role="deployer",
        control_chain=("Vox Médical SA (France)",),
        hosting=("France",),
        certificates=(
            Certificate(
                kind="hds", name="Certificat HDS", holder="…", expires=dt.date(2027, 6, 30)
            ),
        ),
        contract=Contract(start=dt.date(2022, 1, 1), months=60, notice_months=6),
        duties=(
            Duty(
                id="aipd",
                title=Text(
                    fr="Analyse d'impact relative à la protection des données (AIPD)",
                    en="Data protection impact assessment (AIPD)",
                ),
                legal=("GDPR art. 35",),
            ),
        ),
        thresholds=(Threshold(metric="taux-erreur-mots", value=0.05, direction="at_most"),),
        establishments=("CH de Valmont",),
        oversight=("…",),
        public_authority=True,
    )
    data = example.model_dump(mode="json", by_alias=True, exclude_none=True)
    data.pop("source", None)
    header = (
        "# Entrée du registre écrite à la main : remplacez les « … » et les exemples, puis\n"
        "#   sovereignty register import FICHIER\n"
        "# Champs obligatoires : schema, id, system, vendor. Voir docs/register.md.\n"
        if fr
        else "# A register entry written by hand: replace the « … » and the examples, then\n"
        "#   sovereignty register import FILE\n"
        "# Required: schema, id, system, vendor. See docs/register.md.\n"
    )
    return header + dump_yaml(data)


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


def renew_certificate(
    register: Register,
    entry_id: str,
    kind: str,
    expires: dt.date,
    number: str | None = None,
    actor: str | None = None,
) -> Entry:
    """Record a renewed certificate: its new end date (and number) replace the old ones."""
    from sovereignty.core.errors import did_you_mean

    with register.locked():
        entry = register.load_entry(entry_id)
        kinds = [c.kind for c in entry.certificates]
        if kind not in kinds:
            fr_hint, en_hint = did_you_mean(kind, kinds)
            raise UsageError(
                Text(
                    fr=f"l'entrée {entry_id} n'a pas de certificat {kind!r}{fr_hint} "
                    f"(certificats : {', '.join(kinds) or 'aucun'})",
                    en=f"entry {entry_id} has no {kind!r} certificate{en_hint} "
                    f"(certificates: {', '.join(kinds) or 'none'})",
                )
            )
        certificates = tuple(
            c.model_copy(update={"expires": expires, "number": number or c.number})
            if c.kind == kind
            else c
            for c in entry.certificates
        )
        entry = entry.model_copy(update={"certificates": certificates})
        register.write_entry(
            entry, "entry.certificate", actor, kind=kind, expires=expires.isoformat(), number=number
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
            legal=("AIA art. 3(23)", "AIA art. 25(1)(b)", "AIA art. 25(1)(c)"),
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

    ids = completable(register.load_entry(entry_id), register.records(entry_id))
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
        row(
            "Régimes (RIA)",
            "Regimes (AI Act)",
            ", ".join(REGIME_WORDS[r](lang) if r in REGIME_WORDS else r for r in entry.regimes)
            or "—",
        ),
        row("Points", "Points", ", ".join(entry.regime_points) or "—"),
        row("Rôle", "Role", ROLE_WORDS[entry.role](lang)),
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
    terms = contract_terms(entry)
    for number, (_, end) in enumerate(terms):
        if number < len(terms) - 1:
            notice = add_months(end, -(contract.notice_months or 0))
            lines.append(
                row(
                    f"Reconduction {number + 1}",
                    f"Renewal {number + 1}",
                    format_date(end, lang)
                    + (f" (préavis avant le {format_date(notice, lang)})" if fr
                       else f" (notice by {format_date(notice, lang)})"),
                )
            )  # fmt: skip
        else:
            lines.append(row("Fin du contrat", "End of contract", format_date(end, lang)))
    lines.append("Chaîne de contrôle :" if fr else "Control chain:")
    lines += [f"  - {c}" for c in entry.control_chain]
    lines.append("Hébergement :" if fr else "Hosting:")
    lines += [f"  - {h}" for h in entry.hosting]
    lines.append("Certificats :" if fr else "Certificates:")
    for cert in entry.certificates:
        until = format_date(cert.expires, lang) if cert.expires else "—"
        reference = f" {cert.number}" if cert.number else ""
        lines.append(f"  - {cert.name}{reference} ({cert.holder or '—'}) → {until}")
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
        items = due_items(entry, records, as_of, horizon)
        award = _award_item(entry)
        statuses.append(EntryStatus(entry, records, [award, *items] if award else items))
    return RegisterCheck(register, as_of, horizon, problems, statuses)


def _award_item(entry: Entry) -> DueItem | None:
    """An open item when the source tender's journal now awards the contract to another offer
    than the one the entry was made from."""
    tender = Path(entry.source.tender) if entry.source.tender else None
    vendor = entry.vendor_id or entry.source.vendor
    if tender is None or vendor is None or not (tender / "journal.jsonl").is_file():
        return None
    awarded = last_award(tender / "journal.jsonl")
    if awarded is None or awarded == vendor:
        return None
    return DueItem(
        entry.id,
        "flag",
        "award-mismatch",
        Text(
            fr=f"Le journal de la consultation attribue le marché à {awarded}, pas à {vendor}",
            en=f"The tender's journal awards the contract to {awarded}, not to {vendor}",
        ),
        None,
        "open",
        detail=Text(
            fr=f"vérifier l'entrée ; consultation : {tender}",
            en=f"check the entry; tender: {tender}",
        ),
    )


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
