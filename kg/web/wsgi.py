"""Run the app under gunicorn (the production server) from `kg serve`.

Each worker process serves requests on several threads. A SPARQL query does not run on that thread: it runs in
a query process (kg/store/sparql.py) while the thread waits on a pipe, so a long query holds one thread and one
query process, and the other threads keep answering light requests (pages, health checks, short queries).
The query processes are started when the worker starts, not on its first queries.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from ..store.sparql import QUERY_SLOTS


def gunicorn_options(host: str, port: int, workers: int, query_timeout: float) -> dict[str, Any]:
    """Return the gunicorn settings `kg serve` uses.

    >>> options = gunicorn_options("127.0.0.1", 5000, 2, 30.0)
    >>> options["worker_class"], options["threads"], options["timeout"] > 30
    ('gthread', 8, True)
    """
    return {
        "bind": f"{host}:{port}",
        "workers": max(1, workers),
        "worker_class": "gthread",
        "threads": QUERY_SLOTS,  # one thread per query process slot of the worker
        "timeout": int(max(60.0, query_timeout + 30)),  # heartbeat: never shorter than a query may run
        "graceful_timeout": 10,
        "keepalive": 5,
        "limit_request_line": 8190,  # gunicorn's maximum: long GET queries (SPARQLWrapper's default) fit
        "accesslog": "-",  # request lines only: no headers, so a bearer token is never logged
    }


def warm_query_processes(app: Flask) -> None:
    """Start this worker's query processes and open the store in each, so first queries find them ready."""
    from ..errors import StoreError
    from ..store.remote import remote_url
    from ..store.sparql import current_build, query_pool

    if remote_url(app.config["KG_SETTINGS"].store_dir):  # queries go to the external server: no query processes
        return
    try:
        build = current_build(app.config["KG_SETTINGS"].store_dir)
    except StoreError:
        return
    query_pool().warm(build, QUERY_SLOTS)


def run_gunicorn(app: Flask, host: str, port: int, workers: int) -> None:
    """Serve `app` with gunicorn's threaded workers; each worker opens the store read-only.

    Before forking, the master prepares what the workers share (the label index, the pages' in-memory graph);
    each worker then starts its query processes in the background while it begins to serve.
    """
    import threading

    from gunicorn.app.base import BaseApplication

    from ..errors import StoreError
    from .pages import preload

    settings = app.config["KG_SETTINGS"]
    try:
        preload(app)
    except StoreError:  # nothing built yet: pages say so, and the first request after a build loads it
        pass

    def post_worker_init(_worker: object) -> None:
        threading.Thread(target=warm_query_processes, args=(app,), daemon=True).start()

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in gunicorn_options(host, port, workers, settings.query_timeout).items():
                self.cfg.set(key, value)
            self.cfg.set("post_worker_init", post_worker_init)

        def load(self) -> Flask:
            return app

    _Server().run()
