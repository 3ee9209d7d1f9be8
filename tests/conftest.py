"""Fixtures for every test: the real store built once from seeds/, the app, its client and the CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.config import Settings
from kg.pipeline import build
from kg.store import open_store
from kg.web import create_app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV_REVIEWS = ROOT.parent / "shared" / "dev-reviews"
BASE = "http://localhost:5000/"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"  # screenshots the browser tests keep (git-ignored)
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_ARGS = [  # Debian's Chromium as root, with no calls home (the network here is closed)
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose store holds the graph built from seeds/ (built once per test session)."""
    store_dir = tmp_path_factory.mktemp("seed-store")
    settings = Settings.load(store_dir=store_dir, base_iri=BASE)
    build([SEEDS], settings)
    return settings


BACKENDS = ("embedded", "remote")  # what `kg serve` reads: the embedded store, or an external SPARQL 1.1 server


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    """Which store the app serves: "embedded", unless the test module sets `SERVED_BY = BACKENDS` (then both)."""
    return str(getattr(request, "param", "embedded"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the app tests of modules with `SERVED_BY` once per backend (one `backend` fixture, so the fixtures that
    depend on it — settings, the served data, the live server — are remade when it changes)."""
    served_by = getattr(metafunc.module, "SERVED_BY", None)
    if served_by and "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", served_by, indirect=True, scope="session")


@pytest.fixture(scope="session")
def served_settings(backend: str, seed_settings: Settings, request: pytest.FixtureRequest) -> Settings:
    """Settings of the app under test: the embedded seed store, or the Oxigraph server the seeds were built into."""
    if backend == "embedded":
        return seed_settings
    url = request.getfixturevalue("remote_server")
    return Settings.load(store_dir=Path(url), base_iri=BASE)


@pytest.fixture(scope="session")
def seed_store(backend: str, seed_settings: Settings, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """The data the app serves: the seed store opened read-only as a server would, or (remote backend) an in-memory
    copy of what the Oxigraph server holds, read with its Graph Store GET of the whole dataset."""
    if backend == "embedded":
        return open_store(seed_settings.store_dir)
    import urllib.request

    import pyoxigraph as ox

    url = request.getfixturevalue("remote_server")
    fetch = urllib.request.Request(url + "/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(fetch, timeout=60) as response:
        data = response.read()
    store = ox.Store()
    store.load(data, ox.RdfFormat.N_QUADS)
    return store


@pytest.fixture()
def app(served_settings: Settings):  # type: ignore[no-untyped-def]
    """The real Flask app serving the seed store (or, remote backend, the server the seeds were built into)."""
    application = create_app(served_settings)
    application.config["TESTING"] = True
    application.config["KG_REMOTE_REFRESH"] = 0.0  # remote backend: every request sees the server's latest data
    return application


@pytest.fixture()
def client(app):  # type: ignore[no-untyped-def]
    """Flask's test client on the real app."""
    return app.test_client()


@pytest.fixture()
def runner() -> CliRunner:
    """Click's runner for the `kg` command."""
    return CliRunner()


@pytest.fixture()
def docs_dir(tmp_path: Path) -> Path:
    """A folder to write hand-made documents into."""
    folder = tmp_path / "docs"
    folder.mkdir()
    return folder


@pytest.fixture()
def dev_reviews() -> Path:
    """The shared real reviews of other films; tests that need them skip on a fresh clone without them."""
    if not DEV_REVIEWS.is_dir():
        pytest.skip("../shared/dev-reviews is not beside this checkout")
    return DEV_REVIEWS


def has_program(name: str) -> bool:
    """Tell whether an external program is installed."""
    return shutil.which(name) is not None


def free_port() -> int:
    """Return a TCP port on loopback that nothing listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """A real `kg serve` (gunicorn) process on a loopback port, stopped on exit."""

    def __init__(self, store_dir: Path, *args: str, env: dict[str, str] | None = None) -> None:
        import os
        import subprocess
        import sys

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "kg", "serve", "--store", str(store_dir), "--port", str(self.port), *args]
        import tempfile

        self.log = tempfile.TemporaryFile()  # a pipe nobody reads would fill up and block the server
        self.process = subprocess.Popen(
            command,
            env={**os.environ, **(env or {})},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def output(self) -> str:
        """Return what the server printed so far (its access log and errors)."""
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def __enter__(self) -> LiveServer:
        import time
        import urllib.request

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kg serve exited early:\n{self.output()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("kg serve did not answer /healthz within 30 s")

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except Exception:  # noqa: BLE001 - a stuck server is killed
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture(scope="session")
def live_server(served_settings: Settings):  # type: ignore[no-untyped-def]
    """`kg serve` on the seed store (or the server it was built into) over real HTTP; yields its base URL."""
    with LiveServer(served_settings.store_dir) as server:
        yield server.url


OXIGRAPH = ROOT / ".venv" / "bin" / "oxigraph"


class OxigraphServer:
    """A real Oxigraph server (PyPI package `oxigraph`) on a free loopback port, its data in `location`."""

    def __init__(self, location: Path) -> None:
        found = str(OXIGRAPH) if OXIGRAPH.exists() else shutil.which("oxigraph")
        if not found:
            pytest.skip("the oxigraph server (PyPI package `oxigraph`) is not installed")
        self.program, self.location = found, location
        self.url = ""
        self.process = None

    def start(self, port: int | None = None) -> OxigraphServer:
        """Start the server (on `port`, else a free one) and wait until it answers."""
        import subprocess
        import time
        import urllib.request

        port = port or free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [self.program, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(200):  # until the server answers (at most ~20 s)
            try:
                urllib.request.urlopen(self.url + "/query?query=ASK%7B%7D", timeout=1).close()
                return self
            except OSError:
                if self.process.poll() is not None:
                    pytest.fail(f"oxigraph server exited with {self.process.returncode}")
                time.sleep(0.1)
        self.stop()
        pytest.fail("oxigraph server did not start")

    def stop(self) -> None:
        """Stop the server (its data stays in `location`)."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


def build_into_server(url: str, sources: list[Path], state: Path, workers: str = "1") -> str:
    """Run `kg build SOURCES --store URL` (the real command); return what it printed."""
    from kg.cli import main

    out = CliRunner().invoke(
        main,
        ["build", *map(str, sources), "--store", url, "--base-iri", BASE, "--workers", workers],
        env={"KG_STATE_DIR": str(state)},
    )
    assert out.exit_code == 0, out.output
    return out.output


_SEEDED_SERVER: list[OxigraphServer] = []  # one per session, whichever fixture asks first


@pytest.fixture(scope="session")
def remote_server(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An Oxigraph server the seeds were built into with `kg build --store URL`; served read-only by the tests.

    Started once per session and stopped at exit, not by fixture teardown: fixtures that ask for it dynamically
    (`served_settings`, `seed_store`) are torn down when the backend parameter changes, and must find the same
    server, with the same build, when it changes back.
    """
    if not _SEEDED_SERVER:
        import atexit

        server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-seeds")).start()
        atexit.register(server.stop)
        build_into_server(server.url, [SEEDS], tmp_path_factory.mktemp("remote-state"))
        _SEEDED_SERVER.append(server)
    return _SEEDED_SERVER[0].url
