"""An external SPARQL 1.1 server as the store: writes through the Graph Store HTTP Protocol, reads through the
SPARQL 1.1 Protocol. Standard library only (urllib), so any server that speaks the standards will do: Oxigraph,
Fuseki, Virtuoso, GraphDB, QLever (read side), Neptune.

A build writes the same quads an embedded build holds: each document's facts in the named graph of its
document IRI (one PUT, then POSTs for the rest when a graph is larger than a batch), the merge of every
named graph into the default graph, and the ontology in its own graph and in the default graph. Named graphs
that the previous build wrote and this one does not are deleted at the end, so a rebuild replaces the
dataset. The server sees each graph replaced whole, but not the build as one transaction: a reader during
a build may see a mix of the old and the new build.

Where the server's URLs differ from the defaults (Oxigraph's `/query`, `/update`, `/store` under the given
base URL), the environment names them: KG_QUERY_URL, KG_UPDATE_URL, KG_GSP_URL. Credentials also come from
the environment, never from the command line: KG_STORE_USER + KG_STORE_PASSWORD (HTTP Basic), or
KG_STORE_TOKEN (a bearer token).
"""

from __future__ import annotations

import base64
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import StoreError
from ..vocab import ONTOLOGY_FILE, ONTOLOGY_IRI

__all__ = ["Remote", "RemoteStoreError", "remote_url", "snapshot", "write_build"]

BATCH = 50_000  # triples per request: bounded memory on both sides, few round trips
RETRIES = 4  # attempts per request when the server is unreachable, busy (429/503) or failing (5xx)
BACKOFF = 0.5  # seconds before the first retry, doubled each time
TIMEOUT = 120.0  # seconds one request may take

NTRIPLES = "application/n-triples"


class RemoteStoreError(StoreError):
    """The external store refused a request, or could not be reached after retries; the message says which URL."""


def remote_url(value: str | Path | None) -> str | None:
    """Return `value` as an http(s) URL if it names one, else None (it is then a store directory).

    A URL that passed through `pathlib.Path` lost one of its slashes; this puts it back.

    >>> remote_url("http://127.0.0.1:7878")
    'http://127.0.0.1:7878'
    >>> remote_url(Path("https://example.org/ds"))
    'https://example.org/ds'
    >>> remote_url(Path("data/store")) is None
    True
    """
    if value is None:
        return None
    text = str(value)
    for scheme in ("http:", "https:"):
        if text.startswith(scheme + "/"):
            rest = text[len(scheme) :].lstrip("/")
            return f"{scheme}//{rest}"
    return None


