"""Issue 9: `kg build --store http://...` writes into a real external SPARQL 1.1 server (Oxigraph's own server)."""

from __future__ import annotations

import http.server
import shutil
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.store.remote import Remote, RemoteStoreError

from .conftest import BASE, SEEDS, OxigraphServer, free_port

SCHEMA_QUERY = """
PREFIX schema: <http://schema.org/>
SELECT ?film ?name ?person WHERE {
  ?film a schema:Movie ; schema:name ?name . OPTIONAL { ?film schema:director ?person }
}
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server of this module's own, on a free loopback port, its data in a temporary folder."""
    running = OxigraphServer(tmp_path_factory.mktemp("oxigraph-server")).start()
    try:
        yield running.url
    finally:
        running.stop()


@pytest.fixture(autouse=True)
def _state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's remote builds keep their slug registry in a fresh folder (not ~/.local/state)."""
    monkeypatch.setenv("KG_STATE_DIR", str(tmp_path / "state"))


def _build(runner: CliRunner, sources: list[Path], url: str, workers: str = "2") -> str:
    out = runner.invoke(main, ["build", *map(str, sources), "--store", url, "--base-iri", BASE, "--workers", workers])
    assert out.exit_code == 0, out.output
    return out.output


def _rows(solutions: ox.QuerySolutions) -> set[tuple[str, ...]]:
    names = [v.value for v in solutions.variables]
    return {tuple("" if row[n] is None else str(row[n]) for n in names) for row in solutions}


def test_seeds_built_into_the_server_hold_the_embedded_quads(runner: CliRunner, server: str, seed_store) -> None:  # type: ignore[no-untyped-def]
    output = _build(runner, [SEEDS], server)
    assert "built 5 documents" in output and server in output
    remote = Remote.from_url(server, {})
    # The remote build derives the review aggregates too (their own graph plus default-graph copies), so the whole
    # dataset is compared (quad by quad in tests/test_remote_build.py).
    assert remote.count() == len(seed_store)
    embedded_graphs = {str(g.value) for g in seed_store.named_graphs()}
    assert remote.named_graphs() == embedded_graphs
    assert len(embedded_graphs) == 8  # five documents, the resolution graph, the ontology, the aggregates
    remote_rows = _rows(remote.solutions(SCHEMA_QUERY))
    assert remote_rows and remote_rows == _rows(seed_store.query(SCHEMA_QUERY))  # type: ignore[arg-type]


def test_rebuild_replaces_the_dataset(runner: CliRunner, server: str, tmp_path: Path) -> None:
    """A smaller rebuild leaves no graph or default-graph triple of the larger build behind."""
    two = tmp_path / "two"
    two.mkdir()
    for path in sorted(SEEDS.iterdir())[:2]:
        shutil.copy(path, two / path.name)
    _build(runner, [two], server, workers="1")
    embedded = tmp_path / "embedded"
    out = runner.invoke(main, ["build", str(two), "--store", str(embedded), "--base-iri", BASE, "--workers", "1"])
    assert out.exit_code == 0, out.output
    from kg.store import open_store

    store = open_store(embedded)
    remote = Remote.from_url(server, {})
    assert remote.named_graphs() == {str(g.value) for g in store.named_graphs()}
    assert remote.count() == len(store)
    _build(runner, [SEEDS], server)  # leave the full build for any later test


def test_refused_write_is_a_clear_error(runner: CliRunner, server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_GSP_URL", server + "/no-such-endpoint")
    out = runner.invoke(main, ["build", str(SEEDS), "--store", server, "--base-iri", BASE, "--workers", "1"])
    assert out.exit_code == 2
    assert "error: PUT " + server + "/no-such-endpoint" in out.output
    assert "refused" in out.output and "HTTP 404" in out.output


def test_unreachable_server_is_a_clear_error_after_retries() -> None:
    port = free_port()  # nothing listens there
    remote = Remote.from_url(f"http://127.0.0.1:{port}", {})
    remote.backoff = 0.01
    with pytest.raises(RemoteStoreError, match="cannot reach the server"):
        remote.put("http://example.org/g", b"")


class _Flaky(http.server.BaseHTTPRequestHandler):
    """Answers 503 to the first two requests, then 204; records what it received."""

    seen: list[tuple[str, str, str]] = []

    def do_PUT(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        _Flaky.seen.append((self.path, self.headers.get("Authorization", ""), body))
        self.send_response(503 if len(_Flaky.seen) <= 2 else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


def test_busy_server_is_retried_with_credentials() -> None:
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Flaky)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}"
        remote = Remote.from_url(url, {"KG_STORE_USER": "ann", "KG_STORE_PASSWORD": "pw", "KG_GSP_URL": url + "/data"})
        remote.backoff = 0.01
        remote.put("http://example.org/g", b"<http://a> <http://b> <http://c> .\n")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert len(_Flaky.seen) == 3
    path, authorization, body = _Flaky.seen[-1]
    assert path == "/data?graph=http%3A%2F%2Fexample.org%2Fg"
    assert authorization == "Basic YW5uOnB3"  # ann:pw
    assert body.startswith("<http://a>")


PATHS = [
    "/sparql?query=" + urllib.parse.quote(SCHEMA_QUERY + " ORDER BY ?film ?name ?person") + "&format=csv",
    "/resource/film/stalker",
    "/export.nq",
    "/",
    "/browse/Film",
    "/search?q=stalker",
]


def _serve_get(runner: CliRunner, store: str, path: str, env: dict[str, str], *flags: str) -> tuple[int, bytes]:
    out = runner.invoke(main, ["serve", "--store", store, "--get", path, *flags], env=env)
    return out.exit_code, out.stdout_bytes


def test_serve_a_snapshot_of_the_server_gives_the_embedded_answers(
    runner: CliRunner, server: str, seed_settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """`kg serve --store URL --snapshot` (a local copy of the server's graphs) answers byte for byte as the embedded
    seed store does. (Serving the server live, the default, is tested in tests/test_remote_serve.py.)"""
    _build(runner, [SEEDS], server)
    env = {"KG_CACHE_DIR": str(tmp_path / "cache"), "KG_BASE_IRI": BASE}
    for path in PATHS:
        remote_code, remote_body = _serve_get(runner, server, path, env, "--snapshot")
        embedded_code, embedded_body = _serve_get(runner, str(seed_settings.store_dir), path, {"KG_BASE_IRI": BASE})
        assert remote_code == embedded_code == 0, path
        if path.startswith("/export"):  # read times differ between the two builds
            keep = [b"ontology#readAt>", b"prov#generatedAtTime>"]
            remote_body, embedded_body = (
                sorted(line for line in body.splitlines() if not any(k in line for k in keep))
                for body in (remote_body, embedded_body)
            )
        assert remote_body and remote_body == embedded_body, path
