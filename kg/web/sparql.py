"""Blueprint: the SPARQL 1.1 Protocol at /sparql (query and update) and /update, its service description and
query page.

Every protocol mistake is answered 400/401/403/406/413/415 with a plain-text message saying what is wrong; a
query stopped at the time limit is a 503 naming the limit. Queries run in killable processes (store/sparql.py).
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request

from ..config import Settings
from ..errors import (
    NotAcceptableError,
    QueryError,
    QueryRefusedError,
    QueryRejectedError,
    QueryTimeoutError,
    StoreError,
    UnknownFormatError,
)
from ..formats import RDF_FORMATS, RESULTS_FORMATS, RdfFormatInfo, ResultsFormatInfo, rdf_format, results_format
from ..store.remote_read import send, with_prefixes
from ..store.remote_sparql import run_remote
from ..store.sparql import (
    HOLD_BYTES,
    QueryJob,
    QueryResult,
    apply_update,
    current_build,
    query_pool,
    refuse_remote,
    run_in_process,
)
from ..vocab import PREFIXES
from .db import base_iri, build_id, data_changed, remote_store
from .negotiate import best_match
from .service import EXAMPLES, GRAPH_SIZES, describe_service, prefix_block

bp = Blueprint("sparql", __name__)

MAX_BODY = 1024 * 1024  # bytes of query or update text we read
FORM = "application/x-www-form-urlencoded"
DIRECT_QUERY = "application/sparql-query"
DIRECT_UPDATE = "application/sparql-update"
HTML = "text/html"
EXTRA_RDF_TYPES = {  # media types clients send for RDF that our format table does not name
    "application/turtle": "turtle",
    "text/n3": "turtle",
    "text/rdf+n3": "turtle",
    "application/json": "jsonld",
    "application/x-json+ld": "jsonld",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
EXTRA_RDF_NAMES = {"n3": "turtle", "rdf+xml": "rdfxml", "json": "jsonld"}  # format= values SPARQLWrapper sends
EXPOSED = "X-KG-Truncated, X-KG-Max-Rows, X-KG-Rows"


class ProtocolError(Exception):
    """A request the SPARQL Protocol does not allow; `status` and a message for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


@dataclass
class Operation:
    """What a request asks for, after the protocol has been checked."""

    kind: str | None  # "query", "update" or None (no operation: description or query page)
    text: str
    params: list[tuple[str, str]]

    def values(self, name: str) -> list[str]:
        return [v for k, v in self.params if k == name]


def _settings() -> Settings:
    return current_app.config["KG_SETTINGS"]


def _memory_store() -> ox.Store | None:
    return current_app.extensions["filmkg"].get("memory_store")


def _plain(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    response = Response(message.rstrip("\n") + "\n", status=status, content_type="text/plain; charset=utf-8")
    response.headers.update(headers or {})
    return response


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"{what} is not valid UTF-8 (byte {exc.start}): send UTF-8 text") from None


def _parse_params(raw: bytes, what: str) -> list[tuple[str, str]]:
    text = _decode(raw, what)
    try:
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"{what} has percent-escapes that are not valid UTF-8: encode text as UTF-8") from None


def read_operation() -> Operation:
    """Check the request against the SPARQL 1.1 Protocol and return the operation it carries."""
    params = _parse_params(request.query_string, "the URL's query string")
    if request.method == "POST":
        if (request.content_length or 0) > MAX_BODY:
            raise ProtocolError(413, f"the request body is larger than {MAX_BODY} bytes")
        mimetype = request.mimetype
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in {"utf-8", "utf8"}:
            raise ProtocolError(415, f"charset={charset} is not accepted: send UTF-8")
        body = request.get_data(cache=True)
        if mimetype == FORM:
            params += _parse_params(body, "the form body")
        elif mimetype in {DIRECT_QUERY, DIRECT_UPDATE}:
            kind = "query" if mimetype == DIRECT_QUERY else "update"
            if any(k in {"query", "update"} for k, _ in params):
                raise ProtocolError(400, f"a {mimetype} body cannot be combined with a query or update URL parameter")
            return Operation(kind, _decode(body, "the request body"), params)
        else:
            given = f"Content-Type {mimetype}" if mimetype else "no Content-Type"
            raise ProtocolError(
                415, f"{given}: POST a query as {DIRECT_QUERY}, an update as {DIRECT_UPDATE}, or either as {FORM}"
            )
    queries = [v for k, v in params if k == "query"]
    updates = [v for k, v in params if k == "update"]
    if len(queries) > 1 or len(updates) > 1:
        raise ProtocolError(400, "give exactly one query or update parameter (this request has several)")
    if queries and updates:
        raise ProtocolError(400, "give a query or an update, not both")
    if updates:
        if request.method != "POST":
            raise ProtocolError(400, "SPARQL Update must be sent with POST")
        return Operation("update", updates[0], params)
    if queries:
        return Operation("query", queries[0], params)
    if request.method == "POST":
        raise ProtocolError(400, "the form has no query or update parameter")
    return Operation(None, "", params)


