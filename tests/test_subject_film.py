"""Which film a review is about, when it names its film in less usual ways; and the near misses that must not be.

Every document here is invented: the names belong to no real film. A wrong subject is worse than none, so each
rule has a guard beside it that must leave the placeholder ("film reviewed in <doc>").
"""

from __future__ import annotations

import glob
from pathlib import Path

import pytest

from kg.documents import make_document
from kg.extractors import get
from kg.extractors.context import context
from kg.model import Document, Literal

DEV_REVIEWS = Path(__file__).resolve().parents[2] / "shared" / "dev-reviews"


def _doc(text: str, doc_id: str = "doc") -> Document:
    return make_document(doc_id, f"{doc_id}.txt", text)


def _subject(text: str) -> str:
    """The subject film's name, or "" for the placeholder of a review that never names its film."""
    film = context(_doc(text)).film
    return "" if film.key else film.text


FILLER = " The acting is fine and the score is lovely. I would watch it again with friends."


def test_typewriter_quote_with_the_period_inside_is_a_title() -> None:
    text = "The director has made what should become the best cult film of the decade, `Paper Lanterns.'" + FILLER
    assert _subject(text) == "Paper Lanterns"


def test_quoted_speech_ending_with_a_period_is_not_a_title() -> None:
    text = 'The hero looks at her and says "Go Home." Then he leaves the house.' + FILLER
    assert _subject(text) == ""


def test_quoted_title_opening_a_paragraph_is_the_subject() -> None:
    text = '"The Glass Orchard" is one of the better anthology films of its time.' + FILLER
    assert _subject(text) == "The Glass Orchard"
    later = "Sara Voss wakes up in a strange house with no memory.\n\n" + '"Evenfall" has a fine cast.' + FILLER
    assert _subject(later) == "Evenfall"


def test_quoted_speech_opening_a_paragraph_is_not_the_subject() -> None:
    assert _subject('"Harbor Lights," she whispers to the sailor before the storm.' + FILLER) == ""
    assert _subject('"Verdict" is the word he keeps repeating in the last scene.' + FILLER) == ""


def test_a_quoted_title_keeps_its_year_apart() -> None:
    document = _doc("'Paper Moon Road (1950)' is a pleasant romantic comedy." + FILLER)
    assert context(document).film.text == "Paper Moon Road"
    years = {c.object for c in get("films.v1").run(document) if c.predicate == "releaseDate"}
    assert Literal("1950", datatype="http://www.w3.org/2001/XMLSchema#gYear") in years


def test_title_heading_before_a_colon_is_the_subject() -> None:
    text = "Le Jardin d'hiver : Un film qui m'a surpris dans tous les sens. Vraiment, ce film est une perle du cinéma."
    assert _subject(text) == "Le Jardin d'hiver"


def test_review_headings_before_a_colon_are_not_titles() -> None:
    assert _subject("Verdict: A film that nobody needed, with a plot that goes nowhere." + FILLER) == ""
    assert _subject("Spoilers: The hero dies at the end and the film never recovers." + FILLER) == ""
    assert _subject("The Final Verdict: A film worth seeing once." + FILLER) == ""


def test_a_title_said_to_be_a_film_is_the_subject_when_it_recurs() -> None:
    text = (
        "Fans of old horror will feel at home with Copper Valley, a film which features a cursed book. "
        "The cast is small. In the end Copper Valley benefits from its budget." + FILLER
    )
    assert _subject(text) == "Copper Valley"
    assert _subject("Moonrise Parade is a Fantasy Music film with different segments." + FILLER) == "Moonrise Parade"
    french = "Au final, Lumière Noire est un film sublime. On retrouve Lumière Noire avec plaisir."
    assert _subject(french) == "Lumière Noire"


def test_a_person_or_a_compound_is_not_a_title_said_to_be_a_film() -> None:
    assert _subject("Directed by Ann Lee, a film that goes nowhere. Ann Lee should rest." + FILLER) == ""
    assert _subject("Réalisé par Anna Brel, est un film bouleversant. Anna Brel le sait.") == ""
    assert _subject("Later that year Tom Reeve is a film critic in Boston. Tom Reeve knows it." + FILLER) == ""
    once = "The plot is thin. Later on, Copper Valley is a fine film too, though this one is not." + FILLER
    assert _subject(once) == ""  # named once, away from the opening: not enough
    compare = "The hero is brave. Copper Valley is a better film than this. Copper Valley had a plot." + FILLER
    assert _subject(compare) == ""


