"""Validate a built graph against ontology/shapes.ttl with pySHACL."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
import rdflib

from ..vocab import ONTOLOGY_FILE, SHAPES_FILE


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a SHACL validation."""

    conforms: bool
    violations: int
    text: str


def validate(store: ox.Store) -> ValidationReport:
    """Check the union of the store's graphs against the shapes, with the ontology's class hierarchy."""
    import pyshacl

    data = rdflib.Graph()
    nt = b"".join(f"{row[0]} {row[1]} {row[2]} .\n".encode() for row in store.query("SELECT ?s ?p ?o { ?s ?p ?o }"))
    data.parse(data=nt, format="nt")
    shapes = rdflib.Graph().parse(SHAPES_FILE)
    ontology = rdflib.Graph().parse(ONTOLOGY_FILE)
    conforms, report_graph, text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", allow_warnings=True
    )
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    violations = sum(1 for _ in report_graph.subjects(rdflib.RDF.type, sh.ValidationResult))
    return ValidationReport(bool(conforms), violations, str(text))
