"""Writing the Word documents (and PDFs): the contract annex (published in the consultation file,
or its mise au point for one offer), the risk report of an offer, the GHT comparison report; the
demo step that writes them all.

Everything is checked before anything is written: the clause library (shipped, plus the
buyer's own folder merged by id), the templates folder (file names, then every template against
its context), then each document is rendered in memory and only then saved atomically.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sovereignty.core.errors import ContentError, Problem, UsageError, colon, did_you_mean
from sovereignty.core.model import Lang, Text
from sovereignty.core.resources import data_dir
from sovereignty.core.yamlio import write_atomic
from sovereignty.services.demo import DemoStep
from sovereignty.services.offer import Offer, analyse_offer
from sovereignty.tender.folder import Tender

Kind = Literal["annex", "report", "comparison", "criteria", "requirements", "rao", "letter"]
KINDS: tuple[Kind, ...] = (
    "annex",
    "report",
    "comparison",
    "criteria",
    "requirements",
    "rao",
    "letter",
)


@dataclass
class Written:
    kind: Kind
    vendor: str | None
    path: Path
    seconds: float  # context + rendering + saving
    pdf: Path | None = None
    pages: int | None = None
    # the buyer's templates folder lacked this document's template: the shipped one was used
    shipped_template: bool = False


@dataclass
class Options:
    lang: Lang | None = None
    templates: Path | None = None  # the buyer's own templates folder
    clauses: Path | None = None  # the buyer's own clause library folder
    pdf: bool = False
    as_of: dt.date | None = None


# --- templates --------------------------------------------------------------------------------
def template_paths(custom: Path | None, lang: Lang) -> dict[Kind, Path]:
    """Which template renders each document: ``NAME.LANG.docx`` then ``NAME.docx`` in the custom
    folder, else the shipped one. An unexpected .docx in the folder is an error (a typo would
    otherwise be silently ignored)."""
    shipped = data_dir("templates")
    chosen: dict[Kind, Path] = {kind: shipped / f"{kind}.docx" for kind in KINDS}
    if custom is None:
        return chosen
    if not custom.exists():
        raise ContentError(
            custom,
            Text(
                fr="dossier de modèles introuvable (un dossier de fichiers .docx)",
                en="templates folder not found (a folder of .docx files)",
            ),
        )
    if not custom.is_dir():
        raise ContentError(
            custom,
            Text(
                fr="--templates attend un dossier de modèles (fichiers .docx), pas un fichier",
                en="--templates expects a folder of templates (.docx files), not a file",
            ),
        )
    expected = {f"{k}.docx" for k in KINDS} | {f"{k}.{x}.docx" for k in KINDS for x in ("fr", "en")}
    problems = []
    for path in sorted(custom.glob("*.docx")):
        if path.name.startswith("~$"):  # Word's lock file while a document is open
            continue
        if path.name not in expected:
            fr_hint, en_hint = did_you_mean(path.name, sorted(expected))
            problems.append(
                Problem(
                    path.name,
                    Text(
                        fr=f"ce n'est pas un nom de modèle{fr_hint} (attendu : annex, report, "
                        "comparison, criteria, requirements, rao ou letter, éventuellement "
                        "suivi de .fr ou .en, puis .docx)",
                        en=f"not a template name{en_hint} (expected: annex, report, "
                        "comparison, criteria, requirements, rao or letter, optionally .fr or "
                        ".en, then .docx)",
                    ),
                )
            )
    if problems:
        raise ContentError(custom, problems)
    for kind in KINDS:
        for name in (f"{kind}.{lang}.docx", f"{kind}.docx"):
            if (custom / name).is_file():
                chosen[kind] = custom / name
                break
    return chosen


def resolved(tender: Tender, options: Options) -> Options:
    """The options with the clause library and templates folders set once in tender.yaml
    (relative to the tender folder) when the command line gives none."""
    from dataclasses import replace

    settings = tender.settings
    clauses = options.clauses
    if clauses is None and settings.clauses:
        clauses = tender.root / settings.clauses
    templates = options.templates
    if templates is None and settings.templates:
        templates = tender.root / settings.templates
    return replace(options, clauses=clauses, templates=templates)


def load_clauses(tender: Tender, custom: Path | None) -> Any:
    from sovereignty.clauses.loader import load_library

    return load_library(tender.bank, custom)


_library = load_clauses


def _library_for_report(tender: Tender, custom: Path | None) -> Any:
    """The report only counts the annex's clauses: without a library that fits the tender's
    bank, it leaves the count out rather than refuse the report."""
    try:
        return _library(tender, custom)
    except ContentError:
        if custom is not None:
            raise
        return None


def _language(tender: Tender, options: Options) -> Lang:
    return options.lang or tender.settings.language


# --- scoring, when available --------------------------------------------------------------------
@dataclass
class Scoring:
    profile: Any
    hash: str
    scores: dict[str, Any]
    comparison: Any


def _scoring(
    tender: Tender,
    with_comparison: bool,
    as_of: dt.date | None,
    vendors: Sequence[str] | None = None,
) -> Scoring | None:
    """Scores (and the comparison) with the findings in force at ``as_of``, like the offers;
    ``vendors``: only theirs (a document about one offer analyses that offer only)."""
    try:
        from sovereignty.services.scoring import compare_tender, score_tender
    except ImportError:  # pragma: no cover - scoring is part of the tool
        return None
    if not tender.vendor_ids():
        return None
    if with_comparison:
        result, comparison = compare_tender(tender, as_of=as_of)
    else:
        result, comparison = score_tender(tender, vendors=vendors, as_of=as_of), None
    scores = {s.vendor: s for s in result.scores}
    return Scoring(result.loaded.profile, result.loaded.hash, scores, comparison)


def _diagram(offer: Offer, folder: Path, lang: Lang) -> Path | None:
    """The offer's data-flow diagram as a PNG (drawn once per command and language)."""
    if offer.graph is None:
        return None
    path = folder / f"flows-{offer.vendor_id}.png"
    path.write_bytes(offer.graph.png(lang, offer.name))
    return path


