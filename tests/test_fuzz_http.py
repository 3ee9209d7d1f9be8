"""Fuzzed SPARQL queries and protocol requests: never a 5xx other than the deliberate time-limit 503, never down.

Hypothesis runs derandomised (same examples on every run) with no deadline, so CI is reproducible and a slow
machine does not fail it. The counts of examples are in the README's Reliability section.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import replace

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.config import Settings
from kg.web import create_app

from .conftest import LiveServer

FUZZ = settings(
    max_examples=500, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)  # fmt: skip
TIME_LIMIT = 3.0

PREFIXES = ["", "PREFIX schema: <http://schema.org/>\n", "PREFIX fk: <https://filmkg.org/ontology#>\n"]
TERMS = ["?s", "?p", "?o", "?x", "schema:actor", "schema:name", "fk:director", "a", "<http://schema.org/Movie>",
         "<http://localhost:5000/resource/x>", "\"Ann\"", "\"x\"@en", "42", "3.5e10", "true", "_:b", "[]",
         "<>", "<../../etc/passwd>", "\"\\u0000\"", "'''a\nb'''", "<javascript:alert(1)>"]  # fmt: skip
PATHS = ["(schema:actor|^schema:actor)*", "schema:actor+", "(<a>|<b>)*/^<c>", "!(rdf:type|^rdf:type)*",
         "(((schema:actor)*)*)*", "schema:actor{2,}", "(^schema:name/schema:name)*", "(!<x>)*"]  # fmt: skip
FUNCTIONS = ["regex(str(?o), \"(a+)+$\")", "<http://example.org/unknown>(?o)", "fk:nothing(?s, ?o)",
             "regex(?o, \"[\", \"q\")", "strlen(?o) > 1e308", "xsd:integer(\"99999999999999999999999999\")",
             "concat(?o, ?o, ?o, ?o)", "sha512(str(?s))", "replace(str(?o), \"\", \"x\")", "1/0",
             "langMatches(lang(?o), \"*\")", "bnode(?o)", "iri(concat(\"http://\", str(?o)))",
             "now() > \"x\"^^xsd:dateTime", "substr(?o, -99999999999, 99999999999)"]  # fmt: skip


@st.composite
def _group(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.integers(0, 6 if depth < 6 else 1))
    if kind == 0:
        return f"{draw(st.sampled_from(TERMS))} {draw(st.sampled_from(TERMS + PATHS))} {draw(st.sampled_from(TERMS))}"
    if kind == 1:
        return f"FILTER({draw(st.sampled_from(FUNCTIONS))})"
    if kind == 2:
        return f"OPTIONAL {{ {draw(_group(depth + 1))} }}"
    if kind == 3:
        return f"{{ {draw(_group(depth + 1))} }} UNION {{ {draw(_group(depth + 1))} }}"
    if kind == 4:
        return f"BIND({draw(st.sampled_from(FUNCTIONS))} AS ?b{depth})"
    if kind == 5:
        return f"MINUS {{ {draw(_group(depth + 1))} }}"
    return f"{draw(_group(depth + 1))} . {draw(_group(depth + 1))}"


@st.composite
def sparql_queries(draw: st.DrawFn) -> str:
    """Queries that are valid, nearly valid, absurd or hostile."""
    shape = draw(st.integers(0, 9))
    prefix = draw(st.sampled_from(PREFIXES))
    if shape == 0:
        return draw(st.text(max_size=300))
    if shape == 1:
        depth = draw(st.integers(1, 4000))  # past the parser's limit (~2,000) the endpoint must refuse, not crash
        return prefix + "SELECT * WHERE " + "{ " * depth + "?s ?p ?o" + " }" * draw(st.integers(0, depth))
    if shape == 2:
        size = draw(st.sampled_from([10_000, 100_000, 1_000_000]))
        first = draw(st.sampled_from(["a", "b", '\\"', "é"]))
        return prefix + 'SELECT * WHERE { ?s ?p "' + first + "x" * size + '" }'
    if shape == 3:
        limit = draw(st.sampled_from(["99999999999999999999999999", "-1", "0", "18446744073709551616", "1e3"]))
        offset = draw(st.sampled_from(["99999999999999999999", "-5", "0", "9223372036854775807"]))
        return prefix + f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {limit} OFFSET {offset}"
    if shape == 4:
        path = draw(st.sampled_from(PATHS))
        return f"PREFIX schema: <http://schema.org/>\nSELECT * WHERE {{ ?s {path} ?o }}"
    if shape == 5:
        form = draw(st.sampled_from(["SELECT *", "SELECT (COUNT(*) AS ?n)", "ASK", "CONSTRUCT { ?s ?p ?o }",
                                     "DESCRIBE ?s", "SELECT DISTINCT ?s", "SELECT REDUCED ?o"]))  # fmt: skip
        tail = draw(st.sampled_from(["", " ORDER BY ?o", " GROUP BY ?s", " LIMIT 5", " ORDER BY DESC(?x) LIMIT 1"]))
        return prefix + f"{form} WHERE {{ {draw(_group())} }}{tail}"
    if shape == 6:
        return draw(st.sampled_from([
            "SELECT * { SERVICE <http://127.0.0.2:9/sparql> { ?s ?p ?o } }", "LOAD <http://127.0.0.2:9/x.ttl>",
            "SELECT * FROM <http://127.0.0.2:9/g> { ?s ?p ?o }", "CLEAR ALL", "DROP DEFAULT",
            "INSERT DATA { <a> <b> <c> }", "SELECT * { GRAPH ?g { ?s ?p ?o } } LIMIT 3",
        ]))  # fmt: skip
    if shape == 7:
        return draw(st.binary(max_size=200)).decode("latin-1")
    if shape == 8:
        return prefix + "SELECT * WHERE { " + " . ".join("?s ?p ?o" + str(i) for i in range(draw(st.integers(1, 40))))
    return prefix + f"SELECT * WHERE {{ ?s ?p ?o FILTER({draw(st.sampled_from(FUNCTIONS))}) }} LIMIT 10"


ACCEPTS = ["*/*", "application/sparql-results+json", "text/csv", "text/turtle", "application/ld+json", "image/png",
           "text/html", "", "application/sparql-results+xml;q=0.1, text/tab-separated-values", "*/*;q=abc",
           "text/*;q=0", ",,,;;;", "a" * 5000]  # fmt: skip
CONTENT_TYPES = ["application/sparql-query", "application/x-www-form-urlencoded", "application/sparql-update",
                 "text/plain", "multipart/form-data; boundary=x", "application/json", "", "application/sparql-query; "
                 "charset=latin-1"]  # fmt: skip
PARAMS = ["query", "update", "default-graph-uri", "named-graph-uri", "format", "using-graph-uri", "output", "x",
          "query[]", "", "\x00"]  # fmt: skip


@st.composite
def protocol_requests(draw: st.DrawFn) -> tuple[str, str, dict[str, str], bytes | None, list[tuple[str, str]]]:
    """Method, path, headers, body and URL parameters of a request to the SPARQL endpoints (and others)."""
    method = draw(st.sampled_from(["GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH"]))
    path = draw(st.sampled_from(["/sparql", "/sparql", "/sparql", "/update", "/query", "/sparql/"]))
    params = draw(st.lists(st.tuples(st.sampled_from(PARAMS),
                                     st.one_of(sparql_queries(), st.text(max_size=50))), max_size=4))  # fmt: skip
    headers = {"Accept": draw(st.sampled_from(ACCEPTS))}
    body = None
    if method in {"POST", "PUT", "PATCH"}:
        headers["Content-Type"] = draw(st.sampled_from(CONTENT_TYPES))
        form = urllib.parse.urlencode([("query", "SELECT * {?s ?p ?o} LIMIT 1")]).encode()
        queries = sparql_queries().map(lambda q: q.encode("utf-8", "surrogatepass"))
        body = draw(st.one_of(queries, st.binary(max_size=300), st.just(form)))
    if draw(st.booleans()):
        headers["Authorization"] = draw(st.sampled_from(["Bearer wrong", "Bearer ", "Basic Zm9vOmJhcg==", "x" * 3000]))
    return method, path, headers, body, params


def _acceptable(status: int, body: bytes) -> bool:
    if status < 500:
        return True
    return status == 503 and b"time limit" in body.lower()


@pytest.fixture(scope="module")
def fuzz_client(seed_settings: Settings):  # type: ignore[no-untyped-def]
    """The real app on the seed store, with a short time limit so runaway queries end quickly."""
    app = create_app(replace(seed_settings, query_timeout=TIME_LIMIT, max_rows=1000))
    return app.test_client()


COUNTS: dict[str, int] = {"queries": 0, "requests": 0}


@FUZZ
@given(query=sparql_queries(), method=st.sampled_from(["GET", "POST-form", "POST-direct"]))
def test_fuzzed_queries_never_get_a_server_error(fuzz_client, query: str, method: str) -> None:  # type: ignore[no-untyped-def]
    if method == "GET":
        response = fuzz_client.get("/sparql", query_string={"query": query}, headers={"Accept": "*/*"})
    elif method == "POST-form":
        response = fuzz_client.post("/sparql", data={"query": query})
    else:
        response = fuzz_client.post("/sparql", data=query.encode("utf-8", "surrogatepass"),
                                    content_type="application/sparql-query")  # fmt: skip
    COUNTS["queries"] += 1
    body = response.get_data()
    assert _acceptable(response.status_code, body), (response.status_code, query[:300], body[:500])


@FUZZ
@given(request=protocol_requests())
def test_fuzzed_protocol_requests_never_get_a_server_error(fuzz_client, request) -> None:  # type: ignore[no-untyped-def]
    method, path, headers, body, params = request
    query_string = urllib.parse.urlencode([(k, v.encode("utf-8", "surrogatepass")) for k, v in params])
    response = fuzz_client.open(path, method=method, query_string=query_string, headers=headers, data=body)
    COUNTS["requests"] += 1
    data = response.get_data()
    assert _acceptable(response.status_code, data), (response.status_code, method, path, headers, params, data[:500])


def test_the_app_still_answers_after_the_fuzzing(fuzz_client) -> None:  # type: ignore[no-untyped-def]
    assert fuzz_client.get("/healthz").status_code == 200
    response = fuzz_client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"},
                               headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    assert response.status_code == 200
    assert response.get_json()["boolean"] is True


@pytest.fixture(scope="module")
def fuzz_server(seed_settings: Settings):  # type: ignore[no-untyped-def]
    with LiveServer(seed_settings.store_dir, "--query-timeout", str(TIME_LIMIT)) as server:
        yield server


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # fmt: skip
@given(query=sparql_queries())
def test_fuzzed_queries_over_real_http(fuzz_server: LiveServer, query: str) -> None:
    response = requests.post(f"{fuzz_server.url}/sparql", data={"query": query}, timeout=60)
    COUNTS["queries"] += 1
    assert _acceptable(response.status_code, response.content), (response.status_code, query[:300], response.text)


def test_the_real_server_still_answers_after_the_fuzzing(fuzz_server: LiveServer) -> None:
    assert requests.get(f"{fuzz_server.url}/healthz", timeout=30).status_code == 200
    assert fuzz_server.process.poll() is None
    log = fuzz_server.output()
    assert "Traceback" not in log, log[-3000:]
    print(f"\nfuzzed {COUNTS['queries']} queries and {COUNTS['requests']} protocol requests")  # noqa: T201
