"""Namespaces: our ontology as a closed namespace (a misspelt term fails at import), plus the standard ones.

`tests/test_vocab.py` checks that `FK` and `ontology/film.ttl` define exactly the same terms.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://filmkg.org/ontology"
FK_NS = ONTOLOGY_IRI + "#"
ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
if not ONTOLOGY_DIR.is_dir():  # installed as a wheel: the ontology ships inside the package
    ONTOLOGY_DIR = Path(__file__).resolve().parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "film.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


class FK(DefinedNamespace):
    """The filmkg ontology (ontology/film.ttl)."""

    _NS = Namespace(FK_NS)
    _fail = True

    # classes
    AggregateRating: str
    Assertion: str
    Award: str
    AwardEvent: str
    AwardNomination: str
    AwardRecord: str
    AwardWin: str
    Character: str
    Country: str
    CreativeWork: str
    Extractor: str
    Film: str
    Organization: str
    Performance: str
    Person: str
    Rating: str
    Review: str
    SourceDocument: str
    StreamingService: str
    # properties
    aggregateRating: str
    appearsIn: str
    availableOn: str
    award: str
    awardEvent: str
    awardReceived: str
    awardRecord: str
    basedOn: str
    castMember: str
    category: str
    character: str
    characterName: str
    cinematographer: str
    composer: str
    confidence: str
    countryOfOrigin: str
    director: str
    documentCount: str
    duration: str
    editor: str
    extractor: str
    fileName: str
    forWork: str
    genre: str
    language: str
    mentionCount: str
    mentions: str
    nominatedFor: str
    originalLanguage: str
    outcome: str
    performance: str
    performer: str
    playedBy: str
    producer: str
    productionCompany: str
    readAt: str
    recipient: str
    releaseDate: str
    reviewAuthor: str
    reviewBody: str
    reviewOf: str
    reviewRating: str
    reviewTitle: str
    screenwriter: str
    sentenceIndex: str
    sha256: str
    sourceDocument: str
    text: str
    title: str
    translationOf: str
    url: str
    workAuthor: str
    year: str


SCHEMA = Namespace("http://schema.org/")  # one form everywhere: http, as schema.org's own JSON-LD context
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
OA = Namespace("http://www.w3.org/ns/oa#")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
WDT = Namespace("http://www.wikidata.org/prop/direct/")

PREFIXES: dict[str, str] = {
    "fk": FK_NS,
    "schema": str(SCHEMA),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "oa": str(OA),
    "void": str(VOID),
    "wdt": str(WDT),
}
