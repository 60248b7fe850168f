"""Choosing an offer's clauses: base clauses, conditions, findings that name a remedy,
undetermined answers, variants, and placeholders filled as plain text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sovereignty.clauses.loader import ClauseLibrary, load_library
from sovereignty.clauses.placeholders import Filler, lower_first
from sovereignty.clauses.select import ClauseFacts, Wording, select_clauses
from sovereignty.core.conditions import UNKNOWN, DictFacts
from sovereignty.core.model import Lang, Text
from sovereignty.findings.model import Finding
from sovereignty.questionnaire.loader import QuestionBank

LIBRARY = """schema: sovereignty/clauses/1
parameters: {notice_days: 30}
chapters:
  - {id: main, order: 1, title: {fr: Principal, en: Main}}
clauses:
  - id: BASE-01
    chapter: main
    order: 1
    title: {fr: "Base", en: "Base"}
    legal: ["GDPR art. 28(3)"]
    text:
      fr: "Toujours, préavis {params.notice_days} jours, {{params.notice_days}}, {{ 7*7 }}, {x}."
      en: "Always."
  - id: SAAS-01
    chapter: main
    order: 2
    title: {fr: "SaaS", en: "SaaS"}
    legal: ["CSP art. L1111-8"]
    when: {op: equals, question: hosting.model, value: vendor_saas}
    variants:
      - id: strengthened
        label: {fr: "renforcée", en: "strengthened"}
        when: {op: equals, question: hosting.hds, value: "no"}
        text:
          fr: "Hébergeur {answers.hosting.provider_name} à certifier."
          en: "x {answers.hosting.provider_name}"
      - id: standard
        text:
          fr: "Hébergeur {answers.hosting.provider_name}."
          en: "x {answers.hosting.provider_name}"
  - id: AI-01
    chapter: main
    order: 3
    title: {fr: "IA", en: "AI"}
    legal: ["AIA art. 16"]
    when: {op: regime, id: high_risk_annex_iii}
    text: {fr: "Haut risque.", en: "High risk."}
