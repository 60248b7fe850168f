"""The checks an untrusted workbook goes through before any parser sees it."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sovereignty.core.errors import ContentError
from sovereignty.forms import safety
from sovereignty.forms.safety import inspect_workbook, neutralise, starts_like_formula, write_text

MINIMAL = {
    "[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "xl/workbook.xml": b"<workbook/>",
}


def archive(path: Path, parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def refusal(path: Path) -> str:
    with pytest.raises(ContentError) as info:
        inspect_workbook(path)
    return str(info.value)


def test_a_minimal_workbook_passes(tmp_path: Path) -> None:
    inspect_workbook(archive(tmp_path / "ok.xlsx", MINIMAL))


def test_a_workbook_without_its_parts_is_not_a_workbook(tmp_path: Path) -> None:
    path = archive(
        tmp_path / "x.xlsx", {"word/document.xml": b"<w/>", **{"[Content_Types].xml": b""}}
    )
    assert "no xl/workbook.xml inside" in refusal(path)


@pytest.mark.parametrize(
    "part",
    ["xl/vbaProject.bin", "xl/macrosheets/sheet1.xml", "xl/activeX/activeX1.xml"],
)
def test_macro_parts_are_refused(tmp_path: Path, part: str) -> None:
    path = archive(tmp_path / "m.xlsx", {**MINIMAL, part: b"x"})
    assert "carries macros or controls" in refusal(path)


def test_a_macro_content_type_is_refused_even_without_the_part(tmp_path: Path) -> None:
    types = MINIMAL["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
    )
    path = archive(tmp_path / "m.xlsx", {**MINIMAL, "[Content_Types].xml": types})
    assert "declares macro content (macroenabled)" in refusal(path)


def test_a_file_larger_than_the_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = archive(tmp_path / "big.xlsx", {**MINIMAL, "xl/media/x.bin": os.urandom(16_384)})
    monkeypatch.setattr(safety, "MAX_FORM_BYTES", 1000)
    assert "too large for a response form" in refusal(path)


def test_a_workbook_unpacking_beyond_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = archive(tmp_path / "wide.xlsx", {**MINIMAL, "xl/sharedStrings.xml": b"a" * 200_000})
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 100_000)
    assert "unpacks to" in refusal(path) and "at most 100,000" in refusal(path)


def test_a_zip_bomb_part_is_refused_by_its_compression_ratio(tmp_path: Path) -> None:
    path = archive(
        tmp_path / "bomb.xlsx", {**MINIMAL, "xl/worksheets/sheet1.xml": b"\0" * 5_000_000}
    )
    assert "refused as a possible zip bomb" in refusal(path)


def test_a_part_listed_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.xlsx"
    with zipfile.ZipFile(path, "w") as target:
        for name, data in MINIMAL.items():
            target.writestr(name, data)
        with pytest.warns(UserWarning, match="Duplicate name"):
            target.writestr("xl/workbook.xml", b"<other/>")
    assert "a part is listed twice" in refusal(path)


def test_too_many_sheets_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "MAX_SHEETS", 0)
    assert "too many sheets (1; at most 0)" in refusal(archive(tmp_path / "s.xlsx", MINIMAL))


def test_refusals_read_in_french_with_french_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 100_000)
    path = archive(tmp_path / "big.xlsx", {**MINIMAL, "xl/big.xml": b"x" * 200_000})
    with pytest.raises(ContentError) as info:
        inspect_workbook(path)
    message = info.value.render("fr")
    assert message.startswith(f"{path} : le classeur se décompresse en ")
    assert "(au plus 100 000) ; un formulaire de réponse est bien plus petit" in message


def test_a_folder_is_not_a_workbook(tmp_path: Path) -> None:
    assert "is a folder" in refusal(tmp_path)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_texts_a_spreadsheet_would_run_are_neutralised_for_plain_outputs(text: str) -> None:
    assert starts_like_formula(text)
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Sur site", "1+1", "a=b", " =1", ""])
def test_ordinary_texts_are_left_alone(text: str) -> None:
    assert not starts_like_formula(text) and neutralise(text) == text


def saved_cell(text: str) -> tuple[str, str]:
    """Write ``text`` with write_text, save, and return the sheet XML and the value read back."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    write_text(sheet["A1"], text)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as parts:
        xml = parts.read("xl/worksheets/sheet1.xml").decode("utf-8")
    buffer.seek(0)
    again = openpyxl.load_workbook(buffer, read_only=True)
    try:
        cell = next(again.active.iter_rows()).__getitem__(0)  # type: ignore[union-attr]
        assert cell.data_type == "s"
        return xml, cell.value
    finally:
        again.close()


def test_a_formula_text_written_to_a_cell_is_saved_as_a_string_with_a_quote_prefix() -> None:
    xml, value = saved_cell('=HYPERLINK("http://evil.example","x")')
    assert "<f>" not in xml and "<f " not in xml
    assert 't="inlineStr"' in xml
    assert value == '=HYPERLINK("http://evil.example","x")'


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(("", *safety.FORMULA_TRIGGERS)), st.text(max_size=80))
def test_any_text_written_to_a_cell_reads_back_unchanged_and_never_as_a_formula(
    prefix: str, body: str
) -> None:
    text = safety.xml_safe(prefix + body)
    if not text:
        return
    xml, value = saved_cell(text)
    assert "<f>" not in xml
    assert value == text
