"""Build into an external SPARQL 1.1 server instead of the embedded store (issue 9).

The same stages as `kg.pipeline.build` (same reading, extraction, resolution and quads); only the last
step differs: the quads go to the server through the Graph Store HTTP Protocol (kg.store.remote).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .config import Settings
from .documents import find_sources
from .errors import StoreError
from .pipeline import BuildResult, Progress, _Counted, _no_progress, _Stream
from .store.remote import Remote, write_build


def build_remote(
    sources: Iterable[str | Path],
    settings: Settings,
    remote: Remote,
    progress: Progress = _no_progress,
    workers: int = 1,
) -> BuildResult:
    """Build the graph of `sources` into `remote`, replacing what a previous build wrote there.

    Slugs are minted afresh (no registry is kept beside a remote build), so IRIs are those a first
    embedded build of the same documents gives.
    """
    stream = _Stream(find_sources(sources), settings.base_iri, progress, None, workers)  # as `kg.pipeline.build`
    quads = _Counted(stream)
    write_build(remote, quads)
    if stream.resolution is None:  # pragma: no cover (write_build reads the stream to its end or raises)
        raise StoreError("the build was not read to its end")
    return BuildResult([], stream.resolution, [], stream.skipped, None, stream.documents, quads.count)