"""


@pytest.fixture
def library(tmp_path: Path, shipped_bank: QuestionBank) -> ClauseLibrary:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "lib.yaml").write_text(LIBRARY, encoding="utf-8")
    return load_library(shipped_bank, shipped=folder)


def finding(fid: str, clauses: tuple[str, ...], severity: str = "major") -> Finding:
    return Finding(
        id=fid,
        severity=severity,  # type: ignore[arg-type]
        title=Text(fr=f"Titre {fid}", en=f"Title {fid}"),
        explanation=Text(fr="x", en="x"),
        clauses=clauses,
    )


def choose(
    library: ClauseLibrary,
    answers: dict[str, Any],
    regimes: dict[str, bool | None] | None = None,
    findings: tuple[Finding, ...] = (),
) -> tuple[dict[str, Any], Filler]:
    facts = ClauseFacts(
        answers=DictFacts(answers),
        regime=lambda r: None if regimes is None else regimes.get(r, False),
        findings=findings,
    )

    def answer(qid: str, sentence_start: bool) -> str | None:
        value = answers.get(qid)
        return None if value is None or value is UNKNOWN else str(value)

    filler = Filler({"params.notice_days": "30"}, answer, lambda n: n, "fr")
    selected = select_clauses(library, facts, filler, Wording("fr"))
    return {s.clause.id: s for s in selected}, filler


def test_a_base_clause_is_always_in_the_annex_and_says_so(library: ClauseLibrary) -> None:
    chosen, _ = choose(library, {"hosting.model": "on_premises"}, regimes={})
    assert list(chosen) == ["BASE-01"]
    assert [t.kind for t in chosen["BASE-01"].triggers] == ["base"]
    assert chosen["BASE-01"].paragraphs == (
        "Toujours, préavis 30 jours, {params.notice_days}, {{ 7*7 }}, {x}.",
    )


def test_a_clause_whose_condition_holds_is_included_with_the_answer_behind_it(
    library: ClauseLibrary,
) -> None:
    chosen, _ = choose(
        library,
        {"hosting.model": "vendor_saas", "hosting.hds": "yes", "hosting.provider_name": "Nuage"},
        regimes={},
    )
    saas = chosen["SAAS-01"]
    assert saas.variant.id == "standard"
    assert [(t.kind, t.ref) for t in saas.triggers] == [("answer", "hosting.model")]
    assert "vendor_saas" in saas.triggers[0].detail
    assert saas.paragraphs == ("Hébergeur Nuage.",)


def test_a_clause_whose_condition_fails_is_left_out(library: ClauseLibrary) -> None:
    chosen, _ = choose(library, {"hosting.model": "on_premises"}, regimes={})
    assert "SAAS-01" not in chosen


def test_a_finding_naming_a_clause_brings_it_in_even_when_its_condition_fails(
    library: ClauseLibrary,
) -> None:
    chosen, _ = choose(
        library,
        {"hosting.model": "on_premises"},
        regimes={},
        findings=(finding("HOST-07", ("SAAS-01",), "blocking"),),
    )
    triggers = chosen["SAAS-01"].triggers
    assert [(t.kind, t.ref) for t in triggers] == [("finding", "HOST-07")]
    assert "HOST-07 (Bloquant)" in triggers[0].detail


def test_a_finding_raised_for_two_subjects_is_cited_twice(library: ClauseLibrary) -> None:
    us = finding("FLOW-01", ("SAAS-01",)).model_copy(update={"title": Text(fr="US", en="US")})
    india = finding("FLOW-01", ("SAAS-01",)).model_copy(update={"title": Text(fr="IN", en="IN")})
    chosen, _ = choose(library, {"hosting.model": "on_premises"}, {}, findings=(us, india))
    assert [t.detail for t in chosen["SAAS-01"].triggers] == [
        "constat FLOW-01 (Majeur) : US",
        "constat FLOW-01 (Majeur) : IN",
    ]


def test_an_unknown_answer_includes_the_clause_as_a_precaution_and_picks_the_strong_variant(
    library: ClauseLibrary,
) -> None:
    chosen, _ = choose(library, {"hosting.model": UNKNOWN, "hosting.hds": UNKNOWN}, {})
    saas = chosen["SAAS-01"]
    assert saas.variant.id == "strengthened"
    assert saas.triggers[0].kind == "undetermined"
    assert "Réponse : inconnue" in saas.triggers[0].detail
    assert "précaution" in saas.triggers[0].detail
    assert saas.blanks == ("answers.hosting.provider_name",)
    assert "[à compléter : answers.hosting.provider_name]" in saas.paragraphs[0]


def test_the_strengthened_variant_is_chosen_when_its_condition_holds(
    library: ClauseLibrary,
) -> None:
    answers = {"hosting.model": "vendor_saas", "hosting.hds": "no", "hosting.provider_name": "N"}
    saas = choose(library, answers, regimes={})[0]["SAAS-01"]
    assert saas.variant.id == "strengthened"
    assert [t.ref for t in saas.variant_triggers] == ["hosting.hds"]


@pytest.mark.parametrize(
    ("regimes", "included", "kind"),
    [
        ({"high_risk_annex_iii": True}, True, "regime"),
        ({"high_risk_annex_iii": False}, False, None),
        (None, True, "undetermined"),  # no classification yet: included as a precaution
    ],
)
def test_regime_conditions_follow_the_classification(
    library: ClauseLibrary,
    regimes: dict[str, bool | None] | None,
    included: bool,
    kind: str | None,
) -> None:
    chosen, _ = choose(library, {"hosting.model": "on_premises"}, regimes=regimes)
    assert ("AI-01" in chosen) is included
    if included:
        assert chosen["AI-01"].triggers[0].kind == kind


def test_answer_values_are_inserted_as_text_never_as_placeholders_or_templates(
    library: ClauseLibrary,
) -> None:
    hostile = "{{ 7*7 }} {% for x in y %} {params.notice_days} {tender.name} </w:t><w:p>"
    answers = {
        "hosting.model": "vendor_saas",
        "hosting.hds": "yes",
        "hosting.provider_name": hostile,
    }
    saas = choose(library, answers, regimes={})[0]["SAAS-01"]
    assert saas.paragraphs == (f"Hébergeur {hostile}.",)


@given(st.text(min_size=1).filter(str.strip))
def test_a_value_is_copied_verbatim_whatever_its_characters(value: str) -> None:
    filler = Filler({"vendor.name": value}, lambda q, s: None, lambda n: n, "en")
    assert filler.fill("A {vendor.name} B {{x}}") == f"A {value} B {{{{x}}}}"
    assert filler.blanks == []


@pytest.mark.parametrize(
    "text",
    [
        "a { b",
        "a } b",
        "{Tender.Name}",
        "{}",
        "{x}",
        "{{ 7*7 }}",
        "{{x}}",
        "{% if a %}b{% endif %}",
    ],
)
def test_braces_that_do_not_make_a_placeholder_are_text_printed_as_written(text: str) -> None:
    filler = Filler({}, lambda q, s: None, lambda n: n, "fr")
    assert filler.fill(text) == text
    assert filler.blanks == []


def test_a_doubled_placeholder_is_printed_as_the_placeholder_itself() -> None:
    filler = Filler({"tender.name": "Radio"}, lambda q, s: None, lambda n: n, "fr")
    assert filler.fill("{{tender.name}} vaut {tender.name}") == "{tender.name} vaut Radio"
    assert filler.fill("{{ tender.name }}") == "{ tender.name }"


def test_a_custom_clause_written_with_jinja_braces_keeps_them_in_the_annex(
    tmp_path: Path, shipped_bank: QuestionBank
) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    hostile = "Calcul {{ 7*7 }} et {% for x in y %}{{ x }}{% endfor %} pour {vendor.name}."
    (folder / "lib.yaml").write_text(
        "schema: sovereignty/clauses/1\n"
        "chapters: [{id: main, order: 1, title: {fr: P, en: M}}]\n"
        "clauses:\n  - id: EVIL-01\n    chapter: main\n    title: {fr: T, en: T}\n"
        "    legal: ['GDPR art. 28(3)']\n"
        f"    text: {{fr: '{hostile}', en: '{hostile}'}}\n",
        encoding="utf-8",
    )
    library = load_library(shipped_bank, shipped=folder)
    facts = ClauseFacts(answers=DictFacts({}), regime=lambda r: None, findings=())
    filler = Filler({"vendor.name": "Nord"}, lambda q, s: None, lambda n: n, "fr")
    (evil,) = select_clauses(library, facts, filler, Wording("fr"))
    assert evil.paragraphs == (hostile.replace("{vendor.name}", "Nord"),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Destination : {answers.a}. Suite.", "Destination : programmé. Suite."),
        ("{answers.a}.", "programmé."),
        ("Vraiment {answers.b}.", "Vraiment ?"),
        ("Texte {answers.c}. Fin.", "Texte sans point. Fin."),
    ],
)
def test_a_value_ending_its_sentence_takes_the_place_of_the_clause_s_full_stop(
    text: str, expected: str
) -> None:
    values = {"a": "programmé. ", "b": "?", "c": "sans point"}
    filler = Filler({}, lambda q, s: values[q], lambda n: n, "fr")
    assert filler.fill(text) == expected


def test_the_filler_says_whether_an_answer_opens_a_sentence() -> None:
    seen: list[bool] = []

    def answer(question_id: str, sentence_start: bool) -> str:
        seen.append(sentence_start)
        return "x"

    filler = Filler({}, answer, lambda n: n, "fr")
    filler.fill("{answers.a} puis par {answers.a}, {answers.a} : {answers.a}. {answers.a}")
    assert seen == [True, False, False, False, True]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("L'hébergeur", "l'hébergeur"),
        ("Forfait", "forfait"),
        ("Clés gérées par le prestataire", "clés gérées par le prestataire"),
        ("ISO/IEC 27001", "ISO/IEC 27001"),
        ("CLOUD Act (États-Unis)", "CLOUD Act (États-Unis)"),
        ("SOC 2 type II", "SOC 2 type II"),
        ("HDS", "HDS"),
        ("O'Brien", "O'Brien"),
        ("déjà minuscule", "déjà minuscule"),
        ("A", "A"),
    ],
)
def test_a_label_loses_its_capital_only_when_it_is_not_an_acronym_or_a_name(
    label: str, expected: str
) -> None:
    assert lower_first(label) == expected


def test_a_regime_trigger_names_the_regime_by_its_title_not_its_id(
    library: ClauseLibrary,
) -> None:
    from sovereignty.aiact.catalogue import shipped_catalogue

    title = shipped_catalogue().messages.regimes["high_risk_annex_iii"]
    expected: dict[Lang, str] = {
        "fr": f"régime RIA « {title.fr} »",
        "en": f"AI Act regime '{title.en}'",
    }
    for lang in expected:
        facts = ClauseFacts(
            answers=DictFacts({}), regime=lambda r: r == "high_risk_annex_iii", findings=()
        )
        filler = Filler({"params.notice_days": "30"}, lambda q, s: None, lambda n: n, lang)
        chosen = {s.clause.id: s for s in select_clauses(library, facts, filler, Wording(lang))}
        (trigger,) = chosen["AI-01"].triggers
        assert (trigger.kind, trigger.ref, trigger.detail) == (
            "regime",
            "high_risk_annex_iii",
            expected[lang],
        )


def test_an_answer_trigger_quotes_the_question_and_the_answer_by_their_labels() -> None:
    from sovereignty.clauses.select import explain
    from sovereignty.core.conditions import Contains, Equals, Not

    wording = Wording(
        "fr",
        answer=lambda q, v: f"<{v}>",
        question=lambda q: "Quels droits d'audit ?",
        choice=lambda q, v: f"<{v}>",
    )
    facts = ClauseFacts(
        answers=DictFacts({"audit.rights": ["documents"], "hosting.model": "saas"}),
        regime=lambda r: None,
        findings=(),
    )
    negated = Not(
        op="not", condition=Contains(op="contains", question="audit.rights", value="on_site")
    )
    (trigger,) = explain(negated, facts, wording)
    assert trigger.detail == (
        "Quels droits d'audit ? Réponse : <['documents']>, sans « <on_site> » (audit.rights)"
    )
    equals = Equals(op="equals", question="hosting.model", value="saas")
    (trigger,) = explain(equals, facts, Wording("en", question=lambda q: "Hosting model"))
    assert trigger.detail == "Hosting model — Answer: saas (hosting.model)"
