"""Run SPARQL against a store with the union of all graphs as the default graph: in-process for the CLI, and in
killable query processes, with a time limit and a row cap, for the server.

The server's design: pyoxigraph cannot cancel a query from Python, so each query runs in a `query_worker.py`
process from a small pool. The request thread waits on the process's pipe with a deadline; when the deadline
passes the process is killed (the work really stops) and the client gets a 503 naming the limit, while other
threads keep answering with other processes. Results stream from the process as they are serialised; the first
`hold` bytes are held back so that small and medium results get exact status and headers (timeout → 503, cut at
the row cap → header). A result larger than that streams before it is finished: a timeout then aborts the
connection (the client sees a broken transfer, never a silently short document) and a cut is announced in the
body (a JSON field, an XML or Turtle comment).
"""

from __future__ import annotations

import atexit
import json
import os
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import (
    NotAcceptableError,
    QueryError,
    QueryRefusedError,
    QueryRejectedError,
    QueryTimeoutError,
    StoreError,
)
from ..vocab import PREFIXES
from . import StoreMeta, _current, derive_build
from .query_worker import MAX_NESTING, execute, nesting_depth, remote_calls

WORKER_SCRIPT = Path(__file__).with_name("query_worker.py")
QUERY_SLOTS = 8  # query processes per server process: one per gunicorn thread (kg/web/wsgi.py)
HOLD_BYTES = 1024 * 1024  # a result up to this size is complete before its status line is sent


def run_query(store: ox.Store, query: str, **options: Any) -> Any:
    """Run `query` with our common prefixes predeclared; a query's own PREFIX lines win.

    The default graph is the merge of all documents' graphs (see store/), so no union mode is needed.

    Raises QueryError with the parser's message (and position) for a malformed query.

    >>> store = ox.Store()
    >>> label = ox.NamedNode(PREFIXES["rdfs"] + "label")
    >>> store.add(ox.Quad(ox.NamedNode("http://example.org/f"), label, ox.Literal("F")))
    >>> [row["l"].value for row in run_query(store, "SELECT ?l { ?f rdfs:label ?l }")]
    ['F']
    """
    refuse_remote(query)
    try:
        return store.query(query, prefixes=PREFIXES, **options)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except OSError as exc:
        raise QueryError(f"the store could not answer: {exc}") from None
    except RuntimeError as exc:
        raise QueryRejectedError(f"the query cannot be run: {exc}") from None


def refuse_remote(text: str) -> None:
    """Raise QueryRefusedError if `text` would make the server fetch another host (SERVICE, LOAD).

    Also raise QueryRejectedError for groups nested deeper than the parser survives (it would crash).
    """
    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise QueryRejectedError(f"the query nests brackets {depth} levels deep; at most {MAX_NESTING} are accepted")
    found = remote_calls(text)
    if found:
        raise QueryRefusedError(
            f"{' and '.join(found)} refused: this endpoint never fetches other hosts on a client's behalf"
        )


@dataclass(frozen=True)
class QueryJob:
    """One query as the endpoint runs it: the text, the dataset, and the formats the client accepts."""

    query: str
    results_type: str | None  # media type for SELECT/ASK results, None if the client accepts none
    rdf_type: str | None  # media type for CONSTRUCT/DESCRIBE results
    results_refusal: str = "no acceptable format for SELECT/ASK results"
    rdf_refusal: str = "no acceptable format for CONSTRUCT/DESCRIBE results"
    default_graph: list[str] | None = None
    named_graphs: list[str] | None = None
    max_rows: int = 0  # 0: no cap
    prefixes: dict[str, str] = field(default_factory=lambda: dict(PREFIXES))


@dataclass
class QueryResult:
    """A result whose status is decided: its form and media type, the body so far, and the rest to stream."""

    form: str  # select | ask | graph
    media_type: str
    head: bytes
    rest: Any  # the whole body as an iterable of bytes with close() (head first); empty when `complete`
    complete: bool
    rows: int = 0
    truncated: bool = False

    def body(self) -> Any:
        """Return the whole body: bytes when complete, else an iterable to stream (close it to stop the query)."""
        return self.head if self.complete else self.rest


def _fail(status: int, message: str) -> QueryError:
    if status == 400 and not message.startswith("SPARQL syntax error"):
        return QueryRejectedError(message)
    if status == 406:
        return NotAcceptableError(message)
    if status == 403:
        return QueryRefusedError(message)
    if status == 503:
        return QueryTimeoutError(message)
    return QueryError(message)


def timeout_message(seconds: float) -> str:
    """Say that a query was stopped at the limit, naming the limit and how to change it."""
    return (
        f"query stopped: it ran longer than this endpoint's time limit of {seconds:g} s "
        "(set by kg serve --query-timeout or KG_QUERY_TIMEOUT)"
    )


class _Expired(Exception):
    """The deadline passed while waiting for the query process."""


