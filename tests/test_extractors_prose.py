"""The prose extractors on hand-made reviews of other (invented) films, in English, Spanish and French."""

from __future__ import annotations

from kg.documents import make_document
from kg.extractors import extract, extract_corpus, get
from kg.extractors.context import context
from kg.model import Claim, Document, Kind, Literal, Mention


def _doc(text: str, doc_id: str = "doc") -> Document:
    return make_document(doc_id, f"{doc_id}.txt", text)


def _run(name: str, document: Document) -> list[Claim]:
    return list(get(name).run(document))


def _value(value: Mention | Literal) -> str:
    return value.text if isinstance(value, Mention) else value.value


def _facts(claims: list[Claim]) -> set[tuple[str, str]]:
    return {(c.predicate, _value(c.object)) for c in claims}


EN = (
    "It wasn't until 1962 that director Anna Brel and writer Tomas Okafor dared to make 'Vodny mir / The Water World,' "
    "one of the finest films I have seen. In the film, Lisa (Mara Quint) and Petr (Jonas Ekdal) fall in love. "
    "Hugo Lind plays Anton with quiet menace. Perhaps the most remarkable feature of 'The Water World' is "
    "Ivo Strand's inspired hand-held cinematography. Kasper Moen's musical score is sparse. "
    "The film was honoured with the Golden Heron at the 1963 Varna Film Festival. It was nominated for five Oscars. "
    "It is based on the novel by Rosa Ek. Premier Olaf Brandt hated it, and it reminded me of Bo Vik's "
    "'Night Train' (1950). "
    "It is available for streaming on Foxflix and for rent on Streamly. 7/10"
)


def test_credits_come_only_from_cues() -> None:
    claims = _run("credits.v1", _doc(EN))
    facts = _facts(claims)
    assert facts == {
        ("director", "Anna Brel"),
        ("screenwriter", "Tomas Okafor"),
        ("cinematographer", "Ivo Strand"),
        ("composer", "Kasper Moen"),
        ("director", "Bo Vik"),  # "Bo Vik's 'Night Train'": the possessive names that film's director
    }
    assert {c.subject.text for c in claims if _value(c.object) == "Bo Vik"} == {"Night Train"}


def test_cast_pairs_keep_people_and_characters_apart() -> None:
    claims = _run("cast.v1", _doc(EN))
    pairs = {(_value(c.object), _value(c.qualifier("character"))) for c in claims}  # type: ignore[arg-type]
    assert pairs == {("Mara Quint", "Lisa"), ("Jonas Ekdal", "Petr"), ("Hugo Lind", "Anton")}
    for claim in claims:
        assert isinstance(claim.object, Mention) and claim.object.kind is Kind.PERSON
        character = claim.qualifier("character")
        assert isinstance(character, Mention) and character.kind is Kind.CHARACTER


def test_a_bracket_list_that_names_the_actor_first_is_read_in_its_own_order() -> None:
    text = (
        "Lisa (Mara Quint) meets Petr (Jonas Ekdal) in the rain. The supporting cast includes Ana Holm "
        "(Dr. Vera Lund), Per Dahl (Captain Berg) and Eva Lis (Maja). It ends with Ola (Lena Sky)."
    )
    pairs = {(_value(c.object), _value(c.qualifier("character"))) for c in _run("cast.v1", _doc(text))}  # type: ignore[arg-type]
    assert pairs == {
        ("Mara Quint", "Lisa"),
        ("Jonas Ekdal", "Petr"),
        ("Ana Holm", "Dr. Vera Lund"),
        ("Per Dahl", "Captain Berg"),
        ("Eva Lis", "Maja"),
        ("Lena Sky", "Ola"),
    }


