"""Actor-character pairs and where-to-watch services, on hand-made reviews of invented films (en, es, fr)."""

from __future__ import annotations

from kg.documents import make_document
from kg.extractors import extract, get
from kg.extractors.cast import find_listed, find_roles
from kg.model import Document, Mention


def _doc(text: str, doc_id: str = "doc") -> Document:
    return make_document(doc_id, f"{doc_id}.txt", text)


def _pairs(text: str) -> set[tuple[str, str]]:
    return {(role.actor, role.character) for role in find_roles(_doc(text))}


def _services(text: str) -> set[str]:
    claims = get("streaming.v1").run(_doc(text))
    return {c.object.text for c in claims if isinstance(c.object, Mention)}


def test_spanish_cast_line_reads_actor_then_character() -> None:
    text = (
        "Una película de Tila Varo.\n\nInterpretación: Will Darnell (Ramon Quill), Ada Ferro (Lucía), "
        "Bruno Sal (Capitán Ortega), Nora Vidt.\n\nMe gustó mucho."
    )
    assert _pairs(text) == {("Will Darnell", "Ramon Quill"), ("Ada Ferro", "Lucía"), ("Bruno Sal", "Capitán Ortega")}


def test_single_names_in_brackets_vote_for_actor_first() -> None:
    text = "The cast of Grey Harbour: Ina Belko (Stepan), Tom Rask (Mira), Jo Vanek (Dr. Hollis)."
    assert _pairs(text) == {("Ina Belko", "Stepan"), ("Tom Rask", "Mira"), ("Jo Vanek", "Dr. Hollis")}


def test_character_first_prose_keeps_its_reading() -> None:
    text = "In Grey Harbour, Clark (Ina Belko) meets Petra Lum (Tom Rask) at the docks."
    assert _pairs(text) == {("Ina Belko", "Clark"), ("Tom Rask", "Petra Lum")}


def test_words_may_open_or_follow_the_actor_in_brackets() -> None:
    text = (
        "Basically Arlo Finch (Golden Globe winning, and Oscar nominated Dell Marsh) is rich. "
        "Jenny (the very fine Cora Lint) saves him, Ben (Joel Ardent, who also wrote it) sulks, "
        'and Eileen (Mara Dove of "Other Film") writes a letter.'
    )
    assert _pairs(text) == {
        ("Dell Marsh", "Arlo Finch"),
        ("Cora Lint", "Jenny"),
        ("Joel Ardent", "Ben"),
        ("Mara Dove", "Eileen"),
    }


def test_a_credit_in_brackets_is_not_an_actor() -> None:
    assert _pairs("The sequel Grey Harbour (directed by Ina Belko) and Tam (the son of Ed Rook) fail.") == set()


def test_actor_with_the_character_in_brackets_after_as() -> None:
    assert _pairs("After a raid, frontiersman Bram Hollis (as Daniel Crane) wants peace.") == {
        ("Bram Hollis", "Daniel Crane")
    }


def test_dubbed_list_keeps_the_original_voice() -> None:
    text = "Voces original/español: Ian Voss/Carlos Ibarra (Remy), Lou Pardo/Fer Cano (Linguini)."
    assert _pairs(text) == {("Ian Voss", "Remy"), ("Lou Pardo", "Linguini")}


def test_trades_nationalities_and_credit_aliases_are_not_characters() -> None:
    text = (
        "A fine crew (Jerry Vale and Gale Ann Ross as Producers). Kit Ames as British golfing champion Harry Ord. "
        "The database lists Fabio Lenti as Martin Noll. Kate Fisk as Australian Cecily is better."
    )
    assert _pairs(text) == {("Kate Fisk", "Cecily")}


def test_streaming_needs_a_cue_and_reads_only_its_list() -> None:
    text = (
        "Stay On The Harbour started as a play by Lena Holt, shown in April 1939 near Nazi Germany. "
        "It is available for streaming on the Foxflix Channel and can be rented or purchased on Streamly, "
        "iVault, and Moon Play. Paul Ardent is great."
    )
    assert _services(text) == {"Foxflix Channel", "Streamly", "iVault", "Moon Play"}


def test_streaming_title_case_cue_is_a_title() -> None:
    assert _services("Watch On The Harbour stars Paul Ardent and Lena Holt in February.") == set()


def _listed(text: str) -> list[str]:
    return [listed.actor for listed in find_listed(_doc(text))]


def test_starring_lists_actors_without_characters() -> None:
    text = "Grey Harbour is a thriller starring Ina Belko, Tom Rask and Cora Lint. It drags."
    assert _listed(text) == ["Ina Belko", "Tom Rask", "Cora Lint"]
    claims = list(get("cast_lists.v1").run(_doc(text)))
    assert {c.object.text for c in claims if not c.qualifiers} == {"Ina Belko", "Tom Rask", "Cora Lint"}  # type: ignore[union-attr]


