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
from .patterns import (
    alternation,
    evidence,
    folded_words,
    looks_like_person,
    matches,
    per_document,
    person_name,
    sentence_at,
    words,
)

NAME = "people.v1"


@dataclass(frozen=True)
class Named:
    """A person a document names, with the span and how sure the evidence is."""

    name: str
    start: int
    end: int
    confidence: float


_NAME_ANYWHERE = re.compile(rf"(?<![\w'’-]){NAME_PATTERN}")
# "Carla, (Ann Lee)": a name followed by another in brackets is a character with the actor who plays it.
_PLAYED_BY_NEXT = re.compile(rf",?[ ]?[(](?:played by |as )?(?P<actor>{NAME_PATTERN})")
# "G-rated", "Beach-like", "Writer-director": a word joined to a lower-case word is a compound, not a name's part.
_COMPOUND = re.compile(r"-[a-zß-ÿ]")


def _shape(document: Document, name: str, start: int) -> tuple[str, int] | None:
    """The name without a compound or a sentence opener before it; None when what is left is no name.

    A capitalised opener that the review also writes in lower case ("Magnificent Tom Vale ... a magnificent
    score") is an ordinary word, not a given name.

    >>> from kg.documents import make_document
    >>> doc = make_document("d", "d.txt", "Magnificent Tom Vale as the lead. A magnificent score.")
    >>> _shape(doc, "Magnificent Tom Vale", 0), _shape(doc, "Norman Vale-style", 0)
    (('Tom Vale', 12), None)
    >>> _shape(doc, "Writer-director Ann Lee", 0)
    ('Ann Lee', 16)
    """
    tokens = name.split(" ")
    if len(tokens) > 2 and _COMPOUND.search(tokens[0]):
        return _shape(document, " ".join(tokens[1:]), start + len(tokens[0]) + 1)
    if any(_COMPOUND.search(token) for token in tokens):
        return None
    sentence = sentence_at(document, start)
    opener = sentence is not None and not document.text[sentence.start : start].strip(" \"“'‘(*")
    if (
        opener
        and len(tokens) > 2
        and re.search(rf"(?<![\w'’-]){re.escape(tokens[0].lower())}(?![\w'’-])", document.text)
    ):
        return " ".join(tokens[1:]), start + len(tokens[0]) + 1
    return name, start


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

    honorifics = folded_words("words", "honorifics") | folded_words("cast", "character_titles")

    # "Ann Lee (Dr. Jo Winter), Bo Vik (Tony P.)": sentences whose brackets hold the character, not the actor
    actor_first = {
        r.start for r in roles if "(" in document.text[r.start : r.end] and document.text.startswith(r.actor, r.start)
    }
    actor_first_sentences = {s.index for s in map(lambda at: sentence_at(document, at), actor_first) if s}

    def add(raw: str, start: int, confidence: float, minimum: int, titled: bool = False) -> None:
        shaped = _shape(document, raw, start)
        if shaped is None:
            return
        raw, start = shaped
        tokens = raw.split(" ")
        if not titled and len(tokens) == 2 and fold(tokens[0].rstrip(".")) in honorifics:
            return  # "Lady Marsh", "Inspector Vole": a title and one name is how a story calls its characters
        follower = _PLAYED_BY_NEXT.match(document.text, start + len(raw))
        sentence = sentence_at(document, start)
        if (
            follower is not None
            and looks_like_person(person_name(follower["actor"]), 2)
            and (sentence is None or sentence.index not in actor_first_sentences)
        ):
            return  # "Carla, (Ann Lee)": a character, with its actor
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
            add(span.possessor, at if at >= 0 else span.start, 0.7, 1, titled=True)  # "King Vidor's FILM"
    cued, plural = _cue_templates(document.language)
    for match in matches(cued, document):
        cue = fold(document.text[match.start() : match.start("name")].strip())
        add(match["name"], match.start("name"), 0.7, 2 if cue in honorifics else 1)  # "Sir Tom" is a character
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
