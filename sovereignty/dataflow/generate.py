"""Synthetic GHT-sized data-flow graphs, for benchmarks and stress tests.

At scale 1: 10 establishments of 1,200 databases each, 50 vendors, a pool of 40 provider groups
(hosting, model APIs, backup, monitoring, support; many EU subsidiaries of non-EU groups), and
60,000 flows: half inside the establishments, most of the rest from the hospital to the vendors'
services, results coming back, and vendors sending to their sub-processors (some undeclared,
some chains two or three deep). Scale ``k`` multiplies establishments, vendors, providers and
flows by ``k``. The same seed gives the same graph.

Objects are created with ``model_construct`` (no validation): the generator's output is valid by
construction, and validating a million flows would dominate the time being measured. What is the
same in many objects is shared, as a loader interning its values would: the set of fields given
(pydantic keeps one per object, larger than the object's values) and the category tuples. A
16x model takes about half the memory it would otherwise.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from typing import Any

from sovereignty.dataflow.model import CATEGORIES, DataflowModel, Flow, Node, Relation

HOSPITAL_MIX = (
    ("health_identifying",) * 8
    + ("health_pseudonymised",) * 2
    + ("administrative",) * 4
    + ("staff",) * 3
    + ("logs",) * 2
    + ("anonymous",)
)
PROVIDER_COUNTRIES = ("us",) * 7 + ("fr",) * 5 + ("eea",) * 4 + ("uk", "ch", "in", "cn")
ROLES = ("hosting", "hosting", "model_provider", "backup", "monitoring", "support", "analytics")
PURPOSES = ("inference", "storage", "analytics", "training")


@dataclass(frozen=True)
class Size:
    establishments: int = 10
    databases: int = 1200
    people: int = 20
    vendors: int = 50
    providers: int = 40
    flows: int = 60_000

    def scaled(self, k: float) -> Size:
        return Size(
            max(1, round(self.establishments * k)),
            self.databases,
            self.people,
            max(1, round(self.vendors * k)),
            max(2, round(self.providers * k)),
            max(1, round(self.flows * k)),
        )


class _Generator:
    def __init__(self, size: Size, seed: int) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.nodes: dict[str, dict[str, Any]] = {}
        self.flows: list[Flow] = []
        self.relations: list[Relation] = []
        self.operator: dict[str, str] = {}

    def node(self, node_id: str, kind: str, **fields: Any) -> str:
        fields.setdefault("name", node_id)
        self.nodes[node_id] = {"id": node_id, "kind": kind, **fields}
        return node_id

    def relate(self, kind: str, source: str, target: str) -> None:
        self.relations.append(
            Relation.model_construct(
                _fields_set=_shared_fields(("kind", "source", "target")),
                kind=kind,  # type: ignore[arg-type]
                source=source,
                target=target,
            )
        )
        if kind == "operated_by":
            self.operator[source] = target

    def flow(self, source: str, target: str, categories: tuple[str, ...], **fields: Any) -> None:
        rng = self.rng
        attrs: dict[str, Any] = {
            "purpose": "other",
            "encrypted_in_transit": rng.random() > 0.03,
            "encrypted_at_rest": rng.choice((True, True, False, None)),
            "keys_held_by": rng.choice(("hospital", "vendor", "host", "third_party", None)),
            "readable": None,
            "offer": None,
            "description": None,
            "frequency": None,
            "sources": (),
            **fields,
        }
        self.flows.append(
            Flow.model_construct(
                _fields_set=_shared_fields(("source", "target", "categories", *attrs)),
                source=source,
                target=target,
                categories=categories,  # type: ignore[arg-type]
                **attrs,
            )
        )

    def categories(self, k: int = 2) -> tuple[str, ...]:
        picked = {self.rng.choice(HOSPITAL_MIX) for _ in range(self.rng.randint(1, k))}
        found = tuple(c for c in CATEGORIES if c in picked)
        return _CATEGORY_TUPLES.setdefault(found, found)

    def build(self) -> DataflowModel:
        self.hospital()
        self.providers()
        self.vendors()
        self.hospital_flows()
        nodes = tuple(
            Node.model_construct(_fields_set=_shared_fields(tuple(fields)), **fields)
            for fields in self.nodes.values()
        )
        return DataflowModel.model_construct(
            nodes=nodes, flows=tuple(self.flows), relations=tuple(self.relations), answers={}
        )

    def hospital(self) -> None:
        size, rng = self.size, self.rng
        self.databases: list[list[str]] = []
        self.people: list[list[str]] = []
        for e in range(size.establishments):
            entity = self.node(f"entity:est-{e}", "entity", country="fr", hospital=True)
            platform = self.node(
                f"platform:est-{e}/datacenter", "platform", hospital=True, locations=("fr",)
            )
            self.relate("operated_by", platform, entity)
            dbs = []
            for d in range(size.databases):
                holds = self.categories(3) if rng.random() < 0.5 else ()
                db = self.node(
                    f"sys:est-{e}/db-{d}",
                    "hospital_system",
                    hospital=True,
                    holds=holds,
                    locations=("fr",),
                )
                self.relate("operated_by", db, entity)
                self.relate("hosted_on", db, platform)
                dbs.append(db)
            self.databases.append(dbs)
            people = []
            for p in range(size.people):
                person = self.node(
                    f"people:est-{e}/group-{p}",
                    "people",
                    hospital=True,
                    stores_data=False,
                    locations=("fr",),
                )
                self.relate("operated_by", person, entity)
                people.append(person)
            self.people.append(people)

    def providers(self) -> None:
        size, rng = self.size, self.rng
        self.provider_services: list[tuple[str, str, str]] = []  # (node, entity, role)
        self.platforms: list[str] = []
        for p in range(size.providers):
            country = rng.choice(PROVIDER_COUNTRIES)
            group = self.node(f"entity:group-{p}", "entity", country=country)
            operator = group
            if country not in ("fr", "eea") and rng.random() < 0.6:  # an EU subsidiary
                operator = self.node(f"entity:group-{p}-eu", "entity", country="eea")
                self.relate("controlled_by", operator, group)
            location = "eea" if operator != group or country in ("fr", "eea") else country
            for r, role in enumerate(rng.sample(ROLES, rng.randint(1, 3))):
                kind = {
                    "hosting": "platform",
                    "model_provider": "model_api",
                    "support": "people",
                }.get(role, "service")
                node = self.node(
                    f"svc:group-{p}/{role}-{r}",
                    kind,
                    locations=(location,),
                    stores_data=kind not in ("people", "model_api"),
                )
                self.relate("operated_by", node, operator)
                self.provider_services.append((node, operator, role))
                if kind == "platform":
                    self.platforms.append(node)
        if not self.platforms:
            self.platforms.append(self.provider_services[0][0])

    def vendors(self) -> None:
        size, rng = self.size, self.rng
        self.vendor_services: list[str] = []
        self.vendor_of_service: dict[str, str] = {}
        weights = [1.0 / (i + 1) for i in range(len(self.platforms))]  # a few hyperscalers dominate
        for v in range(size.vendors):
            vid = f"vendor-{v}"
            country = rng.choice(("fr", "fr", "eea", "eea", "us"))
            entity = self.node(
                f"entity:{vid}", "entity", country=country, vendor_of=vid, offers=(vid,)
            )
            if country == "eea" and rng.random() < 0.3:
                self.relate(
                    "controlled_by",
                    entity,
                    rng.choice([f"entity:group-{p}" for p in range(size.providers)]),
                )
            platform = rng.choices(self.platforms, weights)[0]
            subs = rng.sample(
                self.provider_services, min(len(self.provider_services), rng.randint(2, 6))
            )
            declared = (vid,)
            services = []
            for s in range(rng.randint(2, 5)):
                service = self.node(f"svc:{vid}/s{s}", "service", offers=(vid,))
                self.relate("operated_by", service, entity)
                self.relate("hosted_on", service, platform)
                services.append(service)
                self.vendor_of_service[service] = vid
            for a, b in itertools.pairwise(services):
                self.flow(a, b, self.categories(), purpose="inference", offer=vid)
            chain_from = services[0]
            for i, (node, operator, _role) in enumerate(subs):
                self.mark(node, vid)
                self.mark(operator, vid, declared=declared if rng.random() > 0.1 else ())
                source = chain_from if i and rng.random() < 0.2 else rng.choice(services)
                self.flow(source, node, self.categories(), purpose=rng.choice(PURPOSES), offer=vid)
                chain_from = node
            self.mark(self.operator[platform], vid, declared=declared)
            self.mark(platform, vid)
            if rng.random() < 0.6:
                for service in services[:2]:
                    db = rng.choice(rng.choice(self.databases))
                    self.flow(service, db, self.categories(), purpose="export", offer=vid)
            self.vendor_services.extend(services)

    def mark(self, node_id: str, vendor: str, declared: tuple[str, ...] = ()) -> None:
        """Add ``vendor`` to a shared node's offers (and declarations)."""
        fields = self.nodes[node_id]
        fields["offers"] = (*fields.get("offers", ()), vendor)
        fields["declared_by"] = (*fields.get("declared_by", ()), *declared)

    def hospital_flows(self) -> None:
        size, rng = self.size, self.rng
        remaining = size.flows - len(self.flows)
        internal, outbound, results = (round(remaining * s) for s in (0.5, 0.38, 0.12))
        for _ in range(internal):
            dbs = rng.choice(self.databases)
            self.flow(rng.choice(dbs), rng.choice(dbs), self.categories(), purpose="care")
        for _ in range(outbound):
            service = rng.choice(self.vendor_services)
            db = rng.choice(rng.choice(self.databases))
            self.flow(
                db,
                service,
                self.categories(),
                purpose="inference",
                offer=self.vendor_of_service[service],
            )
        for _ in range(results):
            service = rng.choice(self.vendor_services)
            e = rng.randrange(size.establishments)
            target = rng.choice(self.people[e] if rng.random() < 0.5 else self.databases[e])
            self.flow(
                service,
                target,
                self.categories(),
                purpose="results",
                offer=self.vendor_of_service[service],
            )


_CATEGORY_TUPLES: dict[tuple[str, ...], tuple[str, ...]] = {}
_FIELD_SETS: dict[tuple[str, ...], set[str]] = {}


def _shared_fields(names: tuple[str, ...]) -> set[str]:
    """One set of field names per distinct list of fields given, shared by the objects given
    them (models are frozen: pydantic copies the set before changing a copy's)."""
    found = _FIELD_SETS.get(names)
    if found is None:
        found = _FIELD_SETS[names] = set(names)
    return found


def generate_ght(scale: float = 1.0, seed: int = 0, size: Size | None = None) -> DataflowModel:
    """A synthetic GHT model; ``scale`` multiplies the default size (see the module docstring)."""
    return _Generator((size or Size()).scaled(scale), seed).build()
