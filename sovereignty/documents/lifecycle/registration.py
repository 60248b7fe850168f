"""The public deployer's registration sheet: what the EU database (Art. 71) asks a deployer that
is a public authority before it uses an Annex III high-risk system (Art. 26(8), Art. 49(3)),
field by field as listed in Annex VIII, section C: for each, what is asked and why, who provides
it, and what the tender already says."""

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


def _field(
    lang: Lang, heading: tuple[str, str], asks: tuple[str, str], who: tuple[str, str], value: str
) -> dict[str, Any]:
    return section(
        tr(lang, *heading),
        level=2,
        paragraphs=[tr(lang, *asks), tr(lang, *who)],
        facts=[(tr(lang, "Valeur à saisir", "Value to enter"), value)],
    )


def registration_context(view: OfferView, lang: Lang) -> dict[str, Any]:
    t = view.text
    start = obligation_date(view, "H-ART26-8")
    due = duty_due(view.entry, start, True) if view.entry else start
    s = view.settings
    establishments = ", ".join(e.name for e in s.establishments) or s.buyer
    provider_id = t("aiact.eu_database_id")
    todo = tr(lang, "☐ à compléter", "☐ to complete")
    sections = [
        section(
            tr(lang, "L'obligation", "The duty"),
            paragraphs=[
                tr(
                    lang,
                    "Un déployeur qui est une autorité publique s'enregistre dans la base de "
                    "données de l'UE, y sélectionne le système d'IA à haut risque et enregistre "
                    "l'utilisation qu'il en fait, avant de le mettre en service ou de l'utiliser. "
                    "Un établissement public de santé est traité ici comme une autorité publique, "
                    "ce qui est la lecture prudente du texte.",
                    "A deployer that is a public authority registers itself in the EU database, "
                    "selects the high-risk AI system there and registers its use of it, before "
                    "putting it into service or using it. A public hospital is treated here as a "
                    "public authority, the prudent reading of the text.",
                ),
                tr(
                    lang,
                    "Un système qui ne figure pas dans la base ne doit pas être utilisé : "
                    "l'établissement en informe alors le fournisseur ou le distributeur. Les "
                    "systèmes de l'annexe III, point 2 (infrastructures critiques) sont "
                    "enregistrés au niveau national et non dans cette base.",
                    "A system missing from the database must not be used: the establishment then "
                    "tells the provider or the distributor. Annex III point 2 systems (critical "
                    "infrastructure) are registered nationally, not in this database.",
                ),
                tr(
                    lang,
                    "Chaque établissement qui utilise le système est un déployeur "
                    f"({establishments}) ; "
                    "une même personne peut saisir les informations pour le compte de chacun. "
                    "L'enregistrement fait, sa date et sa référence se consignent au registre "
                    "(`sovereignty register done ENTRÉE eu-registration`).",
                    f"Each establishment that uses the system is a deployer ({establishments}); "
                    "one person may enter the information on behalf of each. Once registered, "
                    "record the date and reference in the register "
                    "(`sovereignty register done ENTRY eu-registration`).",
                ),
            ],
            facts=[
                (tr(lang, "À faire au plus tard le", "Due by"), fmt_date(due, lang)),
                (tr(lang, "Système", "System"), s.name),
                (tr(lang, "Fournisseur", "Provider"), view.vendor_name),
                (
                    tr(lang, "Enregistré par le fournisseur", "Registered by the provider"),
                    or_todo(t("aiact.eu_database"), lang),
                ),
            ],
            basis=tr(
                lang,
                f"Art. 26, paragraphe 8, art. 49, paragraphes 3 et 5, et art. 71 du {AIA}",
                f"Art. 26(8), Art. 49(3) and (5) and Art. 71 of {AIA_EN}",
            ),
        ),
        section(
            tr(
                lang,
                "Informations demandées (annexe VIII, section C)",
                "Information asked (Annex VIII, section C)",
            ),
            paragraphs=[
                tr(
                    lang,
                    "La base demande cinq informations au déployeur ; chacune est reprise "
                    "ci-dessous avec ce qu'elle couvre, qui la fournit et ce que le dossier de "
                    "consultation en dit déjà.",
                    "The database asks the deployer for five pieces of information; each is set "
                    "out below with what it covers, who provides it and what the tender folder "
                    "already says.",
                )
            ],
            basis=tr(
                lang, f"Annexe VIII, section C, du {AIA}", f"Annex VIII, section C, of {AIA_EN}"
            ),
        ),
        _field(
            lang,
            ("1. Le déployeur", "1. The deployer"),
            (
                "Le nom, l'adresse et les coordonnées de l'établissement qui utilise le système : "
                "c'est lui que l'autorité de surveillance du marché contacte.",
                "The name, address and contact details of the establishment using the system: "
                "the market surveillance authority contacts it.",
            ),
            (
                "Fournis par la direction de l'établissement (ou du GHT pour chaque membre).",
                "Provided by the establishment's management (or the GHT's, for each member).",
            ),
            f"{s.buyer}" + (f" ({s.ght})" if s.ght else "") + " — " + todo,
        ),
        _field(
            lang,
            ("2. La personne qui enregistre", "2. The person submitting"),
            (
                "Le nom, l'adresse et les coordonnées de la personne qui saisit les informations "
                "pour le compte du déployeur, quand ce n'est pas le déployeur lui-même.",
                "The name, address and contact details of the person entering the information "
                "on the deployer's behalf, when it is not the deployer itself.",
            ),
            (
                "Souvent le référent IA, le DPO ou la direction du numérique du GHT.",
                "Often the AI lead, the DPO or the GHT's digital department.",
            ),
            todo,
        ),
        _field(
            lang,
            ("3. L'enregistrement du système par son fournisseur", "3. The provider's entry"),
            (
                "L'adresse (URL) de la fiche que le fournisseur a créée pour ce système dans la "
                "même base : le déployeur y rattache son utilisation.",
                "The address (URL) of the entry the provider created for this system in the same "
                "database: the deployer attaches its use to it.",
            ),
            (
                "Donnée par le fournisseur ; le contrat peut l'exiger avant la mise en service.",
                "Given by the provider; the contract may require it before go-live.",
            ),
            tr(
                lang,
                f"identifiant déclaré : {provider_id} — ☐ URL",
                f"declared id: {provider_id} — ☐ URL",
            )
            if provider_id
            else todo,
        ),
        _field(
            lang,
            ("4. Le résumé de l'AIDF", "4. The AIDF summary"),
            (
                "Un résumé des conclusions de l'analyse d'impact sur les droits fondamentaux "
                "(art. 27) : risques retenus, mesures, contrôle humain.",
                "A summary of the findings of the fundamental rights impact assessment "
                "(Art. 27): the risks found, the measures, the human oversight.",
            ),
            (
                "Rédigé une fois l'AIDF validée (`sovereignty aidf` la pré-remplit).",
                "Written once the AIDF is approved (`sovereignty aidf` pre-fills it).",
            ),
            todo,
        ),
        _field(
            lang,
            ("5. Le résumé de l'AIPD", "5. The AIPD summary"),
            (
                "Un résumé de l'analyse d'impact relative à la protection des données (art. 35 "
                "du RGPD), le cas échéant.",
                "A summary of the data protection impact assessment (GDPR Art. 35), where one "
                "was carried out.",
            ),
            (
                "Rédigé avec le DPO une fois l'AIPD validée (`sovereignty aipd` la pré-remplit).",
                "Written with the DPO once the AIPD is approved (`sovereignty aipd` pre-fills it).",
            ),
            todo,
        ),
        section(
            tr(lang, "Mises à jour", "Updates"),
            paragraphs=[
                tr(
                    lang,
                    "Les informations se tiennent à jour : une AIDF ou une AIPD revue après un "
                    "changement du système (signalé au registre par `sovereignty register "
                    "change`) conduit à mettre à jour leurs résumés dans la base.",
                    "The information is kept up to date: an AIDF or AIPD reviewed after a change "
                    "of the system (flagged in the register by `sovereignty register change`) "
                    "leads to updating their summaries in the database.",
                )
            ],
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
