"""Building an offer's data-flow model from its answer sheet (and the hospital's flows file).

The vendor's side comes from the hosting, sub-processor, AI Act (general-purpose model),
reversibility and exit answers; the hospital's side from ``vendors/<id>/flows.yaml`` when there
is one (see :mod:`sovereignty.dataflow.flowsfile`), otherwise from one node standing for the
hospital's systems, which sends the categories of ``purpose.data_categories`` and receives results.

Each node and flow records the answers it comes from (``answers:<question>``), so that every
finding can cite them. The sub-processor chain is built by :mod:`.subprocessors`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sovereignty.core.model import Text
from sovereignty.dataflow.answers import OfferAnswers, categories_of, words_of
from sovereignty.dataflow.assemble import Assembler
from sovereignty.dataflow.catalogue import node_name
from sovereignty.dataflow.model import Category, DataflowModel, Flow, named, names_someone, slug
from sovereignty.dataflow.subprocessors import (
    HOSPITAL_MARK,
    add_declared_flows,
    add_default_flows,
    add_subprocessors,
)

HOSTED_ELSEWHERE = ("ght_shared", "vendor_saas", "third_party_cloud", "hybrid")
ON_HOSPITAL_PREMISES = ("on_premises", "hospital_private_cloud")


@dataclass(frozen=True)
class HospitalSide:
    """The buyer: its name and the GHT's establishments (id, name, role)."""

    buyer: str
    establishments: tuple[tuple[str, str, str], ...] = ()

    @property
    def support(self) -> str:
        for est_id, _, role in self.establishments:
            if role == "support":
                return est_id
        return self.establishments[0][0] if self.establishments else "hospital"

    def entity_id(self, establishment: str | None = None) -> str:
        return f"entity:{establishment or self.support}"


