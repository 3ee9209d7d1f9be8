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
from .lexicon import fold, folded, merged_lexicon
from .patterns import looks_like_person, per_document
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
# a ficha técnica line with no colon: "DIRECTOR Steven Spielberg", "MÚSICA John Williams"
_CAPS_KEY_LINE = re.compile(r"^\s*([^\W\d_a-zß-ÿ][^\W\d_a-zß-ÿ ]{2,30}?)[ \t]+(?=[^\W_])(.*\S)\s*$")
# another "Key:" inside a value ("Director: Ann Lee Featuring: Bo Vik, ..."): the value stops there
_INNER_COLON = re.compile(r"(?<=[^\W\d_])\s?:\s")
_CREDIT_FIELDS = PERSON_FIELDS | {"releaseDate"}
_BRACKETS = re.compile(r"\([^()]*\)")
_SEGMENTS = re.compile(r"[;()]")
_LOWER_LEAD = re.compile(r"^(?:[a-zß-ÿ][\w'’-]*[ ]+)+")
_CAST_SPLIT = re.compile(r"\s*(?:,|;|\by\b|\band\b|\bet\b)\s*(?![^()]*\))")
_CAST_ITEM = re.compile(r"^(?P<actor>[^()]+?)\s*(?:\((?P<char>[^()]+)\))?$")
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
        if match and (predicate := match_key(match[1])):
            if match[2].strip():
                found.extend(_split_inner(predicate, match[2], sentence.start + match.start(2), sentence))
            continue
        caps = _CAPS_KEY_LINE.match(sentence.text)
        if caps and caps[1].strip().isupper() and not caps[2].isupper() and (predicate := match_key(caps[1])):
            found.append(Field(predicate, caps[2].strip(), sentence.start + caps.start(2), sentence))
            continue
        if match:
            continue
        predicate = match_key(sentence.text) if len(sentence.text) <= 40 else None
        following = _next_line(document, sentence)
        if predicate and following is not None and _is_bare_value(following):
            found.append(Field(predicate, following.text, following.start, following))
    return found


def _split_inner(predicate: str, value: str, start: int, sentence: Sentence) -> Iterator[Field]:
    """Yield the field, cut where another known key opens inside its value ("Ann Lee Featuring: Bo Vik")."""
    for colon in _INNER_COLON.finditer(value):
        words = value[: colon.start()].split(" ")
        for size in range(1, min(4, len(words) - 1) + 1):
            key = " ".join(words[-size:])
            if not key[:1].isupper() or (other := match_key(key)) is None:
                continue
            head = " ".join(words[:-size])
            if head.strip():
                yield Field(predicate, head.strip(), start + len(head) - len(head.lstrip()), sentence)
            yield from _split_inner(other, value[colon.end() :], start + colon.end(), sentence)
            return
    if value.strip():
        yield Field(predicate, value.strip(), start + len(value) - len(value.lstrip()), sentence)


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
        if not any(field.predicate in _CREDIT_FIELDS for field in fields):
            return
        from .context import context  # the context reads this module's fields, so it is imported only here

        film = context(document).film  # a ficha técnica inside a review: the review's film
    else:
        title, title_sentence, title_start = subject
        film = Mention(Kind.FILM, title, document.doc_id, document.language)
        yield Claim(
            film,
            "title",
            Literal(title, language=document.language),
            _evidence(document, title_sentence, title_start, len(title), 0.95),
        )
    for field in fields:
        yield from _field_claims(document, film, field, strict=subject is None)
    for sentence in document.sentences:
        if _CELLS.match(sentence.text):
            yield from _cell_claims(document, film, sentence)


def _field_claims(document: Document, film: Mention, field: Field, strict: bool = False) -> Iterator[Claim]:
    """The claims of one field; `strict` (a ficha inside prose) wants person values that look like people's names."""
    evidence = _evidence(document, field.sentence, field.start, len(field.value), 0.9)
    predicate, value = field.predicate, field.value
    if predicate == "castMember":
        for actor, character in cast_entries(value):
            if not _person(actor, strict):
                continue
            person = Mention(Kind.PERSON, actor, document.doc_id, document.language)
            if character:
                role = Mention(Kind.CHARACTER, character, document.doc_id, document.language)
                yield Claim(film, predicate, person, evidence, (("character", role),))
            else:
                yield Claim(film, predicate, person, evidence)
    elif predicate in PERSON_FIELDS:
        plain = _BRACKETS.sub("", value)
        names = credit_names(value, document.language) if predicate == "screenwriter" else split_names(plain)
        for name in names:
            if _person(name, strict):
                yield Claim(film, predicate, Mention(Kind.PERSON, name, document.doc_id, document.language), evidence)
    elif predicate in ENTITY_FIELDS:
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


def _person(name: str, strict: bool) -> bool:
    """A field value names a person when it looks like one; a month word is a given name there ("Jan Lee"), a
    surname may be in capitals ("Ann LEE")."""
    if not strict:
        return _looks_like_name(name)
    tokens = [token.capitalize() if token.isupper() and len(token) > 1 else token for token in name.split(" ")]
    if len(tokens) >= 2 and fold(tokens[0]) in _month_words():
        tokens[0] = "Name"
    return looks_like_person(" ".join(tokens))  # a surname in capitals is a field's style ("Ann LEE")


@lru_cache(maxsize=1)
def _month_words() -> frozenset[str]:
    return frozenset(fold(month) for month in merged_lexicon().section("months"))


def credit_names(value: str, language: str) -> list[str]:
    """Return the names a writing credit gives, story credits included, source-work authors left out.

    >>> credit_names("Ann Lee y Bo Vik; basado en un argumento de Cy Dunn (Historia: Di Roe)", "es")
    ['Ann Lee', 'Bo Vik', 'Cy Dunn', 'Di Roe']
    >>> credit_names("Ann Lee; basado en la novela de Bo Vik", "es")
    ['Ann Lee']
    """
    sources = folded(language, "fields_values", "source_works") | folded("en", "fields_values", "source_works")
    names: list[str] = []
    for segment in _SEGMENTS.split(value):
        segment = segment.strip(" .,")
        if not segment:
            continue
        if ":" in segment:
            prefix, rest = segment.split(":", 1)
        else:
            lead = _LOWER_LEAD.match(segment)
            prefix, rest = (lead[0], segment[lead.end() :]) if lead else ("", segment)
        if any(word in sources for word in fold(prefix).split()):
            continue  # "based on the novel by ...": the novel's author, not a writer of the film
        names.extend(split_names(rest))
    return names


def cast_entries(value: str) -> list[tuple[str, str]]:
    """Return the (actor, character) pairs of a cast list: "Ann Lee (Jo), Bo Vik/Cy Dunn (Max)" (a dub's actor after
    the slash is left out); the character is "" when the list gives none.

    >>> cast_entries("Ann Lee (Jo Marsh), Bo Vik/Cy Dunn (Max) y Di Roe.")
    [('Ann Lee', 'Jo Marsh'), ('Bo Vik', 'Max'), ('Di Roe', '')]
    """
    found = []
    for item in _CAST_SPLIT.split(value):
        match = _CAST_ITEM.match(item.strip(" .;"))
        if not match:
            continue
        actor, character = match["actor"].strip(), (match["char"] or "").strip()
        if "/" in actor:
            actor = actor.split("/")[0].strip()
        if actor:
            found.append((actor, character))
    return found


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
