"""STAGE 4: Resolution -> quads. Each document's facts go into the named graph of its IRI.

Every claim becomes its plain triple (plus schema.org super-properties), the n-ary nodes it
needs (performance, award record, rating) and a reified fk:Assertion with PROV-O and Web
Annotation selectors pointing at the sentence that states it. A sentence's two selectors
(`<document>#quote-N`, `<document>#position-N`) and an extractor's description are written
once per document and shared by every assertion that cites them.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

import pyoxigraph as ox

from ..iri import document_iri, resource_iri, short_hash
from ..model import Claim, Document, Entity, Evidence, Kind, Literal, Mention, Resolution
from ..vocab import FK, OA, RDF, RDFS, SCHEMA, SKOS, XSD
from .entailment import super_classes, super_properties

__all__ = ["to_quads", "document_quads", "claim_quads", "Cited", "cited", "CLASS_OF_KIND", "RESOLUTION_GRAPH"]

CLASS_OF_KIND: dict[Kind, str] = {
    Kind.FILM: FK.Film,
    Kind.PERSON: FK.Person,
    Kind.ORGANIZATION: FK.Organization,
    Kind.STREAMING_SERVICE: FK.StreamingService,
    Kind.COUNTRY: FK.Country,
    Kind.CHARACTER: FK.Character,
    Kind.AWARD: FK.Award,
    Kind.AWARD_EVENT: FK.AwardEvent,
    Kind.SOURCE_WORK: FK.CreativeWork,
    Kind.REVIEW: FK.Review,
}
RESOLUTION_GRAPH = "graph/resolution"  # under the base IRI: entity-wide facts (counts, retired IRIs)

_TYPE = ox.NamedNode(str(RDF.type))


class _Terms:
    """A namespace's IRIs as plain strings, each looked up once (an rdflib lookup builds and checks a URIRef)."""

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        value = str(getattr(self._namespace, name))
        setattr(self, name, value)
        return value


_FK, _OA, _RDF, _RDFS, _SCHEMA, _SKOS, _XSD = (_Terms(ns) for ns in (FK, OA, RDF, RDFS, SCHEMA, SKOS, XSD))


@lru_cache(maxsize=4096)
def _N(iri: str) -> ox.NamedNode:  # noqa: N802  (a cached ox.NamedNode: predicates and classes recur)
    return ox.NamedNode(iri)


def _lit(value: str, datatype: str = "", language: str = "") -> ox.Literal:
    if language:
        return ox.Literal(value, language=language)
    if datatype:
        return ox.Literal(value, datatype=_N(datatype))
    return ox.Literal(value)


class _Writer:
    """Collects quads for one graph, adding the schema.org super-properties and super-classes."""

    def __init__(self, graph: ox.NamedNode) -> None:
        self.graph = graph
        self.quads: list[ox.Quad] = []

    def add(self, subject: ox.NamedNode, predicate: str, obj: ox.NamedNode | ox.Literal) -> None:
        predicate = str(predicate)  # rdflib URIRefs hash apart from equal str keys
        append, graph = self.quads.append, self.graph
        append(ox.Quad(subject, _N(predicate), obj, graph))
        for parent in super_properties(predicate):
            append(ox.Quad(subject, _N(parent), obj, graph))

    def typed(self, subject: ox.NamedNode, cls: str) -> None:
        cls = str(cls)
        append, graph = self.quads.append, self.graph
        append(ox.Quad(subject, _TYPE, _N(cls), graph))
        for parent in super_classes(cls):
            append(ox.Quad(subject, _TYPE, _N(parent), graph))


@dataclass(frozen=True)
class Cited:
    """What the claim quads need of a document once its text is gone: its id and its sentences' offsets."""

    doc_id: str
    bounds: array[int]  # start, end of each sentence, in order

    def sentence(self, index: int) -> tuple[int, int] | None:
        """Return the (start, end) offsets of sentence `index`, or None."""
        if not 0 <= index < len(self.bounds) // 2:
            return None
        return self.bounds[2 * index], self.bounds[2 * index + 1]


def cited(document: Document) -> Cited:
    """Return what the claim quads need of `document` (a few bytes per sentence)."""
    return Cited(document.doc_id, array("q", [x for s in document.sentences for x in (s.start, s.end)]))


