"""Time the build stage by stage, against pyoxigraph bulk-loading the very same quads (the store's own floor).

For each size, a fresh child process generates (or reuses) a corpus with bench/corpus.py, then runs the library's
stages one by one: load (read, clean, split, detect language), extract, resolve, to-quads, write (kg.store.build_into:
bulk load, default-graph merge, ontology, optimise, publish). In the same process it then bulk-loads the same quads
into a fresh pyoxigraph store (`Store(path).bulk_extend`), the fastest any build could write them, and prints our total
as a ratio of that floor. Optionally the `kg build` command itself is run too (with its progress bar), to show its
peak memory from the kernel's accounting.

Usage: nice .venv/bin/python bench/build.py --docs 1000,10000,50000 [--cli] [--profile] [--json out.json]

`--workers-compare` measures instead the parallel build (issue 9): per size, the extraction stage alone and the
whole `kg build` with 1 and 2 workers and with the default, their throughput (docs/s) and ratio, within `--budget`:
    nice .venv/bin/python bench/build.py --workers-compare --docs 50,300,1000 --repeat 2 --budget 900
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, PYTHON, ROOT, child_env, machine, source_tree  # noqa: E402
from corpus import write_corpus  # noqa: E402

BASE_IRI = "http://localhost:5000/"
STAGES = ("load", "extract", "resolve", "to-quads", "write")


def corpus_dir(docs: int, seed: int) -> Path:
    """Return the folder holding the corpus of `docs` documents, generating it the first time."""
    folder = OUT / f"corpus-{docs}-s{seed}"
    marker = folder / ".complete"
    if not marker.exists():
        write_corpus(docs, seed, folder)
        marker.write_text("ok")
    return folder


def cpu_seconds() -> float:
    """CPU time of this process, all threads, user and system: unlike wall time, other people's load barely moves it."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def disk_mib(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def run_one(docs: int, seed: int, profile: bool, stream: bool = False) -> dict[str, object]:
    """Run every stage once on `docs` documents in this process and return the figures.

    With `stream`, the quads are never held in a list: to_quads feeds one bulk load of each quad and its
    default-graph copy (a prototype of a lower-memory write, measured here before proposing it for kg.store).
    """
    import pyoxigraph as ox

    from kg.documents import load_documents
    from kg.extractors import extract
    from kg.graph import to_quads
    from kg.resolve import resolve
    from kg.store import StoreMeta, build_into, load_ontology, merged

    folder = corpus_dir(docs, seed)
    corpus_bytes = sum(p.stat().st_size for p in folder.glob("*.txt"))
    store_dir = OUT / f"store-{docs}-s{seed}" if not stream else OUT / f"stream-store-{docs}-s{seed}"
    shutil.rmtree(store_dir, ignore_errors=True)
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    rss: dict[str, float] = {}
    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.002)

    cpu_mark = [cpu_seconds()]

    def stage(name: str, started: float) -> float:
        now, cpu_now = time.perf_counter(), cpu_seconds()
        seconds[name] = now - started
        cpu[name] = cpu_now - cpu_mark[0]
        cpu_mark[0] = cpu_now
        rss[name] = peak_rss_mib()
        return now

    rss["start"] = peak_rss_mib()
    skipped: list[object] = []
    if profiler:
        profiler.start()
    t = time.perf_counter()
    cpu_mark[0] = cpu_seconds()
    documents = list(load_documents([folder], on_error=skipped.append))
    t = stage("load", t)
    claims = [claim for document in documents for claim in extract(document)]
    t = stage("extract", t)
    resolution = resolve(claims)
    t = stage("resolve", t)
    n_claims, entities = len(claims), len(resolution.entities)
    del claims
    if stream:
        if profiler:
            profiler.stop()
        produced = 0

        def with_merge(source: Iterator[ox.Quad]) -> Iterator[ox.Quad]:
            nonlocal produced
            for quad in source:
                produced += 1
                yield quad
                yield ox.Quad(quad.subject, quad.predicate, quad.object)

        target = store_dir / "oxigraph"
        target.parent.mkdir(parents=True)
        store = ox.Store(str(target))
        store.bulk_extend(with_merge(to_quads(resolution, documents, BASE_IRI)))
        load_ontology(store)
        store.optimize()
        store_quads = len(store)
        store.flush()
        del store
        t = stage("to-quads+write", t)
        peak = peak_rss_mib()
        store_size = disk_mib(target)
        quads = list(to_quads(resolution, documents, BASE_IRI))  # for the floor only, after the peak was read
        assert len(quads) == produced
    else:
        quads = list(to_quads(resolution, documents, BASE_IRI))
        t = stage("to-quads", t)
        if profiler:
            profiler.stop()
        meta = StoreMeta(base_iri=BASE_IRI, built_at=datetime.now(UTC).isoformat(timespec="seconds"), documents=docs)
        build = build_into(store_dir, quads, meta)
        t = stage("write", t)
        peak = peak_rss_mib()
        store_quads = meta.quads
        store_size = disk_mib(build / "oxigraph")
    del documents, resolution
    gc.collect()

    # The floors: pyoxigraph bulk-loading the same quads into a fresh store, then also their default-graph merge.
    floors: dict[str, float] = {}
    floors_cpu: dict[str, float] = {}
    for name, payload in (("bulk_extend(quads)", quads), ("bulk_extend(quads + merge)", None)):
        target = OUT / f"floor-{docs}-{os.getpid()}"
        shutil.rmtree(target, ignore_errors=True)
        started, cpu_started = time.perf_counter(), cpu_seconds()
        store = ox.Store(str(target))
        if payload is None:
            store.bulk_extend(quads)
            store.bulk_extend(merged(quads))
        else:
            store.bulk_extend(payload)
        store.flush()
        floors[name] = time.perf_counter() - started
        floors_cpu[name] = cpu_seconds() - cpu_started
        del store
        shutil.rmtree(target, ignore_errors=True)
    total, total_cpu = sum(seconds.values()), sum(cpu.values())
    result: dict[str, object] = {
        "docs": docs,
        "variant": "stream" if stream else "library",
        "seed": seed,
        "corpus_mb": round(corpus_bytes / 1e6, 2),
        "skipped": len(skipped),
        "claims": n_claims,
        "entities": entities,
        "quads_produced": len(quads),
        "store_quads": store_quads,
        "store_mib": round(store_size, 1),
        "seconds": {k: round(v, 3) for k, v in seconds.items()},
        "total_s": round(total, 3),
        "cpu_s": {k: round(v, 3) for k, v in cpu.items()},
        "total_cpu_s": round(total_cpu, 3),
        "extract_resolve_docs_per_cpu_s": round(docs / (cpu["extract"] + cpu["resolve"]), 1),
        "docs_per_cpu_s": round(docs / total_cpu, 1),
        "docs_per_s": round(docs / total, 1),
        "extract_resolve_docs_per_s": round(docs / (seconds["extract"] + seconds["resolve"]), 1),
        "load_extract_resolve_docs_per_s": round(docs / (seconds["load"] + seconds["extract"] + seconds["resolve"]), 1),
        "quads_per_s": round(len(quads) / total, 1),
        "peak_rss_mib": round(peak, 1),
        "rss_after_stage_mib": {k: round(v, 1) for k, v in rss.items()},
        "floor_s": {k: round(v, 3) for k, v in floors.items()},
        "floor_cpu_s": {k: round(v, 3) for k, v in floors_cpu.items()},
        "ratio_to_floor_cpu": round(total_cpu / floors_cpu["bulk_extend(quads)"], 1),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "ratio_to_floor": round(total / floors["bulk_extend(quads)"], 1),
    }
    if profiler:
        report = OUT / f"profile-build-{docs}.txt"
        report.write_text(profiler.output_text(unicode=False, color=False, show_all=False))
        result["profile"] = str(report.relative_to(ROOT))
    return result


