"""`sovereignty demo`: builds the example tender and refuses to clobber other folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from sovereignty.cli import main
from sovereignty.services.demo import build_demo_tender
from sovereignty.tender.journal import verify_journal


def test_the_demo_tender_has_three_complete_vendors(tmp_path: Path) -> None:
    tender = build_demo_tender(tmp_path / "demo")
    assert tender.vendor_ids() == ["northbridge", "openscan", "radiance"]
    assert len(tender.settings.establishments) == 3
    assert verify_journal(tender.journal_path) == []


def test_the_demo_refuses_a_folder_that_is_not_a_tender_and_needs_force_to_rebuild(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    precious = tmp_path / "mine"
    precious.mkdir()
    (precious / "thesis.docx").write_text("do not delete")
    with pytest.raises(SystemExit) as info:
        main(["demo", "--out", str(precious)])
    assert info.value.code == 1
    assert "n'est pas un dossier de consultation" in capsys.readouterr().err
    assert (precious / "thesis.docx").read_text() == "do not delete"
    build_demo_tender(tmp_path / "demo")
    with pytest.raises(SystemExit):
        main(["demo", "--out", str(tmp_path / "demo"), "--lang", "en"])
    assert capsys.readouterr().err == (
        f"Error: {tmp_path / 'demo'} already holds a tender; pass --force to rebuild it\n"
    )


def test_a_demo_built_in_english_is_an_english_tender(tmp_path: Path) -> None:
    tender = build_demo_tender(tmp_path / "demo", lang="en")
    assert tender.settings.language == "en"
    assert build_demo_tender(tmp_path / "fr").settings.language == "fr"


FAST_STEPS = ["sovereignty.services.demo:answers_step"]
KILLED_REBUILD = r"""
import os, signal, sys
from pathlib import Path
from sovereignty.services import demo

def killed(tender, out, lang):
    os.kill(os.getpid(), signal.SIGKILL)

demo.answers_step = killed
demo.STEPS = ["sovereignty.services.demo:answers_step"]
demo.run_demo(Path(sys.argv[1]), force=True)
"""


def test_a_failed_or_killed_rebuild_keeps_the_previous_demo_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys

    from sovereignty.services import demo

    monkeypatch.setattr(demo, "STEPS", FAST_STEPS)
    out = tmp_path / "demo"
    demo.run_demo(out)
    (out / "mes-notes.txt").write_text("the previous demo")
    journal = (out / "journal.jsonl").read_bytes()
    # killed in the middle of the new one: the previous demo waits aside, whole
    child = subprocess.run([sys.executable, "-c", KILLED_REBUILD, str(out)], timeout=120)
    assert child.returncode == -9
    aside = demo.previous_demo(out)
    assert (aside / "mes-notes.txt").read_text() == "the previous demo"
    assert (aside / "journal.jsonl").read_bytes() == journal
    # a step that fails: the previous demo is put back
    monkeypatch.setattr(demo, "answers_step", _failing_step)
    with pytest.raises(RuntimeError):
        demo.run_demo(out, force=True)
    assert (out / "mes-notes.txt").read_text() == "the previous demo" and not aside.exists()
    monkeypatch.undo()
    monkeypatch.setattr(demo, "STEPS", FAST_STEPS)
    demo.run_demo(out, force=True)  # only a complete rebuild replaces it
    assert not (out / "mes-notes.txt").exists() and not aside.exists()
    assert verify_journal(out / "journal.jsonl") == []


def _failing_step(tender: object, out: Path, lang: str) -> None:
    raise RuntimeError("a step failed")