def test_an_opening_alias_names_the_film() -> None:
    text = (
        "Night Harbor, or Black Port as it's commonly known in Europe, begins with a storm. "
        "I found Night Harbor quite entertaining." + FILLER
    )
    assert _subject(text) == "Night Harbor"


def test_a_person_with_a_nickname_is_not_an_opening_alias() -> None:
    text = "Harry, or Hal as he's known to his friends, begins the story in a bar. Harry is sad." + FILLER
    assert _subject(text) == ""


def test_two_capitalised_words_in_the_opening_sentence_are_a_title() -> None:
    text = "Two crafty ladies decide to become STORM SIRENS by sailing to Malta to meet rich men..." + FILLER
    assert _subject(text) == "STORM SIRENS"


def test_shouted_words_are_not_a_two_word_title() -> None:
    assert _subject("The script had smart points, BUT BUT BUT, oh dear, what happened?" + FILLER) == ""
    assert _subject("The gags are crude but surely THEY ARE so necessary for profits." + FILLER) == ""
    assert _subject("This one is a MUST SEE for every fan of the genre." + FILLER) == ""


def test_closing_title_years_and_score_name_the_show() -> None:
    text = "A teenager moves in with her older sister and chaos follows." + FILLER + " Harbor Nights (2001-2004): 8."
    assert _subject(text) == "Harbor Nights"


def test_two_closing_score_lines_name_no_subject() -> None:
    text = "A list of what I watched this week." + FILLER + " Harbor Nights (2001): 8. Copper Valley (2003): 6."
    assert _subject(text) == ""


def test_a_film_named_by_the_opening_sentence_beats_a_song_quoted_twice() -> None:
    text = (
        'Starlight Parade is a musical film with many segments. He sings "Blue River" at the start '
        'and "Blue River" again at the end.' + FILLER
    )
    assert _subject(text) == "Starlight Parade"


def test_a_film_compared_with_is_not_the_subject() -> None:
    text = "Its best scenes reminded me of 'The Iron Meadow' and its pacing is slow." + FILLER
    assert _subject(text) == ""


@pytest.mark.skipif(not DEV_REVIEWS.is_dir(), reason="dev reviews absent")
def test_dev_reviews_that_name_their_film_get_it() -> None:
    expected = {
        "en/6685_10": "Mystery Men",
        "en/11049_8": "Malefique",
        "en/1505_9": "The House That Dripped Blood",
        "en/521_7": "Witchery",
        "fr/allocine-27063-line324": "Le Fabuleux destin d'Amélie Poulain",
        "fr/allocine-61282-line719": "Avatar",
    }
    never_named = ["en/1601_8", "en/1894_8", "en/2327_10", "en/2601_10", "en/5186_7"]
    paths = {name: DEV_REVIEWS / f"{name}.txt" for name in [*expected, *never_named]}
    for name, path in paths.items():
        document = make_document(path.stem, path.name, path.read_text(encoding="utf-8"))
        film = context(document).film
        if name in expected:
            assert film.text == expected[name], name
        else:
            assert film.key, (name, film.text)  # never named: the honest placeholder
    assert len(glob.glob(str(DEV_REVIEWS / "*" / "*.txt"))) >= len(paths)


def test_the_work_a_film_pays_tribute_to_is_not_its_subject() -> None:
    text = (
        "Ola Berg made a sad comedy about a lonely man. The film is partly a tribute to the 1961 Ivo Lind classic, "
        '"Harbor Lights", about a lonely baker. In fact, the hero rehearses "Harbor Lights" as a play.' + FILLER
    )
    assert _subject(text) == ""
    others = {span.text for span in context(_doc(text)).others}
    assert "Harbor Lights" in others


def test_a_film_named_twice_without_a_relation_cue_is_still_the_subject() -> None:
    text = (
        "Ola Berg made a sad comedy about a lonely man, the 1961 classic, "
        '"Harbor Lights", about a lonely baker. In fact, the hero rehearses "Harbor Lights" as a play.' + FILLER
    )
    assert _subject(text) == "Harbor Lights"