def run_cli(docs: int, seed: int, src: Path) -> dict[str, object]:
    """Run `kg build` (with its progress bar) in a child and read its peak RSS from the kernel."""
    folder = corpus_dir(docs, seed)
    store_dir = OUT / f"cli-store-{docs}-s{seed}"
    shutil.rmtree(store_dir, ignore_errors=True)
    started = time.perf_counter()
    log = (OUT / f"cli-build-{docs}.log").open("w")
    command = [str(PYTHON), "-m", "kg", "build", str(folder), "--store", str(store_dir)]
    child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=child_env(src))
    _pid, status, usage = os.wait4(child.pid, 0)
    log.close()
    elapsed = time.perf_counter() - started
    shutil.rmtree(store_dir, ignore_errors=True)
    cpu = usage.ru_utime + usage.ru_stime
    return {"docs": docs, "exit": os.waitstatus_to_exitcode(status), "seconds": round(elapsed, 2),
            "cpu_s": round(cpu, 2), "peak_rss_mib": round(usage.ru_maxrss / 1024, 1)}  # fmt: skip


def run_extract(docs: int, seed: int, workers: int) -> dict[str, object]:
    """Read the corpus, then time the extraction alone over `workers` processes (the pool start included)."""
    from kg.documents import load_documents
    from kg.parallel import extract_all

    documents = list(load_documents([corpus_dir(docs, seed)]))
    chars = sum(len(d.text) for d in documents)
    started, cpu_started = time.perf_counter(), cpu_seconds()
    claims = sum(len(found) for _doc, found, _summaries in extract_all(documents, workers, chunk=8))
    seconds = time.perf_counter() - started
    return {"docs": docs, "workers": workers, "chars": chars, "claims": claims, "seconds": round(seconds, 3),
            "parent_cpu_s": round(cpu_seconds() - cpu_started, 3)}  # fmt: skip


