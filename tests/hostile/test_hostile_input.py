"""Hostile and impossible input: each gets an error naming the file and the place, in French and
English, an exit code, and never a traceback or a hang."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from sovereignty.cli import main
from sovereignty.cli.options import terminal_safe
from sovereignty.core.errors import ContentError
from sovereignty.core.yamlio import parse_yaml
from sovereignty.forms.safety import inspect_workbook
from sovereignty.questionnaire.answers import Answer, load_sheet
from sovereignty.questionnaire.validate import check_sheet, value_problem
from sovereignty.services.demo import build_demo_tender
from sovereignty.tender.folder import Tender
from tests.hand_edit import sheet_edit

ESC = "\x1b"


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_tender(tmp_path_factory.mktemp("hostile") / "tender").root


@pytest.fixture
def demo(demo_root: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo tender, which a test may spoil."""
    import shutil

    return Path(shutil.copytree(demo_root, tmp_path / "tender"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out + err


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out = run(capsys, *args)
    assert code != 0, out
    assert "Traceback" not in out
    return out


def edit_sheet(root: Path, vendor: str, change: Any) -> Path:
    return sheet_edit(root, vendor, change)


def first_answer(data: dict[str, Any], kind: type) -> str:
    return next(
        qid
        for qid, answer in data["answers"].items()
        if isinstance(answer.get("value"), kind) and not isinstance(answer.get("value"), bool)
    )


# --- YAML ------------------------------------------------------------------------------------
@pytest.mark.parametrize("depth", [70, 990, 5000])
def test_yaml_nested_deeply_is_refused_with_its_line(tmp_path: Path, depth: int) -> None:
    text = "schema: x\nextra: " + "[" * depth + "]" * depth + "\n"
    with pytest.raises(ContentError) as info:
        parse_yaml(text, tmp_path / "deep.yaml")
    assert "line 2" in info.value.render("en")
    assert "nested too deeply" in info.value.render("en") or (
        "maximum nesting depth" in info.value.render("en")  # libyaml stops at 1,000
    )
    assert "imbrication trop profonde" in info.value.render("fr")


def test_yaml_as_deep_as_our_files_reads(tmp_path: Path) -> None:
    text = "a: " + "[" * 40 + "1" + "]" * 40 + "\n"
    assert parse_yaml(text, tmp_path / "ok.yaml").data["a"] is not None


def test_a_deep_answer_sheet_is_refused_by_check(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.yaml"
    sheet = (demo / "vendors/radiance/answers.yaml").read_text(encoding="utf-8")
    deep.write_text(sheet + "extra: " + "[" * 990 + "]" * 990 + "\n", encoding="utf-8")
    out = refused(capsys, "check", "--answers", str(deep), "--dir", str(demo), "--lang", "en")
    assert "deep.yaml" in out and "nested too deeply" in out


# --- numbers ---------------------------------------------------------------------------------
@pytest.mark.parametrize("huge", [10**400, -(10**400), 10**16, float("inf"), float("nan")])
def test_numbers_no_answer_can_mean_are_refused(huge: float) -> None:
    with pytest.raises(ValueError, match="number out of range"):
        Answer(value=huge)
    with pytest.raises(ValueError, match="number out of range"):
        Answer(value=[{"share": huge}])


@pytest.mark.parametrize("command", ["check", "score", "classify", "flows"])
def test_a_huge_integer_in_a_number_answer_is_refused_by_every_command(
    demo: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    edit_sheet(
        demo,
        "radiance",
        lambda d: d["answers"][first_answer(d, int)].__setitem__("value", 10**400),
    )
    out = refused(capsys, command, "radiance", "--dir", str(demo), "--lang", "en")
    assert "answers.yaml" in out and "line " in out and "number out of range" in out


def test_a_huge_decimal_answer_is_refused_in_french_too(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def huge_decimal(data: dict[str, Any]) -> None:
        data["answers"][first_answer(data, int)]["value"] = float(10**300)

    edit_sheet(demo, "radiance", huge_decimal)
    out = refused(capsys, "check", "radiance", "--dir", str(demo), "--lang", "fr")
    assert "ligne " in out and "nombre hors limites" in out


def test_value_problem_bounds_a_number_question(shipped_bank: Any) -> None:
    question = shipped_bank.by_id["need.user_count"]
    problem = value_problem(question, 10**400)
    assert problem is not None and "out of range" in problem.en


def test_a_grid_with_infinite_points_is_refused_by_check_and_freeze(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sovereignty.scoring.loader import DEFAULT_PROFILE

    text = Path(DEFAULT_PROFILE).read_text(encoding="utf-8")
    grid = tmp_path / "grid.yaml"
    grid.write_text(text.replace("points: 3\n", "points: .inf\n", 1), encoding="utf-8")
    assert grid.read_text(encoding="utf-8") != text
    out = refused(capsys, "profile", "check", str(grid), "--dir", str(demo), "--lang", "en")
    assert "grid.yaml" in out and "line " in out and "number out of range (inf)" in out
    (demo / "profile.yaml").write_text(grid.read_text(encoding="utf-8"), encoding="utf-8")
    out = refused(capsys, "profile", "freeze", "--dir", str(demo), "--lang", "en")
    assert "profile.yaml" in out and "number out of range" in out


def test_compare_draws_are_capped(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = refused(capsys, "compare", "--draws", "100000000", "--dir", str(demo), "--lang", "en")
    assert "--draws must be between 0 and 100000" in out


# --- files that are not files ----------------------------------------------------------------
def _cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOVEREIGNTY_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "sovereignty", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_given_as_an_answer_sheet_is_refused_before_reading(
    demo: Path, device: str
) -> None:
    result = _cli("check", "--answers", device, "--dir", str(demo), timeout=30)
    assert result.returncode == 1, result.stderr
    assert f"{device}: is not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_given_as_an_answer_sheet_or_a_form_is_refused(demo: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "sheet.yaml"
    os.mkfifo(fifo)
    result = _cli("check", "--answers", str(fifo), "--dir", str(demo), timeout=30)
    assert result.returncode == 1 and "is not a regular file" in result.stderr
    form = tmp_path / "form.xlsx"
    os.mkfifo(form)
    with pytest.raises(ContentError, match="not a regular file"):
        inspect_workbook(form)


@pytest.mark.skipif(not Path("/dev/urandom").exists(), reason="no /dev/urandom here")
def test_a_device_as_the_tenders_bank_is_refused(demo: Path) -> None:
    settings = demo / "tender.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "bank: /dev/urandom\n", encoding="utf-8"
    )
    result = _cli("status", "--dir", str(demo), timeout=30)
    assert result.returncode == 1, result.stdout
    assert "/dev/urandom: is not a regular file" in result.stderr


def test_a_damaged_deflate_stream_in_a_workbook_is_a_damaged_workbook(tmp_path: Path) -> None:
    path = tmp_path / "damaged.xlsx"
    types = b'<Types><Override ContentType="spreadsheetml.worksheet+xml"/></Types>' * 20
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("xl/workbook.xml", b"<workbook/>")
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("[Content_Types].xml")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start : start + 8] = b"\xff" * 8  # an invalid deflate block type
    path.write_bytes(bytes(data))
    with pytest.raises(ContentError) as caught:
        inspect_workbook(path)
    assert "corrupted workbook" in caught.value.render("en")
    assert "classeur endommagé" in caught.value.render("fr")


# --- arguments -------------------------------------------------------------------------------
def test_an_argument_that_is_not_utf8_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = b"IA \xff urgences".decode("utf-8", "surrogateescape")
    out = refused(
        capsys, "init", str(tmp_path / "t"), "--name", name, "--buyer", "CHU", "--lang", "en"
    )
    assert "argument 4 (IA \\xff urgences)" in out and "not UTF-8" in out
    assert not (tmp_path / "t").exists()


@pytest.mark.parametrize("vendor_id", ["acme\n", "acme\r", " acme", "acme\x00"])
def test_a_vendor_id_is_matched_whole(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, vendor_id: str
) -> None:
    monkeypatch.setenv("SOVEREIGNTY_LANG", "en")
    out = refused(capsys, "vendor", "add", vendor_id, "--name", "Acme", "--dir", str(demo))
    assert "vendor id" in out
    assert not (demo / "vendors" / vendor_id).exists()


def test_a_sheet_whose_vendor_id_has_a_trailing_newline_is_refused(demo: Path) -> None:
    path = edit_sheet(demo, "radiance", lambda d: d["vendor"].__setitem__("id", "radiance\n"))
    with pytest.raises(ContentError, match=r"vendor\.id"):
        load_sheet(path)


def test_a_sheet_naming_another_vendor_is_not_scored_under_the_folders_vendor(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_sheet(demo, "radiance", lambda d: d["vendor"].__setitem__("id", "northbridge"))
    for command in ("score", "classify"):
        out = refused(capsys, command, "radiance", "--dir", str(demo), "--lang", "en")
        assert "vendor.id is 'northbridge' but the sheet is in the folder of 'radiance'" in out
    out = refused(capsys, "compare", "--dir", str(demo), "--lang", "en")
    assert "radiance/answers.yaml" in out


# --- control characters ----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["Acme\x1b[2J", "Acme\bSAS", "Acme\nSAS", "Acme\u202eSAS"])
def test_control_characters_are_refused_in_names(
    demo: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    out = refused(capsys, "vendor", "add", "acme", "--name", name, "--dir", str(demo))
    assert "caractère de contrôle U+" in out
    assert ESC not in out


def test_a_vendor_name_with_control_characters_never_reaches_the_terminal_or_graphml(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_sheet(
        demo, "radiance", lambda d: d["vendor"].__setitem__("name", "Radiance\bSanté\x1b[2J")
    )
    out = refused(
        capsys, "flows", "radiance", "--export", str(tmp_path / "x.graphml"), "--dir", str(demo)
    )
    assert "vendor.name" in out and ESC not in out and "\b" not in out
    code, out = run(capsys, "status", "--dir", str(demo))
    assert code == 0 and "invalid" in out
    assert ESC not in out and "\b" not in out
    assert not (tmp_path / "x.graphml").exists()


def test_control_characters_in_answer_text_are_dropped_as_it_comes_in(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forged = "Tri\x1b[2J\x1b[1;1H\x9b2Kfaux\u202e\r\nsuite\tfin"

    def plant(data: dict[str, Any]) -> None:
        data["answers"][first_answer(data, str)]["value"] = forged
        data["answers"][first_answer(data, str)]["comment"] = forged

    path = edit_sheet(demo, "radiance", plant)
    sheet, _ = load_sheet(path)
    qid = first_answer(yaml.safe_load(path.read_text(encoding="utf-8")), str)
    assert sheet.answers[qid].value == "Tri[2J[1;1H2Kfaux\nsuite\tfin"
    assert sheet.answers[qid].comment == "Tri[2J[1;1H2Kfaux\nsuite\tfin"
    for command in (("status",), ("compare",), ("flows", "--all"), ("score", "radiance")):
        code, out = run(capsys, *command, "--dir", str(demo))
        assert code == 0, out
        assert ESC not in out and "\x9b" not in out and "\u202e" not in out


def test_terminal_output_shows_control_characters_instead_of_obeying_them() -> None:
    import click

    styled = click.style("Classement", bold=True, fg="red")
    shown = terminal_safe(styled + " Evil\x1b[2J\x9b1;1H\x1b[8mhidden\x07\u202e\tok\n")
    assert shown.startswith(styled)  # our own styles are kept
    assert "\\x1b[2J" in shown and "\\x9b1;1H" in shown and "\\x1b[8m" in shown
    assert "\\x07" in shown and "\\u202e" in shown and "\tok\n" in shown
    assert ESC + "[2J" not in shown and "\x07" not in shown


def test_json_output_escapes_c1_controls(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from sovereignty.cli.options import echo_json

    echo_json({"name": "a\x9bb\u202ec é"})
    out = capsys.readouterr().out
    assert "\x9b" not in out and "\u202e" not in out
    assert json.loads(out) == {"name": "a\x9bb\u202ec é"}


def test_graphml_export_holds_whatever_reached_the_graph(tmp_path: Path) -> None:
    from sovereignty.dataflow.graph import FlowGraph

    graph = FlowGraph()
    graph.nx.add_node("entity:x", kind="entity", name="X\x1b[2J\x00 SAS")
    text = graph.graphml("fr")
    assert "X[2J SAS" in text and ESC not in text


# --- flows files -----------------------------------------------------------------------------
FLOWS = """schema: sovereignty/flows/1
entities:
  - {{id: vendor, parent: group-a}}
  - {{id: group-a, name: Group A, country: {country}, parent: group-b}}
  - {{id: group-b, name: Group B, country: us, parent: {top}}}
systems:
  - {{id: pacs, name: PACS, type: pacs, establishment: chu-psa, holds: [health_identifying]}}
flows:
  - {{from: pacs, to: vendor, data: [health_identifying], purpose: inference}}
"""


def write_flows(root: Path, **values: str) -> Path:
    path = root / "vendors" / "radiance" / "flows.yaml"
    path.write_text(FLOWS.format(**{"country": "fr", "top": "null", **values}), encoding="utf-8")
    return path


def test_a_well_formed_flows_file_is_accepted(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_flows(demo)
    code, out = run(capsys, "flows", "radiance", "--dir", str(demo))
    assert code == 0, out


def test_an_ownership_loop_in_a_flows_file_is_refused(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_flows(demo, top="group-a")
    out = refused(capsys, "flows", "radiance", "--dir", str(demo), "--lang", "en")
    assert "flows.yaml" in out and "line 4" in out
    assert "ownership loop: group-a -> group-b -> group-a" in out
    out = refused(capsys, "flows", "radiance", "--dir", str(demo), "--lang", "fr")
    assert "boucle de contrôle" in out


def test_an_unknown_country_code_in_a_flows_file_is_refused(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_flows(demo, country="zz")
    out = refused(capsys, "flows", "radiance", "--dir", str(demo), "--lang", "en")
    assert "line 4" in out and "unknown country code 'zz'" in out


# --- exclusive choices -----------------------------------------------------------------------
def test_the_bank_declares_none_exclusive_wherever_it_is_a_tick_box(shipped_bank: Any) -> None:
    tick_boxes = [q for q in shipped_bank.questions if q.type == "multiple_choice"]
    with_none = [q for q in tick_boxes if "none" in q.values]
    assert with_none
    for question in with_none:
        assert "none" in question.exclusive, question.id


def test_contradictory_ticks_are_refused(demo: Path, shipped_bank: Any) -> None:
    question = shipped_bank.by_id["purpose.patients"]
    problem = value_problem(question, ["adults", "none"])
    assert problem is not None
    assert "'No patients' (none) excludes every other choice; found with: adults" in problem.en
    assert "« Aucun patient » (none) exclut tout autre choix" in problem.fr
    assert value_problem(question, ["none"]) is None
    assert value_problem(question, ["adults", "children"]) is None
    path = edit_sheet(
        demo,
        "radiance",
        lambda d: d["answers"].__setitem__("purpose.patients", {"value": ["adults", "none"]}),
    )
    sheet, doc = load_sheet(path)
    report = check_sheet(shipped_bank, sheet, doc)
    errors = [p for p in report.errors if p.subject == "purpose.patients"]
    assert errors and errors[0].where.startswith("line ")


def test_a_tender_sheet_with_contradictory_ticks_does_not_load_in_status_as_valid(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_sheet(
        demo,
        "radiance",
        lambda d: d["answers"].__setitem__("purpose.patients", {"value": ["adults", "none"]}),
    )
    out = refused(capsys, "check", "radiance", "--dir", str(demo), "--lang", "en")
    assert "purpose.patients" in out and "excludes every other choice" in out


@pytest.mark.parametrize("suffix", ["\n", "\r\n", "\x00", " "])
def test_every_kind_of_id_is_matched_whole(suffix: str) -> None:
    from pydantic import ValidationError

    from sovereignty.questionnaire.answers import VendorRef
    from sovereignty.register.model import check_entry_id
    from sovereignty.tender.folder import Establishment

    with pytest.raises(ValidationError):
        VendorRef(id="acme" + suffix, name="Acme")
    with pytest.raises(ValidationError):
        Establishment(id="chu-a" + suffix, name="CHU A")
    with pytest.raises(ValueError, match="entry id"):
        check_entry_id("radiance" + suffix)
    assert VendorRef(id="acme", name="Acme").id == "acme"


def test_a_form_ticking_none_with_another_choice_is_refused_on_its_cell(
    demo: Path, tmp_path: Path
) -> None:
    from sovereignty.core.errors import AnswersError
    from sovereignty.forms.fill import fill_form
    from sovereignty.services.form import export_form, import_form

    tender = Tender.open(demo)
    exported = export_form(tender, tmp_path / "form.xlsx", "fr", actor="test")
    sheet = tender.load_sheet("radiance")
    contradictory = sheet.answers["audit.reports"].model_copy(
        update={"value": ["iso_27001", "none"]}
    )
    filled = tmp_path / "filled.xlsx"
    fill_form(exported.path, filled, tender.bank, sheet.with_answer("audit.reports", contradictory))
    with pytest.raises(AnswersError) as caught:
        import_form(tender, filled, "radiance", dry_run=True)
    [problem] = [p for p in caught.value.problems if p.subject == "audit.reports"]
    assert "cell " in problem.where
    assert "excludes every other choice" in problem.says("en")
