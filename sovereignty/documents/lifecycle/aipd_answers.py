"""The AIPD's answers to the CNIL method's questions (ids 111 to 227 of the PIA software), from
the offer: its answers, its data-flow graph (categories, recipients, flows, countries) and the
tender (controller, GHT)."""

from __future__ import annotations

from sovereignty.core.french import with_article
from sovereignty.core.model import Lang
from sovereignty.documents.lifecycle.common import GDPR_EN, OfferView, category, joined, purpose, tr

GDPR = "règlement (UE) 2016/679"


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
            f"{cats} ({purpose(flow.purpose, lang)}{crypt})"
            if lang == "fr"
            else f"{view.node_name(flow.source, lang)} → {view.node_name(flow.target, lang)}: "
            f"{cats} ({purpose(flow.purpose, lang)}{crypt})"
        )
    return lines


def cnil_answers(view: OfferView, lang: Lang) -> dict[int, str]:
    """The text answering each question of the method's context and principles."""
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
                tr(lang, f"Système : {s.name}", f"System: {s.name}"),
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
                    f"Gains attendus : {t('need.gains') or '—'}",
                    f"Expected gains: {t('need.gains') or '—'}",
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
                        f", {with_article('pour', s.ght)} (responsabilité conjointe "
                        "éventuelle des établissements parties, à qualifier)",
                        f", for {s.ght} (joint controllership of the member "
                        "establishments to be qualified)",
                    )
                    if s.ght
                    else ""
                ),
                tr(
                    lang,
                    f"Sous-traitant (art. 28 du {GDPR}) : {view.vendor_name}",
                    f"Processor (Art. 28 of {GDPR_EN}): {view.vendor_name}",
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
            f"For the DPO to confirm: task in the public interest (Art. 6(1)(e) of {GDPR_EN}) and "
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
                    f"Journaux : {v('audit.log_retention_months') or '—'} mois (au moins 6, art. "
                    "26, "
                    "paragraphe 6, du règlement (UE) 2024/1689)",
                    f"Logs: {v('audit.log_retention_months') or '—'} months (at least 6, Art. "
                    "26(6) of "
                    "Regulation (EU) 2024/1689)",
                ),
                tr(
                    lang,
                    f"Suppression en fin de contrat sous {v('exit.deletion_days') or '—'} jours, "
                    f"certificat : {t('exit.deletion_certificate') or '—'}",
                    f"Deletion at the end of the contract within {v('exit.deletion_days') or '—'} "
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
            "The establishment's procedure; the processor helps answer (Art. 28(3)(e) of "
            f"{GDPR_EN}).",
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
    return answers