@dataclass
class Remote:
    """The URLs and credentials of one external SPARQL 1.1 server."""

    query_url: str
    update_url: str
    gsp_url: str
    headers: dict[str, str] = field(default_factory=dict)
    retries: int = RETRIES
    backoff: float = BACKOFF

    @classmethod
    def from_url(cls, url: str, environ: Mapping[str, str] | None = None) -> Remote:
        """The server at base `url`, with any URL or credential the environment overrides.

        >>> r = Remote.from_url("http://h:7878/", {})
        >>> (r.query_url, r.update_url, r.gsp_url)
        ('http://h:7878/query', 'http://h:7878/update', 'http://h:7878/store')
        >>> Remote.from_url("http://h:8890/sparql", {"KG_STORE_TOKEN": "t"}).headers
        {'Authorization': 'Bearer t'}
        """
        env = os.environ if environ is None else environ
        base = url.rstrip("/")
        headers: dict[str, str] = {}
        if env.get("KG_STORE_TOKEN"):
            headers["Authorization"] = f"Bearer {env['KG_STORE_TOKEN']}"
        elif env.get("KG_STORE_USER"):
            pair = f"{env['KG_STORE_USER']}:{env.get('KG_STORE_PASSWORD', '')}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        return cls(
            query_url=env.get("KG_QUERY_URL") or base + "/query",
            update_url=env.get("KG_UPDATE_URL") or base + "/update",
            gsp_url=env.get("KG_GSP_URL") or base + "/store",
            headers=headers,
        )

    # -- HTTP ---------------------------------------------------------------------------------------

    def request(
        self, method: str, url: str, body: bytes | None = None, content_type: str = "", accept: str = ""
    ) -> bytes:
        """Send one request, retrying what may pass (no connection, 429, 5xx); raise RemoteStoreError otherwise."""
        headers = dict(self.headers)
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        delay = self.backoff
        for attempt in range(1, self.retries + 1):
            request = urllib.request.Request(url, data=body, headers=headers, method=method)
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (http(s) only)
                    return bytes(response.read())
            except urllib.error.HTTPError as exc:
                detail = exc.read().decode("utf-8", "replace").strip()[:500]
                if (exc.code == 429 or exc.code >= 500) and attempt < self.retries:
                    time.sleep(delay)
                    delay *= 2
                    continue
                what = "refused" if exc.code < 500 else "failed"
                raise RemoteStoreError(f"{method} {url}: the server {what} it (HTTP {exc.code}: {detail})") from None
            except (urllib.error.URLError, OSError) as exc:
                if attempt < self.retries:
                    time.sleep(delay)
                    delay *= 2
                    continue
                reason = getattr(exc, "reason", exc)
                raise RemoteStoreError(f"{method} {url}: cannot reach the server ({reason})") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def graph_url(self, graph: str | None) -> str:
        """The Graph Store Protocol URL of `graph` (None: the default graph), indirect identification.

        >>> Remote.from_url("http://h", {}).graph_url("http://x/d#1")
        'http://h/store?graph=http%3A%2F%2Fx%2Fd%231'
        >>> Remote.from_url("http://h", {}).graph_url(None)
        'http://h/store?default'
        """
        query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
        return f"{self.gsp_url}{'&' if '?' in self.gsp_url else '?'}{query}"

    # -- Graph Store Protocol -----------------------------------------------------------------------

    def put(self, graph: str | None, data: bytes, content_type: str = NTRIPLES) -> None:
        """Replace `graph` with `data`."""
        self.request("PUT", self.graph_url(graph), data, content_type)

    def post(self, graph: str | None, data: bytes, content_type: str = NTRIPLES) -> None:
        """Add `data` to `graph`."""
        self.request("POST", self.graph_url(graph), data, content_type)

    def delete(self, graph: str) -> None:
        """Drop `graph`."""
        self.request("DELETE", self.graph_url(graph))

    # -- SPARQL 1.1 Protocol ------------------------------------------------------------------------

    def query(self, sparql: str, accept: str = "application/sparql-results+json") -> bytes:
        """Run `sparql` on the server (POST, form-encoded, as every server accepts) and return the raw answer."""
        body = urllib.parse.urlencode({"query": sparql}).encode("utf-8")
        return self.request("POST", self.query_url, body, "application/x-www-form-urlencoded", accept)

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update on the server."""
        body = urllib.parse.urlencode({"update": sparql}).encode("utf-8")
        self.request("POST", self.update_url, body, "application/x-www-form-urlencoded")

    def solutions(self, sparql: str) -> ox.QuerySolutions:
        """Run a SELECT and parse the answer with pyoxigraph (terms, not strings)."""
        raw = self.query(sparql, "application/sparql-results+xml")
        return ox.parse_query_results(raw, ox.QueryResultsFormat.XML)  # type: ignore[return-value]

    def named_graphs(self) -> set[str]:
        """Every named graph on the server."""
        found = self.solutions("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return {row["g"].value for row in found if isinstance(row["g"], ox.NamedNode)}

    def count(self) -> int:
        """Quads in the dataset: the default graph's triples plus every named graph's."""
        sparql = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        for row in self.solutions(sparql):
            return int(row["n"].value)
        return 0


def _ntriples(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


class _GraphWriter:
    """Send one graph's triples in batches: the first replaces the graph (PUT), the rest add to it (POST)."""

    def __init__(self, remote: Remote, graph: str | None) -> None:
        self.remote, self.graph = remote, graph
        self.pending: list[ox.Triple] = []
        self.started = False

    def add(self, triple: ox.Triple) -> None:
        self.pending.append(triple)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self, final: bool = False) -> None:
        if not self.pending and (self.started or not final):
            return
        data = _ntriples(self.pending)
        (self.remote.post if self.started else self.remote.put)(self.graph, data)
        self.started, self.pending = True, []


