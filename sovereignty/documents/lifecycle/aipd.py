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
from typing import Any

from sovereignty.core.model import Lang
from sovereignty.documents.lifecycle.common import (
    OfferView,
    category,
    document,
    joined,
    or_todo,
    section,
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


def _categories(view: OfferView, lang: Lang) -> str:
    return view.text("purpose.data_categories") or tr(lang, "☐ à préciser", "☐ to specify")


def _recipients(view: OfferView, lang: Lang) -> list[str]:
    """Who receives or can reach the data, by category, from the graph's reach analysis."""
    by_category: dict[str, set[str]] = {}
    for row in view.flow.get("reach", ()):
        if row.get("access") in ("stored", "accessed", "processed"):
            name = view.node_name(str(row.get("node")), lang)
            by_category.setdefault(str(row.get("category")), set()).add(
                f"{name} ({row.get('country_name') or row.get('country')})"
            )
    return [
        tr(lang, f"{category(cat, lang)} : ", f"{category(cat, lang)}: ") + ", ".join(sorted(names))
        for cat, names in sorted(by_category.items())
    ]


def _flows(view: OfferView, lang: Lang) -> list[str]:
    if view.model is None:
        return []
    lines = []
    for flow in view.model.flows:
        cats = ", ".join(category(c, lang) for c in flow.categories)
        crypt = (
            tr(lang, ", chiffré en transit", ", encrypted in transit")
            if flow.encrypted_in_transit
            else ""
        )
        lines.append(
            f"{view.node_name(flow.source, lang)} → {view.node_name(flow.target, lang)} : "
            f"{cats} ({flow.purpose}{crypt})"
            if lang == "fr"
            else f"{view.node_name(flow.source, lang)} → {view.node_name(flow.target, lang)}: "
            f"{cats} ({flow.purpose}{crypt})"
        )
    return lines


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
    outside = sorted(
        {
            str(r.get("country_name") or r.get("country"))
            for r in view.flow.get("reach", ())
            if r.get("eea") is False
        }
    )
    answers = {
        111: joined(
            [
                tr(lang, f"Système : {s.name}.", f"System: {s.name}."),
                tr(
                    lang,
                    f"Usage prévu par l'établissement : {t('purpose.hospital_intended') or '—'}",
                    f"The establishment's planned use: {t('purpose.hospital_intended') or '—'}",
                ),
                tr(
                    lang,
                    "Destination déclarée par le fournisseur : "
                    f"{t('purpose.vendor_intended') or '—'}",
                    "Intended purpose declared by the provider: "
                    f"{t('purpose.vendor_intended') or '—'}",
                ),
                tr(
                    lang,
                    f"Gains attendus : {t('need.gains') or '—'}.",
                    f"Expected gains: {t('need.gains') or '—'}.",
                ),
            ],
            lang,
        ),
        112: joined(
            [
                tr(lang, f"Responsable de traitement : {s.buyer}", f"Controller: {s.buyer}")
                + (
                    tr(
                        lang,
                        f", pour le {s.ght} (responsabilité conjointe éventuelle des "
                        "établissements "
                        "parties à qualifier)",
                        f", for {s.ght} (joint controllership of the member "
                        "establishments to be qualified)",
                    )
                    if s.ght
                    else ""
                ),
                tr(
                    lang,
                    f"Sous-traitant (art. 28 du {GDPR}) : {view.vendor_name}",
                    f"Processor (Art. 28 of {GDPR}): {view.vendor_name}",
                ),
                tr(
                    lang,
                    f"Sous-traitants ultérieurs : {', '.join(subs) or 'aucun déclaré'}",
                    f"Sub-processors: {', '.join(subs) or 'none declared'}",
                ),
            ],
            lang,
        ),
        113: joined(
            [
                tr(
                    lang,
                    f"Hébergement de données de santé certifié : {t('hosting.hds') or '—'}",
                    f"Certified health data hosting: {t('hosting.hds') or '—'}",
                ),
                tr(
                    lang,
                    f"SecNumCloud : {t('hosting.secnumcloud') or '—'}",
                    f"SecNumCloud: {t('hosting.secnumcloud') or '—'}",
                ),
                tr(
                    lang,
                    f"ISO/IEC 27001 : {t('security.iso27001') or '—'}",
                    f"ISO/IEC 27001: {t('security.iso27001') or '—'}",
                ),
                tr(
                    lang,
                    f"Marquage CE (dispositif médical) : {t('aiact.device_status') or '—'}",
                    f"CE marking (medical device): {t('aiact.device_status') or '—'}",
                ),
                tr(
                    lang,
                    "Règlement (UE) 2024/1689 sur l'IA ; référentiels de la CNIL applicables aux "
                    "établissements de santé",
                    "Regulation (EU) 2024/1689 on AI; CNIL reference "
                    "frameworks for health establishments",
                ),
            ],
            lang,
        ),
        121: joined(
            [
                tr(
                    lang,
                    f"Catégories : {_categories(view, lang)}",
                    f"Categories: {_categories(view, lang)}",
                ),
                *[
                    tr(lang, f"Destinataires — {r}", f"Recipients — {r}")
                    for r in _recipients(view, lang)
                ],
            ],
            lang,
        ),
        122: joined(
            _flows(view, lang) or [tr(lang, "☐ décrire les flux", "☐ describe the flows")], lang
        ),
        123: joined(
            [
                t("hosting.model") or "",
                tr(
                    lang,
                    f"Hébergeur : {t('hosting.provider_name') or '—'}",
                    f"Host: {t('hosting.provider_name') or '—'}",
                ),
                tr(
                    lang,
                    f"Pays de stockage : {t('hosting.storage_countries') or '—'}",
                    f"Storage countries: {t('hosting.storage_countries') or '—'}",
                ),
                tr(
                    lang,
                    f"Pays de traitement : {t('hosting.processing_countries') or '—'}",
                    f"Processing countries: {t('hosting.processing_countries') or '—'}",
                ),
            ],
            lang,
        ),
        211: joined([t("purpose.hospital_intended") or "", t("need.problem") or ""], lang),
        212: tr(
            lang,
            f"À confirmer par le DPO : mission d'intérêt public (art. 6, paragraphe 1, point e), "
            f"du {GDPR}) et prise en charge sanitaire (art. 9, paragraphe 2, point h)).",
            f"For the DPO to confirm: task in the public interest (Art. 6(1)(e) of {GDPR}) and "
            "provision of health care (Art. 9(2)(h)).",
        ),
        213: joined(
            [
                tr(
                    lang, f"Données : {_categories(view, lang)}", f"Data: {_categories(view, lang)}"
                ),
                tr(
                    lang,
                    f"Réutilisation pour l'entraînement : {t('subprocessors.training_use') or '—'}",
                    f"Reuse for training: {t('subprocessors.training_use') or '—'}",
                ),
            ],
            lang,
        ),
        214: joined(
            [
                tr(
                    lang,
                    f"Test local : {t('validation.local_test') or '—'}",
                    f"Local test: {t('validation.local_test') or '—'}",
                ),
                tr(
                    lang,
                    f"Suivi de dérive : {t('validation.drift_monitoring') or '—'}",
                    f"Drift monitoring: {t('validation.drift_monitoring') or '—'}",
                ),
                tr(
                    lang,
                    "Données d'entrée pertinentes et représentatives (art. 26, paragraphe 4, du "
                    "règlement (UE) 2024/1689)",
                    "Relevant and representative input data (Art. 26(4) "
                    "of Regulation (EU) 2024/1689)",
                ),
            ],
            lang,
        ),
        215: joined(
            [
                tr(
                    lang,
                    f"Journaux : {t('audit.log_retention_months') or '—'} mois (au moins 6, art. "
                    "26, "
                    "paragraphe 6, du règlement (UE) 2024/1689)",
                    f"Logs: {t('audit.log_retention_months') or '—'} months (at least 6, Art. "
                    "26(6) of "
                    "Regulation (EU) 2024/1689)",
                ),
                tr(
                    lang,
                    f"Suppression en fin de contrat sous {t('exit.deletion_days') or '—'} jours, "
                    f"certificat : {t('exit.deletion_certificate') or '—'}",
                    f"Deletion at the end of the contract within {t('exit.deletion_days') or '—'} "
                    "days, "
                    f"certificate: {t('exit.deletion_certificate') or '—'}",
                ),
            ],
            lang,
        ),
        221: joined(
            [
                tr(
                    lang,
                    f"Information des patients : {t('governance.patient_information') or '—'}",
                    f"Patient information: {t('governance.patient_information') or '—'}",
                ),
                tr(
                    lang,
                    "Information du patient sur le traitement algorithmique (art. L4001-3 du code "
                    "de "
                    "la santé publique)",
                    "Informing the patient of algorithmic processing (French "
                    "public health code art. L4001-3)",
                ),
            ],
            lang,
        ),
        222: tr(
            lang,
            "Le traitement ne repose pas sur le consentement (prise en charge sanitaire) ; "
            "à confirmer.",
            "The processing does not rest on consent (health care); to confirm.",
        ),
        223: tr(
            lang,
            "Procédure de l'établissement ; le sous-traitant aide à y répondre (art. 28, "
            f"paragraphe 3, point e), du {GDPR}).",
            f"The establishment's procedure; the processor helps answer (Art. 28(3)(e) of {GDPR}).",
        ),
        224: tr(
            lang,
            "Procédure de l'établissement ; rectification dans le dossier source.",
            "The establishment's procedure; rectification in the source record.",
        ),
        225: tr(
            lang,
            "Procédure de l'établissement ; possibilité d'écarter le système pour un patient.",
            "The establishment's procedure; the system can be set aside for a patient.",
        ),
        226: joined(
            [
                tr(
                    lang,
                    f"Contrat de sous-traitance : {t('subprocessors.processor_agreement') or '—'}",
                    f"Processing agreement: {t('subprocessors.processor_agreement') or '—'}",
                ),
                tr(
                    lang,
                    "Autorisation des sous-traitants ultérieurs : "
                    f"{t('subprocessors.authorisation') or '—'}",
                    f"Authorisation of sub-processors: {t('subprocessors.authorisation') or '—'}",
                ),
            ],
            lang,
        ),
        227: joined(
            [
                tr(
                    lang,
                    f"Pays hors EEE atteints : {', '.join(outside) or 'aucun'}",
                    f"Countries outside the EEA reached: {', '.join(outside) or 'none'}",
                ),
                tr(
                    lang,
                    f"Base des transferts : {t('hosting.transfer_basis') or '—'}",
                    f"Transfer basis: {t('hosting.transfer_basis') or '—'}",
                ),
                tr(
                    lang,
                    "Exposition à une loi extraterritoriale : "
                    f"{t('hosting.extraterritorial') or '—'}",
                    f"Exposure to an extraterritorial law: {t('hosting.extraterritorial') or '—'}",
                ),
            ],
            lang,
        ),
    }
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


def aipd_context(view: OfferView, content: AipdContent, lang: Lang) -> dict[str, Any]:
    def q(qid: int) -> tuple[str, str]:
        fr, en = QUESTIONS[qid]
        return (tr(lang, fr, en), content.answers[qid])

    legal35 = tr(lang, f"Art. 35, paragraphe 7, du {GDPR}", f"Art. 35(7) of {GDPR}")
    sections = [
        section(
            tr(lang, "Pourquoi une AIPD", "Why an AIPD"),
            paragraphs=[
                tr(
                    lang,
                    "Le traitement porte sur des données de santé de patients, personnes "
                    "vulnérables, au moyen d'une technologie innovante : il figure parmi les "
                    "traitements pour lesquels la CNIL exige une analyse d'impact "
                    "(délibération n° 2018-327) et réunit plusieurs critères du CEPD.",
                    "The processing concerns health data of patients, vulnerable persons, by means "
                    "of an innovative technology: it is among the processing operations for which "
                    "the CNIL requires an impact assessment (deliberation no. 2018-327) and meets "
                    "several EDPB criteria.",
                ),
                tr(
                    lang,
                    "Le déployeur s'appuie sur les informations de la notice d'utilisation du "
                    "fournisseur (art. 13 du règlement (UE) 2024/1689) pour la mener (art. 26, "
                    "paragraphe 9).",
                    "The deployer relies on the provider's instructions for use (Art. 13 of "
                    "Regulation (EU) 2024/1689) to carry it out (Art. 26(9)).",
                ),
            ],
            basis=tr(
                lang, f"Art. 35, paragraphes 1 et 3, du {GDPR}", f"Art. 35(1) and (3) of {GDPR}"
            ),
        ),
        section(
            tr(lang, "a) Description systématique du traitement", "(a) Systematic description"),
            facts=[q(i) for i in (111, 112, 113, 121, 122, 123)],
            basis=legal35,
        ),
        section(
            tr(lang, "b) Nécessité et proportionnalité", "(b) Necessity and proportionality"),
            facts=[q(i) for i in (211, 212, 213, 214, 215, 221, 222, 223, 224, 225, 226, 227)],
            basis=legal35,
        ),
        section(
            tr(lang, "c) Risques pour les droits et libertés", "(c) Risks to rights and freedoms"),
            paragraphs=[
                tr(
                    lang,
                    "Constats de l'analyse de l'offre touchant aux données personnelles "
                    "(transferts, accès extraterritorial, lecteurs en clair, "
                    "sous-traitants) :",
                    "Findings of the offer's analysis about personal data (transfers, "
                    "extraterritorial access, readers in clear, sub-processors):",
                )
                if content.findings
                else tr(
                    lang,
                    "L'analyse de l'offre ne relève aucun constat majeur sur les données "
                    "personnelles ; les trois risques de la méthode CNIL restent à évaluer.",
                    "The offer's analysis raises no major finding about personal data; the "
                    "three risks of the CNIL method remain to be rated.",
                )
            ],
            cols=(
                tr(lang, "Constat", "Finding"),
                tr(lang, "Pourquoi", "Why"),
                tr(lang, "Clauses", "Clauses"),
            ),
            rows=content.findings,
            basis=legal35,
        ),
    ]
    for key in RISKS:
        risk = content.risks[key]
        fr, en = RISK_TITLES[key]
        sections.append(
            section(
                tr(lang, fr, en),
                level=2,
                facts=[
                    (
                        tr(lang, "Impacts sur les personnes", "Impacts on persons"),
                        joined(risk.impacts, lang),
                    ),
                    (tr(lang, "Menaces", "Threats"), joined(risk.threats, lang)),
                    (tr(lang, "Sources de risque", "Risk sources"), joined(risk.sources, lang)),
                    (tr(lang, "Mesures", "Measures"), joined(risk.measures, lang)),
                    (tr(lang, "Gravité", "Severity"), or_todo(None, lang)),
                    (tr(lang, "Vraisemblance", "Likelihood"), or_todo(None, lang)),
                ],
            )
        )
    sections.append(
        section(
            tr(lang, "d) Mesures prévues", "(d) Measures envisaged"),
            cols=(tr(lang, "Mesure", "Measure"), tr(lang, "Contenu", "Content"), ""),
            rows=[(a, b, "") for a, b in content.measures],
            basis=legal35,
        )
    )
    sections.append(
        section(
            tr(lang, "Validation", "Validation"),
            todo=content.todo,
            basis=tr(
                lang, f"Art. 35, paragraphes 2 et 9, du {GDPR}", f"Art. 35(2) and (9) of {GDPR}"
            ),
        )
    )
    return document(
        view,
        lang,
        title=tr(
            lang,
            "Analyse d'impact relative à la protection des données (AIPD)",
            "Data protection impact assessment (AIPD)",
        ),
        subtitle=tr(
            lang,
            f"Offre : {view.vendor_name} — pré-remplie pour le DPO",
            f"Offer: {view.vendor_name} — pre-filled for the DPO",
        ),
        sections=sections,
    )
