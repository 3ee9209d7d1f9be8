"""No outbound requests: SERVICE, LOAD and dataset IRIs naming other hosts never make the server open a connection.

A TCP listener on another loopback address (127.0.0.2) stands in for "another host"; it must see nothing.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from kg.config import Settings

from .conftest import LiveServer

TOKEN = "outbound-test-token-5b1f"


class Listener:
    """Accept and count TCP connections on 127.0.0.2 until closed."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.2", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[tuple[str, int]] = []
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while self.running:
            try:
                conn, address = self.sock.accept()
            except OSError:
                continue
            self.accepted.append(address)
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=5)
        self.sock.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    spy = Listener()
    yield spy
    spy.close()


@pytest.fixture(scope="module")
def server(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store_dir = tmp_path_factory.mktemp("outbound") / "store"
    shutil.copytree(seed_settings.store_dir, store_dir, symlinks=True)
    with LiveServer(store_dir, "--update-token", TOKEN) as live:
        yield live


def _queries(host: str) -> list[str]:
    return [
        f"SELECT * {{ SERVICE <http://{host}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE SILENT <http://{host}/sparql> {{ ?s ?p ?o }} }}",
        f"select * {{ sErViCe <http://{host}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE#comment\n<http://{host}/sparql> {{ ?s ?p ?o }} }}",
        f"PREFIX h: <http://{host}/> SELECT * {{ SERVICE h:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * {{ VALUES ?e {{ <http://{host}/sparql> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <http://{host}/graph.ttl> {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <http://{host}/graph.ttl> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"DESCRIBE <http://{host}/thing>",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <http://{host}/> {{ ?s ?p ?o }} }}",
        f"ASK {{ <http://{host}/x> ?p ?o }}",
    ]


def _updates(host: str) -> list[str]:
    return [
        f"LOAD <http://{host}/data.ttl>",
        f"LOAD SILENT <http://{host}/data.ttl> INTO GRAPH <http://example.org/g>",
        f"load <http://{host}/data.ttl>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <http://{host}/sparql> {{ ?s ?p ?o }} }}",
        f"PREFIX h: <http://{host}/> LOAD h:data.ttl",
    ]


def test_nothing_reaches_another_host(server: LiveServer, listener: Listener) -> None:
    host = f"127.0.0.2:{listener.port}"
    statuses: list[int] = []
    for query in _queries(host):
        for send in (
            lambda q: requests.get(f"{server.url}/sparql", params={"query": q}, timeout=60),
            lambda q: requests.post(f"{server.url}/sparql", data={"query": q}, timeout=60),
            lambda q: requests.post(
                f"{server.url}/sparql",
                data=q.encode(),
                timeout=60,
                headers={"Content-Type": "application/sparql-query"},
            ),  # fmt: skip
        ):
            statuses.append(send(query).status_code)
    plain = "SELECT * { ?s ?p ?o } LIMIT 1"
    for params in ({"default-graph-uri": f"http://{host}/g"}, {"named-graph-uri": f"http://{host}/g"},
                   {"default-graph-uri": f"http://{host}/g", "named-graph-uri": f"https://{host}/h"}):  # fmt: skip
        statuses.append(requests.get(f"{server.url}/sparql", params={"query": plain, **params}, timeout=60).status_code)
    for update in _updates(host):
        for headers in ({"Authorization": f"Bearer {TOKEN}"}, {}):
            response = requests.post(f"{server.url}/update", data={"update": update}, headers=headers, timeout=60)
            statuses.append(response.status_code)
    for path in (f"/resource/http://{host}/x", f"/export.ttl?url=http://{host}/", f"/search?q=http://{host}/"):
        statuses.append(requests.get(server.url + path, timeout=60).status_code)
    time.sleep(1.0)  # anything in flight would have connected by now
    assert listener.accepted == []
    assert all(status < 500 for status in statuses), statuses
    assert requests.get(f"{server.url}/healthz", timeout=30).status_code == 200


def test_the_listener_does_see_a_real_connection(listener: Listener) -> None:
    """The check above can fail: a direct connection to the listener is counted."""
    before = len(listener.accepted)
    with socket.create_connection(("127.0.0.2", listener.port), timeout=5):
        pass
    deadline = time.monotonic() + 10
    while len(listener.accepted) == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(listener.accepted) == before + 1
    listener.accepted.clear()
