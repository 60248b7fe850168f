"""The tender side: freezing the grid, journaled overrides, the comparison files, the demo."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from sovereignty.core.errors import ContentError, TenderError, UsageError
from sovereignty.questionnaire.answers import Answer
from sovereignty.scoring.export import neutralise
from sovereignty.services import scoring
from sovereignty.services.demo import build_demo_tender
from sovereignty.tender.folder import Tender
from sovereignty.tender.journal import read_journal, verify_journal
from tests.scoring.conftest import MINI_PROFILE


def actions(tender: Tender, action: str) -> list[dict[str, object]]:
    return [e.details for e in read_journal(tender.journal_path) if e.action == action]


def test_freezing_records_the_profile_hash_in_the_journal(scoring_tender: Tender) -> None:
    loaded = scoring.load_tender_profile(scoring_tender)
    freeze, written = scoring.freeze_profile(scoring_tender, loaded, "Jeanne")
    assert written and freeze.hash == loaded.hash and freeze.actor == "Jeanne"
    assert actions(scoring_tender, "profile.frozen")[0]["hash"] == loaded.hash
    again, written_again = scoring.freeze_profile(scoring_tender, loaded, "Jeanne")
    assert not written_again and again == freeze
    assert len(actions(scoring_tender, "profile.frozen")) == 1


def test_a_frozen_profile_that_was_changed_is_detected_and_refused(scoring_tender: Tender) -> None:
    scoring.freeze_profile(scoring_tender, scoring.load_tender_profile(scoring_tender), "Jeanne")
    path = scoring_tender.root / "profile.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("weight: 40", "weight: 30")
        .replace("weight: 20\n    label: {fr: Flux", "weight: 30\n    label: {fr: Flux"),
        encoding="utf-8",
    )
    with pytest.raises(TenderError) as info:
        scoring.score_tender(scoring_tender)
    message = info.value.render("en")
    assert "frozen" in message and "refused" in message and "--why TEXT" in message
    message = info.value.render("fr")
    assert "gelée le" in message and "la notation est donc refusée" in message
    assert "--why TEXTE" in message
    with pytest.raises(TenderError):
        scoring.compare_tender(scoring_tender, draws=0)
    # Restoring the frozen grid makes scoring possible again.
    shutil.copy(MINI_PROFILE, path)
    assert (
        scoring.score_tender(scoring_tender).loaded.hash
        == actions(scoring_tender, "profile.frozen")[0]["hash"]
    )


def test_re_freezing_a_changed_profile_needs_a_reason_and_is_journaled(
    scoring_tender: Tender,
) -> None:
    first = scoring.load_tender_profile(scoring_tender)
    scoring.freeze_profile(scoring_tender, first, "Jeanne")
    path = scoring_tender.root / "profile.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("{fr: Flux, en: Flows}", "{fr: Flux, en: Flow}"),
        encoding="utf-8",
    )
    changed = scoring.load_tender_profile(scoring_tender)
    with pytest.raises(UsageError, match="--why TEXT"):
        scoring.freeze_profile(scoring_tender, changed, "Jeanne")
    scoring.freeze_profile(scoring_tender, changed, "Jeanne", "Coquille corrigée dans le RC")
    last = actions(scoring_tender, "profile.frozen")[-1]
    assert last["replaces"] == first.hash and last["reason"] == "Coquille corrigée dans le RC"
    assert scoring.score_tender(scoring_tender).loaded.hash == changed.hash
    assert verify_journal(scoring_tender.journal_path) == []


def test_an_override_is_journaled_and_shown_with_who_and_why(scoring_tender: Tender) -> None:
    loaded = scoring.load_tender_profile(scoring_tender)
    scoring.set_override(
        scoring_tender, loaded, "acme", "decide.hosting", 10, "Avenant n° 2", "Jeanne Martin"
    )
    entry = actions(scoring_tender, "score.overridden")[0]
    assert (entry["vendor"], entry["criterion"], entry["percent"]) == ("acme", "decide.hosting", 10)
    assert entry["justification"] == "Avenant n° 2" and entry["profile"] == loaded.hash
    result = scoring.score_tender(scoring_tender, vendors=["acme"])
    hosting = result.scores[0].criterion("decide.hosting")
    assert hosting.overridden and hosting.share == pytest.approx(0.1)
    assert hosting.computed == pytest.approx(2 / 3)  # saas 1/2 + hds 1/1 = 2 of 3 points
    assert hosting.evidence[-1].by == "Jeanne Martin"
    both, comparison = scoring.compare_tender(scoring_tender, draws=0)
    written = scoring.write_comparison(both, comparison, None, scoring_tender.root / "c.csv")
    rows = list(csv.DictReader(io.StringIO(written[0].read_text(encoding="utf-8"))))
    cell = next(r for r in rows if r["vendor"] == "acme")["overridden"]
    assert cell.startswith("decide.hosting=10% (Jeanne Martin, ") and "Avenant n° 2" in cell
    note = comparison.overrides[0]
    assert (note.vendor, note.by, note.percent) == ("acme", "Jeanne Martin", 10)
    assert note.computed == pytest.approx(200 / 3)
    from sovereignty.scoring.present_award import comparison_lines

    text = "\n".join(comparison_lines(comparison, both.scores, both.loaded.profile, "fr"))
    assert "DÉROGATION par Jeanne Martin" in text and "Avenant n° 2" in text


def test_an_override_edited_by_hand_without_the_journal_is_refused(scoring_tender: Tender) -> None:
    loaded = scoring.load_tender_profile(scoring_tender)
    scoring.set_override(scoring_tender, loaded, "acme", "decide.hosting", 10, "Avenant", "Jeanne")
    path = scoring_tender.root / "overrides.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("percent: 10", "percent: 90"), encoding="utf-8"
    )
    with pytest.raises(ContentError) as info:
        scoring.score_tender(scoring_tender)
    english, french = info.value.render("en"), info.value.render("fr")
    assert "line 5, column 3: [acme/decide.hosting]" in english  # under the journal anchor
    assert "not recorded in the tender's journal" in english
    # French: the same place, file and subject, and French typography.
    assert str(path) + " : ligne 5, colonne 3 : [acme/decide.hosting]" in french
    assert "n'est pas enregistrée dans le journal de la consultation ;" in french


def test_an_override_deleted_by_hand_from_the_file_is_refused_not_dropped(
    scoring_tender: Tender,
) -> None:
    loaded = scoring.load_tender_profile(scoring_tender)
    scoring.set_override(scoring_tender, loaded, "acme", "decide.hosting", 10, "Avenant", "Jeanne")
    (scoring_tender.root / "overrides.yaml").unlink()
    with pytest.raises(ContentError) as info:
        scoring.score_tender(scoring_tender)
    english = info.value.render("en")
    assert "[acme/decide.hosting]" in english and "missing from overrides.yaml" in english
    assert "--clear-override decide.hosting" in english
    assert "manque à overrides.yaml" in info.value.render("fr")


def test_removing_an_override_is_journaled_too(scoring_tender: Tender) -> None:
    loaded = scoring.load_tender_profile(scoring_tender)
    scoring.set_override(scoring_tender, loaded, "acme", "decide.hosting", 10, "Avenant", "J")
    scoring.clear_override(scoring_tender, loaded, "acme", "decide.hosting", "Avenant retiré", "J")
    assert actions(scoring_tender, "score.override_removed")[0]["reason"] == "Avenant retiré"
    assert not scoring.score_tender(scoring_tender).scores[0].criterion("decide.hosting").overridden
    with pytest.raises(UsageError):
        scoring.clear_override(scoring_tender, loaded, "acme", "decide.hosting", "again", "J")


def test_overrides_need_a_known_criterion_a_percentage_and_a_reason(scoring_tender: Tender) -> None:
    loaded = scoring.load_tender_profile(scoring_tender)
    with pytest.raises(UsageError, match=r"no criterion 'decide\.hostin'"):
        scoring.set_override(scoring_tender, loaded, "acme", "decide.hostin", 10, "x", "J")
    with pytest.raises(UsageError, match="0 to 100"):
        scoring.set_override(scoring_tender, loaded, "acme", "decide.hosting", 120, "x", "J")
    with pytest.raises(UsageError, match="--why"):
        scoring.set_override(scoring_tender, loaded, "acme", "decide.hosting", 10, " ", "J")
    assert not (scoring_tender.root / "overrides.yaml").exists()
    assert actions(scoring_tender, "score.overridden") == []


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(scoring_tender: Tender) -> None:
    sheet = scoring_tender.load_sheet("beta")
    hostile = '=HYPERLINK("http://x","clic")'
    scoring_tender.save_sheet(
        sheet.model_copy(update={"vendor": sheet.vendor.model_copy(update={"name": hostile})})
    )
    result, comparison = scoring.compare_tender(scoring_tender, draws=0)
    out = scoring.write_comparison(result, comparison, None, scoring_tender.root / "c.csv")[0]
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    names = [row[2] for row in rows[1:]]
    assert "'" + hostile in names
    assert all(not str(cell).startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert [neutralise(x) for x in ("+1", "-a", "@b", "ok", 3.5)] == [
        "'+1",
        "'-a",
        "'@b",
        "ok",
        3.5,
    ]


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "demo"
    tender = build_demo_tender(root)
    from sovereignty.services.award import prices_step

    prices_step(tender, root, "fr")
    scoring.demo_step(tender, root, "fr")
    return root


def test_the_demo_writes_two_evaluators_freezes_the_grid_and_compares_three_offers(
    demo_root: Path,
) -> None:
    tender = Tender.open(demo_root)
    files = scoring.load_tender_evaluations(tender, scoring.load_tender_profile(tender))
    assert len(files) == 2 and len({f.establishment for f in files}) == 2
    freeze = scoring.current_freeze(tender)
    assert freeze is not None and freeze.hash == scoring.load_tender_profile(tender).hash
    data = json.loads((demo_root / "comparison.json").read_text(encoding="utf-8"))
    ranked = data["comparison"]["ranking"] + data["comparison"]["rejected"]
    assert sorted(e["vendor"] for e in ranked) == ["northbridge", "openscan", "radiance"]
    # OpenScan plans a clinical use without the CE marking it needs: irregular, never ranked.
    assert [e["vendor"] for e in data["comparison"]["ranking"]] == ["radiance", "northbridge"]
    assert data["regularity"]["openscan"]["state"] == "irregular"
    unmet = [r for r in data["regularity"]["openscan"]["requirements"] if r["outcome"] == "unmet"]
    assert [r["id"] for r in unmet] == ["REQ-CE"]
    assert data["profile"]["frozen"]["hash"] == freeze.hash
    disagreements = data["comparison"]["disagreements"]
    assert len(disagreements) == 1  # the demo's one visible disagreement
    assert disagreements[0]["spread"] > 0.3 * 5
    text = (demo_root / "comparison.csv").read_text("utf-8-sig")  # French: BOM, ';'
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 3 and {r["Empreinte de la grille"] for r in rows} == {freeze.hash}
    # Every total in the files is explained criterion by criterion.
    for score in data["scores"]:
        assert sum(c["points"] for c in score["criteria"]) == pytest.approx(score["total"])
        assert all(c["evidence"] for c in score["criteria"] if not c["pending"])
    assert verify_journal(tender.journal_path) == []


def test_the_demo_summary_is_the_ranking_table(demo_root: Path) -> None:
    tender = Tender.open(demo_root)
    step = scoring.demo_step(tender, demo_root, "en")
    text = "\n".join(step.summary)
    assert "Rank" in text and "Radiance" in text and "Sensitivity to the weights" in text
    assert "Disagreements between evaluators" in text


def forge_journal_line(tender: Tender, action: str, **changes: object) -> int:
    """Append a copy of the last ``action`` entry with ``changes`` to its details and junk
    hashes, as someone editing the journal by hand would; returns the forged line's number."""
    lines = tender.journal_path.read_text(encoding="utf-8").splitlines()
    raw = json.loads(next(line for line in reversed(lines) if f'"action": "{action}"' in line))
    raw["details"].update(changes)
    raw["hash"], raw["prev"] = "f" * 64, "e" * 64
    with tender.journal_path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(raw, ensure_ascii=False, sort_keys=True) + "\n")
    return len(lines) + 1


