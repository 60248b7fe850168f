"""Aggregating several evaluators' marks on one criterion, and flagging disagreement.

The median is the default: one evaluator far from the others moves it little, which suits a
panel drawn from several establishments. The mean is available when the grid says so. A spread
(highest minus lowest mark) above a share of the scale is flagged, whatever the aggregate, so a
disagreement stays visible in every output instead of being averaged away.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Method = Literal["median", "mean"]


@dataclass(frozen=True)
class Aggregate:
    value: float
    spread: float  # highest minus lowest mark
    count: int
    disagreement: bool


def aggregate(
    marks: Sequence[float],
    method: Method,
    scale_range: float,
    disagreement_above: float,
) -> Aggregate:
    """``disagreement_above`` is a share of ``scale_range`` (0.3: a spread above 30 %)."""
    if not marks:
        raise ValueError("no marks to aggregate")
    value = statistics.median(marks) if method == "median" else statistics.fmean(marks)
    spread = max(marks) - min(marks)
    # A small epsilon so that a spread exactly at the threshold is not flagged by rounding.
    flagged = spread > disagreement_above * scale_range + 1e-9
    return Aggregate(float(value), float(spread), len(marks), flagged)