def test_a_slash_title_is_two_titles_of_one_film_and_other_films_are_mentions() -> None:
    document = _doc(EN)
    claims = _run("films.v1", document)
    film = context(document).film
    titles = {_value(c.object) for c in claims if c.predicate == "title" and c.subject == film}
    assert titles == {"Vodny mir", "The Water World"}
    untagged = [c.object for c in claims if c.predicate == "title" and _value(c.object) == "Vodny mir"]
    assert all(isinstance(t, Literal) and t.language == "" for t in untagged)
    mentioned = {_value(c.object) for c in claims if c.predicate == "mentions"}
    assert mentioned == {"Night Train"}
    assert ("releaseDate", "1950") in {
        (c.predicate, _value(c.object)) for c in claims if c.subject.text == "Night Train"
    }


def test_awards_win_with_event_and_year_and_nominations_are_not_wins() -> None:
    claims = _run("awards.v1", _doc(EN))
    [win] = [c for c in claims if c.predicate == "awardReceived"]
    assert _value(win.object) == "Golden Heron"
    assert _value(win.qualifier("event")) == "Varna Film Festival"  # type: ignore[arg-type]
    assert win.qualifier("year") == Literal("1963", datatype="http://www.w3.org/2001/XMLSchema#gYear")
    [nomination] = [c for c in claims if c.predicate == "nominatedFor"]
    assert _value(nomination.object) == "Oscar"


def test_best_category_with_a_person_goes_to_that_person_for_the_film() -> None:
    document = _doc("THE LONG NIGHT won the Silver Bell at the Oslo Film Festival, as well as Best Actress (Ida Berg).")
    claims = _run("awards.v1", document)
    [actress] = [c for c in claims if _value(c.object) == "Best Actress"]
    assert actress.subject == Mention(Kind.PERSON, "Ida Berg", "doc")
    assert actress.qualifier("forWork") == context(document).film


def test_people_only_named_are_mentions_not_crew() -> None:
    document = _doc(EN)
    mentioned = {_value(c.object) for c in _run("people.v1", document)}
    assert {"Olaf Brandt", "Bo Vik"} <= mentioned
    assert not mentioned & {"Anna Brel", "Tomas Okafor", "Mara Quint", "Lisa"}


def test_source_work_streaming_and_rating() -> None:
    document = _doc(EN)
    assert _facts(_run("sources.v1", document)) == {("basedOn", "novel by Rosa Ek"), ("workAuthor", "Rosa Ek")}
    assert _facts(_run("streaming.v1", document)) == {("availableOn", "Foxflix"), ("availableOn", "Streamly")}
    [rating] = [c for c in _run("reviews.v1", document) if c.predicate == "reviewRating"]
    assert _value(rating.object) == "7" and _value(rating.qualifier("bestRating")) == "10"  # type: ignore[arg-type]


def test_not_available_is_not_a_service() -> None:
    document = _doc("Title: Some Film\nDirector: Al Bo\n\nThe movie is currently not available on Foxflix.")
    assert _run("streaming.v1", document) == []


def test_listing_page_embeds_one_review_per_user_line() -> None:
    text = (
        'Quiet Harbour\n\n1971 "A tagline."\nQuiet Harbour\n7.4| 1h50m| sv| More Info\nCountry: Sweden\nDirector\n\n'
        "Reviews\n\n"
        "moviefan77 I liked this one a lot, the harbour scenes are beautiful and the acting is natural. 9/10\n"
        "Greta_B This film was slow but honest, with a quiet ending that stayed with me for days afterwards.\n"
    )
    claims = _run("reviews.v1", _doc(text))
    reviews = {c.subject for c in claims}
    assert len(reviews) == 2 and all(r.key.startswith("doc/review-") for r in reviews)
    authors = {_value(c.object) for c in claims if c.predicate == "reviewAuthor"}
    assert authors == {"moviefan77", "Greta_B"}
    ratings = [c for c in claims if c.predicate == "reviewRating"]
    assert len(ratings) == 1 and _value(ratings[0].object) == "9"


