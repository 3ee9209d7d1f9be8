"""The app factory, health check and content negotiation helpers, through the real app."""

from __future__ import annotations

import json
import urllib.request

from kg.web.negotiate import best_match


def test_healthz_reports_the_store_size(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["quads"] > 100


def test_healthz_over_real_http(live_server: str) -> None:
    with urllib.request.urlopen(live_server + "/healthz") as response:
        assert json.load(response)["status"] == "ok"


def test_q_values_and_specificity_decide() -> None:
    offered = ["text/html", "text/turtle", "application/ld+json"]
    assert best_match("text/html;q=0.1, */*;q=0.5", offered) == "text/turtle"
    assert best_match("application/*;q=0.9, text/html;q=0.8", offered) == "application/ld+json"
    assert best_match("text/turtle;q=0, */*", offered) == "text/html"
    assert best_match("image/png", offered) is None
    assert best_match(None, offered) == "text/html"
