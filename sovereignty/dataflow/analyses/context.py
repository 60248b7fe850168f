"""What every analysis shares: the index, the per-category reachability (computed once), control
chains, jurisdictions, and the one way findings are written (texts, witness path, triggers)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, pairwise
from typing import TYPE_CHECKING, Any

from sovereignty.core.model import Lang, Text
from sovereignty.dataflow.analyses.traverse import (
    ControlChains,
    Reach,
    origin_arrays,
    searches,
)
from sovereignty.dataflow.catalogue import Catalogue, Jurisdictions, catalogue, jurisdictions
from sovereignty.dataflow.graph import FlowGraph, GraphIndex
from sovereignty.dataflow.model import CATEGORIES
from sovereignty.findings.model import AnswerRef, DeferredText, Finding, Severity

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]

ARROW = " → "
_DE_BEFORE_VOWEL = re.compile(r"\b([Dd])e (?=[AEIOUYÉÈÊÂÎÔaeiouyéèêâîô])")


def _elide(text: str) -> str:
    """French elision of « de » before a vowel, for names inserted into sentences."""
    return _DE_BEFORE_VOWEL.sub(r"\1'", text)


@dataclass
class Context:
    graph: FlowGraph
    index: GraphIndex = field(init=False)
    juris: Jurisdictions = field(init=False)
    texts: Catalogue = field(init=False)
    chains: ControlChains = field(init=False)
    _source_questions: dict[tuple[str, ...], dict[str, None]] = field(
        init=False, default_factory=dict
    )
    _leaving: dict[int, list[int]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.index = self.graph.index
        self.juris = jurisdictions()
        self.texts = catalogue()
        self.chains = ControlChains(self.index)

    # --- shared traversals, computed once ----------------------------------------------------
    @cached_property
    def origins(self) -> dict[str, list[int]]:
        return {c: nodes.tolist() for c, nodes in self.origin_arrays.items()}

    @cached_property
    def origin_arrays(self) -> dict[str, IntArray]:
        return origin_arrays(self.index)

    @cached_property
    def reaches(self) -> dict[str, Reach]:
        """One multi-source BFS per data category."""
        return {reach.category: reach for reach in self._searches[:-1]}

    @cached_property
    def _searches(self) -> list[Reach]:
        """The category searches, then the search along every flow from the hospital."""
        starts: list[tuple[str, list[int] | IntArray]] = [
            (c, self.origin_arrays[c]) for c in CATEGORIES
        ]
        return searches(self.index, [*starts, ("*", self.hospital_node_array)])

    @cached_property
    def hospital_nodes(self) -> list[int]:
        found: list[int] = self.hospital_node_array.tolist()
        return found

    @cached_property
    def hospital_node_array(self) -> IntArray:
        """The hospital's nodes but its entities (establishments): its systems and people."""
        import numpy as np

        found: IntArray = np.flatnonzero(self.hospital_array & ~self.index.of_kind("entity"))
        return found

    @cached_property
    def from_hospital(self) -> Reach:
        """Every flow, from every hospital node: paths through which the service works."""
        return self._searches[-1]

    @cached_property
    def vendors(self) -> list[str]:
        return sorted(set().union(*self.index.offers))

    # --- the same facts as arrays, for the vectorised steps -----------------------------------
    @cached_property
    def hospital_array(self) -> BoolArray:
        import numpy as np

        return np.asarray(self.index.hospital, dtype=bool)

    @cached_property
    def operator_array(self) -> IntArray:
        import numpy as np

        return np.asarray(self.index.operator, dtype=np.int64)

    @cached_property
    def host_operator_array(self) -> IntArray:
        """``index.host_operator`` of every node."""
        import numpy as np

        index = self.index
        host = np.asarray(index.host, dtype=np.int64)
        operator = self.operator_array
        platform = index.of_kind("platform")
        found: IntArray = np.where(
            host >= 0, operator[np.maximum(host, 0)], np.where(platform, operator, -1)
        )
        return found

    @cached_property
    def stores_array(self) -> BoolArray:
        import numpy as np

        return np.asarray(self.index.stores, dtype=bool)

    @cached_property
    def offered(self) -> BoolArray:
        """True for the nodes some offer includes."""
        import numpy as np

        start, _ = self._offer_rows
        found: BoolArray = np.diff(start) > 0
        return found

    def third_party_array(self, entities: IntArray) -> BoolArray:
        """``is_third_party`` of each entity (-1: none)."""
        import numpy as np

        found: BoolArray = (entities >= 0) & ~self.hospital_array[np.maximum(entities, 0)]
        return found

    @cached_property
    def _offer_rows(self) -> tuple[IntArray, IntArray]:
        """The vendors of each node's offers as numbers (``vendors`` order), in compressed rows:
        node ``i``'s are ``numbers[start[i]:start[i + 1]]``, in the order of ``offers[i]``."""
        import numpy as np

        number = {v: i for i, v in enumerate(self.vendors)}
        offers = self.index.offers
        counts = np.fromiter(map(len, offers), np.int64, len(offers))
        start = np.zeros(len(offers) + 1, dtype=np.int64)
        np.cumsum(counts, out=start[1:])
        flat = np.fromiter(map(number.__getitem__, chain.from_iterable(offers)), np.int64)
        return start, flat

    def per_vendor(self, nodes: IntArray) -> tuple[IntArray, IntArray]:
        """Each item ``k`` (about node ``nodes[k]``) once per vendor whose offer includes the
        node, in order: the items' numbers and the vendors' numbers (in ``vendors``)."""
        import numpy as np

        start, flat = self._offer_rows
        counts = start[nodes + 1] - start[nodes]
        items = np.repeat(np.arange(len(nodes), dtype=np.int64), counts)
        ends = np.cumsum(counts)
        within = np.arange(len(items), dtype=np.int64) - np.repeat(ends - counts, counts)
        return items, flat[start[nodes][items] + within]

    def in_own_group(self, vendors: IntArray, entities: IntArray) -> BoolArray:
        """``entity in own_group(vendor)`` for each pair (vendors by number)."""
        import numpy as np

        own = self._own_pairs
        pairs = vendors * self.index.size + entities
        if not len(own):
            return np.zeros(len(pairs), dtype=bool)
        found: BoolArray = own[np.minimum(np.searchsorted(own, pairs), len(own) - 1)] == pairs
        return found

    @cached_property
    def _own_pairs(self) -> IntArray:
        """``vendor * size + entity`` for each vendor (by number) and entity of its own group,
        ascending."""
        import numpy as np

        n = self.index.size
        own = [v * n + e for v, name in enumerate(self.vendors) for e in self.own_group(name)]
        return np.sort(np.asarray(own, dtype=np.int64))

    @cached_property
    def vendor_entity(self) -> dict[str, int]:
        index = self.index
        return {v: i for i, v in enumerate(index.vendor_of) if v is not None}

    # --- facts about entities ----------------------------------------------------------------
    def answer(self, vendor: str, question: str) -> Any:
        return self.graph.answers.get(vendor, {}).get(question)

    def is_third_party(self, entity: int) -> bool:
        """An organisation other than the hospital's (``entity`` -1 means none)."""
        return entity >= 0 and not self.index.hospital[entity]

    def own_group(self, vendor: str) -> tuple[int, ...]:
        """The vendor's entity and its controlling chain: the vendor itself, not a third party."""
        entity = self.vendor_entity.get(vendor)
        return self.chains.chain(entity) if entity is not None else ()

    def foreign_chain(self, entity: int) -> list[int]:
        """Entities in the control chain of ``entity`` incorporated outside the EEA."""
        country = self.index.country
        return [
            e for e in self.chains.chain(entity) if country[e] and not self.juris.is_eea(country[e])
        ]

    def laws(self, entity: int) -> list[Text]:
        laws: list[Text] = []
        for member in self.foreign_chain(entity):
            for law in self.juris.laws.get(self.index.country[member] or "", ()):
                if law not in laws:
                    laws.append(law)
        return laws

    # --- texts -------------------------------------------------------------------------------
    def name(self, node: int, lang: Lang) -> str:
        return self.index.name(node, lang)

    def entity_label(self, entity: int, lang: Lang) -> str:
        country = self.index.country[entity]
        where = f" ({self.juris.name(country, lang)})" if country else ""
        return f"{self.index.name(entity, lang)}{where}"

    def path_text(self, path: list[int], lang: Lang) -> str:
        # texts end sentences after the path: "… Holdings Inc." must not become "Inc.."
        return ARROW.join(self.index.name(i, lang) for i in path).rstrip(".")

    def chain_text(self, entity: int, lang: Lang) -> str:
        return ARROW.join(self.entity_label(e, lang) for e in self.chains.chain(entity))

    def country(self, code: str | None, lang: Lang) -> str:
        return self.juris.name(code, lang)

    def category(self, category: str, lang: Lang, capital: bool = False) -> str:
        return self.texts.category(category, lang, capital)

    def finding(
        self,
        finding_id: str,
        variant: str,
        severity: Severity,
        path: Sequence[int],
        values: Callable[[Lang], dict[str, str]],
        *,
        vendor: str | None,
        subject: str,
        extra: Callable[[Lang], str] | None = None,
    ) -> Finding:
        """A finding with its witness path and the answers behind it; its title, explanation
        and triggers are made when first read, the texts in one language at a time (most
        findings are never shown)."""
        spec = self.texts.findings[finding_id]
        return Finding.deferred(
            _Later(self, finding_id, variant, path, values, extra, vendor),
            id=finding_id,
            severity=severity,
            source="graph",
            legal=spec.legal,
            clauses=spec.clauses,
            subject=subject,
            vendor=vendor,
        )

    def triggers(self, path: Sequence[int], vendor: str | None) -> tuple[AnswerRef, ...]:
        """The answers that put the nodes and flows of ``path`` into the graph."""
        index = self.index
        questions: dict[str, None] = {}
        for node in path:
            questions.update(self._questions(index.sources[node]))
        for u, v in pairwise(path):
            for edge in self._edges_between(u, v):
                questions.update(self._questions(index.e_sources[edge]))
        answers = self.graph.answers.get(vendor or "", {})
        refs = []
        for question in questions:
            value = answers.get(question)
            # answered "I don't know": recorded with no value; never asked: not recorded
            unknown = question in answers and value is None
            refs.append(AnswerRef.model_construct(question=question, value=value, unknown=unknown))
        return tuple(refs)

    def _questions(self, sources: tuple[str, ...]) -> dict[str, None]:
        """The questions named by a node's or flow's sources, in order (memoised: few differ)."""
        found = self._source_questions.get(sources)
        if found is None:
            found = {}
            for source in sources:
                if source.startswith("answers:"):
                    found[source.removeprefix("answers:").split("[", 1)[0]] = None
            self._source_questions[sources] = found
        return found

    def _edges_between(self, u: int, v: int) -> list[int]:
        leaving = self._leaving.get(u)
        if leaving is None:
            indptr, order = self.index.csr
            leaving = self._leaving[u] = order[indptr[u] : indptr[u + 1]].tolist()
        target = self.index.e_target
        return [e for e in leaving if target[e] == v]


