"""The command line through click's runner: exit codes and messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sovereignty.cli import cli, main
from sovereignty.services.demo import build_demo_tender
from sovereignty.tender.folder import Tender

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture(autouse=True)
def _english_interface(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the English wording; the French one (the default) is tested at the end."""
    monkeypatch.setenv("SOVEREIGNTY_LANG", "en")


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def test_help_lists_every_command_without_importing_them() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for name in ("assess", "check", "demo", "init", "questions", "schema", "status"):
        assert name in result.output


def test_init_creates_a_tender_with_its_establishments(tmp_path: Path) -> None:
    result = invoke(
        "init",
        str(tmp_path / "t"),
        "--name",
        "IA urgences",
        "--buyer",
        "CHU A",
        "--establishment",
        "chu-a=CHU A",
        "--establishment",
        "ch-b=CH B",
    )
    assert result.exit_code == 0, result.output
    tender = Tender.open(tmp_path / "t")
    assert [e.role for e in tender.settings.establishments] == ["support", "member"]
    assert (tmp_path / "t" / "journal.jsonl").is_file()


def test_init_refuses_an_existing_tender_and_a_bad_establishment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["init", str(tmp_path / "t"), "--name", "N", "--buyer", "B"]
    assert run_main(capsys, *base)[0] == 0
    code, _, err = run_main(capsys, *base)
    assert code == 1 and "a tender already exists here" in err
    code, _, err = run_main(
        capsys,
        "init",
        str(tmp_path / "u"),
        "--name",
        "N",
        "--buyer",
        "B",
        "--establishment",
        "no-equals-sign",
    )
    assert code == 2 and "expected ID=NAME" in err
    # without --name and --buyer: refused before either is asked (no prompt is shown)
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "t")], input="")
    assert result.exit_code != 0 and "Tender name" not in result.output
    assert "a tender already exists here" in str(result.exception) + result.output


def test_commands_outside_a_tender_say_how_to_create_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_main(capsys, "status")
    assert code == 1 and "sovereignty init" in err and "Traceback" not in err


