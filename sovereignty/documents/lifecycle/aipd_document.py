"""The AIPD as a Word document: the Art. 35(7) contents, then the CNIL method's three risks,
the measures and the validation left to the DPO."""

from __future__ import annotations

from typing import Any

from sovereignty.core.model import Lang
from sovereignty.documents.lifecycle.aipd import GDPR, QUESTIONS, RISK_TITLES, RISKS, AipdContent
from sovereignty.documents.lifecycle.common import (
    GDPR_EN,
    OfferView,
    document,
    joined,
    or_todo,
    section,
    tr,
)


def aipd_context(view: OfferView, content: AipdContent, lang: Lang) -> dict[str, Any]:
    def q(qid: int) -> tuple[str, str]:
        fr, en = QUESTIONS[qid]
        return (tr(lang, fr, en), content.answers[qid])

    legal35 = tr(lang, f"Art. 35, paragraphe 7, du {GDPR}", f"Art. 35(7) of {GDPR_EN}")
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
                lang, f"Art. 35, paragraphes 1 et 3, du {GDPR}", f"Art. 35(1) and (3) of {GDPR_EN}"
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
            cols=(
                tr(lang, "Mesure", "Measure"),
                tr(lang, "Contenu", "Content"),
                tr(lang, "Source", "Source"),
            ),
            rows=[(m.title, m.content, m.source) for m in content.measures],
            basis=legal35,
        )
    )
    sections.append(
        section(
            tr(lang, "Validation", "Validation"),
            todo=content.todo,
            basis=tr(
                lang, f"Art. 35, paragraphes 2 et 9, du {GDPR}", f"Art. 35(2) and (9) of {GDPR_EN}"
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