def write_build(remote: Remote, quads: Iterable[ox.Quad]) -> int:
    """Write a build's named-graph `quads` (a stream, read once), their merge and the ontology to `remote`.

    Returns the number of named-graph quads sent. Graphs stream: only the graph being written and the
    current batch of the default graph are held.
    """
    before = remote.named_graphs()
    default = _GraphWriter(remote, None)
    written: set[str] = set()
    current: _GraphWriter | None = None
    sent = 0
    for quad in quads:
        graph = quad.graph_name
        name = graph.value if isinstance(graph, ox.NamedNode) else None
        if name is None:
            raise RemoteStoreError("a build quad without a named graph: the builder always names one")
        if current is None or current.graph != name:
            if current is not None:
                current.flush(final=True)
            current = _GraphWriter(remote, name)
            current.started = name in written  # a graph seen before (not consecutive) is added to, not replaced
            written.add(name)
        triple = ox.Triple(quad.subject, quad.predicate, quad.object)
        current.add(triple)
        default.add(triple)
        sent += 1
    if current is not None:
        current.flush(final=True)
    default.flush(final=True)
    with ONTOLOGY_FILE.open("rb") as handle:  # parsed here: relative IRIs resolve as in the embedded store
        ontology = _ntriples([q.triple for q in ox.parse(handle, ox.RdfFormat.TURTLE, base_iri=ONTOLOGY_IRI)])
    remote.post(None, ontology)
    remote.put(ONTOLOGY_IRI, ontology)
    written.add(ONTOLOGY_IRI)
    for stale in sorted(before - written):
        remote.delete(stale)
    return sent


def snapshot(remote: Remote, store_dir: str | Path, base_iri: str) -> Path:
    """Copy the server's named graphs (GSP GET, one graph at a time) into a new local build of `store_dir`.

    For `kg serve --store URL`: the web layer serves this read-only copy, so the pages, exports and
    SPARQL answers are those of the server's data at start-up, not live queries on the server.
    Returns the new build's directory.
    """
    from datetime import UTC, datetime

    from . import StoreMeta, build_into

    graphs = sorted(remote.named_graphs() - {ONTOLOGY_IRI})  # build_into loads the ontology itself

    def quads() -> Iterator[ox.Quad]:
        for graph in graphs:
            data = remote.request("GET", remote.graph_url(graph), accept=NTRIPLES)
            node = ox.NamedNode(graph)
            for quad in ox.parse(data, ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(quad.subject, quad.predicate, quad.object, node)

    meta = StoreMeta(
        base_iri=base_iri,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        documents=sum(1 for graph in graphs if "/document/" in graph),
    )
    return build_into(store_dir, quads(), meta)


def cache_dir(url: str) -> Path:
    """Where `kg serve --store URL` keeps its local copy: $KG_CACHE_DIR, else a folder per URL in the temp dir."""
    import hashlib
    import tempfile

    given = os.environ.get("KG_CACHE_DIR")
    if given:
        return Path(given)
    return Path(tempfile.gettempdir()) / f"filmkg-cache-{hashlib.sha256(url.encode()).hexdigest()[:12]}"


# -- Write side, derived data and build state (issue 9: remote builds keep the registry and the aggregates) --------


def write_aggregates(remote: Remote, base_iri: str) -> int:
    """Derive the review aggregates on the server, as an embedded build does in its own store; return the triples.

    Runs `PER_FILM` through the SPARQL 1.1 Protocol over the default graph `write_build` just wrote (the server
    groups the reviews, so nothing proportional to the corpus comes back but one row per film), turns the rows
    into triples with the embedded build's own function, and writes them into the aggregates graph (PUT) and the
    default graph (POST). Call it after `write_build`: that deleted the previous build's aggregates graph as stale,
    and its PUT of the default graph dropped the previous default-graph copies.
    """
    from .aggregates import aggregates_graph, per_film_query, triples_from_rows

    triples = triples_from_rows(remote.solutions(per_film_query()))
    if not triples:  # an embedded build with no rated review has no aggregates graph either
        return 0
    data = _ntriples(triples)
    remote.put(aggregates_graph(base_iri).value, data)
    remote.post(None, data)
    return len(triples)


def state_dir(remote: Remote, environ: Mapping[str, str] | None = None) -> Path:
    """Where builds into `remote` keep their state (the slug registry): one folder per Graph Store URL.

    Under $KG_STATE_DIR, else $XDG_STATE_HOME/filmkg, else ~/.local/state/filmkg: state, not cache, since losing
    it renumbers ambiguous slugs on the next build (so never the temp dir, which a reboot may empty).

    >>> state_dir(Remote.from_url("http://h:7878", {}), {"KG_STATE_DIR": "/s"}).as_posix()
    '/s/h-7878-store-a9ce0172043b'
    """
    import hashlib
    import re

    env = os.environ if environ is None else environ
    if env.get("KG_STATE_DIR"):
        root = Path(env["KG_STATE_DIR"])
    else:
        root = Path(env.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "filmkg"
    where = urllib.parse.urlsplit(remote.gsp_url)
    readable = re.sub(r"[^A-Za-z0-9]+", "-", where.netloc + where.path).strip("-")[:60]
    return root / f"{readable}-{hashlib.sha256(remote.gsp_url.encode()).hexdigest()[:12]}"
