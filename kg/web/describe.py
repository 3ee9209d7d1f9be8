"""One description per entity: its triples, the n-ary nodes it owns, its incoming links and their sources.

Renderers (HTML pages, Turtle, JSON-LD, N-Triples, RDF/XML) all start from the `Description` that
`describe` computes, so every format says the same thing (STYLE.md point 9). Nothing here is specific to
one film: the sections a page shows are chosen from the ontology (classes, property ranges, labels).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import overload

import pyoxigraph as ox

from ..vocab import FK_NS, OA, OWL, RDF, RDFS, SCHEMA, SKOS

_N = ox.NamedNode
DEFAULT = ox.DefaultGraph()
TYPE = _N(str(RDF.type))
LABEL = _N(str(RDFS.label))
PREF_LABEL = _N(str(SKOS.prefLabel))
ALT_LABEL = _N(str(SKOS.altLabel))
SAME_AS = _N(str(OWL.sameAs))
TITLE = _N(FK_NS + "title")
NAME = _N(str(SCHEMA.name))
ASSERTION = _N(FK_NS + "Assertion")
LABEL_PREDICATES = (PREF_LABEL, LABEL, TITLE, NAME, ALT_LABEL)  # best first
ASSERTION_LINKS = (_N(str(RDF.subject)), _N(str(RDF.object)))  # how an assertion points at what it is about
_TYPE = TYPE.value
_HAS_SELECTOR = str(OA.hasSelector)
_EXACT, _START, _END = str(OA.exact), str(OA.start), str(OA.end)
_SUBJECT, _PREDICATE, _OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)
_SOURCE_DOCUMENT, _SENTENCE_INDEX = FK_NS + "sourceDocument", FK_NS + "sentenceIndex"
_CONFIDENCE, _EXTRACTOR = FK_NS + "confidence", FK_NS + "extractor"

SOURCES_SHOWN = 3  # sources a page shows of each fact; the others are on the fact's own pages (`?sources=`)

# Classes whose instances belong to the node that points at them (the schema.org Role pattern, qualified
# award statements, ratings): their triples travel with their owner's description.
OWNED_CLASSES = frozenset(
    FK_NS + c for c in ("Performance", "AwardRecord", "AwardWin", "AwardNomination", "Rating", "AggregateRating")
)
# Neighbours whose content a page shows (a role's person and character, a review's text and rating): read in full.
_SHOWN_IN_FULL = OWNED_CLASSES | {FK_NS + "Review"}


@dataclass(frozen=True)
class Source:
    """Where a fact was read: the document, the sentence and who read it."""

    assertion: str
    document: str
    document_label: str
    sentence: str
    sentence_index: int
    start: int
    end: int
    confidence: str
    extractor: str


def fact_id(key: tuple[str, str, str]) -> str:
    """Name a fact (its (s, p, o) key in N-Triples form) by a short stable hash, for URLs listing its sources.

    >>> fact_id(("<x:s>", "<x:p>", '"o"'))
    '6e1c6ad34ee3'
    """
    return hashlib.sha1("\x1f".join(key).encode("utf-8")).hexdigest()[:12]


class SourceList(Sequence[Source]):
    """The sources of one fact, with the fact's id (pages show a few and link the rest by it)."""

    def __init__(self, fact: str, items: Sequence[Source]) -> None:
        self.fact = fact
        self.shown = SOURCES_SHOWN
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Source: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Source]: ...

    def __getitem__(self, index: int | slice) -> Source | Sequence[Source]:
        return self._items[index]


