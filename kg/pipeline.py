"""The only place the stages meet: paths -> documents -> claims -> resolution -> quads -> store."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .config import Settings
from .documents import find_sources, load_documents
from .errors import DocumentError, NoDocumentsError, StoreError
from .extractors import extract, extract_corpus
from .graph import to_quads
from .model import Claim, Document, Resolution
from .resolve import resolve
from .store import StoreMeta, build_into, memory_store, read_meta
from .store.registry import load_registry, save_files

Progress = Callable[[Iterable[Document], int], Iterable[Document]]


@dataclass
class BuildResult:
    """What a build did."""

    documents: list[Document]
    resolution: Resolution
    quads: list[ox.Quad]
    skipped: list[DocumentError] = field(default_factory=list)
    store_path: Path | None = None


def _no_progress(documents: Iterable[Document], _total: int) -> Iterable[Document]:
    return documents


def analyse(
    sources: Iterable[str | Path],
    base_iri: str,
    progress: Progress = _no_progress,
    read_at: datetime | None = None,
    registry: dict[str, Any] | None = None,
) -> BuildResult:
    """Read, extract, resolve and turn into quads, without touching any store.

    `registry` is the previous build's slug registry, so entities keep their IRIs.
    """
    paths = find_sources(sources)
    skipped: list[DocumentError] = []
    documents: list[Document] = []
    claims: list[Claim] = []
    for document in progress(load_documents(paths, on_error=skipped.append), len(paths)):
        documents.append(document)
        claims.extend(extract(document))
    claims.extend(extract_corpus(documents))  # claims that need several documents (translations)
    if not documents:
        reasons = "; ".join(str(error) for error in skipped) or "nothing to read"
        raise NoDocumentsError(f"no readable documents ({reasons})")
    resolution = resolve(claims, registry)
    quads = list(to_quads(resolution, documents, base_iri, read_at=read_at))
    return BuildResult(documents, resolution, quads, skipped)


def build(
    sources: Iterable[str | Path],
    settings: Settings,
    progress: Progress = _no_progress,
) -> BuildResult:
    """Build the graph of `sources` into `settings.store_dir`, replacing the previous build atomically."""
    previous = load_registry(settings.store_dir) if _same_base(settings) else {}
    result = analyse(sources, settings.base_iri, progress, registry=previous)
    meta = StoreMeta(
        base_iri=settings.base_iri,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        documents=len(result.documents),
        skipped=[str(error) for error in result.skipped],
    )
    result.store_path = build_into(settings.store_dir, result.quads, meta)
    save_files(result.store_path, result.resolution)
    return result


def _same_base(settings: Settings) -> bool:
    """Reuse the previous slugs only when the previous build minted them under the same base IRI."""
    try:
        return read_meta(settings.store_dir).base_iri == settings.base_iri
    except StoreError:
        return False


def build_memory(sources: Iterable[str | Path], base_iri: str) -> ox.Store:
    """Build `sources` into an in-memory store (tests, quick looks)."""
    return memory_store(analyse(sources, base_iri).quads)
