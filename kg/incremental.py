"""Incremental builds: add, replace or remove documents in a built store without re-reading the others.

Resolution is global (a new document can merge two names, change a label or a count anywhere), so each build
keeps what extraction produced for every document (`extraction.pickle` beside the data: per document its claims,
its sentence offsets, its corpus extractors' summaries, its content hash, and a digest of the claim quads its
graph holds). `kg build --add` extracts only the new or changed documents, reruns the corpus extractors and the
resolver over every cached claim (with the slug registry, so IRIs stay) and the graph stage, then writes a new
build as a copy of the current one in which only the graphs whose quads changed are rewritten: new, changed and
removed documents, documents whose facts the new resolution changed (a digest differs), the resolution graph and
the aggregates. A triple leaves the default graph only when no named graph still holds it. The result is the
graph a full build of the same documents gives, except what the slug registry remembers on purpose (an entity
keeps its IRI; one merged into another keeps its old IRI as owl:sameAs).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .config import Settings
from .documents import Progress, find_sources, load_documents, no_progress
from .errors import DocumentError, KgError, NoDocumentsError, StoreError
from .extractors import CorpusReader, all_extractors, corpus_extractors
from .graph import RESOLUTION_GRAPH, Cited, cited, claim_quads, document_quads
from .iri import document_iri, slugify
from .model import Claim, Document, Resolution
from .resolve import resolve
from .store import StoreMeta, derive_build
from .store.aggregates import add_derived_data
from .store.registry import forget_documents, read_registry, revive_retired, save_files
from .vocab import ONTOLOGY_FILE

__all__ = ["CACHE", "DocRecord", "Change", "add_documents", "remove_documents", "write_cache", "read_cache"]

CACHE = "extraction.pickle"
CACHE_VERSION = 1
_END = "end of extraction cache"

Say = Callable[[str], None]


@dataclass
class DocRecord:
    """What extraction produced for one document, enough to resolve and write its graph again without its text."""

    doc_id: str
    path: str  # as given to the build (the graph's fk:fileName)
    source: str  # the resolved file, to tell a changed document from another file with the same id
    sha256: str
    claims: list[Claim]
    cited: Cited
    summaries: dict[str, Any]  # corpus extractor name -> its summary of this document, whatever that is
    digest: str = ""  # of the claim quads this document's graph holds in the build that wrote the record


def record(document: Document, claims: list[Claim], summaries: Iterable[Any]) -> DocRecord:
    """Return the cache record of a freshly extracted document (`summaries` in `corpus_extractors()` order)."""
    names = [component.name for component in corpus_extractors()]
    return DocRecord(
        document.doc_id,
        document.path,
        str(Path(document.path).resolve()),
        document.sha256,
        claims,
        cited(document),
        dict(zip(names, summaries, strict=True)),
    )


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Return a digest of what cached extraction depends on: the extractors (names and code), the cue words, the
    document readers and the graph stage. A store cached under another fingerprint needs one full build."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    names = [e.name for e in all_extractors()] + [c.name for c in corpus_extractors()]
    digest.update("\n".join(names).encode("utf-8"))
    files = [*(package / "documents").rglob("*.py"), *(package / "extractors").rglob("*.py")]
    files += [*(package / "lang").rglob("*.toml"), *(package / "graph").rglob("*.py")]
    files += [package / "model.py", package / "iri.py", package / "vocab.py", ONTOLOGY_FILE]
    for path in sorted(files):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def graph_runs(quads: Iterable[ox.Quad]) -> Iterator[tuple[str, list[ox.Quad]]]:
    """Group a stream of quads into runs of one named graph (the graph stage writes each graph's quads together)."""
    done: set[str] = set()
    current, run = "", []
    for quad in quads:
        graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        if graph != current:
            if run:
                yield current, run
            if graph in done:
                raise AssertionError(f"the graph stage wrote {graph} in two runs")
            done.add(current)
            current, run = graph, []
        run.append(quad)
    if run:
        yield current, run


def quads_digest(quads: Iterable[ox.Quad]) -> str:
    """Return an order-free digest of a set of quads."""
    text = "\n".join(sorted({str(quad) for quad in quads}))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def write_cache(build_dir: Path, base_iri: str, records: Iterable[DocRecord]) -> None:
    """Write the extraction cache into `build_dir`, one record at a time, by an atomic rename."""
    records = list(records)
    temporary = build_dir / f".{CACHE}.{os.getpid()}"
    header = {"version": CACHE_VERSION, "fingerprint": fingerprint(), "base_iri": base_iri, "documents": len(records)}
    with temporary.open("wb") as handle:
        for item in [header, *records, _END]:  # each record a pickle of its own, read back one at a time
            pickle.dump(item, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, build_dir / CACHE)


def read_cache(build_dir: Path, base_iri: str) -> list[DocRecord]:
    """Return the records of `build_dir`'s extraction cache, in build order, or say why it cannot be used.

    The cache is read with pickle: it is written by filmkg into the store directory, which only its owner writes.
    """
    path = build_dir / CACHE
    full = "run a full `kg build SOURCES --store DIR` once; later additions can then use --add"
    if not path.is_file():
        raise StoreError(f"{build_dir}: this build has no extraction cache (built before incremental builds); {full}")
    try:
        with path.open("rb") as handle:
            header = pickle.load(handle)
            if not isinstance(header, dict) or header.get("version") != CACHE_VERSION:
                raise StoreError(f"{path}: an extraction cache of another version; {full}")
            records = [pickle.load(handle) for _ in range(int(header["documents"]))]
            if pickle.load(handle) != _END:
                raise ValueError("no end marker")
    except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError, pickle.UnpicklingError) as exc:
        raise StoreError(f"{path}: unreadable extraction cache ({exc}); {full}") from None
    if header.get("fingerprint") != fingerprint():
        raise StoreError(f"{path}: the extractors, readers or graph stage changed since this store was built; {full}")
    if header.get("base_iri") != base_iri:
        raise StoreError(f"{path}: cached under base IRI {header.get('base_iri')}, not {base_iri}; {full}")
    return records