def _axes_chart(score: Any, profile: Any, folder: Path, lang: Lang) -> Path:
    from sovereignty.documents.charts import bar_chart
    from sovereignty.documents.frame import label
    from sovereignty.scoring.figures import percent

    axes = [(profile.axis(a.id), a) for a in score.axes]
    return bar_chart(
        folder / f"axes-{score.vendor}.png",
        [axis.label(lang) if axis else result.id for axis, result in axes],
        [result.level for _, result in axes],
        label(lang, "chart_axes"),
        shown=[percent(result.level, lang, 0) for _, result in axes],  # as `score` shows levels
        minimum_label=label(lang, "chart_minimum"),
    )


# --- rendering --------------------------------------------------------------------------------
@dataclass
class _Job:
    kind: Kind
    vendor: str | None
    template: Path
    out: Path
    context: dict[str, Any]
    title: str
    seconds: float = 0.0
    data: bytes = b""


def render_jobs(jobs: Sequence[_Job], tender: Tender, reads: Sequence[str] | None = None) -> Any:
    """Render every job in memory: any template or value problem stops before a file is written.
    Each document names the journal's head it rests on (verified first), so a journal cut short
    after publication no longer matches the document.

    ``reads``: the record files these documents rest on, when not the whole tender (the
    consultation file reads the buyer's sheet only): only they, and the journal, must verify,
    and the documents do not name the head, which moves with every offer; the head is returned
    for the caller's index instead."""
    from sovereignty.documents.frame import label
    from sovereignty.documents.render import render_docx

    if reads is None:
        head = tender.verified_head()
    else:
        from sovereignty.tender.records import RecordError

        head, problems = tender.check_records()
        own = [
            p
            for p in problems
            if p.where.startswith("journal.jsonl")
            or any(p.where == r or p.where.startswith(f"{r},") for r in reads)
        ]
        if own:
            raise RecordError(tender.root, own)
    for job in jobs:
        doc = job.context["doc"]
        if reads is not None:
            job.seconds += _render_one(job, render_docx)
            continue
        shown = label(doc["lang"], "id_journal_value", entries=head.entries, head=head.hash[:16])
        doc["identification"] = [
            *doc["identification"],
            {"label": label(doc["lang"], "id_journal"), "value": shown},
        ]
        doc["journal"] = head.data()
        job.seconds += _render_one(job, render_docx)
    return head


