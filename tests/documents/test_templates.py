"""Templates: the shipped ones are what templates/build.py produces; a buyer's own templates are
checked before anything is written (unknown variables, syntax, file names), and render in a
sandbox."""

from __future__ import annotations

import importlib.util
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from sovereignty.core.errors import ContentError, DocumentError
from sovereignty.core.resources import data_dir
from sovereignty.documents.render import Picture, check_template, render_docx, sanitize
from sovereignty.services.documents import (
    Options,
    template_paths,
    write_annex,
    write_comparison,
    write_report,
)
from sovereignty.tender.folder import Tender
from tests.documents.docx_reading import AS_OF, body_text, open_docx, structure_problems

PARTS = ("word/document.xml", "word/styles.xml", "word/settings.xml")


def _build_module() -> object:
    path = data_dir("templates") / "build.py"
    spec = importlib.util.spec_from_file_location("templates_build", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n in PARTS or "/header" in n or "/footer" in n]
        return {n: archive.read(n) for n in names}


def test_the_shipped_templates_are_exactly_what_the_build_script_produces(tmp_path: Path) -> None:
    built = _build_module().build(tmp_path)  # type: ignore[attr-defined]
    assert sorted(p.name for p in built) == [
        "annex.docx",
        "comparison.docx",
        "criteria.docx",
        "letter.docx",
        "rao.docx",
        "report.docx",
        "requirements.docx",
    ]
    for path in built:
        shipped = data_dir("templates") / path.name
        assert _parts(path) == _parts(shipped), f"run: python templates/build.py ({path.name})"


def make_template(path: Path, *lines: str) -> Path:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def test_a_template_with_an_unknown_variable_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    template = make_template(
        tmp_path / "annex.docx",
        "{{ vendor.nme }}",
        "{% for c in clauses %}{{ c.titel }}{% endfor %}",
    )
    context = {"vendor": {"name": "X"}, "clauses": [{"title": "T"}]}
    with pytest.raises(ContentError) as info:
        check_template(template, context)
    message = str(info.value)
    assert str(template) in message
    assert "'vendor': no field 'nme' here; did you mean 'name'?" in message
    assert "'c': no field 'titel' here; did you mean 'title'?" in message


def test_a_template_with_broken_jinja_is_refused(tmp_path: Path) -> None:
    template = make_template(tmp_path / "report.docx", "{% for x in y %}", "no end")
    with pytest.raises(ContentError) as info:
        check_template(template, {"y": []})
    assert "not a valid template" in str(info.value)


def test_a_file_that_is_not_a_word_document_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "annex.docx"
    fake.write_text("not a zip")
    with pytest.raises(ContentError) as info:
        check_template(fake, {})
    assert "not a Word .docx file" in str(info.value)


def test_a_template_cannot_reach_python_internals(tmp_path: Path) -> None:
    template = make_template(tmp_path / "annex.docx", "{{ name.__class__.__mro__ }}")
    with pytest.raises(DocumentError) as info:
        render_docx(template, {"name": "x"})
    assert "cannot render" in str(info.value)


