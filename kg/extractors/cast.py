"""Actors with the characters they play: "Character (Actor)", "Actor as Character", "Actor plays Character" …

Characters and people are different kinds: the character is its own mention, attached to the
cast claim as its `character` qualifier (the graph makes the schema.org PerformanceRole of it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..model import Claim, Document, Kind, Mention
from . import extractor
from .context import context
from .lexicon import fold, lexicon, merged_lexicon
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
# How a "Character (Actor)" template opens; a comma may stand before the brackets ("Ann Vale, (Jo Bell)").
_BRACKETED = ("{char} [(]", "{char},? [(]")
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
    surface: str = ""  # the character as written, with any descriptor ("Photographer Gary")


def _confidence(pattern: str) -> float:
    """Parenthesised and "plays" forms are reliable; a bare "X as Y" is less so."""
    if pattern.startswith("{actor},? as"):
        return 0.7
    if pattern.startswith(_BRACKETED):
        return 0.85
    return 0.8


def _character(raw: str, language: str) -> str:
    """A character keeps its honorific ("Dr. Hackenstein"), but not a sentence opener, a trailing word of the
    next sentence ("as Mr. Sir. Sometimes"), nor a common noun that describes it ("Photographer Gary").

    Function words are compared with their accents: French "grâce" is not the given name "Grace".

    >>> _character("Teenager Jo Vale", "en"), _character("Mr. Kite. Sometimes", "en"), _character("Grace Ash", "en")
    ('Jo Vale', 'Mr. Kite', 'Grace Ash')
    """
    function = _exact_words("words", "function")
    descriptors = _exact_words("cast", "descriptors")
    parts = raw.strip(" ,;:'’\"").split(" ")
    while len(parts) > 1 and parts[0].lower() in function:
        parts = parts[1:]
    while len(parts) > 1 and parts[-1].lower().strip(".") in function:
        parts = parts[:-1]
    while len(parts) > 1 and parts[0].lower() in descriptors and not _is_title(parts[0], language):
        parts = parts[1:]
    return " ".join(parts).strip(" .,;:") if len(parts) > 1 else parts[0].strip(" ,;:")


@cache
def _exact_words(section: str, key: str) -> frozenset[str]:
    """A word list of every language merged, lower-cased but keeping accents."""
    value = merged_lexicon().section(section).get(key, [])
    return frozenset(str(v).lower() for v in value) if isinstance(value, list) else frozenset()


def _is_title(word: str, language: str) -> bool:
    """Tell whether `word` is a character title of `language` ("Captain"), which stays with the name."""
    return fold(word.rstrip(".")) in {fold(t) for t in lexicon(language).section("cast").get("character_titles", [])}


# "Cesar the Milanese, was played by": the epithet belongs to the name before it.
_EPITHET_BEFORE = re.compile(rf"(?<![\w'’])(?:{TOKEN})[ ]the[ ]\Z")


def _with_context(document: Document, start: int, character: str) -> str:
    """The character as the words before it shape it: a relative's kinship word goes, a name before "the" joins.

    >>> from kg.documents import make_document
    >>> _with_context(make_document("d", "d.txt", "Then Ugo the Tall, was played by Al Bo."), 13, "Tall")
    'Ugo the Tall'
    >>> _with_context(make_document("d", "d.txt", "In the Tall, was played by Al Bo."), 7, "Tall")
    'Tall'
    """
    character = _relation_led(document, start, character)
    epithet = _EPITHET_BEFORE.search(document.text, max(0, start - 40), start)
    if epithet is None:
        return character
    name = epithet.group(0).split(" ")[0]
    if is_function_word(name) or not looks_like_person(name):
        return character
    return f"{name} the {character}"


def _relation_led(document: Document, start: int, character: str) -> str:
    """Drop a kinship word that says whose relative the character is ("Jo's Mother & Father Ray" is Ray).

    >>> from kg.documents import make_document
    >>> _relation_led(make_document("d", "d.txt", "Jo's Mother & Father Ray (Al Bo)."), 14, "Father Ray")
    'Ray'
    >>> _relation_led(make_document("d", "d.txt", "Then Father Ray (Al Bo) prays."), 5, "Father Ray")
    'Father Ray'
    """
    kinship = lexicon(document.language).section("cast").get("kinship", [])
    first, _, rest = character.partition(" ")
    if not rest or fold(first) not in {fold(word) for word in kinship}:
        return character
    before = document.text[max(0, start - 40) : start]
    kin = "|".join(re.escape(word) for word in kinship)
    if re.search(rf"{POSSESSIVE}[ ](?:(?i:{kin})[ ](?:&|and)[ ])?\Z", before):
        return rest
    return character


@per_document
def find_roles(document: Document) -> list[Role]:
    """Return every actor-character pair the prose states."""
    ctx = context(document)
    titles = ctx.subject_folds() | {fold(span.text) for span in ctx.others}
    categories = folded_words("awards", "category")
    roles: dict[tuple[str, str, int], Role] = {}
    for pattern in lexicon(document.language).section("cast").get("patterns", []):
        parenthesised = pattern.startswith(_BRACKETED)
        found = list(matches(pattern, document))
        actor_first = _actor_first_sentences(document, found) if parenthesised else frozenset()
        for match in found:
            outer, inner = match["char"], match["actor"]
            swapped = _bare(document, match) and _sentence_index(document, match.start()) in actor_first
            if swapped:
                outer, inner = inner, outer  # "Lena Olin (Dr. Annabel Leek)": this list names the actor first
            actor, character = person_name(inner), _character(outer, document.language)
            if not swapped:
                character = _with_context(document, match.start("char"), character)
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
                Role(actor, character, match.start(), match.end(), _confidence(pattern), outer.strip(" ,;:'’\"")),
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
    if tokens[0].lower() in _exact_words("words", "function"):
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
