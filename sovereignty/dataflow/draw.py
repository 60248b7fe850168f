"""A readable PNG of a data-flow graph, for a Word report.

The layout is computed here, not by a force-directed algorithm (``spring_layout`` takes minutes
on large graphs and scatters organisations): four columns, left to right — the hospital, the
vendors, third parties in the EEA, third parties outside it or controlled from outside it. Each
organisation is a framed group titled with its country and controlling group; its systems are
boxes inside. Flows are arrows coloured by their most sensitive data category; dashed dark lines
tie a service to the platform hosting it; a box outside the EEA says in words which data it
receives. Large graphs are drawn by aggregate: one box per kind of node per organisation, with a
count.

It is drawn at the size it is printed (the 165 mm of an A4 page's text, 6.5-point text), its
texts measured in the font they are drawn in and wrapped at words: a report that scales the
picture down no longer shrinks names to unreadable type (see :mod:`sovereignty.core.picture`).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from sovereignty.core.model import Lang
from sovereignty.core.picture import Canvas, Point, quadratic, rgba, text_width, wrap
from sovereignty.dataflow.arrows import HOSTED_COLOUR, Box, links_between, place_ends
from sovereignty.dataflow.catalogue import catalogue
from sovereignty.dataflow.export import (
    CATEGORY_COLOURS,
    SEVERITY_ORDER,
    Group,
    node_label,
    organisation_groups,
)
from sovereignty.dataflow.graph import CATEGORY_BIT, FlowGraph

AGGREGATE_ABOVE = 60  # nodes; beyond this, one box per (organisation, kind)
# Drawn at the size it is printed: the width of an A4 page's text (165 mm), so that the 6.5-point
# text of a box is 6.5 points on paper; the height follows the graph.
PAGE_WIDTH = 6.5  # inches
MARGIN = 0.05
TEXT_PT = 6.5
LINE_HEIGHT = TEXT_PT * 1.3 / 72  # inches
GROUP_HEADER = 0.27
GROUP_PAD = 0.09  # between a group's frame and its boxes
COLUMN_GAP = 0.22  # between two columns (room for the arrows)
GAP = 0.07  # between two boxes
CHAR_WIDTH = 0.58 * TEXT_PT / 72  # average width of a character (DejaVu Sans), inches
KIND_ORDER = ("hospital_system", "people", "service", "model_api", "platform")
KIND_FILL = {
    "hospital_system": "#eafaf1",
    "people": "#fef9e7",
    "service": "#ebf5fb",
    "model_api": "#fdedec",
    "platform": "#f2f3f4",
}
FRAME = {"hospital": "#1e8449", "eea": "#2e5c8a", "foreign": "#b03a2e"}
TEXTS = {
    "hospital": {"fr": "Établissements", "en": "Hospital"},
    "vendor": {"fr": "Fournisseurs", "en": "Vendors"},
    "eea": {"fr": "Tiers dans l'EEE", "en": "Third parties in the EEA"},
    "foreign": {
        "fr": "Hors EEE ou contrôlés hors EEE",
        "en": "Outside or controlled outside the EEA",
    },
    "hosted": {"fr": "hébergé sur", "en": "hosted on"},
    "frame_hospital": {"fr": "organisation de l'établissement", "en": "hospital organisation"},
    "frame_eea": {"fr": "organisation de l'EEE", "en": "EEA organisation"},
    "flows_note": {
        "fr": "Flèches : flux de données, de la couleur de la catégorie la plus sensible ; "
        "chez un tiers hors EEE, les catégories reçues sont écrites dans la case.",
        "en": "Arrows: data flows, in the colour of the most sensitive category; at a third "
        "party outside the EEA, the categories it receives are written in its box.",
    },
    "frame_foreign": {
        "fr": "hors EEE ou contrôlée hors EEE",
        "en": "non-EEA or non-EEA-controlled",
    },
}


@dataclass
class DrawnGroup:
    group: Group
    column: int
    boxes: list[Box] = field(default_factory=list)
    x: float = 0.0
    y: float = 0.0
    height: float = 0.0
    width: float = 0.0
    title: list[str] = field(default_factory=list)
    control: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Geometry:
    """Sizes of one drawing, in inches: they depend on how many columns share the page."""

    columns: int
    column_width: float
    box_width: float
    chars: int  # characters a box line holds

    @classmethod
    def for_columns(cls, columns: int) -> Geometry:
        usable = PAGE_WIDTH - 2 * MARGIN - COLUMN_GAP * (columns - 1)
        column_width = usable / max(columns, 1)
        box_width = column_width - 2 * GROUP_PAD
        return cls(columns, column_width, box_width, int(box_width / CHAR_WIDTH) - 1)

    def column_x(self, column: int) -> float:
        return MARGIN + column * (self.column_width + COLUMN_GAP)


def _column(graph: FlowGraph, group: Group) -> int:
    """0 hospital, 1 vendors, 2 third parties in the EEA, 3 outside or controlled outside it."""
    if group.hospital:
        return 0
    if group.entity >= 0 and graph.index.vendor_of[group.entity] is not None:
        return 1
    return 3 if group.foreign else 2


def _boxes(graph: FlowGraph, group: Group, lang: Lang, aggregate: bool, chars: int) -> list[Box]:
    index = graph.index
    kinds = catalogue().kinds
    members = sorted(
        group.members, key=lambda n: (KIND_ORDER.index(index.kind[n]), index.name(n, lang))
    )
    if not aggregate:
        return [
            Box(
                [n],
                fit_label(_printable(node_label(graph, n, lang, short=True)), chars),
                index.kind[n],
            )
            for n in members
        ]
    by_kind: dict[str, list[int]] = {}
    for node in members:
        by_kind.setdefault(index.kind[node], []).append(node)
    boxes = []
    for kind, nodes in by_kind.items():
        if len(nodes) == 1:
            text = node_label(graph, nodes[0], lang, short=True)
        else:
            text = f"{len(nodes)} × {kinds[kind](lang).lower()}"
        boxes.append(Box(nodes, fit_label(_printable(text), chars), kind))
    return boxes


def fit_label(text: str, width: int = 30, lines: int = 3) -> list[str]:
    """At most ``lines`` lines of ``width``; a name too long is cut (…), never its locations
    ("[United States, India]"), which say where the data goes."""
    wrapped = textwrap.wrap(text, width, break_on_hyphens=False)
    name, bracket, where = text.rpartition(" [")
    if len(wrapped) <= lines or not bracket:
        return wrapped[:lines]
    where_lines = textwrap.wrap("[" + where, width)[: lines - 1]
    name_lines = textwrap.wrap(name, width)[: lines - len(where_lines)]
    if name_lines:
        name_lines[-1] = name_lines[-1][: width - 1].rstrip() + "…"
    return name_lines + where_lines


def _printable(text: str) -> str:
    """A name as a diagram can draw it: control characters become spaces."""
    return "".join(c if c.isprintable() else " " for c in text)


def _lines(
    text: str, width: float, size: float = TEXT_PT, bold: bool = False, most: int = 2
) -> list[str]:
    """``text`` wrapped at words to ``width`` inches as it is drawn, on at most ``most``
    lines, the last cut with "…" when needed."""
    return wrap(_printable(text), width, size, "bold" if bold else "normal", most)


HEADER_PT = TEXT_PT + 1.5


def _column_titles(kinds: list[int], geometry: Geometry, lang: Lang) -> list[list[str]]:
    names = ("hospital", "vendor", "eea", "foreign")
    width = geometry.column_width - 0.05
    return [_lines(TEXTS[names[k]][lang], width, HEADER_PT, True, 3) for k in kinds]


def _header_height(kinds: list[int], geometry: Geometry, lang: Lang) -> float:
    rows = max((len(t) for t in _column_titles(kinds, geometry, lang)), default=1)
    return 0.12 + rows * HEADER_PT * 1.25 / 72


def _received(graph: FlowGraph) -> dict[int, int]:
    """The data categories flowing into each node from another node."""
    index = graph.index
    masks: dict[int, int] = {}
    for edge, (u, v) in enumerate(zip(index.e_source, index.e_target, strict=True)):
        if u != v:
            masks[v] = masks.get(v, 0) | index.e_mask[edge]
    return masks


RECEIVES = {"fr": "reçoit : {}", "en": "receives: {}"}


def _receives(box: Box, received: dict[int, int], lang: Lang, width: float) -> list[str]:
    mask = 0
    for node in box.members:
        mask |= received.get(node, 0)
    if not mask:
        return []
    text = RECEIVES[lang].format(
        _category_text(mask, lang).lower() if lang == "fr" else _category_text(mask, lang)
    )
    return _lines(text, width, TEXT_PT - 0.5, most=3)


def _layout(graph: FlowGraph, lang: Lang) -> tuple[list[DrawnGroup], list[int], Geometry, float]:
    """Groups placed in their columns, boxes stacked in their groups; returns the groups, the
    kind (0-3) of each column actually used, the geometry and the height of the drawing."""
    groups = organisation_groups(graph, lang)
    aggregate = sum(len(g.members) for g in groups) > AGGREGATE_ABOVE
    kinds = sorted({_column(graph, g) for g in groups})
    geometry = Geometry.for_columns(len(kinds))
    received = _received(graph)
    drawn = []
    for g in groups:
        d = DrawnGroup(g, kinds.index(_column(graph, g)))
        d.boxes = _boxes(graph, g, lang, aggregate, geometry.chars)
        if _column(graph, g) == 3:  # what leaves for a third party outside the EEA, in words
            for box in d.boxes:
                box.receives = _receives(box, received, lang, geometry.box_width - 0.08)
        d.title = _lines(g.title, geometry.column_width - 0.14, bold=True, most=3)
        d.control = _lines(g.control, geometry.column_width - 0.14)
        drawn.append(d)
    column_y = [_header_height(kinds, geometry, lang)] * len(kinds)  # below the column titles
    for d in sorted(drawn, key=lambda d: (d.column, d.group.label)):
        d.x = geometry.column_x(d.column)
        d.width = geometry.column_width
        d.y = column_y[d.column]
        y = d.y + 0.08 + LINE_HEIGHT * (len(d.title) + len(d.control)) + 0.06
        for box in d.boxes:
            box.height = 0.07 + LINE_HEIGHT * (len(box.label) + len(box.receives))
            box.width = geometry.box_width
            box.x = d.x + GROUP_PAD
            box.y = y
            y += box.height + GAP
        d.height = y - d.y + GROUP_PAD - GAP
        column_y[d.column] = d.y + d.height + 0.12
    return drawn, kinds, geometry, max(column_y, default=1.0) + 0.05


def draw_png(graph: FlowGraph, lang: Lang, title: str = "", dpi: int = 250) -> bytes:
    """The diagram as PNG bytes, drawn at the width of a printed A4 page's text."""
    drawn, column_kinds, geometry, height = _layout(graph, lang)
    top = 0.3 if title else 0.0  # the layout's coordinates start below the title
    legend_height = 0.75
    total = top + height + legend_height
    canvas = Canvas(PAGE_WIDTH, total, dpi)
    title = "".join(c for c in title if c.isprintable())  # vendor text: no control characters
    if title:
        canvas.text(PAGE_WIDTH / 2, 0.16, title, 10, face="bold", align="centre")
    for column, lines in enumerate(_column_titles(column_kinds, geometry, lang)):
        x = geometry.column_x(column) + geometry.column_width / 2
        canvas.text(x, top + 0.05, lines, HEADER_PT, "#34495e", "bold", "centre", "top")
    where: dict[int, Box] = {}
    for d in drawn:
        frame = FRAME["hospital" if d.group.hospital else "foreign" if d.group.foreign else "eea"]
        canvas.box(d.x, top + d.y, d.width, d.height, frame, frame + "0f", 1.0, 0.05)
        for i, line in enumerate([*d.title, *d.control]):
            y = top + d.y + 0.08 + LINE_HEIGHT * (i + 0.5)
            canvas.text(
                d.x + 0.06, y, line, TEXT_PT, frame, "bold" if i < len(d.title) else "normal"
            )
        for box in d.boxes:
            fill = KIND_FILL.get(box.kind, "#ffffff")
            canvas.box(box.x, top + box.y, box.width, box.height, "#566573", fill, 0.6, 0.03)
            label_height = box.height - LINE_HEIGHT * len(box.receives)
            centre = box.x + box.width / 2
            canvas.text(
                centre,
                top + box.y + label_height / 2,
                box.label,
                TEXT_PT,
                "#17202a",
                align="centre",
                line_height=1.3,
            )
            if box.receives:
                y = top + box.y + label_height + LINE_HEIGHT * len(box.receives) / 2 - 0.03
                canvas.text(
                    centre,
                    y,
                    box.receives,
                    TEXT_PT - 0.5,
                    FRAME["foreign"],
                    "italic",
                    "centre",
                    line_height=1.3,
                )
            for node in box.members:
                where[node] = box
    _draw_flows(graph, canvas, where, top)
    _legend(graph, canvas, lang, top + height, total)
    return canvas.png()


