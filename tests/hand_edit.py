"""Editing a record file by hand in a test, as a person would, then recording the edit in the
journal (``journal --accept``), so that the command under test sees a file it may read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from sovereignty.tender.writes import accept


def hand_edit(root: Path, rel: str, change: Callable[[Any], None]) -> Path:
    path = root / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    accept(root, root / "journal.jsonl", rel, "test", "edited by hand for the test")
    return path


def sheet_edit(root: Path, vendor: str, change: Callable[[Any], None]) -> Path:
    return hand_edit(root, f"vendors/{vendor}/answers.yaml", change)
