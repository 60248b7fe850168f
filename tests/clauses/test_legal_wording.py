"""The shipped clauses say what the law says: each correction a procurement lawyer asked for is
checked on the clause's text, in French and English, so a later edit that reverts it fails."""

from __future__ import annotations

import re

import pytest

from sovereignty.clauses.loader import ClauseLibrary, load_library
from sovereignty.clauses.model import Clause
from sovereignty.findings.rules import load_rules
from sovereignty.questionnaire.loader import QuestionBank


@pytest.fixture(scope="module")
def library(shipped_bank: QuestionBank) -> ClauseLibrary:
    return load_library(shipped_bank)


def texts(clause: Clause, lang: str, variant: str | None = None) -> str:
    chosen = [v for v in clause.all_variants if variant is None or v.id == variant]
    assert chosen, f"{clause.id} has no variant {variant}"
    return " ".join(v.text.fr if lang == "fr" else v.text.en for v in chosen)


def test_no_clause_quotes_a_vendor_s_statement(library: ClauseLibrary) -> None:
    """A published contract states obligations; the offer fills blanks, never 'it declared'."""
    for clause in library.clauses.values():
        fr, en = texts(clause, "fr"), texts(clause, "en")
        for said in ("Situation déclarée", "déclarés :", "a déclaré", "avait proposé"):
            assert said not in fr, (clause.id, said)
        for said in ("Declared situation", "declared formats", "has declared", "had offered"):
            assert said not in en, (clause.id, said)
        assert "{aiact.regimes}" not in fr + en, clause.id


def test_rev_01_follows_the_data_act_switching_periods_and_charges(
    library: ClauseLibrary,
) -> None:
    clause = library.clauses["REV-01"]
    fr, en = texts(clause, "fr"), texts(clause, "en")
    # transition: at most 30 days (25(2)(a)); provider's alternative up to seven months (25(4));
    # the customer extends once (25(5))
    assert "dure au plus {params.transition_days} jours" in fr
    assert "lasts at most {params.transition_days} days" in en
    assert "au moins {params.transition_days}" not in fr
    assert "ne peut excéder sept mois (article 25(4))" in fr and "seven months" in en
    assert "prolonger une fois" in fr and "extend the transition period once" in en
    assert library.parameters["transition_days"] <= 30
    # charges: capped at direct costs before 12 January 2027, none after, priced in the schedule
    assert "avant le 12 janvier 2027 ne peuvent excéder les coûts directement liés" in fr
    assert "à compter du 12 janvier 2027, aucun frais de changement de fournisseur n'est dû" in fr
    assert "« Sortie et réversibilité » du bordereau des prix" in fr
    assert "sans frais" not in fr and "free of charge" not in en
    assert {"DA art. 25(4)", "DA art. 25(5)", "DA art. 29", "CCAG-TIC art. 42"} <= set(clause.legal)


def test_exit_01_never_terminates_on_the_mere_opening_of_insolvency_proceedings(
    library: ClauseLibrary,
) -> None:
    clause = library.clauses["EXIT-01"]
    fr, en = texts(clause, "fr"), texts(clause, "en")
    assert "n'entraîne pas, par elle-même, la résiliation du marché" in fr
    assert "does not by itself terminate the contract" in en
    assert "si le liquidateur ne le poursuit pas (article L641-11-1" in fr
    # no sentence grants termination because proceedings opened
    for sentence in re.split(r"(?<=[.;])\s", fr):
        if "procédure" in sentence and "résilier" in sentence:
            raise AssertionError(sentence)
    assert {"CCOM art. L622-13", "CCOM art. L631-14", "CCOM art. L641-11-1"} <= set(clause.legal)
    assert "CCAG-TIC chapter 8" in clause.legal  # termination, by its chapter


def test_transfer_01_is_about_countries_outside_the_eea(library: ClauseLibrary) -> None:
    clause = library.clauses["TRANSFER-01"]
    fr, en = texts(clause, "fr"), texts(clause, "en")
    assert "hors de l'EEE" in fr and "outside the EEA" in en
    assert "hors de l'Union" not in fr and "outside the European Union" not in en
    assert "Espace économique européen" in clause.title.fr


def test_aia_01_high_risk_binds_the_amended_dates_with_a_remedy(library: ClauseLibrary) -> None:
    clause = library.clauses["AIA-01"]
    fr, en = texts(clause, "fr", "high_risk"), texts(clause, "en", "high_risk")
    assert "2 décembre 2027 s'il relève de l'annexe III" in fr
    assert "2 août 2028 s'il relève de l'annexe I" in fr
    assert "2 December 2027" in en and "2 August 2028" in en
    assert "article 111(2)" in fr and "Article 111(2)" in en  # even a legacy system complies
    assert "résilier le marché aux torts du Titulaire" in fr and "suspendre son usage" in fr
    for not_high_risk in ("transparence de l'article 50", "usage général", "GPAI"):
        assert not_high_risk not in fr
    assert "transparency" not in {v.id for v in clause.all_variants}


def test_the_article_50_2_marking_duty_is_its_own_clause_and_finding_aia_08_maps_to_it(
    library: ClauseLibrary, shipped_bank: QuestionBank
) -> None:
    clause = library.clauses["AIA-03"]
    fr, en = texts(clause, "fr"), texts(clause, "en")
    assert "article 50(2)" in fr and "à compter du 2 août 2026" in fr
    assert "au plus tard le 2 décembre 2026 (article 111(4)" in fr
    assert "2 December 2026" in en
    rules = {r.id: r for r in load_rules(shipped_bank).rules}
    assert rules["AIA-08"].clauses == ("AIA-03",)


