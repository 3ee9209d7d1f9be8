"""Genres, countries and review ratings read from prose (kg/extractors/genres.py, reviews.find_rating)."""

from __future__ import annotations

from kg.documents import make_document
from kg.extractors import extract
from kg.extractors.genres import find_genres
from kg.extractors.reviews import find_rating


def _genres(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    document = make_document("doc-1", "doc-1.txt", text)
    return [(found.film.text, found.genre, found.countries) for found in find_genres(document)]


def test_a_genre_said_of_the_film_drops_its_film_noun() -> None:
    found = _genres("Dark Harbor is a dumb slasher film. Dark Harbor has a big problem with its story.")
    assert ("Dark Harbor", "slasher", ()) in found


def test_a_kind_of_film_keeps_its_noun_and_one_of_the_is_singular() -> None:
    found = _genres('"Dark Harbor" is one of the better anthology films of its time. I liked Dark Harbor.')
    assert [g for _f, g, _c in found] == ["anthology film"]


def test_modifiers_stay_and_judgements_go() -> None:
    found = _genres("I saw Dark Harbor twice. This lightweight but observant 1948 screwball comedy works well.")
    assert [g for _f, g, _c in found] == ["screwball comedy"]


def test_no_claim_without_a_determiner_that_makes_it_the_films() -> None:
    text = (
        "The drama of the scene is fine. I am a huge slasher fan. I like slasher films. "
        "She is a comedy legend. It is not a western. This disaster of a script hurts."
    )
    assert _genres(text) == []


def test_a_nationality_in_the_phrase_gives_the_country() -> None:
    found = _genres('"Cold Port" is a 1973 French comedy that recalls older films. "Cold Port" opened in May.')
    assert ("Cold Port", "comedy", ("France",)) in found
    found = _genres("The director of this American Italian co-produced film is unknown.")
    assert [c for _f, _g, c in found] == [("United States", "Italy")]


def test_a_film_named_in_the_phrase_gets_its_own_genre() -> None:
    text = 'I saw "Dark Harbor" last week. It echoes another slasher film, "Cold Port" (1981), in every way.'
    found = _genres(text)
    assert all(film != "Dark Harbor" for film, _g, _c in found)


def test_an_untitled_field_block_gives_the_reviews_film_its_genre_and_country() -> None:
    text = (
        "Me gustó mucho esta película de animación, de verdad que sí, la recomiendo a todos.\n"
        "FICHA TÉCNICA\nDirección: Ana Gil.\n\nPaís: Francia.\n\nGénero: Animación, comedia.\n\nProducción: Luis Mar.\n"
    )
    document = make_document("doc-2", "doc-2.txt", text)
    claims = [c for c in extract(document) if c.evidence.extractor == "genres.v1"]
    values = {(c.predicate, getattr(c.object, "value", getattr(c.object, "text", ""))) for c in claims}
    assert {("genre", "animación"), ("genre", "comedia"), ("countryOfOrigin", "Francia")} <= values
    assert not any(p == "productionCompany" for p, _v in values)  # "Producción" names a producer


def test_ratings_as_the_text_writes_them() -> None:
    assert find_rating("One of the best films of 1991. **** of 4 stars.", "en")[:2] == ("4", "4")
    assert find_rating("Worth it. (**** 1/2 out of *****).", "en")[:2] == ("4.5", "5")
    assert find_rating("DARK HARBOR (2006) ***1/2 Ann Lee, Jo Bell", "en")[:2] == ("3.5", "4")
    assert find_rating("My vote is seven.", "en")[:2] == ("7", "10")
    assert find_rating("I'm giving it a 3.", "en")[:2] == ("3", "10")
    assert find_rating("My Grade: B+\n", "en")[:2] == ("B+", "10")
    assert find_rating("si debo darle una puntuación es un 7.5 y no", "es")[:2] == ("7.5", "10")
    assert find_rating("Un grand moment ! 20/20", "fr")[:2] == ("20", "20")
    assert find_rating("Dark Harbor (2002-2006): 8.", "en")[:2] == ("8", "10")


def test_no_rating_from_markup_or_times() -> None:
    assert find_rating("**SPOILERS** and *this* part, open 24/7.", "en") is None


def test_spanish_and_french_genres_follow_their_noun() -> None:
    found = _genres("Sin duda es una comedia romántica muy buena. Se supone que es de intriga, y no lo es.")
    assert [g for _f, g, _c in found] == ["comedia romántica", "intriga"]
    text = "C'est un thriller psychologique intense. « Port Noir » est pour moi le meilleur film de super héros."
    assert [g for _f, g, _c in _genres(text)] == ["thriller psychologique", "film de super héros"]


def test_french_nationality_after_the_noun_gives_the_country() -> None:
    found = _genres("Pour une fois, un film 100% français n'est pas une réussite que chez nous. Un bon film, vraiment.")
    assert [c for _f, _g, c in found] == [("France",)]


def test_a_plural_genre_gives_its_genre_to_the_films_it_lists() -> None:
    text = 'I saw "Dark Harbor" twice. Add it to forgettable comedies like "Cold Port" (1997) and "Blue Fern" (1996).'
    films = {film for film, genre, _c in _genres(text) if genre == "comedy"}
    assert films == {"Cold Port", "Blue Fern"}


def test_a_supposed_or_wished_genre_is_no_claim() -> None:
    assert _genres("If you want a slasher film, look elsewhere. It was made in May and shown in June.") == []
    assert _genres("Si lo que esperáis encontrar es una película de acción, no la veáis. La historia es buena.") == []


def _studios(text: str) -> list[tuple[str, str]]:
    from kg.extractors.genres import find_studios

    document = make_document("doc-3", "doc-3.txt", text)
    return sorted({(film.text, studio) for film, studio, _start, _end in find_studios(document)})


def test_studios_from_generic_shapes_only() -> None:
    assert _studios('This early Lumen Pictures talkie "Cold Port" (1930) deals with it.') == [
        ("Cold Port", "Lumen Pictures")
    ]
    assert _studios("Made on the cheap by Ann Lee's Blue Fern Entertainment production company in May.") == [
        ("film reviewed in doc-3", "Blue Fern Entertainment")
    ]
    assert _studios("It is a genuinely sensational pre code drama from QXR made in 1932.") == [
        ("film reviewed in doc-3", "QXR")
    ]


def test_no_studio_from_abbreviations_shouted_titles_or_awards() -> None:
    text = "Watch this COLD PORT remake. It is a TV movie. The music received a QXB Film Music Award."
    assert _studios(text) == []


def test_the_needs_the_title_right_after() -> None:
    text = 'I liked "Dark Harbor". It came with the compilation film "Cold Port" (1957). The drama was slow.'
    assert ("Cold Port", "compilation film", ()) in _genres(text)
    assert all(genre != "drama" for _f, genre, _c in _genres(text))


def test_a_studio_possessive_opens_a_genre_phrase_but_a_persons_does_not() -> None:
    assert [g for _f, g, _c in _genres("The better one is QXR's marvellous 1950 thriller. I liked it.")] == ["thriller"]
    assert _genres("It was Ann Lee's best thriller. I liked it.") == []


def test_spanish_company_words_before_a_name() -> None:
    text = "La película llega de la mano de la factoría Lumen y de los estudios Fern Roja. Mucho ha llovido, de verdad."
    assert [studio for _film, studio in _studios(text)] == ["Fern Roja", "Lumen"]
