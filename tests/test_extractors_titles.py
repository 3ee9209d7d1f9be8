"""Titles as reviews write them: quoted (and the quoted phrases that are not films), in capitals, plainly repeated.

Every document here is invented: the names belong to no real film.
"""

from __future__ import annotations

from kg.documents import make_document
from kg.extractors.context import context
from kg.model import Document

FILLER = " The acting is fine and the score is lovely. I would watch it again with friends."


def _doc(text: str) -> Document:
    return make_document("doc", "doc.txt", text)


def _others(text: str) -> set[str]:
    """The titles found in `text` besides the subject's (or with it, when one of them became the subject)."""
    ctx = context(_doc(text))
    return {span.text for span in (*ctx.others, *ctx.titles)}


def _subject(text: str) -> str:
    film = context(_doc(text)).film
    return "" if film.key else film.text


def test_quoted_titles_in_a_list_after_a_cue_are_other_films() -> None:
    text = 'Its casual dialogue reminds me of "Paper Lanterns" and "Winter Of The Gulls".' + FILLER
    assert {"Paper Lanterns", "Winter Of The Gulls"} <= _others(text)


def test_quoted_title_after_an_actor_is_another_film() -> None:
    text = 'The boss (Ann Velder of "Copper Sky") is wasted here.' + FILLER
    assert "Copper Sky" in _others(text)


def test_a_quoted_song_is_not_a_film() -> None:
    text = 'Halfway through she sings the hit "Blue Harbor Nights" to the crew.' + FILLER
    assert "Blue Harbor Nights" not in _others(text)


def test_a_quoted_nickname_is_not_a_film() -> None:
    text = 'Then Jake "The Hammer" Kowal enters the ring in the main event.' + FILLER
    assert "The Hammer" not in _others(text)


def test_a_quoted_character_with_its_actor_is_not_a_film() -> None:
    text = 'He falls for his pretty neighbour "Dolly Crane" (Ann Velder), who sells hats.' + FILLER
    assert "Dolly Crane" not in _others(text)


def test_a_quoted_thing_of_the_story_is_not_a_film() -> None:
    text = 'Everyone wants the "Eyes of Kerath", two huge emeralds.' + FILLER
    assert "Eyes of Kerath" not in _others(text)


def test_quoted_speech_with_a_speech_verb_is_not_a_film() -> None:
    text = '"The Open Road", he once declared, "is all I need."' + FILLER
    assert "The Open Road" not in _others(text)


def test_short_titles_in_capitals_count_in_a_review_that_writes_titles_so() -> None:
    text = (
        "Some of my favourite slashers (GRAVE NIGHT, the original HOLLOW MOON) were not that gory, and the "
        "characters in RED TIDE were annoying." + FILLER
    )
    assert {"GRAVE NIGHT", "HOLLOW MOON", "RED TIDE"} <= _others(text)


def test_a_single_shouted_word_is_no_title() -> None:
    text = "This was a HUGE mistake by everyone involved." + FILLER
    assert "HUGE" not in _others(text)


def test_a_title_written_plainly_and_repeated_is_the_subject() -> None:
    text = (
        "Back in 1995 a director made a fine movie. Ten years on, Land Of The Gulls tries too hard. "
        "The result has no heart. Land Of The Gulls was a major disappointment." + FILLER
    )
    assert _subject(text) == "Land Of The Gulls"


def test_a_repeated_name_is_not_a_plain_title() -> None:
    text = "Ann Velder is superb. Later Ann Velder meets the captain, and Bo Kraal and Ann Velder escape." + FILLER
    assert _subject(text) == ""


def test_titles_after_an_actor_in_an_award_sentence_are_other_films() -> None:
    text = "He was up against Ann Velder for Copper Sky, and Bo Kraal in The Long Winter Road." + FILLER
    text = "The Oscar race was close. " + text
    assert {"Copper Sky", "The Long Winter Road"} <= _others(text)


def test_an_award_category_before_for_is_not_an_actor() -> None:
    text = "It was nominated for Best Director for Ann Velder, and won an Oscar." + FILLER
    assert "Ann Velder" not in _others(text)


def test_a_list_of_films_after_a_film_noun_names_every_one() -> None:
    text = "There were far more films like Robot Harbor and The Glass Planet than good films then." + FILLER
    assert {"Robot Harbor", "The Glass Planet"} <= _others(text)


