"""Extraction over a process pool: the slow, per-document stage split across cores.

Documents are read in the parent (reading decides doc ids and skips, which must not depend on the
number of workers), streamed through the pool in chunks, and their claims and corpus summaries come
back in document order (`imap`, not `imap_unordered`), so resolution sees exactly the claims a
one-worker build sees, in the same order, and mints the same IRIs. Only a bounded window of
documents is in flight at once; the parent keeps what the one-worker build keeps (the documents and
the claims), nothing more.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from pathlib import Path
from typing import Any

from .documents import Progress, find_sources, load_documents
from .errors import DocumentError, NoDocumentsError
from .extractors import CorpusReader, extract, summaries_of
from .model import Claim, Document, Resolution
from .resolve import resolve

CHUNK = 8  # documents per task: big enough to amortise the pipe, small enough to keep the window short


# Text, in characters, a build must hold before the default (`AutoWorkers`) starts a pool: above the 50/300/1000
# generated reviews (0.06-1.5 M characters) where `bench/build.py --workers-compare` found the pool slower in its own
# stage (bench/RESULTS.md, "Parallel build"). A judgement on noisy figures, not a measured crossover: re-measure.
POOL_MIN_CHARS = 2_000_000


class AutoWorkers(int):
    """The default worker count: up to this many processes, but only when the corpus pays for them.

    An int, so whatever takes a worker count takes it unchanged; `extract_all` tells it apart from a count
    the user gave (`--workers N`, always obeyed) and starts the pool only once `POOL_MIN_CHARS` of text have
    been read: below that, starting the processes and pickling documents and claims costs more than the
    extractors (tiny builds were several times slower with the pool).

    >>> AutoWorkers(2) + 0, isinstance(AutoWorkers(2), int)
    (2, True)
    """

    def __repr__(self) -> str:
        return f"AutoWorkers({int(self)})"


def cores() -> int:
    """The machine's cores (those this process may run on)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def default_workers() -> int:
    """The default of `kg build --workers`: the machine's cores, used only when the build is large enough."""
    return AutoWorkers(cores())


def enough_work(
    documents: Iterable[Document], workers: int, min_chars: int = POOL_MIN_CHARS
) -> tuple[Iterator[Document], int]:
    """Return (the same documents, the workers to use): `workers` once `min_chars` of text were read, else 1.

    Reads ahead at most `min_chars` of text (the decision needs no more), and gives every document back, in order.

    >>> from kg.model import Document
    >>> docs = [Document(str(n), "", "x" * 10, "en", "") for n in range(3)]
    >>> stream, chosen = enough_work(docs, 2, min_chars=25)
    >>> chosen, [d.doc_id for d in stream]
    (2, ['0', '1', '2'])
    >>> enough_work(docs, 2, min_chars=31)[1]
    1
    """
    stream = iter(documents)
    ahead: list[Document] = []
    size = 0
    for document in stream:
        ahead.append(document)
        size += len(document.text)
        if size >= min_chars:
            return chain(ahead, stream), workers
    return iter(ahead), 1


Work = tuple[list[Claim], list[Any]] | tuple[str, str]  # (claims, summaries), or (path, reason) when it failed


def _work(document: Document) -> Work:
    """One document's claims and its summary for each corpus extractor, or why an extractor failed on it.

    A failure travels as (path, reason), plain strings, since an exception may not survive pickling.
    """
    try:
        claims = list(extract(document))
        return claims, summaries_of(document, claims)
    except DocumentError as error:
        return error.path, error.reason


def _work_chunk(documents: list[Document]) -> list[Work]:
    """In a worker: `_work` over a chunk of documents, answered in one message."""
    return [_work(document) for document in documents]


def _outcome(document: Document, work: Work, on_error: Callable[[DocumentError], None] | None) -> Work | None:
    """Return the work of a document that went well; report (or raise) the failure of one that did not."""
    claims, summaries = work
    if isinstance(claims, list):
        return work
    error = DocumentError(claims, str(summaries))
    if on_error is None:
        raise error
    on_error(error)
    return None


def extract_all(
    documents: Iterable[Document],
    workers: int,
    chunk: int = CHUNK,
    on_error: Callable[[DocumentError], None] | None = None,
) -> Iterator[tuple[Document, list[Claim], list[Any]]]:
    """Yield each document with its claims and corpus summaries, in the order `documents` gives them.

    A document an extractor fails on is left out and handed to `on_error` (raised when there is none).

    With one worker this runs in-process (no pool), which is also what the parallel result must equal; so does
    the default (`AutoWorkers`) when the documents hold less than `POOL_MIN_CHARS` of text.
    At most `2 * workers` chunks are in flight (`Pool.imap` would read the whole input ahead), so a
    large corpus streams through instead of piling up in the task queue.
    """
    if isinstance(workers, AutoWorkers) and workers > 1:  # the default: a pool only for a large enough build
        documents, workers = enough_work(documents, int(workers), POOL_MIN_CHARS)
    if workers <= 1:
        for document in documents:
            if (work := _outcome(document, _work(document), on_error)) is not None:
                yield (document, *work)
        return
    stream = iter(documents)
    pending: deque[tuple[list[Document], Future[list[Work]]]] = deque()
    # forkserver: never fork a process that may hold threads (pyoxigraph, tqdm). An executor, not a Pool:
    # a worker that dies fails the build (BrokenProcessPool) instead of leaving it waiting for ever.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        try:
            while True:
                while len(pending) < 2 * workers and (batch := list(islice(stream, chunk))):
                    pending.append((batch, pool.submit(_work_chunk, batch)))
                if not pending:
                    break
                batch, answer = pending.popleft()
                for document, done in zip(batch, answer.result(), strict=True):
                    if (work := _outcome(document, done, on_error)) is not None:
                        yield (document, *work)
        finally:
            for _batch, waiting in pending:
                waiting.cancel()


def read_parallel(
    sources: Iterable[str | Path],
    progress: Progress,
    registry: dict[str, Any] | None,
    workers: int,
) -> tuple[list[Document], Resolution, list[DocumentError]]:
    """Read every document, extract its claims over `workers` processes and resolve them all.

    Same contract and same result as the one-worker reader in `kg.pipeline`.
    """
    paths = find_sources(sources)
    skipped: list[DocumentError] = []
    documents: list[Document] = []
    claims: list[Claim] = []
    corpus = CorpusReader()
    loaded = progress(load_documents(paths, on_error=skipped.append), len(paths))
    chunk = max(1, min(CHUNK, len(paths) // (4 * max(1, workers))))  # a small corpus still spreads over every worker
    for document, found, summaries in extract_all(loaded, workers, chunk, skipped.append):
        documents.append(document)
        claims.extend(found)
        corpus.add_summaries(summaries)
    claims.extend(corpus.claims())
    if not documents:
        reasons = "; ".join(str(error) for error in skipped) or "nothing to read"
        raise NoDocumentsError(f"no readable documents ({reasons})")
    return documents, resolve(claims, registry), skipped
