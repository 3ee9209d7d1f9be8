"""Award and credit claims on invented reviews: each error seen on real reviews, and its near miss."""

from __future__ import annotations

from kg.documents import make_document
from kg.extractors import get
from kg.model import Claim, Literal, Mention


def _claims(name: str, text: str) -> list[Claim]:
    return list(get(name).run(make_document("doc", "doc.txt", text)))


def _text(value: Mention | Literal) -> str:
    return value.text if isinstance(value, Mention) else value.value


def _awards(text: str) -> set[tuple[str, str, str, str]]:
    """(recipient, predicate, prize, category) of every award claim."""
    found = set()
    for claim in _claims("awards.v1", text):
        category = next((_text(v) for k, v in claim.qualifiers if k == "category"), "")
        found.add((claim.subject.text, claim.predicate, claim.object.text, category))
    return found


def _credits(text: str) -> set[tuple[str, str, str]]:
    return {(c.subject.text, c.predicate, c.object.text) for c in _claims("credits.v1", text)}


LEAD = "'Harbour Lights' (1988) is a gentle comedy about two sisters. "


def test_a_category_with_a_dash_and_a_slash_is_one_category() -> None:
    found = _awards(LEAD + "It won the Silver Kite for Best Feature Film - Drama/Romance and Best Screenplay.")
    prizes = {prize for _r, _p, prize, _c in found}
    assert (
        "Harbour Lights",
        "awardReceived",
        "Silver Kite for Best Feature Film - Drama/Romance",
        "Best Feature Film - Drama/Romance",
    ) in found
    assert "Drama" not in prizes and "Romance" not in prizes
    # near miss: a plain list of two categories stays two awards
    found = _awards(LEAD + "It won Best Editing and Best Sound.")
    assert {prize for _r, _p, prize, _c in found} == {"Best Editing", "Best Sound"}


def test_a_category_with_a_comma_heading_is_one_category() -> None:
    found = _awards(LEAD + "It was nominated Best Writing, Story Told Directly for the Stage, and it won nothing else.")
    assert {prize for _r, _p, prize, _c in found} == {"Best Writing, Story Told Directly for the Stage"}
    # near miss: a comma list of prizes stays a list
    found = _awards(LEAD + "It won a Silver Kite, a Bronze Owl, and the Gold Lantern Award.")
    assert {prize for _r, _p, prize, _c in found} == {"Silver Kite", "Bronze Owl", "Gold Lantern Award"}


def test_a_category_for_a_person_is_that_persons_nomination() -> None:
    found = _awards(LEAD + "It was nominated for Best Director for Odile Varga (Night Ferry) and Best Picture.")
    assert ("Odile Varga", "nominatedFor", "Best Director", "") in found
    assert ("Harbour Lights", "nominatedFor", "Best Picture", "") in found
    assert not any(
        prize in {"Night Ferry", "Best Director"} and who == "Harbour Lights" for who, _p, prize, _c in found
    )


def test_a_prize_with_its_field_for_a_person_is_that_persons() -> None:
    found = _awards(LEAD + "It was nominated for the Kite Award for Film Music for Odile Varga.")
    assert found == {("Odile Varga", "nominatedFor", "Kite Award for Film Music", "Film Music")}


def test_a_category_belongs_to_the_prizes_before_it_not_after() -> None:
    found = _awards(LEAD + "It was nominated for the Kite Awards for Best Score and Best Original Screenplay.")
    assert ("Harbour Lights", "nominatedFor", "Kite Award for Best Score", "Best Score") in found
    assert ("Harbour Lights", "nominatedFor", "Best Original Screenplay", "") in found


def test_prizes_before_winning_or_nominated_belong_to_the_name_after() -> None:
    text = LEAD + (
        "Mirela Tosk (Silver Kite and Bronze Owl winning, and Gold Lantern nominated Dana Pell) is superb. "
        "Michael Brandt's Bronze Owl winning Music video opens the film."
    )
    found = _awards(text)
    assert ("Dana Pell", "awardReceived", "Silver Kite", "") in found
    assert ("Dana Pell", "awardReceived", "Bronze Owl", "") in found
    assert ("Dana Pell", "nominatedFor", "Gold Lantern", "") in found
    assert not any(who in {"Mirela Tosk", "Harbour Lights"} for who, _p, _a, _c in found)
    assert not any(prize == "Music" or prize == "Dana Pell" for _w, _p, prize, _c in found)


