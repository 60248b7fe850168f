"""A register entry made from the awarded offer's analysis (answers, AI Act classification and
obligations, tender): what the system is, who controls it, what proves it, what the hospital owes
and by when. Pure once the offer is analysed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sovereignty.core.conditions import ABSENT, INVALID, MISSING, UNKNOWN
from sovereignty.core.errors import UsageError
from sovereignty.core.model import Lang, Text
from sovereignty.questionnaire.present import choice_label
from sovereignty.register.folder import journal_head, last_award, sha256
from sovereignty.register.model import (
    Certificate,
    Contract,
    Duty,
    Entry,
    Obligation,
    Source,
    Threshold,
)
from sovereignty.services.offer import Offer
from sovereignty.tender.journal import Head


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


def _device(offer: Offer, lang: Lang) -> str | None:
    """« mdr class_iia » in words: the device status and its class, as the bank names them."""
    device = _value(offer, "aiact.device_status")
    if device is None:
        return None
    text = _label(offer, "aiact.device_status", device, lang)
    for qid in ("aiact.mdr_class", "aiact.ivdr_class"):
        klass = _value(offer, qid)
        if klass is not None:
            text += f", {_label(offer, qid, klass, lang)}"
    return text


def _control_chain(offer: Offer, lang: Lang) -> tuple[str, ...]:
    from sovereignty.dataflow.catalogue import catalogue

    roles = catalogue().subprocessor_roles
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
        role = roles[sub["role"]](lang) if sub.get("role") in roles else sub.get("role", "?")
        text = f"{sub['name']} ({role}, {where})"
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
        ("GDPR art. 35", "AIA art. 26(9)"),
    ),
    (
        "aidf",
        "H-ART27",
        Text(
            fr="Analyse d'impact sur les droits fondamentaux (AIDF)",
            en="Fundamental rights impact assessment (AIDF)",
        ),
        ("AIA art. 27(1)",),
    ),
    (
        "aidf-notification",
        "H-ART27",
        Text(
            fr="Notifier les résultats de l'AIDF à l'autorité de surveillance du marché",
            en="Notify the AIDF results to the market surveillance authority",
        ),
        ("AIA art. 27(3)",),
    ),
    (
        "eu-registration",
        "H-ART26-8",
        Text(
            fr="Enregistrer l'utilisation dans la base de données de l'UE",
            en="Register the use in the EU database",
        ),
        ("AIA art. 26(8)", "AIA art. 49(3)"),
    ),
    (
        "worker-information",
        "H-ART26-7",
        Text(
            fr="Informer les représentants du personnel et les agents concernés",
            en="Inform staff representatives and the workers concerned",
        ),
        ("AIA art. 26(7)",),
    ),
    (
        "staff-consultation",
        "H-STAFF-PUBLIC",
        Text(
            fr="Consulter le comité social d'établissement, sa formation spécialisée et la CME",
            en="Consult the staff committee, its specialised formation and the CME",
        ),
        (),  # the obligation's own references
    ),
    (
        "staff-consultation",
        "H-STAFF",
        Text(
            fr="Informer et consulter le comité social et économique",
            en="Inform and consult the works council",
        ),
        (),
    ),
    (
        "patient-information",
        "H-CSP-L4001-3-I",
        Text(
            fr="Informer les patients du traitement algorithmique",
            en="Tell patients an algorithmic processing is used",
        ),
        (),
    ),
)


def _duties(offer: Offer) -> tuple[Duty, ...]:
    obligations = {o.id: o for o in offer.classify().obligations_of("hospital")}
    duties = [
        Duty(
            id=duty_id,
            title=title,
            legal=legal or obligations[source].legal,
            applies_from=obligations[source].applies_from,
        )
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
            legal=("DA art. 25",),
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
                legal=("AIA art. 26(1)", "AIA art. 26(4)"),
            )
        )
    return tuple(duties)


@dataclass
class AddOptions:
    vendor: str
    entry_id: str | None = None
    system: str | None = None
    contract: Contract = field(default_factory=Contract)
    thresholds: tuple[Threshold, ...] = ()
    establishments: tuple[str, ...] = ()  # ids; empty: every establishment of the tender


def entry_from_offer(
    offer: Offer, options: AddOptions, lang: Lang, head: Head | None = None
) -> Entry:
    """The register entry of an awarded offer (pure: the offer is already analysed)."""
    tender = offer.tender
    settings = tender.settings
    classification = offer.classify()
    applicable = classification.applicable
    points = tuple(p for r in classification.regimes if r.status == "applies" for p in r.points)
    device = _value(offer, "aiact.device_status")
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
    if head is None:
        count, last = journal_head(tender.journal_path)
    else:
        count, last = head.entries, head.hash
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
        device=_device(offer, lang),
        device_regulation=device if device in ("mdr", "ivdr") else None,
        control_chain=_control_chain(offer, lang),
        hosting=_hosting(offer, lang),
        certificates=_certificates(offer, lang),
        # the duration the tender published, unless the contract's is given
        contract=options.contract
        if options.contract.months or not settings.contract_months
        else options.contract.model_copy(update={"months": settings.contract_months}),
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
            tender=str(tender.root.resolve()),
            tender_name=settings.name,
            reference=settings.reference,
            vendor=offer.vendor_id,
            sheet_sha256=sha256(sheet) if sheet.is_file() else None,
            journal_entries=count,
            journal_head=last,
            awarded=last_award(tender.journal_path),
        ),
        created_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
    )