def test_aia_02_cites_article_53_for_the_training_summary_and_copyright_policy(
    library: ClauseLibrary,
) -> None:
    clause = library.clauses["AIA-02"]
    fr = texts(clause, "fr")
    assert (
        "utilisé pour l'entraînement que le fournisseur du modèle rend public (article 53(1)(d))"
        in fr
    )
    assert "droit d'auteur (article 53(1)(c))" in fr
    # Annex XII is the downstream information, not the summary or the copyright policy
    annex_xii = fr[fr.index("annexe XII") : fr.index("annexe XII") + 160]
    assert "droit d'auteur" not in annex_xii and "résumé" not in annex_xii
    assert {"AIA art. 53(1)(c)", "AIA art. 53(1)(d)"} <= set(clause.legal)


def test_sec_01_names_the_hospital_an_essential_entity_under_nis2(library: ClauseLibrary) -> None:
    clause = library.clauses["SEC-01"]
    assert "entité essentielle au sens de la directive (UE) 2022/2555" in texts(clause, "fr")
    assert "essential entity within the meaning of Directive (EU) 2022/2555" in texts(clause, "en")


def test_sub_01_lets_the_controller_object_freely_and_applies_procurement_subcontracting(
    library: ClauseLibrary,
) -> None:
    clause = library.clauses["SUB-01"]
    for variant in ("strengthened", "standard"):
        fr, en = texts(clause, "fr", variant), texts(clause, "en", variant)
        assert "motif légitime" not in fr and "legitimate grounds" not in en
        assert "sans avoir à motiver" in fr and "without giving reasons" in en
        assert "articles L2193-1 et suivants du code de la commande publique" in fr
        assert "conditions de paiement" in fr and "paiement direct" in fr


def test_valid_01_measures_within_the_intended_purpose_in_ccag_tic_words(
    library: ClauseLibrary,
) -> None:
    fr = texts(library.clauses["VALID-01"], "fr")
    assert "ne sont mesurées que dans le cadre de sa destination" in fr
    for word in (
        "vérification d'aptitude",
        "vérification de service régulier",
        "l'admission",
        "l'ajournement",
        "la réfaction",
        "le rejet",
    ):
        assert word in fr, word
    assert "seuils d'acceptation" in fr and "CCTP" in fr


def test_host_01_makes_secnumcloud_mandatory_without_a_vague_alternative(
    library: ClauseLibrary,
) -> None:
    clause = library.clauses["HOST-01"]
    fr, en = texts(clause, "fr", "strengthened"), texts(clause, "en", "strengthened")
    assert "qualifiée SecNumCloud par l'ANSSI" in fr
    assert "Aucune autre mesure ne remplace cette qualification" in fr
    assert "No other measure replaces this qualification" in en
    assert "garanties équivalentes" not in fr and "equivalent guarantees" not in en


def test_crypto_01_keeps_keys_in_an_eea_hsm_under_the_hospital_and_bounds_decryption(
    library: ClauseLibrary,
) -> None:
    fr = texts(library.clauses["CRYPTO-01"], "fr", "strengthened")
    assert "module matériel de sécurité (HSM) externe au service du Titulaire" in fr
    assert "situé dans l'EEE et placé sous le contrôle exclusif de l'Établissement" in fr
    assert "périmètre du déchiffrement en mémoire" in fr
    assert "Situation déclarée" not in fr


def test_datause_01_uses_the_ccag_tic_results_regime_and_a_licence_not_property(
    library: ClauseLibrary,
) -> None:
    clause = library.clauses["DATAUSE-01"]
    fr, en = texts(clause, "fr"), texts(clause, "en")
    assert "propriété" not in fr and "property" not in en
    assert "relèvent du chapitre 7 du CCAG-TIC" in fr and "licence non exclusive" in fr
    assert "n'acquiert aucun droit sur les Données de l'Établissement" in fr


def test_gdpr_01_comes_with_its_article_28_3_schedule(library: ClauseLibrary) -> None:
    clause = library.clauses["GDPR-01"]
    assert clause.schedule is not None
    rows = [r.label.fr for r in clause.schedule.rows]
    for item in (
        "Objet",
        "Durée",
        "Nature des opérations",
        "Finalité",
        "Types de données personnelles",
        "Catégories de personnes concernées",
    ):
        assert item in rows
    fr = texts(clause, "fr")
    for point in "abcdefgh":  # the processor's duties (a) to (h)
        assert f"({point}) " in fr


def test_every_penalty_has_an_amount_and_the_penalties_article_a_cap(
    library: ClauseLibrary,
) -> None:
    with_penalty = [c for c in library.clauses.values() if c.penalty is not None]
    assert len(with_penalty) >= 10
    for clause in with_penalty:
        assert clause.penalty is not None
        assert "{params." in clause.penalty.amount.fr and "€ HT" in clause.penalty.amount.fr
    pen = library.clauses["PEN-01"]
    assert pen.lists == "penalties" and "{params.penalty_cap_percent} %" in texts(pen, "fr")
    derog = library.clauses["DEROG-01"]
    assert derog.lists == "derogations"
    last = max(library.clauses.values(), key=lambda c: (library.chapters[c.chapter].order, c.order))
    assert last.id == "DEROG-01"  # the CCAP's last article lists the derogations


def test_the_review_clause_is_clear_precise_and_unequivocal(library: ClauseLibrary) -> None:
    fr = texts(library.clauses["REVIEW-01"], "fr")
    assert "article R2194-1 du code de la commande publique" in fr
    assert "nature globale du marché" in fr  # its limit
    assert all(f"({x}) " in fr for x in "abcde")  # the cases, listed
    assert "avenant" in fr and "trente jours" in fr  # how it is used
