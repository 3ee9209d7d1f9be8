"""Time `kg build --add` of one document to a store of N documents against a full rebuild of the N + 1.

A seeded corpus of N + 1 generated reviews (bench/corpus.py) is split into the first N and the last one. The N are
built once; then, `--repeat` times and in alternating order so a burst of load on the shared machine hits both,
a copy of that store gets `kg build --add` of the last document, and a fresh store gets `kg build` of all N + 1;
`kg remove` of the added document is timed too. Each command runs as a child process (`--workers 1`, the fastest
choice for short generated reviews); wall and CPU seconds come from the kernel. The added store's sorted N-Quads are
compared with the full build's (read and build times aside), so the figures are for a build that gives the same graph.

Usage: nice .venv/bin/python bench/incremental.py --docs 300 [--repeat 3] [--ref HEAD] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, PYTHON, child_env, machine, source_tree  # noqa: E402
from corpus import write_corpus  # noqa: E402

READ_TIMES = ("ontology#readAt>", "http://www.w3.org/ns/prov#generatedAtTime>")


def split_corpus(docs: int, seed: int) -> tuple[Path, Path]:
    """Return (folder of the first `docs` documents, folder of the one after), generating them the first time."""
    root = OUT / f"incremental-{docs}-s{seed}"
    first, last = root / "first", root / "last"
    if not (root / ".complete").exists():
        shutil.rmtree(root, ignore_errors=True)
        write_corpus(docs + 1, seed, root / "all")
        files = sorted((root / "all").glob("*.txt"))
        first.mkdir(parents=True)
        last.mkdir()
        for n, path in enumerate(files):
            path.rename((first if n < docs else last) / path.name)
        (root / ".complete").write_text("ok")
    return first, last


def run(command: list[str], src: Path) -> dict[str, object]:
    """Run `kg …` in a child; return its wall seconds, the CPU seconds of its process tree and its last line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [str(PYTHON), "-m", "kg", *command], capture_output=True, text=True, env=child_env(src), cwd=src
    )  # not the checkout: `python -m` puts the working directory first on sys.path
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"kg {' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = done.stdout.strip().splitlines()
    return {"seconds": round(elapsed, 2), "cpu_s": round(cpu, 2), "out": lines[-1] if lines else ""}


def nquads(store: Path, src: Path) -> list[str]:
    """The store's sorted N-Quads without read and build times."""
    done = subprocess.run([str(PYTHON), "-m", "kg", "export", "--store", str(store), "--format", "nquads"],
                          capture_output=True, text=True, env=child_env(src), cwd=src, check=True)  # fmt: skip
    return sorted(line for line in done.stdout.splitlines() if line and not any(p in line for p in READ_TIMES))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=300, help="documents already in the store (N)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command")
    parser.add_argument("--ref", default="HEAD", help="git commit of kg to measure, or 'worktree' (default: HEAD)")
    parser.add_argument("--json", type=Path, default=None, help="write all figures here")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    src, sha = source_tree(args.ref)
    first, last = split_corpus(args.docs, args.seed)
    added_id = next(last.glob("*.txt")).name  # `kg remove` takes a document id, a file name or a path
    work = OUT / f"incremental-stores-{args.docs}"
    shutil.rmtree(work, ignore_errors=True)
    base, store, full = work / "base", work / "store", work / "full"
    setup = run(["build", str(first), "--store", str(base), "--workers", "1"], src)
    print(json.dumps({"setup": setup}), file=sys.stderr)
    rows: dict[str, list[dict[str, object]]] = {"add": [], "full": [], "remove": []}
    equal, equal_but_same_as, same_as = None, False, []
    for n in range(args.repeat):
        for kind in ("add", "full") if n % 2 == 0 else ("full", "add"):
            if kind == "add":
                shutil.rmtree(store, ignore_errors=True)
                shutil.copytree(base, store, symlinks=True)
                rows["add"].append(run(["build", "--add", str(last), "--store", str(store), "--workers", "1"], src))
            else:
                shutil.rmtree(full, ignore_errors=True)
                command = ["build", str(first), str(last), "--store", str(full), "--workers", "1"]
                rows["full"].append(run(command, src))
            print(json.dumps({kind: rows[kind][-1]}), file=sys.stderr)
        if equal is None:
            added, rebuilt = nquads(store, src), nquads(full, src)
            equal = added == rebuilt
            same_as = [line for line in set(added) - set(rebuilt) if "owl#sameAs" in line]  # the registry's history
            equal_but_same_as = sorted(set(added) - set(same_as)) == rebuilt
        rows["remove"].append(run(["remove", added_id, "--store", str(store)], src))
        print(json.dumps({"remove": rows["remove"][-1]}), file=sys.stderr)
    removed_equal = nquads(store, src) == nquads(base, src)
    median = {k: (statistics.median(float(r["seconds"]) for r in v), statistics.median(float(r["cpu_s"]) for r in v))
              for k, v in rows.items()}  # fmt: skip
    box = machine()
    print(f"# incremental build benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, kg at {sha}, {box}\n")
    print(f"Store of {args.docs} generated reviews (seed {args.seed}); one more added; `--workers 1`; median of "
          f"{args.repeat} runs (all runs in brackets).\n")  # fmt: skip
    print("| command | wall s | CPU s | ratio to full rebuild (wall; CPU) |")
    print("|---|---:|---:|---:|")
    names = {"add": "`kg build --add` 1 document", "full": f"`kg build` all {args.docs + 1}",
             "remove": "`kg remove` 1 document"}  # fmt: skip
    for kind in ("add", "remove", "full"):
        wall, cpu = median[kind]
        runs = ", ".join(str(r["seconds"]) for r in rows[kind])
        ratio = f"{wall / median['full'][0]:.2f}; {cpu / median['full'][1]:.2f}"
        print(f"| {names[kind]} | {wall:.2f} ({runs}) | {cpu:.2f} | {ratio} |")
    print(f"\nsetup (`kg build` of {args.docs}): {setup['seconds']} s wall, {setup['cpu_s']} CPU s")
    print(f"added store == full build of {args.docs + 1} (sorted N-Quads, times aside): {equal}")
    if not equal:
        print(f"  equal but for {len(same_as)} owl:sameAs lines of IRIs a merge retired (kept on purpose): "
              f"{equal_but_same_as}; e.g. {sorted(same_as)[:1]}")  # fmt: skip
    print(f"after `kg remove`, store == build of the {args.docs}: {removed_equal}")
    print(f"last lines: add: {rows['add'][-1]['out']!r}; full: {rows['full'][-1]['out']!r}")
    if args.json:
        args.json.write_text(json.dumps({"ref": sha, "machine": box, "docs": args.docs, "rows": rows,
                                         "equal": equal, "equal_but_same_as": equal_but_same_as,
                                         "removed_equal": removed_equal}, indent=2))  # fmt: skip
    return 0 if (equal or equal_but_same_as) and removed_equal else 1


if __name__ == "__main__":
    raise SystemExit(main())
