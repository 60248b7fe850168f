"""Regenerate the shipped Word templates (annex.docx, report.docx, comparison.docx, rao.docx,
letter.docx).

    python templates/build.py            # writes the .docx next to this script

The templates are built with python-docx so that headings use Word's heading styles, the table
of contents and page numbers are real fields, and every Jinja tag sits in a single run (Word
splits runs when a person edits, docxtpl then has to patch them). The .docx files are
committed; a test rebuilds them and checks they match what this script produces.

Texts are not written here: every label is ``{{ l.key }}``, from
``sovereignty/documents/data/labels.yaml`` in French and English. A legal team that wants its
own wording copies a .docx, edits it in Word and points ``--templates`` at its folder.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
BODY = "Body Text"  # justified body paragraphs (table cells keep Normal, aligned left)
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
GREY = RGBColor(0x59, 0x59, 0x59)


# --- low-level helpers ------------------------------------------------------------------------
def field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC...) with its cached result."""

    def fld_char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")
        run._r.append(element)
        return run

    fld_char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fld_char("separate")
    paragraph.add_run(placeholder)
    fld_char("end")


def tag(doc, text: str) -> None:
    """A paragraph holding only a docxtpl block tag ({%p ... %}); removed when rendered."""
    doc.add_paragraph(text)


def para(doc, text: str, style: str | None = None, small: bool = False, italic: bool = False):
    """A paragraph of text; without a style, the justified body style every document shares."""
    paragraph = doc.add_paragraph(style=style or BODY)
    run = paragraph.add_run(text)
    if small:
        run.font.size = Pt(8.5)
        run.font.color.rgb = GREY
    run.italic = italic
    return paragraph


def shade(cell, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def keep_whole(row) -> None:
    """A row is not split across two pages (each rendered row inherits this)."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def loop_table(
    doc,
    headers: Sequence[str],
    loop: str,
    cells: Sequence[str],
    widths_cm: Sequence[float],
    small: bool = True,
) -> None:
    """A table whose body rows repeat with ``{%tr for ... %}``."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header_row, open_row, body_row, close_row = table.rows
    repeat_header(header_row)
    for i, text in enumerate(headers):
        cell = header_row.cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        shade(cell, "1F3A5F")
    open_row.cells[0].text = f"{{%tr {loop} %}}"
    keep_whole(body_row)
    for i, text in enumerate(cells):
        run = body_row.cells[i].paragraphs[0].add_run(text)
        run.font.size = Pt(8.5 if small else 10)
    close_row.cells[0].text = "{%tr endfor %}"
    set_widths(table, widths_cm)
    doc.add_paragraph()


def set_widths(table, widths_cm: Sequence[float]) -> None:
    """Column widths in the grid (LibreOffice reads these) and in every cell (Word does)."""
    for i, width in enumerate(widths_cm):
        table.columns[i].width = Cm(width)
    for row in table.rows:
        for i, width in enumerate(widths_cm):
            row.cells[i].width = Cm(width)


def facts_table(doc, loop: str, widths_cm: Sequence[float] = (5.5, 11.5)) -> None:
    """A two-column label/value table repeated over ``loop`` (items with .label and .value)."""
    table = doc.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    table.autofit = False
    open_row, body_row, close_row = table.rows
    open_row.cells[0].text = f"{{%tr {loop} %}}"
    label = body_row.cells[0].paragraphs[0].add_run("{{ f.label }}")
    label.bold = True
    label.font.size = Pt(9)
    shade(body_row.cells[0], "E8EEF5")
    value = body_row.cells[1].paragraphs[0].add_run("{{ f.value }}")
    value.font.size = Pt(9)
    close_row.cells[0].text = "{%tr endfor %}"
    set_widths(table, widths_cm)
    doc.add_paragraph()


# --- the frame shared by the three documents --------------------------------------------------
def new_document(landscape: bool = False):
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_height, section.page_width = section.page_width, section.page_height
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    for level, size in ((1, 15), (2, 12.5), (3, 11)):
        style = styles[f"Heading {level}"]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = ACCENT
        style.paragraph_format.space_before = Pt(14 if level == 1 else 10)
        style.paragraph_format.keep_with_next = True
    styles["Title"].font.name = "Calibri"
    styles["Title"].font.color.rgb = ACCENT
    body = styles[BODY]
    body.base_style = normal
    body.font.name = "Calibri"
    body.font.size = Pt(10.5)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.space_after = Pt(6)
    # The contents, compact so that it holds on one page; filled in by Word or LibreOffice.
    for level, (size, before) in enumerate(((10.5, 4), (9.5, 0)), start=1):
        style = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = level == 1
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(1)
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
    # A figure stays on the page of its caption.
    caption = styles["Caption"]
    caption.paragraph_format.space_after = Pt(10)

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = header.add_run(
        "{{ tender.name }} — {{ doc.date }} — {{ l.profile_hash }} {{ doc.profile_hash }}"
    )
    run.font.size = Pt(8)
    run.font.color.rgb = GREY

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    small = footer.add_run("{{ doc.title }} — {{ l.page }} ")
    small.font.size = Pt(8)
    field(footer, "PAGE", "1")
    footer.add_run(" / ").font.size = Pt(8)
    field(footer, "NUMPAGES", "1")

    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)
    return doc


