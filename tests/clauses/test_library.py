"""The clause library: the shipped one is complete and consistent; a buyer's own library merges
by id and is checked on load with clear messages naming the file, the line and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from sovereignty.aiact.model import REGIME_IDS
from sovereignty.clauses.loader import load_library
from sovereignty.clauses.placeholders import names
from sovereignty.core.errors import ContentError
from sovereignty.core.legal import check_reference
from sovereignty.questionnaire.loader import QuestionBank

REQUIRED = {
    "PURPOSE-01",
    "HOST-01",
    "HOST-02",
    "SUB-01",
    "CRYPTO-01",
    "REV-01",
    "EXIT-01",
    "DEL-01",
    "AUDIT-01",
    "LOG-01",
    "OVERSIGHT-01",
    "INCIDENT-01",
    "VALID-01",
    "AIA-01",
    "AIA-02",
    "FRIA-01",
    "GDPR-01",
    "TRANSFER-01",
    "TRAIN-01",
    "SEC-01",
}


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


CLAUSE = """schema: sovereignty/clauses/1
clauses:
  - id: {id}
    chapter: {chapter}
    title: {{fr: "Titre {id}", en: "Title {id}"}}
    legal: ["GDPR art. 28(3)"]
{extra}    text:
      fr: "{fr}"
      en: "{en}"
