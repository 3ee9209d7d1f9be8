"""Crew credits stated in prose: "directed by X", "director X", "X's cinematography", "el director X" …

The cue templates are per language (kg/lang/<tag>.toml, table `credits`); a person gets a role only
when a cue states it, never for being named near the film.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..model import Claim, Document, Kind, Mention
from . import extractor
from .context import Context, context
from .lexicon import fold, folded, lexicon
from .patterns import NAME as NAME_SHAPE
from .patterns import (
    evidence,
    folded_words,
    looks_like_person,
    matches,
    negated,
    per_document,
    person_name,
    stands_alone,
)

NAME = "credits.v1"
ROLES = ("director", "screenwriter", "cinematographer", "composer", "producer", "editor")
_BETWEEN_FILM_AND_CUE = re.compile(r"^[\s,()\d]*,[\s]*$")  # "Airport (1970), directed by"; not "... was directed by"
# "Night Train (1977) AKA Dark Rails was directed by": another film is the subject of a passive cue
_FILM_THEN_PASSIVE = re.compile(
    r"^[\s()\d]*(?:(?:AKA|aka|a\.k\.a\.|also known as)\b[^.;:!?]*?)?\s(?:was|is|were|had been|has been)\s+"
    r"(?:(?:also|originally|first|later|then|actually|solely)\s+)?$"
)
# a second name joined to a "by" cue's, ending its clause: "written by Ann Lee and Bo Vik, who ..."
_AND_NAME = re.compile(rf"[ ](?:and|&)[ ]({NAME_SHAPE})(?=[,.;:)]|$)")
# the name plays a part: "director Ann Lee (as the snaky host)" is her acting, not her directing this film
_ACTING_AFTER = re.compile(r"^\s*\((?:as|playing)\s")


@dataclass(frozen=True)
class Credit:
    """One stated role: who, which role, of which film, where, and how sure the cue is."""

    role: str
    name: str
    start: int
    end: int
    film: Mention
    confidence: float


def _confidence(pattern: str) -> float:
    """Honest per-pattern confidence: "directed by X" is surer than "X's direction" or "X directed"."""
    if "{s}" in pattern:
        return 0.75
    if pattern.startswith("{name}"):
        return 0.7
    if " by {name}" in pattern or " por {name}" in pattern or " par {name}" in pattern:
        return 0.9
    return 0.85


@lru_cache(maxsize=8)
def _patterns(language: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    table = lexicon(language).section("credits")
    found = []
    for key, phrases in table.items():
        roles = tuple(key.split("+"))
        if not all(role in ROLES for role in roles) or not isinstance(phrases, list):
            continue
        found.extend((roles, phrase) for phrase in phrases)
    return tuple(found)


@per_document
def find_credits(document: Document) -> list[Credit]:
    """Return every credit the document's prose states."""
    ctx = context(document)
    not_after = folded(document.language, "credits", "not_after")
    titles = ctx.subject_folds() | {fold(span.text) for span in ctx.others}
    found: dict[int, tuple[int, list[Credit]]] = {}  # name start -> (longest cue span, its credits)
    for roles, pattern in _patterns(document.language):
        for match in matches(pattern, document):
            name = person_name(match["name"])
            if negated(document, match.start()) or not stands_alone(document, name):
                continue
            before = fold(document.text[max(0, match.start() - 12) : match.start()])
            if before.split()[-1:] and before.split()[-1] in not_after:
                continue  # "Best Director X" is an award category
            minimum = 2 if "producer" in roles else 1
            if not looks_like_person(name, minimum) or fold(name) in titles:
                continue
            if _ACTING_AFTER.match(document.text[match.end("name") : match.end("name") + 12]):
                continue
            film = _film_of(ctx, match.start())
            if film is None:
                continue
            length = match.end() - match.start()
            credits = [Credit(role, name, match.start(), match.end(), film, _confidence(pattern)) for role in roles]
            second = _AND_NAME.match(document.text, match.end()) if pattern.endswith("by {name}") else None
            if second is not None:  # "written by Ann Lee and Bo Vik, who ...": both hold the role
                other = person_name(second.group(1))
                if looks_like_person(other, 2) and fold(other) not in titles:
                    end = second.end(1)
                    credits += [Credit(r, other, match.start(), end, film, _confidence(pattern)) for r in roles]
            previous = found.get(match.start("name"))
            if previous is None or length > previous[0]:  # "cinematography is by director X" beats "director X"
                found[match.start("name")] = (length, credits)
            elif length == previous[0]:
                previous[1].extend(c for c in credits if c.role not in {p.role for p in previous[1]})
    return sorted((c for _length, credits in found.values() for c in credits), key=lambda c: (c.start, c.role))


def _film_of(ctx: Context, start: int) -> Mention | None:
    """The film a cue is about: another film named right before it ("Airport (1970), directed by"), else the subject.

    None when a quoted or bracketed name we could not read as a title stands right before the cue:
    the credit is another film's, and guessing would give a person a role the text does not give.
    """
    text = ctx.document.text
    for span in ctx.others:
        if span.end > start or span.end < start - 200:
            continue
        between = text[span.end : start]
        if _BETWEEN_FILM_AND_CUE.match(between) or (
            _FILM_THEN_PASSIVE.match(between) and not _after_preposition(ctx, span.start)
        ):
            return Mention(Kind.FILM, span.text, ctx.document.doc_id, ctx.document.language)
    if ctx.document.text[max(0, start - 3) : start].rstrip().endswith(("'", "’", '"', "”", ")")):
        return None
    return ctx.film


def _after_preposition(ctx: Context, start: int) -> bool:
    """Tell whether a title is the object of a preposition ("the sequel to the thriller Airport (1970) was directed
    by"), so the passive cue after it is about the sentence's own subject, not that film.

    Walks back over the title's descriptors ("the notorious horror film") to the first function word.
    """
    window = _BRACKETED.sub(" ", ctx.document.text[max(0, start - 120) : start])
    window = _CLAUSE_BREAK.split(window)[-1]
    function = folded_words("words", "function")
    for word in reversed(fold(window).split()):
        if word in _DETERMINERS:
            continue
        if word in function:
            return True
    return False


_DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "his", "her", "their", "le", "la", "les", "el", "los", "las"}
)
_BRACKETED = re.compile(r"\([^()]*\)")
_CLAUSE_BREAK = re.compile(r"[.:;!?,\n]")


def people_with_roles(document: Document) -> set[str]:
    """Return the names that hold a stated crew role in the document."""
    return {credit.name for credit in find_credits(document)}


@extractor(NAME, emits=set(ROLES))
def extract_credits(document: Document) -> Iterator[Claim]:
    """Yield a role claim for every credit cue in the prose."""
    for credit in find_credits(document):
        found = evidence(document, credit.start, credit.end, NAME, credit.confidence)
        if found is None:
            continue
        person = Mention(Kind.PERSON, credit.name, document.doc_id)
        yield Claim(credit.film, credit.role, person, found)