def _render_one(job: _Job, render_docx: Any) -> float:
    start = time.perf_counter()
    job.data = render_docx(
        job.template,
        job.context,
        {"title": job.title, "subject": job.context["tender"]["name"], "author": "sovereignty"},
    )
    return time.perf_counter() - start


def write_jobs(
    jobs: Sequence[_Job], pdf: bool, custom_templates: Path | None = None
) -> list[Written]:
    for job in jobs:
        if job.out.suffix.lower() != ".docx":
            raise UsageError(
                Text(
                    fr=f"{job.out} : le fichier à écrire doit finir par .docx",
                    en=f"{job.out}: the output file must end in .docx",
                )
            )
    written = []
    for job in jobs:
        start = time.perf_counter()
        write_atomic(job.out, job.data)
        job.seconds += time.perf_counter() - start
        fallback = custom_templates is not None and job.template.parent != custom_templates
        written.append(
            Written(job.kind, job.vendor, job.out, job.seconds, shipped_template=fallback)
        )
    if pdf:
        from sovereignty.documents.pdf import convert_to_pdf, page_count

        pdfs = convert_to_pdf([w.path for w in written])
        for item, path in zip(written, pdfs, strict=True):
            item.pdf = path
            item.pages = page_count(path)
    return written


# the names the award documents import
_render = render_jobs
_write = write_jobs


def _annex_job(
    basis: Any,
    library: Any,
    template: Path,
    out: Path,
    lang: Lang,
    profile_hash: str | None,
    as_of: dt.date,
    offer: Offer | None = None,
) -> tuple[_Job, Any]:
    """The published annex, or with ``offer`` its mise au point for that offer."""
    from sovereignty.documents.annex_compose import compose
    from sovereignty.documents.annex_context import annex_context, wording

    start = time.perf_counter()
    composed = compose(library, basis, wording(basis.bank, lang), offer)
    context = annex_context(
        library, basis, lang, offer, as_of=as_of, profile_hash=profile_hash, composed=composed
    )
    from sovereignty import __version__
    from sovereignty.documents.frame import format_date, label

    generated = format_date(dt.date.today(), lang)
    notice = "notice_dce" if offer is None else "notice_offer"
    context["doc"]["notice"] = label(lang, notice, version=__version__, generated=generated)
    vendor = offer.vendor_id if offer is not None else None
    job = _Job("annex", vendor, template, out, context, context["doc"]["title"])
    job.seconds = time.perf_counter() - start
    return job, composed


def dce_jobs(
    tender: Tender,
    basis: Any,
    library: Any,
    loaded: Any,
    templates: dict[Kind, Path],
    folder: Path,
    names: dict[str, str],
    lang: Lang,
    as_of: dt.date,
) -> tuple[list[_Job], Any]:
    """The Word pieces of the consultation file, from the buyer's answers and the frozen grid."""
    from sovereignty.documents.dce_context import criteria_context, requirements_context

    job, composed = _annex_job(
        basis, library, templates["annex"], folder / names["annex"], lang, loaded.hash, as_of
    )
    jobs = [job]
    pieces: tuple[tuple[Kind, Any], ...] = (
        ("criteria", criteria_context),
        ("requirements", requirements_context),
    )
    for kind, build in pieces:
        start = time.perf_counter()
        context = build(tender.settings, tender.bank, loaded, lang, as_of)
        title = context["doc"]["title"]
        piece = _Job(kind, None, templates[kind], folder / names[kind], context, title)
        piece.seconds = time.perf_counter() - start
        jobs.append(piece)
    return jobs, composed


