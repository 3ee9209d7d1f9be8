"""The SPARQL endpoint over real HTTP (`kg serve`, gunicorn), driven by SPARQLWrapper, rdflib's SPARQLStore and
plain requests: every protocol case, every format parsed back, time limit, row cap, updates, no outbound calls."""

from __future__ import annotations

import csv
import io
import json
import os
import select
import socket
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import requests
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.config import Settings
from kg.store import StoreMeta, build_into
from kg.vocab import FK_NS

from .conftest import BACKENDS, BASE, LiveServer

SERVED_BY = BACKENDS  # the app tests run against the embedded store and the seeds built into an Oxigraph server


TITLES = "SELECT ?film ?title WHERE { ?film a fk:Film ; fk:title ?title }"
SRX = "{http://www.w3.org/2005/sparql-results#}"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def expected_titles(seed_store) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The (film, title) pairs straight from the store, to compare every format against."""
    rows = seed_store.query(f"SELECT ?film ?title {{ ?film a <{FK_NS}Film> ; <{FK_NS}title> ?title }}")
    found = {(row["film"].value, row["title"].value) for row in rows}
    assert found, "the seed graph has film titles"
    return found


def get(url: str, query: str | None = None, accept: str | None = None, **params: str) -> requests.Response:
    """GET /sparql with an optional query, Accept header and extra parameters."""
    if query is not None:
        params["query"] = query
    return requests.get(url + "/sparql", params=params, headers={"Accept": accept} if accept else {}, timeout=60)


# ------------------------------------------------------------------ real clients


def test_sparqlwrapper_select_json_and_xml(live_server: str, expected_titles) -> None:  # type: ignore[no-untyped-def]
    client = SPARQLWrapper(live_server + "/sparql")
    client.setQuery(TITLES)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    assert {(b["film"]["value"], b["title"]["value"]) for b in data["results"]["bindings"]} == expected_titles
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert len(document.getElementsByTagName("result")) == len(expected_titles)


def test_sparqlwrapper_post_csv_tsv_and_ask(live_server: str, expected_titles) -> None:  # type: ignore[no-untyped-def]
    client = SPARQLWrapper(live_server + "/sparql")
    client.setMethod(POST)
    client.setQuery(TITLES)
    client.setReturnFormat(CSV)
    rows = list(csv.reader(io.StringIO(client.query().convert().decode("utf-8"))))
    assert rows[0] == ["film", "title"] and set(map(tuple, rows[1:])) == expected_titles
    client.setReturnFormat(TSV)
    lines = client.query().convert().decode("utf-8").splitlines()
    assert lines[0] == "?film\t?title" and len(lines) == len(expected_titles) + 1
    client.setQuery("ASK { ?film a fk:Film }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # inside SPARQLWrapper
def test_sparqlwrapper_construct_formats(live_server: str) -> None:
    client = SPARQLWrapper(live_server + "/sparql")
    client.setQuery("CONSTRUCT { ?film fk:title ?title } WHERE { ?film a fk:Film ; fk:title ?title }")
    sizes = set()
    for fmt in (TURTLE, XML, JSONLD):
        client.setReturnFormat(fmt)
        converted = client.query().convert()  # SPARQLWrapper hands Turtle back as bytes, the others parsed
        graph = converted if fmt != TURTLE else rdflib.Graph().parse(data=converted, format="turtle")
        assert isinstance(graph, rdflib.Graph), fmt
        sizes.add(len(graph))
    assert len(sizes) == 1 and sizes.pop() > 0


def test_sparqlwrapper_reports_a_syntax_error(live_server: str) -> None:
    client = SPARQLWrapper(live_server + "/sparql")
    client.setQuery("SELECT * WHERE { ?s ?p }")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="error at 1:"):
        client.query()


def test_rdflib_sparqlstore_queries_and_reads_triples(live_server: str, expected_titles) -> None:  # type: ignore[no-untyped-def]
    graph = rdflib.Graph(SPARQLStore(live_server + "/sparql"))
    rows = graph.query(TITLES)  # rdflib adds PREFIX lines for its own bindings; fk: is predeclared by the server
    assert {(str(r[0]), str(r[1])) for r in rows} == expected_titles
    films = set(graph.subjects(rdflib.RDF.type, rdflib.URIRef(FK_NS + "Film")))
    assert {rdflib.URIRef(film) for film, _ in expected_titles} == films
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True


def test_rdflib_sparqlstore_graph_identifier_is_sent_as_default_graph_uri(live_server: str, seed_store) -> None:  # type: ignore[no-untyped-def]
    documents = sorted(g.value for g in seed_store.named_graphs() if g.value.startswith(BASE))
    document = documents[0]
    graph = rdflib.Graph(SPARQLStore(live_server + "/sparql"), identifier=rdflib.URIRef(document))
    remote = len(graph)
    local = len(list(seed_store.quads_for_pattern(None, None, None, ox.NamedNode(document))))
    assert remote == local > 0


# ------------------------------------------------------------------ protocol, by plain HTTP


def test_get_post_form_and_post_direct_give_the_same_rows(live_server: str, expected_titles) -> None:  # type: ignore[no-untyped-def]
    accept = {"Accept": "application/sparql-results+json"}
    answers = [
        get(live_server, TITLES, accept["Accept"]),
        requests.post(live_server + "/sparql", data={"query": TITLES}, headers=accept, timeout=60),
        requests.post(
            live_server + "/sparql",
            data=TITLES.encode("utf-8"),
            headers={**accept, "Content-Type": "application/sparql-query"},
            timeout=60,
        ),
    ]
    for response in answers:
        assert response.status_code == 200, response.text
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        bindings = response.json()["results"]["bindings"]
        assert {(b["film"]["value"], b["title"]["value"]) for b in bindings} == expected_titles


@pytest.mark.parametrize(
    ("name", "request_args", "status", "says"),
    [
        ("two query parameters", {"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400, "exactly one"),
        ("syntax error", {"params": {"query": "SELECT * WHERE {\n  ?s ?p \n}"}}, 400, "error at 3:2"),
        ("empty query", {"params": {"query": "  "}}, 400, "empty"),
        ("non-UTF-8 in the URL", {"url_suffix": "?query=ASK%20%7B%20%3Fs%20%3Fp%20%22%FF%22%20%7D"}, 400, "UTF-8"),
        ("bad graph IRI", {"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400, "IRI"),
        ("unknown format", {"params": {"query": "ASK {}", "format": "pdf"}}, 400, "unknown format"),
        ("nothing acceptable", {"params": {"query": "ASK {}"}, "headers": {"Accept": "image/png"}}, 406, "image/png"),
        (
            "CONSTRUCT as CSV only",
            {"params": {"query": "CONSTRUCT WHERE { ?s a fk:Film }"}, "headers": {"Accept": "text/csv"}},
            406,
            "CONSTRUCT",
        ),  # fmt: skip
        ("update by GET", {"params": {"update": "CLEAR ALL"}}, 400, "POST"),
    ],
)
def test_get_errors_are_plain_messages(live_server: str, name: str, request_args: dict, status: int, says: str) -> None:  # type: ignore[type-arg]
    url = live_server + "/sparql" + request_args.get("url_suffix", "")
    response = requests.get(url, params=request_args.get("params"), headers=request_args.get("headers"), timeout=60)
    assert response.status_code == status, (name, response.text)
    assert response.headers["Content-Type"].startswith("text/plain")
    assert says in response.text, name


@pytest.mark.parametrize(
    ("name", "body", "content_type", "status", "says"),
    [
        ("missing Content-Type", b"ASK {}", None, 415, "no Content-Type"),
        ("wrong Content-Type", b"ASK {}", "text/plain", 415, "text/plain"),
        ("JSON body", b'{"query": "ASK {}"}', "application/json", 415, "application/sparql-query"),
        ("non-UTF-8 direct body", b'ASK { ?s ?p "\xe9t\xe9" }', "application/sparql-query", 400, "UTF-8"),
        (
            "non-UTF-8 form",
            b"query=ASK%20%7B%20%3Fs%20%3Fp%20%22%E9%22%20%7D",
            "application/x-www-form-urlencoded",
            400,
            "UTF-8",
        ),  # fmt: skip
        ("latin-1 charset", b"ASK {}", "application/sparql-query; charset=iso-8859-1", 415, "UTF-8"),
        ("form without query", b"format=json", "application/x-www-form-urlencoded", 400, "no query"),
        (
            "query and update",
            b"query=ASK%7B%7D&update=CLEAR%20ALL",
            "application/x-www-form-urlencoded",
            400,
            "not both",
        ),
        ("syntax error by POST", b"SELECT ?x WHERE { ?x fk: }", "application/sparql-query", 400, "error at 1:"),
        (
            "update without token",
            b"INSERT DATA { <http://e/a> <http://e/b> 1 }",
            "application/sparql-update",
            403,
            "read-only",
        ),  # fmt: skip
        ("update form without token", b"update=CLEAR%20ALL", "application/x-www-form-urlencoded", 403, "read-only"),
    ],
)
def test_post_errors_are_plain_messages(live_server: str, name: str, body: bytes, content_type: str | None,
                                        status: int, says: str) -> None:  # fmt: skip
    headers = {"Content-Type": content_type} if content_type else {}
    session = requests.Session()
    prepared = session.prepare_request(requests.Request("POST", live_server + "/sparql", data=body, headers=headers))
    if content_type is None:
        prepared.headers.pop("Content-Type", None)
    response = session.send(prepared, timeout=60)
    assert response.status_code == status, (name, response.text)
    assert says in response.text, (name, response.text)


def test_default_and_named_graph_uri_choose_the_dataset(live_server: str, seed_store) -> None:  # type: ignore[no-untyped-def]
    documents = sorted(g.value for g in seed_store.named_graphs() if g.value.startswith(BASE))
    first, second = documents[0], documents[1]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def number(response: requests.Response) -> int:
        assert response.status_code == 200, response.text
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    only_first = number(get(live_server, count, "application/json", **{"default-graph-uri": first}))
    local = len(list(seed_store.quads_for_pattern(None, None, None, ox.NamedNode(first))))
    assert only_first == local
    everything = number(get(live_server, count, "application/json"))
    assert everything > only_first
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = requests.get(
        live_server + "/sparql",
        params=[("query", graphs), ("named-graph-uri", first), ("named-graph-uri", second)],
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    assert {b["g"]["value"] for b in response.json()["results"]["bindings"]} == {first, second}
    assert number(get(live_server, count, "application/json", **{"named-graph-uri": first})) == 0  # empty default


def test_every_select_format_parses_back(live_server: str, expected_titles) -> None:  # type: ignore[no-untyped-def]
    from rdflib.query import Result

    parsed: dict[str, set[tuple[str, str]]] = {}
    for accept, name in [
        ("application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
    ]:
        response = get(live_server, TITLES, accept)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith(accept), name
        result = Result.parse(io.BytesIO(response.content), format=name)
        parsed[name] = {(str(row[0]), str(row[1])) for row in result}
    assert all(rows == expected_titles for rows in parsed.values()), parsed
    # and with the standard library alone
    bindings = get(live_server, TITLES, "application/json").json()["results"]["bindings"]
    assert len(bindings) == len(expected_titles)
    root = ET.fromstring(get(live_server, TITLES, "application/sparql-results+xml").content)
    assert len(root.findall(f"{SRX}results/{SRX}result")) == len(expected_titles)
    rows = list(csv.DictReader(io.StringIO(get(live_server, TITLES, "text/csv").text)))
    assert {(r["film"], r["title"]) for r in rows} == expected_titles


def test_every_rdf_format_parses_back(live_server: str) -> None:
    construct = "CONSTRUCT { ?film fk:title ?title ; a fk:Film } WHERE { ?film a fk:Film ; fk:title ?title }"
    graphs = {}
    for accept, rdflib_format in [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/trig", "trig"),
        ("application/n-quads", "nquads"),
    ]:
        response = get(live_server, construct, accept)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith(accept), accept
        if rdflib_format in {"trig", "nquads"}:
            dataset = rdflib.Dataset()
            dataset.parse(data=response.content, format=rdflib_format)
            graph = rdflib.Graph()
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
        graphs[accept] = graph
    sizes = {accept: len(graph) for accept, graph in graphs.items()}
    assert len(set(sizes.values())) == 1 and next(iter(sizes.values())) > 0, sizes


def test_q_values_and_format_parameter_pick_the_format(live_server: str) -> None:
    accept = "application/sparql-results+json;q=0.2, text/csv;q=0.9, */*;q=0.1"
    assert get(live_server, TITLES, accept).headers["Content-Type"].startswith("text/csv")
    assert get(live_server, TITLES, "text/html", format="tsv").headers["Content-Type"].startswith("text/tab-sep")
    construct = "CONSTRUCT WHERE { ?film a fk:Film }"
    assert get(live_server, construct, "*/*").headers["Content-Type"].startswith("text/turtle")
    assert get(live_server, construct, None, format="nt").headers["Content-Type"] == "application/n-triples"
    assert get(live_server, TITLES, None).headers["Content-Type"] == "application/sparql-results+json"


def test_predeclared_prefixes_and_a_query_s_own_prefix_wins(live_server: str) -> None:
    assert get(live_server, "ASK { ?f a fk:Film }", "application/json").json()["boolean"] is True
    own = "PREFIX fk: <http://example.org/not-ours#> ASK { ?f a fk:Film }"
    assert get(live_server, own, "application/json").json()["boolean"] is False


def test_cors_preflight_and_headers(live_server: str) -> None:
    preflight = requests.options(
        live_server + "/sparql",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization",
        },
        timeout=60,
    )
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "authorization" in preflight.headers["Access-Control-Allow-Headers"].lower()
    response = get(live_server, "ASK {}", "application/json", **{})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-KG-Truncated" in response.headers["Access-Control-Expose-Headers"]


def test_service_description_lists_the_dataset(live_server: str, seed_store) -> None:  # type: ignore[no-untyped-def]
    response = requests.get(live_server + "/sparql", headers={"Accept": "text/turtle"}, timeout=60)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    endpoint = rdflib.URIRef(live_server + "/sparql")
    assert (endpoint, rdflib.RDF.type, sd.Service) in graph
    assert (endpoint, sd.endpoint, endpoint) in graph
    assert (endpoint, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (endpoint, sd.supportedLanguage, sd.SPARQL11Update) not in graph  # no token on this server
    formats = {str(o) for o in graph.objects(endpoint, sd.resultFormat)}
    assert {"http://www.w3.org/ns/formats/SPARQL_Results_JSON", "http://www.w3.org/ns/formats/Turtle"} <= formats
    assert (endpoint, rdflib.RDFS.seeAlso, rdflib.URIRef(live_server + "/.well-known/void")) in graph
    dataset = graph.value(endpoint, sd.defaultDataset)
    names = {str(graph.value(n, sd.name)) for n in graph.objects(dataset, sd.namedGraph)}
    assert names == {g.value for g in seed_store.named_graphs()}
    assert graph.value(dataset, sd.defaultGraph) is not None
    jsonld = requests.get(live_server + "/sparql", headers={"Accept": "application/ld+json"}, timeout=60)
    assert len(rdflib.Graph().parse(data=jsonld.text, format="json-ld")) == len(graph)


def test_browser_gets_the_query_page_and_curl_gets_data(live_server: str) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = requests.get(live_server + "/sparql", headers={"Accept": browser}, timeout=60)
    assert page.headers["Content-Type"].startswith("text/html") and 'id="query"' in page.text
    linked = get(live_server, "ASK {}", browser)
    assert linked.headers["Content-Type"].startswith("text/html") and "ASK {}" in linked.text
    assert get(live_server, "ASK {}", "*/*").headers["Content-Type"] == "application/sparql-results+json"


# ------------------------------------------------------------------ no outbound requests


def test_service_and_load_are_refused_without_any_connection(seed_settings: Settings) -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.bind(("127.0.0.2", 0))
    except OSError:
        pytest.skip("127.0.0.2 is not routable on this machine")
    listener.listen(8)
    port = listener.getsockname()[1]
    target = f"http://127.0.0.2:{port}/"
    try:
        with LiveServer(seed_settings.store_dir, "--update-token", "s3cret") as server:
            for query in [
                f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                f"select * where {{ ?x ?y ?z . service silent <{target}> {{ ?s ?p ?o }} }}",
                f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }} }}",
            ]:
                response = get(server.url, query, "application/json")
                assert response.status_code == 403 and "SERVICE" in response.text, response.text
            for update in [
                f"LOAD <{target}data.ttl>",
                f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
            ]:
                response = requests.post(
                    server.url + "/update",
                    data={"update": update},
                    headers={"Authorization": "Bearer s3cret"},
                    timeout=60,
                )
                assert response.status_code == 403, response.text
            readable, _, _ = select.select([listener], [], [], 1.0)
            assert readable == [], "the server connected to the SERVICE/LOAD target"
    finally:
        listener.close()


# ------------------------------------------------------------------ limits


def _query_processes(server: LiveServer) -> set[int]:
    """PIDs of the query processes started by `server`'s gunicorn workers."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if b"query_worker.py" in command and _descends_from(parent, server.process.pid):
            found.add(int(entry.name))
    return found