"""


def clause(
    cid: str = "LOCAL-01",
    chapter: str = "data",
    fr: str = "Texte.",
    en: str = "Text.",
    extra: str = "",
) -> str:
    return CLAUSE.format(id=cid, chapter=chapter, fr=fr, en=en, extra=extra)


def test_the_shipped_library_covers_every_required_clause_in_both_languages(
    shipped_bank: QuestionBank,
) -> None:
    library = load_library(shipped_bank)
    assert set(library.clauses) >= REQUIRED
    for item in library.clauses.values():
        assert item.legal, item.id
        assert all(check_reference(ref) is None for ref in item.legal)
        for variant in item.all_variants:
            assert variant.text.fr.strip() and variant.text.en.strip()
            # the same placeholders in French and English: the two texts say the same thing
            assert sorted(names(variant.text.fr)) == sorted(names(variant.text.en)), (
                item.id,
                variant.id,
            )


def test_the_regimes_clauses_may_name_are_those_of_the_classification(
    tmp_path: Path, shipped_bank: QuestionBank
) -> None:
    custom = tmp_path / "clauses"
    write(custom, "mine.yaml", clause(extra="    when: {op: regime, id: high_risk}\n"))
    with pytest.raises(ContentError) as info:
        load_library(shipped_bank, custom)
    assert f"(known: {', '.join(REGIME_IDS)})" in str(info.value)


def test_every_clause_a_finding_can_name_is_in_the_shipped_library(
    shipped_bank: QuestionBank,
) -> None:
    """Findings name the clauses that remedy them: those ids must exist."""
    from sovereignty.core.yamlio import load_yaml

    library = load_library(shipped_bank)
    named: set[str] = set()
    root = Path(__file__).resolve().parents[2] / "sovereignty"
    for path in [*root.glob("findings/data/*.yaml"), *root.glob("dataflow/data/*.yaml")]:
        data = load_yaml(path).data

        def walk(node: object) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    if key == "clauses" and isinstance(value, list):
                        named.update(v for v in value if isinstance(v, str))
                    else:
                        walk(value)
            elif isinstance(node, list):
                for item in node:
                    walk(item)

        walk(data)
    assert named, "no finding names a clause: the test would prove nothing"
    assert named <= set(library.clauses), sorted(named - set(library.clauses))


def test_a_custom_library_overrides_a_clause_by_id_and_adds_its_own(
    tmp_path: Path, shipped_bank: QuestionBank
) -> None:
    custom = tmp_path / "clauses"
    write(custom, "host.yaml", clause("HOST-01", fr="Notre texte HDS.", en="Our HDS text."))
    write(custom, "local.yaml", clause("LOCAL-01", chapter="exit"))
    shipped = load_library(shipped_bank)
    merged = load_library(shipped_bank, custom)
    assert merged.clauses["HOST-01"].all_variants[0].text.fr == "Notre texte HDS."
    assert merged.clauses["HOST-01"].when is None  # replaced whole, condition included
    assert merged.origins["HOST-01"].custom and not merged.origins["SEC-01"].custom
    assert set(merged.clauses) == set(shipped.clauses) | {"LOCAL-01"}
    assert merged.clauses["SEC-01"] == shipped.clauses["SEC-01"]
    assert merged.hash != shipped.hash


def test_a_custom_library_can_change_a_contract_figure(
    tmp_path: Path, shipped_bank: QuestionBank
) -> None:
    custom = tmp_path / "clauses"
    write(
        custom, "figures.yaml", "schema: sovereignty/clauses/1\nparameters:\n  deletion_days: 15\n"
    )
    assert load_library(shipped_bank, custom).parameters["deletion_days"] == 15


@pytest.mark.parametrize(
    ("extra", "fr", "expected"),
    [
        (
            "    when: {op: equals, question: hosting.modle, value: vendor_saas}\n",
            "x",
            "'hosting.modle', which is not in bank hospital-ai; did you mean 'hosting.model'?",
        ),
        (
            "    when: {op: equals, question: hosting.model, value: saas}\n",
            "x",
            "'saas' is not a choice of 'hosting.model'",
        ),
        (
            "    when: {op: regime, id: high_risk}\n",
            "x",
            "unknown AI Act regime 'high_risk'",
        ),
        (
            "    when: {op: finding, id: host-2}\n",
            "x",
            "finding id 'host-2' must look like AREA-NN",
        ),
        ("", "Hébergé par {vendor.nom}.", "unknown placeholder {vendor.nom}; did you mean"),
        (
            "",
            "Délai : {answers.hosting.provider_nam}.",
            "did you mean 'answers.hosting.provider_name'",
        ),
        ("", "Délai de {params.delai} jours.", "names no parameter of the library"),
        ("", "Hébergé par {vendor.nom}.", "to print it as text, write {{vendor.nom}}"),
        (
            "    when: {op: contains, question: hosting.model, value: vendor_saas}\n",
            "x",
            "op 'contains' needs a multiple-choice question",
        ),
    ],
)
def test_a_custom_clause_with_a_wrong_condition_or_placeholder_is_refused_with_its_line(
    tmp_path: Path, shipped_bank: QuestionBank, extra: str, fr: str, expected: str
) -> None:
    custom = tmp_path / "clauses"
    write(custom, "mine.yaml", clause(extra=extra, fr=fr))
    with pytest.raises(ContentError) as info:
        load_library(shipped_bank, custom)
    message = str(info.value)
    assert expected in message
    assert "mine.yaml line 3" in message  # the file and the line of the clause
    assert "[LOCAL-01]" in message


def test_every_problem_of_a_custom_library_is_reported_at_once(
    tmp_path: Path, shipped_bank: QuestionBank
) -> None:
    custom = tmp_path / "clauses"
    write(custom, "a.yaml", clause("LOCAL-01", chapter="nowhere"))
    write(custom, "b.yaml", clause("LOCAL-01"))
    write(custom, "c.yaml", "schema: sovereignty/clauses/1\nclauses:\n  - id: bad id\n")
    with pytest.raises(ContentError) as info:
        load_library(shipped_bank, custom)
    message = str(info.value)
    assert "unknown chapter 'nowhere'" in message
    assert "clause id also declared at a.yaml" in message
    assert "must look like AREA-NN" in message
    assert "missing required key 'title'" in message


def test_a_bad_custom_library_is_explained_in_french(
    tmp_path: Path, shipped_bank: QuestionBank
) -> None:
    custom = tmp_path / "clauses"
    write(
        custom,
        "mine.yaml",
        clause(
            chapter="dat",
            fr="Hébergé par {vendor.nom}.",
            extra="    when: {op: equals, question: hosting.model, value: saas}\n",
        ),
    )
    with pytest.raises(ContentError) as info:
        load_library(shipped_bank, custom)
    lines = info.value.render("fr").splitlines()
    assert lines[0] == f"{custom} : 3 problèmes"
    place = "  - mine.yaml ligne 3, colonne 5 : [LOCAL-01] "
    assert lines[1] == place + "chapitre inconnu 'dat' ; vouliez-vous dire 'data' ?"
    assert lines[2].startswith(place + "when : 'saas' n'est pas un choix de 'hosting.model' (")
    assert lines[3].startswith(
        place + "variante 'standard', texte fr : champ inconnu {vendor.nom} ; vouliez-vous dire "
        "{vendor.name} ? (connus : "
    )
    assert lines[3].endswith("(pour l'écrire tel quel, écrivez {{vendor.nom}})")


def test_a_misnamed_clause_id_is_refused_in_french(
    tmp_path: Path, shipped_bank: QuestionBank
) -> None:
    custom = tmp_path / "clauses"
    write(custom, "mine.yaml", clause("local-1"))
    with pytest.raises(ContentError) as info:
        load_library(shipped_bank, custom)
    assert info.value.problems[0].says("fr") == (
        "clauses.0.id : l'id de clause 'local-1' doit avoir la forme DOMAINE-NN, par ex. 'HOST-01'"
    )


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda p: None, "clause library folder not found"),
        (lambda p: p.mkdir(), "no clause file (*.yaml) in this folder"),
        (lambda p: p.write_text("x"), "a clause library is a folder of YAML files"),
        (
            lambda p: write(p, "x.yaml", "schema: sovereignty/clauses/1\nclauses: [\n"),
            "not valid YAML",
        ),
        (lambda p: write(p, "x.yaml", "- a list\n"), "a clause file is a mapping"),
        (
            lambda p: write(p, "x.yaml", "schema: sovereignty/clauses/1\nclause: []\n"),
            "unknown key 'clause'",
        ),
    ],
)
def test_a_custom_library_folder_that_is_missing_or_malformed_gets_a_clear_error(
    tmp_path: Path, shipped_bank: QuestionBank, setup: object, expected: str
) -> None:
    custom = tmp_path / "clauses"
    setup(custom)  # type: ignore[operator]
    with pytest.raises(ContentError) as info:
        load_library(shipped_bank, custom)
    assert expected in str(info.value)
    assert str(custom) in str(info.value)


def test_variants_need_a_default_last(tmp_path: Path, shipped_bank: QuestionBank) -> None:
    custom = tmp_path / "clauses"
    write(
        custom,
        "v.yaml",
        """schema: sovereignty/clauses/1
