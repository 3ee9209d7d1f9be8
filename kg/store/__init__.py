"""STAGE 5: quads <-> pyoxigraph. Builds go into a fresh directory, then one symlink swap publishes them.

Each document's quads sit in its own named graph; the default graph holds their merge (each
triple once), so plain queries see every fact once however many documents state it.

Layout of a store directory:  current -> builds/<stamp>/   each build: oxigraph/ (RocksDB) + meta.json.
A build that fails or is killed leaves `current` pointing at the previous, intact build.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import StoreError
from ..vocab import ONTOLOGY_FILE, ONTOLOGY_IRI

__all__ = ["StoreMeta", "open_store", "build_into", "read_meta", "load_ontology", "memory_store"]

CURRENT = "current"
BUILDS = "builds"
META = "meta.json"
KEEP_BUILDS = 2  # the current build and the one before it (a server may still be reading it)


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


def fill(store: ox.Store, quads: Sequence[ox.Quad], bulk: bool = True) -> None:
    """Write named-graph `quads`, their merge into the default graph, and the ontology."""
    add = store.bulk_extend if bulk else store.extend
    add(quads)
    add(merged(quads))
    load_ontology(store)


def memory_store(quads: Sequence[ox.Quad]) -> ox.Store:
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


def build_into(store_dir: str | Path, quads: Sequence[ox.Quad], meta: StoreMeta) -> Path:
    """Write `quads` and the ontology into a new build of `store_dir`, then make it current.

    Returns the new build's directory. Nothing visible changes until the final rename.
    """
    root = Path(store_dir)
    builds = root / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    target = builds / stamp
    target.mkdir()
    store = ox.Store(str(target / "oxigraph"))
    fill(store, quads)
    store.optimize()
    meta.quads = len(store)
    store.flush()
    del store
    (target / META).write_text(json.dumps(asdict(meta), indent=2), "utf-8")
    _publish(root, target)
    _prune(root, keep=target)
    return target


def _publish(root: Path, target: Path) -> None:
    link = root / CURRENT
    temporary = root / f".{CURRENT}.{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(os.path.relpath(target, root), temporary)
    os.replace(temporary, link)  # atomic on POSIX: readers see the old build or the new one


def _prune(root: Path, keep: Path) -> None:
    builds = sorted((p for p in (root / BUILDS).iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
    complete = [p for p in builds if (p / META).exists()]
    for old in complete[:-KEEP_BUILDS]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
    for partial in builds:  # builds killed before they finished never got a meta.json
        if not (partial / META).exists() and partial != keep and time.time() - partial.stat().st_mtime > 60:
            shutil.rmtree(partial, ignore_errors=True)
