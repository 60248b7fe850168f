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

from sovereignty.core.conditions import ABSENT, INVALID, MISSING, UNKNOWN
from sovereignty.core.errors import ContentError, Problem, TenderError, UsageError
from sovereignty.core.model import Lang, Text
from sovereignty.questionnaire.present import choice_label
from sovereignty.register.deadlines import DEFAULT_HORIZON, STATUS_WORDS, DueItem, due_items
from sovereignty.register.folder import Register, journal_head, parse_entry_text, sha256
from sovereignty.register.model import (
    Certificate,
    Contract,
    Duty,
    Entry,
    Flag,
    Obligation,
    Record,
    Source,
    Threshold,
    VendorChange,
)
from sovereignty.services.offer import Offer, analyse_offer
from sovereignty.tender import journal
from sovereignty.tender.folder import Tender

CHECK_SCHEMA = "sovereignty/register-check/1"
LIST_SCHEMA = "sovereignty/register/1"
GDPR = "règlement (UE) 2016/679"
AIA = "règlement (UE) 2024/1689"
DATA_ACT = "règlement (UE) 2023/2854"


# --- reading the offer -----------------------------------------------------------------------
def _value(offer: Offer, question_id: str) -> Any:
    value = offer.facts.value(question_id)
    return None if value in (UNKNOWN, MISSING, ABSENT, INVALID) else value


def _label(offer: Offer, question_id: str, value: Any, lang: Lang) -> str:
    question = offer.tender.bank.by_id.get(question_id)
    return choice_label(question, str(value), lang) if question else str(value)


def _country(offer: Offer, code: Any, lang: Lang) -> str:
    return _label(offer, "hosting.storage_countries", code, lang) if code else "?"


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _control_chain(offer: Offer, lang: Lang) -> tuple[str, ...]:
    chain = [f"{offer.name} ({_country(offer, _value(offer, 'aiact.provider_country'), lang)})"]
    parent = _value(offer, "aiact.provider_parent")
    if parent:
        country = _country(offer, _value(offer, "aiact.provider_parent_country"), lang)
        chain.append(
            f"maison mère : {parent} ({country})"
            if lang == "fr"
            else f"parent: {parent} ({country})"
        )
    host = _value(offer, "hosting.provider_name")
    if host:
        parent = _value(offer, "hosting.provider_parent")
        country = _country(offer, _value(offer, "hosting.provider_parent_country"), lang)
        owner = f", {parent} ({country})" if parent else ""
        chain.append((f"hébergeur : {host}" if lang == "fr" else f"host: {host}") + owner)
    for sub in _value(offer, "subprocessors.list") or ():
        if not isinstance(sub, dict) or not sub.get("name"):
            continue
        where = _country(offer, sub.get("country"), lang)
        sub_owner = sub.get("parent_company")
        text = f"{sub['name']} ({sub.get('role', '?')}, {where})"
        if sub_owner and sub_owner != sub["name"]:
            text += f" — {sub_owner} ({_country(offer, sub.get('parent_country'), lang)})"
        chain.append(("sous-traitant : " if lang == "fr" else "sub-processor: ") + text)
    return tuple(dict.fromkeys(chain))


def _hosting(offer: Offer, lang: Lang) -> tuple[str, ...]:
    rows = []
    model = _value(offer, "hosting.model")
    if model:
        rows.append(_label(offer, "hosting.model", model, lang))
    for qid, fr, en in (
        ("hosting.storage_countries", "stockage", "storage"),
        ("hosting.processing_countries", "traitement", "processing"),
        ("hosting.admin_countries", "administration", "administration"),
    ):
        codes = _value(offer, qid) or ()
        if codes:
            names = ", ".join(_country(offer, c, lang) for c in codes)
            rows.append(
                f"{fr if lang == 'fr' else en} : {names}" if lang == "fr" else f"{en}: {names}"
            )
    keys = _value(offer, "hosting.keys_holder")
    if keys:
        holder = _label(offer, "hosting.keys_holder", keys, lang)
        rows.append(f"clés : {holder}" if lang == "fr" else f"keys: {holder}")
    return tuple(rows)


