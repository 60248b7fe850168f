"""The hospital's flows file for one offer: ``vendors/<id>/flows.yaml``.

::

    schema: sovereignty/flows/1
    vendor: northbridge                 # optional; must be the folder's vendor
    entities:                           # organisations the hospital knows about
      - {id: vendor, parent: nb-group}  # 'vendor' completes the vendor's answers
      - {id: nb-group, name: NorthBridge Imaging Holdings Inc., country: us}
      - {id: backup-co, name: Backup Co SAS, country: fr, hospital_contract: true}
    systems:                            # the establishments' systems
      - {id: pacs, name: PACS, type: pacs, establishment: chu-psa, holds: [health_identifying]}
    people:
      - {id: urgentistes, name: Urgentistes, establishment: chu-psa}
    services:                           # components the answers do not describe
      - {id: passerelle, name: Passerelle DICOM, operated_by: chu-psa, stores_data: false}
    flows:
      - {from: pacs, to: vendor, data: [health_identifying], purpose: inference,
         frequency: per_request, encrypted_in_transit: true}
      - {from: vendor, to: urgentistes, data: [health_identifying], purpose: results}

Flow ends name a system, person or service of the file, or a component of the offer: ``vendor``
(the AI system's entry point), ``vendor-cloud`` (its online part, when hybrid), ``support``,
``model-api``, or a sub-processor by the slug of its name (``stratus-web-services-emea``).
Establishments are the tender's. Every problem is reported at once, with its line.

An entity with ``hospital_contract: true`` is a provider the hospital contracts itself (its
off-site backup, a regional e-health platform): the systems, people and services it operates are
on the hospital's side, so the vendor is not blamed for not listing it, but it remains a third
party, and offers that rely on its group show as a concentration in the GHT graph (FLOW-06).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sovereignty.core.errors import ContentError, Problem, did_you_mean
from sovereignty.core.model import Text
from sovereignty.core.validation import validate_document
from sovereignty.core.yamlio import YamlDocument, load_yaml
from sovereignty.dataflow.build import OfferBuilder
from sovereignty.dataflow.catalogue import jurisdictions
from sovereignty.dataflow.model import FLOWS_SCHEMA, Flow, FlowsFile, slug

RESERVED = ("vendor", "vendor-cloud", "support", "model-api")


@dataclass
class LoadedFlows:
    path: Path
    doc: YamlDocument
    file: FlowsFile


def load_flows_file(path: Path) -> LoadedFlows:
    """Read and validate the structure of a flows file (references are checked when applied)."""
    doc = load_yaml(path)
    flows = validate_document(
        doc,
        FlowsFile,
        expected=Text(
            fr="un fichier de flux est une table avec 'schema', 'systems', 'people' et 'flows'",
            en="a flows file must be a mapping with 'schema', 'systems', 'people' and 'flows'",
        ),
        schema=FLOWS_SCHEMA,
        messages={
            "string_pattern_mismatch": Text(
                fr="minuscules, chiffres, '-' ou '_' attendus",
                en="expected lower-case letters, digits, '-' or '_'",
            )
        },
    )
    return LoadedFlows(path, doc, flows)


class _Applier:
    def __init__(self, builder: OfferBuilder, loaded: LoadedFlows) -> None:
        self.b = builder
        self.loaded = loaded
        self.problems: list[Problem] = []
        self.establishments = [e[0] for e in builder.hospital.establishments] or ["hospital"]
        self.entities: dict[str, str] = {"vendor": builder.vendor_entity}
        for est in self.establishments:
            self.entities[est] = f"entity:{est}"
        self.handles: dict[str, str] = dict(builder.handles)
        self.contracted: set[str] = set()  # entities the hospital contracts directly
        self.unknown_refs = False  # a reference was wrong: a missing flow may be its consequence

    def where(self, *loc: str | int) -> str:
        return self.loaded.doc.where(loc)

    def source(self, *loc: str | int) -> str:
        line = self.loaded.doc.marks.get(tuple(loc), (0, 0))[0]
        return f"{self.loaded.path.name}:{line}"

    def problem(self, loc: tuple[str | int, ...], fr: str, en: str) -> None:
        self.problems.append(Problem(self.where(*loc), Text(fr=fr, en=en)))

    def unknown(
        self, loc: tuple[str | int, ...], what: tuple[str, str], ref: str, known: list[str]
    ) -> None:
        """``what``: "unknown <kind>" in French (agreed in gender), and the kind in English."""
        self.unknown_refs = True
        fr_hint, en_hint = did_you_mean(ref, known)
        listed = ", ".join(sorted(known))
        self.problem(
            loc,
            f"{what[0]} {ref!r} ; valeurs possibles : {listed}{fr_hint}",
            f"unknown {what[1]} {ref!r}; expected one of: {listed}{en_hint}",
        )

    def establishment(self, loc: tuple[str | int, ...], est: str | None) -> str:
        if est is None:
            return self.b.hospital.support
        if est not in self.establishments:
            self.unknown(loc, ("établissement inconnu", "establishment"), est, self.establishments)
        return est

    def entity(self, loc: tuple[str | int, ...], ref: str | None, default: str) -> str:
        if ref is None:
            return default
        if ref not in self.entities:
            self.unknown(loc, ("entité inconnue", "entity"), ref, list(self.entities))
            return default
        return self.entities[ref]

    def apply(self) -> list[str]:
        file, b = self.loaded.file, self.b
        if file.vendor is not None and file.vendor != b.vendor:
            self.problem(
                ("vendor",),
                f"ce fichier est celui de l'offre {file.vendor!r}, pas de {b.vendor!r}",
                f"this file is for vendor {file.vendor!r}, not {b.vendor!r}",
            )
        for i, ent in enumerate(file.entities):
            if ent.id == "vendor" and ent.hospital_contract:
                self.problem(
                    ("entities", i, "hospital_contract"),
                    "l'éditeur n'est pas un prestataire que l'établissement contracte en plus "
                    "de l'offre ; retirez 'hospital_contract'",
                    "the vendor is not a provider the hospital contracts besides the offer; "
                    "remove 'hospital_contract'",
                )
            if ent.id == "vendor":
                b.out.node(
                    b.vendor_entity,
                    "entity",
                    b.a.vendor_name,
                    country=ent.country,
                    sources=(self.source("entities", i),),
                )
                continue
            entity_id = f"entity:{slug(ent.name or ent.id)}"
            b.node(
                entity_id,
                "entity",
                ent.name or ent.id,
                country=ent.country,
                sources=(self.source("entities", i),),
            )
            self.entities[ent.id] = entity_id
            if ent.hospital_contract:
                self.contracted.add(entity_id)
        self.countries()
        self.ownership_loops()
        for i, ent in enumerate(file.entities):
            if ent.parent is not None:
                child = self.entities.get(ent.id, b.vendor_entity)
                parent = self.entity(("entities", i, "parent"), ent.parent, child)
                b.out.relate("controlled_by", child, parent, (self.source("entities", i),))
        local: dict[str, str] = {}
        for i, system in enumerate(file.systems):
            est = self.establishment(("systems", i, "establishment"), system.establishment)
            operator = self.entity(
                ("systems", i, "operated_by"), system.operated_by, f"entity:{est}"
            )
            node = b.node(
                f"sys:{est}/{system.id}",
                "hospital_system",
                system.name,
                type=system.type,
                establishment=est,
                holds=system.holds,
                locations=(system.location,),
                hospital=self.on_hospital_side(operator),
                sources=(self.source("systems", i),),
            )
            b.out.relate("operated_by", node, operator)
            self.local(local, ("systems", i, "id"), system.id, node)
        for i, person in enumerate(file.people):
            est = self.establishment(("people", i, "establishment"), person.establishment)
            operator = self.entity(
                ("people", i, "operated_by"), person.operated_by, f"entity:{est}"
            )
            node = b.node(
                f"people:{est}/{person.id}",
                "people",
                person.name,
                establishment=est,
                locations=(person.location,),
                stores_data=False,
                hospital=self.on_hospital_side(operator),
                sources=(self.source("people", i),),
            )
            b.out.relate("operated_by", node, operator)
            self.local(local, ("people", i, "id"), person.id, node)
        for i, service in enumerate(file.services):
            operator = self.entity(
                ("services", i, "operated_by"), service.operated_by, b.vendor_entity
            )
            owner = b.vendor if operator == b.vendor_entity else operator.removeprefix("entity:")
            hospital = self.on_hospital_side(operator)
            node = b.node(
                f"svc:{owner}/{service.id}",
                service.kind,
                service.name,
                locations=service.locations,
                stores_data=service.stores_data,
                hospital=hospital,
                sources=(self.source("services", i),),
            )
            b.out.relate("operated_by", node, operator)
            if operator == b.vendor_entity and service.stores_data:
                b.vendor_nodes.append(node)
            self.local(local, ("services", i, "id"), service.id, node)
        self.handles.update(local)
        for i, service in enumerate(file.services):
            if service.hosted_on is not None:
                platform = self.ref(("services", i, "hosted_on"), service.hosted_on)
                if platform and b.out.nodes[platform]["kind"] != "platform":
                    self.problem(
                        ("services", i, "hosted_on"),
                        f"{service.hosted_on!r} n'est pas une plateforme (kind: platform)",
                        f"{service.hosted_on!r} is not a platform (kind: platform)",
                    )
                elif platform:
                    b.out.relate("hosted_on", local[service.id], platform)
        return self.flows()

    def countries(self) -> None:
        """Every country code is one the jurisdictions know: an unknown one would be judged
        neither in nor out of the EEA, silently."""
        known = jurisdictions().countries
        file = self.loaded.file
        places: list[tuple[tuple[str | int, ...], str | None]] = [
            (("entities", i, "country"), e.country) for i, e in enumerate(file.entities)
        ]
        places += [(("systems", i, "location"), s.location) for i, s in enumerate(file.systems)]
        places += [(("people", i, "location"), p.location) for i, p in enumerate(file.people)]
        places += [
            (("services", i, "locations", j), code)
            for i, service in enumerate(file.services)
            for j, code in enumerate(service.locations)
        ]
        for loc, code in places:
            if code is not None and code not in known:
                self.unknown(loc, ("code pays inconnu", "country code"), code, list(known))

    def ownership_loops(self) -> None:
        """An entity cannot control itself, directly or through others: the control chains
        would have no top, and the loop is a mistake in the file."""
        parents = {e.id: e.parent for e in self.loaded.file.entities if e.parent is not None}
        reported: set[str] = set()
        for i, ent in enumerate(self.loaded.file.entities):
            chain = [ent.id]
            current = parents.get(ent.id)
            while current is not None and current not in chain:
                chain.append(current)
                current = parents.get(current)
            if current == ent.id and ent.id not in reported:
                reported.update(chain)
                loop = " -> ".join([*chain, ent.id])
                self.problem(
                    ("entities", i, "parent"),
                    f"boucle de contrôle : {loop} ; une entité ne peut se contrôler elle-même",
                    f"ownership loop: {loop}; an entity cannot control itself",
                )

    def on_hospital_side(self, operator: str) -> bool:
        """Run by an establishment, or by a provider the hospital contracts directly."""
        return operator in self.contracted or bool(
            self.b.out.nodes.get(operator, {}).get("hospital")
        )

    def local(self, local: dict[str, str], loc: tuple[str | int, ...], ref: str, node: str) -> None:
        if ref in RESERVED or ref in self.b.handles:
            self.problem(
                loc,
                f"l'id {ref!r} est réservé à un composant de l'offre ; choisissez-en un autre",
                f"id {ref!r} is reserved for a component of the offer; choose another",
            )
        elif ref in local:
            self.problem(
                loc, f"l'id {ref!r} est déclaré deux fois", f"id {ref!r} is declared twice"
            )
        local[ref] = node

    def ref(self, loc: tuple[str | int, ...], ref: str) -> str | None:
        node = self.handles.get(ref)
        if node is None:
            self.unknown(
                loc,
                ("système, personne ou service inconnu", "system, person or service"),
                ref,
                list(self.handles),
            )
        return node

    def flows(self) -> list[str]:
        b = self.b
        vendor_side = {b.main, b.cloud, *b.vendor_nodes}
        protection = {"encrypted_in_transit": b.transit(), **b.rest_protection()}
        senders: list[str] = []
        touches_vendor = False
        for i, item in enumerate(self.loaded.file.flows):
            source = self.ref(("flows", i, "from"), item.source)
            target = self.ref(("flows", i, "to"), item.target)
            if source is None or target is None:
                continue
            if source == target:
                self.problem(
                    ("flows", i),
                    "un flux va d'un nœud à lui-même",
                    "a flow goes from a node to itself",
                )
                continue
            touches_vendor = touches_vendor or bool({source, target} & vendor_side)
            fields: dict[str, Any] = {
                "categories": item.data,
                "purpose": item.purpose,
                "description": item.description,
                "frequency": item.frequency,
                "encrypted_in_transit": item.encrypted_in_transit,
                "encrypted_at_rest": item.encrypted_at_rest,
                "keys_held_by": item.keys_held_by,
                "offer": b.vendor,
                "sources": (self.source("flows", i),),
            }
            ends = [(source, target)] + ([(target, source)] if item.direction == "both" else [])
            for u, v in ends:
                data = dict(fields)
                if (
                    v in vendor_side
                ):  # unstated protection: what the vendor declares for its service
                    for key, value in protection.items():
                        if data[key] is None:
                            data[key] = value
                b.out.flow(Flow(source=u, target=v, **data))
                if (
                    v in vendor_side
                    and b.out.nodes[u].get("hospital")
                    and b.out.nodes[u]["kind"] == "hospital_system"
                ):
                    senders.append(u)
        if not touches_vendor and not self.unknown_refs:
            self.problem(
                ("flows",),
                "aucun flux n'atteint ni ne quitte le service de l'éditeur : ajoutez-en un avec "
                "'to: vendor'",
                "no flow reaches or leaves the vendor's service: add one with 'to: vendor'",
            )
        if self.problems:
            raise ContentError(self.loaded.path, self.problems)
        if not senders:
            senders = [
                n
                for n, attrs in b.out.nodes.items()
                if attrs["kind"] == "hospital_system" and attrs.get("hospital")
            ]
        return sorted(dict.fromkeys(senders))


def apply_flows_file(builder: OfferBuilder, loaded: LoadedFlows) -> list[str]:
    """Add the file's systems, people, services and flows; returns the hospital systems that
    send data to the vendor (where exported data goes back). Raises ContentError listing every
    problem (unknown references, reserved or duplicate ids, no flow to the vendor)."""
    return _Applier(builder, loaded).apply()
