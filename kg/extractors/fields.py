"""`Key: Value` headers and listing-page layouts: the film, its crew, dates, genres and more.

Keys are matched by meaning across languages (kg/lang/*.toml), tolerant of case and spelling slips
("Producted By"); nothing here knows any particular film.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from ..model import Claim, Document, Evidence, Kind, Literal, Mention, Sentence
from . import extractor
from .lexicon import fold, merged_lexicon
from .patterns import per_document
from .values import DECIMAL, DURATION, parse_date, parse_duration, parse_rating, proper_names, split_names

NAME = "fields.v1"

PERSON_FIELDS = {"director", "screenwriter", "cinematographer", "composer", "producer", "editor", "castMember"}
ENTITY_FIELDS: dict[str, Kind] = {
    **{name: Kind.PERSON for name in PERSON_FIELDS},
    "productionCompany": Kind.ORGANIZATION,
    "countryOfOrigin": Kind.COUNTRY,
    "availableOn": Kind.STREAMING_SERVICE,
}
_KEY_LINE = re.compile(r"^\s*([^\W\d][^:|]{0,38}?)\s*:\s*(.*)$")
_CELLS = re.compile(r"^[^|]{1,20}(?:\|[^|]{1,20}){2,}$")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True)
class Field:
    """One recognised field: its predicate, its value and where the value sits in the text."""

    predicate: str
    value: str
    start: int
    sentence: Sentence


@lru_cache(maxsize=1)
def _keys() -> dict[str, str]:
    table: dict[str, str] = {}
    for predicate, phrases in merged_lexicon().section("fields").items():
        for phrase in phrases:
            table.setdefault(fold(phrase), predicate)
    return table


def match_key(key: str) -> str | None:
    """Return the predicate a field key means, allowing small spelling slips.

    >>> match_key("Producted By")
    'productionCompany'
    >>> match_key("Synopsis") is None
    True
    """
    return _match_folded(fold(key))


@lru_cache(maxsize=1 << 14)
def _match_folded(folded: str) -> str | None:
    table = _keys()
    if folded in table:
        return table[folded]
    if len(folded) < 6:
        return None
    best, score = None, 0.0
    for phrase, predicate in table.items():
        if len(phrase) >= 6:
            ratio = fuzz.ratio(folded, phrase)
            if ratio > score:
                best, score = predicate, ratio
    return best if score >= 85 else None


@per_document
def find_fields(document: Document) -> list[Field]:
    """Return the fields of `document`: `Key: Value` lines, and key lines followed by their value."""
    found: list[Field] = []
    lines = [s for s in document.sentences if "\n" in document.text[max(0, s.start - 1) : s.start] or s.start == 0]
    line_set = {s.index for s in lines}
    for sentence in document.sentences:
        if sentence.index not in line_set:
            continue
        match = _KEY_LINE.match(sentence.text)
        if match:
            predicate = match_key(match[1])
            if predicate and match[2].strip():
                found.append(Field(predicate, match[2].strip(), sentence.start + match.start(2), sentence))
            continue
        predicate = match_key(sentence.text) if len(sentence.text) <= 40 else None
        following = _next_line(document, sentence)
        if predicate and following is not None and _is_bare_value(following):
            found.append(Field(predicate, following.text, following.start, following))
    return found


def _next_line(document: Document, sentence: Sentence) -> Sentence | None:
    index = sentence.index + 1
    return document.sentences[index] if index < len(document.sentences) else None


def _is_bare_value(sentence: Sentence) -> bool:
    text = sentence.text
    return len(text) <= 60 and not text.endswith((".", "!", "?")) and match_key(text) is None and ":" not in text


def subject_title(document: Document, fields: list[Field]) -> tuple[str, Sentence, int] | None:
    """Return the film a header or listing page is about: its Title field, else its heading line."""
    for field in fields:
        if field.predicate == "title":
            return _without_year(field.value), field.sentence, field.start
    if len(fields) >= 2 and document.sentences:
        first = document.sentences[0]
        if len(first.text) <= 80 and not first.text.endswith((".", "!", "?")) and ":" not in first.text:
            return _without_year(first.text), first, first.start
    return None


def _without_year(title: str) -> str:
    """Drop a trailing "(2008)" from a title line: the year is not part of the title.

    >>> _without_year("Prom Night (2008)")
    'Prom Night'
    """
    return re.sub(r"\s*\((?:1[89]|20)\d\d\)\s*$", "", title) or title


@extractor(
    NAME,
    emits={
        "title", "director", "screenwriter", "cinematographer", "composer", "producer", "editor", "castMember",
        "productionCompany", "countryOfOrigin", "availableOn", "releaseDate", "genre", "duration",
        "originalLanguage", "aggregateRating",
    },
)  # fmt: skip
def extract_fields(document: Document) -> Iterator[Claim]:
    """Yield the claims stated by the document's fields and listing cells."""
    fields = find_fields(document)
    subject = subject_title(document, fields)
    if subject is None:
        return
    title, title_sentence, title_start = subject
    film = Mention(Kind.FILM, title, document.doc_id, document.language)
    yield Claim(
        film,
        "title",
        Literal(title, language=document.language),
        _evidence(document, title_sentence, title_start, len(title), 0.95),
    )
    for field in fields:
        yield from _field_claims(document, film, field)
    for sentence in document.sentences:
        if _CELLS.match(sentence.text):
            yield from _cell_claims(document, film, sentence)


