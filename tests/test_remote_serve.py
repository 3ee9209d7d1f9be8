"""Issue 9: `kg serve --store http://…` answers SPARQL, pages, search and exports live from an external SPARQL 1.1
server (a real Oxigraph server the seeds were built into with `kg build --store URL`), the same as the embedded store.

The endpoint, page and export suites (test_web_sparql, test_web_pages, test_web_export, test_sparql_clients) run
against both backends; this file compares the two backends directly, and covers what only a remote backend has:
a rebuild showing up without a restart, forwarded updates, and the server failing, refusing or going away.
"""

from __future__ import annotations

import http.server
import json
import re
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.config import Settings
from kg.web import create_app
from kg.web.service import EXAMPLES

from .conftest import BASE, SEEDS, LiveServer, OxigraphServer, build_into_server, free_port

STAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?")  # read times: the two builds were made seconds apart
TIMESTAMPS = {"https://filmkg.org/ontology#readAt", "http://www.w3.org/ns/prov#generatedAtTime"}


def _app(store: str | Path, **config: object):  # type: ignore[no-untyped-def]
    app = create_app(Settings.load(store_dir=Path(str(store)), base_iri=BASE))
    app.config.update({"TESTING": True, "KG_REMOTE_REFRESH": 0.0, **config})
    return app


@pytest.fixture(scope="module")
def clients(remote_server: str, seed_settings: Settings):  # type: ignore[no-untyped-def]
    """(embedded, remote): test clients of the app on the embedded seed store and on the server built from seeds."""
    return _app(seed_settings.store_dir).test_client(), _app(remote_server).test_client()


def _entity_paths(seed_store: ox.Store) -> list[str]:
    subjects = {q.subject.value for q in seed_store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    prefix = BASE + "resource/"
    return sorted("/resource/" + s[len(prefix) :] for s in subjects if s.startswith(prefix) and "#" not in s)


def _triples(data: bytes, fmt: ox.RdfFormat = ox.RdfFormat.TURTLE) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(data, fmt) if q.predicate.value not in TIMESTAMPS}


def test_every_entity_page_is_the_embedded_page(clients, seed_store) -> None:  # type: ignore[no-untyped-def]
    """Every entity of the seed graph: 200 in HTML and Turtle from the server, the same triples and the same HTML."""
    embedded, remote = clients
    paths = _entity_paths(seed_store)
    assert len(paths) > 100
    for path in paths:
        ours, theirs = embedded.get(path + ".ttl"), remote.get(path + ".ttl")
        assert ours.status_code == theirs.status_code == 200, path
        assert _triples(theirs.data) == _triples(ours.data) and _triples(ours.data), path
        ours, theirs = embedded.get(path + ".html"), remote.get(path + ".html")
        assert ours.status_code == theirs.status_code == 200, path
        assert STAMP.sub(b"T", theirs.data) == STAMP.sub(b"T", ours.data), path


@pytest.mark.parametrize("path", ["/", "/browse/Person", "/browse/Film", "/ontology", "/ontology/Film",
                                  "/.well-known/void.html", "/.well-known/void.nt"])  # fmt: skip
def test_other_pages_are_the_embedded_pages(clients, path: str) -> None:  # type: ignore[no-untyped-def]
    embedded, remote = clients
    ours, theirs = embedded.get(path), remote.get(path)
    assert ours.status_code == theirs.status_code == 200
    assert STAMP.sub(b"T", theirs.data) == STAMP.sub(b"T", ours.data)


def test_the_service_description_is_the_embedded_one(clients) -> None:  # type: ignore[no-untyped-def]
    """Its blank nodes are named afresh each time, so the two are compared as canonical datasets."""
    embedded, remote = clients
    canonical = []
    for client in (embedded, remote):
        response = client.get("/sparql", headers={"Accept": "application/n-triples"})
        assert response.status_code == 200
        dataset = ox.Dataset(ox.parse(response.data, ox.RdfFormat.N_TRIPLES))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
        canonical.append(set(dataset))
    assert canonical[0] == canonical[1] and len(canonical[0]) > 50


