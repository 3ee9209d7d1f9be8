"""Run the app under gunicorn (the production server) from `kg serve`."""

from __future__ import annotations

from typing import Any

from flask import Flask


def run_gunicorn(app: Flask, host: str, port: int, workers: int) -> None:
    """Serve `app` with gunicorn's threaded workers; each worker opens the store read-only."""
    from gunicorn.app.base import BaseApplication

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": max(1, workers),
                "worker_class": "gthread",
                "threads": 8,
                "timeout": 120,
                "accesslog": "-",
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    _Server().run()
