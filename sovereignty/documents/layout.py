"""Page layout settled after rendering, when the rows of every table are known.

A template cannot say "keep this table's first rows together": its body row is written once and
repeated by docxtpl. So, on the rendered document body (WordprocessingML, read with lxml, no
python-docx here):

- no row is split across two pages;
- a short table (up to ``WHOLE_TABLE_ROWS`` rows) is kept on one page, and a longer one keeps its
  heading row with its first body row (``FIRST_ROWS``; more would push a table of tall rows to
  the next page, leaving half a page blank);
- a picture stays on the page of the caption that follows it.

Word and LibreOffice both read these as "keep with next" on the paragraphs of a row.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WHOLE_TABLE_ROWS = 8
FIRST_ROWS = 1


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _row_properties(row: Any) -> Any:
    """The row's ``w:trPr``, created in its place (after ``w:tblPrEx``, before the cells)."""
    found = row.find(_w("trPr"))
    if found is not None:
        return found
    element = row.makeelement(_w("trPr"), {})
    exceptions = row.find(_w("tblPrEx"))
    if exceptions is not None:
        exceptions.addnext(element)
    else:
        row.insert(0, element)
    return element


def _keep_with_next(paragraph: Any) -> None:
    properties = paragraph.find(_w("pPr"))
    if properties is None:
        properties = paragraph.makeelement(_w("pPr"), {})
        paragraph.insert(0, properties)
    if properties.find(_w("keepNext")) is None:
        keep = properties.makeelement(_w("keepNext"), {})
        style = properties.find(_w("pStyle"))
        if style is not None:
            style.addnext(keep)
        else:
            properties.insert(0, keep)


def _rows(table: Any) -> list[Any]:
    return [row for row in table if row.tag == _w("tr")]


def keep_together(body: Any) -> None:
    """Apply the rules of the module's docstring to a rendered document ``body``."""
    for table in body.iter(_w("tbl")):
        rows = _rows(table)
        for row in rows:
            properties = _row_properties(row)
            if properties.find(_w("cantSplit")) is None:
                properties.append(properties.makeelement(_w("cantSplit"), {}))
        kept = rows[:-1] if len(rows) <= WHOLE_TABLE_ROWS else rows[: 1 + FIRST_ROWS]
        for row in kept:
            for paragraph in row.iter(_w("p")):
                _keep_with_next(paragraph)
    blocks = list(body)
    for block, following in pairwise(blocks):
        if block.tag != _w("p") or following.tag != _w("p"):
            continue
        has_picture = next(block.iter(_w("drawing")), None) is not None
        style = following.find(f"{_w('pPr')}/{_w('pStyle')}")
        if has_picture and style is not None and style.get(_w("val")) == "Caption":
            _keep_with_next(block)