@dataclass
class Description:
    """Everything known about one IRI, computed once and rendered in any format."""

    iri: str
    own: list[ox.Triple]  # the entity as subject
    owned: dict[str, list[ox.Triple]]  # n-ary nodes (and blank / hash nodes) the entity owns -> their triples
    incoming: list[ox.Triple]  # the entity as object
    provenance: list[ox.Triple]  # the assertions about the entity's facts, with their selectors
    sources: dict[tuple[str, str, str], Sequence[Source]]  # (s, p, o) in N-Triples form -> where it was read
    context: dict[str, list[ox.Triple]] = field(default_factory=dict)  # triples of linked nodes (HTML only)
    labels: dict[str, list[ox.Literal]] = field(default_factory=dict)  # node -> its labels, best predicate first
    types: dict[str, list[str]] = field(default_factory=dict)  # node -> its classes
    links: list[ox.Triple] = field(default_factory=list)  # triples pointing at n-ary neighbours (a film's roles)

    @property
    def triples(self) -> list[ox.Triple]:
        """Return the RDF description: own triples, owned nodes, incoming links and provenance, never truncated."""
        seen: set[ox.Triple] = set()
        result: list[ox.Triple] = []
        for group in (self.own, *self.owned.values(), self.incoming, self.provenance):
            for triple in group:
                if triple not in seen:
                    seen.add(triple)
                    result.append(triple)
        return result

    def values(self, predicate: str, node: str | None = None) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
        """Return the objects of `predicate` on `node` (default: the entity), from any part of the description."""
        node = node or self.iri
        found = []
        for triple in self._about(node):
            if triple.predicate.value == predicate:
                found.append(triple.object)
        return found

    def value(self, predicate: str, node: str | None = None) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
        """Return one object of `predicate` on `node`, or None."""
        found = self.values(predicate, node)
        return found[0] if found else None

    def _about(self, node: str) -> list[ox.Triple]:
        if node == self.iri:
            return self.own
        return self.owned.get(node) or self.context.get(node) or []

    def sources_of(self, subject: ox.Term, predicate: ox.Term, obj: ox.Term) -> Sequence[Source]:
        """Return the sources that state a triple (a `SourceList` naming the fact when there are any)."""
        key = (str(subject), str(predicate), str(obj))
        found = self.sources.get(key)
        return SourceList(fact_id(key), found) if found else []

    def fact(self, identifier: str) -> tuple[tuple[str, str, str], Sequence[Source]] | None:
        """Return the fact whose `fact_id` is `identifier`, with its sources, or None."""
        for key, found in self.sources.items():
            if fact_id(key) == identifier:
                return key, found
        return None


def memory_copy(store: ox.Store) -> ox.Store:
    """Return an in-memory copy of `store`'s merged (default) graph, which is all that pages read.

    A lookup in pyoxigraph's on-disk (RocksDB) store costs 20-90 µs, in memory 4-8 µs; an entity page makes
    hundreds. At 1M triples the copy takes ~7 s and ~230 MiB, made once per build (`kg serve` makes it before
    gunicorn forks, so the workers share its pages).
    """
    copy = ox.Store()
    copy.bulk_extend(store.quads_for_pattern(None, None, None, DEFAULT))
    return copy


def subject_exists(store: ox.Store, iri: str) -> bool:
    """Tell whether the merged graph says anything about `iri`."""
    return next(iter(store.quads_for_pattern(_N(iri), None, None, DEFAULT)), None) is not None


def retired_target(store: ox.Store, iri: str) -> str | None:
    """Return the surviving IRI of a retired one (owl:sameAs from a merge, and no type of its own), else None."""
    node = _N(iri)
    if next(iter(store.quads_for_pattern(node, TYPE, None, DEFAULT)), None) is not None:
        return None
    for quad in store.quads_for_pattern(node, SAME_AS, None, DEFAULT):
        if isinstance(quad.object, ox.NamedNode) and subject_exists(store, quad.object.value):
            return quad.object.value
    return None


def triples_of(store: ox.Store, node: ox.NamedNode | ox.BlankNode) -> list[ox.Triple]:
    """Return the merged graph's triples whose subject is `node`."""
    return [q.triple for q in store.quads_for_pattern(node, None, None, DEFAULT)]


