"""Scoring a tender: the profile in force (and its freeze), evaluators' files, overrides, the
offers' scores and their comparison; the demo step (the interactive evaluation is in
``services.evaluation``).

Which profile: ``--profile FILE``, else ``profile.yaml`` in the tender folder, else the shipped
default. Once ``profile freeze`` has recorded a profile's hash in the journal, scoring with a
profile of another hash is refused until it is frozen again (with a reason, journaled).
Freezes and overrides are trusted only from a journal whose hash chain verifies: an edited or
forged line stops scoring, comparing and evaluating until the journal is restored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sovereignty.core.errors import ContentError, Problem, TenderError, UsageError, did_you_mean
from sovereignty.core.model import Lang, Text
from sovereignty.core.yamlio import write_atomic
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.scoring import evaluations as ev
from sovereignty.scoring import overrides as ov
from sovereignty.scoring.compare import (
    DEFAULT_AMPLITUDE,
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    MAX_DRAWS,
    Comparison,
    compare,
)
from sovereignty.scoring.engine import OfferInputs, OfferScore, offer_facts, score_offer
from sovereignty.scoring.export import comparison_csv, comparison_data
from sovereignty.scoring.loader import DEFAULT_PROFILE, LoadedProfile, load_profile
from sovereignty.scoring.prices import PriceSchedule, load_price
from sovereignty.scoring.regularity import Regularity, check_regularity
from sovereignty.services.demo import DemoStep
from sovereignty.tender.folder import TENDER_FILE, Tender
from sovereignty.tender.journal import Entry, Head, read_journal, verify_journal

PROFILE_FILE = "profile.yaml"
FROZEN = "profile.frozen"
SCORED = "offers.scored"  # the first scoring of offers under a frozen grid
RESTARTED = "procedure.restarted"


# --- the journal they rest on -----------------------------------------------------------------
def trusted_journal(tender: Tender) -> list[Entry]:
    """The journal's entries, once its hash chain verifies. The grid freeze and the score
    overrides are read from the journal: a forged or edited line must not move a score."""
    problems = verify_journal(tender.journal_path)
    if problems:
        raise ContentError(
            tender.journal_path,
            [
                *problems,
                Problem(
                    "",
                    Text(
                        fr="la chaîne d'empreintes du journal n'est plus vérifiée : le gel de la "
                        "grille et les dérogations aux notes qu'il enregistre ne sont pas fiables, "
                        "la notation, la comparaison et l'évaluation sont refusées. Restaurez "
                        "journal.jsonl depuis une sauvegarde (ou annulez la modification), puis "
                        "vérifiez-le avec `sovereignty journal --verify`",
                        en="the journal's hash chain does not verify, so the grid freeze and the "
                        "score overrides it records cannot be trusted: scoring, comparing and "
                        "evaluating are refused. Restore journal.jsonl from a backup (or undo "
                        "the edit), then check it with `sovereignty journal --verify`",
                    ),
                ),
            ],
        )
    return read_journal(tender.journal_path)


# --- the profile and its freeze ---------------------------------------------------------------
def known_findings(bank: QuestionBank) -> frozenset[str] | None:
    """Every finding id the analyses can raise: the regulatory rule pack and the data-flow
    catalogue. None when the shipped rules do not fit this bank (a custom bank): the loader then
    checks the form of finding ids only."""
    from sovereignty.dataflow.catalogue import catalogue
    from sovereignty.findings.rules import load_rules

    try:
        rules = load_rules(bank)
    except ContentError:
        return None
    from sovereignty.findings.validity import FINDING_IDS

    return frozenset(r.id for r in rules.rules) | frozenset(catalogue().findings) | FINDING_IDS


def load_tender_profile(tender: Tender, explicit: Path | None = None) -> LoadedProfile:
    """The tender's grid (``profile.yaml``, else the shipped one), read once per command while
    its file is unchanged."""

    def load() -> LoadedProfile:
        path = explicit
        if path is None and (tender.root / PROFILE_FILE).is_file():
            path = tender.root / PROFILE_FILE
        return load_profile(path, tender.bank, known_findings(tender.bank))

    files = [tender.root / PROFILE_FILE] if explicit is None else [explicit]
    return tender.memo.get(("profile", explicit), files, load)


@dataclass(frozen=True)
class Freeze:
    hash: str
    profile_id: str
    version: str
    source: str
    at: str
    actor: str
    reason: str | None = None


def current_freeze(tender: Tender) -> Freeze | None:
    """The last ``profile.frozen`` entry of the journal (which must verify)."""
    last = None
    for entry in trusted_journal(tender):
        if entry.action == FROZEN:
            d = entry.details
            last = Freeze(
                d.get("hash", ""),
                d.get("profile", ""),
                d.get("version", ""),
                d.get("source", ""),
                entry.at,
                entry.actor,
                d.get("reason"),
            )
    return last


def require_frozen_match(tender: Tender, loaded: LoadedProfile) -> Freeze | None:
    """Refuse a profile other than the frozen one; None when nothing is frozen yet."""
    freeze = current_freeze(tender)
    if freeze is not None and freeze.hash != loaded.hash:
        frozen = f"{freeze.profile_id} {freeze.version} ({freeze.hash})"
        in_use = f"{loaded.profile.id} {loaded.profile.version}, {loaded.hash}"
        raise TenderError(
            Text(
                fr=f"la grille de notation a été gelée le {freeze.at} par {freeze.actor} : "
                f"{frozen} ; la grille utilisée ({loaded.source} : {in_use}) est différente, "
                "la notation est donc refusée. Restaurez la grille gelée ou, si la grille "
                "publiée a vraiment changé, gelez-la à nouveau avec `sovereignty profile freeze "
                "--why TEXTE` (journalisé).",
                en=f"the scoring grid was frozen on {freeze.at} by {freeze.actor} as {frozen}; "
                f"the grid in use ({loaded.source}: {in_use}) is different, so scoring is "
                "refused. Restore the frozen grid, or, if the published grid really changed, "
                "freeze it again with `sovereignty profile freeze --why TEXT` (journaled).",
            )
        )
    return freeze


# Journaled acts that score offers: a grid frozen before them can no longer change silently.
SCORING_ACTS = frozenset({SCORED, "evaluation.saved", "evaluation.imported", "score.overridden"})


def scored_since_freeze(tender: Tender) -> str | None:
    """When offers were first scored under the grid frozen last (None: not yet, or the
    procedure was restarted since)."""
    scored = None
    for entry in trusted_journal(tender):
        if entry.action in (FROZEN, RESTARTED):
            scored = None
        elif entry.action in SCORING_ACTS and scored is None:
            scored = entry.at
    return scored


def mark_scored(tender: Tender, actor: str | None = None) -> None:
    """Journal that offers were scored under the frozen grid (once per freeze): `score`,
    `compare` and the award documents call it once their scores are computed."""
    if current_freeze(tender) is not None and scored_since_freeze(tender) is None:
        tender.log(SCORED, actor, vendors=tender.vendor_ids())


def freeze_profile(
    tender: Tender,
    loaded: LoadedProfile,
    actor: str | None,
    reason: str | None = None,
    restart: bool = False,
) -> tuple[Freeze, bool]:
    """Record the profile's hash in the journal; (freeze, whether a new entry was written).
    Once offers were scored under the frozen grid, another grid needs the procedure to be
    restarted (``restart``, journaled with the reason): the published criteria cannot change
    under offers already read."""
    previous = current_freeze(tender)
    if previous is not None and previous.hash == loaded.hash:
        return previous, False
    scored = scored_since_freeze(tender) if previous is not None else None
    if scored is not None and not restart:
        raise UsageError(
            Text(
                fr=f"des offres ont été notées le {scored} avec la grille gelée "
                f"({previous.hash if previous else ''}) : les critères publiés ne changent plus "
                "sous des offres déjà lues. Pour publier une autre grille, relancez la "
                "procédure : `sovereignty profile freeze --restart-procedure --why TEXTE` "
                "(journalisé)",
                en=f"offers were scored on {scored} under the frozen grid "
                f"({previous.hash if previous else ''}): the published criteria no longer change "
                "under offers already read. To publish another grid, restart the procedure: "
                "`sovereignty profile freeze --restart-procedure --why TEXT` (journaled)",
            )
        )
    if restart and not (reason and reason.strip()):
        raise UsageError(
            Text(
                fr="relancer la procédure demande --why TEXTE (journalisé)",
                en="restarting the procedure needs --why TEXT (it is journaled)",
            )
        )
    if restart and scored is not None:
        tender.log(RESTARTED, actor, reason=reason, grid=previous.hash if previous else None)
    if previous is not None and not (reason and reason.strip()):
        raise UsageError(
            Text(
                fr=f"une autre grille ({previous.hash}) a été gelée le {previous.at} par "
                f"{previous.actor} ; la geler à nouveau demande --why TEXTE (journalisé)",
                en=f"a different grid ({previous.hash}) was frozen on {previous.at} by "
                f"{previous.actor}; re-freezing needs --why TEXT (it is journaled)",
            )
        )
    details: dict[str, Any] = {
        "hash": loaded.hash,
        "profile": loaded.profile.id,
        "version": loaded.profile.version,
        "source": loaded.source,
    }
    if previous is not None:
        details["replaces"] = previous.hash
        details["reason"] = reason
    tender.log(FROZEN, actor, **details)
    frozen = current_freeze(tender)
    assert frozen is not None
    return frozen, True


# --- overrides ----------------------------------------------------------------------------------
def overrides_path(tender: Tender) -> Path:
    return tender.root / ov.OVERRIDES_FILE


def load_tender_overrides(tender: Tender, loaded: LoadedProfile) -> ov.OverridesFile:
    entries = trusted_journal(tender)
    journaled = [(e.actor, e.details) for e in entries if e.action == ov.JOURNAL_ACTION]
    path = overrides_path(tender)
    overrides = ov.load_overrides(path, loaded.profile, tender.vendor_ids(), journaled)
    missing = ov.missing_from_file(overrides, [(e.action, e.actor, e.details) for e in entries])
    if missing:
        raise ContentError(path, missing)
    return overrides


def set_override(
    tender: Tender,
    loaded: LoadedProfile,
    vendor: str,
    criterion: str,
    percent: float,
    why: str,
    actor: str,
) -> ov.OverrideRecord:
    tender.require_vendor(vendor)
    if loaded.profile.criterion(criterion) is None:
        ids = [c.id for c in loaded.profile.criteria]
        fr_hint, en_hint = did_you_mean(criterion, ids)
        raise UsageError(
            Text(
                fr=f"--override : pas de critère {criterion!r}{fr_hint} (critères : "
                f"{', '.join(ids)})",
                en=f"--override: no criterion {criterion!r}{en_hint} (criteria: {', '.join(ids)})",
            )
        )
    if not 0 <= percent <= 100:
        raise UsageError(
            Text(
                fr=f"--override {criterion}={percent:g} : un pourcentage de 0 à 100 est attendu",
                en=f"--override {criterion}={percent:g}: a percentage from 0 to 100 is expected",
            )
        )
    if not why.strip():
        raise UsageError(
            Text(
                fr="--override demande --why TEXTE : qui lit la note doit savoir pourquoi",
                en="--override needs --why TEXT: who reads the score must see why",
            )
        )
    with tender.lock():
        entries = _journal_entries(tender)
        current = ov.from_journal(entries)
        record = ov.OverrideRecord(
            vendor=vendor,
            criterion=criterion,
            percent=percent,
            justification=why.strip(),
            by=actor,
            at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        )
        previous = current.find(vendor, criterion)
        _write_overrides(
            tender,
            current.replaced(record),
            ov.JOURNAL_ACTION,
            actor,
            {
                **record.journal_details(),
                "profile": loaded.hash,
                "replaces": previous.percent if previous else None,
            },
        )
    return record


def _journal_entries(tender: Tender) -> list[tuple[str, str, dict[str, Any]]]:
    return [(e.action, e.actor, e.details) for e in trusted_journal(tender)]


def _write_overrides(
    tender: Tender,
    overrides: ov.OverridesFile,
    action: str,
    actor: str,
    details: dict[str, Any],
) -> None:
    """overrides.yaml is rewritten from the journal's overrides in force plus this change, so a
    file left behind by a killed write, deleted or edited by hand is replaced by what the
    journal says (the entry notes that it was)."""
    from sovereignty.tender import records

    path = overrides_path(tender)
    book = records.Journal.read(tender.journal_path)
    differed = bool(records.file_problems(tender.root, ov.OVERRIDES_FILE, book, book.hashes()))
    tender.write_record(
        path,
        lambda _current: ov.overrides_text(overrides),
        action,
        actor,
        {**details, "file_restored": differed or None},
        check=False,
    )


def clear_override(
    tender: Tender, loaded: LoadedProfile, vendor: str, criterion: str, why: str, actor: str
) -> None:
    """Remove an override; works whatever state overrides.yaml is in (the journal says which
    overrides are in force), so it is also the way out of a half-done ``--override``."""
    if not why.strip():
        raise UsageError(
            Text(
                fr="retirer une dérogation demande --why TEXTE",
                en="removing an override needs --why TEXT",
            )
        )
    with tender.lock():
        current = ov.from_journal(_journal_entries(tender))
        previous = current.find(vendor, criterion)
        if previous is None:
            raise UsageError(
                Text(
                    fr=f"aucune dérogation sur {criterion!r} pour {vendor!r} à retirer",
                    en=f"no override of {criterion!r} for {vendor!r} to remove",
                )
            )
        _write_overrides(
            tender,
            current.without(vendor, criterion),
            ov.JOURNAL_REMOVED,
            actor,
            {
                "vendor": vendor,
                "criterion": criterion,
                "percent": previous.percent,
                "reason": why.strip(),
            },
        )


# --- scoring ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class AnalysedOffer:
    """What scoring and regularity read of one offer, analysed once."""

    inputs: OfferInputs
    missing: tuple[str, ...]  # required vendor questions left unanswered
    offer: Any = None  # services.offer.Offer: its findings and completeness, for documents


def analysed_offer(tender: Tender, vendor_id: str, as_of: dt.date | None = None) -> AnalysedOffer:
    """The offer's answers, findings (those in force at ``as_of``, default today) and
    classification, and the required vendor questions it left unanswered."""
    from sovereignty.services.offer import analyse_offer

    offer = analyse_offer(tender, vendor_id, as_of)
    bank = tender.bank.by_id
    missing = tuple(q for q in offer.report.missing_required if bank[q].answered_by == "vendor")
    inputs = OfferInputs(
        vendor_id=vendor_id,
        vendor_name=offer.name,
        answers=offer.facts,
        findings=tuple(offer.findings),
        # sovereignty.aiact's Classification answers has_regime() (three-valued) itself.
        regimes=offer.classification,
        optional=frozenset(q.id for q in tender.bank.questions if not q.required),
    )
    return AnalysedOffer(inputs, missing, offer)


def offer_inputs(tender: Tender, vendor_id: str, as_of: dt.date | None = None) -> OfferInputs:
    """What the engine scores; findings are those in force at ``as_of`` (default: today)."""
    return analysed_offer(tender, vendor_id, as_of).inputs


@dataclass
class TenderScores:
    loaded: LoadedProfile
    freeze: Freeze | None
    scores: list[OfferScore]
    evaluations: list[ev.EvaluatorFile] = field(default_factory=list)
    regularity: dict[str, Regularity] = field(default_factory=dict)
    prices: dict[str, PriceSchedule | None] = field(default_factory=dict)
    offers: dict[str, Any] = field(default_factory=dict)  # vendor -> services.offer.Offer
    journal: Head | None = None  # the journal's head the scores rest on, once verified

    @property
    def freeze_data(self) -> dict[str, Any] | None:
        return None if self.freeze is None else dict(self.freeze.__dict__)


def save_tender_evaluation(
    tender: Tender,
    evaluation: ev.EvaluatorFile,
    action: str,
    actor: str | None,
    base: ev.EvaluatorFile | None = None,
    **details: Any,
) -> tuple[ev.EvaluatorFile, list[ev.MarkConflict]]:
    """A journaled write of one evaluator's file. With ``base`` (the file as this command read
    it), only the command's changes are merged into the file as it is on disk now, so two
    windows of one evaluator lose no mark; a mark changed on both sides keeps the other one and
    is returned."""
    from sovereignty.core.validation import validate_document
    from sovereignty.core.yamlio import parse_yaml

    path = ev.evaluation_path(tender.evaluations_dir, evaluation.evaluator)
    merged: list[Any] = [evaluation, []]
    entry = dict(details)

    def compose(current: str | None) -> str:
        if base is not None and current is not None:
            theirs = validate_document(
                parse_yaml(current, path),
                ev.EvaluatorFile,
                expected=Text(fr="un fichier d'évaluateur", en="an evaluator's file"),
            )
            merged[0], merged[1] = ev.merge_evaluations(base, evaluation, theirs)
            entry["kept_theirs"] = [c.subject for c in merged[1]] or None
        return ev.evaluation_text(merged[0])

    tender.write_record(path, compose, action, actor, entry)
    return merged[0], merged[1]


def load_tender_evaluations(tender: Tender, loaded: LoadedProfile) -> list[ev.EvaluatorFile]:
    establishments = [e.id for e in tender.settings.establishments] or None
    return ev.load_evaluations(
        tender.evaluations_dir, loaded.profile, establishments, tender.vendor_ids()
    )


def score_tender(
    tender: Tender,
    explicit: Path | None = None,
    vendors: Sequence[str] | None = None,
    as_of: dt.date | None = None,
) -> TenderScores:
    loaded = load_tender_profile(tender, explicit)
    freeze = require_frozen_match(tender, loaded)
    files = load_tender_evaluations(tender, loaded)
    overrides = load_tender_overrides(tender, loaded)
    profile = loaded.profile
    # Every answer sheet, evaluator's file and override as journaled, and the journal whole.
    head = tender.verified_head()
    months = profile.award.price.duration_months if profile.award else 12
    order = [q.id for q in tender.bank.questions]
    result = TenderScores(loaded, freeze, [], files, journal=head)
    for vendor in vendors if vendors is not None else tender.vendor_ids():
        offer = analysed_offer(tender, vendor, as_of)
        score = score_offer(
            profile, offer.inputs, ev.marks_for(files, vendor), overrides.for_vendor(vendor)
        )
        result.scores.append(score.model_copy(update={"profile_hash": loaded.hash}))
        result.offers[vendor] = offer.offer
        schedule = load_price(tender.vendor_dir(vendor))
        result.prices[vendor] = schedule
        result.regularity[vendor] = check_regularity(
            profile,
            offer_facts(offer.inputs),
            offer.missing,
            None if schedule is None else schedule.life_cycle_cost(months),
            order,
        )
    return result


def compare_tender(
    tender: Tender,
    explicit: Path | None = None,
    draws: int = DEFAULT_DRAWS,
    amplitude: float = DEFAULT_AMPLITUDE,
    seed: int = DEFAULT_SEED,
    as_of: dt.date | None = None,
) -> tuple[TenderScores, Comparison]:
    if not tender.vendor_ids():
        raise TenderError(
            Text(
                fr="pas encore d'offre dans cette consultation : ajoutez-en une avec "
                "`sovereignty vendor add`",
                en="no vendor in this tender yet: add one with `sovereignty vendor add`",
            )
        )
    if not 0 <= draws <= MAX_DRAWS or not 0 <= amplitude < 1:
        raise UsageError(
            Text(
                fr=f"--draws doit être entre 0 et {MAX_DRAWS} et --amplitude entre 0 et 1 "
                f"(0.2 = ±20 %) (trouvé : --draws {draws} --amplitude {amplitude:g})",
                en=f"--draws must be between 0 and {MAX_DRAWS} and --amplitude between 0 and 1 "
                f"(0.2 = ±20%) (found --draws {draws} --amplitude {amplitude:g})",
            )
        )

    day = as_of or dt.date.today()  # a command running past midnight reads the law anew

    def compute() -> tuple[TenderScores, Comparison]:
        result = score_tender(tender, explicit, as_of=day)
        comparison = compare(
            result.loaded.profile,
            result.scores,
            result.regularity,
            draws,
            amplitude,
            seed,
            result.loaded.hash,
        )
        return result, comparison

    # Kept while every file the scores read is unchanged and the journal holds the same
    # freezes and overrides; the journal and the records are verified at each call all the same.
    decisive = tuple(
        (e.action, e.prev)
        for e in trusted_journal(tender)
        if e.action in (FROZEN, RESTARTED, ov.JOURNAL_ACTION, ov.JOURNAL_REMOVED)
    )
    key = ("comparison", explicit, draws, amplitude, seed, day, decisive)
    result, comparison = tender.memo.get(key, scoring_files(tender, explicit), compute)
    head = tender.verified_head()
    return dataclasses.replace(result, journal=head), comparison


def scoring_files(tender: Tender, explicit: Path | None = None) -> list[Path]:
    """Every file the scores of the tender's offers are made from."""
    from sovereignty.scoring.prices import price_path

    files = [
        tender.root / TENDER_FILE,
        explicit or tender.root / PROFILE_FILE,
        overrides_path(tender),
        tender.root / "vendors",
        tender.buyer_sheet_path,
        tender.evaluations_dir,
    ]
    if tender.evaluations_dir.is_dir():
        files += sorted(tender.evaluations_dir.iterdir())
    for vendor in tender.vendor_ids():
        files += [
            tender.answers_path(vendor),
            tender.flows_path(vendor),
            price_path(tender.vendor_dir(vendor)),
        ]
    return files