class _Process:
    """One query process and the framing of its pipe."""

    def __init__(self) -> None:
        self.popen = subprocess.Popen(
            [sys.executable, str(WORKER_SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0
        )
        self.buffer = bytearray()

    def send(self, line: bytes) -> None:
        assert self.popen.stdin is not None
        self.popen.stdin.write(line)

    def _fill(self, size: int, deadline: float) -> None:
        assert self.popen.stdout is not None
        descriptor = self.popen.stdout.fileno()
        while len(self.buffer) < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Expired
            ready, _, _ = select.select([descriptor], [], [], remaining)
            if not ready:
                raise _Expired
            data = os.read(descriptor, max(65536, size - len(self.buffer)))
            if not data:
                raise QueryError(f"the query process ended unexpectedly (exit status {self.popen.poll()})")
            self.buffer += data

    def read(self, deadline: float) -> tuple[bytes, bytes]:
        """Return the next (kind, payload) frame, waiting at most until `deadline`."""
        self._fill(5, deadline)
        length = int.from_bytes(self.buffer[1:5], "big")
        self._fill(5 + length, deadline)
        kind, payload = bytes(self.buffer[:1]), bytes(self.buffer[5 : 5 + length])
        del self.buffer[: 5 + length]
        return kind, payload

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        if self.alive():
            self.popen.kill()
        self.popen.wait()
        for pipe in (self.popen.stdin, self.popen.stdout):
            if pipe is not None:
                pipe.close()


class QueryPool:
    """Query processes for one server process; at most `slots` queries run at once, the rest wait their turn."""

    def __init__(self, slots: int = QUERY_SLOTS) -> None:
        self._slots = threading.BoundedSemaphore(slots)
        self._idle: list[_Process] = []
        self._lock = threading.Lock()
        self._all: set[_Process] = set()

    def _checkout(self) -> _Process:
        with self._lock:
            while self._idle:
                process = self._idle.pop()
                if process.alive():
                    return process
                self._all.discard(process)
            process = _Process()
            self._all.add(process)
            return process

    def _checkin(self, process: _Process) -> None:
        with self._lock:
            if process.alive() and not process.buffer:
                self._idle.append(process)
                return
        self._discard(process)

    def _discard(self, process: _Process) -> None:
        process.kill()
        with self._lock:
            self._all.discard(process)

    def warm(self, store_path: str, count: int, timeout: float = 60.0) -> int:
        """Start up to `count` query processes and open the store in each, so first queries find them ready.

        Returns how many are idle and ready. A process that fails to answer is discarded (queries start another).
        """
        with self._lock:
            missing = max(0, count - len(self._all))
            started = [_Process() for _ in range(missing)]
            self._all.update(started)
        probe = encode_job(QueryJob("ASK {}", "application/sparql-results+json", None), store_path)
        deadline = time.monotonic() + timeout
        for process in started:
            process.send(probe)
        for process in started:
            try:
                _collect(lambda p=process: p.read(deadline), hold=HOLD_BYTES)
            except (_Expired, QueryError):
                self._discard(process)
                continue
            self._checkin(process)
        with self._lock:
            return len(self._idle)

    def close(self) -> None:
        """Stop every query process (at exit)."""
        with self._lock:
            processes, self._all, self._idle = list(self._all), set(), []
        for process in processes:
            process.kill()

    def run(self, store_path: str, job: QueryJob, timeout: float, hold: int = HOLD_BYTES) -> QueryResult:
        """Run `job` on the build at `store_path` within `timeout` seconds.

        Raises QueryTimeoutError (the process is killed), NotAcceptableError, QueryRefusedError or QueryError.
        """
        deadline = time.monotonic() + timeout
        if not self._slots.acquire(timeout=timeout):
            raise QueryTimeoutError(f"the server is busy: no query slot became free within {timeout:g} s")
        process: _Process | None = None
        try:
            process = self._checkout()
            process.send(encode_job(job, store_path))
            result = _collect(lambda: process.read(deadline), hold)  # type: ignore[union-attr]
        except _Expired:
            self._discard(process)  # type: ignore[arg-type]
            self._slots.release()
            raise QueryTimeoutError(timeout_message(timeout)) from None
        except QueryError as exc:
            if process is not None and getattr(exc, "answered", False):
                self._checkin(process)
            elif process is not None:
                self._discard(process)
            self._slots.release()
            raise
        except BaseException:
            if process is not None:
                self._discard(process)
            self._slots.release()
            raise
        if result.complete:
            self._checkin(process)
            self._slots.release()
            return result
        result.rest = _Rest(self, process, deadline, timeout, result.head)
        return result


_JOB_FIELDS = tuple(f.name for f in fields(QueryJob))


def encode_job(job: QueryJob, store_path: str) -> bytes:
    """Return the line that asks a query process to run `job` on the build at `store_path`."""
    data = {name: getattr(job, name) for name in _JOB_FIELDS}  # shallow: asdict() deep-copies, ~0.1 ms a query
    data["store"] = store_path
    return json.dumps(data, ensure_ascii=False).encode("utf-8") + b"\n"


def _collect(read: Any, hold: int) -> QueryResult:
    """Read the header and up to `hold` bytes of body; the result is complete if the end came first."""
    kind, payload = read()
    if kind == b"X":
        raise _answered(json.loads(payload))
    header = json.loads(payload)
    chunks: list[bytes] = []
    size = 0
    while size < hold:
        kind, payload = read()
        if kind == b"D":
            chunks.append(payload)
            size += len(payload)
        elif kind == b"E":
            end = json.loads(payload)
            return QueryResult(header["form"], header["media_type"], b"".join(chunks), (), True,
                               end["rows"], end["truncated"])  # fmt: skip
        else:
            raise _answered(json.loads(payload))
    return QueryResult(header["form"], header["media_type"], b"".join(chunks), (), False)


def _answered(failure: dict[str, Any]) -> QueryError:
    error = _fail(int(failure["status"]), failure["message"])
    error.answered = True  # type: ignore[attr-defined]  # the process finished its job and can be reused
    return error


class _Rest:
    """The part of a result that streams after the status line; closing it early stops the query process."""

    def __init__(self, pool: QueryPool, process: _Process, deadline: float, timeout: float, head: bytes) -> None:
        self.pool, self.process, self.deadline, self.timeout = pool, process, deadline, timeout
        self.head: bytes | None = head
        self.finished = False
        self.released = False

    def __iter__(self) -> _Rest:
        return self

    def __next__(self) -> bytes:
        if self.head:
            head, self.head = self.head, None
            return head
        if self.finished:
            raise StopIteration
        try:
            kind, payload = self.process.read(self.deadline)
        except _Expired:
            self.close()
            print(f"filmkg: {timeout_message(self.timeout)}; the response was cut off", file=sys.stderr)
            raise QueryTimeoutError(timeout_message(self.timeout)) from None
        except BaseException:
            self.close()
            raise
        if kind == b"D":
            return payload
        if kind == b"E":
            self.finished = True
            self.close()
            raise StopIteration
        self.close()
        raise QueryError(json.loads(payload)["message"])

    def close(self) -> None:
        if self.released:
            return
        self.released = True
        if self.finished:
            self.pool._checkin(self.process)
        else:
            self.pool._discard(self.process)
        self.pool._slots.release()


_pools: dict[int, QueryPool] = {}
_pools_lock = threading.Lock()


def query_pool() -> QueryPool:
    """Return this process's query pool (a forked server worker gets its own)."""
    pid = os.getpid()
    with _pools_lock:
        if pid not in _pools:
            _pools[pid] = QueryPool()
            atexit.register(_pools[pid].close)
        return _pools[pid]


def current_build(store_dir: str | Path) -> str:
    """Return the RocksDB folder of the build `store_dir` serves now (it changes when an update is published)."""
    return str(_current(Path(store_dir)) / "oxigraph")


def run_in_process(store: ox.Store, job: QueryJob) -> QueryResult:
    """Run `job` in this process with no time limit (in-memory stores, as tests build them)."""
    frames: list[tuple[bytes, bytes]] = []
    execute(store, json.loads(encode_job(job, "")), lambda kind, payload: frames.append((kind, payload)))
    feed = iter(frames)
    return _collect(lambda: next(feed), hold=sys.maxsize)


def apply_update(store_dir: str | Path, update: str) -> StoreMeta:
    """Apply a SPARQL Update as a new build of `store_dir`, published atomically like `kg build`.

    The served builds are read-only and shared by every server process, so an update never writes into them:
    under the build lock it checkpoints the current build (RocksDB hard-links its immutable files, so this is
    cheap), applies the update to the copy, and swaps `current`. Query processes pick up the new build with
    their next query. Updates take turns with each other and with builds; each costs a checkpoint, so this
    suits occasional curation, not a write-heavy workload.
    """
    refuse_remote(update)

    def change(store: ox.Store, _build: Path, _base_iri: str) -> None:
        try:
            store.update(update, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except OSError as exc:
            raise QueryError(f"the update failed: {exc}") from None

    return republish(store_dir, change, "update")


def republish(store_dir: str | Path, change: Any, suffix: str = "derived") -> StoreMeta:
    """Copy the current build of `store_dir`, let `change(store, build_dir, base_iri)` write into the copy,
    and publish it atomically (under the build lock). Used by SPARQL Update and to add derived data."""

    def apply(store: ox.Store, _source: Path, target: Path, meta: StoreMeta) -> bool:
        change(store, target, meta.base_iri)
        return True

    published = derive_build(store_dir, apply, suffix)
    if published is None:  # pragma: no cover (apply always asks to publish)
        raise StoreError(f"{store_dir}: the build was not published")
    return published


__all__ = [
    "HOLD_BYTES",
    "QueryJob",
    "QueryPool",
    "QueryResult",
    "StoreError",
    "apply_update",
    "current_build",
    "query_pool",
    "refuse_remote",
    "republish",
    "run_in_process",
    "run_query",
    "timeout_message",
]
