"""Response forms: export the tender's form, import a vendor's filled form (use cases).

An import validates everything before writing anything: that the form is this vendor's (the
company it names, and that the same file was not already imported for another vendor), the form's
cells, then the merged answer sheet with the same rules as every sheet (``check_sheet``). Any
problem and nothing is written; otherwise the sheet is replaced atomically and the import is
recorded in the tender journal.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sovereignty.core.errors import AnswersError, ContentError, Problem, UsageError, colon
from sovereignty.core.model import Lang, Text
from sovereignty.core.yamlio import write_atomic
from sovereignty.forms.merge import Change, depending_on, drop_stale, merge_answers
from sovereignty.questionnaire.answers import (
    VENDOR_ID,
    Answer,
    AnswerSheet,
    BankRef,
    Conflict,
    new_sheet,
    now,
)
from sovereignty.questionnaire.validate import SheetFacts, SheetReport, check_sheet
from sovereignty.services.demo import DemoStep
from sovereignty.tender.folder import Tender

if TYPE_CHECKING:
    from sovereignty.forms.read import FormContent

FORM_SUFFIX = ".xlsx"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    questions: int
    sheets: int
    size: int  # bytes
    seconds: float


@dataclass
class ImportResult:
    vendor_id: str
    path: Path
    respondent: str
    lang: Lang
    company: str | None = None
    changes: list[Change] = field(default_factory=list)
    created: bool = False  # the vendor was new to the tender
    written: bool = False
    report: SheetReport | None = None
    overridden: list[str] = field(default_factory=list)  # ownership checks waived by --force
    set_aside: list[SetAside] = field(default_factory=list)  # answers to questions not applying
    # answers changed by somebody else (an `assess` window) while the form was read: kept
    conflicts: list[Conflict] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(frozen=True)
class SetAside:
    """An answer the form gave to a question that does not apply given its other answers."""

    question_id: str
    place: str  # the form's cell
    answer: Answer


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export_form(
    tender: Tender, out: Path, lang: Lang | None = None, actor: str | None = None
) -> ExportResult:
    """Write the tender's response form to ``out`` (replacing it atomically)."""
    from sovereignty.forms.export import FormContext, build_form
    from sovereignty.forms.layout import FormLayout

    if out.suffix.lower() != FORM_SUFFIX:
        raise UsageError(
            Text(
                fr=f"{out} : le formulaire est un classeur Excel ; nommez-le en .xlsx",
                en=f"{out}: the form is an Excel workbook; name it with .xlsx",
            )
        )
    start = time.perf_counter()
    layout = FormLayout(tender.bank, lang or tender.settings.language)
    settings = tender.settings
    data = build_form(layout, FormContext(settings.name, settings.buyer, settings.reference, now()))
    write_atomic(out, data)
    tender.log(
        "form.exported",
        actor,
        file=out.name,
        lang=layout.lang,
        bank=tender.bank.id,
        bank_version=tender.bank.version,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return ExportResult(
        out, len(layout.places), len(layout.sheet_names()), len(data), time.perf_counter() - start
    )


def import_form(
    tender: Tender,
    path: Path,
    vendor_id: str,
    actor: str | None = None,
    dry_run: bool = False,
    force: bool = False,
) -> ImportResult:
    """Read a filled form into the vendor's answer sheet; all or nothing.

    ``force`` waives the checks that the form is this vendor's (see :func:`_ownership`).
    """
    from sovereignty.forms.read import read_form

    start = time.perf_counter()
    bank = tender.bank
    content = read_form(path, bank)
    created = not tender.has_vendor(vendor_id)
    sha256 = _sha256(path)
    refusals = _ownership(tender, content, vendor_id, sha256, created)
    if refusals and not force:
        raise ContentError(path, [problem for _, problem in refusals])
    if created:
        if not VENDOR_ID.fullmatch(vendor_id):
            raise UsageError(
                Text(
                    fr=f"--vendor {vendor_id!r} : utilisez minuscules, chiffres et '-' "
                    "(par ex. 'radiance')",
                    en=f"--vendor {vendor_id!r}: use lower-case letters, digits and '-' "
                    "(e.g. 'radiance')",
                )
            )
        organisation = content.company or vendor_id
        existing = new_sheet(bank.id, bank.version, bank.hash, vendor_id, organisation)
    else:
        existing = tender.load_sheet(vendor_id)
    # recorded with each answer: in the form's language, like the answers it comes with
    imported = "import du formulaire" if content.lang == "fr" else "form import"
    by = content.respondent or f"{imported}{colon(content.lang)}{path.name}"
    at = now()
    merged, changes = merge_answers(existing, content.answers, by, at, bank.fingerprint)
    given = {qid for qid, answer in content.answers.items() if answer is not None}
    merged, dropped = drop_stale(bank, merged, given, at)
    changes += dropped
    # A vendor who fills in every question in good faith answers some that do not apply given
    # their other answers: those are set aside (listed, and kept in the journal), not refused.
    facts = SheetFacts(bank, merged.answers)
    aside = [q for q in given if q in merged.answers and facts.applicable.get(q) is False]
    set_aside = [
        SetAside(q, content.places.get(q, ""), merged.answers[q])
        for q in sorted(aside, key=lambda q: bank.position.get(q, 0))
    ]
    if aside:
        merged = merged.without(*aside)
        changes = [c for c in changes if c.question_id not in aside]
    merged = merged.model_copy(
        update={"bank": BankRef(id=bank.id, version=bank.version, hash=bank.hash)}
    )
    report = check_sheet(bank, merged)
    # A cell refused above is left out of the merge; what depends on it cannot be judged yet.
    undecided = depending_on(bank, {p.subject for p in content.problems if p.subject})
    sheet_file = tender.answers_path(vendor_id).relative_to(tender.root).as_posix()
    problems = list(content.problems) + [
        p for p in _located(report, content.places, sheet_file) if p.subject not in undecided
    ]
    if problems:
        raise AnswersError(path, problems)
    result = ImportResult(
        vendor_id,
        path,
        by,
        content.lang,
        content.company,
        changes,
        created,
        report=report,
        overridden=[check for check, _ in refusals],
        set_aside=set_aside,
    )
    if not dry_run:
        _write(
            tender,
            merged,
            None if created else existing,
            result,
            actor,
            sha256,
            changed=created or merged != existing,
        )
    result.seconds = time.perf_counter() - start
    return result


def _ownership(
    tender: Tender, content: FormContent, vendor_id: str, sha256: str, created: bool
) -> list[tuple[str, Problem]]:
    """Why this form may be another vendor's, as (check, problem): the company it names is not
    the vendor, or the very same file was already imported for another vendor."""
    from sovereignty.forms.identity import company_matches
    from sovereignty.forms.layout import INSTRUCTIONS_SHEET, RESPONDENT_COLUMN, RESPONDENT_ROWS
    from sovereignty.forms.structure import where
    from sovereignty.tender.journal import read_journal

    found = []
    if not created and content.company:
        name = tender.load_sheet(vendor_id).vendor.name
        if not company_matches(content.company, name, vendor_id):
            cell = f"{RESPONDENT_COLUMN}{RESPONDENT_ROWS['organisation']}"
            found.append(
                (
                    "company",
                    Problem(
                        where(INSTRUCTIONS_SHEET, cell),
                        Text(
                            fr=f"le formulaire est celui de la société « {content.company} », "
                            f"pas de l'offre « {vendor_id} » ({name}) : vérifiez --vendor "
                            "(--force pour l'importer quand même, inscrit au journal)",
                            en=f"the form is from the company “{content.company}”, not from "
                            f"the vendor '{vendor_id}' ({name}): check --vendor "
                            "(--force to import it anyway, journaled)",
                        ),
                    ),
                )
            )
    others = sorted(
        {
            str(entry.details.get("vendor"))
            for entry in read_journal(tender.journal_path)
            if entry.action == "form.imported"
            and entry.details.get("sha256") == sha256
            and entry.details.get("vendor") != vendor_id
        }
    )
    if others:
        listed = ", ".join(others)
        found.append(
            (
                "already_imported",
                Problem(
                    "",
                    Text(
                        fr=f"ce même fichier a déjà été importé pour l'offre {listed} (journal) : "
                        f"il ne peut pas être aussi la réponse de « {vendor_id} » "
                        "(--force pour l'importer quand même, inscrit au journal)",
                        en=f"this very file was already imported for the vendor {listed} "
                        f"(journal): it cannot also be the answer of '{vendor_id}' "
                        "(--force to import it anyway, journaled)",
                    ),
                ),
            )
        )
    return found


def _located(report: SheetReport, places: dict[str, str], sheet_file: str) -> list[Problem]:
    """check_sheet's errors, placed on the form's cells (or on the answer sheet's file, for the
    buyer's answers, which the form does not hold)."""
    located = []
    for problem in report.errors:
        where = places.get(problem.subject) or sheet_file
        located.append(Problem(where, problem.message, problem.subject))
    return located


def _write(
    tender: Tender,
    sheet: AnswerSheet,
    base: AnswerSheet | None,
    result: ImportResult,
    actor: str | None,
    sha256: str,
    changed: bool,
) -> None:
    """One journaled write, merged into the sheet as it is on disk now: answers given meanwhile
    in another window are kept, and any the form would overwrite are reported."""
    if result.created:
        tender.log("vendor.added", actor, vendor=result.vendor_id, name=sheet.vendor.name)
    details = dict(
        vendor=result.vendor_id,
        file=result.path.name,
        sha256=sha256,
        respondent=result.respondent,
        company=result.company,
        changed=[c.question_id for c in result.changes],
        stale=[c.question_id for c in result.changes if c.stale] or None,
        # kept here, since the sheet does not hold them: nothing the vendor wrote is lost
        set_aside={
            a.question_id: a.answer.model_dump(mode="json", exclude_none=True)
            for a in result.set_aside
        }
        or None,
        forced=result.overridden or None,
    )
    if changed:
        saved = tender.save_sheet(sheet, "form.imported", actor, base=base, **details)
        result.written = True
        result.conflicts = saved.conflicts
    else:
        tender.log("form.imported", actor, **details)


DEMO_VENDOR = "northbridge"
DEMO_FILLED: dict[Lang, str] = {
    "fr": "formulaire-{vendor}.xlsx",
    "en": "response-form-{vendor}.xlsx",
}


def demo_step(tender: Tender, out: Path, lang: Lang) -> DemoStep:
    """One vendor fills in the response form the consultation file published (the ``dce``
    step wrote it), and the filled form is imported back."""
    from sovereignty.forms.fill import fill_form
    from sovereignty.forms.layout import FormLayout
    from sovereignty.forms.merge import describe_change
    from sovereignty.services.dce import FILE_NAMES

    step = DemoStep("form")
    published = out / "dce" / FILE_NAMES[lang]["form"]
    if not published.is_file():  # the consultation file not written: export the form alone
        published = export_form(tender, out / "forms" / published.name, lang, actor="demo").path
        step.files.append(published)
    layout = FormLayout(tender.bank, lang)
    fr = lang == "fr"
    questions, sheets = len(layout.places), len(layout.sheet_names())
    size = published.stat().st_size / 1024
    where = published.relative_to(out).as_posix()
    step.summary.append(
        f"Formulaire de réponse ({where}) : {questions} questions, {sheets} feuilles, {size:.0f} Ko"
        if fr
        else f"Response form ({where}): {questions} questions, {sheets} sheets, {size:.0f} KB"
    )
    if not tender.has_vendor(DEMO_VENDOR):
        return step
    sheet = tender.load_sheet(DEMO_VENDOR)
    filled = out / "forms" / DEMO_FILLED[lang].format(vendor=DEMO_VENDOR)
    fill_form(published, filled, tender.bank, sheet, _respondent_of(sheet))
    result = import_form(tender, filled, DEMO_VENDOR, actor="demo")
    step.files.append(filled)
    name = sheet.vendor.name
    if not result.changes:
        step.summary.append(
            f"Rempli pour {name} puis réimporté : aucun changement"
            if fr
            else f"Filled in for {name} and imported back: no change"
        )
    else:
        step.summary.append(
            f"Rempli pour {name} puis réimporté : {len(result.changes)} changement(s)"
            if fr
            else f"Filled in for {name} and imported back: {len(result.changes)} change(s)"
        )
        for change in result.changes:
            question = tender.bank.by_id[change.question_id]
            step.summary.append(
                f"  {change.question_id}{colon(lang)}{describe_change(change, question, lang)}"
            )
    return step


def _respondent_of(sheet: AnswerSheet) -> tuple[str, str]:
    """Who answered most of the sheet, as (name, organisation), for the form's first sheet."""
    from collections import Counter

    names = Counter(a.by for a in sheet.answers.values() if a.by)
    if not names:
        return (sheet.vendor.name, sheet.vendor.name)
    by = names.most_common(1)[0][0]
    person, _, organisation = by.partition(" (")
    return (person, organisation.rstrip(")") or sheet.vendor.name)
