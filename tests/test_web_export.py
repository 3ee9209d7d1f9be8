"""Whole-graph dumps (every format, streamed, gzip on request) and the VoID description, read back by real parsers."""

from __future__ import annotations

import gzip
import re
import subprocess
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.formats import RDF_FORMATS

from .conftest import BACKENDS, has_program

SERVED_BY = BACKENDS  # the app tests run against the embedded store and the seeds built into an Oxigraph server


RDFLIB_FORMAT = {
    "turtle": "turtle",
    "ntriples": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "nquads": "nquads",
    "trig": "trig",
}
RAPPER_FORMAT = {"turtle": "turtle", "ntriples": "ntriples", "rdfxml": "rdfxml"}
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
FK = "https://filmkg.org/ontology#"


def store_sizes(store: ox.Store) -> tuple[int, int]:
    """(distinct triples of the merged default graph, quads of the whole dataset)."""
    triples = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")))[0].value)
    return triples, len(store)


def parsed_size(data: bytes, name: str) -> int:
    if name in {"nquads", "trig"}:
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format=RDFLIB_FORMAT[name])
        return sum(len(graph) for graph in dataset.graphs())
    return len(rdflib.Graph().parse(data=data, format=RDFLIB_FORMAT[name]))


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_each_dump_parses_back_to_the_store_size(client, seed_store, fmt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    triples, quads = store_sizes(seed_store)
    response = client.get(f"/download/filmkg.{fmt.extension}")
    assert response.status_code == 200 and response.mimetype == fmt.media_type
    assert response.is_streamed
    data = response.get_data()
    assert parsed_size(data, fmt.name) == (quads if fmt.datasets else triples)
    if fmt.name in RAPPER_FORMAT and has_program("rapper"):
        path = tmp_path / f"dump.{fmt.extension}"
        path.write_bytes(data)
        result = subprocess.run(
            ["rapper", "-c", "-i", RAPPER_FORMAT[fmt.name], str(path)], capture_output=True, text=True, check=True
        )
        counted = re.search(r"returned (\d+) triples", result.stderr)
        assert counted and int(counted.group(1)) == triples, result.stderr


def test_rapper_is_installed_where_ci_runs() -> None:
    if not has_program("rapper"):
        pytest.skip("raptor2-utils (rapper) is not installed here; .ci/run installs it")
    assert subprocess.run(["rapper", "--version"], capture_output=True, check=True).returncode == 0


def test_gzip_on_request_is_the_same_dump(client) -> None:  # type: ignore[no-untyped-def]
    plain = client.get("/download/filmkg.nt").get_data()
    packed = client.get("/download/filmkg.nt", headers={"Accept-Encoding": "gzip, deflate"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert packed.is_streamed
    assert gzip.decompress(packed.get_data()) == plain
    assert "Content-Encoding" not in client.get("/download/filmkg.nt", headers={"Accept-Encoding": "gzip;q=0"}).headers


def test_dumps_revalidate_and_unknown_formats_are_404(client) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/download/filmkg.ttl")
    assert client.get("/download/filmkg.ttl", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert client.get("/export.ttl").get_data() == first.get_data()
    for path in ("/download/filmkg.xyz", "/download/filmkg.turtle", "/download/other.ttl"):
        assert client.get(path).status_code == 404


def test_dump_streams_in_chunks_over_real_http(live_server: str, seed_store) -> None:  # type: ignore[no-untyped-def]
    triples, _quads = store_sizes(seed_store)
    request = urllib.request.Request(live_server + "/download/filmkg.ttl", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Transfer-Encoding"] == "chunked" and response.headers["Content-Length"] is None
        assert response.headers["Content-Encoding"] == "gzip"
        data = gzip.decompress(response.read())
    assert len(rdflib.Graph().parse(data=data, format="turtle")) == triples


def test_stopping_early_ends_the_dump_thread(client) -> None:  # type: ignore[no-untyped-def]
    import threading

    response = client.get("/download/filmkg.nq")
    first = next(iter(response.response))
    assert first
    response.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("dump-") and t.is_alive()]


def test_void_describes_size_partitions_endpoint_dumps_and_documents(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    triples, _quads = store_sizes(seed_store)
    response = client.get("/.well-known/void")
    assert response.mimetype == "text/turtle"
    graph = rdflib.Graph().parse(data=response.get_data(), format="turtle")
    (dataset,) = [s for s in graph.subjects(rdflib.RDF.type, VOID.Dataset) if (s, VOID.sparqlEndpoint, None) in graph]
    assert int(graph.value(dataset, VOID.triples)) == triples
    assert str(graph.value(dataset, VOID.sparqlEndpoint)).endswith("/sparql")
    assert int(graph.value(dataset, VOID.entities)) > 0
    dumps = {str(d).rsplit("/", 1)[-1] for d in graph.objects(dataset, VOID.dataDump)}
    assert dumps == {f"filmkg.{f.extension}" for f in RDF_FORMATS}
    classes = {
        str(graph.value(p, VOID["class"])): int(graph.value(p, VOID.entities))
        for p in graph.objects(dataset, VOID.classPartition)
    }
    for row in seed_store.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c } GROUP BY ?c"):
        assert classes[row[0].value] == int(row[1].value)
    properties = {str(graph.value(p, VOID.property)) for p in graph.objects(dataset, VOID.propertyPartition)}
    assert FK + "director" in properties or FK + "title" in properties
    documents = {
        q.subject.value
        for q in seed_store.quads_for_pattern(
            None, ox.NamedNode(str(rdflib.RDF.type)), ox.NamedNode(FK + "SourceDocument"), ox.DefaultGraph()
        )
    }
    sources = {str(d) for d in graph.objects(dataset, rdflib.URIRef("http://purl.org/dc/terms/source"))}
    assert documents and sources == documents
    for extension, parser in (("jsonld", "json-ld"), ("nt", "nt"), ("rdf", "xml")):
        other = rdflib.Graph().parse(data=client.get(f"/.well-known/void.{extension}").get_data(), format=parser)
        assert len(other) == len(graph)
    page = client.get("/.well-known/void", headers={"Accept": "text/html"})
    assert page.mimetype == "text/html" and "void:sparqlEndpoint" in page.get_data(as_text=True)
    assert 'href="/.well-known/void"' in client.get("/").get_data(as_text=True)
