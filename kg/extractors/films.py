"""Films named in prose: every title of the reviewed film, its year, and the other films a review names.

"Ladri di biciclette / Bicycle Thieves" gives one film two titles; a title is tagged with the
document's language only when its own words are of that language ("El ladrón de bicicletas" is
Spanish, "Ladri di biciclette" is left untagged). Other films become mentions of the review.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Claim, Document, Kind, Literal, Mention
from . import extractor
from .context import TitleSpan, context
from .lexicon import fold, folded
from .patterns import evidence, matches, words
from .values import GYEAR

NAME = "films.v1"


def title_language(title: str, language: str) -> str:
    """Return `language` when the title holds one of its function words, else "" (unknown).

    >>> title_language("El ladrón de bicicletas", "es"), title_language("Ladri di biciclette", "es")
    ('es', '')
    """
    function = folded(language, "words", "function")
    return language if any(token in function for token in fold(title).split()) else ""


def _names(span: TitleSpan) -> tuple[str, ...]:
    return span.pair or (span.text,)


@extractor(NAME, emits={"title", "releaseDate", "mentions"})
def extract_films(document: Document) -> Iterator[Claim]:
    """Yield the reviewed film's titles and year, and the other films with the reviews that name them."""
    ctx = context(document)
    language = document.language
    if not ctx.film.key:
        seen: set[str] = set()
        for span in ctx.titles:
            for name in _names(span):
                if fold(name) in seen:
                    continue
                seen.add(fold(name))
                found = evidence(document, span.start, span.end, NAME, 0.9 if span.source != "quoted" else 0.8)
                if found:
                    yield Claim(ctx.film, "title", Literal(name, language=title_language(name, language)), found)
            if span.year:
                found = evidence(document, span.start, span.end, NAME, 0.7)
                if found:
                    yield Claim(ctx.film, "releaseDate", Literal(span.year, datatype=GYEAR), found)
    for pattern in words(language, "films", "years"):
        for match in matches(pattern, document):
            found = evidence(document, match.start(), match.end(), NAME, 0.6)
            if found:
                yield Claim(ctx.film, "releaseDate", Literal(match["year"], datatype=GYEAR), found)
    for span in ctx.others:
        film = Mention(Kind.FILM, _names(span)[-1], document.doc_id, language)
        found = evidence(document, span.start, span.end, NAME, 0.7 if span.source == "quoted" else 0.75)
        if found is None:
            continue
        for name in _names(span):
            yield Claim(film, "title", Literal(name, language=title_language(name, language)), found)
        if span.year:
            yield Claim(film, "releaseDate", Literal(span.year, datatype=GYEAR), found)
        review = ctx.review_at(span.start)
        if review is not None:
            yield Claim(review, "mentions", film, found)