@dataclass
class Change:
    """What an incremental build did, for the CLI to report."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[DocumentError] = field(default_factory=list)
    rewritten: int = 0  # document graphs written again because their facts changed
    documents: int = 0
    entities: int = 0
    quads: int = 0
    published: bool = False


def _quiet(_message: str) -> None:
    pass


def add_documents(
    sources: Iterable[str | Path],
    settings: Settings,
    progress: Progress = no_progress,
    workers: int = 1,
    strict: bool = False,
    say: Say = _quiet,
    base_iri: str | None = None,
) -> Change:
    """Add the documents of `sources` to the store of `settings` (a changed one replaces its earlier version).

    Documents already in the store with the same content are not extracted again. Unreadable files are skipped
    and reported (with `strict`, any of them stops the build); when none is readable the store is left as it
    was. IRIs are minted under the store's base IRI; `base_iri`, when given, must be that one.
    """
    from .parallel import extract_all

    paths = find_sources(sources)
    change = Change()

    def plan(records: list[DocRecord]) -> dict[str, Document]:
        position = {item.doc_id: n for n, item in enumerate(records)}

        def wanted(documents: Iterable[Document]) -> Iterator[Document]:
            for document in documents:
                n = position.get(document.doc_id)
                if n is None:
                    yield document
                    continue
                old = records[n]
                if old.source != str(Path(document.path).resolve()):
                    raise StoreError(
                        f"{document.path}: its id {document.doc_id!r} is taken by another document in the store "
                        f"({old.path}); rename the file, or `kg remove {document.doc_id}` first"
                    )
                if old.sha256 == document.sha256 and old.path == document.path:
                    change.unchanged.append(document.doc_id)
                else:
                    yield document

        loaded = progress(load_documents(paths, on_error=change.skipped.append), len(paths))
        fresh: dict[str, Document] = {}
        new = wanted(loaded)
        extracted = extract_all(new, workers, on_error=change.skipped.append)  # a pool only for much text
        for document, claims, summaries in extracted:
            item = record(document, claims, summaries)
            n = position.get(document.doc_id)
            if n is None:
                position[document.doc_id] = len(records)
                records.append(item)
                change.added.append(document.doc_id)
            else:
                records[n] = item
                change.replaced.append(document.doc_id)
            fresh[document.doc_id] = document
        if strict and change.skipped:
            raise KgError("; ".join(str(error) for error in change.skipped) + " (nothing was written)")
        if not fresh and not change.unchanged:
            reasons = "; ".join(str(error) for error in change.skipped) or "nothing to read"
            raise NoDocumentsError(f"no readable documents ({reasons}); the store is unchanged")
        say(
            f"{len(change.added)} new, {len(change.replaced)} changed, {len(change.unchanged)} unchanged documents; "
            f"{len(records)} in the store"
        )
        return fresh

    return _update(settings, plan, change, say, base_iri)


def remove_documents(names: Iterable[str], settings: Settings, say: Say = _quiet) -> Change:
    """Remove documents (by id, file name or path as built) and every entity no other document supports."""
    wanted = list(names)
    change = Change()

    def plan(records: list[DocRecord]) -> dict[str, Document]:
        gone: set[str] = set()
        for name in wanted:
            matches = [item.doc_id for item in records if _names_document(name, item)]
            if not matches:
                raise StoreError(
                    f"{settings.store_dir}: no document {name!r} in this store ({len(records)} documents; "
                    "`kg stats` lists them)"
                )
            gone.update(matches)
        if len(gone) == len(records):
            raise StoreError(f"{settings.store_dir}: that would remove every document; build anew instead")
        change.removed = [item.doc_id for item in records if item.doc_id in gone]
        records[:] = [item for item in records if item.doc_id not in gone]
        say(f"removing {len(change.removed)} documents; {len(records)} stay")
        return {}

    return _update(settings, plan, change, say)


def _names_document(name: str, item: DocRecord) -> bool:
    """Tell whether `name` (a document id or the name it was made from, a file name, a path as built or as it is
    now) names `item`."""
    if name in (item.doc_id, item.path, item.source, Path(item.path).name) or slugify(name) == item.doc_id:
        return True
    return os.path.exists(name) and str(Path(name).resolve()) == item.source and slugify(Path(name).stem) == item.doc_id


def _update(
    settings: Settings,
    plan: Callable[[list[DocRecord]], dict[str, Document]],
    change: Change,
    say: Say,
    base_iri: str | None = None,
) -> Change:
    """Apply `plan` to the cached records of the current build and publish the result as a new build."""

    def apply(store: ox.Store, source: Path, target: Path, meta: StoreMeta) -> bool:
        if base_iri is not None and base_iri != meta.base_iri:
            raise StoreError(f"{settings.store_dir}: built under base IRI {meta.base_iri}, not {base_iri}")
        base = meta.base_iri
        records = read_cache(source, base)
        before = {item.doc_id: item.digest for item in records}
        fresh = plan(records)
        if not fresh and not change.removed:
            return False
        registry = revive_retired(read_registry(source))  # an entity split off again gets its old slug back
        registry = forget_documents(registry, set(change.removed) | set(change.replaced))  # and none is left over
        resolution = _resolve(records, registry, say)
        say("writing the graphs that changed")
        change.rewritten = _rewrite(store, records, before, fresh, change.removed, resolution, base)
        save_files(target, resolution, registry)
        write_cache(target, base, records)
        say("computing aggregates and the search index")
        add_derived_data(store, target, base)
        meta.documents = len(records)
        meta.skipped = list(meta.skipped) + [str(error) for error in change.skipped]
        change.entities = len(resolution.entities)
        return True

    meta = derive_build(settings.store_dir, apply)
    change.published = meta is not None
    if meta is not None:
        change.documents, change.quads = meta.documents, meta.quads
    return change


def _resolve(records: list[DocRecord], registry: dict[str, Any], say: Say) -> Resolution:
    """Rerun the corpus extractors and the resolver over every document's cached claims."""
    corpus = CorpusReader()
    for name, summaries in corpus.summaries.items():
        for item in records:
            if name not in item.summaries:  # unreachable while the fingerprint holds: a new corpus extractor
                raise StoreError(f"{item.doc_id}: no cached summary for {name}; run a full build once")
            summaries.append(item.summaries[name])
    claims: list[Claim] = [claim for item in records for claim in item.claims]
    claims.extend(corpus.claims())
    say(f"resolving {len(claims):,} claims of {len(records):,} documents")
    return resolve(claims, registry)