def _types(triples: Iterable[ox.Triple]) -> set[str]:
    return {t.object.value for t in triples if t.predicate == TYPE and isinstance(t.object, ox.NamedNode)}


def _types_of(store: ox.Store, node: ox.NamedNode) -> set[str]:
    return {q.object.value for q in store.quads_for_pattern(node, TYPE, None, DEFAULT)}


def _is_owned(store: ox.Store, owner: str, node: ox.Term) -> bool:
    if isinstance(node, ox.BlankNode):
        return True
    if not isinstance(node, ox.NamedNode):
        return False
    if node.value.startswith(owner + "#"):
        return True
    return not _types_of(store, node).isdisjoint(OWNED_CLASSES)


def _owned_closure(store: ox.Store, iri: str, triples: Sequence[ox.Triple]) -> dict[str, list[ox.Triple]]:
    owned: dict[str, list[ox.Triple]] = {}
    pending = [t.object for t in triples if t.predicate != TYPE and _is_owned(store, iri, t.object)]
    while pending:
        node = pending.pop()
        key = str(node) if isinstance(node, ox.BlankNode) else node.value
        if key in owned or key == iri:
            continue
        node_triples = triples_of(store, node)
        owned[key] = node_triples
        pending.extend(
            t.object
            for t in node_triples
            if t.predicate != TYPE and t.object != node and _is_owned(store, iri, t.object)
        )
    return owned


def _assertions_about(store: ox.Store, nodes: Iterable[ox.NamedNode]) -> set[ox.NamedNode]:
    found: set[ox.NamedNode] = set()
    for node in nodes:
        for predicate in ASSERTION_LINKS:
            for quad in store.quads_for_pattern(None, predicate, node, DEFAULT):
                if isinstance(quad.subject, ox.NamedNode):
                    found.add(quad.subject)
    return found


@dataclass(frozen=True)
class _Stated:
    """What one assertion's own triples say: the fact it supports, where it was read, and its selectors."""

    assertion: ox.NamedNode
    document: ox.Term
    sentence_index: ox.Term | None
    confidence: ox.Term | None
    extractor: ox.Term | None
    selectors: tuple[ox.NamedNode | ox.BlankNode, ...]


def _stated(assertion: ox.NamedNode, own: Iterable[ox.Triple | ox.Quad]) -> tuple[tuple[str, str, str], _Stated] | None:
    """Read an assertion's own triples: its fact's (s, p, o) key and what locates it, or None if it is no
    complete fk:Assertion."""
    fields: dict[str, ox.Term] = {}
    selectors: list[ox.NamedNode | ox.BlankNode] = []
    is_assertion = False
    for t in own:
        predicate = t.predicate.value
        if predicate == _HAS_SELECTOR and not isinstance(t.object, ox.Literal):
            selectors.append(t.object)
        elif predicate == _TYPE and t.object == ASSERTION:
            is_assertion = True
        else:
            fields.setdefault(predicate, t.object)
    subject, predicate_, obj = fields.get(_SUBJECT), fields.get(_PREDICATE), fields.get(_OBJECT)
    document = fields.get(_SOURCE_DOCUMENT)
    if not is_assertion or subject is None or predicate_ is None or obj is None or document is None:
        return None
    stated = _Stated(
        assertion,
        document,
        fields.get(_SENTENCE_INDEX),
        fields.get(_CONFIDENCE),
        fields.get(_EXTRACTOR),
        tuple(selectors),
    )
    return (str(subject), str(predicate_), str(obj)), stated


_Selected = tuple[list[ox.Triple], str | None, int | None, int | None]


