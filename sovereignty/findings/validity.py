"""Certificates with an end date: a finding when one has expired at the as-of date, another when
it expires before the contract ends.

The bank asks until when the notified body's certificate of a medical device
(``aiact.certificate_expiry``) and the HDS certificate of the host (``hosting.hds_valid_until``)
are valid. The contract's end is the as-of date plus its duration (``contract_months`` in
``tender.yaml``; :data:`DEFAULT_CONTRACT_MONTHS` when it is not set, and the finding says so).

::

    MDR-01  major  the notified body's certificate has expired           MDR art. 56, art. 120
    MDR-02  info   it expires during the contract: renewal to require    MDR art. 56
    HOST-08 major  the HDS certificate has expired                       CSP art. L1111-8
    HOST-09 info   it expires during the contract: renewal to require    CSP art. L1111-8

An answer that is missing, unknown or not a date raises nothing: the question's own validation
reports a wrong date, and completeness a missing one.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sovereignty.core.model import Text
from sovereignty.findings.model import AnswerRef, Finding, Severity, evidence_of

DEFAULT_CONTRACT_MONTHS = 48  # the longest a framework agreement may run (CCP art. L2125-1)


@dataclass(frozen=True)
class Certificate:
    question: str
    expired: tuple[str, Severity, Text, Text]  # id, severity, title, what to do
    expiring: tuple[str, Severity, Text, Text]
    legal: tuple[str, ...]
    clauses: tuple[str, ...] = ()


CERTIFICATES = (
    Certificate(
        question="aiact.certificate_expiry",
        expired=(
            "MDR-01",
            "major",
            Text(
                fr="Certificat de l'organisme notifié expiré",
                en="Notified-body certificate expired",
            ),
            Text(
                fr="Sans certificat valide, un dispositif de classe IIa ou supérieure ne peut "
                "être mis sur le marché ni mis en service. Demandez le certificat renouvelé, ou "
                "pour un certificat délivré au titre de la directive 93/42/CEE la preuve que sa "
                "validité est prolongée (art. 120 du règlement (UE) 2017/745, modifié par le "
                "règlement (UE) 2023/607), et vérifiez-le dans EUDAMED.",
                en="Without a valid certificate, a device of class IIa or above cannot be "
                "placed on the market or put into service. Ask for the renewed certificate, or "
                "for a certificate issued under Directive 93/42/EEC proof that its validity is "
                "extended (Article 120 of Regulation (EU) 2017/745 as amended by Regulation (EU) "
                "2023/607), and check it in EUDAMED.",
            ),
        ),
        expiring=(
            "MDR-02",
            "info",
            Text(
                fr="Le certificat de l'organisme notifié expire pendant le marché",
                en="The notified-body certificate expires during the contract",
            ),
            Text(
                fr="Le marché doit obliger le titulaire à le renouveler avant son terme, à "
                "informer l'établissement de toute suspension, restriction ou retrait, et "
                "permettre la résiliation si le dispositif perd son certificat.",
                en="The contract must require the contractor to renew it before it ends, to "
                "inform the hospital of any suspension, restriction or withdrawal, and allow "
                "termination if the device loses its certificate.",
            ),
        ),
        legal=("MDR art. 56", "MDR art. 120"),
    ),
    Certificate(
        question="hosting.hds_valid_until",
        expired=(
            "HOST-08",
            "major",
            Text(fr="Certificat HDS expiré", en="HDS certificate expired"),
            Text(
                fr="Héberger des données de santé pour le compte de l'établissement demande une "
                "certification HDS en cours de validité pour chaque activité exercée. Demandez "
                "le certificat renouvelé avant l'attribution ; sans lui, l'offre est dans le "
                "cas d'un hébergeur non certifié.",
                en="Hosting health data on the hospital's behalf requires an HDS certification "
                "valid for each activity performed. Ask for the renewed certificate before the "
                "award; without it, the offer is that of an uncertified host.",
            ),
        ),
        expiring=(
            "HOST-09",
            "info",
            Text(
                fr="Le certificat HDS expire pendant le marché",
                en="The HDS certificate expires during the contract",
            ),
            Text(
                fr="Le marché doit obliger le titulaire à maintenir la certification pendant "
                "toute sa durée, à transmettre le certificat renouvelé et à signaler toute "
                "suspension ou tout retrait.",
                en="The contract must require the contractor to keep the certification for its "
                "whole term, to send the renewed certificate and to report any suspension or "
                "withdrawal.",
            ),
        ),
        legal=("CSP art. L1111-8", "HDS"),
        clauses=("HOST-01",),
    ),
)

FINDING_IDS = frozenset(
    finding_id
    for certificate in CERTIFICATES
    for finding_id in (certificate.expired[0], certificate.expiring[0])
)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _fr(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def certificate_findings(
    facts: Any,
    as_of: dt.date,
    contract_months: int | None = None,
    vendor: str | None = None,
) -> list[Finding]:
    """The findings on certificate end dates; ``facts`` answers ``value(question_id)``."""
    months = contract_months or DEFAULT_CONTRACT_MONTHS
    end = add_months(as_of, months)
    assumed_fr = (
        ""
        if contract_months
        else f" (durée du marché non renseignée dans tender.yaml, contract_months : {months} "
        "mois retenus)"
    )
    assumed_en = (
        ""
        if contract_months
        else f" (the contract's duration is not set in tender.yaml, contract_months: {months} "
        "months assumed)"
    )
    findings: list[Finding] = []
    for certificate in CERTIFICATES:
        try:
            value = facts.value(certificate.question)
        except KeyError:  # a custom bank without the question
            continue
        until = _date(value)
        if until is None:
            continue
        if until < as_of:
            finding_id, severity, title, advice = certificate.expired
            said = Text(
                fr=f"Valide jusqu'au {_fr(until)}, il a expiré à la date d'appréciation "
                f"({_fr(as_of)}). {advice.fr}",
                en=f"Valid until {until.isoformat()}, it had expired at the as-of date "
                f"({as_of.isoformat()}). {advice.en}",
            )
        elif until < end:
            finding_id, severity, title, advice = certificate.expiring
            said = Text(
                fr=f"Valide jusqu'au {_fr(until)}, avant la fin du marché ({_fr(end)}, "
                f"{months} mois à compter du {_fr(as_of)}){assumed_fr}. {advice.fr}",
                en=f"Valid until {until.isoformat()}, before the contract ends "
                f"({end.isoformat()}, {months} months from {as_of.isoformat()}){assumed_en}. "
                f"{advice.en}",
            )
        else:
            continue
        findings.append(
            Finding(
                id=finding_id,
                severity=severity,
                title=title,
                explanation=said,
                triggers=(
                    AnswerRef(
                        question=certificate.question,
                        value=until.isoformat(),
                        evidence=evidence_of(getattr(facts, "answers", None), certificate.question),
                    ),
                ),
                legal=certificate.legal,
                clauses=certificate.clauses,
                vendor=vendor,
            )
        )
    return findings
