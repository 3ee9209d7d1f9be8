"""Actors with the characters they play: "Character (Actor)", "Actor as Character", "Actor plays Character" …

Characters and people are different kinds: the character is its own mention, attached to the
cast claim as its `character` qualifier (the graph makes the schema.org PerformanceRole of it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..model import Claim, Document, Kind, Mention
from . import extractor
from .context import context
from .fields import match_key
from .lexicon import fold, lexicon, merged_lexicon
from .patterns import NAME as NAME_PATTERN
from .patterns import (
    POSSESSIVE,
    TOKEN,
    clean_name,
    evidence,
    folded_words,
    is_function_word,
    looks_like_person,
    matches,
    per_document,
    person_name,
    sentence_of,
    stands_alone,
    words,
)

NAME = "cast.v1"
LISTS = "cast_lists.v1"  # actors of explicit cast lists, with no character
# How a "Character (Actor)" template opens; a comma may stand before the brackets ("Ann Vale, (Jo Bell)").
_BRACKETED = ("{char} [(]", "{char},? [(]", "{char},? ?[(]", "[\"“‘']{char}[\"”’'],? [(]")
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
    next sentence ("as Mr. Sir. Sometimes"), nor a common noun or nationality that describes it ("Photographer Gary").

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
    demonyms = folded_words("words", "demonyms")
    while len(parts) > 1 and (
        (parts[0].lower() in descriptors and not _is_title(parts[0], language)) or fold(parts[0]) in demonyms
    ):
        parts = parts[1:]  # "Australian Cecily" is Cecily
    return " ".join(parts).strip(" .,;:") if len(parts) > 1 else parts[0].strip(" ,;:")


@cache
def _exact_words(section: str, key: str) -> frozenset[str]:
    """A word list of every language merged, lower-cased but keeping accents."""
    value = merged_lexicon().section(section).get(key, [])
    return frozenset(str(v).lower() for v in value) if isinstance(value, list) else frozenset()


def _is_title(word: str, language: str) -> bool:
    """Tell whether `word` is a character title of `language` ("Captain"), which stays with the name."""
    return fold(word.rstrip(".")) in {fold(t) for t in lexicon(language).section("cast").get("character_titles", [])}


# "Al Bo as Gloria - Hooker, Ed Roe as ...": a cast list glosses the character after a dash.
_DASH_TAIL = re.compile(r"[ ]-[ ][A-Z][\w'’]*(?:[ ][A-Z][\w'’]*){0,3}(?=[,;.]|[ ]and[ ])")
# "Original/dubbed: Al Bo/Ed Ruiz (Remy)": the name before the slash is the one on screen.
_ORIGINAL_VOICE = re.compile(rf"(?<![\w'’])(?P<name>{NAME_PATTERN})/\Z")


_NICKNAME_BEFORE = re.compile(r"(?<!\w)[\"'‘“][A-Z][^\"'’”]{0,30}[\"'’”][ ]\Z")


def _after_nickname(document: Document, start: int) -> bool:
    """Tell whether a quoted nickname ends just before `start` ("Senator 'Kay' Hart"), which the name runs over;
    a quoted common noun does not ("the 'librarian' Marcus")."""
    return _NICKNAME_BEFORE.search(document.text, max(0, start - 40), start) is not None


def _credited(document: Document, start: int) -> bool:
    """Tell whether a credit verb stands just before the actor ("lists Al Bo as ...", "credited Al Bo as ...")."""
    before = fold(document.text[max(0, start - 16) : start]).split()
    return bool(before) and before[-1] in {fold(word) for word in words(document.language, "cast", "credit_verbs")}


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


def find_roles(document: Document) -> list[Role]:
    """Return every actor-character pair the prose states."""
    return _reading(document)[0]


@per_document
def _reading(document: Document) -> tuple[list[Role], list[Listed]]:
    """The pairs the patterns read, and the actors they read whose character's name runs beyond the pattern."""
    ctx = context(document)
    titles = ctx.subject_folds() | {fold(span.text) for span in ctx.others}
    categories = folded_words("awards", "category")
    roles: dict[tuple[str, str, int], Role] = {}
    unnamed: list[Listed] = []
    for pattern in lexicon(document.language).section("cast").get("patterns", []):
        parenthesised = pattern.startswith(_BRACKETED)
        found = list(matches(pattern, document))
        actor_first = _actor_first_sentences(document, found) if parenthesised else frozenset()
        for match in found:
            outer, inner = match["char"], match["actor"]
            swapped = _bare(document, match) and _sentence_index(document, match.start()) in actor_first
            if swapped:
                outer, inner = inner, outer  # "Lena Olin (Dr. Annabel Leek)": this list names the actor first
            actor_start = match.start("char") if swapped else match.start("actor")
            if swapped and (original := _ORIGINAL_VOICE.search(document.text, max(0, actor_start - 80), actor_start)):
                inner, actor_start = original["name"], original.start("name")  # "Al Bo/Ed Ruiz (Remy)": the original
            if swapped and (_title_led(inner, _character_titles(document.language)) or fold(inner) in titles):
                continue  # "Miyazaki (Le Voyage de Chihiro)": a work, not an actor
            actor = _without_descriptor(_actor_name(document, inner, actor_start))
            character = _character(outer, document.language)
            if not swapped:
                character = _with_context(document, match.start("char"), character)
            if not _plausible_actor(document, actor, actor_start, 2 if parenthesised else 1):
                continue
            if not _is_character(character, categories) or fold(character) in titles or fold(character) == fold(actor):
                continue
            if _AFTER_CHARACTER.match(document.text, match.end("char")):
                continue  # "as Lukas's wife": the character is someone's relation, not named
            if not swapped and _after_nickname(document, match.start("char")):
                unnamed.append(Listed(actor, match.start("actor"), match.end("actor")))
                continue  # "Gunner \"Gloria\" Beaumont (Al Bo)": the name is longer than the pattern reads
            if _credited(document, match.start("actor")):
                continue  # "the site lists Al Bo as Ed Ruiz": a credit's alias, not a role
            loose = " as " in pattern or pattern.startswith("{actor},? as")
            if loose and document.text[max(0, match.start("actor") - 1) : match.start("actor")] == "(":
                continue  # "Wendy (Bambi Darro as Dyanne DiRossario)": a billing name, not the character
            if loose and document.text.startswith((" of ", " in "), match.end("char")):
                continue  # "as the Robin Hood of the American west": a comparison, not a character
            if loose and " " not in actor and not _surname_of_a_full_name(document, actor):
                continue  # "as Imaginative as the Beatles": one capitalised word is not yet an actor
            end = match.end()
            if loose and (tail := _DASH_TAIL.match(document.text, match.end("char"))):
                character, end = character + tail.group(0), tail.end()  # "as Gloria - Hooker, ...": a cast list's gloss
            roles.setdefault(
                (actor, character, match.start("actor")),
                Role(actor, character, match.start(), end, _confidence(pattern), outer.strip(" ,;:'’\"")),
            )
    return sorted(roles.values(), key=lambda r: r.start), unnamed