def _rows(client, query: str) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    response = client.get(
        "/sparql", query_string={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200, response.data
    body = json.loads(response.data)
    names = body["head"]["vars"]
    rows = [tuple(json.dumps(row.get(n), sort_keys=True) for n in names) for row in body["results"]["bindings"]]
    return sorted(rows)


@pytest.mark.parametrize(("title", "query"), EXAMPLES)
def test_same_select_answers(clients, title: str, query: str) -> None:  # type: ignore[no-untyped-def]
    embedded, remote = clients
    ours = _rows(embedded, query)
    assert ours, title
    assert _rows(remote, query) == ours, title


def test_same_answers_in_every_format_and_dataset(clients) -> None:  # type: ignore[no-untyped-def]
    """CSV (which the server's answer is converted to), ASK, CONSTRUCT as JSON-LD, default-graph-uri."""
    embedded, remote = clients
    document = next(iter(_rows(embedded, "SELECT ?d { ?d a fk:SourceDocument } ORDER BY ?d LIMIT 1")))[0]
    requests = [
        ({"query": "SELECT ?f ?t { ?f fk:title ?t } ORDER BY ?f ?t", "format": "csv"}, None),
        ({"query": "ASK { ?f a fk:Film }"}, "application/sparql-results+xml"),
        ({"query": "CONSTRUCT WHERE { ?f a fk:Film ; fk:title ?t }"}, "application/ld+json"),
        ({"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "default-graph-uri": json.loads(document)["value"]}, None),
    ]
    for params, accept in requests:
        headers = {"Accept": accept} if accept else {}
        ours, theirs = (c.get("/sparql", query_string=params, headers=headers) for c in (embedded, remote))
        assert ours.status_code == theirs.status_code == 200, params
        assert ours.content_type == theirs.content_type, params
        if accept == "application/ld+json":
            assert _triples(theirs.data, ox.RdfFormat.JSON_LD) == _triples(ours.data, ox.RdfFormat.JSON_LD)
        else:
            assert theirs.data == ours.data, params


def test_the_row_cap_cuts_the_server_s_answer(remote_server: str) -> None:
    client = _app(remote_server).test_client()
    client.application.config["KG_SETTINGS"] = Settings.load(store_dir=Path(remote_server), base_iri=BASE, max_rows=7)
    for query in ("SELECT ?s { ?s ?p ?o }", "SELECT ?s { ?s ?p ?o } LIMIT 100000"):  # LIMIT appended, or cut here
        response = client.get("/sparql", query_string={"query": query})
        body = json.loads(response.data)
        assert response.headers["X-KG-Truncated"] == "true", query
        assert len(body["results"]["bindings"]) == 7 and body["truncated"] is True
    response = client.get("/sparql", query_string={"query": "SELECT ?s { ?s ?p ?o } LIMIT 3", "format": "tsv"})
    assert response.headers["X-KG-Rows"] == "3" and "X-KG-Truncated" not in response.headers
    assert len(response.data.decode().splitlines()) == 4


def test_exports_parse_back_to_the_embedded_counts(clients, seed_settings: Settings) -> None:  # type: ignore[no-untyped-def]
    from kg.store import open_store

    embedded_store = open_store(seed_settings.store_dir)
    embedded, remote = clients
    nquads = remote.get("/download/filmkg.nq")
    assert nquads.status_code == 200
    assert sum(1 for _ in ox.parse(nquads.data, ox.RdfFormat.N_QUADS)) == len(embedded_store)
    merged = sum(1 for _ in embedded_store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    for ext, fmt in (("nt", ox.RdfFormat.N_TRIPLES), ("ttl", ox.RdfFormat.TURTLE)):
        response = remote.get(f"/download/filmkg.{ext}")
        assert sum(1 for _ in ox.parse(response.data, fmt)) == merged, ext
    ours = embedded.get("/download/filmkg.nq", headers={"Accept-Encoding": "gzip"})
    theirs = remote.get("/download/filmkg.nq", headers={"Accept-Encoding": "gzip"})
    assert theirs.headers["Content-Encoding"] == ours.headers["Content-Encoding"] == "gzip"


def test_search_finds_the_same_entities(clients, seed_store) -> None:  # type: ignore[no-untyped-def]
    embedded, remote = clients
    words: set[str] = set()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for quad in seed_store.quads_for_pattern(None, label, None, ox.DefaultGraph()):
        words.update(w for w in re.findall(r"\w+", quad.object.value.lower()) if len(w) > 3)
    assert len(words) > 20
    for word in sorted(words)[:60]:
        ours, theirs = embedded.get(f"/search?q={word}"), remote.get(f"/search?q={word}")
        assert theirs.status_code == 200
        assert theirs.data == ours.data, word


def test_syntax_errors_are_the_embedded_400(clients) -> None:  # type: ignore[no-untyped-def]
    embedded, remote = clients
    for query in ("SELECT * WHERE {\n  ?s ?p \n}", "ASK {\n ?s ?p", "SELECT * { ?s ?p ?o FILTER(<http://x/f>(?o)) }"):
        ours, theirs = (c.get("/sparql", query_string={"query": query}) for c in (embedded, remote))
        assert ours.status_code == theirs.status_code == 400, query
        assert theirs.data == ours.data, query
    assert b"error at 2:" in remote.get("/sparql", query_string={"query": "ASK {\n ?s ?p"}).data
    refused = remote.get("/sparql", query_string={"query": "SELECT * { SERVICE <http://127.0.0.2/> { ?s ?p ?o } }"})
    assert refused.status_code == 403


def test_a_rebuild_into_the_server_shows_without_a_restart(tmp_path: Path) -> None:
    """Pages, SPARQL, counts and search follow the server's data (each checks the server's fingerprint)."""
    server = OxigraphServer(tmp_path / "data").start()
    try:
        two = tmp_path / "two"
        two.mkdir()
        for path in sorted(SEEDS.iterdir())[:2]:
            (two / path.name).write_bytes(path.read_bytes())
        build_into_server(server.url, [two], tmp_path / "state")
        client = _app(server.url).test_client()
        count = "SELECT (COUNT(*) AS ?n) { ?d a fk:SourceDocument }"
        assert _rows(client, count) == [(json.dumps(_integer(2), sort_keys=True),)]
        home = client.get("/").data
        documents_before = home.count(b"/resource/document/")
        build_into_server(server.url, [SEEDS], tmp_path / "state")
        assert _rows(client, count) == [(json.dumps(_integer(5), sort_keys=True),)]
        assert client.get("/").data.count(b"/resource/document/") > documents_before
    finally:
        server.stop()


def _integer(value: int) -> dict[str, str]:
    return {"datatype": "http://www.w3.org/2001/XMLSchema#integer", "type": "literal", "value": str(value)}


def test_updates_are_forwarded_with_the_token_and_refused_without(tmp_path: Path) -> None:
    server = OxigraphServer(tmp_path / "data").start()
    try:
        build_into_server(server.url, [sorted(SEEDS.iterdir())[0]], tmp_path / "state")
        app = create_app(Settings.load(store_dir=Path(server.url), base_iri=BASE, update_token="s3cret"))
        app.config["KG_REMOTE_REFRESH"] = 60.0  # a forwarded update must be seen anyway
        client = app.test_client()
        update = f"INSERT DATA {{ <{BASE}resource/film/x> a fk:Film ; rdfs:label 'Xanadu Express' }}"
        headers = {"Content-Type": "application/sparql-update"}
        assert client.post("/update", data=update, headers=headers).status_code == 401
        assert (
            client.post("/sparql", data=update, headers={**headers, "Authorization": "Bearer nope"}).status_code == 401
        )
        assert b'href="/resource/film/x"' not in client.get("/search?q=xanadu").data
        applied = client.post("/update", data=update, headers={**headers, "Authorization": "Bearer s3cret"})
        assert applied.status_code == 200, applied.data
        assert client.get("/resource/film/x.ttl").status_code == 200
        assert b'href="/resource/film/x"' in client.get("/search?q=xanadu").data
        bad = client.post("/update", data="INSERT DATA { <x> }", headers={**headers, "Authorization": "Bearer s3cret"})
        assert bad.status_code == 400
    finally:
        server.stop()


class _Fake(http.server.BaseHTTPRequestHandler):
    """A misbehaving SPARQL server: answers every query with the status and body it is told, after a delay."""

    status, body, delay = 400, b"Parser error: this server does not like it", 0.0
    seen: list[str] = []
    authorization: list[str] = []

    def do_POST(self) -> None:  # noqa: N802
        import time

        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())
        _Fake.seen.append(form.get("query", form.get("update", [""]))[0])
        _Fake.authorization.append(self.headers.get("Authorization", ""))
        time.sleep(_Fake.delay)
        self.send_response(_Fake.status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(_Fake.body)))
        self.end_headers()
        self.wfile.write(_Fake.body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture()
def fake_server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Fake)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Fake.seen.clear()
    _Fake.authorization.clear()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_the_server_s_refusal_is_our_400_with_its_message(fake_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_Fake, "status", 400)
    monkeypatch.setenv("KG_STORE_TOKEN", "server-token")  # credentials come from the environment, as for builds
    client = _app(fake_server).test_client()
    response = client.get("/sparql", query_string={"query": "SELECT ?s { ?s fk:title ?t }"})
    assert response.status_code == 400
    assert "this server does not like it" in response.text and "HTTP 400" in response.text
    assert len(_Fake.seen) == 1  # sent once, with our prefixes declared and the row cap appended
    assert _Fake.authorization == ["Bearer server-token"]
    assert "server-token" not in response.text
    assert _Fake.seen[0].startswith("PREFIX fk: ") and _Fake.seen[0].endswith(
        "SELECT ?s { ?s fk:title ?t }\nLIMIT 10001"
    )


def test_a_failing_server_is_502_and_a_slow_one_503(fake_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_Fake, "status", 500)
    client = _app(fake_server).test_client()
    query = {"query": "SELECT * { ?s ?p ?o }"}
    failed = client.get("/sparql", query_string=query)
    assert failed.status_code == 502 and "failed (HTTP 500)" in failed.text
    assert client.get("/resource/film/x").status_code == 502
    assert client.get("/healthz").status_code == 503
    monkeypatch.setattr(_Fake, "status", 200)
    monkeypatch.setattr(_Fake, "delay", 3.0)
    slow = _app(fake_server)
    slow.config["KG_SETTINGS"] = Settings.load(store_dir=Path(fake_server), base_iri=BASE, query_timeout=0.5)
    response = slow.test_client().get("/sparql", query_string=query)
    assert response.status_code == 503 and "time limit of 0.5 s" in response.text


def test_an_unreachable_server_is_503_everywhere() -> None:
    client = _app(f"http://127.0.0.1:{free_port()}").test_client()  # nothing listens there
    for path in ("/sparql?query=ASK%7B%7D", "/resource/film/x", "/", "/search?q=x", "/download/filmkg.nq",
                 "/.well-known/void", "/healthz"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 503, (path, response.status_code)
        assert b"reach" in response.data or b"error" in response.data, path


def test_kg_serve_over_http_reads_the_server(remote_server: str, seed_store) -> None:  # type: ignore[no-untyped-def]
    """`kg serve --store URL` under gunicorn, and the one-shot `--get`, answer from the server."""
    import requests

    with LiveServer(Path(remote_server)) as live:
        response = requests.get(live.url + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
                                headers={"Accept": "text/csv"}, timeout=60)  # fmt: skip
        merged = sum(1 for _ in seed_store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        assert response.status_code == 200 and response.text.splitlines()[1] == str(merged)
        assert requests.get(live.url + "/search?q=a", timeout=60).status_code == 200
        assert f"serving {remote_server}" in live.output()
    out = CliRunner().invoke(main, ["serve", "--store", remote_server, "--get", "/healthz"])
    assert out.exit_code == 0 and json.loads(out.stdout)["status"] == "ok"
