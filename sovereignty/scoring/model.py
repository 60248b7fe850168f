"""The scoring profile: a grid published before offers arrive, declared in YAML.

::

    schema: sovereignty/profile/1
    id: ght-default
    version: 1.0.0
    title: {fr: ..., en: ...}
    axes:                        # capacities of the sovereignty matrix, then themes
      - {id: exit, kind: capacity, label: {...}}
    criteria:
      - id: exit.data_return
        axis: exit
        layer: data              # data | flows | ai_system | contract (required on capacities)
        weight: 5                # points out of 100 (all weights sum to 100)
        label: {...}
        scoring:                 # one of three ways
          method: answers        # points per choice, bands of numbers, conditions
          items:
            - {question: reversibility.formats, points: {open: 3, documented: 2}}
            - {question: audit.log_retention_months, bands: [{at_least: 6, points: 1}]}
            - {when: {op: ...}, points: 2, label: {...}}
        # method: findings     -> deductions by severity for findings matched by id or prefix,
        #                         once per finding id; ``basis``: the answers they are drawn
        #                         from (one unanswered: the criterion cannot be assessed, 0)
        # method: evaluators   -> evaluators' scores on a stated scale, with a justification
        aspects:                 # a fact (question or finding id, or finding prefix) that
          hosting.extraterritorial: {fr: ..., en: ...}   # several criteria read: the aspect
                                 # of the need it measures here (CE 20 Nov 2020, n° 427761)
    requirements: [...]          # minimum requirements (scoring.award), checked before scoring
    award: {...}                 # award criteria, price formula, weights (scoring.award)
    risk_levels: [...]           # most severe first; the last one is the default
    ranking: {tie_break: [decide, exit]}
    evaluation: {aggregate: median, disagreement_above: 0.3}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from sovereignty.core.conditions import Condition
from sovereignty.core.legal import LegalRefs
from sovereignty.core.model import InvalidValue, Model, NonEmptyStr, Text
from sovereignty.scoring.award import Award, Requirement

SCHEMA = "sovereignty/profile/1"
Severity = Literal["blocking", "major", "minor", "info"]
Capacity = Literal["decide", "audit", "renegotiate", "exit"]
Layer = Literal["data", "flows", "ai_system", "contract"]
DEDUCTIONS: dict[Severity, float] = {"blocking": 100.0, "major": 40.0, "minor": 15.0, "info": 0.0}
CAPACITIES: tuple[Capacity, ...] = ("decide", "audit", "renegotiate", "exit")
LAYERS: tuple[Layer, ...] = ("data", "flows", "ai_system", "contract")
LAYER_LABELS: dict[str, Text] = {
    "data": Text(fr="Données", en="Data"),
    "flows": Text(fr="Flux", en="Flows"),
    "ai_system": Text(fr="Système d'IA", en="AI system"),
    "contract": Text(fr="Contrat", en="Contract"),
}


class Axis(Model):
    id: NonEmptyStr
    kind: Literal["capacity", "theme"]
    label: Text
    description: Text | None = None


# --- scoring by answers ----------------------------------------------------------------------
class PointsItem(Model):
    """Points per choice of a single-choice, yes/no or multiple-choice question."""

    question: NonEmptyStr
    points: dict[str, float] = Field(min_length=1)
    cap: float | None = Field(default=None, gt=0)  # multiple choice: the sum is capped here
    if_absent: float | None = Field(default=None, ge=0)  # question does not apply; None: full
    if_unknown: float = Field(default=0, ge=0)  # "I don't know" or no answer

    @field_validator("points")
    @classmethod
    def _non_negative(cls, points: dict[str, float]) -> dict[str, float]:
        if any(p < 0 for p in points.values()):
            raise InvalidValue(
                Text(
                    fr="les points sont positifs ou nuls (les retraits passent par les constats)",
                    en="points must be 0 or more (use findings for deductions)",
                )
            )
        if not any(p > 0 for p in points.values()):
            raise InvalidValue(
                Text(
                    fr="au moins un choix doit rapporter des points",
                    en="at least one choice must earn points",
                )
            )
        return points


class Band(Model):
    at_least: float | None = None
    at_most: float | None = None
    points: float = Field(gt=0)

    @model_validator(mode="after")
    def _one_bound(self) -> Band:
        if (self.at_least is None) == (self.at_most is None):
            raise InvalidValue(
                Text(
                    fr="une tranche a soit 'at_least', soit 'at_most' (un seul des deux)",
                    en="a band has exactly one of 'at_least' or 'at_most'",
                )
            )
        return self

    def holds(self, value: float) -> bool:
        if self.at_least is not None:
            return value >= self.at_least
        return value <= self.at_most  # type: ignore[operator]


class BandsItem(Model):
    """Points for a number question: the best band the answer reaches."""

    question: NonEmptyStr
    bands: tuple[Band, ...] = Field(min_length=1)
    if_absent: float | None = Field(default=None, ge=0)
    if_unknown: float = Field(default=0, ge=0)


class ConditionItem(Model):
    """Points when a condition holds (the shared condition language)."""

    when: Condition
    points: float = Field(gt=0)
    label: Text
    if_unknown: float = Field(default=0, ge=0)


def _item_kind(value: Any) -> str:
    """Which kind of item: read from the keys of YAML data, or the class of a model."""
    if isinstance(value, BandsItem) or (isinstance(value, dict) and "bands" in value):
        return "bands"
    if isinstance(value, ConditionItem) or (isinstance(value, dict) and "when" in value):
        return "condition"
    return "points"


AnswerItem = Annotated[
    Annotated[PointsItem, Tag("points")]
    | Annotated[BandsItem, Tag("bands")]
    | Annotated[ConditionItem, Tag("condition")],
    Discriminator(_item_kind),
]


def item_max(item: PointsItem | BandsItem | ConditionItem) -> float:
    """The most an item can earn, on its own scale. A multiple-choice item adds up its choices
    up to ``cap`` (the loader requires ``cap`` there); a single choice earns its choice's
    points."""
    if isinstance(item, ConditionItem):
        return item.points
    if isinstance(item, BandsItem):
        return max(b.points for b in item.bands)
    return item.cap if item.cap is not None else max(item.points.values())


def grid_points_per_unit(
    weight: float, items: Sequence[PointsItem | BandsItem | ConditionItem]
) -> float:
    """How many grid points one point of an item's own scale is worth in a criterion of
    ``weight``: the one conversion both the published grid and the scores use, so what
    ``profile show`` prints is what ``score`` applies."""
    total = sum(item_max(i) for i in items)
    return weight / total if total else 0.0


class AnswersMethod(Model):
    method: Literal["answers"]
    items: tuple[AnswerItem, ...] = Field(min_length=1)


class FindingsMethod(Model):
    """Starts from full marks and deducts a share per finding, by severity (floor 0). Full
    marks need something to rest on: the answers of ``basis`` must all be given (or not apply);
    one unanswered, the criterion cannot be assessed and scores 0."""

    method: Literal["findings"]
    ids: tuple[NonEmptyStr, ...] = ()
    prefixes: tuple[NonEmptyStr, ...] = ()  # e.g. "FLOW-" matches FLOW-01, FLOW-02...
    basis: tuple[NonEmptyStr, ...] = Field(min_length=1)  # the questions the findings read
    deductions: dict[Severity, float] = Field(default_factory=lambda: dict(DEDUCTIONS))
    # One fact raises one finding: a finding id counts once, at its worst severity.
    count: Literal["each", "once_per_id"] = "once_per_id"

    @model_validator(mode="after")
    def _selects_something(self) -> FindingsMethod:
        if not self.ids and not self.prefixes:
            raise InvalidValue(
                Text(
                    fr="donnez les 'ids' et/ou les 'prefixes' des constats que lit ce critère",
                    en="give 'ids' and/or 'prefixes' of the findings this criterion reads",
                )
            )
        for severity, share in self.deductions.items():
            if not 0 <= share <= 100:
                raise InvalidValue(
                    Text(
                        fr=f"le retrait pour {severity!r} est entre 0 et 100 (%) (trouvé : "
                        f"{share:g})",
                        en=f"deduction for {severity!r} must be between 0 and 100 (%) (found "
                        f"{share:g})",
                    )
                )
        return self

    def matches(self, finding_id: str) -> bool:
        return finding_id in self.ids or any(finding_id.startswith(p) for p in self.prefixes)


class ScaleLevel(Model):
    value: float
    label: Text


class Scale(Model):
    min: float = 0
    max: float = 5
    step: float = Field(default=1, gt=0)
    levels: tuple[ScaleLevel, ...] = ()  # what each mark means, published with the grid

    @model_validator(mode="after")
    def _consistent(self) -> Scale:
        if self.min >= self.max:
            raise InvalidValue(
                Text(
                    fr=f"le min de l'échelle ({self.min:g}) doit être inférieur à son max "
                    f"({self.max:g})",
                    en=f"scale min ({self.min:g}) must be below max ({self.max:g})",
                )
            )
        steps = (self.max - self.min) / self.step
        if abs(steps - round(steps)) > 1e-9:
            raise InvalidValue(
                Text(
                    fr=f"l'échelle de {self.min:g} à {self.max:g} ne va pas par pas de "
                    f"{self.step:g}",
                    en=f"the scale from {self.min:g} to {self.max:g} is not in steps of "
                    f"{self.step:g}",
                )
            )
        for level in self.levels:
            if not self.allows(level.value):
                marks = ", ".join(f"{m:g}" for m in self.marks())
                raise InvalidValue(
                    Text(
                        fr=f"le niveau {level.value:g} n'est pas une note de l'échelle ({marks})",
                        en=f"level {level.value:g} is not a mark of the scale ({marks})",
                    )
                )
        return self

    def allows(self, value: float) -> bool:
        if not self.min <= value <= self.max:
            return False
        steps = (value - self.min) / self.step
        return abs(steps - round(steps)) < 1e-9

    def marks(self) -> list[float]:
        count = round((self.max - self.min) / self.step)
        return [self.min + i * self.step for i in range(count + 1)]


class EvaluatorsMethod(Model):
    """Scored by evaluators on a stated scale; each score needs a justification."""

    method: Literal["evaluators"]
    scale: Scale = Field(default_factory=Scale)
    guidance: Text  # what evaluators look at
    see: tuple[NonEmptyStr, ...] = ()  # answers shown to evaluators


ScoringMethod = Annotated[
    AnswersMethod | FindingsMethod | EvaluatorsMethod, Field(discriminator="method")
]


class Criterion(Model):
    id: NonEmptyStr
    axis: NonEmptyStr
    layer: Layer | None = None
    weight: float = Field(gt=0)
    label: Text
    description: Text | None = None
    legal: LegalRefs = ()
    scoring: ScoringMethod
    # fact -> the aspect of the need it measures in this criterion (needed when several
    # criteria read the same fact: CE 20 Nov 2020, n° 427761)
    aspects: dict[str, Text] = Field(default_factory=dict)


class RiskLevel(Model):
    """A risk level and what triggers it (any trigger); levels are read most severe first."""

    id: NonEmptyStr
    label: Text
    findings_at_least: dict[Severity, int] = Field(default_factory=dict)
    total_below: float | None = Field(default=None, ge=0, le=100)
    when: Condition | None = None

    @property
    def has_trigger(self) -> bool:
        return bool(self.findings_at_least or self.total_below is not None or self.when is not None)


class Ranking(Model):
    tie_break: tuple[NonEmptyStr, ...] = ()  # axis or criterion ids, compared by points


class Evaluation(Model):
    aggregate: Literal["median", "mean"] = "median"
    disagreement_above: float = Field(default=0.3, gt=0, le=1)  # spread, share of the scale


class Profile(Model):
    schema_: Literal["sovereignty/profile/1"] = Field(
        default="sovereignty/profile/1", alias="schema"
    )
    id: NonEmptyStr
    version: NonEmptyStr
    title: Text
    description: Text | None = None
    bank: str | None = None  # the question bank id it is written for
    axes: tuple[Axis, ...] = Field(min_length=1)
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    requirements: tuple[Requirement, ...] = ()
    award: Award | None = None  # the loader requires it; bare models (tests) may omit it
    risk_levels: tuple[RiskLevel, ...] = Field(min_length=1)
    ranking: Ranking = Field(default_factory=Ranking)
    evaluation: Evaluation = Field(default_factory=Evaluation)

    @model_validator(mode="before")
    @classmethod
    def _no_score_elimination(cls, data: Any) -> Any:
        """Grids of the first format eliminated offers by score (gates, axis minimums): say
        what replaces them rather than "extra field"."""
        if isinstance(data, dict):
            axes = data.get("axes")
            minimum = isinstance(axes, list) and any(
                isinstance(a, dict) and "minimum" in a for a in axes
            )
            if "gates" in data or minimum:
                raise InvalidValue(
                    Text(
                        fr="les conditions éliminatoires ('gates') et les minimums d'axe "
                        "('minimum') n'existent plus : une offre n'est écartée que si elle est "
                        "irrégulière, inacceptable ou inappropriée (CCP art. L2152-2 à L2152-4), "
                        "jamais pour une note ; écrivez-les en exigences minimales publiées "
                        "('requirements' : id, label, unmet_when, consequence, legal)",
                        en="gates ('gates') and axis minimums ('minimum') are gone: an offer is "
                        "set aside only when irregular, unacceptable or inappropriate (CCP art. "
                        "L2152-2 to L2152-4), never for a score; write them as published minimum "
                        "requirements ('requirements': id, label, unmet_when, consequence, legal)",
                    )
                )
        return data

    def requirement(self, requirement_id: str) -> Requirement | None:
        return next((r for r in self.requirements if r.id == requirement_id), None)

    def axis(self, axis_id: str) -> Axis | None:
        return next((a for a in self.axes if a.id == axis_id), None)

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def criteria_of(self, axis_id: str) -> list[Criterion]:
        return [c for c in self.criteria if c.axis == axis_id]

    def evaluator_criteria(self) -> list[Criterion]:
        return [c for c in self.criteria if isinstance(c.scoring, EvaluatorsMethod)]

    @property
    def total_weight(self) -> float:
        return sum(c.weight for c in self.criteria)
