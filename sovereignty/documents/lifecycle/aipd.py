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
)
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


@dataclass
class AipdContent:
    name: str
    answers: dict[int, str]
    measures: list[tuple[str, str]]  # (title, content)
    risks: dict[str, Risk]
    findings: list[tuple[str, str, str]]  # (finding, explanation, remedy)
    todo: list[str]


def _measures(view: OfferView, lang: Lang) -> list[tuple[str, str]]:
    measures = []
    security = (
        ("hosting.encryption_at_rest", tr(lang, "Chiffrement au repos", "Encryption at rest")),
        ("hosting.keys_holder", tr(lang, "Détention des clés", "Key custody")),
        (
            "hosting.encryption_in_transit",
            tr(lang, "Chiffrement en transit", "Encryption in transit"),
        ),
        (
            "security.admin_mfa",
            tr(
                lang,
                "Authentification forte des administrateurs",
                "Strong authentication of administrators",
            ),
        ),
        ("security.pentest_frequency", tr(lang, "Tests d'intrusion", "Penetration tests")),
        (
            "security.incident_notification_hours",
            tr(lang, "Notification des incidents (heures)", "Incident notification (hours)"),
        ),
        ("audit.logging", tr(lang, "Traçabilité (journaux)", "Traceability (logs)")),
        (
            "security.offline_operation",
            tr(lang, "Fonctionnement hors connexion", "Offline operation"),
        ),
        ("oversight.stop", tr(lang, "Arrêt du système", "Stopping the system")),
    )
    for qid, title in security:
        text = view.text(qid)
        if text:
            measures.append((title, f"{text} ({qid})"))
    for clause in view.clauses:
        if clause.chapter in ("data", "ai", "control", "exit"):
            measures.append(
                (
                    tr(
                        lang,
                        f"Clause {clause.id} — {clause.title}",
                        f"Clause {clause.id} — {clause.title}",
                    ),
                    tr(
                        lang,
                        f"Contrat, annexe de souveraineté ({clause.legal})",
                        f"Contract, sovereignty annex ({clause.legal})",
                    ),
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
    titles = [m[0] for m in measures]
    readers = [view.node_name(str(r.get("node")), lang) for r in view.flow.get("readers", ())]
    threats_access = [f"{f.id} — {f.title(lang)}" for f in findings] + [
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
            measures=[
                m
                for m in titles
                if "hiffr" in m
                or "ncrypt" in m
                or "clés" in m.lower()
                or "key" in m.lower()
                or m.startswith("Clause")
            ][:12],
        ),
        "change": Risk(
            impacts=[
                tr(
                    lang,
                    "Priorisation erronée retardant la prise en charge",
                    "Wrong prioritisation delaying care",
                )
            ],
            threats=[
                tr(lang, "Mise à jour du modèle non validée", "Unvalidated model update"),
                tr(lang, "Empoisonnement ou dérive des données", "Data poisoning or drift"),
            ],
            sources=[view.vendor_name, tr(lang, "Attaquant externe", "External attacker")],
            measures=[m for m in titles if "rac" in m or m.startswith("Clause")][:12],
        ),
        "disappearance": Risk(
            impacts=[
                tr(
                    lang,
                    "Indisponibilité de la priorisation, retour à la liste non triée",
                    "Prioritisation unavailable, back to the unsorted list",
                )
            ],
            threats=[
                tr(
                    lang,
                    "Défaillance du fournisseur ou de l'hébergeur",
                    "Failure of the vendor or the host",
                )
            ],
            sources=[view.vendor_name, t("hosting.provider_name") or tr(lang, "Hébergeur", "Host")],
            measures=[
                m for m in titles if "ors connexion" in m or "ffline" in m or m.startswith("Clause")
            ][:12],
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
