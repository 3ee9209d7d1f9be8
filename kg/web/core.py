"""Health check and the small routes every deployment needs."""

from __future__ import annotations

from flask import Blueprint, jsonify

from .db import get_store

bp = Blueprint("core", __name__)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """200 with the store's size when it is readable, for load balancers and monitors."""
    try:
        size = len(get_store())
    except Exception as exc:  # noqa: BLE001 - any failure to read is "unhealthy", with its reason
        return jsonify(status="error", error=str(exc)), 503
    return jsonify(status="ok", quads=size)
