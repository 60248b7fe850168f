"""The French texts name each impact assessment the same way everywhere: the fundamental
rights one is the AIDF (never "FRIA", the English acronym), the data protection one the AIPD."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import sovereignty

PACKAGE = Path(sovereignty.__file__).parent
DATA = sorted(
    [
        *(PACKAGE / "aiact" / "data").glob("*.yaml"),
        PACKAGE / "findings" / "data" / "rules.yaml",
        *(PACKAGE / "scoring" / "data").glob("*.yaml"),
    ]
)
# Which assessment an "analyse d'impact" is, and the acronym that must go with it.
KINDS = {
    "sur les droits fondamentaux": "AIDF",
    "relative à la protection des données": "AIPD",
    "des transferts": None,  # a transfer impact assessment has no acronym in French
    "du droit du pays": None,
}


def french_texts(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("fr"), str) and "en" in node:
            yield node["fr"]
        for value in node.values():
            yield from french_texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from french_texts(value)


@pytest.mark.parametrize("path", DATA, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_french_texts_say_aidf_and_aipd_never_fria(path: Path) -> None:
    texts = list(french_texts(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert texts
    for text in texts:
        assert not re.search(r"\b(FRIA|DPIA)\b(?!-)", text), text  # ids like FRIA-01 are fine
        for found in re.finditer(r"analyses? d'impact ", text, re.IGNORECASE):
            after = text[found.end() :]
            kind = next((k for k in KINDS if after.startswith(k)), None)
            assert kind is not None, f"which impact assessment? {text}"
            acronym = KINDS[kind]
            assert acronym is None or acronym in text, f"{acronym} missing: {text}"