# ------------------------------------------------------------------ negotiation


def _offers(formats: tuple[Any, ...], extra: dict[str, str]) -> dict[str, str]:
    offered: dict[str, str] = {}
    for info in formats:
        offered[info.media_type] = info.media_type
        for alias in info.aliases:
            if "/" in alias:
                offered.setdefault(alias, info.media_type)
    for alias, name in extra.items():
        offered.setdefault(alias, rdf_format(name).media_type)
    return offered


RESULTS_OFFERS = _offers(RESULTS_FORMATS, {})
RDF_OFFERS = _offers(RDF_FORMATS, EXTRA_RDF_TYPES)


def _negotiate(offers: dict[str, str], accept: str | None) -> str | None:
    chosen = best_match(accept, list(offers))
    return offers[chosen] if chosen else None


def _format_param(operation: Operation) -> str | None:
    for name in ("format", "output", "results"):  # SPARQLWrapper sends all three; Fuseki reads `output`
        values = operation.values(name)
        if values and values[0].strip():
            return values[0].strip().lower()
    return None


def _named_format(value: str) -> tuple[ResultsFormatInfo | None, RdfFormatInfo | None]:
    found: list[Any] = []
    for lookup, key in ((results_format, value), (rdf_format, EXTRA_RDF_NAMES.get(value, value))):
        try:
            found.append(lookup(key))
        except UnknownFormatError:
            found.append(None)
    if found == [None, None]:
        names = ", ".join(f.name for f in (*RESULTS_FORMATS, *RDF_FORMATS))
        raise ProtocolError(400, f"unknown format {value!r}; use one of: {names}")
    return found[0], found[1]


def _refusal(kind: str, offers: dict[str, str]) -> str:
    return (
        f"none of the media types in Accept ({request.headers.get('Accept', '')}) fits {kind}; "
        f"this endpoint offers: {', '.join(dict.fromkeys(offers.values()))}"
    )


def _wants_page() -> bool:
    if request.method != "GET":
        return False
    offered = [*RESULTS_OFFERS, *RDF_OFFERS, HTML]  # HTML last: */* gets data, a browser gets the page
    return best_match(request.headers.get("Accept"), offered) == HTML


# ------------------------------------------------------------------ views


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def sparql() -> Response:
    """The SPARQL endpoint: queries, updates, the service description and the query page."""
    if request.method == "OPTIONS":
        return _preflight()
    operation = read_operation()
    if operation.kind == "update":
        return _update(operation)
    if operation.kind is None:
        if _format_param(operation) is None and _wants_page():
            return _page("")
        return _service_description(operation)
    if _format_param(operation) is None and _wants_page():
        return _page(operation.text)
    return _query(operation)


@bp.route("/update", methods=["GET", "POST", "OPTIONS"])
def update() -> Response:
    """SPARQL Update only (POST), as Fuseki's /update; the same rules as updates at /sparql."""
    if request.method == "OPTIONS":
        return _preflight()
    if request.method == "GET":
        return _plain(405, "POST SPARQL Update here; queries go to /sparql", {"Allow": "POST, OPTIONS"})
    operation = read_operation()
    if operation.kind == "query":
        raise ProtocolError(400, "this is the update endpoint: send queries to /sparql")
    return _update(operation)


@bp.errorhandler(ProtocolError)
def _protocol_error(exc: ProtocolError) -> Response:
    return _plain(exc.status, str(exc), exc.headers)


@bp.errorhandler(QueryError)
def _query_error(exc: QueryError) -> Response:
    return _plain(_status_of(exc), str(exc))


@bp.errorhandler(StoreError)
def _store_error(exc: StoreError) -> Response:  # no build yet, unreadable, or the external server is down or failing
    return _plain(int(getattr(exc, "status", 503)), str(exc))


