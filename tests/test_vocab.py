"""The closed namespace, the ontology file and the extractors agree on every term."""

from __future__ import annotations

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from kg.extractors import all_extractors
from kg.vocab import FK, FK_NS, ONTOLOGY_FILE, SHAPES_FILE


def _ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_FILE)


def test_closed_namespace_matches_the_ontology() -> None:
    graph = _ontology()
    defined = {str(s)[len(FK_NS) :] for s in graph.subjects() if str(s).startswith(FK_NS)}
    declared = set(FK.__annotations__)
    assert declared == defined


def test_every_term_has_a_label_and_a_comment() -> None:
    graph = _ontology()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in graph.subjects(RDF.type, kind):
            assert graph.value(term, RDFS.label) is not None, term
            assert graph.value(term, RDFS.comment) is not None, term


def test_schema_org_is_used_in_one_form_only() -> None:
    for path in (ONTOLOGY_FILE, SHAPES_FILE):
        assert "https://schema.org" not in path.read_text("utf-8")


def test_required_alignments_exist() -> None:
    graph = _ontology()
    schema = rdflib.Namespace("http://schema.org/")
    wdt = rdflib.Namespace("http://www.wikidata.org/prop/direct/")
    for cls, parent in [(FK.Film, schema.Movie), (FK.Performance, schema.PerformanceRole), (FK.Review, schema.Review)]:
        assert (rdflib.URIRef(cls), RDFS.subClassOf, parent) in graph
    for prop, parent, wikidata in [
        (FK.director, schema.director, wdt.P57),
        (FK.composer, schema.musicBy, wdt.P86),
        (FK.castMember, schema.actor, wdt.P161),
        (FK.releaseDate, schema.datePublished, wdt.P577),
    ]:
        assert (rdflib.URIRef(prop), RDFS.subPropertyOf, parent) in graph
        assert (rdflib.URIRef(prop), OWL.equivalentProperty, wikidata) in graph


def test_extractors_emit_only_ontology_predicates() -> None:
    declared = set(FK.__annotations__)
    for component in all_extractors():
        assert component.emits <= declared, (component.name, component.emits - declared)
