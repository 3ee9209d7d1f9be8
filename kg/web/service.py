"""The SPARQL 1.1 Service Description of /sparql, and the example queries its query page offers.

The description says what a client may rely on: the endpoint, the query (and, with a token, update) language,
every result format, the default dataset (the merge of all graphs) with each named graph and its size, the
predeclared prefixes, and where the VoID description is.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..formats import RDF_FORMATS, RESULTS_FORMATS
from ..vocab import DCTERMS, FK_NS, PREFIXES, RDF, RDFS, SD, VOID, XSD

SH = "http://www.w3.org/ns/shacl#"
W3C_FORMATS = "http://www.w3.org/ns/formats/"
FORMAT_IRIS = {  # our format names -> the W3C's IRIs for them (https://www.w3.org/ns/formats/)
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
    "trig": "TriG",
    "nquads": "N-Quads",
}
GRAPH_SIZES = (
    "SELECT ?g (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g ORDER BY ?g"
)


def describe_service(endpoint: str, void: str, graphs: Iterable[tuple[str | None, int]],
                     updates: bool) -> list[ox.Triple]:  # fmt: skip
    """Return the service description of `endpoint` as triples.

    Args:
        graphs: (graph IRI, triple count) pairs; None names the default graph.
        updates: whether SPARQL Update is accepted (an update token is configured).

    >>> graphs = [(None, 3), ("http://h/d", 2)]
    >>> triples = describe_service("http://h/sparql", "http://h/.well-known/void", graphs, False)
    >>> sorted(t.object.value for t in triples if t.predicate.value.endswith("#supportedLanguage"))
    ['http://www.w3.org/ns/sparql-service-description#SPARQL11Query']
    """
    service = ox.NamedNode(endpoint)
    dataset = ox.NamedNode(endpoint + "#dataset")
    triples: list[ox.Triple] = []

    def add(
        subject: ox.NamedNode | ox.BlankNode, predicate: str, obj: ox.NamedNode | ox.BlankNode | ox.Literal
    ) -> None:
        triples.append(ox.Triple(subject, ox.NamedNode(predicate), obj))

    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    add(service, RDF.type, iri(SD.Service))
    add(service, SD.endpoint, service)
    add(service, DCTERMS["title"], ox.Literal("filmkg SPARQL endpoint", language="en"))
    add(service, SD.supportedLanguage, iri(SD.SPARQL11Query))
    if updates:
        add(service, SD.supportedLanguage, iri(SD.SPARQL11Update))
    for info in (*RESULTS_FORMATS, *RDF_FORMATS):
        add(service, SD.resultFormat, iri(W3C_FORMATS + FORMAT_IRIS[info.name]))
    add(service, SD.feature, iri(SD.UnionDefaultGraph))
    add(service, SD.defaultEntailmentRegime, iri("http://www.w3.org/ns/entailment/Simple"))
    add(service, RDFS.seeAlso, iri(void))
    for prefix, namespace in PREFIXES.items():  # predeclared prefixes, in SHACL's vocabulary for them
        declaration = ox.BlankNode()
        add(service, SH + "declare", declaration)
        add(declaration, SH + "prefix", ox.Literal(prefix))
        add(declaration, SH + "namespace", ox.Literal(namespace, datatype=iri(str(XSD.anyURI))))
    add(service, SD.defaultDataset, dataset)
    add(dataset, RDF.type, iri(SD.Dataset))
    add(dataset, RDFS.seeAlso, iri(void))
    for name, size in graphs:
        graph = ox.BlankNode()
        add(graph, RDF.type, iri(SD.Graph))
        add(graph, VOID.triples, ox.Literal(str(size), datatype=iri(str(XSD.integer))))
        if name is None:
            add(dataset, SD.defaultGraph, graph)
            continue
        named = ox.BlankNode()
        add(dataset, SD.namedGraph, named)
        add(named, RDF.type, iri(SD.NamedGraph))
        add(named, SD.name, iri(name))
        add(named, SD.graph, graph)
    return triples


EXAMPLES: tuple[tuple[str, str], ...] = (
    (
        "Cast with characters",
        """SELECT ?film ?filmName ?actor ?actorName ?character ?characterName WHERE {
  ?film fk:performance ?performance .
  ?performance fk:performer ?actor ;
               fk:character ?character ;
               fk:characterName ?characterName .
  ?film rdfs:label ?filmName .
  ?actor rdfs:label ?actorName .
}
ORDER BY ?filmName ?actorName""",
    ),
    (
        "Awards",
        """SELECT ?recipient ?recipientName ?award ?awardName ?event ?year ?outcome WHERE {
  ?record a fk:AwardRecord ;
          fk:award ?award ;
          fk:recipient ?recipient .
  ?award rdfs:label ?awardName .
  ?recipient rdfs:label ?recipientName .
  OPTIONAL { ?record fk:awardEvent/rdfs:label ?event }
  OPTIONAL { ?record fk:year ?year }
  OPTIONAL { ?record fk:outcome ?outcome }
}
ORDER BY ?recipientName""",
    ),
    (
        "Reviews with ratings",
        """SELECT ?review ?film ?filmName ?rating ?best ?author WHERE {
  ?review a fk:Review ;
          fk:reviewOf ?film ;
          fk:reviewRating ?score .
  ?score schema:ratingValue ?rating .
  OPTIONAL { ?score schema:bestRating ?best }
  OPTIONAL { ?review fk:reviewAuthor/rdfs:label ?author }
  ?film rdfs:label ?filmName .
}
ORDER BY DESC(?rating)""",
    ),
    (
        "Which sentences support a fact",
        """SELECT ?subject ?predicate ?object ?sentence ?document WHERE {
  ?assertion a fk:Assertion ;
             rdf:subject ?s ; rdf:predicate ?predicate ; rdf:object ?o ;
             fk:sourceDocument ?document ;
             oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact ?sentence ] .
  ?s rdfs:label ?subject .
  OPTIONAL { ?o rdfs:label ?objectLabel }
  BIND (COALESCE(?objectLabel, ?o) AS ?object)
  FILTER (?predicate != rdf:type)
}
ORDER BY ?subject ?predicate
LIMIT 100""",
    ),
    (
        "Titles in every language",
        """SELECT ?film ?title (LANG(?title) AS ?language) WHERE {
  ?film a fk:Film ;
        fk:title ?title .
}
ORDER BY ?film ?language ?title""",
    ),
)


def prefix_block() -> str:
    """Return the PREFIX lines the query editor starts with (the server predeclares them anyway).

    >>> prefix_block().splitlines()[0]
    'PREFIX fk: <https://filmkg.org/ontology#>'
    """
    assert PREFIXES["fk"] == FK_NS
    return "\n".join(f"PREFIX {name}: <{namespace}>" for name, namespace in PREFIXES.items())
