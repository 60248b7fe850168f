"""The public deployer's registration sheet: what the EU database (Art. 71) asks a deployer that
is a public authority before it uses an Annex III high-risk system (Art. 26(8), Art. 49(3)),
field by field as listed in Annex VIII, section C."""

from __future__ import annotations

from typing import Any

from sovereignty.core.model import Lang
from sovereignty.documents.lifecycle.common import (
    AIA_EN,
    OfferView,
    applies,
    document,
    fmt_date,
    obligation_date,
    or_todo,
    section,
    tr,
)
from sovereignty.register.deadlines import duty_due

AIA = "règlement (UE) 2024/1689"


def registration_applies(view: OfferView) -> bool:
    return applies(view, "H-ART26-8")


def registration_context(view: OfferView, lang: Lang) -> dict[str, Any]:
    t = view.text
    start = obligation_date(view, "H-ART26-8")
    due = duty_due(view.entry, start, True) if view.entry else start
    s = view.settings
    fields = [
        (
            tr(
                lang,
                "1. Déployeur : nom, adresse, coordonnées",
                "1. Deployer: name, address, contact details",
            ),
            f"{s.buyer}"
            + (f" ({s.ght})" if s.ght else "")
            + tr(lang, " — ☐ adresse et contact", " — ☐ address and contact"),
        ),
        (
            tr(
                lang,
                "2. Personne qui enregistre pour le déployeur : nom, adresse, coordonnées",
                "2. Person submitting for the deployer: name, address, contact details",
            ),
            or_todo(None, lang),
        ),
        (
            tr(
                lang,
                "3. URL de l'enregistrement du système par son fournisseur",
                "3. URL of the system's entry registered by its provider",
            ),
            tr(
                lang,
                f"identifiant déclaré : {t('aiact.eu_database_id')} — ☐ URL",
                f"declared identifier: {t('aiact.eu_database_id')} — ☐ URL",
            )
            if t("aiact.eu_database_id")
            else or_todo(None, lang),
        ),
        (
            tr(
                lang,
                "4. Résumé des conclusions de l'AIDF (art. 27)",
                "4. Summary of the AIDF findings (Art. 27)",
            ),
            or_todo(None, lang),
        ),
        (
            tr(
                lang,
                "5. Résumé de l'AIPD (art. 35 du règlement (UE) 2016/679)",
                "5. Summary of the AIPD (Art. 35 of Regulation (EU) 2016/679)",
            ),
            or_todo(None, lang),
        ),
    ]
    sections = [
        section(
            tr(lang, "Obligation", "Duty"),
            paragraphs=[
                tr(
                    lang,
                    "Avant de mettre en service ou d'utiliser le système, l'établissement "
                    "s'enregistre, "
                    "sélectionne le système et enregistre son utilisation dans la base de données "
                    "de "
                    "l'UE ; un système qui n'y figure pas ne doit pas être utilisé et le "
                    "fournisseur en "
                    "est informé.",
                    "Before putting the system into service or using it, the establishment "
                    "registers "
                    "itself, selects the system and registers its use in the EU database; a system "
                    "that is not there must not be used and the provider is told.",
                )
            ],
            facts=[
                (tr(lang, "À faire au plus tard le", "Due by"), fmt_date(due, lang)),
                (tr(lang, "Système", "System"), s.name),
                (tr(lang, "Fournisseur", "Provider"), view.vendor_name),
                (
                    tr(lang, "Enregistré par le fournisseur", "Registered by the provider"),
                    or_todo(t("aiact.eu_database"), lang),
                ),
                (
                    tr(lang, "Établissements utilisateurs", "Establishments using it"),
                    ", ".join(e.name for e in s.establishments) or s.buyer,
                ),
            ],
            basis=tr(
                lang,
                f"Art. 26, paragraphe 8, et art. 49, paragraphe 3, du {AIA}",
                f"Art. 26(8) and Art. 49(3) of {AIA_EN}",
            ),
        ),
        section(
            tr(
                lang,
                "Informations demandées (annexe VIII, section C)",
                "Information asked (Annex VIII, section C)",
            ),
            facts=fields,
            basis=tr(
                lang, f"Annexe VIII, section C, du {AIA}", f"Annex VIII, section C, of {AIA_EN}"
            ),
        ),
    ]
    return document(
        view,
        lang,
        title=tr(
            lang,
            "Fiche d'enregistrement du déployeur public",
            "Public deployer's registration sheet",
        ),
        subtitle=tr(lang, f"Offre : {view.vendor_name}", f"Offer: {view.vendor_name}"),
        sections=sections,
    )
