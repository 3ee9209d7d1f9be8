"""STAGE 6: store -> HTTP. `create_app` is the application factory; views live in blueprints."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from flask import Flask

from ..config import Settings
from . import db


def create_app(settings: Settings | None = None, store: ox.Store | None = None, base_iri: str | None = None,
               **config: Any) -> Flask:  # fmt: skip
    """Create the filmkg app: settings, the store, then the blueprints.

    Args:
        settings: defaults to `Settings.load()` (environment variables applied).
        store: an already-open store (tests pass an in-memory one) instead of `settings.store_dir`.
        base_iri: the base the graph was built with, when `store` is given.
    """
    app = Flask(__name__)
    app.config["KG_SETTINGS"] = settings or Settings.load()
    app.config.update(config)
    db.init_app(app, store, base_iri)
    from . import core

    app.register_blueprint(core.bp)
    for name in ("sparql", "pages", "export"):
        module = _optional_blueprint(name)
        if module is not None:
            app.register_blueprint(module.bp)
    return app


def _optional_blueprint(name: str):  # type: ignore[no-untyped-def]
    import importlib

    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{name}":
            return None
        raise
