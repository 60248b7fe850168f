"""The regulatory rule pack: checked on load, evaluated three-valued."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from sovereignty.clauses.loader import load_library
from sovereignty.core.conditions import UNKNOWN, DictFacts
from sovereignty.core.errors import ContentError
from sovereignty.core.legal import check_reference
from sovereignty.findings.rules import evaluate_rules, load_rules
from sovereignty.questionnaire.loader import QuestionBank


def _pack(tmp_path: Path, rules: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text("schema: sovereignty/rules/1\nrules:\n" + rules, encoding="utf-8")
    return path


RULE = """\
  - id: {id}
    severity: major
    when: {when}
    title: {{fr: "Titre", en: "Title"}}
    explanation: {{fr: "Explication", en: "Explanation"}}
    legal: ["GDPR art. 28(3)"]
    clauses: [GDPR-01]
"""


def rule(rule_id: str, when: str) -> str:
    return RULE.format(id=rule_id, when=when)


class _Classification:
    """The part of a classification the rules read."""

    def __init__(self, regimes: dict[str, Any]) -> None:
        self.regimes = regimes

    def has_regime(self, regime_id: str) -> bool | None:
        value = self.regimes.get(regime_id, False)
        return None if value == "?" else bool(value)

    def regime(self, regime_id: str) -> Any:
        class _R:
            deciding_questions = ("aiact.annex_iii",) if self.regimes.get(regime_id) == "?" else ()

        return _R()


def test_the_shipped_pack_loads_and_covers_the_required_areas(shipped_bank: QuestionBank) -> None:
    pack = load_rules(shipped_bank)
    clauses = set(load_library(shipped_bank).clauses)  # every remedy exists in the library
    ids = {r.id for r in pack.rules}
    required = {
        "HOST-01",  # health data hosted without HDS
        "HOST-03",  # storage outside the EEA
        "HOST-04",  # undisclosed remote access from a third country
        "JURIS-01",  # extraterritorial law
        "GDPR-01",  # Art. 28 terms
        "TRANSFER-01",  # transfers without a mechanism
        "DPIA-01",
        "FRIA-01",
        "STAFF-01",
        "REV-01",  # no export format
        "REV-02",  # no return of data
        "REV-03",  # no return of logs
        "REV-04",  # no return of models
        "REV-05",  # exit fees
        "REV-07",  # no transition
        "REV-09",  # Data Act switching terms
        "AUDIT-01",
        "OVERSIGHT-01",
        "VALID-01",
    }
    assert required <= ids
    for r in pack.rules:
        assert r.legal and all(check_reference(ref) is None for ref in r.legal), r.id
        assert set(r.clauses) <= clauses, (r.id, set(r.clauses) - clauses)
        assert all(q in shipped_bank.by_id for q in r.trigger_questions), r.id
    assert len(pack.rules) >= 40


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        (
            rule("HOST-09", "{op: equals, question: hosting.hdss, value: 'no'}"),
            "'hosting.hdss', not a question of the bank; did you mean 'hosting.hds'?",
        ),
        (
            rule("HOST-09", "{op: equals, question: hosting.model, value: saas}"),
            "compares 'hosting.model' with 'saas', which is not one of its choices",
        ),
        (
            rule("HOST-09", "{op: equals, question: hosting.storage_countries, value: us}"),
            "'equals' cannot be used on 'hosting.storage_countries'",
        ),
        (
            rule("HOST-09", "{op: contains, question: hosting.storage_countries, value: usa}"),
            "did you mean 'us'?",
        ),
        (
            rule("HOST-09", "{op: at_least, question: hosting.hds, value: 3}"),
            "'at_least' needs a number question",
        ),
        (rule("AIA-09", "{op: regime, id: high_risk}"), "unknown regime 'high_risk'"),
        (
            rule("AIA-09", "{op: finding, id: AIA-10}") + rule("AIA-10", "{op: regime, id: gpai}"),
            "refers to finding 'AIA-10', which is not an earlier rule",
        ),
        (
            rule("HOST-9", "{op: regime, id: gpai}"),
            "rule id 'HOST-9' must look like AREA-NN",
        ),
        (
            rule("HOST-09", "{op: regime, id: gpai}") + rule("HOST-09", "{op: regime, id: gpai}"),
            "rule id appears twice",
        ),
        (
            rule("HOST-09", "{op: regime, id: gpai}").replace('"GDPR art. 28(3)"', '"RGPD 28"'),
            "unknown instrument 'RGPD'",
        ),
        (
            rule("HOST-09", "{op: regime, id: gpai}").replace("[GDPR-01]", "[gdpr1]"),
            "clause id 'gdpr1' must look like AREA-NN",
        ),
        (
            rule("HOST-09", "{op: regime, id: gpai}") + "    triggers: [hosting.nope]\n",
            "trigger 'hosting.nope' is not a question of the bank",
        ),
    ],
)
def test_a_broken_rule_is_refused_with_the_file_line_and_reason(
    tmp_path: Path, shipped_bank: QuestionBank, rules: str, expected: str
) -> None:
    with pytest.raises(ContentError) as info:
        load_rules(shipped_bank, _pack(tmp_path, rules))
    message = str(info.value)  # the English text, whatever render() localises
    assert "rules.yaml" in message
    assert "line " in message
    assert expected in message


def test_every_problem_of_a_pack_is_reported_at_once(
    tmp_path: Path, shipped_bank: QuestionBank
) -> None:
    rules = rule("A-01", "{op: equals, question: nope.one, value: x}") + rule(
        "A-02", "{op: regime, id: nope}"
    )
    with pytest.raises(ContentError) as info:
        load_rules(shipped_bank, _pack(tmp_path, rules))
    assert len(info.value.problems) == 2
    assert {p.subject for p in info.value.problems} == {"A-01", "A-02"}


def test_a_broken_rule_pack_is_explained_in_french(
    tmp_path: Path, shipped_bank: QuestionBank
) -> None:
    path = _pack(tmp_path, rule("a2", "{op: regime, id: gpai}"))
    with pytest.raises(ContentError) as info:
        load_rules(shipped_bank, path)
    assert info.value.render("fr") == (
        f"{path} : ligne 3, colonne 9 : [a2] rules.0.id : l'id de règle 'a2' doit avoir la "
        "forme DOMAINE-NN, par ex. HOST-01"
    )
    rules = rule("A-01", "{op: equals, question: hosting.modle, value: x}") + rule(
        "A-02", "{op: equals, question: hosting.model, value: saas}"
    )
    with pytest.raises(ContentError) as info:
        load_rules(shipped_bank, _pack(tmp_path, rules))
    lines = info.value.render("fr").splitlines()
    assert lines[0] == f"{path} : 2 problèmes"
    assert lines[1] == (
        "  - ligne 5, colonne 11 : [A-01] la condition lit 'hosting.modle', qui n'est pas une "
        "question de la banque ; vouliez-vous dire 'hosting.model' ?"
    )
    assert lines[2].startswith(
        "  - ligne 12, colonne 11 : [A-02] la condition compare 'hosting.model' à 'saas', qui "
        "n'est pas l'un de ses choix ("
    )


def test_a_rule_that_holds_raises_a_finding_with_its_evidence(
    tmp_path: Path, shipped_bank: QuestionBank
) -> None:
    when = (
        "{op: all, conditions: [{op: equals, question: hosting.hds, value: 'no'}, "
        "{op: regime, id: high_risk_annex_i}]}"
    )
    pack = load_rules(shipped_bank, _pack(tmp_path, rule("HOST-09", when)))
    facts = DictFacts({"hosting.hds": "no"})
    outcome = evaluate_rules(pack, facts, _Classification({"high_risk_annex_i": True}), "acme")
    (finding,) = outcome.findings
    assert finding.id == "HOST-09"
    assert finding.source == "classification"
    assert finding.vendor == "acme"
    assert finding.clauses == ("GDPR-01",)
    assert [(t.question, t.value) for t in finding.triggers] == [("hosting.hds", "no")]
    assert outcome.undetermined == []
    outcome = evaluate_rules(pack, facts, _Classification({"high_risk_annex_i": False}))
    assert outcome.findings == [] and outcome.undetermined == []


def test_an_undetermined_rule_raises_no_finding_but_names_the_deciding_questions(
    tmp_path: Path, shipped_bank: QuestionBank
) -> None:
    when = (
        "{op: all, conditions: ["
        "{op: any, conditions: [{op: equals, question: hosting.hds, value: 'no'}, "
        "{op: equals, question: hosting.secnumcloud, value: 'no'}]}, "
        "{op: equals, question: hosting.remote_access, value: 'yes'}]}"
    )
    pack = load_rules(shipped_bank, _pack(tmp_path, rule("HOST-09", when)))
    # hds unknown, secnumcloud known "yes" (cannot decide), remote access missing
    facts = DictFacts({"hosting.hds": UNKNOWN, "hosting.secnumcloud": "yes"})
    outcome = evaluate_rules(pack, facts)
    assert outcome.findings == []
    (open_rule,) = outcome.undetermined
    assert open_rule.id == "HOST-09"
    assert open_rule.deciding_questions == ("hosting.hds", "hosting.remote_access")
    # once remote access is known to be "no", the rule is decided whatever hds is
    facts = DictFacts({"hosting.hds": UNKNOWN, "hosting.remote_access": "no"})
    assert evaluate_rules(pack, facts).undetermined == []


def test_an_undetermined_regime_passes_on_its_own_deciding_questions(
    tmp_path: Path, shipped_bank: QuestionBank
) -> None:
    pack = load_rules(shipped_bank, _pack(tmp_path, rule("AIA-09", "{op: regime, id: gpai}")))
    outcome = evaluate_rules(pack, DictFacts({}), _Classification({"gpai": "?"}))
    assert outcome.undetermined[0].deciding_questions == ("aiact.annex_iii",)
    # without a classification, regime conditions are undetermined, never guessed
    assert evaluate_rules(pack, DictFacts({})).undetermined[0].id == "AIA-09"


def test_a_rule_can_build_on_an_earlier_finding(shipped_bank: QuestionBank) -> None:
    pack = load_rules(shipped_bank)
    facts = DictFacts(
        {"purpose.data_categories": ["health_identifying"], "governance.dpia": "not_needed"}
    )
    raised = {f.id for f in evaluate_rules(pack, facts, _Classification({})).findings}
    assert {"DPIA-01", "DPIA-02"} <= raised
    facts.values["governance.dpia"] = "done"
    raised = {f.id for f in evaluate_rules(pack, facts, _Classification({})).findings}
    assert "DPIA-01" in raised and "DPIA-02" not in raised


def test_findings_come_most_severe_first(shipped_bank: QuestionBank) -> None:
    facts = DictFacts(
        {
            "hosting.model": "vendor_saas",
            "purpose.data_categories": ["health_identifying"],
            "hosting.hds": "no",
            "hosting.encryption_at_rest": "no",
        }
    )
    findings = evaluate_rules(load_rules(shipped_bank), facts, _Classification({})).findings
    severities = [f.severity for f in findings]
    order = ["blocking", "major", "minor", "info"]
    assert severities == sorted(severities, key=order.index)
    assert findings[0].id == "HOST-01"


AT_COST = "{op: equals, question: reversibility.exit_cost, value: at_cost}"


def _minor(rules: str) -> str:
    return rules.replace("severity: major", "severity: minor")


STEPS = """\
    severity_from:
      - date: 2027-01-12
        severity: {first}
        title: {{fr: "Titre après", en: "Title after"}}
      - date: {second_date}
        severity: {second}
