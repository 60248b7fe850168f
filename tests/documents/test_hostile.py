"""A hostile answer sheet: Jinja syntax, Word XML fragments, control characters and a 1 MB text
must come out as plain text in a valid document, never as template code or markup."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sovereignty.core.resources import data_dir, data_file
from sovereignty.core.yamlio import load_yaml, write_yaml
from sovereignty.questionnaire.answers import Answer, load_sheet
from sovereignty.services.documents import Options, write_all
from sovereignty.tender.folder import TENDER_FILE, Tender, TenderSettings
from tests.documents.docx_reading import (
    AS_OF,
    body_text,
    header_text,
    open_docx,
    structure_problems,
)

CONTROL = "\x01\x07\x0b\x0c\x1b\ufffe"
HOSTILE = (
    "{{ 7*7 }} {% for x in range(3) %}loop{% endfor %} {#c#} {tender.name} "
    "</w:t></w:r></w:p><w:p><w:r><w:t>injected & <b>bold</b> \"q\" 'a' ]]> <![CDATA[x]]> "
    f"{CONTROL}end"
)
VISIBLE = re.sub(f"[{CONTROL}]", "", HOSTILE)
# names refuse control characters as they come in (tests/hostile): the names carry the rest
NAME = VISIBLE
MEGABYTE = "Lorem <&> {{ x }} ipsum. " * 40_000
assert len(MEGABYTE) == 1_000_000


@pytest.fixture(scope="module")
def hostile_tender(tmp_path_factory: pytest.TempPathFactory) -> Tender:
    """The demo's northbridge offer, answered by a hostile vendor, in a hostile tender, on a bank
    that accepts a 1 MB text for the intended purpose."""
    root = tmp_path_factory.mktemp("hostile") / "tender"
    root.mkdir()
    bank = load_yaml(data_file("questionnaires", "hospital-ai.yaml")).data
    for section in bank["sections"]:
        for question in section["questions"]:
            if question["id"] == "purpose.vendor_intended":
                question["max_length"] = 2_000_000
    write_yaml(root / "bank.yaml", bank)
    demo = data_dir("examples") / "demo"
    settings = TenderSettings.model_validate(
        {**load_yaml(demo / TENDER_FILE).data, "name": NAME, "bank": "bank.yaml"}
    )
    tender = Tender.create(root, settings)
    buyer, _ = load_sheet(demo / "buyer.yaml")  # the buyer's answers, held once
    ref = buyer.bank.model_copy(update={"hash": tender.bank.hash})
    tender.save_buyer_sheet(buyer.model_copy(update={"bank": ref}))
    sheet, _ = load_sheet(demo / "vendors" / "northbridge.yaml")
    sheet = sheet.model_copy(
        update={
            "vendor": sheet.vendor.model_copy(update={"name": NAME}),
            "bank": sheet.bank.model_copy(update={"hash": tender.bank.hash}),
        }
    )
    sheet = sheet.with_answer("purpose.vendor_intended", Answer(value=MEGABYTE))
    sheet = sheet.with_answer("hosting.provider_name", Answer(value=HOSTILE))
    tender.save_sheet(sheet)
    assert tender.load_sheet("northbridge").vendor.name == NAME  # survives the YAML round trip
    return tender


@pytest.fixture(scope="module")
def hostile_documents(hostile_tender: Tender) -> list[Path]:
    folder = hostile_tender.root / "documents"
    return [w.path for w in write_all(hostile_tender, folder, Options(lang="fr", as_of=AS_OF))]


def test_every_hostile_document_is_a_sound_word_file(hostile_documents: list[Path]) -> None:
    assert [p.name for p in hostile_documents] == [
        "annex-northbridge.docx",
        "report-northbridge.docx",
        "comparison.docx",
    ]
    for path in hostile_documents:
        assert structure_problems(path) == [], path.name


def test_hostile_text_appears_literally_without_its_control_characters(
    hostile_documents: list[Path],
) -> None:
    for path in hostile_documents:
        document = open_docx(path)
        text = body_text(document)
        assert VISIBLE in text, path.name  # Jinja not evaluated, markup not interpreted
        assert "injected" not in [p.text for p in document.paragraphs]  # no paragraph injected
        assert not re.search(f"[{CONTROL}]", text)
        assert VISIBLE in header_text(document)  # the tender name, in the page header


def test_a_one_megabyte_answer_is_written_whole_into_the_annex(
    hostile_documents: list[Path],
) -> None:
    document = open_docx(hostile_documents[0])
    assert MEGABYTE in body_text(document)
    assert any(p.text == MEGABYTE for p in document.paragraphs) is False  # inside its clause
    # inside its article (the answer ends its sentence: its trailing space goes with the stop)
    assert any(MEGABYTE.rstrip() in p.text for p in document.paragraphs)


def test_rendering_a_hostile_value_leaves_no_template_tag_behind(
    hostile_documents: list[Path], tmp_path: Path
) -> None:
    """The hostile text keeps its braces, but none of the templates' own tags survives."""
    own_tag = re.compile(r"\{%(p|tr)\b|\{\{ ?[a-z_]+[.\s}]")
    for path in hostile_documents:
        text = body_text(open_docx(path))
        assert "{{ 7*7 }}" in text
        assert not own_tag.search(text.replace("{{ x }}", "")), path.name
    shutil.copy(hostile_documents[0], tmp_path / "copy.docx")  # a plain file, usable as such
    assert structure_problems(tmp_path / "copy.docx") == []


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_hostile_report_and_comparison(
    hostile_documents: list[Path], tmp_path: Path
) -> None:
    """The annex with its 1 MB clause converts too, but takes LibreOffice about 90 s for 194
    pages on this machine: the two other documents carry the same hostile strings."""
    from sovereignty.documents.pdf import convert_to_pdf, page_count

    pdfs = convert_to_pdf(hostile_documents[1:], tmp_path)
    assert [page_count(p) >= 2 for p in pdfs] == [True, True]
