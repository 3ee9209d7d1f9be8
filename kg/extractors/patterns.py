"""Regular-expression building blocks shared by the prose extractors: names, titles, cue templates.

Cue phrases live in kg/lang/<tag>.toml as templates with placeholders (``{name}``, ``{char}``,
``{gap}`` …); this module turns them into compiled patterns. Only the shapes of names are here,
never any particular name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterator
from functools import cache, lru_cache, wraps
from typing import TypeVar

from ..model import Document, Evidence, Sentence
from .lexicon import fold, lexicon, merged_lexicon

T = TypeVar("T")

_UPPER = "".join(chr(c) for c in range(0x2000) if chr(c).isupper() and chr(c).isalpha())
UP = f"[{re.escape(_UPPER)}]"  # one capital letter, any script this side of U+2000
LETTER = r"[^\W\d_]"
APOS = "['’]"
# One capitalised word of a name: "Solonitsyn", "O'Brien", "Jean-Luc", "DiRossario", an initial "J.".
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


_PARTICLE = re.compile(PARTICLE)


def per_document(fn: Callable[[Document], T]) -> Callable[[Document], T]:
    """Cache `fn(document)` for the last few documents, by identity: every extractor asks for the same readings,
    and an equality-keyed cache would hash the whole document (text and sentences) on every call."""
    memo: OrderedDict[int, tuple[Document, T]] = OrderedDict()

    @wraps(fn)
    def cached(document: Document) -> T:
        hit = memo.get(id(document))
        if hit is not None and hit[0] is document:
            return hit[1]
        value = fn(document)
        memo[id(document)] = (document, value)  # holding the document keeps its id from being reused
        if len(memo) > 8:
            memo.popitem(last=False)
        return value

    cached.cache_clear = memo.clear  # type: ignore[attr-defined]
    return cached


@per_document
def _sentence_starts(document: Document) -> list[int]:
    return [sentence.start for sentence in document.sentences]


def sentence_at(document: Document, offset: int) -> Sentence | None:
    """Return the sentence holding `offset` (as Document.sentence_at, by bisection: sentences are in order)."""
    index = bisect_right(_sentence_starts(document), offset) - 1
    if index < 0:
        return None
    sentence = document.sentences[index]
    return sentence if sentence.start <= offset < sentence.end else None


def evidence(document: Document, start: int, end: int, extractor: str, confidence: float) -> Evidence | None:
    """Return the evidence for the span [start, end) of `document`: its sentence, quote and offsets."""
    sentence = sentence_at(document, start)
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


# Lower-case letters (and caseless ASCII marks) whose IGNORECASE matches are exactly the characters that lower() to
# them, once the three characters sre folds specially (İ ı ſ) are absent; only these make a literal a prefilter.
_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzáéíóúñçèàêâôûîïëüœæ 0123456789,;:-/&'’")
_SPECIAL_FOLDS = re.compile("[\u0130\u0131\u017f]")
_CLOSING = {"(": ")", "[": "]"}


def required_literals(text: str) -> tuple[frozenset[str], ...]:
    """Return the cue words every match of template `text` contains: each set is "one of these", lower-cased.

    A prefilter: a document holding none of a set's words cannot match, so the template need not run.

    >>> [sorted(options) for options in required_literals("{name}{s} {gap}(?:score|soundtrack)")]
    [['score', 'soundtrack']]
    >>> [sorted(options) for options in required_literals("cinematography (?:is |was )?by {gap}{name}")]
    [['cinematography '], ['by ']]
    """
    return _required(text)


@cache
def _required(text: str) -> tuple[frozenset[str], ...]:
    found: list[frozenset[str]] = []
    run: list[str] = []

    def close() -> None:
        literal = "".join(run)
        if len(literal.strip()) >= 2:
            found.append(frozenset({literal}))
        run.clear()

    at = 0
    while at < len(text):
        ch = text[at]
        if ch == "{":
            end = text.find("}", at)
            if end < 0:
                return ()
            if text[at + 1 : end] in _PLACEHOLDERS:
                close()
                at = end + 1
                continue
            if run:  # a {n,m} quantifier: the character before it is optional
                run.pop()
            close()
            at = end + 1
            continue
        if ch in "?*+":
            if run:
                run.pop()
            close()
            at += 1
            continue
        if ch == "|":
            return ()  # a top-level alternation (groups are skipped whole): nothing is required of every match
        if ch in "([":
            end = _closing(text, at)
            if end < 0:
                return ()
            quantified = end + 1 < len(text) and text[end + 1] in "?*+{"
            close()
            if ch == "(" and not quantified:
                options = _alternatives(text[at + 1 : end])
                if options:
                    found.append(options)
            at = end + 1
            continue
        if ch == "\\" or ch.lower() not in _SAFE:
            close()
            at += 2 if ch == "\\" else 1
            continue
        run.append(ch.lower())
        at += 1
    close()
    return tuple(found)


def _closing(text: str, start: int) -> int:
    """Return the index of the bracket closing the "(" or "[" at `start` (-1 if none)."""
    depth, at = 0, start
    while at < len(text):
        ch = text[at]
        if ch == "\\":
            at += 2
            continue
        if ch == "[":
            at = _class_end(text, at)
            if at < 0:
                return -1
            if text[start] == "[":
                return at
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return at
        at += 1
    return -1


def _class_end(text: str, start: int) -> int:
    """Return the index of the "]" closing the character class opened at `start` (-1 if none)."""
    at = start + 1
    if text[at : at + 1] == "^":
        at += 1
    if text[at : at + 1] == "]":  # a "]" first in a class is a member
        at += 1
    while at < len(text):
        if text[at] == "\\":
            at += 2
            continue
        if text[at] == "]":
            return at
        at += 1
    return -1


def _alternatives(body: str) -> frozenset[str]:
    """The options of a group that is a plain alternation of literals ("(?:score|soundtrack)"), else none."""
    if body.startswith("?P<"):
        body = body[body.index(">") + 1 :]
    elif body.startswith("?:"):
        body = body[2:]
    elif body.startswith("?"):
        return frozenset()  # a lookaround or a flag group
    options = body.split("|")
    if not all(options) or any(ch.lower() not in _SAFE for option in options for ch in option):
        return frozenset()
    return frozenset(option.lower() for option in options)


@per_document
def _probe(document: Document) -> str | None:
    """The text lower-cased, for prefiltering; None when it holds a character IGNORECASE folds specially."""
    return None if _SPECIAL_FOLDS.search(document.text) else document.text.lower()


def matches(text: str, document: Document) -> Iterator[re.Match[str]]:
    """Yield the matches of cue template `text` in `document`: template(text).finditer, skipped when the
    document lacks the template's cue words (most templates, in most documents)."""
    probe = _probe(document)
    if probe is not None:
        for options in _required(text):
            if not any(option in probe for option in options):
                return iter(())
    return template(text).finditer(document.text)


def is_function_word(word: str) -> bool:
    """Tell whether `word` is a function word of any language (never a name on its own)."""
    return fold(word) in folded_words("words", "function")


def clean_name(name: str) -> str:
    """Strip honorifics at the start and punctuation at the ends of a name.

    An honorific goes when it is abbreviated ("Dr.") or leaves a full name ("Sir Ian Holm"); a word that is
    also a given name stays when it leaves a bare surname ("Don Cheadle" is not "Cheadle").

    >>> clean_name("Sir Ian Holm"), clean_name("Dr. Jo Winter"), clean_name("Don Cheadle"), clean_name("Mr. Bean")
    ('Ian Holm', 'Jo Winter', 'Don Cheadle', 'Bean')
    """
    name = name.strip(" .,;:'’\"")
    honorifics = folded_words("words", "honorifics")
    parts = name.split(" ")
    while len(parts) > 1 and fold(parts[0]) in honorifics and (parts[0].endswith(".") or len(parts) > 2):
        parts = parts[1:]
    return " ".join(parts)


def looks_like_person(name: str, min_tokens: int = 1) -> bool:
    """Tell whether a capitalised phrase can be a person's name: no function words, no generic nouns.

    >>> looks_like_person("Andrei Tarkovsky")
    True
    >>> looks_like_person("The United States")
    False

    A capitalised particle inside a name is still a particle ("Robert De Niro", "Dick Van Dyke"):

    >>> looks_like_person("Robert De Niro"), looks_like_person("Walk In Silence")
    (True, False)
    """
    tokens = [t for t in name.split(" ") if t]
    if not min_tokens <= len(tokens) <= 5 or len(name) < 3:
        return False
    not_names = folded_words("words", "not_person")
    demonyms = folded_words("words", "demonyms")
    months = _folded_months()
    function = folded_words("words", "function")
    folds = [fold(token) for token in tokens]
    inner = set(range(1, len(tokens) - 1))
    for place, (token, folded) in enumerate(zip(tokens, folds, strict=True)):
        particle = _PARTICLE.fullmatch(token) or (place in inner and _PARTICLE.fullmatch(token.lower()))
        if folded in function and not particle:
            return False
        if folded in not_names or folded in months:
            return False
        if token.isupper() and len(token) > 3:  # shouted words, acronyms and titles are not names
            return False
    if any(folded in demonyms for folded in folds):
        return False
    return any(ch.islower() for ch in name)


@lru_cache(maxsize=1)
def _folded_months() -> frozenset[str]:
    return frozenset(fold(m) for m in merged_lexicon().section("months"))


def sentence_of(document: Document, offset: int) -> Sentence | None:
    """Return the sentence holding `offset`."""
    return sentence_at(document, offset)


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
    text = document.text
    for match in re.finditer(rf"(?<![\w'’]){re.escape(name)}(?![\w])", text):
        at = match.start() - 1
        while at >= 0 and text[at] in " \"“'‘(":
            at -= 1
        if at >= 0 and text[at] not in ".!?\n:":
            return True
    return False


def negated(document: Document, start: int) -> bool:
    """Tell whether a negation word stands just before `start` ("not directed by")."""
    before = _fold_uncached(document.text[max(0, start - 16) : start]).split()[-2:]
    return any(word in folded_words("words", "negation") for word in before)


def _fold_uncached(text: str) -> str:
    """Fold a one-off slice of text without filling the word cache with it."""
    return fold.__wrapped__(text)  # type: ignore[attr-defined]
