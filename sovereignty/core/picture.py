"""Drawing the report's pictures (data-flow diagrams, score charts) with Pillow, in inches.

A picture is drawn at the size it is printed, its coordinates in inches from the top left
corner and its type in points, on an image twice the resolution asked and then halved: lines,
curves and letters come out smooth (Pillow draws shapes without anti-aliasing). The type is
DejaVu Sans, shipped in ``data/fonts`` (its licence beside it), so every machine draws the same
picture and text measured for wrapping is measured in the font it is drawn in.

Why not matplotlib: these pictures are boxes, lines and words. Drawn here they take a fraction
of the time matplotlib took, whose import alone cost more than drawing all of a tender's
pictures now does.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from sovereignty.core.png import png_from_rgb

FONTS = Path(__file__).resolve().parent / "data" / "fonts"
FONT_FILES = {
    "normal": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "italic": "DejaVuSans-Oblique.ttf",
}
Face = Literal["normal", "bold", "italic"]
Point = tuple[float, float]
SUPERSAMPLE = 2
_MEASURE_PX_PER_PT = 20  # text measured on a large size, for precision


@lru_cache(maxsize=64)
def _font(face: Face, pixels: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(str(FONTS / FONT_FILES[face]), max(pixels, 1))


def printable(text: str) -> str:
    """One line of ``text`` as it can be drawn: line breaks and other control characters
    become spaces (the layout engine refuses some of them)."""
    return "".join(c if c.isprintable() else " " for c in text)


def text_width(text: str, pt: float, face: Face = "normal") -> float:
    """The width of ``text`` in inches, set in ``pt`` points."""
    font = _font(face, round(pt * _MEASURE_PX_PER_PT))
    return float(font.getlength(printable(text))) / (_MEASURE_PX_PER_PT * 72)


def wrap(text: str, width: float, pt: float, face: Face = "normal", most: int = 2) -> list[str]:
    """``text`` wrapped at words to ``width`` inches, on at most ``most`` lines, the last one
    cut with "…" when needed."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", pt, face) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > most:
        last = lines[most - 1]
        while last and text_width(last + " …", pt, face) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines = [*lines[: most - 1], last + " …"]
    return lines


def rgba(colour: str, alpha: float | None = None) -> tuple[int, int, int, int]:
    """``#rrggbb`` or ``#rrggbbaa`` as a tuple; ``alpha`` (0-1) replaces the colour's own."""
    value = colour.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    own = int(value[6:8], 16) if len(value) == 8 else 255
    return (red, green, blue, own if alpha is None else round(alpha * 255))


