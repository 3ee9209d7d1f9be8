"""STAGE 5: quads <-> pyoxigraph. Builds go into a fresh directory, then one symlink swap publishes them.

Each document's quads sit in its own named graph; the default graph holds their merge (each
triple once), so plain queries see every fact once however many documents state it.

Layout of a store directory:  current -> builds/<stamp>/   each build: oxigraph/ (RocksDB) + meta.json.
                               previous -> the build `current` named before the last swap
A build that fails or is killed leaves `current` pointing at the previous, intact build. Builds into
one store take turns (an flock on .build.lock, released by the kernel if a builder is killed), so a
build that holds the lock knows every directory other than `current` and `previous` is debris from
a killed or failed build and removes it. Readers take no lock: they open `current` read-only.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from ..errors import StoreError
from ..vocab import ONTOLOGY_FILE, ONTOLOGY_IRI

__all__ = ["StoreMeta", "open_store", "build_into", "derive_build", "read_meta", "load_ontology", "memory_store"]

CURRENT = "current"
PREVIOUS = "previous"  # kept because a server opened before the last swap may still be reading it
BUILDS = "builds"
META = "meta.json"
LOCK = ".build.lock"


@dataclass
class StoreMeta:
    """What a build records beside its data: the base IRI entities were minted under, and counts."""

    base_iri: str
    built_at: str = ""
    documents: int = 0
    quads: int = 0
    skipped: list[str] = field(default_factory=list)


def load_ontology(store: ox.Store) -> None:
    """Put the ontology in its own named graph and in the default graph, so it can be queried."""
    for graph in (ox.NamedNode(ONTOLOGY_IRI), ox.DefaultGraph()):
        with ONTOLOGY_FILE.open("rb") as handle:
            store.load(handle, ox.RdfFormat.TURTLE, base_iri=ONTOLOGY_IRI, to_graph=graph)


def merged(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Yield each quad's triple in the default graph (the store keeps each triple once)."""
    for quad in quads:
        yield ox.Quad(quad.subject, quad.predicate, quad.object)


# Quads per write: bounds the bulk loader's memory (~+150 MiB; 500k quads cost ~+600 MiB) whatever the size of the
# build. Each write is a RocksDB ingestion that costs more as the store grows (compaction), so larger chunks are
# faster on large builds (about 2x at 10k documents) at that memory price.
CHUNK = 100_000


