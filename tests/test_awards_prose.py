"""Award statements as real reviews write them, on invented reviews: each reading and its near miss."""

from __future__ import annotations

from kg.documents import make_document
from kg.extractors import get
from kg.model import Claim, Literal, Mention


def _claims(text: str) -> list[Claim]:
    return list(get("awards.v1").run(make_document("doc", "doc.txt", text)))


def _text(value: Mention | Literal) -> str:
    return value.text if isinstance(value, Mention) else value.value


def _awards(text: str) -> set[tuple[str, str, str]]:
    """(recipient, predicate, prize) of every award claim."""
    return {(c.subject.text, c.predicate, _text(c.object)) for c in _claims(text)}


LEAD = "'Harbour Lights' (1988) is a gentle comedy about two sisters, with Dana Pell and Odile Varga. "


def test_a_prize_and_its_category_are_one_award() -> None:
    found = _awards(LEAD + "Dana Pell won the Silver Kite for Best Actress.")
    assert found == {("Dana Pell", "awardReceived", "Silver Kite for Best Actress")}
    # a prize listed with others before one "for" category: each prize for that category
    found = _awards(
        LEAD
        + "Dana Pell pulled off a feat, winning a Silver Kite, a Bronze Owl, and the Gold Lantern for Best Actress."
    )
    assert {prize for _w, _p, prize in found} == {
        "Silver Kite for Best Actress",
        "Bronze Owl for Best Actress",
        "Gold Lantern for Best Actress",
    }
    # near miss: a category with no prize is the award by itself
    assert _awards(LEAD + "It was nominated for Best Picture.") == {("Harbour Lights", "nominatedFor", "Best Picture")}


def test_a_plural_prize_with_a_category_is_one_prize() -> None:
    found = _awards(LEAD + "It was nominated the Kite Awards for Best Score for Odile Varga.")
    assert found == {("Odile Varga", "nominatedFor", "Kite Award for Best Score")}


def test_spanish_prize_with_its_category_and_para_a_person() -> None:
    text = (
        "'Puerto Gris' es una película de terror. En el festival recibió tres galardones: Premio del Público, "
        "Premio al Mejor Director y Premio a la Mejor Actriz para Lucía Serrano."
    )
    found = _awards(text)
    assert ("Lucía Serrano", "awardReceived", "Premio a la Mejor Actriz") in found
    assert ("Puerto Gris", "awardReceived", "Premio al Mejor Director") in found
    # near miss: a prize without a category of its own keeps its name alone
    assert ("Puerto Gris", "awardReceived", "Premio del Público") in found


def test_a_comma_list_of_prizes_before_winning() -> None:
    text = LEAD + "Also starring Bo Vik as Cosmo, Kite Award, Oscar and Golden Globe winning Ida Berg as Rose."
    found = _awards(text)
    assert {prize for who, _p, prize in found if who == "Ida Berg"} == {"Kite Award", "Oscar", "Golden Globe"}
    # near miss: the character named before the comma is no prize
    assert not any(prize == "Cosmo" for _w, _p, prize in found)


def test_a_prize_winning_performance_then_its_performer() -> None:
    found = _awards(LEAD + "In a Golden Globe-winning performance, Ida Berg plays the elder sister's manager.")
    assert found == {("Ida Berg", "awardReceived", "Golden Globe")}
    # near miss: a prize-winning thing that is not a performance names no performer
    assert _awards(LEAD + "In a Golden Globe-winning year, Ida Berg plays the elder sister's manager.") == set()


def test_a_nomination_named_by_its_noun_is_a_nomination() -> None:
    found = _awards(LEAD + "It received an Oscar nomination for Best Short Film, Comedy.")
    assert all(p == "nominatedFor" for _w, p, _a in found)
    assert ("Harbour Lights", "nominatedFor", "Oscar for Best Short Film, Comedy") in found
    found = _awards(LEAD + "Dana Pell (who also reeled in an Academy Award nomination) is fine.")
    assert found == {("Dana Pell", "nominatedFor", "Academy Award")}
    # near miss: a win received is still a win
    assert _awards(LEAD + "It received an Oscar for Best Short Film.") == {
        ("Harbour Lights", "awardReceived", "Oscar for Best Short Film")
    }


def test_people_for_their_categories_in_brackets() -> None:
    text = LEAD + (
        "All three actresses received Oscar nominations for their work here "
        "(Pell for Best Actress; Varga and Ida Berg for Best Supporting Actress)."
    )
    found = _awards(LEAD + "Ida Berg plays the aunt. " + text)
    assert ("Pell", "nominatedFor", "Oscar for Best Actress") in found
    assert ("Varga", "nominatedFor", "Oscar for Best Supporting Actress") in found
    assert ("Ida Berg", "nominatedFor", "Oscar for Best Supporting Actress") in found
    assert not any(who == "Harbour Lights" for who, _p, _a in found)


