"""The /sparql endpoint answered by an external SPARQL 1.1 server: the same checks, limits and formats as the
embedded store's query processes (`kg.store.sparql`), with the query sent on to the server's query URL.

What stays ours: the protocol checks (in the web layer), the syntax check (the query is parsed here by pyoxigraph,
so a malformed query gets the same 400 and line:column as with the embedded store, and never reaches the server),
SERVICE/LOAD refusal, the row cap (a SELECT gets `LIMIT cap + 1` appended when it can take it, so the server never
sends more than a row too many), the time limit, and every result format: the answer is passed through untouched
when the client asked for the format the server sent and nothing was cut, and converted otherwise (CSV, and
CONSTRUCT results in Turtle, JSON-LD, RDF/XML, TriG, N-Quads, come from N-Triples or JSON the server sends).

The server's answer is read on a thread that hands frames (as a query process does) to the request thread
through a small queue, so a large result streams with bounded memory; the request thread waits at most until
the deadline. At the deadline the connection to the server is closed: servers stop a query when its client goes
away only when they next write, so a runaway may keep the server busy past our limit (set the server's own
query timeout too: Fuseki `arq:queryTimeout`, Virtuoso `MaxQueryExecutionTime`, QLever `timeout`).
"""

from __future__ import annotations

import json
import queue
import re
import threading
import time
from typing import Any

import pyoxigraph as ox

from ..errors import QueryError, QueryRejectedError, QueryTimeoutError
from .query_worker import (
    COUNTED_ROWS,
    NATIVE_RESULTS,
    Chunker,
    _syntax,
    capped_text,
    write_solutions,
    write_triples,
)
from .remote import RemoteStoreError
from .remote_read import (
    GRAPH_RESULT,
    JSON_RESULTS,
    RemoteFailedError,
    RemoteStore,
    RemoteUnavailableError,
)
from .sparql import HOLD_BYTES, QueryJob, QueryResult, _collect, refuse_remote, timeout_message

__all__ = ["query_form", "run_remote"]

_EMPTY = ox.Store()  # parsing a query against it checks the syntax; SELECT and CONSTRUCT are not evaluated
_ASK = re.compile(r"\bASK\b", re.I)
_POSITION = re.compile(r"(\d+):(\d+)")


def query_form(job: QueryJob) -> str:
    """Parse the query here and return its form ("select", "ask" or "graph"), raising what the embedded path raises.

    An ASK is parsed as the SELECT with the same pattern (pyoxigraph evaluates ASK at once, SELECT lazily), and
    error positions after the keyword are moved back, so they point into the client's text.
    """
    text, shift = job.query, None
    syntax = _syntax(text)
    first = re.search(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", syntax, re.I)
    if first is not None and first.group(1).upper() == "ASK":
        line = syntax.count("\n", 0, first.start()) + 1
        column = first.start() - (syntax.rfind("\n", 0, first.start()) + 1) + 1
        text = text[: first.start()] + "SELECT*" + text[first.end() :]
        shift = (line, column)
    options: dict[str, Any] = {"prefixes": job.prefixes or None}
    if job.default_graph is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graph]
    if job.named_graphs is not None:
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        result = _EMPTY.query(text, **options)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {_moved(str(exc), shift)}") from None
    except RuntimeError as exc:
        raise QueryRejectedError(f"the query cannot be run: {exc}") from None
    except (OSError, ValueError) as exc:
        raise QueryRejectedError(f"the query cannot be run: {exc}") from None
    if shift is not None:
        return "ask"
    return "graph" if isinstance(result, ox.QueryTriples) else "select"


def _moved(message: str, shift: tuple[int, int] | None) -> str:
    if shift is None:
        return message
    line, column = shift

    def back(match: re.Match[str]) -> str:
        at_line, at_column = int(match.group(1)), int(match.group(2))
        if at_line == line and at_column > column:
            at_column = max(column, at_column - len("SELECT*") + len("ASK"))
        return f"{at_line}:{at_column}"

    return _POSITION.sub(back, message, count=2)