def _source(
    store: ox.Store,
    stated: _Stated,
    selected: dict[str, _Selected] | None = None,
    document_labels: dict[str, str] | None = None,
) -> tuple[Source, list[ox.Triple]]:
    """Read where `stated` was read (its selectors, its document's label) into a `Source`; also the selectors'
    triples. The caches are shared by the assertions of one call (a sentence's selectors serve each of them)."""
    selected = {} if selected is None else selected
    document_labels = {} if document_labels is None else document_labels
    quote, start, end = "", -1, -1
    triples: list[ox.Triple] = []
    for selector in stated.selectors:
        if str(selector) not in selected:
            selected[str(selector)] = _read_selector(store, selector)
        selector_triples, exact, begin, finish = selected[str(selector)]
        triples.extend(selector_triples)
        quote = exact if exact is not None else quote
        start = begin if begin is not None else start
        end = finish if finish is not None else end
    document = stated.document.value
    if document not in document_labels:
        document_labels[document] = _document_label(store, stated.document)
    source = Source(
        assertion=stated.assertion.value,
        document=document,
        document_label=document_labels[document],
        sentence=quote,
        sentence_index=int(stated.sentence_index.value) if stated.sentence_index is not None else -1,
        start=start,
        end=end,
        confidence=stated.confidence.value if stated.confidence is not None else "",
        extractor=stated.extractor.value.rsplit("/", 1)[-1] if stated.extractor is not None else "",
    )
    return source, triples


class LazySources(Sequence[Source]):
    """The sources of one fact: the first `SOURCES_SHOWN`, which a page shows, read with the description; the
    others (quote, offsets, document label) only when a page of the fact's sources lists them.

    Those are not kept: a page computed from an external server in rounds (`RemoteView.settle`) must read each
    time what the previous round may have lacked.
    """

    def __init__(self, store: ox.Store, stated: Sequence[_Stated], first: Sequence[Source]) -> None:
        self._store = store
        self._stated = list(stated)
        self._first = list(first)

    def __len__(self) -> int:
        return len(self._stated)

    @overload
    def __getitem__(self, index: int) -> Source: ...

    @overload
    def __getitem__(self, index: slice) -> list[Source]: ...

    def __getitem__(self, index: int | slice) -> Source | list[Source]:
        if isinstance(index, slice):
            selected: dict[str, _Selected] = {}
            labels: dict[str, str] = {}
            positions = range(len(self._stated))[index]
            return [self._read(i, selected, labels) for i in positions]
        return self._read(range(len(self._stated))[index], {}, {})

    def _read(self, position: int, selected: dict[str, _Selected], labels: dict[str, str]) -> Source:
        if position < len(self._first):
            return self._first[position]
        return _source(self._store, self._stated[position], selected, labels)[0]


def read_sources(
    store: ox.Store, assertions: Iterable[ox.NamedNode], lazy: bool = False
) -> tuple[list[ox.Triple], dict[tuple[str, str, str], Sequence[Source]]]:
    """Return the triples of `assertions` (with their selectors) and the facts they support, keyed (s, p, o).

    With `lazy`, no triples, and of each fact's sources only the first `SOURCES_SHOWN` are read now, the others
    when a page lists them (`LazySources`): a page shows a few sources of each fact, a large entity has thousands.
    """
    triples: list[ox.Triple] = []
    by_fact: dict[tuple[str, str, str], list[_Stated]] = {}
    for assertion in sorted(assertions, key=lambda n: n.value):
        if lazy:  # the quads themselves: no triples are kept, so none are made
            own: Sequence[ox.Triple] = []
            found = _stated(assertion, store.quads_for_pattern(assertion, None, None, DEFAULT))
        else:
            own = triples_of(store, assertion)
            found = _stated(assertion, own)
        if found is None:  # an incomplete assertion supports no fact; the RDF description still holds it
            if not lazy and any(t.predicate == TYPE and t.object == ASSERTION for t in own):
                triples.extend(own)
                for t in own:
                    if t.predicate.value == _HAS_SELECTOR and not isinstance(t.object, ox.Literal):
                        triples.extend(_read_selector(store, t.object)[0])
            continue
        key, stated = found
        by_fact.setdefault(key, []).append(stated)
        if not lazy:
            triples.extend(own)
    sources: dict[tuple[str, str, str], Sequence[Source]] = {}
    selected: dict[str, _Selected] = {}
    document_labels: dict[str, str] = {}
    for key, stated_list in by_fact.items():
        found_sources = []
        for stated in stated_list[:SOURCES_SHOWN] if lazy else stated_list:
            source, selector_triples = _source(store, stated, selected, document_labels)
            found_sources.append(source)
            triples.extend(selector_triples)
        shown_all = len(found_sources) == len(stated_list)
        sources[key] = found_sources if shown_all else LazySources(store, stated_list, found_sources)
    if lazy:
        triples = []
    return triples, sources