def _report_job(
    offer: Offer,
    library: Any,
    scoring: Scoring | None,
    template: Path,
    out: Path,
    lang: Lang,
    scratch: Path,
) -> _Job:
    from sovereignty.documents.annex_context import select_for_offer
    from sovereignty.documents.report_context import report_context

    start = time.perf_counter()
    score = scoring.scores.get(offer.vendor_id) if scoring else None
    chart = _axes_chart(score, scoring.profile, scratch, lang) if score and scoring else None
    selected = select_for_offer(offer, library, lang) if library is not None else None
    context = report_context(
        offer,
        lang,
        score=score,
        profile=scoring.profile if scoring else None,
        profile_hash=scoring.hash if scoring else None,
        diagram=_diagram(offer, scratch, lang),
        chart=chart,
        clauses=len(selected) if selected is not None else None,
    )
    job = _Job("report", offer.vendor_id, template, out, context, context["doc"]["title"])
    job.seconds = time.perf_counter() - start
    return job


def _comparison_job(
    tender: Tender,
    offers: list[Offer],
    scoring: Scoring | None,
    template: Path,
    out: Path,
    lang: Lang,
    scratch: Path,
    as_of: dt.date,
) -> _Job:
    from sovereignty.documents.charts import bar_chart, grouped_chart
    from sovereignty.documents.comparison_context import comparison_context
    from sovereignty.documents.frame import label
    from sovereignty.scoring.figures import number

    start = time.perf_counter()
    charts: list[tuple[Path, str]] = []
    if scoring is not None and scoring.scores:
        ordered = [scoring.scores[o.vendor_id] for o in offers if o.vendor_id in scoring.scores]
        totals = bar_chart(
            scratch / "totals.png",
            [s.name for s in ordered],
            [s.total for s in ordered],
            label(lang, "chart_totals"),
            shown=[number(s.total, lang, 2) for s in ordered],
        )
        charts.append((totals, label(lang, "chart_totals")))
        profile = scoring.profile
        axes = [a for a in profile.axes]
        grouped = grouped_chart(
            scratch / "axes.png",
            [a.label(lang) for a in axes],
            {s.name: [s.axis(a.id).level for a in axes] for s in ordered},
            label(lang, "chart_axes"),
        )
        charts.append((grouped, label(lang, "chart_axes")))
    context = comparison_context(
        tender,
        offers,
        lang,
        as_of=as_of,
        profile=scoring.profile if scoring else None,
        profile_hash=scoring.hash if scoring else None,
        scores=list(scoring.scores.values()) if scoring else [],
        comparison=scoring.comparison if scoring else None,
        charts=charts,
    )
    job = _Job("comparison", None, template, out, context, context["doc"]["title"])
    job.seconds = time.perf_counter() - start
    return job


# --- use cases -----------------------------------------------------------------------------------
def write_annex(tender: Tender, vendor_id: str, out: Path, options: Options) -> list[Written]:
    """The mise au point of the published annex for one offer: the published text, articles and
    clauses, with that offer's blanks filled, and a working paper (not part of the contract)."""
    from sovereignty.services.dce import buyer_basis

    options = resolved(tender, options)
    lang = _language(tender, options)
    library = load_clauses(tender, options.clauses)
    templates = template_paths(options.templates, lang)
    offer = analyse_offer(tender, vendor_id, options.as_of)
    scoring = _scoring(tender, with_comparison=False, as_of=options.as_of, vendors=[vendor_id])
    basis, _ = buyer_basis(tender, offer.as_of)
    job, composed = _annex_job(
        basis,
        library,
        templates["annex"],
        out,
        lang,
        scoring.hash if scoring else None,
        offer.as_of,
        offer,
    )
    render_jobs([job], tender)
    written = write_jobs([job], options.pdf, options.templates)
    tender.log(
        "document.annex",
        None,
        vendor=vendor_id,
        file=str(out),
        lang=lang,
        filled=sum(b.value is not None for b in composed.blanks),
        blanks=len(composed.blanks),
        contradictions=len(composed.contradictions),
    )
    return written


def write_report(tender: Tender, vendor_id: str, out: Path, options: Options) -> list[Written]:
    options = resolved(tender, options)
    lang = _language(tender, options)
    library = _library_for_report(tender, options.clauses)
    templates = template_paths(options.templates, lang)
    offer = analyse_offer(tender, vendor_id, options.as_of)
    scoring = _scoring(tender, with_comparison=False, as_of=options.as_of, vendors=[vendor_id])
    with tempfile.TemporaryDirectory(prefix="sovereignty-doc-") as scratch:
        job = _report_job(offer, library, scoring, templates["report"], out, lang, Path(scratch))
        render_jobs([job], tender)
    written = write_jobs([job], options.pdf, options.templates)
    tender.log("document.report", None, vendor=vendor_id, file=str(out), lang=lang)
    return written


