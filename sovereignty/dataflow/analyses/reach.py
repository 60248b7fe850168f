"""Which data categories reach which countries, and by which shortest path (FLOW-01).

A node is in a country in two ways: it runs there (its locations, or its platform's), so data
is *stored* there (a node that keeps data) or *accessed* from there (people, relays); or it is
under that country's jurisdiction, the country of the entity operating or hosting it. Per
(vendor, category, country, way) the first node met by the category's BFS gives one shortest
witness path; the work is linear in the graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sovereignty.core.model import Lang
from sovereignty.dataflow.analyses.context import Context
from sovereignty.dataflow.distinct import classes, first_places
from sovereignty.dataflow.index import numbered
from sovereignty.dataflow.model import CATEGORIES, HEALTH
from sovereignty.findings.model import Finding, Severity

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]

ACCESS_ORDER = {"stored": 0, "accessed": 1, "jurisdiction": 2}


@dataclass(frozen=True, slots=True)
class ReachEntry:
    vendor: str
    category: str
    country: str
    access: str  # stored | accessed | jurisdiction
    node: int  # first node met
    via: int  # the entity that gives the jurisdiction, or the node's operator
    path: tuple[int, ...]


Place = tuple[str, str, int]  # country, access, entity


def _places(ctx: Context, node: int) -> tuple[Place, ...]:
    index = ctx.index
    operator = index.operator[node]
    places: list[Place] = []
    access = "stored" if index.stores[node] and index.kind[node] != "people" else "accessed"
    for country in index.node_locations(node):
        places.append((country, access, operator))
    for entity in (operator, index.host_operator(node)):
        if entity >= 0 and index.country[entity]:
            places.append((index.country[entity] or "", "jurisdiction", entity))
    return tuple(dict.fromkeys(places))


def _signatures(ctx: Context) -> tuple[IntArray, IntArray, list[tuple[Place, ...]]]:
    """Per node, a number shared by the nodes that give the same entries (same offers, same
    places; -1 for nodes that give none), the number of its places, and those places."""
    import numpy as np

    index = ctx.index
    n = index.size
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), []
    host = np.asarray(index.host, dtype=np.int64)
    operator = ctx.operator_array
    hosted = host >= 0
    own_locations, numbering = numbered(index.locations)
    locations = own_locations.copy()
    bare = hosted & (own_locations == numbering.get((), -1))
    locations[bare] = own_locations[host[bare]]  # a node without its own: its platform's
    keeps = np.asarray(index.stores, dtype=bool) & ~index.of_kind("people")
    offers, numbering = numbered(index.offers)
    wanted = (offers != numbering.get((), -1)) & ~index.of_kind("entity")
    # where and how a node is reached, as one number: locations, keeps data, operator, host
    m = n + 1
    where = ((locations * 2 + keeps) * m + (operator + 1)) * m + (ctx.host_operator_array + 1)
    first, place_key = classes(where)
    places = [_places(ctx, int(node)) for node in first.tolist()]
    signature = offers * len(places) + place_key
    signature[~wanted] = -1
    return signature, place_key, places


def reach_table(ctx: Context) -> list[ReachEntry]:
    """Per category, the nodes in BFS order, one per signature (the first met): each gives its
    places to every vendor whose offer includes it, unless an earlier node did."""

    index = ctx.index
    signature, keyed, places = _signatures(ctx)
    first: dict[tuple[str, str, str, str], tuple[int, int]] = {}
    for category in CATEGORIES:
        order = ctx.reaches[category].array()
        signed = order[signature[order] >= 0]
        for node in signed[first_places(signature[signed])].tolist():
            offers = index.offers[node]
            for country, access, entity in places[keyed[node]]:
                for vendor in offers:
                    first.setdefault((vendor, category, country, access), (node, entity))
    paths: dict[tuple[str, int], tuple[int, ...]] = {}  # one per node met, shared by its entries
    entries = []
    for (vendor, met, country, access), (node, via) in sorted(first.items()):
        path = paths.get((met, node))
        if path is None:
            path = paths[(met, node)] = tuple(ctx.reaches[met].path(node))
        entries.append(ReachEntry(vendor, met, country, access, node, via, path))
    return entries


def _severity(ctx: Context, entry: ReachEntry) -> Severity:
    if entry.access == "stored":
        return "blocking"  # health data stored outside the EEA: CSP L1111-8, HDS req. 28-31
    return "minor" if entry.country in ctx.juris.adequacy else "major"


def _org(ctx: Context, entry: ReachEntry, lang: Lang) -> str:
    """ " (Organisation (country))", unless the node's name already says who runs it."""
    if entry.via < 0 or ctx.name(entry.via, lang) in ctx.name(entry.node, lang):
        return ""
    return f" ({ctx.entity_label(entry.via, lang)})"


def health_outside_eea(ctx: Context, entries: list[ReachEntry]) -> list[Finding]:
    """FLOW-01: one finding per (vendor, non-EEA country) reached by health data; the witness
    is the worst way in (stored, then accessed, then jurisdiction; identifying data first)."""
    groups: dict[tuple[str, str], list[ReachEntry]] = {}
    for entry in entries:
        if entry.category in HEALTH and not ctx.juris.is_eea(entry.country):
            groups.setdefault((entry.vendor, entry.country), []).append(entry)
    findings = []
    for (vendor, country), group in sorted(groups.items()):
        group.sort(key=lambda e: (ACCESS_ORDER[e.access], HEALTH.index(e.category)))
        worst = group[0]
        others = [e for e in group[1:] if e.node != worst.node]
        others = list({(e.access, e.node): e for e in others}.values())

        def values(lang: Lang, worst: ReachEntry = worst) -> dict[str, str]:
            return {
                "country": ctx.country(worst.country, lang),
                "category": ctx.category(worst.category, lang),
                "category_cap": ctx.category(worst.category, lang, capital=True),
                "access": ctx.texts.access[worst.access](lang),
                "target": ctx.name(worst.node, lang),
                "org": _org(ctx, worst, lang),
                "path": ctx.path_text(list(worst.path), lang),
                "also": "",
            }

        def also(lang: Lang, others: list[ReachEntry] = others) -> str:
            if not others:
                return ""
            listed = (" ; " if lang == "fr" else "; ").join(
                f"{ctx.texts.access[o.access](lang)} {ctx.name(o.node, lang)}" for o in others
            )
            template = ctx.texts.findings["FLOW-01"].fragment("also")(lang)
            return template.format(others=listed)

        findings.append(
            ctx.finding(
                "FLOW-01",
                "default",
                _severity(ctx, worst),
                worst.path,
                values,
                vendor=vendor,
                subject=country,
                extra=also,
            )
        )
    return findings
