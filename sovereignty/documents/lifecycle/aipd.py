"""The AIPD (GDPR Art. 35 DPIA) pre-filled for the DPO, as Word and as the CNIL PIA software's
JSON (see :mod:`.pia`).

Its contents follow Art. 35(7): (a) a systematic description (data categories, flows and
recipients from the data-flow graph), (b) necessity and proportionality, (c) the risks to
rights and freedoms (from the findings: transfers, extraterritorial access, readers in clear,
sub-processors), (d) the measures (from the contract's clauses and the security answers). The
same content is laid out along the CNIL method's questions (ids 111 to 227 of the PIA software)
and its three risks (illegitimate access, unwanted change, disappearance), so the Word document
and the PIA file say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sovereignty.core.model import Lang
from sovereignty.documents.lifecycle.aipd_answers import cnil_answers
from sovereignty.documents.lifecycle.common import (
    OfferView,
    tr,
)
from sovereignty.findings.model import SEVERITY_LABEL

GDPR = "règlement (UE) 2016/679"
# Findings about personal data: the AIPD's risks come from these areas.
DATA_AREAS = (
    "HOST",
    "JURIS",
    "CRYPTO",
    "TRANSFER",
    "GDPR",
    "SUB",
    "DATA",
    "DPIA",
    "SEC",
    "LOG",
    "FLOW",
    "TRAIN",
    "REV",
    "EXIT",
)


def finding_risks(finding_id: str) -> frozenset[str]:
    """Which of the CNIL method's risks a finding threatens: losing the data (no way back, a
    single point of failure, the exit), changing them (logs, security), else reaching them."""
    area = finding_id.split("-")[0]
    if finding_id in ("FLOW-05", "FLOW-06", "FLOW-07") or area in ("REV", "EXIT"):
        return frozenset({"disappearance"})
    if area == "LOG":
        return frozenset({"change"})
    if area == "SEC":
        return frozenset({"access", "change"})
    return frozenset({"access"})


# The CNIL method's questions (PIA software ids), in its order.
QUESTIONS: dict[int, tuple[str, str]] = {
    111: ("Quel est le traitement qui fait l'objet de l'étude ?", "What processing is assessed?"),
    112: ("Quelles sont les responsabilités liées au traitement ?", "Who is responsible for it?"),
    113: ("Quels sont les référentiels applicables ?", "Which standards apply?"),
    121: ("Quelles sont les données traitées ?", "Which data are processed?"),
    122: ("Comment le cycle de vie des données se déroule-t-il ?", "What is the data life cycle?"),
    123: ("Quels sont les supports des données ?", "What do the data rest on?"),
    211: (
        "Les finalités sont-elles déterminées, explicites et légitimes ?",
        "Are the purposes specified, explicit and legitimate?",
    ),
    212: ("Quels fondements rendent le traitement licite ?", "What makes the processing lawful?"),
    213: (
        "Les données sont-elles adéquates, pertinentes et limitées ?",
        "Are the data adequate, relevant and limited?",
    ),
    214: (
        "Les données sont-elles exactes et tenues à jour ?",
        "Are the data accurate and up to date?",
    ),
    215: ("Quelle est la durée de conservation des données ?", "How long are the data kept?"),
    221: ("Comment les personnes sont-elles informées ?", "How are the persons informed?"),
    222: (
        "Comment le consentement est-il obtenu, le cas échéant ?",
        "How is consent obtained, where relevant?",
    ),
    223: (
        "Comment s'exercent les droits d'accès et à la portabilité ?",
        "How are access and portability exercised?",
    ),
    224: (
        "Comment s'exercent les droits de rectification et d'effacement ?",
        "How are rectification and erasure exercised?",
    ),
    225: (
        "Comment s'exercent les droits de limitation et d'opposition ?",
        "How are restriction and objection exercised?",
    ),
    226: (
        "Les obligations des sous-traitants sont-elles définies et contractualisées ?",
        "Are the processors' obligations defined in the contract?",
    ),
    227: (
        "Les transferts hors de l'Union sont-ils encadrés ?",
        "Are transfers outside the Union safeguarded?",
    ),
}
RISKS = ("access", "change", "disappearance")
RISK_TITLES = {
    "access": ("Accès illégitime à des données", "Illegitimate access to data"),
    "change": ("Modification non désirée de données", "Unwanted change of data"),
    "disappearance": ("Disparition de données", "Disappearance of data"),
}


@dataclass
class Risk:
    impacts: list[str] = field(default_factory=list)
    threats: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)  # titles of measures below


@dataclass(frozen=True)
class Measure:
    title: str
    content: str
    source: str  # the question or the clause's legal basis
    risks: frozenset[str]  # which of RISKS it treats


@dataclass
class AipdContent:
    name: str
    answers: dict[int, str]
    measures: list[Measure]
    risks: dict[str, Risk]
    findings: list[tuple[str, str, str]]  # (finding, explanation, remedy)
    todo: list[str]


# Which of the CNIL method's three risks a measure treats, by the answer or clause it comes from.
SECURITY_MEASURES: tuple[tuple[str, str, str, frozenset[str]], ...] = (
    ("hosting.encryption_at_rest", "Chiffrement au repos", "Encryption at rest",
     frozenset({"access"})),
    ("hosting.keys_holder", "Détention des clés", "Key custody", frozenset({"access"})),
    ("hosting.encryption_in_transit", "Chiffrement en transit", "Encryption in transit",
     frozenset({"access", "change"})),
    ("security.admin_mfa", "Authentification forte des administrateurs",
     "Strong authentication of administrators", frozenset({"access", "change"})),
    ("security.pentest_frequency", "Tests d'intrusion", "Penetration tests",
     frozenset({"access", "change"})),
    ("security.incident_notification_hours", "Notification des incidents (heures)",
     "Incident notification (hours)", frozenset(RISKS)),
    ("audit.logging", "Traçabilité (journaux)", "Traceability (logs)",
     frozenset({"access", "change"})),
    ("security.offline_operation", "Fonctionnement hors connexion", "Offline operation",
     frozenset({"disappearance"})),
    ("oversight.stop", "Arrêt du système", "Stopping the system", frozenset({"change"})),
)  # fmt: skip
CLAUSE_RISKS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        ("HOST", "CRYPTO", "TRANSFER", "SUB", "GDPR", "DATAUSE", "SEC", "PURPOSE"),
        frozenset({"access"}),
    ),
    **dict.fromkeys(
        ("CHANGE", "VALID", "OVERSIGHT", "LOG", "AIA", "TRAIN", "FRIA"), frozenset({"change"})
    ),
    **dict.fromkeys(("REV", "EXIT", "DEL"), frozenset({"disappearance"})),
    "INCIDENT": frozenset(RISKS),
    "AUDIT": frozenset({"access", "change"}),
}


def _measures(view: OfferView, lang: Lang) -> list[Measure]:
    measures = []
    for qid, fr, en, risks in SECURITY_MEASURES:
        text = view.text(qid)
        if text:
            measures.append(Measure(tr(lang, fr, en), text, qid, risks))
    for clause in view.clauses:
        if clause.chapter in ("data", "ai", "control", "exit"):
            measures.append(
                Measure(
                    f"{tr(lang, 'Clause', 'Clause')} {clause.id} — {clause.title}",
                    tr(lang, "Contrat, annexe de souveraineté", "Contract, sovereignty annex"),
                    clause.legal,
                    CLAUSE_RISKS.get(clause.id.split("-")[0], frozenset()),
                )
            )
    return measures


def aipd_content(view: OfferView, lang: Lang) -> AipdContent:
    v, t = view.value, view.text
    s = view.settings
    subs = [
        f"{x.get('name')} ({x.get('role')}, {x.get('country')})"
        for x in (v("subprocessors.list") or ())
        if isinstance(x, dict)
    ]
    answers = cnil_answers(view, lang)
    findings = [
        f for f in view.findings if f.id.split("-")[0] in DATA_AREAS and f.severity != "info"
    ]
    rows = [
        (
            f"{f.id} — {f.title(lang)} ({SEVERITY_LABEL[f.severity](lang)})",
            f.explanation(lang),
            ", ".join(f.clauses) or "—",
        )
        for f in findings
    ]
    measures = _measures(view, lang)

    def treating(risk: str) -> list[str]:
        return [m.title for m in measures if risk in m.risks]

    readers = [view.node_name(str(r.get("node")), lang) for r in view.flow.get("readers", ())]

    def threatening(risk: str) -> list[str]:
        return [f"{f.id} — {f.title(lang)}" for f in findings if risk in finding_risks(f.id)]

    threats_access = threatening("access") + [
        tr(lang, f"Lecture en clair par {r}", f"Read in clear by {r}") for r in readers
    ]
    risks = {
        "access": Risk(
            impacts=[
                tr(lang, "Divulgation de données de santé", "Disclosure of health data"),
                tr(lang, "Atteinte au secret médical", "Breach of medical secrecy"),
            ],
            threats=threats_access
            or [
                tr(
                    lang,
                    "Accès d'un administrateur du fournisseur",
                    "Access by a vendor administrator",
                )
            ],
            sources=[
                view.vendor_name,
                *[x.split(" (")[0] for x in subs],
                tr(lang, "Attaquant externe", "External attacker"),
            ],
            measures=treating("access"),
        ),
        "change": Risk(
            impacts=[
                tr(
                    lang,
                    "Résultat erroné pesant sur une décision de soin ou de gestion",
                    "A wrong output weighing on a care or management decision",
                )
            ],
            threats=[
                tr(lang, "Mise à jour du modèle non validée", "Unvalidated model update"),
                tr(lang, "Empoisonnement ou dérive des données", "Data poisoning or drift"),
                *threatening("change"),
            ],
            sources=[view.vendor_name, tr(lang, "Attaquant externe", "External attacker")],
            measures=treating("change"),
        ),
        "disappearance": Risk(
            impacts=[
                tr(
                    lang,
                    "Système indisponible : retour au fonctionnement sans IA",
                    "System unavailable: back to working without AI",
                )
            ],
            threats=[
                tr(
                    lang,
                    "Défaillance du fournisseur ou de l'hébergeur",
                    "Failure of the vendor or the host",
                ),
                *threatening("disappearance"),
            ],
            sources=[view.vendor_name, t("hosting.provider_name") or tr(lang, "Hébergeur", "Host")],
            measures=treating("disappearance"),
        ),
    }
    todo = [
        tr(
            lang,
            "Évaluer gravité et vraisemblance de chaque risque (échelle CNIL 1 à 4)",
            "Rate severity and likelihood of each risk (CNIL scale 1 to 4)",
        ),
        tr(
            lang,
            "Recueillir l'avis du DPO (art. 35, paragraphe 2)",
            "Seek the DPO's advice (Art. 35(2))",
        ),
        tr(
            lang,
            "Recueillir, le cas échéant, l'avis des personnes concernées ou de leurs "
            "représentants (art. 35, paragraphe 9)",
            "Where appropriate, seek the views of data subjects or their representatives (Art. "
            "35(9))",
        ),
    ]
    name = tr(lang, f"{s.name} — {view.vendor_name}", f"{s.name} — {view.vendor_name}")
    return AipdContent(name, answers, measures, risks, rows, todo)
