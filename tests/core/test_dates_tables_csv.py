"""What people type and open: dates, terminal tables, CSV for spreadsheets."""

from __future__ import annotations

import datetime as dt

import pytest

from sovereignty.core.csvtext import csv_text
from sovereignty.core.dates import DateProblem, parse_date
from sovereignty.core.table import display_width, text_table


@pytest.mark.parametrize(
    "text", ["31/12/2027", "2027-12-31", " 31/12/2027 ", "31.12.2027", "2027-12-31"]
)
def test_a_date_reads_in_the_french_way_or_iso(text: str) -> None:
    assert parse_date(text) == dt.date(2027, 12, 31)


def test_an_impossible_date_has_its_own_message() -> None:
    with pytest.raises(DateProblem) as info:
        parse_date("30/02/2028")
    assert info.value.message("fr") == (
        "'30/02/2028' : cette date n'existe pas (février 2028 a 29 jours)"
    )
    assert info.value.message("en") == "'30/02/2028': no such date (February 2028 has 29 days)"
    with pytest.raises(DateProblem, match="no month 13"):
        parse_date("2027-13-01")
    with pytest.raises(DateProblem, match="is not a date: write DD/MM/YYYY"):
        parse_date("demain")
    with pytest.raises(DateProblem, match="is not a date"):
        parse_date("12/31")


def test_table_columns_line_up_whatever_the_text_holds() -> None:
    decomposed = "Sante\u0301 SAS"  # "Santé" with a combining accent
    long_name = "Groupe " + "tres " * 50 + "long"
    lines = text_table(
        ["Offre", "/100", "Statut"],
        [[decomposed, "94,20", "retenue"], ["数据公司", "9,00", "x"], [long_name, "—", "éliminée"]],
    )
    assert max(display_width(line) for line in lines) <= 40 + 2 + 5 + 2 + 8
    assert lines[4].startswith("Groupe tres") and "…" in lines[4]
    # the figures end in one column (right-aligned), and so the statuses start in one
    ends = {
        display_width(line[: line.index(n)]) + len(n)
        for line, n in zip(lines[2:], ("94,20", "9,00", "—"), strict=True)
    }
    assert len(ends) == 1
    status_starts = {display_width(line[: line.rindex("  ") + 2]) for line in lines[2:]}
    assert len(status_starts) == 1


def test_french_csv_follows_a_french_spreadsheet_and_english_stays_as_it_was() -> None:
    rows = [[1, "Radiance", 94.2, "retenue"], [2, "=HYPERLINK()", 69.56, "éliminée"]]
    french = csv_text(["Rang", "Nom", "Total", "Statut"], rows, "fr")
    assert french == (
        "\ufeffRang;Nom;Total;Statut\n1;Radiance;94,2;retenue\n2;'=HYPERLINK();69,56;éliminée\n"
    )
    english = csv_text(["rank", "name", "total", "status"], rows, "en")
    assert english.startswith("rank,name,total,status\n1,Radiance,94.2,retenue\n")