def toc_heading(doc):
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    heading = paragraph.add_run("{{ l.toc }}")
    heading.bold = True
    heading.font.size = Pt(13)
    heading.font.color.rgb = ACCENT
    return paragraph


def title_page(doc) -> None:
    """The title, the identification table and the notice, then the contents. A contents that
    fits under them ends the page; a longer one runs on and the body follows it on the same
    page (``doc.break_after_toc``): no page holds only the last lines of a contents."""
    doc.add_paragraph("{{ doc.title }}", style="Title")
    para(doc, "{{ doc.subtitle }}", style="Subtitle")
    facts_table(doc, "for f in doc.identification")
    para(doc, "{{ doc.notice }}", small=True, italic=True)
    toc_heading(doc)
    field(doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', "{{ doc.toc_text }}")
    tag(doc, "{%p if doc.break_after_toc %}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    tag(doc, "{%p endif %}")


def save(doc, name: str, out_dir: Path) -> Path:
    path = out_dir / name
    core = doc.core_properties
    core.author = "sovereignty"
    core.title = ""
    core.comments = ""
    core.revision = 1
    import datetime as dt

    fixed = dt.datetime(2026, 1, 1)
    core.created = fixed
    core.modified = fixed
    core.last_printed = fixed
    doc.save(str(path))
    return path


# --- the contract annex (published in the consultation file; its mise au point) ---------------
def annex(out_dir: Path) -> Path:
    doc = new_document()
    title_page(doc)
    doc.add_heading("{{ l.annex_preamble }}", level=1)
    tag(doc, "{%p for p in preamble %}")
    para(doc, "{{ p }}").alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    tag(doc, "{%p endfor %}")

    tag(doc, "{%p for chapter in chapters %}")
    doc.add_heading("{{ chapter.heading }}", level=1)
    tag(doc, "{%p for c in chapter.clauses %}")
    doc.add_heading("{{ c.heading }}", level=2)
    tag(doc, "{%p for p in c.paragraphs %}")
    para(doc, "{{ p }}").alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if c.penalties %}")
    loop_table(
        doc,
        ["{{ l.col_obligation_article }}", "{{ l.col_breach }}", "{{ l.col_penalty }}"],
        "for x in c.penalties",
        ["{{ x.article }}", "{{ x.breach }}", "{{ x.amount }}"],
        (5.2, 6.6, 5.2),
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for i in c.listed %}")
    para(doc, "{{ i }}", style="List Bullet")
    tag(doc, "{%p endfor %}")
    para(doc, "{{ c.basis }}", small=True, italic=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")

    tag(doc, "{%p for s in schedules %}")
    doc.add_heading("{{ s.heading }}", level=1)
    facts_table(doc, "for f in s.rows")
    tag(doc, "{%p endfor %}")

    doc.add_heading("{{ l.blanks_title }}", level=1)
    para(doc, "{{ blanks_intro }}")
    loop_table(
        doc,
        [
            "{{ l.col_blank }}",
            "{{ l.col_where }}",
            "{{ l.col_to_complete }}",
            "{{ l.col_by }}",
            "{{ l.col_written }}",
        ],
        "for b in blanks",
        ["{{ b.number }}", "{{ b.article }}", "{{ b.what }}", "{{ b.by }}", "{{ b.value }}"],
        (1.4, 2.4, 6.0, 3.0, 4.2),
    )

    tag(doc, "{%p if working.available %}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading("{{ l.working_title }}", level=1)
    para(doc, "{{ working.intro }}")
    doc.add_heading("{{ l.contradictions_title }}", level=2)
    tag(doc, "{%p if working.contradictions %}")
    loop_table(
        doc,
        ["{{ l.col_obligation_article }}", "{{ l.col_finding }}", "{{ l.col_offer_answers }}"],
        "for x in working.contradictions",
        ["{{ x.article }}", "{{ x.finding }}", "{{ x.answers }}"],
        (4.6, 4.8, 7.6),
    )
    tag(doc, "{%p endif %}")
    doc.add_heading("{{ l.trace_title }}", level=2)
    para(doc, "{{ l.trace_intro }}")
    loop_table(
        doc,
        [
            "{{ l.col_article }}",
            "{{ l.col_clause }}",
            "{{ l.col_variant }}",
            "{{ l.col_triggered_by }}",
        ],
        "for r in working.trace",
        ["{{ r.article }}", "{{ r.clause }}", "{{ r.variant }}", "{{ r.triggers }}"],
        (2.0, 2.6, 3.0, 9.4),
    )
    tag(doc, "{%p endif %}")
    para(doc, "{{ library.note }}", small=True, italic=True)
    return save(doc, "annex.docx", out_dir)


# --- the risk report of one offer ------------------------------------------------------------
def report(out_dir: Path) -> Path:
    doc = new_document()
    title_page(doc)

    doc.add_heading("{{ l.summary }}", level=1)
    tag(doc, "{%p for p in summary.paragraphs %}")
    para(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    facts_table(doc, "for f in summary.facts")

    doc.add_heading("{{ l.aiact_title }}", level=1)
    tag(doc, "{%p if aiact.available %}")
    doc.add_heading("{{ l.regimes_title }}", level=2)
    loop_table(
        doc,
        ["{{ l.col_regime }}", "{{ l.col_status }}", "{{ l.col_reasons }}"],
        "for r in aiact.regimes",
        ["{{ r.title }}", "{{ r.status }}", "{{ r.reasons }}"],
        (4.2, 2.8, 10.0),
    )
    doc.add_heading("{{ l.role_title }}", level=2)
    para(doc, "{{ aiact.role.summary }}")
    tag(doc, "{%p for p in aiact.role.reasons %}")
    para(doc, "{{ p }}", style="List Bullet")
    tag(doc, "{%p endfor %}")
    doc.add_heading("{{ l.obligations_title }}", level=2)
    para(doc, "{{ l.obligations_intro }}")
    loop_table(
        doc,
        [
            "{{ l.col_obligation }}",
            "{{ l.col_from }}",
            "{{ l.col_status }}",
            "{{ l.col_legal }}",
        ],
        "for o in aiact.obligations",
        ["{{ o.title }}\n{{ o.detail }}", "{{ o.date }}", "{{ o.status }}", "{{ o.legal }}"],
        (8.0, 2.6, 2.6, 3.8),
    )
    tag(doc, "{%p else %}")
    para(doc, "{{ aiact.note }}", italic=True)
    tag(doc, "{%p endif %}")

    doc.add_heading("{{ l.findings_title }}", level=1)
    para(doc, "{{ findings.intro }}")
    tag(doc, "{%p for g in findings.groups %}")
    doc.add_heading("{{ g.heading }}", level=2)
    tag(doc, "{%p for f in g.entries %}")
    doc.add_heading("{{ f.heading }}", level=3)
    para(doc, "{{ f.explanation }}").alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    para(doc, "{{ f.evidence }}", small=True, italic=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")

    doc.add_heading("{{ l.scores_title }}", level=1)
    tag(doc, "{%p if scores.available %}")
    tag(doc, "{%p for p in scores.paragraphs %}")
    para(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if scores.chart %}")
    para(doc, "{{ scores.chart }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    tag(doc, "{%p endif %}")
    loop_table(
        doc,
        [
            "{{ l.col_criterion }}",
            "{{ l.col_axis }}",
            "{{ l.col_points }}",
            "{{ l.col_explanation }}",
        ],
        "for c in scores.criteria",
        ["{{ c.label }}", "{{ c.axis }}", "{{ c.points }}", "{{ c.explanation }}"],
        (4.6, 2.6, 2.0, 7.8),
    )
    tag(doc, "{%p else %}")
    para(doc, "{{ scores.note }}", italic=True)
    tag(doc, "{%p endif %}")

    doc.add_heading("{{ l.dataflow_title }}", level=1)
    tag(doc, "{%p for p in dataflow.paragraphs %}")
    para(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if dataflow.diagram %}")
    para(doc, "{{ dataflow.diagram }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    para(doc, "{{ l.dataflow_caption }}", style="Caption")
    tag(doc, "{%p endif %}")

    doc.add_heading("{{ l.unanswered_title }}", level=1)
    para(doc, "{{ unanswered.intro }}")
    tag(doc, "{%p if unanswered.rows %}")
    loop_table(
        doc,
        ["{{ l.col_question }}", "{{ l.col_section }}", "{{ l.col_state }}"],
        "for q in unanswered.rows",
        ["{{ q.id }}\n{{ q.label }}", "{{ q.section }}", "{{ q.state }}"],
        (10.6, 3.6, 2.8),
    )
    tag(doc, "{%p endif %}")
    return save(doc, "report.docx", out_dir)


# --- the GHT comparison report ----------------------------------------------------------------
def comparison(out_dir: Path) -> Path:
    doc = new_document()
    title_page(doc)

    doc.add_heading("{{ l.cmp_summary_title }}", level=1)
    tag(doc, "{%p for p in summary.paragraphs %}")
    para(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    loop_table(
        doc,
        [
            "{{ l.col_vendor }}",
            "{{ l.col_regimes }}",
            "{{ l.col_findings }}",
            "{{ l.col_completeness }}",
        ],
        "for v in vendors",
        ["{{ v.name }}", "{{ v.regimes }}", "{{ v.findings }}", "{{ v.completeness }}"],
        (4.0, 5.0, 5.0, 3.0),
    )

    doc.add_heading("{{ l.grid_title }}", level=1)
    tag(doc, "{%p if grid.available %}")
    facts_table(doc, "for f in grid.identification")
    para(doc, "{{ grid.note }}", small=True, italic=True)
    loop_table(
        doc,
        ["{{ l.col_axis }}", "{{ l.col_criterion }}", "{{ l.col_weight }}", "{{ l.col_method }}"],
        "for c in grid.criteria",
        ["{{ c.axis }}", "{{ c.label }}", "{{ c.weight }}", "{{ c.method }}"],
        (3.4, 8.6, 1.8, 3.2),
    )
    tag(doc, "{%p if grid.gates %}")
    doc.add_heading("{{ l.gates_defined_title }}", level=2)
    loop_table(
        doc,
        ["{{ l.col_gate }}", "{{ l.col_eliminates_when }}", "{{ l.col_legal }}"],
        "for g in grid.gates",
        ["{{ g.label }}", "{{ g.condition }}", "{{ g.legal }}"],
        (5.0, 8.0, 4.0),
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p else %}")
    para(doc, "{{ grid.note }}", italic=True)
    tag(doc, "{%p endif %}")

    doc.add_heading("{{ l.ranking_title }}", level=1)
    tag(doc, "{%p if ranking.available %}")
    tag(doc, "{%p for p in ranking.paragraphs %}")
    para(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    loop_table(
        doc,
        [
            "{{ l.col_rank }}",
            "{{ l.col_vendor }}",
            "{{ l.col_total }}",
            "{{ l.col_risk }}",
            "{{ l.col_status }}",
        ],
        "for r in ranking.rows",
        ["{{ r.rank }}", "{{ r.name }}", "{{ r.total }}", "{{ r.risk }}", "{{ r.status }}"],
        (1.6, 5.0, 2.2, 3.2, 5.0),
    )
    doc.add_heading("{{ l.gates_title }}", level=2)
    loop_table(
        doc,
        ["{{ l.col_vendor }}", "{{ l.col_gate }}", "{{ l.col_outcome }}"],
        "for g in ranking.gates",
        ["{{ g.vendor }}", "{{ g.gate }}", "{{ g.outcome }}"],
        (4.0, 8.0, 5.0),
    )
    tag(doc, "{%p for c in ranking.charts %}")
    para(doc, "{{ c.picture }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    para(doc, "{{ c.caption }}", style="Caption")
    tag(doc, "{%p endfor %}")
    doc.add_heading("{{ l.disagreements_title }}", level=2)
    para(doc, "{{ ranking.disagreements_intro }}")
    tag(doc, "{%p if ranking.disagreements %}")
    loop_table(
        doc,
        ["{{ l.col_vendor }}", "{{ l.col_criterion }}", "{{ l.col_spread }}", "{{ l.col_marks }}"],
        "for d in ranking.disagreements",
        ["{{ d.vendor }}", "{{ d.criterion }}", "{{ d.spread }}", "{{ d.marks }}"],
        (3.6, 6.0, 2.0, 5.4),
    )
    tag(doc, "{%p endif %}")
    doc.add_heading("{{ l.sensitivity_title }}", level=2)
    tag(doc, "{%p for p in ranking.sensitivity %}")
    para(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "{{ ranking.note }}", italic=True)
    tag(doc, "{%p endif %}")
    return save(doc, "comparison.docx", out_dir)


# --- the offer analysis report (rapport d'analyse des offres) ----------------------------------
def rao(out_dir: Path) -> Path:
    doc = new_document()
    title_page(doc)

    doc.add_heading("{{ l.rao_subject_title }}", level=1)
    facts_table(doc, "for f in rao.subject")
    tag(doc, "{%p for p in rao.subject_notes %}")
    para(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")

    doc.add_heading("{{ l.rao_criteria_title }}", level=1)
    para(doc, "{{ rao.criteria_intro }}")
    loop_table(
        doc,
        ["{{ l.col_criterion }}", "{{ l.col_weight }}", "{{ l.col_method }}"],
        "for c in rao.criteria",
        ["{{ c.label }}", "{{ c.weight }}", "{{ c.method }}"],
        (5.0, 2.0, 10.0),
    )
    doc.add_heading("{{ l.rao_requirements_title }}", level=2)
    loop_table(
        doc,
        [
            "{{ l.col_requirement }}",
            "{{ l.col_unmet_when }}",
            "{{ l.col_consequence }}",
            "{{ l.col_legal }}",
        ],
        "for r in rao.requirements",
        ["{{ r.label }}", "{{ r.condition }}", "{{ r.consequence }}", "{{ r.legal }}"],
        (3.6, 6.4, 3.4, 3.6),
    )

    doc.add_heading("{{ l.rao_offers_title }}", level=1)
    para(doc, "{{ rao.offers_intro }}")
    loop_table(
        doc,
        [
            "{{ l.col_vendor }}",
            "{{ l.col_price }}",
            "{{ l.col_completeness }}",
            "{{ l.col_state }}",
        ],
        "for o in rao.offers",
        ["{{ o.name }}", "{{ o.price }}", "{{ o.completeness }}", "{{ o.state }}"],
        (5.6, 3.6, 3.0, 4.8),
    )

    doc.add_heading("{{ l.rao_rejected_title }}", level=1)
    para(doc, "{{ rao.rejected_intro }}")
    tag(doc, "{%p for o in rao.rejected %}")
    doc.add_heading("{{ o.name }} — {{ o.state }}", level=2)
    tag(doc, "{%p for p in o.paragraphs %}")
    para(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for q in o.questions %}")
    para(doc, "{{ q }}", style="List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")

    doc.add_heading("{{ l.rao_analysis_title }}", level=1)
    para(doc, "{{ rao.analysis_intro }}")
    tag(doc, "{%p for o in rao.regular %}")
    doc.add_heading("{{ o.name }}", level=2)
    tag(doc, "{%p for p in o.paragraphs %}")
    para(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    loop_table(
        doc,
        ["{{ l.col_criterion }}", "{{ l.col_score }}", "{{ l.col_justification }}"],
        "for r in o.rows",
        ["{{ r.label }}", "{{ r.score }}", "{{ r.justification }}"],
        (4.4, 2.2, 10.4),
    )
    tag(doc, "{%p endfor %}")

    doc.add_heading("{{ l.rao_prices_title }}", level=1)
    para(doc, "{{ rao.prices_intro }}")
    loop_table(
        doc,
        ["{{ l.col_vendor }}", "{{ l.col_components }}", "{{ l.col_life_cycle }}"],
        "for p in rao.prices",
        ["{{ p.name }}", "{{ p.components }}", "{{ p.total }}"],
        (4.2, 9.4, 3.4),
    )
    tag(doc, "{%p for p in rao.low_prices %}")
    para(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for q in rao.low_questions %}")
    para(doc, "{{ q }}", style="List Bullet")
    tag(doc, "{%p endfor %}")

    doc.add_heading("{{ l.rao_ranking_title }}", level=1)
    para(doc, "{{ rao.ranking_intro }}")
    loop_table(
        doc,
        ["{{ l.col_rank }}", "{{ l.col_vendor }}", "{{ l.col_detail }}", "{{ l.col_total }}"],
        "for r in rao.ranking",
        ["{{ r.rank }}", "{{ r.name }}", "{{ r.detail }}", "{{ r.total }}"],
        (1.4, 4.6, 8.6, 2.4),
    )
    doc.add_heading("{{ l.sensitivity_title }}", level=2)
    tag(doc, "{%p for p in rao.sensitivity %}")
    para(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")

    doc.add_heading("{{ l.rao_evaluators_title }}", level=1)
    para(doc, "{{ rao.evaluators_intro }}")
    loop_table(
        doc,
        ["{{ l.col_evaluator }}", "{{ l.col_role }}", "{{ l.col_establishment }}"],
        "for e in rao.evaluators",
        ["{{ e.name }}", "{{ e.role }}", "{{ e.establishment }}"],
        (5.6, 5.4, 6.0),
    )

    doc.add_heading("{{ l.rao_proposal_title }}", level=1)
    tag(doc, "{%p for p in rao.proposal %}")
    para(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    signature_block(doc, "rao.signature")
    return save(doc, "rao.docx", out_dir)


def signature_block(doc, source: str) -> None:
    """Place and date, then who signs, each with room for the signature."""
    doc.add_paragraph()
    para(doc, "{{ " + source + ".place_date }}")
    tag(doc, "{%p for s in " + source + ".signatories %}")
    para(doc, "{{ s.role }}").runs[0].bold = True
    para(doc, "{{ s.name }}")
    para(doc, "{{ l.signature }}", small=True, italic=True)
    doc.add_paragraph()
    tag(doc, "{%p endfor %}")


# --- letters to the bidders -------------------------------------------------------------------
def letter(out_dir: Path) -> Path:
    doc = new_document()
    para(doc, "{{ letter.sender }}").runs[0].bold = True
    tag(doc, "{%p for line in letter.sender_lines %}")
    para(doc, "{{ line }}", small=True)
    tag(doc, "{%p endfor %}")
    doc.add_paragraph()
    recipient = para(doc, "{{ letter.recipient }}")
    recipient.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    recipient.runs[0].bold = True
    para(doc, "{{ letter.place_date }}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()
    para(doc, "{{ letter.reference }}", small=True)
    subject = para(doc, "{{ letter.subject }}")
    subject.runs[0].bold = True
    doc.add_paragraph()
    tag(doc, "{%p for p in letter.paragraphs %}")
    para(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for q in letter.bullets %}")
    para(doc, "{{ q }}", style="List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if letter.rows %}")
    loop_table(
        doc,
        ["{{ l.col_criterion }}", "{{ letter.own_head }}", "{{ letter.winner_head }}"],
        "for r in letter.rows",
        ["{{ r.label }}", "{{ r.own }}", "{{ r.winner }}"],
        (8.0, 4.5, 4.5),
        small=False,
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for p in letter.closing %}")
    para(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    signature_block(doc, "letter.signature")
    return save(doc, "letter.docx", out_dir)


# --- the consultation file: award-criteria excerpt and minimum requirements -------------------
def requirements_table(doc, loop: str) -> None:
    loop_table(
        doc,
        [
            "{{ l.col_requirement }}",
            "{{ l.col_unmet_when }}",
            "{{ l.col_consequence }}",
            "{{ l.col_legal }}",
        ],
        loop,
        [
            "{{ r.label }}\n{{ r.explanation }}",
            "{{ r.when }}",
            "{{ r.consequence }}",
            "{{ r.legal }}",
        ],
        (4.6, 5.6, 3.4, 3.4),
    )


def criteria(out_dir: Path) -> Path:
    doc = new_document()
    title_page(doc)
    tag(doc, "{%p for p in intro %}")
    para(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    doc.add_heading("{{ l.rc_criteria_title }}", level=1)
    loop_table(
        doc,
        ["{{ l.col_criterion_award }}", "{{ l.col_weight_award }}", "{{ l.col_how }}"],
        "for c in criteria",
        ["{{ c.label }}", "{{ c.weight }}", "{{ c.how }}\n{{ c.description }}"],
        (4.6, 2.6, 9.8),
    )
    doc.add_heading("{{ l.rc_subcriteria_title }}", level=1)
    tag(doc, "{%p for c in criteria %}")
    tag(doc, "{%p if c.subcriteria %}")
    doc.add_heading("{{ c.label }} — {{ c.weight }}", level=2)
    tag(doc, "{%p for s in c.subcriteria %}")
    doc.add_heading(
        "{{ s.label }} — {{ s.points }} / 100 ({{ s.grid }} {{ l.grid_points_words }})", level=3
    )
    loop_table(
        doc,
        ["{{ l.col_element }}", "{{ l.col_element_points }}", "{{ l.col_rule }}"],
        "for m in s.method",
        ["{{ m.item }}", "{{ m.points }}", "{{ m.rule }}"],
        (5.2, 2.2, 9.6),
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    doc.add_heading("{{ l.rc_answers_title }}", level=1)
    para(doc, "{{ answers_rule.text }}")
    doc.add_heading("{{ l.rc_requirements_title }}", level=1)
    requirements_table(doc, "for r in requirements")
    tag(doc, "{%p if ties %}")
    doc.add_heading("{{ l.rc_ties_title }}", level=1)
    para(doc, "{{ ties }}")
    tag(doc, "{%p endif %}")
    return save(doc, "criteria.docx", out_dir)


def requirements(out_dir: Path) -> Path:
    doc = new_document()
    title_page(doc)
    tag(doc, "{%p for p in intro %}")
    para(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    doc.add_heading("{{ l.req_title }}", level=1)
    requirements_table(doc, "for r in requirements")
    return save(doc, "requirements.docx", out_dir)


BUILDERS = (annex, report, comparison, criteria, requirements, rao, letter)


def build(out_dir: Path = HERE) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    return [builder(out_dir) for builder in BUILDERS]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for written in build(target):
        print(written)