def to_quads(
    resolution: Resolution,
    documents: Iterable[Document],
    base_iri: str,
    read_at: datetime | None = None,
) -> Iterator[ox.Quad]:
    """Yield every quad of the graph: documents, entities, claims with provenance, resolution facts."""
    read_at = read_at or datetime.now(UTC)
    claims_by_doc = _claims_by_document(resolution)
    for document in documents:
        yield from document_quads(document, base_iri, read_at)
        yield from _claims_quads(cited(document), claims_by_doc.get(document.doc_id, []), resolution, base_iri)
    yield from _resolution_quads(resolution, base_iri)


def document_quads(document: Document, base_iri: str, read_at: datetime) -> list[ox.Quad]:
    """Return the description of `document` in its own graph (what it is, its text): no claim needed, so a
    build writes it as soon as the document is read and lets the text go."""
    doc = _N(document_iri(base_iri, document.doc_id))
    out = _Writer(doc)
    out.typed(doc, _FK.SourceDocument)
    out.add(doc, str(_RDFS.label), _lit(document.path.rsplit("/", 1)[-1]))
    out.add(doc, _FK.fileName, _lit(document.path))
    out.add(doc, _FK.sha256, _lit(document.sha256))
    out.add(doc, _FK.language, _lit(document.language))
    out.add(doc, _FK.readAt, _lit(read_at.isoformat(timespec="seconds"), str(_XSD.dateTime)))
    out.add(doc, _FK.text, _lit(document.text))
    return out.quads


def claim_quads(resolution: Resolution, documents: Iterable[Cited], base_iri: str) -> Iterator[ox.Quad]:
    """Yield the rest of the graph once the claims are resolved: each document's entities, facts and assertions
    (`to_quads` without `document_quads`), then the resolution facts."""
    claims_by_doc = _claims_by_document(resolution)
    for document in documents:
        yield from _claims_quads(document, claims_by_doc.get(document.doc_id, []), resolution, base_iri)
    yield from _resolution_quads(resolution, base_iri)


def _claims_by_document(resolution: Resolution) -> dict[str, list[Claim]]:
    claims_by_doc: dict[str, list[Claim]] = {}
    for claim in resolution.claims:
        claims_by_doc.setdefault(claim.evidence.doc_id, []).append(claim)
    return claims_by_doc


def _iri(base_iri: str, entity: Entity) -> ox.NamedNode:
    return _N(resource_iri(base_iri, entity.slug))


def _claims_quads(document: Cited, claims: list[Claim], resolution: Resolution, base_iri: str) -> list[ox.Quad]:
    doc = _N(document_iri(base_iri, document.doc_id))
    out = _Writer(doc)
    described: set[str] = set()
    shared = _Shared(out, document, base_iri)
    for claim in claims:
        for mention in _claim_mentions(claim):
            entity = resolution.entity_of[mention]
            node = _iri(base_iri, entity)
            if entity.slug not in described:
                described.add(entity.slug)
                out.typed(node, CLASS_OF_KIND[entity.kind])
                out.add(node, str(_RDFS.label), _lit(entity.label, language=entity.label_language))
                out.add(node, str(_SCHEMA.name), _lit(entity.label, language=entity.label_language))
            if entity.kind is Kind.REVIEW and mention.doc_id == document.doc_id:
                out.add(node, _FK.sourceDocument, doc)  # the review is this document's (not one it translates)
            if mention.text != entity.label:
                out.add(node, str(_SKOS.altLabel), _lit(mention.text, language=mention.language))
        _claim_quads(out, shared, claim, resolution, base_iri)
    return out.quads


def _claim_mentions(claim: Claim) -> Iterator[Mention]:
    yield claim.subject
    if isinstance(claim.object, Mention):
        yield claim.object
    for _name, value in claim.qualifiers:
        if isinstance(value, Mention):
            yield value


def _term(value: Mention | Literal, resolution: Resolution, base_iri: str) -> ox.NamedNode | ox.Literal:
    if isinstance(value, Mention):
        return _iri(base_iri, resolution.entity_of[value])
    return _lit(value.value, value.datatype, value.language)