"""


def test_a_severity_schedule_follows_the_as_of_date(
    tmp_path: Path, shipped_bank: QuestionBank
) -> None:
    steps = STEPS.format(first="major", second_date="2028-01-01", second="blocking")
    rules = _minor(rule("REV-11", AT_COST))
    pack = load_rules(shipped_bank, _pack(tmp_path, rules + steps))
    facts = DictFacts({"reversibility.exit_cost": "at_cost"})

    def on(day: dt.date) -> tuple[str, str, str]:
        [finding] = evaluate_rules(pack, facts, as_of=day).findings
        return finding.severity, finding.title.en, finding.explanation.en

    assert on(dt.date(2027, 1, 11)) == ("minor", "Title", "Explanation")
    # a step applies from its date included; texts it does not give are the previous ones
    assert on(dt.date(2027, 1, 12)) == ("major", "Title after", "Explanation")
    assert on(dt.date(2028, 1, 1)) == ("blocking", "Title after", "Explanation")
    facts.values["reversibility.exit_cost"] = UNKNOWN
    [open_rule] = evaluate_rules(pack, facts, as_of=dt.date(2028, 6, 1)).undetermined
    assert open_rule.severity == "blocking"


@pytest.mark.parametrize(
    ("first", "second_date", "second", "expected"),
    [
        ("major", "2026-01-01", "blocking", "2026-01-01 comes after 2027-01-12"),
        ("minor", "2028-01-01", "blocking", "the severity must rise above 'minor' (got 'minor')"),
        ("major", "2028-01-01", "major", "the severity must rise above 'major' (got 'major')"),
        ("major", "2028-13-01", "blocking", "rules.0.severity_from.1.date"),
    ],
)
def test_a_severity_schedule_must_be_in_date_order_and_tighten(
    tmp_path: Path,
    shipped_bank: QuestionBank,
    first: str,
    second_date: str,
    second: str,
    expected: str,
) -> None:
    steps = STEPS.format(first=first, second_date=second_date, second=second)
    rules = _minor(rule("REV-11", AT_COST))
    with pytest.raises(ContentError) as info:
        load_rules(shipped_bank, _pack(tmp_path, rules + steps))
    message = str(info.value)  # the English text, in any version of render()
    assert "rules.yaml" in message and "line " in message and "REV-11" in message
    assert expected in message


def test_switching_charges_at_cost_become_major_when_the_data_act_bans_them(
    shipped_bank: QuestionBank,
) -> None:
    """DA art. 29: at cost until 12 January 2027, no switching charges at all from then on."""
    pack = load_rules(shipped_bank)
    facts = DictFacts({"reversibility.exit_cost": "at_cost", "hosting.model": "vendor_saas"})

    def rev_06(day: dt.date) -> Any:
        [finding] = [f for f in evaluate_rules(pack, facts, as_of=day).findings if f.id == "REV-06"]
        return finding

    assert rev_06(dt.date(2026, 11, 28)).severity == "minor"
    assert rev_06(dt.date(2027, 1, 11)).severity == "minor"
    after = rev_06(dt.date(2027, 2, 1))
    assert after.severity == "major"
    assert "since 12 January 2027" in after.title.en
    assert "depuis le 12 janvier 2027" in after.title.fr
