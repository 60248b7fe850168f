"""The exit plan: what comes back, in which formats, by which steps and dates, who does what, at
what cost, how it is tested before go-live and how deletion is proven.

Built from the answers (reversibility, exit), the data-flow graph (where the data sit and whether
an export path brings them back) and the contract's blanks. The switching steps follow the Data
Act (Regulation (EU) 2023/2854): notice of at most two months (Art. 25(2)(d)), transition of at
most 30 days (Art. 25(2)(a)), one extension at the customer's choice (Art. 25(5)), at most seven
months if the provider justifies that 30 days cannot be met (Art. 25(4)), retrieval of at least
30 days (Art. 25(2)(g)), then full erasure (Art. 25(2)(h)); switching charges are abolished from
12 January 2027 (Art. 29). Dates are counted from the end of the contract when the register knows
it, else relative to the switching day « J ».
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sovereignty.core.model import Lang
from sovereignty.documents.frame import format_date, format_number
from sovereignty.documents.lifecycle.common import (
    DATA_ACT_EN,
    GDPR_EN,
    OfferView,
    category,
    document,
    fmt_date,
    joined,
    or_todo,
    section,
    tr,
)
from sovereignty.register.deadlines import add_months, contract_terms

DATA_ACT = "règlement (UE) 2023/2854"
GDPR = "règlement (UE) 2016/679"
EXIT_CLAUSES = ("REV", "EXIT", "DEL")


def _switch_day(view: OfferView) -> dt.date | None:
    if view.switch_day is not None:
        return view.switch_day
    if view.entry is None:
        return None
    terms = contract_terms(view.entry)
    return terms[-1][1] if terms else None


def _when(day: dt.date | None, relative: str, lang: Lang) -> str:
    return f"{format_date(day, lang)} ({relative})" if day else relative


def _inventory(view: OfferView, lang: Lang) -> list[tuple[str, str, str]]:
    returned = [str(x) for x in view.value("reversibility.returned") or ()]
    formats = view.text("reversibility.formats_detail") or view.text("reversibility.formats") or ""
    stored: dict[str, set[str]] = {}
    hospital = {n.id for n in view.model.nodes if n.hospital} if view.model else set()
    for row in view.flow.get("reach", ()):
        node = str(row.get("node"))
        if row.get("access") == "stored" and node not in hospital:
            stored.setdefault(str(row.get("category")), set()).add(view.node_name(node, lang))
    rows = []
    for item in returned:
        label = view.choice("reversibility.returned", item)
        if item == "data" and stored:
            for cat, places in sorted(stored.items()):
                rows.append(
                    (
                        f"{label} — {category(cat, lang)}",
                        tr(
                            lang,
                            f"détenues par : {', '.join(sorted(places))}",
                            f"held by: {', '.join(sorted(places))}",
                        ),
                        or_todo(formats, lang),
                    )
                )
            continue
        if item in ("parameters", "fine_tuned_models"):
            portable = view.text("reversibility.model_portability") or "—"
            where = tr(
                lang, f"portabilité du modèle : {portable}", f"model portability: {portable}"
            )
        elif item == "logs":
            months = view.value("audit.log_retention_months") or "—"
            where = tr(lang, f"journaux conservés {months} mois", f"logs kept {months} months")
        else:
            where = "—"
        rows.append((label, where, or_todo(formats, lang)))
    return rows


def exit_plan_context(view: OfferView, lang: Lang) -> dict[str, Any]:
    t, v = view.text, view.value
    day = _switch_day(view)
    notice_months = v("exit.notice_months")
    notice = min(int(notice_months), 2) if isinstance(notice_months, int | float) else 2
    transition = v("reversibility.transition_days")
    transition_days = min(int(transition), 30) if isinstance(transition, int | float) else 30
    deletion_days = v("exit.deletion_days")

    def shifted(days: int = 0, months: int = 0) -> dt.date | None:
        if day is None:
            return None
        return add_months(day, months) + dt.timedelta(days=days)

    j = tr(lang, "J", "D")
    steps = [
        (
            tr(lang, "1. Préavis de changement de fournisseur", "1. Notice of switching"),
            _when(shifted(months=-notice), f"{j} − {notice} {tr(lang, 'mois', 'months')}", lang),
            tr(
                lang,
                "L'établissement notifie ; le préavis ne peut dépasser 2 mois (art. 25, § 2, d)).",
                "The establishment gives notice; at most 2 months (Art. 25(2)(d)).",
            ),
        ),
        (
            tr(lang, "2. Période de transition", "2. Transition period"),
            _when(
                shifted(days=transition_days),
                f"{j} → {j} + {transition_days} {tr(lang, 'jours', 'days')}",
                lang,
            ),
            tr(
                lang,
                "Le fournisseur assiste, maintient le service et la sécurité ; 30 jours au plus "
                "(art. 25, § 2, a)).",
                "The vendor assists, keeps the service and security up; 30 days at most "
                "(Art. 25(2)(a)).",
            ),
        ),
        (
            tr(lang, "3. Prolongation éventuelle", "3. Possible extension"),
            tr(
                lang, "une fois, au choix de l'établissement", "once, at the establishment's choice"
            ),
            tr(
                lang,
                "Art. 25, § 5 ; si 30 jours sont techniquement impossibles, le fournisseur le "
                "justifie "
                "et propose au plus 7 mois (art. 25, § 4).",
                "Art. 25(5); if 30 days are technically impossible, the vendor justifies it and "
                "proposes "
                "at most 7 months (Art. 25(4)).",
            ),
        ),
        (
            tr(lang, "4. Récupération des données", "4. Data retrieval"),
            _when(
                shifted(days=transition_days + 30),
                f"{j} + {transition_days + 30} {tr(lang, 'jours', 'days')}",
                lang,
            ),
            tr(
                lang,
                "Au moins 30 jours pour récupérer les données (art. 25, § 2, g)).",
                "At least 30 days to retrieve the data (Art. 25(2)(g)).",
            ),
        ),
        (
            tr(lang, "5. Effacement et preuve", "5. Erasure and proof"),
            _when(
                shifted(days=transition_days + 30 + int(deletion_days or 0)),
                f"{j} + {transition_days + 30 + int(deletion_days or 0)} "
                f"{tr(lang, 'jours', 'days')}",
                lang,
            ),
            tr(
                lang,
                f"Effacement complet, certificat de suppression sous {deletion_days or '☐'} jours "
                "couvrant les sous-traitants et les sauvegardes (art. 25, § 2, h)).",
                f"Full erasure, deletion certificate within {deletion_days or '☐'} days covering "
                "sub-processors and backups (Art. 25(2)(h)).",
            ),
        ),
    ]
    who = [
        (
            tr(lang, "Préavis", "Notice"),
            tr(lang, "direction des achats : lettre de notification", "procurement: notice letter"),
            tr(
                lang,
                "accusé de réception, calendrier de transition",
                "acknowledgement, transition schedule",
            ),
        ),
        (
            tr(lang, "Export", "Export"),
            tr(lang, "DSI : reçoit et contrôle les exports", "IT: receives and checks exports"),
            tr(
                lang,
                "exporte tout l'inventaire, dans les formats convenus",
                "exports the whole inventory, in the agreed formats",
            ),
        ),
        (
            tr(lang, "Continuité", "Continuity"),
            tr(
                lang,
                "référent clinique : bascule ou retour à la liste non triée",
                "clinical lead: switch-over or back to the unsorted list",
            ),
            tr(
                lang,
                "maintient le service pendant la transition",
                "keeps the service up during the transition",
            ),
        ),
        (
            tr(lang, "Effacement", "Erasure"),
            tr(lang, "DPO : vérifie le certificat", "DPO: checks the certificate"),
            tr(
                lang,
                "efface, y compris chez ses sous-traitants, et certifie",
                "erases, its sub-processors included, and certifies",
            ),
        ),
    ]
    paths = view.flow.get("reversibility_gaps", ())
    gaps = [
        tr(
            lang,
            f"Pas de chemin d'export depuis {view.node_name(str(g.get('node')), lang)} "
            f"({category(str(g.get('category')), lang)}) : à prévoir au contrat",
            f"No export path from {view.node_name(str(g.get('node')), lang)} "
            f"({category(str(g.get('category')), lang)}): "
            "to provide for in the contract",
        )
        for g in paths
    ]
    exports = [
        f"{view.node_name(f.source, lang)} → {view.node_name(f.target, lang)} "
        f"({', '.join(category(c, lang) for c in f.categories)})"
        for f in (view.model.flows if view.model else ())
        if f.purpose == "export"
    ]
    cost_rows = [
        (
            p.label,
            format_number(p.amount, lang, 2) + " € HT" if p.amount is not None else "—",
            p.source or "",
        )
        for p in view.prices
    ]
    exit_cost = t("reversibility.exit_cost")
    if exit_cost:
        amount = t("reversibility.exit_cost_amount")
        cost_rows.append(
            (
                tr(lang, "Coût de sortie déclaré", "Declared exit cost"),
                exit_cost + (f" ({amount})" if amount else ""),
                "reversibility.exit_cost",
            )
        )
    blanks = [(c, w, "") for c, w in view.blanks if c.split("-")[0] in EXIT_CLAUSES]
    go_live = view.entry.contract.go_live if view.entry else None
    sections = [
        section(
            tr(lang, "Objet et cadre", "Purpose and framework"),
            paragraphs=[
                tr(
                    lang,
                    "Ce plan organise la sortie du contrat : restitution de tout ce qui "
                    "appartient à "
                    "l'établissement, bascule vers un autre fournisseur ou vers ses propres "
                    "moyens, puis "
                    "effacement prouvé. Il se teste avant la mise en service et se tient à jour.",
                    "This plan organises the exit from the contract: return of everything that "
                    "belongs "
                    "to the establishment, switch to another provider or in-house, then proven "
                    "erasure. "
                    "It is tested before go-live and kept up to date.",
                )
            ],
            facts=[
                (
                    tr(lang, "Jour de bascule (J)", "Switching day (D)"),
                    fmt_date(day, lang)
                    if day
                    else tr(
                        lang,
                        "☐ fin du contrat à reporter (register contract)",
                        "☐ contract end to report (register contract)",
                    ),
                ),
                (
                    tr(lang, "Résiliation pour convenance", "Termination for convenience"),
                    or_todo(t("exit.termination_for_convenience"), lang),
                ),
                (
                    tr(lang, "Préavis du contrat (mois)", "Contract notice (months)"),
                    or_todo(t("exit.notice_months"), lang),
                ),
            ],
            basis=tr(
                lang,
                f"Art. 23 à 31 du {DATA_ACT} ; art. 28, paragraphe 3, point g), du {GDPR}",
                f"Art. 23 to 31 of {DATA_ACT_EN}; Art. 28(3)(g) of {GDPR_EN}",
            ),
        ),
        section(
            tr(lang, "Inventaire de ce qui est restitué", "Inventory of what is returned"),
            paragraphs=[
                tr(
                    lang,
                    f"Interopérabilité : {t('reversibility.interoperability') or '—'} ; export "
                    f"en libre-service : {t('reversibility.self_service_export') or '—'}.",
                    f"Interoperability: {t('reversibility.interoperability') or '—'}; self-service "
                    f"export: {t('reversibility.self_service_export') or '—'}.",
                )
            ],
            cols=(
                tr(lang, "Élément", "Item"),
                tr(lang, "Où / conditions", "Where / conditions"),
                tr(lang, "Formats", "Formats"),
            ),
            rows=_inventory(view, lang),
            basis=tr(
                lang,
                f"Art. 25, paragraphe 2, point e), et art. 30, paragraphe 5, du {DATA_ACT}",
                f"Art. 25(2)(e) and Art. 30(5) of {DATA_ACT_EN}",
            ),
        ),
        section(
            tr(lang, "Chemins de sortie des données", "Data exit paths"),
            paragraphs=[
                *(
                    gaps
                    or [
                        tr(
                            lang,
                            "Chaque lieu où l'offre conserve des données a un chemin d'export "
                            "déclaré vers l'établissement.",
                            "Every place where the offer keeps data has a declared export path to "
                            "the establishment.",
                        )
                    ]
                ),
                *[tr(lang, f"Export déclaré : {e}", f"Declared export: {e}") for e in exports],
            ],
        ),
        section(
            tr(lang, "Étapes et dates du changement de fournisseur", "Switching steps and dates"),
            cols=(tr(lang, "Étape", "Step"), tr(lang, "Date", "Date"), tr(lang, "Règle", "Rule")),
            rows=steps,
            basis=tr(lang, f"Art. 25 du {DATA_ACT}", f"Art. 25 of {DATA_ACT_EN}"),
        ),
        section(
            tr(lang, "Qui fait quoi", "Who does what"),
            cols=(
                tr(lang, "Étape", "Step"),
                tr(lang, "Établissement", "Establishment"),
                tr(lang, "Fournisseur", "Vendor"),
            ),
            rows=who,
            basis=tr(
                lang,
                f"Art. 27 du {DATA_ACT} (coopération de bonne foi)",
                f"Art. 27 of {DATA_ACT_EN} (good faith)",
            ),
        ),
        section(
            tr(lang, "Coûts", "Costs"),
            paragraphs=[
                tr(
                    lang,
                    "À compter du 12 janvier 2027, aucun frais de changement de fournisseur ne "
                    "peut être "
                    "facturé ; avant, seuls des frais réduits aux coûts directs (art. 29).",
                    "From 12 January 2027 no switching charges may be invoiced; before, only "
                    "reduced "
                    "charges at direct cost (Art. 29).",
                )
            ],
            cols=(
                tr(lang, "Poste", "Item"),
                tr(lang, "Montant", "Amount"),
                tr(lang, "Source", "Source"),
            )
            if cost_rows
            else None,
            rows=cost_rows,
            todo=[]
            if view.prices
            else [
                tr(
                    lang,
                    "Reporter les prix de réversibilité et d'assistance du bordereau de prix",
                    "Report the reversibility and assistance prices of the price schedule",
                )
            ],
            basis=tr(lang, f"Art. 29 du {DATA_ACT}", f"Art. 29 of {DATA_ACT_EN}"),
        ),
        section(
            tr(
                lang,
                "Test de réversibilité avant la mise en service",
                "Reversibility test before go-live",
            ),
            facts=[(tr(lang, "À réaliser avant le", "To run before"), fmt_date(go_live, lang))],
            todo=[
                tr(
                    lang,
                    "Exporter un jeu complet (données, résultats, journaux, configuration)",
                    "Export a complete set (data, results, logs, configuration)",
                ),
                tr(
                    lang,
                    "Relire les exports avec un outil tiers dans les formats déclarés",
                    "Re-read the exports with a third-party tool in the declared formats",
                ),
                tr(
                    lang,
                    "Comparer à l'inventaire ci-dessus ; mesurer la durée de l'export",
                    "Compare with the inventory above; time the export",
                ),
                tr(
                    lang,
                    "Tester l'effacement sur un environnement de test, certificat à l'appui",
                    "Test erasure on a test environment, with its certificate",
                ),
                tr(
                    lang,
                    "Consigner le résultat au registre (`register done ENTRÉE reversibility-test`)",
                    "Record the result in the register (`register done ENTRY reversibility-test`)",
                ),
            ],
        ),
        section(
            tr(lang, "Effacement avec preuve", "Erasure with proof"),
            facts=[
                (
                    tr(lang, "Certificat de suppression", "Deletion certificate"),
                    or_todo(t("exit.deletion_certificate"), lang),
                ),
                (
                    tr(lang, "Délai (jours)", "Time limit (days)"),
                    or_todo(t("exit.deletion_days"), lang),
                ),
                (
                    tr(lang, "Restitution avant effacement", "Return before erasure"),
                    or_todo(t("exit.return_before_deletion"), lang),
                ),
                (
                    tr(lang, "Défaillance du fournisseur", "Vendor failure"),
                    joined(
                        [
                            t("exit.vendor_failure") or "",
                            tr(
                                lang,
                                f"séquestre : {t('reversibility.escrow')}",
                                f"escrow: {t('reversibility.escrow')}",
                            )
                            if t("reversibility.escrow")
                            else "",
                        ],
                        lang,
                    )
                    or or_todo(None, lang),
                ),
            ],
            basis=tr(
                lang,
                f"Art. 28, paragraphe 3, point g), du {GDPR} ; art. 25, paragraphe 2, point h), "
                f"du {DATA_ACT}",
                f"Art. 28(3)(g) of {GDPR_EN}; Art. 25(2)(h) of {DATA_ACT_EN}",
            ),
        ),
        section(
            tr(lang, "Blancs du contrat à compléter", "Contract blanks to complete"),
            paragraphs=[]
            if blanks
            else [
                tr(
                    lang,
                    "Les clauses de sortie de l'annexe n'ont pas de blanc.",
                    "The annex's exit clauses have no blank.",
                )
            ],
            cols=(tr(lang, "Clause", "Clause"), tr(lang, "À compléter", "To complete"), "")
            if blanks
            else None,
            rows=blanks,
        ),
    ]
    return document(
        view,
        lang,
        title=tr(lang, "Plan de réversibilité et de sortie", "Exit and reversibility plan"),
        subtitle=tr(lang, f"Offre : {view.vendor_name}", f"Offer: {view.vendor_name}"),
        sections=sections,
    )