def test_spanish_cues() -> None:
    text = (
        "No fue hasta 1962 cuando el director Anna Brel y el escritor Tomas Okafor produjeron 'Vodny mir / El mundo "
        "de agua', una de las mejores películas. En la película, Lisa (Mara Quint) y Petr (Jonas Ekdal) se separan. "
        "La fotografía de Ivo Strand es extraordinaria. La música de Kasper Moen acompaña. "
        "La película de Anna Brel fue honrada con el Heron de Oro en el Festival de Cine de Varna de 1963."
    )
    document = _doc(text)
    assert document.language == "es"
    facts = _facts([c for name in ("credits.v1", "cast.v1", "films.v1") for c in _run(name, document)])
    assert {("director", "Anna Brel"), ("screenwriter", "Tomas Okafor"), ("cinematographer", "Ivo Strand")} <= facts
    assert {("composer", "Kasper Moen"), ("castMember", "Mara Quint"), ("title", "El mundo de agua")} <= facts
    [win] = _run("awards.v1", document)
    assert win.subject == context(document).film and _value(win.qualifier("event")) == "Festival de Cine de Varna"  # type: ignore[arg-type]
    spanish = [c.object for c in _run("films.v1", document) if _value(c.object) == "El mundo de agua"]
    assert spanish and all(isinstance(t, Literal) and t.language == "es" for t in spanish)


def test_french_cues() -> None:
    text = (
        "Le Jardin silencieux (1975), réalisé par Anna Brel, est un film bouleversant. On y suit Lisa (Mara Quint) "
        "et Petr (Jonas Ekdal), séparés par la guerre. Le directeur de la photographie Ivo Strand signe des plans "
        "splendides. La musique de Kasper Moen accompagne chaque scène. Hugo Lind incarne Anton avec justesse."
    )
    document = _doc(text)
    assert document.language == "fr"
    facts = _facts([c for name in ("credits.v1", "cast.v1") for c in _run(name, document)])
    assert facts == {
        ("director", "Anna Brel"),
        ("cinematographer", "Ivo Strand"),
        ("composer", "Kasper Moen"),
        ("castMember", "Mara Quint"),
        ("castMember", "Jonas Ekdal"),
        ("castMember", "Hugo Lind"),
    }


def test_translation_found_from_the_texts_and_pointing_at_the_original() -> None:
    english = _doc(
        "In 1962 director Anna Brel and writer Tomas Okafor made 'The Water World'. Lisa (Mara Quint) and Petr "
        "(Jonas Ekdal) meet in 1941 and part in 1945. The film won the Golden Heron at the 1963 Varna Film Festival.",
        "a-en",
    )
    spanish = _doc(
        "En 1962 el director Anna Brel y el escritor Tomas Okafor hicieron 'El mundo de agua'. Lisa (Mara Quint) y "
        "Petr (Jonas Ekdal) se conocen en 1941 y se separan en 1945. La película ganó el Golden Heron en el Festival "
        "de Cine de Varna de 1963. I have seen it.",
        "b-es",
    )
    unrelated = _doc(
        "A quiet comedy from 1988 about a bakery in Leeds, with Ann Lee and Bob Ray. Nothing else.", "c-en"
    )
    [claim] = list(extract_corpus([english, spanish, unrelated]))
    assert claim.predicate == "translationOf"
    assert (
        claim.subject.key == "b-es/review" and isinstance(claim.object, Mention) and claim.object.key == "a-en/review"
    )


def test_every_claim_has_a_sentence_and_a_confidence() -> None:
    document = _doc(EN)
    for claim in extract(document):
        sentence = document.sentences[claim.evidence.sentence]
        assert sentence.start <= claim.evidence.start <= sentence.end
        assert 0 < claim.evidence.confidence <= 1


def test_corpus_extractors_emit_ontology_terms() -> None:
    from kg.extractors import corpus_extractors
    from kg.vocab import FK

    for component in corpus_extractors():
        for predicate in component.emits:
            assert getattr(FK, predicate)
