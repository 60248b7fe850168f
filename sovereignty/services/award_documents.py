"""Writing the award's Word documents: the offer analysis report (``sovereignty rao``) and the
letters to the bidders (``sovereignty letters``); the demo step that writes them.

Everything the documents say is read once: the comparison (regularity, prices, scores,
ranking), each offer's findings and completeness, the evaluators' files and the
regularisation rounds of the journal. Each document is rendered in memory, then written
atomically, and journaled with its file's hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from sovereignty.core.errors import UsageError
from sovereignty.core.model import Lang, Text
from sovereignty.documents.rao_context import AwardFacts
from sovereignty.services.demo import DemoStep
from sovereignty.services.documents import (
    Options,
    Written,
    _Job,
    _render,
    _write,
    template_paths,
)
from sovereignty.tender.folder import Tender


def award_facts(tender: Tender, options: Options) -> AwardFacts:
    from sovereignty.services.award import rounds
    from sovereignty.services.scoring import compare_tender, mark_scored

    if not tender.vendor_ids():
        raise UsageError(
            Text(
                fr="pas encore d'offre dans cette consultation : ajoutez-en une avec "
                "`sovereignty vendor add`",
                en="no vendor in this tender yet: add one with `sovereignty vendor add`",
            )
        )
    result, comparison = compare_tender(tender, as_of=options.as_of)
    mark_scored(tender)
    # Each offer analysed once, by the comparison: its findings and completeness are reused.
    findings = {v: o.findings for v, o in result.offers.items()}
    completeness = {
        v: f"{o.report.answered}/{o.report.applicable}" for v, o in result.offers.items()
    }
    return AwardFacts(
        profile=result.loaded.profile,
        profile_hash=result.loaded.hash,
        scores={s.vendor: s for s in result.scores},
        regularity=result.regularity,
        prices=result.prices,
        comparison=comparison,
        evaluators=result.evaluations,
        findings=findings,
        completeness=completeness,
        establishments={e.id: e.name for e in tender.settings.establishments},
        rounds=rounds(tender),
    )


def _journal(tender: Tender, kind: str, written: list[Written]) -> None:
    for item in written:
        digest = "sha256:" + hashlib.sha256(item.path.read_bytes()).hexdigest()
        tender.log(f"document.{kind}", None, vendor=item.vendor, file=str(item.path), hash=digest)


def write_rao(
    tender: Tender, out: Path, options: Options, facts: AwardFacts | None = None
) -> list[Written]:
    from sovereignty.documents.rao_context import rao_context

    lang = options.lang or tender.settings.language
    templates = template_paths(options.templates, lang)
    facts = facts or award_facts(tender, options)
    context = rao_context(tender, facts, lang, as_of=options.as_of or dt.date.today())
    job = _Job("rao", None, templates["rao"], out, context, context["doc"]["title"])
    _render([job], tender)
    written = _write([job], options.pdf, options.templates)
    _journal(tender, "rao", written)
    return written


def write_letters(
    tender: Tender, folder: Path, options: Options, facts: AwardFacts | None = None
) -> list[Written]:
    from sovereignty.documents.letters_context import letters_contexts

    lang = options.lang or tender.settings.language
    templates = template_paths(options.templates, lang)
    facts = facts or award_facts(tender, options)
    as_of = options.as_of or dt.date.today()
    jobs = [
        _Job(
            "letter",
            vendor,
            templates["letter"],
            folder / f"{kind}-{vendor}.docx",
            context,
            context["doc"]["title"],
        )
        for kind, vendor, context in letters_contexts(tender, facts, lang, as_of=as_of)
    ]
    if not jobs:
        raise UsageError(
            Text(
                fr="aucune lettre à écrire : aucune offre classée ni incomplète",
                en="no letter to write: no offer ranked or incomplete",
            )
        )
    folder.mkdir(parents=True, exist_ok=True)
    _render(jobs, tender)
    written = _write(jobs, options.pdf, options.templates)
    _journal(tender, "letter", written)
    if facts.comparison.winner is not None:
        from sovereignty.services.award import DECIDED, awarded

        # Notifying the bidders is the award decision: journaled once, with the ranking.
        if awarded(tender) != facts.comparison.winner.vendor:
            tender.log(
                DECIDED,
                None,
                vendor=facts.comparison.winner.vendor,
                ranking=[e.vendor for e in facts.comparison.ranking],
                rejected={e.vendor: e.state for e in facts.comparison.rejected},
                profile=facts.profile_hash,
            )
    return written


def demo_step(tender: Tender, out: Path, lang: Lang) -> DemoStep:
    """The offer analysis report and the letters of the demo tender."""
    from sovereignty.core.errors import colon
    from sovereignty.documents.pdf import soffice

    step = DemoStep("award")
    options = Options(lang=lang, pdf=soffice() is not None)
    facts = award_facts(tender, options)
    folder = out / "documents"
    written = write_rao(tender, folder / "rao.docx", options, facts)
    written += write_letters(tender, folder / "letters", options, facts)
    for item in written:
        pages = f", {item.pages} pages" if item.pages else ""
        shown = item.path.relative_to(folder)
        step.summary.append(f"{shown}{colon(lang)}{item.seconds * 1000:.0f} ms{pages}")
        step.files.append(item.path)
        if item.pdf:
            step.files.append(item.pdf)
    return step
