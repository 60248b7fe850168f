"""A filled form comes from outside: check it before any parser sees it, and never let a text
become a formula.

An xlsx file is a zip archive of XML parts. Before openpyxl opens one we check, with the standard
library only: size on disk, that it is a zip (an old .xls or a password-protected workbook is an
OLE2 file instead), that it has the parts of a workbook, that it carries no macros or ActiveX
controls, that no part is encrypted or listed twice, and that the parts do not unpack to more than
we accept (a "zip bomb" of highly compressed XML). openpyxl itself blocks XML entity tricks; it
does not bound size, and a 1.6 MB workbook can take 15 s and 200 MB to load.

Formula injection: a spreadsheet takes a cell text starting with ``=``, ``+``, ``-`` or ``@`` (or
a tab or carriage return before one) for a formula. Texts we write into a workbook are stored
as strings, with Excel's "quote prefix" so they stay text even when edited; for plain-text
outputs (CSV, documents) :func:`neutralise` prefixes an apostrophe, as OWASP recommends.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from sovereignty.core.errors import ContentError

MAX_FORM_BYTES = 5 * 1024 * 1024  # the file on disk
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # all parts, unpacked
MAX_COMPRESSION_RATIO = 200  # per part above RATIO_CHECK_FROM bytes unpacked
RATIO_CHECK_FROM = 1024 * 1024
MAX_ZIP_MEMBERS = 1000
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
MAX_SHEETS = 100
MAX_ROWS = 2000  # rows read per sheet; beyond, a form has nothing to say
MAX_COLUMNS = 30  # columns read per sheet

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam", ".xlsb")
MACRO_PARTS = ("vbaproject.bin", "vbaprojectsignature", "vbadata.xml")
MACRO_FOLDERS = ("xl/macrosheets/", "xl/dialogsheets/", "xl/activex/")
MACRO_CONTENT_TYPES = (b"macroenabled", b"vbaproject", b"activex", b"macrosheet")

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold: openpyxl refuses them, a vendor's text may carry them.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def starts_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def neutralise(text: str) -> str:
    """The text to put in a CSV or document cell so that no spreadsheet runs it as a formula."""
    return "'" + text if starts_like_formula(text) else text


def xml_safe(text: str) -> str:
    """``text`` without the control characters an XML file cannot contain."""
    return _XML_ILLEGAL.sub("", text)


def write_text(cell: Any, text: str) -> None:
    """Put ``text`` in an openpyxl cell as a string, whatever it starts with.

    openpyxl stores any value starting with ``=`` as a formula; setting the data type afterwards
    makes it an (inline) string, and the quote prefix keeps Excel and Calc from reading it as a
    formula if the vendor edits the cell.
    """
    text = xml_safe(text)
    cell.value = text
    cell.data_type = "s"
    if starts_like_formula(text):
        cell.quotePrefix = True


def inspect_workbook(path: Path) -> None:
    """Refuse what is not a plain, reasonably sized xlsx workbook; parse nothing yet."""
    if path.suffix.lower() in MACRO_SUFFIXES:
        raise ContentError(
            path,
            f"a {path.suffix} file can carry macros and is not accepted; save the form as an "
            "Excel workbook (.xlsx) without macros",
        )
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise ContentError(path, "file not found") from None
    except IsADirectoryError:
        raise ContentError(path, "is a folder, a workbook (.xlsx) was expected") from None
    except OSError as exc:
        raise ContentError(path, f"cannot be read: {exc.strerror}") from None
    if size > MAX_FORM_BYTES:
        raise ContentError(
            path, f"too large for a response form ({size:,} bytes; at most {MAX_FORM_BYTES:,})"
        )
    if head == OLE2_MAGIC:
        raise ContentError(
            path,
            "an old-format (.xls) or password-protected workbook; save it as an Excel workbook "
            "(.xlsx) without a password",
        )
    if not zipfile.is_zipfile(path):
        raise ContentError(
            path, "not an xlsx workbook (not a zip archive); save the form as an Excel workbook"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            _inspect_archive(path, archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise ContentError(
            path, f"corrupted workbook (the zip archive is damaged: {exc})"
        ) from None


def _inspect_archive(path: Path, archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise ContentError(path, f"too many parts in the workbook ({len(members):,})")
    names = [m.filename for m in members]
    if len(set(names)) != len(names):
        raise ContentError(path, "corrupted workbook (a part is listed twice in the archive)")
    lowered = {name.lower() for name in names}
    for required in ("[Content_Types].xml", "xl/workbook.xml"):
        if required.lower() not in lowered:
            raise ContentError(
                path, f"not an xlsx workbook (no {required} inside); save it as an Excel workbook"
            )
    macro = next(
        (
            n
            for n in names
            if n.lower().rsplit("/", 1)[-1].startswith(MACRO_PARTS)
            or n.lower().startswith(MACRO_FOLDERS)
        ),
        None,
    )
    if macro:
        raise ContentError(
            path,
            f"the workbook carries macros or controls ({macro}); save it as an Excel workbook "
            "(.xlsx) without macros",
        )
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise ContentError(path, f"an encrypted part ({member.filename}) is not accepted")
        total += member.file_size
        if member.file_size > RATIO_CHECK_FROM and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise ContentError(
                path,
                f"part {member.filename} unpacks to {member.file_size:,} bytes from "
                f"{member.compress_size:,}: refused as a possible zip bomb",
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ContentError(
            path,
            f"the workbook unpacks to {total:,} bytes (at most {MAX_UNCOMPRESSED_BYTES:,}); "
            "a response form is much smaller",
        )
    content_types = next(m for m in members if m.filename.lower() == "[content_types].xml")
    if content_types.file_size > MAX_CONTENT_TYPES_BYTES:
        raise ContentError(path, "corrupted workbook ([Content_Types].xml is oversized)")
    declared = archive.read(content_types).lower()
    for marker in MACRO_CONTENT_TYPES:
        if marker in declared:
            raise ContentError(
                path,
                f"the workbook declares macro content ({marker.decode()}); save it as an Excel "
                "workbook (.xlsx) without macros",
            )
    sheets = declared.count(b"spreadsheetml.worksheet+xml")
    if sheets > MAX_SHEETS:
        raise ContentError(path, f"too many sheets ({sheets}; at most {MAX_SHEETS})")
