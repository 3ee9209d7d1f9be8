"""Soak a running filmkg server: N concurrent clients mixing queries, entity pages and exports for a fixed time.

    .venv/bin/python -m tests.soak --store data/store --duration 60 --clients 16 [--runaway]

starts `kg serve` on a loopback port (or uses --url), runs the clients until the duration is over, and prints
requests, errors, latency percentiles and the server's memory (RSS of the whole process tree) before and after.
With --runaway one more client keeps sending a query that cannot finish, to show it is stopped at the limit
while the others are served. tests/test_load.py runs the same code for a few seconds.
"""

from __future__ import annotations

import os
import random
import statistics
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests

QUERIES = [
    "SELECT ?film ?name { ?film a schema:Movie ; schema:name ?name } LIMIT 20",
    "SELECT ?p (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)",
    "SELECT ?person ?name { ?film schema:actor ?person . ?person schema:name ?name }",
    "ASK { ?s a schema:Person }",
    "CONSTRUCT { ?s schema:name ?n } WHERE { ?s schema:name ?n } LIMIT 50",
    "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "SELECT * { ?s (schema:actor|^schema:actor)* ?o } LIMIT 100",
]
ACCEPTS = ["application/sparql-results+json", "text/csv", "application/sparql-results+xml", "*/*"]
GRAPH_ACCEPTS = ["text/turtle", "application/n-triples", "application/ld+json", "*/*"]
EXPORTS = [
    "/export.ttl",
    "/export.nt",
    "/export.nq",
    "/export.trig",
    "/export.jsonld",
    "/export.rdf",
    "/.well-known/void",
]
RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@dataclass
class Tally:
    """What the clients saw."""

    requests: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    runaway_answers: list[tuple[int, float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, problem: str | None) -> None:
        with self.lock:
            self.requests += 1
            self.latencies.setdefault(kind, []).append(seconds)
            if problem:
                self.errors.append(problem)


def tree_rss(pid: int) -> int:
    """Return the resident memory in bytes of `pid` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def entity_paths(url: str) -> list[str]:
    """Local paths of entity pages, found by asking the endpoint for subjects under the server's base."""
    response = requests.get(f"{url}/sparql", timeout=60, headers={"Accept": "application/sparql-results+json"},
                            params={"query": "SELECT DISTINCT ?s { ?s a ?type FILTER(isIRI(?s) && "
                                             "CONTAINS(STR(?s), '/resource/')) } LIMIT 200"})  # fmt: skip
    response.raise_for_status()
    paths = []
    for row in response.json()["results"]["bindings"]:
        iri = row["s"]["value"]
        paths.append(iri[iri.index("/resource/") :])
    return paths


def _requests(rng: random.Random, pages: list[str]) -> Iterator[tuple[str, str, dict[str, str], dict[str, str]]]:
    while True:
        roll = rng.random()
        if roll < 0.45:
            query = rng.choice(QUERIES)
            accept = rng.choice(GRAPH_ACCEPTS if query.startswith("CONSTRUCT") else ACCEPTS)
            yield "query", "/sparql", {"query": query}, {"Accept": accept}
        elif roll < 0.80 and pages:
            accept = rng.choice(["text/html", "text/turtle", "application/ld+json", "application/n-triples"])
            yield "page", rng.choice(pages), {}, {"Accept": accept}
        elif roll < 0.90:
            yield "export", rng.choice(EXPORTS), {}, {}
        else:
            yield "home", rng.choice(["/", "/search", "/healthz"]), {"q": rng.choice(["film", "ann", "é"])}, {}


def _client(url: str, seed: int, pages: list[str], until: float, tally: Tally) -> None:
    rng = random.Random(seed)
    session = requests.Session()
    for kind, path, params, headers in _requests(rng, pages):
        if time.monotonic() >= until:
            break
        started = time.monotonic()
        problem = None
        try:
            response = session.get(url + path, params=params, headers=headers, timeout=120)
            body = response.content
            if response.status_code != 200 or not body:
                problem = f"{response.status_code} {path} {params} {headers}: {body[:200]!r}"
        except requests.RequestException as exc:
            problem = f"{path} {params}: {exc}"
        tally.record(kind, time.monotonic() - started, problem)
    session.close()


def _runaway(url: str, until: float, tally: Tally) -> None:
    session = requests.Session()
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            response = session.post(f"{url}/sparql", data={"query": RUNAWAY}, timeout=300)
            tally.runaway_answers.append((response.status_code, time.monotonic() - started, response.text[:120]))
        except requests.RequestException as exc:
            tally.runaway_answers.append((0, time.monotonic() - started, str(exc)[:120]))
    session.close()


@dataclass
class Report:
    """The figures of one soak run."""

    duration: float
    clients: int
    requests: int
    errors: list[str]
    latency: dict[str, tuple[float, float, float]]  # kind -> (median, p95, max) seconds
    rss_before: int
    rss_peak: int
    rss_after: int
    runaway_answers: list[tuple[int, float, str]]

    def text(self) -> str:
        """The report as a few readable lines."""
        lines = [f"{self.clients} clients for {self.duration:.0f} s: {self.requests} requests, "
                 f"{self.requests / self.duration:.1f}/s, errors: {len(self.errors)}"]  # fmt: skip
        for kind, (median, p95, worst) in sorted(self.latency.items()):
            lines.append(
                f"  {kind:<7} median {median * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   max {worst * 1000:7.1f} ms"
            )
        mib = 1024 * 1024
        before, peak, after = (f"{value / mib:.1f} MiB" for value in (self.rss_before, self.rss_peak, self.rss_after))
        lines.append(f"  server RSS (process tree): before {before}, peak {peak}, after {after}")
        if self.runaway_answers:
            statuses = sorted({status for status, _s, _t in self.runaway_answers})
            seconds = [s for _status, s, _t in self.runaway_answers]
            spread = f"{min(seconds):.1f}-{max(seconds):.1f} s"
            first = self.runaway_answers[0][2]
            lines.append(
                f"  runaway query: {len(self.runaway_answers)} answers, statuses {statuses}, after {spread}: {first!r}"
            )
        lines.extend(f"  error: {error}" for error in self.errors[:10])
        return "\n".join(lines)


def soak(url: str, server_pid: int, duration: float, clients: int = 16, runaway: bool = False) -> Report:
    """Run `clients` mixed clients (and a runaway one) against `url` for `duration` seconds."""
    pages = entity_paths(url)
    warm, warm_until = Tally(), time.monotonic() + max(3.0, min(10.0, duration / 4))
    warmers = [threading.Thread(target=_client, args=(url, -seed, pages, warm_until, warm)) for seed in range(clients)]
    for thread in warmers:  # the server starts its query processes and fills its caches under the same concurrency
        thread.start()
    for thread in warmers:
        thread.join()
    time.sleep(2.0)
    before = tree_rss(server_pid)
    tally = Tally()
    until = time.monotonic() + duration
    threads = [
        threading.Thread(target=_client, args=(url, seed, pages, until, tally)) for seed in range(1, clients + 1)
    ]
    if runaway:
        threads.append(threading.Thread(target=_runaway, args=(url, until, tally)))
    for thread in threads:
        thread.start()
    peak = before
    while any(thread.is_alive() for thread in threads):
        peak = max(peak, tree_rss(server_pid))
        time.sleep(0.5)
    for thread in threads:
        thread.join()
    time.sleep(2.0)  # let finished query processes and buffers go
    after = tree_rss(server_pid)
    latency = {}
    for kind, values in tally.latencies.items():
        ordered = sorted(values)
        latency[kind] = (statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))], ordered[-1])
    return Report(duration, clients, tally.requests, tally.errors, latency, before, peak, after, tally.runaway_answers)


def _main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, default=Path(os.environ.get("KG_STORE_DIR", "data/store")))
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--runaway", action="store_true", help="add a client sending a query that never finishes")
    parser.add_argument("--query-timeout", type=float, default=5.0)
    args = parser.parse_args()
    from .conftest import LiveServer

    with LiveServer(args.store, "--query-timeout", str(args.query_timeout)) as server:
        report = soak(server.url, server.process.pid, args.duration, args.clients, args.runaway)
    print(report.text())  # noqa: T201


if __name__ == "__main__":
    _main()