def _actor_name(document: Document, raw: str, start: int) -> str:
    """The actor a pattern captured; a list item keeps its first word ("Interpretación: Will Smith (Robert Neville)").

    person_name drops a leading function word as a sentence opener ("Meanwhile Sir Christopher Lee"), but after a
    list's comma or colon the first word belongs to the name.

    >>> from kg.documents import make_document
    >>> _actor_name(make_document("d", "d.txt", "Cast: Will Smith (Ro Vane)."), "Will Smith", 6)
    'Will Smith'
    >>> _actor_name(make_document("d", "d.txt", "Will Smith (Ro Vane)."), "Will Smith", 0)
    'Smith'
    """
    return clean_name(raw) if _list_item(document, start) else person_name(raw)


def _list_item(document: Document, start: int) -> bool:
    return document.text[max(0, start - 3) : start].rstrip(" ").endswith((",", ":", ";"))


def _plausible_actor(document: Document, actor: str, start: int, min_tokens: int) -> bool:
    """Tell whether `actor` can be a person's name; in a list, a first word that is also a function word
    ("Will") is a given name."""
    if looks_like_person(actor, min_tokens):
        return stands_alone(document, actor)
    return _list_item(document, start) and _given_name_first(actor, max(1, min_tokens - 1))


def _given_name_first(name: str, min_tokens: int = 1) -> bool:
    """Tell whether a name opens with a given name that is also a function word ("Will Darnell")."""
    first, _, rest = name.partition(" ")
    return is_function_word(first) and looks_like_person(rest, min_tokens)


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
    titles = _character_titles(document.language)
    votes: dict[int, int] = {}
    bare = [match for match in found if _bare(document, match)]
    per_sentence = Counter(_sentence_index(document, match.start()) for match in bare)
    for match in bare:
        index = _sentence_index(document, match.start())
        inner, outer = match["actor"], match["char"]
        vote = (_title_led(inner, titles) or "'s " in inner) - _title_led(outer, titles)
        original = _ORIGINAL_VOICE.search(document.text, max(0, match.start("char") - 80), match.start("char"))
        opening = original.start("name") if original else match.start("char")
        if per_sentence[index] > 1 and _list_item(document, opening):  # prose writes "Character (Surname)" too
            vote += (_lone_word(inner, outer) and not _surname_of_a_full_name(document, inner)) - _lone_word(
                outer, inner
            )
        vote += _cast_line(document, match.start())
        votes[index] = votes.get(index, 0) + vote
    return frozenset(index for index, total in votes.items() if total > 0)