def _category_text(mask: int, lang: Lang) -> str:
    names = catalogue().category_names
    return ", ".join(names[c](lang) for c in SEVERITY_ORDER if mask & CATEGORY_BIT[c])


def _draw_flows(graph: FlowGraph, canvas: Canvas, where: dict[int, Box], top: float) -> None:
    """The "hosted on" ties first (dashed, beneath), then the flows with their heads."""
    links = links_between(graph, where)
    first_x = min((b.x for b in where.values()), default=0.0)
    place_ends(links, first_x)
    paths: list[tuple[list[Point], bool, str]] = []
    for i, link in enumerate(links):
        (x1, y1), (x2, y2) = ((x, y + top) for x, y in link.ends)
        if link.sides[0] == link.sides[1]:  # same column: out by the side, along, back in
            # in the margin between the boxes and their group's frame, staggered so that two
            # such arrows stay apart
            arm = GROUP_PAD * (0.5 + 0.15 * (i % 4))
            side = min(x1, x2) - arm if link.sides[0] == "left" else max(x1, x2) + arm
            path = [(x1, y1), (side, y1), (side, y2), (x2, y2)]
        else:  # a gentle curve, so that arrows between the same columns part
            bend = 0.06
            control = ((x1 + x2) / 2 - bend * (y2 - y1), (y1 + y2) / 2 + bend * (x2 - x1))
            path = quadratic((x1, y1), control, (x2, y2))
        paths.append((path, link.hosted, link.colour))
    for path, hosted, colour in paths:
        if hosted:
            canvas.line(path, colour, 0.7, dashes=(2.1, 1.4))
    for path, hosted, colour in paths:
        if not hosted:
            canvas.arrow(path, rgba(colour, 0.9), 1.0, 3.2)


