"""Build into an external SPARQL 1.1 server instead of the embedded store (issue 9).

The same stages as `kg.pipeline.build` (same reading, extraction, resolution and quads); only the last
step differs: the quads go to the server through the Graph Store HTTP Protocol (kg.store.remote), then the
review aggregates are derived on the server (`write_aggregates`), so the server holds every quad an embedded
build of the same documents holds. The label index of the search box is not written: it is a file beside an
embedded build, and `kg serve --store URL` makes its own from the server's labels.

Where the slug registry lives, and why. An embedded build keeps `registry.json` (and `resolution.json`, for
`kg explain`) beside its data, not in it; a remote build keeps them in a local state folder per server
(`kg.store.remote.state_dir`: $KG_STATE_DIR, else ~/.local/state/filmkg, one folder per Graph Store URL), laid
out as a store folder (`current/registry.json`, `current/meta.json`), so `load_registry`, `read_meta` and
`kg explain --store FOLDER` read it unchanged. Not on the server, because whatever a build writes there is
served: a registry graph would show in every `GRAPH ?g`, dump and VoID description, and the server's dataset
would no longer be the embedded build's quads. The cost is that the registry follows the machine, not the
server: builders on several machines share it by pointing KG_STATE_DIR at shared storage (or copying the
folder); a build that finds no registry for a server already holding a filmkg build says so (a warning on the
`kg.remote_build` logger) and mints slugs afresh, as a first build does. Builds from one machine into one
server take turns (an flock on the state folder, dropped by the kernel if the builder dies).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .config import Settings
from .documents import Progress, find_sources, no_progress
from .errors import StoreError
from .model import Resolution
from .pipeline import BuildResult, _Counted, _Stream
from .store import StoreMeta, build_lock, read_meta
from .store.registry import load_registry, save_files
from .store.remote import Remote, state_dir, write_aggregates, write_build
from .vocab import ONTOLOGY_IRI

log = logging.getLogger(__name__)

CURRENT = "current"  # as in a store folder, so the store's readers of registry and meta work on the state folder
META = "meta.json"


def build_remote(
    sources: Iterable[str | Path],
    settings: Settings,
    remote: Remote,
    progress: Progress = no_progress,
    workers: int = 1,
) -> BuildResult:
    """Build the graph of `sources` into `remote`, replacing what a previous build wrote there.

    The previous build's slug registry (from this machine's state folder for `remote`) is read first, so
    entities keep their IRIs when documents are added; the new registry is saved once the server holds the
    whole build, aggregates included (a failed build leaves the previous registry, which the next build reads).
    """
    folder = state_dir(remote)
    with build_lock(folder):
        previous = previous_registry(folder, settings.base_iri)
        if not previous and ONTOLOGY_IRI in remote.named_graphs():
            log.warning(
                "no slug registry for %s in %s: slugs are minted afresh, so IRIs of the build already there may "
                "change (set KG_STATE_DIR to the folder the previous builder used)",
                remote.gsp_url,
                folder,
            )
        stream = _Stream(find_sources(sources), settings.base_iri, progress, previous, workers)  # as kg.pipeline
        quads = _Counted(stream)
        write_build(remote, quads)
        if stream.resolution is None:  # pragma: no cover (write_build reads the stream to its end or raises)
            raise StoreError("the build was not read to its end")
        derived = write_aggregates(remote, settings.base_iri)
        meta = StoreMeta(
            base_iri=settings.base_iri,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            documents=stream.documents,
            quads=quads.count,
            skipped=[str(error) for error in stream.skipped],
        )
        save_state(folder, stream.resolution, meta)
    result = BuildResult([], stream.resolution, [], stream.skipped, None, stream.documents, quads.count)
    log.debug("%s: %d named-graph quads, %d aggregate triples", remote.gsp_url, quads.count, derived)
    return result


def previous_registry(folder: Path, base_iri: str) -> dict[str, Any]:
    """Return the registry the last build from this machine left in `folder`, if it minted under `base_iri`."""
    try:
        if read_meta(folder).base_iri != base_iri:
            return {}  # slugs minted under another base IRI name other resources
    except StoreError:
        return {}  # no build recorded yet
    return load_registry(folder)


def save_state(folder: Path, resolution: Resolution, meta: StoreMeta) -> None:
    """Write the registry, the resolution record and the build's meta into `folder/current`, each atomically."""
    current = folder / CURRENT
    current.mkdir(parents=True, exist_ok=True)
    save_files(current, resolution)
    temporary = current / f".{META}.{os.getpid()}"
    temporary.write_text(json.dumps(asdict(meta), indent=2), "utf-8")
    os.replace(temporary, current / META)