@cache
def _character_titles(language: str) -> frozenset[str]:
    return frozenset(fold(word) for word in lexicon(language).section("cast").get("character_titles", []))


def _without_descriptor(actor: str) -> str:
    """Drop a trade word that opens a sentence before the name ("Singer Faron Vale (as ...)" is Faron Vale).

    >>> _without_descriptor("Teen Idol Al Vane"), _without_descriptor("Young Vane")
    ('Al Vane', 'Young Vane')
    """
    trades = _exact_words("cast", "descriptors") | folded_words("words", "person_cues")
    parts = actor.split(" ")
    while len(parts) > 2 and parts[0].lower() in trades:
        parts = parts[1:]
    return " ".join(parts)


def _lone_word(one: str, other: str) -> bool:
    """Tell whether `one` is a single word beside a full name: in a list, a character's given name.

    "..., Max Baldry (Stepan), ..." reads actor first, "..., Clark (Ann Bell), ..." character first.
    """
    return " " not in one.strip() and " " in other.strip()


def _cast_line(document: Document, offset: int) -> bool:
    """Tell whether `offset` sits on a line opened by a cast key ("Interpretación:", "Reparto:", "Cast:"), whose
    list names the actors, each with the character in brackets after it."""
    line_start = document.text.rfind("\n", 0, offset) + 1
    key, colon, _ = document.text[line_start:offset].partition(":")
    return bool(colon) and fold(key.strip(" *-")) in _cast_keys(document.language)


@cache
def _cast_keys(language: str) -> frozenset[str]:
    return frozenset(fold(key) for key in lexicon(language).section("cast").get("list_keys", []))


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
    if len(tokens) == 1 and fold(tokens[0]) in folded_words("words", "honorifics") | folded_words("words", "demonyms"):
        return False  # "as British golfing champion ...": a nationality alone is no character
    if any(fold(token) in folded_words("cast", "not_character") for token in tokens):
        return False  # "Ann Lee as Producers", "the dean of the University (Al Bo)": a trade or a body
    return not (len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 3)


_LIST_NAME = re.compile(NAME_PATTERN)
_JOINED_NAMES = re.compile(r"^(.*?)[ ](?:y|e)[ ]")
# What joins the names of a cast list: "A, B, and C", "A y B", "A et B".
_LIST_JOIN = re.compile(r"(?:,[ ](?:and[ ]|y[ ]|et[ ]|&[ ])?|[ ](?:and|y|et|&)[ ])")
# What may follow a listed name before the next: its character ("A (X), B as Y, C").
_LIST_ROLE = re.compile(r"[ ]?[(][^()]{1,60}[)]|[ ](?:as|como|en el papel de|dans le rôle de)[ ][^,;.()]{1,60}")


