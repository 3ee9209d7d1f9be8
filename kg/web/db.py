"""One read-only store per process, opened on first use (after gunicorn forks), as flaskr's db.py."""

from __future__ import annotations

import os
import threading

import pyoxigraph as ox
from flask import Flask, current_app

from ..store import open_store, read_meta

_lock = threading.Lock()


def get_store() -> ox.Store:
    """Return this process's store for the current app, opening it on first use."""
    app = current_app
    holder = app.extensions["filmkg"]
    pid = os.getpid()
    if holder.get("pid") != pid or holder.get("store") is None:
        with _lock:
            if holder.get("pid") != pid or holder.get("store") is None:
                store = holder.get("memory_store")
                holder["store"] = store if store is not None else open_store(app.config["KG_SETTINGS"].store_dir)
                holder["pid"] = pid
    return holder["store"]


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
    app.extensions["filmkg"] = {"memory_store": store, "store": None, "pid": None, "base_iri": base}
