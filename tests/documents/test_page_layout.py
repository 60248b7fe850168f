"""Pages a committee can read: tables that hold together, contents that does not spill,
pictures that fit the page, charts whose labels and legend never collide."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from sovereignty.documents.charts import bar_chart, grouped_chart, plain_label
from sovereignty.documents.frame import toc_fits_title_page
from sovereignty.documents.layout import FIRST_ROWS, WHOLE_TABLE_ROWS, keep_together
from sovereignty.documents.render import Picture
from sovereignty.services.documents import Written

Docs = dict[tuple[str, str | None], Written]


def _body_with(tables: list[int], picture_then_caption: bool) -> object:
    document = docx.Document()
    for rows in tables:
        table = document.add_table(rows=rows, cols=2)
        for row in table.rows:
            row.cells[0].text = "x"
    if picture_then_caption:
        paragraph = document.add_paragraph()
        paragraph._p.append(paragraph._p.makeelement(qn("w:drawing"), {}))
        document.add_paragraph("Figure 1", style="Caption")
        document.add_paragraph("after")
    return document


def _kept(row: object) -> bool:
    return all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in row.iter(qn("w:p")))


def test_a_short_table_holds_on_one_page_and_a_long_one_keeps_its_first_rows() -> None:
    document = _body_with([3, WHOLE_TABLE_ROWS + 4], picture_then_caption=True)
    keep_together(document.element.body)
    short, long = document.tables
    for table in (short, long):
        for row in table.rows:
            properties = row._tr.find(qn("w:trPr"))
            assert properties is not None and properties.find(qn("w:cantSplit")) is not None
            assert row._tr.index(properties) == 0  # where the schema puts it
    assert [_kept(r._tr) for r in short.rows] == [True, True, False]
    kept = [_kept(r._tr) for r in long.rows]
    assert kept == [True] * (1 + FIRST_ROWS) + [False] * (len(long.rows) - 1 - FIRST_ROWS)
    picture, caption, _after = document.paragraphs[-3:]
    assert picture.paragraph_format.keep_with_next and not caption.paragraph_format.keep_with_next
    keep_together(document.element.body)  # twice: nothing doubled
    assert len(short.rows[0]._tr.findall(f"{qn('w:trPr')}/{qn('w:cantSplit')}")) == 1


def test_every_rendered_demo_table_row_stays_whole(demo_documents: Docs) -> None:
    for (kind, _vendor), written in demo_documents.items():
        for table in docx.Document(str(written.path)).tables:
            for row in table.rows:
                assert row._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None, kind


def test_a_long_contents_runs_on_into_the_body_leaving_no_page_nearly_empty(
    demo_documents: Docs,
) -> None:
    assert toc_fits_title_page(9, 13) and not toc_fits_title_page(8, 30)

    def break_after_contents(path: Path) -> bool:
        paragraphs = docx.Document(str(path)).paragraphs
        start = next(i for i, p in enumerate(paragraphs) if p.text in ("Sommaire", "Contents"))
        for paragraph in paragraphs[start + 1 :]:
            if paragraph.style.name.startswith("Heading"):
                return False  # the body began without a page break
            if any(b.get(qn("w:type")) == "page" for b in paragraph._p.iter(qn("w:br"))):
                return True
        raise AssertionError("no body after the contents")

    assert not break_after_contents(demo_documents[("annex", "northbridge")].path)  # 30 entries
    assert break_after_contents(demo_documents[("report", "northbridge")].path)


def _png(path: Path, width: int, height: int) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * (width + 1) * height)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
    return path


def test_a_picture_too_tall_for_the_page_is_narrowed(tmp_path: Path) -> None:
    wide = Picture(_png(tmp_path / "wide.png", 400, 300), 165)
    assert wide.shown_width_mm() == 165
    tall = Picture(_png(tmp_path / "tall.png", 100, 300), 165, max_height_mm=225)
    assert tall.shown_width_mm() == pytest.approx(75)
    assert Picture(tmp_path / "missing.png", 120).shown_width_mm() == 120


def test_chart_labels_are_cut_at_a_word_and_the_minimum_mark_is_explained(tmp_path: Path) -> None:
    from PIL import Image

    def size(path: Path) -> tuple[int, int]:
        with Image.open(path) as image:
            return image.size

    assert plain_label("Conformité au règlement sur l'intelligence artificielle", 30) == (
        "Conformité au règlement sur…"
    )
    labels = ["Décider", "Sortir (réversibilité)", "Frugalité et environnement"]
    plain = bar_chart(tmp_path / "a.png", labels, [26, 57, 33], "t")
    marked = bar_chart(
        tmp_path / "b.png",
        labels,
        [26, 57, 33],
        "t",
        minimums=[30, None, None],
        minimum_label="niveau minimum de l'axe",
    )
    # the legend explaining the mark takes its own room under the chart
    assert size(marked)[1] > size(plain)[1]
    grouped = grouped_chart(
        tmp_path / "c.png", labels, {"A": [1, 2, 3], "B": [3, 2, 1], "C": [2, 2, 2]}, "t"
    )
    width = size(grouped)[0]
    assert width == 6.3 * 200  # drawn at the width it is printed


def test_a_chart_draws_what_it_is_given_even_odd_values_and_broken_lines(tmp_path: Path) -> None:
    from PIL import Image

    path = bar_chart(
        tmp_path / "odd.png",
        ["une\nligne", "deux\rlignes\x85", ""],
        [float("nan"), float("inf"), -5],
        "titre\nsur deux lignes",
        minimums=[None, 50, None],
        shown=["—", "x\ny", ""],
        minimum_label="minimum\r",
    )
    with Image.open(path) as image:
        assert image.size[0] == 6.3 * 200
    grouped = grouped_chart(tmp_path / "g.png", ["a\nb"], {"x\ty": [float("nan")]}, "t")
    assert grouped.stat().st_size > 0
    with pytest.raises(ValueError, match="above 0"):
        bar_chart(tmp_path / "zero.png", ["a"], [1], "t", maximum=0)