def _field_claims(document: Document, film: Mention, field: Field) -> Iterator[Claim]:
    evidence = _evidence(document, field.sentence, field.start, len(field.value), 0.9)
    predicate, value = field.predicate, field.value
    if predicate in ENTITY_FIELDS:
        kind = ENTITY_FIELDS[predicate]
        names = proper_names(value, _stop_words()) if kind is Kind.STREAMING_SERVICE else split_names(value)
        for name in names:
            if _looks_like_name(name):
                yield Claim(film, predicate, Mention(kind, name, document.doc_id, document.language), evidence)
    elif predicate == "releaseDate":
        parsed = parse_date(value)
        if parsed:
            yield Claim(film, predicate, Literal(parsed[0], datatype=parsed[1]), evidence)
    elif predicate == "genre":
        for genre in split_names(value):
            yield Claim(film, predicate, Literal(genre), evidence)
    elif predicate == "duration":
        if duration := parse_duration(value):
            yield Claim(film, predicate, Literal(duration, datatype=DURATION), evidence)
    elif predicate == "aggregateRating":
        if rating := parse_rating(value):
            yield _rating_claim(film, rating, evidence)
    elif predicate == "originalLanguage":
        yield Claim(film, predicate, Literal(value.strip().lower()[:35]), evidence)


def _cell_claims(document: Document, film: Mention, sentence: Sentence) -> Iterator[Claim]:
    """A listing's `8.3| 1h37m| en` line: aggregate rating, running time, original language."""
    offset = sentence.start
    for cell in sentence.text.split("|"):
        text = cell.strip()
        start = offset + cell.find(text) if text else offset
        offset += len(cell) + 1
        evidence = _evidence(document, sentence, start, len(text), 0.8)
        if rating := parse_rating(text):
            yield _rating_claim(film, rating, evidence)
        elif duration := parse_duration(text):
            yield Claim(film, "duration", Literal(duration, datatype=DURATION), evidence)
        elif _LANGUAGE_CODE.match(text):
            yield Claim(film, "originalLanguage", Literal(text), evidence)


def _rating_claim(film: Mention, rating: tuple[str, str], evidence: Evidence) -> Claim:
    value, best = rating
    return Claim(
        film,
        "aggregateRating",
        Literal(value, datatype=DECIMAL),
        evidence,
        (("bestRating", Literal(best, datatype=DECIMAL)),),
    )


@lru_cache(maxsize=1)
def _stop_words() -> set[str]:
    words = {"available", "disponible", "rent", "purchase", "buy", "stream", "streaming", "watch", "on", "the"}
    return words


def _looks_like_name(text: str) -> bool:
    if not 1 < len(text) <= 80 or not any(ch.isalpha() for ch in text):
        return False
    return not text[0].islower() or text[1].isupper()  # "iTunes" is a name, "and" is not


def _evidence(document: Document, sentence: Sentence, start: int, length: int, confidence: float) -> Evidence:
    return Evidence(
        doc_id=document.doc_id,
        sentence=sentence.index,
        start=start,
        end=start + length,
        quote=sentence.text,
        extractor=NAME,
        confidence=confidence,
    )