def run_remote(store: RemoteStore, job: QueryJob, timeout: float, hold: int = HOLD_BYTES) -> QueryResult:
    """Run `job` on the server within `timeout` seconds, as `QueryPool.run` runs it on the embedded store."""
    refuse_remote(job.query)
    form = query_form(job)
    deadline = time.monotonic() + timeout
    frames: queue.Queue[Any] = queue.Queue(maxsize=16)
    cancelled = threading.Event()

    def emit(kind: bytes, payload: bytes) -> None:
        while not cancelled.is_set():
            try:
                frames.put((kind, payload), timeout=0.5)
                return
            except queue.Full:
                continue
        raise BrokenPipeError("the client stopped reading")

    def produce() -> None:
        try:
            _produce(store, job, form, deadline, emit)
        except BrokenPipeError:
            return
        except (QueryError, RemoteStoreError) as exc:
            failure: BaseException = exc
        except OSError as exc:  # the connection broke or stalled while the answer was being read
            failure = RemoteUnavailableError(f"the SPARQL server stopped answering ({exc.__class__.__name__}: {exc})")
        except Exception as exc:  # noqa: BLE001 - an answer we cannot read is the server's failure, not ours
            failure = RemoteFailedError(f"the SPARQL server's answer could not be read: {exc}")
        else:
            return
        while not cancelled.is_set():
            try:
                frames.put(failure, timeout=0.5)
                return
            except queue.Full:
                continue

    thread = threading.Thread(target=produce, name="remote-query", daemon=True)
    thread.start()

    def read() -> tuple[bytes, bytes]:
        while True:
            remaining = deadline - time.monotonic()
            try:
                item = frames.get(timeout=max(0.0, remaining))
            except queue.Empty:
                cancelled.set()
                raise QueryTimeoutError(timeout_message(timeout)) from None
            if isinstance(item, QueryTimeoutError):
                cancelled.set()
                raise QueryTimeoutError(timeout_message(timeout)) from None
            if isinstance(item, BaseException):
                cancelled.set()
                raise item
            return item  # type: ignore[no-any-return]

    try:
        result = _collect(read, hold)
    except BaseException:
        cancelled.set()
        raise
    if result.complete:
        return result
    result.rest = _Rest(read, cancelled, result.head, timeout)
    return result


class _Rest:
    """The rest of a streamed answer; closing it early stops reading from the server."""

    def __init__(self, read: Any, cancelled: threading.Event, head: bytes, timeout: float) -> None:
        self.read, self.cancelled, self.head, self.timeout = read, cancelled, head, timeout
        self.finished = False

    def __iter__(self) -> _Rest:
        return self

    def __next__(self) -> bytes:
        if self.head:
            head, self.head = self.head, b""
            return head
        if self.finished:
            raise StopIteration
        try:
            kind, payload = self.read()
        except BaseException:
            self.close()
            raise
        if kind == b"D":
            return payload
        self.finished = True
        self.close()
        raise StopIteration

    def close(self) -> None:
        self.cancelled.set()


def _header(form: str, media_type: str) -> bytes:
    return json.dumps({"form": form, "media_type": media_type}).encode("utf-8")


def _end(rows: int, truncated: bool) -> bytes:
    return json.dumps({"rows": rows, "truncated": truncated}).encode("utf-8")


