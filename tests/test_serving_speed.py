"""What makes serving fast at a million triples, checked for correctness (never for time): the label index beside
the build, the review aggregates, results serialised by pyoxigraph when the row cap cannot cut them, warmed query
processes, and pages read from an in-memory copy of the merged graph."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.config import Settings
from kg.store import open_store
from kg.store.aggregates import add_aggregates, aggregates_graph
from kg.store.aggregates import main as add_derived_data
from kg.store.labels import HIDDEN, LABELS_FILE, LabelIndex, ensure_label_index, fold, write_label_index
from kg.store.sparql import QueryJob, QueryPool, current_build, run_in_process
from kg.web import create_app
from kg.web.pages import preload

from .conftest import BASE

FK = "https://filmkg.org/ontology#"
SCHEMA = "http://schema.org/"
DEFAULT = ox.DefaultGraph()
LABELS = [
    ox.NamedNode(p)
    for p in (
        "http://www.w3.org/2004/02/skos/core#prefLabel",
        "http://www.w3.org/2000/01/rdf-schema#label",
        FK + "title",
        SCHEMA + "name",
        "http://www.w3.org/2004/02/skos/core#altLabel",
    )
]
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _entities(store: ox.Store) -> dict[str, list[str]]:
    """Labelled IRIs under the resource space, not of a hidden class -> their labels."""
    found: dict[str, list[str]] = {}
    for predicate in LABELS:
        for quad in store.quads_for_pattern(None, predicate, None, DEFAULT):
            if isinstance(quad.subject, ox.NamedNode) and quad.subject.value.startswith(BASE + "resource/"):
                found.setdefault(quad.subject.value, []).append(quad.object.value)
    return {
        iri: labels
        for iri, labels in found.items()
        if not {q.object.value for q in store.quads_for_pattern(ox.NamedNode(iri), RDF_TYPE, None, DEFAULT)} & HIDDEN
    }


def test_label_index_finds_every_entity_by_every_label(seed_store: ox.Store, tmp_path: Path) -> None:
    path = write_label_index(seed_store, tmp_path, BASE)
    index = LabelIndex(path)
    expected = _entities(seed_store)
    assert expected and len(index) == len(expected)
    for iri, labels in expected.items():
        for label in labels:
            words = fold(label)
            if words:
                query = " ".join(word[:4] for word in words).upper()  # word prefixes, any case
                assert iri in {entry.iri for entry in index.matching(query)}, (iri, query)
    assert index.matching("zzzqqqxx") == []


def test_label_index_is_written_once_per_build_and_shared(seed_settings: Settings, tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    shutil.copytree(seed_settings.store_dir, store_dir, symlinks=True)
    build = Path(current_build(store_dir)).parent
    (build / LABELS_FILE).unlink(missing_ok=True)
    reader = open_store(store_dir)
    path = ensure_label_index(build, reader, BASE)
    assert path == build / LABELS_FILE and path.exists()
    stamp = path.stat().st_mtime_ns
    assert ensure_label_index(build, reader, BASE) == path and path.stat().st_mtime_ns == stamp  # reused


def _rated_store() -> ox.Store:
    store = ox.Store()
    film = ox.NamedNode(BASE + "resource/film/f")
    decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    for number, (value, best) in enumerate([("4", "5"), ("6", "10"), (None, None)]):
        review = ox.NamedNode(BASE + f"resource/review/r{number}")
        store.add(ox.Quad(review, ox.NamedNode(FK + "reviewOf"), film))
        if value is not None:
            rating = ox.NamedNode(BASE + f"resource/rating/r{number}")
            store.add(ox.Quad(review, ox.NamedNode(FK + "reviewRating"), rating))
            store.add(ox.Quad(rating, ox.NamedNode(SCHEMA + "ratingValue"), ox.Literal(value, datatype=decimal)))
            store.add(ox.Quad(rating, ox.NamedNode(SCHEMA + "bestRating"), ox.Literal(best, datatype=decimal)))
    return store


def test_aggregates_average_ratings_on_one_scale_and_count_reviews() -> None:
    store = _rated_store()
    written = add_aggregates(store, BASE)
    rows = list(
        store.query(
            "SELECT ?avg ?reviews ?rated ?best WHERE { ?f schema:aggregateRating ?a . ?a a fk:AggregateRating ; "
            "schema:ratingValue ?avg ; schema:reviewCount ?reviews ; schema:ratingCount ?rated ; "
            "schema:bestRating ?best }",
            prefixes={"schema": SCHEMA, "fk": FK},
        )
    )
    assert [(float(r[0].value), int(r[1].value), int(r[2].value), float(r[3].value)) for r in rows] == [
        (7.0, 3, 2, 10.0)  # (8 + 6) / 2 on a scale of 10; three reviews, two rated
    ]
    graph = aggregates_graph(BASE)
    assert len(list(store.quads_for_pattern(None, None, None, graph))) == written
    assert add_aggregates(store, BASE) == written  # recomputing replaces, never duplicates
    assert len(list(store.quads_for_pattern(None, None, None, graph))) == written


def test_derived_data_is_published_as_a_new_build(seed_settings: Settings, tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    shutil.copytree(seed_settings.store_dir, store_dir, symlinks=True)
    before = current_build(store_dir)
    assert add_derived_data([str(store_dir)]) == 0
    after = Path(current_build(store_dir))
    assert str(after) != before and (after.parent / LABELS_FILE).exists()
    store = ox.Store.read_only(str(after))
    reviewed = list(store.query(f"SELECT DISTINCT ?f {{ ?r <{FK}reviewRating> ?x ; <{FK}reviewOf> ?f }}"))
    rated = list(store.query(f"SELECT ?f {{ ?f <{SCHEMA}aggregateRating> ?a . ?a <{SCHEMA}reviewCount> ?n }}"))
    assert len(rated) == len(reviewed)
    meta = json.loads((after.parent / "meta.json").read_text())
    assert meta["quads"] == len(store)


def _rows(body: bytes, media_type: str) -> int:
    if media_type.endswith("json"):  # a cut result carries "truncated" and "maxRows" beside the bindings
        return len(json.loads(body)["results"]["bindings"])
    return len(list(ox.parse_query_results(body, ox.QueryResultsFormat.from_media_type(media_type))))


@pytest.mark.parametrize(
    "media_type", ["application/sparql-results+json", "application/sparql-results+xml", "text/tab-separated-values"]
)
def test_native_serialisation_keeps_the_row_cap(seed_store: ox.Store, media_type: str) -> None:
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    cut = run_in_process(seed_store, QueryJob(everything, media_type, None, max_rows=7))
    assert cut.complete and cut.truncated and cut.rows == 7
    assert _rows(cut.head, media_type) == 7
    within = run_in_process(seed_store, QueryJob(everything + " LIMIT 5", media_type, None, max_rows=7))
    assert within.complete and not within.truncated and within.rows == 5
    assert _rows(within.head, media_type) == 5
    values = "SELECT ?s WHERE { ?s ?p ?o } VALUES ?p { <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> }"
    typed = run_in_process(seed_store, QueryJob(values, media_type, None, max_rows=3))
    assert typed.truncated and typed.rows == 3


def test_warmed_query_processes_answer(seed_settings: Settings) -> None:
    pool = QueryPool(2)
    try:
        build = current_build(seed_settings.store_dir)
        assert pool.warm(build, 2) == 2
        result = pool.run(build, QueryJob("ASK { ?f a fk:Film }", "application/sparql-results+json", None), 60)
        assert json.loads(result.head)["boolean"] is True
    finally:
        pool.close()


def test_preloaded_pages_say_what_the_store_says(seed_settings: Settings, seed_store: ox.Store) -> None:
    plain = create_app(seed_settings).test_client()
    app = create_app(seed_settings)
    preload(app)
    assert app.extensions["filmkg_preloaded"]["store"] is not None
    shared = app.test_client()
    film = next(iter(seed_store.query(f"SELECT ?f {{ ?f a <{FK}Film> }} LIMIT 1")))[0].value
    path = "/" + film[len(BASE) :]
    for accept in ("text/html", "application/n-triples"):
        one = plain.get(path, headers={"Accept": accept})
        two = shared.get(path, headers={"Accept": accept})
        assert one.status_code == two.status_code == 200
        assert one.data == two.data