def _descends_from(pid: int, ancestor: int) -> bool:
    while pid > 1:
        if pid == ancestor:
            return True
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            return False
    return False


@pytest.mark.slow
def test_runaway_query_is_stopped_while_others_are_answered(seed_settings: Settings) -> None:
    with LiveServer(seed_settings.store_dir, "--query-timeout", "6", "--workers", "1") as server:
        warm = [threading.Thread(target=get, args=(server.url, "ASK {}", "application/json")) for _ in range(2)]
        for thread in warm:  # two query processes ready, so the light query need not start one
            thread.start()
        for thread in warm:
            thread.join()
        outcome: dict[str, requests.Response] = {}
        runaway = threading.Thread(target=lambda: outcome.update(slow=get(server.url, RUNAWAY, "application/json")))
        runaway.start()
        while not any(_cpu_seconds(pid) > 0.3 for pid in _query_processes(server)):  # the runaway is running
            assert runaway.is_alive(), outcome["slow"].text
            runaway.join(0.05)
        busy = _query_processes(server)
        light = get(server.url, "SELECT ?film WHERE { ?film a fk:Film }", "application/json")
        assert light.status_code == 200 and light.json()["results"]["bindings"]
        assert runaway.is_alive(), "the light query must be answered while the runaway still runs"
        runaway.join(120)
        slow = outcome["slow"]
        assert slow.status_code == 503
        assert "time limit of 6 s" in slow.text and "--query-timeout" in slow.text
        assert busy - _query_processes(server), "the process running the runaway query was killed"
        after = get(server.url, "ASK { ?film a fk:Film }", "application/json")
        assert after.status_code == 200 and after.json()["boolean"] is True


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_row_cap_is_announced(seed_settings: Settings) -> None:
    with LiveServer(seed_settings.store_dir, "--max-rows", "5") as server:
        everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
        response = get(server.url, everything, "application/sparql-results+json")
        data = response.json()
        assert len(data["results"]["bindings"]) == 5
        assert response.headers["X-KG-Truncated"] == "true" and response.headers["X-KG-Max-Rows"] == "5"
        assert data["truncated"] is True and data["maxRows"] == 5
        csv_rows = list(csv.reader(io.StringIO(get(server.url, everything, "text/csv").text)))
        assert len(csv_rows) == 6
        small = get(server.url, "SELECT ?f WHERE { ?f a fk:Film } LIMIT 2", "application/json")
        assert "X-KG-Truncated" not in small.headers and "truncated" not in small.json()
        construct = get(server.url, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
        assert construct.headers["X-KG-Truncated"] == "true"
        assert len(rdflib.Graph().parse(data=construct.text, format="nt")) == 5


# ------------------------------------------------------------------ updates


def _throwaway_store(folder: Path) -> Path:
    film = ox.NamedNode(BASE + "resource/film/test-film")
    document = ox.NamedNode(BASE + "resource/document/test")
    quads = [
        ox.Quad(film, ox.NamedNode(rdflib.RDF.type), ox.NamedNode(FK_NS + "Film"), document),
        ox.Quad(film, ox.NamedNode(FK_NS + "title"), ox.Literal("Test Film", language="en"), document),
    ]
    build_into(folder, quads, StoreMeta(base_iri=BASE, documents=1))
    return folder


def test_update_refused_without_token_and_accepted_with_it(tmp_path: Path) -> None:
    store_dir = _throwaway_store(tmp_path / "store")
    insert = 'INSERT DATA { <http://localhost:5000/resource/film/test-film> fk:title "Film de prueba"@es }'
    titles = "SELECT ?t WHERE { ?f fk:title ?t }"
    with LiveServer(store_dir) as server:
        refused = requests.post(server.url + "/sparql", data={"update": insert}, timeout=60)
        assert refused.status_code == 403
    token = "tok-" + os.urandom(8).hex()
    with LiveServer(store_dir, env={"KG_UPDATE_TOKEN": token}) as server:
        direct = {"Content-Type": "application/sparql-update"}
        missing = requests.post(server.url + "/sparql", data=insert.encode(), headers=direct, timeout=60)
        assert missing.status_code == 401 and "Bearer" in missing.headers["WWW-Authenticate"]
        wrong = requests.post(
            server.url + "/sparql", data=insert.encode(), headers={**direct, "Authorization": "Bearer nope"}, timeout=60
        )
        assert wrong.status_code == 401 and "nope" not in wrong.text and token not in wrong.text
        before = {b["t"]["value"] for b in get(server.url, titles, "application/json").json()["results"]["bindings"]}
        assert before == {"Test Film"}
        accepted = requests.post(
            server.url + "/sparql",
            data=insert.encode(),
            headers={**direct, "Authorization": f"Bearer {token}"},
            timeout=60,
        )
        assert accepted.status_code == 200, accepted.text
        after = {b["t"]["value"] for b in get(server.url, titles, "application/json").json()["results"]["bindings"]}
        assert after == {"Test Film", "Film de prueba"}
        form = requests.post(
            server.url + "/update",
            data={"update": 'DELETE DATA { <http://localhost:5000/resource/film/test-film> fk:title "Test Film"@en }'},
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )
        assert form.status_code == 200, form.text
        final = {b["t"]["value"] for b in get(server.url, titles, "application/json").json()["results"]["bindings"]}
        assert final == {"Film de prueba"}
        description = requests.get(server.url + "/sparql", headers={"Accept": "text/turtle"}, timeout=60).text
        assert "SPARQL11Update" in description
        assert token not in server.output()
    with LiveServer(store_dir, "--update-token", token) as server:  # the update was published as a new build
        rows = get(server.url, titles, "application/json").json()["results"]["bindings"]
        assert {b["t"]["value"] for b in rows} == {"Film de prueba"}


def test_results_are_json_documents_for_the_standard_library(live_server: str) -> None:
    response = get(live_server, "SELECT ?s WHERE { ?s a fk:Film } LIMIT 1", "application/sparql-results+json")
    assert json.loads(response.content)["head"]["vars"] == ["s"]
