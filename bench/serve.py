"""Load-test `kg serve` side by side with Oxigraph server and the in-process pyoxigraph floor, on loopback only.

Every run is bounded: a fixed number of requests per worker and a time cap, after which the workers stop by
themselves; servers are started by this script on 127.0.0.1 and stopped by it (by their own pid) at the end.

Targets, all serving the same data:
- `kg`: `python -m kg serve --store STORE` (gunicorn) on one loopback port;
- `oxigraph`: the Rust server (`oxigraph serve-read-only`) on another port, loaded with our N-Quads export;
- `floor`: the same queries run in this process on pyoxigraph over the same on-disk store, results serialised to
  SPARQL JSON (no HTTP at all): the least any server on this store could take.

Scenarios: the six-query mix at concurrency 1 and 8; light queries only at 8; light queries while two clients run
heavy aggregates (head-of-line blocking); entity pages and searches (kg's HTML pages; for Oxigraph a CONSTRUCT
of the entity and the label-search query);
whole-dataset export while sampling the server's memory.

Usage: nice .venv/bin/python bench/serve.py --store bench/out/store-10000-s1 [--scale 1.0] [--json out.json]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, PYTHON, ROOT, child_env, machine, source_tree  # noqa: E402

OXIGRAPH = ROOT / ".venv" / "bin" / "oxigraph"
HOST = "127.0.0.1"
JSON_RESULTS = "application/sparql-results+json"
PREFIXES = (
    "PREFIX schema: <http://schema.org/> PREFIX fk: <https://filmkg.org/ontology#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
)
CREW = "fk:director|fk:castMember|fk:screenwriter|fk:cinematographer|fk:composer|fk:producer"
QUERIES = {
    "describe": "SELECT ?p ?o WHERE {{ <{entity}> ?p ?o }} LIMIT 500",
    "cast": "SELECT ?actor ?name ?character WHERE {{ <{film}> fk:castMember ?actor . ?actor rdfs:label ?name . "
    "OPTIONAL {{ <{film}> fk:performance ?perf . ?perf fk:performer ?actor ; fk:characterName ?character }} }}",
    "director_films": "SELECT ?director ?name (COUNT(DISTINCT ?film) AS ?films) WHERE {{ ?film schema:director "
    "?director . ?director rdfs:label ?name }} GROUP BY ?director ?name ORDER BY DESC(?films) LIMIT 20",
    "label_search": 'SELECT ?s ?label WHERE {{ ?s rdfs:label ?label . FILTER(CONTAINS(LCASE(STR(?label)), "{term}")) }}'
    " LIMIT 20",
    "avg_rating": "SELECT ?film ?title (AVG(?value) AS ?avg) (COUNT(?review) AS ?reviews) WHERE {{ ?review "
    "schema:itemReviewed ?film ; schema:reviewRating ?rating . ?rating schema:ratingValue ?value . ?film rdfs:label "
    "?title }} GROUP BY ?film ?title ORDER BY DESC(?avg) LIMIT 20",
    "coworkers": "SELECT DISTINCT ?other ?name WHERE {{ ?film " + CREW + " <{person}> . ?film " + CREW + " ?other . "
    "FILTER(?other != <{person}>) ?other rdfs:label ?name }} LIMIT 200",
}  # fmt: skip
TOP_RATED = ("SELECT ?film ?title ?avg ?reviews WHERE { ?film schema:aggregateRating ?a . ?a schema:ratingValue ?avg ; "
             "schema:reviewCount ?reviews . ?film rdfs:label ?title } ORDER BY DESC(?avg) ?film LIMIT 20")  # fmt: skip
LIGHT = ("describe", "cast")
HEAVY = ("director_films", "avg_rating")


# ---------------------------------------------------------------- what to ask: parameters drawn from the graph


@dataclass
class Params:
    """Entities to ask about, drawn once from the store so every target gets the very same requests."""

    entities: list[str]
    films: list[str]
    people: list[str]
    terms: list[str]
    slugs: list[str]  # "person/some-name": for entity pages
    base_iri: str

    def query(self, kind: str, rng: random.Random) -> str:
        values = {"entity": rng.choice(self.entities), "film": rng.choice(self.films),
                  "person": rng.choice(self.people), "term": rng.choice(self.terms)}  # fmt: skip
        return PREFIXES + QUERIES[kind].format(**values)


def draw_params(store_path: Path, base_iri: str, seed: int = 7) -> Params:
    """Pick films with a cast, people with a role, any entity, and label fragments to search for."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_path))

    def column(query: str) -> list[str]:
        return [row[0].value for row in store.query(PREFIXES + query)]  # type: ignore[union-attr]

    films = column("SELECT DISTINCT ?f WHERE { ?f fk:castMember ?a } LIMIT 2000") or column(
        "SELECT DISTINCT ?f WHERE { ?f a fk:Film } LIMIT 2000"
    )
    people = column("SELECT DISTINCT ?p WHERE { ?f fk:director|fk:castMember ?p } LIMIT 2000")
    entities = column("SELECT DISTINCT ?e WHERE { ?e a fk:Film } LIMIT 1000") + people[:1000]
    labels = column("SELECT ?l WHERE { ?p a fk:Person ; rdfs:label ?l } LIMIT 2000")
    rng = random.Random(seed)
    terms = []
    for label in rng.sample(labels, min(200, len(labels))):  # the start of a name, as people type in a search box
        word = max(label.split(), key=len).lower()
        terms.append(word[:5])
    resource = base_iri.rstrip("/") + "/resource/"
    slugs = [iri[len(resource) :] for iri in entities if iri.startswith(resource)]
    if not films or not people or not terms:
        raise SystemExit(
            f"{store_path}: too little in this store to benchmark (films={len(films)}, people={len(people)})"
        )
    return Params(entities, films, people, terms, slugs, base_iri)


