"""Film years stated next to titles in prose (years.v1), and years that are not a film's; invented titles only."""

from __future__ import annotations

from kg.documents import make_document
from kg.extractors import get

_FILLER = " The evening was long and the audience in the theatre seemed to enjoy every minute of the story."


def _years(text: str) -> set[tuple[str, str]]:
    document = make_document("doc", "doc.txt", text + _FILLER)
    return {(c.subject.text, c.object.value) for c in get("years.v1").run(document)}  # type: ignore[union-attr]


def test_a_year_before_a_title_with_a_film_noun() -> None:
    assert ("Night Harbor", "1984") in _years('It reminded me of the 1984 Ann Lee saga "Night Harbor" about a pilot.')


def test_a_year_after_a_title_in_brackets_or_with_a_release_verb() -> None:
    text = 'I admire the film "Night Harbor" (1956; another war film) and the film "Cold Town", released in 1961.'
    found = _years(text)
    assert {("Night Harbor", "1956"), ("Cold Town", "1961")} <= found


def test_an_opening_year_dates_the_films_a_sentence_names_with_a_making_word() -> None:
    found = _years('In 1942, he gave his best comedy performance in the film "Night Harbor" and in "Cold Town".')
    assert {("Night Harbor", "1942"), ("Cold Town", "1942")} <= found


def test_this_year_film_is_the_reviewed_films_year() -> None:
    assert {year for _film, year in _years("I bought this 1971 version yesterday and I love it.")} == {"1971"}


def test_setting_years_are_not_film_years() -> None:
    found = _years('"Night Harbor" is set in 1956, and the film "Cold Town" takes place in 1930 in a mining town.')
    assert found == set()
