from __future__ import annotations

import pytest
from pydantic import ValidationError

from sovereignty.core.legal import LegalRefs, check_reference, cite
from sovereignty.core.model import Model


def test_references_are_cited_in_french_and_english() -> None:
    assert cite("AIA art. 26", "fr") == (
        "art. 26 du règlement (UE) 2024/1689 sur l'intelligence artificielle"
    )
    assert cite("AIA art. 26", "en") == "Art. 26 of Regulation (EU) 2024/1689 (AI Act)"
    assert cite("AIA annex III 5(d)", "fr").startswith("annexe III 5(d) du règlement")
    assert (
        cite("NIS2 art. 21(2)(d)", "fr") == "art. 21(2)(d) de la directive (UE) 2022/2555 (NIS 2)"
    )


def test_an_unknown_instrument_is_reported_with_a_suggestion() -> None:
    assert check_reference("AIA art. 5") is None
    problem = check_reference("AIAA art. 5")
    assert problem is not None and "did you mean 'AIA'" in problem.en
    assert "vouliez-vous dire 'AIA' ?" in problem.fr
    assert check_reference("art. 5") is not None


class _Cited(Model):
    legal: LegalRefs = ()


def test_a_legal_field_refuses_a_reference_to_an_unknown_instrument() -> None:
    assert _Cited(legal=("AIA art. 26(6)", "CSP art. L1111-8")).legal[1] == "CSP art. L1111-8"
    with pytest.raises(ValidationError) as info:
        _Cited(legal=("AIA art. 26(6)", "RGDP art. 28"))
    (error,) = info.value.errors()
    assert error["loc"] == ("legal",)
    assert "unknown instrument 'RGDP'; did you mean 'GDPR'?" in error["msg"]


def test_short_citations_for_compact_listings() -> None:
    from sovereignty.core.legal import INSTRUMENTS, SHORT_NAMES, cite_short

    assert set(SHORT_NAMES) == set(INSTRUMENTS)
    assert cite_short("AIA art. 26(6)", "fr") == "art. 26(6) RIA"
    assert cite_short("AIA annex III 5(d)", "en") == "Annex III 5(d) AI Act"
    assert cite_short("GDPR art. 28(3)", "fr") == "art. 28(3) RGPD"
