"""Exposure to extraterritorial law through control chains (FLOW-02).

An entity that operates or hosts a node holding the hospital's personal data answers to the law
of every country in its control chain: a French or Dutch subsidiary of a US group can be compelled
under the CLOUD Act even though its servers are in the EEA (SecNumCloud 3.2 §19.6). Chains are
memoised, and nodes are taken in BFS order of the most sensitive category first, so the work is
linear and each exposure comes with a shortest witness path.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovereignty.core.model import Lang, Text
from sovereignty.dataflow.analyses.context import Context
from sovereignty.dataflow.model import HEALTH, PERSONAL
from sovereignty.findings.model import Finding, Severity


@dataclass(frozen=True, slots=True)
class Exposure:
    vendor: str
    entity: int  # the operator or host reached by the data
    role: str  # operator | host
    node: int  # the node it operates or hosts
    category: str
    foreign: tuple[int, ...]  # entities of its chain outside the EEA
    path: tuple[int, ...]  # flow path, then hosted_on / operated_by, then controlled_by


def exposures(ctx: Context) -> list[Exposure]:
    index = ctx.index
    found: dict[tuple[str, int], Exposure] = {}
    foreign_cache: dict[int, tuple[int, ...]] = {}
    outside = ctx.offered & ~ctx.hospital_array  # the offers' nodes off the hospital's side
    for category in PERSONAL:
        reach = ctx.reaches[category]
        order = reach.array()
        for node in order[outside[order]].tolist():
            for role, entity in (
                ("operator", index.operator[node]),
                ("host", index.host_operator(node)),
            ):
                if role == "host" and entity == index.operator[node]:
                    continue
                if not ctx.is_third_party(entity):
                    continue
                foreign = foreign_cache.get(entity)
                if foreign is None:
                    foreign = foreign_cache[entity] = tuple(ctx.foreign_chain(entity))
                if not foreign:
                    continue
                for vendor in index.offers[node]:
                    key = (vendor, entity)
                    if key in found:
                        continue
                    path = reach.path(node)
                    platform = index.host[node]
                    if role == "host" and platform >= 0:
                        path.append(platform)
                    path.extend(ctx.chains.chain(entity))
                    found[key] = Exposure(
                        vendor, entity, role, node, category, foreign, tuple(path)
                    )
    return sorted(found.values(), key=lambda e: (e.vendor, index.ids[e.entity]))


def _severity(ctx: Context, exposure: Exposure) -> Severity:
    known_laws = bool(ctx.laws(exposure.entity))
    health = exposure.category in HEALTH
    if known_laws:
        return "major" if health else "minor"
    return "minor" if health else "info"


def extraterritorial_findings(ctx: Context, found: list[Exposure]) -> list[Finding]:
    findings = []
    spec = ctx.texts.findings["FLOW-02"]
    for exposure in found:
        locations = ctx.index.node_locations(exposure.node)
        if not locations:
            servers = "servers_unknown"
        elif all(ctx.juris.is_eea(c) for c in locations):
            servers = "servers_in_eea"
        else:
            servers = "servers_outside_eea"
        laws = ctx.laws(exposure.entity)
        countries = sorted({ctx.index.country[e] or "" for e in exposure.foreign})

        def values(
            lang: Lang,
            exposure: Exposure = exposure,
            servers: str = servers,
            laws: list[Text] = laws,
            countries: list[str] = countries,
        ) -> dict[str, str]:
            no_law = ctx.texts.phrases["no_known_law"](lang)
            law_text = ", ".join(law(lang) for law in laws) or no_law
            return {
                "entity": ctx.name(exposure.entity, lang),
                "role": ctx.texts.roles[exposure.role](lang),
                "target": ctx.name(exposure.node, lang),
                "chain": ctx.chain_text(exposure.entity, lang),
                "country": ", ".join(ctx.country(c, lang) for c in countries),
                "laws": law_text,
                "servers": ctx.texts.phrases[servers](lang),
                "category": ctx.category(exposure.category, lang),
                "category_cap": ctx.category(exposure.category, lang, capital=True),
                "path": ctx.path_text(list(exposure.path), lang),
            }

        contradiction = laws and ctx.answer(exposure.vendor, "hosting.extraterritorial") == "no"

        def extra(lang: Lang, contradiction: bool = bool(contradiction)) -> str:
            return spec.fragment("contradiction")(lang) if contradiction else ""

        findings.append(
            ctx.finding(
                "FLOW-02",
                "default",
                _severity(ctx, exposure),
                exposure.path,
                values,
                vendor=exposure.vendor,
                subject=ctx.index.ids[exposure.entity],
                extra=extra,
            )
        )
    return findings
