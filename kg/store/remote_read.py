"""Read an external SPARQL 1.1 server live, through the SPARQL 1.1 Protocol: the read side of `kg serve --store URL`.

`RemoteStore` offers the part of `pyoxigraph.Store` the web layer reads (`query`, `quads_for_pattern`, `len`,
`named_graphs`, `dump`), each answered by one query sent to the server's query URL and parsed with pyoxigraph.
`RemoteView` is what one page reads: a small in-memory copy of the server's default graph filled in batched
rounds (`settle`), so a page costs a handful of round trips, not one per triple pattern.

URLs and credentials are those of `kg.store.remote.Remote.from_url` (KG_QUERY_URL, KG_STORE_USER …), as for builds.
The server must keep a real default graph holding the merge of the document graphs (as `kg build --store URL`
writes it), not a union view.
"""

from __future__ import annotations

import atexit
import http.client
import os
import re
import threading
import time
import urllib.parse
import weakref
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

import pyoxigraph as ox

from ..errors import QueryRejectedError, QueryTimeoutError
from ..vocab import FK_NS, PREFIXES
from .query_worker import _syntax
from .remote import TIMEOUT, Remote, RemoteStoreError

__all__ = [
    "RemoteFailedError",
    "RemoteStore",
    "RemoteUnavailableError",
    "RemoteView",
    "with_prefixes",
]

T = TypeVar("T")
DEFAULT = ox.DefaultGraph()
FORM = "application/x-www-form-urlencoded"
NTRIPLES = "application/n-triples"
JSON_RESULTS = "application/sparql-results+json"
TSV_RESULTS = "text/tab-separated-values"
GRAPH_RESULT = f"{NTRIPLES}, text/turtle;q=0.5"  # N-Triples is the cheapest to parse; Turtle where it is lacking
ANY_RESULT = f"{JSON_RESULTS}, {NTRIPLES};q=0.9, text/turtle;q=0.5"
IDLE_CONNECTIONS = 16  # kept-alive connections per server a process keeps for its next requests
BATCH_KEYS = 400  # patterns per VALUES block when a view fetches a round
STALE_INDEX = 3600.0  # seconds an outdated label index is kept for processes that still read it
ROUNDS = 12  # batched rounds a view settles in before fetching what is left one pattern at a time


class RemoteUnavailableError(RemoteStoreError):
    """The server cannot be reached (connection refused, reset, no answer): the client gets a 503."""

    status = 503


class RemoteFailedError(RemoteStoreError):
    """The server answered with an error of its own (5xx) or with something unreadable: the client gets a 502."""

    status = 502


# ------------------------------------------------------------------ HTTP: kept-alive connections, shared by threads


