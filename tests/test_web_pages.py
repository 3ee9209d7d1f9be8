"""Linked-data pages: every entity IRI dereferences, content negotiation, sections, sources, search, ontology.

Assertions about the film and person pages are generic ("every Performance of the film is listed with its
character"), so they hold on whatever the seed store holds and grow stronger as extraction improves.
"""

from __future__ import annotations

import json
import re
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from unidecode import unidecode

from kg.config import Settings
from kg.documents.text import split_sentences
from kg.extractors import extract
from kg.graph import to_quads
from kg.model import Document
from kg.pipeline import build
from kg.resolve import resolve
from kg.store import memory_store
from kg.web import create_app

from .conftest import BACKENDS, BASE, LiveServer

SERVED_BY = BACKENDS  # the app tests run against the embedded store and the seeds built into an Oxigraph server


FK = "https://filmkg.org/ontology#"
DEFAULT = ox.DefaultGraph()
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
EXTENSIONS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}
RDF_SUBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"
RDF_PREDICATE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


# ------------------------------------------------------------------ helpers


def entity_iris(store: ox.Store, base: str = BASE) -> list[str]:
    """Every IRI under the base's resource/ space that the merged graph describes (fragments cut off)."""
    prefix = base + "resource/"
    return sorted(
        {
            q.subject.value.split("#", 1)[0]
            for q in store.quads_for_pattern(None, None, None, DEFAULT)
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(prefix)
        }
    )


def path_of(iri: str, base: str = BASE) -> str:
    return "/" + iri[len(base) :]


def own_graph(store: ox.Store, iri: str) -> rdflib.Graph:
    """The merged graph's triples about `iri`, as an rdflib graph (via N-Triples, so terms compare exactly)."""
    triples = [q.triple for q in store.quads_for_pattern(ox.NamedNode(iri), None, None, DEFAULT)]
    return rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def objects(store: ox.Store, subject: str, predicate: str) -> list[ox.Term]:
    return [q.object for q in store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None, DEFAULT)]


def quotes_of(store: ox.Store, assertion: str) -> list[ox.Term]:
    """The quoted sentences of an assertion, through its oa:hasSelector selectors."""
    selectors = objects(store, assertion, "http://www.w3.org/ns/oa#hasSelector")
    return [q for selector in selectors for q in objects(store, selector.value, "http://www.w3.org/ns/oa#exact")]


def instances(store: ox.Store, cls: str) -> list[str]:
    return sorted(
        q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(cls), DEFAULT)
    )


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
NAME_PREDICATES = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    FK + "title",
)


