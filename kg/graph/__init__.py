"""STAGE 4: Resolution -> quads. Each document's facts go into the named graph of its IRI.

Every claim becomes its plain triple (plus schema.org super-properties), the n-ary nodes it
needs (performance, award record, rating) and a reified fk:Assertion with PROV-O and Web
Annotation selectors pointing at the sentence that states it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

import pyoxigraph as ox

from ..iri import document_iri, resource_iri, short_hash
from ..model import Claim, Document, Entity, Kind, Literal, Mention, Resolution
from ..vocab import FK, OA, PROV, RDF, RDFS, SCHEMA, SKOS, XSD
from .entailment import super_classes, super_properties

__all__ = ["to_quads", "CLASS_OF_KIND", "RESOLUTION_GRAPH"]

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
_N = ox.NamedNode


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
        self.quads.append(ox.Quad(subject, _N(predicate), obj, self.graph))
        for parent in super_properties(predicate):
            self.quads.append(ox.Quad(subject, _N(parent), obj, self.graph))

    def typed(self, subject: ox.NamedNode, cls: str) -> None:
        cls = str(cls)
        self.quads.append(ox.Quad(subject, _TYPE, _N(cls), self.graph))
        for parent in super_classes(cls):
            self.quads.append(ox.Quad(subject, _TYPE, _N(parent), self.graph))


def to_quads(
    resolution: Resolution,
    documents: Iterable[Document],
    base_iri: str,
    read_at: datetime | None = None,
) -> Iterator[ox.Quad]:
    """Yield every quad of the graph: documents, entities, claims with provenance, resolution facts."""
    read_at = read_at or datetime.now(UTC)
    claims_by_doc: dict[str, list[Claim]] = {}
    for claim in resolution.claims:
        claims_by_doc.setdefault(claim.evidence.doc_id, []).append(claim)
    for document in documents:
        yield from _document_quads(document, claims_by_doc.get(document.doc_id, []), resolution, base_iri, read_at)
    yield from _resolution_quads(resolution, base_iri)


def _iri(base_iri: str, entity: Entity) -> ox.NamedNode:
    return _N(resource_iri(base_iri, entity.slug))


def _document_quads(
    document: Document, claims: list[Claim], resolution: Resolution, base_iri: str, read_at: datetime
) -> Iterator[ox.Quad]:
    doc = _N(document_iri(base_iri, document.doc_id))
    out = _Writer(doc)
    out.typed(doc, FK.SourceDocument)
    out.add(doc, str(RDFS.label), _lit(document.path.rsplit("/", 1)[-1]))
    out.add(doc, FK.fileName, _lit(document.path))
    out.add(doc, FK.sha256, _lit(document.sha256))
    out.add(doc, FK.language, _lit(document.language))
    out.add(doc, FK.readAt, _lit(read_at.isoformat(timespec="seconds"), str(XSD.dateTime)))
    out.add(doc, FK.text, _lit(document.text))
    described: set[str] = set()
    for claim in claims:
        for mention in _claim_mentions(claim):
            entity = resolution.entity_of[mention]
            node = _iri(base_iri, entity)
            if entity.slug not in described:
                described.add(entity.slug)
                out.typed(node, CLASS_OF_KIND[entity.kind])
                out.add(node, str(RDFS.label), _lit(entity.label, language=entity.label_language))
                out.add(node, str(SCHEMA.name), _lit(entity.label, language=entity.label_language))
            if entity.kind is Kind.REVIEW and mention.doc_id == document.doc_id:
                out.add(node, FK.sourceDocument, doc)  # the review is this document's (not one it translates)
            if mention.text != entity.label:
                out.add(node, str(SKOS.altLabel), _lit(mention.text, language=mention.language))
        _claim_quads(out, document, claim, resolution, base_iri)
    yield from out.quads


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


def _claim_quads(out: _Writer, document: Document, claim: Claim, resolution: Resolution, base_iri: str) -> None:
    subject = _iri(base_iri, resolution.entity_of[claim.subject])
    obj = _term(claim.object, resolution, base_iri)
    predicate = getattr(FK, claim.predicate)
    special = _NARY.get(claim.predicate)
    if special is not None:
        special(out, subject, obj, claim, resolution, base_iri)
    if claim.predicate not in _NODE_VALUED:
        out.add(subject, predicate, obj)
    _assertion(out, document, claim, subject, _N(predicate), obj, base_iri)


def _performance(out: _Writer, film: ox.NamedNode, person, claim: Claim, resolution: Resolution, base_iri: str) -> None:  # type: ignore[no-untyped-def]
    character = claim.qualifier("character")
    if not isinstance(character, Mention):
        return
    character_node = _iri(base_iri, resolution.entity_of[character])
    node = _N(resource_iri(base_iri, f"performance/{short_hash(film.value, person.value, character_node.value)}"))
    out.typed(node, FK.Performance)
    out.add(film, FK.performance, node)
    out.add(node, FK.performer, person)
    out.add(node, FK.character, character_node)
    out.add(node, FK.characterName, _lit(resolution.entity_of[character].label))
    actor = resolution.entity_of[claim.object].label if isinstance(claim.object, Mention) else ""
    out.add(node, str(RDFS.label), _lit(f"{resolution.entity_of[character].label} ({actor})"))
    out.add(character_node, FK.playedBy, person)
    out.add(character_node, FK.appearsIn, film)


def _award(out: _Writer, subject: ox.NamedNode, award, claim: Claim, resolution: Resolution, base_iri: str) -> None:  # type: ignore[no-untyped-def]
    won = claim.predicate == "awardReceived"
    parts = [subject.value, award.value] + [f"{k}={_term(v, resolution, base_iri)}" for k, v in claim.qualifiers]
    node = _N(resource_iri(base_iri, f"award-record/{short_hash(*parts)}"))
    out.typed(node, FK.AwardWin if won else FK.AwardNomination)
    out.add(subject, FK.awardRecord, node)
    out.add(node, FK.award, award)
    out.add(node, FK.recipient, subject)
    out.add(node, FK.outcome, _lit("won" if won else "nominated"))
    qualifier_predicates = {"event": FK.awardEvent, "year": FK.year, "category": FK.category, "forWork": FK.forWork}
    for name, value in claim.qualifiers:
        if name in qualifier_predicates:
            out.add(node, qualifier_predicates[name], _term(value, resolution, base_iri))


def _rating(out: _Writer, subject: ox.NamedNode, value, claim: Claim, resolution: Resolution, base_iri: str) -> None:  # type: ignore[no-untyped-def]
    aggregate = claim.predicate == "aggregateRating"
    node = _N(resource_iri(base_iri, f"rating/{short_hash(subject.value, claim.evidence.doc_id, claim.predicate)}"))
    out.typed(node, FK.AggregateRating if aggregate else FK.Rating)
    out.add(subject, getattr(FK, claim.predicate), node)
    out.add(node, str(SCHEMA.ratingValue), value)
    best = claim.qualifier("bestRating")
    if isinstance(best, Literal):
        out.add(node, str(SCHEMA.bestRating), _lit(best.value, best.datatype))
    out.add(node, str(RDFS.label), _lit(f"{value.value}/{best.value if isinstance(best, Literal) else '?'}"))


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
    document: Document,
    claim: Claim,
    subject: ox.NamedNode,
    predicate: ox.NamedNode,
    obj: ox.NamedNode | ox.Literal,
    base_iri: str,
) -> None:
    evidence = claim.evidence
    doc = out.graph
    key = short_hash(document.doc_id, subject.value, predicate.value, str(obj), evidence.start, evidence.extractor)
    node = _N(resource_iri(base_iri, f"assertion/{key}"))
    out.typed(node, FK.Assertion)
    out.add(node, str(RDF.subject), subject)
    out.add(node, str(RDF.predicate), predicate)
    out.add(node, str(RDF.object), obj)
    out.add(node, FK.sourceDocument, doc)
    out.add(node, FK.extractor, _N(resource_iri(base_iri, f"extractor/{evidence.extractor}")))
    out.add(node, FK.confidence, _lit(f"{evidence.confidence:.2f}", str(XSD.decimal)))
    out.add(node, FK.sentenceIndex, _lit(str(evidence.sentence), str(XSD.integer)))
    sentence = document.sentences[evidence.sentence] if evidence.sentence < len(document.sentences) else None
    quote = _N(node.value + "#quote")
    position = _N(node.value + "#position")
    out.add(node, str(OA.hasSource), doc)
    out.add(node, str(OA.hasSelector), quote)
    out.add(node, str(OA.hasSelector), position)
    out.quads.append(ox.Quad(quote, _TYPE, _N(str(OA.TextQuoteSelector)), doc))
    out.add(quote, str(OA.exact), _lit(sentence.text if sentence else evidence.quote))
    out.quads.append(ox.Quad(position, _TYPE, _N(str(OA.TextPositionSelector)), doc))
    out.add(position, str(OA.start), _lit(str(sentence.start if sentence else evidence.start), str(XSD.integer)))
    out.add(position, str(OA.end), _lit(str(sentence.end if sentence else evidence.end), str(XSD.integer)))
    extractor = _N(resource_iri(base_iri, f"extractor/{evidence.extractor}"))
    out.typed(extractor, FK.Extractor)
    out.add(extractor, str(RDFS.label), _lit(evidence.extractor))
    out.add(node, str(PROV.wasDerivedFrom), doc)


def _resolution_quads(resolution: Resolution, base_iri: str) -> Iterator[ox.Quad]:
    graph = _N(base_iri + RESOLUTION_GRAPH)
    for entity in resolution.entities:
        node = _iri(base_iri, entity)
        yield ox.Quad(node, _N(str(SKOS.prefLabel)), _lit(entity.label, language=entity.label_language), graph)
        yield ox.Quad(node, _N(FK.mentionCount), _lit(str(entity.mention_count), str(XSD.integer)), graph)
        yield ox.Quad(node, _N(FK.documentCount), _lit(str(entity.document_count), str(XSD.integer)), graph)
    for old, new in resolution.retired:
        old_node = _N(resource_iri(base_iri, old))
        new_node = _N(resource_iri(base_iri, new))
        yield ox.Quad(old_node, _N("http://www.w3.org/2002/07/owl#sameAs"), new_node, graph)
