"""Build into an external SPARQL 1.1 server instead of the embedded store (issue 9).

The same stages as `kg.pipeline.build` (same reading, extraction, resolution and quads); only the last
step differs: the quads go to the server through the Graph Store HTTP Protocol (kg.store.remote).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .config import Settings
from .graph import to_quads
from .pipeline import BuildResult, Progress, _Counted, _drain, _no_progress, _read
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
    documents, resolution, skipped = _read(sources, progress, None, workers)
    result = BuildResult([], resolution, [], skipped, None, len(documents))
    quads = _Counted(to_quads(resolution, _drain(documents), settings.base_iri))
    write_build(remote, quads)
    result.quad_count = quads.count
    return result
