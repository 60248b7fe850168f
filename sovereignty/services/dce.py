"""`sovereignty dce`: the pieces of the consultation file (DCE) the tool owns, written before
any offer arrives, from the tender settings, the buyer's answers and the frozen grid only:

- the contract annex (annexe au CCAP), identical for every bidder;
- the award-criteria excerpt for the règlement de la consultation;
- the minimum requirements;
- the vendors' response form (xlsx);
- ``dce.json``, the index: file names and hashes, grid, bank and clause library hashes.

Nothing here reads a vendor's sheet: adding a vendor or changing its answers leaves every piece
as it was. The grid must be frozen first (its hash is what the excerpt publishes), and what was
written is journaled with each file's hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sovereignty.core.errors import AnswersError, TenderError
from sovereignty.core.model import Lang, Text
from sovereignty.core.yamlio import write_atomic
from sovereignty.documents.annex_compose import Basis
from sovereignty.tender.folder import Tender

SCHEMA = "sovereignty/dce/1"
FILE_NAMES: dict[Lang, dict[str, str]] = {
    "fr": {
        "annex": "annexe-ccap-souverainete.docx",
        "criteria": "rc-criteres-attribution.docx",
        "requirements": "exigences-minimales.docx",
        "form": "formulaire-de-reponse.xlsx",
    },
    "en": {
        "annex": "ccap-annex-sovereignty.docx",
        "criteria": "rc-award-criteria.docx",
        "requirements": "minimum-requirements.docx",
        "form": "response-form.xlsx",
    },
}
INDEX = "dce.json"
BUYER_SHEET = "buyer/answers.yaml"  # the one record file the consultation file reads


@dataclass
class BuyerAnswers:
    """Where the published documents' answers come from."""

    source: str  # "buyer/answers.yaml", or the vendors' sheets of an older tender
    sha256: str | None
    conflicts: list[str] = field(default_factory=list)  # older tender: vendors disagree


def buyer_basis(tender: Tender, as_of: dt.date) -> tuple[Basis, BuyerAnswers]:
    """The buyer's answers, checked, and the AI Act regime of the planned use they imply."""
    from sovereignty.analysis.offer import evaluate_offer
    from sovereignty.questionnaire.validate import SheetFacts, check_sheet

    bank = tender.bank
    path = tender.buyer_sheet_path
    if path.is_file():
        sheet, doc = tender.read_sheet(path)
        report = check_sheet(bank, sheet, doc)
        if report.errors:
            raise AnswersError(path, report.errors)
        origin = BuyerAnswers(
            path.relative_to(tender.root).as_posix(),
            hashlib.sha256(path.read_bytes()).hexdigest(),
        )
    else:
        sheet, legacy = tender.buyer_answers()
        assert legacy is not None
        origin = BuyerAnswers(
            "vendors/*/answers.yaml", None, [q for q in legacy.conflicts if q in bank.by_id]
        )
    facts = SheetFacts(bank, sheet.answers)
    # the regime selects clauses; what each open answer would change is `classify`'s to show
    classification, rules = evaluate_offer(bank, facts, "buyer", as_of, explore=False)
    basis = Basis(tender.settings, bank, facts, classification, tuple(rules.findings))
    return basis, origin


@dataclass
class Piece:
    kind: str
    path: Path
    sha256: str
    pdf: Path | None = None


@dataclass
class DceResult:
    folder: Path
    pieces: list[Piece]
    index: Path
    grid_hash: str
    buyer_blanks: int  # blanks the buyer's own answers leave in the annex
    blanks: int
    articles: int
    origin: BuyerAnswers
    shipped_templates: list[str] = field(default_factory=list)


def require_frozen_grid(tender: Tender) -> Any:
    """The loaded grid, which must be frozen (and unchanged since): the excerpt publishes it."""
    from sovereignty.services.scoring import (
        current_freeze,
        load_tender_profile,
        require_frozen_match,
    )

    loaded = load_tender_profile(tender)
    if current_freeze(tender) is None:
        raise TenderError(
            Text(
                fr="la grille de notation n'est pas gelée : le dossier de consultation publie les "
                "critères et leur pondération, qui ne doivent plus changer ensuite (art. R2152-11 "
                "et R2152-12 du code de la commande publique) ; gelez-la d'abord avec "
                "`sovereignty profile freeze`, puis relancez `sovereignty dce`",
                en="the scoring grid is not frozen: the consultation file publishes the criteria "
                "and their weights, which must not change afterwards (French Public Procurement "
                "Code, Art. R2152-11 and R2152-12); freeze it first with `sovereignty profile "
                "freeze`, then run `sovereignty dce` again",
            )
        )
    require_frozen_match(tender, loaded)
    return loaded


def _check_folder(out: Path, force: bool, names: list[str]) -> None:
    if out.exists() and not out.is_dir():
        raise TenderError(
            Text(
                fr=f"{out} est un fichier : --out attend un dossier",
                en=f"{out} is a file: --out expects a folder",
            )
        )
    present = [n for n in names if (out / n).exists()]
    if present and not force:
        listed = ", ".join(present)
        raise TenderError(
            Text(
                fr=f"{out} contient déjà un dossier de consultation ({listed}) ; ajoutez --force "
                "pour le réécrire (inscrit au journal)",
                en=f"{out} already holds a consultation file ({listed}); pass --force to "
                "rewrite it (journaled)",
            )
        )


