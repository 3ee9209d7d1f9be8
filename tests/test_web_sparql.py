"""The SPARQL blueprint and query runner through the real app: serialisers, streaming, examples, the query page,
service description, in-memory stores, and the query processes' kill-on-timeout."""

from __future__ import annotations

import io
import json
import re

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.query import Result

from kg.config import Settings
from kg.errors import QueryRefusedError, QueryTimeoutError
from kg.store import memory_store
from kg.store.query_worker import remote_calls
from kg.store.sparql import QueryJob, QueryPool, current_build, run_in_process, run_query
from kg.vocab import FK_NS
from kg.web import create_app
from kg.web.service import EXAMPLES

from .conftest import BACKENDS, BASE

SERVED_BY = BACKENDS  # the app tests run against the embedded store and the seeds built into an Oxigraph server


EX = "http://example.org/"
TRICKY = [
    ox.Literal('tab\there, "quotes", back\\slash\nnew line'),
    ox.Literal("<b>&amp; Ünïcödé ✓</b>", language="fr"),
    ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.Literal("1958-05-12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
    ox.NamedNode(EX + "a?b=c&d#e"),
    ox.BlankNode("b0"),
    ox.Literal(""),
]


@pytest.fixture(scope="module")
def tricky_store() -> ox.Store:
    """An in-memory store whose values stress every serialiser's escaping."""
    quads = [ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), value) for i, value in enumerate(TRICKY)]
    quads.append(ox.Quad(ox.NamedNode(EX + "lonely"), ox.NamedNode(EX + "q"), ox.Literal("no p")))
    return memory_store(quads)


QUERY = f"SELECT ?s ?o ?extra WHERE {{ {{ ?s <{EX}p> ?o }} UNION {{ ?s <{EX}q> ?extra }} }} ORDER BY ?s"


@pytest.mark.parametrize(
    "media_type",
    ["application/sparql-results+json", "application/sparql-results+xml", "text/tab-separated-values"],
)
def test_select_serialisers_round_trip_through_pyoxigraph(tricky_store: ox.Store, media_type: str) -> None:
    result = run_in_process(tricky_store, QueryJob(QUERY, media_type, None))
    assert result.complete and result.rows == len(TRICKY) + 1
    parsed = ox.parse_query_results(result.head, ox.QueryResultsFormat.from_media_type(media_type))
    expected = [[row[v] for v in ("s", "o", "extra")] for row in run_query(tricky_store, QUERY)]
    got = [[row[v] for v in ("s", "o", "extra")] for row in parsed]
    if media_type == "text/tab-separated-values":  # TSV keeps terms whole; blank node labels may be renamed
        assert len(got) == len(expected)
        assert [g for g in got if not isinstance(g[1], ox.BlankNode)] == [
            e for e in expected if not isinstance(e[1], ox.BlankNode)
        ]
    else:
        assert [[str(t) if not isinstance(t, ox.BlankNode) else "_" for t in row] for row in got] == [
            [str(t) if not isinstance(t, ox.BlankNode) else "_" for t in row] for row in expected
        ]


def test_csv_serialiser_matches_the_spec(tricky_store: ox.Store) -> None:
    import csv

    result = run_in_process(tricky_store, QueryJob(QUERY, "text/csv", None))
    rows = list(csv.reader(io.StringIO(result.head.decode("utf-8"), newline="")))
    assert rows[0] == ["s", "o", "extra"]
    values = {row[1] for row in rows[1:]}
    assert 'tab\there, "quotes", back\\slash\nnew line' in values and "42" in values and EX + "a?b=c&d#e" in values
    assert ["http://example.org/lonely", "", "no p"] in rows
    assert result.head.endswith(b"\r\n")


def test_rdflib_reads_our_json_and_xml(tricky_store: ox.Store) -> None:
    for media_type, name in [("application/sparql-results+json", "json"), ("application/sparql-results+xml", "xml")]:
        body = run_in_process(tricky_store, QueryJob(QUERY, media_type, None)).head
        result = Result.parse(io.BytesIO(body), format=name)
        objects = {row[1] for row in result if row[1] is not None}
        assert rdflib.Literal("<b>&amp; Ünïcödé ✓</b>", lang="fr") in objects
        assert rdflib.Literal(42) in objects


def test_row_cap_cuts_and_says_so(tricky_store: ox.Store) -> None:
    capped = run_in_process(tricky_store, QueryJob(QUERY, "application/sparql-results+json", None, max_rows=3))
    data = json.loads(capped.head)
    assert capped.truncated and capped.rows == 3 and len(data["results"]["bindings"]) == 3
    assert data["truncated"] is True and data["maxRows"] == 3 and "--max-rows" in data["message"]
    exact = run_in_process(tricky_store, QueryJob(QUERY, "application/sparql-results+json", None, max_rows=8))
    assert not exact.truncated and "truncated" not in json.loads(exact.head)
    turtle = run_in_process(tricky_store, QueryJob("CONSTRUCT WHERE { ?s ?p ?o }", None, "text/turtle", max_rows=2))
    assert turtle.truncated and b"# results truncated" in turtle.head
    assert len(rdflib.Graph().parse(data=turtle.head, format="turtle")) == 2


