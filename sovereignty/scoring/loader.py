"""Loading a scoring profile: parse, validate the models, then cross-check the whole grid.

Cross-checks, all reported at once with the file, the line and the criterion: ids unique and
known (axes, criteria, requirements, tie-breaks); weights summing to 100; every question, choice
value, regime and finding the profile reads exists in the question bank, the AI Act regimes and
the findings catalogue, with "did you mean" suggestions; the award rules and the uses of each
fact (``scoring.award_checks``).

A profile's identity is the sha256 of its canonical JSON: comments and layout do not change it,
any change of a criterion, weight, label, gate or rule does.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
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
from sovereignty.core.errors import ContentError, Problem, did_you_mean
from sovereignty.core.model import Text
from sovereignty.core.validation import id_in, validate_document
from sovereignty.core.yamlio import YamlDocument, load_yaml
from sovereignty.questionnaire.loader import QuestionBank
from sovereignty.questionnaire.model import MultipleChoice, NumberQuestion, SingleChoice, YesNo
from sovereignty.scoring.award_checks import check_award, check_uses
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


def _says(fr: str, en: str, hint_for: object = None, among: Iterable[str] = ()) -> Text:
    """A problem in French and English, ending with "did you mean" when ``hint_for`` is close
    to one of ``among``."""
    fr_hint, en_hint = did_you_mean(hint_for, among) if hint_for is not None else ("", "")
    return Text(fr=fr + fr_hint, en=en + en_hint)


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

    def report(self, loc: tuple[str | int, ...], message: Text, subject: str = "") -> None:
        path = ".".join(str(p) for p in loc)
        located = Text(fr=f"{path} : {message.fr}", en=f"{path}: {message.en}")
        self.problems.append(Problem(self.doc.where(loc), located, subject))

    # --- the whole profile ------------------------------------------------------------------
    def check(self, profile: Profile) -> None:
        if self.bank is not None and profile.bank and profile.bank != self.bank.id:
            self.report(
                ("bank",),
                _says(
                    f"la grille est écrite pour la banque de questions {profile.bank!r}, la "
                    f"consultation utilise {self.bank.id!r}",
                    f"the profile is written for the bank {profile.bank!r}, the tender uses "
                    f"{self.bank.id!r}",
                ),
            )
        self._unique("axes", [a.id for a in profile.axes], ID, ("d'axe", "axis"))
        self._unique("criteria", [c.id for c in profile.criteria], ID, ("de critère", "criterion"))
        self._unique(
            "requirements",
            [r.id for r in profile.requirements],
            GATE_ID,
            ("d'exigence minimale", "requirement"),
        )
        self._unique(
            "risk_levels",
            [r.id for r in profile.risk_levels],
            ID,
            ("de niveau de risque", "risk level"),
        )
        axis_ids = [a.id for a in profile.axes]
        for i, axis in enumerate(profile.axes):
            if axis.kind == "capacity" and axis.id not in CAPACITIES:
                self.report(
                    ("axes", i, "id"),
                    _says(
                        f"un axe de capacité est l'un de {', '.join(CAPACITIES)} (la matrice de "
                        "souveraineté)",
                        f"a capacity axis is one of {', '.join(CAPACITIES)} (the sovereignty "
                        "matrix)",
                        axis.id,
                        CAPACITIES,
                    ),
                    axis.id,
                )
            if not profile.criteria_of(axis.id):
                self.report(
                    ("axes", i),
                    _says(
                        "aucun critère n'appartient à cet axe", "no criterion belongs to this axis"
                    ),
                    axis.id,
                )
        for i, criterion in enumerate(profile.criteria):
            self._criterion(i, criterion, axis_ids, profile)
        total = profile.total_weight
        if abs(total - WEIGHT_TOTAL) > 1e-6:
            self.report(
                ("criteria",),
                _says(
                    f"la somme des poids est {total:g} ; elle doit être de 100 (la pondération "
                    "publiée, CCP art. R2152-12)",
                    f"the weights add up to {total:g}; they must add up to 100 (the published "
                    "weighting, CCP art. R2152-12)",
                ),
            )
        for i, requirement in enumerate(profile.requirements):
            self._condition(
                ("requirements", i, "unmet_when"), requirement.unmet_when, requirement.id
            )
        check_award(self.report, profile)
        check_uses(self.report, profile)
        for i, level in enumerate(profile.risk_levels):
            if level.when is not None:
                self._condition(("risk_levels", i, "when"), level.when, level.id)
            last = i == len(profile.risk_levels) - 1
            if last and level.has_trigger:
                self.report(
                    ("risk_levels", i),
                    _says(
                        "le dernier niveau de risque est celui par défaut : il n'a aucun "
                        "déclencheur",
                        "the last risk level is the default one and must have no trigger",
                    ),
                    level.id,
                )
            if not last and not level.has_trigger:
                self.report(
                    ("risk_levels", i),
                    _says(
                        "seul le dernier niveau de risque peut n'avoir aucun déclencheur (les "
                        "niveaux sont lus dans l'ordre)",
                        "only the last risk level may have no trigger (levels are read in order)",
                    ),
                    level.id,
                )
        known = set(axis_ids) | {c.id for c in profile.criteria}
        for i, ref in enumerate(profile.ranking.tie_break):
            if ref not in known:
                self.report(
                    ("ranking", "tie_break", i),
                    _says(
                        f"{ref!r} n'est ni un axe ni un critère",
                        f"{ref!r} is neither an axis nor a criterion",
                        ref,
                        known,
                    ),
                )

    def _unique(
        self, key: str, ids: list[str], pattern: re.Pattern[str], noun: tuple[str, str]
    ) -> None:
        """``noun``: what the id names, as French says it after "id" ("de critère"), and in
        English ("criterion")."""
        fr, en = noun
        seen: set[str] = set()
        for i, ident in enumerate(ids):
            if not pattern.fullmatch(ident):
                self.report(
                    (key, i, "id"),
                    _says(
                        f"l'id {fr} {ident!r} est mal formé (motif {pattern.pattern})",
                        f"{en} id {ident!r} is not well formed (pattern {pattern.pattern})",
                    ),
                    ident,
                )
            if ident in seen:
                self.report(
                    (key, i, "id"),
                    _says(f"cet id {fr} figure deux fois", f"{en} id appears twice"),
                    ident,
                )
            seen.add(ident)

    def _criterion(self, i: int, criterion: Any, axis_ids: list[str], profile: Profile) -> None:
        loc: tuple[str | int, ...] = ("criteria", i)
        cid = criterion.id
        axis = profile.axis(criterion.axis)
        if axis is None:
            self.report(
                (*loc, "axis"),
                _says(
                    f"axe inconnu {criterion.axis!r}",
                    f"unknown axis {criterion.axis!r}",
                    criterion.axis,
                    axis_ids,
                ),
                cid,
            )
        elif axis.kind == "capacity" and criterion.layer is None:
            self.report(
                (*loc, "layer"),
                _says(
                    "un critère d'un axe de capacité dit quelle couche il couvre ('layer' : "
                    "data, flows, ai_system ou contract)",
                    "a criterion of a capacity axis says which layer it covers "
                    "('layer': data, flows, ai_system or contract)",
                ),
                cid,
            )
        method = criterion.scoring
        mloc = (*loc, "scoring")
        if isinstance(method, AnswersMethod):
            for j, item in enumerate(method.items):
                self._item((*mloc, "items", j), item, cid)
        elif isinstance(method, FindingsMethod):
            self._findings(mloc, method, cid)
            for j, qid in enumerate(method.basis):
                self._question((*mloc, "basis", j), qid, cid)
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
                _says(
                    f"pas de question {qid!r} dans la banque {self.bank.id!r}",
                    f"no question {qid!r} in the bank {self.bank.id!r}",
                    qid,
                    self.bank.by_id,
                ),
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
        if question.answered_by == "buyer":
            self.report(
                (*loc, "question"),
                _says(
                    f"{item.question!r} est une question de l'acheteur : sa réponse est la même "
                    "pour toutes les offres et ne peut pas les départager ; notez ce que les "
                    "offres disent",
                    f"{item.question!r} is a buyer's question: its answer is the same for every "
                    "offer and cannot tell them apart; score what the offers say",
                ),
                cid,
            )
            return
        if isinstance(item, BandsItem):
            if not isinstance(question, NumberQuestion):
                self.report(
                    (*loc, "bands"),
                    _says(
                        f"des tranches ('bands') demandent une question numérique ; "
                        f"{item.question!r} est de type {question.type}",
                        f"bands need a number question; {item.question!r} is {question.type}",
                    ),
                    cid,
                )
            return
        assert isinstance(item, PointsItem)
        if not isinstance(question, SingleChoice | MultipleChoice | YesNo):
            self.report(
                (*loc, "points"),
                _says(
                    f"des points par choix demandent une question à choix ou oui/non ; "
                    f"{item.question!r} est de type {question.type} ('bands' pour un nombre, "
                    "'when' pour les autres conditions)",
                    f"points per choice need a choice or yes/no question; {item.question!r} is "
                    f"{question.type} (use 'bands' for numbers, 'when' for other conditions)",
                ),
                cid,
            )
            return
        for value in item.points:
            if value not in question.values:
                self.report(
                    (*loc, "points", value),
                    _says(
                        f"{value!r} n'est pas un choix de {item.question!r} "
                        f"({', '.join(question.values)})",
                        f"{value!r} is not a choice of {item.question!r} "
                        f"({', '.join(question.values)})",
                        value,
                        question.values,
                    ),
                    cid,
                )
        if isinstance(question, MultipleChoice) and item.cap is None:
            self.report(
                (*loc, "points"),
                _says(
                    f"{item.question!r} est à choix multiples : les points des choix cochés "
                    "s'additionnent ; dites combien au plus avec 'cap'",
                    f"{item.question!r} is multiple choice: the points of the selected choices "
                    "add up; say how many points at most with 'cap'",
                ),
                cid,
            )
        if not isinstance(question, MultipleChoice) and item.cap is not None:
            self.report(
                (*loc, "cap"),
                _says(
                    "'cap' ne s'applique qu'à une question à choix multiples",
                    "'cap' only applies to a multiple-choice question",
                ),
                cid,
            )

    def _condition(self, loc: tuple[str | int, ...], condition: Condition, subject: str) -> None:
        for leaf in leaves(condition):
            if isinstance(leaf, Regime):
                if leaf.id not in self.regimes:
                    self.report(
                        loc,
                        _says(
                            f"régime AI Act inconnu {leaf.id!r} (connus : "
                            f"{', '.join(self.regimes)})",
                            f"unknown AI Act regime {leaf.id!r} (known: {', '.join(self.regimes)})",
                            leaf.id,
                            self.regimes,
                        ),
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
                self.report(
                    loc,
                    _says(
                        f"{qid!r} est à choix multiples : utilisez 'contains' ou 'in'",
                        f"{qid!r} is multiple choice: use 'contains' or 'in'",
                    ),
                    subject,
                )
                return
            if isinstance(question, SingleChoice | MultipleChoice | YesNo):
                for value in values:
                    if value not in question.values:
                        self.report(
                            loc,
                            _says(
                                f"la condition compare {qid!r} à {value!r}, qui n'est pas l'un "
                                f"de ses choix ({', '.join(question.values)})",
                                f"condition compares {qid!r} with {value!r}, which is not one of "
                                f"its choices ({', '.join(question.values)})",
                                str(value),
                                question.values,
                            ),
                            subject,
                        )
        elif isinstance(leaf, Contains):
            if not isinstance(question, MultipleChoice):
                self.report(
                    loc,
                    _says(
                        f"'contains' demande une question à choix multiples ; {qid!r} est de "
                        f"type {question.type}",
                        f"'contains' needs a multiple-choice question; {qid!r} is {question.type}",
                    ),
                    subject,
                )
            elif leaf.value not in question.values:
                self.report(
                    loc,
                    _says(
                        f"{leaf.value!r} n'est pas un choix de {qid!r}",
                        f"{leaf.value!r} is not a choice of {qid!r}",
                        leaf.value,
                        question.values,
                    ),
                    subject,
                )
        elif isinstance(leaf, AtLeast | AtMost) and not isinstance(question, NumberQuestion):
            self.report(
                loc,
                _says(
                    f"{leaf.op!r} demande une question numérique ; {qid!r} est de type "
                    f"{question.type}",
                    f"{leaf.op!r} needs a number question; {qid!r} is {question.type}",
                ),
                subject,
            )

    # --- findings ---------------------------------------------------------------------------
    def _finding_id(self, loc: tuple[str | int, ...], fid: str, subject: str) -> None:
        if not FINDING_ID.fullmatch(fid):
            self.report(
                loc,
                _says(
                    f"l'id de constat {fid!r} n'est pas de la forme DOMAINE-NN (par ex. HOST-01)",
                    f"finding id {fid!r} is not of the form AREA-NN (e.g. HOST-01)",
                ),
                subject,
            )
        elif self.findings is not None and fid not in self.findings:
            self.report(
                loc,
                _says(f"constat inconnu {fid!r}", f"unknown finding {fid!r}", fid, self.findings),
                subject,
            )

    def _findings(self, loc: tuple[str | int, ...], method: FindingsMethod, cid: str) -> None:
        for j, fid in enumerate(method.ids):
            self._finding_id((*loc, "ids", j), fid, cid)
        for j, prefix in enumerate(method.prefixes):
            if not FINDING_PREFIX.fullmatch(prefix):
                self.report(
                    (*loc, "prefixes", j),
                    _says(
                        f"le préfixe {prefix!r} doit être un domaine suivi de '-' (par ex. "
                        "'FLOW-')",
                        f"prefix {prefix!r} must be an area followed by '-' (e.g. 'FLOW-')",
                    ),
                    cid,
                )
            elif self.findings is not None and not any(f.startswith(prefix) for f in self.findings):
                areas = sorted({f.rsplit("-", 1)[0] + "-" for f in self.findings})
                self.report(
                    (*loc, "prefixes", j),
                    _says(
                        f"aucun constat connu ne commence par {prefix!r} (domaines : "
                        f"{', '.join(areas)})",
                        f"no known finding starts with {prefix!r} (areas: {', '.join(areas)})",
                        prefix,
                        areas,
                    ),
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
        expected=Text(
            fr="une grille de notation doit être une table avec 'schema', 'id', 'version', "
            "'title', 'axes', 'criteria' et 'risk_levels'",
            en="a scoring profile must be a mapping with 'schema', 'id', 'version', 'title', "
            "'axes', 'criteria' and 'risk_levels'",
        ),
        schema="sovereignty/profile/1",
        subject=id_in("criteria", "axes", "requirements", "risk_levels"),
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