def test_none_renders_as_nothing_and_control_characters_are_removed(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", "[{{ a }}]", "[{{ b }}]")
    data = render_docx(template, {"a": None, "b": "x\x00\x01\x07\x0c\ud800y\tz"})
    out = tmp_path / "out.docx"
    out.write_bytes(data)
    text = body_text(open_docx(out))
    assert "[]" in text and "None" not in text
    assert "[xyz]" in text.replace("\t", "")
    assert structure_problems(out) == []
    assert sanitize({"k\x01": ["\x0b", ("\x1f",)]}) == {"k": ["", [""]]}


def test_pictures_are_inserted_as_images(tmp_path: Path) -> None:
    from sovereignty.documents.charts import bar_chart

    png = bar_chart(tmp_path / "c.png", ["A $x$ \x01", "B"], [10, 90], "T")
    template = make_template(tmp_path / "t.docx", "{{ chart }}")
    out = tmp_path / "out.docx"
    out.write_bytes(render_docx(template, {"chart": Picture(png, 80)}))
    assert len(open_docx(out).inline_shapes) == 1


def test_custom_templates_override_by_name_and_language(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    make_template(folder / "annex.docx", "x")
    make_template(folder / "report.en.docx", "x")
    shipped = data_dir("templates")
    fr = template_paths(folder, "fr")
    assert fr["annex"] == folder / "annex.docx"
    assert fr["report"] == shipped / "report.docx"
    assert template_paths(folder, "en")["report"] == folder / "report.en.docx"
    assert template_paths(None, "fr")["comparison"] == shipped / "comparison.docx"


def test_a_misnamed_template_in_a_custom_folder_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    make_template(folder / "anex.docx", "x")
    with pytest.raises(ContentError) as info:
        template_paths(folder, "fr")
    assert "did you mean 'annex.docx'?" in str(info.value)
    with pytest.raises(ContentError):
        template_paths(tmp_path / "missing", "fr")


def test_a_bad_template_folder_is_explained_in_french(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    make_template(folder / "anex.docx", "x")
    make_template(folder / "rapport.fr.docx", "x")
    with pytest.raises(ContentError) as info:
        template_paths(folder, "fr")
    assert info.value.render("fr").splitlines() == [
        f"{folder} : 2 problèmes",
        "  - anex.docx : ce n'est pas un nom de modèle ; vouliez-vous dire 'annex.docx' ? "
        "(attendu : annex, report, comparison, criteria, requirements, rao ou letter, "
        "éventuellement suivi de .fr ou .en, puis .docx)",
        "  - rapport.fr.docx : ce n'est pas un nom de modèle ; vouliez-vous dire "
        "'report.fr.docx' ? (attendu : annex, report, comparison, criteria, requirements, rao "
        "ou letter, éventuellement suivi de .fr ou .en, puis .docx)",
    ]
    with pytest.raises(ContentError) as info:
        template_paths(tmp_path / "missing", "fr")
    assert info.value.render("fr") == (
        f"{tmp_path / 'missing'} : dossier de modèles introuvable (un dossier de fichiers .docx)"
    )


def test_a_template_s_unknown_variables_are_named_in_french(tmp_path: Path) -> None:
    template = make_template(tmp_path / "annex.docx", "{{ vendr.name }}", "{{ vendor.nme }}")
    with pytest.raises(ContentError) as info:
        check_template(template, {"vendor": {"name": "X"}})
    assert info.value.render("fr").splitlines() == [
        f"{template} : 2 problèmes",
        "  - variable inconnue 'vendr' ; vouliez-vous dire 'vendor' ? (disponibles : vendor)",
        "  - 'vendor' : pas de champ 'nme' ici ; vouliez-vous dire 'name' ? (disponibles : name)",
    ]


def test_broken_jinja_is_reported_in_french_with_jinja_s_own_words(tmp_path: Path) -> None:
    template = make_template(tmp_path / "report.docx", "{% for x in y %}", "no end")
    with pytest.raises(ContentError) as info:
        check_template(template, {"y": []})
    assert info.value.render("fr").startswith(f"{template} : modèle invalide : ")


def test_a_custom_annex_template_is_used_and_a_broken_one_writes_nothing(
    demo_tender: Tender, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy(data_dir("templates") / "comparison.docx", folder / "comparison.docx")
    make_template(
        folder / "annex.docx",
        "Annexe du {{ tender.buyer }} pour {{ vendor.name }}",
        "{%p for ch in chapters %}",
        "{%p for c in ch.clauses %}",
        "{{ c.heading }}",
        "{%p endfor %}",
        "{%p endfor %}",
    )
    out = tmp_path / "annex.docx"
    write_annex(demo_tender, "radiance", out, Options(templates=folder, as_of=AS_OF))
    text = body_text(open_docx(out))
    assert "Annexe du CHU de Port-Sainte-Anne pour Radiance" in text
    assert "Article 1 — " in text

    make_template(folder / "annex.docx", "{{ vendor.nme }}")
    out.unlink()
    with pytest.raises(ContentError) as info:
        write_annex(demo_tender, "radiance", out, Options(templates=folder, as_of=AS_OF))
    assert "did you mean 'name'?" in str(info.value)
    assert not out.exists()

    make_template(folder / "comparison.docx", "{{ ranking.rowz }}")
    with pytest.raises(ContentError):
        write_comparison(demo_tender, tmp_path / "c.docx", Options(templates=folder))
    assert not (tmp_path / "c.docx").exists()


@pytest.mark.parametrize(
    ("kind", "line", "error", "french"),
    [
        ("annex", "{{ 1/0 }}", "ZeroDivisionError", "division par zéro"),
        ("annex", "{{ tender.name + 1 }}", "TypeError", "types incompatibles"),
        ("annex", '{{ "%d"|format("x") }}', "TypeError", "types incompatibles"),
        ("report", "{% for x in range(10**9) %}{{ x }}{% endfor %}", "OverflowError", "grande"),
    ],
)
def test_an_error_raised_while_rendering_a_custom_template_is_explained_and_writes_nothing(
    demo_tender: Tender, tmp_path: Path, kind: str, line: str, error: str, french: str
) -> None:
    folder = tmp_path / "mine"
    template = make_template(folder / f"{kind}.docx", "Début", line)
    out = tmp_path / f"{kind}.docx"
    write = write_annex if kind == "annex" else write_report
    with pytest.raises(DocumentError) as info:
        write(demo_tender, "radiance", out, Options(templates=folder, as_of=AS_OF))
    assert info.value.render("en").startswith(f"{template}: cannot render, the template raised")
    assert error in info.value.render("en")
    assert f"{template} : rendu impossible" in info.value.render("fr")
    assert french in info.value.render("fr")
    assert not out.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_template_that_is_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "annex.docx"
    os.mkfifo(pipe)
    with pytest.raises(ContentError, match="not a regular file"):
        check_template(pipe, {})