class OfferBuilder:
    """Builds one vendor's model; :func:`build_offer_model` is the entry point."""

    def __init__(self, answers: OfferAnswers, hospital: HospitalSide) -> None:
        self.a = answers
        self.hospital = hospital
        self.vendor = answers.vendor_id
        self.out = Assembler()
        self.handles: dict[str, str] = {}  # names usable in flows files -> node ids
        self.words: list[tuple[str, set[str], int]] = []  # (node id, words, priority) for matching
        self.vendor_nodes: list[str] = []  # nodes the vendor operates that keep data
        self.explicit_targets: set[str] = set()  # nodes a declared flow reaches
        self.host: str | None = None  # the entity hosting the online part
        self.api: str | None = None  # the general-purpose model's API node
        self.support: str | None = None  # the vendor's support desk
        self.sub_nodes: dict[str, tuple[str, dict[str, Any]]] = {}  # node -> (index, record)
        self.hospital_flows: list[Flow] = []  # declared flows to or from the hospital

    # --- small helpers -----------------------------------------------------------------------
    def node(self, node_id: str, kind: Any, name: str | Text, **fields: Any) -> str:
        fields.setdefault("offers", (self.vendor,))
        return self.out.node(node_id, kind, name, **fields)

    def entity(
        self,
        name: str | Text,
        country: str | None,
        source: str,
        *,
        parent: str | None = None,
        parent_country: str | None = None,
        parent_source: str | None = None,
        declared: bool = False,
        hospital: bool = False,
    ) -> str:
        entity_id = f"entity:{slug(name)}"
        self.node(
            entity_id,
            "entity",
            name,
            country=country,
            sources=(source,),
            hospital=hospital,
            declared_by=(self.vendor,) if declared else (),
            mentioned_by=(self.vendor,),
        )
        if parent and slug(parent) != slug(name):
            parent_id = self.entity(parent, parent_country, parent_source or source)
            self.out.relate("controlled_by", entity_id, parent_id, (parent_source or source,))
        return entity_id

    def flow(
        self, source: str, target: str, categories: tuple[Category, ...], **fields: Any
    ) -> None:
        if not categories or source == target:
            return
        fields.setdefault("offer", self.vendor)
        self.out.flow(Flow(source=source, target=target, categories=categories, **fields))

    def name_of(self, node_id: str) -> str | Text:
        """A node's name as built so far, in both languages when it was generated."""
        attrs = self.out.nodes[node_id]
        name: str = attrs["name"]
        english = attrs.get("name_en")
        return Text(fr=name, en=english) if english else name

    def transit(self) -> bool | None:
        return self.a.yes("hosting.encryption_in_transit")

    # --- the build ---------------------------------------------------------------------------
    def build(self) -> None:
        self.hospital_entities()
        self.vendor_entity = self.entity(
            self.a.vendor_name,
            self.a.get("aiact.provider_country"),
            "answers:aiact.provider_country",
            parent=named(self.a.get("aiact.provider_parent")),
            parent_country=self.a.get("aiact.provider_parent_country"),
            parent_source="answers:aiact.provider_parent_country",
        )
        self.out.nodes[self.vendor_entity]["vendor_of"] = self.vendor
        self.out.nodes[self.vendor_entity]["declared_by"] = (self.vendor,)
        self.services()
        self.model_api()
        add_subprocessors(self)
        self.remote_access()
        add_declared_flows(self)
        add_default_flows(self)

    def hospital_entities(self) -> None:
        sites = self.hospital.establishments or (("hospital", self.hospital.buyer, "support"),)
        for est_id, name, _ in sites:
            self.node(f"entity:{est_id}", "entity", name, country="fr", hospital=True)

    def services(self) -> None:
        model = self.a.get("hosting.model")
        name = self.a.vendor_name
        vendor_data = self.vendor_categories()
        self.main = self.node(
            f"svc:{self.vendor}/ai",
            "service",
            node_name("ai_system", name=name),
            sources=("answers:hosting.model",),
        )
        self.out.relate("operated_by", self.main, self.vendor_entity)
        self.vendor_nodes.append(self.main)
        self.entry = self.cloud = self.main
        if model in ON_HOSPITAL_PREMISES or model == "hybrid":
            self.out.relate(
                "hosted_on", self.main, self.hospital_platform(), ("answers:hosting.model",)
            )
        if model == "ght_shared":
            self.out.relate(
                "hosted_on", self.main, self.hospital_platform(ght=True), ("answers:hosting.model",)
            )
        if model in ("vendor_saas", "third_party_cloud", "hybrid"):
            if model == "hybrid":
                self.cloud = self.node(
                    f"svc:{self.vendor}/cloud",
                    "service",
                    node_name("online_services", name=name),
                    sources=("answers:hosting.model",),
                )
                self.out.relate("operated_by", self.cloud, self.vendor_entity)
                self.vendor_nodes.append(self.cloud)
                self.flow(
                    self.main,
                    self.cloud,
                    vendor_data,
                    purpose="monitoring",
                    encrypted_in_transit=self.transit(),
                    **self.rest_protection(),
                    sources=("answers:hosting.model", "answers:subprocessors.vendor_data"),
                )
            platform, host = self.cloud_platform(model)
            self.out.relate("hosted_on", self.cloud, platform, ("answers:hosting.provider_name",))
            self.administrators(host, vendor_data)
            self.processing_elsewhere(host, vendor_data)
        self.handles["vendor"] = self.main
        if self.cloud != self.main:
            self.handles["vendor-cloud"] = self.cloud
        self.words.append(
            (
                self.main,
                words_of(name)
                | {
                    "serveur",
                    "server",
                    "inference",
                    "plateforme",
                    "platform",
                    "service",
                    "application",
                    "fournisseur",
                    "vendor",
                    "editeur",
                    "solution",
                    "logiciel",
                },
                0,
            )
        )
        if self.cloud != self.main:
            self.words.append(
                (self.cloud, words_of(name) | {"cloud", "en", "ligne", "online", "saas"}, 0)
            )

    def vendor_categories(self) -> tuple[Category, ...]:
        declared = self.a.choices("subprocessors.vendor_data")
        return categories_of(declared) if declared else self.purpose_categories()

    def purpose_categories(self) -> tuple[Category, ...]:
        return categories_of(self.a.choices("purpose.data_categories"))

    def rest_protection(self) -> dict[str, Any]:
        at_rest = self.a.yes("hosting.encryption_at_rest")
        return {
            "encrypted_at_rest": at_rest,
            "keys_held_by": self.a.get("hosting.keys_holder") if at_rest else None,
        }

    def hospital_platform(self, ght: bool = False) -> str:
        support = self.hospital.support
        platform = "platform:ght/datacenter" if ght else f"platform:{support}/datacenter"
        name = node_name("ght_hosting" if ght else "hospital_datacenter")
        self.node(platform, "platform", name, locations=("fr",), hospital=True)
        self.out.relate("operated_by", platform, self.hospital.entity_id())
        return platform

    def cloud_platform(self, model: str) -> tuple[str, str]:
        """The platform the online part runs on, and the entity hosting it."""
        provider = named(self.a.get("hosting.provider_name"))
        if provider is not None:
            host = self.entity(
                provider,
                None,
                "answers:hosting.provider_name",
                parent=named(self.a.get("hosting.provider_parent")),
                parent_country=self.a.get("hosting.provider_parent_country"),
                parent_source="answers:hosting.provider_parent_country",
            )
        elif model == "vendor_saas":
            host = self.vendor_entity
        else:
            host = self.entity(node_name("unnamed_host"), None, "answers:hosting.provider_name")
        locations = tuple(dict.fromkeys(self.a.choices("hosting.storage_countries")))
        platform = f"platform:{host.removeprefix('entity:')}" + (
            f"@{'-'.join(locations)}" if locations else ""
        )
        certifications = tuple(
            c
            for c, q in (("hds", "hosting.hds"), ("secnumcloud", "hosting.secnumcloud"))
            if self.a.yes(q)
        )
        self.node(
            platform,
            "platform",
            node_name("hosting", name=self.name_of(host)),
            locations=locations,
            certifications=certifications,
            sources=("answers:hosting.provider_name", "answers:hosting.storage_countries"),
        )
        self.out.relate("operated_by", platform, host)
        self.host = host
        return platform, host

    def administrators(self, host: str, categories: tuple[Category, ...]) -> None:
        countries = tuple(dict.fromkeys(self.a.choices("hosting.admin_countries")))
        if not countries:
            return
        admins = self.node(
            f"people:{host.removeprefix('entity:')}/admins@{'-'.join(countries)}",
            "people",
            node_name("administrators", name=self.name_of(host)),
            locations=countries,
            stores_data=False,
            sources=("answers:hosting.admin_countries",),
        )
        self.out.relate("operated_by", admins, host)
        self.flow(
            self.cloud,
            admins,
            categories,
            purpose="administration",
            encrypted_in_transit=self.transit(),
            **self.rest_protection(),
            sources=("answers:hosting.admin_countries",),
        )

    def processing_elsewhere(self, host: str, categories: tuple[Category, ...]) -> None:
        storage = set(self.a.choices("hosting.storage_countries"))
        extra = tuple(c for c in self.a.choices("hosting.processing_countries") if c not in storage)
        if not extra:
            return
        node = self.node(
            f"svc:{self.vendor}/processing@{'-'.join(extra)}",
            "service",
            node_name("processing_elsewhere", name=self.a.vendor_name),
            locations=extra,
            stores_data=False,
            sources=("answers:hosting.processing_countries",),
        )
        self.out.relate("operated_by", node, host)
        self.flow(
            self.cloud,
            node,
            categories,
            purpose="inference",
            encrypted_in_transit=self.transit(),
            **self.rest_protection(),
            sources=("answers:hosting.processing_countries",),
        )

    def model_api(self) -> None:
        if (
            self.a.get("aiact.gpai") != "yes"
            or self.a.get("aiact.gpai_deployment") != "provider_api"
        ):
            return
        given = self.a.get("aiact.gpai_model")
        model: str | Text = str(given) if given else node_name("gpai_model")
        providers = [
            r for r in self.a.records("subprocessors.list") if r.get("role") == "model_provider"
        ]
        provider_name: str | Text
        short: str | Text = model
        if isinstance(model, str):
            short = re.split(r"[,(;]", model, maxsplit=1)[0].strip() or model
        found = re.search(r"(?:fourni par|provided by|de|by)\s+([^,;()]+?)\s*\.?$", str(given))
        if providers:
            provider_name = str(providers[0].get("name") or "") or model
        elif given and found and names_someone(found.group(1)):
            provider_name = found.group(1)
        else:
            provider_name = node_name("model_provider", name=model)
        country = self.a.get("aiact.gpai_provider_country")
        entity = self.entity(provider_name, country, "answers:aiact.gpai_model")
        self.api = self.node(
            f"api:{slug(provider_name)}",
            "model_api",
            node_name("model_api", name=short),
            stores_data=False,
            locations=(country,) if country else (),
            sources=("answers:aiact.gpai_model", "answers:aiact.gpai_deployment"),
        )
        self.out.relate("operated_by", self.api, entity)
        self.handles["model-api"] = self.api
        self.words.append(
            (
                self.api,
                words_of(model.fr if isinstance(model, Text) else model)
                | words_of(provider_name.fr if isinstance(provider_name, Text) else provider_name)
                | {"api", "llm", "modele", "model"},
                1,
            )
        )

    def remote_access(self) -> None:
        if self.a.yes("hosting.remote_access") is not True:
            return
        countries = tuple(dict.fromkeys(self.a.choices("hosting.remote_access_countries")))
        self.support = self.node(
            f"people:{self.vendor}/support",
            "people",
            node_name("support", name=self.a.vendor_name),
            locations=countries,
            stores_data=False,
            sources=("answers:hosting.remote_access_countries",),
        )
        self.out.relate("operated_by", self.support, self.vendor_entity)
        self.handles["support"] = self.support
        self.words.append(
            (
                self.support,
                words_of(self.a.vendor_name) | {"support", "assistance", "helpdesk", "maintenance"},
                0,
            )
        )

    # --- flows declared in the answers -------------------------------------------------------
    # --- the hospital side when there is no flows file ---------------------------------------
    def default_hospital_side(self) -> None:
        origin = self.node(
            f"sys:{self.hospital.support}/information-system",
            "hospital_system",
            node_name("information_systems"),
            type="other",
            hospital=True,
            holds=self.purpose_categories(),
            locations=("fr",),
            establishment=self.hospital.support,
            sources=("answers:purpose.data_categories",),
        )
        self.out.relate("operated_by", origin, self.hospital.entity_id())
        self.connect_hospital(origin, origin)

    def connect_hospital(self, sender: str, receiver: str) -> None:
        """Flows between the hospital and the vendor: those the answers declare, else defaults."""
        if self.hospital_flows:
            for flow in self.hospital_flows:
                ends = [
                    sender if flow.source == HOSPITAL_MARK else flow.source,
                    receiver if flow.target == HOSPITAL_MARK else flow.target,
                ]
                self.flow(**{**flow.__dict__, "source": ends[0], "target": ends[1]})
            return
        categories = self.purpose_categories()
        self.flow(
            sender,
            self.entry,
            categories,
            purpose="inference",
            encrypted_in_transit=self.transit(),
            **self.rest_protection(),
            sources=("answers:purpose.data_categories",),
        )
        health = tuple(c for c in categories if c.startswith("health"))
        self.flow(
            self.entry,
            receiver,
            health or categories,
            purpose="results",
            sources=("answers:purpose.data_categories",),
        )

    def exports(self, targets: list[str]) -> None:
        """Export flows back to the hospital when the vendor returns its data in a usable way:
        self-service export, or an open or documented format. Each of the vendor's storing nodes
        returns what it receives."""
        returned = self.a.choices("reversibility.returned")
        formats = self.a.get("reversibility.formats")
        usable = self.a.yes("reversibility.self_service_export") or formats in (
            "open",
            "documented",
        )
        if "data" not in returned or not usable:
            return
        for node in self.vendor_nodes:
            received: list[str] = [
                c for f in self.out.flows if f.target == node for c in f.categories
            ]
            categories = categories_of(received or list(self.vendor_categories()))
            for target in targets:
                self.flow(
                    node,
                    target,
                    categories,
                    purpose="export",
                    sources=(
                        "answers:reversibility.returned",
                        "answers:reversibility.self_service_export",
                        "answers:reversibility.formats",
                    ),
                )

    def model(self) -> DataflowModel:
        self.out.answers[self.vendor] = dict(self.a.used)
        return self.out.model()


def build_offer_model(
    answers: OfferAnswers, hospital: HospitalSide, flows: Any = None
) -> DataflowModel:
    """One vendor's model. ``flows``: a loaded flows file (``LoadedFlows``) or None."""
    builder = OfferBuilder(answers, hospital)
    builder.build()
    if flows is None:
        builder.default_hospital_side()
        targets = [f"sys:{hospital.support}/information-system"]
    else:
        from sovereignty.dataflow.flowsfile import apply_flows_file

        targets = apply_flows_file(builder, flows)
    builder.exports(targets)
    return builder.model()
