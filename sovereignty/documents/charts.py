"""Score charts for the reports: horizontal bars, drawn at the size they are printed.

Drawn with :mod:`sovereignty.core.picture` (Pillow, in inches and points): a chart is bars, a
scale and words, and the labels are measured in the font they are drawn in, so the axis sits
where the longest label ends.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from sovereignty.core.picture import Canvas, text_width

PALETTE = ("#1F3A5F", "#C8553D", "#2A9D8F", "#E9C46A", "#6D597A", "#8AB17D")

# Charts are drawn at the width they are printed (about 16 cm), so 8-point text stays 8 points.
WIDTH_IN = 6.3
TEXT_PT = 8
DPI = 200
AXIS = "#000000"
GRID = "#dddddd"


def plain_label(text: str, width: int = 40) -> str:
    """A vendor name or label made safe for a chart: printable characters only, and short."""
    printable = "".join(c if c.isprintable() else " " for c in text)
    shown = " ".join(printable.split())
    if len(shown) <= width:
        return shown
    cut = shown[: width - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > width // 2 else cut).rstrip(" ,;:-") + "…"  # at a word


def _finite(value: float) -> float:
    """A value as a bar shows it: one that is not a number (or infinite) as no bar at all."""
    return value if math.isfinite(value) else 0.0


class _Plot:
    """The axis of a chart: where its data go on the canvas, its scale and its labels."""

    def __init__(
        self,
        canvas: Canvas,
        labels: Sequence[str],
        rows: int,
        maximum: float,
        limit: float,
        title: str,
        below: float,
    ) -> None:
        if not limit > 0:
            raise ValueError(f"a chart's scale must end above 0, not at {limit}")
        self.canvas = canvas
        widest = max((text_width(t, TEXT_PT) for t in labels), default=0.0)
        self.left = min(widest + 0.16, 0.6 * WIDTH_IN)
        self.right = WIDTH_IN * 0.98
        self.top = (TEXT_PT + 1.5) * 1.9 / 72
        self.bottom = canvas.size[1] / canvas.dpi - 0.3 - below
        self.rows = rows
        self.limit = limit
        canvas.text(
            (self.left + self.right) / 2, self.top / 2, title, TEXT_PT + 1.5, align="centre"
        )
        self.maximum = maximum

    def x(self, value: float) -> float:
        return self.left + (self.right - self.left) * max(value, 0.0) / self.limit

    def y(self, position: float) -> float:
        """Row positions as the bars are placed: 0 at the bottom, ``rows - 1`` at the top,
        with 0.6 of a row of room at either end."""
        span = self.rows + 0.2
        return self.bottom - (self.bottom - self.top) * (position + 0.6) / span

    def row(self) -> float:
        """The height of one row, in inches."""
        return (self.bottom - self.top) / (self.rows + 0.2)

    def scale(self, grid: bool = False) -> None:
        """The figures of the scale under the axis, their ticks, and the left and bottom
        edges of the axis; ``grid``: a light line up from each figure."""
        step = _step(self.maximum)
        for i in range(int(self.limit // step) + 1):
            value = i * step
            x = self.x(value)
            if grid:
                self.canvas.line([(x, self.top), (x, self.bottom)], GRID, 0.6)
            self.canvas.line([(x, self.bottom), (x, self.bottom + 3.5 / 72)], AXIS, 0.8)
            shown = f"{value:g}"
            self.canvas.text(x, self.bottom + 0.1, shown, TEXT_PT - 0.5, align="centre")

    def edges(self) -> None:
        self.canvas.line([(self.left, self.top), (self.left, self.bottom)], AXIS, 0.8)
        self.canvas.line([(self.left, self.bottom), (self.right, self.bottom)], AXIS, 0.8)

    def label(self, position: float, text: str) -> None:
        y = self.y(position)
        self.canvas.line([(self.left - 3.5 / 72, y), (self.left, y)], AXIS, 0.8)
        self.canvas.text(self.left - 0.07, y, text, TEXT_PT, align="right")

    def bar(self, position: float, value: float, thickness: float, colour: str) -> None:
        half = self.row() * thickness / 2
        y = self.y(position)
        width = self.x(min(value, self.limit)) - self.left
        if width > 0:
            self.canvas.box(self.left, y - half, width, 2 * half, None, colour)


def _step(maximum: float) -> float:
    """A round step giving five or so figures up to ``maximum``."""
    if maximum <= 0:
        return 1.0
    raw = maximum / 5
    power = 10.0 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw))


def _legend(
    canvas: Canvas, entries: Sequence[tuple[str, str]], top: float, columns: int, line: bool
) -> None:
    """Entries (colour, label) centred under the chart, ``columns`` to a row: a line sample
    (``line``) or a filled square, then the label."""
    em = TEXT_PT / 72
    sample, pad, gap = (2.0 * em if line else 1.4 * em), 0.6 * em, 1.6 * em
    for start in range(0, len(entries), columns):
        row = entries[start : start + columns]
        widths = [sample + pad + text_width(label, TEXT_PT) for _, label in row]
        x = (WIDTH_IN - sum(widths) - gap * (len(row) - 1)) / 2
        y = top + 0.11 + 0.2 * (start // columns)
        for (colour, label), width in zip(row, widths, strict=True):
            if line:
                canvas.line([(x, y), (x + sample, y)], colour, 2)
            else:
                canvas.box(x, y - 0.35 * em, sample, 0.7 * em, None, colour)
            canvas.text(x + sample + pad, y, label, TEXT_PT)
            x += width + gap


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
    labels = [plain_label(x, 45) for x in labels]
    values = [_finite(v) for v in values]
    shown = shown or [f"{value:.0f}" for value in values]
    marks = list(minimums or [None] * len(values))
    legend = minimum_label is not None and any(m is not None for m in marks)
    height = 0.75 + 0.28 * len(labels) + (0.3 if legend else 0.0)
    canvas = Canvas(WIDTH_IN, height, DPI)
    below = 0.3 if legend else 0.0
    plot = _Plot(
        canvas, labels, len(labels), maximum, maximum * 1.12, plain_label(title, 90), below
    )
    plot.scale()
    for i, (label, value, text, low) in enumerate(zip(labels, values, shown, marks, strict=True)):
        position = len(labels) - 1 - i
        plot.bar(position, value, 0.62, PALETTE[0])
        end = max(min(value, maximum), low if low is not None else 0.0)
        canvas.text(plot.x(end + maximum * 0.015), plot.y(position), text, TEXT_PT)
        if low is not None:
            y, reach = plot.y(position), plot.row() * 0.42
            canvas.line([(plot.x(low), y - reach), (plot.x(low), y + reach)], PALETTE[1], 2)
        plot.label(position, label)
    plot.edges()
    if legend and minimum_label:
        _legend(canvas, [(PALETTE[1], plain_label(minimum_label, 90))], height - 0.3, 1, True)
    return _save(canvas, path)


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
    groups = [plain_label(g, 45) for g in groups]
    named = {plain_label(k): [_finite(v) for v in values] for k, values in series.items()}
    count = max(len(named), 1)
    legend_rows = (count + 2) // 3
    height = 0.8 + len(groups) * (0.11 * count + 0.14) + 0.22 * legend_rows
    canvas = Canvas(WIDTH_IN, height, DPI)
    below = 0.22 * legend_rows + 0.08
    plot = _Plot(
        canvas, groups, len(groups), maximum, maximum * 1.02, plain_label(title, 90), below
    )
    plot.scale(grid=True)
    band = 0.8 / count
    for g, group in enumerate(groups):
        centre = len(groups) - 1 - g
        for i, values in enumerate(named.values()):
            offset = centre + ((count - 1) / 2 - i) * band
            plot.bar(offset, values[g], band * 0.92, PALETTE[i % len(PALETTE)])
        plot.label(centre, group)
    plot.edges()
    entries = [(PALETTE[i % len(PALETTE)], name) for i, name in enumerate(named)]
    _legend(canvas, entries, height - 0.22 * legend_rows - 0.08, min(count, 3), False)
    return _save(canvas, path)


def _save(canvas: Canvas, path: Path) -> Path:
    from sovereignty.core.yamlio import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, canvas.png())
    return path