def test_remote_calls_are_found_only_in_syntax() -> None:
    assert remote_calls("SELECT * { SeRvIcE <http://x/> { ?s ?p ?o } }") == ["SERVICE"]
    assert remote_calls("SELECT * { ?s ?p ?o .SERVICE <http://x/> {} }") == ["SERVICE"]
    assert remote_calls("SELECT * { S\\u0045RVICE <http://x/> {} }") == ["SERVICE"]  # \\u escapes count
    assert remote_calls("CLEAR ALL ; load <http://x/data>") == ["LOAD"]
    harmless = "SELECT * { ?s schema:Service ?o ; ex:load 'SERVICE' . # LOAD\n ?s <http://x/SERVICE> ?q }"
    assert remote_calls(harmless) == []
    assert remote_calls("SELECT * { ?s ?p \"\"\"SERVICE\n LOAD\"\"\" , '''SERVICE''' }") == []
    with pytest.raises(QueryRefusedError):
        run_query(ox.Store(), "SELECT * { SERVICE <http://127.0.0.2:9/> { ?s ?p ?o } }")


# ------------------------------------------------------------------ the query processes


def test_query_process_is_killed_at_the_deadline(seed_settings: Settings) -> None:
    pool = QueryPool(slots=2)
    try:
        runaway = QueryJob("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "text/csv", None)
        with pytest.raises(QueryTimeoutError, match="time limit of 0.5 s"):
            pool.run(current_build(seed_settings.store_dir), runaway, timeout=0.5)
        assert pool._all == set() and pool._idle == []  # the process that ran it is gone, not parked
        answer = pool.run(current_build(seed_settings.store_dir), QueryJob("ASK {}", "text/csv", None), timeout=30)
        assert answer.complete and answer.head == b"true"
    finally:
        pool.close()


def test_large_results_stream_and_closing_early_stops_the_process(seed_settings: Settings) -> None:
    pool = QueryPool(slots=1)
    build = current_build(seed_settings.store_dir)
    job = QueryJob("SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json", None)
    try:
        whole = pool.run(build, job, timeout=60)
        streamed = pool.run(build, job, timeout=60, hold=1024)
        assert whole.complete and not streamed.complete
        body = b"".join(streamed.body())
        assert json.loads(body) == json.loads(whole.head)
        early = pool.run(build, job, timeout=60, hold=1024)
        process = early.rest.process
        next(iter(early.rest))
        early.rest.close()  # the client went away
        assert process.popen.poll() is not None
        again = pool.run(build, QueryJob("ASK {}", "text/csv", None), timeout=60)  # the one slot was released
        assert again.head == b"true"
    finally:
        pool.close()


# ------------------------------------------------------------------ the blueprint


def test_streamed_response_through_flask(seed_settings: Settings) -> None:
    app = create_app(seed_settings)
    app.config["KG_SPARQL_HOLD_BYTES"] = 2048
    response = app.test_client().get(
        "/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200 and response.is_streamed
    assert "X-KG-Rows" not in response.headers  # the count is unknown when the status line is sent
    assert len(json.loads(response.get_data())["results"]["bindings"]) > 1000


@pytest.mark.parametrize(("title", "query"), EXAMPLES, ids=[title for title, _ in EXAMPLES])
def test_every_example_returns_rows_on_the_seeds(client, title: str, query: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": "application/json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["results"]["bindings"], f"example {title!r} returns nothing on the seeds"


def test_titles_example_finds_several_languages(client) -> None:  # type: ignore[no-untyped-def]
    query = dict(EXAMPLES)["Titles in every language"]
    bindings = client.get("/sparql", query_string={"query": query}).get_json()["results"]["bindings"]
    assert len({b["language"]["value"] for b in bindings if b["language"]["value"]}) >= 2


def test_query_page_works_offline(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/sparql", headers={"Accept": "text/html"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<textarea" in html
    assert f"PREFIX fk: &lt;{FK_NS}&gt;" in html
    assert len(re.findall(r'<button type="button" class="example"', html)) == 5
    sources = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources  # no CDN
    for source in sources:
        with client.get(source) as response:  # closes the static file
            assert response.status_code == 200
    assert f'data-base-iri="{BASE}"' in html


def test_service_description_by_format_parameter(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/sparql?format=nt")
    assert response.status_code == 200 and response.mimetype == "application/n-triples"
    graph = rdflib.Graph().parse(data=response.get_data(), format="nt")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert len(set(graph.subjects(rdflib.RDF.type, sd.NamedGraph))) >= 5
    assert client.get("/sparql?format=csv").status_code == 400
    assert client.get("/sparql", headers={"Accept": "image/png"}).status_code == 406


def test_one_shot_cli_answers_a_query(runner, seed_settings: Settings) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import main

    result = runner.invoke(
        main, ["serve", "--store", str(seed_settings.store_dir), "--get", "/sparql?query=ASK%7B%3Fs%20a%20fk%3AFilm%7D"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["boolean"] is True


def test_in_memory_store_queries_and_updates_with_a_token(tricky_store: ox.Store) -> None:
    store = memory_store([])
    app = create_app(Settings.load(update_token="t0ken"), store=store, base_iri=BASE)
    client = app.test_client()
    insert = f'INSERT DATA {{ <{EX}x> <{EX}p> "new" }}'
    assert client.post("/update", data={"update": insert}).status_code == 401
    assert client.post("/update", data={"update": insert}, headers={"Authorization": "Bearer t0ken"}).status_code == 200
    ask = client.get("/sparql", query_string={"query": f'ASK {{ <{EX}x> <{EX}p> "new" }}'})
    assert ask.get_json()["boolean"] is True
    assert client.post("/update", data={"query": "ASK {}"}).status_code == 400
    assert client.get("/update").status_code == 405


def test_query_processes_are_reused(client) -> None:  # type: ignore[no-untyped-def]
    from kg.store.sparql import query_pool

    client.get("/sparql", query_string={"query": "ASK {}"})
    idle = list(query_pool()._idle)
    client.get("/sparql", query_string={"query": "ASK {}"})
    assert idle and set(query_pool()._idle) & set(idle)