def test_the_tender_is_found_from_a_subfolder_or_the_environment(
    mini_tender: Tender, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = mini_tender.root / "vendors"
    monkeypatch.chdir(sub)
    assert run_main(capsys, "status", "--json")[0] == 0
    monkeypatch.chdir(mini_tender.root.parent)
    monkeypatch.setenv("SOVEREIGNTY_DIR", str(mini_tender.root))
    code, out, _ = run_main(capsys, "status", "--json")
    assert code == 0 and json.loads(out)["vendors"][0]["id"] == "acme"


def test_status_reports_completeness(
    mini_tender: Tender, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(capsys, "status", "--dir", str(mini_tender.root), "--json")
    data = json.loads(out)
    assert code == 0
    vendor = data["vendors"][0]
    assert (vendor["answered"], vendor["complete"], vendor["valid"]) == (0, False, True)
    code, out, _ = run_main(capsys, "status", "--dir", str(mini_tender.root))
    assert "Acme SAS [acme]" in out and "en cours" in out


def test_vendor_add_validates_the_id(
    mini_tender: Tender, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_main(
        capsys, "vendor", "add", "Big Corp", "--name", "X", "--dir", str(mini_tender.root)
    )
    assert code == 1 and "lower-case letters" in err
    code, _, err = run_main(
        capsys, "vendor", "add", "acme", "--name", "X", "--dir", str(mini_tender.root)
    )
    assert code == 1 and "already exists" in err


def test_check_exits_1_when_incomplete_and_0_with_partial(
    mini_tender: Tender, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(mini_tender.root)
    code, out, _ = run_main(capsys, "check", "acme", "--dir", d)
    assert code == 1 and "incomplète" in out
    assert run_main(capsys, "check", "acme", "--dir", d, "--partial")[0] == 0
    code, _, err = run_main(capsys, "check", "acmee", "--dir", d)
    assert code == 1 and "did you mean 'acme'" in err


def test_check_a_file_reports_each_error_with_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "vendor.yaml"
    sheet.write_text(
        "schema: sovereignty/answers/1\nbank: {id: mini, version: '0.1.0', hash: x}\n"
        "vendor: {id: acme, name: Acme}\nanswers:\n  hosting.model: {value: cloud}\n"
        "  need.volume: {value: lots}\n",
        encoding="utf-8",
    )
    code, out, _err = run_main(
        capsys,
        "check",
        "--answers",
        str(sheet),
        "--bank",
        str(FIXTURES / "mini-bank.yaml"),
        "--json",
    )
    data = json.loads(out)
    assert code == 1 and not data["valid"]
    assert {e["question"] for e in data["errors"]} == {"hosting.model", "need.volume"}
    assert all(e["where"].startswith("line ") for e in data["errors"])


def test_a_broken_bank_is_an_exit_1_with_the_file_and_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bank.yaml"
    bad.write_text(
        (FIXTURES / "mini-bank.yaml").read_text().replace("value: saas}\n", "value: sas}\n", 1),
        encoding="utf-8",
    )
    code, _, err = run_main(capsys, "questions", "--bank", str(bad))
    assert code == 1
    assert str(bad) in err and "[hosting.hds]" in err and "Traceback" not in err


def test_usage_errors_exit_2(mini_tender: Tender, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_main(capsys, "check", "--dir", str(mini_tender.root))[0] == 2
    code, _, err = run_main(
        capsys, "assess", "acme", "--dir", str(mini_tender.root), "--section", "nope"
    )
    assert code == 2 and "sections: need, hosting, subprocessors" in err
    code, _, err = run_main(capsys, "stauts")
    assert code == 2 and "Did you mean 'status'" in err


def test_questions_json_lists_ids_types_choices_and_conditions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run_main(
        capsys, "questions", "--bank", str(FIXTURES / "mini-bank.yaml"), "--json", "--lang", "en"
    )
    rows = {q["id"]: q for q in json.loads(out)["questions"]}
    assert code == 0
    assert rows["hosting.model"]["choices"][0] == {"value": "saas", "label": "SaaS"}
    assert rows["hosting.hds"]["when"] == {
        "op": "equals",
        "question": "hosting.model",
        "value": "saas",
    }
    assert rows["hosting.hds"]["when_text"] == "'hosting.model' is 'saas'"
    assert rows["subprocessors.approval"]["legal"][0]["text"].startswith("Art. 28(2) of")


def test_schema_describes_each_question_value(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _ = run_main(capsys, "schema", "--bank", str(FIXTURES / "mini-bank.yaml"))
    schema = json.loads(out)
    answers = schema["properties"]["answers"]["properties"]
    model = answers["hosting.model"]["oneOf"][0]["properties"]["value"]
    assert model == {"type": "string", "enum": ["saas", "on_premises"]}
    since = answers["hosting.since"]  # allow_unknown: false, so no oneOf
    assert since["properties"]["value"] == {"type": "string", "format": "date"}
    assert schema["properties"]["answers"]["additionalProperties"] is False


def test_journal_verify_detects_tampering(
    mini_tender: Tender, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(mini_tender.root)
    assert run_main(capsys, "journal", "--verify", "--dir", d)[0] == 0
    path = mini_tender.journal_path
    path.write_text(path.read_text().replace("Acme SAS", "Evil SAS"), encoding="utf-8")
    code, _, err = run_main(capsys, "journal", "--verify", "--dir", d)
    assert code == 1 and "this entry was edited" in err


def test_vendor_import_validates_before_writing(
    mini_tender: Tender, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(mini_tender.root)
    bank = mini_tender.bank
    good = tmp_path / "beta.yaml"
    good.write_text(
        "schema: sovereignty/answers/1\n"
        f"bank: {{id: mini, version: '0.1.0', hash: '{bank.hash}'}}\n"
        "vendor: {id: beta, name: Beta}\nanswers:\n  hosting.model: {value: on_premises}\n",
        encoding="utf-8",
    )
    bad = tmp_path / "gamma.yaml"
    bad.write_text(
        good.read_text().replace("beta", "gamma").replace("on_premises", "cloud"), encoding="utf-8"
    )
    code, _, err = run_main(capsys, "vendor", "import", str(bad), "--dir", d)
    assert code == 1 and "'cloud' is not one of" in err
    assert not mini_tender.has_vendor("gamma")
    code, out, _ = run_main(capsys, "vendor", "import", str(good), "--dir", d)
    assert code == 0 and "beta : 1/4 (1 obligatoire(s) manquante(s))" in out  # tender's language
    assert mini_tender.load_sheet("beta").answers["hosting.model"].value == "on_premises"
    assert run_main(capsys, "vendor", "import", str(good), "--dir", d)[0] == 1
    assert run_main(capsys, "vendor", "import", str(good), "--dir", d, "--replace")[0] == 0


def test_a_new_vendor_has_the_buyers_answers_at_once_and_nothing_is_copied(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sovereignty.services.offer import load_offer

    tender = build_demo_tender(tmp_path / "demo")
    d = str(tender.root)
    code, _out, _ = run_main(capsys, "vendor", "add", "newco", "--name", "NewCo", "--dir", d)
    assert code == 0
    assert tender.load_sheet("newco").answers == {}  # its own sheet: the vendor's answers only
    offer = load_offer(tender, "newco")
    buyer = tender.load_buyer_sheet()
    assert buyer is not None
    assert offer.facts.value("need.problem") == buyer.answers["need.problem"].value
    assert "hosting.model" not in offer.sheet.answers
    code, _out, err = run_main(
        capsys, "vendor", "add", "other", "--name", "Other", "--dir", d,
        "--buyer-answers-from", "radiance",
    )  # fmt: skip
    assert code == 2 and "sovereignty assess --buyer" in err and "buyer/answers.yaml" in err
    assert not tender.has_vendor("other")


def test_an_old_tender_whose_vendor_sheets_carry_the_buyers_answers_still_loads(
    tmp_path: Path,
) -> None:
    from sovereignty.questionnaire.answers import save_sheet
    from sovereignty.services.offer import load_offer

    tender = build_demo_tender(tmp_path / "demo")
    buyer = tender.load_buyer_sheet()
    assert buyer is not None
    expected = {v: load_offer(tender, v).sheet.answers for v in tender.vendor_ids()}
    for vendor_id in tender.vendor_ids():  # as written before the buyer sheet existed
        sheet = tender.load_sheet(vendor_id)
        old = sheet.model_copy(update={"answers": expected[vendor_id]})
        save_sheet(tender.answers_path(vendor_id), old)
    tender.buyer_sheet_path.unlink()
    for vendor_id, answers in expected.items():
        assert load_offer(tender, vendor_id).sheet.answers == answers
    legacy, found = tender.buyer_answers()
    assert found is not None and found.conflicts == [] and legacy.answers == buyer.answers
    # the vendors disagree on one buyer answer: it is not taken, and is named
    sheet = tender.load_sheet("openscan")
    changed = sheet.answers["need.volume"].model_copy(update={"value": 9999})
    save_sheet(tender.answers_path("openscan"), sheet.with_answer("need.volume", changed))
    legacy, found = tender.buyer_answers()
    assert found is not None and found.conflicts == ["need.volume"]
    assert "need.volume" not in legacy.answers


def test_replacing_a_vendors_sheet_keeps_the_buyers_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sovereignty.questionnaire.answers import save_sheet
    from sovereignty.services.demo import build_demo_tender

    tender = build_demo_tender(tmp_path / "demo")
    bank = tender.bank
    full = tender.load_sheet("openscan")
    vendor_only = full.model_copy(
        update={
            "answers": {
                q: a for q, a in full.answers.items() if bank.by_id[q].answered_by == "vendor"
            }
        }
    )
    path = tmp_path / "openscan-v2.yaml"
    save_sheet(path, vendor_only)
    d = str(tender.root)
    code, out, _ = run_main(capsys, "vendor", "import", str(path), "--dir", d, "--replace")
    assert code == 0, out
    assert tender.load_sheet("openscan").answers == full.answers
    code, _, err = run_main(
        capsys, "vendor", "import", str(path), "--dir", d, "--replace", "--vendor", "radiance"
    )
    assert code == 2 and "cannot replace another vendor's sheet" in err
    assert tender.load_sheet("radiance").vendor.id == "radiance"


def test_a_vendor_folder_without_its_sheet_fails_loudly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sovereignty.services.demo import build_demo_tender

    tender = build_demo_tender(tmp_path / "demo")
    sheet = tender.answers_path("openscan")
    sheet.rename(sheet.with_suffix(".yml"))
    assert "openscan" in tender.vendor_ids()
    code, out, err = run_main(capsys, "status", "--dir", str(tender.root))
    assert "openscan" in out and "invalide" in out
    code, _, err = run_main(capsys, "check", "openscan", "--dir", str(tender.root))
    assert code == 1 and "has no answers.yaml (it holds: answers.yml)" in err


def test_a_sheet_in_another_vendors_folder_is_refused(tmp_path: Path) -> None:
    from sovereignty.core.errors import ContentError
    from sovereignty.services.demo import build_demo_tender

    tender = build_demo_tender(tmp_path / "demo")
    radiance = tender.answers_path("radiance").read_text(encoding="utf-8")
    tender.answers_path("openscan").write_text(radiance, encoding="utf-8")
    with pytest.raises(ContentError, match="in the folder of 'openscan'"):
        tender.load_sheet("openscan")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--name", "", "--buyer", "X"], "--name: must not be empty"),
        (["--name", "   ", "--buyer", "X"], "--name: must not be empty or blank"),
        (["--name", "N", "--buyer", "X", "--establishment", "Bad Id=Foo"], "lower-case"),
    ],
)
def test_init_reports_bad_values_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    code, _, err = run_main(capsys, "init", str(tmp_path / "t"), *args)
    assert code == 2 and expected in err
    assert "Traceback" not in err and "pydantic" not in err
    assert not (tmp_path / "t").exists()


def test_file_system_errors_are_messages_not_tracebacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    code, _, err = run_main(capsys, "init", str(blocker / "sub"), "--name", "N", "--buyer", "B")
    assert code == 1 and "afile" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "schema"),
    [
        (["status"], "sovereignty/status/1"),
        (["check", "acme", "--partial"], "sovereignty/check/1"),
        (["questions"], "sovereignty/questions/1"),
        (["journal"], "sovereignty/journal/1"),
    ],
)
def test_every_json_output_names_its_format(
    mini_tender: Tender, capsys: pytest.CaptureFixture[str], args: list[str], schema: str
) -> None:
    _, out, _ = run_main(capsys, *args, "--json", "--dir", str(mini_tender.root))
    assert json.loads(out)["schema"] == schema


# --- the language of errors: French by default, English with --lang en or SOVEREIGNTY_LANG ------


def test_a_usage_error_reads_in_french_by_default_and_in_english_with_lang_en(
    mini_tender: Tender, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOVEREIGNTY_LANG")
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    d = str(mini_tender.root)
    code, _, err = run_main(capsys, "questions", "--dir", d, "--section", "nope")
    assert code == 2
    assert err == (
        "Erreur : --section 'nope' : pas de section de cet id "
        "(sections : need, hosting, subprocessors)\n"
    )
    code, _, err = run_main(capsys, "questions", "--dir", d, "--section", "nope", "--lang", "en")
    assert code == 2
    assert (
        err == "Error: --section 'nope': no such section (sections: need, hosting, subprocessors)\n"
    )
    code, _, err = run_main(capsys, "check", "--dir", d, "--lang=en")
    assert (code, err) == (2, "Error: give either a VENDOR_ID of the tender or --answers FILE\n")


def test_the_interface_language_comes_from_the_environment_when_lang_is_not_given(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOVEREIGNTY_LANG")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    code, _, err = run_main(capsys, "stauts")
    assert (code, err) == (
        2,
        "Error: no such command 'stauts'. Did you mean 'status'? List: sovereignty --help\n",
    )
    monkeypatch.setenv("SOVEREIGNTY_LANG", "fr")
    code, _, err = run_main(capsys, "stauts")
    assert err == (
        "Erreur : pas de commande 'stauts'. Vouliez-vous dire 'status' ? "
        "Liste : sovereignty --help\n"
    )
    code, _, err = run_main(capsys, "check", "--bogus")
    assert code == 2 and err.endswith("\nErreur : Pas d'option '--bogus'.\n")  # click's, in French
    assert "Aide : « sovereignty check --help »." in err


def test_a_broken_answer_sheet_is_reported_in_french_then_in_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOVEREIGNTY_LANG")
    bank = FIXTURES / "mini-bank.yaml"
    sheet = tmp_path / "broken.yaml"
    sheet.write_text(
        "schema: sovereignty/answers/1\nbank: {id: mini, version: '0.1.0', hash: x}\n"
        "vendor: {id: acme, name: Acme}\nanswers:\n  need.volume: {value: 1.5}\n"
        "  hosting.model: {value: sass}\n  need.problem: {value: x, unknown: true}\n",
        encoding="utf-8",
    )
    code, _, err = run_main(capsys, "check", "--answers", str(sheet), "--bank", str(bank))
    assert code == 1
    assert err == (
        f"Erreur : {sheet} : ligne 7, colonne 17 : [need.problem] answers.need.problem : une "
        "réponse est soit une valeur ('value'), soit 'unknown: true', pas les deux\n"
    )
    fixed = sheet.read_text(encoding="utf-8").replace(", unknown: true", "")
    sheet.write_text(fixed, encoding="utf-8")
    code, out, err = run_main(capsys, "check", "--answers", str(sheet), "--bank", str(bank))
    assert code == 1
    assert err.splitlines() == [
        f"{sheet} : ligne 5, colonne 24 : [need.volume] nombre entier attendu (trouvé : 1.5)",
        f"{sheet} : ligne 6, colonne 26 : [hosting.model] 'sass' ne fait pas partie de : saas, "
        "on_premises ; vouliez-vous dire 'saas' ?",
        f"{sheet} : attention : ligne 2, colonne 7 : réponses données à un autre contenu de la "
        "version 0.1.0 de la banque (modifiée depuis sans nouveau numéro de version) : revoyez "
        "les réponses",
    ]
    assert "Feuille invalide (2 erreur(s))" in out
    args = ("check", "--answers", str(sheet), "--bank", str(bank), "--lang", "en", "--json")
    code, out, _ = run_main(capsys, *args)
    report = json.loads(out)
    assert code == 1 and [e["message"] for e in report["errors"]] == [
        "expected a whole number (found 1.5)",
        "'sass' is not one of: saas, on_premises; did you mean 'saas'?",
    ]
    assert report["errors"][0]["where"] == "line 5, column 24"  # places stay machine-readable


def test_assess_takes_a_vendor_or_the_buyer_s_own_questions_not_both(
    mini_tender: Tender, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(mini_tender.root)
    for args in (("assess", "--dir", d), ("assess", "acme", "--buyer", "--dir", d)):
        code, _, err = run_main(capsys, *args)
        assert code == 2, args
        assert "give either a VENDOR_ID or --buyer for the buyer's questions" in err
    assert not mini_tender.buyer_sheet_path.exists()


def test_status_columns_line_up_whatever_the_vendor_names(
    mini_tender: Tender, capsys: pytest.CaptureFixture[str]
) -> None:
    mini_tender.add_vendor("long", "Groupement " + "très " * 50 + "long SAS")
    mini_tender.add_vendor("accents", "Société Coopérative Santé")
    code, out, _ = run_main(capsys, "status", "--dir", str(mini_tender.root))
    assert code in (0, 1)
    table = [line for line in out.splitlines() if "0/" in line]
    assert len(table) == 3 and max(len(line) for line in table) < 100
    assert any(line.startswith("Groupement très") and "…" in line for line in table)
    ends = {len(line[: line.index("/")]) for line in table}
    assert len(ends) <= 2  # the counts ("0/12") line up to within a digit
