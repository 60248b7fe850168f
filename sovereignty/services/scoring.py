"""Scoring a tender: the profile in force (and its freeze), evaluators' files, overrides, the
offers' scores and their comparison; the interactive evaluation; the demo step.

Which profile: ``--profile FILE``, else ``profile.yaml`` in the tender folder, else the shipped
default. Once ``profile freeze`` has recorded a profile's hash in the journal, scoring with a
profile of another hash is refused until it is frozen again (with a reason, journaled).
Freezes and overrides are trusted only from a journal whose hash chain verifies: an edited or
forged line stops scoring, comparing and evaluating until the journal is restored.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from sovereignty.core.errors import ContentError, Problem, TenderError, UsageError
from sovereignty.core.model import Lang, Text
from sovereignty.core.yamlio import write_atomic
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.scoring import evaluations as ev
from sovereignty.scoring import overrides as ov
from sovereignty.scoring.compare import (
    DEFAULT_AMPLITUDE,
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    Comparison,
    compare,
)
from sovereignty.scoring.engine import OfferInputs, OfferScore, score_offer
from sovereignty.scoring.export import comparison_csv, comparison_data
from sovereignty.scoring.loader import DEFAULT_PROFILE, LoadedProfile, load_profile
from sovereignty.scoring.model import Criterion, EvaluatorsMethod
from sovereignty.services.demo import DemoStep
from sovereignty.tender.folder import Tender
from sovereignty.tender.journal import Entry, read_journal, verify_journal

PROFILE_FILE = "profile.yaml"
FROZEN = "profile.frozen"


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
    return frozenset(r.id for r in rules.rules) | frozenset(catalogue().findings)


def load_tender_profile(tender: Tender, explicit: Path | None = None) -> LoadedProfile:
    path = explicit
    if path is None and (tender.root / PROFILE_FILE).is_file():
        path = tender.root / PROFILE_FILE
    return load_profile(path, tender.bank, known_findings(tender.bank))


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
        raise TenderError(
            f"the scoring grid was frozen on {freeze.at} by {freeze.actor} as "
            f"{freeze.profile_id} {freeze.version} ({freeze.hash}); the grid in use "
            f"({loaded.source}: {loaded.profile.id} {loaded.profile.version}, {loaded.hash}) is "
            "different, so scoring is refused. Restore the frozen grid, or, if the published "
            "grid really changed, freeze it again with `sovereignty profile freeze --reason TEXT` "
            "(journaled)."
        )
    return freeze


def freeze_profile(
    tender: Tender, loaded: LoadedProfile, actor: str | None, reason: str | None = None
) -> tuple[Freeze, bool]:
    """Record the profile's hash in the journal; (freeze, whether a new entry was written)."""
    previous = current_freeze(tender)
    if previous is not None and previous.hash == loaded.hash:
        return previous, False
    if previous is not None and not (reason and reason.strip()):
        raise UsageError(
            f"a different grid ({previous.hash}) was frozen on {previous.at} by "
            f"{previous.actor}; re-freezing needs --reason TEXT (it is journaled)"
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
    journaled = [
        (e.actor, e.details) for e in trusted_journal(tender) if e.action == ov.JOURNAL_ACTION
    ]
    return ov.load_overrides(overrides_path(tender), loaded.profile, tender.vendor_ids(), journaled)


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
        known = ", ".join(c.id for c in loaded.profile.criteria)
        raise UsageError(f"--override: no criterion {criterion!r} (criteria: {known})")
    if not 0 <= percent <= 100:
        raise UsageError(f"--override {criterion}={percent:g}: a percentage from 0 to 100")
    if not why.strip():
        raise UsageError("--override needs --why TEXT: who reads the score must see why")
    current = load_tender_overrides(tender, loaded)
    record = ov.OverrideRecord(
        vendor=vendor,
        criterion=criterion,
        percent=percent,
        justification=why.strip(),
        by=actor,
        at=dt.datetime.now(dt.UTC).replace(microsecond=0),
    )
    previous = current.find(vendor, criterion)
    # Journal first: a crash between the two leaves a journaled override not yet in the file,
    # never an unjournaled one in the file.
    tender.log(
        ov.JOURNAL_ACTION,
        actor,
        **record.journal_details(),
        profile=loaded.hash,
        replaces=previous.percent if previous else None,
    )
    ov.save_overrides(overrides_path(tender), current.replaced(record))
    return record


def clear_override(
    tender: Tender, loaded: LoadedProfile, vendor: str, criterion: str, why: str, actor: str
) -> None:
    current = load_tender_overrides(tender, loaded)
    previous = current.find(vendor, criterion)
    if previous is None:
        raise UsageError(f"no override of {criterion!r} for {vendor!r} to remove")
    if not why.strip():
        raise UsageError("removing an override needs --why TEXT")
    tender.log(
        ov.JOURNAL_REMOVED,
        actor,
        vendor=vendor,
        criterion=criterion,
        percent=previous.percent,
        reason=why.strip(),
    )
    ov.save_overrides(overrides_path(tender), current.without(vendor, criterion))


# --- scoring ----------------------------------------------------------------------------------
def offer_inputs(tender: Tender, vendor_id: str) -> OfferInputs:
    from sovereignty.services.offer import analyse_offer

    offer = analyse_offer(tender, vendor_id)
    return OfferInputs(
        vendor_id=vendor_id,
        vendor_name=offer.name,
        answers=offer.facts,
        findings=tuple(offer.findings),
        # sovereignty.aiact's Classification answers has_regime() (three-valued) itself.
        regimes=offer.classification,
    )


@dataclass
class TenderScores:
    loaded: LoadedProfile
    freeze: Freeze | None
    scores: list[OfferScore]
    evaluations: list[ev.EvaluatorFile] = field(default_factory=list)

    @property
    def freeze_data(self) -> dict[str, Any] | None:
        return None if self.freeze is None else dict(self.freeze.__dict__)


def load_tender_evaluations(tender: Tender, loaded: LoadedProfile) -> list[ev.EvaluatorFile]:
    establishments = [e.id for e in tender.settings.establishments] or None
    return ev.load_evaluations(
        tender.evaluations_dir, loaded.profile, establishments, tender.vendor_ids()
    )


def score_tender(
    tender: Tender, explicit: Path | None = None, vendors: Sequence[str] | None = None
) -> TenderScores:
    loaded = load_tender_profile(tender, explicit)
    freeze = require_frozen_match(tender, loaded)
    files = load_tender_evaluations(tender, loaded)
    overrides = load_tender_overrides(tender, loaded)
    scores = []
    for vendor in vendors if vendors is not None else tender.vendor_ids():
        score = score_offer(
            loaded.profile,
            offer_inputs(tender, vendor),
            ev.marks_for(files, vendor),
            overrides.for_vendor(vendor),
        )
        scores.append(score.model_copy(update={"profile_hash": loaded.hash}))
    return TenderScores(loaded, freeze, scores, files)


def compare_tender(
    tender: Tender,
    explicit: Path | None = None,
    draws: int = DEFAULT_DRAWS,
    amplitude: float = DEFAULT_AMPLITUDE,
    seed: int = DEFAULT_SEED,
) -> tuple[TenderScores, Comparison]:
    if not tender.vendor_ids():
        raise TenderError("no vendor in this tender yet: add one with `sovereignty vendor add`")
    if draws < 0 or not 0 <= amplitude < 1:
        raise UsageError("--draws must be 0 or more and --amplitude between 0 and 1 (0.2 = ±20 %)")
    result = score_tender(tender, explicit)
    comparison = compare(
        result.loaded.profile, result.scores, draws, amplitude, seed, result.loaded.hash
    )
    return result, comparison


def write_comparison(
    result: TenderScores, comparison: Comparison, json_path: Path | None, csv_path: Path | None
) -> list[Path]:
    written = []
    if json_path is not None:
        data = comparison_data(comparison, result.scores, result.freeze_data)
        write_atomic(json_path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        written.append(json_path)
    if csv_path is not None:
        write_atomic(csv_path, comparison_csv(comparison, result.scores, result.loaded.profile))
        written.append(csv_path)
    return written


# --- the interactive evaluation -----------------------------------------------------------------
@dataclass(frozen=True)
class MarkView:
    criterion: Criterion
    vendor_name: str
    lang: Lang
    number: int
    count: int
    current: ev.Mark | None
    answers: tuple[tuple[str, str], ...]  # (question label, answer as text) shown for context


@dataclass(frozen=True)
class MarkReply:
    kind: Literal["mark", "skip"]
    mark: float = 0.0
    justification: str = ""


class MarkPrompter(Protocol):
    def choose_establishment(self, choices: list[tuple[str, str]], lang: Lang) -> str: ...

    def ask_mark(self, view: MarkView) -> MarkReply:
        """Ask one criterion's mark and justification; may raise KeyboardInterrupt/EOFError."""

    def notify(self, message: str) -> None: ...


def _answers_shown(
    tender: Tender, vendor: str, criterion: Criterion, lang: Lang
) -> tuple[tuple[str, str], ...]:
    from sovereignty.questionnaire.present import format_answer

    assert isinstance(criterion.scoring, EvaluatorsMethod)
    sheet = tender.load_sheet(vendor)
    shown = []
    for qid in criterion.scoring.see:
        question = tender.bank.by_id[qid]
        shown.append((question.label(lang), format_answer(question, sheet.answers.get(qid), lang)))
    return tuple(shown)


def _require_same_establishment(
    tender: Tender, current: ev.EvaluatorFile, evaluator: str, establishment: str | None
) -> None:
    """An evaluator's file is one person of one establishment: marks given for another
    establishment never go into it (two people of the same name in two hospitals, or one person
    marking for two, keep two files)."""
    if establishment is None or establishment == current.establishment:
        return
    suggested = ev.evaluator_id(f"{evaluator} {establishment}")
    path = ev.evaluation_path(tender.evaluations_dir, current.evaluator)
    raise UsageError(
        Text(
            fr=f"{path} contient les notes de {current.name} pour l'établissement "
            f"{current.establishment!r} ; le fichier d'un évaluateur est celui d'une personne "
            f"d'un établissement, les notes pour {establishment!r} ne peuvent pas y aller. "
            f"Prenez un autre identifiant d'évaluateur, par exemple --evaluator {suggested} "
            f"(fichier {suggested}.yaml)",
            en=f"{path} holds the marks of {current.name} for the establishment "
            f"{current.establishment!r}; an evaluator's file is one person of one establishment, "
            f"so marks for {establishment!r} cannot go into it. Use a distinct evaluator id, "
            f"e.g. --evaluator {suggested} (file {suggested}.yaml)",
        )
    )


def _own_file_note(tender: Tender, current: ev.EvaluatorFile, lang: Lang) -> str:
    names = {e.id: e.name for e in tender.settings.establishments}
    where = names.get(current.establishment, current.establishment)
    path = ev.evaluation_path(tender.evaluations_dir, current.evaluator)
    if lang == "fr":
        return f"Notes de {current.name} ({where}), dans {path}"
    return f"Marks of {current.name} ({where}), in {path}"


def run_evaluation(
    tender: Tender,
    loaded: LoadedProfile,
    vendor: str,
    evaluator: str,
    prompter: MarkPrompter,
    lang: Lang,
    actor: str,
    establishment: str | None = None,
    only: str | None = None,
) -> list[str]:
    """Ask the evaluator's marks for ``vendor``, saving the file after each one; returns the
    criteria marked."""
    tender.require_vendor(vendor)
    require_frozen_match(tender, loaded)
    evaluator_id = ev.evaluator_id(evaluator)
    if not evaluator_id:
        raise UsageError(f"--evaluator {evaluator!r}: give a name with letters or digits")
    files = {f.evaluator: f for f in load_tender_evaluations(tender, loaded)}
    current = files.get(evaluator_id)
    known = {e.id: e.name for e in tender.settings.establishments}
    if establishment is not None and known and establishment not in known:
        listing = ", ".join(known)
        raise UsageError(
            Text(
                fr=f"--establishment {establishment!r} : pas un établissement de la consultation "
                f"({listing})",
                en=f"--establishment {establishment!r}: not an establishment of the tender "
                f"({listing})",
            )
        )
    if current is not None:
        _require_same_establishment(tender, current, evaluator, establishment)
        prompter.notify(_own_file_note(tender, current, lang))
    else:
        if establishment is None and known:
            establishment = prompter.choose_establishment(list(known.items()), lang)
        if establishment is None:
            raise UsageError("--establishment ID is required for a new evaluator")
        current = ev.EvaluatorFile(
            evaluator=evaluator_id,
            name=evaluator if evaluator != evaluator_id else actor,
            establishment=establishment,
        )
    criteria = loaded.profile.evaluator_criteria()
    if only is not None:
        criteria = [c for c in criteria if c.id == only]
        if not criteria:
            manual = ", ".join(c.id for c in loaded.profile.evaluator_criteria())
            raise UsageError(
                f"--criterion {only!r}: not scored by evaluators (those are: {manual})"
            )
    vendor_name = tender.load_sheet(vendor).vendor.name
    marked = []
    for number, criterion in enumerate(criteria, start=1):
        view = MarkView(
            criterion=criterion,
            vendor_name=vendor_name,
            lang=lang,
            number=number,
            count=len(criteria),
            current=current.scores.get(vendor, {}).get(criterion.id),
            answers=_answers_shown(tender, vendor, criterion, lang),
        )
        reply = prompter.ask_mark(view)
        if reply.kind == "skip":
            continue
        mark = ev.Mark(
            mark=reply.mark,
            justification=reply.justification.strip(),
            at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        )
        current = current.with_mark(vendor, criterion.id, mark)
        ev.save_evaluation(tender.evaluations_dir, current)  # atomic, after each criterion
        tender.log(
            "evaluation.saved",
            actor,
            evaluator=evaluator_id,
            establishment=current.establishment,
            vendor=vendor,
            criterion=criterion.id,
            mark=reply.mark,
        )
        marked.append(criterion.id)
    return marked


# --- the demo ---------------------------------------------------------------------------------
DEMO_EVALUATIONS = DEFAULT_PROFILE.parent / "demo-evaluations"  # two evaluators' files


def demo_step(tender: Tender, out: Path, lang: Lang) -> DemoStep:
    """Two evaluators from two establishments send their marks; the default grid is frozen;
    the three offers are scored and compared; comparison.json and comparison.csv are written."""
    from sovereignty.core.yamlio import load_yaml
    from sovereignty.scoring.present import comparison_lines

    loaded = load_tender_profile(tender)
    freeze_profile(tender, loaded, "demo")
    step = DemoStep("scoring")
    establishments = [e.id for e in tender.settings.establishments] or None
    for source in sorted(DEMO_EVALUATIONS.glob("*.yaml")):
        evaluation = ev.parse_evaluation(
            load_yaml(source), loaded.profile, establishments, tender.vendor_ids()
        )
        step.files.append(ev.save_evaluation(tender.evaluations_dir, evaluation))
        tender.log(
            "evaluation.imported",
            "demo",
            evaluator=evaluation.evaluator,
            establishment=evaluation.establishment,
            marks=sum(len(m) for m in evaluation.scores.values()),
        )
    result, comparison = compare_tender(tender)
    step.files += write_comparison(
        result, comparison, out / "comparison.json", out / "comparison.csv"
    )
    tender.log(
        "comparison.computed",
        "demo",
        profile=loaded.hash,
        ranking=[e.vendor for e in comparison.ranking],
        eliminated=[e.vendor for e in comparison.eliminated],
    )
    lines = comparison_lines(comparison, result.scores, loaded.profile, lang, frozen=True)
    # The ranking table, then sensitivity and disagreements (the axis table is in the files).
    blank = [i for i, line in enumerate(lines) if not line]
    step.summary = lines[: blank[1]] + lines[blank[2] :] if len(blank) > 2 else lines
    return step