def test_a_forged_override_line_in_the_journal_is_refused_not_trusted(
    scoring_tender: Tender,
) -> None:
    # The reviewer's repro: a real override, then a copy of its journal line for another
    # vendor at 0 %, and the matching record added to overrides.yaml.
    loaded = scoring.load_tender_profile(scoring_tender)
    record = scoring.set_override(
        scoring_tender, loaded, "acme", "decide.hosting", 10, "Avenant", "Jeanne"
    )
    line = forge_journal_line(scoring_tender, "score.overridden", vendor="beta", percent=0)
    path = scoring_tender.root / "overrides.yaml"
    forged = record.model_copy(update={"vendor": "beta", "percent": 0.0})
    from sovereignty.scoring import overrides as ov

    current = ov.load_overrides(path, loaded.profile)
    ov.save_overrides(path, current.replaced(forged))
    for action in (
        lambda: scoring.score_tender(scoring_tender),
        lambda: scoring.compare_tender(scoring_tender, draws=0),
    ):
        with pytest.raises(ContentError) as info:
            action()
        message = str(info.value)  # the English text
        assert str(scoring_tender.journal_path) in message
        assert f"line {line}: this entry was edited" in message
        assert "journal.jsonl" in message and "sovereignty journal --verify" in message


def test_a_forged_freeze_line_cannot_replace_the_frozen_grid(scoring_tender: Tender) -> None:
    loaded = scoring.load_tender_profile(scoring_tender)
    scoring.freeze_profile(scoring_tender, loaded, "Jeanne")
    line = forge_journal_line(scoring_tender, "profile.frozen", hash="sha256:" + "0" * 64)
    for action in (
        lambda: scoring.current_freeze(scoring_tender),
        lambda: scoring.score_tender(scoring_tender),
        lambda: scoring.freeze_profile(scoring_tender, loaded, "Jeanne", "re-freeze"),
    ):
        with pytest.raises(ContentError, match=rf"line {line}\b.*this entry was edited"):
            action()
    # Restoring the journal (dropping the forged line) restores scoring.
    lines = scoring_tender.journal_path.read_text(encoding="utf-8").splitlines(keepends=True)
    scoring_tender.journal_path.write_text("".join(lines[:-1]), encoding="utf-8")
    assert scoring.score_tender(scoring_tender).freeze is not None


