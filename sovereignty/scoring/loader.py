"""Loading a scoring profile: parse, validate the models, then cross-check the whole grid.

Cross-checks, all reported at once with the file, the line and the criterion: ids unique and
known (axes, criteria, gates, tie-breaks); weights summing to 100; every question, choice value,
regime and finding the profile reads exists in the question bank, the AI Act regimes and the
findings catalogue, with "did you mean" suggestions.

A profile's identity is the sha256 of its canonical JSON: comments and layout do not change it,
any change of a criterion, weight, label, gate or rule does.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from sovereignty.aiact.model import REGIME_IDS
from sovereignty.core.conditions import (
    AtLeast,
    AtMost,
    Condition,
    Contains,
    Equals,
    Finding,
    In,
    Regime,
    leaves,
)
from sovereignty.core.errors import ContentError, Problem
from sovereignty.core.validation import id_in, validate_document
from sovereignty.core.yamlio import YamlDocument, load_yaml
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.model import MultipleChoice, NumberQuestion, SingleChoice, YesNo
from sovereignty.scoring.model import (
    CAPACITIES,
    AnswersMethod,
    BandsItem,
    ConditionItem,
    EvaluatorsMethod,
    FindingsMethod,
    PointsItem,
    Profile,
)

DEFAULT_PROFILE = Path(__file__).parent / "data" / "default-profile.yaml"
ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
GATE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
FINDING_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-\d{2,3}$")
FINDING_PREFIX = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-$")
WEIGHT_TOTAL = 100.0


@dataclass(frozen=True)
class LoadedProfile:
    """A validated profile, where it came from and its content hash."""

    profile: Profile
    path: Path
    hash: str
    default: bool = False

    @property
    def source(self) -> str:
        return "default" if self.default else str(self.path)


def profile_hash(profile: Profile) -> str:
    canonical = json.dumps(
        profile.model_dump(mode="json", by_alias=True),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def did_you_mean(value: str, known: Iterable[str]) -> str:
    hint = get_close_matches(value, list(known), n=1)
    return f"; did you mean {hint[0]!r}?" if hint else ""


class _Checker:
    """Collects every problem of one profile document."""

    def __init__(
        self,
        doc: YamlDocument,
        bank: QuestionBank | None,
        findings: Collection[str] | None,
        regimes: Collection[str],
    ) -> None:
        self.doc = doc
        self.bank = bank
        self.findings = findings
        self.regimes = regimes
        self.problems: list[Problem] = []

    def report(self, loc: tuple[str | int, ...], message: str, subject: str = "") -> None:
        path = ".".join(str(p) for p in loc)
        self.problems.append(Problem(self.doc.where(loc), f"{path}: {message}", subject))

    # --- the whole profile ------------------------------------------------------------------
    def check(self, profile: Profile) -> None:
        if self.bank is not None and profile.bank and profile.bank != self.bank.id:
            self.report(
                ("bank",),
                f"the profile is written for the bank {profile.bank!r}, the tender uses "
                f"{self.bank.id!r}",
            )
        self._unique("axes", [a.id for a in profile.axes], ID, "axis")
        self._unique("criteria", [c.id for c in profile.criteria], ID, "criterion")
        self._unique("gates", [g.id for g in profile.gates], GATE_ID, "gate")
        self._unique("risk_levels", [r.id for r in profile.risk_levels], ID, "risk level")
        axis_ids = [a.id for a in profile.axes]
        for i, axis in enumerate(profile.axes):
            if axis.kind == "capacity" and axis.id not in CAPACITIES:
                self.report(
                    ("axes", i, "id"),
                    f"a capacity axis is one of {', '.join(CAPACITIES)} (the sovereignty "
                    f"matrix){did_you_mean(axis.id, CAPACITIES)}",
                    axis.id,
                )
            if not profile.criteria_of(axis.id):
                self.report(("axes", i), "no criterion belongs to this axis", axis.id)
        for i, criterion in enumerate(profile.criteria):
            self._criterion(i, criterion, axis_ids, profile)
        total = profile.total_weight
        if abs(total - WEIGHT_TOTAL) > 1e-6:
            self.report(
                ("criteria",),
                f"the weights add up to {total:g}; they must add up to 100 (the published "
                "weighting, CCP art. R2152-12)",
            )
        for i, gate in enumerate(profile.gates):
            self._condition(("gates", i, "eliminates_when"), gate.eliminates_when, gate.id)
        for i, level in enumerate(profile.risk_levels):
            if level.when is not None:
                self._condition(("risk_levels", i, "when"), level.when, level.id)
            last = i == len(profile.risk_levels) - 1
            if last and level.has_trigger:
                self.report(
                    ("risk_levels", i),
                    "the last risk level is the default one and must have no trigger",
                    level.id,
                )
            if not last and not level.has_trigger:
                self.report(
                    ("risk_levels", i),
                    "only the last risk level may have no trigger (levels are read in order)",
                    level.id,
                )
        known = set(axis_ids) | {c.id for c in profile.criteria}
        for i, ref in enumerate(profile.ranking.tie_break):
            if ref not in known:
                self.report(
                    ("ranking", "tie_break", i),
                    f"{ref!r} is neither an axis nor a criterion{did_you_mean(ref, known)}",
                )

    def _unique(self, key: str, ids: list[str], pattern: re.Pattern[str], noun: str) -> None:
        seen: set[str] = set()
        for i, ident in enumerate(ids):
            if not pattern.match(ident):
                self.report((key, i, "id"), f"{noun} id {ident!r} is not well formed", ident)
            if ident in seen:
                self.report((key, i, "id"), f"{noun} id appears twice", ident)
            seen.add(ident)

    def _criterion(self, i: int, criterion: Any, axis_ids: list[str], profile: Profile) -> None:
        loc: tuple[str | int, ...] = ("criteria", i)
        cid = criterion.id
        axis = profile.axis(criterion.axis)
        if axis is None:
            self.report(
                (*loc, "axis"),
                f"unknown axis {criterion.axis!r}{did_you_mean(criterion.axis, axis_ids)}",
                cid,
            )
        elif axis.kind == "capacity" and criterion.layer is None:
            self.report(
                (*loc, "layer"),
                "a criterion of a capacity axis says which layer it covers "
                "(data, flows, ai_system or contract)",
                cid,
            )
        method = criterion.scoring
        mloc = (*loc, "scoring")
        if isinstance(method, AnswersMethod):
            for j, item in enumerate(method.items):
                self._item((*mloc, "items", j), item, cid)
        elif isinstance(method, FindingsMethod):
            self._findings(mloc, method, cid)
        elif isinstance(method, EvaluatorsMethod):
            for j, qid in enumerate(method.see):
                self._question((*mloc, "see", j), qid, cid)

    # --- answers ----------------------------------------------------------------------------
    def _question(self, loc: tuple[str | int, ...], qid: str, subject: str) -> Any:
        if self.bank is None:
            return None
        question = self.bank.by_id.get(qid)
        if question is None:
            self.report(
                loc,
                f"no question {qid!r} in the bank {self.bank.id!r}"
                f"{did_you_mean(qid, self.bank.by_id)}",
                subject,
            )
        return question

    def _item(self, loc: tuple[str | int, ...], item: Any, cid: str) -> None:
        if isinstance(item, ConditionItem):
            self._condition((*loc, "when"), item.when, cid)
            return
        question = self._question((*loc, "question"), item.question, cid)
        if question is None:
            return
        if isinstance(item, BandsItem):
            if not isinstance(question, NumberQuestion):
                self.report(
                    (*loc, "bands"),
                    f"bands need a number question; {item.question!r} is {question.type}",
                    cid,
                )
            return
        assert isinstance(item, PointsItem)
        if not isinstance(question, SingleChoice | MultipleChoice | YesNo):
            self.report(
                (*loc, "points"),
                f"points per choice need a choice or yes/no question; {item.question!r} is "
                f"{question.type} (use 'bands' for numbers, 'when' for other conditions)",
                cid,
            )
            return
        for value in item.points:
            if value not in question.values:
                self.report(
                    (*loc, "points", value),
                    f"{value!r} is not a choice of {item.question!r} "
                    f"({', '.join(question.values)}){did_you_mean(value, question.values)}",
                    cid,
                )
        if isinstance(question, MultipleChoice) and item.cap is None:
            self.report(
                (*loc, "points"),
                f"{item.question!r} is multiple choice: the points of the selected choices add "
                "up; say how many points at most with 'cap'",
                cid,
            )
        if not isinstance(question, MultipleChoice) and item.cap is not None:
            self.report((*loc, "cap"), "'cap' only applies to a multiple-choice question", cid)

    def _condition(self, loc: tuple[str | int, ...], condition: Condition, subject: str) -> None:
        for leaf in leaves(condition):
            if isinstance(leaf, Regime):
                if leaf.id not in self.regimes:
                    self.report(
                        loc,
                        f"unknown AI Act regime {leaf.id!r} (known: {', '.join(self.regimes)})"
                        f"{did_you_mean(leaf.id, self.regimes)}",
                        subject,
                    )
                continue
            if isinstance(leaf, Finding):
                self._finding_id(loc, leaf.id, subject)
                continue
            question = self._question(loc, leaf.question, subject)  # type: ignore[union-attr]
            if question is not None:
                self._leaf(loc, leaf, question, subject)

    def _leaf(self, loc: tuple[str | int, ...], leaf: Any, question: Any, subject: str) -> None:
        qid = question.id
        if isinstance(leaf, Equals | In):
            values = (leaf.value,) if isinstance(leaf, Equals) else leaf.values
            if isinstance(question, MultipleChoice) and isinstance(leaf, Equals):
                self.report(loc, f"{qid!r} is multiple choice: use 'contains' or 'in'", subject)
                return
            if isinstance(question, SingleChoice | MultipleChoice | YesNo):
                for value in values:
                    if value not in question.values:
                        self.report(
                            loc,
                            f"condition compares {qid!r} with {value!r}, which is not one of "
                            f"its choices ({', '.join(question.values)})"
                            f"{did_you_mean(str(value), question.values)}",
                            subject,
                        )
        elif isinstance(leaf, Contains):
            if not isinstance(question, MultipleChoice):
                self.report(
                    loc,
                    f"'contains' needs a multiple-choice question; {qid!r} is {question.type}",
                    subject,
                )
            elif leaf.value not in question.values:
                self.report(
                    loc,
                    f"{leaf.value!r} is not a choice of {qid!r}"
                    f"{did_you_mean(leaf.value, question.values)}",
                    subject,
                )
        elif isinstance(leaf, AtLeast | AtMost) and not isinstance(question, NumberQuestion):
            self.report(
                loc, f"{leaf.op!r} needs a number question; {qid!r} is {question.type}", subject
            )

    # --- findings ---------------------------------------------------------------------------
    def _finding_id(self, loc: tuple[str | int, ...], fid: str, subject: str) -> None:
        if not FINDING_ID.match(fid):
            self.report(
                loc, f"finding id {fid!r} is not of the form AREA-NN (e.g. HOST-01)", subject
            )
        elif self.findings is not None and fid not in self.findings:
            self.report(
                loc,
                f"unknown finding {fid!r}{did_you_mean(fid, self.findings)}",
                subject,
            )

    def _findings(self, loc: tuple[str | int, ...], method: FindingsMethod, cid: str) -> None:
        for j, fid in enumerate(method.ids):
            self._finding_id((*loc, "ids", j), fid, cid)
        for j, prefix in enumerate(method.prefixes):
            if not FINDING_PREFIX.match(prefix):
                self.report(
                    (*loc, "prefixes", j),
                    f"prefix {prefix!r} must be an area followed by '-' (e.g. 'FLOW-')",
                    cid,
                )
            elif self.findings is not None and not any(f.startswith(prefix) for f in self.findings):
                areas = sorted({f.rsplit("-", 1)[0] + "-" for f in self.findings})
                self.report(
                    (*loc, "prefixes", j),
                    f"no known finding starts with {prefix!r} (areas: {', '.join(areas)})"
                    f"{did_you_mean(prefix, areas)}",
                    cid,
                )


def parse_profile(
    doc: YamlDocument,
    bank: QuestionBank | None = None,
    findings: Collection[str] | None = None,
    regimes: Collection[str] = REGIME_IDS,
) -> Profile:
    """Validate a profile document; ``bank``/``findings`` None skip those cross-checks."""
    profile = validate_document(
        doc,
        Profile,
        expected="a scoring profile must be a mapping with 'schema', 'id', 'version', 'title', "
        "'axes', 'criteria' and 'risk_levels'",
        schema="sovereignty/profile/1",
        subject=id_in("criteria", "axes", "gates", "risk_levels"),
    )
    checker = _Checker(doc, bank, findings, regimes)
    checker.check(profile)
    if checker.problems:
        raise ContentError(doc.path, checker.problems)
    return profile


def load_profile(
    path: Path | None = None,
    bank: QuestionBank | None = None,
    findings: Collection[str] | None = None,
    regimes: Collection[str] = REGIME_IDS,
) -> LoadedProfile:
    """Load and check a profile; the shipped default when ``path`` is None."""
    source = path or DEFAULT_PROFILE
    profile = parse_profile(load_yaml(source), bank, findings, regimes)
    return LoadedProfile(profile, source, profile_hash(profile), default=path is None)
