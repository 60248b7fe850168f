"""Score charts for the reports (PNG, matplotlib with the non-interactive Agg backend).

matplotlib is imported inside the functions: it costs about a second and only documents need it.
"""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PALETTE = ("#1F3A5F", "#C8553D", "#2A9D8F", "#E9C46A", "#6D597A", "#8AB17D")


def plain_label(text: str, width: int = 40) -> str:
    """A vendor name or label made safe for a chart: printable characters only, no mathtext
    (``$`` would start a formula), and short."""
    printable = "".join(c if c.isprintable() else " " for c in text)
    shown = " ".join(printable.split()).replace("$", r"\$")
    return shown if len(shown) <= width else shown[: width - 1] + "…"


@contextmanager
def _quiet() -> Iterator[None]:
    """Missing glyphs (a name in a script the font lacks) draw as boxes, not warnings."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def bar_chart(
    path: Path,
    labels: Sequence[str],
    values: Sequence[float],
    title: str,
    maximum: float = 100,
    minimums: Sequence[float | None] | None = None,
    shown: Sequence[str] | None = None,
) -> Path:
    """Horizontal bars, one per label, with an optional minimum mark per bar. ``shown``: the
    figure written by each bar, as the caller formats it (default: the value, rounded)."""
    with _quiet():
        return _bar_chart(
            path,
            [plain_label(x) for x in labels],
            values,
            plain_label(title, 90),
            maximum,
            minimums,
            shown or [f"{value:.0f}" for value in values],
        )


def _bar_chart(
    path: Path,
    labels: Sequence[str],
    values: Sequence[float],
    title: str,
    maximum: float,
    minimums: Sequence[float | None] | None,
    shown: Sequence[str],
) -> Path:
    plt = _pyplot()
    height = 0.9 + 0.45 * len(labels)
    figure, axis = plt.subplots(figsize=(7.0, height), dpi=150)
    positions = list(range(len(labels)))[::-1]
    axis.barh(positions, values, color=PALETTE[0], height=0.6)
    for y, value, text in zip(positions, values, shown, strict=True):
        axis.text(min(value, maximum) + maximum * 0.01, y, text, va="center", fontsize=8)
    if minimums:
        for y, low in zip(positions, minimums, strict=True):
            if low is not None:
                axis.plot([low, low], [y - 0.35, y + 0.35], color=PALETTE[1], linewidth=2)
    axis.set_yticks(positions, labels=list(labels), fontsize=8)
    axis.set_xlim(0, maximum * 1.08)
    axis.set_title(title, fontsize=10)
    axis.spines[["top", "right"]].set_visible(False)
    axis.tick_params(axis="x", labelsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")
    plt.close(figure)
    return path


def grouped_chart(
    path: Path,
    groups: Sequence[str],
    series: dict[str, Sequence[float]],
    title: str,
    maximum: float = 100,
) -> Path:
    """Vertical grouped bars: one group per axis, one bar per offer."""
    with _quiet():
        return _grouped_chart(
            path,
            [plain_label(g) for g in groups],
            {plain_label(k): v for k, v in series.items()},
            plain_label(title, 90),
            maximum,
        )


def _grouped_chart(
    path: Path,
    groups: Sequence[str],
    series: dict[str, Sequence[float]],
    title: str,
    maximum: float,
) -> Path:
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(7.5, 4.0), dpi=150)
    count = max(len(series), 1)
    width = 0.8 / count
    for i, (name, values) in enumerate(series.items()):
        offsets = [g + (i - (count - 1) / 2) * width for g in range(len(groups))]
        axis.bar(offsets, values, width=width, label=name, color=PALETTE[i % len(PALETTE)])
    wrapped = [textwrap.fill(g, 14) for g in groups]
    axis.set_xticks(range(len(groups)), labels=wrapped, fontsize=7)
    axis.set_ylim(0, maximum * 1.05)
    axis.set_title(title, fontsize=10)
    axis.legend(fontsize=7, frameon=False, loc="upper right")
    axis.spines[["top", "right"]].set_visible(False)
    axis.tick_params(axis="y", labelsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")
    plt.close(figure)
    return path