clauses:
  - id: LOCAL-01
    chapter: data
    title: {fr: T, en: T}
    legal: ["GDPR art. 28"]
    variants:
      - id: strong
        when: {op: equals, question: hosting.hds, value: "no"}
        text: {fr: a, en: a}
""",
    )
    with pytest.raises(ContentError) as info:
        load_library(shipped_bank, custom)
    assert "the last variant is the default and must have no 'when'" in str(info.value)


def test_a_finding_id_unknown_to_the_rules_is_refused_when_the_rules_are_known(
    tmp_path: Path, shipped_bank: QuestionBank
) -> None:
    custom = tmp_path / "clauses"
    write(custom, "f.yaml", clause(extra="    when: {op: finding, id: HOST-99}\n"))
    load_library(shipped_bank, custom)  # form only: accepted
    with pytest.raises(ContentError) as info:
        load_library(shipped_bank, custom, finding_ids={"HOST-01", "HOST-09"})
    assert "no rule raises a finding 'HOST-99'; did you mean 'HOST-09'?" in str(info.value)


def test_a_tender_on_another_bank_needs_its_own_library_which_replaces_the_shipped_one(
    tmp_path: Path, mini_bank: QuestionBank
) -> None:
    with pytest.raises(ContentError) as info:
        load_library(mini_bank)
    assert "written for the question bank hospital-ai" in str(info.value)
    assert "--clauses DIR" in str(info.value)
    custom = tmp_path / "clauses"
    write(
        custom,
        "mine.yaml",
        "schema: sovereignty/clauses/1\nbank: mini\nchapters:\n"
        "  - {id: data, order: 1, title: {fr: Données, en: Data}}\n",
    )
    write(custom, "one.yaml", clause("LOCAL-01"))
    library = load_library(mini_bank, custom)
    assert set(library.clauses) == {"LOCAL-01"}
    assert library.custom == custom


def test_a_clause_with_several_faults_reports_them_all_with_their_lines(
    tmp_path: Path, shipped_bank: QuestionBank
) -> None:
    # a schema fault (the legal reference) used to hide the cross-checks (chapter, condition)
    custom = tmp_path / "clauses"
    text = clause(
        "LOCAL-01",
        chapter="nochapter",
        fr="Hébergé par {answers.hosting.provider_nam}.",
        en="Hosted by {answers.hosting.provider_nam}.",
        extra="    when: {op: equals, question: hosting.hdss, value: 'yes'}\n",
    ).replace("GDPR art. 28(3)", "XYZ art. 1")
    write(custom, "mine.yaml", text)
    with pytest.raises(ContentError) as info:
        load_library(shipped_bank, custom)
    lines = info.value.render("en").splitlines()
    assert lines[0] == f"{custom}: 5 problems"
    assert lines[1].startswith("  - mine.yaml line 6, column 12: [LOCAL-01] clauses.0.legal: ")
    assert "'XYZ'" in lines[1]
    assert lines[2] == "  - mine.yaml line 3, column 5: [LOCAL-01] unknown chapter 'nochapter'"
    assert lines[3].startswith(
        "  - mine.yaml line 3, column 5: [LOCAL-01] when: condition refers to 'hosting.hdss'"
    )
    assert "did you mean 'hosting.hds'?" in lines[3]
    assert all("[LOCAL-01] variant 'standard', text " in line for line in lines[4:])


def test_a_malformed_condition_does_not_hide_an_unknown_chapter_or_a_bad_id(
    tmp_path: Path, shipped_bank: QuestionBank
) -> None:
    custom = tmp_path / "clauses"
    write(
        custom,
        "mine.yaml",
        clause("local-1", chapter="dta", extra="    when: {question: hosting.hds}\n"),
    )
    with pytest.raises(ContentError) as info:
        load_library(shipped_bank, custom)
    said = [p.says("en") for p in info.value.problems]
    assert any(s.startswith("clauses.0.id: clause id 'local-1'") for s in said)
    assert any(s.startswith("clauses.0.when: ") for s in said)
    assert "unknown chapter 'dta'; did you mean 'data'?" in said
    assert [p.subject for p in info.value.problems if "chapter" in p.says("en")] == ["local-1"]


def test_a_chapter_declared_in_a_malformed_file_is_not_reported_unknown(
    tmp_path: Path, shipped_bank: QuestionBank
) -> None:
    custom = tmp_path / "clauses"
    text = clause("LOCAL-01", chapter="local").replace(
        "clauses:",
        ("chapters:\n  - {id: local, order: 'first', title: {fr: a, en: a}}\nclauses:"),
        1,
    )
    write(custom, "mine.yaml", text)
    with pytest.raises(ContentError) as info:
        load_library(shipped_bank, custom)
    assert [p.says("en").split(":")[0] for p in info.value.problems] == ["chapters.0.order"]
