"""The data-flow model as validated data: nodes, flows, relations, and the hospital's flows file.

Node kinds::

    hospital_system  an establishment's system: patient record (DPI), PACS, data warehouse (EDS)
    service          a vendor's or a sub-processor's service: the AI system, a backup, monitoring...
    platform         a hosting platform (a data centre, a cloud region) services are hosted on
    model_api        a general-purpose AI model reached through its provider's API
    people           people who use or reach a system: radiologists, the vendor's support desk
    entity           a legal entity, with its country and its controlling parent

Edges are either flows (data going from one node to another, with its data categories, purpose,
frequency, encryption and key custody) or relations::

    operated_by      any node but an entity -> the entity running it (employing them)
    hosted_on        system/service/model_api -> the platform it runs on
    controlled_by    entity -> its controlling parent (a chain: subsidiary -> group -> ...)

Ids are prefixed by kind (``entity:``, ``svc:``, ``sys:``, ``platform:``, ``api:``, ``people:``),
so that two vendors naming the same provider share one node when their graphs are merged.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, StrictBool, StringConstraints, field_validator

from sovereignty.core.model import InvalidValue, Model, Name, NonEmptyStr, Text, strip_controls
from sovereignty.questionnaire.names import document_reference, says_none

Category = Literal[
    "health_identifying",
    "health_pseudonymised",
    "anonymous",
    "staff",
    "administrative",
    "model_parameters",
    "logs",
]
CATEGORIES: tuple[Category, ...] = get_args(Category)
HEALTH: tuple[Category, ...] = ("health_identifying", "health_pseudonymised")
# Personal data of the hospital, most sensitive first: what a third party must not hold unchecked.
PERSONAL: tuple[Category, ...] = (
    "health_identifying",
    "health_pseudonymised",
    "staff",
    "administrative",
)

NodeKind = Literal["hospital_system", "service", "platform", "model_api", "people", "entity"]
RelationKind = Literal["operated_by", "hosted_on", "controlled_by"]
Purpose = Literal[
    "care",
    "inference",
    "results",
    "storage",
    "backup",
    "support",
    "administration",
    "monitoring",
    "analytics",
    "training",
    "export",
    "other",
]
Frequency = Literal["continuous", "per_request", "daily", "periodic", "on_incident"]
KeyHolder = Literal["hospital", "vendor", "host", "third_party", "not_applicable"]
SystemType = Literal[
    "patient_record",
    "pacs",
    "ris",
    "data_warehouse",
    "lab",
    "emergency",
    "identity",
    "hr",
    "gateway",
    "other",
]

Country = Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z]{2,5}$")]
LocalId = Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")]

_LEGAL_SUFFIXES = {
    "sas", "sasu", "sa", "sarl", "eurl", "sca", "inc", "incorporated", "ltd", "limited", "llc",
    "llp", "plc", "gmbh", "ag", "bv", "nv", "spa", "srl", "sl", "ab", "as", "oy", "pvt", "private",
    "corp", "corporation", "co", "company", "se", "scop", "scic", "kg", "kgaa", "sprl", "pte",
}  # fmt: skip


def slug(name: str | Text) -> str:
    """A stable id fragment for a name: accents and legal forms dropped ("Acme SAS" -> "acme").
    A generated name gives its French form's: ids never change with the output language."""
    if isinstance(name, Text):
        name = name.fr
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", text).replace(".", "")  # "B.V." -> "bv"
    words = re.findall(r"[a-z0-9]+", text)
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return "-".join(words)[:60] or "unnamed"


def names_someone(text: str) -> bool:
    """Whether a text of the answers can be taken as an organisation's name: not empty, not a
    reference to another document, not "none" (the graph never makes one up from such text)."""
    return bool(text.strip()) and document_reference(text) is None and not says_none(text)


def named(value: Any) -> str | None:
    """``value`` when it is a text naming someone, else None."""
    return value if isinstance(value, str) and names_someone(value) else None


class Node(Model):
    """Any node; which fields matter depends on ``kind`` (see the module docstring)."""

    id: NonEmptyStr
    kind: NodeKind
    name: NonEmptyStr  # as declared; for a name the answers imply, its French form
    name_en: NonEmptyStr | None = None  # the English form of an implied name (None: the same)
    type: str | None = None  # hospital systems: patient_record, pacs...; services: the role
    establishment: str | None = None  # hospital side: the establishment it belongs to
    country: str | None = None  # entities: country of incorporation
    locations: tuple[str, ...] = ()  # where it runs, or where the people are
    hospital: bool = False  # on the hospital's side: establishments, their systems and people
    holds: tuple[Category, ...] = ()  # categories that originate here
    stores_data: bool = True  # keeps what it receives (a relay or a person does not)
    deletion_certified: bool | None = None  # its copies are covered by a deletion certificate
    offers: tuple[str, ...] = ()  # vendors whose offer includes this node
    vendor_of: str | None = None  # entities: the vendor id this entity is
    declared_by: tuple[str, ...] = ()  # entities: vendors listing it as a sub-processor
    mentioned_by: tuple[str, ...] = ()  # entities: vendors naming it elsewhere in their answers
    certifications: tuple[str, ...] = ()  # "hds", "secnumcloud"
    sources: tuple[str, ...] = ()  # where it was declared: "answers:hosting.provider_name"...