class Page(HTMLParser):
    """A tiny HTML reader: links per section id, the JSON-LD script, element text by id."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.sections: dict[str, list[str]] = {}
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.jsonld: list[str] = []
        self._section: list[str] = []
        self._in_jsonld = False
        self._marks: list[str] = []
        self.marks: list[str] = []
        self._mark_depth = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"] or "")
        if tag == "section":
            self._section.append(attributes.get("id") or "")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")
            for section in self._section:
                self.sections.setdefault(section, []).append(attributes["href"] or "")
        if tag == "script" and attributes.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.jsonld.append("")
        if tag == "mark":
            self._mark_depth += 1
            self.marks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self._section:
            self._section.pop()
        if tag == "script":
            self._in_jsonld = False
        if tag == "mark":
            self._mark_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld[-1] += data
        if self._mark_depth:
            self.marks[-1] += data


# ------------------------------------------------------------------ every IRI answers, in every format


def test_every_entity_iri_answers_html_and_every_rdf_format(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    iris = entity_iris(seed_store)
    assert len(iris) > 10
    for iri in iris:
        path = path_of(iri)
        page = client.get(path, headers={"Accept": BROWSER_ACCEPT})
        assert page.status_code == 200, path
        assert page.mimetype == "text/html"
        expected = own_graph(seed_store, iri)
        for media_type, parser in RDF_TYPES.items():
            response = client.get(path, headers={"Accept": media_type})
            assert response.status_code == 200, (path, media_type)
            assert response.mimetype == media_type
            parsed = rdflib.Graph().parse(data=response.get_data(), format=parser)
            missing = [t for t in expected if t not in parsed]
            assert not missing, (path, media_type, missing[:3])


def test_explicit_format_urls_name_one_variant(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    film = instances(seed_store, FK + "Film")[0]
    expected = own_graph(seed_store, film)
    for extension, parser in EXTENSIONS.items():
        response = client.get(f"{path_of(film)}.{extension}", headers={"Accept": "text/html"})
        assert response.status_code == 200
        parsed = rdflib.Graph().parse(data=response.get_data(), format=parser)
        assert all(t in parsed for t in expected)
    assert client.get(f"{path_of(film)}.html", headers={"Accept": "text/turtle"}).mimetype == "text/html"


def test_jsonld_context_uses_our_and_schema_org_terms(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    film = instances(seed_store, FK + "Film")[0]
    document = client.get(path_of(film), headers={"Accept": "application/ld+json"}).get_json()
    context = document["@context"]
    assert context["fk"] == FK and context["schema"] == "http://schema.org/"
    assert context["director"] == {"@id": "fk:director", "@type": "@id"}
    node = next(n for n in document["@graph"] if n["@id"] == film)
    assert "Film" in node["@type"] and "schema:Movie" in node["@type"]


def test_content_negotiation_honours_q_values_and_says_vary(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    path = path_of(instances(seed_store, FK + "Film")[0])
    cases = {
        "*/*": "text/turtle",
        BROWSER_ACCEPT: "text/html",
        "text/turtle;q=0.5, application/ld+json": "application/ld+json",
        "text/html;q=0.2, application/n-triples;q=0.9": "application/n-triples",
        "application/rdf+xml, text/html;q=0.1": "application/rdf+xml",
        "text/*;q=0.5, text/html;q=0.1": "text/turtle",
    }
    for accept, media_type in cases.items():
        response = client.get(path, headers={"Accept": accept})
        assert response.mimetype == media_type, accept
        assert "Accept" in response.headers["Vary"]
        assert response.headers["Content-Location"].startswith(path + ".")
    assert client.get(path, headers={}).mimetype == "text/turtle"  # curl without -H sends */*
    links = client.get(path).headers["Link"]
    for extension, media_type in (
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("nt", "application/n-triples"),
        ("rdf", "application/rdf+xml"),
        ("html", "text/html"),
    ):
        assert f'<{path}.{extension}>; rel="alternate"; type="{media_type}"' in links


def test_nothing_acceptable_is_406_listing_the_variants(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    path = path_of(instances(seed_store, FK + "Film")[0])
    response = client.get(path, headers={"Accept": "image/png, text/turtle;q=0"})
    assert response.status_code == 406
    body = response.get_data(as_text=True)
    for extension in ("ttl", "jsonld", "nt", "rdf", "html"):
        assert f"{path}.{extension}" in body


def test_unknown_iris_get_a_404_page(client) -> None:  # type: ignore[no-untyped-def]
    for path in (
        "/resource/person/nobody-anyone-knows",
        "/resource/film/nothing.ttl",
        "/resource/",
        "/ontology/Nope",
        "/browse/Nope",
        "/no/such/page",
    ):
        response = client.get(path, headers={"Accept": "text/html"})
        assert response.status_code == 404, path
        assert response.mimetype == "text/html" and "Not found" in response.get_data(as_text=True)


def test_etag_and_last_modified_revalidate_with_304(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    path = path_of(instances(seed_store, FK + "Film")[0])
    first = client.get(path, headers={"Accept": "text/turtle"})
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    again = client.get(path, headers={"Accept": "text/turtle", "If-None-Match": etag})
    assert again.status_code == 304 and again.headers["ETag"] == etag and not again.get_data()
    assert client.get(path, headers={"Accept": "text/turtle", "If-Modified-Since": modified}).status_code == 304
    html = client.get(path, headers={"Accept": "text/html"})
    assert html.headers["ETag"] != etag  # each variant has its own tag
    assert client.get(path, headers={"Accept": "text/html", "If-None-Match": etag}).status_code == 200


def test_retired_iris_answer_301_to_the_survivor(seed_settings: Settings, seed_store) -> None:  # type: ignore[no-untyped-def]
    retired = [
        q
        for q in seed_store.quads_for_pattern(
            None, ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs"), None, ox.NamedNode(BASE + "graph/resolution")
        )
    ]
    film = instances(seed_store, FK + "Film")[0]
    old = BASE + "resource/film/an-older-name-of-it"
    quads = [
        *seed_store,
        ox.Quad(
            ox.NamedNode(old),
            ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs"),
            ox.NamedNode(film),
            ox.NamedNode(BASE + "graph/resolution"),
        ),
    ]
    retired.append(quads[-1])
    store = ox.Store()
    store.extend(quads)
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads if q.graph_name != DEFAULT)
    client = create_app(seed_settings, store=store, base_iri=BASE).test_client()
    for quad in retired:
        response = client.get(path_of(quad.subject.value), headers={"Accept": "text/html"})
        assert response.status_code == 301
        assert response.headers["Location"].endswith(path_of(quad.object.value))
        assert (
            client.get(path_of(quad.subject.value) + ".ttl")
            .headers["Location"]
            .endswith(path_of(quad.object.value) + ".ttl")
        )


# ------------------------------------------------------------------ entity pages


def test_html_embeds_the_schema_org_description(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    film = instances(seed_store, FK + "Film")[0]
    page = Page(client.get(path_of(film), headers={"Accept": "text/html"}).get_data(as_text=True))
    (script,) = page.jsonld
    data = json.loads(script)
    assert data["@id"] == film and data["@type"] == "Movie"
    graph = rdflib.Graph().parse(data=script, format="json-ld")
    assert (rdflib.URIRef(film), rdflib.RDF.type, rdflib.URIRef("http://schema.org/Movie")) in graph
    names = {str(o) for o in graph.objects(rdflib.URIRef(film), rdflib.URIRef("http://schema.org/name"))}
    assert names == {o.value for o in objects(seed_store, film, "http://schema.org/name")}


def test_every_property_is_shown_with_its_ontology_label(client, seed_store, app) -> None:  # type: ignore[no-untyped-def]
    film = instances(seed_store, FK + "Film")[0]
    html = client.get(path_of(film), headers={"Accept": "text/html"}).get_data(as_text=True)
    facts = html.split('id="facts"', 1)[1]
    for quad in seed_store.quads_for_pattern(ox.NamedNode(film), None, None, DEFAULT):
        predicate = quad.predicate.value
        if predicate.startswith(FK) and predicate != FK + "title":
            labels = objects(seed_store, predicate, "http://www.w3.org/2000/01/rdf-schema#label")
            english = next(label.value for label in labels if label.language == "en")
            assert f'href="/ontology/{predicate[len(FK) :]}">{english}</a>' in facts, predicate


def test_film_page_lists_cast_characters_crew_awards_reviews_and_where_to_watch(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    films = instances(seed_store, FK + "Film")
    assert films
    for film in films:
        page = Page(client.get(path_of(film), headers={"Accept": "text/html"}).get_data(as_text=True))
        credits = page.sections.get("credits", [])
        for performance in objects(seed_store, film, FK + "performance"):
            for person in objects(seed_store, performance.value, FK + "performer"):
                assert path_of(person.value) in credits
            for character in objects(seed_store, performance.value, FK + "character"):
                assert path_of(character.value) in credits
        for predicate in (FK + "director", FK + "screenwriter", FK + "cinematographer", FK + "composer"):
            for person in objects(seed_store, film, predicate):
                assert path_of(person.value) in credits
        awards = page.sections.get("awards", [])
        for record in objects(seed_store, film, FK + "awardRecord"):
            for award in objects(seed_store, record.value, FK + "award"):
                assert path_of(award.value) in awards
            for event in objects(seed_store, record.value, FK + "awardEvent"):
                assert path_of(event.value) in awards
        reviews = page.sections.get("reviews", [])
        for quad in seed_store.quads_for_pattern(None, ox.NamedNode(FK + "reviewOf"), ox.NamedNode(film), DEFAULT):
            assert path_of(quad.subject.value) in reviews
            for author in objects(seed_store, quad.subject.value, FK + "reviewAuthor"):
                assert path_of(author.value) in reviews
        for service in objects(seed_store, film, FK + "availableOn"):
            assert path_of(service.value) in page.sections["facts"]


def test_person_page_lists_films_with_roles(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    people = instances(seed_store, FK + "Person")
    assert people
    for person in people:
        page = Page(client.get(path_of(person), headers={"Accept": "text/html"}).get_data(as_text=True))
        films = page.sections.get("films", [])
        for film in instances(seed_store, FK + "Film"):
            linked = any(
                list(
                    seed_store.quads_for_pattern(
                        ox.NamedNode(film), ox.NamedNode(FK + p), ox.NamedNode(person), DEFAULT
                    )
                )
                for p in ("director", "screenwriter", "cinematographer", "composer", "producer", "editor", "castMember")
            )
            if linked:
                assert path_of(film) in films, (person, film)


def with_all_sources(client, path: str) -> str:  # type: ignore[no-untyped-def]
    """The entity page's HTML followed by every page of every "all N sources" list it links (a fact shows a few)."""
    html = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    pages = [html]
    for fact in sorted(set(re.findall(r'href="\?sources=([0-9a-f]{12})"', html))):
        url = f"{path}?sources={fact}"
        while url:
            page = client.get(url, headers={"Accept": "text/html"}).get_data(as_text=True)
            pages.append(page)
            following = re.search(r'<a rel="next" href="([^"]+)"', page)
            url = __import__("html").unescape(following.group(1)) if following else ""
    return "\n".join(pages)


