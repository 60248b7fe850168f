"""Compile the ``.po`` catalogues under ``locale/`` into the ``.mo`` files gettext reads.

The standard library reads ``.mo`` files but cannot write them, and GNU gettext is not a
dependency: this is the small subset of ``msgfmt`` our catalogue uses (one-line or continued
strings, ``msgid_plural``, the usual escapes). A test checks that the committed ``.mo`` is what
this produces from the ``.po``. Run ``python -m sovereignty.cli.msgfmt`` after editing a ``.po``.
"""

from __future__ import annotations

import ast
import struct
from pathlib import Path

from sovereignty.cli.language import LOCALE_DIR


def parse_po(text: str) -> dict[str, str]:
    """``{msgid: msgstr}``; a plural entry is keyed ``singular\\0plural`` with forms joined by
    ``\\0``, as in a ``.mo`` file."""
    entries: dict[str, str] = {}
    fields: dict[str, str] = {}
    current: str | None = None

    def flush() -> None:
        if "msgid" in fields:
            key = fields["msgid"]
            if "msgid_plural" in fields:
                key += "\0" + fields["msgid_plural"]
                forms = sorted(k for k in fields if k.startswith("msgstr["))
                value = "\0".join(fields[k] for k in forms)
            else:
                value = fields.get("msgstr", "")
            entries[key] = value
        fields.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            if current is None:
                raise ValueError(f"a continued string without a keyword: {raw!r}")
            fields[current] += ast.literal_eval(line)
            continue
        keyword, _, value = line.partition(" ")
        if keyword == "msgid":
            flush()
        current = keyword
        fields[keyword] = ast.literal_eval(value)
    flush()
    return entries


def compile_mo(entries: dict[str, str]) -> bytes:
    """The GNU ``.mo`` format (little endian, no hash table)."""
    keys = sorted(entries)
    ids = [k.encode("utf-8") for k in keys]
    strs = [entries[k].encode("utf-8") for k in keys]
    count = len(keys)
    header_size = 7 * 4
    ids_table = header_size
    strs_table = ids_table + count * 8
    data_start = strs_table + count * 8
    offsets: list[int] = []
    blob = b""
    for item in ids + strs:
        offsets += [len(item), data_start + len(blob)]
        blob += item + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, ids_table, strs_table, 0, data_start)
    return header + struct.pack(f"<{4 * count}I", *offsets) + blob


def catalogues() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def main() -> None:
    for po in catalogues():
        mo = po.with_suffix(".mo")
        mo.write_bytes(compile_mo(parse_po(po.read_text(encoding="utf-8"))))
        print(mo)


if __name__ == "__main__":
    main()