def _certificates(offer: Offer, lang: Lang) -> tuple[Certificate, ...]:
    certs = []
    if _value(offer, "aiact.device_status") in ("mdr", "ivdr") or _value(
        offer, "aiact.certificate_number"
    ):
        body = _value(offer, "aiact.notified_body")
        certs.append(
            Certificate(
                kind="ce_notified_body",
                name=("Certificat CE" if lang == "fr" else "CE certificate")
                + (f" — {body}" if body else ""),
                number=_value(offer, "aiact.certificate_number"),
                holder=offer.name,
                issued=_date(_value(offer, "aiact.ce_date")),
                expires=_date(_value(offer, "aiact.certificate_expiry")),
                source="aiact.certificate_expiry",
            )
        )
    if _value(offer, "hosting.hds") == "yes":
        certs.append(
            Certificate(
                kind="hds",
                name="Certificat HDS" if lang == "fr" else "HDS certificate",
                holder=_value(offer, "hosting.hds_holder")
                or _value(offer, "hosting.provider_name"),
                expires=_date(_value(offer, "hosting.hds_valid_until")),
                source="hosting.hds_valid_until",
            )
        )
    if _value(offer, "hosting.secnumcloud") == "yes":
        certs.append(
            Certificate(
                kind="secnumcloud",
                name="Qualification SecNumCloud",
                holder=_value(offer, "hosting.provider_name"),
                source="hosting.secnumcloud",
            )
        )
    if _value(offer, "security.iso27001") == "yes":
        certs.append(
            Certificate(
                kind="iso27001",
                name="ISO/IEC 27001",
                holder=offer.name,
                source="security.iso27001",
            )
        )
    return tuple(certs)


# One-off duties that follow from an obligation (its id), with their legal basis.
DUTIES: tuple[tuple[str, str, Text, tuple[str, ...]], ...] = (
    (
        "aipd",
        "H-DPIA",
        Text(
            fr="Analyse d'impact relative à la protection des données (AIPD)",
            en="Data protection impact assessment (AIPD)",
        ),
        (f"art. 35 du {GDPR}", f"art. 26, paragraphe 9, du {AIA}"),
    ),
    (
        "aidf",
        "H-ART27",
        Text(
            fr="Analyse d'impact sur les droits fondamentaux (AIDF)",
            en="Fundamental rights impact assessment (AIDF)",
        ),
        (f"art. 27, paragraphe 1, du {AIA}",),
    ),
    (
        "aidf-notification",
        "H-ART27",
        Text(
            fr="Notifier les résultats de l'AIDF à l'autorité de surveillance du marché",
            en="Notify the AIDF results to the market surveillance authority",
        ),
        (f"art. 27, paragraphe 3, du {AIA}",),
    ),
    (
        "eu-registration",
        "H-ART26-8",
        Text(
            fr="Enregistrer l'utilisation dans la base de données de l'UE",
            en="Register the use in the EU database",
        ),
        (f"art. 26, paragraphe 8, du {AIA}", f"art. 49, paragraphe 3, du {AIA}"),
    ),
    (
        "worker-information",
        "H-ART26-7",
        Text(
            fr="Informer les représentants du personnel et les agents concernés",
            en="Inform staff representatives and the workers concerned",
        ),
        (f"art. 26, paragraphe 7, du {AIA}",),
    ),
)


def _duties(offer: Offer) -> tuple[Duty, ...]:
    obligations = {o.id: o for o in offer.classification.obligations_of("hospital")}
    duties = [
        Duty(id=duty_id, title=title, legal=legal, applies_from=obligations[source].applies_from)
        for duty_id, source, title, legal in DUTIES
        if source in obligations and obligations[source].certainty == "applies"
    ]
    duties.append(
        Duty(
            id="reversibility-test",
            title=Text(
                fr="Test de réversibilité avant la mise en service (export, relecture, "
                "suppression)",
                en="Reversibility test before go-live (export, re-reading, deletion)",
            ),
            legal=(f"art. 25 du {DATA_ACT}",),
        )
    )
    if _value(offer, "validation.acceptance_criteria"):
        duties.append(
            Duty(
                id="local-validation",
                title=Text(
                    fr="Validation locale selon les critères d'acceptation du contrat",
                    en="Local validation against the contract's acceptance criteria",
                ),
                legal=(f"art. 26, paragraphes 1 et 4, du {AIA}",),
            )
        )
    return tuple(duties)


def _award_journaled(tender: Tender, vendor_id: str) -> bool:
    for item in journal.read_journal(tender.journal_path):
        if "award" in item.action and vendor_id in (
            item.details.get("vendor"),
            item.details.get("awarded"),
            item.details.get("winner"),
        ):
            return True
    return False


