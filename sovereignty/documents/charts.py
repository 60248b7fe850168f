"""Score charts for the reports (PNG, matplotlib with the non-interactive Agg backend).

matplotlib is imported inside the functions: it costs about a second and only documents need it.
"""

from __future__ import annotations

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
    if len(shown) <= width:
        return shown
    cut = shown[: width - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > width // 2 else cut).rstrip(" ,;:-") + "…"  # at a word


@contextmanager
def _quiet() -> Iterator[None]:
    """Missing glyphs (a name in a script the font lacks) draw as boxes, not warnings."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


def _figure(height: float) -> tuple[Any, Any]:
    """A figure on the Agg canvas, without pyplot (no global figure registry to import and
    close), and its one axis."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure, figure.subplots()


def _place_axis(figure: Any, labels: Sequence[str], height: float, below: float) -> None:
    """The axis placed from measured text: room on the left for the longest label, above for
    the title, below for the figures of the scale and ``below`` inches more (a legend). What
    matplotlib's tight layout finds, without the extra drawing pass it takes to find it."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    font, measure = FontProperties(size=TEXT_PT), TextToPath()
    widest = max(
        (measure.get_text_width_height_descent(t, font, ismath=False)[0] for t in labels),
        default=0.0,
    )
    left = (float(widest) / 72 + 0.16) / WIDTH_IN
    title = (TEXT_PT + 1.5) * 1.9 / 72
    figure.subplots_adjust(
        left=min(left, 0.6),
        right=0.98,
        top=1 - title / height,
        bottom=(0.3 + below) / height,
    )


def _save(figure: Any, path: Path) -> Path:
    from sovereignty.core.png import png_from_rgba
    from sovereignty.core.yamlio import write_atomic

    canvas = figure.canvas
    canvas.draw()
    width, height = canvas.get_width_height(physical=True)
    data = png_from_rgba(canvas.buffer_rgba(), width, height, DPI)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    return path


# Charts are drawn at the width they are printed (about 15 cm), so 8-point text stays 8 points.
WIDTH_IN = 6.3
TEXT_PT = 8
DPI = 200


def bar_chart(
    path: Path,
    labels: Sequence[str],
    values: Sequence[float],
    title: str,
    maximum: float = 100,
    minimums: Sequence[float | None] | None = None,
    shown: Sequence[str] | None = None,
    minimum_label: str | None = None,
) -> Path:
    """Horizontal bars, one per label, with an optional minimum mark per bar, explained in a
    legend under the chart by ``minimum_label``. ``shown``: the figure written by each bar, as
    the caller formats it (default: the value, rounded); it is written past the bar and past
    the mark, never over either."""
    with _quiet():
        return _bar_chart(
            path,
            [plain_label(x, 45) for x in labels],
            values,
            plain_label(title, 90),
            maximum,
            minimums,
            shown or [f"{value:.0f}" for value in values],
            plain_label(minimum_label, 90) if minimum_label else None,
        )


def _bar_chart(
    path: Path,
    labels: Sequence[str],
    values: Sequence[float],
    title: str,
    maximum: float,
    minimums: Sequence[float | None] | None,
    shown: Sequence[str],
    minimum_label: str | None,
) -> Path:
    marks = list(minimums or [None] * len(values))
    legend = minimum_label is not None and any(m is not None for m in marks)
    height = 0.75 + 0.28 * len(labels) + (0.3 if legend else 0.0)
    figure, axis = _figure(height)
    positions = list(range(len(labels)))[::-1]
    axis.barh(positions, values, color=PALETTE[0], height=0.62)
    for y, value, text, low in zip(positions, values, shown, marks, strict=True):
        end = max(min(value, maximum), low if low is not None else 0.0)
        axis.text(end + maximum * 0.015, y, text, va="center", fontsize=TEXT_PT)
        if low is not None:
            axis.plot([low, low], [y - 0.42, y + 0.42], color=PALETTE[1], linewidth=2)
    axis.set_yticks(positions, labels=list(labels), fontsize=TEXT_PT)
    axis.set_xlim(0, maximum * 1.12)
    axis.set_ylim(-0.6, len(labels) - 0.4)
    axis.set_title(title, fontsize=TEXT_PT + 1.5)
    axis.spines[["top", "right"]].set_visible(False)
    axis.tick_params(axis="x", labelsize=TEXT_PT - 0.5)
    if legend:
        from matplotlib.lines import Line2D

        mark = Line2D([0], [0], color=PALETTE[1], linewidth=2, label=minimum_label)
        figure.legend(
            handles=[mark],
            loc="lower center",
            frameon=False,
            fontsize=TEXT_PT,
            bbox_to_anchor=(0.5, 0.0),
        )
    _place_axis(figure, labels, height, below=0.3 if legend else 0.0)
    return _save(figure, path)


def grouped_chart(
    path: Path,
    groups: Sequence[str],
    series: dict[str, Sequence[float]],
    title: str,
    maximum: float = 100,
) -> Path:
    """One group of horizontal bars per axis, one bar per offer: the axis names are read on
    the left, whole (a name is never cut inside a word), and the legend sits under the chart,
    where it covers no bar."""
    with _quiet():
        return _grouped_chart(
            path,
            [plain_label(g, 45) for g in groups],
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
    count = max(len(series), 1)
    legend_rows = (count + 2) // 3
    height = 0.8 + len(groups) * (0.11 * count + 0.14) + 0.22 * legend_rows
    figure, axis = _figure(height)
    band = 0.8 / count
    centres = list(range(len(groups)))[::-1]
    for i, (name, values) in enumerate(series.items()):
        offsets = [c + ((count - 1) / 2 - i) * band for c in centres]
        axis.barh(offsets, values, height=band * 0.92, label=name, color=PALETTE[i % len(PALETTE)])
    axis.set_yticks(centres, labels=list(groups), fontsize=TEXT_PT)
    axis.set_xlim(0, maximum * 1.02)
    axis.set_ylim(-0.6, len(groups) - 0.4)
    axis.set_title(title, fontsize=TEXT_PT + 1.5)
    axis.spines[["top", "right"]].set_visible(False)
    axis.tick_params(axis="x", labelsize=TEXT_PT - 0.5)
    axis.grid(axis="x", color="#dddddd", linewidth=0.6)
    axis.set_axisbelow(True)
    figure.legend(
        *axis.get_legend_handles_labels(),
        loc="lower center",
        ncol=min(count, 3),
        frameon=False,
        fontsize=TEXT_PT,
        bbox_to_anchor=(0.5, 0.0),
    )
    _place_axis(figure, groups, height, below=0.22 * legend_rows + 0.08)
    return _save(figure, path)
