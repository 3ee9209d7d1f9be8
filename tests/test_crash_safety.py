"""Builds killed with SIGKILL at random points, builds racing each other, readers during a build: no triple is lost."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.store
from kg.config import Settings
from kg.pipeline import build
from kg.store import BUILDS, CURRENT, PREVIOUS, open_store, read_meta

from .conftest import BASE, ROOT, SEEDS

_DATETIME = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")
COPIES = 2  # 10 documents: the build is killed while starting, reading, extracting and writing


def _kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def _fingerprint(store_dir: Path) -> tuple[int, str, int]:
    """Quad count, a digest of every quad, and a SPARQL count: what a reader of the store sees.

    Times (when each document was read, when the build ran) differ between two builds of the same files, so
    xsd:dateTime values are left out of the digest.
    """
    store = open_store(store_dir)
    lines = sorted(str(q) for q in store if not (isinstance(q.object, ox.Literal) and q.object.datatype == _DATETIME))
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    [row] = store.query("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
    return len(store), digest, int(row["n"].value)


def _servable(store_dir: Path) -> dict[str, object]:
    done = subprocess.run(_kg("serve", "--store", str(store_dir), "--get", "/healthz"), capture_output=True,
                          env=_env(), timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


def _build_dirs(store_dir: Path) -> set[str]:
    return {p.name for p in (store_dir / BUILDS).iterdir()}


def _linked(store_dir: Path) -> set[str]:
    return {(store_dir / name).resolve().name for name in (CURRENT, PREVIOUS) if (store_dir / name).is_symlink()}


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """Copies of the seeds under distinct names: many documents, many named graphs."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for number in range(COPIES):
        for seed in sorted(SEEDS.iterdir()):
            shutil.copy(seed, folder / f"{seed.stem}-{number}{seed.suffix}")
    return folder


@pytest.fixture()
def seeded(tmp_path: Path) -> Path:
    """A store holding the seed build: the 'previous store' every crash must leave intact."""
    store_dir = tmp_path / "store"
    build([SEEDS], Settings.load(store_dir=store_dir, base_iri=BASE))
    return store_dir


_WRITER = """
import sys, time
import pyoxigraph as ox
from kg.store import StoreMeta, build_into
quads = list(ox.parse(path=sys.argv[2], format=ox.RdfFormat.N_QUADS))
meta = StoreMeta(base_iri=sys.argv[3], built_at=str(time.time_ns()), documents=int(sys.argv[4]))
build_into(sys.argv[1], quads, meta)
"""