class Canvas:
    """A white picture ``width`` x ``height`` inches, drawn in inches and points."""

    def __init__(self, width: float, height: float, dpi: float) -> None:
        from PIL import Image, ImageDraw

        self.dpi = dpi
        self.scale = dpi * SUPERSAMPLE  # pixels per inch while drawing
        self.size = (max(round(width * dpi), 1), max(round(height * dpi), 1))  # once halved
        self.image = Image.new(
            "RGB", (self.size[0] * SUPERSAMPLE, self.size[1] * SUPERSAMPLE), (255, 255, 255)
        )
        self.draw = ImageDraw.Draw(self.image, "RGBA")  # RGBA: translucent fills blend

    def px(self, inches: float) -> float:
        return inches * self.scale

    def pt(self, points: float) -> float:
        return points / 72 * self.scale

    def xy(self, point: Point) -> tuple[float, float]:
        return (point[0] * self.scale, point[1] * self.scale)

    # --- shapes --------------------------------------------------------------------------
    def box(
        self,
        x: float,
        y: float,
        width: float,
        height: float,
        edge: str | None,
        fill: str | tuple[int, int, int, int] | None,
        line_pt: float = 1.0,
        radius: float = 0.0,
    ) -> None:
        """A rectangle with rounded corners (``radius`` inches), its top left at ``x, y``."""
        shape = [self.px(x), self.px(y), self.px(x + width), self.px(y + height)]
        self.draw.rounded_rectangle(
            shape,
            radius=self.px(radius),
            fill=rgba(fill) if isinstance(fill, str) else fill,
            outline=rgba(edge) if edge else None,
            width=max(round(self.pt(line_pt)), 1) if edge else 0,
        )

    def line(
        self,
        points: Sequence[Point],
        colour: str | tuple[int, int, int, int],
        line_pt: float,
        dashes: tuple[float, float] | None = None,
    ) -> None:
        """A polyline; ``dashes``: (on, off) in points."""
        fill = rgba(colour) if isinstance(colour, str) else colour
        width = max(round(self.pt(line_pt)), 1)
        if dashes is None:
            self.draw.line([self.xy(p) for p in points], fill=fill, width=width, joint="curve")
            return
        for segment in _dashed(
            [self.xy(p) for p in points], self.pt(dashes[0]), self.pt(dashes[1])
        ):
            self.draw.line(segment, fill=fill, width=width)

    def polygon(self, points: Sequence[Point], colour: str | tuple[int, int, int, int]) -> None:
        fill = rgba(colour) if isinstance(colour, str) else colour
        self.draw.polygon([self.xy(p) for p in points], fill=fill)

    def arrow(
        self,
        points: Sequence[Point],
        colour: str | tuple[int, int, int, int],
        line_pt: float,
        head_pt: float,
    ) -> None:
        """A polyline ending in a filled triangular head ``head_pt`` long, its tip on the last
        point; the line stops at the head's base."""
        (x1, y1), (x2, y2) = points[-2], points[-1]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        head = head_pt / 72
        base = (x2 - ux * head, y2 - uy * head)
        half = head / 2
        self.line([*points[:-1], base], colour, line_pt)
        self.polygon(
            [
                (x2, y2),
                (base[0] - uy * half, base[1] + ux * half),
                (base[0] + uy * half, base[1] - ux * half),
            ],
            colour,
        )

    # --- text ----------------------------------------------------------------------------
    def text(
        self,
        x: float,
        y: float,
        lines: str | Sequence[str],
        pt: float,
        colour: str = "#000000",
        face: Face = "normal",
        align: Literal["left", "centre", "right"] = "left",
        valign: Literal["top", "centre", "bottom"] = "centre",
        line_height: float = 1.25,
    ) -> None:
        """Lines of text at ``x, y`` (inches): ``align`` says which end or middle of each line
        is at ``x``, ``valign`` which edge or middle of the block is at ``y``; lines are
        ``line_height`` times the type size apart."""
        rows = [printable(r) for r in ([lines] if isinstance(lines, str) else lines)]
        if not rows:
            return
        font = _font(face, round(self.pt(pt)))
        step = self.pt(pt) * line_height
        block = step * len(rows)
        top = self.px(y) - {"top": 0.0, "centre": block / 2, "bottom": block}[valign]
        anchor = {"left": "lm", "centre": "mm", "right": "rm"}[align]
        fill = rgba(colour)
        for i, row in enumerate(rows):
            self.draw.text(
                (self.px(x), top + step * (i + 0.5)), row, font=font, fill=fill, anchor=anchor
            )

    # --- output --------------------------------------------------------------------------
    def png(self) -> bytes:
        image = self.image.reduce(SUPERSAMPLE)  # each pixel the mean of the ones it covers
        return png_from_rgb(image.tobytes(), *image.size, self.dpi)


def quadratic(start: Point, control: Point, end: Point, steps: int = 24) -> list[Point]:
    """Points along the quadratic Bézier curve from ``start`` to ``end``."""
    found = []
    for i in range(steps + 1):
        t = i / steps
        a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t**2
        found.append(
            (
                a * start[0] + b * control[0] + c * end[0],
                a * start[1] + b * control[1] + c * end[1],
            )
        )
    return found


def _dashed(
    points: list[tuple[float, float]], on: float, off: float
) -> list[list[tuple[float, float]]]:
    """The pieces of a polyline drawn by a dash pattern (lengths in pixels)."""
    pieces: list[list[tuple[float, float]]] = []
    drawing, left = True, on
    current: list[tuple[float, float]] = [points[0]] if points else []
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        length = math.hypot(x2 - x1, y2 - y1)
        done = 0.0
        while length - done > left:
            done += left
            point = (x1 + (x2 - x1) * done / length, y1 + (y2 - y1) * done / length)
            if drawing:
                current.append(point)
                pieces.append(current)
                current = []
            else:
                current = [point]
            drawing = not drawing
            left = on if drawing else off
        left -= length - done
        if drawing:
            current.append((x2, y2))
    if drawing and len(current) > 1:
        pieces.append(current)
    return pieces