class _Pool:
    """Idle kept-alive connections per server, lent to one request at a time (never across a fork)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pid = os.getpid()
        self.idle: dict[tuple[str, str], list[http.client.HTTPConnection]] = {}
        self.every: weakref.WeakSet[http.client.HTTPConnection] = weakref.WeakSet()

    def take(self, scheme: str, netloc: str, timeout: float, fresh: bool) -> http.client.HTTPConnection:
        connection = None
        with self.lock:
            if self.pid != os.getpid():  # a forked child: the parent's sockets are not ours to use
                self.idle, self.pid = {}, os.getpid()
            waiting = self.idle.get((scheme, netloc))
            if waiting and not fresh:
                connection = waiting.pop()
        if connection is None:
            cls = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
            connection = cls(netloc, timeout=timeout)
            self.every.add(connection)
        connection.timeout = timeout
        if connection.sock is not None:
            connection.sock.settimeout(timeout)
        return connection

    def give_back(self, scheme: str, netloc: str, connection: http.client.HTTPConnection) -> None:
        with self.lock:
            if self.pid == os.getpid() and len(self.idle.setdefault((scheme, netloc), [])) < IDLE_CONNECTIONS:
                self.idle[(scheme, netloc)].append(connection)
                return
        connection.close()

    def close(self) -> None:
        """Close every connection (at exit), so no socket is left to the garbage collector."""
        for connection in list(self.every):
            connection.close()


_pool = _Pool()
atexit.register(_pool.close)


class Answer:
    """A response being read: status, media type, and the body as a binary file; close() frees the connection."""

    def __init__(self, response: http.client.HTTPResponse, connection: http.client.HTTPConnection,
                 server: tuple[str, str]) -> None:  # fmt: skip
        self.response = response
        self.connection = connection
        self.server = server
        self.media_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        self.closed = False

    def read(self, size: int = -1) -> bytes:
        return self.response.read(None if size < 0 else size)

    def readinto(self, buffer: Any) -> int:
        return self.response.readinto(buffer)

    def close(self) -> None:
        """Give the connection back if the body was read to its end (and the server keeps it open), else drop it."""
        if self.closed:
            return
        self.closed = True
        if self.response.isclosed() and not self.response.will_close:
            _pool.give_back(*self.server, self.connection)
        else:
            self.response.close()
            self.connection.close()


def send(remote: Remote, url: str, fields: dict[str, str | list[str]], accept: str, timeout: float) -> Answer:
    """POST a form to `url` and return the answer once its status is 2xx.

    Raises QueryRejectedError (4xx, with the server's message), RemoteFailedError (5xx), RemoteUnavailableError
    (no connection) or QueryTimeoutError (no answer within `timeout` seconds).
    """
    parts = urllib.parse.urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    body = urllib.parse.urlencode(fields, doseq=True).encode("utf-8")
    headers = {**remote.headers, "Content-Type": FORM, "Accept": accept}
    server = (parts.scheme, parts.netloc)
    for attempt in (1, 2):  # a kept-alive connection the server closed meanwhile is retried once, afresh
        connection = _pool.take(*server, timeout, fresh=attempt == 2)
        try:
            connection.request("POST", path, body, headers)
            response = connection.getresponse()
        except TimeoutError:
            connection.close()
            raise QueryTimeoutError(f"the SPARQL server at {url} did not answer within {timeout:g} s") from None
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
            connection.close()
            if attempt == 1:
                continue
            raise RemoteUnavailableError(f"the SPARQL server at {url} closed the connection ({exc})") from None
        except OSError as exc:
            connection.close()
            reason = exc.strerror or exc.__class__.__name__
            raise RemoteUnavailableError(f"cannot reach the SPARQL server at {url} ({reason})") from None
        break
    answer = Answer(response, connection, server)
    if 200 <= response.status < 300:
        return answer
    try:
        detail = answer.read().decode("utf-8", "replace").strip()[:1000]
    finally:
        answer.close()
    if 400 <= response.status < 500:
        raise QueryRejectedError(f"the SPARQL server refused the query (HTTP {response.status}): {detail}")
    raise RemoteFailedError(f"the SPARQL server at {url} failed (HTTP {response.status}): {detail}")


# ------------------------------------------------------------------ query text


_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.I)


def with_prefixes(text: str, prefixes: dict[str, str] | None = None) -> str:
    """Return `text` with our predeclared prefixes declared in front, except those it declares itself (its own win).

    Declarations go on the first line, before the query's own text, so line numbers in the server's messages
    stay those of the query.

    >>> with_prefixes("PREFIX fk: <http://x/> SELECT * {}", {"fk": "https://f/", "rdfs": "http://r/"})
    'PREFIX rdfs: <http://r/> PREFIX fk: <http://x/> SELECT * {}'
    """
    prefixes = PREFIXES if prefixes is None else prefixes
    declared = {(m.group(1) or "") for m in _DECLARED.finditer(_syntax(text))}
    missing = " ".join(f"PREFIX {name}: <{iri}>" for name, iri in prefixes.items() if name not in declared)
    return f"{missing} {text}" if missing else text


def _term(term: ox.Term) -> str:
    """A term in SPARQL syntax (pyoxigraph prints N-Triples, which SPARQL reads)."""
    return str(term)


def _pattern(subject: Any, predicate: Any, obj: Any) -> str:
    return " ".join(_term(t) if t is not None else v for t, v in ((subject, "?s"), (predicate, "?p"), (obj, "?o")))


# ------------------------------------------------------------------ the store


class RemoteStore:
    """The part of `pyoxigraph.Store` the web layer reads, answered by the server through the SPARQL 1.1 Protocol.

    Safe to share between threads (each thread keeps its own connection).
    """

    def __init__(self, remote: Remote, timeout: float = TIMEOUT) -> None:
        self.remote = remote
        self.timeout = timeout
        self.round_trips = 0  # requests sent, for benchmarks and tests

    def open(self, sparql: str, accept: str, timeout: float | None = None, **params: Any) -> Answer:
        """Send `sparql` (prefixes added) and return the answer, unread."""
        fields: dict[str, Any] = {"query": with_prefixes(sparql)}
        fields.update({k.replace("_", "-"): v for k, v in params.items() if v is not None})
        self.round_trips += 1
        return send(self.remote, self.remote.query_url, fields, accept, timeout or self.timeout)

    def query(self, sparql: str, prefixes: dict[str, str] | None = None, default_graph: Any = None,
              named_graphs: Any = None, **_options: Any) -> Any:  # fmt: skip
        """Run a query as `pyoxigraph.Store.query` would: solutions, a boolean, or triples (read whole)."""
        params = {
            "default_graph_uri": [g.value for g in default_graph] if default_graph is not None else None,
            "named_graph_uri": [g.value for g in named_graphs] if named_graphs is not None else None,
        }
        text = with_prefixes(sparql, prefixes) if prefixes else sparql
        answer = self.open(text, ANY_RESULT, **params)
        try:
            data = answer.read()
        finally:
            answer.close()
        results = ox.QueryResultsFormat.from_media_type(answer.media_type) if answer.media_type else None
        if results is not None:
            return ox.parse_query_results(data, results)
        rdf = ox.RdfFormat.from_media_type(answer.media_type) if answer.media_type else None
        if rdf is None:
            raise RemoteFailedError(f"the SPARQL server answered in {answer.media_type or 'no media type'}")
        return [quad.triple for quad in ox.parse(data, rdf)]

    def triples(self, construct: str) -> Iterator[ox.Triple]:
        """Stream the triples of a CONSTRUCT as the server sends them (N-Triples), never holding them whole."""
        answer = self.open(construct, GRAPH_RESULT)
        try:
            for quad in ox.parse(answer, _rdf_format(answer)):  # type: ignore[arg-type]
                yield quad.triple
        finally:
            answer.close()

    def solutions(self, select: str) -> Iterator[ox.QuerySolution]:
        """Stream the rows of a SELECT as the server sends them (TSV, the cheapest to parse, else JSON)."""
        answer = self.open(select, f"{TSV_RESULTS}, {JSON_RESULTS};q=0.9")
        try:
            fmt = ox.QueryResultsFormat.from_media_type(answer.media_type) if answer.media_type else None
            if fmt is None:
                raise RemoteFailedError(f"the SPARQL server answered a SELECT in {answer.media_type!r}")
            yield from ox.parse_query_results(answer, fmt)  # type: ignore[arg-type, misc]
        finally:
            answer.close()

    def quads_for_pattern(self, subject: Any, predicate: Any, obj: Any, graph_name: Any = None) -> Iterator[ox.Quad]:
        """Yield the quads matching a pattern (None: any), as `pyoxigraph.Store.quads_for_pattern` does."""
        pattern = _pattern(subject, predicate, obj)
        if isinstance(graph_name, ox.DefaultGraph):
            for triple in self.triples(f"CONSTRUCT {{ {pattern} }} WHERE {{ {pattern} }}"):
                yield ox.Quad(triple.subject, triple.predicate, triple.object)
        elif isinstance(graph_name, ox.NamedNode):
            for triple in self.triples(
                f"CONSTRUCT {{ {pattern} }} WHERE {{ GRAPH {_term(graph_name)} {{ {pattern} }} }}"
            ):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, graph_name)
        else:
            yield from self._all_quads(f"{{ {pattern} }} UNION {{ GRAPH ?g {{ {pattern} }} }}", subject, predicate, obj)

    def _all_quads(self, where: str, subject: Any = None, predicate: Any = None, obj: Any = None) -> Iterator[ox.Quad]:
        for row in self.solutions(f"SELECT ?s ?p ?o ?g WHERE {{ {where} }}"):
            graph = row["g"]
            yield ox.Quad(subject or row["s"], predicate or row["p"], obj or row["o"],
                          graph if graph is not None else DEFAULT)  # fmt: skip

    def __len__(self) -> int:
        """Quads in the dataset: the default graph's triples plus every named graph's."""
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
        return sum(int(row["n"].value) for row in rows)

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        """Yield every named graph the server holds."""
        for row in self.solutions("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            if isinstance(row["g"], ox.NamedNode):
                yield row["g"]

    def dump(self, output: IO[bytes], format: ox.RdfFormat, *, from_graph: Any = None,
             prefixes: dict[str, str] | None = None) -> None:  # fmt: skip  # noqa: A002 - pyoxigraph's name
        """Write the dataset (or the default graph) to `output` as it streams from the server.

        The default graph is one CONSTRUCT in N-Triples (passed through unchanged when that is the format asked
        for); the dataset is one SELECT of every quad, written as it is parsed.
        """
        if isinstance(from_graph, ox.DefaultGraph):
            if format == ox.RdfFormat.N_TRIPLES:
                answer = self.open("CONSTRUCT WHERE { ?s ?p ?o }", GRAPH_RESULT)
                if answer.media_type != NTRIPLES:
                    answer.close()
                    ox.serialize(self.triples("CONSTRUCT WHERE { ?s ?p ?o }"), output, format)
                    return
                try:
                    while chunk := answer.read(64 * 1024):
                        output.write(chunk)
                finally:
                    answer.close()
                return
            ox.serialize(self.triples("CONSTRUCT WHERE { ?s ?p ?o }"), output, format, prefixes=prefixes)
            return
        if from_graph is not None:
            raise ValueError("a remote dump is of the default graph or of the whole dataset")
        quads = self._all_quads("{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } }")
        ox.serialize(quads, output, format, prefixes=prefixes)

    def probe(self) -> None:
        """Raise unless the server answers a trivial query."""
        self.query("ASK {}")

    def fingerprint(self) -> str:
        """A cheap summary that changes when a build is written to the server: documents and their latest read time.

        It reads one triple per document (fk:readAt), not the whole dataset. Direct writes to the server that add
        no document are not noticed here (updates sent through `kg serve` are: see `kg.web.db`).
        """
        rows = self.query(f"SELECT (COUNT(?t) AS ?n) (MAX(STR(?t)) AS ?last) WHERE {{ ?d <{FK_NS}readAt> ?t }}")
        for row in rows:
            last = row["last"]
            return f"{row['n'].value}/{last.value if last is not None else ''}"
        return "0/"

    def base_iri(self) -> str | None:
        """The base IRI the server's build was minted under, read off a source document's IRI (None when empty)."""
        rows = self.query(f"SELECT ?d WHERE {{ ?d a <{FK_NS}SourceDocument> }} LIMIT 1")
        for row in rows:
            iri = row["d"].value
            if "resource/document/" in iri:
                return iri[: iri.rindex("resource/document/")]
        return None


def _rdf_format(answer: Answer) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_media_type(answer.media_type) if answer.media_type else None
    if fmt is None:
        answer.close()
        raise RemoteFailedError(f"the SPARQL server answered a CONSTRUCT in {answer.media_type!r}")
    return fmt


# ------------------------------------------------------------------ what one page reads


Key = tuple[Any, Any, Any]


class RemoteView:
    """The server's default graph as one request sees it: a read-through copy filled in batched rounds.

    Views (`kg.web.describe`) read it like a pyoxigraph store. Inside `settle(compute)`, a pattern the copy
    does not cover yet answers nothing and is noted; each round fetches every noted pattern in one CONSTRUCT
    (VALUES blocks) and runs `compute` again, until a run needs nothing new: its result is then exactly what
    `compute` gives on the whole graph. Outside `settle`, a missing pattern is fetched on the spot.

    A pattern counts as covered when the copy holds every triple the server has for it, i.e. when it, or a
    pattern binding fewer of its positions (all of a subject's triples covering its types), was fetched.
    `companions` (predicates such as rdf:type and the labels) come along with a node's triples for every IRI
    it links to, since pages name what an entity links to: that saves a round or two per page.
    """

    def __init__(self, store: RemoteStore, companions: Iterable[ox.NamedNode] = ()) -> None:
        self.store = store
        self.companions = tuple(companions)
        self.local = ox.Store()
        self.covered: set[Key] = set()
        self.deferring = False
        self.missing: set[Key] = set()
        self.rounds = 0

    def _is_covered(self, key: Key) -> bool:
        s, p, o = key
        candidates = [key]
        if s is not None:
            candidates += [(s, None, None), (s, p, None)]
        if o is not None:
            candidates += [(None, None, o), (None, p, o)]
        return any(c in self.covered for c in candidates)

    def quads_for_pattern(self, subject: Any, predicate: Any, obj: Any, graph_name: Any = None) -> Iterator[ox.Quad]:
        """Answer a default-graph pattern from the copy (fetching or noting what it lacks); others go to the server."""
        if not isinstance(graph_name, ox.DefaultGraph):
            return self.store.quads_for_pattern(subject, predicate, obj, graph_name)
        key = (subject, predicate, obj)
        if not self._is_covered(key):
            if self.deferring:
                self.missing.add(key)
                return iter(())
            self.fetch([key])
        return self.local.quads_for_pattern(subject, predicate, obj, DEFAULT)

    def query(self, sparql: str, **options: Any) -> Any:
        """Queries go to the server."""
        return self.store.query(sparql, **options)

    def fetch(self, keys: Iterable[Key]) -> None:
        """Copy every triple matching `keys` from the server, one CONSTRUCT per BATCH_KEYS patterns."""
        wanted = sorted({k for k in keys if not self._is_covered(k)}, key=str)
        for start in range(0, len(wanted), BATCH_KEYS):
            batch = wanted[start : start + BATCH_KEYS]
            by_shape: dict[tuple[bool, bool, bool], list[Key]] = {}
            for key in batch:
                by_shape.setdefault(tuple(t is not None for t in key), []).append(key)  # type: ignore[arg-type]
            blocks = []
            for shape, group in sorted(by_shape.items()):
                names = [v for v, bound in zip(("?s", "?p", "?o"), shape, strict=True) if bound]
                if not names:
                    blocks.append("{ ?s ?p ?o }")
                    continue
                rows = " ".join("(" + " ".join(_term(t) for t in key if t is not None) + ")" for key in group)
                blocks.append(f"{{ VALUES ({' '.join(names)}) {{ {rows} }} ?s ?p ?o }}")
                if self.companions and shape == (True, False, False):  # what the nodes link to: types, labels
                    # (written so that servers look up each neighbour, not scan the predicates: measured on Oxigraph)
                    nodes = " ".join(_term(key[0]) for key in group)
                    predicates = ", ".join(_term(p) for p in self.companions)
                    linked = f"SELECT DISTINCT ?s WHERE {{ VALUES ?n {{ {nodes} }} ?n ?l ?s FILTER(isIRI(?s)) }}"
                    blocks.append(f"{{ {{ {linked} }} ?s ?p ?o FILTER(?p IN ({predicates})) }}")
            where = " UNION ".join(blocks)
            self.local.extend(
                ox.Quad(t.subject, t.predicate, t.object)
                for t in self.store.triples(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}")
            )
            self.covered.update(batch)
            for key in batch if self.companions else ():
                if key[0] is not None and key[1] is None and key[2] is None:  # a node's triples: its neighbours'
                    for quad in self.local.quads_for_pattern(key[0], None, None, DEFAULT):
                        if isinstance(quad.object, ox.NamedNode):
                            self.covered.update((quad.object, p, None) for p in self.companions)
            self.rounds += 1

    def settle(self, compute: Callable[[RemoteView], T]) -> T:
        """Return `compute(self)` with everything it reads fetched, in as few batched rounds as it needs."""
        for _ in range(ROUNDS):
            self.deferring, self.missing = True, set()
            try:
                result = compute(self)
            except Exception:  # noqa: BLE001 - a run on partial data may fail; the next round has more
                if not self.missing:
                    raise
                result = None
            finally:
                self.deferring = False
            if not self.missing:
                return result  # type: ignore[return-value]
            self.fetch(self.missing)
        return compute(self)


def remote_label_index(store: RemoteStore, folder: Path, fingerprint: str, base_iri: str) -> Path:
    """Return the label index of the server's data as of `fingerprint`, written into `folder` unless already there.

    The entries are those `kg.store.labels.read_entries` reads from an embedded build, read through a
    `RemoteView` (the labels in one round, then each labelled entity's types and mention count in batches), so
    search answers as it does on an embedded build. Processes take turns under a lock, so one of them writes it.
    """
    import hashlib

    from .labels import _locked, _usable, read_entries, write_index

    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(f"{store.remote.query_url}\x1f{fingerprint}\x1f{base_iri}".encode()).hexdigest()[:16]
    path = folder / f"labels-{name}.sqlite"
    if _usable(path):
        return path
    with _locked(folder / ".labels.lock"):
        if not _usable(path):
            prefix = base_iri + "resource/"
            view = RemoteView(store)
            write_index(view.settle(lambda v: read_entries(v, prefix)), path, prefix)  # type: ignore[arg-type]
            for old in folder.glob("labels-*.sqlite"):  # earlier versions, once no process can still be reading them
                if old != path and time.time() - old.stat().st_mtime > STALE_INDEX:
                    old.unlink(missing_ok=True)
    return path