def _legend(graph: FlowGraph, canvas: Canvas, lang: Lang, top: float, total: float) -> None:
    """Data categories as lines, the hosting tie dashed, organisations as framed boxes (no two
    entries drawn alike), in three columns filled downwards; a note under them."""
    index = graph.index
    present = 0
    for mask in index.e_mask:
        present |= mask
    names = catalogue().category_names
    entries: list[tuple[str, str, str]] = [  # (kind of sample, colour, label)
        ("line", CATEGORY_COLOURS[c], names[c](lang))
        for c in SEVERITY_ORDER
        if present & CATEGORY_BIT[c]
    ]
    entries.append(("dashed", HOSTED_COLOUR, TEXTS["hosted"][lang]))
    entries += [
        ("frame", FRAME[k], TEXTS[f"frame_{k}"][lang]) for k in ("hospital", "eea", "foreign")
    ]
    em = TEXT_PT / 72
    sample, pad, gap, row = 2.2 * em, 0.8 * em, 1.2 * em, 1.6 * em
    rows = -(-len(entries) // 3)
    columns = [entries[c * rows : (c + 1) * rows] for c in range(3)]
    widths = [
        sample + pad + max((text_width(label, TEXT_PT) for _, _, label in column), default=0.0)
        for column in columns
    ]
    x = (PAGE_WIDTH - sum(widths) - gap * (len(columns) - 1)) / 2
    for column, width in zip(columns, widths, strict=True):
        for r, (kind, colour, label) in enumerate(column):
            y = top + 0.1 + row * (r + 0.5)
            if kind == "frame":
                canvas.box(x, y - 0.35 * em, sample, 0.7 * em, colour, colour + "22", 1.0)
            else:
                dashes = (2.4, 1.6) if kind == "dashed" else None
                canvas.line([(x, y), (x + sample, y)], colour, 0.8 if dashes else 1.6, dashes)
            canvas.text(x + sample + pad, y, label, TEXT_PT)
        x += width + gap
    note = TEXTS["flows_note"][lang]
    canvas.text(
        PAGE_WIDTH / 2,
        total * 0.99,
        note,
        TEXT_PT - 0.5,
        "#566573",
        align="centre",
        valign="bottom",
    )
