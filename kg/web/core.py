"""Health check and the small routes every deployment needs."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from ..store import read_meta
from ..store.remote import RemoteStoreError
from .db import get_store, remote_store

bp = Blueprint("core", __name__)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """200 with the store's size when it is readable, for load balancers and monitors.

    The size comes from the build's metadata and the store is probed with one lookup, so a
    monitor polling every second costs nothing even at millions of quads.
    """
    try:
        remote = remote_store()
        if remote is not None:  # an external server: it answers, and its size is counted once per build
            from .variants import cached

            remote.probe()
            return jsonify(status="ok", quads=cached("quads", lambda: len(remote)))
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


@bp.app_errorhandler(RemoteStoreError)
def remote_unavailable(error: RemoteStoreError) -> Response:
    """The external SPARQL server failed (502) or cannot be reached (503): say so, never a stack trace."""
    status = int(getattr(error, "status", 503))
    if request.accept_mimetypes.best_match(["text/html", "text/plain"]) == "text/html":
        title = "Bad gateway" if status == 502 else "Service unavailable"
        body = render_template("error.html", status=status, title=title, message=str(error))
        return Response(body, status=status, mimetype="text/html")
    return Response(str(error) + "\n", status=status, mimetype="text/plain")
