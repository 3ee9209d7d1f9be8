"""A person's walk through the site in headless Chromium: home -> search -> person -> film -> source document.

Screenshots of each step are kept in tests/artifacts/ (git-ignored) for people to look at.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.web.search import fold

from .conftest import ARTIFACTS, BASE, CHROMIUM, CHROMIUM_ARGS

FK = "https://filmkg.org/ontology#"

pytestmark = pytest.mark.browser


def _credited_person(store: ox.Store) -> tuple[str, str]:
    """A (film, person) pair where the person has a credit on the film, preferring actors with a character."""
    rows = store.query(
        "SELECT ?film ?person WHERE { { ?film fk:performance ?p . ?p fk:performer ?person . BIND(0 AS ?rank) }"
        " UNION { ?film ?role ?person . ?film a fk:Film . ?person a fk:Person . BIND(1 AS ?rank) } }"
        " ORDER BY ?rank ?person ?film LIMIT 1",
        prefixes={"fk": FK},
    )
    row = next(iter(rows), None)
    if row is None:
        pytest.skip("the seed store has no film credits yet")
    return row[0].value, row[1].value


def test_walk_home_search_person_film_document(live_server: str, seed_store) -> None:  # type: ignore[no-untyped-def]
    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    film, person = _credited_person(seed_store)
    person_path, film_path = "/" + person[len(BASE) :], "/" + film[len(BASE) :]
    label = next(
        q.object.value
        for q in seed_store.quads_for_pattern(
            ox.NamedNode(person), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), None, ox.DefaultGraph()
        )
    )
    query = max(fold(label), key=len)
    ARTIFACTS.mkdir(exist_ok=True)

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(live_server + "/")
            assert page.locator("h1").first.inner_text() == "filmkg"
            page.screenshot(path=str(ARTIFACTS / "browser-1-home.png"), full_page=True)

            page.fill("form.bigsearch input[name=q]", query)
            page.click("form.bigsearch button")
            page.wait_for_url("**/search?q=*")
            page.screenshot(path=str(ARTIFACTS / "browser-2-search.png"), full_page=True)

            page.click(f'ol.hits a[href="{person_path}"]')
            page.wait_for_url("**" + person_path)
            assert page.locator("h1").inner_text()
            page.screenshot(path=str(ARTIFACTS / "browser-3-person.png"), full_page=True)

            page.click(f'#films a[href="{film_path}"]')
            page.wait_for_url("**" + film_path)
            assert page.locator("#credits table").is_visible()
            page.screenshot(path=str(ARTIFACTS / "browser-4-film.png"), full_page=True)

            sources = page.locator("#credits details.src").first
            sources.locator("summary").click()
            document_link = sources.locator("a").first
            assert document_link.is_visible()  # shown on demand, with no script of ours
            target = document_link.get_attribute("href") or ""
            document_link.click()
            page.wait_for_url("**" + target.split("#")[0] + "*")
            mark = page.locator(f"mark#{target.split('#')[1]}")
            assert mark.count() == 1 and mark.inner_text()
            page.screenshot(path=str(ARTIFACTS / "browser-5-document.png"), full_page=True)
        finally:
            browser.close()
    assert (ARTIFACTS / "browser-5-document.png").stat().st_size > 10_000