def _read_selector(store: ox.Store, selector: ox.NamedNode | ox.BlankNode) -> _Selected:
    """Return a selector's triples and what it selects: the quoted text and the start and end offsets."""
    triples = triples_of(store, selector)
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    for t in triples:
        predicate = t.predicate.value
        if predicate == _EXACT:
            quote = t.object.value
        elif predicate == _START:
            start = int(t.object.value)
        elif predicate == _END:
            end = int(t.object.value)
    return triples, quote, start, end


def sources_about(store: ox.Store, nodes: Sequence[ox.NamedNode] = (), document: ox.NamedNode | None = None) -> dict:
    """Return where each fact about `nodes` (or read from `document`) was read, keyed (s, p, o) in N-Triples form."""
    if document is not None:
        found = store.quads_for_pattern(None, _N(_SOURCE_DOCUMENT), document, DEFAULT)
        assertions = {q.subject for q in found if isinstance(q.subject, ox.NamedNode)}
    else:
        assertions = _assertions_about(store, nodes)
    return read_sources(store, assertions)[1]


def _document_label(store: ox.Store, document: ox.Term) -> str:
    for predicate in (LABEL, _N(FK_NS + "fileName")):
        for quad in store.quads_for_pattern(document, predicate, None, DEFAULT):
            return quad.object.value
    return document.value.rsplit("/", 1)[-1]


def describe(store: ox.Store, iri: str, provenance: bool = True) -> Description:
    """Compute the description of `iri`: own triples, owned nodes, incoming links, sources, labels of neighbours.

    Without `provenance` (pages), the assertions' triples are left out and each fact's sources are read only
    when shown (`LazySources`); with it (RDF), everything is read.

    The cost grows with what the page shows, not with how much points at the entity: the assertions behind its
    facts are found by their links (`rdf:subject` / `rdf:object`) and read once; other neighbours are read in
    full only when they are n-ary nodes or reviews a page shows the content of, and otherwise by type and label.
    """
    node = _N(iri)
    own = triples_of(store, node)
    owned = _owned_closure(store, iri, own)
    incoming = [q.triple for q in store.quads_for_pattern(None, None, node, DEFAULT)]
    assertions = {t.subject for t in incoming if t.predicate in ASSERTION_LINKS and isinstance(t.subject, ox.NamedNode)}
    about = [_N(k) for k in owned if not k.startswith("_:")]
    assertions |= _assertions_about(store, about)
    triples, sources = read_sources(store, assertions, lazy=not provenance)
    description = Description(iri, own, owned, incoming, triples, sources)
    _add_context(store, description, {a.value for a in assertions})
    return description


