from __future__ import annotations

import pytest

from sovereignty.core.french import article, with_article


@pytest.mark.parametrize(
    ("preposition", "name", "expected"),
    [
        ("par", "CHU de Port-Sainte-Anne", "par le CHU de Port-Sainte-Anne"),
        ("de", "CHU de Nantes", "du CHU de Nantes"),
        ("à", "Centre hospitalier de Valmont", "au Centre hospitalier de Valmont"),
        ("par", "Hôpital Nord", "par l'Hôpital Nord"),
        ("de", "Hôpital Nord", "de l'Hôpital Nord"),
        ("pour", "Clinique du Parc", "pour la Clinique du Parc"),
        ("de", "GHT Rives de Loire", "du GHT Rives de Loire"),
        ("par", "Radiance Santé SAS", "par Radiance Santé SAS"),
        ("de", "OpenScan Medical", "d'OpenScan Medical"),
    ],
)
def test_a_body_is_named_with_its_article(preposition: str, name: str, expected: str) -> None:
    assert with_article(preposition, name) == expected


def test_a_company_name_takes_no_article() -> None:
    assert article("NorthBridge Imaging Europe B.V.") == ""
    assert article("") == ""
