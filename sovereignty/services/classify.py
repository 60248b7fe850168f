"""Use case: classify an offer under the AI Act and raise the regulatory findings.

``classify_sheet`` is the pure core (bank + sheet + date in, report out); ``classify_file``
loads a sheet first; ``classify_vendor`` reads the offer's classification from the tender
analysis (:mod:`sovereignty.analysis`), computed once per command. The JSON form of a
report (``report_json``) is documented in ``docs/classification-json.md`` and keeps its
top-level keys stable (``schema: sovereignty/classification/1``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sovereignty.aiact.model import Classification
from sovereignty.analysis.offer import evaluate_offer
from sovereignty.core.errors import AnswersError
from sovereignty.core.model import Lang, Text
from sovereignty.core.yamlio import write_atomic
from sovereignty.findings.model import SEVERITY_ORDER, Finding
from sovereignty.findings.rules import RuleOutcome
from sovereignty.questionnaire.answers import AnswerSheet, load_sheet
from sovereignty.questionnaire.loader import QuestionBank, load_bank
from sovereignty.questionnaire.validate import SheetFacts, check_sheet

if TYPE_CHECKING:
    from sovereignty.services.demo import DemoStep
    from sovereignty.tender.folder import Tender

SCHEMA = "sovereignty/classification/1"
TOP_LEVEL_KEYS = (
    "schema",
    "vendor",
    "bank",
    "as_of",
    "summary",
    "regimes",
    "role",
    "obligations",
    "findings",
    "undetermined_rules",
)


ROLE_WORDS = {
    "deployer": Text(fr="déployeur", en="deployer"),
    "provider": Text(fr="fournisseur", en="provider"),
    "undetermined": Text(fr="indéterminé", en="undetermined"),
}


@dataclass(frozen=True)
class ClassificationReport:
    vendor_id: str
    vendor_name: str
    bank: QuestionBank
    classification: Classification
    rules: RuleOutcome

    @property
    def findings(self) -> list[Finding]:
        return self.rules.findings

    def severity_counts(self) -> dict[str, int]:
        counts = Counter(str(f.severity) for f in self.findings)
        return {severity: counts[severity] for severity in SEVERITY_ORDER}


def classify_sheet(bank: QuestionBank, sheet: AnswerSheet, as_of: dt.date) -> ClassificationReport:
    """Classify a sheet already known to be valid against ``bank``."""
    classification, rules = evaluate_offer(
        bank, SheetFacts(bank, sheet.answers), sheet.vendor.id, as_of
    )
    return ClassificationReport(sheet.vendor.id, sheet.vendor.name, bank, classification, rules)


def classify_file(
    answers: Path, as_of: dt.date, bank: QuestionBank | None = None
) -> ClassificationReport:
    """An answer sheet outside any tender; refused, with every problem, if invalid."""
    bank = bank or load_bank()
    sheet, doc = load_sheet(answers)
    report = check_sheet(bank, sheet, doc)
    if report.errors:
        raise AnswersError(answers, report.errors)
    return classify_sheet(bank, sheet, as_of)


def classify_vendor(tender: Tender, vendor_id: str, as_of: dt.date) -> ClassificationReport:
    """The offer's classification, from the analysis the command shares (computed once)."""
    from sovereignty.analysis.tender import TenderAnalysis

    offer = TenderAnalysis.of(tender, as_of).classified(vendor_id)
    assert offer.classification is not None and offer.rules is not None
    return ClassificationReport(
        vendor_id, offer.name, tender.bank, offer.classification, offer.rules
    )


# --- JSON ---------------------------------------------------------------------------------------
def report_json(report: ClassificationReport) -> dict[str, Any]:
    """The documented, stable JSON form (see docs/classification-json.md)."""
    c = report.classification
    role = c.role
    data = {
        "schema": SCHEMA,
        "vendor": {"id": report.vendor_id, "name": report.vendor_name},
        "bank": {"id": report.bank.id, "version": report.bank.version, "hash": report.bank.hash},
        "as_of": c.as_of.isoformat(),
        "summary": {
            "regimes": list(c.applicable),
            "undetermined": list(c.undetermined),
            "role": role.id,
            "role_status": role.status,
            "requalification_risk": role.requalification_risk,
            "findings": report.severity_counts(),
            "undetermined_rules": len(report.rules.undetermined),
        },
        "regimes": [r.model_dump(mode="json") for r in c.regimes],
        "role": role.model_dump(mode="json"),
        "obligations": [o.model_dump(mode="json") for o in c.obligations],
        "findings": [f.model_dump(mode="json") for f in report.findings],
        "undetermined_rules": [
            {
                "id": u.id,
                "severity": u.severity,
                "title": u.title.model_dump(),
                "deciding_questions": list(u.deciding_questions),
            }
            for u in report.rules.undetermined
        ],
    }
    assert tuple(data) == TOP_LEVEL_KEYS
    return data


# Short names for one-line summaries; documents and `classify` use the full titles.
SHORT_REGIME_NAMES: dict[str, Text] = {
    "not_ai_system": Text(fr="hors champ (pas un système d'IA)", en="not an AI system"),
    "out_of_scope": Text(fr="hors champ (art. 2)", en="out of scope (Art. 2)"),
    "prohibited": Text(fr="pratique interdite", en="prohibited practice"),
    "high_risk_annex_i": Text(fr="haut risque annexe I", en="high-risk Annex I"),
    "high_risk_annex_iii": Text(fr="haut risque annexe III", en="high-risk Annex III"),
    "transparency": Text(fr="transparence art.", en="transparency Art."),
    "gpai": Text(fr="modèle d'IA à usage général", en="general-purpose AI model"),
    "gpai_systemic_risk": Text(fr="risque systémique", en="systemic risk"),
    "minimal_risk": Text(fr="risque minimal", en="minimal risk"),
}


def summary_line(report: ClassificationReport, lang: Lang) -> str:
    c = report.classification
    regimes = []
    for regime in c.regimes:
        name = SHORT_REGIME_NAMES[regime.id](lang)
        if regime.status == "applies":
            regimes.append(name + (f" {'/'.join(regime.points)}" if regime.points else ""))
        elif regime.status == "undetermined":
            regimes.append(f"{name} ?" if lang == "fr" else f"{name}?")
    counts = report.severity_counts()
    role = ROLE_WORDS[c.role.id or "undetermined"](lang)
    if lang == "fr":
        return (
            f"{report.vendor_name} : {', '.join(regimes)} — rôle : {role} — constats : "
            f"{counts['blocking']} bloquant(s), {counts['major']} majeur(s), "
            f"{counts['minor']} mineur(s), {counts['info']} info ; "
            f"{len(report.rules.undetermined)} règle(s) indéterminée(s)"
        )
    return (
        f"{report.vendor_name}: {', '.join(regimes)} — role: {role} — findings: "
        f"{counts['blocking']} blocking, {counts['major']} major, {counts['minor']} minor, "
        f"{counts['info']} info; {len(report.rules.undetermined)} undetermined rule(s)"
    )


def demo_step(tender: Tender, out: Path, lang: Lang) -> DemoStep:
    """Classify each demo vendor; write ``classification-<vendor>.json`` into ``out``."""
    from sovereignty.services.demo import DemoStep

    step = DemoStep("classify")
    as_of = dt.date.today()
    for vendor_id in tender.vendor_ids():
        report = classify_vendor(tender, vendor_id, as_of)
        path = out / f"classification-{vendor_id}.json"
        data = report_json(report) | {"journal": tender.journal_head().data()}
        write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        step.summary.append(summary_line(report, lang))
        step.files.append(path)
    return step
