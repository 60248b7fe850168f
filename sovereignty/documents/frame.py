"""What the three documents share: labels in the chosen language, dates, the title block.

Labels live in ``data/labels.yaml`` (French and English); templates read them as
``{{ l.key }}``. A context is plain data: dicts, lists and strings (plus ``Picture`` for images).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from sovereignty import __version__
from sovereignty.core.errors import ContentError, Problem
from sovereignty.core.model import Lang, Text
from sovereignty.core.yamlio import load_yaml

LABELS = Path(__file__).parent / "data" / "labels.yaml"
MONTHS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


# Lines an A4 title page holds for the identification table and the contents together, below
# the title and the notice (measured on LibreOffice's PDFs: about 0.55 cm a line, 18 cm free).
TITLE_PAGE_LINES = 32


def toc_fits_title_page(identification_rows: int, toc_entries: int) -> bool:
    """Whether the contents holds under the title block: then the body starts on the next
    page; else the contents runs onto the next page and the body follows it there, so that no
    page holds only the last lines of a contents."""
    return identification_rows + toc_entries <= TITLE_PAGE_LINES


@cache
def _all_labels() -> dict[str, dict[str, str]]:
    """Every label: ``labels.yaml``, then each ``labels-*.yaml`` beside it (one per document
    family, e.g. the award's); a key defined twice is an error, not a silent override."""
    merged: dict[str, dict[str, str]] = {}
    for path in [LABELS, *sorted(LABELS.parent.glob("labels-*.yaml"))]:
        doc = load_yaml(path)
        problems = []
        for key, value in (doc.data or {}).items():
            if not (isinstance(value, dict) and set(value) == {"fr", "en"}):
                message = Text(
                    fr="un libellé a exactement deux clés, 'fr' et 'en'",
                    en="a label needs exactly 'fr' and 'en'",
                )
                problems.append(Problem(doc.where((key,)), message, key))
            elif key in merged:
                message = Text(
                    fr="ce libellé est déjà défini dans un autre fichier de libellés",
                    en="this label is already defined in another labels file",
                )
                problems.append(Problem(doc.where((key,)), message, key))
            else:
                merged[key] = value
        if problems:
            raise ContentError(path, problems)
    return merged


def labels(lang: Lang) -> dict[str, str]:
    return {key: value[lang] for key, value in _all_labels().items()}


# ``{count|offre reçue|offres reçues}``: the singular or the plural form, by the named value.
_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def plural(lang: Lang, count: float, singular: str, plural_form: str) -> str:
    """French takes the singular for 0 and 1 (« 0 offre »), English for 1 only."""
    one = abs(count) < 2 if lang == "fr" else count == 1
    return singular if one else plural_form


def label(lang: Lang, key: str, **values: Any) -> str:
    """The label ``key`` with ``values`` inserted and its ``{n|one|many}`` forms agreed."""
    text = _all_labels()[key][lang]
    if not values:
        return text
    text = _PLURAL.sub(lambda m: plural(lang, float(values[m[1]]), m[2], m[3]), text)
    return text.format(**values)


def semicolon(lang: Lang) -> str:
    """Between items of a list: French typography puts a space before the semicolon."""
    return " ; " if lang == "fr" else "; "


def format_date(day: dt.date | None, lang: Lang) -> str:
    if day is None:
        return "—"
    if lang == "fr":
        first = "1er" if day.day == 1 else str(day.day)
        return f"{first} {MONTHS_FR[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def format_number(value: float, lang: Lang, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    if digits and text.endswith("0" * digits):
        text = text[: -(digits + 1)]
    return text.replace(".", ",") if lang == "fr" else text


def short_hash(value: str | None, lang: Lang) -> str:
    if not value:
        return label(lang, "no_profile")
    algorithm, _, digest = value.partition(":")
    return f"{algorithm}:{digest[:12]}" if digest else value[:19]


def tender_block(settings: Any) -> dict[str, Any]:
    return {
        "name": settings.name,
        "reference": settings.reference or "",
        "buyer": settings.buyer,
        "ght": settings.ght or "",
        "establishments": [{"id": e.id, "name": e.name} for e in settings.establishments],
    }


def identification(
    settings: Any, lang: Lang, extra: Iterable[tuple[str, str]]
) -> list[dict[str, str]]:
    rows = [(label(lang, "id_tender"), settings.name)]
    if settings.reference:
        rows.append((label(lang, "id_reference"), settings.reference))
    rows.append((label(lang, "id_buyer"), settings.buyer))
    if settings.ght:
        rows.append((label(lang, "id_ght"), settings.ght))
    if settings.establishments:
        names = [
            e.name + (f" ({label(lang, 'role_support')})" if e.role == "support" else "")
            for e in settings.establishments
        ]
        rows.append((label(lang, "id_establishments"), ", ".join(names)))
    rows += list(extra)
    return [{"label": k, "value": v} for k, v in rows]


def frame(
    settings: Any,
    lang: Lang,
    *,
    title: str,
    subtitle: str,
    extra: Sequence[tuple[str, str]],
    as_of: dt.date,
    profile_hash: str | None,
    toc: Sequence[str],
    generated: dt.datetime | None = None,
) -> dict[str, Any]:
    """The keys every template uses: ``l``, ``tender`` and ``doc``."""
    generated = generated or dt.datetime.now(dt.UTC).replace(microsecond=0)
    date = format_date(as_of, lang)
    rows = identification(settings, lang, [*extra, (label(lang, "id_date"), date)])
    return {
        "l": labels(lang),
        "tender": tender_block(settings),
        "doc": {
            "title": title,
            "subtitle": subtitle,
            # the date findings, obligations and scores are read at (--as-of), in the header
            "date": label(lang, "as_of_date", date=date),
            "lang": lang,
            "profile_hash": short_hash(profile_hash, lang),
            "profile_hash_full": profile_hash or "",
            "identification": rows,
            "notice": label(
                lang,
                "notice",
                version=__version__,
                generated=format_date(generated.date(), lang),
            ),
            # Shown until Word updates the table of contents field (LibreOffice keeps it).
            "toc_text": "\n".join(toc) if toc else label(lang, "toc_text"),
            "break_after_toc": toc_fits_title_page(len(rows), len(toc)),
        },
    }
