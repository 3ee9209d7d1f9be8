"""The cost of serving from an external SPARQL 1.1 server (`kg serve --store http://…`) relative to the embedded store.

Both backends hold the very same data: the embedded build given by --store, and an Oxigraph server (the Rust
`oxigraph` from PyPI, started by this script on a loopback port and stopped by it) loaded with that build's N-Quads
export. The same requests go to two instances of the real Flask app, in this process, through Flask's test client
(so no HTTP in front of our app: what differs is only the backend): SPARQL queries of bench/serve.py's mix, entity
pages in HTML and Turtle, searches. Requests alternate between the two backends so both see the same machine noise;
each figure is a median and each ratio is remote / embedded from the same run. Every scenario stops after --runs
requests per backend or --seconds, whichever comes first. Remote pages also report their round trips to the server.

Usage: nice .venv/bin/python bench/remote.py [--store bench/out/store-1000-s1] [--ref HEAD] [--runs 60] [--seconds 20]
Without --store, the seeds are built into a temporary store.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, ROOT, machine, source_tree  # noqa: E402
from serve import PREFIXES, QUERIES, draw_params  # noqa: E402

OXIGRAPH = ROOT / ".venv" / "bin" / "oxigraph"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_oxigraph(store_dir: Path, work: Path) -> tuple[subprocess.Popen[bytes], str, float]:
    """Load the build's N-Quads export into a fresh Oxigraph server; return (process, URL, seconds to load)."""
    import pyoxigraph as ox

    program = str(OXIGRAPH) if OXIGRAPH.exists() else shutil.which("oxigraph")
    if not program:
        raise SystemExit("the oxigraph server (PyPI package `oxigraph`) is not installed")
    dump = work / "dump.nq"
    started = time.perf_counter()
    ox.Store.read_only(str(store_dir / "current" / "oxigraph")).dump(str(dump), ox.RdfFormat.N_QUADS)
    subprocess.run([program, "load", "--location", str(work / "server"), "--file", str(dump)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    loaded = time.perf_counter() - started
    dump.unlink()
    port = free_port()
    process = subprocess.Popen([program, "serve-read-only", "--location", str(work / "server"), "--bind",
                                f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).close()
            return process, url, loaded
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the oxigraph server did not start")


def measure(name: str, requests: list[str], clients: dict[str, object], runs: int, seconds: float,
            remote_store: object) -> dict[str, object]:  # fmt: skip
    """Send `requests` in turn to both apps (alternating), at most `runs` each or `seconds`; return medians."""
    times: dict[str, list[float]] = {"embedded": [], "remote": []}
    trips: list[int] = []
    deadline = time.monotonic() + seconds
    for index in range(runs):
        if time.monotonic() > deadline:
            break
        path = requests[index % len(requests)]
        order = ("embedded", "remote") if index % 2 == 0 else ("remote", "embedded")
        for backend in order:
            before = remote_store.round_trips  # type: ignore[attr-defined]
            started = time.perf_counter()
            response = clients[backend].get(path)  # type: ignore[attr-defined]
            body = response.get_data()
            elapsed = time.perf_counter() - started
            if response.status_code != 200 or not body:
                raise SystemExit(f"{backend} {path}: HTTP {response.status_code}: {body[:300]!r}")
            times[backend].append(elapsed)
            if backend == "remote":
                trips.append(remote_store.round_trips - before)  # type: ignore[attr-defined]
    embedded_ms = statistics.median(times["embedded"]) * 1000
    remote_ms = statistics.median(times["remote"]) * 1000
    return {"scenario": name, "requests": len(times["remote"]), "embedded_ms": round(embedded_ms, 2),
            "remote_ms": round(remote_ms, 2), "ratio": round(remote_ms / embedded_ms, 2),
            "round_trips": round(statistics.mean(trips), 1)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=None, help="an embedded build (default: the seeds, built here)")
    parser.add_argument("--ref", default="HEAD", help="the kg version to measure (a git ref, or worktree)")
    parser.add_argument("--runs", type=int, default=60, help="requests per backend and scenario at most")
    parser.add_argument("--seconds", type=float, default=20.0, help="time per scenario at most")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)

    src, version = source_tree(args.ref)
    sys.path.insert(0, str(src))  # kg is imported from the measured version only
    from kg.config import Settings
    from kg.pipeline import build
    from kg.store import read_meta
    from kg.web import create_app

    work = Path(tempfile.mkdtemp(prefix="kg-bench-remote-", dir=OUT if OUT.exists() else None))
    process = None
    try:
        store_dir = args.store
        if store_dir is None:
            store_dir = work / "seeds"
            build([ROOT / "seeds"], Settings.load(store_dir=store_dir, base_iri="http://localhost:5000/"))
        meta = read_meta(store_dir)
        process, url, loaded = start_oxigraph(store_dir, work)
        apps = {
            "embedded": create_app(Settings.load(store_dir=store_dir, base_iri=meta.base_iri)),
            "remote": create_app(Settings.load(store_dir=Path(url), base_iri=meta.base_iri)),
        }
        clients = {name: app.test_client() for name, app in apps.items()}
        remote_store = apps["remote"].extensions["filmkg"]["remote"]
        started = time.perf_counter()
        for client in clients.values():  # warm up: label index, ontology, counts, query processes
            client.get("/search?q=a")
            client.get("/")
        warm = time.perf_counter() - started
        params = draw_params(store_dir / "current" / "oxigraph", meta.base_iri)

        def sparql(name: str) -> list[str]:
            template = QUERIES[name]
            out = []
            for i in range(20):
                text = PREFIXES + template.format(entity=params.entities[i % len(params.entities)],
                                                  film=params.films[i % len(params.films)],
                                                  person=params.people[i % len(params.people)],
                                                  term=params.terms[i % len(params.terms)])  # fmt: skip
                out.append("/sparql?" + urllib.parse.urlencode({"query": text}))
            return out

        pages = [f"/resource/{slug}" for slug in params.slugs[:40]]
        scenarios: list[tuple[str, Callable[[], list[str]]]] = [
            ("sparql: ASK {}", lambda: ["/sparql?query=ASK%7B%7D"]),
            *((f"sparql: {name}", lambda n=name: sparql(n)) for name in QUERIES),
            ("entity page, HTML", lambda: [p + ".html" for p in pages]),
            ("entity page, Turtle", lambda: [p + ".ttl" for p in pages]),
            ("search", lambda: [f"/search?q={urllib.parse.quote(t)}" for t in params.terms[:40]]),
            ("browse /browse/Person", lambda: ["/browse/Person"]),
        ]
        results = [measure(name, make(), clients, args.runs, args.seconds, remote_store) for name, make in scenarios]
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    report = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "kg": version, "store": str(store_dir),
              "quads": meta.quads, "server_load_s": round(loaded, 1), "warm_up_s": round(warm, 1),
              "machine": machine(), "results": results}  # fmt: skip
    print(f"kg {version}, {meta.quads} quads ({store_dir}); Oxigraph server loaded in {loaded:.1f} s; "
          f"warm-up (search index, counts) {warm:.1f} s")  # fmt: skip
    print(f"{'scenario':<28} {'requests':>8} {'embedded ms':>12} {'remote ms':>10} {'ratio':>6} {'round trips':>11}")
    for row in results:
        print(f"{row['scenario']:<28} {row['requests']:>8} {row['embedded_ms']:>12} {row['remote_ms']:>10} "
              f"{row['ratio']:>6} {row['round_trips']:>11}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
