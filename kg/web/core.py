"""Health check and the small routes every deployment needs."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from ..store import read_meta
from .db import get_store

bp = Blueprint("core", __name__)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """200 with the store's size when it is readable, for load balancers and monitors.

    The size comes from the build's metadata and the store is probed with one lookup, so a
    monitor polling every second costs nothing even at millions of quads.
    """
    try:
        store = get_store()
        next(iter(store.quads_for_pattern(None, None, None)), None)  # readable at all?
        holder = current_app.extensions["filmkg"]
        if holder.get("memory_store") is not None:
            size = len(store)
        else:
            size = read_meta(current_app.config["KG_SETTINGS"].store_dir).quads
    except Exception as exc:  # noqa: BLE001 - any failure to read is "unhealthy", with its reason
        return jsonify(status="error", error=str(exc)), 503
    return jsonify(status="ok", quads=size)