def write_dce(
    tender: Tender,
    out: Path,
    options: Any,  # services.documents.Options
    force: bool = False,
    actor: str | None = None,
) -> DceResult:
    """Write the consultation file's pieces into ``out``; every check happens before anything
    is written, and each document is rendered in memory first."""
    from sovereignty.services import documents as docs

    options = docs.resolved(tender, options)
    lang: Lang = options.lang or tender.settings.language
    names = FILE_NAMES[lang]
    _check_folder(out, force, [*names.values(), INDEX])
    loaded = require_frozen_grid(tender)
    library = docs.load_clauses(tender, options.clauses)
    templates = docs.template_paths(options.templates, lang)
    as_of = options.as_of or dt.date.today()
    basis, origin = buyer_basis(tender, as_of)
    jobs, composed = docs.dce_jobs(
        tender, basis, library, loaded, templates, out, names, lang, as_of
    )
    head = docs.render_jobs(jobs, tender, reads=(BUYER_SHEET,))
    out.mkdir(parents=True, exist_ok=True)
    written = docs.write_jobs(jobs, options.pdf, options.templates)
    from sovereignty.services.form import export_form

    form = export_form(tender, out / names["form"], lang, actor)
    pieces = [Piece(w.kind, w.path, _sha256(w.path), w.pdf) for w in written] + [
        Piece("form", form.path, _sha256(form.path))
    ]
    index = _index(tender, pieces, loaded, library, origin, composed, lang, as_of)
    index["journal"] = head.data()  # the record the pieces rest on (not in them: it moves)
    write_atomic(out / INDEX, (json.dumps(index, ensure_ascii=False, indent=2) + "\n").encode())
    tender.log(
        "dce.written",
        actor,
        folder=str(out),
        lang=lang,
        files=[{"file": p.path.name, "sha256": p.sha256} for p in pieces],
        index_sha256=_sha256(out / INDEX),
        grid=loaded.hash,
        bank=tender.bank.hash,
        clauses=library.hash,
        buyer_answers=origin.sha256,
        force=force or None,
    )
    return DceResult(
        out,
        pieces,
        out / INDEX,
        loaded.hash,
        sum(b.by_buyer for b in composed.blanks),
        len(composed.blanks),
        len(composed.articles),
        origin,
        [w.kind for w in written if w.shipped_template],
    )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _index(
    tender: Tender,
    pieces: list[Piece],
    loaded: Any,
    library: Any,
    origin: BuyerAnswers,
    composed: Any,
    lang: Lang,
    as_of: dt.date,
) -> dict[str, Any]:
    from sovereignty.documents.annex_context import trace_row

    settings = tender.settings
    return {
        "schema": SCHEMA,
        "tender": {
            "name": settings.name,
            "reference": settings.reference,
            "buyer": settings.buyer,
            "ght": settings.ght,
        },
        "lang": lang,
        "as_of": as_of.isoformat(),
        "files": [
            {"kind": p.kind, "file": p.path.name, "sha256": p.sha256}
            | ({"pdf": p.pdf.name, "pdf_sha256": _sha256(p.pdf)} if p.pdf else {})
            for p in pieces
        ],
        "grid": {"id": loaded.profile.id, "version": loaded.profile.version, "hash": loaded.hash},
        "bank": {"id": tender.bank.id, "version": tender.bank.version, "hash": tender.bank.hash},
        "clauses": {
            "hash": library.hash,
            "custom": str(library.custom) if library.custom else None,
        },
        "buyer_answers": {
            "source": origin.source,
            "sha256": origin.sha256,
            "conflicts": origin.conflicts,
        },
        "annex": {
            "articles": [
                {"number": a.number, "clause": a.clause.id, "variant": a.selected.variant.id}
                | {"because": trace_row(a, lang)["triggers"]}
                for a in composed.articles
            ],
            "blanks": [
                {
                    "number": f"B{b.number}",
                    "placeholder": b.name,
                    "where": b.article,
                    "what": b.what,
                    "by": "buyer" if b.by_buyer else "successful tenderer",
                }
                for b in composed.blanks
            ],
        },
    }


def demo_step(tender: Tender, out: Path, lang: Lang) -> Any:
    """The consultation file of the example, as a buyer publishes it: the grid is frozen, then
    the pieces are written to ``dce/`` before any offer is read."""
    from sovereignty.core.errors import colon
    from sovereignty.documents.pdf import soffice
    from sovereignty.services.demo import DemoStep
    from sovereignty.services.documents import Options
    from sovereignty.services.scoring import freeze_profile, load_tender_profile

    step = DemoStep("dce")
    freeze_profile(tender, load_tender_profile(tender), "demo")
    pdf = soffice() is not None
    result = write_dce(tender, out / "dce", Options(lang=lang, pdf=pdf), force=True, actor="demo")
    for piece in result.pieces:
        step.summary.append(f"{piece.path.name}{colon(lang)}sha256 {piece.sha256[:12]}")
        step.files.append(piece.path)
        if piece.pdf:
            step.files.append(piece.pdf)
    step.files.append(result.index)
    step.summary.append(
        Text(
            fr=f"Annexe : {result.articles} articles, {result.blanks} blancs à compléter à la "
            "mise au point",
            en=f"Annex: {result.articles} articles, {result.blanks} blanks to fill at the mise "
            "au point",
        )(lang)
    )
    return step