@dataclass(frozen=True)
class Listed:
    """An actor an explicit cast list names, with no character."""

    actor: str
    start: int
    end: int


@per_document
def find_listed(document: Document) -> list[Listed]:
    """Return the actors of explicit cast lists: "starring A, B and C", "the cast includes A and B", and, from
    three names on, "with A, B and C"; an "Interpretación: A (X), B" line too, when it is no field of fields.v1.

    Names that a pattern gives a character are left to find_roles; an actor whose character's name the pattern
    cannot read whole ("Gunner \"Gloria\" Beaumont (Al Bo)") is given here, without it.
    """
    section = lexicon(document.language).section("cast")
    starts: list[tuple[int, int]] = []
    for minimum, key in ((1, "list_cues"), (3, "weak_list_cues")):
        for cue in section.get(key, []):
            for match in re.finditer(rf"(?<![\w'’])(?:{cue})[ ]+", document.text, re.IGNORECASE):
                starts.append((match.end(), minimum))
    for sentence in document.sentences:
        key, colon, _ = sentence.text.partition(":")
        if colon and fold(key.strip(" *-")) in _cast_keys(document.language) and match_key(key) != "castMember":
            starts.append((sentence.start + len(key) + 1, 1))
    roles = {fold(role.actor) for role in find_roles(document)}
    found = {fold(listed.actor): listed for listed in _reading(document)[1] if fold(listed.actor) not in roles}
    for start, minimum in sorted(starts):
        if _after_other_film(document, start):
            continue
        names = _list_at(document, start)
        if len(names) >= minimum:
            for name in names:
                if fold(name.actor) not in roles:
                    found.setdefault(fold(name.actor), name)
    return sorted(found.values(), key=lambda listed: listed.start)


def _list_at(document: Document, at: int) -> list[Listed]:
    """The full names of the list that opens at `at`, each perhaps with its character, up to what is no name."""
    text, names = document.text, []
    while (match := _LIST_NAME.match(text, at + (text[at : at + 1] == " "))) is not None:
        end = match.end()
        joined = _JOINED_NAMES.search(match.group(0))
        if joined and " " in joined.group(1) and " " in match.group(0)[joined.end() :]:
            end = match.start() + joined.end(1)  # "Tom Rask y Cora Lint" is two names ("Ortega y Gasset" one)
        name = clean_name(text[match.start() : end])
        if not (looks_like_person(name, 2) or _given_name_first(name)):
            break
        names.append(Listed(name, match.start(), end))
        at = end
        if text.startswith(".,", at):
            at += 1  # "Al Bo Jr., Ed Roe"
        if role := _LIST_ROLE.match(text, at):
            at = role.end()
        if (join := _LIST_JOIN.match(text, at)) is None:
            break
        at = join.end()
    return names


def _after_other_film(document: Document, offset: int) -> bool:
    """Tell whether another work stands earlier in the cue's sentence ("his Other Film, starring ...")."""
    sentence = sentence_of(document, offset)
    if sentence is None:
        return True
    before = document.text[sentence.start : offset]
    works = "|".join(re.escape(word) for word in words(document.language, "cast", "other_work"))
    if re.search(r"(?<!\w)(?<!this )(?<!est[ae] )(?<!cette )(?<!ce )(?:1[89]\d\d|20\d\d)(?!\d)", before):
        return True  # "a 1971 production, starring ..." (but "this 1959 drama with ..." is the film)
    if works and re.search(rf"(?i:(?<!\w)(?:{works})(?!\w))", before):
        return True  # "the stage revival starring ...": another work
    return any(sentence.start <= span.end <= offset for span in context(document).others)


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


@extractor(LISTS, emits={"castMember"})
def extract_cast_lists(document: Document) -> Iterator[Claim]:
    """Yield a castMember claim, without a character, for every actor an explicit cast list names."""
    film = context(document).film
    for listed in find_listed(document):
        found = evidence(document, listed.start, listed.end, LISTS, 0.8)
        if found is not None:
            yield Claim(film, "castMember", Mention(Kind.PERSON, listed.actor, document.doc_id), found)
