"""The vendor's chain from its answers: listed sub-processors, declared flows between free-text
names, and the flows a listed sub-processor receives when no declared flow reaches it.

Names in ``subprocessors.flows`` are matched by their words to the vendor's components (its
service, online part, support, model API), its sub-processors and the hospital; words before
a parenthesis weigh double ("Plateforme NorthBridge (Stratus, Francfort)" is the vendor's
platform). A name matching nothing becomes a node of its own, run by an organisation the vendor
named but did not list: a finding (FLOW-04).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sovereignty.core.model import Text
from sovereignty.dataflow.answers import ROLE_PURPOSE, categories_of, purpose_of, words_of
from sovereignty.dataflow.catalogue import node_name, subprocessor_role
from sovereignty.dataflow.model import Flow, named, names_someone, slug

if TYPE_CHECKING:
    from sovereignty.dataflow.build import OfferBuilder

HOSPITAL_MARK = "<hospital>"  # a flow end standing for the hospital, resolved later


def add_subprocessors(b: OfferBuilder) -> None:
    for i, record in enumerate(b.a.records("subprocessors.list")):
        given = str(record.get("name") or "")
        given = given if names_someone(given) else ""
        name: str | Text = given or node_name("unnamed_subprocessor", number=i + 1)
        key = slug(name)
        source = f"answers:subprocessors.list[{i}]"
        entity = b.entity(
            name,
            record.get("country"),
            source,
            parent=named(record.get("parent_company")),
            parent_country=record.get("parent_country"),
            declared=True,
        )
        if record.get("hds_certified") == "yes":
            b.out.node(entity, "entity", name, certifications=("hds",))
        role = str(record.get("role") or "other")
        country = record.get("country")
        locations = (country,) if isinstance(country, str) else ()
        if role == "hosting" and entity == b.host:
            node = b.cloud  # data "sent to the host" lands in the service it hosts
        elif role == "model_provider" and b.api is not None and b.out.operator_of(b.api) == entity:
            node = b.api
        elif role == "hosting":
            node = b.node(
                f"platform:{key}@{country}",
                "platform",
                node_name("hosting", name=name),
                locations=locations,
                sources=(source,),
            )
        elif role == "model_provider":
            node = b.node(
                f"api:{key}",
                "model_api",
                node_name("model_api", name=name),
                locations=locations,
                stores_data=False,
                sources=(source,),
            )
        elif role == "support":
            node = b.node(
                f"people:{key}/support",
                "people",
                node_name("support", name=name),
                locations=locations,
                stores_data=False,
                sources=(source,),
            )
        else:
            node = b.node(
                f"svc:{key}/{role}",
                "service",
                node_name("subprocessor_service", name=name, role=subprocessor_role(role)),
                locations=locations,
                sources=(source,),
            )
        if b.out.operator_of(node) is None:
            b.out.relate("operated_by", node, entity, (source,))
        if node not in b.vendor_nodes:
            deleted = b.a.yes("exit.deletion_certificate")
            b.out.nodes[node].setdefault("deletion_certified", deleted)
            b.sub_nodes[node] = (str(i), record)
        b.handles[key] = node
        priority = 0 if node in b.vendor_nodes else 2
        b.words.append(
            (node, words_of(key) | ({"support"} if role == "support" else set()), priority)
        )


def add_declared_flows(b: OfferBuilder) -> None:
    for i, record in enumerate(b.a.records("subprocessors.flows")):
        source = f"answers:subprocessors.flows[{i}]"
        ends = [
            resolve(b, str(record.get(end) or "?"), source) for end in ("source", "destination")
        ]
        categories = categories_of(record.get("data_categories") or [])
        if ends[0] is None or ends[1] is None or not categories or ends[0] == ends[1]:
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
            offer=b.vendor,
            readable=declared_access(b, ends[1]),
            sources=(source,),
        )
        b.explicit_targets.add(ends[1])
        if HOSPITAL_MARK in ends:
            b.hospital_flows.append(flow)
        else:
            b.flow(**flow.__dict__)


def declared_access(b: OfferBuilder, node: str) -> bool | None:
    record = b.sub_nodes.get(node, ("", {}))[1]
    return {"yes": True, "no": False}.get(str(record.get("access_in_clear")))


def resolve(b: OfferBuilder, text: str, source: str) -> str | None:
    """The node a free-text name in the answers stands for (see the module docstring)."""
    main, _, aside = text.partition("(")
    words, extra = words_of(main), words_of(aside)
    scores: list[tuple[int, int, str]] = []
    for node, known, priority in b.words:
        score = 2 * len(words & known) + len(extra & known)
        if score:
            scores.append((score, -priority, node))
    hospital_score = 2 * len(words & hospitalwords_of(b)) + len(extra & hospitalwords_of(b))
    if hospital_score:
        scores.append((hospital_score, -3, HOSPITAL_MARK))
    if scores:
        return max(scores)[2]
    if not names_someone(main.strip() or text):
        return None  # a reference to a document or a placeholder: no organisation made up
    entity = b.entity(main.strip() or text, None, source)
    node = b.node(f"svc:{slug(main or text)}/service", "service", text.strip(), sources=(source,))
    b.out.relate("operated_by", node, entity, (source,))
    return node


def hospitalwords_of(b: OfferBuilder) -> set[str]:
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
    for _, name, _ in b.hospital.establishments:
        words |= words_of(name)
    return words | words_of(b.hospital.buyer)


def add_default_flows(b: OfferBuilder) -> None:
    """A listed sub-processor that no declared flow reaches receives its listed categories;
    a model API nobody lists receives what the vendor processes."""
    api = b.api
    if api is not None and api not in b.explicit_targets and api not in b.sub_nodes:
        b.flow(
            b.cloud,
            api,
            b.vendor_categories(),
            purpose="inference",
            encrypted_in_transit=b.transit(),
            sources=("answers:aiact.gpai_deployment",),
        )
    for node, (i, record) in b.sub_nodes.items():
        if node in b.explicit_targets:
            continue
        role = str(record.get("role") or "other")
        b.flow(
            b.cloud,
            node,
            categories_of(record.get("data_categories") or []),
            purpose=ROLE_PURPOSE.get(role, "other"),
            encrypted_in_transit=b.transit(),
            readable=declared_access(b, node),
            sources=(f"answers:subprocessors.list[{i}]",),
        )
