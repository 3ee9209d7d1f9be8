"""Load: 16 concurrent clients over loopback against a real `kg serve`, with and without a runaway query.

The 60-second version is `python -m tests.soak --duration 60` (figures in the README's Reliability section).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kg.config import Settings

from .conftest import LiveServer
from .soak import soak

TIME_LIMIT = 5.0  # wall-clock: far above what the mixed queries take even on a busy 2-core machine


@pytest.fixture(scope="module")
def loaded_server(seed_settings: Settings) -> Iterator[LiveServer]:
    with LiveServer(seed_settings.store_dir, "--query-timeout", str(TIME_LIMIT)) as server:
        yield server


@pytest.mark.slow
def test_sixteen_clients_mixing_queries_pages_and_exports_see_no_error(loaded_server: LiveServer) -> None:
    report = soak(loaded_server.url, loaded_server.process.pid, duration=8.0, clients=16)
    print("\n" + report.text())  # noqa: T201
    assert report.errors == []
    assert report.requests > 16
    assert set(report.latency) >= {"query", "page", "export"}
    # measured after a warm-up at the same concurrency (query processes started): it must not keep growing
    assert report.rss_after <= report.rss_before * 1.25 + 50 * 1024 * 1024
    assert "Traceback" not in loaded_server.output()


@pytest.mark.slow
def test_a_runaway_query_is_stopped_at_the_limit_while_others_are_served(loaded_server: LiveServer) -> None:
    report = soak(loaded_server.url, loaded_server.process.pid, duration=8.0, clients=16, runaway=True)
    print("\n" + report.text())  # noqa: T201
    assert report.errors == []
    assert report.runaway_answers
    assert {status for status, _seconds, _text in report.runaway_answers} == {503}
    assert all("time limit" in text.lower() for _status, _seconds, text in report.runaway_answers)
