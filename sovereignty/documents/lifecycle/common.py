"""What the lifecycle documents read, and the shape they share.

:class:`OfferView` is the awarded offer as these documents see it: answers (raw and as text),
the classification, the findings, the data-flow model and analysis, the contract clauses chosen
for it and their blanks, the price lines, and the register entry when there is one. Services
build it once; every document reads it, none recomputes it.

A document is a title block and a list of sections; a section has paragraphs, a label/value table
(``facts``), a three-column table (``cols``/``rows``), points left for the hospital (``todo``) and
its legal basis. Texts are written here in both languages, next to the structure they fill.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sovereignty import __version__
from sovereignty.aiact.model import Classification
from sovereignty.core.model import Lang
from sovereignty.dataflow.model import DataflowModel
from sovereignty.documents.frame import format_date, identification, label, tender_block
from sovereignty.findings.model import Finding
from sovereignty.register.model import Entry
from sovereignty.tender.folder import TenderSettings

# The texts cited, as English sentences name them (French ones use « règlement (UE) ... »).
GDPR_EN = "Regulation (EU) 2016/679 (GDPR)"
AIA_EN = "Regulation (EU) 2024/1689 (AI Act)"
DATA_ACT_EN = "Regulation (EU) 2023/2854 (Data Act)"


@dataclass(frozen=True)
class ClauseRef:
    id: str
    chapter: str
    title: str
    legal: str


@dataclass(frozen=True)
class PriceLine:
    """One line of the price schedule (or of the answers, until a schedule exists)."""

    label: str
    amount: float | None  # euros excluding tax; None when only described
    unit: str = ""
    source: str = ""  # "prices" (the schedule) or the question id it comes from


@dataclass(frozen=True)
class OfferView:
    settings: TenderSettings
    vendor_id: str
    vendor_name: str
    as_of: dt.date
    value: Callable[[str], Any]  # the raw answer, None when unanswered, unknown or not applicable
    text: Callable[[str], str | None]  # the answer as the documents quote it
    question: Callable[[str], str]  # a question's label
    choice: Callable[[str, str], str]  # a choice's label: (question id, value)
    classification: Classification
    findings: tuple[Finding, ...] = ()
    model: DataflowModel | None = None
    flow: dict[str, Any] = field(default_factory=dict)  # the analysis, as `flows --json` gives it
    clauses: tuple[ClauseRef, ...] = ()
    blanks: tuple[tuple[str, str], ...] = ()  # (clause id, what to complete)
    prices: tuple[PriceLine, ...] = ()
    entry: Entry | None = None
    journal: tuple[int, str] | None = None  # the tender journal's entry count and last hash
    switch_day: dt.date | None = None  # an exit planned on that day, instead of the contract end

    def node_name(self, node_id: str, lang: Lang) -> str:
        if self.model is None:
            return node_id
        for node in self.model.nodes:
            if node.id == node_id:
                return (node.name_en or node.name) if lang == "en" else node.name
        return node_id


def category(name: str, lang: Lang) -> str:
    """A data category's name (``health_pseudonymised`` → « données de santé pseudonymisées »)."""
    from sovereignty.dataflow.catalogue import catalogue

    names = catalogue().category_names
    return names[name](lang) if name in names else name


PURPOSES: dict[str, tuple[str, str]] = {
    "care": ("soins", "care"),
    "inference": ("inférence", "inference"),
    "results": ("résultats", "results"),
    "storage": ("stockage", "storage"),
    "backup": ("sauvegarde", "backup"),
    "support": ("support", "support"),
    "administration": ("administration", "administration"),
    "monitoring": ("supervision", "monitoring"),
    "analytics": ("statistiques", "analytics"),
    "training": ("entraînement", "training"),
    "export": ("export", "export"),
    "other": ("autre", "other"),
}


