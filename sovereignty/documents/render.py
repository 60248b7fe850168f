"""Rendering a Word template with docxtpl, safely. The only module that imports docxtpl.

Every value that reaches a template (an answer, a vendor name, a custom clause) is text:

- the Jinja environment is sandboxed (custom templates come from users) with autoescape on, so
  ``<``, ``&`` and ``</w:t><w:p>`` fragments are escaped instead of breaking or injecting XML;
- Jinja syntax inside a value is never evaluated (values are data, not template source);
- characters XML 1.0 cannot hold (``\\x01``, ``\\a``, ``\\f``...) are stripped from every value
  before rendering, since docxtpl turns ``\\a`` into a paragraph and ``\\f`` into a page break;
- undefined variables are errors (StrictUndefined), and a static check of the template against
  the context names any unknown variable before anything is rendered;
- ``None`` renders as an empty string, not "None";
- the document is rendered in memory and written atomically: a failure writes nothing;
- a French document (``doc.lang`` of the context) gets French typography once rendered
  (``typography.py``), whatever its text came from.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sovereignty.core.errors import ContentError, DocumentError, Problem
from sovereignty.core.model import Text
from sovereignty.core.yamlio import read_bytes, write_atomic
from sovereignty.documents.layout import keep_together

# Characters XML 1.0 allows: tab, LF, CR and the ranges below; everything else is removed.
_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


@dataclass(frozen=True)
class Picture:
    """An image to insert (a PNG file), with its width on the page; a tall one is narrowed so
    that it holds on an A4 page with its caption (``max_height_mm``)."""

    path: Path
    width_mm: float = 160
    max_height_mm: float = 225

    def shown_width_mm(self) -> float:
        try:
            with self.path.open("rb") as file:
                header = file.read(24)
        except OSError:
            return self.width_mm
        if header[:8] != b"\x89PNG\r\n\x1a\n":
            return self.width_mm
        width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
        if not width or not height:
            return self.width_mm
        return min(self.width_mm, self.max_height_mm * width / height)


def sanitize(value: Any) -> Any:
    """A copy of ``value`` with every string XML-safe (dicts, lists and tuples walked)."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, Mapping):
        return {xml_safe(str(k)): sanitize(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [sanitize(v) for v in value]
    return value


def _finalize(value: Any) -> Any:
    return "" if value is None else value


_ENVIRONMENT: Any = None


def environment() -> Any:
    """The one sandboxed environment of the process. It compiles each template source once:
    the same template rendered for several offers (or checked, then rendered) is parsed and
    compiled a single time."""
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        from jinja2 import StrictUndefined
        from jinja2.sandbox import SandboxedEnvironment

        class Environment(SandboxedEnvironment):
            def __init__(self, **options: Any) -> None:
                super().__init__(**options)
                self.compiled: dict[str, Any] = {}
                self.parsed: dict[str, Any] = {}

            def from_string(
                self, source: Any, globals: Any = None, template_class: Any = None
            ) -> Any:
                if globals is not None or template_class is not None or not isinstance(source, str):
                    return super().from_string(source, globals, template_class)
                found = self.compiled.get(source)
                if found is None:
                    if len(self.compiled) >= _KEPT_TEMPLATES:
                        self.compiled.clear()
                    found = self.compiled[source] = super().from_string(source)
                return found

            def parse_once(self, source: str) -> Any:
                """The syntax tree of ``source``, which must compile (unknown filters and
                tests are found when compiling); parsed once."""
                found = self.parsed.get(source)
                if found is None:
                    if len(self.parsed) >= _KEPT_TEMPLATES:
                        self.parsed.clear()
                    tree = self.parse(source)
                    self.compile(tree)
                    found = self.parsed[source] = tree
                return found

        _ENVIRONMENT = Environment(autoescape=True, undefined=StrictUndefined, finalize=_finalize)
    return _ENVIRONMENT


_KEPT_TEMPLATES = 64  # sources kept compiled: a batch's templates, bounded for a long process


def _template_source(template: Any) -> str:
    """The Jinja source docxtpl will render: body, headers and footers, tags patched."""
    from docx.oxml import parse_xml

    docx = template.get_docx()
    xml = template.patch_xml(template.xml_to_string(docx._element.body))
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for rel in docx._part.rels.values():
            if rel.reltype == uri and rel.target_part.blob:
                part_xml = template.xml_to_string(parse_xml(rel.target_part.blob))
                xml += template.patch_xml(part_xml)
    return str(xml)


def check_template(path: Path, context: Mapping[str, Any]) -> None:
    """Refuse a template that is not valid Jinja or uses a variable the context lacks."""
    _check(_open(path), path, context)


MAX_TEMPLATE_BYTES = 50 * 1024 * 1024  # a Word template with its pictures; far above ours

# The syntax tree of each template file checked, by the sha256 of its bytes: a template
# rendered for several offers is read as Jinja once.
_TREES: dict[str, Any] = {}


def _check(template: Any, path: Path, context: Mapping[str, Any]) -> None:
    from sovereignty.documents.variables import unknown_variables

    digest = template.sovereignty_sha256
    ast = _TREES.get(digest)
    if ast is None:
        if len(_TREES) >= _KEPT_TEMPLATES:
            _TREES.clear()
        ast = _TREES[digest] = _syntax_tree(template, path)
    problems = unknown_variables(ast, context)
    if problems:
        raise ContentError(path, [Problem("", p) for p in problems])


def _syntax_tree(template: Any, path: Path) -> Any:
    from jinja2 import TemplateSyntaxError

    source = _template_source(template)
    try:
        return environment().parse_once(source)  # syntax, unknown filters and tests
    except TemplateSyntaxError as exc:
        text = re.sub(r"<[^>]+>", "", exc.source.splitlines()[exc.lineno - 1]) if exc.source else ""
        near = repr(text.strip()[:80]) if text.strip() else ""
        # Jinja's own words (exc.message) exist in English only
        raise ContentError(
            path,
            Text(
                fr=f"modèle invalide : {exc.message}" + (f", près de {near}" if near else ""),
                en=f"not a valid template: {exc.message}" + (f" near {near}" if near else ""),
            ),
        ) from None


def _open(path: Path) -> Any:
    """The template, opened from its bytes (read once), which also give its sha256."""
    from docxtpl import DocxTemplate

    if not path.exists():
        raise ContentError(path, Text(fr="modèle introuvable", en="template not found"))
    data = read_bytes(path, MAX_TEMPLATE_BYTES)  # a regular file: a FIFO would block
    try:
        template = DocxTemplate(io.BytesIO(data))
        template.get_docx()  # opens the package now, so a bad file fails here
    except Exception as exc:  # python-docx raises several kinds for a bad package
        kind = type(exc).__name__
        raise ContentError(
            path,
            Text(
                fr=f"ce n'est pas un fichier Word .docx ({kind})",
                en=f"not a Word .docx file ({kind})",
            ),
        ) from None
    template.sovereignty_sha256 = hashlib.sha256(data).hexdigest()
    return template


# What went wrong, in French, for the errors a template most often raises while rendering.
_KIND_FR = {
    "ZeroDivisionError": "division par zéro",
    "TypeError": "opération sur des valeurs de types incompatibles",
    "ValueError": "valeur incorrecte",
    "OverflowError": "valeur trop grande",
    "UndefinedError": "variable ou champ inexistant",
    "SecurityError": "opération interdite dans un modèle",
    "RecursionError": "récursion trop profonde",
    "MemoryError": "mémoire insuffisante",
}


def render_error(path: Path, exc: BaseException) -> DocumentError:
    """The template file, the kind of error and its message; Python's own message is English."""
    kind = type(exc).__name__
    message = str(exc).strip().rstrip(".") or kind
    what = _KIND_FR.get(kind, "erreur pendant le rendu")
    return DocumentError(
        Text(
            fr=f"{path} : rendu impossible, le modèle a levé une erreur {kind} ({what}) : "
            f"{message}. Rien n'a été écrit.",
            en=f"{path}: cannot render, the template raised {kind}: {message}. "
            "Nothing was written.",
        )
    )


def render_docx(
    path: Path, context: Mapping[str, Any], properties: Mapping[str, str] | None = None
) -> bytes:
    """The rendered document, as bytes. ``properties``: core properties (title, subject...)."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    template = _open(path)
    _check(template, path, context)

    def pictures(value: Any) -> Any:
        if isinstance(value, Picture):
            return InlineImage(template, str(value.path), width=Mm(value.shown_width_mm()))
        if isinstance(value, dict):
            return {k: pictures(v) for k, v in value.items()}
        if isinstance(value, list):
            return [pictures(v) for v in value]
        return value

    safe = pictures(sanitize(context))
    try:
        template.render(safe, environment(), autoescape=True)
    except Exception as exc:  # a user's template can raise anything: 1/0, "a" + 1, a huge range
        raise render_error(path, exc) from None
    keep_together(template.docx.element.body)
    if _language(context) == "fr":
        _french_typography(template.docx)
    core = template.docx.core_properties
    for name, value in (properties or {}).items():
        setattr(core, name, xml_safe(value)[:255])
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def _french_typography(document: Any) -> None:
    """French typography on every paragraph of the body, the headers and the footers.

    Field instructions (``w:instrText``) are not text and are left alone.
    """
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    from sovereignty.documents.typography import french_runs

    roots = [document.element.body]
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            roots.append(rel.target_part.element)
    for root in roots:  # separate trees: no paragraph is seen twice
        for paragraph in root.iter(qn("w:p")):
            nodes = list(paragraph.iter(qn("w:t")))
            texts = [node.text or "" for node in nodes]
            for node, old, new in zip(nodes, texts, french_runs(texts), strict=True):
                if new != old:
                    node.text = new


def _language(context: Mapping[str, Any]) -> str | None:
    doc = context.get("doc")
    return doc.get("lang") if isinstance(doc, Mapping) else None


def save_docx(
    path: Path,
    out: Path,
    context: Mapping[str, Any],
    properties: Mapping[str, str] | None = None,
) -> Path:
    """Render ``path`` with ``context`` into ``out`` atomically."""
    data = render_docx(path, context, properties)
    try:
        write_atomic(out, data)
    except OSError as exc:
        raise DocumentError(
            Text(
                fr=f"{out} : écriture impossible : {exc.strerror}",
                en=f"{out}: cannot write: {exc.strerror}",
            )
        ) from None
    return out
