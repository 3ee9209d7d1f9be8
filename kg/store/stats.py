"""Counts per class and per source document, for `kg stats`, the home page and VoID."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..vocab import FK_NS


@dataclass(frozen=True)
class Stats:
    """Sizes of a store."""

    quads: int
    triples: int
    classes: tuple[tuple[str, int], ...]  # (class IRI, instances), fk: classes only
    documents: tuple[tuple[str, str, int], ...]  # (document IRI, file name, quads in its graph)


def store_stats(store: ox.Store) -> Stats:
    """Count what the store holds."""
    triples = next(iter(store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")))[0]
    classes = store.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(STRSTARTS(STR(?c), STR(fk:))) }"
        " GROUP BY ?c ORDER BY ?c",
        prefixes={"fk": FK_NS},
    )
    documents = store.query(
        "SELECT ?d ?name (COUNT(*) AS ?n) WHERE { GRAPH ?d { ?d fk:fileName ?name . ?s ?p ?o } }"
        " GROUP BY ?d ?name ORDER BY ?name",
        prefixes={"fk": FK_NS},
    )
    return Stats(
        quads=len(store),
        triples=int(triples.value),
        classes=tuple((row[0].value, int(row[1].value)) for row in classes),
        documents=tuple((row[0].value, row[1].value, int(row[2].value)) for row in documents),
    )
