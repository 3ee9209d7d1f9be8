"""Access: updates need the token, the token is never logged or echoed, and no URL reads a file outside the data."""

from __future__ import annotations

import http.client
import shutil
from collections.abc import Iterator

import pytest
import requests

from kg.config import Settings

from .conftest import LiveServer

TOKEN = "s3cret-update-token-8c2d41"
CANARY = "canary-6f1e0b-should-never-be-served"


@pytest.fixture(scope="module")
def guarded(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server with an update token, on a copy of the seed store, with canary files planted around its data."""
    top = tmp_path_factory.mktemp("access")
    store_dir = top / "data" / "store"
    shutil.copytree(seed_settings.store_dir, store_dir, symlinks=True)
    for place in (top, top / "data", store_dir, store_dir / "builds"):
        (place / "canary.txt").write_text(CANARY)
        (place / "canary.ttl").write_text(f'<urn:x> <urn:y> "{CANARY}" .\n')
    with LiveServer(store_dir, env={"KG_UPDATE_TOKEN": TOKEN}) as server:
        yield server


def _raw_get(url: str, path: str) -> tuple[int, bytes]:
    """GET `path` exactly as written (requests and browsers would resolve the dots first)."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


TRAVERSALS = [
    "../", "..%2f", "%2e%2e/", "%2e%2e%2f", "%252e%252e%252f", "..%252f", "%2e%2e%5c", "..\\", "....//", "..;/",
    "%c0%ae%c0%ae/", "%uff0e%uff0e/", "..%00/", "/%2e%2e/",
]  # fmt: skip
PREFIXES = ["/resource/", "/resource/person/", "/resource/document/", "/static/", "/download/", "/export.",
            "/ontology/", "/browse/", "/.well-known/void.", "/"]  # fmt: skip
TARGETS = ["canary.txt", "canary.ttl", "etc/passwd"]


def test_path_traversal_never_reads_a_file_outside_the_data(guarded: LiveServer) -> None:
    tried = 0
    for prefix in PREFIXES:
        for step in TRAVERSALS:
            for depth in (1, 3, 8):
                for target in TARGETS:
                    path = prefix + step * depth + target
                    status, body = _raw_get(guarded.url, path)
                    tried += 1
                    assert CANARY.encode() not in body, path
                    assert b"root:x:0:0" not in body, path
                    assert status < 500, (path, status, body[:300])
    assert tried == len(PREFIXES) * len(TRAVERSALS) * 3 * len(TARGETS)
    assert requests.get(f"{guarded.url}/healthz", timeout=30).status_code == 200


def test_updates_need_the_token(guarded: LiveServer) -> None:
    update = 'INSERT DATA { <http://example.org/a> <http://example.org/b> "added by the test" }'
    ask = {"query": 'ASK { ?s ?p "added by the test" }'}
    accept = {"Accept": "application/sparql-results+json"}
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Bearer {TOKEN}x"},
                    {"Authorization": f"Basic {TOKEN}"}, {"Authorization": TOKEN}):  # fmt: skip
        response = requests.post(f"{guarded.url}/update", data={"update": update}, headers=headers, timeout=60)
        assert response.status_code in (401, 403), (headers, response.status_code)
        assert requests.get(f"{guarded.url}/sparql", params=ask, headers=accept, timeout=60).json()["boolean"] is False
    response = requests.post(f"{guarded.url}/sparql", data={"update": update}, timeout=60)
    assert response.status_code in (400, 401, 403)  # not through the query endpoint either


def test_the_token_is_never_logged_or_echoed(guarded: LiveServer) -> None:
    responses = [
        requests.post(
            f"{guarded.url}/update",
            data={"update": "CLEAR GRAPH <urn:none>"},
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=60,
        ),  # fmt: skip
        requests.post(
            f"{guarded.url}/update",
            data={"update": "NOT SPARQL"},
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=60,
        ),  # fmt: skip
        requests.post(
            f"{guarded.url}/update", data={"update": "CLEAR ALL"}, headers={"Authorization": "Bearer no"}, timeout=60
        ),  # fmt: skip
        requests.get(f"{guarded.url}/sparql", headers={"Accept": "text/turtle"}, timeout=60),  # service description
        requests.get(f"{guarded.url}/sparql", params={"query": f'SELECT ("{TOKEN[:6]}" AS ?x) {{}}'}, timeout=60),
        requests.get(f"{guarded.url}/healthz", timeout=60),
        requests.get(f"{guarded.url}/", timeout=60),
        requests.get(f"{guarded.url}/update", timeout=60),
    ]
    for response in responses:
        assert TOKEN not in response.text
        assert all(TOKEN not in value for value in response.headers.values())
    log = guarded.output()
    assert log  # the server did log something (its start and requests)
    assert TOKEN not in log


def test_updates_with_the_token_apply_and_the_token_is_not_logged(guarded: LiveServer) -> None:
    """An update with the right token is applied (a new build) and the token shows up nowhere."""
    update = 'INSERT DATA { <http://example.org/a> <http://example.org/b> "granted" }'
    ask = {"query": 'ASK { ?s ?p "granted" }'}
    granted = requests.post(f"{guarded.url}/update", data={"update": update},
                            headers={"Authorization": f"Bearer {TOKEN}"}, timeout=20)  # fmt: skip
    assert granted.status_code in (200, 204), granted.text
    assert TOKEN not in granted.text and all(TOKEN not in value for value in granted.headers.values())
    accept = {"Accept": "application/sparql-results+json"}
    assert requests.get(f"{guarded.url}/sparql", params=ask, headers=accept, timeout=60).json()["boolean"] is True
    assert TOKEN not in guarded.output()
