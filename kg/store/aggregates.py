"""Per-film review aggregates, computed once per build so "top rated films" is a lookup, not a GROUP BY.

For every film with at least one rated review, `add_aggregates` writes an `fk:AggregateRating` node
`<film#reviews>` (also a `schema:AggregateRating`) linked by `schema:aggregateRating`, with the average rating
(`schema:ratingValue`, each review's rating scaled to a best of 10), `schema:bestRating` 10, and how many reviews
the graph holds (`schema:reviewCount`) and how many of them are rated (`schema:ratingCount`). The triples go
into the named graph `{base}graph/aggregates` and into the default graph (where plain queries look), so:

    SELECT ?film ?avg ?reviews WHERE {
      ?film schema:aggregateRating ?a . ?a schema:ratingValue ?avg ; schema:reviewCount ?reviews .
    } ORDER BY DESC(?avg) LIMIT 20

They are derived data: a rebuild recomputes them; a SPARQL Update leaves them as they were. A build into an external
server runs the same query there through the SPARQL 1.1 Protocol and turns the rows into the same triples
(`triples_from_rows`; `kg.store.remote.write_aggregates`).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import pyoxigraph as ox

from ..vocab import FK_NS, PREFIXES, RDF, RDFS, SCHEMA, XSD

AGGREGATES_PATH = "graph/aggregates"
BEST = Decimal(10)
_N = ox.NamedNode
_DECIMAL = _N(str(XSD.decimal))
_INTEGER = _N(str(XSD.integer))
PER_FILM = """
SELECT ?film (COUNT(DISTINCT ?review) AS ?reviews) (COUNT(?score) AS ?rated) (SUM(COALESCE(?score, 0)) AS ?total)
WHERE {
  ?review fk:reviewOf ?film .
  OPTIONAL {
    ?review fk:reviewRating ?rating . ?rating schema:ratingValue ?value .
    OPTIONAL { ?rating schema:bestRating ?best }
    BIND(?value * 10 / COALESCE(?best, 10) AS ?score)
  }
}
GROUP BY ?film
"""


def aggregates_graph(base_iri: str) -> ox.NamedNode:
    """Return the named graph the aggregates of a build with `base_iri` live in."""
    return _N(base_iri + AGGREGATES_PATH)


def aggregate_triples(store: ox.Store) -> list[ox.Triple]:
    """Compute the aggregate triples from the reviews in `store`'s default graph.

    >>> store = ox.Store()
    >>> film, review = _N("http://example.org/film"), _N("http://example.org/review")
    >>> rating = _N("http://example.org/rating")
    >>> store.add(ox.Quad(review, _N(FK_NS + "reviewOf"), film))
    >>> store.add(ox.Quad(review, _N(FK_NS + "reviewRating"), rating))
    >>> store.add(ox.Quad(rating, _N(str(SCHEMA.ratingValue)), ox.Literal("4", datatype=_DECIMAL)))
    >>> store.add(ox.Quad(rating, _N(str(SCHEMA.bestRating)), ox.Literal("5", datatype=_DECIMAL)))
    >>> sorted(t.object.value for t in aggregate_triples(store) if isinstance(t.object, ox.Literal))
    ['1', '1', '10', '8.00', '8.00/10 (1 review)']
    """
    return triples_from_rows(store.query(PER_FILM, prefixes=PREFIXES))  # type: ignore[arg-type]


def per_film_query() -> str:
    """Return `PER_FILM` with its PREFIX declarations, for a server that does not know our prefixes."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items()) + PER_FILM


def triples_from_rows(rows: Iterable[ox.QuerySolution]) -> list[ox.Triple]:
    """Turn the rows of `PER_FILM` (from pyoxigraph, or parsed from a SPARQL server's answer) into the triples.

    One function for both, so a remote build derives exactly what an embedded build derives.
    """
    triples: list[ox.Triple] = []
    for row in rows:
        film, reviews, rated, total = row["film"], row["reviews"], row["rated"], row["total"]
        if not isinstance(film, ox.NamedNode) or rated is None or int(rated.value) == 0 or total is None:
            continue  # nothing to average: no aggregate (a rating without a value would be malformed)
        try:  # AVG() would be unbound as soon as one review has no rating: sum the rated ones instead
            average = Decimal(total.value) / int(rated.value)
            value = average.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
        except ArithmeticError:
            continue
        node = _N(film.value.split("#", 1)[0] + "#reviews")
        count = int(reviews.value)
        label = f"{value}/{BEST} ({count} review{'s' if count != 1 else ''})"
        triples += [
            ox.Triple(film, _N(str(SCHEMA.aggregateRating)), node),
            ox.Triple(node, _N(str(RDF.type)), _N(FK_NS + "AggregateRating")),
            ox.Triple(node, _N(str(RDF.type)), _N(str(SCHEMA.AggregateRating))),
            ox.Triple(node, _N(str(SCHEMA.itemReviewed)), film),
            ox.Triple(node, _N(str(SCHEMA.ratingValue)), ox.Literal(str(value), datatype=_DECIMAL)),
            ox.Triple(node, _N(str(SCHEMA.bestRating)), ox.Literal(str(BEST), datatype=_DECIMAL)),
            ox.Triple(node, _N(str(SCHEMA.reviewCount)), ox.Literal(str(count), datatype=_INTEGER)),
            ox.Triple(node, _N(str(SCHEMA.ratingCount)), ox.Literal(rated.value, datatype=_INTEGER)),
            ox.Triple(node, _N(str(RDFS.label)), ox.Literal(label)),
        ]
    return triples


def add_aggregates(store: ox.Store, base_iri: str) -> int:
    """Write the aggregates into `store` (a build being written), replacing earlier ones; return the triple count.

    Call it after the documents' quads and their merge are in the store, before the build is published.
    """
    graph = aggregates_graph(base_iri)
    old = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
    for triple in old:  # a recomputation: drop the previous figures from both graphs first
        store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
        store.remove(ox.Quad(triple.subject, triple.predicate, triple.object))
    triples = aggregate_triples(store)
    store.extend([ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples])
    store.extend([ox.Quad(t.subject, t.predicate, t.object) for t in triples])
    return len(triples)


def add_derived_data(store: ox.Store, build_dir: str | Path, base_iri: str) -> None:
    """Write what a build derives from its own data: the review aggregates, then the label index of the search box.

    The one call a build makes, with its writable store, after the quads and their merge are in and before the
    build is published: `add_derived_data(store, target, meta.base_iri)` in `kg.store.build_into`.
    """
    from .labels import write_label_index

    add_aggregates(store, base_iri)
    write_label_index(store, build_dir, base_iri)


def main(argv: list[str] | None = None) -> int:
    """Add aggregates and the label index to an existing store, published as a new build (as `kg build` does)."""
    from .sparql import republish

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("store", type=Path, help="a store directory made by kg build")
    args = parser.parse_args(argv)
    meta = republish(args.store, add_derived_data)
    print(f"published: {meta.quads} quads")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
