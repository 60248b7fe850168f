"""The AIDF (AI Act Art. 27 fundamental rights impact assessment) pre-filled, where Art. 27
applies: a public-law deployer of an Annex III high-risk system (except point 2).

Sections follow Art. 27(1)(a) to (f); the Art. 27(3) notification to the market surveillance
authority closes the document with its due date (also a due date of the register entry).
"""

from __future__ import annotations

from typing import Any

from sovereignty.core.model import Lang
from sovereignty.documents.lifecycle.common import (
    AIA_EN,
    OfferView,
    applies,
    document,
    fmt_date,
    joined,
    obligation_date,
    or_todo,
    section,
    tr,
)
from sovereignty.register.deadlines import duty_due

AIA = "règlement (UE) 2024/1689"
RIGHTS_AREAS = ("AIA", "FRIA", "OVERSIGHT", "VALID", "PURPOSE", "STAFF", "INCIDENT", "TRAIN")


def aidf_applies(view: OfferView) -> bool:
    return applies(view, "H-ART27")


def _basis(letter: str, lang: Lang) -> str:
    return tr(
        lang,
        f"Art. 27, paragraphe 1, point {letter}), du {AIA}",
        f"Art. 27(1)({letter}) of {AIA_EN}",
    )


def aidf_context(view: OfferView, lang: Lang) -> dict[str, Any]:
    t = view.text
    start = obligation_date(view, "H-ART27")
    due = duty_due(view.entry, start, True) if view.entry else start
    points = [p for r in view.classification.regimes if r.status == "applies" for p in r.points]
    volume = t("need.volume")
    contract = view.entry.contract if view.entry else None
    period = (
        tr(
            lang,
            f"Contrat de {contract.months} mois à compter du {fmt_date(contract.start, lang)}, "
            + (
                f"{contract.renewals} reconduction possible"
                if contract.renewals <= 1
                else f"{contract.renewals} reconductions possibles"
            ),
            f"Contract of {contract.months} months from {fmt_date(contract.start, lang)}, "
            + f"{contract.renewals} renewal{'s' if contract.renewals != 1 else ''} allowed",
        )
        if contract and contract.months
        else tr(lang, "☐ durée du contrat à reporter", "☐ contract duration to report")
    )
    findings = [
        f for f in view.findings if f.id.split("-")[0] in RIGHTS_AREAS and f.severity != "info"
    ]
    sections = [
        section(
            tr(lang, "Pourquoi une AIDF", "Why an AIDF"),
            paragraphs=[
                tr(
                    lang,
                    "Système d'IA à haut risque de l'annexe III (points : "
                    f"{', '.join(points) or '—'}) "
                    "déployé par un organisme de droit public : l'analyse est due avant la "
                    "première "
                    f"utilisation, et au plus tôt à partir du {fmt_date(start, lang)}, date "
                    "d'application de l'article 27.",
                    f"High-risk AI system of Annex III (points: {', '.join(points) or '—'}) "
                    "deployed by "
                    "a body governed by public law: the assessment is due before first use, and "
                    "at the "
                    f"earliest from {fmt_date(start, lang)}, when Article 27 applies.",
                ),
                tr(
                    lang,
                    "Elle peut reprendre les parties utiles de l'AIPD (art. 27, paragraphe 4) et "
                    "se met à jour quand un élément change (paragraphe 2).",
                    "It may reuse the relevant parts of the AIPD (Art. 27(4)) and is updated when "
                    "an "
                    "element changes (paragraph 2).",
                ),
            ],
            basis=tr(
                lang,
                f"Art. 27, paragraphes 1, 2 et 4, du {AIA}",
                f"Art. 27(1), (2) and (4) of {AIA_EN}",
            ),
        ),
        section(
            tr(
                lang,
                "a) Processus de l'établissement utilisant le système",
                "(a) The deployer's processes using the system",
            ),
            facts=[
                (
                    tr(lang, "Usage prévu", "Planned use"),
                    or_todo(t("purpose.hospital_intended"), lang),
                ),
                (
                    tr(lang, "Destination (notice du fournisseur)", "Intended purpose (provider)"),
                    or_todo(t("purpose.vendor_intended"), lang),
                ),
                (
                    tr(lang, "Décisions éclairées", "Decisions informed"),
                    or_todo(t("purpose.decisions"), lang),
                ),
                (
                    tr(lang, "Degré d'automatisation", "Automation"),
                    or_todo(t("purpose.automation"), lang),
                ),
                (tr(lang, "Utilisateurs", "Users"), or_todo(t("need.users"), lang)),
                (
                    tr(lang, "Établissements", "Establishments"),
                    ", ".join(e.name for e in view.settings.establishments) or view.settings.buyer,
                ),
            ],
            basis=_basis("a", lang),
        ),
        section(
            tr(lang, "b) Période et fréquence d'utilisation", "(b) Period and frequency of use"),
            facts=[
                (tr(lang, "Période", "Period"), period),
                (
                    tr(lang, "Volume d'utilisation", "Volume of use"),
                    or_todo(volume, lang),
                ),
                (tr(lang, "Contexte", "Context"), or_todo(t("need.problem"), lang)),
            ],
            basis=_basis("b", lang),
        ),
        section(
            tr(lang, "c) Personnes et groupes concernés", "(c) Persons and groups affected"),
            facts=[
                (tr(lang, "Patients", "Patients"), or_todo(t("purpose.patients"), lang)),
                (
                    tr(lang, "Agents (effets sur le travail)", "Staff (effects on work)"),
                    or_todo(t("purpose.staff_effects"), lang),
                ),
            ],
            todo=[
                tr(
                    lang,
                    "Identifier les groupes vulnérables (âge, handicap, langue...)",
                    "Identify vulnerable groups (age, disability, language...)",
                )
            ],
            basis=_basis("c", lang),
        ),
        section(
            tr(lang, "d) Risques spécifiques de préjudice", "(d) Specific risks of harm"),
            paragraphs=[
                tr(
                    lang,
                    "D'après la notice du fournisseur (art. 13) et ses réponses :",
                    "From the provider's instructions for use (Art. 13) and its answers:",
                ),
            ],
            facts=[
                (
                    tr(lang, "Données d'entraînement", "Training data"),
                    or_todo(t("validation.training_data"), lang),
                ),
                (
                    tr(lang, "Sous-groupes couverts", "Subgroups covered"),
                    or_todo(t("validation.subgroups_covered"), lang),
                ),
                (
                    tr(lang, "Performance par sous-groupe", "Performance per subgroup"),
                    or_todo(t("validation.subgroup_performance"), lang),
                ),
                (
                    tr(lang, "Critères d'acceptation locaux", "Local acceptance criteria"),
                    or_todo(t("validation.acceptance_criteria"), lang),
                ),
                (
                    tr(lang, "Risques", "Risks"),
                    tr(
                        lang,
                        "santé (un résultat erroné qui retarde ou oriente mal une prise en "
                        "charge) ; non-discrimination (performance moindre sur un sous-groupe) ; "
                        "protection des données ; biais d'automatisation de l'utilisateur",
                        "health (a wrong output that delays or misdirects care); "
                        "non-discrimination (lower performance on a subgroup); data protection; "
                        "the user's automation bias",
                    ),
                ),
            ],
            cols=(
                tr(lang, "Constat", "Finding"),
                tr(lang, "Pourquoi", "Why"),
                tr(lang, "Clauses", "Clauses"),
            ),
            rows=[
                (f"{f.id} — {f.title(lang)}", f.explanation(lang), ", ".join(f.clauses) or "—")
                for f in findings
            ],
            basis=_basis("d", lang),
        ),
        section(
            tr(lang, "e) Mesures de contrôle humain", "(e) Human oversight measures"),
            facts=[
                (
                    tr(lang, "Personnes chargées du contrôle", "Persons in charge of oversight"),
                    or_todo(t("oversight.persons"), lang),
                ),
                (
                    tr(lang, "Écarter ou corriger un résultat", "Overriding an output"),
                    or_todo(t("oversight.override"), lang),
                ),
                (tr(lang, "Arrêt", "Stop"), or_todo(t("oversight.stop"), lang)),
                (
                    tr(lang, "Traçabilité des décisions", "Decision traceability"),
                    or_todo(t("oversight.decision_traceability"), lang),
                ),
                (
                    tr(lang, "Formation au biais d'automatisation", "Automation-bias training"),
                    or_todo(t("oversight.automation_bias_training"), lang),
                ),
            ],
            basis=tr(
                lang,
                f"Art. 27, paragraphe 1, point e), et art. 14 et 26, paragraphe 2, du {AIA}",
                f"Art. 27(1)(e), Art. 14 and Art. 26(2) of {AIA_EN}",
            ),
        ),
        section(
            tr(
                lang,
                "f) Mesures si les risques se réalisent",
                "(f) Measures if the risks materialise",
            ),
            facts=[
                (
                    tr(lang, "Algorithmovigilance", "Algorithm monitoring"),
                    or_todo(t("oversight.algorithmovigilance"), lang),
                ),
                (
                    tr(lang, "Procédure de désaccord", "Disagreement procedure"),
                    or_todo(t("oversight.disagreement_procedure"), lang),
                ),
                (
                    tr(lang, "Signalement des incidents", "Incident reporting"),
                    or_todo(t("oversight.incident_reporting"), lang),
                ),
                (
                    tr(lang, "Gouvernance interne", "Internal governance"),
                    joined([t("need.sponsor") or "", t("need.clinical_lead") or ""], lang)
                    or or_todo(None, lang),
                ),
                (
                    tr(lang, "Réclamations", "Complaints"),
                    tr(
                        lang,
                        "réclamations des patients par la commission des usagers de "
                        "l'établissement ; "
                        "droit à l'explication (art. 86 du règlement (UE) 2024/1689)",
                        "patients' complaints through the establishment's users' committee; right "
                        "to "
                        "an explanation (Art. 86 of Regulation (EU) 2024/1689)",
                    ),
                ),
            ],
            basis=_basis("f", lang),
        ),
        section(
            tr(
                lang,
                "Notification à l'autorité de surveillance du marché",
                "Notification to the market surveillance authority",
            ),
            facts=[
                (tr(lang, "À notifier au plus tard le", "To notify by"), fmt_date(due, lang)),
                (
                    tr(lang, "Modèle", "Template"),
                    tr(
                        lang,
                        "modèle du Bureau de l'IA (art. 27, paragraphe 5)",
                        "the AI Office's template (Art. 27(5))",
                    ),
                ),
            ],
            todo=[
                tr(
                    lang,
                    "Valider l'analyse et la notifier ; consigner la date dans le registre "
                    "(`sovereignty register done ENTRÉE aidf-notification`)",
                    "Approve the assessment and notify it; record the date in the register "
                    "(`sovereignty register done ENTRY aidf-notification`)",
                )
            ],
            basis=tr(lang, f"Art. 27, paragraphe 3, du {AIA}", f"Art. 27(3) of {AIA_EN}"),
        ),
    ]
    return document(
        view,
        lang,
        title=tr(
            lang,
            "Analyse d'impact sur les droits fondamentaux (AIDF)",
            "Fundamental rights impact assessment (AIDF)",
        ),
        subtitle=tr(
            lang,
            f"Offre : {view.vendor_name} — pré-remplie",
            f"Offer: {view.vendor_name} — pre-filled",
        ),
        sections=sections,
    )