def _rewrite(
    store: ox.Store,
    records: list[DocRecord],
    before: dict[str, str],
    fresh: dict[str, Document],
    removed: list[str],
    resolution: Resolution,
    base: str,
) -> int:
    """Bring the copied store to the new resolution, touching only the graphs whose quads differ; return how many
    documents kept from the previous build had their graph rewritten."""
    read_at = datetime.now(UTC)
    by_graph = {document_iri(base, item.doc_id): item for item in records}
    runs: dict[str, list[ox.Quad]] = {graph: [] for graph in [*by_graph, base + RESOLUTION_GRAPH]}  # none: no run
    for graph, run in graph_runs(claim_quads(resolution, [item.cited for item in records], base)):
        runs[graph] = run
    targets: list[tuple[ox.NamedNode, list[ox.Quad], Callable[[ox.Quad], bool]]] = []
    rewritten = 0
    for graph, run in runs.items():
        node = ox.NamedNode(graph)
        item = by_graph.get(graph)
        if item is None:  # the resolution graph: small, always compared
            targets.append((node, run, _every))
            continue
        item.digest = quads_digest(run)
        if item.doc_id in fresh:  # new or changed: the whole graph, its text too
            targets.append((node, document_quads(fresh[item.doc_id], base, read_at) + run, _every))
        elif item.digest != before[item.doc_id]:  # its facts changed: all but the document's own description
            targets.append((node, run, _not_about(node)))
            rewritten += 1
    for doc_id in removed:
        targets.append((ox.NamedNode(document_iri(base, doc_id)), [], _every))
    _apply_diffs(store, targets)
    return rewritten


