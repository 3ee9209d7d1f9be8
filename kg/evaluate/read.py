"""Read a built graph the way the shared scorer reads an endpoint: schema.org terms, plus any property the ontology
declares owl:equivalentProperty to a Wikidata property; and, for reports, the provenance behind each fact.

Queries run in-process on the store (read-only), whose default graph is the merge of every document's graph, so they
see what `/sparql` serves, with no row cap. schema.org is read in its http form only: the graph writes no other (the
scorer also tries https, which finds nothing here).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ..store.sparql import run_query
from .gold import doc_name

LABELS = "(rdfs:label|skos:altLabel|skos:prefLabel|schema:name|schema:alternateName)"
WIKIDATA = "http://www.wikidata.org/prop/direct/"


@dataclass(frozen=True)
class Value:
    """A value the graph gives a film: as compared (a label or a literal), and the node that holds it."""

    text: str
    node: str


@dataclass(frozen=True)
class Source:
    """Where the graph says a fact comes from: the document, the extractor and the sentence."""

    doc: str  # doc_name of the source document
    extractor: str
    sentence_index: int
    sentence: str
    predicate: str


@dataclass(frozen=True)
class Link:
    """A fact of one document's graph pointing at an entity, for saying where a missed fact went instead."""

    predicate: str
    subject: str  # the subject's label (its IRI if it has none)


def _rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    return [
        {v.value: row[v].value for v in solutions.variables if row[v] is not None}
        for solutions in [run_query(store, query)]
        for row in solutions
    ]


