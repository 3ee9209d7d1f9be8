"""The ontology as pages need it: each term's labels, comments, kind and place, and a short name for any IRI.

Read once per build from the ontology's own named graph; the entity pages choose their sections from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..vocab import FK_NS, OA, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS
from ..vocab import PREFIXES as VOCAB_PREFIXES
from .describe import labels_in, pick_label


@dataclass
class Term:
    """A class or property of the ontology, as pages show it."""

    iri: str
    kind: str  # "class" | "object property" | "datatype property" | other rdf:type local name
    labels: list[ox.Literal]
    comments: list[ox.Literal]
    parents: list[str]  # rdfs:subClassOf / rdfs:subPropertyOf
    equivalents: list[str]  # owl:equivalentProperty / owl:equivalentClass
    domain: list[str]
    range: list[str]
    triples: list[ox.Triple]

    @property
    def local(self) -> str:
        """The name after '#'."""
        return self.iri.rsplit("#", 1)[-1]


@dataclass
class Ontology:
    """The ontology graph as a lookup: terms, their labels and which super-properties they materialise."""

    iri: str
    header: list[ox.Triple]
    terms: dict[str, Term]
    _ancestors: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def label(self, iri: str, languages: Sequence[str]) -> str:
        """Return the human label of a term, in the reader's language when the ontology has it."""
        term = self.terms.get(iri)
        if term is not None:
            picked = pick_label(term.labels, [*languages, "en"])
            if picked is not None:
                return picked.value
        return STANDARD_LABELS.get(iri) or compact(iri)

    def ancestors(self, iri: str) -> frozenset[str]:
        """Return every super-class / super-property of a term (transitively); computed once per term."""
        found = self._ancestors.get(iri)
        if found is None:
            found = self._ancestors[iri] = frozenset(self._walk_up(iri))
        return found

    def _walk_up(self, iri: str) -> set[str]:
        seen: set[str] = set()
        pending = [iri]
        while pending:
            term = self.terms.get(pending.pop())
            for parent in term.parents if term else ():
                if parent not in seen:
                    seen.add(parent)
                    pending.append(parent)
        return seen

    def classes(self) -> list[Term]:
        """Return the classes, sorted by name."""
        return sorted((t for t in self.terms.values() if t.kind == "class"), key=lambda t: t.local.lower())

    def properties(self) -> list[Term]:
        """Return the properties, sorted by name."""
        return sorted((t for t in self.terms.values() if t.kind != "class"), key=lambda t: t.local.lower())


_KINDS = {
    str(OWL.Class): "class",
    str(OWL.ObjectProperty): "object property",
    str(OWL.DatatypeProperty): "datatype property",
    str(RDF.Property): "property",
}


def load_ontology(store: ox.Store) -> Ontology:
    """Read the ontology's own named graph into `Term`s."""
    graph = ox.NamedNode(ONTOLOGY_IRI)
    by_subject: dict[str, list[ox.Triple]] = {}
    for quad in store.quads_for_pattern(None, None, None, graph):
        if isinstance(quad.subject, ox.NamedNode):
            by_subject.setdefault(quad.subject.value, []).append(quad.triple)
    terms: dict[str, Term] = {}
    for subject, triples in by_subject.items():
        if not subject.startswith(FK_NS):
            continue

        def objects(*predicates: object, _triples: list[ox.Triple] = triples) -> list[str]:
            wanted = {str(p) for p in predicates}
            return sorted(t.object.value for t in _triples if t.predicate.value in wanted)

        kinds = [_KINDS[k] for k in objects(RDF.type) if k in _KINDS]
        terms[subject] = Term(
            iri=subject,
            kind=kinds[0] if kinds else "term",
            labels=labels_in(triples),
            comments=[
                t.object
                for t in triples
                if t.predicate == ox.NamedNode(str(RDFS.comment)) and isinstance(t.object, ox.Literal)
            ],
            parents=objects(RDFS.subClassOf, RDFS.subPropertyOf),
            equivalents=objects(OWL.equivalentProperty, OWL.equivalentClass),
            domain=objects(RDFS.domain),
            range=objects(RDFS.range),
            triples=triples,
        )
    return Ontology(ONTOLOGY_IRI, by_subject.get(ONTOLOGY_IRI, []), terms)


PREFIXES = {**VOCAB_PREFIXES, "sd": "http://www.w3.org/ns/sparql-service-description#"}

STANDARD_LABELS = {  # labels for the few standard terms our graph uses that the ontology does not define
    str(RDF.type): "type",
    str(RDFS.label): "label",
    str(SKOS.prefLabel): "preferred name",
    str(SKOS.altLabel): "alternative name",
    str(OWL.sameAs): "same as",
    str(RDF.subject): "subject",
    str(RDF.predicate): "predicate",
    str(RDF.object): "object",
    str(OA.hasSelector): "selector",
    str(OA.hasSource): "source",
    str(OA.exact): "quoted text",
    str(OA.start): "start offset",
    str(OA.end): "end offset",
}


def compact(iri: str) -> str:
    """Return `prefix:local` for IRIs in a known namespace, else the IRI.

    >>> compact("http://schema.org/Movie")
    'schema:Movie'
    """
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri
