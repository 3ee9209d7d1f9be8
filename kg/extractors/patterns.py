"""Regular-expression building blocks shared by the prose extractors: names, titles, cue templates.

Cue phrases live in kg/lang/<tag>.toml as templates with placeholders (``{name}``, ``{char}``,
``{gap}`` …); this module turns them into compiled patterns. Only the shapes of names are here,
never any particular name.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from ..model import Document, Evidence, Sentence
from .lexicon import fold, lexicon, merged_lexicon

_UPPER = "".join(chr(c) for c in range(0x2000) if chr(c).isupper() and chr(c).isalpha())
UP = f"[{re.escape(_UPPER)}]"  # one capital letter, any script this side of U+2000
LETTER = r"[^\W\d_]"
APOS = "['’]"
# One capitalised word of a name: "Samoilova", "O'Brien", "Jean-Luc", "DiRossario", an initial "J.".
# An apostrophe followed by a lone "s" is a possessive, never part of the name.
_TITLES = sorted(
    {h.capitalize() for h in merged_lexicon().section("words").get("honorifics", []) if len(h) <= 4},
    key=len,
    reverse=True,
)
HONORIFIC = "(?:" + "|".join(re.escape(h) for h in _TITLES) + r")\.(?=[ ]" + UP + ")" if _TITLES else "(?!)"
TOKEN = rf"(?:{HONORIFIC}|{UP}\.(?=[ ]{UP})|{UP}(?:{LETTER}|{APOS}(?!s\b){LETTER}|-{UP}|-{LETTER})*)"
PARTICLE = r"(?:de|da|del|della|di|du|van|von|der|den|le|la|ter|dos|das|bin|al|y|e)"
NAME = rf"{TOKEN}(?:[ ](?:{PARTICLE}[ ])?{TOKEN}){{0,3}}"
POSSESSIVE = rf"(?:{APOS}s\b|(?<=s){APOS}(?!\w))"
GAP = r"(?:[a-zß-ÿ][\w'’-]*,?[ ](?:and[ ]|y[ ]|et[ ])?){0,5}?"
_DESC_WORD = r"(?!of\b|in\b|from\b|to\b|for\b|with\b|who\b)[a-z][\w-]*[ ]"
DESC = rf"(?:(?:the|a|an|his|her|el|la|le|les|un|une)[ ](?:{_DESC_WORD}){{0,3}})?"
YEAR = r"(?:1[89]\d\d|20\d\d)"
# A title word: capitalised words, numbers and "'77"; small lower-case words may sit between them.
TITLE_WORD = rf"(?:{UP}[\w'’&.:-]*|\d[\w'’]*|{APOS}\d\d)"
SMALL = r"(?:of|the|a|an|and|in|on|at|to|for|with|from|by|de|del|la|las|el|los|le|les|du|des|et|y|un|une|is|are)"
TITLE = rf"{TITLE_WORD}(?:[ ](?:{SMALL}[ ])*{TITLE_WORD}){{0,8}}"


def evidence(document: Document, start: int, end: int, extractor: str, confidence: float) -> Evidence | None:
    """Return the evidence for the span [start, end) of `document`: its sentence, quote and offsets."""
    sentence = document.sentence_at(start)
    if sentence is None:
        return None
    return Evidence(
        doc_id=document.doc_id,
        sentence=sentence.index,
        start=start,
        end=max(end, start),
        quote=sentence.text,
        extractor=extractor,
        confidence=confidence,
    )


def words(language: str, section: str, key: str) -> list[str]:
    """Return a word list of one language's lexicon (English when the language has no file)."""
    value = lexicon(language).section(section).get(key, [])
    return list(value) if isinstance(value, list) else []


@lru_cache(maxsize=64)
def folded_words(section: str, key: str) -> frozenset[str]:
    """Return a word list of every language merged, folded for comparison."""
    value = merged_lexicon().section(section).get(key, [])
    return frozenset(fold(v) for v in value) if isinstance(value, list) else frozenset()


def alternation(phrases: list[str]) -> str:
    """Return a regex alternation of cue phrases (regex syntax allowed in them), longest first."""
    return "(?:" + "|".join(sorted(phrases, key=len, reverse=True)) + ")" if phrases else "(?!)"


_PLACEHOLDERS = {
    "name": rf"(?P<name>{NAME})",
    "actor": rf"(?P<actor>{NAME})",
    "char": rf"(?P<char>{NAME})",
    "author": rf"(?P<author>{NAME})",
    "title": rf"(?P<title>{TITLE})",
    "year": rf"(?P<year>{YEAR})",
    "place": rf"(?:{NAME})",
    "gap": GAP,
    "desc": DESC,
    "s": POSSESSIVE,
}
_SLOT = re.compile(r"\{(\w+)\}")


@cache
def template(text: str) -> re.Pattern[str]:
    """Compile a cue template: cue words ignore case, placeholders keep their own (capitalised) shape.

    >>> bool(template("directed by {name}").search("It was Directed by Ann Lee."))
    True
    >>> template("directed by {name}").search("directed by the studio") is None
    True
    """
    body = _SLOT.sub(lambda match: f"(?-i:{_PLACEHOLDERS[match[1]]})", text)
    return re.compile(r"(?<![\w'’])" + body + r"(?![\w])", re.IGNORECASE)


def is_function_word(word: str) -> bool:
    """Tell whether `word` is a function word of any language (never a name on its own)."""
    return fold(word) in folded_words("words", "function")


def clean_name(name: str) -> str:
    """Strip honorifics at the start and punctuation at the ends of a name."""
    name = name.strip(" .,;:'’\"")
    honorifics = folded_words("words", "honorifics")
    parts = name.split(" ")
    while len(parts) > 1 and fold(parts[0]) in honorifics:
        parts = parts[1:]
    return " ".join(parts)


def looks_like_person(name: str, min_tokens: int = 1) -> bool:
    """Tell whether a capitalised phrase can be a person's name: no function words, no generic nouns.

    >>> looks_like_person("Mikhail Kalatozov")
    True
    >>> looks_like_person("The Soviet Union")
    False
    """
    tokens = [t for t in name.split(" ") if t]
    if not min_tokens <= len(tokens) <= 5 or len(name) < 3:
        return False
    not_names = folded_words("words", "not_person")
    demonyms = folded_words("words", "demonyms")
    months = {fold(m) for m in merged_lexicon().section("months")}
    for token in tokens:
        folded = fold(token)
        if is_function_word(token) and not re.fullmatch(PARTICLE, token):
            return False
        if folded in not_names or folded in months:
            return False
        if token.isupper() and len(token) > 3:  # shouted words, acronyms and titles are not names
            return False
    if any(fold(token) in demonyms for token in tokens):
        return False
    return any(ch.islower() for ch in name)


def sentence_of(document: Document, offset: int) -> Sentence | None:
    """Return the sentence holding `offset`."""
    return document.sentence_at(offset)


def fold_title(text: str) -> str:
    """Fold a title for comparing surface forms within one document."""
    return fold(text)


def person_name(raw: str) -> str:
    """Return the name a pattern captured, without a leading sentence opener or honorific.

    >>> person_name("Meanwhile Sir Christopher Lee")
    'Christopher Lee'
    """
    parts = clean_name(raw).split(" ")
    while len(parts) > 1 and is_function_word(parts[0]):
        parts = parts[1:]
    return clean_name(" ".join(parts))


def stands_alone(document: Document, name: str) -> bool:
    """Tell whether a one-word name is used as a name: somewhere not just a capitalised sentence opener.

    >>> from kg.documents import make_document
    >>> stands_alone(make_document("d", "d.txt", "Familiar as ever. Garlin is good. I like Garlin."), "Familiar")
    False
    """
    if " " in name:
        return True
    for match in re.finditer(rf"(?<![\w'’]){re.escape(name)}(?![\w])", document.text):
        before = document.text[: match.start()].rstrip(" \"“'‘(")
        if before and before[-1] not in ".!?\n:":
            return True
    return False


def negated(document: Document, start: int) -> bool:
    """Tell whether a negation word stands just before `start` ("not directed by")."""
    before = fold(document.text[max(0, start - 16) : start]).split()[-2:]
    return any(word in folded_words("words", "negation") for word in before)
