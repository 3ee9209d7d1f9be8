"""Reviews as entities: each review's text, language, film, author, rating, headline and links.

A listing page's embedded reviews are one entity each (their key says which); a plain review is
the whole document. A listing page's own aggregate rating is the fields extractor's, not a review's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Claim, Document, Kind, Literal, Mention
from . import extractor
from .context import context, review_mention
from .patterns import evidence, words
from .values import DECIMAL

NAME = "reviews.v1"
_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_DOMAIN = re.compile(
    r"(?<![\w@/.-])(?:[a-z0-9-]+\.)+(?:com|net|org|info|io|co\.uk|fr|es|de|tv|blog)(?:/[^\s<>\"')]*)?\b"
)


def find_rating(text: str, language: str) -> tuple[str, str, int, int] | None:
    """Return (value, best, start, end) of the last rating a review gives ("8/10", "4 out of 5").

    >>> find_rating("Great film.8/10http://example.org/", "en")[:2]
    ('8', '10')
    """
    found = None
    for pattern in words(language, "reviews", "ratings"):
        for match in re.finditer(pattern, text, re.IGNORECASE):
            value, best = match["value"].replace(",", "."), match["best"]
            if float(value) <= float(best) and (found is None or match.start() > found[2]):
                found = (value, best, match.start(), match.end())
    return found


def find_links(text: str) -> list[tuple[str, int]]:
    """Return the links and bare web addresses in a review, with their offsets."""
    links: list[tuple[str, int]] = []
    taken: list[tuple[int, int]] = []
    for match in _URL.finditer(text):
        links.append((match.group(0).rstrip(".,;:!?"), match.start()))
        taken.append((match.start(), match.end()))
    for match in _DOMAIN.finditer(text):
        if not any(a <= match.start() < b for a, b in taken):
            links.append((match.group(0).rstrip(".,;:!?"), match.start()))
    return links


@extractor(NAME, emits={"reviewOf", "reviewBody", "language", "reviewAuthor", "reviewRating", "reviewTitle", "url"})
def extract_reviews(document: Document) -> Iterator[Claim]:
    """Yield the claims that make each review of the document an entity."""
    ctx = context(document)
    language = document.language
    for segment in ctx.segments:
        review = review_mention(ctx, segment)
        body_start = segment.author_start + len(segment.author) if segment.author else segment.start
        while body_start < segment.end and document.text[body_start].isspace():
            body_start += 1
        body = document.text[body_start : segment.end].rstrip()
        anchor = evidence(document, body_start, body_start + len(body), NAME, 0.95)
        if anchor is None:
            continue
        yield Claim(review, "reviewOf", ctx.film, anchor)
        yield Claim(review, "reviewBody", Literal(body, language=language), anchor)
        yield Claim(review, "language", Literal(language), anchor)
        if segment.author:
            found = evidence(document, segment.author_start, body_start, NAME, 0.85)
            if found:
                yield Claim(review, "reviewAuthor", Mention(Kind.PERSON, segment.author, document.doc_id), found)
        if segment.headline:
            found = evidence(
                document, segment.headline_start, segment.headline_start + len(segment.headline), NAME, 0.8
            )
            if found:
                yield Claim(review, "reviewTitle", Literal(segment.headline, language=language), found)
        rating = find_rating(body, language)
        if rating is not None:
            value, best, start, end = rating
            found = evidence(document, body_start + start, body_start + end, NAME, 0.85)
            if found:
                best_value = Literal(best, datatype=DECIMAL)
                yield Claim(
                    review, "reviewRating", Literal(value, datatype=DECIMAL), found, (("bestRating", best_value),)
                )
        for link, offset in find_links(body):
            found = evidence(document, body_start + offset, body_start + offset + len(link), NAME, 0.9)
            if found:
                yield Claim(review, "url", Literal(link), found)
