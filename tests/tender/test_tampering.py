"""Tampering outside the tool: every kind of change to the journal, the answer sheets, the
evaluators' files, the overrides and the grid is detected by `compare`, `score` and `status`,
and named (the file and what happened to it)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from sovereignty.cli import main
from sovereignty.core.errors import SovereigntyError
from sovereignty.services import scoring
from sovereignty.services.demo import build_demo_tender
from sovereignty.tender.folder import Tender
from sovereignty.tender.journal import _entry_hash

SHEET = "vendors/radiance/answers.yaml"


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo tender, scored (grid frozen, two evaluators), with one override and one answer
    changed since (its older version kept aside, outside the folder)."""
    root = tmp_path_factory.mktemp("tamper") / "demo"
    tender = build_demo_tender(root)
    scoring.demo_step(tender, root, "fr")
    loaded = scoring.load_tender_profile(tender)
    scoring.set_override(tender, loaded, "radiance", "exit.plan", 50, "Avenant n° 2", "Jeanne")
    shutil.copy(root / SHEET, root.parent / "older-radiance.yaml")
    sheet = tender.load_sheet("radiance")
    qid, answer = next((q, a) for q, a in sheet.answers.items() if isinstance(a.value, str))
    changed = sheet.with_answer(qid, answer.model_copy(update={"value": answer.value + " (v2)"}))
    tender.save_sheet(changed, "answer.recorded", "Jeanne", base=sheet, question=qid)
    return root


