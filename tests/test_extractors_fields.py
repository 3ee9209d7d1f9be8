"""The fields extractor on headers and listing layouts, for any film."""

from __future__ import annotations

from kg.documents import make_document
from kg.extractors import get
from kg.extractors.fields import match_key
from kg.model import Claim, Literal, Mention


def _claims(text: str) -> list[Claim]:
    return list(get("fields.v1").run(make_document("doc", "doc.txt", text)))


def _facts(claims: list[Claim]) -> set[tuple[str, str]]:
    return {
        (c.predicate, c.object.text if isinstance(c.object, Mention) else c.object.value)  # type: ignore[union-attr]
        for c in claims
    }


def test_key_value_header_of_another_film() -> None:
    text = (
        "Title: Los olvidados\nDirector: Luis Buñuel\nRelease Date: 9 December 1950\n"
        "Genre: Crime, Drama\nCountry: Mexico\nRuntime: 85 min\nMusic by: Rodolfo Halffter\n\n"
        "A harsh and beautiful film about street children."
    )
    facts = _facts(_claims(text))
    assert {
        ("title", "Los olvidados"),
        ("director", "Luis Buñuel"),
        ("releaseDate", "1950-12-09"),
        ("genre", "Crime"),
        ("genre", "Drama"),
        ("countryOfOrigin", "Mexico"),
        ("duration", "PT1H25M"),
        ("composer", "Rodolfo Halffter"),
    } <= facts


def test_spanish_keys_and_month_names() -> None:
    text = "Título: El espíritu de la colmena\nDirector: Víctor Erice\nEstreno: 8 de octubre de 1973\nPaís: España"
    facts = _facts(_claims(text))
    assert ("releaseDate", "1973-10-08") in facts
    assert ("countryOfOrigin", "España") in facts


def test_listing_layout_gives_rating_runtime_language_and_studio() -> None:
    text = (
        'Some Listed Film\n\n1999 "A tagline."\nSome Listed Film\n7.1| 2h05m| fr| More Info\n'
        "Released: 3 March 1999 Released\nProducted By: Example Studios\nCountry: France\nBudget: 0\n"
    )
    claims = _claims(text)
    facts = _facts(claims)
    assert ("title", "Some Listed Film") in facts
    assert ("duration", "PT2H5M") in facts
    assert ("originalLanguage", "fr") in facts
    assert ("productionCompany", "Example Studios") in facts
    assert ("releaseDate", "1999-03-03") in facts
    [rating] = [c for c in claims if c.predicate == "aggregateRating"]
    assert rating.object == Literal("7.1", datatype="http://www.w3.org/2001/XMLSchema#decimal")
    assert rating.qualifier("bestRating") == Literal("10", datatype="http://www.w3.org/2001/XMLSchema#decimal")


def test_streaming_services_are_names_not_words() -> None:
    text = "Title: X Film\nDirector: Ann Lee\nStreaming Services: Available on MUBI and for rent on Apple TV, iTunes."
    services = {c.object.text for c in _claims(text) if c.predicate == "availableOn"}  # type: ignore[union-attr]
    assert services == {"MUBI", "Apple TV", "iTunes"}


def test_keys_tolerate_slips_but_not_unrelated_words() -> None:
    assert match_key("Producted By") == "productionCompany"
    assert match_key("Relased") == "releaseDate"
    assert match_key("DIRECTOR") == "director"
    assert match_key("Synopsis") is None
    assert match_key("Reviews") is None


def test_prose_without_fields_yields_nothing() -> None:
    assert _claims("I loved this film. The director made it in 1957 and it still moves me.") == []


def test_evidence_points_at_the_value() -> None:
    text = "Title: Stray Dog\nDirector: Akira Kurosawa\nCountry: Japan"
    document = make_document("doc", "doc.txt", text)
    for claim in get("fields.v1").run(document):
        evidence = claim.evidence
        assert evidence.extractor == "fields.v1"
        assert document.text[evidence.start : evidence.end] in {"Stray Dog", "Akira Kurosawa", "Japan"}


def _people(claims: list[Claim], predicate: str) -> set[str]:
    return {c.object.text for c in claims if c.predicate == predicate}  # type: ignore[union-attr]


def test_ficha_tecnica_inside_a_review_goes_to_the_reviewed_film() -> None:
    text = (
        "Vi ayer la película y me gustó mucho, aunque es larga y algo lenta en su segunda mitad.\n\n"
        "FICHA TÉCNICA\nDirección: Ana Torres Vidal.\n\nAño: 2004.\n\n"
        "Interpretación: Lucas Mena (Tomás), Eva Rius (la abuela), Pau Soler.\n\n"
        "Guión: Ana Torres Vidal y Marc Prat; basado en un argumento de Joan Serra.\n\n"
        "Producción: Rosa Gil y Tomeu Vives.\n\nMúsica: Iker Alday.\n\nFotografía: Nuria Sanz.\n"
    )
    claims = _claims(text)
    assert _people(claims, "director") == {"Ana Torres Vidal"}
    assert _people(claims, "screenwriter") == {"Ana Torres Vidal", "Marc Prat", "Joan Serra"}
    assert _people(claims, "producer") == {"Rosa Gil", "Tomeu Vives"}
    assert _people(claims, "composer") == {"Iker Alday"}
    assert _people(claims, "cinematographer") == {"Nuria Sanz"}
    assert ("releaseDate", "2004") in _facts(claims)
    roles = {(c.object.text, c.qualifier("character").text if c.qualifier("character") else None)  # type: ignore[union-attr]
             for c in claims if c.predicate == "castMember"}  # fmt: skip
    assert roles == {("Lucas Mena", "Tomás"), ("Eva Rius", "la abuela"), ("Pau Soler", None)}
    assert len({c.subject for c in claims}) == 1


def test_source_work_author_is_not_a_writer() -> None:
    text = "Título: La casa vacía\nGuión: Ana Torres; basado en la novela de Joan Serra.\nDirector: Marc Prat"
    assert _people(_claims(text), "screenwriter") == {"Ana Torres"}


def test_capitalised_keys_without_colon_and_a_dub_list() -> None:
    text = (
        "DIRECTOR Ana Torres\n\nGUIÓN Marc Prat (Historia: Joan Serra, Eva Rius)\n\nMÚSICA Iker Alday\n\n"
        "REPARTO Y PERSONAJES\n\nDoblaje original/español: Lucas Mena/Pau Soler (Remo), Rosa Gil/Tomeu Vives (Lía).\n"
    )
    claims = _claims(text)
    assert _people(claims, "director") == {"Ana Torres"}
    assert _people(claims, "screenwriter") == {"Marc Prat", "Joan Serra", "Eva Rius"}
    assert _people(claims, "composer") == {"Iker Alday"}
    assert _people(claims, "castMember") == {"Lucas Mena", "Rosa Gil"}


def test_a_second_key_inside_a_value_ends_it() -> None:
    text = "Some Film\nDirector: Ann Lee Featuring: Bo Vik, Cy Dunn\nCountry: Japan"
    claims = _claims(text)
    assert _people(claims, "director") == {"Ann Lee"}
    assert _people(claims, "castMember") == {"Bo Vik", "Cy Dunn"}
