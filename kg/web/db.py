"""One read-only store per process, opened on first use (after gunicorn forks), as flaskr's db.py.

A rebuild or an update publishes a new build by swapping the `current` link; each request checks
the link (one readlink) and reopens when it moved, so every view serves the newest build.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pyoxigraph as ox
from flask import Flask, current_app

from ..store import CURRENT, open_store, read_meta

_lock = threading.Lock()


def _published_build(store_dir: Path) -> str:
    return os.path.realpath(store_dir / CURRENT)


def get_store() -> ox.Store:
    """Return this process's store for the current app, reopening it when a new build was published."""
    holder = current_app.extensions["filmkg"]
    memory = holder.get("memory_store")
    if memory is not None:
        return memory
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
    get_store()
    return str(holder["build"])


def base_iri() -> str:
    """Return the base IRI the served graph was built with."""
    return current_app.extensions["filmkg"]["base_iri"]


def init_app(app: Flask, store: ox.Store | None = None, base: str | None = None) -> None:
    """Register the store holder; `store` (in-memory) replaces the on-disk store, as tests do."""
    settings = app.config["KG_SETTINGS"]
    if base is None:
        try:
            base = read_meta(settings.store_dir).base_iri
        except Exception:  # noqa: BLE001 - no store yet: pages say so, the base falls back to settings
            base = settings.base_iri
    app.extensions["filmkg"] = {"memory_store": store, "store": None, "build": None, "pid": None, "base_iri": base}
