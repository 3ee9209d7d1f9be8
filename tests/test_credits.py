"""Crew credits stated in prose: cue phrases, name lists, possessive titles; invented names only."""

from __future__ import annotations

from kg.documents import make_document
from kg.extractors import get
from kg.extractors.credits import find_credits

_FILLER = " It was a long evening and the audience in the theatre seemed to enjoy the story on the screen."


def _credits(text: str) -> set[tuple[str, str]]:
    return {(c.role, c.name) for c in find_credits(make_document("doc", "doc.txt", text + _FILLER))}


def test_a_name_list_after_a_cue_gives_everyone_the_role() -> None:
    found = _credits("The script by Ann Lee, Bo J. Vik & Cy Dunn is clumsy; the score by Di Roe and Ed Moss is fine.")
    assert {("screenwriter", "Ann Lee"), ("screenwriter", "Bo J. Vik"), ("screenwriter", "Cy Dunn")} <= found
    assert {("composer", "Di Roe"), ("composer", "Ed Moss")} <= found


def test_a_list_must_close_with_and() -> None:
    found = _credits("Directed by Ann Lee, Bo Vik plays the lead with a great deal of charm and wit.")
    assert ("director", "Ann Lee") in found
    assert ("director", "Bo Vik") not in found


def test_the_pronoun_after_a_name_is_not_part_of_it() -> None:
    assert ("director", "Ann Lee") in _credits("Directed by Ann Lee I thought the film was a bit slow for my tastes.")


def test_combined_cues_give_every_role() -> None:
    found = _credits("Co-produced & directed by Ann Lee, it drags. Executive produced, written & directed by Bo Vik.")
    assert {("producer", "Ann Lee"), ("director", "Ann Lee")} <= found
    assert {("producer", "Bo Vik"), ("screenwriter", "Bo Vik"), ("director", "Bo Vik")} <= found


def test_award_categories_for_a_person_give_the_role() -> None:
    found = _credits("It was nominated for Best Director for Ann Lee and Best Score for Bo Vik at the ceremony.")
    assert {("director", "Ann Lee"), ("composer", "Bo Vik")} <= found


def test_praise_for_a_craft_gives_the_role() -> None:
    found = _credits("Thanks to Ann Lee for her sensitive musical score, and to Bo Vik for his shining cinematography.")
    assert {("composer", "Ann Lee"), ("cinematographer", "Bo Vik")} <= found
    assert ("composer", "Cy Dunn") in _credits("Another effective Cy Dunn score carries the second half of it.")


def test_a_possessive_title_gives_its_director_but_not_a_songs_singer() -> None:
    text = 'I loved Ann Lee\'s "Night Harbor" when it came out. Later Bo Vik\'s "Blue Song" plays on the soundtrack.'
    document = make_document("doc", "doc.txt", text + _FILLER)
    found = {(c.predicate, c.object.text, c.subject.text) for c in get("credits.v1").run(document)}  # type: ignore[union-attr]
    assert ("director", "Ann Lee", "Night Harbor") in found
    assert not any(name == "Bo Vik" for _role, name, _film in found)


def test_a_director_cue_before_a_list_of_titles_gives_each_its_director() -> None:
    text = (
        'I enjoyed the film "Night Harbor" a lot. Its maker, Ann Lee (mostly known as the director of the film '
        '"Cold Town" and the film "Blue Hills"), has a sure hand.'
    )
    document = make_document("doc", "doc.txt", text + _FILLER)
    found = {(c.predicate, c.object.text, c.subject.text) for c in get("credits.v1").run(document)}  # type: ignore[union-attr]
    assert {("director", "Ann Lee", "Cold Town"), ("director", "Ann Lee", "Blue Hills")} <= found


def test_names_with_initials_are_kept_whole() -> None:
    found = _credits("The script by S.N. Vale, Ann Lee and Bo L.Vik is thin. Directed by Cy D.R. Dunn this drags.")
    assert {("screenwriter", "S.N. Vale"), ("screenwriter", "Ann Lee"), ("screenwriter", "Bo L.Vik")} <= found
    assert ("director", "Cy D.R. Dunn") in found
    assert ("screenwriter", "J.J. Roe") in _credits("It had J.J. Roe as one of the scriptwriters, sadly.")