def _status_of(error: QueryError) -> int:
    if isinstance(error, QueryTimeoutError):
        return 503
    if isinstance(error, NotAcceptableError):
        return 406
    if isinstance(error, QueryRefusedError):
        return 403
    if isinstance(error, QueryRejectedError):
        return 400
    message = str(error)
    return 400 if message.startswith("SPARQL syntax error") else 500


@bp.after_request
def _cors(response: Response) -> Response:
    """Let browser clients on any origin query (no cookies are involved, so `*` is safe)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED
    return response


def _preflight() -> Response:
    response = Response(status=204)
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    asked = request.headers.get("Access-Control-Request-Headers", "")
    response.headers["Access-Control-Allow-Headers"] = asked or "Accept, Content-Type, Authorization"
    response.headers["Access-Control-Max-Age"] = "86400"
    response.headers["Allow"] = "GET, POST, OPTIONS"
    return response


def _dataset(operation: Operation) -> tuple[list[str] | None, list[str] | None]:
    defaults, named = operation.values("default-graph-uri"), operation.values("named-graph-uri")
    for value in (*defaults, *named):
        try:
            ox.NamedNode(value)
        except ValueError:
            raise ProtocolError(
                400, f"{value!r} is not an absolute IRI (default-graph-uri / named-graph-uri)"
            ) from None
    if not defaults and not named:
        return None, None  # the store's dataset: the merge as default graph, every document graph named
    return defaults, named  # the protocol's dataset: exactly the graphs given


def _query(operation: Operation) -> Response:
    if not operation.text.strip():
        raise ProtocolError(400, "the query is empty")
    refuse_remote(operation.text)
    settings = _settings()
    accept = request.headers.get("Accept")
    named = _format_param(operation)
    results_info, rdf_info = _named_format(named) if named else (None, None)
    results_type = results_info.media_type if results_info else _negotiate(RESULTS_OFFERS, accept)
    rdf_type = rdf_info.media_type if rdf_info else _negotiate(RDF_OFFERS, accept)
    default_graph, named_graphs = _dataset(operation)
    job = QueryJob(
        operation.text,
        results_type,
        rdf_type,
        results_refusal=_refusal("SELECT/ASK results", RESULTS_OFFERS),
        rdf_refusal=_refusal("CONSTRUCT/DESCRIBE results", RDF_OFFERS),
        default_graph=default_graph,
        named_graphs=named_graphs,
        max_rows=settings.max_rows,
    )
    result = _run(job)
    return _result_response(result, settings.max_rows)


def _run(job: QueryJob) -> QueryResult:
    memory = _memory_store()
    if memory is not None:
        return run_in_process(memory, job)
    settings = _settings()
    hold = current_app.config.get("KG_SPARQL_HOLD_BYTES", HOLD_BYTES)  # tests lower it to see streaming
    remote = remote_store()
    if remote is not None:  # sent on to the external server, with our checks, limits and formats
        return run_remote(remote, job, settings.query_timeout, hold)
    return query_pool().run(current_build(settings.store_dir), job, settings.query_timeout, hold)


def _result_response(result: QueryResult, cap: int) -> Response:
    content_type = result.media_type + ("; charset=utf-8" if result.media_type.startswith("text/") else "")
    response = Response(result.body(), status=200, content_type=content_type)
    response.headers["Vary"] = "Accept"
    if cap > 0:
        response.headers["X-KG-Max-Rows"] = str(cap)
    if result.complete and result.rows >= 0:  # -1: streamed by pyoxigraph uncounted (no row cap)
        response.headers["X-KG-Rows"] = str(result.rows)
        if result.truncated:
            response.headers["X-KG-Truncated"] = "true"
    return response


def _update(operation: Operation) -> Response:
    settings = _settings()
    if not settings.update_token:
        raise ProtocolError(
            403, "this endpoint is read-only: SPARQL Update is refused (start it with kg serve --update-token)"
        )
    challenge = {"WWW-Authenticate": 'Bearer realm="filmkg"'}
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ProtocolError(401, "SPARQL Update needs an Authorization: Bearer header with the update token", challenge)
    if not hmac.compare_digest(given.strip().encode("utf-8"), settings.update_token.encode("utf-8")):
        challenge["WWW-Authenticate"] += ', error="invalid_token"'
        raise ProtocolError(401, "the bearer token is not this endpoint's update token", challenge)
    if not operation.text.strip():
        raise ProtocolError(400, "the update is empty")
    if operation.values("using-graph-uri") or operation.values("using-named-graph-uri"):
        raise ProtocolError(400, "using-graph-uri and using-named-graph-uri are not supported: use USING in the update")
    refuse_remote(operation.text)
    remote = remote_store()
    if remote is not None:
        return _forward_update(operation.text)
    memory = _memory_store()
    if memory is not None:
        try:
            memory.update(operation.text, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        size = len(memory)
    else:
        size = apply_update(settings.store_dir, operation.text).quads
    return _plain(200, f"update applied; the store now holds {size} quads")


def _forward_update(text: str) -> Response:
    """Send an update (the token already checked) to the external server's update URL, our prefixes declared."""
    remote = remote_store()
    assert remote is not None
    answer = send(remote.remote, remote.remote.update_url, {"update": with_prefixes(text)}, "*/*",
                  _settings().query_timeout)  # fmt: skip
    try:
        answer.read()
    finally:
        answer.close()
    data_changed()
    return _plain(200, "update applied by the SPARQL server")


