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
from .lexicon import lexicon
from .patterns import evidence, words
from .values import DECIMAL

NAME = "reviews.v1"
_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_DOMAIN = re.compile(
    r"(?<![\w@/.-])(?:[a-z0-9-]+\.)+(?:com|net|org|info|io|co\.uk|fr|es|de|tv|blog)(?:/[^\s<>\"')]*)?\b"
)


def find_rating(text: str, language: str) -> tuple[str, str, int, int] | None:
    """Return (value, best, start, end) of the last rating a review gives ("8/10", "4 out of 5", "***1/2", "B+").

    A rating the text gives without its scale ("My vote is seven", "nota: 8") is out of 10; a grade stays a letter.

    >>> find_rating("Great film.8/10http://example.org/", "en")[:2]
    ('8', '10')
    >>> find_rating("My vote is seven. Title (Brazil): x", "en")[:2], find_rating("(**** 1/2 out of *****)", "en")[:2]
    (('7', '10'), ('4.5', '5'))
    """
    found = None
    numbers = _number_words(language)
    for pattern in words(language, "reviews", "ratings"):
        for match in re.finditer(pattern, text, re.IGNORECASE):
            groups = match.groupdict()
            value = groups.get("value") or ""
            value = numbers.get(value.lower(), value).replace(",", ".")
            best = groups.get("best") or "10"
            best = numbers.get(best.lower(), best)
            if groups.get("grade"):
                value, best = groups["grade"].upper(), "10"
            elif not _is_number(value) or not _is_number(best) or float(value) > float(best):
                continue
            if found is None or match.start() > found[2]:
                found = (value, best, match.start(), match.end())
    for match in _STARS.finditer(text):
        rating = _star_rating(match, numbers)
        if rating is not None and (found is None or match.start() > found[2]):
            found = (*rating, match.start(), match.end())
    return found


# "**** of 4 stars", "*** out of 4", "(**** 1/2 out of *****)", and a bare "***1/2" after a "(2006)" or opening a line
_STARS = re.compile(
    r"(?:(?<=\(\d{4}\) )|(?<=\(\d{4}\))|(?<=^)|(?<=\n)|(?<=\())?(?<![*\w])(?P<stars>\*{1,5})"
    r"(?:\s?(?P<half>1/2|½))?(?![*\w])"
    r"(?:\s*\(?\s*(?:out of|of)\s+(?P<best>\d{1,2}|[a-z]+|\*{1,5})(?![\w*]))?",
    re.IGNORECASE,
)
_BARE_STARS = re.compile(r"(?:\(\d{4}\)\s?|^|\n)$")


def _star_rating(match: re.Match[str], numbers: dict[str, str]) -> tuple[str, str] | None:
    value = len(match["stars"]) + (0.5 if match["half"] else 0)
    best = match["best"]
    if best is None:
        before = match.string[max(0, match.start() - 7) : match.start()]
        if not _BARE_STARS.search(before) or not match["half"] and len(match["stars"]) < 2:
            return None  # "**SPOILERS**", a footnote mark: a bare run counts only where a verdict stands
        best = "4"  # the usual scale of a bare star verdict
    elif best.startswith("*"):
        best = str(len(best))
    else:
        best = numbers.get(best.lower(), best)
    if not _is_number(best) or value > float(best):
        return None
    return (f"{value:g}", best)


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?", text))


def _number_words(language: str) -> dict[str, str]:
    table = lexicon(language).section("reviews").get("numbers", {})
    return {str(k).lower(): str(v) for k, v in table.items()} if isinstance(table, dict) else {}


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
                rating_value = Literal(value, datatype=DECIMAL) if _is_number(value) else Literal(value)
                yield Claim(review, "reviewRating", rating_value, found, (("bestRating", best_value),))
        for link, offset in find_links(body):
            found = evidence(document, body_start + offset, body_start + offset + len(link), NAME, 0.9)
            if found:
                yield Claim(review, "url", Literal(link), found)
