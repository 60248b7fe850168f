"""A readable PNG of a data-flow graph, for a Word report.

The layout is computed here, not by a force-directed algorithm (``spring_layout`` takes minutes
on large graphs and scatters organisations): four columns, left to right — the hospital, the
vendors, third parties in the EEA, third parties outside it or controlled from outside it. Each
organisation is a framed group titled with its country and controlling group; its systems are
boxes inside. Flows are arrows coloured by their most sensitive data category; dashed grey lines
tie a service to the platform hosting it. Large graphs are drawn by aggregate: one box per kind
of node per organisation, with a count.

matplotlib is imported here only, without pyplot (the Agg canvas, no global state).
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field

from sovereignty.core.model import Lang
from sovereignty.dataflow.catalogue import catalogue
from sovereignty.dataflow.export import (
    CATEGORY_COLOURS,
    SEVERITY_ORDER,
    Group,
    edge_colour,
    node_label,
    organisation_groups,
)
from sovereignty.dataflow.graph import CATEGORY_BIT, FlowGraph

AGGREGATE_ABOVE = 60  # nodes; beyond this, one box per (organisation, kind)
COLUMN_WIDTH = 3.9  # inches
BOX_WIDTH = 2.8
LINE_HEIGHT = 0.17
GROUP_HEADER = 0.42
GAP = 0.18
KIND_ORDER = ("hospital_system", "people", "service", "model_api", "platform")
KIND_FILL = {
    "hospital_system": "#eafaf1",
    "people": "#fef9e7",
    "service": "#ebf5fb",
    "model_api": "#fdedec",
    "platform": "#f2f3f4",
}
FRAME = {"hospital": "#1e8449", "eea": "#2e4053", "foreign": "#b03a2e"}
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
    "frame_foreign": {
        "fr": "hors EEE ou contrôlée hors EEE",
        "en": "non-EEA or non-EEA-controlled",
    },
}


@dataclass
class Box:
    members: list[int]
    label: list[str]
    kind: str
    x: float = 0.0
    y: float = 0.0  # top
    height: float = 0.0


@dataclass
class DrawnGroup:
    group: Group
    column: int
    boxes: list[Box] = field(default_factory=list)
    x: float = 0.0
    y: float = 0.0
    height: float = 0.0


def _column(graph: FlowGraph, group: Group) -> int:
    """0 hospital, 1 vendors, 2 third parties in the EEA, 3 outside or controlled outside it."""
    if group.hospital:
        return 0
    if group.entity >= 0 and graph.index.vendor_of[group.entity] is not None:
        return 1
    return 3 if group.foreign else 2


def _boxes(graph: FlowGraph, group: Group, lang: Lang, aggregate: bool) -> list[Box]:
    index = graph.index
    kinds = catalogue().kinds
    members = sorted(
        group.members, key=lambda n: (KIND_ORDER.index(index.kind[n]), index.name(n, lang))
    )
    if not aggregate:
        return [
            Box([n], fit_label(node_label(graph, n, lang, short=True)), index.kind[n])
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
        boxes.append(Box(nodes, fit_label(text), kind))
    return boxes


def fit_label(text: str, width: int = 30, lines: int = 3) -> list[str]:
    """At most ``lines`` lines of ``width``; a name too long is cut (…), never its locations
    ("[United States, India]"), which say where the data goes."""
    wrapped = textwrap.wrap(text, width)
    name, bracket, where = text.rpartition(" [")
    if len(wrapped) <= lines or not bracket:
        return wrapped[:lines]
    where_lines = textwrap.wrap("[" + where, width)[: lines - 1]
    name_lines = textwrap.wrap(name, width)[: lines - len(where_lines)]
    if name_lines:
        name_lines[-1] = name_lines[-1][: width - 1].rstrip() + "…"
    return name_lines + where_lines


def _layout(graph: FlowGraph, lang: Lang) -> tuple[list[DrawnGroup], list[int], float]:
    """Groups placed in their columns, boxes stacked in their groups; returns the groups, the
    kind (0-3) of each column actually used, and the height of the drawing (inches)."""
    groups = organisation_groups(graph, lang)
    aggregate = sum(len(g.members) for g in groups) > AGGREGATE_ABOVE
    drawn = [DrawnGroup(g, _column(graph, g), _boxes(graph, g, lang, aggregate)) for g in groups]
    used = sorted({d.column for d in drawn})
    for d in drawn:
        d.column = used.index(d.column)
    column_y = [0.9] * len(used)  # below the column titles
    for d in sorted(drawn, key=lambda d: (d.column, d.group.label)):
        d.x = 0.3 + d.column * COLUMN_WIDTH
        d.y = column_y[d.column]
        y = d.y + GROUP_HEADER + (LINE_HEIGHT if d.group.control else 0.0)
        for box in d.boxes:
            box.height = 0.16 + LINE_HEIGHT * len(box.label)
            box.x = d.x + (COLUMN_WIDTH - 0.5 - BOX_WIDTH) / 2
            box.y = y
            y += box.height + GAP
        d.height = y - d.y + 0.05
        column_y[d.column] = d.y + d.height + 0.35
    return drawn, used, max(column_y, default=1.0) + 0.2


def draw_png(graph: FlowGraph, lang: Lang, title: str = "", dpi: int = 150) -> bytes:
    """The diagram as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    drawn, column_kinds, height = _layout(graph, lang)
    width = 0.6 + COLUMN_WIDTH * max(1, len(column_kinds))
    legend_height = 1.1
    figure = Figure(figsize=(width, height + legend_height), dpi=dpi)
    FigureCanvasAgg(figure)
    ax = figure.add_axes(
        (0, legend_height / (height + legend_height), 1, height / (height + legend_height))
    )
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.axis("off")
    title = "".join(c for c in title if c.isprintable())  # vendor text: no control characters
    if title:
        figure.suptitle(title, fontsize=12, fontweight="bold", y=0.995)
    names = ("hospital", "vendor", "eea", "foreign")
    for column, kind in enumerate(column_kinds):
        ax.text(
            0.3 + column * COLUMN_WIDTH + (COLUMN_WIDTH - 0.5) / 2,
            0.55,
            TEXTS[names[kind]][lang],
            ha="center",
            va="center",
            fontsize=10,
            fontweight="bold",
            color="#34495e",
        )
    where: dict[int, Box] = {}
    for d in drawn:
        frame = FRAME["hospital" if d.group.hospital else "foreign" if d.group.foreign else "eea"]
        ax.add_patch(
            FancyBboxPatch(
                (d.x, d.y),
                COLUMN_WIDTH - 0.5,
                d.height,
                boxstyle="round,pad=0.02,rounding_size=0.08",
                linewidth=1.4,
                edgecolor=frame,
                facecolor=frame + "0f",
            )
        )
        title = textwrap.shorten(d.group.title, 56, placeholder="…")
        ax.text(
            d.x + 0.08, d.y + 0.2, title, fontsize=7.5, fontweight="bold", color=frame, va="center"
        )
        if d.group.control:
            control = textwrap.shorten(d.group.control, 60, placeholder="…")
            ax.text(
                d.x + 0.08, d.y + 0.2 + LINE_HEIGHT, control, fontsize=7, color=frame, va="center"
            )
        for box in d.boxes:
            ax.add_patch(
                FancyBboxPatch(
                    (box.x, box.y),
                    BOX_WIDTH,
                    box.height,
                    boxstyle="round,pad=0.01,rounding_size=0.05",
                    linewidth=0.8,
                    edgecolor="#566573",
                    facecolor=KIND_FILL.get(box.kind, "#ffffff"),
                )
            )
            ax.text(
                box.x + BOX_WIDTH / 2,
                box.y + box.height / 2,
                "\n".join(box.label),
                ha="center",
                va="center",
                fontsize=7,
                color="#17202a",
            )
            for node in box.members:
                where[node] = box
    _draw_flows(graph, ax, where, FancyArrowPatch)
    _legend(graph, figure, lang, Line2D)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