def test_every_fact_shows_its_sources(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    """Each assertion about the film names its document and quotes its sentence on the film page."""
    film = instances(seed_store, FK + "Film")[0]
    html = with_all_sources(client, path_of(film))
    assertions = [
        q.subject.value
        for q in seed_store.quads_for_pattern(
            None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"), ox.NamedNode(film), DEFAULT
        )
    ]
    assert assertions
    unescape = __import__("html").unescape
    text = unescape(html)
    for assertion in assertions:
        (document,) = objects(seed_store, assertion, FK + "sourceDocument")
        (index,) = objects(seed_store, assertion, FK + "sentenceIndex")
        assert f'href="{path_of(document.value)}#s{index.value}"' in html
        (quote,) = quotes_of(seed_store, assertion)
        assert quote.value in text
    assert '<details class="src">' in html


def test_reader_language_picks_the_label(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for iri in entity_iris(seed_store):
        labels = objects(seed_store, iri, "http://www.w3.org/2000/01/rdf-schema#label")
        by_language = {label.language: label.value for label in labels if label.language}
        if len(set(by_language.values())) < 2:
            continue
        for language, label in by_language.items():
            html = client.get(path_of(iri), headers={"Accept": "text/html", "Accept-Language": f"{language}, en;q=0.5"})
            assert re.search(
                r"<h1[^>]*>" + re.escape(__import__("html").escape(label)) + "</h1>", html.get_data(as_text=True)
            )
            checked += 1
    html = client.get(
        path_of(instances(seed_store, FK + "Film")[0]), headers={"Accept": "text/html", "Accept-Language": "xx"}
    ).get_data(as_text=True)
    assert "<h1" in html  # an unknown language falls back to the preferred label


def test_accept_language_picks_the_label_and_falls_back(tmp_path: Path) -> None:
    film = ox.NamedNode(BASE + "resource/film/x")
    graph = ox.NamedNode(BASE + "resource/document/d")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    quads = [
        ox.Quad(film, ox.NamedNode(RDF_TYPE), ox.NamedNode(FK + "Film"), graph),
        ox.Quad(film, label, ox.Literal("The Cranes", language="en"), graph),
        ox.Quad(film, ox.NamedNode(FK + "title"), ox.Literal("Las grúas", language="es"), graph),
        ox.Quad(
            film,
            ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel"),
            ox.Literal("Quand passent", language="fr"),
            graph,
        ),
    ]
    settings = Settings.load(store_dir=tmp_path / "none", base_iri=BASE)
    client = create_app(settings, store=memory_store(quads), base_iri=BASE).test_client()
    for accept_language, title in (
        ("es-MX, en;q=0.5", "Las grúas"),
        ("fr", "Quand passent"),
        ("de, en;q=0.1", "The Cranes"),
        ("de", "The Cranes"),
        ("", "The Cranes"),
    ):
        response = client.get("/resource/film/x", headers={"Accept": "text/html", "Accept-Language": accept_language})
        assert "<h1 lang=" in response.get_data(as_text=True)
        assert re.search(r"<h1[^>]*>" + re.escape(title) + "</h1>", response.get_data(as_text=True)), accept_language
        assert "Accept-Language" in response.headers["Vary"]


def test_long_lists_are_paginated_but_rdf_is_whole(seed_settings: Settings, seed_store) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    client = create_app(replace(seed_settings, page_size=2)).test_client()
    documents = instances(seed_store, FK + "SourceDocument")
    document = max(
        documents,
        key=lambda d: len(
            list(seed_store.quads_for_pattern(None, ox.NamedNode(FK + "sourceDocument"), ox.NamedNode(d), DEFAULT))
        ),
    )
    facts = len(
        list(seed_store.quads_for_pattern(None, ox.NamedNode(FK + "sourceDocument"), ox.NamedNode(document), DEFAULT))
    )
    assert facts > 2
    first = client.get(path_of(document), headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "page 1 of" in first and "?facts=2" in first
    second = client.get(path_of(document) + "?facts=2", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "page 2 of" in second
    turtle = client.get(path_of(document), headers={"Accept": "text/turtle"}).get_data()
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    pointing = set(graph.subjects(rdflib.URIRef(FK + "sourceDocument"), rdflib.URIRef(document)))
    assert len(pointing) == facts


# ------------------------------------------------------------------ documents, escaping


def test_document_page_highlights_the_sentences_that_yielded_facts(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    for document in instances(seed_store, FK + "SourceDocument"):
        page = Page(client.get(path_of(document), headers={"Accept": "text/html"}).get_data(as_text=True))
        for quad in seed_store.quads_for_pattern(
            None, ox.NamedNode(FK + "sourceDocument"), ox.NamedNode(document), DEFAULT
        ):
            if ox.NamedNode(FK + "Assertion") not in objects(seed_store, quad.subject.value, RDF_TYPE):
                continue  # a review also names its source document
            (index,) = objects(seed_store, quad.subject.value, FK + "sentenceIndex")
            (quote,) = quotes_of(seed_store, quad.subject.value)
            assert f"s{index.value}" in page.ids
            assert quote.value in page.marks


def _hand_made_app(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    """The real app over a store built in memory from one hand-made Document (the reader would drop tags)."""
    document = Document("evil", "evil.txt", text, "en", "0" * 64, split_sentences(text))
    quads = list(to_quads(resolve(list(extract(document))), [document], BASE))
    settings = Settings.load(store_dir=tmp_path / "none", base_iri=BASE)
    return create_app(settings, store=memory_store(quads), base_iri=BASE)


EVIL = (
    "Title: The <script>alert(1)</script> Affair\nDirector: Jane </script><script>alert(2)</script> Doe\n\n"
    "A reviewer wrote <script>alert(1)</script> & <b>bold</b> here."
)


def test_text_from_documents_is_escaped_everywhere(tmp_path: Path) -> None:
    client = _hand_made_app(tmp_path, EVIL).test_client()
    pages = ["/", "/search?q=affair", "/search?q=doe", "/resource/document/evil", "/browse/Film", "/browse/Person"]
    store_iris = [p for p in ("/resource/film/", "/resource/person/")]
    home = client.get("/").get_data(as_text=True)
    pages += sorted({m for m in re.findall(r'href="(/resource/[^"#]+)"', home) if m.startswith(tuple(store_iris))})
    assert len(pages) > 6
    for path in pages:
        html = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
        assert "<script>alert" not in html, path
        assert "</script><script>" not in html, path
        assert "<b>bold</b>" not in html, path
    document = client.get("/resource/document/evil", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    film = next(p for p in pages if p.startswith("/resource/film/"))
    page = Page(client.get(film, headers={"Accept": "text/html"}).get_data(as_text=True))
    name = json.loads(page.jsonld[0])["name"]
    assert "</script>" in (name["@value"] if isinstance(name, dict) else name)  # kept, but escaped for HTML


# ------------------------------------------------------------------ search and home


def test_search_finds_entities_by_any_label_regardless_of_case_and_accents(tmp_path: Path, docs_dir: Path) -> None:
    (docs_dir / "a.txt").write_text("Title: Las Grúas Están Volando\nDirector: Tatiána SAMÓILOVA\nGenre: Drama\n")
    settings = Settings.load(store_dir=tmp_path / "store", base_iri=BASE)
    build([docs_dir], settings)
    client = create_app(settings).test_client()
    for query, path in (
        ("samoilova", "/resource/person/"),
        ("gruas", "/resource/film/"),
        ("GRÚAS están", "/resource/film/"),
        ("tatiana samo", "/resource/person/"),
    ):
        page = Page(client.get("/search", query_string={"q": query}).get_data(as_text=True))
        found = [link for link in page.links if link.startswith(path)]
        assert found, query
    assert "Nothing matches" in client.get("/search?q=zzzqqq").get_data(as_text=True)


def test_search_on_the_seed_store_finds_every_label(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    from kg.web.search import fold

    hidden = {
        FK + c
        for c in ("Assertion", "Performance", "AwardRecord", "AwardWin", "AwardNomination", "Rating", "AggregateRating")
    }
    for iri in entity_iris(seed_store):
        if {t.value for t in objects(seed_store, iri, RDF_TYPE)} & hidden:
            continue
        names = [n for p in NAME_PREDICATES for n in objects(seed_store, iri, p)]
        for label in names:
            words = fold(label.value)
            if not words:
                continue
            query = unidecode(" ".join(words)).upper()  # case and accents folded away
            page = Page(client.get("/search", query_string={"q": query}).get_data(as_text=True))
            assert path_of(iri) in page.links, (iri, query)


def test_home_page_counts_browses_searches_and_links(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/").get_data(as_text=True)
    page = Page(html)
    triples = next(iter(seed_store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")))[0].value
    assert f"<strong>{triples}</strong> triples" in html
    for link in ("/sparql", "/ontology", "/.well-known/void", "/download/filmkg.ttl", "/download/filmkg.nq"):
        assert link in page.links
    assert 'action="/search"' in html
    for document in instances(seed_store, FK + "SourceDocument"):
        assert path_of(document) in page.sections["documents"]
    for cls in ("Film", "Person", "SourceDocument"):
        assert f"/browse/{cls}" in page.links
        browse = Page(client.get(f"/browse/{cls}").get_data(as_text=True))
        assert set(map(path_of, instances(seed_store, FK + cls))) <= set(browse.links)


# ------------------------------------------------------------------ ontology


def test_ontology_and_each_term_dereference(client, seed_store) -> None:  # type: ignore[no-untyped-def]
    ontology = ox.NamedNode("https://filmkg.org/ontology")
    size = len(list(seed_store.quads_for_pattern(None, None, None, ontology)))
    page = Page(client.get("/ontology", headers={"Accept": BROWSER_ACCEPT}).get_data(as_text=True))
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert turtle.mimetype == "text/turtle" and "Accept" in turtle.headers["Vary"]
    assert len(rdflib.Graph().parse(data=turtle.get_data(), format="turtle")) == size
    terms = {
        q.subject.value
        for q in seed_store.quads_for_pattern(None, None, None, ontology)
        if q.subject.value.startswith(FK)
    }
    assert len(terms) > 40
    for term in sorted(terms):
        local = term[len(FK) :]
        assert local in page.ids, local
        html = client.get(f"/ontology/{local}", headers={"Accept": "text/html"})
        assert html.status_code == 200 and html.mimetype == "text/html"
        rdf = client.get(f"/ontology/{local}", headers={"Accept": "text/turtle"})
        graph = rdflib.Graph().parse(data=rdf.get_data(), format="turtle")
        assert (rdflib.URIRef(term), rdflib.RDF.type, None) in graph
    director = client.get("/ontology/director", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "https://www.wikidata.org/wiki/Property:P57" in director and "https://schema.org/director" in director


# ------------------------------------------------------------------ over real HTTP


def test_every_entity_iri_answers_over_real_http(live_server: str, seed_store) -> None:  # type: ignore[no-untyped-def]
    for iri in entity_iris(seed_store):
        for accept, media_type in ((BROWSER_ACCEPT, "text/html"), ("*/*", "text/turtle")):
            request = urllib.request.Request(live_server + path_of(iri), headers={"Accept": accept})
            with urllib.request.urlopen(request) as response:
                assert response.status == 200
                assert response.headers.get_content_type() == media_type
                assert "Accept" in response.headers["Vary"]
                body = response.read()
            if media_type == "text/turtle":
                parsed = rdflib.Graph().parse(data=body, format="turtle")
                assert all(t in parsed for t in own_graph(seed_store, iri))
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(live_server + "/resource/person/nobody-anyone-knows")
    assert missing.value.code == 404
    missing.value.close()


def test_a_custom_base_iri_is_answered_at_the_servers_own_paths(tmp_path: Path, docs_dir: Path) -> None:
    (docs_dir / "a.txt").write_text("Title: A Small Film\nDirector: Some Body\n")
    base = "https://films.example.org/kg/"
    settings = Settings.load(store_dir=tmp_path / "store", base_iri=base)
    build([docs_dir], settings)
    store = ox.Store.read_only(str((tmp_path / "store" / "current" / "oxigraph").resolve()))
    iris = entity_iris(store, base)
    del store
    assert any("/film/" in iri for iri in iris)
    with LiveServer(settings.store_dir) as server:
        for iri in iris:
            path = "/" + iri[len(base) :]
            request = urllib.request.Request(server.url + path, headers={"Accept": "text/turtle"})
            with urllib.request.urlopen(request) as response:
                graph = rdflib.Graph().parse(data=response.read(), format="turtle")
            assert (rdflib.URIRef(iri), None, None) in graph
            with urllib.request.urlopen(
                urllib.request.Request(server.url + path, headers={"Accept": "text/html"})
            ) as r:
                html = r.read().decode()
            assert iri in html and 'href="https://films.example.org' not in html  # links stay on this server


def test_a_new_build_refreshes_the_search_index_and_counts(tmp_path: Path, docs_dir: Path) -> None:
    (docs_dir / "a.txt").write_text("Title: First Small Film\nDirector: Ann Example\n")
    settings = Settings.load(store_dir=tmp_path / "store", base_iri=BASE)
    build([docs_dir], settings)
    client = create_app(settings).test_client()
    assert "/resource/person/" in client.get("/search?q=ann").get_data(as_text=True)
    assert "Nothing matches" in client.get("/search?q=zoltan").get_data(as_text=True)
    (docs_dir / "b.txt").write_text("Title: Second Small Film\nDirector: Zoltán Other\n")
    build([docs_dir], settings)
    assert "/resource/person/" in client.get("/search?q=zoltan").get_data(as_text=True)


# ------------------------------------------------------------------ large entities stay bounded (issue 7)


def _app_of_documents(tmp_path: Path, texts: list[str], page_size: int = 50):  # type: ignore[no-untyped-def]
    """The real app over a store built in memory from hand-made Documents, one per text."""
    documents = [
        Document(f"doc{i}", f"doc{i}.txt", text, "en", f"{i:064d}", split_sentences(text))
        for i, text in enumerate(texts)
    ]
    claims = [claim for document in documents for claim in extract(document)]
    quads = list(to_quads(resolve(claims), documents, BASE))
    settings = Settings.load(store_dir=tmp_path / "none", base_iri=BASE, page_size=page_size)
    return create_app(settings, store=memory_store(quads), base_iri=BASE), memory_store(quads)


def test_issue_7_a_fact_with_many_sources_shows_a_few_and_links_every_one(tmp_path: Path) -> None:
    texts = [
        f"Title: The Quiet Harbour\nDirector: Jane Doe\n\nReview {i}: <b>bold</b> & <script>x</script>."
        for i in range(7)
    ]
    app, store = _app_of_documents(tmp_path, texts, page_size=2)
    client = app.test_client()
    (film,) = instances(store, FK + "Film")
    directors = objects(store, film, FK + "director")
    assert len(directors) == 1
    stating = [
        q.subject.value
        for q in store.quads_for_pattern(None, ox.NamedNode(RDF_SUBJECT), ox.NamedNode(film), DEFAULT)
        if ox.NamedNode(FK + "director")
        in [x.object for x in store.quads_for_pattern(q.subject, ox.NamedNode(RDF_PREDICATE), None, DEFAULT)]
    ]
    assert len(stating) == 7
    documents = {objects(store, a, FK + "sourceDocument")[0].value for a in stating}
    assert len(documents) == 7

    html = client.get(path_of(film), headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "7 sources" in html
    links = sorted(set(re.findall(r'href="\?sources=([0-9a-f]{12})"', html)))
    assert links, "a fact with more sources than the page shows links to all of them"
    shown = re.findall(r'<details class="src">.*?</details>', html, re.S)
    assert all(block.count("<blockquote>") <= 3 for block in shown)

    reached: set[str] = set()
    for fact in links:
        url = f"{path_of(film)}?sources={fact}"
        while url:
            answer = client.get(url, headers={"Accept": "text/html"})
            assert answer.status_code == 200
            page = answer.get_data(as_text=True)
            assert "<script>x" not in page and "<b>bold</b>" not in page
            assert page.count("<blockquote>") <= 2  # page_size
            reached |= {d for d in documents if f'href="{path_of(d)}#s' in page}
            following = re.search(r'<a rel="next" href="([^"]+)"', page)
            url = __import__("html").unescape(following.group(1)) if following else ""
    assert reached == documents

    assert client.get(f"{path_of(film)}?sources=000000000000", headers={"Accept": "text/html"}).status_code == 404
    hostile = client.get(f"{path_of(film)}?sources=%3Cscript%3Ealert(1)%3C/script%3E", headers={"Accept": "text/html"})
    assert hostile.status_code == 404 and "<script>alert" not in hostile.get_data(as_text=True)
    turtle = client.get(path_of(film), headers={"Accept": "text/turtle"}).get_data()
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    assert {str(a) for a in graph.subjects(rdflib.URIRef(RDF_SUBJECT), rdflib.URIRef(film))} >= set(stating)


def test_issue_7_a_propertys_values_are_paginated(seed_settings: Settings, seed_store) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    client = create_app(replace(seed_settings, page_size=2)).test_client()
    turned = 0
    for film in instances(seed_store, FK + "Film"):
        html = client.get(path_of(film), headers={"Accept": "text/html"}).get_data(as_text=True)
        facts = re.search(r'<section id="facts">.*?</section>', html, re.S)
        assert facts is not None
        for param in sorted(set(re.findall(r'\?((?:fk|schema)\.\w+)=2"', facts.group(0)))):
            second = client.get(f"{path_of(film)}?{param}=2", headers={"Accept": "text/html"}).get_data(as_text=True)
            section = re.search(r'<section id="facts">.*?</section>', second, re.S)
            assert section is not None and "page 2 of" in section.group(0)
            turned += 1
    assert turned, "some seed film has a property with more than two values"