def _produce(store: RemoteStore, job: QueryJob, form: str, deadline: float, emit: Any) -> None:
    """Send the query to the server and emit H, D… and E frames of the client's format."""
    from ..errors import NotAcceptableError

    cap = int(job.max_rows or 0)
    params = {"default_graph_uri": job.default_graph, "named_graph_uri": job.named_graphs}

    def remaining() -> float:
        return max(0.05, deadline - time.monotonic())

    if form == "graph":
        if not job.rdf_type:
            raise NotAcceptableError(job.rdf_refusal)
        answer = store.open(_with(job), GRAPH_RESULT, timeout=remaining(), **params)
        try:
            emit(b"H", _header("graph", job.rdf_type))
            out = Chunker(emit)
            fmt = ox.RdfFormat.from_media_type(answer.media_type) if answer.media_type else None
            if fmt is None:
                raise RemoteFailedError(f"the SPARQL server answered a CONSTRUCT in {answer.media_type!r}")
            triples = (q.triple for q in ox.parse(answer, fmt))  # type: ignore[arg-type]
            rows, truncated = write_triples(triples, job.rdf_type, cap, out, job.prefixes or {})
            out.flush()
        finally:
            answer.close()
        emit(b"E", _end(rows, truncated))
        return
    if not job.results_type:
        raise NotAcceptableError(job.results_refusal)
    media_type = job.results_type
    if form == "ask":
        answer = store.open(_with(job), JSON_RESULTS, timeout=remaining(), **params)
        try:
            result = ox.parse_query_results(answer.read(), ox.QueryResultsFormat.JSON)
        finally:
            answer.close()
        emit(b"H", _header("ask", media_type))
        emit(b"D", result.serialize(format=ox.QueryResultsFormat.from_media_type(media_type)))  # type: ignore[union-attr]
        emit(b"E", _end(1, False))
        return
    wire = media_type if media_type in NATIVE_RESULTS else JSON_RESULTS  # the server sends it, or JSON to convert
    limit = cap if cap > 0 else COUNTED_ROWS
    capped = capped_text(job.query, limit)
    if capped is not None and capped[1] and not _parses(capped[0], job):
        capped = None  # the appended LIMIT does not fit the query's grammar: send it as it came, cut it here
    if capped is not None:  # at most limit + 1 rows come back: read them whole, count, pass through if not cut
        answer = store.open(_with(job, capped[0]), wire, timeout=remaining(), **params)
        try:
            data = answer.read()
        finally:
            answer.close()
        fmt = ox.QueryResultsFormat.from_media_type(answer.media_type) or NATIVE_RESULTS[wire]
        rows = sum(1 for _ in ox.parse_query_results(data, fmt))  # type: ignore[union-attr]
        emit(b"H", _header("select", media_type))
        out = Chunker(emit)
        if rows <= limit and answer.media_type == media_type:
            out.write(data)
            out.flush()
            emit(b"E", _end(rows, False))
            return
        if rows <= limit or cap > 0:
            counted, truncated = write_solutions(ox.parse_query_results(data, fmt), media_type, cap, out)  # type: ignore[arg-type]
            out.flush()
            emit(b"E", _end(counted, truncated))
            return
        # no cap and more rows than we count: stream the query as it came (below), headers already sent
        _stream_select(store, _with(job), wire, media_type, cap, params, remaining(), out, emit)
        return
    emit(b"H", _header("select", media_type))
    _stream_select(store, _with(job), wire, media_type, cap, params, remaining(), Chunker(emit), emit)


def _stream_select(store: RemoteStore, text: str, wire: str, media_type: str, cap: int, params: dict[str, Any],
                   timeout: float, out: Chunker, emit: Any) -> None:  # fmt: skip
    """Stream a SELECT answer: passed through when it needs no cut and no conversion, else re-serialised row by row."""
    answer = store.open(text, wire, timeout=timeout, **params)
    try:
        if cap <= 0 and answer.media_type == media_type:
            while chunk := answer.read(64 * 1024):
                out.write(chunk)
            out.flush()
            emit(b"E", _end(-1, False))
            return
        fmt = ox.QueryResultsFormat.from_media_type(answer.media_type) or NATIVE_RESULTS[wire]
        solutions = ox.parse_query_results(answer, fmt)  # type: ignore[arg-type]
        rows, truncated = write_solutions(solutions, media_type, cap, out)  # type: ignore[arg-type]
        out.flush()
    finally:
        answer.close()
    emit(b"E", _end(rows, truncated))


def _parses(text: str, job: QueryJob) -> bool:
    """Tell whether `text` (the query with an appended LIMIT) is still a query."""
    try:
        _EMPTY.query(text, prefixes=job.prefixes or None)
    except (SyntaxError, RuntimeError, OSError, ValueError):
        return False
    return True


def _with(job: QueryJob, text: str | None = None) -> str:
    from .remote_read import with_prefixes

    return with_prefixes(job.query if text is None else text, job.prefixes)
