"""The SPARQL query page in headless Chromium: type a query, run it, see rows, follow an IRI to its page; examples,
readable errors, download links, and no request leaving the server (the page works offline)."""

from __future__ import annotations

import pytest

from .conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

QUERY = "SELECT ?film ?title WHERE { ?film a fk:Film ; fk:title ?title } ORDER BY ?film ?title"

pytestmark = pytest.mark.browser


def test_type_run_see_rows_and_follow_an_iri(live_server: str) -> None:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.goto(live_server + "/sparql")
            editor = page.locator("textarea#query")
            assert "PREFIX fk: <https://filmkg.org/ontology#>" in editor.input_value()

            editor.fill(QUERY)
            page.click("#run")
            rows = page.locator("#results table tbody tr")
            rows.first.wait_for()
            assert rows.count() >= 2
            assert page.locator("#results thead th").all_inner_texts() == ["film", "title"]
            assert "rows in" in page.locator("#status").inner_text()
            downloads = page.locator("#downloads a").all_inner_texts()
            assert downloads == ["json", "xml", "csv", "tsv"]
            page.screenshot(path=str(ARTIFACTS / "query-1-results.png"), full_page=True)

            link = page.locator("#results tbody td a").first
            target = link.get_attribute("href") or ""
            assert target.startswith("/resource/film/"), target  # an entity IRI, served by this app
            link.click()
            page.wait_for_url("**" + target)
            assert page.locator("h1").inner_text().strip()
            page.screenshot(path=str(ARTIFACTS / "query-2-entity.png"), full_page=True)

            page.goto(live_server + "/sparql")
            page.locator("textarea#query").fill("SELECT ?film WHERE {\n  ?film a fk:Film\n")
            page.click("#run")
            error = page.locator("#error")
            error.wait_for()
            assert "400" in error.inner_text() and "error at 3:" in error.inner_text()
            assert "line 3" in page.locator("#error pre.where").inner_text()

            page.click("button.example >> text=Titles in every language")
            page.locator("#results table tbody tr").first.wait_for()
            assert page.locator("#error").is_hidden()

            page.click("button.example >> text=Cast with characters")
            page.locator("#results thead th >> text=characterName").wait_for()
            assert page.locator("#results table tbody tr").count() >= 1
            page.screenshot(path=str(ARTIFACTS / "query-3-example.png"), full_page=True)

            page.locator("textarea#query").fill("CONSTRUCT WHERE { ?film a fk:Film }")
            page.click("#run")
            page.locator("#results thead th >> text=predicate").wait_for()
            assert page.locator("#downloads a").all_inner_texts() == [
                "turtle",
                "ntriples",
                "jsonld",
                "rdfxml",
                "nquads",
                "trig",
            ]
            assert all(url.startswith(live_server) for url in requested), [
                u for u in requested if not u.startswith(live_server)
            ]
        finally:
            browser.close()