def write_comparison(tender: Tender, out: Path, options: Options) -> list[Written]:
    options = resolved(tender, options)
    lang = _language(tender, options)
    templates = template_paths(options.templates, lang)
    if not tender.vendor_ids():
        raise UsageError(
            Text(
                fr="pas encore d'offre dans cette consultation : ajoutez-en une avec "
                "`sovereignty vendor add`",
                en="no vendor in this tender yet: add one with `sovereignty vendor add`",
            )
        )
    offers = [analyse_offer(tender, v, options.as_of) for v in tender.vendor_ids()]
    scoring = _scoring(tender, with_comparison=True, as_of=options.as_of)
    as_of = options.as_of or dt.date.today()
    with tempfile.TemporaryDirectory(prefix="sovereignty-doc-") as scratch:
        job = _comparison_job(
            tender, offers, scoring, templates["comparison"], out, lang, Path(scratch), as_of
        )
        render_jobs([job], tender)
    written = write_jobs([job], options.pdf, options.templates)
    tender.log("document.comparison", None, file=str(out), lang=lang)
    return written


def write_all(tender: Tender, folder: Path, options: Options) -> list[Written]:
    """The annex (its mise au point) and report of every offer and the comparison report, into
    ``folder``."""
    from sovereignty.services.dce import buyer_basis

    options = resolved(tender, options)
    lang = _language(tender, options)
    library = _library(tender, options.clauses)
    templates = template_paths(options.templates, lang)
    offers = [analyse_offer(tender, v, options.as_of) for v in tender.vendor_ids()]
    scoring = _scoring(tender, with_comparison=True, as_of=options.as_of) if offers else None
    as_of = options.as_of or dt.date.today()
    jobs: list[_Job] = []
    with tempfile.TemporaryDirectory(prefix="sovereignty-doc-") as scratch_dir:
        scratch = Path(scratch_dir)
        hash_ = scoring.hash if scoring else None
        basis = buyer_basis(tender, as_of)[0] if offers else None
        for offer in offers:
            v = offer.vendor_id
            annex_out = folder / f"annex-{v}.docx"
            jobs.append(
                _annex_job(
                    basis, library, templates["annex"], annex_out, lang, hash_, as_of, offer
                )[0]
            )
            jobs.append(
                _report_job(
                    offer,
                    library,
                    scoring,
                    templates["report"],
                    folder / f"report-{v}.docx",
                    lang,
                    scratch,
                )
            )
        if offers:
            jobs.append(
                _comparison_job(
                    tender,
                    offers,
                    scoring,
                    templates["comparison"],
                    folder / "comparison.docx",
                    lang,
                    scratch,
                    as_of,
                )
            )
        render_jobs(jobs, tender)
    return write_jobs(jobs, options.pdf, options.templates)


def demo_step(tender: Tender, out: Path, lang: Lang) -> DemoStep:
    from sovereignty.documents.pdf import installed_components, soffice

    step = DemoStep("documents")
    components = installed_components()
    without_writer = components is not None and "writer" not in components
    pdf = soffice() is not None and not without_writer
    written = write_all(tender, out / "documents", Options(lang=lang, pdf=pdf))
    fr = lang == "fr"
    for item in written:
        pages = f", {item.pages} pages" if item.pages else ""
        step.summary.append(f"{item.path.name}{colon(lang)}{item.seconds * 1000:.0f} ms{pages}")
        step.files.append(item.path)
        if item.pdf:
            step.files.append(item.pdf)
    if without_writer:
        step.summary.append(
            "PDF non produits : LibreOffice est installé sans Writer (traitement de texte)"
            if fr
            else "No PDF: LibreOffice is installed without Writer (word processor)"
        )
    elif not pdf:
        step.summary.append(
            "PDF non produits : LibreOffice (soffice) n'est pas installé"
            if fr
            else "No PDF: LibreOffice (soffice) is not installed"
        )
    return step