def run_build_cli(docs: int, seed: int, src: Path, workers: int | None) -> dict[str, object]:
    """Run `kg build --workers N` (None: the default) in a child; wall seconds, CPU seconds of the whole tree."""
    folder = corpus_dir(docs, seed)
    store_dir = OUT / f"workers-store-{docs}-{workers}"
    shutil.rmtree(store_dir, ignore_errors=True)
    command = [str(PYTHON), "-m", "kg", "build", str(folder), "--store", str(store_dir)]
    command += [] if workers is None else ["--workers", str(workers)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=child_env(src))
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the child and every process it waited for
    shutil.rmtree(store_dir, ignore_errors=True)
    if done.returncode:
        raise SystemExit(f"kg build failed ({done.returncode}): {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"docs": docs, "workers": "default" if workers is None else workers, "seconds": round(elapsed, 2),
            "cpu_s": round(cpu, 2), "docs_per_s": round(docs / elapsed, 1), "out": done.stdout.strip()}  # fmt: skip


def workers_compare(sizes: list[int], seed: int, src: Path, repeat: int, budget: float) -> list[dict[str, object]]:
    """Build throughput with 1 and 2 workers (and the default), alternating their order, within `budget` seconds.

    Per size: the extraction stage alone with 1 and 2 workers (pool start included), then `kg build` with
    `--workers 1`, `--workers 2` and no option, `repeat` times in alternating order so that a burst of load on the
    shared machine hits both. Whatever the budget leaves unmeasured is reported as not run, never extrapolated.
    """
    deadline = time.monotonic() + budget
    rows: list[dict[str, object]] = []
    for docs in sizes:
        corpus_dir(docs, seed)
        for workers in (1, 2):
            command = [str(PYTHON), __file__, "--extract-one", str(docs), "--seed", str(seed), "--extract-workers"]
            done = subprocess.run([*command, str(workers)], capture_output=True, text=True, env=child_env(src))
            if done.returncode:
                raise SystemExit(done.stderr[-2000:])
            rows.append({"kind": "extract", **json.loads(done.stdout.strip().splitlines()[-1])})
            print(json.dumps(rows[-1]), file=sys.stderr)
        for n in range(repeat):
            for workers in (1, 2, None) if n % 2 == 0 else (None, 2, 1):
                if time.monotonic() > deadline:
                    print(f"budget spent: {docs} docs, run {n + 1}, workers {workers} not run", file=sys.stderr)
                    continue
                rows.append({"kind": "build", "run": n + 1, **run_build_cli(docs, seed, src, workers)})
                print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def print_workers(rows: list[dict[str, object]]) -> None:
    """Print extraction and whole-build throughput per worker count, and the ratio of 2 workers to 1."""
    print("\n## Parallel build: throughput with 1 and 2 workers (docs/s; wall seconds, CPU seconds)\n")
    print("Extraction stage alone (documents already read; the pool's start is included):\n")
    print("| docs | text MB | 1 worker: s (docs/s) | 2 workers: s (docs/s) | ratio 2/1 (docs/s) |")
    print("|---:|---:|---:|---:|---:|")
    extract = [r for r in rows if r["kind"] == "extract"]
    for docs in sorted({int(r["docs"]) for r in extract}):  # type: ignore[call-overload]
        one = next(r for r in extract if r["docs"] == docs and r["workers"] == 1)
        two = next(r for r in extract if r["docs"] == docs and r["workers"] == 2)
        rate1, rate2 = docs / float(one["seconds"]), docs / float(two["seconds"])  # type: ignore[arg-type]
        print(f"| {docs} | {int(one['chars']) / 1e6:.2f} | {one['seconds']} ({rate1:.0f}) "  # type: ignore[call-overload]
              f"| {two['seconds']} ({rate2:.0f}) | {rate2 / rate1:.2f} |")  # fmt: skip
    print("\n`kg build` (the CLI in a child process; the best run, the least disturbed by other load; every run in "
          "brackets. CPU s: the kg process as the kernel accounts it, without the pool workers):\n")  # fmt: skip
    print("| docs | workers | wall s | CPU s | docs/s | ratio to 1 worker (docs/s) |")
    print("|---:|---|---:|---:|---:|---:|")
    builds = [r for r in rows if r["kind"] == "build"]
    for docs in sorted({int(r["docs"]) for r in builds}):  # type: ignore[call-overload]
        best: dict[object, float] = {}
        for workers in (1, 2, "default"):
            runs = [r for r in builds if r["docs"] == docs and r["workers"] == workers]
            if not runs:
                continue
            walls = sorted(float(r["seconds"]) for r in runs)  # type: ignore[arg-type]
            cpus = sorted(float(r["cpu_s"]) for r in runs)  # type: ignore[arg-type]
            best[workers] = walls[0]
            ratio = f"{best[1] / best[workers]:.2f}" if 1 in best else "-"
            print(f"| {docs} | {workers} | {best[workers]:.2f} ({', '.join(f'{w:.2f}' for w in walls)}) "
                  f"| {cpus[0]:.2f} | {docs / best[workers]:.1f} | {ratio} |")  # fmt: skip