def test_a_credit_goes_to_the_film_its_sentence_opens_with() -> None:
    text = 'I loved the film "Night Harbor". The film "Cold Town" is lit by the lovely music by Ann Lee, and so on.'
    document = make_document("doc", "doc.txt", text + _FILLER)
    found = {(c.predicate, c.object.text, c.subject.text) for c in get("credits.v1").run(document)}  # type: ignore[union-attr]
    assert ("composer", "Ann Lee", "Cold Town") in found


def _claims(text: str) -> set[tuple[str, str, str]]:
    document = make_document("doc", "doc.txt", text + _FILLER)
    return {(c.subject.text, c.predicate, c.object.text) for c in get("credits.v1").run(document)}  # type: ignore[union-attr]


def test_a_possessive_owner_through_praise_directs_the_listed_titles() -> None:
    found = _claims(
        'Reviewing "Night Harbor", one thinks of Ann Lee\'s underrated "Cold Town" (1990) and "Blue Song" (1994).'
    )
    assert ("Cold Town", "director", "Ann Lee") in found
    assert ("Blue Song", "director", "Ann Lee") in found


def test_a_possessive_owner_of_a_song_directs_nothing() -> None:
    found = _claims('Reviewing "Night Harbor", the band plays Ann Lee\'s lovely "Cold Town" song at the end.')
    assert not any(role == "director" and name == "Ann Lee" for _film, role, name in found)


def test_a_participle_cue_right_after_another_title_credits_that_title() -> None:
    found = _claims(
        'Night Harbor is a fine thriller. Other floods: "Cold Town (1976)" directed by Ann Lee with Bo Vik, and '
        "'Blue Song'(1998) directed by Cy Dunn."
    )
    assert ("Cold Town", "director", "Ann Lee") in found or ("Cold Town (1976)", "director", "Ann Lee") in found
    assert ("Blue Song", "director", "Cy Dunn") in found


def test_new_director_cues_in_three_languages() -> None:
    assert ("director", "Ann Lee") in _credits("Night Harbor is Ann Lee's directorial debut, and a confident one.")
    assert ("director", "Bo Vik") in _credits("Bo Vik is behind the camera for Night Harbor, a tense thriller.")
    spanish = make_document("d", "d.txt", "Noche de puerto es la ópera prima de Ana Ledo, que sabe filmar.", "es")
    assert ("director", "Ana Ledo") in {(c.role, c.name) for c in find_credits(spanish)}
    french = make_document("d", "d.txt", "Nuit au port, un film signé Anne Lerot, est très réussi.", "fr")
    assert ("director", "Anne Lerot") in {(c.role, c.name) for c in find_credits(french)}


def test_a_directorial_debut_a_few_words_on_and_a_who_clause() -> None:
    found = _credits(
        "Comic actor Ann Lee takes full advantage of the talent he recruited for his 2007 directorial debut."
    )
    assert ("director", "Ann Lee") in found
    found = _credits("Bo Vik (who directed the first version of the story) directs from a screenplay by Cy Dunn.")
    assert ("director", "Bo Vik") in found
    assert ("screenwriter", "Cy Dunn") in found
    found = _credits("Critics noted that Dee Roe and director Ed Moss wrote the story for the film themselves.")
    assert ("screenwriter", "Ed Moss") in found


def test_a_spanish_filmography_after_como_director() -> None:
    text = 'Es la quinta película que veo de Ana Ledo como directora, "Noche de puerto", "Frío" y "Canción azul".'
    document = make_document("d", "d.txt", text + " Me gustó mucho la historia y los actores.", "es")
    found = {(c.subject.text, c.object.text) for c in get("credits.v1").run(document) if c.predicate == "director"}  # type: ignore[union-attr]
    assert ("Frío", "Ana Ledo") in found


def test_signe_firma_and_responsible_for_directing() -> None:
    french = make_document("d", "d.txt", "Avec Nuit au port, Anne Lerot signe un film sobre et fort.", "fr")
    assert ("director", "Anne Lerot") in {(c.role, c.name) for c in find_credits(french)}
    spanish = make_document("d", "d.txt", "En Noche de puerto, Ana Ledo firma una película sobria.", "es")
    assert ("director", "Ana Ledo") in {(c.role, c.name) for c in find_credits(spanish)}
    found = _credits(
        "The film was made by Bo Vik, who was responsible for directing, and Cy Dunn, who is responsible for writing."
    )
    assert {("director", "Bo Vik"), ("screenwriter", "Cy Dunn")} <= found