def with_merge(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Yield each quad, then its triple in the default graph: both from one pass, so `quads` may be a stream."""
    for quad in quads:
        yield quad
        yield ox.Quad(quad.subject, quad.predicate, quad.object)


def fill(store: ox.Store, quads: Iterable[ox.Quad], bulk: bool = True) -> None:
    """Write named-graph `quads` (any iterable, read once, in bounded chunks), their merge into the default graph,
    and the ontology."""
    add = store.bulk_extend if bulk else store.extend
    stream = with_merge(quads)
    while chunk := list(islice(stream, CHUNK)):
        add(chunk)
    load_ontology(store)


def memory_store(quads: Iterable[ox.Quad]) -> ox.Store:
    """Return an in-memory store holding `quads` and the ontology (for tests and one-off queries)."""
    store = ox.Store()
    fill(store, quads, bulk=False)
    return store


def _current(store_dir: Path) -> Path:
    link = store_dir / CURRENT
    if not link.exists():
        raise StoreError(f"{store_dir}: no built store here; run `kg build SOURCES --store {store_dir}` first")
    return link.resolve()


def read_meta(store_dir: str | Path) -> StoreMeta:
    """Return the metadata of the current build in `store_dir`."""
    path = _current(Path(store_dir)) / META
    try:
        return StoreMeta(**json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise StoreError(f"{path}: unreadable store metadata ({exc})") from None


def open_store(store_dir: str | Path) -> ox.Store:
    """Open the current build of `store_dir` read-only; many processes may do so at once."""
    path = _current(Path(store_dir)) / "oxigraph"
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the store ({exc})") from None


def build_into(
    store_dir: str | Path,
    quads: Iterable[ox.Quad],
    meta: StoreMeta,
    finish: Callable[[Path], None] | None = None,
) -> Path:
    """Write `quads` (any iterable, read once) and the ontology into a new build of `store_dir`, then make it current.

    Derived data (review aggregates, the search index) is added before publishing, and `finish(build_dir)`
    may write files beside the data (the slug registry), so a published build is always complete.
    Returns the new build's directory. Nothing visible changes until the final rename; a build
    killed at any point leaves the previous one current and is cleaned up by the next build.
    """
    from .aggregates import add_derived_data

    root = Path(store_dir)
    builds = root / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    with build_lock(root):
        _prune(root)
        target = new_build_dir(root)
        try:
            store = ox.Store(str(target / "oxigraph"))
            fill(store, quads)
            add_derived_data(store, target, meta.base_iri)
            store.optimize()
            meta.quads = len(store)
            store.flush()
            del store  # closes RocksDB before the build is published
            if finish is not None:
                finish(target)
            seal_and_publish(root, target, meta)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        _prune(root)
    return target


def derive_build(
    store_dir: str | Path,
    change: Callable[[ox.Store, Path, Path, StoreMeta], bool],
    suffix: str = "incremental",
) -> StoreMeta | None:
    """Copy the current build of `store_dir`, let `change(store, source_dir, target_dir, meta)` write into the copy,
    and publish it atomically; return the published metadata, or None when `change` returns False (nothing to do).

    Everything runs under the build lock, so `change` may read the current build's side files (the slug registry,
    the extraction cache) knowing no other build replaces them meanwhile. The copy is a RocksDB checkpoint (hard
    links) plus the side files; a failure or a kill leaves the previous build current and untouched.
    """
    root = Path(store_dir)
    with build_lock(root):
        _prune(root)
        source = _current(root)
        try:
            meta = StoreMeta(**json.loads((source / META).read_text("utf-8")))
        except (OSError, ValueError, TypeError) as exc:
            raise StoreError(f"{source / META}: unreadable store metadata ({exc})") from None
        target = new_build_dir(root, suffix)
        try:
            reader = ox.Store.read_only(str(source / "oxigraph"))
            reader.backup(str(target / "oxigraph"))
            del reader
            for side in source.iterdir():  # the slug registry, the search index and the cache travel with the data
                if side.is_file() and side.name != META:
                    shutil.copy2(side, target / side.name)
            store = ox.Store(str(target / "oxigraph"))
            if not change(store, source, target, meta):
                del store
                shutil.rmtree(target, ignore_errors=True)
                return None
            store.flush()
            meta.quads = len(store)
            del store  # closes RocksDB before the build is published
            meta.built_at = datetime.now(UTC).isoformat(timespec="seconds")
            seal_and_publish(root, target, meta)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        _prune(root)
    return meta


def new_build_dir(root: Path, suffix: str = "") -> Path:
    """Create and return an empty, unpublished build directory under `root` (call it holding the build lock)."""
    stamp = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    target = root / BUILDS / (stamp + (f"-{suffix}" if suffix else ""))
    target.mkdir(parents=True)
    return target


def seal_and_publish(root: Path, target: Path, meta: StoreMeta) -> None:
    """Write the build's metadata, flush everything to disk, then make `target` the current build."""
    _write_durably(target / META, json.dumps(asdict(meta), indent=2).encode("utf-8"))
    _sync_tree(target)
    _publish(root, target)


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on `root` (created if need be) for one build; the kernel drops it if the process dies."""
    root.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # not POSIX: builds are not serialised, everything else still holds
        yield
        return
    with (root / LOCK).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_durably(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _sync_tree(top: Path) -> None:
    """fsync every file and folder under `top`, so a published build survives a power cut too."""
    for folder, _dirs, files in os.walk(top):
        for name in files:
            with contextlib.suppress(OSError), open(os.path.join(folder, name), "rb") as handle:
                os.fsync(handle.fileno())
        _sync_dir(Path(folder))


def _sync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _target(root: Path, name: str) -> Path | None:
    link = root / name
    return link.resolve() if link.is_symlink() and link.exists() else None


def _swap_link(root: Path, name: str, target: Path) -> None:
    temporary = root / f".{name}.{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(os.path.relpath(target, root), temporary)
    os.replace(temporary, root / name)  # atomic on POSIX: readers see the old link or the new one


def _publish(root: Path, target: Path) -> None:
    before = _target(root, CURRENT)
    if before is not None and before != target.resolve():
        _swap_link(root, PREVIOUS, before)
    _swap_link(root, CURRENT, target)
    _sync_dir(root)


def _prune(root: Path) -> None:
    """Remove every build but `current` and `previous`, and links left by a killed swap (lock held)."""
    keep = {_target(root, CURRENT), _target(root, PREVIOUS)}
    for build in (root / BUILDS).iterdir():
        if build.resolve() not in keep:
            if build.is_dir() and not build.is_symlink():
                shutil.rmtree(build, ignore_errors=True)
            else:
                build.unlink(missing_ok=True)
    for leftover in root.glob(".*.*"):
        if leftover.name.startswith((f".{CURRENT}.", f".{PREVIOUS}.")) and leftover.is_symlink():
            leftover.unlink(missing_ok=True)