def test_the_one_a_nominee_lost_to_won() -> None:
    text = LEAD + "Dana Pell was up for Best Supporting Actress in 1988, but lost to Ida Berg in Night Ferry."
    found = _awards(text)
    assert ("Dana Pell", "nominatedFor", "Best Supporting Actress") in found
    assert ("Ida Berg", "awardReceived", "Best Supporting Actress") in found
    # near miss: losing to nobody named gives no win
    text = LEAD + "Dana Pell was up for Best Supporting Actress in 1988, but lost to a younger rival."
    assert not any(p == "awardReceived" for _w, p, _a in _awards(text))


def test_negations_before_a_cue() -> None:
    assert _awards(LEAD + "Sadly Dana Pell wasn't nominated for Best Actress.") == set()
    assert _awards(LEAD + "The film should have won the Silver Kite.") == set()
    # near miss: a plain nomination stands
    assert _awards(LEAD + "Dana Pell was nominated for Best Actress.") == {
        ("Dana Pell", "nominatedFor", "Best Actress")
    }


def test_a_pronoun_stands_for_the_person_the_sentences_open_with() -> None:
    text = (
        LEAD
        + 'Mr. Bo Vik was very good as a heel. He played a similar role in "Night Ferry" for which he won an Oscar.'
    )
    assert _awards(text) == {("Bo Vik", "awardReceived", "Oscar")}
    text = LEAD + "Pell and Varga never got any Oscar attention, but they both would win Golden Globes for their work."
    assert {(w, p) for w, p, _a in _awards(text)} == {("Pell", "awardReceived"), ("Varga", "awardReceived")}
    # near miss: what a pronoun's person wins must be a prize ("the Democratic nomination" is none)
    text = LEAD + "Mr. Bo Vik runs for office. Soon he wins the Democratic statewide nomination and is shot."
    assert _awards(text) == set()
    # near miss: a sentence before that opens with no one named leaves the pronoun unread
    text = LEAD + 'The plot is thin. He played a similar role in "Night Ferry" for which he won an Oscar.'
    assert _awards(text) == set()


def test_spanish_verb_without_subject_is_the_person_spoken_of() -> None:
    text = (
        "'Puerto Gris' es una comedia. Por otro lado Lucía Serrano puede ser conocida por su papel en otra "
        "película. Está nominada a la mejor actriz por Puerto Gris en los oscars."
    )
    assert _awards(text) == {("Lucía Serrano", "nominatedFor", "mejor actriz")}


def test_a_name_before_the_bracket_the_cue_stands_in() -> None:
    text = LEAD + "Tomas Okafor (being somehow nominated for an Academy Award for his performance) starts off well."
    assert _awards(text) == {("Tomas Okafor", "nominatedFor", "Academy Award")}
    text = LEAD + "Tomas De Okafor (being somehow nominated for an Academy Award for his performance) starts off well."
    assert _awards(text) == {("Tomas De Okafor", "nominatedFor", "Academy Award")}
    # near miss: one word before the bracket is no name to give it to
    text = LEAD + "Okafor (being somehow nominated for an Academy Award for his performance) starts off well."
    assert not any(w == "Okafor" for w, _p, _a in _awards(text))


def test_a_weak_cue_needs_a_prize() -> None:
    assert _awards(LEAD + "The scientists took Regina before she could escape.") == set()
    # near miss: the same cue with a prize after it
    assert _awards(LEAD + "It took the Golden Globe.") == {("Harbour Lights", "awardReceived", "Golden Globe")}


def test_a_count_of_awards_at_the_prize_the_sentence_names() -> None:
    text = (
        LEAD + "At the 1989 Academy Awards, the film owned the night, taking home nine awards from twelve nominations."
    )
    assert _awards(text) == {
        ("Harbour Lights", "awardReceived", "Academy Award"),
        ("Harbour Lights", "nominatedFor", "Academy Award"),
    }
    # near miss: a count with no prize named is nothing to record
    assert _awards(LEAD + "In the end the film owned the night, taking home nine awards.") == set()


def test_another_film_said_to_be_a_film_by_a_copula_competes() -> None:
    text = (
        LEAD + "Its sequel, 'Night Ferry' (1990), was the first animated film to compete for the Palme d'Or at Cannes."
    )
    assert {(w, p, a) for w, p, a in _awards(text)} == {("Night Ferry", "nominatedFor", "Palme d'Or")}


def test_a_category_goes_on_over_and_one_word() -> None:
    found = _awards(LEAD + "It was nominated the Emmy for Outstanding Music and Lyrics for the song.")
    assert found == {("Harbour Lights", "nominatedFor", "Emmy for Outstanding Music and Lyrics")}
    # near miss: "and" before another category starts a second award
    found = _awards(LEAD + "It won Best Editing and Best Sound.")
    assert {a for _w, _p, a in found} == {"Best Editing", "Best Sound"}


def test_going_on_to_win_is_a_win() -> None:
    text = LEAD + "Odile Varga would eventually go on to win two Oscars years later."
    assert _awards(text) == {("Odile Varga", "awardReceived", "Oscar")}


def test_a_film_a_nominee_lost_to_won() -> None:
    text = LEAD + "The film itself lost for Best Picture to that other wartime classic, Night Ferry."
    found = _awards(text)
    assert ("Harbour Lights", "nominatedFor", "Best Picture") in found
    assert ("Night Ferry", "awardReceived", "Best Picture") in found


