"""Actors with the characters they play: "Character (Actor)", "Actor as Character", "Actor plays Character" …

Characters and people are different kinds: the character is its own mention, attached to the
cast claim as its `character` qualifier (the graph makes the schema.org PerformanceRole of it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Claim, Document, Kind, Mention
from . import extractor
from .context import context
from .lexicon import fold, lexicon
from .patterns import (
    POSSESSIVE,
    TOKEN,
    evidence,
    folded_words,
    is_function_word,
    looks_like_person,
    matches,
    per_document,
    person_name,
    sentence_of,
    stands_alone,
)

NAME = "cast.v1"
_AFTER_CHARACTER = re.compile(POSSESSIVE)
# A name token ending just before " Word" at the end of a probe: see _surname_of_a_full_name.
_TOKEN_BEFORE_LAST_WORD = re.compile(rf"(?:{TOKEN})[ ]\S+\Z")


@dataclass(frozen=True)
class Role:
    """One actor playing one character, where the text says so."""

    actor: str
    character: str
    start: int
    end: int
    confidence: float


def _confidence(pattern: str) -> float:
    """Parenthesised and "plays" forms are reliable; a bare "X as Y" is less so."""
    if pattern.startswith("{actor},? as"):
        return 0.7
    if pattern.startswith("{char} [(]"):
        return 0.85
    return 0.8


def _character(raw: str) -> str:
    """A character keeps its honorific ("Dr. Hackenstein"), but not a sentence opener."""
    parts = raw.strip(" ,;:'’\"").split(" ")
    while len(parts) > 1 and is_function_word(parts[0]):
        parts = parts[1:]
    return " ".join(parts)


@per_document
def find_roles(document: Document) -> list[Role]:
    """Return every actor-character pair the prose states."""
    ctx = context(document)
    titles = ctx.subject_folds() | {fold(span.text) for span in ctx.others}
    categories = folded_words("awards", "category")
    roles: dict[tuple[str, str, int], Role] = {}
    for pattern in lexicon(document.language).section("cast").get("patterns", []):
        parenthesised = pattern.startswith("{char} [(]")
        found = list(matches(pattern, document))
        actor_first = _actor_first_sentences(document, found) if parenthesised else frozenset()
        for match in found:
            outer, inner = match["char"], match["actor"]
            if _bare(document, match) and _sentence_index(document, match.start()) in actor_first:
                outer, inner = inner, outer  # "Lena Olin (Dr. Annabel Leek)": this list names the actor first
            actor, character = person_name(inner), _character(outer)
            if not looks_like_person(actor, 2 if parenthesised else 1) or not stands_alone(document, actor):
                continue
            if not _is_character(character, categories) or fold(character) in titles or fold(character) == fold(actor):
                continue
            if _AFTER_CHARACTER.match(document.text, match.end("char")):
                continue  # "as Lukas's wife": the character is someone's relation, not named
            loose = " as " in pattern or pattern.startswith("{actor},? as")
            if loose and document.text[max(0, match.start("actor") - 1) : match.start("actor")] == "(":
                continue  # "Wendy (Bambi Darro as Dyanne DiRossario)": a billing name, not the character
            if loose and document.text.startswith((" of ", " in "), match.end("char")):
                continue  # "as the Robin Hood of the American west": a comparison, not a character
            if loose and " " not in actor and not _surname_of_a_full_name(document, actor):
                continue  # "as Imaginative as the Beatles": one capitalised word is not yet an actor
            roles.setdefault(
                (actor, character, match.start("actor")),
                Role(actor, character, match.start(), match.end(), _confidence(pattern)),
            )
    return sorted(roles.values(), key=lambda r: r.start)


def _sentence_index(document: Document, offset: int) -> int:
    sentence = sentence_of(document, offset)
    return -1 if sentence is None else sentence.index


def _bare(document: Document, match: re.Match[str]) -> bool:
    """Tell whether the brackets hold just a name: "(played by X)" states its order."""
    return document.text[match.start("actor") - 1 : match.start("actor")] == "("


def _title_led(name: str, titles: frozenset[str]) -> bool:
    """Tell whether a name opens with a title or article that marks a character, not an actor ("Dr.", "Captain")."""
    words = fold(name).split()
    return bool(words) and words[0] in titles


def _actor_first_sentences(document: Document, found: list[re.Match[str]]) -> frozenset[int]:
    """Return the sentences whose "A (B)" pairs read "Actor (Character)" rather than "Character (Actor)".

    Both orders are common, and a list keeps one order throughout, so the pairs of a sentence vote:
    a title-led or possessive name inside the brackets ("Lena Olin (Dr. Annabel Leek)") is a character,
    one outside them ("Captain Amazing (Greg Kinnear)") too. Without votes the sentence keeps the
    usual "Character (Actor)" reading.

    >>> from kg.documents import make_document
    >>> doc = make_document("d", "d.txt", "The cast includes Ann Bell (Dr. Jo Winter) and Tom Ash (Sam Hill).")
    >>> pattern = "{char} [(](?:played by |as played by )?{actor}[)]"
    >>> sorted(_actor_first_sentences(doc, list(matches(pattern, doc))))
    [0]
    """
    titles = frozenset(fold(word) for word in lexicon(document.language).section("cast").get("character_titles", []))
    votes: dict[int, int] = {}
    for match in filter(lambda m: _bare(document, m), found):
        index = _sentence_index(document, match.start())
        inner, outer = match["actor"], match["char"]
        vote = (_title_led(inner, titles) or "'s " in inner) - _title_led(outer, titles)
        votes[index] = votes.get(index, 0) + vote
    return frozenset(index for index, total in votes.items() if total > 0)


def _surname_of_a_full_name(document: Document, word: str) -> bool:
    """Tell whether `word` ends a longer name somewhere in the document ("Garlin" after "Jeff Garlin").

    The same as searching `{NAME} {word}` (a name ends in a token, and one token is a name), without
    compiling a pattern per word: each " word" is probed for a token ending right before it.

    >>> from kg.documents import make_document
    >>> _surname_of_a_full_name(make_document("d", "d.txt", "Jeff Garlin is good. Garlin is fun."), "Garlin")
    True
    >>> _surname_of_a_full_name(make_document("d", "d.txt", "Garlin is good. So is Garlin."), "Garlin")
    False
    """
    text = document.text
    for match in re.finditer(rf"(?<=[ ]){re.escape(word)}(?![\w])", text):
        if _TOKEN_BEFORE_LAST_WORD.search(text, 0, match.end()) is not None:
            return True
    return False


def _is_character(name: str, categories: frozenset[str]) -> bool:
    tokens = name.split()
    if not 1 <= len(tokens) <= 5 or fold(tokens[0]) in categories:
        return False  # "Best Actress (X)" is an award, not a character
    if fold(tokens[0]) in folded_words("words", "function"):
        return False
    if len(tokens) == 1 and fold(tokens[0]) in folded_words("words", "honorifics"):
        return False
    return not (len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 3)


@extractor(NAME, emits={"castMember"})
def extract_cast(document: Document) -> Iterator[Claim]:
    """Yield a castMember claim, with its character, for every actor-character pair."""
    film = context(document).film
    for role in find_roles(document):
        found = evidence(document, role.start, role.end, NAME, role.confidence)
        if found is None:
            continue
        actor = Mention(Kind.PERSON, role.actor, document.doc_id)
        character = Mention(Kind.CHARACTER, role.character, document.doc_id, document.language)
        yield Claim(film, "castMember", actor, found, (("character", character),))
