"""The interactive evaluation (``sovereignty evaluate``): an evaluator gives their marks for one
offer, criterion by criterion, each with a justification; their own file is saved after every
mark and each mark is journaled. The questions are asked through a :class:`MarkPrompter`
(questionary in ``prompts.mark_prompter``, a stub in tests).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, Protocol

from sovereignty.core.errors import UsageError
from sovereignty.core.model import Lang, Text
from sovereignty.scoring import evaluations as ev
from sovereignty.scoring.loader import LoadedProfile
from sovereignty.scoring.model import Criterion, EvaluatorsMethod
from sovereignty.services.scoring import (
    load_tender_evaluations,
    require_frozen_match,
    save_tender_evaluation,
)
from sovereignty.tender.folder import Tender


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


def _conflict_note(conflict: ev.MarkConflict, lang: Lang) -> str:
    mark = "—" if conflict.mark is None else f"{conflict.mark:g}"
    if lang == "fr":
        return (
            f"{conflict.subject} a été noté entre-temps dans une autre fenêtre ({mark}, "
            f"{conflict.at or '?'}) : cette note est gardée, la vôtre n'est pas enregistrée."
        )
    return (
        f"{conflict.subject} was marked meanwhile in another window ({mark}, "
        f"{conflict.at or '?'}): that mark is kept, yours is not saved."
    )


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
        raise UsageError(
            Text(
                fr=f"--evaluator {evaluator!r} : donnez un nom avec des lettres ou des chiffres",
                en=f"--evaluator {evaluator!r}: give a name with letters or digits",
            )
        )
    tender.require_record(ev.evaluation_path(tender.evaluations_dir, evaluator_id))
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
            raise UsageError(
                Text(
                    fr="--establishment ID est obligatoire pour un nouvel évaluateur",
                    en="--establishment ID is required for a new evaluator",
                )
            )
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
                Text(
                    fr=f"--criterion {only!r} : pas noté par les évaluateurs (ceux-là sont : "
                    f"{manual})",
                    en=f"--criterion {only!r}: not scored by evaluators (those are: {manual})",
                )
            )
    vendor_name = tender.load_sheet(vendor).vendor.name
    # The file as read (or empty, for a new evaluator): each save merges from it, so a second
    # window of the same evaluator loses none of the first one's marks.
    base = current
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
        # journaled, after each criterion, merged with what another window saved meanwhile
        current, conflicts = save_tender_evaluation(
            tender,
            current.with_mark(vendor, criterion.id, mark),
            "evaluation.saved",
            actor,
            base,
            evaluator=evaluator_id,
            establishment=current.establishment,
            vendor=vendor,
            criterion=criterion.id,
            mark=reply.mark,
        )
        base = current
        for conflict in conflicts:
            prompter.notify(_conflict_note(conflict, lang))
        if not conflicts:
            marked.append(criterion.id)
    return marked