def test_french_prize_with_its_article_and_its_category() -> None:
    text = (
        "'Le Jardin' est un film bouleversant avec Hugo Lind. Hugo Lind a reçu l'Oscar du meilleur acteur pour ce rôle."
    )
    assert {(w, a) for w, _p, a in _awards(text)} == {("Hugo Lind", "Oscar du meilleur acteur")}
    text = (
        "'Le Jardin' est un film bouleversant avec Hugo Lind. Le film a remporté la Palme d'or au Festival de Cannes."
    )
    assert {a for _w, _p, a in _awards(text)} == {"Palme d'or"}


def test_a_category_won_at_a_named_prize_is_that_prize() -> None:
    found = _awards(LEAD + "Dana Pell won Best Supporting Actress at the Golden Globes.")
    assert found == {("Dana Pell", "awardReceived", "Golden Globe for Best Supporting Actress")}
    # near miss: at a place, the category stays alone
    assert {a for _w, _p, a in _awards(LEAD + "Dana Pell won Best Supporting Actress at Lisbon.")} == {
        "Best Supporting Actress"
    }


def test_a_count_alone_after_a_cue_is_of_the_prizes_before() -> None:
    found = _awards(LEAD + "It was nominated for five Academy Awards, winning two.")
    assert found == {
        ("Harbour Lights", "nominatedFor", "Academy Award"),
        ("Harbour Lights", "awardReceived", "Academy Award"),
    }
    # near miss: a cue with nothing after it and nothing before gives nothing
    assert _awards(LEAD + "It was good enough to win two.") == set()


def test_prize_winning_title_and_possessive_performance() -> None:
    assert _awards(LEAD + "The Oscar-winning Harbour Lights is a delight.") == {
        ("Harbour Lights", "awardReceived", "Oscar")
    }
    assert _awards(LEAD + "Bo Vik's Oscar-nominated performance is the heart of it.") == {
        ("Bo Vik", "nominatedFor", "Oscar")
    }
    # near miss: a possessive before a prize-winning thing that is no performance
    assert _awards(LEAD + "Bo Vik's Oscar-nominated car is the heart of it.") == set()


def test_a_category_dash_a_known_person_is_that_persons() -> None:
    found = _awards(LEAD + "It won 2 Kite Awards as Best Feature & Best Actress- Dana Pell.")
    assert ("Dana Pell", "awardReceived", "Best Actress") in found
    # near miss: a dash and a heading that is no one known stays the category's own sub-heading
    found = _awards(LEAD + "It won the Silver Kite for Best Motion Picture - Comedy/Musical.")
    assert found == {("Harbour Lights", "awardReceived", "Silver Kite for Best Motion Picture - Comedy/Musical")}


def test_a_prize_winner_or_nominee_before_or_after_the_name() -> None:
    assert _awards(LEAD + "Two-time Oscar nominee Dana Pell plays the aunt.") == {
        ("Dana Pell", "nominatedFor", "Oscar")
    }
    assert _awards(LEAD + "Dana Pell, an Oscar winner, is great as the aunt.") == {
        ("Dana Pell", "awardReceived", "Oscar")
    }
    # near miss: a winner with no name by it
    assert _awards(LEAD + "It was the big winner at the Golden Globes.") == set()


def test_a_many_time_winner_is_a_career_not_this_films() -> None:
    [claim] = _claims(LEAD + "Two-time Oscar nominee Dana Pell plays the aunt.")
    assert claim.qualifier("forWork") is None
    # near miss: a plain prize-winning name is the film's
    [claim] = _claims(LEAD + "Oscar nominated Dana Pell plays the aunt.")
    assert _text(claim.qualifier("forWork")) == "Harbour Lights"  # type: ignore[arg-type]


def test_a_persons_award_for_another_film_named() -> None:
    text = LEAD + "Odile Varga was famous for 'Night Ferry' (1979). Odile Varga won an Oscar for 'Night Ferry' later."
    [claim] = [c for c in _claims(text) if c.subject.text == "Odile Varga"]
    assert _text(claim.qualifier("forWork")) == "Night Ferry"  # type: ignore[arg-type]
    # near miss: with no other film named, the award is for the reviewed one
    [claim] = [c for c in _claims(LEAD + "Odile Varga won an Oscar for her part.") if c.subject.text == "Odile Varga"]
    assert _text(claim.qualifier("forWork")) == "Harbour Lights"  # type: ignore[arg-type]


def test_a_name_after_the_winner_and_the_word_category_are_no_prizes() -> None:
    found = _awards(LEAD + "The show won a Tony Award for Bo Vik, the Great One played the uncle.")
    assert found == {("Bo Vik", "awardReceived", "Tony Award")}
    found = _awards(LEAD + "It won 3 Kite Awards in Best Film & Best Supporting Actor Categories.")
    assert "Best Supporting Actor" in {a for _w, _p, a in found}
    assert not any(a.endswith("Categories") for _w, _p, a in found)
