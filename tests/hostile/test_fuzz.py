"""Fuzzing the files a tender reads from outside: answer sheets, scoring grids, flows files and
response forms. Whatever they hold, the tool answers with its own error (a SovereigntyError,
which the command line prints with the file and the place) or a result; never a traceback, and
never a hang (each example has a deadline).

Each test starts from a valid file of the demo tender and spoils it at random places with the
values that broke the tool before: 400-digit integers, infinities, control characters and
terminal escapes, wrong types, deep nesting, unknown keys.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from sovereignty.core.errors import SovereigntyError
from sovereignty.core.yamlio import dump_yaml, parse_yaml
from sovereignty.questionnaire.answers import parse_sheet
from sovereignty.questionnaire.validate import check_sheet
from sovereignty.scoring.engine import score_offer
from sovereignty.scoring.loader import DEFAULT_PROFILE, load_profile, parse_profile
from sovereignty.services.demo import build_demo_tender
from sovereignty.services.flows import vendor_flows
from sovereignty.services.scoring import offer_inputs
from sovereignty.tender.folder import Tender

pytestmark = pytest.mark.slow


def fuzz(examples: int) -> settings:
    # Hypothesis runs each test in one process with one tender: the fixture is shared on purpose.
    return settings(
        max_examples=examples,
        deadline=dt.timedelta(seconds=20),  # a hang fails the example instead of the suite
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,  # the same examples on every run, so a failure can be replayed
        # no shrinking: a failure shows the example as generated, and the suite stays fast
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
    )


CONTROL = "\x00\x07\x08\x0b\x0c\x0d\x1b\x7f\x85\x9b\u200e\u202e\u2066"
hostile_text = st.text(
    alphabet=st.sampled_from(f"{CONTROL}aZé0 -_.:[]{{}}\n\t=+@«»"), max_size=30
) | st.sampled_from(
    [
        "\x1b[2J\x1b[1;1HForged line",
        '=HYPERLINK("http://x")',
        "Voir mémoire technique, p. 12",
        "none",
        "yes",
        "2020-13-45",
        "1" * 5000,
    ]
)
hostile_number = (
    st.sampled_from(
        [10**400, -(10**400), 10**16, float("inf"), float("-inf"), float("nan"), 1e308, -1, 0]
    )
    | st.integers()
    | st.floats()
)
scalar = hostile_text | hostile_number | st.booleans() | st.none()
hostile_value = st.recursive(
    scalar,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=12,
)


def nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


def spoil(data: Any, draw: Callable[..., Any], times: int) -> Any:
    """``data`` with ``times`` random places replaced, deleted, or given an extra key."""
    for _ in range(times):
        node = data
        path: list[Any] = []
        while isinstance(node, dict | list) and node and len(path) < 8 and draw(st.booleans()):
            key = draw(st.sampled_from(list(node) if isinstance(node, dict) else range(len(node))))
            path.append(key)
            node = node[key]
        if not path:
            continue
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add", "deep"]))
        if action == "replace":
            parent[path[-1]] = draw(hostile_value)
        elif action == "delete":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(hostile_text)] = draw(hostile_value)
        elif action == "deep":
            parent[path[-1]] = nested(draw(st.sampled_from([3, 70, 900])))
    return data


def dumped(data: Any) -> str:
    """YAML text of spoiled data; what PyYAML cannot write at all (a key that is a list) is
    written as text instead."""
    try:
        return dump_yaml(data)
    except (yaml.YAMLError, TypeError, ValueError, RecursionError):
        return str(data)


@pytest.fixture(scope="module")
def tender(tmp_path_factory: pytest.TempPathFactory) -> Tender:
    return build_demo_tender(tmp_path_factory.mktemp("fuzz") / "tender")


@pytest.fixture(scope="module")
def sheet_data(tender: Tender) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        tender.answers_path("radiance").read_text(encoding="utf-8")
    )
    return data


GRID = load_profile()


def survives(action: Callable[[], Any]) -> None:
    """Run ``action``: a result or one of our errors, nothing else."""
    try:
        action()
    except SovereigntyError as error:
        assert error.render("fr") and error.render("en")
        event(f"refused: {type(error).__name__}")  # --hypothesis-show-statistics
    else:
        event("accepted")


# --- answer sheets ---------------------------------------------------------------------------
@fuzz(80)
@given(data=st.data())
def test_fuzzed_answer_sheets_are_checked_and_scored_or_refused(
    tender: Tender, sheet_data: dict[str, Any], data: st.DataObject
) -> None:
    spoiled = yaml.safe_load(yaml.safe_dump(sheet_data))
    answers = spoiled["answers"]
    for _ in range(data.draw(st.integers(1, 4))):
        qid = data.draw(st.sampled_from([*tender.bank.by_id, "x.y", "answers"]))
        answers[qid] = data.draw(
            st.fixed_dictionaries({"value": hostile_value})
            | st.fixed_dictionaries({"unknown": st.booleans()})
            | hostile_value
        )
    spoil(spoiled, data.draw, data.draw(st.integers(0, 2)))
    text = dumped(spoiled)
    path = tender.answers_path("radiance")
    original = path.read_bytes()
    path.write_text(text, encoding="utf-8")
    try:
        survives(lambda: score_offer(GRID.profile, offer_inputs(tender, "radiance")))
    finally:
        path.write_bytes(original)


def plausible(question: Any) -> st.SearchStrategy[Any]:
    """Values of the question's own type, extremes included: they pass the answer checks, so
    they reach the classification, the rules, the graph and the score."""
    kind = question.type
    if kind in ("single_choice", "yes_no"):
        return st.sampled_from(list(question.values))
    if kind == "multiple_choice":
        return st.lists(st.sampled_from(list(question.values)), min_size=1, unique=True)
    if kind == "number":
        low = question.min if question.min is not None else -(10**15)
        high = question.max if question.max is not None else 10**15
        return st.sampled_from([low, high]) | st.integers(int(low), int(high))
    if kind == "date":
        return st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)).map(dt.date.isoformat)
    if kind == "text":
        return hostile_text.filter(str.strip)
    return st.just([])  # records: none listed


@fuzz(80)
@given(data=st.data())
def test_plausible_answer_sheets_are_analysed_and_scored(
    tender: Tender, sheet_data: dict[str, Any], data: st.DataObject
) -> None:
    spoiled = yaml.safe_load(yaml.safe_dump(sheet_data))
    for _ in range(data.draw(st.integers(1, 12))):
        question = data.draw(st.sampled_from(tender.bank.questions))
        spoiled["answers"][question.id] = {"value": data.draw(plausible(question))}
    path = tender.answers_path("radiance")
    original = path.read_bytes()
    path.write_text(dumped(spoiled), encoding="utf-8")
    try:
        survives(lambda: score_offer(GRID.profile, offer_inputs(tender, "radiance")))
    finally:
        path.write_bytes(original)


@fuzz(300)
@given(text=st.text(max_size=200) | hostile_text)
def test_any_text_as_an_answer_sheet_is_read_or_refused(
    tender: Tender, tmp_path: Path, text: str
) -> None:
    def read() -> None:
        doc = parse_yaml(text, tmp_path / "answers.yaml")
        check_sheet(tender.bank, parse_sheet(doc), doc)

    survives(read)


# --- scoring grids ---------------------------------------------------------------------------
@fuzz(80)
@given(data=st.data())
def test_fuzzed_grids_are_checked_and_used_or_refused(
    tender: Tender, tmp_path: Path, data: st.DataObject
) -> None:
    grid = yaml.safe_load(Path(DEFAULT_PROFILE).read_text(encoding="utf-8"))
    spoil(grid, data.draw, data.draw(st.integers(1, 4)))
    text = dumped(grid)
    inputs = offer_inputs(tender, "radiance")

    def check_and_score() -> None:
        doc = parse_yaml(text, tmp_path / "grid.yaml")
        profile = parse_profile(doc, tender.bank)
        score_offer(profile, inputs)

    survives(check_and_score)


# --- flows files -----------------------------------------------------------------------------
FLOWS: dict[str, Any] = {
    "schema": "sovereignty/flows/1",
    "entities": [
        {"id": "vendor", "parent": "group"},
        {"id": "group", "name": "Group Inc.", "country": "us"},
        {"id": "backup", "name": "Backup SAS", "country": "fr", "hospital_contract": True},
    ],
    "systems": [
        {
            "id": "pacs",
            "name": "PACS",
            "type": "pacs",
            "establishment": "chu-psa",
            "holds": ["health_identifying"],
        }
    ],
    "people": [{"id": "urgentistes", "name": "Urgentistes", "establishment": "chu-psa"}],
    "services": [{"id": "gw", "name": "Passerelle", "operated_by": "chu-psa"}],
    "flows": [
        {"from": "pacs", "to": "vendor", "data": ["health_identifying"], "purpose": "inference"},
        {"from": "vendor", "to": "urgentistes", "data": ["health_identifying"]},
    ],
}


@fuzz(80)
@given(data=st.data())
def test_fuzzed_flows_files_are_analysed_or_refused(tender: Tender, data: st.DataObject) -> None:
    flows = yaml.safe_load(yaml.safe_dump(FLOWS))
    spoil(flows, data.draw, data.draw(st.integers(1, 4)))
    path = tender.flows_path("radiance")
    path.write_text(dumped(flows), encoding="utf-8")
    try:
        survives(lambda: vendor_flows(tender, "radiance"))
    finally:
        path.unlink()


# --- response forms --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def filled_form(tender: Tender, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sovereignty.forms.fill import fill_form
    from sovereignty.services.form import export_form

    out = tmp_path_factory.mktemp("fuzz-form")
    exported = export_form(tender, out / "form.xlsx", "fr", actor="test")
    filled = out / "filled.xlsx"
    fill_form(exported.path, filled, tender.bank, tender.load_sheet("radiance"))
    return filled


@fuzz(25)
@given(data=st.data())
def test_fuzzed_forms_are_imported_or_refused(
    tender: Tender, filled_form: Path, tmp_path: Path, data: st.DataObject
) -> None:
    import openpyxl
    from openpyxl.utils.exceptions import IllegalCharacterError

    from sovereignty.services.form import import_form

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(filled_form)
    sheets = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
    for _ in range(data.draw(st.integers(1, 6))):
        sheet = data.draw(st.sampled_from(sheets))
        row = data.draw(st.integers(1, max(1, min(sheet.max_row, 200))))
        column = data.draw(st.integers(1, 8))
        value = data.draw(
            st.sampled_from([10**400, float("inf"), 1e300, -(10**20), dt.date(1, 1, 1)])
            | st.integers(-(10**18), 10**18)
            | hostile_text.map(lambda t: t.replace("\x00", ""))
        )
        try:
            sheet.cell(row=row, column=column).value = value
        except (ValueError, TypeError, AttributeError, IllegalCharacterError):
            continue  # openpyxl will not write it (or the cell is merged): nothing to import
    here = Path(tempfile.mkdtemp(dir=tmp_path))  # tmp_path is the same for every example
    spoiled = here / "spoiled.xlsx"
    try:
        workbook.save(spoiled)
    except (ValueError, TypeError, OverflowError):  # openpyxl cannot save it at all
        return
    copy = here / "tender"
    shutil.copytree(tender.root, copy)
    survives(lambda: import_form(Tender.open(copy), spoiled, "radiance", dry_run=True))