class Flow(Model):
    source: NonEmptyStr
    target: NonEmptyStr
    categories: tuple[Category, ...] = Field(min_length=1)
    purpose: Purpose = "other"
    description: str | None = None
    frequency: Frequency | None = None
    encrypted_in_transit: bool | None = None
    encrypted_at_rest: bool | None = None  # at the target
    keys_held_by: KeyHolder | None = None  # who holds the keys protecting it at the target
    readable: bool | None = None  # the recipient declares it reads the data in clear (or not)
    offer: str | None = None  # the vendor whose offer declares this flow
    sources: tuple[str, ...] = ()


class Relation(Model):
    kind: RelationKind
    source: NonEmptyStr
    target: NonEmptyStr
    sources: tuple[str, ...] = ()


class DataflowModel(Model):
    """Everything the graph is built from; several of them merge into one GHT model."""

    nodes: tuple[Node, ...] = ()
    flows: tuple[Flow, ...] = ()
    relations: tuple[Relation, ...] = ()
    answers: dict[str, dict[str, Any]] = Field(default_factory=dict)  # vendor -> {question: value}

    def problems(self) -> list[str]:
        """Inconsistencies: dangling ends, flows touching entities, relations of the wrong kind."""
        kinds = {n.id: n.kind for n in self.nodes}
        found = []
        for flow in self.flows:
            for end in (flow.source, flow.target):
                if end not in kinds:
                    found.append(f"flow {flow.source} -> {flow.target}: unknown node {end!r}")
                elif kinds[end] == "entity":
                    found.append(f"flow {flow.source} -> {flow.target}: {end!r} is an entity")
        expected = {
            "operated_by": ("entity",),
            "hosted_on": ("platform",),
            "controlled_by": ("entity",),
        }
        for rel in self.relations:
            if rel.source not in kinds or rel.target not in kinds:
                found.append(f"{rel.kind} {rel.source} -> {rel.target}: unknown node")
            elif kinds[rel.target] not in expected[rel.kind]:
                found.append(f"{rel.kind} {rel.source} -> {rel.target}: target is not an entity")
            elif rel.kind == "controlled_by" and kinds[rel.source] != "entity":
                found.append(f"controlled_by {rel.source}: only entities are controlled")
        return found


# --- The flows file: the hospital's side of one offer (vendors/<id>/flows.yaml) ----------------

FLOWS_SCHEMA = "sovereignty/flows/1"


class FileEntity(Model):
    """An organisation the hospital knows about; id ``vendor`` completes the vendor's answers."""

    id: LocalId
    name: Name | None = None
    country: Country | None = None
    parent: LocalId | None = None  # id of another entity of this file
    # The hospital (or its GHT) contracts it directly: what it runs is on the hospital's side,
    # not a sub-processor of the vendor; still a third party, so it counts for concentration.
    hospital_contract: StrictBool = False


class FileSystem(Model):
    id: LocalId
    name: Name
    type: SystemType = "other"
    establishment: LocalId | None = None  # one of the tender's establishments
    holds: tuple[Category, ...] = ()
    operated_by: LocalId | None = None  # default: the establishment
    location: Country = "fr"


class FilePeople(Model):
    id: LocalId
    name: Name
    establishment: LocalId | None = None
    operated_by: LocalId | None = None  # default: the establishment
    location: Country = "fr"
    count: int | None = Field(default=None, ge=0, le=10_000_000)


class FileService(Model):
    """A component the answers do not describe: a gateway, another vendor component..."""

    id: LocalId
    name: Name
    kind: Literal["service", "platform", "model_api"] = "service"
    operated_by: LocalId  # 'vendor', an establishment or an entity of this file
    hosted_on: LocalId | None = None  # a platform of this file or of the answers
    locations: tuple[Country, ...] = ()
    stores_data: StrictBool = True


class FileFlow(Model):
    source: LocalId = Field(alias="from")
    target: LocalId = Field(alias="to")
    data: tuple[Category, ...]  # not empty: checked after its items (_no_repeats)
    purpose: Purpose = "other"
    description: str | None = None

    @field_validator("description")
    @classmethod
    def _plain_text(cls, text: str | None) -> str | None:
        return strip_controls(text) if text is not None else None

    frequency: Frequency | None = None
    encrypted_in_transit: StrictBool | None = None
    encrypted_at_rest: StrictBool | None = None
    keys_held_by: KeyHolder | None = None
    direction: Literal["one_way", "both"] = "one_way"

    @field_validator("data")
    @classmethod
    def _no_repeats(cls, data: tuple[Category, ...]) -> tuple[Category, ...]:
        if not data:
            raise InvalidValue(
                Text(
                    fr="au moins une catégorie de données attendue",
                    en="at least one data category expected",
                )
            )
        if len(set(data)) != len(data):
            raise InvalidValue(
                Text(
                    fr="une catégorie de données figure deux fois",
                    en="a data category is listed twice",
                )
            )
        return data


class FlowsFile(Model):
    """``vendors/<id>/flows.yaml``: systems, people and flows on the hospital's side."""

    schema_: Literal["sovereignty/flows/1"] = Field(alias="schema")
    vendor: LocalId | None = None  # when given, must be the folder's vendor
    entities: tuple[FileEntity, ...] = ()
    systems: tuple[FileSystem, ...] = ()
    people: tuple[FilePeople, ...] = ()
    services: tuple[FileService, ...] = ()
    flows: tuple[FileFlow, ...]  # not empty, checked after the items (see _some_flows)

    # An after-validator rather than min_length: pydantic counts only the valid items for
    # min_length, so one bad category would also report "0 items found".
    @field_validator("flows")
    @classmethod
    def _some_flows(cls, flows: tuple[FileFlow, ...]) -> tuple[FileFlow, ...]:
        if not flows:
            raise InvalidValue(Text(fr="au moins un flux attendu", en="at least one flow expected"))
        return flows
