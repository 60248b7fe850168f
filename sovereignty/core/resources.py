"""Locating the data shipped with the tool (question banks, templates, profiles, clauses).

In a wheel they live in ``sovereignty/_data/`` (hatchling ``force-include``); in a source checkout
or an editable install they are the top-level folders of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
_REPOSITORY = _PACKAGE.parent


def data_dir(name: str) -> Path:
    """The shipped folder ``name`` (e.g. "questionnaires"), wherever this install keeps it."""
    for candidate in (_PACKAGE / "_data" / name, _REPOSITORY / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"shipped data folder {name!r} is missing from this installation")


def data_file(folder: str, name: str) -> Path:
    return data_dir(folder) / name