def _every(_quad: ox.Quad) -> bool:
    return True


def _not_about(node: ox.NamedNode) -> Callable[[ox.Quad], bool]:
    """Select a document graph's claim quads: every quad but the document's own description (its subject)."""
    return lambda quad: quad.subject != node


def _apply_diffs(store: ox.Store, targets: list[tuple[ox.NamedNode, list[ox.Quad], Callable[[ox.Quad], bool]]]) -> None:
    """Replace each target graph's selected quads by the new ones, writing only the difference, and fix the merge."""
    dropped: set[ox.Triple] = set()
    added: list[ox.Quad] = []
    for graph, new_quads, selected in targets:
        canonical = ox.Store()  # the store writes literals in canonical form ("0.80" as "0.8"): compare like with like
        canonical.extend(new_quads)
        new = {ox.Quad(q.subject, q.predicate, q.object, graph) for q in canonical}
        old = {q for q in store.quads_for_pattern(None, None, None, graph) if selected(q)}
        for quad in old - new:
            store.remove(quad)
            dropped.add(quad.triple)
        added.extend(new - old)
    store.extend(added)
    store.extend([ox.Quad(q.subject, q.predicate, q.object) for q in added])
    for triple in dropped:  # a triple leaves the merge only when no named graph holds it any more
        holders = store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)
        if not any(isinstance(q.graph_name, ox.NamedNode) for q in holders):
            store.remove(ox.Quad(triple.subject, triple.predicate, triple.object))
