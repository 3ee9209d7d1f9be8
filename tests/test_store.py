"""The built store: schema.org queries without a reasoner, named graphs, SHACL, atomic rebuilds, exports."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.config import Settings
from kg.errors import NoDocumentsError
from kg.formats import RDF_FORMATS
from kg.graph.shapes import validate
from kg.pipeline import build
from kg.store import open_store, read_meta
from kg.store.export import dump
from kg.store.sparql import run_query

from .conftest import BASE, SEEDS


def _select(store: ox.Store, query: str) -> list[dict[str, str]]:
    solutions = run_query(store, query)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


def test_schema_org_query_finds_the_seed_film_facts(seed_store: ox.Store) -> None:
    rows = _select(
        seed_store,
        """SELECT ?title ?director ?date ?duration ?studio ?country WHERE {
             ?film a schema:Movie ; schema:name ?title ; schema:director/schema:name ?director ;
                   schema:datePublished ?date ; schema:duration ?duration ;
                   schema:productionCompany/schema:name ?studio ; schema:countryOfOrigin/schema:name ?country }""",
    )
    assert {
        "date": "1957-10-12",
        "duration": "PT1H37M",
        "studio": "Mosfilm",
        "country": "Soviet Union",
    }.items() <= rows[0].items()
    assert any(row["director"] == "Mikhail Kalatozov" for row in rows)
    genres = {r["g"] for r in _select(seed_store, "SELECT ?g { ?f a schema:Movie ; schema:genre ?g }")}
    assert genres == {
        "Drama",
        "War",
        "Romance",
        "war drama",
    }  # the field's three and the synopsis's "a Soviet war drama"


def test_duration_is_97_minutes_as_xsd_duration(seed_store: ox.Store) -> None:
    rows = _select(seed_store, "SELECT ?d { ?f schema:duration ?d FILTER(datatype(?d) = xsd:duration) }")
    assert rows == [{"d": "PT1H37M"}]


def test_each_document_has_its_named_graph_with_metadata(seed_store: ox.Store) -> None:
    rows = _select(
        seed_store,
        "SELECT ?g ?name ?lang ?sum { GRAPH ?g { ?g a fk:SourceDocument ; fk:fileName ?name ; fk:language ?lang ;"
        " fk:sha256 ?sum ; fk:readAt ?at } }",
    )
    assert len(rows) == 5
    assert {r["g"] for r in rows} == {f"{BASE}resource/document/{p.stem.replace('_', '-')}" for p in SEEDS.iterdir()}
    assert sorted(r["lang"] for r in rows) == ["en", "en", "en", "en", "es"]


def test_default_graph_holds_each_fact_once(seed_store: ox.Store) -> None:
    rows = _select(seed_store, "SELECT ?f { ?f a schema:Movie }")
    assert len(rows) == len({r["f"] for r in rows})


def test_the_ontology_is_queryable(seed_store: ox.Store) -> None:
    rows = _select(seed_store, "SELECT ?label { fk:director rdfs:label ?label FILTER(lang(?label) = 'en') }")
    assert rows == [{"label": "director"}]


def test_seed_graph_conforms_to_the_shapes(seed_store: ox.Store) -> None:
    report = validate(seed_store)
    assert report.conforms, report.text
    assert report.violations == 0


def test_shapes_catch_a_broken_film() -> None:
    store = ox.Store()
    film = ox.NamedNode("http://example.org/film")
    store.add(ox.Quad(film, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                      ox.NamedNode("https://filmkg.org/ontology#Film")))  # fmt: skip
    report = validate(store)
    assert not report.conforms
    assert report.violations >= 2  # no label, no schema:name


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_export_parses_back_with_rdflib_to_the_same_triple_count(seed_store: ox.Store, fmt) -> None:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    dump(seed_store, fmt, buffer)
    triples = int(_select(seed_store, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")[0]["n"])
    rdflib_format = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml",
                     "nquads": "nquads", "trig": "trig"}[fmt.name]  # fmt: skip
    if fmt.datasets:
        dataset = rdflib.Dataset()
        dataset.parse(data=buffer.getvalue(), format=rdflib_format)
        assert len(dataset) == triples  # the default graph: the merge
        quads = sum(1 for _ in dataset.quads((None, None, None, None)))
        assert quads == len(seed_store)
    else:
        graph = rdflib.Graph().parse(data=buffer.getvalue(), format=rdflib_format)
        assert len(graph) == triples


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (Debian raptor2-utils) is not installed")
@pytest.mark.parametrize("name,syntax", [("turtle", "turtle"), ("ntriples", "ntriples"), ("rdfxml", "rdfxml"),
                                         ("nquads", "nquads"), ("trig", "trig")])  # fmt: skip
def test_export_parses_with_rapper(seed_store: ox.Store, tmp_path: Path, name: str, syntax: str) -> None:
    fmt = next(f for f in RDF_FORMATS if f.name == name)
    path = tmp_path / f"export.{fmt.extension}"
    with path.open("wb") as handle:
        dump(seed_store, fmt, handle)
    done = subprocess.run(["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    counted = int(done.stderr.split("returned ")[1].split(" ")[0])
    expected = (
        len(seed_store) if fmt.datasets else int(_select(seed_store, "SELECT (COUNT(*) AS ?n) {?s ?p ?o}")[0]["n"])
    )
    assert counted == expected


def test_a_failed_build_leaves_the_previous_store_untouched(tmp_path: Path, docs_dir: Path) -> None:
    settings = Settings.load(store_dir=tmp_path / "store", base_iri=BASE)
    build([SEEDS / "003_05a17626e14abc0a.txt"], settings)
    before = read_meta(settings.store_dir)
    (docs_dir / "empty.txt").write_text("")
    with pytest.raises(NoDocumentsError, match="empty.txt: the file is empty"):
        build([docs_dir], settings)
    assert read_meta(settings.store_dir) == before
    assert len(open_store(settings.store_dir)) > 0


def test_rebuild_replaces_the_store_and_keeps_it_readable(tmp_path: Path) -> None:
    settings = Settings.load(store_dir=tmp_path / "store", base_iri=BASE)
    build([SEEDS / "003_05a17626e14abc0a.txt"], settings)
    reader = open_store(settings.store_dir)  # a server holding the old build keeps reading it
    size = len(reader)
    build([SEEDS], settings)
    assert len(reader) == size
    assert len(open_store(settings.store_dir)) > size
    assert read_meta(settings.store_dir).documents == 5


def test_a_bad_file_is_skipped_and_reported(tmp_path: Path, docs_dir: Path) -> None:
    shutil.copy(SEEDS / "003_05a17626e14abc0a.txt", docs_dir)
    (docs_dir / "broken.txt").write_bytes(b"caf\xc3\x28 not utf8")
    result = build([docs_dir], Settings.load(store_dir=tmp_path / "store", base_iri=BASE))
    assert result.document_count == 1  # a build streams its documents into the store and keeps none
    assert [e.path for e in result.skipped] == [str(docs_dir / "broken.txt")]