class GraphReader:
    """The facts of a store, read once per question and kept (a report asks several times)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._values: dict[str, dict[str, list[Value]]] = {}
        self._sources: dict[str, list[tuple[str, Source]]] | None = None
        self._cited_by: dict[str, list[Source]] = {}
        self._mentions: dict[str, set[str]] | None = None
        self._links: dict[str, dict[str, list[Link]]] | None = None

    def query(self, sparql: str) -> list[dict[str, str]]:
        """Run a SELECT and return its rows as {variable: lexical value}."""
        return _rows(self.store, sparql)

    def properties(self, wikidata_id: str, *schema_terms: str) -> list[str]:
        """Return the property IRIs standing for a Wikidata property: the ontology's equivalents, the Wikidata
        property itself and `schema_terms` ("schema:director")."""
        rows = self.query(f"""SELECT DISTINCT ?p WHERE {{
          VALUES ?w {{ <{WIKIDATA}{wikidata_id}> <http://www.wikidata.org/entity/{wikidata_id}> }}
          {{ ?p owl:equivalentProperty ?w }} UNION {{ ?w owl:equivalentProperty ?p }} UNION {{ ?p skos:exactMatch ?w }}
        }}""")
        found = [r["p"] for r in rows if "p" in r] + [WIKIDATA + wikidata_id]
        return found + [term.replace("schema:", "http://schema.org/") for term in schema_terms]

    def film_names(self) -> dict[str, set[str]]:
        """Return every film (schema:Movie) with its names (a film with none has the empty name)."""
        names: dict[str, set[str]] = defaultdict(set)
        for r in self.query(f"SELECT ?f ?l WHERE {{ ?f a schema:Movie . OPTIONAL {{ ?f {LABELS} ?l }} }}"):
            names[r["f"]].add(r.get("l", ""))
        return names

    def values(self, path: str) -> dict[str, list[Value]]:
        """Return film -> the values reached by the property path `path`: the labels of the node (of the performer,
        for a Role node), else the literal or IRI itself."""
        if path not in self._values:
            rows = self.query(f"""SELECT ?f ?x ?p ?l WHERE {{ ?f a schema:Movie . ?f {path} ?x .
                OPTIONAL {{ ?x schema:actor ?p . ?p {LABELS} ?pl }}
                OPTIONAL {{ ?x {LABELS} ?l0 }} BIND(COALESCE(?pl, ?l0) AS ?l) }}""")
            out: dict[str, list[Value]] = defaultdict(list)
            for r in rows:
                value = Value(r.get("l") or r["x"], r.get("p", r["x"]))  # ?p is bound only with its label
                if value not in out[r["f"]]:
                    out[r["f"]].append(value)
            self._values[path] = out
        return self._values[path]

    def characters(self) -> dict[str, list[tuple[str, str, str]]]:
        """Return film -> (actor label, character name, actor IRI) through the Role pattern."""
        rows = self.query(f"""SELECT ?f ?a ?c ?p WHERE {{ ?f a schema:Movie ; schema:actor ?r .
            ?r schema:actor ?p ; schema:characterName ?c . ?p {LABELS} ?a }}""")
        out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for r in rows:
            if (r["a"], r["c"], r["p"]) not in out[r["f"]]:
                out[r["f"]].append((r["a"], r["c"], r["p"]))
        return out

    def awards(self, path: str) -> list[tuple[str, str, set[str]]]:
        """Return (recipient IRI, award name, the recipient's labels) for every link by the path `path`."""
        rows = self.query(f"""SELECT ?x ?a ?al ?xl WHERE {{ ?x {path} ?a .
            OPTIONAL {{ ?a {LABELS} ?al }} OPTIONAL {{ ?x {LABELS} ?xl }} }}""")
        by_pair: dict[tuple[str, str], set[str]] = defaultdict(set)
        for r in rows:
            by_pair[(r["x"], r.get("al") or r["a"])].add(r.get("xl", ""))
        return [(x, name, labels) for (x, name), labels in by_pair.items()]

    def reviews(self) -> list[dict[str, str]]:
        """Return one row per review and author/rating: r, au (author's label), v (rating), b (best)."""
        return self.query(f"""SELECT ?r ?au ?v ?b WHERE {{ ?r a schema:Review .
            OPTIONAL {{ ?r schema:author ?a . OPTIONAL {{ ?a {LABELS} ?al }} BIND(COALESCE(?al, STR(?a)) AS ?au) }}
            OPTIONAL {{ ?r schema:reviewRating ?rt . ?rt schema:ratingValue ?v .
                        OPTIONAL {{ ?rt schema:bestRating ?b }} }}
        }}""")

    def translations(self) -> int:
        """Return how many reviews are translations of another review."""
        return len(
            self.query("SELECT ?a ?b WHERE { ?a a schema:Review ; schema:translationOfWork ?b . ?b a schema:Review }")
        )

    def reviewed_by_doc(self) -> dict[str, set[str]]:
        """Return document name -> the films that the reviews derived from that document review."""
        rows = self.query(f"""SELECT ?f ?d ?dl WHERE {{ ?r schema:itemReviewed ?f .
            ?r (prov:wasDerivedFrom|dcterms:source|schema:isBasedOn) ?d .
            OPTIONAL {{ ?d ({LABELS[1:-1]}|dcterms:identifier|schema:identifier|schema:url) ?dl }} }}""")
        out: dict[str, set[str]] = defaultdict(set)
        for r in rows:
            out[doc_name(r.get("dl") or r["d"])].add(r["f"])
        return out

    def review_docs(self) -> dict[str, str]:
        """Return review IRI -> the name of the document it was derived from."""
        rows = self.query("""SELECT ?r ?d ?dl WHERE { ?r a schema:Review ; (prov:wasDerivedFrom|dcterms:source) ?d .
            OPTIONAL { ?d rdfs:label ?dl } }""")
        return {r["r"]: doc_name(r.get("dl") or r["d"]) for r in rows}

    def people(self) -> dict[str, set[str]]:
        """Return every schema:Person with its labels."""
        out: dict[str, set[str]] = defaultdict(set)
        for r in self.query(f"SELECT ?p ?l WHERE {{ ?p a schema:Person ; {LABELS} ?l }}"):
            out[r["p"]].add(r["l"])
        return out

    # provenance, for reports

    def sources(self, subject: str, obj: str | None = None) -> list[Source]:
        """Return the assertions stating a fact of `subject` (whose object is `obj`, an IRI or a literal's value)."""
        if self._sources is None:
            rows = self.query("""SELECT ?s ?p ?o ?dl ?el ?i ?q WHERE {
                ?a a fk:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; fk:sourceDocument ?d .
                OPTIONAL { ?d rdfs:label ?dl } OPTIONAL { ?a fk:extractor ?e . OPTIONAL { ?e rdfs:label ?el } }
                OPTIONAL { ?a fk:sentenceIndex ?i }
                OPTIONAL { ?a oa:hasSelector ?sel . ?sel a oa:TextQuoteSelector ; oa:exact ?q } }""")
            index: dict[str, list[tuple[str, Source]]] = defaultdict(list)
            cited_by: dict[str, list[Source]] = defaultdict(list)
            for r in rows:
                doc = doc_name(r.get("dl", ""))
                source = Source(doc, r.get("el", ""), int(r.get("i", -1)), r.get("q", ""), r["p"])
                if (r["o"], source) not in index[r["s"]]:
                    index[r["s"]].append((r["o"], source))
                    cited_by[r["o"]].append(source)
            self._sources, self._cited_by = index, cited_by
        found = [source for o, source in self._sources.get(subject, ()) if obj is None or o == obj]
        return sorted(found, key=lambda s: (s.doc, s.sentence_index, s.predicate))

    def citing(self, obj: str) -> list[Source]:
        """Return the assertions whose object is `obj` (a review's fk:reviewOf names the film it reviews)."""
        self.sources("")
        return sorted(self._cited_by.get(obj, ()), key=lambda s: (s.doc, s.sentence_index, s.predicate))

    def mentions(self, doc: str) -> set[str]:
        """Return the names and literal values the graph of document `doc` (a doc_name) holds."""
        if self._mentions is None:
            found: dict[str, set[str]] = defaultdict(set)
            for r in self.query("""SELECT ?dl ?l WHERE { ?g a fk:SourceDocument ; rdfs:label ?dl .
                GRAPH ?g { { ?s (rdfs:label|skos:altLabel|schema:name) ?l . FILTER(?s != ?g) }
                           UNION { ?a rdf:object ?l . FILTER(isLiteral(?l)) } } }"""):
                found[doc_name(r["dl"])].add(r["l"])
            self._mentions = found
        return self._mentions.get(doc, set())

    def links(self, doc: str) -> dict[str, list[Link]]:
        """Return, for document `doc`, each name of an entity its facts point at -> the facts pointing at it."""
        if self._links is None:
            found: dict[str, dict[str, list[Link]]] = defaultdict(lambda: defaultdict(list))
            for r in self.query("""SELECT ?dl ?ol ?p ?s ?sl WHERE { ?g a fk:SourceDocument ; rdfs:label ?dl .
                GRAPH ?g { ?a a fk:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
                           ?o (rdfs:label|skos:altLabel) ?ol . OPTIONAL { ?s rdfs:label ?sl } } }"""):
                link = Link(local_name(r["p"]), r.get("sl", r["s"]))
                entry = found[doc_name(r["dl"])][r["ol"]]
                if link not in entry:
                    entry.append(link)
            self._links = found
        return self._links.get(doc, {})


def alternation(properties: list[str]) -> str:
    """A property path matching any of `properties` (IRIs)."""
    return "(" + "|".join(f"<{p}>" for p in properties) + ")"


def local_name(iri: Any) -> str:
    """The last segment of an IRI, for short reports."""
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