def print_table(results: list[dict[str, object]]) -> None:
    """Print the figures per size, the share of time per stage, and the cost per document against the smallest.

    Wall time is what a user waits; CPU time (all threads) is what the work costs, and is the figure to trust
    when the machine is shared (the load average at the end of each run is printed beside it).
    """
    print("\n## Build (one process; wall seconds, and CPU seconds in brackets)\n")
    print("| docs | variant | claims | quads | store MiB | total s | docs/s (per CPU-s) | extract+resolve docs "
          "per CPU-s | quads/s | peak RSS MiB | floor s | ratio to floor | load avg |")  # fmt: skip
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        floor, floor_cpu = r["floor_s"]["bulk_extend(quads)"], r["floor_cpu_s"]["bulk_extend(quads)"]  # type: ignore[index]
        print(f"| {r['docs']} | {r['variant']} | {r['claims']} | {r['quads_produced']} | {r['store_mib']} "
              f"| {r['total_s']} ({r['total_cpu_s']}) | {r['docs_per_s']} ({r['docs_per_cpu_s']}) "
              f"| {r['extract_resolve_docs_per_cpu_s']} | {r['quads_per_s']} | {r['peak_rss_mib']} "
              f"| {floor} ({floor_cpu}) | {r['ratio_to_floor']}× ({r['ratio_to_floor_cpu']}×) "
              f"| {r['load_avg_1m']} |")  # fmt: skip
    print("\nShare of time per stage, wall % (CPU %):\n")
    print("| docs | variant | stage shares |")
    print("|---:|---|---|")
    for r in results:
        seconds: dict[str, float] = r["seconds"]  # type: ignore[assignment]
        cpu: dict[str, float] = r["cpu_s"]  # type: ignore[assignment]
        total, total_cpu = sum(seconds.values()), sum(cpu.values())
        shares = ", ".join(f"{k} {100 * v / total:.0f} ({100 * cpu[k] / total_cpu:.0f})" for k, v in seconds.items())
        print(f"| {r['docs']} | {r['variant']} | {shares} |")
    results = [r for r in results if r["variant"] == "library"]
    if not results:
        return
    base = results[0]
    print(f"\nLinearity: CPU µs per document per stage, and its ratio to the {base['docs']}-document run:\n")
    print("| docs | " + " | ".join(STAGES) + " | total |")
    print("|---:|" + "---:|" * (len(STAGES) + 1))
    for r in results:
        cells = []
        for name in (*STAGES, "total"):
            per_doc = (r["total_cpu_s"] if name == "total" else r["cpu_s"][name]) / r["docs"]  # type: ignore[index,operator]
            first = (base["total_cpu_s"] if name == "total" else base["cpu_s"][name]) / base["docs"]  # type: ignore[index,operator]
            cells.append(f"{1e6 * per_doc:.0f} ({per_doc / first:.2f}×)")
        print(f"| {r['docs']} | " + " | ".join(cells) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", default="1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cli", action="store_true", help="also run `kg build` for each size (peak RSS, progress bar)")
    parser.add_argument("--stream", action="store_true", help="also run the streamed-write prototype for each size")
    parser.add_argument("--profile", action="store_true", help="pyinstrument the Python stages (load to to-quads)")
    parser.add_argument("--ref", default="HEAD", help="git commit of kg to measure, or 'worktree' (default: HEAD)")
    parser.add_argument("--json", type=Path, default=None, help="write all figures here")
    parser.add_argument("--workers-compare", action="store_true",
                        help="build throughput with 1 and 2 workers and the default, their ratio")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=2, help="--workers-compare: builds per size and worker count")
    parser.add_argument("--budget", type=float, default=900, help="--workers-compare: stop starting builds after this")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)  # child mode: one size, JSON out
    parser.add_argument("--extract-one", type=int, default=None, help=argparse.SUPPRESS)  # child: extraction only
    parser.add_argument("--extract-workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.one is not None:
        print(json.dumps(run_one(args.one, args.seed, args.profile, args.stream)))
        return 0
    if args.extract_one is not None:
        print(json.dumps(run_extract(args.extract_one, args.seed, args.extract_workers)))
        return 0
    src, sha = source_tree(args.ref)
    if args.workers_compare:
        sizes = [int(d) for d in args.docs.split(",")]
        rows = workers_compare(sizes, args.seed, src, args.repeat, args.budget)
        print(f"# parallel build benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, kg at {sha}, {machine()}")
        print_workers(rows)
        if args.json:
            args.json.write_text(json.dumps({"ref": sha, "machine": machine(), "workers": rows}, indent=2))
        return 0
    results, cli = [], []
    for docs in (int(d) for d in args.docs.split(",")):
        corpus_dir(docs, args.seed)  # generate outside the timed child
        for stream in (False, True) if args.stream else (False,):
            command = [str(PYTHON), __file__, "--one", str(docs), "--seed", str(args.seed)]
            command += ["--profile"] if args.profile and not stream else []
            command += ["--stream"] if stream else []
            done = subprocess.run(command, capture_output=True, text=True, env=child_env(src))
            if done.returncode:
                sys.stderr.write(done.stderr)
                return done.returncode
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(json.dumps(results[-1]), file=sys.stderr)
        if args.cli:
            cli.append(run_cli(docs, args.seed, src))
            print(json.dumps(cli[-1]), file=sys.stderr)
    box = machine()
    print(f"# build benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, kg at {sha}, {box}")
    print_table(results)
    if cli:
        print("\n`kg build` (CLI, with progress bar):\n")
        print("| docs | exit | wall s | CPU s | peak RSS MiB |\n|---:|---:|---:|---:|---:|")
        for c in cli:
            print(f"| {c['docs']} | {c['exit']} | {c['seconds']} | {c['cpu_s']} | {c['peak_rss_mib']} |")
    if args.json:
        args.json.write_text(json.dumps({"ref": sha, "machine": box, "build": results, "cli": cli}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
