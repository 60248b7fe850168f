"""Writing a data-flow graph as GraphML, Graphviz DOT, Mermaid, or a PNG diagram (by extension).

DOT and Mermaid are written by hand (fast, and with integer node ids: pydot reads ``:`` in a
node name as a port). Nodes are grouped by the organisation that operates them, each group
labelled with its country and controlling group; flows are coloured by their most sensitive data
category. Names in the graph are data: they are escaped, never interpreted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sovereignty.core.errors import UsageError
from sovereignty.core.model import Lang, Text
from sovereignty.core.yamlio import write_atomic
from sovereignty.dataflow.catalogue import catalogue, jurisdictions
from sovereignty.dataflow.graph import CATEGORY_BIT, FlowGraph
from sovereignty.dataflow.model import CATEGORIES

FORMATS = {
    ".graphml": "graphml",
    ".dot": "dot",
    ".gv": "dot",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
    ".png": "png",
}

# Most sensitive first: an edge takes the colour of the first category it carries.
CATEGORY_COLOURS: dict[str, str] = {
    "health_identifying": "#c0392b",
    "health_pseudonymised": "#e67e22",
    "staff": "#8e44ad",
    "administrative": "#2471a3",
    "logs": "#7f8c8d",
    "model_parameters": "#148f77",
    "anonymous": "#27ae60",
}
SEVERITY_ORDER = (
    "health_identifying",
    "health_pseudonymised",
    "staff",
    "administrative",
    "logs",
    "model_parameters",
    "anonymous",
)


def edge_colour(mask: int) -> str:
    for category in SEVERITY_ORDER:
        if mask & CATEGORY_BIT[category]:
            return CATEGORY_COLOURS[category]
    return "#000000"


@dataclass
class Group:
    """Nodes operated by one organisation, as drawn."""

    entity: int  # -1: no known operator
    title: str  # "Stratus Web Services EMEA SARL (other EEA country)"
    control: str  # "← Stratus Inc. (United States)", or ""
    hospital: bool
    foreign: bool  # the organisation or its controlling chain is outside the EEA
    members: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.title} {self.control}".strip()


def organisation_groups(graph: FlowGraph, lang: Lang) -> list[Group]:
    """Nodes (not entities) grouped by operator: hospital groups first, then the others."""
    index = graph.index
    groups: dict[int, Group] = {}
    for node in range(index.size):
        if index.kind[node] == "entity":
            continue
        entity = index.operator[node]
        group = groups.get(entity)
        if group is None:
            group = groups[entity] = _group(graph, entity, lang)
        group.members.append(node)
    return sorted(groups.values(), key=lambda g: (not g.hospital, g.foreign, g.label))


def _group(graph: FlowGraph, entity: int, lang: Lang) -> Group:
    index = graph.index
    juris = jurisdictions()
    if entity < 0:
        return Group(entity, "?", "", False, False)
    chain = [entity]
    while index.parent[chain[-1]] >= 0 and index.parent[chain[-1]] not in chain:
        chain.append(index.parent[chain[-1]])
    countries = [index.country[e] for e in chain]
    title = index.name(entity, lang)
    if countries[0]:
        title += f" ({juris.name(countries[0], lang)})"
    control = ""
    if len(chain) > 1:
        top = chain[-1]
        country = f" ({juris.name(index.country[top], lang)})" if index.country[top] else ""
        control = f"← {index.name(top, lang)}{country}"
    foreign = any(c and not juris.is_eea(c) for c in countries)
    return Group(entity, title, control, index.hospital[entity], foreign)


def node_label(graph: FlowGraph, node: int, lang: Lang, short: bool = False) -> str:
    """Name and locations; ``short`` drops the operator's name repeated in the node's name."""
    index = graph.index
    name = index.name(node, lang)
    operator = index.operator[node]
    if short and operator >= 0:
        org = index.name(operator, lang)
        stripped = name.removeprefix(f"{org} — ").removesuffix(f" — {org}")
        name = stripped[:1].upper() + stripped[1:]
    locations = index.node_locations(node)
    where = ", ".join(jurisdictions().name(c, lang) for c in locations)
    return f"{name} [{where}]" if where else name


def flow_label(mask: int, purpose: str, lang: Lang) -> str:
    names = catalogue().category_names
    categories = [names[c](lang) for c in CATEGORIES if mask & CATEGORY_BIT[c]]
    named = catalogue().purposes.get(purpose)
    return f"{', '.join(categories)} · {named(lang) if named else purpose}"


def _dot_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def to_dot(graph: FlowGraph, lang: Lang) -> str:
    index = graph.index
    lines = [
        "digraph dataflow {",
        "  rankdir=LR; compound=true; node [shape=box, style=rounded, fontname=Helvetica];",
        "  edge [fontname=Helvetica, fontsize=9];",
    ]
    for i, group in enumerate(organisation_groups(graph, lang)):
        colour = "#1e8449" if group.hospital else ("#b03a2e" if group.foreign else "#2e4053")
        lines.append(
            f"  subgraph cluster_{i} {{ label={_dot_text(group.label)}; color={_dot_text(colour)};"
        )
        for node in group.members:
            shape = {"people": "ellipse", "platform": "cylinder", "model_api": "hexagon"}.get(
                index.kind[node], "box"
            )
            lines.append(
                f"    n{node} [label={_dot_text(node_label(graph, node, lang))}, shape={shape}];"
            )
        lines.append("  }")
    for edge, (u, v) in enumerate(zip(index.e_source, index.e_target, strict=True)):
        label = flow_label(index.e_mask[edge], index.e_purpose[edge], lang)
        colour = edge_colour(index.e_mask[edge])
        lines.append(f"  n{u} -> n{v} [label={_dot_text(label)}, color={_dot_text(colour)}];")
    for node in range(index.size):
        if index.host[node] >= 0:
            lines.append(
                f"  n{node} -> n{index.host[node]} [style=dashed, arrowhead=none, color=gray];"
            )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_text(value: str) -> str:
    escaped = (
        value.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
    )
    return '"' + " ".join(escaped.split()) + '"'


def to_mermaid(graph: FlowGraph, lang: Lang) -> str:
    index = graph.index
    lines = ["flowchart LR"]
    for i, group in enumerate(organisation_groups(graph, lang)):
        lines.append(f"  subgraph g{i}[{_mermaid_text(group.label)}]")
        for node in group.members:
            text = _mermaid_text(node_label(graph, node, lang))
            shape = {
                "people": f"([{text}])",
                "platform": f"[({text})]",
                "model_api": f"{{{{{text}}}}}",
            }
            lines.append(f"    n{node}{shape.get(index.kind[node], f'[{text}]')}")
        lines.append("  end")
    styles = []
    for edge, (u, v) in enumerate(zip(index.e_source, index.e_target, strict=True)):
        label = _mermaid_text(flow_label(index.e_mask[edge], index.e_purpose[edge], lang))
        lines.append(f"  n{u} -->|{label}| n{v}")
        styles.append(
            f"  linkStyle {edge} stroke:{edge_colour(index.e_mask[edge])},stroke-width:2px"
        )
    for node in range(index.size):
        if index.host[node] >= 0:
            lines.append(f"  n{node} -.- n{index.host[node]}")
    return "\n".join(lines + styles) + "\n"


def export_graph(graph: FlowGraph, path: Path, lang: Lang, title: str = "") -> Path:
    """Write ``graph`` to ``path`` in the format its extension names; atomic."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(FORMATS))
        raise UsageError(
            Text(
                fr=f"{path} : format d'export inconnu {path.suffix!r} ; formats possibles : "
                f"{known}",
                en=f"{path}: unknown export format {path.suffix!r}; use one of: {known}",
            )
        )
    if kind == "graphml":
        write_atomic(path, graph.graphml(lang))
    elif kind == "dot":
        write_atomic(path, to_dot(graph, lang))
    elif kind == "mermaid":
        write_atomic(path, to_mermaid(graph, lang))
    else:
        from sovereignty.dataflow.draw import draw_png

        write_atomic(path, draw_png(graph, lang, title))
    return path