def _kill_at_random_points(store_dir: Path, command: list[str], rng: random.Random, kills: int,
                           whole: float) -> tuple[int, int]:  # fmt: skip
    """SIGKILL `command` `kills` times; after each, the store must be the previous one (or a whole new one)."""
    before, meta_before = _fingerprint(store_dir), read_meta(store_dir)
    landed = mid_write = 0
    for attempt in range(kills):
        known = _build_dirs(store_dir)
        process = subprocess.Popen(command, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if attempt % 2 == 0:  # anywhere in the run: start-up, reading, extracting, writing, publishing
            time.sleep(rng.uniform(0.05, 1.0) * whole)
        else:  # once the new build directory exists: while RocksDB files are written, synced, published
            while process.poll() is None and _build_dirs(store_dir) <= known:
                time.sleep(0.002)
            time.sleep(rng.uniform(0.0, 0.5) * whole)
        process.send_signal(signal.SIGKILL)
        returncode = process.wait(timeout=120)
        if read_meta(store_dir) != meta_before:  # it published before the kill: a whole new build, which is fine
            assert returncode in (0, -signal.SIGKILL)
            before, meta_before = _fingerprint(store_dir), read_meta(store_dir)
            continue
        assert returncode == -signal.SIGKILL
        landed += 1
        mid_write += bool(_build_dirs(store_dir) - known - _linked(store_dir))
        assert _fingerprint(store_dir) == before
        if attempt % 3 == 0:
            assert _servable(store_dir) == {"status": "ok", "quads": before[0]}
    return landed, mid_write


@pytest.mark.slow
def test_sigkill_at_random_points_leaves_the_previous_store_intact(seeded: Path, corpus: Path, tmp_path: Path) -> None:
    rng = random.Random(8)
    command = _kg("build", str(corpus), "--store", str(seeded), "--base-iri", BASE)
    started = time.monotonic()
    subprocess.run(command, env=_env(), check=True, capture_output=True, timeout=600)  # how long a whole build takes
    whole = time.monotonic() - started
    landed, mid_write = _kill_at_random_points(seeded, command, rng, kills=4, whole=whole)

    # The write-and-publish window is the dangerous one: drive build_into alone on a bigger graph, killed often.
    quads = tmp_path / "many.nq"
    graph = [q for q in open_store(seeded) if not isinstance(q.graph_name, ox.DefaultGraph)]
    with quads.open("wb") as handle:
        for copy in range(10):
            renamed = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(f"{q.graph_name.value}-{copy}"))
                       for q in graph]  # fmt: skip
            ox.serialize(renamed, handle, ox.RdfFormat.N_QUADS)
    writer = [sys.executable, "-c", _WRITER, str(seeded), str(quads), BASE, "10"]
    started = time.monotonic()
    subprocess.run(writer, env=_env(), check=True, timeout=600)
    whole = time.monotonic() - started
    more_landed, more_mid_write = _kill_at_random_points(seeded, writer, rng, kills=8, whole=whole)
    landed, mid_write = landed + more_landed, mid_write + more_mid_write
    assert landed >= 6, f"only {landed} of 12 kills landed before the build published"
    print(f"\n{landed} of 12 kills landed, {mid_write} with a partial build directory left behind")  # noqa: T201

    done = subprocess.run(command, env=_env(), capture_output=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert read_meta(seeded).documents == 5 * COPIES
    assert _servable(seeded) == {"status": "ok", "quads": _fingerprint(seeded)[0]}
    assert _build_dirs(seeded) == _linked(seeded)  # the killed builds' directories are gone
    assert not [p for p in seeded.iterdir() if p.name.startswith(".current.")]


def test_a_reader_during_a_build_sees_the_old_store_or_the_new_one(seeded: Path, corpus: Path) -> None:
    held = open_store(seeded)  # a server opened before the build
    old = len(held)
    process = subprocess.Popen(_kg("build", str(corpus), "--store", str(seeded), "--base-iri", BASE), env=_env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    seen: list[int] = []
    while process.poll() is None:  # open afresh again and again while the build writes and swaps
        store = open_store(seeded)
        [row] = store.query("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
        seen.append(len(store))
        assert int(row["n"].value) > 0
        assert len(held) == old
    assert process.wait() == 0
    new = len(open_store(seeded))
    assert new > old
    assert set(seen) <= {old, new}
    assert len(seen) > 1
    assert len(held) == old  # the old handle keeps answering after the swap
    assert sum(1 for _ in held.query("SELECT * { ?s ?p ?o }")) > 0


def test_concurrent_builds_take_turns_and_both_succeed(seeded: Path, corpus: Path) -> None:
    commands = [
        _kg("build", str(corpus), "--store", str(seeded), "--base-iri", BASE),
        _kg("build", str(SEEDS), "--store", str(seeded), "--base-iri", BASE),
    ]
    processes = [subprocess.Popen(c, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE) for c in commands]
    for process in processes:
        _out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
    assert read_meta(seeded).documents in {5, 5 * COPIES}
    assert _servable(seeded)["status"] == "ok"
    assert _build_dirs(seeded) == _linked(seeded)
    assert len(_build_dirs(seeded)) <= 2


def test_leftovers_of_killed_builds_are_removed_by_the_next_build(seeded: Path) -> None:
    partial = seeded / BUILDS / "20000101T000000-1-1"
    (partial / "oxigraph").mkdir(parents=True)
    (partial / "oxigraph" / "000001.sst").write_bytes(b"half a table")
    os.symlink(partial, seeded / ".current.99999")
    before = _fingerprint(seeded)
    assert len(_build_dirs(seeded)) == 2
    build([SEEDS], Settings.load(store_dir=seeded, base_iri=BASE))
    assert not partial.exists()
    assert not (seeded / ".current.99999").is_symlink()
    assert _build_dirs(seeded) == _linked(seeded)
    assert _fingerprint(seeded) == before


def test_a_build_that_fails_while_writing_leaves_no_directory(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _fingerprint(seeded)
    dirs = _build_dirs(seeded)

    def broken_fill(store: ox.Store, quads: object, bulk: bool = True) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kg.store, "fill", broken_fill)
    with pytest.raises(OSError, match="No space left"):
        build([SEEDS], Settings.load(store_dir=seeded, base_iri=BASE))
    assert _build_dirs(seeded) == dirs
    assert _fingerprint(seeded) == before


def test_the_build_before_the_current_one_is_kept_for_servers_still_reading_it(seeded: Path) -> None:
    first = (seeded / CURRENT).resolve()
    build([SEEDS / "003_05a17626e14abc0a.txt"], Settings.load(store_dir=seeded, base_iri=BASE))
    assert (seeded / PREVIOUS).resolve() == first
    build([SEEDS], Settings.load(store_dir=seeded, base_iri=BASE))
    assert not first.exists()  # two builds later it goes
    assert len(_build_dirs(seeded)) == 2
