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
import stat
import zipfile
import zlib
from pathlib import Path
from typing import Any

from sovereignty.core.errors import ContentError
from sovereignty.core.model import Text

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


def _fr(number: int) -> str:
    """A number as French writes it: 5 242 880 (``{:,}`` gives 5,242,880 in English)."""
    return f"{number:_}".replace("_", " ")


def _refused(path: Path, fr: str, en: str) -> ContentError:
    return ContentError(path, Text(fr=fr, en=en))


NO_MACROS = Text(
    fr="enregistrez-le comme classeur Excel (.xlsx) sans macros",
    en="save it as an Excel workbook (.xlsx) without macros",
)


def inspect_workbook(path: Path) -> None:
    """Refuse what is not a plain, reasonably sized xlsx workbook; parse nothing yet."""
    if path.suffix.lower() in MACRO_SUFFIXES:
        raise _refused(
            path,
            f"un fichier {path.suffix} peut contenir des macros et n'est pas accepté ; "
            f"{NO_MACROS.fr}",
            f"a {path.suffix} file can carry macros and is not accepted; {NO_MACROS.en}",
        )
    try:
        info = path.stat()
        size = info.st_size
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
            # a device or FIFO: stat says 0 bytes, reading it never ends or blocks
            raise _refused(
                path,
                "n'est pas un fichier ordinaire (périphérique, tube ou socket) ; un classeur "
                "(.xlsx) est attendu",
                "is not a regular file (a device, pipe or socket); a workbook (.xlsx) was expected",
            )
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise _refused(path, "fichier introuvable", "file not found") from None
    except IsADirectoryError:
        raise _refused(
            path,
            "c'est un dossier ; un classeur (.xlsx) est attendu",
            "is a folder, a workbook (.xlsx) was expected",
        ) from None
    except OSError as exc:
        raise _refused(
            path, f"illisible : {exc.strerror}", f"cannot be read: {exc.strerror}"
        ) from None
    if size > MAX_FORM_BYTES:
        raise _refused(
            path,
            f"trop volumineux pour un formulaire de réponse ({_fr(size)} octets ; au plus "
            f"{_fr(MAX_FORM_BYTES)})",
            f"too large for a response form ({size:,} bytes; at most {MAX_FORM_BYTES:,})",
        )
    if head == OLE2_MAGIC:
        raise _refused(
            path,
            "classeur à l'ancien format (.xls) ou protégé par mot de passe ; enregistrez-le "
            "comme classeur Excel (.xlsx) sans mot de passe",
            "an old-format (.xls) or password-protected workbook; save it as an Excel workbook "
            "(.xlsx) without a password",
        )
    if not zipfile.is_zipfile(path):
        raise _refused(
            path,
            "ce n'est pas un classeur xlsx (pas une archive zip) ; enregistrez le formulaire "
            "comme classeur Excel",
            "not an xlsx workbook (not a zip archive); save the form as an Excel workbook",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            _inspect_archive(path, archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error) as exc:
        raise _refused(
            path,
            f"classeur endommagé (l'archive zip est abîmée : {exc})",
            f"corrupted workbook (the zip archive is damaged: {exc})",
        ) from None


def _inspect_archive(path: Path, archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise _refused(
            path,
            f"trop de parties dans le classeur ({_fr(len(members))})",
            f"too many parts in the workbook ({len(members):,})",
        )
    names = [m.filename for m in members]
    if len(set(names)) != len(names):
        raise _refused(
            path,
            "classeur endommagé (une partie figure deux fois dans l'archive)",
            "corrupted workbook (a part is listed twice in the archive)",
        )
    lowered = {name.lower() for name in names}
    for required in ("[Content_Types].xml", "xl/workbook.xml"):
        if required.lower() not in lowered:
            raise _refused(
                path,
                f"ce n'est pas un classeur xlsx ({required} absent) ; enregistrez-le comme "
                "classeur Excel",
                f"not an xlsx workbook (no {required} inside); save it as an Excel workbook",
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
        raise _refused(
            path,
            f"le classeur contient des macros ou des contrôles ({macro}) ; {NO_MACROS.fr}",
            f"the workbook carries macros or controls ({macro}); {NO_MACROS.en}",
        )
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise _refused(
                path,
                f"une partie chiffrée ({member.filename}) n'est pas acceptée",
                f"an encrypted part ({member.filename}) is not accepted",
            )
        total += member.file_size
        if member.file_size > RATIO_CHECK_FROM and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise _refused(
                path,
                f"la partie {member.filename} se décompresse en {_fr(member.file_size)} octets à "
                f"partir de {_fr(member.compress_size)} : refusée comme possible bombe zip",
                f"part {member.filename} unpacks to {member.file_size:,} bytes from "
                f"{member.compress_size:,}: refused as a possible zip bomb",
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _refused(
            path,
            f"le classeur se décompresse en {_fr(total)} octets (au plus "
            f"{_fr(MAX_UNCOMPRESSED_BYTES)}) ; un formulaire de réponse est bien plus petit",
            f"the workbook unpacks to {total:,} bytes (at most {MAX_UNCOMPRESSED_BYTES:,}); "
            "a response form is much smaller",
        )
    content_types = next(m for m in members if m.filename.lower() == "[content_types].xml")
    if content_types.file_size > MAX_CONTENT_TYPES_BYTES:
        raise _refused(
            path,
            "classeur endommagé ([Content_Types].xml est démesuré)",
            "corrupted workbook ([Content_Types].xml is oversized)",
        )
    declared = archive.read(content_types).lower()
    for marker in MACRO_CONTENT_TYPES:
        if marker in declared:
            raise _refused(
                path,
                f"le classeur déclare un contenu de macros ({marker.decode()}) ; {NO_MACROS.fr}",
                f"the workbook declares macro content ({marker.decode()}); {NO_MACROS.en}",
            )
    sheets = declared.count(b"spreadsheetml.worksheet+xml")
    if sheets > MAX_SHEETS:
        raise _refused(
            path,
            f"trop de feuilles ({sheets} ; au plus {MAX_SHEETS})",
            f"too many sheets ({sheets}; at most {MAX_SHEETS})",
        )
