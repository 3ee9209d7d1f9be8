"""One read-only store per process, opened on first use (after gunicorn forks), as flaskr's db.py.

A rebuild or an update publishes a new build by swapping the `current` link; each request checks
the link (one readlink) and reopens when it moved, so every view serves the newest build.

With `--store http://…` the store is an external SPARQL 1.1 server read live (`kg.store.remote_read`): there is
no build folder, so what identifies the data served is the server's fingerprint (its documents and their read
times), checked at most every `KG_REMOTE_REFRESH` seconds (app config, default 5); per-build caches (ontology,
counts, the search index) are remade when it changes.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pyoxigraph as ox
from flask import Flask, current_app

from ..store import CURRENT, open_store, read_meta
from ..store.remote import Remote, remote_url
from ..store.remote_read import RemoteStore

_lock = threading.Lock()


def _published_build(store_dir: Path) -> str:
    return os.path.realpath(store_dir / CURRENT)


REFRESH = 5.0  # seconds between two checks of an external server's fingerprint


def remote_store() -> RemoteStore | None:
    """Return the external server the app reads, or None when it serves an embedded store."""
    return current_app.extensions["filmkg"].get("remote")  # type: ignore[no-any-return]


def get_store() -> ox.Store:
    """Return this process's store for the current app, reopening it when a new build was published."""
    holder = current_app.extensions["filmkg"]
    memory = holder.get("memory_store") or holder.get("remote")
    if memory is not None:
        return memory  # type: ignore[no-any-return]
    store_dir = Path(current_app.config["KG_SETTINGS"].store_dir)
    build = _published_build(store_dir)
    pid = os.getpid()
    if holder.get("pid") != pid or holder.get("build") != build or holder.get("store") is None:
        with _lock:
            if holder.get("pid") != pid or holder.get("build") != build or holder.get("store") is None:
                holder["store"] = open_store(store_dir)
                holder["build"] = build
                holder["pid"] = pid
    return holder["store"]


def build_id() -> str:
    """Return an identifier of the build being served, for keying per-process caches."""
    holder = current_app.extensions["filmkg"]
    if holder.get("memory_store") is not None:
        return f"memory-{id(holder['memory_store'])}"
    if holder.get("remote") is not None:
        return "remote-" + _fingerprint(holder)
    get_store()
    return str(holder["build"])


def _fingerprint(holder: dict) -> str:  # type: ignore[type-arg]
    """The server's fingerprint, asked again when the last answer is older than the refresh interval."""
    refresh = float(current_app.config.get("KG_REMOTE_REFRESH", REFRESH))
    now = time.monotonic()
    seen = holder.get("fingerprint")
    if seen is None or now - seen[1] >= refresh:
        with _lock:
            seen = holder.get("fingerprint")
            if seen is None or now - seen[1] >= refresh:
                seen = (f"{holder['generation']}:{holder['remote'].fingerprint()}", time.monotonic())
                holder["fingerprint"] = seen
    return str(seen[0])


def data_changed() -> None:
    """Say that this process changed the server's data (a forwarded update): caches are remade on the next request."""
    holder = current_app.extensions["filmkg"]
    with _lock:
        holder["generation"] = holder.get("generation", 0) + 1
        holder["fingerprint"] = None


def base_iri() -> str:
    """Return the base IRI the served graph was built with (an external server's is read off its documents)."""
    holder = current_app.extensions["filmkg"]
    if holder.get("remote") is not None and holder.get("base_found") is None:
        found = holder["remote"].base_iri()
        if found is None:  # nothing built there yet: the configured base, asked again next time
            return str(holder["base_iri"])
        holder["base_iri"], holder["base_found"] = found, True
    return str(holder["base_iri"])


def init_app(app: Flask, store: ox.Store | None = None, base: str | None = None) -> None:
    """Register the store holder; `store` (in-memory) replaces the on-disk store, as tests do."""
    settings = app.config["KG_SETTINGS"]
    url = remote_url(settings.store_dir) if store is None else None
    if url is not None:
        remote = RemoteStore(Remote.from_url(url), timeout=max(settings.query_timeout, 10.0))
        app.extensions["filmkg"] = {
            "memory_store": None,
            "remote": remote,
            "generation": 0,
            "fingerprint": None,
            "base_iri": base or settings.base_iri,
            "base_found": True if base else None,
        }
        return
    if base is None:
        try:
            base = read_meta(settings.store_dir).base_iri
        except Exception:  # noqa: BLE001 - no store yet: pages say so, the base falls back to settings
            base = settings.base_iri
    app.extensions["filmkg"] = {
        "memory_store": store, "remote": None, "store": None, "build": None, "pid": None, "base_iri": base,
    }  # fmt: skip