def _add_context(store: ox.Store, description: Description, assertions: set[str]) -> None:
    """Fetch what pages show about linked nodes: types and labels, and the triples of n-ary nodes and reviews."""
    types: dict[str, set[str]] = {description.iri: _types(description.own)}
    for key, triples in description.owned.items():
        types[key] = _types(triples)
    for assertion in assertions:
        types[assertion] = {ASSERTION.value}
    context: dict[str, list[ox.Triple]] = {}
    neighbours = sorted(
        {t.subject.value for t in description.incoming if isinstance(t.subject, ox.NamedNode)} - assertions
    )
    for neighbour in neighbours:
        if neighbour in description.owned or neighbour == description.iri:
            continue
        node = _N(neighbour)
        node_types = types.setdefault(neighbour, _types_of(store, node))
        if ASSERTION.value in node_types or not node_types & _SHOWN_IN_FULL:
            continue  # assertions are read as sources; other neighbours show by type and label
        neighbour_triples = triples_of(store, node)
        context[neighbour] = neighbour_triples
        # a neighbour's own n-ary nodes (a review's rating) and the owners of an n-ary neighbour (a role's film)
        for obj in {t.object for t in neighbour_triples if t.predicate != TYPE}:
            if (
                isinstance(obj, ox.NamedNode)
                and obj.value != description.iri
                and obj.value not in context
                and _is_owned(store, neighbour, obj)
            ):
                context[obj.value] = triples_of(store, obj)
        if node_types & OWNED_CLASSES:
            for quad in store.quads_for_pattern(None, None, node, DEFAULT):
                if isinstance(quad.subject, ox.NamedNode) and quad.subject.value != description.iri:
                    description.links.append(quad.triple)
    description.context = context
    mentioned: set[str] = {description.iri}
    for group in (description.own, description.incoming, description.links, *description.owned.values(),
                  *context.values()):  # fmt: skip
        for triple in group:
            for term in (triple.subject, triple.object):
                if isinstance(term, ox.NamedNode) and term.value not in assertions:
                    mentioned.add(term.value)
    for source_list in description.sources.values():
        if not isinstance(source_list, LazySources):  # a page names a listed source's document by its own label
            for source in source_list:
                mentioned.add(source.document)
    for iri in mentioned:
        known = description.owned.get(iri) or context.get(iri) or (description.own if iri == description.iri else None)
        if known is None:
            node = _N(iri)
            known = [q.triple for p in LABEL_PREDICATES for q in store.quads_for_pattern(node, p, None, DEFAULT)]
            description.types[iri] = sorted(types[iri] if iri in types else _types_of(store, node))
        else:
            description.types[iri] = sorted(_types(known))
        description.labels[iri] = labels_in(known)
    for assertion in assertions:
        description.types[assertion] = [ASSERTION.value]


def labels_in(triples: Iterable[ox.Triple]) -> list[ox.Literal]:
    """Return the literal labels among `triples`, best predicate first (skos:prefLabel before rdfs:label …)."""
    ranked = [(LABEL_PREDICATES.index(t.predicate), t.object) for t in triples if t.predicate in LABEL_PREDICATES]
    ranked = [(rank, obj) for rank, obj in ranked if isinstance(obj, ox.Literal)]
    result: list[ox.Literal] = []
    for _rank, literal in sorted(ranked, key=lambda pair: pair[0]):
        if literal not in result:
            result.append(literal)
    return result


def pick_label(labels: Sequence[ox.Literal], languages: Sequence[str], fallback: str = "") -> ox.Literal | None:
    """Return the label in the reader's language, else the preferred one; `labels` is ordered best first.

    >>> labels = [ox.Literal("Bicycle Thieves", language="en"), ox.Literal("Ladrón de bicicletas", language="es")]
    >>> pick_label(labels, ["es-ES", "en"]).value
    'Ladrón de bicicletas'
    >>> pick_label(labels, ["de"]).value
    'Bicycle Thieves'
    """
    for wanted in languages:
        wanted = wanted.lower()
        for exact in (True, False):
            for literal in labels:
                tag = (literal.language or "").lower()
                if tag and (tag == wanted if exact else tag.split("-")[0] == wanted.split("-")[0]):
                    return literal
    if labels:
        return labels[0]
    return ox.Literal(fallback) if fallback else None


# ------------------------------------------------------------------ the ontology, read once per store
