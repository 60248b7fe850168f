"""Regenerate lifecycle.docx: the one template of the documents that follow the award (AIPD,
AIDF, exit plan, registration sheet).

    python templates/build_lifecycle.py

Those documents share one shape: a title page, then sections, each with paragraphs, a label/value
table, a three-column table and the points left for the hospital to complete. Their texts come
from the context (``sovereignty/documents/lifecycle_context.py``), in French or English, so one
template serves the four. A test checks the shipped file matches this script.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

HERE = Path(__file__).resolve().parent


def _shared():  # the helpers of build.py (same folder, not a package)
    spec = importlib.util.spec_from_file_location("templates_build", HERE / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def lifecycle(out_dir: Path) -> Path:
    b = _shared()
    doc = b.new_document()
    header = doc.sections[0].header.paragraphs[0]
    for run in header.runs[1:]:
        run.text = ""
    header.runs[0].text = "{{ tender.name }} — {{ doc.date }}"
    footer = doc.sections[0].footer.paragraphs[0]
    footer.runs[0].text = "{{ doc.title }} — {{ doc.page }} "
    doc.add_paragraph("{{ doc.title }}", style="Title")
    b.para(doc, "{{ doc.subtitle }}", style="Subtitle")
    b.facts_table(doc, "for f in doc.identification")
    b.para(doc, "{{ doc.notice }}", small=True, italic=True)
    toc = doc.add_paragraph()
    heading = toc.add_run("{{ doc.toc_title }}")
    heading.bold = True
    heading.font.size = Pt(13)
    heading.font.color.rgb = b.ACCENT
    b.field(doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', "{{ doc.toc_text }}")

    b.tag(doc, "{%p for s in sections %}")
    b.tag(doc, "{%p if s.level == 1 %}")
    doc.add_heading("{{ s.heading }}", level=1)
    b.tag(doc, "{%p else %}")
    doc.add_heading("{{ s.heading }}", level=2)
    b.tag(doc, "{%p endif %}")
    b.tag(doc, "{%p for p in s.paragraphs %}")
    b.para(doc, "{{ p }}").alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    b.tag(doc, "{%p endfor %}")
    b.tag(doc, "{%p if s.facts %}")
    b.facts_table(doc, "for f in s.facts")
    b.tag(doc, "{%p endif %}")
    b.tag(doc, "{%p if s.rows %}")
    b.loop_table(
        doc,
        ["{{ s.cols.a }}", "{{ s.cols.b }}", "{{ s.cols.c }}"],
        "for r in s.rows",
        ["{{ r.a }}", "{{ r.b }}", "{{ r.c }}"],
        (5.0, 7.0, 5.0),
    )
    b.tag(doc, "{%p endif %}")
    b.tag(doc, "{%p for t in s.todo %}")
    b.para(doc, "☐ {{ t }}", italic=True)
    b.tag(doc, "{%p endfor %}")
    b.tag(doc, "{%p if s.basis %}")
    b.para(doc, "{{ s.basis }}", small=True, italic=True)
    b.tag(doc, "{%p endif %}")
    b.tag(doc, "{%p endfor %}")
    return b.save(doc, "lifecycle.docx", out_dir)


def build(out_dir: Path = HERE) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    return [lifecycle(out_dir)]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for written in build(target):
        print(written)
