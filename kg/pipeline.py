"""The only place the stages meet: paths -> documents -> claims -> resolution -> quads -> store."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .config import Settings
from .documents import Progress, find_sources, load_documents, no_progress
from .errors import DocumentError, NoDocumentsError, StoreError
from .extractors import CorpusReader
from .graph import Cited, claim_quads, document_quads, to_quads
from .incremental import DocRecord, graph_runs, quads_digest, record, write_cache
from .iri import document_iri
from .model import Claim, Document, Resolution
from .resolve import resolve
from .store import StoreMeta, build_into, memory_store, read_meta
from .store.registry import load_registry, save_files


@dataclass
class BuildResult:
    """What a build did.

    `analyse` keeps every document and quad; `build` keeps neither (each document is let go once its
    quads are written), only their counts.
    """

    documents: list[Document]
    resolution: Resolution
    quads: list[ox.Quad]
    skipped: list[DocumentError] = field(default_factory=list)
    store_path: Path | None = None
    document_count: int = 0
    quad_count: int = 0


def analyse(
    sources: Iterable[str | Path],
    base_iri: str,
    progress: Progress = no_progress,
    read_at: datetime | None = None,
    registry: dict[str, Any] | None = None,
) -> BuildResult:
    """Read, extract, resolve and turn into quads, without touching any store.

    `registry` is the previous build's slug registry, so entities keep their IRIs.
    """
    documents, resolution, skipped = _read(sources, progress, registry)
    quads = list(to_quads(resolution, documents, base_iri, read_at=read_at))
    return BuildResult(documents, resolution, quads, skipped, None, len(documents), len(quads))


def _read(
    sources: Iterable[str | Path], progress: Progress, registry: dict[str, Any] | None, workers: int = 1
) -> tuple[list[Document], Resolution, list[DocumentError]]:
    """Read every document, extract its claims and resolve them all (extraction over `workers` processes)."""
    from .parallel import read_parallel

    return read_parallel(sources, progress, registry, workers)  # one worker: all in this process


def _drain(documents: list[Document]) -> Iterator[Document]:
    """Yield the documents in order, letting each go (its text, its sentences) once the next is asked for."""
    documents.reverse()
    while documents:
        yield documents.pop()


class _Counted:
    """Pass quads through, counting them."""

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self.quads, self.count = quads, 0

    def __iter__(self) -> Iterator[ox.Quad]:
        for quad in self.quads:
            self.count += 1
            yield quad


class _Stream:
    """The whole build as one stream of quads, for the store to write as it reads it.

    Each document's own description (and its text) is yielded as soon as its claims are extracted, and
    only its claims, its sentence offsets and its corpus summaries are kept; once every document is read
    the claims are resolved and the rest of the graph follows. So neither the texts nor a list of quads
    is ever held for the whole build. The same quads as `to_quads` over the same documents.
    """

    def __init__(
        self, paths: list[Path], base_iri: str, progress: Progress, registry: dict[str, Any] | None, workers: int
    ) -> None:
        self.paths, self.base_iri, self.progress, self.registry = paths, base_iri, progress, registry
        self.workers = workers
        self.skipped: list[DocumentError] = []
        self.documents = 0
        self.resolution: Resolution | None = None
        self.records: list[DocRecord] = []  # what extraction produced per document: the next --add reuses it

    def __iter__(self) -> Iterator[ox.Quad]:
        from .parallel import CHUNK, extract_all

        read_at = datetime.now(UTC)
        claims: list[Claim] = []
        kept: list[Cited] = []
        corpus = CorpusReader()
        loaded = self.progress(load_documents(self.paths, on_error=self.skipped.append), len(self.paths))
        chunk = max(1, min(CHUNK, len(self.paths) // (4 * self.workers)))
        for document, found, summaries in extract_all(loaded, self.workers, chunk, self.skipped.append):
            claims.extend(found)
            corpus.add_summaries(summaries)
            self.records.append(record(document, found, summaries))
            kept.append(self.records[-1].cited)
            yield from document_quads(document, self.base_iri, read_at)
        claims.extend(corpus.claims())  # claims that need several documents (translations)
        self.documents = len(kept)
        if not kept:
            reasons = "; ".join(str(error) for error in self.skipped) or "nothing to read"
            raise NoDocumentsError(f"no readable documents ({reasons})")
        self.resolution = resolve(claims, self.registry)
        del claims  # the resolution holds the claims it keeps
        digests: dict[str, str] = {}
        for graph, run in graph_runs(claim_quads(self.resolution, kept, self.base_iri)):
            digests[graph] = quads_digest(run)  # the next --add rewrites a document's graph only if this changes
            yield from run
        empty = quads_digest([])
        for item in self.records:
            item.digest = digests.get(document_iri(self.base_iri, item.doc_id), empty)


def build(
    sources: Iterable[str | Path],
    settings: Settings,
    progress: Progress = no_progress,
    workers: int = 1,
) -> BuildResult:
    """Build the graph of `sources` into `settings.store_dir`, replacing the previous build atomically.

    The store reads the build as one stream (`_Stream`): memory holds the claims, never the texts or the quads.
    """
    previous = load_registry(settings.store_dir) if _same_base(settings) else {}
    stream = _Stream(find_sources(sources), settings.base_iri, progress, previous, workers)
    quads = _Counted(stream)
    meta = StoreMeta(base_iri=settings.base_iri, built_at=datetime.now(UTC).isoformat(timespec="seconds"))

    def written() -> Iterator[ox.Quad]:
        yield from quads
        meta.documents = stream.documents  # known once the stream is read, before the store writes its meta
        meta.skipped = [str(error) for error in stream.skipped]

    def save_registry(build_dir: Path) -> None:
        if stream.resolution is None:  # the store stopped reading early: never publish such a build
            raise StoreError(f"{settings.store_dir}: the build was not read to its end")
        save_files(build_dir, stream.resolution, previous)  # notes what each slug it retires had
        write_cache(build_dir, settings.base_iri, stream.records)

    store_path = build_into(settings.store_dir, written(), meta, finish=save_registry)
    if stream.resolution is None:  # unreachable: save_registry refused to publish such a build
        raise StoreError(f"{settings.store_dir}: the build was not read to its end")
    return BuildResult([], stream.resolution, [], stream.skipped, store_path, stream.documents, quads.count)


def _same_base(settings: Settings) -> bool:
    """Reuse the previous slugs only when the previous build minted them under the same base IRI."""
    try:
        return read_meta(settings.store_dir).base_iri == settings.base_iri
    except StoreError:
        return False


def build_memory(sources: Iterable[str | Path], base_iri: str) -> ox.Store:
    """Build `sources` into an in-memory store (tests, quick looks)."""
    return memory_store(analyse(sources, base_iri).quads)