def test_scores_read_the_findings_in_force_at_the_as_of_date(
    scoring_tender: Tender, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from sovereignty.services import offer

    seen: list[object] = []
    real = offer.analyse_offer

    def spy(tender: Tender, vendor_id: str, as_of: dt.date | None = None) -> offer.Offer:
        seen.append(as_of)
        return real(tender, vendor_id, as_of)

    monkeypatch.setattr(offer, "analyse_offer", spy)
    scoring.compare_tender(scoring_tender, draws=0, as_of=dt.date(2027, 2, 1))
    assert seen and set(seen) == {dt.date(2027, 2, 1)}


def test_published_and_applied_points_are_the_same_numbers(demo_root: Path) -> None:
    """What `profile show` publishes for each item is what `score` applies to it."""
    import re

    from sovereignty.scoring.figures import points
    from sovereignty.scoring.model import AnswersMethod
    from sovereignty.scoring.published import grid_lines

    tender = Tender.open(demo_root)
    loaded = scoring.load_tender_profile(tender)
    text = "\n".join(grid_lines(loaded, tender.bank, "fr"))
    result = scoring.score_tender(tender, vendors=["radiance"])
    score = result.scores[0]
    checked = 0
    for criterion in loaded.profile.criteria:
        if not isinstance(criterion.scoring, AnswersMethod):
            continue
        block = text.split(f"({criterion.id})", 1)[1].split(" pts  ", 1)[0]
        published = re.findall(r"^      · .* — ([\d,]+) pts$", block, flags=re.MULTILINE)
        applied = [
            points(e.max or 0, "fr")
            for e in score.criterion(criterion.id).evidence
            if e.kind in ("answer", "condition")
        ]
        assert published == applied, criterion.id
        checked += len(applied)
    assert checked > 50


def comparisons_made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time the offers are compared."""
    made: list[int] = []
    real = scoring.compare

    def counting(*args: Any, **kwargs: Any) -> Any:
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(scoring, "compare", counting)
    return made


def test_the_comparison_is_computed_once_while_nothing_it_reads_changes(
    scoring_tender: Tender, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = comparisons_made(monkeypatch)
    first, _ = scoring.compare_tender(scoring_tender, draws=0)
    again, _ = scoring.compare_tender(scoring_tender, draws=0)
    assert len(made) == 1
    assert again.journal == first.journal  # the journal verified again, at the same head
    scoring_tender.log("note", "Jeanne")  # the journal moves: the head given moves with it
    moved, _ = scoring.compare_tender(scoring_tender, draws=0)
    assert len(made) == 1 and moved.journal != first.journal
    # an override is journaled and written: computed again, and it shows
    loaded = scoring.load_tender_profile(scoring_tender)
    scoring.set_override(scoring_tender, loaded, "acme", "decide.hosting", 10, "Avenant", "Jeanne")
    after, _ = scoring.compare_tender(scoring_tender, draws=0)
    assert len(made) == 2
    assert after.scores[0].criterion("decide.hosting").overridden
    # a vendor's answers changed on disk (as by another person): computed again
    sheet = scoring_tender.load_sheet("beta")
    answers = {**sheet.answers, "hosting.model": Answer(value="saas")}
    scoring_tender.save_sheet(sheet.model_copy(update={"answers": answers}), actor="Paul")
    scoring.compare_tender(scoring_tender, draws=0)
    assert len(made) == 3
    scoring.compare_tender(scoring_tender, draws=5)  # other parameters: another comparison
    assert len(made) == 4


def test_the_comparison_of_today_is_made_again_the_next_day(
    scoring_tender: Tender, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt
    import types

    made = comparisons_made(monkeypatch)
    scoring.compare_tender(scoring_tender, draws=0)

    class Tomorrow(dt.date):
        @classmethod
        def today(cls) -> Tomorrow:
            day = dt.date.today() + dt.timedelta(days=1)
            return cls(day.year, day.month, day.day)

    clock = types.SimpleNamespace(date=Tomorrow, datetime=dt.datetime, timedelta=dt.timedelta)
    monkeypatch.setattr(scoring, "dt", clock)  # a command still running after midnight
    scoring.compare_tender(scoring_tender, draws=0)
    assert len(made) == 2