class _Shared:
    """The nodes a document's assertions share, each described once in its graph: sentence selectors, extractors."""

    def __init__(self, out: _Writer, document: Cited, base_iri: str) -> None:
        self.out, self.document, self.base_iri = out, document, base_iri
        self.selectors: dict[tuple[int, str, int, int], tuple[ox.NamedNode, ox.NamedNode]] = {}
        self.extractors: dict[str, ox.NamedNode] = {}

    def selectors_of(self, evidence: Evidence) -> tuple[ox.NamedNode, ox.NamedNode]:
        """Return the (quote, position) selectors of the sentence `evidence` cites, describing them the first time."""
        sentence = self.document.sentence(evidence.sentence)
        if sentence is not None:  # the quote is the sentence's text (every extractor quotes the whole sentence)
            key = (evidence.sentence, evidence.quote, *sentence)
        else:  # evidence without its sentence (never from our extractors): cite the quoted span itself
            key = (evidence.sentence, evidence.quote, evidence.start, evidence.end)
        found = self.selectors.get(key)
        if found is not None:
            return found
        out, doc = self.out, self.out.graph
        name = f"{doc.value}#{{}}-{key[0]}" if sentence is not None else f"{doc.value}#{{}}-{key[0]}-{key[2]}-{key[3]}"
        quote, position = _N(name.format("quote")), _N(name.format("position"))
        out.quads.append(ox.Quad(quote, _TYPE, _N(str(_OA.TextQuoteSelector)), doc))
        out.add(quote, str(_OA.exact), _lit(key[1]))
        out.quads.append(ox.Quad(position, _TYPE, _N(str(_OA.TextPositionSelector)), doc))
        out.add(position, str(_OA.start), _lit(str(key[2]), str(_XSD.integer)))
        out.add(position, str(_OA.end), _lit(str(key[3]), str(_XSD.integer)))
        self.selectors[key] = (quote, position)
        return quote, position

    def extractor(self, name: str) -> ox.NamedNode:
        """Return the node of extractor `name`, typed and labelled once in this document's graph."""
        node = self.extractors.get(name)
        if node is None:
            node = self.extractors[name] = _N(resource_iri(self.base_iri, f"extractor/{name}"))
            self.out.typed(node, _FK.Extractor)
            self.out.add(node, str(_RDFS.label), _lit(name))
        return node


def _claim_quads(out: _Writer, shared: _Shared, claim: Claim, resolution: Resolution, base_iri: str) -> None:
    subject = _iri(base_iri, resolution.entity_of[claim.subject])
    obj = _term(claim.object, resolution, base_iri)
    predicate = getattr(FK, claim.predicate)
    special = _NARY.get(claim.predicate)
    if special is not None:
        special(out, subject, obj, claim, resolution, base_iri)
    if claim.predicate not in _NODE_VALUED:
        out.add(subject, predicate, obj)
    _assertion(out, shared, claim, subject, _N(predicate), obj, base_iri)


def _performance(out: _Writer, film: ox.NamedNode, person, claim: Claim, resolution: Resolution, base_iri: str) -> None:  # type: ignore[no-untyped-def]
    character = claim.qualifier("character")
    if not isinstance(character, Mention):
        return
    character_node = _iri(base_iri, resolution.entity_of[character])
    node = _N(resource_iri(base_iri, f"performance/{short_hash(film.value, person.value, character_node.value)}"))
    out.typed(node, _FK.Performance)
    out.add(film, _FK.performance, node)
    out.add(node, _FK.performer, person)
    out.add(node, _FK.character, character_node)
    out.add(node, _FK.characterName, _lit(resolution.entity_of[character].label))
    actor = resolution.entity_of[claim.object].label if isinstance(claim.object, Mention) else ""
    out.add(node, str(_RDFS.label), _lit(f"{resolution.entity_of[character].label} ({actor})"))
    out.add(character_node, _FK.playedBy, person)
    out.add(character_node, _FK.appearsIn, film)


def _award(out: _Writer, subject: ox.NamedNode, award, claim: Claim, resolution: Resolution, base_iri: str) -> None:  # type: ignore[no-untyped-def]
    won = claim.predicate == "awardReceived"
    parts = [subject.value, award.value] + [f"{k}={_term(v, resolution, base_iri)}" for k, v in claim.qualifiers]
    node = _N(resource_iri(base_iri, f"award-record/{short_hash(*parts)}"))
    out.typed(node, _FK.AwardWin if won else _FK.AwardNomination)
    out.add(subject, _FK.awardRecord, node)
    out.add(node, _FK.award, award)
    out.add(node, _FK.recipient, subject)
    out.add(node, _FK.outcome, _lit("won" if won else "nominated"))
    qualifier_predicates = {"event": _FK.awardEvent, "year": _FK.year, "category": _FK.category, "forWork": _FK.forWork}
    for name, value in claim.qualifiers:
        if name in qualifier_predicates:
            out.add(node, qualifier_predicates[name], _term(value, resolution, base_iri))