def _endpoint_url() -> str:
    return request.host_url.rstrip("/") + "/sparql"


def _service_description(operation: Operation) -> Response:
    named = _format_param(operation)
    if named:
        info = _named_format(named)[1]
        if info is None:
            raise ProtocolError(400, f"the service description is RDF; {named!r} is a results format")
        media_type = info.media_type
    else:
        chosen = _negotiate(RDF_OFFERS, request.headers.get("Accept"))
        if chosen is None:
            raise ProtocolError(406, _refusal("the service description (RDF)", RDF_OFFERS))
        media_type = chosen
    graphs = _graph_sizes()
    void = request.host_url.rstrip("/") + "/.well-known/void"
    triples = describe_service(_endpoint_url(), void, graphs, updates=bool(_settings().update_token))
    info = rdf_format(media_type)
    quads = [ox.Quad(t.subject, t.predicate, t.object) for t in triples] if info.datasets else triples
    data = ox.serialize(quads, None, info.oxigraph, prefixes=_sd_prefixes() if info.name != "ntriples" else None)
    content_type = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
    response = Response(data, content_type=content_type)
    response.headers["Vary"] = "Accept"
    return response


_sizes: dict[str, list[tuple[str | None, int]]] = {}  # per published build: its graphs never change


def _graph_sizes() -> list[tuple[str | None, int]]:
    """Return (graph, triples) for the default graph (None) and each named graph, counted once per build."""
    if _memory_store() is not None:
        key = None
    elif remote_store() is not None:
        key = build_id()
    else:
        key = current_build(_settings().store_dir)
    if key is not None and key in _sizes:
        return _sizes[key]
    sizes = _run(QueryJob(GRAPH_SIZES, "application/sparql-results+json", None, max_rows=0))
    body = sizes.body()
    rows = json.loads(body if isinstance(body, bytes) else b"".join(body))["results"]["bindings"]
    graphs = [(row["g"]["value"] if "g" in row else None, int(row["n"]["value"])) for row in rows]
    if all(name is not None for name, _ in graphs):
        graphs.insert(0, (None, 0))
    if key is not None:
        _sizes.clear()
        _sizes[key] = graphs
    return graphs


def _sd_prefixes() -> dict[str, str]:
    return {
        "sd": "http://www.w3.org/ns/sparql-service-description#",
        "void": PREFIXES["void"],
        "rdfs": PREFIXES["rdfs"],
        "dcterms": PREFIXES["dcterms"],
        "sh": "http://www.w3.org/ns/shacl#",
        "xsd": PREFIXES["xsd"],
        "formats": "http://www.w3.org/ns/formats/",
    }


def _page(query: str) -> Response:
    examples = [{"title": title, "query": text} for title, text in EXAMPLES]
    html = render_template(
        "query.html",
        query=query,
        prefixes=prefix_block(),
        examples=examples,
        base_iri=_base_iri_or_empty(),
        results_formats=[(f.name, f.media_type, f.extension) for f in RESULTS_FORMATS],
        rdf_formats=[(f.name, f.media_type, f.extension) for f in RDF_FORMATS],
        settings=_settings(),
    )
    response = Response(html, content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept"
    return response


def _base_iri_or_empty() -> str:
    try:
        return base_iri()
    except KeyError:
        return ""


__all__ = ["bp", "read_operation"]