@dataclass
class Link:
    a: Box
    b: Box
    colour: str
    hosted: bool  # a dashed "hosted on" tie rather than a flow
    sides: tuple[str, str] = ("right", "left")
    ends: list[tuple[float, float]] = field(default_factory=list)


def _links(graph: FlowGraph, where: dict[int, Box]) -> list[Link]:
    """One arrow per pair of boxes (flows merged, coloured by their most sensitive category)."""
    index = graph.index
    masks: dict[tuple[int, int], int] = {}
    boxes: dict[int, Box] = {id(b): b for b in where.values()}
    for edge, (u, v) in enumerate(zip(index.e_source, index.e_target, strict=True)):
        a, b = id(where[u]), id(where[v])
        if a != b:
            masks[(a, b)] = masks.get((a, b), 0) | index.e_mask[edge]
    links = [Link(boxes[a], boxes[b], edge_colour(mask), False) for (a, b), mask in masks.items()]
    hosted: set[tuple[int, int]] = set()
    for node in range(index.size):
        platform = index.host[node]
        if (
            platform >= 0
            and node in where
            and platform in where
            and where[node] is not where[platform]
        ):
            hosted.add((id(where[node]), id(where[platform])))
    links.extend(Link(boxes[a], boxes[b], "#909497", True) for a, b in sorted(hosted))
    return links