def test_a_weak_cue_needs_three_names() -> None:
    assert _listed("He worked with Clark Ridley, a manager in Oak Vale.") == []
    text = "His finest role is in this 1959 drama with Ina Belko, Tom Rask Jr., Cora Lint, and Jo Vanek."
    assert _listed(text) == ["Ina Belko", "Tom Rask Jr", "Cora Lint", "Jo Vanek"]


def test_a_list_of_another_work_is_not_the_films() -> None:
    assert _listed("I saw the stage revival starring Ina Belko and Tom Rask.") == []
    assert _listed("Hubo una versión en 1971, protagonizada por Tom Rask y Cora Lint.") == []


def test_cast_line_without_character_and_names_with_roles() -> None:
    text = "Interpretación: Will Darnell (Ramon Quill), Nora Vidt, Ada Ferro (Lucía).\n\nMe gustó."
    # a cast-key line is the Key: Value reader's (fields.v1) when it reads it; cast_lists.v1 takes only the others
    cast = {
        (c.object.text, c.qualifier("character") is None) for c in extract(_doc(text)) if c.predicate == "castMember"
    }  # type: ignore[union-attr]
    assert ("Nora Vidt", True) in cast and ("Will Darnell", False) in cast and ("Ada Ferro", False) in cast
    assert ("Will Darnell", True) not in cast and ("Ada Ferro", True) not in cast
    assert set(_listed(text)) <= {"Nora Vidt"}
    assert _listed("La película, protagonizada por Tom Rask y Cora Lint, es lenta.") == ["Tom Rask", "Cora Lint"]
    assert _listed("Le film est sombre. La distribution réunit Tom Rask et Cora Lint.") == ["Tom Rask", "Cora Lint"]


def test_a_format_is_not_a_service() -> None:
    assert _services("It is available on DVD and Blu-ray, and streaming on Foxflix.") == {"Foxflix"}
    assert _services("La película está disponible en DVD y en Filmora.") == {"Filmora"}


def test_a_surname_in_brackets_is_an_actor_not_a_character() -> None:
    text = "Dan Radley and Ema Watt lead the film. The pupils, Harry Vale (Radley), Hermia Gray (Watt), are sharp."
    assert _pairs(text) == set()  # one-word actors in brackets are not read, but never swapped into characters


def test_an_actor_whose_character_has_a_nickname_is_cast_without_it() -> None:
    text = 'The party had Gunner "Lulu" Bramley (Mel Hayden) and Ed Roe (Tam Ives).'
    assert _pairs(text) == {("Tam Ives", "Ed Roe")}
    assert _listed(text) == ["Mel Hayden"]


def test_an_actor_is_good_as_a_character() -> None:
    text = (
        "Ina Belko is truly wonderful as Ethel Vane; Tom Rask is known as Red Tom; Cora Lint is as good as Jo Vanek, "
        "and Bo Vik is also good as the young nurse and Ada Ferro is fine too."
    )
    assert _pairs(text) == {("Ina Belko", "Ethel Vane")}


def test_a_billing_name_after_as_in_brackets_leaves_the_actor() -> None:
    assert _pairs("Then Donna Vale (Dee Ward-Stone as Dee Ward) meets Steve.") == {("Dee Ward-Stone", "Donna Vale")}


def test_more_bracket_forms() -> None:
    text = (
        "His ex-wife Samantha(Jessa Gill) leaves. Then his grandfather Jason (voice by Ian Vale) talks. "
        "Anna (Tia Moss)then runs, and Jo Hall (Ted Rook of 'Other Film') sings. "
        "Also starring Ann Dee as Gloria - Hooker, Pete Eves as Preston Lang - Party Guest and Bo Vik as Ralph."
    )
    assert _pairs(text) == {
        ("Jessa Gill", "Samantha"),
        ("Ian Vale", "Jason"),
        ("Tia Moss", "Anna"),
        ("Ted Rook", "Jo Hall"),
        ("Ann Dee", "Gloria - Hooker"),
        ("Pete Eves", "Preston Lang - Party Guest"),
        ("Bo Vik", "Ralph"),
    }


def test_a_quoted_character_before_the_actor() -> None:
    assert _pairs('Sam has only his secretary, "Dutchy" (Mia Rowe), who types.') == {("Mia Rowe", "Dutchy")}


def test_french_role_with_a_trade_before_the_name() -> None:
    text = (
        'Le film est sombre. Gaston Roux ("Autre Film") dans le rôle du commissaire Jim Vardel est parfait. '
        "Léa Morin interprète avec brio le rôle du criminel fou Le Corbeau. Paul Vian dans le rôle d'Hervé, juste. "
        "Marc Ivre dans le rôle du père de Julie Sand est bon."
    )
    assert _pairs(text) == {("Gaston Roux", "Jim Vardel"), ("Léa Morin", "Corbeau"), ("Paul Vian", "Hervé")}
