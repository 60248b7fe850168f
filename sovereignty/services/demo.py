"""`sovereignty demo`: build the bundled example tender and run every step on it.

Each capability adds a step: a function ``(tender, out, lang) -> DemoStep`` named in ``STEPS``.
"""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sovereignty.core.errors import TenderError
from sovereignty.core.model import Lang, Text
from sovereignty.core.resources import data_dir
from sovereignty.core.yamlio import load_yaml
from sovereignty.questionnaire.answers import AnswerSheet, load_sheet
from sovereignty.tender.folder import TENDER_FILE, Tender, TenderSettings


@dataclass
class DemoStep:
    name: str
    summary: list[str] = field(default_factory=list)  # lines to print
    files: list[Path] = field(default_factory=list)  # files written


# Steps run in this order; each is "module:function".
STEPS: list[str] = [
    "sovereignty.services.demo:answers_step",
    "sovereignty.services.dce:demo_step",  # published before the offers are analysed
    "sovereignty.services.classify:demo_step",
    "sovereignty.services.flows:demo_step",
    "sovereignty.services.form:demo_step",
    "sovereignty.services.award:prices_step",
    "sovereignty.services.scoring:demo_step",
    "sovereignty.services.documents:demo_step",
    "sovereignty.services.award_documents:demo_step",
    "sovereignty.services.lifecycle:demo_step",
]


def previous_demo(out: Path) -> Path:
    """Where the demo being rebuilt waits until the new one is complete."""
    return out.parent / f".{out.name}.previous"


def _restore_previous(out: Path) -> None:
    """A rebuild killed before it completed left the previous demo aside: put it back (the
    half-built one is what is removed)."""
    previous = previous_demo(out)
    if previous.is_dir() and (previous / TENDER_FILE).is_file():
        if out.exists():
            shutil.rmtree(out)
        previous.rename(out)


def build_demo_tender(out: Path, force: bool = False, lang: Lang | None = None) -> Tender:
    """Copy the example tender into ``out`` (refusing to overwrite anything but a tender). An
    existing demo rebuilt with ``force`` is moved aside, not deleted: :func:`run_demo` deletes
    it once the new one is complete."""
    _restore_previous(out)
    if out.exists() and any(out.iterdir()):
        if not (out / TENDER_FILE).is_file():
            raise TenderError(
                Text(
                    fr=f"{out} existe et n'est pas un dossier de consultation ; choisissez un "
                    "dossier vide ou nouveau pour --out",
                    en=f"{out} exists and is not a tender folder; choose an empty or new folder "
                    "for --out",
                )
            )
        if not force:
            raise TenderError(
                Text(
                    fr=f"{out} contient déjà une consultation ; ajoutez --force pour la "
                    "reconstruire",
                    en=f"{out} already holds a tender; pass --force to rebuild it",
                )
            )
        out.rename(previous_demo(out))
    source = data_dir("examples") / "demo"
    settings = TenderSettings.model_validate(load_yaml(source / TENDER_FILE).data)
    if lang is not None:  # the demo's outputs and the tender's later ones in one language
        settings = settings.model_copy(update={"language": lang})
    tender = Tender.create(out, settings, actor="demo")
    bank = tender.bank

    def current(path: Path) -> AnswerSheet:
        sheet, _ = load_sheet(path)
        # The example sheets are kept in step with the shipped bank (a test checks it).
        ref = sheet.bank.model_copy(update={"hash": bank.hash, "version": bank.version})
        return sheet.model_copy(update={"bank": ref})

    # the buyer's answers (need, planned use...), held once for every offer
    tender.save_buyer_sheet(current(source / "buyer.yaml"), "buyer.imported", "demo")
    for path in sorted((source / "vendors").glob("*.yaml")):
        sheet = current(path)
        tender.save_sheet(
            sheet, "vendor.imported", "demo", vendor=sheet.vendor.id, source=path.name
        )
    return tender


def answers_step(tender: Tender, out: Path, lang: Lang) -> DemoStep:
    from sovereignty.analysis.tender import TenderAnalysis

    step = DemoStep("answers")
    analysis = TenderAnalysis.of(tender)  # what the next steps read too: each sheet read once
    for vendor_id in tender.vendor_ids():
        offer = analysis.loaded(vendor_id)
        sheet, report = offer.sheet, offer.report
        unknown = sum(s.unknown for s in report.sections)
        done = report.valid and report.complete
        step.summary.append(
            Text(
                fr=f"{sheet.vendor.name} : {report.answered}/{report.applicable} réponses, "
                f"{unknown} inconnue(s) — " + ("OK" if done else "INCOMPLÈTE"),
                en=f"{sheet.vendor.name}: {report.answered}/{report.applicable} answers, "
                f"{unknown} unknown — " + ("OK" if done else "INCOMPLETE"),
            )(lang)
        )
        step.files.append(tender.answers_path(vendor_id))
    return step


def run_demo(
    out: Path,
    lang: Lang = "fr",
    force: bool = False,
    on_step: Callable[[DemoStep], None] | None = None,
) -> list[DemoStep]:
    tender = build_demo_tender(out, force, lang)
    steps = []
    try:
        for spec in STEPS:
            module_name, function_name = spec.split(":")
            function = getattr(importlib.import_module(module_name), function_name)
            step: DemoStep = function(tender, out, lang)
            steps.append(step)
            if on_step:
                on_step(step)
        tender.log("demo.completed", "demo", steps=[s.name for s in steps])
    except BaseException:
        _restore_previous(out)  # the previous demo, whole, rather than half a new one
        raise
    # Only now is the previous demo deleted (a kill before this leaves it aside, whole, and the
    # next run puts it back).
    if previous_demo(out).exists():
        shutil.rmtree(previous_demo(out))
    return steps