def purpose(name: str, lang: Lang) -> str:
    """What a data flow is for, in words."""
    fr, en = PURPOSES.get(name, (name, name))
    return fr if lang == "fr" else en


def tr(lang: Lang, fr: str, en: str) -> str:
    return fr if lang == "fr" else en


def section(
    heading: str,
    *,
    level: int = 1,
    paragraphs: Sequence[str] = (),
    facts: Sequence[tuple[str, str]] = (),
    cols: tuple[str, str, str] | None = None,
    rows: Sequence[tuple[str, str, str]] = (),
    todo: Sequence[str] = (),
    basis: str = "",
) -> dict[str, Any]:
    """One section; every key present, so the template's check sees the same shape always."""
    a, b, c = cols or ("", "", "")
    return {
        "heading": heading,
        "level": level,
        "paragraphs": [p for p in paragraphs if p],
        "facts": [{"label": k, "value": v or "—"} for k, v in facts],
        "cols": {"a": a, "b": b, "c": c},
        "rows": [{"a": x, "b": y, "c": z} for x, y, z in rows] if cols else [],
        "todo": list(todo),
        "basis": basis,
    }


def document(
    view: OfferView,
    lang: Lang,
    *,
    title: str,
    subtitle: str,
    sections: list[dict[str, Any]],
    extra: Sequence[tuple[str, str]] = (),
    generated: dt.datetime | None = None,
) -> dict[str, Any]:
    generated = generated or dt.datetime.now(dt.UTC)
    date = format_date(view.as_of, lang)
    rows = identification(
        view.settings,
        lang,
        [
            (tr(lang, "Offre retenue", "Awarded offer"), view.vendor_name),
            *extra,
            *(
                [
                    (
                        label(lang, "id_journal"),
                        label(
                            lang,
                            "id_journal_value",
                            entries=view.journal[0],
                            head=view.journal[1][:16],
                        ),
                    )
                ]
                if view.journal
                else []
            ),
            (tr(lang, "Date", "Date"), date),
        ],
    )
    toc = [s["heading"] if s["level"] == 1 else "    " + s["heading"] for s in sections]
    return {
        "tender": tender_block(view.settings),
        "doc": {
            "title": title,
            "subtitle": subtitle,
            "date": tr(lang, f"au {date}", f"as of {date}"),
            "lang": lang,
            "identification": rows,
            "notice": tr(
                lang,
                f"Document pré-rempli par sovereignty {__version__} le "
                f"{format_date(generated.date(), lang)} à partir des réponses de l'offre, de sa "
                "classification, de son graphe de flux et des clauses du contrat. Les points "
                "marqués ☐ restent à compléter et à valider par l'établissement.",
                f"Pre-filled by sovereignty {__version__} on {format_date(generated.date(), lang)} "
                "from the offer's answers, its classification, its data-flow graph and the "
                "contract's clauses. Points marked ☐ remain for the establishment to complete and "
                "approve.",
            ),
            "toc_title": tr(lang, "Sommaire", "Contents"),
            "page": tr(lang, "page", "page"),
            "toc_text": "\n".join(toc),
        },
        "sections": sections,
    }


def joined(values: Sequence[str], lang: Lang) -> str:
    return (" ; " if lang == "fr" else "; ").join(v for v in values if v)


def or_todo(value: str | None, lang: Lang) -> str:
    return value or tr(lang, "☐ à compléter", "☐ to complete")


def obligation_date(view: OfferView, obligation_id: str) -> dt.date | None:
    for item in view.classification.obligations_of("hospital"):
        if item.id == obligation_id:
            return item.applies_from
    return None


def applies(view: OfferView, obligation_id: str) -> bool:
    return any(
        o.id == obligation_id and o.certainty == "applies"
        for o in view.classification.obligations_of("hospital")
    )


def fmt_date(day: dt.date | None, lang: Lang) -> str:
    return format_date(day, lang) if day else tr(lang, "☐ date à fixer", "☐ date to set")