@dataclass
class AddOptions:
    vendor: str
    entry_id: str | None = None
    system: str | None = None
    contract: Contract = field(default_factory=Contract)
    thresholds: tuple[Threshold, ...] = ()
    establishments: tuple[str, ...] = ()  # ids; empty: every establishment of the tender


def entry_from_offer(offer: Offer, options: AddOptions, lang: Lang) -> Entry:
    """The register entry of an awarded offer (pure: the offer is already analysed)."""
    tender = offer.tender
    settings = tender.settings
    classification = offer.classification
    applicable = classification.applicable
    points = tuple(p for r in classification.regimes if r.status == "applies" for p in r.points)
    device = _value(offer, "aiact.device_status")
    klass = _value(offer, "aiact.mdr_class") or _value(offer, "aiact.ivdr_class")
    unknown = [e for e in options.establishments if tender.establishment(e) is None]
    if unknown:
        known = ", ".join(e.id for e in settings.establishments)
        raise UsageError(
            Text(
                fr=f"établissement inconnu de la consultation : {', '.join(unknown)} (connus : "
                f"{known})",
                en=f"establishment unknown to the tender: {', '.join(unknown)} (known: {known})",
            )
        )
    chosen = options.establishments or tuple(e.id for e in settings.establishments)
    oversight = str(_value(offer, "oversight.persons") or "")
    count, head = journal_head(tender.journal_path)
    sheet = tender.answers_path(offer.vendor_id)
    return Entry(
        id=options.entry_id or offer.vendor_id,
        system=options.system or settings.name,
        vendor=offer.name,
        vendor_id=offer.vendor_id,
        intended_purpose=_value(offer, "purpose.vendor_intended"),
        hospital_use=_value(offer, "purpose.hospital_intended"),
        regimes=applicable,
        regime_points=points,
        regimes_undetermined=classification.undetermined,
        role=classification.role.id or "undetermined",
        device=f"{device} {klass}" if device in ("mdr", "ivdr") and klass else device,
        control_chain=_control_chain(offer, lang),
        hosting=_hosting(offer, lang),
        certificates=_certificates(offer, lang),
        contract=options.contract,
        obligations=tuple(
            Obligation(
                id=o.id,
                title=o.title,
                legal=o.legal,
                applies_from=o.applies_from,
                certainty=o.certainty,
            )
            for o in classification.obligations_of("hospital")
        ),
        duties=_duties(offer),
        thresholds=options.thresholds,
        establishments=tuple(e.name for e in settings.establishments if e.id in chosen),
        oversight=tuple(p.strip() for p in oversight.split(";") if p.strip()),
        public_authority={"yes": True, "no": False}.get(
            str(_value(offer, "governance.public_law_body"))
        ),
        source=Source(
            tender=str(tender.root),
            tender_name=settings.name,
            reference=settings.reference,
            vendor=offer.vendor_id,
            sheet_sha256=sha256(sheet) if sheet.is_file() else None,
            journal_entries=count,
            journal_head=head,
            award_journaled=_award_journaled(tender, offer.vendor_id),
        ),
        created_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
    )


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
) -> tuple[Register, Entry, bool]:
    """Open (or create) the register and add the entry of ``options.vendor``'s offer (analysed
    here unless the caller already did)."""
    _refuse_damaged_tender(tender)
    lang = lang or tender.settings.language
    if offer is None:
        offer = analyse_offer(tender, options.vendor, dt.date.today())
    register, created = Register.open_or_create(
        register_dir, tender.settings.ght or tender.settings.buyer, lang
    )
    entry = entry_from_offer(offer, options, register.settings.language)
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


def import_entry(register_dir: Path | None, path: Path, why: str | None) -> tuple[Register, Entry]:
    """A hand-made entry (a system bought before the tool), or a corrected one (``why``)."""
    from sovereignty.core.yamlio import read_text

    entry = parse_entry_text(read_text(path), path)
    if not entry.source.by_hand:
        entry = entry.model_copy(
            update={"source": entry.source.model_copy(update={"by_hand": True})}
        )
    register, _ = Register.open_or_create(
        register_dir, entry.establishments[0] if entry.establishments else entry.vendor, "fr"
    )
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
        "legal": list(item.legal),
        "detail": item.detail(lang) if item.detail else None,
    }


def check_json(check: RegisterCheck, lang: Lang, alerts_only: bool = False) -> dict[str, Any]:
    count, head = check.register.head()
    counts: dict[str, int] = {}
    entries = []
    for status in check.entries:
        items = [i for i in status.items if i.alert or not alerts_only]
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
