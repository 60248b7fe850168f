"""Building an offer's data-flow model from its answer sheet (and the hospital's flows file).

The vendor's side comes from the hosting, sub-processor, AI Act (general-purpose model),
reversibility and exit answers; the hospital's side from ``vendors/<id>/flows.yaml`` when there
is one (see :mod:`sovereignty.dataflow.flowsfile`), otherwise from one node standing for the
hospital's systems, which sends the categories of ``purpose.data_categories`` and receives results.

Each node and flow records the answers it comes from (``answers:<question>``), so that every
finding can cite them. Free-text names in ``subprocessors.flows`` are matched to the vendor's
components, its sub-processors and the hospital by their words; a name matching nothing becomes
a node of its own, operated by an organisation the vendor did not list (a finding, FLOW-04).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sovereignty.dataflow.assemble import Assembler
from sovereignty.dataflow.model import CATEGORIES, Category, DataflowModel, Flow, Purpose, slug

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


@dataclass
class OfferAnswers:
    """The answers of one vendor that apply: question id -> value; unknown ones listed apart."""

    vendor_id: str
    vendor_name: str
    values: Mapping[str, Any]
    unknown: frozenset[str] = frozenset()
    used: dict[str, Any] = field(default_factory=dict)

    def get(self, question: str) -> Any:
        value = self.values.get(question)
        if value is not None or question in self.unknown:
            self.used[question] = value
        return value

    def choices(self, question: str) -> list[str]:
        value = self.get(question)
        if isinstance(value, list):
            return [v for v in value if isinstance(v, str)]
        return [value] if isinstance(value, str) else []

    def records(self, question: str) -> list[dict[str, Any]]:
        value = self.get(question)
        return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []

    def yes(self, question: str) -> bool | None:
        value = self.get(question)
        return None if value not in ("yes", "no") else value == "yes"


def categories_of(values: list[str]) -> tuple[Category, ...]:
    return tuple(c for c in CATEGORIES if c in values)


_PURPOSE_WORDS: tuple[tuple[Purpose, tuple[str, ...]], ...] = (
    ("export", ("export", "restitution", "reversibil", "portab")),
    ("training", ("entrain", "training", "amelior", "improv", "apprentiss")),
    ("backup", ("sauvegard", "backup")),
    ("monitoring", ("supervis", "monitor", "telemetr", "metrolog")),
    ("support", ("support", "incident", "maintenance", "assistance", "depannage")),
    ("results", ("retour", "result", "priorit", "compte rendu", "report", "restit")),
    ("inference", ("inferen", "analys", "predict", "detect", "triage")),
    ("administration", ("administr", "exploitation")),
    ("storage", ("stockage", "storage", "archiv", "hebergement", "hosting")),
)


def purpose_of(text: str) -> Purpose:
    plain = slug(text).replace("-", " ")
    for purpose, words in _PURPOSE_WORDS:
        if any(word in plain for word in words):
            return purpose
    return "other"


_ROLE_PURPOSE: dict[str, Purpose] = {
    "hosting": "storage",
    "model_provider": "inference",
    "support": "support",
    "monitoring": "monitoring",
    "analytics": "analytics",
    "backup": "backup",
}


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
        self.explicit_targets: set[str] = set()
        self.host: str | None = None

    # --- small helpers -----------------------------------------------------------------------
    def node(self, node_id: str, kind: Any, name: str, **fields: Any) -> str:
        fields.setdefault("offers", (self.vendor,))
        return self.out.node(node_id, kind, name, **fields)

    def entity(
        self,
        name: str,
        country: str | None,
        source: str,
        *,
        parent: str | None = None,
        parent_country: str | None = None,
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
            parent_id = self.entity(parent, parent_country, source)
            self.out.relate("controlled_by", entity_id, parent_id, (source,))
        return entity_id

    def flow(
        self, source: str, target: str, categories: tuple[Category, ...], **fields: Any
    ) -> None:
        if not categories or source == target:
            return
        fields.setdefault("offer", self.vendor)
        self.out.flow(Flow(source=source, target=target, categories=categories, **fields))

    def transit(self) -> bool | None:
        return self.a.yes("hosting.encryption_in_transit")

    # --- the build ---------------------------------------------------------------------------
    def build(self) -> None:
        self.hospital_entities()
        self.vendor_entity = self.entity(
            self.a.vendor_name,
            self.a.get("aiact.provider_country"),
            "answers:aiact.provider_country",
        )
        self.out.nodes[self.vendor_entity]["vendor_of"] = self.vendor
        self.out.nodes[self.vendor_entity]["declared_by"] = (self.vendor,)
        self.services()
        self.model_api()
        self.subprocessors()
        self.remote_access()
        self.answer_flows()
        self.subprocessor_default_flows()

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
            f"{name} — système d'IA",
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
                    f"{name} — services en ligne",
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
                _words(name)
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
                (self.cloud, _words(name) | {"cloud", "en", "ligne", "online", "saas"}, 0)
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
        name = "Hébergement mutualisé du GHT" if ght else "Centre de données de l'établissement"
        self.node(platform, "platform", name, locations=("fr",), hospital=True)
        self.out.relate("operated_by", platform, self.hospital.entity_id())
        return platform

    def cloud_platform(self, model: str) -> tuple[str, str]:
        """The platform the online part runs on, and the entity hosting it."""
        provider = self.a.get("hosting.provider_name")
        if isinstance(provider, str) and provider.strip():
            host = self.entity(
                provider,
                None,
                "answers:hosting.provider_name",
                parent=self.a.get("hosting.provider_parent"),
                parent_country=self.a.get("hosting.provider_parent_country"),
            )
        elif model == "vendor_saas":
            host = self.vendor_entity
        else:
            host = self.entity("Hébergeur non précisé", None, "answers:hosting.provider_name")
        locations = tuple(dict.fromkeys(self.a.choices("hosting.storage_countries")))
        platform = f"platform:{host.removeprefix('entity:')}" + (
            f"@{'-'.join(locations)}" if locations else ""
        )
        certifications = tuple(
            c
            for c, q in (("hds", "hosting.hds"), ("secnumcloud", "hosting.secnumcloud"))
            if self.a.yes(q)
        )
        host_name = self.out.nodes[host]["name"]
        self.node(
            platform,
            "platform",
            f"Hébergement — {host_name}",
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
        host_name = self.out.nodes[host]["name"]
        admins = self.node(
            f"people:{host.removeprefix('entity:')}/admins@{'-'.join(countries)}",
            "people",
            f"Administrateurs — {host_name}",
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
            f"{self.a.vendor_name} — traitement hors des pays de stockage",
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
        self.api: str | None = None
        if (
            self.a.get("aiact.gpai") != "yes"
            or self.a.get("aiact.gpai_deployment") != "provider_api"
        ):
            return
        model = str(self.a.get("aiact.gpai_model") or "modèle d'IA à usage général")
        providers = [
            r for r in self.a.records("subprocessors.list") if r.get("role") == "model_provider"
        ]
        if providers:
            provider_name = str(providers[0].get("name") or model)
        else:
            found = re.search(r"(?:fourni par|provided by|de|by)\s+([^,;()]+?)\s*\.?$", model)
            provider_name = found.group(1) if found else f"Fournisseur de {model}"
        country = self.a.get("aiact.gpai_provider_country")
        entity = self.entity(provider_name, country, "answers:aiact.gpai_model")
        short = re.split(r"[,(;]", model, maxsplit=1)[0].strip() or model
        self.api = self.node(
            f"api:{slug(provider_name)}",
            "model_api",
            f"API {short}",
            stores_data=False,
            locations=(country,) if country else (),
            sources=("answers:aiact.gpai_model", "answers:aiact.gpai_deployment"),
        )
        self.out.relate("operated_by", self.api, entity)
        self.handles["model-api"] = self.api
        self.words.append(
            (self.api, _words(model) | _words(provider_name) | {"api", "llm", "modele", "model"}, 1)
        )

    def subprocessors(self) -> None:
        self.sub_nodes: dict[str, tuple[str, dict[str, Any]]] = {}  # node -> (index, record)
        for i, record in enumerate(self.a.records("subprocessors.list")):
            name = str(record.get("name") or f"sous-traitant {i + 1}")
            source = f"answers:subprocessors.list[{i}]"
            entity = self.entity(
                name,
                record.get("country"),
                source,
                parent=record.get("parent_company"),
                parent_country=record.get("parent_country"),
                declared=True,
            )
            if record.get("hds_certified") == "yes":
                self.out.node(entity, "entity", name, certifications=("hds",))
            role = str(record.get("role") or "other")
            country = record.get("country")
            locations = (country,) if isinstance(country, str) else ()
            if role == "hosting" and entity == self.host:
                node = self.cloud  # data "sent to the host" lands in the service it hosts
            elif (
                role == "model_provider"
                and self.api is not None
                and self.out.operator_of(self.api) == entity
            ):
                node = self.api
            elif role == "hosting":
                node = self.node(
                    f"platform:{slug(name)}@{country}",
                    "platform",
                    f"Hébergement — {name}",
                    locations=locations,
                    sources=(source,),
                )
            elif role == "model_provider":
                node = self.node(
                    f"api:{slug(name)}",
                    "model_api",
                    f"API {name}",
                    locations=locations,
                    stores_data=False,
                    sources=(source,),
                )
            elif role == "support":
                node = self.node(
                    f"people:{slug(name)}/support",
                    "people",
                    f"Support — {name}",
                    locations=locations,
                    stores_data=False,
                    sources=(source,),
                )
            else:
                node = self.node(
                    f"svc:{slug(name)}/{role}",
                    "service",
                    f"{name} ({role})",
                    locations=locations,
                    sources=(source,),
                )
            if self.out.operator_of(node) is None:
                self.out.relate("operated_by", node, entity, (source,))
            if node not in self.vendor_nodes:
                deleted = self.a.yes("exit.deletion_certificate")
                self.out.nodes[node].setdefault("deletion_certified", deleted)
                self.sub_nodes[node] = (str(i), record)
            self.handles[slug(name)] = node
            priority = 0 if node in self.vendor_nodes else 2
            self.words.append(
                (node, _words(name) | ({"support"} if role == "support" else set()), priority)
            )

    def remote_access(self) -> None:
        self.support: str | None = None
        if self.a.yes("hosting.remote_access") is not True:
            return
        countries = tuple(dict.fromkeys(self.a.choices("hosting.remote_access_countries")))
        self.support = self.node(
            f"people:{self.vendor}/support",
            "people",
            f"Support — {self.a.vendor_name}",
            locations=countries,
            stores_data=False,
            sources=("answers:hosting.remote_access_countries",),
        )
        self.out.relate("operated_by", self.support, self.vendor_entity)
        self.handles["support"] = self.support
        self.words.append(
            (
                self.support,
                _words(self.a.vendor_name) | {"support", "assistance", "helpdesk", "maintenance"},
                0,
            )
        )

    # --- flows declared in the answers -------------------------------------------------------
    def answer_flows(self) -> None:
        self.hospital_flows: list[Flow] = []
        for i, record in enumerate(self.a.records("subprocessors.flows")):
            source = f"answers:subprocessors.flows[{i}]"
            ends = [
                self.resolve(str(record.get(end) or "?"), source)
                for end in ("source", "destination")
            ]
            categories = categories_of(record.get("data_categories") or [])
            if not categories or ends[0] == ends[1]:
                continue
            keys = record.get("keys_held_by")
            transit = {"yes": True, "no": False}.get(str(record.get("encrypted_in_transit")))
            at_rest = None if keys in (None, "not_applicable") else True
            if keys == "not_applicable":
                at_rest = False
            flow = Flow(
                source=ends[0],
                target=ends[1],
                categories=categories,
                purpose=purpose_of(str(record.get("purpose") or "")),
                description=record.get("purpose"),
                frequency=record.get("frequency"),
                encrypted_in_transit=transit,
                encrypted_at_rest=at_rest,
                keys_held_by=keys if keys != "not_applicable" else None,
                offer=self.vendor,
                readable=self.declared_access(ends[1]),
                sources=(source,),
            )
            self.explicit_targets.add(ends[1])
            if HOSPITAL_MARK in ends:
                self.hospital_flows.append(flow)
            else:
                self.flow(**flow.__dict__)

    def declared_access(self, node: str) -> bool | None:
        record = self.sub_nodes.get(node, ("", {}))[1]
        return {"yes": True, "no": False}.get(str(record.get("access_in_clear")))

    def resolve(self, text: str, source: str) -> str:
        """The node a free-text name in the answers stands for (see the module docstring)."""
        main, _, aside = text.partition("(")
        words, extra = _words(main), _words(aside)
        scores: list[tuple[int, int, str]] = []
        for node, known, priority in self.words:
            score = 2 * len(words & known) + len(extra & known)
            if score:
                scores.append((score, -priority, node))
        hospital_score = 2 * len(words & self.hospital_words()) + len(extra & self.hospital_words())
        if hospital_score:
            scores.append((hospital_score, -3, HOSPITAL_MARK))
        if scores:
            return max(scores)[2]
        entity = self.entity(main.strip() or text, None, source)
        node = self.node(
            f"svc:{slug(main or text)}/service", "service", text.strip(), sources=(source,)
        )
        self.out.relate("operated_by", node, entity, (source,))
        return node

    def hospital_words(self) -> set[str]:
        words = {
            "pacs",
            "ris",
            "dpi",
            "chu",
            "ch",
            "ght",
            "hopital",
            "hospital",
            "etablissement",
            "eds",
            "sih",
            "client",
            "customer",
            "urgences",
        }
        for _, name, _ in self.hospital.establishments:
            words |= _words(name)
        return words | _words(self.hospital.buyer)

    def subprocessor_default_flows(self) -> None:
        """A listed sub-processor that no declared flow reaches receives its listed categories;
        a model API nobody lists receives what the vendor processes."""
        api = self.api
        if api is not None and api not in self.explicit_targets and api not in self.sub_nodes:
            self.flow(
                self.cloud,
                api,
                self.vendor_categories(),
                purpose="inference",
                encrypted_in_transit=self.transit(),
                sources=("answers:aiact.gpai_deployment",),
            )
        for node, (i, record) in self.sub_nodes.items():
            if node in self.explicit_targets:
                continue
            role = str(record.get("role") or "other")
            self.flow(
                self.cloud,
                node,
                categories_of(record.get("data_categories") or []),
                purpose=_ROLE_PURPOSE.get(role, "other"),
                encrypted_in_transit=self.transit(),
                readable=self.declared_access(node),
                sources=(f"answers:subprocessors.list[{i}]",),
            )

    # --- the hospital side when there is no flows file ---------------------------------------
    def default_hospital_side(self) -> None:
        origin = self.node(
            f"sys:{self.hospital.support}/information-system",
            "hospital_system",
            "Systèmes d'information de l'établissement",
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


HOSPITAL_MARK = "<hospital>"


def _words(text: str) -> set[str]:
    stop = {
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "et",
        "the",
        "of",
        "and",
        "d",
        "l",
        "a",
        "au",
        "aux",
        "via",
        "par",
        "sur",
        "en",
        "pour",
    }
    return {w for w in slug(text).split("-") if w not in stop and len(w) > 1} if text else set()


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