def write_comparison(
    result: TenderScores,
    comparison: Comparison,
    json_path: Path | None,
    csv_path: Path | None,
    lang: Lang = "en",
) -> list[Path]:
    written = []
    if json_path is not None:
        data = comparison_data(comparison, result.scores, result.freeze_data, result.regularity)
        if result.journal is not None:
            data["journal"] = result.journal.data()
        write_atomic(json_path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        written.append(json_path)
    if csv_path is not None:
        profile = result.loaded.profile
        write_atomic(csv_path, comparison_csv(comparison, result.scores, profile, lang))
        written.append(csv_path)
    return written


# --- the demo ---------------------------------------------------------------------------------
DEMO_EVALUATIONS = DEFAULT_PROFILE.parent / "demo-evaluations"  # two evaluators' files


def demo_step(tender: Tender, out: Path, lang: Lang) -> DemoStep:
    """Two evaluators from two establishments send their marks; the default grid is frozen;
    the three offers are scored and compared; comparison.json and comparison.csv are written."""
    from sovereignty.core.yamlio import load_yaml
    from sovereignty.scoring.present_award import comparison_lines

    loaded = load_tender_profile(tender)
    freeze_profile(tender, loaded, "demo")
    step = DemoStep("scoring")
    establishments = [e.id for e in tender.settings.establishments] or None
    for source in sorted(DEMO_EVALUATIONS.glob("*.yaml")):
        evaluation = ev.parse_evaluation(
            load_yaml(source), loaded.profile, establishments, tender.vendor_ids()
        )
        save_tender_evaluation(
            tender,
            evaluation,
            "evaluation.imported",
            "demo",
            evaluator=evaluation.evaluator,
            establishment=evaluation.establishment,
            marks=sum(len(m) for m in evaluation.scores.values()),
        )
        step.files.append(ev.evaluation_path(tender.evaluations_dir, evaluation.evaluator))
    result, comparison = compare_tender(tender)
    step.files += write_comparison(
        result, comparison, out / "comparison.json", out / "comparison.csv", lang
    )
    tender.log(
        "comparison.computed",
        "demo",
        profile=loaded.hash,
        ranking=[e.vendor for e in comparison.ranking],
        rejected={e.vendor: e.state for e in comparison.rejected},
    )
    # The award table, offers not ranked, sensitivity (the axis table is in the files).
    step.summary = comparison_lines(
        comparison, result.scores, loaded.profile, lang, True, result.regularity, axes=False
    )
    return step