# ---------------------------------------------------------------- targets


@dataclass
class Target:
    """A server on loopback: how to ask it a query, and the process to stop afterwards."""

    name: str
    port: int
    query_path: str  # "/sparql" or "/query"
    process: subprocess.Popen[bytes] | None = None

    def query_request(self, sparql: str) -> tuple[str, dict[str, str]]:
        return self.query_path + "?" + urllib.parse.urlencode({"query": sparql}), {"Accept": JSON_RESULTS}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def wait_ready(port: int, path: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} not ready after {seconds} s")


def start_kg(store_dir: Path, src: Path, workers: int) -> Target:
    port = free_port()
    log = (OUT / "serve-kg.log").open("wb")
    command = [str(PYTHON), "-m", "kg", "serve", "--store", str(store_dir), "--host", HOST, "--port", str(port),
               "--workers", str(workers)]  # fmt: skip
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=child_env(src))
    wait_ready(port, "/healthz", process)
    return Target("kg", port, "/sparql", process)


def oxigraph_store(store_path: Path, sha: str) -> Path:
    """Export our store as N-Quads and `oxigraph load` it into a store of Oxigraph's own (cached per build)."""
    import pyoxigraph as ox

    target = OUT / f"oxigraph-{store_path.parent.name}-{sha}"
    if (target / ".complete").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    dump = OUT / f"export-{store_path.parent.name}.nq"
    ox.Store.read_only(str(store_path)).dump(str(dump), ox.RdfFormat.N_QUADS)
    subprocess.run([str(OXIGRAPH), "load", "--location", str(target), "--file", str(dump)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    dump.unlink()
    (target / ".complete").write_text("ok")
    return target


def start_oxigraph(location: Path) -> Target:
    port = free_port()
    log = (OUT / "serve-oxigraph.log").open("wb")
    command = [str(OXIGRAPH), "serve-read-only", "--location", str(location), "--bind", f"{HOST}:{port}"]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    wait_ready(port, "/query?query=ASK%7B%7D", process)
    return Target("oxigraph", port, "/query", process)


def stop(target: Target) -> None:
    if target.process is not None and target.process.poll() is None:
        target.process.terminate()
        try:
            target.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            target.process.kill()
            target.process.wait()


def tree_rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants (gunicorn master + workers)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as handle:
                total += next(int(line.split()[1]) for line in handle if line.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack.extend(int(child) for child in handle.read().split())
        except (OSError, StopIteration):
            continue
    return total / 1024


# ---------------------------------------------------------------- the load generator

Request = tuple[str, str, dict[str, str]]  # (kind, path, headers)


def _worker(port: int, requests: list[Request], deadline: float, endless: bool, stop_flag, out) -> None:  # type: ignore[no-untyped-def]
    """Send `requests` in order on one keep-alive connection; record (kind, seconds, ok, bytes)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    records = []
    index = 0
    while index < len(requests) or endless:
        if time.monotonic() > deadline or (endless and stop_flag.is_set()):
            break
        kind, path, headers = requests[index % len(requests)]
        index += 1
        started = time.perf_counter()
        ok, size = False, 0
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            while chunk := response.read(1 << 16):
                size += len(chunk)
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=120)
        records.append((kind, time.perf_counter() - started, ok, size))
    connection.close()
    out.put(records)


@dataclass
class Run:
    """The outcome of one scenario on one target."""

    scenario: str
    target: str
    concurrency: int
    seconds: float
    records: list[tuple[str, float, bool, int]]
    server_rss_mib: float = 0.0
    server_rss_before_mib: float = 0.0

    def summary(self) -> dict[str, object]:
        kinds: dict[str, list[tuple[float, bool]]] = {}
        for kind, seconds, ok, _size in self.records:
            kinds.setdefault(kind, []).append((seconds, ok))
        out: dict[str, object] = {"scenario": self.scenario, "target": self.target, "concurrency": self.concurrency,
                                  "requests": len(self.records), "seconds": round(self.seconds, 2),
                                  "rate": round(len(self.records) / self.seconds, 1) if self.seconds else 0.0,
                                  "errors": sum(not ok for _k, _s, ok, _b in self.records), "kinds": {}}  # fmt: skip
        if self.server_rss_mib:
            out["server_rss_mib"] = round(self.server_rss_mib, 1)
            out["server_rss_before_mib"] = round(self.server_rss_before_mib, 1)
            out["bytes"] = sum(size for _k, _s, _ok, size in self.records)
        for kind, values in sorted(kinds.items()):
            latencies = sorted(s for s, _ok in values)
            out["kinds"][kind] = {  # type: ignore[index]
                "n": len(values),
                "errors": sum(not ok for _s, ok in values),
                "p50_ms": round(1000 * percentile(latencies, 50), 2),
                "p95_ms": round(1000 * percentile(latencies, 95), 2),
                "rate": round(len(values) / self.seconds, 1) if self.seconds else 0.0,
            }
        return out


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    rank = (len(values) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (rank - low)


def load(target: Target, scenario: str, plans: list[list[Request]], cap: float, endless: Iterable[int] = (),
         sample_memory: bool = False) -> Run:  # fmt: skip
    """Run one worker process per plan against `target` until all finite plans are done or `cap` seconds pass.

    Workers listed in `endless` repeat their plan until the finite workers are done (background load).
    """
    context = mp.get_context("fork")
    out = context.Queue()
    stop_flag = context.Event()
    endless = set(endless)
    deadline = time.monotonic() + cap
    workers = [context.Process(target=_worker, args=(target.port, plan, deadline, i in endless, stop_flag, out))
               for i, plan in enumerate(plans)]  # fmt: skip
    pid = target.process.pid if target.process else 0
    before = tree_rss_mib(pid) if sample_memory and pid else 0.0
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    peak = 0.0
    finite = len(plans) - len(endless)
    records: list[tuple[str, float, bool, int]] = []
    collected = 0
    while collected < len(plans):
        if sample_memory and pid:
            peak = max(peak, tree_rss_mib(pid))
        try:
            records.extend(out.get(timeout=0.05))
            collected += 1
            if collected == finite:
                stop_flag.set()
                elapsed = time.perf_counter() - started
        except Exception:  # noqa: BLE001 - queue.Empty: keep sampling
            continue
    for worker in workers:
        worker.join(timeout=30)
    if not finite:
        elapsed = time.perf_counter() - started
    return Run(scenario, target.name, len(plans), elapsed, records, peak, before)


def plan(params: Params, target: Target, kinds: Iterable[str], count: int, seed: int) -> list[Request]:
    """`count` requests cycling through `kinds`, with parameters from a seeded generator (same for every target)."""
    rng = random.Random(seed)
    kinds = list(kinds)
    requests = []
    for index in range(count):
        kind = kinds[(index + seed) % len(kinds)]
        path, headers = target.query_request(params.query(kind, rng))
        requests.append((kind, path, headers))
    return requests


def page_plan(params: Params, target: Target, count: int, seed: int) -> list[Request]:
    """Entity pages and searches as a person browses: kg's HTML entity page and /search page; for Oxigraph (which
    has no pages) the entity's triples as Turtle and the label-search SPARQL query."""
    rng = random.Random(seed)
    requests: list[Request] = []
    for index in range(count):
        if index % 4 == 3:
            term = rng.choice(params.terms)
            if target.name == "kg":
                requests.append(("search", "/search?" + urllib.parse.urlencode({"q": term}), {"Accept": "text/html"}))
            else:
                sparql = PREFIXES + QUERIES["label_search"].format(term=term)
                requests.append(("search", target.query_request(sparql)[0], {"Accept": JSON_RESULTS}))
            continue
        slug = rng.choice(params.slugs)
        if target.name == "kg":
            requests.append(("page", f"/resource/{slug}", {"Accept": "text/html"}))
        else:
            iri = params.base_iri.rstrip("/") + "/resource/" + slug
            sparql = f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}"
            requests.append(("page", target.query_path + "?" + urllib.parse.urlencode({"query": sparql}),
                             {"Accept": "text/turtle"}))  # fmt: skip
    return requests


def export_request(target: Target) -> Request:
    if target.name == "kg":
        return ("export", "/export.nq", {"Accept": "application/n-quads"})
    return ("export", "/store", {"Accept": "application/n-quads"})


def has_route(target: Target, path: str, method: str = "GET") -> bool:
    connection = http.client.HTTPConnection(HOST, target.port, timeout=30)
    connection.request(method, path, headers={"Accept": "text/html"})
    response = connection.getresponse()
    response.read()
    return response.status < 400


# ---------------------------------------------------------------- the in-process floor


def floor(store_path: Path, params: Params, per_kind: int, seed: int) -> dict[str, object]:
    """Run each kind sequentially in this process on pyoxigraph, serialising to SPARQL JSON; medians and p95."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_path))
    rng = random.Random(seed)
    out: dict[str, object] = {}
    for kind in QUERIES:
        latencies = []
        for _ in range(per_kind):
            sparql = params.query(kind, rng)
            started = time.perf_counter()
            store.query(sparql).serialize(format=ox.QueryResultsFormat.JSON)
            latencies.append(time.perf_counter() - started)
        latencies.sort()
        out[kind] = {"n": per_kind, "p50_ms": round(1000 * percentile(latencies, 50), 3),
                     "p95_ms": round(1000 * percentile(latencies, 95), 3),
                     "rate": round(per_kind / sum(latencies), 1)}  # fmt: skip
    return out


# ---------------------------------------------------------------- scenarios


def scenarios(target: Target, params: Params, scale: float, pages: bool, exports: bool,
              only: frozenset[str] = frozenset()) -> list[dict[str, object]]:  # fmt: skip
    """Run every scenario (or those whose name starts with a word in `only`) on one target; return their summaries."""
    n = lambda count: max(1, int(count * scale))  # noqa: E731
    wanted = lambda name: not only or name.split()[0] in only  # noqa: E731
    kinds = list(QUERIES)
    runs = []
    if wanted("http-floor"):
        ask = [("http", target.query_request("ASK {}")[0], {"Accept": JSON_RESULTS})] * n(200)
        runs.append(load(target, "http-floor (ASK {}) c=1", [ask], cap=30))
    if wanted("mix"):
        runs.append(load(target, "mix c=1", [plan(params, target, kinds, n(36), seed=1)], cap=180))
        plans = [plan(params, target, kinds, n(12), seed=10 + i) for i in range(8)]
        runs.append(load(target, "mix c=8", plans, cap=180))
    if wanted("light"):
        plans = [plan(params, target, LIGHT, n(400), seed=20 + i) for i in range(8)]
        runs.append(load(target, "light c=8", plans, cap=60))
        heavy = [plan(params, target, HEAVY, 50, seed=30 + i) for i in range(2)]
        light = [plan(params, target, LIGHT, n(150), seed=40 + i) for i in range(6)]
        runs.append(load(target, "light under heavy c=2+6", heavy + light, cap=90, endless=(0, 1)))
    if wanted("top-rated"):  # from the aggregates written at build time (kg.store.aggregates)
        top = [("top_rated", target.query_request(PREFIXES + TOP_RATED)[0], {"Accept": JSON_RESULTS})]
        runs.append(load(target, "top-rated c=1", [top * n(40)], cap=60))
        runs.append(load(target, "top-rated c=8", [top * n(20)] * 8, cap=60))
    if pages and wanted("pages+search"):
        plans = [page_plan(params, target, n(60), seed=50 + i) for i in range(8)]
        runs.append(load(target, "pages+search c=8", plans, cap=90))
    if exports and wanted("export"):
        runs.append(load(target, "export c=1", [[export_request(target)] * 2], cap=300, sample_memory=True))
    return [run.summary() for run in runs]


def print_report(report: dict[str, object]) -> None:
    print(f"# serve benchmark, {report['date']}, kg at {report['ref']}, {report['machine']}")
    print(f"\nstore: {report['store']} ({report['store_quads']} quads, {report['default_triples']} triples in the "
          f"default graph)\n")  # fmt: skip
    print("| scenario | target | requests | errors | req/s | kind: p50 / p95 ms |")
    print("|---|---|---:|---:|---:|---|")
    for run in report["runs"]:  # type: ignore[attr-defined]
        kinds = "; ".join(f"{k} {v['p50_ms']}/{v['p95_ms']}" for k, v in run["kinds"].items())
        memory = ""
        if "server_rss_mib" in run:
            sent, before = run.get("bytes", 0) / 2**20, run.get("server_rss_before_mib", "?")
            memory = f" ({sent:.0f} MiB sent; server RSS {before} MiB before, peak {run['server_rss_mib']} MiB)"
        print(f"| {run['scenario']} | {run['target']} | {run['requests']} | {run['errors']} | {run['rate']} "
              f"| {kinds}{memory} |")  # fmt: skip
    print("\nIn-process floor (pyoxigraph, same store, sequential, JSON serialisation included):\n")
    print("| kind | p50 ms | p95 ms | q/s |\n|---|---:|---:|---:|")
    for kind, v in report["floor"].items():  # type: ignore[attr-defined]
        print(f"| {kind} | {v['p50_ms']} | {v['p95_ms']} | {v['rate']} |")
    by_target = {(r["scenario"], r["target"]): r for r in report["runs"]}  # type: ignore[attr-defined]
    http = {name: by_target[("http-floor (ASK {}) c=1", name)]["kinds"]["http"]["p50_ms"]
            for name in ("kg", "oxigraph") if ("http-floor (ASK {}) c=1", name) in by_target}  # fmt: skip
    if report["floor"] and http:
        print("\nMedians at concurrency 1 against the floor plus HTTP (HTTP = that server's `ASK {}` median):\n")
        print("| kind | floor p50 | " + " | ".join(f"{n} p50 | {n} / (floor + HTTP)" for n in http) + " |")
        print("|---|---:|" + "---:|---:|" * len(http))
        for kind, v in report["floor"].items():  # type: ignore[attr-defined]
            cells = []
            for name, overhead in http.items():
                run = by_target.get(("mix c=1", name), {"kinds": {}})
                p50 = run["kinds"].get(kind, {}).get("p50_ms")
                cells.append(f"{p50} | {p50 / (v['p50_ms'] + overhead):.1f}×" if p50 else "– | –")
            print(f"| {kind} | {v['p50_ms']} | " + " | ".join(cells) + " |")
    print("\nRatios (kg / oxigraph, same scenario):\n")
    by = {(r["scenario"], r["target"]): r for r in report["runs"]}  # type: ignore[attr-defined]
    for scenario in ("mix c=1", "mix c=8", "light c=8", "light under heavy c=2+6", "pages+search c=8"):
        ours, theirs = by.get((scenario, "kg")), by.get((scenario, "oxigraph"))
        if ours and theirs and theirs["rate"]:
            line = f"- {scenario}: throughput {ours['rate'] / theirs['rate']:.2f}×"
            if scenario.startswith("light under"):
                p95 = lambda run: max(run["kinds"][k]["p95_ms"] for k in LIGHT if k in run["kinds"])  # noqa: E731
                line += f"; light p95 {p95(ours)} ms vs {p95(theirs)} ms = {p95(ours) / p95(theirs):.2f}×"
            print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a kg store directory (bench/build.py makes them)")
    parser.add_argument("--ref", default="HEAD", help="git commit of kg to serve, or 'worktree' (default: HEAD)")
    parser.add_argument("--targets", default="floor,oxigraph,kg", help="comma-separated subset of floor,oxigraph,kg")
    parser.add_argument("--workers", type=int, default=2, help="kg serve --workers")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every request count (0.2 for a smoke run)")
    parser.add_argument("--only", default="", help="comma-separated scenario names to run (http-floor, mix, light, "
                        "top-rated, pages+search, export); default: all")  # fmt: skip
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    store_path = (args.store / "current").resolve() / "oxigraph"
    meta = json.loads(((args.store / "current").resolve() / "meta.json").read_text())
    params = draw_params(store_path, meta["base_iri"])
    import pyoxigraph as ox

    reader = ox.Store.read_only(str(store_path))
    default_triples = next(iter(reader.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")))[0].value  # type: ignore[index]
    src, sha = source_tree(args.ref)
    targets = args.targets.split(",")
    only = frozenset(name for name in args.only.split(",") if name)
    report: dict[str, object] = {"date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "ref": sha,
                                 "machine": machine(), "store": str(args.store), "store_quads": len(reader),
                                 "default_triples": int(default_triples), "runs": [], "floor": {}}  # fmt: skip
    del reader
    if "floor" in targets:
        report["floor"] = floor(store_path, params, per_kind=max(3, int(20 * args.scale)), seed=3)
        print(json.dumps(report["floor"]), file=sys.stderr)
    if "oxigraph" in targets:
        target = start_oxigraph(oxigraph_store(store_path, "v1"))
        try:
            runs = scenarios(target, params, args.scale, pages=True, exports=True, only=only)
        finally:
            stop(target)
        report["runs"].extend(runs)  # type: ignore[attr-defined]
        print(json.dumps(runs), file=sys.stderr)
    if "kg" in targets:
        target = start_kg(args.store, src, args.workers)
        try:
            if not has_route(target, "/sparql?query=ASK%7B%7D"):
                print("kg serve has no /sparql yet: skipped", file=sys.stderr)
            else:
                pages = bool(params.slugs) and has_route(target, f"/resource/{params.slugs[0]}")
                exports = has_route(target, "/export.nq", method="HEAD")
                runs = scenarios(target, params, args.scale, pages=pages, exports=exports, only=only)
                report["runs"].extend(runs)  # type: ignore[attr-defined]
                print(json.dumps(runs), file=sys.stderr)
        finally:
            stop(target)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
