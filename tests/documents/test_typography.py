"""French typography: the rules on text, and every French demo document checked for them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sovereignty.documents.frame import label, plural
from sovereignty.documents.typography import NBSP, french, french_runs
from sovereignty.services.documents import Written
from tests.documents.docx_reading import W, open_docx

# A breakable space (or none) before the high punctuation, inside guillemets, a straight apostrophe.
BAD = re.compile(r"(?:[ \t][:;!?»])|(?:«[ \t])|(?:[^\s\u00a0\u202f]«?[;!?](?:\s|$))|'")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Offre : retenue", f"Offre{NBSP}: retenue"),
        ("Offre: retenue", f"Offre{NBSP}: retenue"),
        ("Pourquoi ? Parce que ; enfin !", f"Pourquoi{NBSP}? Parce que{NBSP}; enfin{NBSP}!"),
        ("« Allemagne »", f"«{NBSP}Allemagne{NBSP}»"),
        ("«Allemagne»", f"«{NBSP}Allemagne{NBSP}»"),
        ("l'établissement", "l’établissement"),
        ("45 000 € HT", f"45{NBSP}000{NBSP}€ HT"),
        ("une hausse de 12 %", f"une hausse de 12{NBSP}%"),
    ],
)
def test_french_rules_put_non_breaking_spaces_and_apostrophes(text: str, expected: str) -> None:
    assert french(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "à 12:30",
        "https://www.legifrance.gouv.fr",
        "empreinte sha256:ab12cd",
        "art. 5(1)(f)",
        "en 2027 ou 2028",  # two years are not the groups of one number
        "le 3 000 1",
    ],
)
def test_french_rules_leave_times_addresses_and_references_alone(text: str) -> None:
    assert french(text).replace(NBSP, " ").replace("’", "'") == text
    assert ":" not in text or f"{NBSP}:" not in french(text)


def test_years_side_by_side_are_not_joined_as_one_number() -> None:
    assert french("en 2027 ou 2028") == "en 2027 ou 2028"
    assert french("2 000 tirages") == f"2{NBSP}000 tirages"


@given(st.text(alphabet="ab :;!?«»'12 €%", max_size=40))
def test_the_rules_are_idempotent(text: str) -> None:
    once = french(text)
    assert french(once) == once


def _plain_rules(texts: list[str]) -> list[str]:
    """The rules written plainly, one character after another: the reference the quicker
    implementation (which skips what no rule acts on) must match."""
    before = {":", ";", "!", "?"}
    chars = [(c, n) for n, text in enumerate(texts) for c in text]
    text = [c for c, _ in chars]

    def needs_space(i: int) -> bool:
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if not prev or prev.isspace() or prev in {NBSP, "\u202f"} or prev in before:
            return False
        if prev in "([«/" or (nxt and not (nxt.isspace() or nxt in ")]»,.;:!?\"’'")):
            return False
        return prev.isalpha() or prev in ")]»"

    def three(start: int) -> bool:
        group = text[start : start + 4]
        return (
            len(group) >= 3
            and all(c.isdigit() for c in group[:3])
            and (len(group) == 3 or not group[3].isdigit())
        )

    out: list[tuple[str, int]] = []
    for i, (c, run) in enumerate(chars):
        c = "’" if c == "'" else c
        if c in before or c == "»":
            if out and out[-1][0] == " ":
                out[-1] = (NBSP, out[-1][1])
            elif (c == "»" or needs_space(i)) and (
                out and not out[-1][0].isspace() and out[-1][0] not in {NBSP, "\u202f"}
            ):
                out.append((NBSP, run))
        if c == " " and out:
            prev, nxt = out[-1][0], text[i + 1] if i + 1 < len(text) else ""
            number = prev in "0123456789" and ((nxt != "" and nxt in "€%") or three(i + 1))
            if prev == "«" or number:
                c = NBSP
        out.append((c, run))
        if c == "«" and i + 1 < len(text) and not text[i + 1].isspace():
            out.append((NBSP, run))
    result = [""] * len(texts)
    for c, n in out:
        result[n] += c
    return result


@given(st.lists(st.text(alphabet="ab :;!?«»'129 €%()\u00a0²/.", max_size=12), max_size=5))
def test_the_rules_on_runs_match_the_rules_written_plainly(texts: list[str]) -> None:
    assert french_runs(texts) == _plain_rules(texts)
    assert french("".join(texts)) == "".join(_plain_rules(texts))


def test_plural_forms_agree_with_the_count_in_each_language() -> None:
    assert plural("fr", 0, "offre", "offres") == "offre"  # French: 0 takes the singular
    assert plural("fr", 1, "offre", "offres") == "offre"
    assert plural("fr", 2, "offre", "offres") == "offres"
    assert plural("en", 0, "offer", "offers") == "offers"
    assert plural("en", 1, "offer", "offers") == "offer"
    assert label("fr", "cmp_subtitle", count=1, ght="GHT") == "1 offre — GHT"
    assert label("fr", "cmp_subtitle", count=3, ght="GHT") == "3 offres — GHT"
    assert label("en", "summary_blocking", count=1, ids="X").startswith("1 blocking finding: X. It")


def test_no_document_label_hedges_a_plural_or_names_the_ai_act_in_english() -> None:
    from sovereignty.documents.frame import _all_labels

    for key, texts in _all_labels().items():
        for lang, text in texts.items():
            assert "(s)" not in text, f"{key} ({lang}): {text}"
        assert "AI Act" not in texts["fr"], f"{key}: « RIA » in French"


def _all_text(path: object) -> str:
    document = open_docx(path)
    roots = [document.element.body]
    roots += [
        rel.target_part.element
        for rel in document.part.rels.values()
        if rel.reltype.endswith(("/header", "/footer"))
    ]
    return "\n".join(
        "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
        for root in roots
        for p in root.iter(f"{{{W}}}p")
    )


def test_no_french_demo_document_has_a_breakable_space_before_high_punctuation(
    demo_documents: dict[tuple[str, str | None], Written],
) -> None:
    assert demo_documents
    for written in demo_documents.values():
        text = _all_text(written.path)
        faults = [m.group(0) for m in BAD.finditer(text)]
        context = [text[max(0, m.start() - 30) : m.end() + 10] for m in BAD.finditer(text)][:5]
        assert not faults, f"{written.path.name}: {context}"
        assert f"{NBSP}:" in text  # the rules ran: French documents have many « : »


def test_a_space_inserted_across_runs_goes_into_the_run_of_the_mark() -> None:
    from sovereignty.documents.typography import french_runs

    assert french_runs(["Offre", ":", " retenue"]) == ["Offre", f"{NBSP}:", " retenue"]
    assert french_runs(["Offre ", ": oui"]) == [f"Offre{NBSP}", ": oui"]
    assert french_runs(["«", "Allemagne", "»"]) == [f"«{NBSP}", "Allemagne", f"{NBSP}»"]


def test_a_risk_report_never_sets_an_offer_aside_for_its_scores(
    demo_documents: dict[tuple[str, str | None], Written],
) -> None:
    from tests.documents.docx_reading import body_text

    reports = [w for (kind, _), w in demo_documents.items() if kind == "report"]
    assert reports
    for written in reports:
        text = body_text(open_docx(written.path))
        # Regularity is decided against the published requirements, in the analysis report.
        assert "Offre éliminée" not in text and "n'est pas retenue" not in text, written.path.name
        assert "rapport d'analyse des offres" in text


def test_the_annex_names_the_buyer_with_its_article(
    demo_documents: dict[tuple[str, str | None], Written],
) -> None:
    from tests.documents.docx_reading import body_text

    annexes = [w for (kind, _), w in demo_documents.items() if kind == "annex"]
    assert annexes
    for written in annexes:
        text = body_text(open_docx(written.path))
        assert "passé par le CHU de Port-Sainte-Anne, établissement support du GHT" in text