def _place_ends(links: list[Link], first_column_x: float) -> None:
    """Choose the side of each box an arrow leaves and enters by, then spread the arrows that
    share a side along it, in the order of the boxes at their other end (fewer crossings)."""
    attached: dict[tuple[int, str], list[tuple[float, int, int]]] = {}
    for i, link in enumerate(links):
        a, b = link.a, link.b
        if abs(a.x - b.x) < 0.01:  # same column: outside the column, left of the first one
            side = "left" if abs(a.x - first_column_x) < 0.01 else "right"
            link.sides = (side, side)
        elif a.x < b.x:
            link.sides = ("right", "left")
        else:
            link.sides = ("left", "right")
        link.ends = [(0.0, 0.0), (0.0, 0.0)]
        attached.setdefault((id(a), link.sides[0]), []).append((b.y + b.height / 2, i, 0))
        attached.setdefault((id(b), link.sides[1]), []).append((a.y + a.height / 2, i, 1))
    for (_, side), items in attached.items():
        items.sort()
        for k, (_, i, end) in enumerate(items):
            box = links[i].a if end == 0 else links[i].b
            x = box.x + (BOX_WIDTH if side == "right" else 0.0)
            y = box.y + box.height * (k + 1) / (len(items) + 1)
            links[i].ends[end] = (x, y)


def _draw_flows(graph: FlowGraph, ax: object, where: dict[int, Box], arrow: type) -> None:
    links = _links(graph, where)
    first_x = min((b.x for b in where.values()), default=0.0)
    _place_ends(links, first_x)
    for i, link in enumerate(links):
        start, end = link.ends
        if link.sides[0] == link.sides[1]:
            angle = 180 if link.sides[0] == "left" else 0
            arm = 10 + 4 * (i % 4)
            style = f"arc,angleA={angle},angleB={angle},armA={arm},armB={arm},rad=6"
        else:
            style = "arc3,rad=0.08"
        ax.add_patch(  # type: ignore[attr-defined]
            arrow(
                start,
                end,
                arrowstyle="-" if link.hosted else "-|>",
                mutation_scale=10,
                linewidth=0.9 if link.hosted else 1.5,
                linestyle="--" if link.hosted else "-",
                color=link.colour,
                connectionstyle=style,
                alpha=0.9,
                zorder=2 if link.hosted else 3,
                shrinkA=0,
                shrinkB=0,
            )
        )


def _legend(graph: FlowGraph, figure: object, lang: Lang, line: type) -> None:
    index = graph.index
    present = 0
    for mask in index.e_mask:
        present |= mask
    names = catalogue().category_names
    handles = [
        line([0], [0], color=CATEGORY_COLOURS[c], linewidth=2.2, label=names[c](lang))
        for c in SEVERITY_ORDER
        if present & CATEGORY_BIT[c]
    ]
    handles.append(line([0], [0], color="#909497", linestyle="--", label=TEXTS["hosted"][lang]))
    for key in ("hospital", "eea", "foreign"):
        handles.append(
            line(
                [0],
                [0],
                color=FRAME[key],
                linewidth=4,
                alpha=0.6,
                label=TEXTS[f"frame_{key}"][lang],
            )
        )
    figure.legend(  # type: ignore[attr-defined]
        handles=handles,
        loc="lower center",
        ncol=4,
        fontsize=7.5,
        frameon=False,
        bbox_to_anchor=(0.5, 0.005),
    )