def test_a_person_winning_a_prize_is_not_read_as_prenominal() -> None:
    found = _awards(LEAD + "Dana Pell, who plays the elder sister, won the Silver Kite for Best Actress.")
    assert found == {("Dana Pell", "awardReceived", "Silver Kite for Best Actress", "Best Actress")}


def test_another_film_named_before_the_cue_gets_the_award_and_the_place_is_an_event() -> None:
    text = LEAD + (
        "Odile Varga became famous for 'Night Ferry' (1979) long before. "
        "Of her earlier work, 'Night Ferry,' with its sad end, is the favourite (and won Best Film at Lisbon 1979)."
    )
    claims = _claims("awards.v1", text)
    assert [(c.subject.text, c.object.text) for c in claims] == [("Night Ferry", "Best Film")]
    assert ("event", "Lisbon") in {(k, _text(v)) for k, v in claims[0].qualifiers}
    # near miss: without another film, the reviewed one won
    assert {(w, a) for w, _p, a, _c in _awards(LEAD + "It won Best Film at Lisbon 1989.")} == {
        ("Harbour Lights", "Best Film")
    }


def test_a_pronoun_before_the_cue_is_someone_unnamed_not_the_film() -> None:
    text = LEAD + 'He played a similar part in "Night Ferry" for which he won a Silver Kite for a supporting role.'
    assert _awards(text) == set()
    # near miss: the film itself, right before the cue
    assert {(w, a) for w, _p, a, _c in _awards(LEAD + "The film won a Silver Kite.")} == {
        ("Harbour Lights", "Silver Kite")
    }


def test_a_director_cue_on_an_actor_playing_a_part_is_no_credit() -> None:
    text = LEAD + "There are funny bits by director Piet Hollis (as the sly host of a game show) and others."
    assert _credits(text) == set()
    # near miss: the same cue without a part is a credit
    assert ("Harbour Lights", "director", "Piet Hollis") in _credits(
        LEAD + "It is a fine work by director Piet Hollis."
    )


def test_a_passive_credit_after_another_films_title_is_that_films() -> None:
    text = LEAD + (
        "Trivia Note: the notorious horror film Night Ferry of the Lost (1977) AKA Dark Ferry was directed by "
        "Piet Hollis & he has a small role here."
    )
    assert _credits(text) == {("Night Ferry of the Lost", "director", "Piet Hollis")}
    # near miss: the other title is the object of "to", so the credit is the sentence subject's, the reviewed film
    text = LEAD + "This remake of the comedy Night Ferry (1950) was directed by Piet Hollis and it is fun."
    assert _credits(text) == {("Harbour Lights", "director", "Piet Hollis")}


def test_written_and_directed_with_an_ampersand_and_the_director_apposition() -> None:
    text = LEAD + "It was written & directed by Piet Hollis. I wonder why the director, Odile Varga, kept it."
    assert _credits(text) >= {
        ("Harbour Lights", "screenwriter", "Piet Hollis"),
        ("Harbour Lights", "director", "Piet Hollis"),
        ("Harbour Lights", "director", "Odile Varga"),
    }


def test_a_second_name_joined_to_a_by_cue_shares_the_role() -> None:
    text = LEAD + "This sitcom written by Piet Hollis and Odile Varga, who also wrote Sea Dogs, is very funny."
    assert {who for _f, role, who in _credits(text) if role == "screenwriter"} == {"Piet Hollis", "Odile Varga"}
    # near miss: a name that goes on into a clause of its own is not a co-writer
    text = LEAD + "It was written by Piet Hollis and Odile Varga plays the elder sister."
    assert {who for _f, _role, who in _credits(text)} == {"Piet Hollis"}
