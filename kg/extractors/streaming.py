"""Where to watch, from prose: "available for streaming on X and for rent on Y, Z".

A service is a name standing right after a where-to-watch cue, or in the list that continues it
("on X, Y and Z"); the rest of the sentence is not read, and a cue written in Title Case is part
of a title ("Watch On The Rhine"), not a cue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ..model import Claim, Document, Kind, Mention
from . import extractor
from .context import context
from .lexicon import fold, merged_lexicon
from .patterns import alternation, evidence, folded_words, negated, words

NAME = "streaming.v1"
# A service's name: capitalised words, brand forms ("iTunes", "Apple TV+", "Disney+").
_WORD = r"(?:[A-Z]|i(?=[A-Z]))[\w'’&+-]*(?:\.\w+)*"  # a dot only inside a word ("Amazon.com")
_SERVICE = re.compile(rf"{_WORD}(?:[ ](?:{_WORD}|\+))*")
_ARTICLE = re.compile(r"[ ]*(?:(?:on|en|sur)[ ]+)?(?:(?:the|el|la|los|las|le|les)[ ]+|l['’])?")  # "X and on the Y"
# What joins the names of one list: "X, Y, and Z", "X or Y", "X y Z", "X/Y".
_JOIN = re.compile(r"[ ]*(?:,[ ]*(?:(?:and|or|y|o|et|ou)[ ]+)?|[ ]+(?:and|or|y|o|et|ou|&)[ ]+|/)")
_STOP = {"available", "disponible", "rent", "purchase", "buy", "stream", "streaming"}


def listed_services(text: str) -> list[tuple[str, int]]:
    """Return the names (with their offsets) of the list that opens `text`, which follows a cue.

    >>> listed_services(" the Criterion Channel and can be rented on Apple TV")
    [('Criterion Channel', 5)]
    >>> listed_services(" Apple TV+, iTunes, and Google Play. Ann Lee stars.")
    [('Apple TV+', 1), ('iTunes', 12), ('Google Play', 24)]
    >>> listed_services(" a Broadway stage in 1939")
    []
    """
    found: list[tuple[str, int]] = []
    at = _ARTICLE.match(text).end()  # type: ignore[union-attr]
    while (name := _SERVICE.match(text, at)) is not None:
        value = name.group(0).rstrip(".")
        found.append((value, at))
        join = _JOIN.match(text, at + len(value))
        if join is None:
            break
        at = _ARTICLE.match(text, join.end()).end()  # type: ignore[union-attr]
    return found


@cache
def _months() -> frozenset[str]:
    return frozenset(fold(month) for month in merged_lexicon().section("months"))


def _title_case(cue: str) -> bool:
    """Tell whether a cue of several words is written with every word capitalised ("Watch On")."""
    parts = cue.split()
    return len(parts) > 1 and all(part[:1].isupper() for part in parts)


@extractor(NAME, emits={"availableOn"})
def extract_streaming(document: Document) -> Iterator[Claim]:
    """Yield availableOn for each service named after a where-to-watch cue (not after "not available")."""
    ctx = context(document)
    cues = alternation(words(document.language, "streaming", "cues"))
    if cues == "(?!)":
        return
    function = set(folded_words("words", "function"))
    negations = {fold(w) for w in words(document.language, "streaming", "negation")}
    not_services = function | _months() | folded_words("words", "demonyms") | ctx.subject_folds()
    not_services |= {fold(word) for word in words(document.language, "streaming", "not_services")}  # "on DVD"
    seen: set[str] = set()
    for sentence in document.sentences:
        for match in re.finditer(rf"(?i:(?<!\w){cues}(?!\w))", sentence.text):
            if _title_case(match.group(0)):
                continue
            before = fold(sentence.text[max(0, match.start() - 24) : match.start()]).split()
            if negated(document, sentence.start + match.start()) or set(before[-3:]) & negations:
                continue
            rest = sentence.text[match.end() :]
            for name, offset in listed_services(rest):
                parts = name.split(" ")
                while parts and fold(parts[0]) in _STOP:
                    parts = parts[1:]
                name = " ".join(parts)
                if not name or fold(name) in not_services or fold(name) in seen:
                    continue
                seen.add(fold(name))
                start = sentence.start + match.end() + offset + rest[offset:].find(name)
                found = evidence(document, start, start + len(name), NAME, 0.75)
                if found:
                    yield Claim(ctx.film, "availableOn", Mention(Kind.STREAMING_SERVICE, name, document.doc_id), found)
