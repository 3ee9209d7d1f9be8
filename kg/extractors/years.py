"""Film years stated in prose around a title: "the 1984 film Gremlins", "Forbidden Planet, released in 1956",
"(American Pie - 1999)", "In 1942, he gave his best performance in Johnny Eager", "this 1971 version".

Only a year the text ties to a film: a year next to a title (before it with a film noun, after it in brackets or
with a release verb), a year opening a sentence that names a film with a making or acting word, or "this 1971
film" for the reviewed film. Setting years ("set in 1956") and award years are never read. Cue words per language
in kg/lang/<tag>.toml, table `years`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..model import Claim, Document, Kind, Literal, Mention
from . import extractor
from .context import Context, TitleSpan, context
from .lexicon import fold, lexicon
from .patterns import YEAR, alternation, evidence, sentence_at, words
from .values import GYEAR

NAME = "years.v1"

# "(1956; ...)", "[1930]", "(aka: Other Title, 2003)", "(1902/II)", " - 1999)"
_BRACKET_AFTER = re.compile(
    rf"^[\"”'’»]?\s?(?:[\[(]\s?(?:[^()\[\]\n]{{0,40}}?,\s?)?(?P<a>{YEAR})\s?[;/,)\]]|\s?[-–]\s?(?P<b>{YEAR})\s?\))"
)


@lru_cache(maxsize=8)
def _cues(language: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], frozenset[str], re.Pattern[str]]:
    """The patterns of one language: release verb after a title, noun phrase before it, "in YEAR" after it,
    the making words, and "this YEAR film" for the reviewed film."""
    table = lexicon(language).section("years")
    verbs = alternation(list(table.get("release_verbs", [])))
    nouns = alternation([re.escape(n) for n in (*table.get("nouns", []), *words(language, "words", "film_nouns"))])
    this = alternation(list(table.get("this", [])))
    inside = alternation(list(table.get("in", [])))
    after = re.compile(
        rf"^[\"”'’»]?,?\s(?:\([^()\n]{{0,60}}\)\s)?(?:(?:which|that|qui|que)\s)?(?:(?:was|is|fue|est|a été)\s)?"
        rf"(?:\w+\s)?(?:{verbs})\s(?:[\w'’]+\s){{0,3}}?(?:{inside})\s(?P<year>{YEAR})(?![\w])",
        re.IGNORECASE,
    )
    before = re.compile(
        rf"(?<![\w])(?P<year>{YEAR})(?:(?P<s>['’]s)|\s(?:[^\s.!?;]+\s){{0,5}}?(?:{nouns}))[,:]?\s(?:(?:of|de|del|du)\s)?"
        rf"[\"“'‘«]?\s?$",
        re.IGNORECASE,
    )
    in_year = re.compile(rf"^[\"”'’»]?\s(?:{inside})\s(?P<year>{YEAR})(?![\w])", re.IGNORECASE)
    primary = re.compile(
        rf"(?<![\w])(?:{this})\s(?:[\w'’-]+,?\s){{0,4}}?(?P<year>{YEAR})\s(?:[\w-]+\s){{0,2}}?(?:{nouns})(?![\w])",
        re.IGNORECASE,
    )
    making = frozenset(fold(w) for w in table.get("making", []))
    return after, before, in_year, making, primary


def _film(ctx: Context, span: TitleSpan) -> Mention:
    if span in ctx.titles:
        return ctx.film
    return Mention(Kind.FILM, (span.pair or (span.text,))[-1], ctx.document.doc_id, ctx.document.language)


def _span_year(ctx: Context, span: TitleSpan) -> tuple[str, int, int] | None:
    """The year the text ties to one title span, with the stretch of text that ties it."""
    document = ctx.document
    text = document.text
    sentence = sentence_at(document, span.start)
    if sentence is None:
        return None
    after_text = text[span.end : min(sentence.end + 1, span.end + 120)]
    before_text = text[max(sentence.start, span.start - 80) : span.start]
    after, before, in_year, making, _primary = _cues(document.language)
    if match := _BRACKET_AFTER.match(after_text):
        return match["a"] or match["b"], span.start, span.end + match.end()
    if match := after.match(after_text):
        return match["year"], span.start, span.end + match.end()
    if match := before.search(before_text):
        return match["year"], span.start - len(before_text) + match.start(), span.end
    if (match := in_year.match(after_text)) and set(fold(before_text).split()) & making:
        return match["year"], span.start, span.end + match.end()
    opening = _OPENING.match(text, sentence.start)
    if opening and set(fold(text[sentence.start : span.start]).split()) & making:
        return opening["year"], sentence.start, span.end
    return None


_OPENING = re.compile(rf"\s*(?:(?:back|finally|later|then|and)\s)?(?:in|en)\s(?P<year>{YEAR}),?\s?(?=\S)", re.I)


@extractor(NAME, emits={"releaseDate"})
def extract_years(document: Document) -> Iterator[Claim]:
    """Yield a year for every film whose year the prose states next to its title, and for the reviewed film."""
    ctx = context(document)
    for span in (*ctx.titles, *ctx.others):
        if span.year:
            continue  # the title reader took its "(1956)" already
        found = _span_year(ctx, span)
        if found is None:
            continue
        year, start, end = found
        proof = evidence(document, start, end, NAME, 0.6)
        if proof is not None:
            yield Claim(_film(ctx, span), "releaseDate", Literal(year, datatype=GYEAR), proof)
    primary = _cues(document.language)[4]
    for match in primary.finditer(document.text):
        proof = evidence(document, match.start(), match.end(), NAME, 0.6)
        if proof is not None:
            yield Claim(ctx.film, "releaseDate", Literal(match["year"], datatype=GYEAR), proof)
