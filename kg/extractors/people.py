"""People a review only names (a head of state, another film's director): `mentions` from the review.

A capitalised phrase becomes a person only with evidence: a possessive before another film
("Fellini's LA STRADA"), an office or trade before it ("Premier X", "actress Y"), "X films",
or the shape of a full name with no generic noun in it. Names that hold a stated role, characters
and review authors are left to their own extractors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..model import Claim, Document, Kind, Mention
from . import extractor
from .cast import find_roles
from .context import context
from .credits import find_credits
from .lexicon import fold
from .patterns import NAME as NAME_PATTERN
from .patterns import alternation, evidence, looks_like_person, matches, per_document, person_name, words

NAME = "people.v1"


@dataclass(frozen=True)
class Named:
    """A person a document names, with the span and how sure the evidence is."""

    name: str
    start: int
    end: int
    confidence: float


_NAME_ANYWHERE = re.compile(rf"(?<![\w'’-]){NAME_PATTERN}")


@cache
def _cue_templates(language: str) -> tuple[str, str]:
    """("Premier X", "X films") as cue templates of `language`."""
    cues = alternation(words(language, "words", "person_cues"))
    plural = alternation([n for n in words(language, "words", "film_nouns") if n.endswith("s")])
    return f"(?:{cues}) {{name}}", f"{{name}} {plural}"


@per_document
def find_people(document: Document) -> tuple[Named, ...]:
    """Return the people the document names without giving them a role."""
    ctx = context(document)
    taken = {fold(c.name) for c in find_credits(document)}
    roles = find_roles(document)
    taken |= {fold(r.actor) for r in roles}
    characters = {fold(r.character) for r in roles} | {fold(t) for r in roles for t in r.character.split()}
    characters |= {fold(r.surface) for r in roles if r.surface}  # "Photographer Gary", as the cast read it
    authors = {fold(s.author) for s in ctx.segments if s.author}
    titles = ctx.subject_folds() | {fold(s.text) for s in ctx.others}
    blocked = [(s.start, s.end) for s in (*ctx.titles, *ctx.others)]
    found: dict[int, Named] = {}

    def add(raw: str, start: int, confidence: float, minimum: int) -> None:
        name = person_name(raw)
        folded = fold(name)
        if folded in taken or folded in characters or folded in authors or folded in titles:
            return
        if all(fold(token) in characters for token in name.split()):
            return  # "Arthur Bach" where the cast has "Peter Bach" and "Arthur": a character's name
        if any(a <= start < b for a, b in blocked) or not looks_like_person(name, minimum):
            return
        if start not in found or found[start].confidence < confidence:
            found[start] = Named(name, start, start + len(name), confidence)

    for span in ctx.others:
        if span.possessor:
            at = document.text.rfind(span.possessor, max(0, span.start - 100), span.start)
            add(span.possessor, at if at >= 0 else span.start, 0.7, 1)
    cued, plural = _cue_templates(document.language)
    for match in matches(cued, document):
        add(match["name"], match.start("name"), 0.7, 1)
    for match in matches(plural, document):
        add(match["name"], match.start("name"), 0.6, 1)
    for match in _NAME_ANYWHERE.finditer(document.text):
        if 2 <= len(match.group(0).split()) <= 3 and not any(
            t.isupper() and len(t) > 1 for t in match.group(0).split()
        ):
            add(match.group(0), match.start(), 0.55, 2)
    return tuple(sorted(found.values(), key=lambda n: n.start))


def known_people(document: Document) -> set[str]:
    """Return every name the document gives a person: role holders, actors and people it names."""
    names = {c.name for c in find_credits(document)}
    names |= {r.actor for r in find_roles(document)}
    names |= {n.name for n in find_people(document)}
    return names


@extractor(NAME, emits={"mentions"})
def extract_people(document: Document) -> Iterator[Claim]:
    """Yield a `mentions` claim from the review to every person it only names."""
    ctx = context(document)
    for named in find_people(document):
        review = ctx.review_at(named.start)
        found = evidence(document, named.start, named.end, NAME, named.confidence)
        if review is None or found is None:
            continue
        yield Claim(review, "mentions", Mention(Kind.PERSON, named.name, document.doc_id), found)
