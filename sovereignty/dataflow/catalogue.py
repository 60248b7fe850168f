"""The shipped data of the data-flow analyses: jurisdictions (EEA, adequacy, extraterritorial laws)
and the message catalogue (labels and finding texts, French and English)."""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path
from typing import Literal, TypeVar, get_args

from pydantic import Field, model_validator

from sovereignty.core.legal import LegalRefs
from sovereignty.core.model import InvalidValue, Lang, Model, Text
from sovereignty.core.validation import validate_document
from sovereignty.core.yamlio import load_yaml
from sovereignty.dataflow.model import Purpose

DATA = Path(__file__).resolve().parent / "data"

M = TypeVar("M", bound=Model)

# Nodes the answers imply get generated names, rendered in the output's language.
NodeName = Literal[
    "ai_system",
    "online_services",
    "processing_elsewhere",
    "hosting",
    "administrators",
    "support",
    "model_api",
    "subprocessor_service",
    "ght_hosting",
    "hospital_datacenter",
    "information_systems",
    "unnamed_host",
    "unnamed_subprocessor",
    "gpai_model",
    "model_provider",
]


class Jurisdictions(Model):
    schema_: Literal["sovereignty/jurisdictions/1"] = Field(alias="schema")
    eea: frozenset[str]
    adequacy: frozenset[str]
    countries: dict[str, Text]
    laws: dict[str, tuple[Text, ...]]

    def is_eea(self, code: str | None) -> bool:
        return code in self.eea

    def name(self, code: str | None, lang: Lang) -> str:
        if code is None:
            return "?"
        text = self.countries.get(code)
        return text(lang) if text else code.upper()


class FindingTexts(Model):
    title: Text
    explanation: Text


class FindingSpec(Model):
    legal: LegalRefs
    clauses: tuple[str, ...]
    texts: dict[str, FindingTexts | Text]

    def text(self, variant: str) -> FindingTexts:
        texts = self.texts[variant]
        assert isinstance(texts, FindingTexts), variant
        return texts

    def fragment(self, variant: str) -> Text:
        text = self.texts[variant]
        assert isinstance(text, Text), variant
        return text


class Catalogue(Model):
    schema_: Literal["sovereignty/dataflow-catalogue/1"] = Field(alias="schema")
    categories: dict[str, Text]
    category_names: dict[str, Text]
    kinds: dict[str, Text]
    node_names: dict[NodeName, Text]
    subprocessor_roles: dict[str, Text]
    purposes: dict[str, Text]  # a flow's purpose, as its label says it
    access: dict[str, Text]
    roles: dict[str, Text]
    reasons: dict[str, Text]
    phrases: dict[str, Text]
    findings: dict[str, FindingSpec]
    severity_note: Text

    @model_validator(mode="after")
    def _every_node_name(self) -> Catalogue:
        missing = [k for k in get_args(NodeName) if k not in self.node_names]
        if missing:
            listed = ", ".join(missing)
            raise InvalidValue(
                Text(fr=f"node_names : il manque {listed}", en=f"node_names: missing {listed}")
            )
        unnamed = [p for p in get_args(Purpose) if p not in self.purposes]
        if unnamed:
            listed = ", ".join(unnamed)
            raise InvalidValue(
                Text(fr=f"purposes : il manque {listed}", en=f"purposes: missing {listed}")
            )
        for key, text in self.node_names.items():
            fr, en = (
                {f for _, f, _, _ in string.Formatter().parse(t) if f} for t in (text.fr, text.en)
            )
            if fr != en:
                raise InvalidValue(
                    Text(
                        fr=f"node_names.{key} : le français et l'anglais n'ont pas les mêmes "
                        f"champs {{…}} (français {sorted(fr)}, anglais {sorted(en)})",
                        en=f"node_names.{key}: the French and English texts use different "
                        f"placeholders {{…}} (French {sorted(fr)}, English {sorted(en)})",
                    )
                )
        return self

    def category(self, category: str, lang: Lang, capital: bool = False) -> str:
        """How a category reads inside a sentence ("de santé identifiantes", "staff data")."""
        text = self.categories[category](lang)
        return text[0].upper() + text[1:] if capital else text


def _load(name: str, model: type[M]) -> M:
    return validate_document(
        load_yaml(DATA / name),
        model,
        expected=Text(
            fr="table avec une clé 'schema' attendue", en="expected a mapping with a 'schema' key"
        ),
    )


@cache
def jurisdictions() -> Jurisdictions:
    return _load("jurisdictions.yaml", Jurisdictions)


@cache
def catalogue() -> Catalogue:
    return _load("catalogue.yaml", Catalogue)


def node_name(key: NodeName, **values: str | int | Text) -> Text:
    """A generated node name in both languages; the values (names from the answers, or names
    generated in turn) are data: they fill the template and are never interpreted."""
    template = catalogue().node_names[key]

    def filled(lang: Lang) -> str:
        picked = {k: v(lang) if isinstance(v, Text) else str(v) for k, v in values.items()}
        return template(lang).format(**picked)

    return Text(fr=filled("fr"), en=filled("en"))


def subprocessor_role(role: str) -> Text | str:
    """A sub-processor's role in words, or the role as given when it is not a known one."""
    return catalogue().subprocessor_roles.get(role, role)