# --- the changes -------------------------------------------------------------------------------
def lines(root: Path) -> list[str]:
    return (root / "journal.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)


def set_lines(root: Path, kept: list[str]) -> None:
    (root / "journal.jsonl").write_text("".join(kept), encoding="utf-8")


def edit_yaml(rel: str, change: Callable[[dict], None]) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        path = root / rel
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    return mutate


def first_text_answer(data: dict) -> dict:
    return next(
        a for a in data["answers"].values() if isinstance(a.get("value"), str) and a.get("by")
    )


def journal_edit(root: Path) -> None:
    kept = lines(root)
    kept[3] = kept[3].replace('"demo"', '"someone"', 1)
    set_lines(root, kept)


def journal_edit_rehashed(root: Path) -> None:
    kept = lines(root)
    raw = json.loads(kept[3])
    raw["actor"] = "someone"
    raw["hash"] = _entry_hash(raw)  # a careful forger recomputes the entry's own hash
    kept[3] = json.dumps(raw, ensure_ascii=False, sort_keys=True) + "\n"
    set_lines(root, kept)


def journal_delete_middle(root: Path) -> None:
    kept = lines(root)
    set_lines(root, kept[:4] + kept[5:])


def journal_reorder(root: Path) -> None:
    kept = lines(root)
    kept[4], kept[5] = kept[5], kept[4]
    set_lines(root, kept)


def journal_truncate_third(root: Path) -> None:
    kept = lines(root)
    set_lines(root, kept[: len(kept) // 3])


def journal_truncate_last_save(root: Path) -> None:
    kept = lines(root)
    last = max(i for i, line in enumerate(kept) if '"record"' in line)
    set_lines(root, kept[:last])


def journal_forged_line(root: Path) -> None:
    kept = lines(root)
    raw = json.loads(kept[-1])
    raw["details"] = {"vendor": "radiance", "criterion": "exit.plan", "percent": 0}
    raw["hash"], raw["prev"] = "f" * 64, "e" * 64
    set_lines(root, [*kept, json.dumps(raw) + "\n"])


def journal_of_another_tender(root: Path) -> None:
    other = build_demo_tender(root.parent / f"other-{root.name}")
    shutil.copy(other.journal_path, root / "journal.jsonl")


def restore_previous_version(root: Path) -> None:
    """An older journaled version of the sheet put back (an answer rolled back)."""
    shutil.copy(root.parent / "older-radiance.yaml", root / SHEET)


def other_establishment(data: dict) -> None:
    data["establishment"] = "chu-psa" if data["establishment"] != "chu-psa" else "ch-valmont"


def forge_evaluator(root: Path) -> None:
    source = sorted((root / "evaluations").glob("*.yaml"))[0]
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["evaluator"] = "faux-evaluateur"
    (root / "evaluations" / "faux-evaluateur.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )


def first_mark(data: dict) -> dict:
    vendor = next(iter(data["scores"].values()))
    return next(iter(vendor.values()))


def replace_grid(root: Path) -> None:
    from sovereignty.scoring.loader import DEFAULT_PROFILE

    text = DEFAULT_PROFILE.read_text(encoding="utf-8")
    assert "    weight: 5\n" in text
    (root / "profile.yaml").write_text(
        text.replace("    weight: 5\n", "    weight: 6\n", 1), "utf-8"
    )


def replace_grid_and_cut_the_freeze(root: Path) -> None:
    replace_grid(root)
    kept = lines(root)
    frozen = next(i for i, line in enumerate(kept) if '"profile.frozen"' in line)
    set_lines(root, kept[:frozen])


SCENARIOS: dict[str, Callable[[Path], None]] = {
    # the journal
    "journal: an entry edited": journal_edit,
    "journal: an entry edited and re-hashed": journal_edit_rehashed,
    "journal: an entry deleted": journal_delete_middle,
    "journal: two entries swapped": journal_reorder,
    "journal: cut to a third": journal_truncate_third,
    "journal: cut before the last save": journal_truncate_last_save,
    "journal: deleted": lambda root: (root / "journal.jsonl").unlink(),
    "journal: emptied": lambda root: set_lines(root, []),
    "journal: a forged line appended": journal_forged_line,
    "journal: replaced by another tender's": journal_of_another_tender,
    # the answers
    "answer: value edited": edit_yaml(
        SHEET, lambda d: first_text_answer(d).update(value=first_text_answer(d)["value"] + " !")
    ),
    "answer: author edited": edit_yaml(SHEET, lambda d: first_text_answer(d).update(by="X")),
    "answer: date edited": edit_yaml(
        SHEET, lambda d: first_text_answer(d).update(at="2020-01-01T00:00:00+00:00")
    ),
    "answer: deleted": edit_yaml(SHEET, lambda d: d["answers"].popitem()),
    "answer: added": edit_yaml(SHEET, lambda d: d["answers"].update({"x.y": {"unknown": True}})),
    "answer: vendor renamed": edit_yaml(SHEET, lambda d: d["vendor"].update(name="Autre SAS")),
    "answer: sheet deleted": lambda root: (root / SHEET).unlink(),
    "answer: sheet replaced by another vendor's": lambda root: (root / SHEET).write_text(
        (root / "vendors/openscan/answers.yaml")
        .read_text(encoding="utf-8")
        .replace("id: openscan", "id: radiance"),
        encoding="utf-8",
    ),
    "answer: an older version put back": restore_previous_version,
    # the evaluators' files
    "mark: edited": lambda root: edit_yaml(
        next(p.relative_to(root).as_posix() for p in (root / "evaluations").glob("*.yaml")),
        lambda d: first_mark(d).update(mark=(first_mark(d)["mark"] + 1) % 5),
    )(root),
    "mark: justification edited": lambda root: edit_yaml(
        next(p.relative_to(root).as_posix() for p in (root / "evaluations").glob("*.yaml")),
        lambda d: first_mark(d).update(justification="autre"),
    )(root),
    "mark: deleted": lambda root: edit_yaml(
        next(p.relative_to(root).as_posix() for p in (root / "evaluations").glob("*.yaml")),
        lambda d: next(iter(d["scores"].values())).popitem(),
    )(root),
    "mark: establishment edited": lambda root: edit_yaml(
        next(p.relative_to(root).as_posix() for p in (root / "evaluations").glob("*.yaml")),
        other_establishment,
    )(root),
    "evaluator file: forged": forge_evaluator,
    "evaluator file: deleted": lambda root: sorted((root / "evaluations").glob("*.yaml"))[
        0
    ].unlink(),
    # the overrides
    "override: percent edited": edit_yaml(
        "overrides.yaml", lambda d: d["overrides"][0].update(percent=90)
    ),
    "override: file deleted": lambda root: (root / "overrides.yaml").unlink(),
    "override: one forged": edit_yaml(
        "overrides.yaml",
        lambda d: d["overrides"].append({**d["overrides"][0], "vendor": "openscan"}),
    ),
    # the grid
    "grid: replaced": replace_grid,
    "grid: replaced and its freeze cut from the journal": replace_grid_and_cut_the_freeze,
}


def copy_of(scored: Path, tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(scored, root)
    shutil.copy(scored.parent / "older-radiance.yaml", tmp_path)
    return root


@pytest.fixture
def tampered(scored: Path, tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    root = copy_of(scored, tmp_path)
    SCENARIOS[request.param](root)
    return root


@pytest.mark.parametrize("tampered", list(SCENARIOS), indirect=True)
def test_every_kind_of_tampering_is_refused_by_compare_and_score(tampered: Path) -> None:
    tender = Tender.open(tampered)
    with pytest.raises(SovereigntyError) as info:
        scoring.compare_tender(tender, draws=0)
    assert "Traceback" not in info.value.render("en")
    with pytest.raises(SovereigntyError):
        scoring.score_tender(tender, vendors=["radiance"])


@pytest.mark.parametrize("tampered", list(SCENARIOS), indirect=True)
def test_every_kind_of_tampering_is_reported_by_status(
    tampered: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["status", "--dir", str(tampered), "--lang", "en"])
    out = capsys.readouterr().out
    assert info.value.code == 1, out
    assert "the folder no longer matches the journal" in out


def test_an_untouched_tender_verifies_everywhere(
    scored: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tender = Tender.open(scored)
    head, problems = tender.check_records()
    assert problems == [] and head.entries == len(lines(scored))
    result, _ = scoring.compare_tender(tender, draws=0)
    assert result.journal == head
    assert main_exit(["journal", "--verify", "--dir", str(scored), "--lang", "en"]) == 0
    assert f"{head.entries} entries, last {head.hash}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("scenario", "named"),
    [
        ("answer: value edited", f"{SHEET}: the file was changed outside the tool since"),
        ("answer: sheet deleted", f"{SHEET}: the file was deleted outside the tool"),
        ("evaluator file: forged", "evaluations/faux-evaluateur.yaml: this file is not in the"),
        ("journal: cut to a third", "which journal.jsonl no longer holds: the journal was cut"),
        ("journal: deleted", "the tender's journal is missing"),
        ("journal: two entries swapped", "the chain is broken before this line"),
    ],
)
def test_the_refusal_names_the_file_and_what_happened(
    scored: Path, tmp_path: Path, scenario: str, named: str
) -> None:
    root = copy_of(scored, tmp_path)
    SCENARIOS[scenario](root)
    _, problems = Tender.open(root).check_records()
    assert any(named in p.render("en") for p in problems), [p.render("en") for p in problems]
    french = " ".join(p.render("fr") for p in problems)
    assert "outside" not in french and " the " not in french  # nothing left in English


def test_a_cut_journal_no_longer_matches_the_head_printed_in_status_and_json(
    scored: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_of(scored, tmp_path)
    Tender.open(root).log("comparison.computed", "Jeanne")  # an entry that saves no file
    assert main_exit(["compare", "--dir", str(root), "--json", "--draws", "0"]) == 0
    published = json.loads(capsys.readouterr().out)["journal"]
    assert published["entries"] == len(lines(root))
    set_lines(root, lines(root)[:-1])  # only a head printed before can show this cut
    assert main_exit(["status", "--dir", str(root), "--json"]) == 0
    now = json.loads(capsys.readouterr().out)["journal"]
    assert now["entries"] == published["entries"] - 1 and now["head"] != published["head"]


def test_a_file_edited_by_hand_on_purpose_can_be_accepted_with_a_reason(
    scored: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_of(scored, tmp_path)
    SCENARIOS["answer: value edited"](root)
    assert main_exit(["journal", "--accept", SHEET, "--dir", str(root)]) == 2  # --why needed
    code = main_exit(["journal", "--accept", SHEET, "--why", "Coquille", "--dir", str(root)])
    assert code == 0
    tender = Tender.open(root)
    assert tender.check_records()[1] == []
    entry = json.loads(lines(root)[-1])
    assert entry["action"] == "record.accepted" and entry["details"]["reason"] == "Coquille"


def main_exit(argv: list[str]) -> int:
    try:
        main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_a_change_by_hand_is_described_from_the_version_last_journaled(
    scored: Path, tmp_path: Path
) -> None:
    import re

    root = copy_of(scored, tmp_path)
    sheet = root / SHEET
    text = sheet.read_text(encoding="utf-8")
    found = re.search(r"\n  ([a-z_.]+):\n    value: ([a-z_]+)\n", text)
    assert found, "no plain choice answer in the sheet"
    qid, old = found.groups()
    sheet.write_text(text.replace(found.group(0), found.group(0).replace(old, "autre")), "utf-8")
    (problem,) = Tender.open(root).check_records()[1]
    assert f"(changed: answers.{qid}.value: '{old}' → 'autre')" in problem.render("en")
    assert f"(changé : answers.{qid}.value: '{old}' → 'autre')" in problem.render("fr")


@pytest.mark.parametrize(
    "command",
    [["classify", "radiance"], ["flows", "radiance"], ["score", "radiance"], ["status"]],
)
def test_json_outputs_name_the_journal_head(
    scored: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from sovereignty.tender.journal import journal_head

    assert main_exit([*command, "--json", "--dir", str(scored)]) == 0
    data = json.loads(capsys.readouterr().out)
    head = journal_head(scored / "journal.jsonl")
    assert (data["journal"]["entries"], data["journal"]["head"]) == (head.entries, head.hash)


def test_assess_refuses_to_start_on_a_sheet_changed_by_hand(scored: Path, tmp_path: Path) -> None:
    from sovereignty.services.assess import Assessment

    root = copy_of(scored, tmp_path)
    SCENARIOS["answer: author edited"](root)
    with pytest.raises(SovereigntyError, match="changed outside the tool"):
        Assessment(Tender.open(root), "radiance", None, "en")  # type: ignore[arg-type]


@pytest.mark.parametrize("scenario", ["grid: replaced", "answer: added", "journal: deleted"])
def test_journal_verify_checks_the_files_and_the_grid_too(
    scored: Path, tmp_path: Path, scenario: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_of(scored, tmp_path)
    SCENARIOS[scenario](root)
    assert main_exit(["journal", "--verify", "--dir", str(root), "--lang", "en"]) == 1
    assert "Journal intact" not in capsys.readouterr().out