def test_a_list_of_people_after_such_as_is_no_list_of_films() -> None:
    text = "Familiar faces such as Ann Velder, Bo Kraal and Cy Moreau make appearances." + FILLER
    assert not {"Ann Velder", "Bo Kraal", "Cy Moreau"} & _others(text)


def test_a_title_with_its_year_in_brackets_after_a_dash() -> None:
    ctx = context(_doc("Originally it was (Copper Sky - 1978) and (Glass Harbor - 1982)." + FILLER))
    years = {span.text: span.year for span in (*ctx.others, *ctx.titles)}
    assert years.get("Copper Sky") == "1978" and years.get("Glass Harbor") == "1982"


def test_a_subtitle_after_a_colon_belongs_to_the_title_before_its_year() -> None:
    text = "It was followed by Cold Town: The Second Winter (1993), a weaker film." + FILLER
    assert "Cold Town: The Second Winter" in _others(text)


def test_a_quoted_title_opening_a_sentence_as_its_subject_is_the_subject() -> None:
    text = 'I expected little. However, this is no mistake. "The Glass Harbor" is an adventure film.' + FILLER
    assert _subject(text) == "The Glass Harbor"


def test_a_sentence_cased_spanish_title_said_to_be_a_film_is_the_subject() -> None:
    text = (
        "Hoy vi la película en el cine con mis amigos. El faro dormido es una película de misterio que me gustó. "
        "Los actores están muy bien y la música es preciosa."
    )
    assert _subject(text) == "El faro dormido"


def test_a_title_repeated_with_a_capitalised_and_is_one_title() -> None:
    text = (
        "Harbor Man And Little Fox were the names of two boats. Harbor Man was the larger. "
        "Harbor Man And Little Fox shows how they sank." + FILLER
    )
    assert _subject(text) == "Harbor Man And Little Fox"


def test_a_lone_title_opening_a_sentence_is_the_subject_when_nothing_else_names_the_film() -> None:
    text = "This was by far the worst movie I have seen. Dracula 3000 had no redeeming qualities at all." + FILLER
    assert _subject(text) == "Dracula 3000"
    assert _subject("Originally I wanted to like it. The ending is weak." + FILLER) == ""


def test_a_bracketed_title_with_its_year_may_hold_and() -> None:
    text = 'The film "Gray Dawn" reminded me of hits such as (Rook and Rookier - 1994) and (Pale Tide - 1996).' + FILLER
    assert {"Rook and Rookier", "Pale Tide"} <= _others(text)


def test_a_french_director_of_a_list_of_films() -> None:
    text = (
        "« Marée grise » est un beau film. Déjà auteur de Lune Pâle, Brumes et Orvaine, le réalisateur "
        "revient avec une histoire simple. Les acteurs sont très bons et la musique est belle."
    )
    doc = make_document("doc", "doc.txt", text)
    assert doc.language == "fr"
    others = {span.text for span in context(doc).others}
    assert {"Lune Pâle", "Brumes", "Orvaine"} <= others


def test_the_longer_title_wins_over_a_character_that_opens_it() -> None:
    text = (
        '"Rook Returns" is a dark sequel. The Rook fights the mayor, and the Rook loses his cape. '
        "Later the Rook hides in a bell tower." + FILLER
    )
    assert _subject(text) == "Rook Returns"


def test_a_quoted_title_may_open_with_a_lower_case_article() -> None:
    text = (
        'Back in 1983, "le Dernier Phare" showed what Lune could do, and later "the Ninth Harbor" (1997) '
        "made him famous." + FILLER
    )
    assert {"le Dernier Phare", "the Ninth Harbor"} <= _others(text)


def test_a_french_title_and_its_maker() -> None:
    text = (
        "Hier soir j'ai revu Marée Grise de Lucien Vardel, puis Orvaine de Zoé Martel. Ensuite la BO de Paul Orsini "
        "est belle. Les acteurs sont très bons et la musique est belle."
    )
    titles = _others(text)
    assert {"Marée Grise", "Orvaine"} <= titles
    assert not any("BO" in t for t in titles)


def test_a_french_title_with_an_elided_word_written_twice() -> None:
    text = (
        "Après tant d'attente, Le Grand Jour d’Ambre Lioret est une belle surprise. Les acteurs sont très bons. "
        "Au final, Le Grand Jour d’Ambre Lioret est un pur moment de bonheur, et la musique est belle."
    )
    assert _subject(text) == "Le Grand Jour d’Ambre Lioret"