class _Later:
    """What a graph finding computes when first read: its texts (each language written once,
    on demand), its triggers and its path (node ids)."""

    __slots__ = ("ctx", "extra", "finding_id", "path", "values", "variant", "vendor", "written")

    def __init__(
        self,
        ctx: Context,
        finding_id: str,
        variant: str,
        path: Sequence[int],
        values: Callable[[Lang], dict[str, str]],
        extra: Callable[[Lang], str] | None,
        vendor: str | None,
    ) -> None:
        self.ctx, self.finding_id, self.variant, self.path = ctx, finding_id, variant, path
        self.values, self.extra, self.vendor = values, extra, vendor
        self.written: dict[Lang, tuple[str, str]] = {}

    def __call__(self, name: str) -> Any:
        if name == "title":
            return DeferredText.of(self.title)
        if name == "explanation":
            return DeferredText.of(self.explanation)
        if name == "triggers":
            return self.ctx.triggers(self.path, self.vendor)
        if name == "path":
            return tuple(map(self.ctx.index.ids.__getitem__, self.path))
        raise AttributeError(name)

    def title(self, lang: Lang) -> str:
        return self.write(lang)[0]

    def explanation(self, lang: Lang) -> str:
        return self.write(lang)[1]

    def write(self, lang: Lang) -> tuple[str, str]:
        done = self.written.get(lang)
        if done is None:
            texts = self.ctx.texts.findings[self.finding_id].text(self.variant)
            fields = self.values(lang)
            title = texts.title(lang).format(**fields)
            body = texts.explanation(lang).format(**fields)
            if self.extra is not None:
                body += self.extra(lang)
            body = " ".join(body.split())
            if lang == "fr":  # names filled in after « de »: « exploitant d'API Atlas-4 »
                title, body = _elide(title), _elide(body)
            done = self.written[lang] = (title, body)
        return done