def _rating(out: _Writer, subject: ox.NamedNode, value, claim: Claim, resolution: Resolution, base_iri: str) -> None:  # type: ignore[no-untyped-def]
    aggregate = claim.predicate == "aggregateRating"
    node = _N(resource_iri(base_iri, f"rating/{short_hash(subject.value, claim.evidence.doc_id, claim.predicate)}"))
    out.typed(node, _FK.AggregateRating if aggregate else _FK.Rating)
    out.add(subject, getattr(FK, claim.predicate), node)
    out.add(node, str(_SCHEMA.ratingValue), value)
    best = claim.qualifier("bestRating")
    if isinstance(best, Literal):
        out.add(node, str(_SCHEMA.bestRating), _lit(best.value, best.datatype))
    out.add(node, str(_RDFS.label), _lit(f"{value.value}/{best.value if isinstance(best, Literal) else '?'}"))


_NARY = {
    "castMember": _performance,
    "awardReceived": _award,
    "nominatedFor": _award,
    "aggregateRating": _rating,
    "reviewRating": _rating,
}
_NODE_VALUED = {"aggregateRating", "reviewRating"}  # the plain triple points at the rating node instead


def _assertion(
    out: _Writer,
    shared: _Shared,
    claim: Claim,
    subject: ox.NamedNode,
    predicate: ox.NamedNode,
    obj: ox.NamedNode | ox.Literal,
    base_iri: str,
) -> None:
    """Reify one fact: fk:Assertion (an rdf:Statement), its source document (fk:sourceDocument is a sub-property
    of prov:wasDerivedFrom, materialised), extractor, confidence, sentence index and the sentence's selectors."""
    evidence = claim.evidence
    doc = out.graph
    key = short_hash(
        shared.document.doc_id, subject.value, predicate.value, str(obj), evidence.start, evidence.extractor
    )
    node = _N(resource_iri(base_iri, f"assertion/{key}"))
    out.typed(node, _FK.Assertion)
    out.add(node, str(_RDF.subject), subject)
    out.add(node, str(_RDF.predicate), predicate)
    out.add(node, str(_RDF.object), obj)
    out.add(node, _FK.sourceDocument, doc)
    out.add(node, _FK.extractor, shared.extractor(evidence.extractor))
    out.add(node, _FK.confidence, _lit(f"{evidence.confidence:.2f}", str(_XSD.decimal)))
    out.add(node, _FK.sentenceIndex, _lit(str(evidence.sentence), str(_XSD.integer)))
    quote, position = shared.selectors_of(evidence)
    out.add(node, str(_OA.hasSource), doc)
    out.add(node, str(_OA.hasSelector), quote)
    out.add(node, str(_OA.hasSelector), position)


def _resolution_quads(resolution: Resolution, base_iri: str) -> Iterator[ox.Quad]:
    graph = _N(base_iri + RESOLUTION_GRAPH)
    for entity in resolution.entities:
        node = _iri(base_iri, entity)
        yield ox.Quad(node, _N(str(_SKOS.prefLabel)), _lit(entity.label, language=entity.label_language), graph)
        yield ox.Quad(node, _N(_FK.mentionCount), _lit(str(entity.mention_count), str(_XSD.integer)), graph)
        yield ox.Quad(node, _N(_FK.documentCount), _lit(str(entity.document_count), str(_XSD.integer)), graph)
        for text, language in entity.alt_labels:  # every name the resolver merged, titles included
            if text != entity.label:
                yield ox.Quad(node, _N(str(_SKOS.altLabel)), _lit(text, language=language), graph)
    for old, new in resolution.retired:
        old_node = _N(resource_iri(base_iri, old))
        new_node = _N(resource_iri(base_iri, new))
        yield ox.Quad(old_node, _N("http://www.w3.org/2002/07/owl#sameAs"), new_node, graph)
