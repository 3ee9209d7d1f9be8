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


@pytest.fixture(scope="session")
def seed_store(seed_settings: Settings):  # type: ignore[no-untyped-def]
    """The seed store, opened read-only as a server would."""
    return open_store(seed_settings.store_dir)


@pytest.fixture()
def app(seed_settings: Settings):  # type: ignore[no-untyped-def]
    """The real Flask app serving the seed store."""
    application = create_app(seed_settings)
    application.config["TESTING"] = True
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
def live_server(seed_settings: Settings):  # type: ignore[no-untyped-def]
    """`kg serve` on the seed store over real HTTP; yields its base URL (http://127.0.0.1:PORT)."""
    with LiveServer(seed_settings.store_dir) as server:
        yield server.url
