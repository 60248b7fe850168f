"""Reading a written .docx back: its text, its tables, and the structural checks that catch
docxtpl corruption a plain XML parse lets through (nested cells or paragraphs, elements without
a namespace, a section break inside a table)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

from docx import Document
from lxml import etree

AS_OF = dt.date(2026, 11, 30)  # the date the demo documents are written "as of"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def open_docx(path: Path) -> Any:
    return Document(str(path))


def plain(text: str) -> str:
    """Text as a reader reads it: French non-breaking spaces and apostrophes as plain ones.

    The typography itself is checked in test_typography; content tests compare words.
    """
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")


def body_text(document: Any) -> str:
    """Every paragraph of the body, including those in table cells, one per line."""
    return plain(
        "\n".join(
            "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
            for p in document.element.body.iter(f"{{{W}}}p")
        )
    )


def header_text(document: Any) -> str:
    return plain("\n".join(p.text for s in document.sections for p in s.header.paragraphs))


def tables(document: Any) -> list[list[list[str]]]:
    return [[[plain(c.text) for c in row.cells] for row in table.rows] for table in document.tables]


def headings(document: Any, level: int) -> list[str]:
    return [plain(p.text) for p in document.paragraphs if p.style.name == f"Heading {level}"]


def field_instructions(path: Path) -> list[str]:
    """The instruction of every field in the document, its headers and footers."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                root = etree.fromstring(archive.read(name))
                found += [t.text.strip() for t in root.iter(f"{{{W}}}instrText") if t.text]
    return found


def structure_problems(path: Path) -> list[str]:
    """What is structurally wrong with the Word package (empty when it is sound)."""
    problems = []
    with zipfile.ZipFile(path) as archive:
        if archive.testzip() is not None:
            problems.append("corrupt zip member")
        parser = etree.XMLParser(recover=False, huge_tree=True)
        for name in archive.namelist():
            if not name.endswith(".xml") and not name.endswith(".rels"):
                continue
            try:
                root = etree.fromstring(archive.read(name), parser)
            except etree.XMLSyntaxError as exc:
                problems.append(f"{name}: not well-formed: {exc}")
                continue
            if not name.startswith("word/"):
                continue
            for element in root.iter():
                if isinstance(element.tag, str) and not element.tag.startswith("{"):
                    problems.append(f"{name}: element without namespace <{element.tag}>")
                    break
            for xpath, what in (
                ("//w:tc/w:tc", "cell directly inside a cell"),
                ("//w:p//w:p", "paragraph inside a paragraph"),
                ("//w:tbl//w:sectPr", "section properties inside a table"),
                ("//w:r//w:r", "run inside a run"),
                ("//w:t//w:t", "text inside a text"),
            ):
                if root.xpath(xpath, namespaces=NS):
                    problems.append(f"{name}: {what}")
    try:
        open_docx(path)
    except Exception as exc:  # python-docx raises several kinds
        problems.append(f"python-docx cannot open it: {exc}")
    return problems
